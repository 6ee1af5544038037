"""Content is untrusted text: terminal escape sequences and control characters never reach the screen.

Every content string (notes, questions, rules, imported banks) is cleaned once when it is loaded, and
`das content check` warns about each string that needed it. Error messages and echoed input use
`visible`, which shows such characters as escapes (`\\x1b`) instead of dropping them.
"""

from __future__ import annotations

import re
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
# C0 and C1 controls except newline, the Unicode bidirectional overrides that can reorder shown text, and
# invisible characters (zero-width space, joiners, word joiner, BOM) that make equal-looking text differ.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
                       r"\ufeff\ud800-\udfff]")
_UNSAFE = _CONTROLS


def clean_text(text: str) -> str:
    """`text` with terminal escape sequences and control characters removed (tabs become spaces, line
    ends become \\n); safe to store and print."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


# ASCII bytes that are never unsafe: printable characters, tab, LF and CR (what _UNSAFE leaves alone).
_SAFE_ASCII = bytes(b for b in range(128) if b in (0x09, 0x0A, 0x0D) or 0x20 <= b < 0x7F)


def is_unsafe(text: str) -> bool:
    """Whether a string holds an escape sequence or a control character other than tab and line ends."""
    if text.isascii():  # the same answer at C speed (a whole 10 MB bank file is checked at once)
        return bool(text.encode("ascii").translate(None, _SAFE_ASCII))
    return bool(_UNSAFE.search(text.replace("\r", "").replace("\t", "")))


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
