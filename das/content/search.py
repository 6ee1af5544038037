"""Full-text search across the notes: every fact, tip, correction, table row and diagram line."""

from __future__ import annotations

from dataclasses import dataclass

from das.content.notes import Note


@dataclass(frozen=True)
class Match:
    note_id: str
    note_title: str
    section_id: str
    section_title: str
    kind: str  # fact | tip | trap | correction | table | diagram | title
    text: str
    source: str | None

    def as_json(self) -> dict:
        """The match as JSON data for `das explain --search --json`: note, section, kind, text, source and the `das
        explain` command that opens it."""
        return {"note": self.note_id, "section": self.section_id, "kind": self.kind, "text": self.text,
                "source": self.source, "command": f"das explain {self.note_id} {self.section_id}"}


def _entries(note: Note):
    """Every searchable line of a note, with what kind of line it is."""
    for section in note.sections:
        yield section, "title", section.title, None
        for fact in section.facts:
            yield section, "fact", fact["text"], fact["source"]
        for tip in section.tips:
            yield section, tip["kind"], tip["text"], tip["source"]
        for corr in section.corrections:
            yield section, "correction", f"Often stated: {corr['often_stated']} Actually: {corr['actually']}", corr["source"]
        for table in section.tables:
            for row in table["rows"]:
                cells = [f"{col}: {cell}" for col, cell in zip(table["columns"], row)]
                yield section, "table", f"{table['title']}: " + "; ".join(cells), table["source"]
        if section.diagram:
            for line in section.diagram.splitlines():
                if line.strip():
                    yield section, "diagram", line.rstrip(), None


def search_notes(notes: list[Note], query: str) -> list[Match]:
    """Lines containing every word of the query, case-insensitively, in note order."""
    terms = [t for t in query.lower().split() if t]
    if not terms:
        return []
    found = []
    for note in notes:
        for section, kind, text, source in _entries(note):
            haystack = " ".join(text.split()).lower()
            if all(term in haystack for term in terms):
                found.append(Match(note.id, note.title, section.id, section.title, kind, " ".join(text.split()), source))
    return found
