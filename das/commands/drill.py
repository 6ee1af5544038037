"""`das drill`: generated numeric exam questions from the calculators."""

from __future__ import annotations

from typing import Optional

import typer

from das import limits
from das.commands.params import bounded_int

from das.calc.registry import DRILL_KINDS
from das.commands.quiz import finish, use_plain

KIND_METAVAR = "[" + "|".join(DRILL_KINDS) + "]"


def drill(
    kind: Optional[str] = typer.Argument(None, metavar=KIND_METAVAR, help="Which calculation; a mix when omitted."),
    count: int = typer.Option(5, "--count", "-n", parser=bounded_int(*limits.DRILL_COUNT), metavar="N", help="How many drills (1-1,000)."),
    seed: Optional[int] = typer.Option(None, "--seed", parser=bounded_int(*limits.SEED), metavar="N", help="Seed for repeatable drills (0 to 2^63-1)."),
    plain: bool = typer.Option(False, "--plain", help="Line-based mode: answer with a line like b; q stops."),
) -> None:
    """Calculation drills: each wrong option is the result of a classic exam mistake."""
    from das.practice.drills import KINDS, make_drills
    from das.errors import UsageError
    from das.flows.quiz import run_session
    from das.store.progress import Progress

    if kind is not None and kind.lower() not in KINDS:
        raise UsageError(f"drill kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if count < 1:
        raise UsageError(f"--count must be at least 1, got {count}")
    questions = make_drills(kind.lower() if kind else None, count, seed)
    plain_mode = use_plain(plain)
    from das.ui.prompts import practice_io

    store = Progress()
    log = run_session(questions, practice_io(plain_mode), store, "drill", {"kind": kind, "count": count, "seed": seed},
                      seed=seed, retry_command=f"das drill {kind or ''}".strip(),
                      shuffle_options=False)
    store.close()
    finish(log)
