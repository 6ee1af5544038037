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


@pytest.mark.parametrize("kind", ["item-size", "rcu-query", "wcu-gsi", "wcu-update"])
def test_new_drill_kinds_answer_with_the_calculator_and_offer_its_mistakes(kind):
    import random

    from das.calc.registry import DRILL_KINDS

    module = DRILL_KINDS[kind].load()
    rng = random.Random(4)
    for _ in range(15):
        case = module.DRILLS[kind](rng)
        mistake_ids = {m.id for m in module.MISTAKES}
        assert case.wrong and all(w.mistake in mistake_ids for w in case.wrong)
        assert all(w.value != case.answer for w in case.wrong)


def test_query_drill_offers_the_batch_get_rounding_as_a_mistake():
    drills = make_drills("rcu-query", 25, seed=3)
    texts = " ".join(" ".join(d.explanations.values()) for d in drills)
    assert "as BatchGetItem does" in texts or "as Query does" in texts


def test_drill_command_runs_a_new_kind():
    from conftest import invoke

    result = invoke("drill", "wcu-update", "--count", "1", "--seed", "2", "--plain", stdin="a\n")
    assert result.code == 0, result.err
    assert "UpdateItem" in result.out
