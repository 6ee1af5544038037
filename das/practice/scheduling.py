"""Spaced repetition with FSRS (the well-kept `fsrs` package), adapted to exam preparation.

A multiple-choice answer rates Again (wrong) or Good (right); a flashcard is graded Again, Hard, Good or
Easy. Card ids are stable (derived from the question or flashcard id), times are stored in UTC, and card
state lives in the progress database. With an exam date, no card is scheduled past the start of the exam
day in the user's time zone, and the cards least likely to be recalled on exam day come first.
Set DAS_FSRS_FUZZ=0 to turn interval fuzzing off (the tests do).
"""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any


def card_id_for(key: str) -> int:
    """A stable positive integer id for a question id or note-card key."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:12], 16)


@lru_cache(maxsize=1)
def scheduler() -> Any:
    """The one FSRS scheduler, built on first use; interval fuzzing is off when DAS_FSRS_FUZZ=0."""
    from fsrs import Scheduler

    return Scheduler(enable_fuzzing=os.environ.get("DAS_FSRS_FUZZ", "1") != "0")


RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}  # fsrs.Rating values


def exam_moment(exam_date: date) -> datetime:
    """Cards are capped to local midnight starting the exam day (in UTC): all due on the exam morning."""
    from das.practice.clock import local_start

    return local_start(exam_date)


def new_card(key: str, now: datetime) -> Any:
    """A new FSRS card for a question id or card key, due at `now` (a UTC datetime), with the stable id
    card_id_for(key)."""
    from fsrs import Card

    return Card(card_id=card_id_for(key), due=now)


def load_card(card_json: str) -> Any:
    """An FSRS card from the JSON stored in the progress database. DamagedRecord when it is not one."""
    from fsrs import Card

    from das.errors import DamagedRecord

    try:
        return Card.from_json(card_json)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError, OverflowError):
        damaged = DamagedRecord("a saved spaced-repetition card cannot be read")
        damaged.table, damaged.column, damaged.row = "cards", "card", None  # type: ignore[attr-defined]
        raise damaged from None


def rating_for(correct: bool) -> int:
    """Pass/fail answers: wrong = Again (1), right = Good (3)."""
    return 3 if correct else 1


def reschedule(card_json: str | None, key: str, correct: bool, now: datetime,
               exam_date: date | None, rating: int | None = None) -> tuple[str, str]:
    """Review a card (new if card_json is None) with `rating` (1-4, see RATINGS; default from `correct`);
    returns (card JSON, due as UTC ISO)."""
    from fsrs import Rating

    card = load_card(card_json) if card_json else new_card(key, now)
    card, _log = scheduler().review_card(card, Rating(rating or rating_for(correct)), review_datetime=now)
    card = cap_to_exam(card, exam_date, now)
    return card.to_json(), card.due.astimezone(timezone.utc).isoformat(timespec="seconds")


def outcomes(card_json: str | None, key: str, now: datetime, exam_date: date | None) -> dict[int, tuple[str, str]]:
    """The card after each rating (1-4) given now, fuzz included, as {rating: (card JSON, due as UTC ISO)}:
    drawn once, so that the interval shown for a grade is exactly the one stored when it is chosen."""
    return {rating: reschedule(card_json, key, rating >= 2, now, exam_date, rating) for rating in RATINGS}


def intervals(choices: dict[int, tuple[str, str]], now: datetime) -> dict[int, timedelta]:
    """The next interval of each outcome (see outcomes()): its due time minus `now`, as Anki shows on its buttons.
    The card's own due time (not the stored column, cut to whole seconds), so that the interval shown is
    the one next_interval() gives once the grade is saved."""
    return {rating: load_card(card_json).due - now for rating, (card_json, _due) in choices.items()}


def from_grade_time(card_json: str, due: str, shown_at: datetime, graded_at: datetime) -> tuple[str, str]:
    """An outcome computed at `shown_at` (when the grade menu opened, see outcomes()) counted from
    `graded_at` instead: its last review and due time moved by the same span, so the interval stays
    exactly the one shown (fuzz included) and starts when the grade was given."""
    shift = graded_at - shown_at
    if not shift:
        return card_json, due
    card = load_card(card_json)
    card.due = card.due + shift
    if card.last_review is not None:
        card.last_review = card.last_review + shift
    return card.to_json(), card.due.astimezone(timezone.utc).isoformat(timespec="seconds")


def next_interval(card_json: str) -> timedelta | None:
    """A stored card's interval: its due time minus its last review (None when never reviewed)."""
    card = load_card(card_json)
    return None if card.last_review is None else card.due - card.last_review


def interval_text(span: timedelta) -> str:
    """An interval as Anki writes it: '<1m', '10m', '3h', '4d', '2mo', '1.2y'."""
    seconds = span.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}".rstrip("0").rstrip(".") + "mo"
    return f"{days / 365:.1f}".rstrip("0").rstrip(".") + "y"


def cap_to_exam(card: Any, exam_date: date | None, now: datetime) -> Any:
    """No interval past the exam: a card due after the exam is brought back to the exam morning."""
    if exam_date is None:
        return card
    moment = exam_moment(exam_date)
    if moment > now and card.due > moment:
        card.due = moment
    return card


def cap_stored(card_json: str, due: str, exam_date: date | None, now: datetime) -> tuple[str, str]:
    """A rescheduled card (card JSON, due as UTC ISO) capped to the exam morning as cap_to_exam() does:
    for an outcome computed before the exam date was set or moved earlier (another das process)."""
    if exam_date is None:
        return card_json, due
    moment = exam_moment(exam_date)
    if moment <= now or datetime.fromisoformat(due) <= moment:
        return card_json, due
    card = cap_to_exam(load_card(card_json), exam_date, now)
    return card.to_json(), card.due.astimezone(timezone.utc).isoformat(timespec="seconds")


def forgetting_curve() -> tuple[float, float]:
    """(DECAY, FACTOR) of FSRS-6's forgetting curve for the scheduler's parameters: DECAY = -w20 and
    FACTOR = 0.9 ** (1 / DECAY) - 1, so that recall is 90% when the elapsed time equals the stability.
    Source: FSRS-6, https://github.com/open-spaced-repetition/fsrs4anki/wiki/The-Algorithm"""
    s = scheduler()
    return float(s._DECAY), float(s._FACTOR)


def recall_probability(stability: float | None, last_review: datetime | None, when: datetime) -> float:
    """FSRS's forgetting curve R(t, S) = (1 + FACTOR * t / S) ** DECAY with t the elapsed time in
    fractional days (not whole days: an hour after a lapse is an hour, not zero), S the stability in days;
    0.0 for a card never reviewed. Source: FSRS-6, https://github.com/open-spaced-repetition/fsrs4anki/wiki/The-Algorithm"""
    if stability is None or last_review is None or stability <= 0:
        return 0.0
    decay, factor = forgetting_curve()
    elapsed = max(0.0, (when - last_review).total_seconds() / 86400)
    return float((1 + factor * elapsed / stability) ** decay)
