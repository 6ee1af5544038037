"""Content is untrusted text: terminal escape sequences and control characters never reach the screen.

Every content string (notes, questions, rules, imported banks) is cleaned once when it is loaded, and
`das content check` warns about each string that needed it. Error messages and echoed input use
`visible`, which shows such characters as escapes (`\\x1b`) instead of dropping them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# ANSI/VT escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), DCS/SOS/PM/APC strings,
# other two-byte escapes, and their 8-bit C1 forms (0x9b CSI, 0x9d OSC).
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d).*?(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[PX^_].*?(?:\x1b\\|\x9c)"
    r"|\x1b[@-Z\\-_]"
    r"|\x1b",
    re.DOTALL,
)
# What is removed, by Unicode general category (not by a list, so every character of a kind goes): controls
# (Cc: C0, DEL, C1), format characters (Cf: zero-width space and joiners, bidi marks and overrides, word
# joiner, BOM, tag characters, interlinear annotation, invisible operators, ...), line and paragraph
# separators (Zl, Zp: shown as a space), surrogates (Cs), private use (Co) and unassigned code points (Cn,
# as this Python's Unicode database knows them). Newline stays; tab and carriage return become layout first.
REMOVED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
# Bump when the rule above changes: content cached under an older rule is cleaned again.
CLEANING = 2
_ZWJ = "\u200d"
_SEPARATORS = frozenset({"Zl", "Zp"})


def _removed(ch: str) -> bool:
    return ch != "\n" and unicodedata.category(ch) in REMOVED_CATEGORIES


def _unsafe_chars(text: str) -> set[str]:
    """The distinct characters of `text` that cleaning removes (a ZWJ counted without its neighbours)."""
    if text.replace("\n", " ").isprintable():  # C speed; isprintable() is False for every removed category
        return set()
    return {ch for ch in set(text) if not ch.isprintable() and _removed(ch)}  # (and for Zs: NBSP is kept)


def _pictograph(ch: str) -> bool:
    return unicodedata.category(ch) == "So"


def _emoji_joiner(text: str, i: int) -> bool:
    """Whether the ZWJ at text[i] joins two emoji (a family, a profession, a rainbow flag): there it is part of
    one visible picture, not hidden text, so it is kept. Before it may come a variation selector (U+FE0F) or
    a skin-tone modifier (U+1F3FB-1F3FF) after the pictograph."""
    j = i - 1
    if j >= 0 and (text[j] == "\ufe0f" or "\U0001f3fb" <= text[j] <= "\U0001f3ff"):
        j -= 1
    return j >= 0 and i + 1 < len(text) and _pictograph(text[j]) and _pictograph(text[i + 1])


def _zwj_hides(text: str) -> bool:
    return any(not _emoji_joiner(text, m.start()) for m in re.finditer(_ZWJ, text))


def clean_text(text: str) -> str:
    """`text` with terminal escape sequences and every character of REMOVED_CATEGORIES removed (tabs become
    spaces, line ends \\n, line/paragraph separators a space; a ZWJ between two emoji is kept); safe to store
    and print."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _ESCAPES.sub("", text)
    bad = _unsafe_chars(text)
    if not bad:
        return text
    table = {ord(ch): (" " if unicodedata.category(ch) in _SEPARATORS else None) for ch in bad if ch != _ZWJ}
    text = text.translate(table)
    if _ZWJ in bad:
        text = re.sub(_ZWJ, lambda m: m.group() if _emoji_joiner(m.string, m.start()) else "", text)
    return text


# ASCII bytes that are never unsafe: printable characters, tab, LF and CR (what clean_text only lays out).
_SAFE_ASCII = bytes(b for b in range(128) if b in (0x09, 0x0A, 0x0D) or 0x20 <= b < 0x7F)


def is_unsafe(text: str) -> bool:
    """Whether a string holds an escape sequence or a character clean_text removes (tab and line ends are
    layout, not unsafe; a ZWJ between two emoji is kept)."""
    if text.isascii():  # the same answer at C speed (a whole 10 MB bank file is checked at once)
        return bool(text.encode("ascii").translate(None, _SAFE_ASCII))
    bad = _unsafe_chars(text.replace("\r", "").replace("\t", ""))
    return bool(bad - {_ZWJ}) or (_ZWJ in bad and _zwj_hides(text))


def visible(text: str, limit: int = 200) -> str:
    """One printable line: control characters shown as escapes (\\x1b, \\n), at most `limit` characters."""
    shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def clean_tree(data: Any, keys: tuple = (), found: list | None = None) -> Any:
    """A copy of YAML data with every string cleaned; the key path of each string that changed is
    appended to `found` (for `das content check` warnings)."""
    if isinstance(data, str):
        if is_unsafe(data):
            if found is not None:
                found.append((keys, data))
            return clean_text(data)
        return data
    if isinstance(data, dict):
        return {clean_tree(k): clean_tree(v, keys + (k,), found) for k, v in data.items()}
    if isinstance(data, list):
        return [clean_tree(v, keys + (i,), found) for i, v in enumerate(data)]
    return data
