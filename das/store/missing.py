"""Review cards whose content is gone (`das doctor --forget-missing`): a question or note flashcard not in
the content loaded now (a --content-dir folder not given, or content since removed), or a stored drill
whose generated question is no longer kept. Review cannot ask them; it reports those due on every run.
Forgetting them deletes their cards (their schedules) only: answers, and so every answer count in
`das stats` (kept in running totals by triggers on the answers table), stay as they are."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from das.store.progress import Progress

# a card is missing when its kind's content cannot be found: bank questions and note flashcards by their key
# among the content loaded now (temp.loaded), drills by their stored generated question
_MISSING = ("FROM cards c WHERE (c.kind IN ('question', 'flashcard') AND NOT EXISTS "
            "(SELECT 1 FROM temp.loaded l WHERE l.key = c.key)) OR (c.kind = 'drill' AND NOT EXISTS "
            "(SELECT 1 FROM drills d WHERE d.key = c.key))")


@dataclass(frozen=True)
class MissingCard:
    key: str  # question id, card:<note>:<card id>, or drill key
    kind: str  # question | flashcard | drill
    topic: str  # the note id the card was filed under when it was created


def _load_keys(conn: sqlite3.Connection, loaded: set[str]) -> None:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS loaded (key TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.loaded")
    conn.executemany("INSERT OR IGNORE INTO temp.loaded VALUES (?)", ((k,) for k in loaded))


def missing_cards(store: Progress, loaded: set[str]) -> list[MissingCard]:
    """Every card whose content is not loaded now, by topic then key. `loaded`: the keys of every bank
    question and note flashcard loaded now (das.practice.review_queue.loaded_keys)."""
    _load_keys(store.conn, loaded)
    return [MissingCard(*row) for row in store.conn.execute(
        f"SELECT c.key, c.kind, c.topic {_MISSING} ORDER BY c.topic, c.key")]


def forget_missing(store: Progress, loaded: set[str]) -> int:
    """Delete every card whose content is not loaded now (as missing_cards() finds them, read again inside
    the write transaction), in one write transaction; answers are kept. Returns how many were deleted.
    Raises StateError when it cannot be saved (a lock held past Progress's wait, a full disk)."""

    def work(conn: sqlite3.Connection) -> int:
        _load_keys(conn, loaded)
        return conn.execute(f"DELETE FROM cards WHERE key IN (SELECT c.key {_MISSING})").rowcount

    return int(store.locked(work))
