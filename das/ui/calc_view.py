"""Rendering of calculator results: the answer line, worked steps, traps and the rules cited.

The layout is built once as (text, style) lines. On a terminal rich draws them with colour and
wrapping; into a pipe or file they are written as plain lines without importing rich, which keeps a
calculator answer near the cost of starting Python (see scripts/bench.py).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from das.calc.result import CalcResult
from das.ui.lines import Line, write_lines


def print_json(result: CalcResult) -> None:
    """One JSON object on stdout, nothing else: for scripts."""
    sys.stdout.write(json.dumps(result.as_json(), indent=2) + "\n")


def result_lines(result: CalcResult) -> list[Line]:
    """The answer first, then how it was reached: the way an exam explanation reads."""
    lines: list[Line] = [(result.headline, "bold green"), (result.detail, "dim"), ("", ""), ("Worked steps", "bold")]
    lines += [(f"  {n}. {step}", "") for n, step in enumerate(result.steps, 1)]
    if result.timeline:
        lines += [("", ""), ("Timeline", "bold")] + [(f"  {t}", "") for t in result.timeline]
    if result.traps:
        lines += [("", ""), ("Exam traps", "bold yellow")] + [(f"  ! {t}", "yellow") for t in result.traps]
    if result.notes:
        lines += [("", ""), ("Notes", "bold")] + [(f"  - {n}", "") for n in result.notes]
    lines += [("", ""), ("Rules", "bold")]
    lines += [(f"  {r.id}: {r.text} {r.source}", "dim") for r in result.rules]
    return lines


def print_result(result: CalcResult, console: Any = None) -> None:
    """Rich on a terminal (or a given console), plain lines otherwise."""
    write_lines(result_lines(result), console=console)
