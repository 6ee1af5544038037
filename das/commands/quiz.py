"""`das quiz`: exam-style practice from the question banks."""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from das import limits
from das.commands.params import bounded_int

DEFAULT_COUNT = 10  # kept here so that importing the CLI does not load the quiz engine


def use_plain(plain: bool) -> bool:
    """Plain line mode when asked, or when there is no terminal to draw a prompt on. Otherwise the prompts
    run on asyncio, whose log of a screen failing under a closed terminal is silenced (das says one line)."""
    if plain or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return True
    from das.output import quiet_event_loop_log

    quiet_event_loop_log()
    return False


def finish(log) -> None:
    """End a quiz, drill or review command: typer.Exit with code 130 (ExitCode.INTERRUPTED) when the session `log` was
    interrupted by Ctrl-C; otherwise return, for exit 0."""
    from das.errors import ExitCode

    if log.interrupted:
        from das.output import say_interrupted

        # the one line on stderr every interrupted command gives (das.cli); the summary is on stdout
        say_interrupted("interrupted: every answer given so far is saved")
        raise typer.Exit(int(ExitCode.INTERRUPTED))


def quiz(
    topics: Optional[List[str]] = typer.Argument(None, metavar="[TOPIC ...]", help="Topics (names or aliases); all topics when none is given."),
    count: int = typer.Option(DEFAULT_COUNT, "--count", "-n", parser=bounded_int(*limits.QUIZ_COUNT), metavar="N", help="How many questions (1-10,000)."),
    domain: Optional[str] = typer.Option(None, "--domain", help="Only this exam domain: ingestion, store, operations, governance (DEA-C01) or collection, storage, processing, analysis, security (DAS-C01)."),
    missed: bool = typer.Option(False, "--missed", help="Ask again the questions you got wrong the last time you answered them."),
    unseen: bool = typer.Option(False, "--unseen", help="Only questions you have never answered."),
    task: Optional[List[str]] = typer.Option(None, "--task", help="Only this DEA-C01 task statement of exam guide v1.1, e.g. 1.3 (Orchestrate data pipelines); repeat for more."),
    seed: Optional[int] = typer.Option(None, "--seed", parser=bounded_int(*limits.SEED), metavar="N", help="Seed for question and option order (repeatable sessions; 0 to 2^63-1)."),
    plain: bool = typer.Option(False, "--plain", help="Line-based mode: lettered options, answer with a line like b or a,c; q stops."),
    content_dir: Optional[List[str]] = typer.Option(
        None, "--content-dir", help="An extra content folder (notes/, questions/), e.g. one made by das import."),
) -> None:
    """Practise exam-style questions with an explanation for every option; progress is saved.

    On a terminal a letter key picks its option (toggles it on Select TWO), Up/Down and Space work too,
    PgUp/PgDn scroll a question taller than the terminal, Enter answers, q stops."""
    from das.commands.common import given_content_dirs, library
    from das.flows.quiz import run_session
    from das.paths import with_content_dirs
    from das.store.progress import Progress
    from das.practice.selection import select_questions
    from das.ui.lines import write_lines

    lib = library(content_dir)
    store = Progress()
    answered = store.answered_ids() if unseen else None
    missed_ids = store.missed_ids() if missed else None
    selection = select_questions(lib, topics or [], count, domain, missed_ids, answered, seed, task or [])
    if not selection.questions:
        write_lines([(selection.empty_reason.capitalize() + ".", "bold")], use_rich=False)
        return
    plain_mode = use_plain(plain)
    from das.ui.prompts import practice_io

    settings = {"topics": topics or [], "count": count, "domain": domain, "missed": missed, "unseen": unseen, "seed": seed,
                "tasks": task or []}
    dirs = given_content_dirs(content_dir)
    log = run_session(selection.questions, practice_io(plain_mode, dirs), store, "quiz", settings, seed=seed,
                      retry_command=with_content_dirs("das quiz --missed", dirs))
    store.close()
    finish(log)
