"""Generated calculation drills: numeric exam questions whose wrong options are classic mistakes.

Each calculator module makes its own drill cases (das.calc.registry lists the kinds): the right answer is
the calculator's, and every wrong option is one of the calculator's classic mistakes (das.calc.mistakes),
the same ones `das calc` shows as exam traps. The explanation is the calculator's worked steps.
"""

from __future__ import annotations

import random
from fractions import Fraction

from das.calc.mistakes import DrillCase
from das.calc.registry import DRILL_KINDS
from das.content.bank import Question

KINDS = tuple(DRILL_KINDS)


def _options(case: DrillCase, rng: random.Random):
    """Four options: the answer and three distinct wrong values, each tied to its mistake."""
    distractors = [w for w in case.wrong if not isinstance(w.value, (int, Fraction)) or w.value > 0]
    if len(distractors) < 3:
        return None
    rng.shuffle(distractors)
    entries = [None] + distractors[:3]
    rng.shuffle(entries)
    options, explanations, answer = {}, {}, []
    for letter, wrong in zip("abcd", entries):
        value = case.answer if wrong is None else wrong.value
        options[letter] = case.unit(value)
        if wrong is None:
            answer.append(letter)
        else:
            because = f" ({wrong.because})" if wrong.because else ""
            explanations[letter] = f"Wrong: {case.unit(value)} is what you get by {wrong.why}{because}."
    return options, explanations, answer


def to_question(case: DrillCase, rng: random.Random) -> Question | None:
    """The drill as a single-answer Question, or None when the case has fewer than three mistakes to offer."""
    built = _options(case, rng)
    if built is None:
        return None
    options, explanations, answer = built
    explanations[answer[0]] = "Right. " + " ".join(f"({n}) {s}" for n, s in enumerate(case.steps, 1))
    return Question(
        id=f"drill-{case.kind}-" + "-".join(str(p).replace(".", "_").replace("/", "_").replace(",", "")
                                            for p in case.params),
        topic=case.topic, type="single", difficulty="medium", das_domain=case.das_domain,
        dea_domain=case.dea_domain, stem=case.stem, options=options, answer=tuple(answer),
        explanations=explanations, read_next=case.read_next, source=case.source,
    )


def make_drill(kind: str, rng: random.Random) -> Question | None:
    """One drill of a kind (None when the random case has too few distinct mistakes)."""
    maker = DRILL_KINDS[kind].load().DRILLS[kind]
    case = maker(rng)
    return None if case is None else to_question(case, rng)


def make_drills(kind: str | None, count: int, seed: int | None) -> list[Question]:
    """`count` drills of one kind (or a mix), reproducible for a given seed, no repeats in a session."""
    rng = random.Random(seed)
    drills: list[Question] = []
    seen: set[str] = set()
    attempts = 0
    while len(drills) < count and attempts < count * 200:
        attempts += 1
        question = make_drill(kind or rng.choice(KINDS), rng)
        if question is not None and question.id not in seen:
            seen.add(question.id)
            drills.append(question)
    return drills
