"""Timed exam simulation, as pure logic: drawing questions by domain weight, the exam's state (answers,
flags, time), and scoring. The runner in das/exam_session.py does the I/O and saving."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from das.content.bank import UNKNOWN, Question
from das.errors import UsageError
from das.content.library import Library
from das.practice.scoring import Presented, is_correct

SCALE_MIN, SCALE_MAX = 100, 1000
UNKNOWN_DOMAIN_NAME = "Unknown (imported questions)"


def exam_profile(library: Library, profile_id: str) -> dict[str, Any]:
    """A profile (questions, minutes, passing score, domain weights) from the exam note's content."""
    exam = library.notes.get("exam")
    profiles = {p["id"]: p for p in (exam.profiles if exam else [])}
    if profile_id not in profiles:
        raise UsageError(f"--profile must be one of {', '.join(sorted(profiles)) or '(none in content)'}, got {profile_id!r}")
    return profiles[profile_id]


def domain_attribute(profile: dict[str, Any]) -> str:
    """The Question attribute that holds a question's domain for this profile: das_domain for DAS-C01, else
    dea_domain."""
    return "das_domain" if profile["id"] == "das-c01" else "dea_domain"


def domain_quotas(profile: dict[str, Any], count: int) -> dict[str, int]:
    """Questions per domain for `count` questions, by weight, largest remainder first."""
    domains = profile["domains"]
    exact = {d["id"]: count * d["weight"] / 100 for d in domains}
    quotas = {k: int(v) for k, v in exact.items()}
    left = count - sum(quotas.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - quotas[k]), k))[:left]:
        quotas[key] += 1
    return quotas


def draw_questions(library: Library, profile: dict[str, Any], count: int, seed: int | None,
                   only: set[str] | None = None) -> list[Question]:
    """Questions matching the profile's domain weights; a domain short of questions is topped up.
    `only`: draw from these question ids alone (an imported bank, whose domains are unknown)."""
    if count < 1:
        raise UsageError(f"--questions must be at least 1, got {count}")
    attribute = domain_attribute(profile)
    rng = random.Random(seed)
    by_domain: dict[str, list[Question]] = {}
    for q in sorted(library.questions.values(), key=lambda q: q.id):
        if only is not None and q.id not in only:
            continue
        by_domain.setdefault(getattr(q, attribute), []).append(q)
    for pool in by_domain.values():
        rng.shuffle(pool)
    total = sum(len(p) for p in by_domain.values())
    if count > total:
        raise UsageError(f"--questions must be at most {total} (the size of the question bank), got {count}")
    chosen: list[Question] = []
    for domain, quota in domain_quotas(profile, count).items():
        chosen += by_domain.get(domain, [])[:quota]
    if len(chosen) < count:  # a domain had too few questions: fill from what is left
        rest = [q for pool in by_domain.values() for q in pool if q not in chosen]
        rng.shuffle(rest)
        chosen += rest[: count - len(chosen)]
    rng.shuffle(chosen)
    return chosen


@dataclass
class ExamState:
    """Everything needed to resume an exam: saved as JSON after every action."""

    profile: str
    question_ids: list[str]
    orders: list[list[str]]  # authored option keys in display order, per question
    time_limit: float  # seconds
    answers: dict[int, list[str]] = field(default_factory=dict)  # index -> display letters
    flagged: set[int] = field(default_factory=set)
    current: int = 0
    seconds: list[float] = field(default_factory=list)  # time spent on each question
    elapsed: float = 0.0  # seconds used so far
    # how many options each question asks for; set from the library (ExamRunner, new()), never saved
    select_counts: list[int] = field(default_factory=list)

    @classmethod
    def new(cls, profile: str, questions: list[Question], time_limit: float, seed: int | None) -> "ExamState":
        """A fresh exam over `questions` with each question's options shuffled (reproducibly for a given `seed`);
        `time_limit` in seconds."""
        rng = random.Random(seed)
        orders = []
        for q in questions:
            keys = list(q.options)
            rng.shuffle(keys)
            orders.append(keys)
        return cls(profile, [q.id for q in questions], orders, time_limit, seconds=[0.0] * len(questions),
                   select_counts=[len(q.answer) for q in questions])

    def to_json(self) -> dict[str, Any]:
        """The state as JSON data, saved after every action (answer keys as strings, flags sorted)."""
        return {"profile": self.profile, "question_ids": self.question_ids, "orders": self.orders,
                "time_limit": self.time_limit, "answers": {str(k): v for k, v in self.answers.items()},
                "flagged": sorted(self.flagged), "current": self.current, "seconds": self.seconds,
                "elapsed": self.elapsed}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ExamState":
        """The state saved by to_json(). KeyError, ValueError or TypeError when the data is not such a state."""
        return cls(data["profile"], data["question_ids"], data["orders"], data["time_limit"],
                   {int(k): v for k, v in data["answers"].items()}, set(data["flagged"]), data["current"],
                   data["seconds"], data["elapsed"])

    @property
    def count(self) -> int:
        """How many questions the exam has."""
        return len(self.question_ids)

    def remaining(self) -> float:
        """Seconds left on the exam clock, never below 0."""
        return max(0.0, self.time_limit - self.elapsed)

    def presented(self, library: Library, index: int) -> Presented:
        """Question `index` (0-based) as shown in this exam, with its saved option order. KeyError if the library no
        longer has the question (resume_exam checks first)."""
        return Presented(library.questions[self.question_ids[index]], tuple(self.orders[index]))

    def answer(self, index: int, letters: list[str]) -> None:
        """Record the display letters chosen for question `index` (0-based), sorted; replaces an earlier answer."""
        self.answers[index] = sorted(letters)

    def toggle_flag(self, index: int) -> bool:
        """Flag question `index` (0-based) for review, or unflag it; True when it is now flagged."""
        if index in self.flagged:
            self.flagged.discard(index)
            return False
        self.flagged.add(index)
        return True

    def unanswered(self) -> list[int]:
        """Indexes (0-based) of the questions with no answer yet, in order."""
        return [i for i in range(self.count) if i not in self.answers]

    def incomplete(self) -> list[int]:
        """Indexes (0-based) of the questions answered with fewer options than they ask for (one of a
        "Select TWO"), in order: they score wrong like unanswered ones. Needs `select_counts`."""
        return [i for i in sorted(self.answers) if i < len(self.select_counts)
                and len(self.answers[i]) < self.select_counts[i]]

    def complete(self) -> int:
        """How many questions have as many options chosen as they ask for."""
        return len(self.answers) - len(self.incomplete())


@dataclass
class ExamResult:
    profile: dict[str, Any]
    correct: list[bool]
    per_domain: list[tuple[str, str, int, int]]  # id, name, questions, correct
    per_topic: list[tuple[str, int, int]]
    elapsed: float
    seconds: list[float]
    answered: int

    @property
    def score(self) -> int:
        """How many questions were answered fully right."""
        return sum(self.correct)

    @property
    def fraction(self) -> float:
        """The share answered right, 0.0-1.0 (0.0 for an exam with no questions)."""
        return self.score / len(self.correct) if self.correct else 0.0

    @property
    def scaled_estimate(self) -> int:
        """An ESTIMATE: AWS does not publish its raw-to-scaled mapping; das maps linearly."""
        return round(SCALE_MIN + (SCALE_MAX - SCALE_MIN) * self.fraction)

    @property
    def passed(self) -> bool:
        """Whether the scaled ESTIMATE reaches the profile's passing score (on AWS's 100-1000 scale)."""
        return self.scaled_estimate >= self.profile["passing_score"]

    def weakest_domains(self, n: int = 2) -> list[tuple[str, str, int, int]]:
        """Up to `n` domains with the lowest share right, as (id, name, questions, correct); domains with no questions
        and the unknown domain of imported questions are left out."""
        return sorted([d for d in self.per_domain if d[2] and d[0] != UNKNOWN], key=lambda d: (d[3] / d[2], d[0]))[:n]

    def weakest_topics(self, n: int = 3) -> list[tuple[str, int, int]]:
        """Up to `n` topics with the lowest share right (more questions first on a tie), as (topic,
        questions, correct)."""
        return sorted([t for t in self.per_topic if t[1]], key=lambda t: (t[2] / t[1], -t[1], t[0]))[:n]

    def as_json(self) -> dict[str, Any]:
        """The result as JSON data, stored with the submitted exam (das exam review and das stats read it back): counts,
        percent, scaled estimate, pass, elapsed seconds, and the per-domain and per-topic rows."""
        return {
            "profile": self.profile["id"], "questions": len(self.correct), "answered": self.answered,
            "correct": self.score, "percent": round(100 * self.fraction, 1),
            "scaled_score_estimate": self.scaled_estimate, "passing_score": self.profile["passing_score"],
            "passed": self.passed, "elapsed_seconds": round(self.elapsed, 1),
            "domains": [{"id": d, "name": n, "questions": q, "correct": c} for d, n, q, c in self.per_domain],
            "topics": [{"topic": t, "questions": q, "correct": c} for t, q, c in self.per_topic],
        }


def score_exam(library: Library, state: ExamState, profile: dict[str, Any]) -> ExamResult:
    """All-or-nothing per question; unanswered and incomplete questions are wrong. `answered` counts the
    questions with as many options chosen as they ask for (ExamState.complete())."""
    attribute = domain_attribute(profile)
    correct = []
    answered = 0  # as the screen counts them: an incomplete answer (one of a Select TWO) is not answered
    domains = {d["id"]: [d["name"], 0, 0] for d in profile["domains"]}
    topics: dict[str, list[int]] = {}
    for index, qid in enumerate(state.question_ids):
        presented = state.presented(library, index)
        letters = state.answers.get(index, [])
        right = bool(letters) and is_correct(presented.question, {presented.key_for(l) for l in letters})
        answered += int(bool(letters) and len(letters) >= presented.select_count)
        correct.append(right)
        domain = getattr(presented.question, attribute)
        domains.setdefault(domain, [UNKNOWN_DOMAIN_NAME if domain == UNKNOWN else domain, 0, 0])
        domains[domain][1] += 1
        domains[domain][2] += int(right)
        topics.setdefault(presented.question.topic, [0, 0])
        topics[presented.question.topic][0] += 1
        topics[presented.question.topic][1] += int(right)
    per_domain = [(d, v[0], v[1], v[2]) for d, v in domains.items()]
    if UNKNOWN in domains:  # imported questions: only the domains the exam actually drew from
        per_domain = [row for row in per_domain if row[2]]
    per_topic = sorted(((t, v[0], v[1]) for t, v in topics.items()), key=lambda t: t[0])
    return ExamResult(profile, correct, per_domain, per_topic, state.elapsed, list(state.seconds), answered)


@dataclass(frozen=True)
class ReviewEntry:
    """One question of a finished exam as `das exam review` walks through it."""

    number: int  # 1-based
    question_id: str
    presented: Presented | None  # None when the question has left the bank
    letters: list[str]  # display letters the candidate chose; empty when unanswered
    correct: bool
    flagged: bool


def review_entries(library: Library, state: ExamState) -> list[ReviewEntry]:
    """Every question of a finished exam in order, re-scored against the bank as it is now."""
    entries = []
    for index, qid in enumerate(state.question_ids):
        letters = list(state.answers.get(index, []))
        if qid not in library.questions:
            entries.append(ReviewEntry(index + 1, qid, None, letters, False, index in state.flagged))
            continue
        p = state.presented(library, index)
        correct = bool(letters) and sorted(p.key_for(letter) for letter in letters) == sorted(p.question.answer)
        entries.append(ReviewEntry(index + 1, qid, p, letters, correct, index in state.flagged))
    return entries


def filter_entries(entries: list[ReviewEntry], wrong: bool, flagged: bool, skipped: bool) -> list[ReviewEntry]:
    """The entries `das exam review` shows: all without filters, else those matching any filter
    (wrong: answered and wrong; skipped: unanswered; flagged: flagged). A question not in the content
    loaded now (presented None) matches no filter: whether it was right cannot be told without it."""
    if not (wrong or flagged or skipped):
        return list(entries)
    return [e for e in entries if e.presented is not None
            and (wrong and e.letters and not e.correct or skipped and not e.letters or flagged and e.flagged)]
