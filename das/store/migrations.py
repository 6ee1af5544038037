"""Schema migrations that need more than SQL. Each runs inside the migration's write transaction."""

from __future__ import annotations

import hashlib
import sqlite3


def old_flashcard_key(note_id: str, section_id: str, front: str) -> str:
    """The key schema 2 gave a note flashcard: a hash of its front text (so an edit orphaned it)."""
    return f"card:{note_id}:{section_id}:" + hashlib.sha1(front.strip().encode("utf-8")).hexdigest()[:10]


def flashcard_ids(conn: sqlite3.Connection) -> None:
    """Schema 3: flashcards are keyed by their content id (`card:<note>:<card id>`), so editing a card's
    text keeps its schedule. Each existing card's old key is computed from the current front text and
    its card and answers are carried over. Drills answered from now on keep their generated question
    (table `drills`) so review can ask them again; older drill cards cannot be rebuilt and are dropped
    (their answers stay in the history)."""
    conn.execute("CREATE TABLE drills (key TEXT PRIMARY KEY, question TEXT NOT NULL)")
    conn.execute("DELETE FROM cards WHERE key LIKE 'drill-%'")
    if not conn.execute("SELECT 1 FROM cards WHERE kind = 'flashcard' LIMIT 1").fetchone():
        return
    from das.content.library import load_library

    library = load_library(strict=False, questions=False)
    for note in library.notes.values():
        for section in note.sections:
            for fact in section.facts:
                card = fact.get("card") if isinstance(fact, dict) else None
                if not card or not card.get("id"):
                    continue
                old = old_flashcard_key(note.id, section.id, card["front"])
                new = f"card:{note.id}:{card['id']}"
                if conn.execute("SELECT 1 FROM cards WHERE key = ?", (new,)).fetchone():
                    continue
                conn.execute("UPDATE cards SET key = ? WHERE key = ? AND kind = 'flashcard'", (new, old))
                conn.execute("UPDATE answers SET question_id = ? WHERE question_id = ?", (new, old))
