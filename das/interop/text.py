"""Untrusted text: escape sequences and control characters removed; the normal form ids are made from."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from das.content.terminal import clean_text  # noqa: F401 - one cleaner for content and imports


def one_line(text: str) -> str:
    """Cleaned text with all whitespace runs folded to single spaces."""
    return " ".join(clean_text(text).split())


_COUNT = r"(?:two|three|four|five|2|3|4|5)"
_SELECT_PHRASE = re.compile(
    rf"\s*[(\[]\s*(?:select|choose|pick)\s+{_COUNT}(?:\s+\w+)?\s*[.!]?\s*[)\]]\s*\.?"
    rf"|\s*\b(?:select|choose|pick)\s+{_COUNT}(?:\s+(?:answers|options))?\s*[.!]?\s*$",
    re.IGNORECASE,
)


def strip_select_phrase(stem: str) -> str:
    """The stem without its "(Choose two.)" / "(Select TWO.)" phrase (in brackets, or closing the stem):
    the marks decide how many answers there are."""
    return _SELECT_PHRASE.sub("", stem).strip()


def normal_form(text: str) -> str:
    """Lowercase letters and digits separated by single spaces: punctuation, case, accents and spacing do
    not matter ("Which service?" == "which  SERVICE")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def question_id(stem: str, options: list[str]) -> str:
    """A stable id from the question's normalized text: the stem (without its select phrase) and its
    options in any order. Editing punctuation, case or option order keeps the id."""
    parts = [normal_form(strip_select_phrase(stem))] + sorted(normal_form(o) for o in options)
    digest = hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"imp-{digest}"
