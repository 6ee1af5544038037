"""The saved exam date (`das review --exam-date` / `--no-exam-date`) and the cap it puts on every card:
nothing is due after the start of the exam day in the user's time zone."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from das.store.progress import Progress


def _cap_cards(conn: sqlite3.Connection, exam_date, now: datetime) -> int:
    from das.practice.scheduling import exam_moment

    moment = exam_moment(exam_date)
    if moment <= now:  # the exam morning has come: grades schedule as usual from now on
        return 0
    due = moment.astimezone(timezone.utc).isoformat(timespec="seconds")
    # the (due) index finds them; the card JSON's own due moves too, so the two never disagree
    return conn.execute("UPDATE cards SET due = :due, card = json_set(card, '$.due', :card_due) WHERE due > :due",
                        {"due": due, "card_due": moment.astimezone(timezone.utc).isoformat()}).rowcount


def set_exam_date(store: Progress, exam_date, now: datetime) -> int:
    """Save the exam date (`das review --exam-date`) and bring every card due after the start of that day
    (local time) forward to it, in one write transaction; returns how many cards were brought forward.
    Cards brought forward stay so when the date later moves later or is forgotten (they come a little
    early, never late). StateError when it cannot be saved."""
    def work(conn: sqlite3.Connection) -> int:
        conn.execute("INSERT INTO settings (name, value) VALUES ('exam_date', ?) "
                     "ON CONFLICT(name) DO UPDATE SET value = excluded.value", (exam_date.isoformat(),))
        return _cap_cards(conn, exam_date, now)

    return store.locked(work)


def cap_to_exam_date(store: Progress, now: datetime) -> int:
    """Bring cards due after the saved exam date's morning forward to it (say, scheduled by a das session
    started before the date was set), in one write transaction that re-reads the date; one indexed look-up
    and no write when there are none. Returns how many were brought forward."""
    from das.practice.scheduling import exam_moment

    saved = store.exam_date()
    if saved is None or exam_moment(saved) <= now:
        return 0
    if not store.conn.execute("SELECT 1 FROM cards WHERE due > ? LIMIT 1",
                              (exam_moment(saved).astimezone(timezone.utc).isoformat(timespec="seconds"),)).fetchone():
        return 0

    def work(conn: sqlite3.Connection) -> int:
        current = store.exam_date()
        return _cap_cards(conn, current, now) if current is not None else 0

    return store.locked(work)


def forget_exam_date(store: Progress):
    """Forget the saved exam date (`das review --no-exam-date`): the date it was, or None when none was
    saved. StateError when it cannot be saved."""
    saved = store.exam_date()
    store.locked(lambda conn: conn.execute("DELETE FROM settings WHERE name = 'exam_date'"))
    return saved
