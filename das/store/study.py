"""The study loop's queries on the progress store: review look-ups, undo, and statistics as SQL
aggregates (nothing here loads every answer row into Python)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from typing import Iterator

from das.content.bank import Question
from das.practice.review_queue import CardRef, question_from_json
from das.store.progress import Progress


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


class ReviewData:
    """The store side of `das review` (implements das.practice.review_queue.ReviewSource)."""

    def __init__(self, store: Progress) -> None:
        self.conn = store.conn
        self._askable: set[str] | None = None

    def _refs(self, where: str, now: datetime, keys: set[str]) -> sqlite3.Cursor:
        # the askable keys go into a temporary table and are looked up by primary key: cards that
        # cannot be asked (questions gone from the bank) are never read (CROSS JOIN keeps that order)
        if keys is not self._askable:
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS askable (key TEXT PRIMARY KEY)")
            self.conn.execute("DELETE FROM temp.askable")
            self.conn.executemany("INSERT OR IGNORE INTO temp.askable VALUES (?)", ((k,) for k in keys))
            self._askable = keys
        stamp = now.astimezone(timezone.utc).isoformat(timespec="seconds")
        return self.conn.execute(
            f"SELECT c.key, c.kind, c.topic, c.due FROM temp.askable a CROSS JOIN cards c ON c.key = a.key WHERE c.due {where} ? "
            f"UNION ALL SELECT key, kind, topic, due FROM cards WHERE kind = 'drill' AND due {where} ? "
            "ORDER BY 4, 1", (stamp, stamp))

    def due(self, now: datetime, keys: set[str]) -> list[CardRef]:
        """Cards due at `now` with a key in `keys`, and stored drills, most overdue first (references
        only: no FSRS state is loaded)."""
        return [CardRef(*row) for row in self._refs("<=", now, keys)]

    def due_elsewhere(self, now: datetime, keys: set[str]) -> int:
        """Question and flashcard cards due at `now` whose key is not in `keys`: content not loaded now
        (e.g. an imported bank practised with --content-dir, not given this time)."""
        stamp = now.astimezone(timezone.utc).isoformat(timespec="seconds")
        due = self.conn.execute("SELECT COUNT(*) FROM cards WHERE kind != 'drill' AND due <= ?", (stamp,)).fetchone()[0]
        here = sum(1 for ref in self._refs("<=", now, keys) if ref[1] != "drill")
        return max(0, due - here)

    def later(self, now: datetime, keys: set[str]) -> Iterator[CardRef]:
        """The same for cards not due yet, soonest first, read lazily."""
        return (CardRef(*row) for row in self._refs(">", now, keys).fetchall())

    def card_json(self, keys: list[str]) -> dict[str, str]:
        """The FSRS card JSON of each of these keys that has a card, as {key: JSON} (read 500 keys per query)."""
        out: dict[str, str] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(f"SELECT key, card FROM cards WHERE key IN ({marks})", chunk).fetchall())
        return out

    def drill(self, key: str) -> Question | None:
        """The generated drill question stored under this key, or None. DamagedRecord when it cannot be read."""
        row = self.conn.execute("SELECT question FROM drills WHERE key = ?", (key,)).fetchone()
        try:
            return question_from_json(row[0]) if row else None
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            from das.errors import DamagedRecord

            raise DamagedRecord("a saved drill question cannot be read") from None

    def known_flashcards(self) -> set[str]:
        """Keys of the note flashcards already introduced (that have a card)."""
        return {row[0] for row in self.conn.execute("SELECT key FROM cards WHERE kind = 'flashcard'")}

    def flashcards_created_since(self, since: datetime) -> int:
        """How many flashcards got their card (first review) at or after `since` (compared in UTC)."""
        return self.conn.execute("SELECT COUNT(*) FROM cards WHERE kind = 'flashcard' AND created_at >= ?",
                                 (_iso(since),)).fetchone()[0]


def card_snapshot(store: Progress, key: str) -> tuple | None:
    """A card's stored state (card JSON, due, reviews), or None when it has none: what undo restores."""
    row = store.conn.execute("SELECT card, due, reviews FROM cards WHERE key = ?", (key,)).fetchone()
    return tuple(row) if row else None


def undo_answer(store: Progress, answer_id: int, key: str, snapshot: tuple | None) -> None:
    """Take back one answer: delete it and put its card back as it was before (in one transaction)."""
    def work(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM answers WHERE id = ?", (answer_id,))
        if snapshot is None:
            conn.execute("DELETE FROM cards WHERE key = ?", (key,))
        else:
            conn.execute("UPDATE cards SET card = ?, due = ?, reviews = ? WHERE key = ?", (*snapshot, key))

    store.locked(work)


# --- statistics ----------------------------------------------------------------------------------

def answer_totals(store: Progress) -> tuple[int, int]:
    """(answers, sessions that recorded at least one answer), from the running totals."""
    row = store.conn.execute("SELECT COALESCE(SUM(answers), 0), COUNT(*) FROM session_tally WHERE answers > 0").fetchone()
    return row[0], row[1]


def per_question(store: Progress) -> list[tuple]:
    """One row per (question or card key, topic, DAS domain, DEA domain; None for no domain): answers
    and correct, from the running totals kept by triggers (schema 3)."""
    return [(q, t, das or None, dea or None, n, c) for q, t, das, dea, n, c in store.conn.execute(
        "SELECT question_id, topic, das_domain, dea_domain, answers, correct FROM question_tally")]


def per_minute(store: Progress) -> list[tuple]:
    """(UTC minute 'YYYY-MM-DDTHH:MM', answers, correct): fine enough to regroup by any local day."""
    return store.conn.execute("SELECT minute, answers, correct FROM minute_tally").fetchall()


def card_states(store: Progress) -> list[tuple]:
    """(key, kind, topic, card JSON, reviews, due) for every card."""
    return store.conn.execute("SELECT key, kind, topic, card, reviews, due FROM cards").fetchall()


def due_askable(store: Progress, library, now: datetime) -> list[tuple[str, str, str]]:
    """(key, kind, topic) of every due card review could ask now (in the content, or a stored drill)."""
    from das.practice.review_queue import flashcards

    cards = flashcards(library)
    out = []
    from das.practice.review_queue import Scope, _Builder

    data = ReviewData(store)
    for ref in data.due(now, _Builder(library, data, Scope()).askable_keys()):
        if (ref.kind == "question" and ref.key in library.questions) or ref.kind == "drill":
            out.append((ref.key, ref.kind, ref.topic))
        elif ref.kind == "flashcard" and ref.key in cards:
            out.append((ref.key, ref.kind, cards[ref.key].note_id))
    return out


def build_stats(library, store: Progress, now: datetime | None = None) -> tuple[dict, tuple]:
    """Everything `das stats` shows, as JSON-ready data, and the rows (topics, DAS-C01 domains, DEA-C01
    domains, DEA-C01 tasks) for rendering. Aggregates come from SQL; no answer row is loaded."""
    from das.content.schema import DAS_DOMAINS, DEA_DOMAINS
    from das.practice.clock import utc_now
    from das.practice.stats import (
        breakdown, card_recall, history, readiness, task_breakdown, todo, weakest_topics,
    )

    now = now or utc_now()
    answers, sessions = answer_totals(store)
    grouped = per_question(store)
    states = card_states(store)
    recall = card_recall(states, now)
    topics = breakdown(library, grouped, "topic", cards=recall)
    das = breakdown(library, grouped, "das_domain", list(DAS_DOMAINS), recall)
    dea = breakdown(library, grouped, "dea_domain", list(DEA_DOMAINS), recall)
    tasks = task_breakdown(library, grouped, recall)
    work = todo(library, store.missed_ids(), store.answered_ids(), due_askable(store, library, now))
    data = {"answers": answers, "sessions": sessions,
            "topics": [r.as_json() for r in topics], "das_c01_domains": [r.as_json() for r in das],
            "dea_c01_domains": [r.as_json() for r in dea], "dea_c01_tasks": [r.as_json() for r in tasks],
            "history": history(per_minute(store), store.exams()), "weakest_topics": weakest_topics(topics, work),
            "readiness": readiness(library, states, store.exam_date(), now)}
    return data, (topics, das, dea, tasks)


def review_scope(library, topics: list[str], domain: str | None):
    """The `das review TOPIC ... --domain D` scope: each topic's note and the notes it includes. A topic
    with neither questions nor flashcards is a UsageError (exit 2)."""
    from das.content.notes import resolve_note
    from das.errors import UsageError
    from das.practice.review_queue import Scope, flashcards

    if not topics:
        return Scope(None, domain)
    with_cards = {c.note_id for c in flashcards(library).values()} | {q.topic for q in library.questions.values()}
    notes: set[str] = set()
    for query in topics:
        note = resolve_note(library.notes, query)
        wanted = {note.id, *note.includes}
        if not wanted & with_cards:
            raise UsageError(f"topic {note.id!r} has no questions or flashcards to review")
        notes |= wanted
    return Scope(frozenset(notes), domain)
