"""What `das review` asks: due cards in FSRS order, new note flashcards, and extra study when asked."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timezone

from das.content.bank import Question
from das.content.library import Library


@dataclass(frozen=True)
class Flashcard:
    key: str
    note_id: str
    section_id: str
    front: str
    back: str

    @property
    def read_next_command(self) -> str:
        return f"das explain {self.note_id} {self.section_id}"


@dataclass(frozen=True)
class ReviewItem:
    key: str
    kind: str  # question | flashcard
    question: Question | None = None
    flashcard: Flashcard | None = None
    reason: str = ""  # due | new | extra


def flashcards(library: Library) -> dict[str, Flashcard]:
    """Every fact marked with `card` in the notes, keyed stably by note, section and front text."""
    cards = {}
    for note in library.notes.values():
        for section in note.sections:
            for fact in section.facts:
                card = fact.get("card")
                if card:
                    digest = hashlib.sha1(card["front"].strip().encode("utf-8")).hexdigest()[:10]
                    key = f"card:{note.id}:{section.id}:{digest}"
                    cards[key] = Flashcard(key, note.id, section.id, card["front"].strip(), card["back"].strip())
    return cards


@dataclass(frozen=True)
class Queue:
    items: list[ReviewItem]
    due_total: int
    next_due: datetime | None  # earliest future due time, when nothing is due
    next_due_count: int
    due_elsewhere: int = 0  # cards due now whose question or flashcard is in content not loaded now

def build_queue(library: Library, card_rows: list, now: datetime, exam_date: date | None,
                limit: int, extra: int, new_limit: int) -> Queue:
    from das.practice.scheduling import exam_moment, load_card, retrievability

    notes_cards = flashcards(library)
    known: dict[str, tuple] = {}
    due_elsewhere = 0
    for row in card_rows:
        if row["kind"] == "question" and row["key"] in library.questions:
            known[row["key"]] = (row, ReviewItem(row["key"], "question", question=library.questions[row["key"]]))
        elif row["kind"] == "flashcard" and row["key"] in notes_cards:
            known[row["key"]] = (row, ReviewItem(row["key"], "flashcard", flashcard=notes_cards[row["key"]]))
        elif datetime.fromisoformat(row["due"]) <= now:
            due_elsewhere += 1  # e.g. an imported bank practised with --content-dir, not given this time
    due: list[tuple] = []
    later: list[tuple] = []
    for key, (row, item) in known.items():
        when = datetime.fromisoformat(row["due"])
        (due if when <= now else later).append((when, key, row, item))
    if exam_date is not None and exam_moment(exam_date) > now:
        moment = exam_moment(exam_date)
        due.sort(key=lambda t: (retrievability(load_card(t[2]["card"]), moment), t[1]))
    else:
        due.sort(key=lambda t: (t[0], t[1]))  # most overdue first
    items = [ReviewItem(i.key, i.kind, i.question, i.flashcard, "due") for _w, _k, _r, i in due][:limit]
    new_today = sum(
        1 for row, _i in known.values()
        if row["kind"] == "flashcard" and row["created_at"][:10] == now.date().isoformat()
    )
    room = max(0, min(new_limit - new_today, limit - len(items)))
    fresh = [c for k, c in notes_cards.items() if k not in known][:room]
    items += [ReviewItem(c.key, "flashcard", flashcard=c, reason="new") for c in fresh]
    if extra > 0:
        weakest = sorted(later, key=lambda t: (retrievability(load_card(t[2]["card"]), now), t[1]))
        items += [ReviewItem(i.key, i.kind, i.question, i.flashcard, "extra") for _w, _k, _r, i in weakest[:extra]]
    next_due: datetime | None = None
    count = 0
    if later:
        next_due = min(t[0] for t in later)
        count = sum(1 for t in later if t[0].date() == next_due.date())
    return Queue(items, len(due), next_due, count, due_elsewhere)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
