"""What an export holds (questions and note flashcards of the chosen topics), the HTML both Anki
formats show, and the stable ids and tags that let a later export update the same notes."""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass

from das.content.bank import Question
from das.content.library import Library
from das.content.notes import Flashcard as Card, note_flashcards, resolve_note

LETTERS = "ABCDEFGH"
DECK_ROOT = "das"
NO_EXPLANATION = "the source gives no explanation"


@dataclass(frozen=True)
class Selection:
    questions: list[Question]
    cards: list[Card]


def select(library: Library, topics: list[str], flashcards: bool = True) -> Selection:
    """The questions and flashcards of `topics` (names or aliases; a topic includes the notes it
    `includes`), or of everything when none is given. Raises UsageError for an unknown topic."""
    if topics:
        wanted: set[str] = set()
        for query in topics:
            note = resolve_note(library.notes, query)
            wanted |= {note.id, *note.includes}
    else:
        wanted = set(library.notes) | {q.topic for q in library.questions.values()}
    questions = sorted((q for q in library.questions.values() if q.topic in wanted), key=lambda q: (q.topic, q.id))
    cards: list[Card] = []
    if flashcards:
        for note_id in sorted(wanted):
            note = library.notes.get(note_id)
            if note is None:
                continue
            cards += note_flashcards(note)
    return Selection(questions, cards)


def guid_for_question(question_id: str, kind: str = "") -> str:
    """The Anki note GUID of a question: from its das id (unique across the content), so a new export
    updates the same note. `kind` "basic" gives the CSV export's Basic notes GUIDs of their own."""
    import genanki

    return genanki.guid_for("das", f"{kind}-question" if kind else "question", question_id)


def guid_for_card(note_id: str, card_id: str, kind: str = "") -> str:
    """The Anki note GUID of a flashcard, from its note id and card id: a card id is unique only within
    its note, so the pair is what identifies it (and stays stable while neither id changes)."""
    import genanki

    return genanki.guid_for("das", f"{kind}-flashcard" if kind else "flashcard", note_id, card_id)


def deck_name(topic: str) -> str:
    """The Anki deck of a topic's questions and flashcards: 'das::<topic>'."""
    return f"{DECK_ROOT}::{topic}"


def deck_id(name: str) -> int:
    """A stable Anki deck id for a deck name (Anki ids are 64-bit; genanki suggests 2^30..2^31)."""
    return (1 << 30) + int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16) % (1 << 30)


def question_tags(q: Question) -> list[str]:
    """Anki tags: das::question, das::topic::T, DEA-C01::domain, DEA-C01::task::N.N, DAS-C01::domain (the
    default exam's first)."""
    tags = ["das::question", f"das::topic::{q.topic}"]
    if q.dea_domain != "unknown":
        tags.append(f"DEA-C01::{q.dea_domain}")
    tags += [f"DEA-C01::task::{t}" for t in q.dea_task]
    if q.das_domain != "unknown":
        tags.append(f"DAS-C01::{q.das_domain}")
    return tags


def card_tags(card: Card) -> list[str]:
    """Anki tags of a flashcard: das::flashcard and das::topic::<note id>."""
    return ["das::flashcard", f"das::topic::{card.note_id}"]


def _html(text: str) -> str:
    return html.escape(text.strip()).replace("\n", "<br>")


def source_html(url: str) -> str:
    """A source as HTML: an https:// URL as a link, anything else (e.g. an imported file: source) as escaped text."""
    if url.startswith("https://"):
        return f'<a href="{html.escape(url)}">{html.escape(url)}</a>'
    return html.escape(url)


def question_fields(q: Question) -> dict[str, str]:
    """The HTML fields of a question note: stem, lettered options, answer, every option's explanation,
    source link, read next."""
    keys = list(q.options)
    options = "".join(f"<li>{_html(q.options[k])}</li>" for k in keys)
    letters = [LETTERS[keys.index(k)] for k in q.answer]
    explanations = "".join(
        f"<dt>{LETTERS[i]}</dt><dd>{_html(q.explanations.get(k) or NO_EXPLANATION)}</dd>" for i, k in enumerate(keys))
    return {
        "Stem": f'<div class="das-stem">{_html(q.stem)}</div>',
        "Options": f'<ol class="das-options" type="A">{options}</ol>',
        "Answer": f'<div class="das-answer">Answer: {", ".join(sorted(letters))}</div>',
        "Explanations": f'<dl class="das-explanations">{explanations}</dl>',
        "Source": source_html(q.source),
        "ReadNext": html.escape(q.read_next_command),
        "DasId": html.escape(q.id),
    }


def card_fields(card: Card) -> dict[str, str]:
    """The HTML fields of a flashcard note: Front, Back, Source link, ReadNext command and CardId."""
    return {"Front": _html(card.front), "Back": _html(card.back), "Source": source_html(card.source),
            "ReadNext": html.escape(card.read_next_command), "CardId": html.escape(card.id)}


def question_front(fields: dict[str, str]) -> str:
    """The front of a question in Anki's Basic note type (text-import file): the stem and lettered options, as HTML."""
    return fields["Stem"] + fields["Options"]


def question_back(fields: dict[str, str]) -> str:
    """The back of a question in Anki's Basic note type (text-import file): answer, explanations, source and read next,
    as HTML."""
    return (fields["Answer"] + fields["Explanations"] + f'<div class="das-source">source: {fields["Source"]}</div>'
            + f'<div class="das-read-next">read next: {fields["ReadNext"]}</div>')


def card_back(fields: dict[str, str]) -> str:
    """The back of a flashcard in Anki's Basic note type (text-import file): the back text, source and read next, as
    HTML."""
    return (fields["Back"] + f'<div class="das-source">source: {fields["Source"]}</div>'
            + f'<div class="das-read-next">read next: {fields["ReadNext"]}</div>')

