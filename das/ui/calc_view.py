"""Rendering of calculator results: the answer line, worked steps, traps and the rules cited.

The layout is built once as (text, style) lines. On a terminal rich draws them with colour, every line
wrapped to the terminal's width under its own indent (a URL is never split: it keeps a line of its own),
and when the whole answer, with the shell's prompt line after it, is taller than the screen the answer
line and its key warnings are repeated at the end, where the eye is. Into a pipe or file they are written as
plain whole lines without importing rich, which keeps a calculator answer near the cost of starting
Python (see scripts/bench.py).
"""

from __future__ import annotations

import json
import math
import sys
import textwrap
from typing import Any

from das.calc.result import CalcResult
from das.ui.lines import TextLine, write_lines


def print_json(result: CalcResult) -> None:
    """One JSON object on stdout, nothing else: for scripts."""
    sys.stdout.write(json.dumps(result.as_json(), indent=2) + "\n")


def _items(prefix: str, texts: list[str], style: str, width: int | None, numbered: bool = False,
           lead: str | None = None) -> list[TextLine]:
    """Indented entries; with a width, each wraps under its own text (a hanging indent). Words are never
    broken, so a URL longer than the width stays whole on a line of its own."""
    lines: list[TextLine] = []
    fixed = lead
    for n, text in enumerate(texts, 1):
        lead = fixed if fixed is not None else (f"  {n}. " if numbered else f"  {prefix}")
        if width is None:
            lines.append((lead + text, style))
            continue
        wrapped = textwrap.wrap(text, width=max(20, width - len(lead)), break_long_words=False,
                                break_on_hyphens=False) or [""]
        lines.append((lead + wrapped[0], style))
        lines += [(" " * len(lead) + part, style) for part in wrapped[1:]]
    return lines


def _rows(lines: list[TextLine], width: int) -> int:
    """Terminal rows the lines take: a line longer than the width (a long URL) takes more than one."""
    return sum(max(1, math.ceil(len(text) / width)) for text, _ in lines)


def result_lines(result: CalcResult, width: int | None = None, height: int | None = None) -> list[TextLine]:
    """The answer first, then how it was reached: the way an exam explanation reads.

    `width` wraps every entry to that many columns; `height` repeats the answer line (and the key warnings)
    at the end when the lines and the prompt line after them would not fit on one screen.
    """
    lines: list[TextLine] = _items("", [result.headline], "bold green", width, lead="")
    lines += _items("", [result.detail], "dim", width, lead="") + [("", ""), ("Worked steps", "bold")]
    lines += _items("", result.steps, "", width, numbered=True)
    if result.timeline:
        lines += [("", ""), ("Timeline", "bold")] + _items("", result.timeline, "", width)
    if result.traps:
        lines += [("", ""), ("Exam traps", "bold yellow")] + _items("! ", result.traps, "yellow", width)
    if result.notes:
        lines += [("", ""), ("Notes", "bold")] + _items("- ", result.notes, "", width)
    lines += [("", ""), ("Rules", "bold")]
    lines += _items("", [f"{r.id}: {r.text} {r.source}" for r in result.rules], "dim", width)
    if height is not None and _rows(lines, width or 10**6) > height - 1:  # the shell prompt needs a row too
        lines += [("", "")] + _items("", [f"Answer: {result.headline}"], "bold green", width, lead="")
        lines += _items("! ", result.warnings, "yellow", width)
    return lines


def print_result(result: CalcResult, console: Any = None) -> None:
    """Rich on a terminal (or a given console), wrapped to its size; plain whole lines otherwise."""
    if console is None and not sys.stdout.isatty():
        write_lines(result_lines(result), use_rich=False)  # one entry a line, for grep
        return
    from das.ui.console import make_console

    console = console or make_console(wrap=True)
    # the lines are wrapped already: rich must not fold them again (it would split a long URL mid-word)
    write_lines(result_lines(result, console.width, console.height), use_rich=True, console=console,
                soft_wrap=True)
