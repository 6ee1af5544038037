"""Moodle GIFT: writing das questions, and reading multiple-choice questions back.

GIFT (https://docs.moodle.org/en/GIFT_format): `::title::question text { =right#feedback ~wrong#feedback }`;
multiple response gives every option a weight (`~%50%right ~%-100%wrong`); `~ = # { } :` and `\\` are
escaped with a backslash, a line break inside a text is written `\\n`; `// ...` is a comment and
`$CATEGORY: path` files the questions that follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from das.interop.model import Found, Skipped, checked_shape
from das.interop.text import clean_text

SPECIAL = "\\~=#{}:"
# Moodle accepts only these grade percentages; an answer's weight is 100 / (number of answers).
_WEIGHTS = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20"}


def escape(text: str) -> str:
    """`text` with GIFT's special characters escaped and line breaks written as \\n."""
    out = "".join("\\" + ch if ch in SPECIAL else ch for ch in text.strip())
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def unescape(text: str) -> str:
    """The text a GIFT field stands for: escapes resolved, \\n as a line break."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def write_gift(questions, title: str) -> str:
    """GIFT text for das questions (das.content.bank.Question), one category per topic, in topic order."""
    lines = [f"// {title}", f"// {len(questions)} questions; exported by das", ""]
    category = None
    for q in sorted(questions, key=lambda q: (q.topic, q.id)):
        if q.topic != category:
            category = q.topic
            lines += [f"$CATEGORY: das/{category}", ""]
        lines.append(f"::{escape(q.id)}::{escape(q.stem)} {{")
        weight = _WEIGHTS.get(len(q.answer), "100")
        for key, text in q.options.items():
            explanation = q.explanations.get(key)
            feedback = f"#{escape(explanation)}" if explanation else ""
            if q.multiple:
                mark = f"~%{weight}%" if key in q.answer else "~%-100%"
            else:
                mark = "=" if key in q.answer else "~"
            lines.append(f"\t{mark}{escape(text)}{feedback}")
        lines += ["}", ""]
    return "\n".join(lines)


@dataclass
class _Chunk:
    line: int
    text: str
    category: str | None


def _split_unescaped(text: str, marks: str) -> list[str]:
    """Split before every unescaped character in `marks` (the mark stays at the start of its part)."""
    parts, current, i = [], "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current += text[i:i + 2]
            i += 2
            continue
        if ch in marks:
            if current.strip():
                parts.append(current)
            current = ch
        else:
            current += ch
        i += 1
    if current.strip():
        parts.append(current)
    return parts


def _find_unescaped(text: str, ch: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == ch:
            return i
        i += 1
    return -1


def _chunks(text: str) -> list[_Chunk]:
    """Questions are separated by blank lines; comments and categories sit between them."""
    chunks: list[_Chunk] = []
    category = None
    current: list[str] = []
    start = 0
    depth = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip()
        stripped = line.strip()
        if not depth and stripped.startswith("//"):
            continue
        if not depth and stripped.upper().startswith("$CATEGORY:"):
            category = stripped.split(":", 1)[1].strip()
            continue
        if not stripped and not depth:
            if current:
                chunks.append(_Chunk(start, "\n".join(current), category))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
        depth = max(0, depth + len(re.findall(r"(?<!\\)\{", line)) - len(re.findall(r"(?<!\\)\}", line)))
    if current:
        chunks.append(_Chunk(start, "\n".join(current), category))
    return chunks


def parse_gift(text: str, file: str) -> tuple[list[Found], list[Skipped]]:
    """Every multiple-choice question of a GIFT file; other GIFT types and broken questions are
    reported with their line and skipped. A `$CATEGORY` ending in a das topic becomes the topic hint."""
    found: list[Found] = []
    skipped: list[Skipped] = []
    for chunk in _chunks(clean_text(text)):
        result = _parse_question(chunk, file)
        (found if isinstance(result, Found) else skipped).append(result)
    return found, skipped


def _parse_question(chunk: _Chunk, file: str) -> Found | Skipped:
    body = chunk.text.strip()
    title_match = re.match(r"^::((?:\\.|[^:])*)::", body)
    if title_match:
        body = body[title_match.end():]
    body = re.sub(r"^\s*\[(?:html|moodle|plain|markdown)\]", "", body)
    open_at = _find_unescaped(body, "{")
    close_at = _find_unescaped(body, "}", open_at + 1) if open_at >= 0 else -1
    if open_at < 0 or close_at < 0:
        return Skipped(file, chunk.line, "not a GIFT question: no answer block in braces")
    stem = (body[:open_at] + " " + body[close_at + 1:]).strip()
    block = body[open_at + 1:close_at].strip()
    stem = re.sub(r"<[^>]+>", "", stem)  # [html] questions: keep the text
    if not block:
        return Skipped(file, chunk.line, "an essay question (no options): not multiple choice")
    if re.fullmatch(r"(?i)T|F|TRUE|FALSE", block.split("#")[0].strip()):
        return Skipped(file, chunk.line, "a true/false question: not multiple choice")
    if block.startswith("#"):
        return Skipped(file, chunk.line, "a numerical question: not multiple choice")
    general = _find_unescaped_seq(block, "####")
    if general >= 0:
        block = block[:general]
    answers = _split_unescaped(block, "=~")
    if not any(a.startswith("~") for a in answers):
        if answers and all("->" in a for a in answers):
            return Skipped(file, chunk.line, "a matching question: not multiple choice")
        return Skipped(file, chunk.line, "a short-answer question (no wrong options): not multiple choice")
    options: list[str] = []
    right: list[int] = []
    explanations: dict[int, str] = {}
    for index, raw in enumerate(answers):
        mark, rest = raw[0], raw[1:].strip()
        weight = None
        weight_match = re.match(r"^%(-?\d+(?:\.\d+)?)%", rest)
        if weight_match:
            weight = float(weight_match.group(1))
            rest = rest[weight_match.end():]
        hash_at = _find_unescaped(rest, "#")
        text, feedback = (rest[:hash_at], rest[hash_at + 1:]) if hash_at >= 0 else (rest, "")
        options.append(" ".join(unescape(text).split()))
        if feedback.strip():
            explanations[index] = " ".join(unescape(feedback).split())
        if mark == "=" or (weight is not None and weight > 0):
            right.append(index)
    hint = chunk.category.rstrip("/").rsplit("/", 1)[-1] if chunk.category else None
    return checked_shape(file, chunk.line, unescape(stem).strip(), options, right, explanations, hint)


def _find_unescaped_seq(text: str, seq: str) -> int:
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(seq, i):
            return i
        i += 1
    return -1
