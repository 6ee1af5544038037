"""The schema of a study note (docs/content-schema.md): checks raw YAML data and reports problems."""

from __future__ import annotations

from typing import Any

from das.content.schema import (
    shown,
    CALCULATORS, DAS_DOMAINS, DEA_DOMAINS, DEA_TASKS, EXAMS, ID_PATTERN, MAX_DIAGRAM_WIDTH, Checker, KeyPath,
    Problem,
)


NOTE_FIELDS = {"id", "title", "aliases", "summary", "exams", "related", "includes", "calculators", "renames",
               "sections", "profiles"}
NOTE_REQUIRED = {"id", "title", "aliases", "summary", "exams", "sections"}
SECTION_FIELDS = {"id", "title", "facts", "corrections", "tables", "diagram", "tips"}


def check_note(data: Any, path: str, file_stem: str, user: bool = False) -> tuple[dict | None, list[Problem]]:
    """Validate one note file's data; returns the data (when usable) and the problems found. `user`: the
    file is in a user content folder, where a note marked `imported: true` (written by das import) may
    have no `exams` (an imported bank's exam is unknown) and cite `file:` sources."""
    c = Checker(path)
    imported = user and isinstance(data, dict) and data.get("imported") is True
    required = NOTE_REQUIRED - {"exams"} if imported else NOTE_REQUIRED  # an imported bank's exam is unknown
    note = c.file_root(data, NOTE_FIELDS, required, user, "note", "id", file_stem)
    if note is None:
        return None, c.problems
    c.text(note, "title", ())
    c.text(note, "summary", ())
    for i, alias in enumerate(c.strings(note, "aliases", ())):
        if alias != alias.lower():
            c.fail(("aliases", i), f"must be lowercase, got {shown(alias)}")
    exams = c.items(note, "exams", (), required=not c.imported)
    for i, exam in enumerate(exams):
        if exam not in EXAMS:
            c.fail(("exams", i), f"must be one of {', '.join(EXAMS)}, got {shown(exam)}")
    for field in ("related", "includes"):
        for i, ref in enumerate(c.items(note, field, ())):
            if not isinstance(ref, str) or not ID_PATTERN.match(ref):
                c.fail((field, i), f"must be a note id, got {shown(ref)}")
    for i, calc in enumerate(c.items(note, "calculators", ())):
        keys = ("calculators", i)
        entry = c.mapping(calc, keys, {"calc", "example"}, {"calc", "example"})
        if entry is None:
            continue
        name = c.choice(entry, "calc", keys, CALCULATORS)
        example = c.text(entry, "example", keys)
        if name and example and not example.startswith(f"das calc {name}"):
            c.fail(keys + ("example",), f"must start with 'das calc {name}'")
    for i, rename in enumerate(c.items(note, "renames", ())):
        keys = ("renames", i)
        entry = c.mapping(rename, keys, {"old", "new", "when", "source"}, {"old", "new", "when", "source"})
        if entry is not None:
            for field in ("old", "new", "when"):
                c.text(entry, field, keys)
            c.source(entry, keys)
    sections = c.items(note, "sections", (), required=True)
    seen: set[str] = set()
    card_ids: set[str] = set()
    for i, section in enumerate(sections):
        _check_section(c, section, ("sections", i), seen, card_ids)
    if "profiles" in note:
        _check_profiles(c, note)
    return (note if not c.problems else None), c.problems


def _check_section(c: Checker, data: Any, keys: KeyPath, seen: set[str], card_ids: set[str]) -> None:
    section = c.mapping(data, keys, SECTION_FIELDS, {"id", "title"})
    if section is None:
        return
    c.unique_id(section, keys, seen, "section")
    c.text(section, "title", keys)
    facts = c.items(section, "facts", keys)
    tables = c.items(section, "tables", keys)
    diagram = section.get("diagram")
    if not facts and not tables and not diagram:
        c.fail(keys + ("facts",), "a section needs facts, a table or a diagram")
    for i, fact in enumerate(facts):
        fkeys = keys + ("facts", i)
        entry = c.mapping(fact, fkeys, {"text", "source", "rule", "card"}, {"text", "source"})
        if entry is None:
            continue
        c.text(entry, "text", fkeys)
        c.source(entry, fkeys)
        c.text(entry, "rule", fkeys)
        if "card" in entry:
            # the id keys the card's review history and its Anki note (note id + card id): required,
            # unique within the note, never reused, so editing the card's text keeps both
            card = c.mapping(entry["card"], fkeys + ("card",), {"id", "front", "back"}, {"id", "front", "back"})
            if card is not None:
                c.unique_id(card, fkeys + ("card",), card_ids, "flashcard")
                c.text(card, "front", fkeys + ("card",))
                c.text(card, "back", fkeys + ("card",))
    for i, corr in enumerate(c.items(section, "corrections", keys)):
        ckeys = keys + ("corrections", i)
        entry = c.mapping(corr, ckeys, {"often_stated", "actually", "source"}, {"often_stated", "actually", "source"})
        if entry is not None:
            c.text(entry, "often_stated", ckeys)
            c.text(entry, "actually", ckeys)
            c.source(entry, ckeys)
    for i, table in enumerate(tables):
        tkeys = keys + ("tables", i)
        entry = c.mapping(table, tkeys, {"title", "columns", "rows", "source"}, {"title", "columns", "rows", "source"})
        if entry is None:
            continue
        c.text(entry, "title", tkeys)
        c.source(entry, tkeys)
        columns = c.strings(entry, "columns", tkeys)
        if len(columns) < 2:
            c.fail(tkeys + ("columns",), "a table needs at least two columns")
        for r, row in enumerate(c.items(entry, "rows", tkeys, required=True)):
            if not isinstance(row, list) or len(row) != len(columns):
                c.fail(tkeys + ("rows", r), f"must be a list of {len(columns)} cells, one per column")
            elif any(not isinstance(cell, (str, int, float)) or isinstance(cell, bool) for cell in row):
                c.fail(tkeys + ("rows", r), "cells must be text or numbers")
    if diagram is not None:
        if not isinstance(diagram, str) or not diagram.strip():
            c.fail(keys + ("diagram",), "must be non-empty text")
        else:
            widest = max(len(line) for line in diagram.splitlines())
            if widest > MAX_DIAGRAM_WIDTH:
                c.fail(keys + ("diagram",), f"lines must be at most {MAX_DIAGRAM_WIDTH} columns, found {widest}")
    for i, tip in enumerate(c.items(section, "tips", keys)):
        tkeys = keys + ("tips", i)
        entry = c.mapping(tip, tkeys, {"kind", "text", "source"}, {"kind", "text", "source"})
        if entry is not None:
            c.choice(entry, "kind", tkeys, ("tip", "trap"))
            c.text(entry, "text", tkeys)
            c.source(entry, tkeys)


def _check_profiles(c: Checker, note: dict) -> None:
    fields = {"id", "name", "status", "questions", "minutes", "passing_score", "domains", "source"}
    optional = {"guide_version", "guide_date", "changes"}
    for i, profile in enumerate(c.items(note, "profiles", (), required=True)):
        keys = ("profiles", i)
        entry = c.mapping(profile, keys, fields | optional, fields)
        if entry is None:
            continue
        pid = c.choice(entry, "id", keys, EXAMS)
        c.text(entry, "name", keys)
        c.choice(entry, "status", keys, ("active", "retired"))
        c.integer(entry, "questions", keys, 1)
        c.integer(entry, "minutes", keys, 1)
        score = c.integer(entry, "passing_score", keys, 100)
        if score is not None and score > 1000:
            c.fail(keys + ("passing_score",), "must be on the 100-1000 scale")
        c.source(entry, keys)
        for name in ("guide_version", "guide_date"):
            if name in entry:
                c.text(entry, name, keys)
        if "changes" in entry:
            c.strings(entry, "changes", keys)
        valid = DAS_DOMAINS if pid == "das-c01" else DEA_DOMAINS
        total = 0
        for d, domain in enumerate(c.items(entry, "domains", keys, required=True)):
            dkeys = keys + ("domains", d)
            dom = c.mapping(domain, dkeys, {"id", "name", "weight", "tasks"}, {"id", "name", "weight"})
            if dom is None:
                continue
            for t, task in enumerate(c.items(dom, "tasks", dkeys)):
                tkeys = dkeys + ("tasks", t)
                entry_t = c.mapping(task, tkeys, {"id", "name", "skills"}, {"id", "name", "skills"})
                if entry_t is None:
                    continue
                if str(entry_t.get("id")) not in DEA_TASKS:
                    c.fail(tkeys + ("id",), f"must be a DEA-C01 task statement ({', '.join(DEA_TASKS)})")
                c.text(entry_t, "name", tkeys)
                c.strings(entry_t, "skills", tkeys)
            c.choice(dom, "id", dkeys, valid)
            c.text(dom, "name", dkeys)
            total += c.integer(dom, "weight", dkeys, 1) or 0
        if total != 100:
            c.fail(keys + ("domains",), f"weights must add up to 100, got {total}")
