"""Progress statistics computed from the progress store and the question banks (no I/O of its own)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from das.content.library import Library


@dataclass(frozen=True)
class Row:
    name: str
    answers: int  # answers given (every attempt counts)
    correct: int
    seen: int  # distinct bank questions answered at least once
    bank: int  # questions in the bank for this row
    retention: float | None = None  # FSRS: mean predicted recall now of the row's answered questions

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None

    @property
    def coverage(self) -> float:
        return self.seen / self.bank if self.bank else 0.0

    def as_json(self) -> dict:
        return {"name": self.name, "answers": self.answers, "correct": self.correct,
                "accuracy": None if self.accuracy is None else round(self.accuracy, 4),
                "seen": self.seen, "bank": self.bank, "coverage": round(self.coverage, 4),
                "retention": None if self.retention is None else round(self.retention, 4)}


def recall_by_question(library: Library, card_rows: list, when: datetime) -> dict[str, float]:
    """FSRS predicted recall at `when` for every answered bank question."""
    from das.practice.scheduling import load_card, retrievability

    return {row["key"]: retrievability(load_card(row["card"]), when)
            for row in card_rows if row["kind"] == "question" and row["key"] in library.questions}


def breakdown(library: Library, answers: list, attribute: str, names: list[str] | None = None,
              recall: dict[str, float] | None = None) -> list[Row]:
    """Rows per topic / das_domain / dea_domain. Answers to questions no longer in the bank (or
    drills) count towards answers and accuracy under their recorded topic/domain, not coverage."""
    bank_by: dict[str, set[str]] = {}
    for q in library.questions.values():
        bank_by.setdefault(getattr(q, attribute), set()).add(q.id)
    tally: dict[str, list] = {}
    for row in answers:
        name = row[attribute]
        if name is None:
            continue
        entry = tally.setdefault(name, [0, 0, set()])
        entry[0] += 1
        entry[1] += int(row["correct"])
        if row["question_id"] in bank_by.get(name, ()):
            entry[2].add(row["question_id"])
    order = names or sorted(set(bank_by) | set(tally))
    rows = []
    for name in order:
        answered, right, seen = tally.get(name, [0, 0, set()])
        values = [recall[q] for q in seen if recall and q in recall]
        retention = sum(values) / len(values) if values else None
        rows.append(Row(name, answered, right, len(seen), len(bank_by.get(name, ())), retention))
    return rows


def task_breakdown(library: Library, answers: list, recall: dict[str, float] | None = None) -> list[Row]:
    """Rows per DEA-C01 task statement ("1.3 Orchestrate data pipelines"), in guide order.

    A question tagged with two task statements counts for both; answers to questions no longer in the
    bank (or drills) have no task statement and are left out.
    """
    names = task_names(library)
    bank_by: dict[str, set[str]] = {task: set() for task in names}
    for q in library.questions.values():
        for task in q.dea_task:
            bank_by.setdefault(task, set()).add(q.id)
    tally: dict[str, list] = {}
    for row in answers:
        found = library.questions.get(row["question_id"])
        if found is None:
            continue
        q = found
        for task in q.dea_task:
            entry = tally.setdefault(task, [0, 0, set()])
            entry[0] += 1
            entry[1] += int(row["correct"])
            entry[2].add(q.id)
    rows = []
    for task in sorted(bank_by, key=lambda t: tuple(int(p) for p in t.split("."))):
        answered, right, seen = tally.get(task, [0, 0, set()])
        values = [recall[q] for q in seen if recall and q in recall]
        label = f"{task} {names.get(task, '')}".strip()
        rows.append(Row(label, answered, right, len(seen), len(bank_by[task]),
                        sum(values) / len(values) if values else None))
    return rows


def task_names(library: Library) -> dict[str, str]:
    """DEA-C01 task statement id -> name, from the exam note's dea-c01 profile (empty if absent)."""
    note = library.notes.get("exam")
    profiles = note.profiles if note else []
    profile = next((p for p in profiles if p.get("id") == "dea-c01"), {})
    return {str(t["id"]): t["name"] for d in profile.get("domains", []) for t in d.get("tasks", [])}


def history(answers: list, exams: list) -> dict[str, Any]:
    """Answers and accuracy per day, and every finished exam's result, oldest first."""
    days: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in answers:
        day = row["answered_at"][:10]
        days[day][0] += 1
        days[day][1] += int(row["correct"])
    finished = []
    for row in exams:
        if row["status"] != "submitted" or not row["result"]:
            continue
        result = json.loads(row["result"])
        finished.append({"id": row["id"], "profile": row["profile"], "date": (row["submitted_at"] or "")[:10],
                         "percent": result["percent"], "scaled_score_estimate": result["scaled_score_estimate"],
                         "passed": result["passed"]})
    return {"days": [{"date": d, "answers": a, "correct": c} for d, (a, c) in sorted(days.items())],
            "exams": finished}


def weakest_topics(rows: list[Row], n: int = 3) -> list[dict[str, Any]]:
    """The n topics most in need of practice: lowest accuracy among those practised, then least covered."""
    practised = [r for r in rows if r.answers]
    ranked = sorted(practised, key=lambda r: (r.accuracy, r.coverage, r.name))
    if len(ranked) < n:
        ranked += sorted([r for r in rows if not r.answers and r.bank], key=lambda r: (-r.bank, r.name))
    out = []
    for r in ranked[:n]:
        command = f"das quiz {r.name} --missed" if r.answers and r.correct < r.answers else f"das quiz {r.name} --unseen"
        out.append({"topic": r.name, "accuracy": None if r.accuracy is None else round(r.accuracy, 4),
                    "coverage": round(r.coverage, 4), "command": command})
    return out


def readiness(library: Library, card_rows: list, exam_date: date | None, now: datetime) -> dict[str, Any] | None:
    """Expected share of the bank recalled on exam day: FSRS recall at the exam for answered questions,
    zero for questions never answered."""
    if exam_date is None:
        return None
    from das.practice.scheduling import exam_moment

    moment = max(exam_moment(exam_date), now)
    recall = recall_by_question(library, card_rows, moment)
    bank = len(library.questions)
    expected = sum(recall.values()) / bank if bank else 0.0
    return {"exam_date": exam_date.isoformat(), "days_left": (exam_date - now.date()).days,
            "expected_recall": round(expected, 4), "answered": len(recall), "bank": bank}
