"""Spaced repetition with FSRS (the well-kept `fsrs` package), adapted to exam preparation.

A wrong answer rates Again and a right one Good. Card ids are stable (derived from the question id),
times are UTC, and card state lives in the progress database. With an exam date, no card is scheduled
past the morning of the exam, and the cards least likely to be recalled on exam day come first.
Set DAS_FSRS_FUZZ=0 to turn interval fuzzing off (the tests do).
"""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime, time, timezone
from functools import lru_cache
from typing import Any


def card_id_for(key: str) -> int:
    """A stable positive integer id for a question id or note-card key."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:12], 16)


@lru_cache(maxsize=1)
def scheduler() -> Any:
    from fsrs import Scheduler

    return Scheduler(enable_fuzzing=os.environ.get("DAS_FSRS_FUZZ", "1") != "0")


def exam_moment(exam_date: date) -> datetime:
    """Cards are capped to the start of the exam day, UTC."""
    return datetime.combine(exam_date, time(0, 0), tzinfo=timezone.utc)


def new_card(key: str, now: datetime) -> Any:
    from fsrs import Card

    return Card(card_id=card_id_for(key), due=now)


def load_card(card_json: str) -> Any:
    from fsrs import Card

    return Card.from_json(card_json)


def reschedule(card_json: str | None, key: str, correct: bool, now: datetime,
               exam_date: date | None) -> tuple[str, str]:
    """Review a card (new if card_json is None); returns (card JSON, due as UTC ISO)."""
    from fsrs import Rating

    card = load_card(card_json) if card_json else new_card(key, now)
    card, _log = scheduler().review_card(card, Rating.Good if correct else Rating.Again, review_datetime=now)
    card = cap_to_exam(card, exam_date, now)
    return card.to_json(), card.due.astimezone(timezone.utc).isoformat(timespec="seconds")


def cap_to_exam(card: Any, exam_date: date | None, now: datetime) -> Any:
    """No interval past the exam: a card due after the exam is brought back to the exam morning."""
    if exam_date is None:
        return card
    moment = exam_moment(exam_date)
    if moment > now and card.due > moment:
        card.due = moment
    return card


def retrievability(card: Any, when: datetime) -> float:
    """FSRS's estimate of the chance of recalling the card at `when` (0-1)."""
    return float(scheduler().get_card_retrievability(card, current_datetime=when))
