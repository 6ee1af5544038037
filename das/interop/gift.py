"""Moodle GIFT: writing das questions, and reading multiple-choice questions back.

GIFT (https://docs.moodle.org/en/GIFT_format): `::title::question text { =right#feedback ~wrong#feedback }`;
multiple response gives every option a weight (`~%50%right ~%-100%wrong`); `~ = # { } :` and `\\` are
escaped with a backslash, a line break inside a text is written `\\n`; `// ...` is a comment and
`$CATEGORY: path` files the questions that follow. Questions are separated by blank lines (Moodle's
reader splits there whatever the braces say), so a broken question never swallows the next ones.

Moodle shows GIFT text as HTML, so das writes every question as `[html]` with `& < >` as entities
(`day=<dd>` stays text), and reads texts back the way Moodle shows them: tags dropped, entities decoded
(except in `[plain]` questions, which Moodle shows as written). Export then import is lossless.
"""

from __future__ import annotations

import re
import html
from dataclasses import dataclass
from functools import lru_cache

from das.interop.model import Found, Skipped, checked_shape
from das.interop.text import clean_text

SPECIAL = "\\~=#{}:"
# Moodle accepts only these grade percentages; an answer's weight is 100 / (number of answers).
_WEIGHTS = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20"}


def escape(text: str) -> str:
    """`text` as GIFT [html] text: `& < >` as HTML entities, GIFT's special characters escaped with a
    backslash and line breaks written as \\n."""
    text = html.escape(text.strip(), quote=False)
    out = "".join("\\" + ch if ch in SPECIAL else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)


def _shown_text(text: str, plain: bool) -> str:
    """A GIFT text (escapes already resolved) as Moodle shows it: for HTML texts, line-break tags
    become line breaks, other tags are dropped and entities decoded; [plain] texts stay as written."""
    if plain:
        return text
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", text)))


def unescape(text: str) -> str:
    """The text a GIFT field stands for: escapes resolved, \\n as a line break."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def title_for(question) -> str:
    """A question's GIFT title: its topic and a stable reference (CRC-32 of its id, 8 hex digits). Never the id
    itself, which names the scenario and can cue the answer wherever Moodle shows titles."""
    import zlib

    return f"{question.topic}-{zlib.crc32(question.id.encode('utf-8')):08x}"


def write_gift(questions, title: str) -> str:
    """GIFT text for das questions (das.content.bank.Question), one category per topic, in topic order."""
    lines = [f"// {title}", f"// {len(questions)} questions; exported by das", ""]
    category = None
    for q in sorted(questions, key=lambda q: (q.topic, q.id)):
        if q.topic != category:
            category = q.topic
            lines += [f"$CATEGORY: das/{category}", ""]
        lines.append(f"::{escape(title_for(q))}::[html]{escape(q.stem)} {{")
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


@lru_cache(maxsize=None)
def _scanner(marks: tuple[str, ...]) -> re.Pattern:
    """A pattern matching a backslash escape, or any of `marks` (which then stands unescaped)."""
    return re.compile(r"\\.|(" + "|".join(re.escape(m) for m in marks) + ")", re.DOTALL)


def _unescaped(text: str, marks: tuple[str, ...], start: int = 0):
    """Each unescaped occurrence of one of `marks` in `text` from `start`, as a match."""
    return (m for m in _scanner(marks).finditer(text, start) if m.group(1))


def _split_unescaped(text: str, marks: str) -> list[str]:
    """Split before every unescaped character in `marks` (the mark stays at the start of its part)."""
    cuts = [m.start() for m in _unescaped(text, tuple(marks))]
    bounds = [0, *cuts, len(text)]
    parts = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    return [p for p in parts if p.strip()]


def _find_unescaped(text: str, ch: str, start: int = 0) -> int:
    return next((m.start() for m in _unescaped(text, (ch,), start)), -1)


def _chunks(text: str) -> list[_Chunk]:
    """Questions are separated by blank lines (always: as in Moodle, a question cannot hold one, so an
    unclosed brace spoils its own question only); comments and categories sit between them."""
    chunks: list[_Chunk] = []
    category = None
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not current and stripped.upper().startswith("$CATEGORY:"):
            category = stripped.split(":", 1)[1].strip()
            continue
        if not stripped:
            if current:
                chunks.append(_Chunk(start, "\n".join(current), category))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
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


def _leftover(text: str) -> str | None:
    """An unescaped `{`, `}` or `::` left in a text (GIFT syntax das did not parse), or None."""
    return next((m.group(1) for m in _unescaped(text, ("{", "}", "::"))), None)


def _parse_question(chunk: _Chunk, file: str) -> Found | Skipped:
    body = chunk.text.strip()
    title_match = re.match(r"^::((?:\\.|[^:])*)::", body)
    if title_match:
        body = body[title_match.end():]
    marker = re.match(r"^\s*\[(html|moodle|plain|markdown)\]", body)
    plain = bool(marker) and marker.group(1) == "plain"
    if marker:
        body = body[marker.end():]
    open_at = _find_unescaped(body, "{")
    if open_at < 0:
        return Skipped(file, chunk.line, "not a GIFT question: no answer block in braces")
    close_at = _find_unescaped(body, "}", open_at + 1)
    if close_at < 0:
        return Skipped(file, chunk.line, "broken GIFT question: '{' is never closed with '}'")
    stem_raw = (body[:open_at] + " " + body[close_at + 1:]).strip()
    block = body[open_at + 1:close_at].strip()
    leftover = _leftover(stem_raw) or _leftover(block)
    if leftover:
        return Skipped(file, chunk.line, f"broken GIFT question: an unescaped {leftover!r} outside its place "
                                         "(escape it as \\" + leftover[0] + ", or end the question with a blank line)")
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
    if not answers[0][:1] in ("=", "~"):
        return Skipped(file, chunk.line, "broken GIFT question: text before the first = or ~ option")
    options: list[str] = []
    weights: list[float] = []
    explanations: dict[int, str] = {}
    for index, raw in enumerate(answers):
        mark, rest = raw[0], raw[1:].strip()
        weight = 100.0 if mark == "=" else 0.0
        weight_match = re.match(r"^%(-?\d+(?:\.\d+)?)%", rest)
        if weight_match:
            weight = float(weight_match.group(1))
            rest = rest[weight_match.end():]
        hash_at = _find_unescaped(rest, "#")
        text, feedback = (rest[:hash_at], rest[hash_at + 1:]) if hash_at >= 0 else (rest, "")
        options.append(" ".join(_shown_text(unescape(text), plain).split()))
        if feedback.strip():
            explanations[index] = " ".join(_shown_text(unescape(feedback), plain).split())
        weights.append(weight)
    right, notes = _answers_from_weights(weights)
    if right is None:
        return Skipped(file, chunk.line, notes[0])
    hint = chunk.category.rstrip("/").rsplit("/", 1)[-1] if chunk.category else None
    stem = _shown_text(unescape(stem_raw), plain).strip()
    result = checked_shape(file, chunk.line, stem, options, right, explanations, hint)
    if isinstance(result, Found):
        result.notes += notes
    return result


def _answers_from_weights(weights: list[float]) -> tuple[list[int] | None, list[str]]:
    """The right options from GIFT grade weights, and what was dropped. All-or-nothing multiple
    response: two or more equal positive weights summing to 100%. Otherwise the one 100% option is the
    answer and partial credit is dropped (das scores all or nothing); (None, [why]) when there is none."""
    positive = [i for i, w in enumerate(weights) if w > 0]
    if len(positive) >= 2 and len({round(weights[i], 3) for i in positive}) == 1 \
            and abs(sum(weights[i] for i in positive) - 100) < 0.01:
        return positive, []
    full = [i for i, w in enumerate(weights) if abs(w - 100) < 0.01]
    if len(full) == 1:
        partial = [i for i in positive if i not in full]
        dropped = ", ".join(f"{_percent(weights[i])}%" for i in partial)
        return full, ([f"partial-credit weights dropped ({dropped}): das scores all or nothing, "
                       "the 100% option is the answer"] if partial else [])
    if len(full) > 1:
        return None, [f"{len(full)} options are each fully right (any one scores in Moodle): "
                      "not a question das can score"]
    return None, [f"partial-credit weights ({', '.join(_percent(w) + '%' for w in weights if w > 0) or 'none'}) "
                  "make no all-or-nothing answer"]


def _percent(weight: float) -> str:
    return f"{weight:g}"


def _find_unescaped_seq(text: str, seq: str) -> int:
    return _find_unescaped(text, seq)
