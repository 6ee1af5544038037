"""Rendering of study notes with rich: headings, facts with sources, corrections, tables, diagrams."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from das.notes import Note, Section

EXAM_LABELS = {"das-c01": "DAS-C01", "dea-c01": "DEA-C01"}


def _rule_suffix(fact: dict) -> str:
    rule_id = fact.get("rule")
    if not rule_id:
        return ""
    from das.numbers import fmt
    from das.rules import all_rules

    rule = all_rules().get(rule_id)
    return f"  (calculator rule {rule_id} = {fmt(rule.value)} {rule.unit})" if rule else ""


_CITE = re.compile(r"\[\d+\]$")
_RULE = re.compile(r"\(calculator rule [^)]*\)")


def _wrapped(text: str, first: str, rest: str, width: int) -> list[Any]:
    """Facts wrapped by textwrap with a hanging indent: far cheaper than a rich table per section."""
    from rich.text import Text

    lines = []
    for line in textwrap.wrap(text, width=max(40, width - 1), initial_indent=first, subsequent_indent=rest):
        item = Text(line)
        item.highlight_regex(_CITE, "dim")
        item.highlight_regex(_RULE, "magenta")
        lines.append(item)
    if lines:
        lines[0].stylize("cyan", 0, len(first))
    return lines


def section_renderables(note: Note, section: Section, width: int = 100) -> list[Any]:
    """One section: facts numbered to their sources, corrections boxed, tables, diagram, tips."""
    from rich.box import ROUNDED, SIMPLE_HEAVY
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    out: list[Any] = []
    sources: list[str] = []

    def cite(url: str) -> str:
        if url not in sources:
            sources.append(url)
        return f"[{sources.index(url) + 1}]"

    heading = Text(section.title, style="bold cyan")
    heading.append(f"  ({note.id} {section.id})", style="dim")
    out.append(Text(""))
    out.append(heading)
    out.append(Text("─" * min(len(section.title), 96), style="cyan"))
    for fact in section.facts:
        text = " ".join(fact["text"].split()) + _rule_suffix(fact) + f" {cite(fact['source'])}"
        out.extend(_wrapped(text, " • ", "   ", width))
    for corr in section.corrections:
        body = Text()
        body.append("Often stated: ", style="bold red")
        body.append(" ".join(corr["often_stated"].split()), style="strike")
        body.append("\nActually: ", style="bold green")
        body.append(" ".join(corr["actually"].split()))
        body.append(f" {cite(corr['source'])}", style="dim")
        out.append(Panel(body, title="Correction", title_align="left", border_style="yellow", box=ROUNDED))
    for table in section.tables:
        grid = Table(title=table["title"], title_justify="left", title_style="bold", box=SIMPLE_HEAVY,
                     show_lines=False, expand=False)
        for column in table["columns"]:
            grid.add_column(str(column), overflow="fold")
        for row in table["rows"]:
            grid.add_row(*(str(cell) for cell in row))
        out.append(grid)
        out.append(Text(f"  source {cite(table['source'])}", style="dim"))
    if section.diagram:
        out.append(Panel(Text(section.diagram.rstrip("\n"), no_wrap=True), border_style="blue", box=ROUNDED,
                         expand=False, title="Diagram", title_align="left"))
    for tip in section.tips:
        label = "TRAP " if tip["kind"] == "trap" else "TIP  "
        text = " ".join(tip["text"].split()) + f" {cite(tip['source'])}"
        lines = _wrapped(text, label, "     ", width)
        lines[0].stylize("bold red" if tip["kind"] == "trap" else "bold green", 0, 4)
        out.extend(lines)
    if sources:
        out.append(Text("Sources", style="dim bold"))
        for n, url in enumerate(sources, 1):
            out.append(Text(f"  [{n}] {url}", style="dim"))
    return out


def note_renderables(note: Note, section: Section | None = None, width: int = 100) -> list[Any]:
    """A whole note (or one section of it) with its header and what to do next."""
    from rich.text import Text

    out: list[Any] = []
    title = Text(note.title, style="bold underline")
    for exam in note.exams:
        title.append(f"  [{EXAM_LABELS.get(exam, exam)}]", style="bold magenta")
    out.append(title)
    out.append(Text(" ".join(note.summary.split()), style="italic"))
    if note.aliases:
        out.append(Text("also: " + ", ".join(note.aliases), style="dim"))
    for rename in note.renames:
        line = Text("Renamed/retired: ", style="bold yellow")
        line.append(f"{rename['old']} -> {rename['new']} ({rename['when']})")
        out.append(line)
    if section is None:
        out.append(Text("Sections: " + ", ".join(s.id for s in note.sections), style="dim"))
        for sec in note.sections:
            out.extend(section_renderables(note, sec, width))
    else:
        out.extend(section_renderables(note, section, width))
    out.append(Text(""))
    if note.related:
        line = Text("Related: ", style="bold")
        line.append(", ".join(note.related))
        line.append("   (das explain TOPIC)", style="dim")
        out.append(line)
    for calc in note.calculators:
        line = Text("try: ", style="bold green")
        line.append(calc["example"])
        out.append(line)
    if section is None and note.includes:
        out.append(Text("Includes: " + ", ".join(note.includes) + "   (das quiz " + note.id + " practises them all)", style="dim"))
    return out


def topic_list_renderables(notes: list[Note]) -> list[Any]:
    from rich.box import SIMPLE
    from rich.table import Table
    from rich.text import Text

    table = Table(box=SIMPLE, show_header=True, header_style="bold")
    table.add_column("topic", style="bold cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("summary", style="dim")
    for note in notes:
        table.add_row(note.id, note.title, " ".join(note.summary.split()))
    return [table, Text("das explain TOPIC [SECTION] · das explain --search TEXT", style="dim")]


def search_renderables(matches: list, query: str) -> list[Any]:
    from rich.text import Text

    out: list[Any] = []
    if not matches:
        return [Text(f"No matches for {query!r}.")]
    out.append(Text(f"{len(matches)} match{'es' if len(matches) != 1 else ''} for {query!r}", style="bold"))
    last = None
    terms = query.split()
    for match in matches:
        where = (match.note_id, match.section_id)
        if where != last:
            out.append(Text(""))
            out.append(Text(f"{match.note_title} › {match.section_title}", style="bold cyan"))
            out.append(Text(f"  das explain {match.note_id} {match.section_id}", style="dim"))
            last = where
        line = Text(f"  {match.kind:<10} ", style="dim")
        body = Text(match.text)
        body.highlight_words(terms, style="bold reverse", case_sensitive=False)
        line.append_text(body)
        out.append(line)
    return out


def console_width() -> int:
    """The width notes are wrapped to: the terminal's, or 100 columns into a pipe (DAS_WIDTH overrides)."""
    import os
    import shutil
    import sys

    env = os.environ.get("DAS_WIDTH", "")
    if env.isdigit():
        return int(env)
    return shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100


def _print_plain(renderables: list[Any], console: Any) -> None:
    """Into a pipe: text is written as wrapped plain lines (no colour to draw, so no rich needed);
    only tables and boxes go through rich."""
    import sys

    from rich.text import Text

    width = console.width
    for item in renderables:
        if not isinstance(item, Text):
            console.print(item)
            continue
        out = []
        for line in item.plain.split("\n"):
            if len(line) <= width:
                out.append(line)
                continue
            indent = " " * (len(line) - len(line.lstrip()))
            out.extend(textwrap.wrap(line, width=width, subsequent_indent=indent) or [""])
        sys.stdout.write("\n".join(out) + "\n")


def show(renderables: list[Any], pager: bool) -> None:
    """Print, through a pager when asked for, on a terminal, and longer than the screen."""
    import os
    import sys

    from das.ui.console import make_console

    from rich.text import Text

    console = make_console(wrap=True, width=console_width())
    # Consecutive lines are printed as one Text: one rich render instead of hundreds.
    merged: list[Any] = []
    for item in renderables:
        if isinstance(item, Text) and merged and isinstance(merged[-1], list):
            merged[-1].append(item)
        elif isinstance(item, Text):
            merged.append([item])
        else:
            merged.append(item)
    renderables = [Text("\n").join(item) if isinstance(item, list) else item for item in merged]
    if not sys.stdout.isatty():
        _print_plain(renderables, console)
        return
    if pager:
        with console.capture() as capture:
            for item in renderables:
                console.print(item)
        text = capture.get()
        if text.count("\n") > console.size.height:
            import pydoc

            os.environ.setdefault("LESS", "-RFX")  # keep colours; quit at once if it fits
            pydoc.pager(text)
            return
        sys.stdout.write(text)
        return
    for item in renderables:
        console.print(item)
