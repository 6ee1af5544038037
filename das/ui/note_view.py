"""Study notes as output blocks: headings, facts with numbered sources, corrections boxed, tables,
diagrams, tips and traps, related topics and calculators."""

from __future__ import annotations

from das.content.notes import Note, Section
from das.ui.blocks import Block, BoxBlock, Line, TableBlock, wrap_line

EXAM_LABELS = {"das-c01": "DAS-C01", "dea-c01": "DEA-C01"}
CITE = (r"\[\d+\]$", "dim")
RULE = (r"\(calculator rule [^)]*\)", "magenta")


def _flat(text: str) -> str:
    return " ".join(str(text).split())


def _rule_suffix(fact: dict) -> str:
    rule_id = fact.get("rule")
    if not rule_id:
        return ""
    from das.numbers import fmt
    from das.content.rules import all_rules

    rule = all_rules().get(rule_id)
    return f" (calculator rule {rule_id} = {fmt(rule.value)} {rule.unit})" if rule else ""


def section_blocks(note: Note, section: Section, width: int = 100) -> list[Block]:
    """One note section as blocks `width` characters wide: facts with numbered source marks (and their calculator rule),
    corrections boxed, tables, diagram, tips and traps, then the numbered sources."""
    out: list[Block] = []
    sources: list[str] = []

    def cite(url: str) -> str:
        if url not in sources:
            sources.append(url)
        return f"[{sources.index(url) + 1}]"

    out.append(Line(""))
    out.append(Line(f"{section.title}  ({note.id} {section.id})", "bold cyan", [(r"\(" + note.id + r" [^)]*\)$", "dim")]))
    out.append(Line("─" * min(len(section.title), width - 4), "cyan"))
    for fact in section.facts:
        text = _flat(fact["text"]) + _rule_suffix(fact) + f" {cite(fact['source'])}"
        out += wrap_line(text, width, " • ", "   ", spans=[CITE, RULE, (r"^ • ", "cyan")])
    for corr in section.corrections:
        inner = width - 4
        lines = wrap_line("Often stated: " + _flat(corr["often_stated"]), inner, spans=[(r"^Often stated:", "bold red")])
        lines += wrap_line("Actually: " + _flat(corr["actually"]) + f" {cite(corr['source'])}", inner,
                           spans=[(r"^Actually:", "bold green"), CITE])
        out.append(BoxBlock("Correction", lines, "yellow"))
    for table in section.tables:
        out.append(TableBlock(table["title"], [str(c) for c in table["columns"]], [[_flat(c) for c in row] for row in table["rows"]]))
        out.append(Line(f"  source {cite(table['source'])}", "dim"))
    if section.diagram:
        out.append(BoxBlock("Diagram", [Line(l) for l in section.diagram.rstrip("\n").splitlines()], "blue", wrap=False))
    for tip in section.tips:
        label = "TRAP " if tip["kind"] == "trap" else "TIP  "
        style = "bold red" if tip["kind"] == "trap" else "bold green"
        out += wrap_line(label + _flat(tip["text"]) + f" {cite(tip['source'])}", width, "", "     ",
                         spans=[(r"^(TRAP|TIP) ", style), CITE])
    if sources:
        out.append(Line("Sources", "dim bold"))
        out += [Line(f"  [{n}] {url}", "dim") for n, url in enumerate(sources, 1)]
    return out


def profile_blocks(profile: dict, width: int = 100) -> list[Block]:
    """An exam profile: format, guide version and changes, domains with weights, task statements and skills."""
    name = f"{profile['name']} ({EXAM_LABELS.get(profile['id'], profile['id'])}, {profile['status']})"
    out: list[Block] = [Line(""), Line(name, "bold cyan"), Line("─" * min(len(name), width - 4), "cyan")]
    guide = f"exam guide version {profile['guide_version']}" if profile.get("guide_version") else "exam guide"
    if profile.get("guide_date"):
        guide += f" ({profile['guide_date']})"
    out += wrap_line(f"{profile['questions']} questions, {profile['minutes']} minutes, passing score "
                     f"{profile['passing_score']} of 1000; {guide}: {profile['source']}", width)
    for change in profile.get("changes", []):
        out += wrap_line(_flat(change), width, " • ", "   ", spans=[(r"^ • ", "cyan")])
    for domain in profile.get("domains", []):
        out.append(Line(f"Domain: {domain['name']} ({domain['weight']}%)", "bold"))
        for task in domain.get("tasks", []):
            out += wrap_line(f"Task statement {task['id']}: {task['name']}", width, "  ", "    ", style="bold")
            for skill in task.get("skills", []):
                out += wrap_line(_flat(skill), width, "    • ", "      ")
    return out


def note_blocks(note: Note, section: Section | None = None, width: int = 100) -> list[Block]:
    """A note as blocks `width` characters wide: title, exams, summary, aliases and renames, then every section and exam
    profile (or just `section` and its profile), related topics, calculator examples and included topics."""
    exams = "".join(f"  [{EXAM_LABELS.get(e, e)}]" for e in note.exams)
    out: list[Block] = [Line(note.title + exams, "bold underline", [(r"\[(DAS|DEA)-C01\]", "bold magenta")])]
    out += wrap_line(_flat(note.summary), width, style="italic")
    if note.aliases:
        out += wrap_line("also: " + ", ".join(note.aliases), width, style="dim")
    for rename in note.renames:
        out += wrap_line(f"Renamed/retired: {rename['old']} -> {rename['new']} ({rename['when']})", width,
                         spans=[(r"^Renamed/retired:", "bold yellow")])
    if section is None:
        out += wrap_line("Sections: " + ", ".join(s.id for s in note.sections), width, style="dim")
        for sec in note.sections:
            out += section_blocks(note, sec, width)
        for profile in note.profiles:
            out += profile_blocks(profile, width)
    else:
        out += section_blocks(note, section, width)
        out += [b for p in note.profiles if p["id"] == section.id for b in profile_blocks(p, width)]
    out.append(Line(""))
    if note.related:
        out += wrap_line("Related: " + ", ".join(note.related) + "   (das explain TOPIC)", width,
                         spans=[(r"^Related:", "bold"), (r"\(das explain TOPIC\)$", "dim")])
    for calc in note.calculators:
        out.append(Line("try: " + calc["example"], "", [(r"^try:", "bold green")]))
    if section is None and note.includes:
        out += wrap_line(f"Includes: {', '.join(note.includes)}   (das quiz {note.id} practises them all)", width, style="dim")
    return out


def topic_list_blocks(notes: list[Note]) -> list[Block]:
    """The `das explain` topic table (id, title, summary) with a usage hint."""
    rows = [[n.id, n.title, _flat(n.summary)] for n in notes]
    return [TableBlock("", ["topic", "title", "summary"], rows),
            Line("das explain TOPIC [SECTION] · das explain --search TEXT", "dim")]


def search_blocks(matches: list, query: str, width: int = 100) -> list[Block]:
    """The `das explain --search` results, grouped by note section with the command that opens each, the query's words
    highlighted."""
    if not matches:
        return [Line(f"No matches for {query!r}.")]
    out: list[Block] = [Line(f"{len(matches)} match{'es' if len(matches) != 1 else ''} for {query!r}", "bold")]
    last = None
    terms = query.split()
    for match in matches:
        where = (match.note_id, match.section_id)
        if where != last:
            out.append(Line(""))
            out.append(Line(f"{match.note_title} › {match.section_title}", "bold cyan"))
            out.append(Line(f"  das explain {match.note_id} {match.section_id}", "dim"))
            last = where
        for line in wrap_line(f"{match.kind:<10} {match.text}", width, "  ", " " * 13):
            line.words = terms
            out.append(line)
    return out
