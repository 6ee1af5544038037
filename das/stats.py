"""Progress statistics computed from the progress store and the question banks (no I/O of its own)."""

from __future__ import annotations

from dataclasses import dataclass

from das.library import Library


@dataclass(frozen=True)
class Row:
    name: str
    answers: int  # answers given (every attempt counts)
    correct: int
    seen: int  # distinct bank questions answered at least once
    bank: int  # questions in the bank for this row

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None

    @property
    def coverage(self) -> float:
        return self.seen / self.bank if self.bank else 0.0

    def as_json(self) -> dict:
        return {"name": self.name, "answers": self.answers, "correct": self.correct,
                "accuracy": None if self.accuracy is None else round(self.accuracy, 4),
                "seen": self.seen, "bank": self.bank, "coverage": round(self.coverage, 4)}


def breakdown(library: Library, answers: list, attribute: str, names: list[str] | None = None) -> list[Row]:
    """Rows per topic / das_domain / dea_domain. Answers to questions no longer in the bank (or
    drills) count towards answers and accuracy under their recorded topic/domain, not coverage."""
    bank_by: dict[str, set[str]] = {}
    for q in library.questions.values():
        bank_by.setdefault(getattr(q, attribute), set()).add(q.id)
    column = {"topic": "topic", "das_domain": "das_domain", "dea_domain": "dea_domain"}[attribute]
    tally: dict[str, list] = {}
    for row in answers:
        name = row[column]
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
        rows.append(Row(name, answered, right, len(seen), len(bank_by.get(name, ()))))
    return rows
