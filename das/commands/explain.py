"""`das explain`: the study notes, structured and searchable."""

from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer


def explain(
    words: Optional[List[str]] = typer.Argument(None, metavar="[TOPIC [SECTION]]", help="A topic (name, alias or id), then optionally a section."),
    search: Optional[str] = typer.Option(None, "--search", "-s", help="Find facts containing all these words, across all notes (or within TOPIC)."),
    no_pager: bool = typer.Option(False, "--no-pager", help="Print straight to the terminal, without a pager."),
    as_json: bool = typer.Option(False, "--json", help="Print the note (or the topic list, or matches) as JSON."),
    content_dir: Optional[List[str]] = typer.Option(
        None, "--content-dir", help="An extra content folder (notes/, questions/) merged with the built-in one."),
) -> None:
    """Study notes: list topics, show a topic or one section, or search every fact."""
    from das.commands.common import library
    from das.content.notes import resolve_note, resolve_topic_and_section
    from das.ui import note_view
    from das.ui.blocks import output_width, show

    lib = library(content_dir, questions=False)
    words = [w for w in (words or []) if w.strip()]
    if search is not None:
        from das.content.search import search_notes

        scope = list(lib.notes.values())
        if words:
            scope = [resolve_note(lib.notes, " ".join(words))]
        matches = search_notes(scope, search)
        if as_json:
            _json([m.as_json() for m in matches])
        else:
            show(note_view.search_blocks(matches, search, output_width()), pager=not no_pager)
        return
    if not words:
        notes = sorted(lib.notes.values(), key=lambda n: n.id)
        if as_json:
            _json([{"id": n.id, "title": n.title, "summary": n.summary, "aliases": n.aliases} for n in notes])
        else:
            show(note_view.topic_list_blocks(notes), pager=not no_pager)
        return
    note, section = resolve_topic_and_section(lib.notes, words)
    if as_json:
        data = note.as_json()
        if section is not None:
            data = {"note": note.id, **next(s for s in data["sections"] if s["id"] == section.id)}
        _json(data)
        return
    show(note_view.note_blocks(note, section, output_width()), pager=not no_pager)


def _json(data) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
