"""Progress statistics computed from the progress store and the question banks (no I/O of its own)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from das.content.library import Library


MIN_REVIEWS = 10  # a row's retention is shown ("-" before) once its cards have this many reviews


@dataclass(frozen=True)
class Row:
    name: str
    answers: int  # answers given (every attempt counts)
    correct: int
    seen: int  # distinct bank questions answered at least once
    bank: int  # questions in the bank for this row
    retention: float | None = None  # FSRS predicted recall now, mean over the row's cards (None: too few reviews)

    @property
    def accuracy(self) -> float | None:
        """Share of answers right, 0-1; None when there are no answers."""
        return self.correct / self.answers if self.answers else None

    @property
    def coverage(self) -> float:
        """Share of the row's bank questions answered at least once, 0-1 (0.0 for an empty bank)."""
        return self.seen / self.bank if self.bank else 0.0

    def as_json(self) -> dict:
        """The row as JSON data for `das stats --json`, ratios rounded to 4 decimals (None stays null)."""
        return {"name": self.name, "answers": self.answers, "correct": self.correct,
                "accuracy": None if self.accuracy is None else round(self.accuracy, 4),
                "seen": self.seen, "bank": self.bank, "coverage": round(self.coverage, 4),
                "retention": None if self.retention is None else round(self.retention, 4)}


@dataclass(frozen=True)
class CardRecall:
    """One stored card's FSRS predicted recall now, with what it counts towards."""

    key: str
    kind: str
    topic: str
    recall: float
    reviews: int


def card_recall(card_states: list, when: datetime) -> list[CardRecall]:
    """FSRS predicted recall at `when` of every stored card; rows are (key, kind, topic, card JSON,
    reviews, due) as das.store.study.card_states gives them."""
    from das.practice.scheduling import load_card, retrievability

    return [CardRecall(key, kind, topic, retrievability(load_card(card), when), reviews)
            for key, kind, topic, card, reviews, _due in card_states]


def _retention(cards: list[CardRecall]) -> float | None:
    if sum(c.reviews for c in cards) < MIN_REVIEWS:
        return None
    return sum(c.recall for c in cards) / len(cards)


_COLUMN = {"topic": 1, "das_domain": 2, "dea_domain": 3}


def breakdown(library: Library, per_question: list, attribute: str, names: list[str] | None = None,
              cards: list[CardRecall] | None = None) -> list[Row]:
    """Rows per topic / das_domain / dea_domain from per-question aggregates (rows of question id,
    topic, das_domain, dea_domain, answers, correct). Answers to questions no longer in the bank,
    drills and flashcards count towards answers and accuracy under their recorded topic (flashcards
    have no domain), not coverage. Retention averages the row's cards: by topic every card of the
    topic, by domain the bank questions of the domain."""
    column = _COLUMN[attribute]
    bank_by: dict[str, set[str]] = {}
    for q in library.questions.values():
        bank_by.setdefault(getattr(q, attribute), set()).add(q.id)
    tally: dict[str, list] = {}
    for row in per_question:
        name = row[column]
        if name is None:
            continue
        entry = tally.setdefault(name, [0, 0, set()])
        entry[0] += row[4]
        entry[1] += int(row[5] or 0)
        if row[0] in bank_by.get(name, ()):
            entry[2].add(row[0])
    grouped: dict[str, list[CardRecall]] = {}
    for card in cards or []:
        if attribute == "topic":
            grouped.setdefault(card.topic, []).append(card)
        elif card.kind == "question" and card.key in library.questions:
            grouped.setdefault(getattr(library.questions[card.key], attribute), []).append(card)
    order = names or sorted(set(bank_by) | set(tally))
    rows = []
    for name in order:
        answered, right, seen = tally.get(name, [0, 0, set()])
        rows.append(Row(name, answered, right, len(seen), len(bank_by.get(name, ())),
                        _retention(grouped.get(name, []))))
    return rows


def task_breakdown(library: Library, per_question: list, cards: list[CardRecall] | None = None) -> list[Row]:
    """Rows per DEA-C01 task statement ("1.3 Orchestrate data pipelines"), in guide order.

    A question tagged with two task statements counts for both; answers to questions no longer in the
    bank (or drills and flashcards) have no task statement and are left out.
    """
    names = task_names(library)
    bank_by: dict[str, set[str]] = {task: set() for task in names}
    for q in library.questions.values():
        for task in q.dea_task:
            bank_by.setdefault(task, set()).add(q.id)
    tally: dict[str, list] = {}
    for row in per_question:
        found = library.questions.get(row[0])
        if found is None:
            continue
        q = found
        for task in q.dea_task:
            entry = tally.setdefault(task, [0, 0, set()])
            entry[0] += row[4]
            entry[1] += int(row[5] or 0)
            entry[2].add(q.id)
    grouped: dict[str, list[CardRecall]] = {}
    for card in cards or []:
        asked = library.questions.get(card.key) if card.kind == "question" else None
        for task in asked.dea_task if asked else ():
            grouped.setdefault(task, []).append(card)
    rows = []
    for task in sorted(bank_by, key=lambda t: tuple(int(p) for p in t.split("."))):
        answered, right, seen = tally.get(task, [0, 0, set()])
        label = f"{task} {names.get(task, '')}".strip()
        rows.append(Row(label, answered, right, len(seen), len(bank_by[task]), _retention(grouped.get(task, []))))
    return rows


def task_names(library: Library) -> dict[str, str]:
    """DEA-C01 task statement id -> name, from the exam note's dea-c01 profile (empty if absent)."""
    note = library.notes.get("exam")
    profiles = note.profiles if note else []
    profile = next((p for p in profiles if p.get("id") == "dea-c01"), {})
    return {str(t["id"]): t["name"] for d in profile.get("domains", []) for t in d.get("tasks", [])}


def history(per_minute: list, exams: list) -> dict[str, Any]:
    """Answers and accuracy per local day (the user's time zone), and every finished exam's result,
    oldest first. `per_minute` rows are (UTC 'YYYY-MM-DDTHH:MM', answers, correct)."""
    from das.practice.clock import local_date

    days: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for minute, answered, right in per_minute:
        day = local_date(datetime.fromisoformat(minute + "+00:00")).isoformat()
        days[day][0] += answered
        days[day][1] += int(right or 0)
    finished = []
    for row in exams:
        if row["status"] != "submitted" or not row["result"]:
            continue
        result = json.loads(row["result"])
        when = row["submitted_at"]
        finished.append({"id": row["id"], "profile": row["profile"],
                         "date": local_date(datetime.fromisoformat(when)).isoformat() if when else "",
                         "percent": result["percent"], "scaled_score_estimate": result["scaled_score_estimate"],
                         "passed": result["passed"]})
    return {"days": [{"date": d, "answers": a, "correct": c} for d, (a, c) in sorted(days.items())],
            "exams": finished}


@dataclass(frozen=True)
class Todo:
    """What each suggested command would find to do, per topic (note id)."""

    missed: dict[str, int]  # bank questions whose latest answer was wrong
    unseen: dict[str, int]  # bank questions never answered
    due: dict[str, int]  # cards `das review TOPIC` would ask now


def todo(library: Library, missed_ids: set[str], answered_ids: set[str], due_keys: list[tuple[str, str, str]]) -> Todo:
    """Per topic, counted the way the commands select: a topic's questions include those of the notes
    it includes (kinesis -> kinesis-data-streams, ...). `due_keys` are askable due cards (key, kind, topic)."""
    missed: dict[str, int] = {}
    unseen: dict[str, int] = {}
    for note_id in library.notes:
        ids = {q.id for q in library.questions_for(note_id)}
        if ids:
            missed[note_id] = len(ids & missed_ids)
            unseen[note_id] = len(ids - answered_ids)
    due: dict[str, int] = {}
    for note_id, note in library.notes.items():
        scope = {note_id, *note.includes}
        due[note_id] = sum(1 for _k, _kind, topic in due_keys if topic in scope)
    return Todo(missed, unseen, due)


def suggestion(topic: str, todo: Todo) -> str | None:
    """The one command that has something to do for a topic, or None: missed questions first, then
    due cards, then questions never answered, then any practice of the topic."""
    if todo.missed.get(topic):
        return f"das quiz {topic} --missed"
    if todo.due.get(topic):
        return f"das review {topic}"
    if todo.unseen.get(topic):
        return f"das quiz {topic} --unseen"
    if topic in todo.unseen:  # the topic has questions, all answered and none missed
        return f"das quiz {topic}"
    return None


def weakest_topics(rows: list[Row], todo: Todo, n: int = 3) -> list[dict[str, Any]]:
    """The n topics most in need of practice (lowest accuracy among those practised, then the largest
    banks not started), each with a command that has something to do; topics with none are skipped."""
    practised = sorted([r for r in rows if r.answers], key=lambda r: (r.accuracy, r.coverage, r.name))
    fresh = sorted([r for r in rows if not r.answers and r.bank], key=lambda r: (-r.bank, r.name))
    out = []
    for r in practised + fresh:
        command = suggestion(r.name, todo)
        if command is None:
            continue
        out.append({"topic": r.name, "accuracy": None if r.accuracy is None else round(r.accuracy, 4),
                    "coverage": round(r.coverage, 4), "command": command})
        if len(out) == n:
            break
    return out


def readiness(library: Library, cards: list, exam_date: date | None, now: datetime) -> dict[str, Any] | None:
    """Expected share of the bank recalled on exam day: FSRS recall at the exam (local midnight starting
    the exam day) for answered questions, zero for questions never answered; `cards` are card states
    as in `card_recall`. `days_left` counts local days and is negative once the date has passed."""
    if exam_date is None:
        return None
    from das.practice.clock import days_until
    from das.practice.scheduling import exam_moment

    days_left = days_until(exam_date, now)
    bank = len(library.questions)
    questions = [c for c in cards if c[1] == "question" and c[0] in library.questions]
    recall = card_recall(questions, max(exam_moment(exam_date), now))
    expected = sum(c.recall for c in recall) / bank if bank else 0.0
    return {"exam_date": exam_date.isoformat(), "days_left": days_left, "passed": days_left < 0,
            "expected_recall": round(expected, 4), "answered": len(recall), "bank": bank}
