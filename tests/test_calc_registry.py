"""The calculator registry is complete: every calculator has help, rules that exist, a drill per kind and a
README row; `das calc --help` and `das drill --help` list it; notes' calculator ids match it."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest

from conftest import invoke
from das.calc.registry import CALCULATORS, DRILL_KINDS, FLAG_KINDS

ROOT = Path(__file__).resolve().parent.parent
IDS = [c.id for c in CALCULATORS]


@pytest.mark.parametrize("calc", CALCULATORS, ids=IDS)
def test_every_calculator_has_help_flags_rules_and_a_run(calc):
    from das.content.rules import all_rules

    assert calc.summary.strip() and calc.usage.startswith(f"das calc {calc.id}")
    assert all(flag.help.strip() and flag.kind in FLAG_KINDS for flag in calc.flags)
    assert calc.rules and not set(calc.rules) - set(all_rules()), "rules missing from content/rules.yaml"
    assert callable(calc.load().run)
    result = invoke("calc", calc.id, "--help")
    assert result.code == 0 and "--json" in result.out and calc.summary.split(",")[0][:30] in " ".join(result.out.split())


@pytest.mark.parametrize("calc", CALCULATORS, ids=IDS)
def test_every_calculator_has_a_drill_per_kind(calc):
    from das.practice.drills import make_drill

    module = calc.load()
    assert calc.drills and set(calc.drills) == set(module.DRILLS)
    rng = random.Random(3)
    for kind in calc.drills:
        assert any(make_drill(kind, rng) is not None for _ in range(20)), kind


@pytest.mark.parametrize("calc", CALCULATORS, ids=IDS)
def test_every_calculator_has_its_readme_row(calc):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"| `{calc.usage.replace('|', chr(92) + '|')}` |" in readme, calc.usage


def test_top_level_help_and_drill_help_list_every_calculator_and_kind():
    out = " ".join(invoke("calc", "--help").out.split())
    assert all(calc_id in out for calc_id in IDS)
    drill_help = invoke("drill", "--help").out.replace("\n", "").replace(" ", "").replace("│", "")
    assert all(kind in drill_help for kind in DRILL_KINDS)


def test_notes_calculator_ids_are_the_registry_ids():
    from das.content.schema import CALCULATORS as NOTE_IDS

    assert tuple(NOTE_IDS) == tuple(IDS)


def test_calculator_functions_stay_short():
    long = {}
    for path in (ROOT / "das" / "calc").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 50:
                long[f"{path.name}:{node.name}"] = node.end_lineno - node.lineno + 1
    assert long == {}
