"""Questions from markdown banks, read with a real markdown parser (markdown-it-py), not line patterns.

The layouts public banks use:

- a heading per question followed by a task list whose checked boxes (`- [x]`) are the answers, in a
  file that also holds a table of contents, images and promotional sections (lists of links, text
  without options: never questions);
- numbered questions (`1. ...`) with lettered options (`- [ ] A. ...`, or `A. ...` lines) and the
  answer letters in a `<details>` block ("Correct answer: B, D"), with per-option explanation bullets
  (`- A. why ...`) when the source gives them;
- a stem paragraph, then `A. ...` / `B. ...` lines (one paragraph with soft or hard breaks, or a
  paragraph each), then the `<details>` block.

A task list is a question only under a question-like stem: a sponsor list, a roadmap or a list of links
with boxes checked is skipped and reported. A heading or numbered item that looks like a question but
ends up without readable options is reported too, so no question is ever lost silently.

The document becomes a stream of blocks (heading, paragraph, option list, details, other); a small
state machine pairs each option list with the text before it and the details after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from das.interop.model import LETTERS, Found, Skipped, checked_shape
from das.interop.stems import QUESTION_ONLY, links_only, looks_like_question, not_a_question
from das.interop.text import clean_text

_TASK = re.compile(r"^\[( |x|X)\]\s+")
_LABEL = re.compile(r"^\(?([A-Za-z])[.):]\s+")
_NUMBER_PREFIX = re.compile(r"^(?:question|q)?\s*#?\s*\d+\s*[.:)\-]\s*", re.IGNORECASE)
_ANSWER = re.compile(
    r"\b(?i:correct\s+)?(?i:answers?)\s*(?i:is|are)?\s*[:\-]?\s*"
    r"((?:[A-Z]|[a-f])(?![A-Za-z])(?:\s*(?:,|and|&|/|\s)\s*(?:[A-Z]|[a-f])(?![A-Za-z]))*|[A-F]{2,6}(?![A-Za-z]))",
)
_EXPLANATION_PREFIX = re.compile(r"^(?:explanations?|reason|why)\s*[:\-]\s*", re.IGNORECASE)


@dataclass
class Block:
    kind: str  # heading | para | options | details | start | other
    line: int
    text: str = ""
    items: list[tuple[bool | None, str]] = field(default_factory=list)  # options: (checked, text)
    links_only: bool = False  # options: every item is nothing but links (a contents or sponsor list)
    lettered: bool = False  # options: labelled A., B., C. ... (the mark of a question, unlike a bare task list)


def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _inline_text(node) -> str:
    """Plain text of an inline node: links keep their text, images and HTML tags are dropped."""
    out: list[str] = []
    for child in node.children:
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "html_inline":
            if re.match(r"<br\s*/?>", child.content, re.IGNORECASE):
                out.append("\n")
        elif kind == "image":
            continue
        else:
            out.append(_inline_text(child))
    return "".join(out)


def _first_text(item) -> tuple[str, int]:
    """The text of a list item's first paragraph, and its line."""
    for child in item.children:
        if child.type == "paragraph" and child.children:
            return _inline_text(child.children[0]), (child.map[0] + 1 if child.map else 0)
    return "", (item.map[0] + 1 if item.map else 0)


def _option_items(texts: list[str]) -> list[tuple[bool | None, str]] | None:
    """Options when every text is a task item (`[ ]`/`[x]`) or the texts are lettered A, B, C...
    in order; the label is removed. None when the texts are not a list of options."""
    if len(texts) < 2:
        return None
    tasks = [_TASK.match(t) for t in texts]
    if all(tasks):
        items = [(m.group(1) != " ", t[m.end():]) for m, t in zip(tasks, texts)]
    else:
        items = [(None, t) for t in texts]
    labels = [_LABEL.match(t) for _c, t in items]
    if all(labels) and [m.group(1).upper() for m in labels] == list(LETTERS[: len(items)]):
        items = [(c, t[m.end():]) for (c, t), m in zip(items, labels)]
    elif not all(tasks):
        return None
    return [(c, " ".join(t.split())) for c, t in items]


def _lettered(texts: list[str]) -> bool:
    """Whether option texts carry the labels A., B., C. ... in order (after any task box)."""
    bare = [t[m.end():] if (m := _TASK.match(t)) else t for t in texts]
    labels = [_LABEL.match(t) for t in bare]
    return all(labels) and [m.group(1).upper() for m in labels] == list(LETTERS[: len(texts)])


def _split_lettered_paragraph(text: str) -> tuple[str, list[tuple[bool | None, str]]] | None:
    """A paragraph 'stem / A. one / B. two ...' (options as lines): its stem and options."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for start in range(0, len(lines)):
        options = _option_items(lines[start:])
        if options is not None and all(c is None for c, _t in options):
            return "\n".join(lines[:start]), options
    return None


class _Flattener:
    def __init__(self, source_lines: list[str]) -> None:
        self.lines = source_lines
        self.blocks: list[Block] = []
        self.skip_until = -1  # 0-based line before which nodes belong to a details block already read

    def walk(self, nodes) -> None:
        for node in nodes:
            start = node.map[0] if node.map else -1
            if start < self.skip_until:
                continue
            line = start + 1
            kind = node.type
            if kind == "heading":
                self.blocks.append(Block("heading", line, _inline_text(node.children[0]) if node.children else ""))
            elif kind == "paragraph":
                text = _inline_text(node.children[0]) if node.children else ""
                if not text.strip():
                    continue  # an image alone, or an HTML tag: not question text
                split = _split_lettered_paragraph(text)
                if split:
                    if split[0]:
                        self.blocks.append(Block("para", line, split[0]))
                    self.blocks.append(Block("options", line, items=split[1], lettered=True))
                else:
                    self.blocks.append(Block("para", line, text))
            elif kind in ("bullet_list", "ordered_list"):
                self._list(node, line)
            elif kind == "html_block":
                if re.search(r"<details", node.content, re.IGNORECASE):
                    self._details(start)
            elif kind in ("fence", "code_block"):
                self.blocks.append(Block("para", line, node.content.rstrip("\n")))
            elif kind == "blockquote":
                self.walk(node.children)
            else:  # table, hr, ...: not part of a question
                self.blocks.append(Block("other", line))

    def _list(self, node, line: int) -> None:
        firsts = [_first_text(item) for item in node.children]
        options = _option_items([t for t, _l in firsts])
        if options is not None:
            only_links = all(links_only(item) for item in node.children)
            self.blocks.append(Block("options", firsts[0][1] or line, items=options, links_only=only_links,
                                     lettered=_lettered([t for t, _l in firsts])))
            for item in node.children:  # explanation bullets nested under an option are not read
                self.skip_until = max(self.skip_until, item.map[1] if item.map else -1)
            return
        if node.type == "ordered_list" or any(_holds_options(item) for item in node.children):
            for item in node.children:
                self.blocks.append(Block("start", item.map[0] + 1 if item.map else line))
                self.walk(item.children)
            return
        self.blocks.append(Block("other", line))  # a table of contents, links, promotion

    def _details(self, start: int) -> None:
        end = start
        while end < len(self.lines) and not re.search(r"</details>", self.lines[end], re.IGNORECASE):
            end += 1
        inner = "\n".join(self.lines[start:end + 1])
        inner = re.sub(r"<summary[^>]*>.*?</summary>", "", inner, flags=re.IGNORECASE | re.DOTALL)
        inner = re.sub(r"</?details[^>]*>", "", inner, flags=re.IGNORECASE)
        self.blocks.append(Block("details", start + 1, _dedent(inner)))
        self.skip_until = end + 1


def _merge_lettered_paragraphs(blocks: list[Block]) -> list[Block]:
    """Runs of one-line paragraphs lettered A., B., C. ... in order (a paragraph per option) as one
    options block."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].kind == "para" and "\n" not in blocks[j].text.strip():
            label = _LABEL.match(blocks[j].text.strip())
            if not label or label.group(1).upper() != LETTERS[j - i]:
                break
            j += 1
        if j - i >= 2:
            items = _option_items([b.text.strip() for b in blocks[i:j]])
            if items is not None:
                out.append(Block("options", blocks[i].line, items=items, lettered=True))
                i = j
                continue
        out.append(blocks[i])
        i += 1
    return out


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text.strip("\n"))


def _holds_options(item) -> bool:
    for child in item.children:
        if child.type in ("bullet_list", "ordered_list"):
            if _option_items([_first_text(i)[0] for i in child.children]) is not None:
                return True
        if child.type == "paragraph" and child.children and _split_lettered_paragraph(_inline_text(child.children[0])):
            return True
    return False


@dataclass
class Details:
    letters: list[str] | None = None
    explanations: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)


def _answer_letters(text: str) -> list[str] | None:
    match = _ANSWER.search(" ".join(text.split()))
    if not match:
        return None
    letters = match.group(1)
    found = [ch for token in re.findall(r"[A-Za-z]+", letters) if token.lower() != "and" for ch in token]
    return [f.upper() for f in found] or None


def _read_details(text: str) -> Details:
    """Answer letters, per-option explanations and any general explanation from a details block."""
    from markdown_it.tree import SyntaxTreeNode

    details = Details()
    tree = SyntaxTreeNode(_parser().parse(text))
    for node in tree.children:
        if node.type in ("bullet_list", "ordered_list"):
            for item in node.children:
                body, _line = _first_text(item)
                body = " ".join(body.split())
                label = _LABEL.match(body)
                if label and label.group(1).upper() in LETTERS[:6] and not _answer_letters(body):
                    details.explanations[label.group(1).upper()] = body[label.end():].strip()
                elif details.letters is None and _answer_letters(body):
                    details.letters = _answer_letters(body)
                elif body:
                    details.general.append(body)
        elif node.type == "paragraph" and node.children:
            body = " ".join(_inline_text(node.children[0]).split())
            letters = _answer_letters(body) if details.letters is None else None
            if letters:
                details.letters = letters
                rest = _ANSWER.sub("", body, count=1).strip(" .:-")
                if rest:
                    details.general.append(_EXPLANATION_PREFIX.sub("", rest))
            elif body:
                details.general.append(_EXPLANATION_PREFIX.sub("", body))
    return details


@dataclass
class _Pending:
    line: int
    stem: str
    items: list[tuple[bool | None, str]]
    details: Details | None = None
    links_only: bool = False
    lettered: bool = False


def _finish(file: str, p: _Pending) -> Found | Skipped:
    if p.stem.strip() and (p.links_only or not p.lettered):
        why = not_a_question(p.stem, p.links_only)
        if why:
            return Skipped(file, p.line, why)
    checked = [i for i, (c, _t) in enumerate(p.items) if c]
    details = p.details or Details()
    from_details = None
    if details.letters:
        bad = [letter for letter in details.letters if LETTERS.index(letter) >= len(p.items)]
        if bad:
            return Skipped(file, p.line, f"answer letter {bad[0]} is not one of the {len(p.items)} options")
        from_details = sorted(LETTERS.index(letter) for letter in details.letters)
    if checked and from_details and checked != from_details:
        return Skipped(file, p.line, "the checked boxes and the answer in the <details> block disagree")
    answers = checked or from_details or []
    if not answers:
        return Skipped(file, p.line, "no answer: no checked box and no answer letters in a <details> block")
    explanations = {LETTERS.index(k): v for k, v in details.explanations.items()
                    if LETTERS.index(k) < len(p.items) and v}
    if details.general:
        general = " ".join(details.general)
        for index in answers:  # a general explanation explains the answer
            explanations.setdefault(index, general)
    return checked_shape(file, p.line, clean_text(p.stem), [clean_text(t) for _c, t in p.items], answers,
                         {k: clean_text(v) for k, v in explanations.items()})


def _stem_from_heading(text: str) -> str:
    text = " ".join(text.split())
    if QUESTION_ONLY.match(text):
        return ""
    return _NUMBER_PREFIX.sub("", text, count=1)


def parse_markdown(text: str, file: str) -> tuple[list[Found], list[Skipped]]:
    """Every question in a markdown document, and what looked like a question but could not be read
    (with its line). `file` is the name used in reports and sources."""
    from markdown_it.tree import SyntaxTreeNode

    text = clean_text(text)
    flat = _Flattener(text.split("\n"))
    flat.walk(SyntaxTreeNode(_parser().parse(text)).children)
    found: list[Found] = []
    skipped: list[Skipped] = []
    stem: list[str] = []
    stem_line = 0
    # where the current stem began: a heading or numbered item is reported when it looked like a
    # question and never got options das could read (a plain paragraph is not: prose is not a loss)
    stem_origin: str | None = None
    pending: _Pending | None = None

    def finish() -> None:
        nonlocal pending
        if pending is not None:
            result = _finish(file, pending)
            (found if isinstance(result, Found) else skipped).append(result)
            pending = None

    def drop_stem() -> None:
        nonlocal stem, stem_line, stem_origin
        text = " ".join(s.strip() for s in stem if s.strip())
        if stem_origin is not None and (looks_like_question(text) or stem_origin == "question-heading"):
            skipped.append(Skipped(file, stem_line, "looks like a question, but no answer options follow that "
                                                    "das can read (a task list, or A./B. lines)"))
        stem, stem_line, stem_origin = [], 0, None

    for block in _merge_lettered_paragraphs(flat.blocks):
        if block.kind in ("heading", "start"):
            finish()
            drop_stem()
            first = _stem_from_heading(block.text) if block.kind == "heading" else ""
            stem, stem_line = ([first] if first else []), block.line
            if block.kind == "start":
                stem_origin = "numbered"
            elif QUESTION_ONLY.match(" ".join(block.text.split())):
                stem_origin = "question-heading"
            else:
                stem_origin = "heading"
        elif block.kind == "para":
            if pending is not None:
                letters = _answer_letters(block.text) if not any(c for c, _t in pending.items) else None
                if letters and pending.details is None and len(block.text) < 200:
                    pending.details = Details(letters=letters)  # "Answer: B" written after the options
                    continue
                finish()
                stem, stem_line, stem_origin = [], block.line, None
            if not stem:
                stem_line = block.line
                block_text = _NUMBER_PREFIX.sub("", block.text.strip(), count=1)
                if stem_origin is None and block_text != block.text.strip():
                    stem_origin = "numbered"
            else:
                block_text = block.text
            stem.append(block_text)
        elif block.kind == "options":
            finish()
            pending = _Pending(stem_line or block.line, "\n\n".join(s.strip() for s in stem if s.strip()), block.items,
                               links_only=block.links_only, lettered=block.lettered)
            stem, stem_line, stem_origin = [], 0, None
        elif block.kind == "details":
            if pending is not None:
                pending.details = _read_details(block.text)
        else:
            finish()
            drop_stem()
    finish()
    drop_stem()
    found.sort(key=lambda f: f.line)
    skipped.sort(key=lambda k: k.line)
    return found, skipped
