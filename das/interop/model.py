"""What the import parsers produce, whatever the format: questions as found, and what was skipped."""

from __future__ import annotations

from dataclasses import dataclass, field

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MIN_OPTIONS, MAX_OPTIONS = 4, 6  # the question schema's limits


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
    return Found(file, line, stem, options, sorted(set(answers)), dict(explanations or {}), topic_hint)
