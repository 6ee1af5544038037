"""Whether markdown text is a question: a task list under a sponsor heading or a roadmap is not, and a
heading or numbered item that reads like a question must not vanish silently when it cannot be read."""

from __future__ import annotations

import re

from das.interop.text import strip_select_phrase

QUESTION_ONLY = re.compile(r"^(?:question|q)\s*#?\s*\d+\s*[.:]?$", re.IGNORECASE)  # "Question 7"
_QUESTION_WORDS = re.compile(
    r"\b(?:which|what|how|why|when|where|who|whose|select|choose|pick|identify|determine|recommend|"
    r"should|must|meets?|true|false|correct|best)\b", re.IGNORECASE)
MIN_STEM_WORDS = 4
_TASK_BOX = re.compile(r"\[[ xX]\]")


def not_a_question(stem: str, links_only: bool) -> str | None:
    """Why a stem with a task list under it is not a question (a sponsor list, a roadmap), or None."""
    text = " ".join(strip_select_phrase(stem).split())
    if links_only:
        return f"not a question: the list under {_quote(text)} holds only links"
    if "?" not in text and not _QUESTION_WORDS.search(text):
        return f"not a question: {_quote(text)} has no question mark or question wording"
    if len(text.split()) < MIN_STEM_WORDS:
        return f"not a question: {_quote(text)} is too short for a question text"
    return None


def _quote(text: str, width: int = 40) -> str:
    return repr(text if len(text) <= width else text[: width - 3] + "...")


def looks_like_question(text: str) -> bool:
    """A heading or numbered item that a reader would take for a question ("Question 7", or text with
    a question mark or question wording)."""
    text = " ".join(text.split())
    if QUESTION_ONLY.match(text):
        return True
    return len(text.split()) >= MIN_STEM_WORDS and ("?" in text or bool(_QUESTION_WORDS.search(text)))


def links_only(item) -> bool:
    """Whether a list item's first paragraph is nothing but links (and a task box)."""
    for child in item.children:
        if child.type == "paragraph" and child.children:
            inline = child.children[0]
            links = 0
            for node in inline.children:
                if node.type == "link":
                    links += 1
                elif node.type in ("softbreak", "hardbreak", "image"):
                    continue
                elif node.type == "text" and (not node.content.strip() or _TASK_BOX.fullmatch(node.content.strip())):
                    continue
                else:
                    return False
            return links > 0
    return False
