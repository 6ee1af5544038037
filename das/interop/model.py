"""What the import parsers produce, whatever the format: questions as found, and what was skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MIN_OPTIONS, MAX_OPTIONS = 4, 6  # the question schema's limits


COUNT_WORDS = {1: "ONE", 2: "TWO", 3: "THREE", 4: "FOUR", 5: "FIVE"}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
_N = r"(one|two|three|four|five|[1-5])"
_STATED = re.compile(
    rf"\bwhich\s+{_N}\b(?!\s*(?:%|percent|years?|days?|hours?|minutes?|seconds?|times?|[a-z]*bytes?|mb|gb|kb|tb)\b)"
    rf"|\b(?:select|choose|pick)\s+{_N}(?=\s*(?:answers?|options?|responses?|choices?)?\s*(?:[.)\]!:]|$))",
    re.IGNORECASE)


def stated_counts(stem: str) -> set[int]:
    """How many answers the stem asks for ("Which THREE ...", "(Select TWO.)", "Choose 2"); empty when it
    does not say."""
    return {_NUMBERS[(m.group(1) or m.group(2)).lower()] for m in _STATED.finditer(stem)}


@dataclass
class Found:
    """One question as a source file has it: texts already cleaned of escape sequences."""

    file: str  # the name it is reported and cited by
    line: int  # 1-based line of its first text
    stem: str
    options: list[str]
    answers: list[int]  # indexes into options
    explanations: dict[int, str] = field(default_factory=dict)  # option index -> text, only what the source gives
    topic_hint: str | None = None  # a das topic named by the source (GIFT category, CSV tag)
    notes: list[str] = field(default_factory=list)  # what was changed or dropped on the way in, and why


@dataclass(frozen=True)
class Skipped:
    """A question (or what looked like one) that could not be imported, and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


def checked_shape(file: str, line: int, stem: str, options: list[str], answers: list[int],
                  explanations: dict[int, str] | None = None, topic_hint: str | None = None) -> Found | Skipped:
    """A Found question when stem, options and answers make a question das can ask, else why not."""
    if not stem.strip():
        return Skipped(file, line, "options without a question text")
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        return Skipped(file, line, f"has {len(options)} options; das asks questions with {MIN_OPTIONS} to {MAX_OPTIONS}")
    if any(not o.strip() for o in options):
        return Skipped(file, line, "an option is empty")
    if not answers:
        return Skipped(file, line, "no answer marked")
    if len(set(answers)) == len(options):
        return Skipped(file, line, "every option is marked as an answer")
    stated = stated_counts(stem)
    marked = len(set(answers))
    if stated and stated != {marked}:
        said = " and ".join(COUNT_WORDS[n] for n in sorted(stated))
        return Skipped(file, line, f"the stem asks for {said} answer{'s' if max(stated) > 1 else ''} "
                                   f"but {marked} {'is' if marked == 1 else 'are'} marked")
    return Found(file, line, stem, options, sorted(set(answers)), dict(explanations or {}), topic_hint)
