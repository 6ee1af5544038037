"""Neutral output blocks: lines, tables and boxes, drawn either as plain text or with rich.

Notes, search results and statistics are built once as blocks. Into a pipe or file they are drawn as
plain text without importing rich (no colour is wanted there, and it keeps `das explain` fast); on a
terminal rich draws them with colour, wrapping and box characters.
"""

from __future__ import annotations

import re
import sys
import textwrap
from dataclasses import dataclass, field
from typing import Any, Union

from das.ui.console import output_width  # noqa: F401  (where commands have long found it)


@dataclass
class Line:
    text: str
    style: str = ""
    spans: list[tuple[str, str]] = field(default_factory=list)  # (regex, style) to highlight on a terminal
    words: list[str] = field(default_factory=list)  # words to highlight (search)


@dataclass
class TableBlock:
    title: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class BoxBlock:
    title: str
    lines: list[Line]
    border: str = ""
    wrap: bool = True


Block = Union[Line, TableBlock, BoxBlock]


def wrap_line(text: str, width: int, first: str = "", rest: str = "", style: str = "",
              spans: list[tuple[str, str]] | None = None) -> list[Line]:
    """Text wrapped with a hanging indent into Lines."""
    wrapped = textwrap.wrap(text, width=max(20, width), initial_indent=first, subsequent_indent=rest) or [first]
    return [Line(w, style, list(spans or [])) for w in wrapped]


# ------------------------------------------------------------------------------------------- plain

def _plain_table(block: TableBlock, width: int) -> list[str]:
    columns = len(block.columns)
    natural = [max([len(str(block.columns[i]))] + [len(str(r[i])) for r in block.rows]) for i in range(columns)]
    available = max(columns * 8, width - 3 * (columns - 1) - 2)
    widths = list(natural)
    while sum(widths) > available:  # shrink the widest column until the table fits
        widest = max(range(columns), key=lambda i: widths[i])
        widths[widest] -= 1
    out = [block.title] if block.title else []

    def row_lines(cells: list[str]) -> list[str]:
        wrapped = [textwrap.wrap(str(c), widths[i]) or [""] for i, c in enumerate(cells)]
        height = max(len(w) for w in wrapped)
        return ["  " + " | ".join((w[n] if n < len(w) else "").ljust(widths[i]) for i, w in enumerate(wrapped)).rstrip()
                for n in range(height)]

    out += row_lines(block.columns)
    out.append("  " + "-+-".join("-" * w for w in widths))
    for row in block.rows:
        out += row_lines(row)
    return out


def _plain_box(block: BoxBlock, width: int) -> list[str]:
    inner = width - 4
    body: list[str] = []
    for line in block.lines:
        if block.wrap and len(line.text) > inner:
            body += textwrap.wrap(line.text, inner) or [""]
        else:
            body.append(line.text)
    inner = max([inner if block.wrap else 0] + [len(b) for b in body] + [len(block.title) + 2])
    top = f"+-{block.title} " + "-" * (inner - len(block.title)) + "+" if block.title else "+" + "-" * (inner + 2) + "+"
    return [top] + [f"| {b.ljust(inner)} |" for b in body] + ["+" + "-" * (inner + 2) + "+"]


def plain_text(blocks: list[Block], width: int) -> str:
    """The blocks as plain text `width` characters wide: long lines wrapped (keeping their indent), tables and boxes
    drawn in ASCII; ends with a newline."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Line):
            text = block.text
            if len(text) > width:
                indent = " " * (len(text) - len(text.lstrip()))
                out += textwrap.wrap(text, width=width, subsequent_indent=indent) or [""]
            else:
                out.append(text)
        elif isinstance(block, TableBlock):
            out += _plain_table(block, width)
        else:
            out += _plain_box(block, width)
    return "\n".join(out) + "\n"


# -------------------------------------------------------------------------------------------- rich

def _rich_text(line: Line) -> Any:
    from rich.text import Text

    text = Text(line.text, style=line.style)
    for pattern, style in line.spans:
        text.highlight_regex(re.compile(pattern), style)
    if line.words:
        text.highlight_words(line.words, style="bold reverse", case_sensitive=False)
    return text


def rich_renderables(blocks: list[Block]) -> list[Any]:
    """Consecutive lines become one Text (one render instead of hundreds)."""
    from rich.box import ROUNDED, SIMPLE_HEAVY
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    out: list[Any] = []
    pending: list[Any] = []
    for block in blocks + [None]:
        if isinstance(block, Line):
            pending.append(_rich_text(block))
            continue
        if pending:
            out.append(Text("\n").join(pending))
            pending = []
        if isinstance(block, TableBlock):
            table = Table(title=block.title or None, title_justify="left", title_style="bold", box=SIMPLE_HEAVY)
            for column in block.columns:
                table.add_column(str(column), overflow="fold")
            for row in block.rows:
                table.add_row(*(str(c) for c in row))
            out.append(table)
        elif isinstance(block, BoxBlock):
            body = Text("\n").join(_rich_text(l) for l in block.lines)
            if not block.wrap:
                body.no_wrap = True
            out.append(Panel(body, title=block.title or None, title_align="left", border_style=block.border,
                             box=ROUNDED, expand=block.wrap))
    return out


def show(blocks: list[Block], pager: bool = False) -> None:
    """Plain into a pipe; rich on a terminal, through a pager when longer than the screen."""
    width = output_width()
    if not sys.stdout.isatty():
        sys.stdout.write(plain_text(blocks, width))
        return
    from das.ui.console import make_console

    console = make_console(wrap=True, width=width)
    renderables = rich_renderables(blocks)
    if pager:
        with console.capture() as capture:
            for item in renderables:
                console.print(item)
        text = capture.get()
        if text.count("\n") > console.size.height:
            import os
            import pydoc

            os.environ.setdefault("LESS", "-RFX")  # keep colours; quit at once if it fits
            pydoc.pager(text)
            return
        sys.stdout.write(text)
        return
    for item in renderables:
        console.print(item)
