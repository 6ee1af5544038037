"""Study notes as typed objects, and forgiving lookup of a topic or section by what a user types."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from das.content.schema import EXAMS
from das.errors import UsageError


def _exam_rank(exam: Any) -> int:
    return EXAMS.index(exam) if exam in EXAMS else len(EXAMS)


def exam_order(exams: Any) -> list[str]:
    """A note's exam ids in das's order (das.content.schema.EXAMS: DEA-C01, the default, first); ids das
    does not know keep their order, after the known ones. The content files may list them in any order."""
    return sorted(exams, key=_exam_rank)


@dataclass
class Section:
    id: str
    title: str
    facts: list[dict] = field(default_factory=list)
    corrections: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    tips: list[dict] = field(default_factory=list)
    diagram: str | None = None


@dataclass
class Note:
    id: str
    title: str
    aliases: list[str]
    summary: str
    exams: list[str]
    sections: list[Section]
    related: list[str] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    calculators: list[dict] = field(default_factory=list)
    renames: list[dict] = field(default_factory=list)
    profiles: list[dict] = field(default_factory=list)
    path: str = ""

    @classmethod
    def from_data(cls, data: dict[str, Any], path: str) -> "Note":
        """The note from a notes file's data already checked against the schema; `path` is the file it came from.
        KeyError if a required field is missing."""
        sections = [
            Section(
                id=s["id"], title=s["title"], facts=s.get("facts", []), corrections=s.get("corrections", []),
                tables=s.get("tables", []), tips=s.get("tips", []), diagram=s.get("diagram"),
            )
            for s in data["sections"]
        ]
        return cls(
            id=data["id"], title=data["title"], aliases=list(data.get("aliases", [])), summary=data["summary"],
            exams=exam_order(data.get("exams", [])), sections=sections, related=list(data.get("related", [])),
            includes=list(data.get("includes", [])), calculators=list(data.get("calculators", [])),
            renames=list(data.get("renames", [])),
            profiles=sorted(data.get("profiles", []), key=lambda p: _exam_rank(p.get("id"))), path=path,
        )

    def section(self, section_id: str) -> Section | None:
        """The section with exactly this id, or None."""
        return next((s for s in self.sections if s.id == section_id), None)

    def as_json(self) -> dict[str, Any]:
        """The note as JSON data, the base of `das explain TOPIC --json`: its fields and sections (empty section fields
        left out; `profiles` only when there are some; no path)."""
        data = {
            "id": self.id, "title": self.title, "aliases": self.aliases, "summary": self.summary,
            "exams": self.exams, "related": self.related, "includes": self.includes,
            "calculators": self.calculators, "renames": self.renames,
            "sections": [
                {k: v for k, v in vars(s).items() if v not in (None, [])} for s in self.sections
            ],
        }
        if self.profiles:
            data["profiles"] = self.profiles
        return data


def normalize(text: str) -> str:
    """Lowercase, with spaces, hyphens and underscores treated alike: 'Kinesis_Firehose' = 'kinesis firehose'."""
    return re.sub(r"[\s_\-]+", " ", text.strip().lower())


def topic_index(notes: dict[str, Note]) -> dict[str, str]:
    """Every name a user may type (ids, aliases, titles) mapped to its note id."""
    index: dict[str, str] = {}
    for note in notes.values():
        for name in (note.id, note.title, *note.aliases):
            index.setdefault(normalize(name), note.id)
        # "Amazon Data Firehose" should also answer to "data firehose"
        for prefix in ("amazon ", "aws "):
            title = normalize(note.title)
            if title.startswith(prefix):
                index.setdefault(title[len(prefix):], note.id)
    return index


def find_note(notes: dict[str, Note], query: str) -> Note | None:
    """The note a user means, or None; exact names and aliases first, case and spacing ignored."""
    key = normalize(query)
    index = topic_index(notes)
    if key in index:
        return notes[index[key]]
    return None


def suggest(candidates: list[str], query: str) -> list[str]:
    """Close matches for a typo, best first."""
    return difflib.get_close_matches(normalize(query), candidates, n=3, cutoff=0.6)


def resolve_note(notes: dict[str, Note], query: str) -> Note:
    """Like find_note, but a miss is a UsageError that suggests what the user probably meant."""
    note = find_note(notes, query)
    if note is not None:
        return note
    index = topic_index(notes)
    hints = []
    for name in suggest(list(index), query):
        target = index[name]
        if target not in hints:
            hints.append(target)
    if hints:
        raise UsageError(f"no topic {query!r}; did you mean {' or '.join(hints)}? (das explain lists all topics)")
    raise UsageError(f"no topic {query!r}; run 'das explain' to list the topics")


def find_section(note: Note, query: str) -> Section | None:
    """A section by id, title, or an unambiguous prefix of either."""
    key = normalize(query)
    for section in note.sections:
        if key in (normalize(section.id), normalize(section.title)):
            return section
    matches = [s for s in note.sections if normalize(s.id).startswith(key) or normalize(s.title).startswith(key)]
    return matches[0] if len(matches) == 1 else None


def resolve_section(note: Note, query: str) -> Section:
    """Like find_section, but a miss is a UsageError naming close section ids and listing the note's sections."""
    section = find_section(note, query)
    if section is not None:
        return section
    ids = [normalize(s.id) for s in note.sections]
    close = suggest(ids, query)
    hint = f"; did you mean {' or '.join(c.replace(' ', '-') for c in close)}?" if close else ""
    raise UsageError(
        f"no section {query!r} in {note.id}{hint} (sections: {', '.join(s.id for s in note.sections)})"
    )


@dataclass(frozen=True)
class Flashcard:
    """A note flashcard: `card: {id, front, back}` on a fact, with the fact's source."""

    id: str  # the card's content id, unique within its note
    note_id: str
    section_id: str
    front: str
    back: str
    source: str

    @property
    def key(self) -> str:
        """The progress key: card:<note>:<card id>, stable while the card's text is edited."""
        return f"card:{self.note_id}:{self.id}"

    @property
    def read_next_command(self) -> str:
        """The command that opens the card's note section: 'das explain <note> <section>'."""
        return f"das explain {self.note_id} {self.section_id}"


def note_flashcards(note: Note) -> list[Flashcard]:
    """The flashcards of one note, in the note's order."""
    return [Flashcard(str(fact["card"]["id"]), note.id, section.id, fact["card"]["front"].strip(),
                      fact["card"]["back"].strip(), fact["source"])
            for section in note.sections for fact in section.facts
            if fact.get("card") and fact["card"].get("id")]


def resolve_topic_and_section(notes: dict[str, "Note"], words: list[str]) -> tuple["Note", "Section | None"]:
    """TOPIC [SECTION] from the words typed, where the topic itself may be several words (`kinesis
    firehose buffering`). Raises UsageError (with "did you mean") when no topic or section matches."""
    for split in range(len(words), 0, -1):
        note = find_note(notes, " ".join(words[:split]))
        if note is None:
            continue
        rest = " ".join(words[split:])
        if not rest:
            return note, None
        section = find_section(note, rest)
        if section is not None:
            return note, section
        if split == 1 or find_note(notes, " ".join(words[:1])) is None:
            return note, resolve_section(note, rest)
    # Nothing matched as a topic: report the best guess for the first word(s).
    if len(words) > 1:
        head = find_note(notes, words[0])
        if head is not None:
            return head, resolve_section(head, " ".join(words[1:]))
    return resolve_note(notes, " ".join(words)), None
