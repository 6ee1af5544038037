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
    """The store side of `das review` (implements das.practice.review_queue.ReviewSource). Cards are
    read lazily, in the order SQL gives them (by due time, or by FSRS recall at a moment), so review
    reads only as many as it asks."""

    def __init__(self, store: Progress) -> None:
        self.conn = store.conn
        self._askable: set[str] | None = None
        self._loaded: set[str] | None = None  # the keys now in temp.loaded
        math_functions(self.conn)

    def _use(self, keys: set[str]) -> None:
        # the askable keys go into a temporary table and are looked up by primary key: cards that
        # cannot be asked (questions gone from the bank) are never read (CROSS JOIN keeps that order)
        if keys is not self._askable:
            _fill_askable(self.conn, keys)
            self._askable = keys

    def _refs(self, where: str, now: datetime, keys: set[str], recall_at: datetime | None) -> Iterator[CardRef]:
        from das.practice.scheduling import forgetting_curve

        self._use(keys)
        params: dict = {"now": now.astimezone(timezone.utc).isoformat(timespec="seconds")}
        # `tie`: cards with the same value are ties, put in a fair order by the queue (never by key):
        # the minute they are due, or their recall at `recall_at` to 3 decimals
        tie, order = "substr(due, 1, 16)", "due"
        if recall_at is not None:  # (fsrs is imported only for this ordering)
            decay, factor = forgetting_curve()
            params.update(decay=decay, factor=factor, at=julian_day(recall_at))
            tie, order = f"round({recall_sql('card')}, 3)", recall_sql("card")
        cursor = self.conn.execute(
            f"SELECT key, kind, topic, due, {tie} AS tie FROM (SELECT c.key, c.kind, c.topic, c.due, c.card "
            f"FROM temp.askable a CROSS JOIN cards c ON c.key = a.key WHERE c.due {where} :now UNION ALL SELECT key, "
            f"kind, topic, due, card FROM cards WHERE kind = 'drill' AND due {where} :now) ORDER BY 5, {order}, key",
            params)
        try:
            for row in cursor:
                yield CardRef(*row)
        finally:
            cursor.close()  # a session reads only what it asks: end the statement (and its read snapshot)

    def _use_loaded(self, keys: set[str]) -> None:
        if keys is not self._loaded:
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS loaded (key TEXT PRIMARY KEY)")
            self.conn.execute("DELETE FROM temp.loaded")
            self.conn.executemany("INSERT OR IGNORE INTO temp.loaded VALUES (?)", ((k,) for k in keys))
            self._loaded = keys

    def due(self, now: datetime, keys: set[str], recall_at: datetime | None = None) -> Iterator[CardRef]:
        """Cards due at `now` with a key in `keys`, and stored drills, most overdue first (or, with
        `recall_at`, least likely recalled then first), read lazily (references only)."""
        return self._refs("<=", now, keys, recall_at)

    def due_count(self, now: datetime, keys: set[str], topics: frozenset[str] | None) -> int:
        """How many cards due() would give (drills counted when their topic is in `topics`; None: all)."""
        self._use(keys)
        stamp = now.astimezone(timezone.utc).isoformat(timespec="seconds")
        here = self.conn.execute("SELECT COUNT(*) FROM temp.askable a CROSS JOIN cards c ON c.key = a.key "
                                 "WHERE c.due <= ?", (stamp,)).fetchone()[0]
        drills = self.conn.execute("SELECT topic, COUNT(*) FROM cards WHERE kind = 'drill' AND due <= ? GROUP BY 1",
                                   (stamp,)).fetchall()
        return here + sum(n for topic, n in drills if topics is None or topic in topics)

    def due_elsewhere(self, now: datetime, keys: set[str]) -> dict[str, int]:
        """Question and flashcard cards due at `now` whose key is not in `keys`, counted by kind (only
        kinds with some): content not loaded now (e.g. an imported bank practised with --content-dir,
        not given this time, or content since removed). Counted from indexes."""
        # its own temporary table: `keys` are all the loaded content, not the session's scope in temp.askable
        self._use_loaded(keys)
        stamp = now.astimezone(timezone.utc).isoformat(timespec="seconds")
        here = dict(self.conn.execute("SELECT c.kind, COUNT(*) FROM temp.loaded a CROSS JOIN cards c "
                                      "ON c.key = a.key WHERE c.due <= ? GROUP BY 1", (stamp,)).fetchall())
        counts = {}
        for kind in ("question", "flashcard"):  # a range of the (kind, due) index each
            due = self.conn.execute("SELECT COUNT(*) FROM cards WHERE kind = ? AND due <= ?", (kind, stamp)).fetchone()[0]
            if due > here.get(kind, 0):
                counts[kind] = due - here.get(kind, 0)
        return counts

    def due_elsewhere_since(self, now: datetime, keys: set[str]) -> datetime | None:
        """The earliest due time of the question and flashcard cards due_elsewhere() counts (None: none)."""
        self._use_loaded(keys)
        stamp = now.astimezone(timezone.utc).isoformat(timespec="seconds")
        # per kind, the (kind, due) index in due order up to the first card not loaded: at most the loaded
        # cards (the content's size) are passed over, however many cards are due
        found = [row[0] for kind in ("question", "flashcard") for row in self.conn.execute(
            "SELECT c.due FROM cards c WHERE c.kind = ? AND c.due <= ? AND NOT EXISTS "
            "(SELECT 1 FROM temp.loaded l WHERE l.key = c.key) ORDER BY c.due LIMIT 1", (kind, stamp))]
        return datetime.fromisoformat(min(found)) if found else None

    def later(self, now: datetime, keys: set[str], recall_at: datetime | None = None) -> Iterator[CardRef]:
        """The same for cards not due yet, soonest first (or least likely recalled at `recall_at` first),
        read lazily."""
        return self._refs(">", now, keys, recall_at)

    def drill(self, key: str) -> Question | None:
        """The generated drill question stored under this key, or None. DamagedRecord when it cannot be read."""
        from das.store import records

        row = self.conn.execute("SELECT question FROM drills WHERE key = ?", (key,)).fetchone()
        if row is not None:
            records.read("drills", "question", row[0])
        try:
            return question_from_json(row[0]) if row else None
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            raise records.damaged("a saved drill question cannot be read", "drills", "question") from None

    def known_flashcards(self) -> set[str]:
        """Keys of the note flashcards already introduced (that have a card)."""
        return {row[0] for row in self.conn.execute("SELECT key FROM cards WHERE kind = 'flashcard'")}

    def flashcards_created_since(self, since: datetime) -> int:
        """How many flashcards got their card (first review) at or after `since` (compared in UTC)."""
        return self.conn.execute("SELECT COUNT(*) FROM cards WHERE kind = 'flashcard' AND created_at >= ?",
                                 (_iso(since),)).fetchone()[0]


def adopt_flashcards(store: Progress, library) -> int:
    """Carry the history of flashcards still under their schema-2 keys (text hashes) over to their
    content ids, for every flashcard of this library: those of --content-dir folders too, whenever such
    a library is loaded (the schema-3 migration only knew the built-in notes). One query when there is
    nothing to do; idempotent. Returns how many cards moved."""
    from das.practice.review_queue import flashcards
    from das.store.migrations import OLD_KEYS, rekey_flashcards

    if not store.conn.execute(OLD_KEYS + " LIMIT 1").fetchone():
        return 0
    cards = list(flashcards(library).values())
    return store.locked(lambda conn: rekey_flashcards(conn, cards))


def card_json(store: Progress, key: str) -> str | None:
    """A card's stored FSRS JSON, or None when it has none: what a flashcard's grades are computed from."""
    from das.store import records

    row = store.conn.execute("SELECT card FROM cards WHERE key = ?", (key,)).fetchone()
    return records.card(row[0]) if row else None


def undo_answer(store: Progress, write: tuple[int, str, tuple | None, str]) -> bool:
    """Take back one answer (`write`: Progress.last_write just after it was saved: answer id, key, the card
    row before it, the card JSON it wrote), in one write transaction and only while the card is still
    exactly what that answer wrote: delete the answer and put the card back as it was. When the card
    changed since (another process reviewed it) or the answer is gone, change nothing and return False,
    so that undo never overwrites someone else's review."""
    answer_id, key, before, written = write

    def work(conn: sqlite3.Connection) -> bool:
        row = conn.execute("SELECT card, reviews FROM cards WHERE key = ?", (key,)).fetchone()
        if row is None or row[0] != written or row[1] != (before[2] if before else 0) + 1:
            return False
        if not conn.execute("DELETE FROM answers WHERE id = ?", (answer_id,)).rowcount:
            return False
        if before is None:
            conn.execute("DELETE FROM cards WHERE key = ?", (key,))
        else:
            conn.execute("UPDATE cards SET card = ?, due = ?, reviews = ? WHERE key = ?", (*before, key))
        return True

    return bool(store.locked(work))


# --- statistics ----------------------------------------------------------------------------------

def answer_totals(store: Progress) -> tuple[int, int]:
    """(answers, sessions that recorded at least one answer), from the running totals."""
    row = store.conn.execute("SELECT COALESCE(SUM(answers), 0), COUNT(*) FROM session_tally WHERE answers > 0").fetchone()
    return row[0], row[1]


def per_minute(store: Progress) -> list[tuple]:
    """(UTC minute 'YYYY-MM-DDTHH:MM', answers, correct): fine enough to regroup by any local day."""
    return store.conn.execute("SELECT minute, answers, correct FROM minute_tally").fetchall()


def julian_day(moment: datetime) -> float:
    """A time as SQLite's julianday() number (days, fractional), to compare with stored times in SQL."""
    return moment.timestamp() / 86400 + 2440587.5


def recall_sql(card: str = "c.card") -> str:
    """SQL for FSRS's forgetting curve R = (1 + FACTOR * t / S) ** DECAY of a stored card JSON column at
    the julianday :at, t in fractional days (das.practice.scheduling.recall_probability); 0 when never
    reviewed. Parameters :at, :factor and :decay."""
    stability = f"json_extract({card}, '$.stability')"
    last = f"julianday(json_extract({card}, '$.last_review'))"
    return (f"(CASE WHEN {stability} > 0 AND {last} IS NOT NULL THEN "
            f"pow(1 + :factor * max(0.0, :at - {last}) / {stability}, :decay) ELSE 0.0 END)")


def math_functions(conn: sqlite3.Connection) -> None:
    """Make sure SQL pow() exists (SQLite builds without its math functions get Python's)."""
    try:
        conn.execute("SELECT pow(1, 1)")
    except sqlite3.OperationalError:
        import math

        conn.create_function("pow", 2, math.pow, deterministic=True)


def _bank_tables(conn: sqlite3.Connection, library) -> None:
    """Temporary tables of the bank (question id, topic, domains) and its task statements, so that
    statistics join the running totals and cards to the content in SQL."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS bank (key TEXT PRIMARY KEY, topic TEXT, das TEXT, dea TEXT)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS bank_task (key TEXT, task TEXT, PRIMARY KEY (key, task))")
    conn.execute("DELETE FROM temp.bank")
    conn.execute("DELETE FROM temp.bank_task")
    questions = library.questions.values()
    conn.executemany("INSERT INTO temp.bank VALUES (?, ?, ?, ?)",
                     ((q.id, q.topic, q.das_domain, q.dea_domain) for q in questions))
    conn.executemany("INSERT OR IGNORE INTO temp.bank_task VALUES (?, ?)",
                     ((q.id, t) for q in questions for t in q.dea_task))


def _card_tables(conn: sqlite3.Connection, library) -> None:
    """Temporary tables classing every card the statistics count (after _bank_tables): bank questions by
    their own domains and tasks; note flashcards, and the task of stored drills, by what most of their
    topic's questions are (das.practice.review_queue.topic_classes); drills' domains from the drill
    itself. The topic, domain and task tables all count these cards, so they agree; cards whose content
    is not loaded have no domain and are left out of all three."""
    from das.practice.review_queue import flashcards, topic_classes

    classes = topic_classes(library)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS card_class (key TEXT PRIMARY KEY, das TEXT, dea TEXT)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS card_task (key TEXT, task TEXT, PRIMARY KEY (key, task))")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS topic_task (topic TEXT PRIMARY KEY, task TEXT)")
    for table in ("card_class", "card_task", "topic_task"):
        conn.execute(f"DELETE FROM temp.{table}")
    conn.execute("INSERT INTO temp.card_class SELECT key, das, dea FROM temp.bank")
    conn.execute("INSERT INTO temp.card_task SELECT key, task FROM temp.bank_task")
    conn.executemany("INSERT INTO temp.topic_task VALUES (?, ?)",
                     ((topic, task) for topic, (_d, _e, task) in classes.items() if task))
    cards = flashcards(library).values()
    none = (None, None, None)
    conn.executemany("INSERT OR IGNORE INTO temp.card_class VALUES (?, ?, ?)",
                     ((c.key, *classes.get(c.note_id, none)[:2]) for c in cards))
    conn.executemany("INSERT OR IGNORE INTO temp.card_task VALUES (?, ?)",
                     ((c.key, classes[c.note_id][2]) for c in cards if classes.get(c.note_id, none)[2]))
    conn.execute("INSERT OR IGNORE INTO temp.card_class SELECT key, CASE WHEN json_valid(question) THEN "
                 "json_extract(question, '$.das_domain') END, CASE WHEN json_valid(question) THEN "
                 "json_extract(question, '$.dea_domain') END FROM drills")
    conn.execute("INSERT OR IGNORE INTO temp.card_task SELECT d.key, t.task FROM drills d CROSS JOIN cards c "
                 "ON c.key = d.key CROSS JOIN temp.topic_task t ON t.topic = c.topic")


def _fill_askable(conn: sqlite3.Connection, keys: set[str]) -> None:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS askable (key TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.askable")
    conn.executemany("INSERT OR IGNORE INTO temp.askable VALUES (?)", ((k,) for k in keys))


def _grouped(conn: sqlite3.Connection, sql: str, params=()) -> dict[str, tuple]:
    return {row[0]: tuple(row[1:]) for row in conn.execute(sql, params) if row[0] not in (None, "")}


def build_stats(library, store: Progress, now: datetime | None = None) -> tuple[dict, tuple]:
    """Everything `das stats` shows, as JSON-ready data (DEA-C01 domains and tasks before DAS-C01 domains),
    and the rows (topics, DAS-C01 domains, DEA-C01 domains, DEA-C01 tasks) for rendering. Every figure is a SQL aggregate over the running totals and
    the cards (FSRS recall included): Python handles one row per topic, domain or task, never one per
    answer or card."""
    from das.content.schema import DAS_DOMAINS, DEA_DOMAINS
    from das.practice.clock import utc_now
    from das.practice.review_queue import flashcards
    from das.practice.scheduling import exam_moment, forgetting_curve
    from das.practice.stats import (
        Recall, history, readiness, rows, task_label, task_order, todo, weakest_topics,
    )

    now = now or utc_now()
    conn = store.conn
    adopt_flashcards(store, library)
    decay, factor = forgetting_curve()
    curve = {"factor": factor, "decay": decay, "at": julian_day(now)}
    math_functions(conn)
    _bank_tables(conn, library)
    answers, sessions = answer_totals(store)

    def tally(column: str, bank_column: str, where: str = "") -> dict[str, tuple[int, int, int]]:
        totals = _grouped(conn, f"SELECT {column}, SUM(answers), SUM(correct) FROM question_tally {where} GROUP BY 1")
        seen = _grouped(conn, f"SELECT b.{bank_column}, COUNT(DISTINCT t.question_id) FROM temp.bank b CROSS JOIN "
                              f"question_tally t ON t.question_id = b.key AND t.{column} = b.{bank_column} GROUP BY 1")
        return {name: (a, c, seen.get(name, (0,))[0]) for name, (a, c) in totals.items()}

    def recall(sql: str) -> dict[str, Recall]:
        return {name: Recall(n, reviews, mean) for name, (n, reviews, mean) in _grouped(conn, sql, curve).items()}

    def bank(column: str) -> dict[str, int]:
        return {name: n for name, (n,) in _grouped(conn, f"SELECT {column}, COUNT(*) FROM temp.bank GROUP BY 1").items()}

    per_card = f"COUNT(*), SUM(c.reviews), AVG({recall_sql()})"
    by_bank = "FROM temp.bank b CROSS JOIN cards c ON c.key = b.key WHERE c.kind = 'question'"
    _card_tables(conn, library)
    classed = "FROM temp.card_class k CROSS JOIN cards c ON c.key = k.key"  # the same cards in every table
    topic_tally = tally("topic", "topic")
    topic_bank = bank("topic")
    topics = rows(sorted(set(topic_bank) | set(topic_tally)), topic_bank, topic_tally,
                  recall(f"SELECT c.topic, {per_card} {classed} GROUP BY 1"))
    das = rows(list(DAS_DOMAINS), bank("das"), tally("das_domain", "das", "WHERE das_domain != ''"),
               recall(f"SELECT k.das, {per_card} {classed} GROUP BY 1"))
    dea = rows(list(DEA_DOMAINS), bank("dea"), tally("dea_domain", "dea", "WHERE dea_domain != ''"),
               recall(f"SELECT k.dea, {per_card} {classed} GROUP BY 1"))
    # answers as the domain rows count them (bank questions and drills, not flashcards); seen counts the bank
    task_tally = _grouped(conn, "SELECT ct.task, SUM(t.answers), SUM(t.correct), COUNT(DISTINCT bt.key) "
                                "FROM temp.card_task ct CROSS JOIN question_tally t ON t.question_id = ct.key "
                                "LEFT JOIN temp.bank_task bt ON bt.key = ct.key AND bt.task = ct.task "
                                "WHERE t.question_id NOT LIKE 'card:%' GROUP BY 1")
    task_bank = _grouped(conn, "SELECT task, COUNT(*) FROM temp.bank_task GROUP BY 1")
    tasks = rows(task_order(library), {t: n for t, (n,) in task_bank.items()}, task_tally,
                 recall(f"SELECT t.task, {per_card} FROM temp.card_task t CROSS JOIN cards c ON c.key = t.key "
                        "GROUP BY 1"), label=task_label(library))

    latest = conn.execute("SELECT t.question_id, t.last_correct, MAX(t.last_id) FROM temp.bank b CROSS JOIN "
                          "question_tally t ON t.question_id = b.key GROUP BY 1").fetchall()
    answered = {row[0] for row in latest}
    missed = {row[0] for row in latest if not row[1]}
    _fill_askable(conn, set(library.questions) | set(flashcards(library)))
    stamp = now.astimezone(timezone.utc).isoformat(timespec="seconds")
    due = _grouped(conn, "SELECT topic, SUM(n) FROM (SELECT c.topic, COUNT(*) AS n FROM temp.askable a CROSS JOIN "
                         "cards c ON c.key = a.key WHERE c.due <= ? GROUP BY 1 UNION ALL SELECT topic, COUNT(*) "
                         "FROM cards WHERE kind = 'drill' AND due <= ? GROUP BY 1) GROUP BY 1", (stamp, stamp))
    work = todo(library, missed, answered, {topic: n for topic, (n,) in due.items()})

    exam_date = store.exam_date()
    ready = None
    if exam_date is not None:
        at = dict(curve, at=julian_day(max(exam_moment(exam_date), now)))
        count, total = conn.execute(f"SELECT COUNT(*), COALESCE(SUM({recall_sql()}), 0) {by_bank}", at).fetchone()
        ready = readiness(library, (count, total), exam_date, now)
    data = {"answers": answers, "sessions": sessions,
            "topics": [r.as_json() for r in topics],  # DEA-C01, the default exam, before the retired DAS-C01
            "dea_c01_domains": [r.as_json() for r in dea], "dea_c01_tasks": [r.as_json() for r in tasks],
            "das_c01_domains": [r.as_json() for r in das],
            "history": history(per_minute(store), finished_exams(store)), "weakest_topics": weakest_topics(topics, work),
            "readiness": ready}
    return data, (topics, das, dea, tasks)


def finished_exams(store: Progress) -> list[dict]:
    """Every submitted exam (id, profile, submitted_at, and its result read and checked by
    das.store.records), oldest first. DamagedRecord when a result cannot be read."""
    from das.store import records

    return [{"id": row["id"], "profile": row["profile"], "submitted_at": row["submitted_at"],
             "result": records.read("exams", "result", row["result"], f"exam {row['id']}", row["id"])}
            for row in store.exams() if row["status"] == "submitted" and row["result"]]


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
