"""Progress statistics computed from the progress store and the question banks (no I/O of its own)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
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
class Recall:
    """FSRS predicted recall of one row's cards, aggregated by the store (SQL): how many cards, their
    reviews between them, and the mean predicted recall (0-1)."""

    cards: int
    reviews: int
    mean: float


def retention(recall: Recall | None) -> float | None:
    """A row's retention: the mean predicted recall of its cards, or None ("-") until the cards have
    MIN_REVIEWS reviews between them (too few to mean anything)."""
    if recall is None or recall.cards == 0 or recall.reviews < MIN_REVIEWS:
        return None
    return recall.mean


def rows(order: list[str], bank: dict[str, int], tally: dict[str, tuple[int, int, int]],
         recall: dict[str, Recall], label=lambda name: name) -> list[Row]:
    """One Row per name in `order`: `bank` is the questions in the bank per name, `tally` the (answers,
    correct, distinct bank questions answered) per name and `recall` the card recall per name, all
    aggregated by the store. Answers to questions no longer in the bank, drills and flashcards count
    towards answers and accuracy under their recorded topic (flashcards have no domain), not coverage."""
    out = []
    for name in order:
        answered, right, seen = tally.get(name, (0, 0, 0))
        out.append(Row(label(name), answered, right, seen, bank.get(name, 0), retention(recall.get(name))))
    return out


def task_order(library: Library) -> list[str]:
    """DEA-C01 task statement ids with questions in the bank or named in the exam profile, in guide order."""
    tasks = set(task_names(library)) | {t for q in library.questions.values() for t in q.dea_task}
    return sorted(tasks, key=lambda t: tuple(int(p) for p in t.split(".")))


def task_label(library: Library):
    """A function naming a task statement id as das stats shows it ("1.3 Orchestrate data pipelines")."""
    names = task_names(library)
    return lambda task: f"{task} {names.get(task, '')}".strip()


def task_names(library: Library) -> dict[str, str]:
    """DEA-C01 task statement id -> name, from the exam note's dea-c01 profile (empty if absent)."""
    note = library.notes.get("exam")
    profiles = note.profiles if note else []
    profile = next((p for p in profiles if p.get("id") == "dea-c01"), {})
    return {str(t["id"]): t["name"] for d in profile.get("domains", []) for t in d.get("tasks", [])}


def history(per_minute: list, exams: list) -> dict[str, Any]:
    """Answers and accuracy per local day (the user's time zone), and every finished exam's result,
    oldest first. `per_minute` rows are (UTC 'YYYY-MM-DDTHH:MM', answers, correct); `exams` are the
    submitted exams as dicts (id, profile, submitted_at, result: the result already read and checked)."""
    from das.practice.clock import local_date

    days: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for minute, answered, right in per_minute:
        day = local_date(datetime.fromisoformat(minute + "+00:00")).isoformat()
        days[day][0] += answered
        days[day][1] += int(right or 0)
    finished = []
    for row in exams:
        result = row["result"]
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


def todo(library: Library, missed_ids: set[str], answered_ids: set[str], due_by_topic: dict[str, int]) -> Todo:
    """Per topic, counted the way the commands select: a topic's questions include those of the notes
    it includes (kinesis -> kinesis-data-streams, ...). `due_by_topic`: askable due cards per recorded topic."""
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
        due[note_id] = sum(due_by_topic.get(topic, 0) for topic in scope)
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


WEAK_BELOW = Fraction(3, 4)  # a practised topic answered less often right than this is weak (das stats --help)


def known_share(row: Row) -> Fraction:
    """The share of a row's bank known, exactly: accuracy x coverage (0 when never answered or no bank)."""
    if not row.answers or not row.bank:
        return Fraction(0)
    return Fraction(row.correct, row.answers) * Fraction(row.seen, row.bank)


def weakest_topics(rows: list[Row], todo: Todo, n: int = 3) -> list[dict[str, Any]]:
    """The n topics most in need of practice, each with a command that has something to do (topics with
    none are skipped). First the practised topics answered right less than WEAK_BELOW of the time, lowest
    accuracy first; then the rest by the share of their bank known (accuracy x coverage; never started:
    0), least first, bigger banks first on a tie. A topic whose whole bank is answered (or that has no
    bank questions) at WEAK_BELOW or better is never listed: it is not weak."""
    def is_weak(r: Row) -> bool:
        return bool(r.answers) and Fraction(r.correct, r.answers) < WEAK_BELOW  # exact: 3 of 4 is not weak

    weak = sorted([r for r in rows if is_weak(r)],
                  key=lambda r: (r.accuracy, r.coverage, -r.bank, r.name))
    rest = sorted([r for r in rows if r.bank and r.seen < r.bank and not is_weak(r)],
                  key=lambda r: (known_share(r), -r.bank, r.name))
    out = []
    for r in weak + rest:
        command = suggestion(r.name, todo)
        if command is None:
            continue
        out.append({"topic": r.name, "accuracy": None if r.accuracy is None else round(r.accuracy, 4),
                    "coverage": round(r.coverage, 4), "command": command})
        if len(out) == n:
            break
    return out


def readiness(library: Library, recalled: tuple[int, float], exam_date: date | None, now: datetime) -> dict[str, Any] | None:
    """Expected share of the bank recalled on exam day: FSRS recall at the exam (local midnight starting
    the exam day) for answered questions, zero for questions never answered. `recalled` is (bank
    questions with a card, sum of their predicted recall at the exam), from the store. `days_left`
    counts local days and is negative once the date has passed."""
    if exam_date is None:
        return None
    from das.practice.clock import days_until

    days_left = days_until(exam_date, now)
    bank = len(library.questions)
    answered, total = recalled
    expected = total / bank if bank else 0.0
    return {"exam_date": exam_date.isoformat(), "days_left": days_left, "passed": days_left < 0,
            "expected_recall": round(expected, 4), "answered": answered, "bank": bank}
