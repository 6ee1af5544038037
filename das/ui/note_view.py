"""Rendering of study notes with rich: headings, facts with sources, corrections, tables, diagrams."""

from __future__ import annotations

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


def section_renderables(note: Note, section: Section) -> list[Any]:
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
    if section.facts:
        facts = Table.grid(padding=(0, 1))  # a bullet column gives wrapped facts a hanging indent
        facts.add_column(style="cyan", no_wrap=True)
        facts.add_column()
        for fact in section.facts:
            line = Text(" ".join(fact["text"].split()))
            suffix = _rule_suffix(fact)
            if suffix:
                line.append(suffix, style="magenta")
            line.append(f" {cite(fact['source'])}", style="dim")
            facts.add_row(" •", line)
        out.append(facts)
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
        tips = Table.grid(padding=(0, 1))
        tips.add_column(no_wrap=True)
        tips.add_column()
        label = Text("TRAP" if tip["kind"] == "trap" else "TIP", style="bold red" if tip["kind"] == "trap" else "bold green")
        body = Text(" ".join(tip["text"].split()))
        body.append(f" {cite(tip['source'])}", style="dim")
        tips.add_row(label, body)
        out.append(tips)
    if sources:
        out.append(Text("Sources", style="dim bold"))
        for n, url in enumerate(sources, 1):
            out.append(Text(f"  [{n}] {url}", style="dim"))
    return out


def note_renderables(note: Note, section: Section | None = None) -> list[Any]:
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
            out.extend(section_renderables(note, sec))
    else:
        out.extend(section_renderables(note, section))
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
            head = Text(f"{match.note_title} › {match.section_title}", style="bold cyan")
            head.append(f"   das explain {match.note_id} {match.section_id}", style="dim")
            out.append(head)
            last = where
        line = Text(f"  {match.kind:<10} ", style="dim")
        body = Text(match.text)
        body.highlight_words(terms, style="bold reverse", case_sensitive=False)
        line.append_text(body)
        out.append(line)
    return out


def show(renderables: list[Any], pager: bool) -> None:
    """Print, through a pager when asked for, on a terminal, and longer than the screen."""
    import os
    import sys

    from das.ui.console import make_console

    console = make_console(wrap=True)
    if pager and sys.stdout.isatty():
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
