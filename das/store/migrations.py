"""The schema migrations (MIGRATIONS, in order) and the steps that need more than SQL. Each runs inside the
migration's write transaction, except backfill_cards, run once after them with its own."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime
from typing import Callable, Union


def backfill_cards(conn: sqlite3.Connection) -> None:
    """Schema 2 added spaced repetition: replay the answers of schema 1 through FSRS, in order (one write
    transaction of its own)."""
    rows = conn.execute("SELECT question_id, topic, correct, answered_at FROM answers ORDER BY id").fetchall()
    if not rows:
        return
    from das.practice.scheduling import reschedule

    cards: dict[str, tuple[str, str, str, int, str]] = {}
    for qid, topic, correct, answered_at in rows:
        when = datetime.fromisoformat(answered_at)
        previous = cards.get(qid)
        card_json, due = reschedule(previous[1] if previous else None, qid, bool(correct), when, None)
        created = previous[4] if previous else answered_at
        cards[qid] = (topic, card_json, due, (previous[3] if previous else 0) + 1, created)
    conn.execute("BEGIN IMMEDIATE")
    try:
        for qid, (topic, card_json, due, reviews, created) in cards.items():
            conn.execute(
                "INSERT OR IGNORE INTO cards (key, kind, topic, card, due, reviews, created_at) "
                "VALUES (?, 'question', ?, ?, ?, ?, ?)", (qid, topic, card_json, due, reviews, created))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def old_flashcard_key(note_id: str, section_id: str, front: str) -> str:
    """The key schema 2 gave a note flashcard: a hash of its front text (so an edit orphaned it)."""
    return f"card:{note_id}:{section_id}:" + hashlib.sha1(front.strip().encode("utf-8")).hexdigest()[:10]


def flashcard_ids(conn: sqlite3.Connection) -> None:
    """Schema 3: flashcards are keyed by their content id (`card:<note>:<card id>`), so editing a card's
    text keeps its schedule. Each existing card's old key is computed from the current front text and
    its card and answers are carried over. Drills answered from now on keep their generated question
    (table `drills`) so review can ask them again; older drill cards cannot be rebuilt and are dropped
    (their answers stay in the history). Then the running totals of `tallies`."""
    conn.execute("CREATE TABLE drills (key TEXT PRIMARY KEY, question TEXT NOT NULL)")
    # review finds drills and new flashcards by kind without reading the other cards
    conn.execute("CREATE INDEX cards_kind_due ON cards(kind, due)")
    conn.execute("DELETE FROM cards WHERE key LIKE 'drill-%'")
    if conn.execute("SELECT 1 FROM cards WHERE kind = 'flashcard' LIMIT 1").fetchone():
        _rekey_flashcards(conn)
    tallies(conn)


def _rekey_flashcards(conn: sqlite3.Connection) -> None:
    from das.content.library import load_library
    from das.content.notes import note_flashcards

    library = load_library(strict=False, questions=False)
    rekey_flashcards(conn, [card for note in library.notes.values() for card in note_flashcards(note)])


OLD_KEYS = "SELECT key FROM cards WHERE kind = 'flashcard' AND key GLOB 'card:*:*:*'"  # ids have no ':'


def rekey_flashcards(conn: sqlite3.Connection, cards) -> int:
    """Carry schema-2 flashcard history (keys `card:<note>:<section>:<hash of the front>`) over to the
    content ids of these flashcards (das.content.notes.Flashcard), matching each old key to the card's
    current front text: its card, answers and running totals. Idempotent: an old key whose new key
    already has a card is left alone. Run inside a write transaction; returns how many cards moved."""
    moved = 0
    has_tallies = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'question_tally'").fetchone()
    for card in cards:
        old = old_flashcard_key(card.note_id, card.section_id, card.front)
        new = card.key
        if old == new or conn.execute("SELECT 1 FROM cards WHERE key = ?", (new,)).fetchone():
            continue
        if not conn.execute("UPDATE cards SET key = ? WHERE key = ? AND kind = 'flashcard'", (new, old)).rowcount:
            continue
        moved += 1
        conn.execute("UPDATE answers SET question_id = ? WHERE question_id = ?", (new, old))
        if has_tallies:
            conn.execute("DELETE FROM question_tally WHERE question_id IN (?, ?)", (old, new))
            conn.execute(
                "INSERT INTO question_tally SELECT question_id, topic, COALESCE(das_domain, ''), COALESCE(dea_domain, ''), "
                "COUNT(*), SUM(correct), MAX(id), 0 FROM answers WHERE question_id = ? GROUP BY 1, 2, 3, 4", (new,))
            conn.execute("UPDATE question_tally SET last_correct = (SELECT correct FROM answers WHERE id = last_id) "
                         "WHERE question_id = ?", (new,))
    return moved


TALLIES = """
CREATE TABLE question_tally (
    question_id TEXT NOT NULL, topic TEXT NOT NULL, das_domain TEXT NOT NULL, dea_domain TEXT NOT NULL,
    answers INTEGER NOT NULL, correct INTEGER NOT NULL,
    last_id INTEGER NOT NULL, last_correct INTEGER NOT NULL,   -- the latest answer of this row
    PRIMARY KEY (question_id, topic, das_domain, dea_domain)   -- '' for no domain (flashcards)
);
CREATE TABLE minute_tally (minute TEXT PRIMARY KEY, answers INTEGER NOT NULL, correct INTEGER NOT NULL);
CREATE TABLE session_tally (session_id INTEGER PRIMARY KEY, answers INTEGER NOT NULL);
CREATE TRIGGER answers_tally_insert AFTER INSERT ON answers BEGIN
    INSERT INTO question_tally VALUES (NEW.question_id, NEW.topic, COALESCE(NEW.das_domain, ''),
        COALESCE(NEW.dea_domain, ''), 1, NEW.correct, NEW.id, NEW.correct)
        ON CONFLICT DO UPDATE SET answers = answers + 1, correct = correct + excluded.correct,
        last_id = MAX(last_id, excluded.last_id),
        last_correct = CASE WHEN excluded.last_id > last_id THEN excluded.last_correct ELSE last_correct END;
    INSERT INTO minute_tally VALUES (substr(NEW.answered_at, 1, 16), 1, NEW.correct)
        ON CONFLICT DO UPDATE SET answers = answers + 1, correct = correct + excluded.correct;
    INSERT INTO session_tally VALUES (NEW.session_id, 1) ON CONFLICT DO UPDATE SET answers = answers + 1;
END;
CREATE TRIGGER answers_tally_delete AFTER DELETE ON answers BEGIN
    UPDATE question_tally SET answers = answers - 1, correct = correct - OLD.correct,
        last_id = COALESCE((SELECT MAX(id) FROM answers WHERE question_id = OLD.question_id), 0),
        last_correct = COALESCE((SELECT correct FROM answers WHERE question_id = OLD.question_id
                                 ORDER BY id DESC LIMIT 1), 0)
        WHERE question_id = OLD.question_id AND topic = OLD.topic
          AND das_domain = COALESCE(OLD.das_domain, '') AND dea_domain = COALESCE(OLD.dea_domain, '');
    DELETE FROM question_tally WHERE answers <= 0;
    UPDATE minute_tally SET answers = answers - 1, correct = correct - OLD.correct
        WHERE minute = substr(OLD.answered_at, 1, 16);
    DELETE FROM minute_tally WHERE answers <= 0;
    UPDATE session_tally SET answers = answers - 1 WHERE session_id = OLD.session_id;
    DELETE FROM session_tally WHERE answers <= 0;
END;
"""


def tallies(conn: sqlite3.Connection) -> None:
    """Running totals kept by triggers on `answers` (per question row, per UTC minute, per session), so
    `das stats` reads aggregates without scanning every answer; filled once from the existing answers."""
    buffer = ""
    for line in TALLIES.splitlines(keepends=True):  # whole statements, trigger bodies included
        buffer += line
        if sqlite3.complete_statement(buffer):
            conn.execute(buffer)
            buffer = ""
    conn.execute(
        "INSERT INTO question_tally SELECT question_id, topic, COALESCE(das_domain, ''), COALESCE(dea_domain, ''), "
        "COUNT(*), SUM(correct), MAX(id), 0 FROM answers GROUP BY 1, 2, 3, 4")
    conn.execute("UPDATE question_tally SET last_correct = (SELECT correct FROM answers WHERE id = last_id)")
    conn.execute("INSERT INTO minute_tally SELECT substr(answered_at, 1, 16), COUNT(*), SUM(correct) "
                 "FROM answers GROUP BY 1")
    conn.execute("INSERT INTO session_tally SELECT session_id, COUNT(*) FROM answers GROUP BY 1")


# Each entry upgrades the schema from version i to i + 1: SQL, or a function run inside the migration's
# write transaction. Never edit a published entry: add one.
MIGRATIONS: list[Union[str, Callable[[sqlite3.Connection], None]]] = [
    # 1: sessions and answers
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,               -- quiz | drill | exam | review
        started_at TEXT NOT NULL,         -- UTC ISO 8601
        ended_at TEXT,
        settings TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        question_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        das_domain TEXT,
        dea_domain TEXT,
        chosen TEXT NOT NULL,             -- option letters as authored, comma-separated, sorted
        correct INTEGER NOT NULL,
        seconds REAL NOT NULL,
        answered_at TEXT NOT NULL         -- UTC ISO 8601
    );
    CREATE INDEX answers_question ON answers(question_id, answered_at);
    CREATE INDEX answers_session ON answers(session_id);
    """,
    # 2: spaced-repetition cards, settings, timed exams
    """
    CREATE TABLE cards (
        key TEXT PRIMARY KEY,             -- question id, or card:<note>:<section>:<hash> for note cards
        kind TEXT NOT NULL,               -- question | flashcard
        topic TEXT NOT NULL,
        card TEXT NOT NULL,               -- fsrs Card as JSON
        due TEXT NOT NULL,                -- UTC ISO 8601, copied from the card for ordering
        reviews INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX cards_due ON cards(due);
    CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE exams (
        id INTEGER PRIMARY KEY,
        profile TEXT NOT NULL,
        status TEXT NOT NULL,             -- in_progress | submitted
        state TEXT NOT NULL,              -- JSON: questions, option orders, answers, flags, times
        time_limit REAL NOT NULL,         -- seconds
        elapsed REAL NOT NULL DEFAULT 0,  -- seconds used, saved with every action
        started_at TEXT NOT NULL,
        submitted_at TEXT,
        result TEXT                       -- JSON summary once submitted
    );
    """,
    # 3: flashcards keyed by their content id (card:<note>:<id>); generated drills kept for review
    flashcard_ids,
]
