"""The progress store: every answer the user gives, in SQLite, committed the moment it is given.

- One database file in the user data directory (`DAS_HOME` overrides), in WAL mode so two das
  processes can write at once; each answer is its own transaction, so a kill loses nothing already
  answered.
- The schema is versioned with `PRAGMA user_version`; MIGRATIONS upgrades any earlier version in order.
- A damaged database is never overwritten: it is moved aside (with its WAL files) and the user is told.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

from das.errors import StateError
from das.store.faults import DamagedDatabase, UndecodableText, move_aside, read_every_row, strict_text
from das.store import records
from das.store.migrations import MIGRATIONS, backfill_cards  # noqa: F401 (MIGRATIONS: doctor reads it here)

DB_NAME = "progress.sqlite3"
# Another das process holding the write lock: wait WAIT_QUIET seconds silently, then say so and wait up to
# WAIT_TOTAL seconds in all before the one-line "locked by another das process" error (exit 1).
WAIT_QUIET, WAIT_TOTAL = 2, 30



def stamp() -> str:
    """Now, in the stored form of a time (UTC ISO 8601 with milliseconds)."""
    from das.practice.clock import iso, utc_now

    return iso(utc_now())


@dataclass(frozen=True)
class AnswerRecord:
    question_id: str
    topic: str
    das_domain: str | None
    dea_domain: str | None
    chosen: tuple[str, ...]
    correct: bool
    seconds: float


def database_path() -> Path:
    """The progress database file: progress.sqlite3 in data_home() (DAS_HOME, else the platformdirs user data folder,
    created if missing). OSError if the folder cannot be created."""
    from das.paths import data_home

    return data_home() / DB_NAME


def _remove_if_empty(path: Path) -> None:
    """Remove a database file that holds no table (0 bytes, or SQLite's header alone)."""
    try:
        if path.is_file() and path.stat().st_size <= 4096:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                empty = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0
            finally:
                conn.close()
            if empty:
                path.unlink()
    except (OSError, sqlite3.Error):
        pass


class Progress:
    """A connection to the progress database, upgraded to the current schema."""

    def __init__(self, path: Path | None = None, warn=None) -> None:
        self.path = path or database_path()
        from das.store import faults

        faults.current_path = self.path
        faults.forget_saved()
        self._warn = warn or (lambda message: sys.stderr.write(f"das: warning: {message}\n"))
        self.conn = self._open()
        # the last answer saved: (answer id, key, card row read before it, card JSON it wrote), for undo
        self.last_write: tuple[int, str, tuple | None, str] | None = None

    # --- opening, checking, migrating -------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=WAIT_QUIET, isolation_level=None)  # autocommit; explicit BEGIN
        conn.row_factory = records.CheckedRow  # every value read is checked against what das writes there
        conn.text_factory = strict_text
        conn.execute(f"PRAGMA busy_timeout = {WAIT_QUIET * 1000}")
        return conn

    def _wait_longer(self, conn: sqlite3.Connection, longer: bool = True) -> None:
        """Tell the user das is waiting for the lock, and wait up to WAIT_TOTAL seconds in all (or back to
        waiting WAIT_QUIET seconds, with longer=False)."""
        if longer:
            self._warn(f"waiting for another das process that holds the progress database (up to {WAIT_TOTAL} s) ...")
        conn.execute(f"PRAGMA busy_timeout = {((WAIT_TOTAL - WAIT_QUIET) if longer else WAIT_QUIET) * 1000}")

    def _open(self) -> sqlite3.Connection:
        from das.store.faults import drop_new_side_files, side_files

        before = side_files(self.path)
        created = not os.path.lexists(self.path)
        try:
            return self._open_checked()
        except StateError:
            drop_new_side_files(self.path, before)
            if created:  # a database this run created and could not set up (no inode or block left): gone again
                _remove_if_empty(self.path)
            raise

    def _open_checked(self) -> sqlite3.Connection:
        from das.store.faults import SQLITE_BUSY, SQLITE_LOCKED, check_usable, is_damage, result_code, short, state_error
        from das.store.wal import keep_damaged_wal

        check_usable(self.path)
        try:
            kept = keep_damaged_wal(self.path)
        except OSError as exc:
            raise StateError(f"cannot open the progress database {self.path}: {exc.strerror or exc}; "
                             "nothing was changed") from None
        if kept is not None:
            self._warn(f"the progress database's write-ahead log was damaged ({kept[1]}); SQLite keeps only the "
                       f"answers before the damage, and a copy of the log was kept at {kept[0]}")
        try:
            try:
                conn = self._connect()
                try:
                    self._check(conn, deep=bool(os.environ.get("DAS_MOVE_DAMAGED")))
                except UnicodeDecodeError:  # damaged pages: SQLite's own report is not text
                    raise DamagedDatabase("a damaged page (SQLite's report of it is not readable text)") from None
            except sqlite3.DatabaseError as exc:
                if result_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED):  # another das process is migrating
                    conn = self._connect()
                    self._wait_longer(conn)
                    self._check(conn, deep=bool(os.environ.get("DAS_MOVE_DAMAGED")))
                    self._wait_longer(conn, longer=False)
                    return conn
                if not is_damage(exc):
                    raise state_error(self.path, exc, "open") from None
                moved = move_aside(self.path)
                self._warn(f"the progress database was damaged ({short(exc)}); it was moved to {moved} "
                           "and a new one was started")
                conn = self._connect()
                self._check(conn)
        except sqlite3.DatabaseError as exc:
            raise state_error(self.path, exc, "open") from None
        except OSError as exc:
            raise StateError(f"cannot open the progress database {self.path}: {exc.strerror or exc}; "
                             "nothing was changed") from None
        return conn

    def _check(self, conn: sqlite3.Connection, deep: bool = False) -> None:
        # No integrity scan on a normal open (its cost grows with history): das doctor, or deep=True, does it
        try:
            if deep:
                try:
                    result = conn.execute("PRAGMA integrity_check").fetchone()[0]
                except UndecodableText:
                    result = "the check's own report is not text"
                if result != "ok":
                    raise DamagedDatabase(f"integrity check: {result}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(conn)
            if deep:
                read_every_row(conn)
        except BaseException:
            conn.close()
            raise

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        start = version
        if version < 0:  # das never writes one: the header is damaged
            raise DamagedDatabase(f"an unknown schema version {version}")
        if version > len(MIGRATIONS):
            raise StateError(
                f"the progress database {self.path} is from a newer das (schema {version}); upgrade das to use it"
            )
        while version < len(MIGRATIONS):
            conn.execute("BEGIN IMMEDIATE")
            try:
                # re-read inside the write lock: another process may have migrated meanwhile
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version < len(MIGRATIONS):
                    step = MIGRATIONS[version]
                    if callable(step):
                        step(conn)
                    else:
                        for statement in step.split(";"):
                            if statement.strip():
                                conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute("COMMIT")
            except BaseException as exc:
                conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError) and "already exists" in str(exc):  # another version's
                    raise DamagedDatabase(f"schema version {version} does not match its tables") from None
                raise
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        if start < 2 <= version:
            backfill_cards(conn)

    @property
    def schema_version(self) -> int:
        """The database's schema version (SQLite's user_version)."""
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        """Close the database connection; everything is already committed."""
        self.conn.close()

    # --- writing ----------------------------------------------------------------------------
    def _write(self, sql: str, params: Iterable[Any]) -> int:
        """One statement in its own committed transaction; returns the row id."""
        return self.transaction([(sql, params)])[0]

    def transaction(self, statements: list[tuple[str, Iterable[Any]]]) -> list[int]:
        """Several statements committed together (all or nothing); returns their row ids."""
        return self.locked(lambda conn: [conn.execute(sql, tuple(params)).lastrowid or 0 for sql, params in statements])

    def locked(self, work: Callable[[sqlite3.Connection], Any], answers: int = 0) -> Any:
        """Run `work(conn)` inside one write transaction (BEGIN IMMEDIATE: reads inside it see the
        latest committed state and no other writer can interleave), retried while the database is busy;
        returns what `work` returns; `answers` is how many answers it saves (for a true failure message
        later). Raises StateError when it cannot be saved."""
        from das.store.faults import note_saved

        waited = False
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    result = work(self.conn)
                    self.conn.execute("COMMIT")
                    note_saved(answers)
                    return result
                except sqlite3.DatabaseError as exc:
                    from das.store.faults import SQLITE_BUSY, SQLITE_LOCKED, result_code, state_error

                    try:
                        if self.conn.in_transaction:
                            self.conn.execute("ROLLBACK")
                    except sqlite3.DatabaseError:
                        pass  # SQLite has already rolled back (full disk, I/O error)
                    if result_code(exc) not in (SQLITE_BUSY, SQLITE_LOCKED) or waited:
                        raise state_error(self.path, exc, "save to") from None
                    waited = True
                    self._wait_longer(self.conn)
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
        finally:
            if waited:
                self._wait_longer(self.conn, longer=False)

    def setting(self, name: str) -> str | None:
        """A stored setting's text (e.g. exam_date), or None when it was never set."""
        row = self.conn.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def start_session(self, kind: str, settings: dict[str, Any] | None = None) -> int:
        """Record the start of a session now (UTC) with its kind (quiz, drill or review) and settings (stored as
        JSON); returns its id. StateError when it cannot be saved."""
        return self._write(
            "INSERT INTO sessions (kind, started_at, settings) VALUES (?, ?, ?)",
            (kind, stamp(), json.dumps(settings or {}, sort_keys=True)),
        )

    def end_session(self, session_id: int) -> None:
        """Record that the session ended now (UTC). StateError when it cannot be saved."""
        self._write("UPDATE sessions SET ended_at = ? WHERE id = ?", (stamp(), session_id))

    def record_answer(self, session_id: int, answer: AnswerRecord, kind: str = "question",
                      now: datetime | None = None, rating: int | None = None, payload: str | None = None,
                      outcomes: tuple[str | None, dict[int, tuple[str, str]], datetime] | None = None) -> int:
        """Commit one answer now, with its spaced-repetition card rescheduled in the same transaction:
        nothing the user answered is lost to Ctrl-C, a kill or a crash, and the two never disagree.

        The card is read, and the answer's time taken (unless `now` is given), inside the write
        transaction: two processes answering the same question at once give the card both reviews, one
        after the other, and answers are stamped in the order they are committed. `rating` is an FSRS
        grade 1-4 (Again, Hard, Good, Easy; default Again or Good from `answer.correct`); `outcomes` is
        (the card JSON they were computed from, das.practice.scheduling.outcomes()), the choices shown to
        the user, and when they were computed (the grade menu opened): the chosen one is stored exactly,
        counted from the answer's time (the grade, not the menu's opening), unless the card changed
        meanwhile (another process reviewed it), when it is recomputed, or an exam date set meanwhile caps
        it (read in the transaction). `payload` is a generated drill's question as JSON, kept so
        that review can ask it again. Returns the answer's row id; `last_write` keeps what undo needs."""
        from das.practice.clock import utc_now
        from das.practice.scheduling import cap_stored, from_grade_time, rating_for, reschedule

        def work(conn: sqlite3.Connection) -> int:
            when = now or utc_now()
            exam_date = self.exam_date()  # read inside the write lock: another process may have set it
            stamp = when.astimezone(timezone.utc).isoformat(timespec="milliseconds")
            row = conn.execute("SELECT card, due, reviews FROM cards WHERE key = ?", (answer.question_id,)).fetchone()
            current = records.card(row[0]) if row else None
            grade = rating or rating_for(answer.correct)
            if outcomes is not None and outcomes[0] == current and grade in outcomes[1]:
                card_json, due = cap_stored(*from_grade_time(*outcomes[1][grade], outcomes[2], when), exam_date, when)
            else:
                card_json, due = reschedule(current, answer.question_id, answer.correct, when, exam_date, rating)
            answer_id = conn.execute(
                "INSERT INTO answers (session_id, question_id, topic, das_domain, dea_domain, chosen, correct, "
                "seconds, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, answer.question_id, answer.topic, answer.das_domain, answer.dea_domain,
                 ",".join(sorted(answer.chosen)), int(answer.correct), round(answer.seconds, 3), stamp)).lastrowid
            conn.execute(
                "INSERT INTO cards (key, kind, topic, card, due, reviews, created_at) VALUES (?, ?, ?, ?, ?, 1, ?) "
                "ON CONFLICT(key) DO UPDATE SET card = excluded.card, due = excluded.due, reviews = reviews + 1",
                (answer.question_id, kind, answer.topic, card_json, due, stamp))
            if payload is not None:
                conn.execute("INSERT INTO drills (key, question) VALUES (?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET question = excluded.question",
                             (answer.question_id, payload))
            self.last_write = (int(answer_id or 0), answer.question_id, tuple(row) if row else None, card_json)
            return int(answer_id or 0)

        return self.locked(work, answers=1)

    # --- exams --------------------------------------------------------------------------------
    def exam(self, exam_id: int) -> sqlite3.Row | None:
        """The exams row with this id (status, state and result JSON, time limit and elapsed in seconds), or None."""
        return self.conn.execute("SELECT * FROM exams WHERE id = ?", (exam_id,)).fetchone()

    def latest_exam(self, status: str) -> sqlite3.Row | None:
        """The newest exams row with this status (in_progress, submitted, abandoned), or None."""
        return self.conn.execute("SELECT * FROM exams WHERE status = ? ORDER BY id DESC LIMIT 1", (status,)).fetchone()

    def exams(self) -> list[sqlite3.Row]:
        """Every exams row, oldest first."""
        return list(self.conn.execute("SELECT * FROM exams ORDER BY id"))

    def exam_date(self):
        """The exam date the user gave (`--exam-date`), as a date, or None."""
        value = self.setting("exam_date")
        return date.fromisoformat(value) if value else None

    def cards(self) -> list[sqlite3.Row]:
        """Every spaced-repetition card row (key, kind, topic, FSRS card JSON, due as UTC ISO 8601, reviews), soonest
        due first."""
        return list(self.conn.execute("SELECT * FROM cards ORDER BY due, key"))

    # --- reading ----------------------------------------------------------------------------
    def answered_ids(self) -> set[str]:
        """Ids of every question answered at least once (from the running totals, not an answer scan)."""
        return {row[0] for row in self.conn.execute("SELECT DISTINCT question_id FROM question_tally")}

    def last_results(self) -> dict[str, bool]:
        """Each question's most recent result (True = right), from the running totals (no answer scan)."""
        latest: dict[str, tuple[int, bool]] = {}
        for qid, last_id, right in self.conn.execute("SELECT question_id, last_id, last_correct FROM question_tally"):
            if qid not in latest or last_id > latest[qid][0]:
                latest[qid] = (last_id, bool(right))
        return {qid: right for qid, (_i, right) in latest.items()}

    def missed_ids(self) -> set[str]:
        """Questions whose most recent answer was wrong: what `--missed` asks again."""
        return {qid for qid, right in self.last_results().items() if not right}

    def answers(self, session_id: int | None = None) -> list[sqlite3.Row]:
        """Every stored answer row in the order given, or only those of one session."""
        where, params = ("", ()) if session_id is None else (" WHERE session_id = ?", (session_id,))
        return list(self.conn.execute(f"SELECT * FROM answers{where} ORDER BY id", params))

    def sessions(self) -> list[sqlite3.Row]:
        """Every session row (kind, started_at and ended_at as UTC ISO 8601, settings JSON), oldest first."""
        return list(self.conn.execute("SELECT * FROM sessions ORDER BY id"))
