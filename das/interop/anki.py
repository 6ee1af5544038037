"""Anki packages (.apkg), written with genanki: a note type for exam questions, one for flashcards,
a deck per topic, tags for topic, domains and task statements, GUIDs from das's stable ids."""

from __future__ import annotations

from pathlib import Path

from das.interop.export import (
    Selection, card_fields, card_tags, deck_id, deck_name, guid_for_card, guid_for_question, question_fields,
    question_tags,
)

# Fixed ids: Anki matches note types by id, so every export uses the same two.
QUESTION_MODEL_ID = 1_714_052_201
FLASHCARD_MODEL_ID = 1_714_052_202
QUESTION_MODEL_NAME = "das exam question"
FLASHCARD_MODEL_NAME = "das flashcard"
QUESTION_FIELDS = ["Stem", "Options", "Answer", "Explanations", "Source", "ReadNext", "DasId"]
FLASHCARD_FIELDS = ["Front", "Back", "Source", "ReadNext", "CardId"]

_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.das-options li { margin: 0.3em 0; }
.das-answer { font-weight: bold; margin: 0.5em 0; }
.das-explanations dt { font-weight: bold; }
.das-source, .das-read-next { font-size: 14px; color: #666; margin-top: 0.5em; }
"""


_BACK_FOOTER = ('<div class="das-source">source: {{Source}}</div>'
                '<div class="das-read-next">read next: {{ReadNext}}</div>')


def _model(model_id: int, name: str, fields: tuple[str, ...] | list[str], card: str, front: str, back: str):
    """One genanki note type with a single card template: `front` fields, then the answer side."""
    import genanki

    return genanki.Model(
        model_id, name, fields=[{"name": field} for field in fields],
        templates=[{"name": card, "qfmt": front, "afmt": '{{FrontSide}}<hr id="answer">' + back + _BACK_FOOTER}],
        css=_CSS,
    )


def _models():
    question = _model(QUESTION_MODEL_ID, QUESTION_MODEL_NAME, QUESTION_FIELDS, "Question",
                      "{{Stem}}{{Options}}", "{{Answer}}{{Explanations}}")
    flashcard = _model(FLASHCARD_MODEL_ID, FLASHCARD_MODEL_NAME, FLASHCARD_FIELDS, "Card", "{{Front}}", "{{Back}}")
    return question, flashcard


def write_apkg(selection: Selection, path: Path) -> dict[str, int]:
    """Write an Anki package; returns counts {questions, flashcards, decks}. Raises OSError when the
    file cannot be written (and then leaves no temporary file anywhere)."""
    import genanki

    question_model, flashcard_model = _models()
    decks: dict[str, genanki.Deck] = {}

    def deck(topic: str) -> genanki.Deck:
        name = deck_name(topic)
        if name not in decks:
            decks[name] = genanki.Deck(deck_id(name), name)
        return decks[name]

    for q in selection.questions:
        fields = question_fields(q)
        deck(q.topic).add_note(genanki.Note(
            model=question_model, fields=[fields[name] for name in QUESTION_FIELDS],
            tags=question_tags(q), guid=guid_for_question(q.id)))
    for card in selection.cards:
        fields = card_fields(card)
        deck(card.note_id).add_note(genanki.Note(
            model=flashcard_model, fields=[fields[name] for name in FLASHCARD_FIELDS],
            tags=card_tags(card), guid=guid_for_card(card.note_id, card.id)))
    _write_package(genanki.Package([decks[name] for name in sorted(decks)]), path)
    return {"questions": len(selection.questions), "flashcards": len(selection.cards), "decks": len(decks)}


def _write_package(package, path: Path) -> None:
    """What genanki's Package.write_to_file does, without its leak: that builds the collection in a
    tempfile.mkstemp() file in the system temp folder and never deletes it. Here the collection is built
    in a temporary folder beside `path`, removed on success and on every failure. OSError when it cannot
    be written (a full disk included, which SQLite reports as its own error)."""
    import itertools
    import json
    import sqlite3
    import tempfile
    import time
    import zipfile

    with tempfile.TemporaryDirectory(prefix=".das-anki-", dir=path.parent) as work:
        collection = Path(work) / "collection.anki2"
        try:
            conn = sqlite3.connect(collection)
            try:
                timestamp = time.time()
                package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
                conn.commit()
            finally:
                conn.close()
        except sqlite3.Error as exc:
            import errno

            code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF  # SQLITE_FULL 13, SQLITE_IOERR 10
            if "disk is full" in str(exc) or code == 13:
                raise OSError(errno.ENOSPC, f"cannot build the Anki collection: {exc}") from None
            raise OSError(errno.EIO if code == 10 else 0, f"cannot build the Anki collection: {exc}") from None
        with zipfile.ZipFile(path, "w") as outzip:
            outzip.write(collection, "collection.anki2")
            outzip.writestr("media", json.dumps({}))  # das packages carry no media files
