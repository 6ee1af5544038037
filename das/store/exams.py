"""The exam rows of the progress store: one process per exam, saves that cannot be lost silently,
abandoning only when the user says so, and submission as one transaction.

- An exam being taken is locked to its process with an advisory lock file next to the database
  (`exam-<id>.lock`, fcntl.flock): the kernel drops the lock when the process ends, even after SIGKILL,
  so a crashed exam is never "stuck", and a second das can tell a running exam from a paused one.
  The file lives only while the exam is open: its holder deletes it before letting go, and whoever
  takes a lock checks that the file it locked is still the one at the path (else it was deleted under
  it, and it tries again), so deleting never lets two processes hold one exam. Files left by a kill
  are deleted by the next look at the exams (paused_exam).
- Submitting writes the session, one answer per question (unanswered ones as missed), their spaced-
  repetition cards and the exam's result in ONE transaction that first checks the exam is still in
  progress: a kill at any point leaves either the unsubmitted exam or one complete result.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from das.errors import StateError
from das.store.faults import note_saved
from das.store.progress import AnswerRecord, Progress, stamp


class ExamBusy(StateError):
    """The exam is open in another das process."""


@dataclass
class ExamLock:
    """An exclusive lock on one exam for the life of this process (released by close() or on exit)."""

    exam_id: int
    path: Path
    fd: int

    def close(self) -> None:
        """Delete the lock file while still holding the lock, then release it by closing its file
        descriptor (an already closed lock is ignored)."""
        if self.fd < 0:
            return
        try:
            if _same_file(self.fd, self.path):
                self.path.unlink()
        except OSError:
            pass
        try:
            os.close(self.fd)
        except OSError:
            pass
        self.fd = -1


def _same_file(fd: int, path: Path) -> bool:
    """True when `path` still names the file open as `fd` (it was not deleted or replaced)."""
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _lock_path(store: Progress, exam_id: int) -> Path:
    return store.path.with_name(f"exam-{exam_id}.lock")


def lock_exam(store: Progress, exam_id: int) -> ExamLock:
    """Lock exam `exam_id` to this process. Raises ExamBusy when another process holds it."""
    return _lock_file(_lock_path(store, exam_id), exam_id)


def _lock_file(path: Path, exam_id: int) -> ExamLock:
    import fcntl

    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise ExamBusy(f"exam {exam_id} is open in another das process; finish or pause it there "
                           "(every exam is taken by one process at a time)") from None
        if _same_file(fd, path):
            return ExamLock(exam_id, path, fd)
        os.close(fd)  # its holder deleted the file between our open and our lock: take the new one


def sweep_locks(store: Progress) -> None:
    """Delete the lock files no process holds (left by a kill, or by earlier versions of das that kept them)."""
    for path in store.path.parent.glob("exam-*.lock"):
        try:
            _lock_file(path, 0).close()
        except (ExamBusy, OSError):
            pass


def is_locked(store: Progress, exam_id: int) -> bool:
    """True when another process has exam `exam_id` open."""
    try:
        lock_exam(store, exam_id).close()
    except ExamBusy:
        return True
    return False


def paused_exam(store: Progress) -> Any:
    """The newest in-progress exam row that no process has open (a paused exam), or None. Deletes the
    lock files no process holds on the way."""
    sweep_locks(store)
    for row in store.conn.execute("SELECT * FROM exams WHERE status = 'in_progress' ORDER BY id DESC"):
        if not is_locked(store, row["id"]):
            return row
    return None


def running_exam(store: Progress) -> Any:
    """The newest in-progress exam row that another process has open, or None."""
    for row in store.conn.execute("SELECT * FROM exams WHERE status = 'in_progress' ORDER BY id DESC"):
        if is_locked(store, row["id"]):
            return row
    return None


def create_exam(store: Progress, profile: str, state: dict, time_limit: float) -> int:
    """A new in-progress exam row (other exams are left as they are); returns its id."""
    return store.transaction([
        ("INSERT INTO exams (profile, status, state, time_limit, elapsed, started_at) "
         "VALUES (?, 'in_progress', ?, ?, 0, ?)", (profile, json.dumps(state), time_limit, stamp())),
    ])[0]


def abandon_exam(store: Progress, exam_id: int) -> None:
    """Mark a paused exam abandoned (the user said so); its answers are not scored."""
    store.transaction([("UPDATE exams SET status = 'abandoned' WHERE id = ? AND status = 'in_progress'",
                        (exam_id,))])


def save_exam(store: Progress, exam_id: int, state: dict, elapsed: float) -> None:
    """Write the state and elapsed seconds. Raises StateError when the row is no longer in progress
    (abandoned or submitted elsewhere), so a save is never silently lost."""
    conn = store.conn
    _begin(store)
    try:
        cursor = conn.execute("UPDATE exams SET state = ?, elapsed = ? WHERE id = ? AND status = 'in_progress'",
                              (json.dumps(state), round(elapsed, 3), exam_id))
        if cursor.rowcount != 1:
            raise StateError(f"exam {exam_id} is no longer in progress (abandoned or submitted by another "
                             "das process); this screen's answers were not saved")
        conn.execute("COMMIT")
        note_saved()
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def submit_exam(store: Progress, exam_id: int, state: dict, elapsed: float, result: dict,
                records: list[AnswerRecord], settings: dict[str, Any]) -> int:
    """Finish the exam in one transaction: the exam row, an 'exam' session and every record (an
    unanswered question is a record with no choice, scored wrong) with its card rescheduled.
    Returns the session id. Raises StateError if the exam was already submitted or abandoned."""
    from das.practice.scheduling import reschedule
    from das.store.records import card as checked_card

    conn = store.conn
    now = datetime.now(timezone.utc)
    stamp = now.isoformat(timespec="milliseconds")
    _begin(store)
    try:
        exam_date = store.exam_date()  # inside the write lock: a date set meanwhile caps these cards too
        cursor = conn.execute(
            "UPDATE exams SET state = ?, elapsed = ?, status = 'submitted', submitted_at = ?, result = ? "
            "WHERE id = ? AND status = 'in_progress'",
            (json.dumps(state), round(elapsed, 3), stamp, json.dumps(result), exam_id))
        if cursor.rowcount != 1:
            raise StateError(f"exam {exam_id} is no longer in progress (already submitted or abandoned)")
        session_id = conn.execute("INSERT INTO sessions (kind, started_at, ended_at, settings) VALUES ('exam', ?, ?, ?)",
                                  (stamp, stamp, json.dumps(settings, sort_keys=True))).lastrowid
        for record in records:
            row = conn.execute("SELECT card FROM cards WHERE key = ?", (record.question_id,)).fetchone()
            card_json, due = reschedule(checked_card(row[0]) if row else None, record.question_id, record.correct, now, exam_date)
            conn.execute(
                "INSERT INTO answers (session_id, question_id, topic, das_domain, dea_domain, chosen, correct, "
                "seconds, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, record.question_id, record.topic, record.das_domain, record.dea_domain,
                 ",".join(sorted(record.chosen)), int(record.correct), round(record.seconds, 3), stamp))
            conn.execute(
                "INSERT INTO cards (key, kind, topic, card, due, reviews, created_at) VALUES (?, 'question', ?, ?, ?, 1, ?) "
                "ON CONFLICT(key) DO UPDATE SET card = excluded.card, due = excluded.due, reviews = reviews + 1",
                (record.question_id, record.topic, card_json, due, stamp))
        conn.execute("COMMIT")
        note_saved(len(records))
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return int(session_id or 0)


def _begin(store: Progress) -> None:
    import sqlite3

    try:
        if store.conn.in_transaction:  # a signal interrupted an earlier write: drop its half
            store.conn.execute("ROLLBACK")
        store.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        from das.store.faults import state_error

        raise state_error(store.path, exc, "save to") from None
