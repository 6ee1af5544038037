"""Calculation drills: the answer is the calculator's, each distractor is a distinct named mistake."""

from __future__ import annotations

import pytest

from das.practice.drills import KINDS, make_drills


@pytest.mark.parametrize("kind", KINDS)
def test_drills_have_one_right_answer_and_named_mistakes(kind):
    drills = make_drills(kind, 25, seed=11)
    assert len(drills) == 25 and len({d.id for d in drills}) == 25
    for d in drills:
        assert len(d.options) == 4 and len(set(d.options.values())) == 4
        assert len(d.answer) == 1
        right = d.answer[0]
        assert d.explanations[right].startswith("Right. (1)")
        for key, text in d.explanations.items():
            if key != right:
                assert text.startswith("Wrong:") and "is what you get by" in text


def test_drills_are_reproducible_with_a_seed():
    assert [d.id for d in make_drills(None, 10, seed=5)] == [d.id for d in make_drills(None, 10, seed=5)]


def test_wcu_drill_answer_matches_the_calculator():
    from fractions import Fraction

    from das.calc.dynamodb_writes import required_wcu

    for d in make_drills("wcu", 10, seed=2):
        _, items, per, size, tx = d.id.split("-")[:1] + d.id.split("-")[2:]
        wcu = required_wcu(Fraction(items), Fraction(size.replace("_", ".")), per, tx == "1").values["wcu"]
        assert d.options[d.answer[0]] == f"{wcu:,} WCU"
