"""`das exam`: a timed, full-length practice exam like the real one; `das exam review` walks through it."""

from __future__ import annotations

from typing import List, Optional

import typer

from das import limits
from das.commands.params import bounded_float, bounded_int

from das.commands.quiz import use_plain

SCALED_HELP = (
    "Results show percent correct overall and per domain, pass or fail, time per question and what to "
    "practise. AWS does not publish how raw scores map to its 100-1000 scaled score, so any scaled "
    "figure das shows is an ESTIMATE: 100 + 900 x fraction correct, compared with the profile's passing "
    "score (720 for DEA-C01, 750 for DAS-C01)."
)

IN_EXAM_HELP = (
    "On a terminal the exam is full-screen: the question and options wrapped to the width (a taller "
    "question scrolls, with 'more above' / 'more below' markers), a clock that ticks every second, a "
    "navigator (✓ answered, · unanswered, ◐ incomplete, ⚑ flagged) and a help line.\n\n"
    "Full-screen keys: a-f choose (toggle on 'Select TWO'); Up/Down highlight (and scroll); Space "
    "chooses the highlighted option; PgUp/PgDn scroll; n, Right or Enter next; p or Left previous; "
    "m flag; x clear; g or a number, then Enter, go to; r review screen; s submit (asks y/n); q pause; "
    "? help.\n\n"
    "With --plain (or without a terminal) type lines, the same spellings: a letter (or a,c, answer b, "
    "change b) answers; n or next; p, previous or back; m or flag; g N or goto N; x or clear; r or "
    "review; s or submit (asks y/n); q or pause; h or help. A letter on screen is always an answer: no "
    "command is spelled a-f; one letter of a 'Select TWO' is kept as incomplete.\n\n"
    "Flagged questions outside the navigator's row are listed at its ends. An exam open in another "
    "das process is named before a new one starts beside it.\n\n"
    "Time is saved every 4 seconds and on SIGTERM/SIGHUP (a closed terminal costs at most 5 s of "
    "clock); the exam is submitted automatically when it runs out. Unanswered and incomplete "
    "questions count as missed."
)

app = typer.Typer(
    help="Timed practice exam: no feedback until the end, a visible clock, skip, flag, go to, review, submit.\n\n"
    "DEA-C01 by default; --profile das-c01 for the retired DAS-C01.\n\n"
    + IN_EXAM_HELP + "\n\n" + SCALED_HELP,
    invoke_without_command=True,
)


@app.callback()
def exam(
    ctx: typer.Context,
    profile: str = typer.Option("dea-c01", "--profile", metavar="ID", help="Which exam: dea-c01 (the default; AWS Certified Data Engineer - Associate, the exam you can book: 65 questions, 130 min, pass 720) or das-c01 (Data Analytics - Specialty, retired April 2024: 65, 180 min, 750)."),
    questions: Optional[int] = typer.Option(None, "--questions", parser=bounded_int(*limits.EXAM_QUESTIONS), metavar="N", help="Number of questions (default: the profile's; at most the bank's size)."),
    minutes: Optional[float] = typer.Option(None, "--minutes", parser=bounded_float(*limits.EXAM_MINUTES), metavar="M", help="Time limit in minutes (more than 0, at most 1,440; default: the profile's minutes x questions / its question count, rounded up)."),
    seed: Optional[int] = typer.Option(None, "--seed", parser=bounded_int(*limits.SEED), metavar="N", help="Seed for a repeatable exam (0 to 2^63-1)."),
    resume: bool = typer.Option(False, "--resume", help="Resume the paused exam with its remaining time."),
    abandon: bool = typer.Option(False, "--abandon", help="Abandon the paused exam (it is not scored) and start a new one."),
    plain: bool = typer.Option(False, "--plain", help="Line-based mode (screen readers, scripts)."),
    content_dir: Optional[List[str]] = typer.Option(
        None, "--content-dir", metavar="DIR", help="An extra content folder (notes/, questions/), e.g. one made by das import."),
    content_dir_only: bool = typer.Option(
        False, "--content-dir-only",
        help="Draw only from the --content-dir / DAS_CONTENT questions (an imported bank, whose domains are "
             "unknown): as many as the profile asks or the folders hold, with the profile's time per question."),
) -> None:
    """Timed practice exam drawn to the domain weights; answer, skip, flag, go to, review, submit.

    The exam is DEA-C01 (AWS Certified Data Engineer - Associate) unless --profile das-c01 asks for the
    retired DAS-C01; a paused exam always resumes as the exam it was started as.

    On a terminal the exam is full-screen with a ticking clock, a navigator and a help line: a-f choose
    (toggle on Select TWO), Up/Down and Space, PgUp/PgDn scroll, n/Enter next, p previous, m flag,
    x clear, g or a number to go to, r review, s submit, q pause, ? help. With --plain type lines with
    the same spellings: a letter (or a,c) answers, n next, p previous, m flag, g N go to, x clear,
    r review, s submit, q pause. A letter on screen is always an answer. Default time: the profile's minutes x questions / its question count, rounded up.
    A paused exam is kept until you --resume or --abandon it.

    AWS does not publish how raw scores map to its 100-1000 scale: the scaled score shown is an
    ESTIMATE (100 + 900 x fraction correct) against the profile's passing score.
    """
    if ctx.invoked_subcommand is not None:  # `das exam --content-dir D review`: D serves the subcommand too
        root = ctx.find_root()
        root.obj = {**(root.obj or {}), "content_dirs": [*(root.obj or {}).get("content_dirs", []), *(content_dir or [])]}
        return
    from das.commands.common import given_content_dirs, library
    from das.errors import ExitCode
    from das.output import say_interrupted
    from das.errors import DamagedRecord, UsageError
    from das.paths import with_content_dirs
    from das.flows.exam import ExamRunner, abandon_exam, paused_exam, resume_exam, running_exam, start_exam
    from das.store.exams import is_locked
    from das.store.faults import DamagedStore
    from das.store.progress import Progress

    if resume and abandon:
        raise UsageError("--resume and --abandon exclude each other: resume the paused exam or abandon it")
    plain_mode = use_plain(plain)
    lib = library(content_dir)
    dirs = tuple(given_content_dirs(content_dir))
    resume_command = with_content_dirs("das exam --resume", dirs)
    store = Progress()
    started = None
    if not resume:
        # an exam open in another das process is named before a new one starts beside it (each is saved
        # on its own; neither is ever hidden), and on a terminal the user confirms
        running = running_exam(store)
        if running is not None:
            busy = _exam_summary(store, running, lib, "is open in another das process")
            typer.echo(f"Note: {busy}; it is left as it is and a new exam starts beside it.", err=True)
            if not plain_mode:
                from das.ui.exam_io import ask_beside

                if not ask_beside(f"{busy}. Start another exam beside it?"):
                    return
        paused = paused_exam(store)
        if paused is None and abandon:
            typer.echo("There is no paused exam to abandon: starting a new exam.", err=True)
        if paused is not None and not abandon:
            summary = _paused_summary(store, paused, lib)
            older = [str(row["id"]) for row in store.conn.execute(
                "SELECT id FROM exams WHERE status = 'in_progress' AND id < ? ORDER BY id", (paused["id"],))]
            if older:  # named, so none is forgotten (they come next, newest first)
                summary += f" (also in progress: exam {', '.join(older)})"
            if plain_mode:
                raise UsageError(f"{summary}: continue it with '{resume_command}' or drop it with 'das exam --abandon'")
            from das.ui.exam_io import ask_paused

            choice = ask_paused(summary + ". What now?")
            if choice is None:
                return
            resume = choice == "resume"
            abandon = choice == "abandon"
        if paused is not None and abandon:
            # the new exam first: a bad --minutes or --questions must leave the paused exam as it was
            try:
                summary = _exam_summary(store, paused, lib, "")
            except (DamagedRecord, DamagedStore) as exc:  # abandoning is the way out of a damaged paused exam
                from das.store.faults import failure

                problem = exc.problem if isinstance(exc, DamagedStore) else getattr(failure(exc), "problem", exc)
                summary = f"exam {paused['id']} (its saved record is damaged: {problem})"
            started = start_exam(lib, store, profile, questions, minutes, seed, content_dir_only)
            abandon_exam(store, paused["id"])
            typer.echo(f"Abandoned {summary}; it is not scored. Starting exam {started[0]}.", err=True)
    if resume:
        exam_id, state, chosen_profile = resume_exam(lib, store)
        typer.echo(f"Resuming {_exam_summary(store, store.exam(exam_id), lib, '')}.", err=True)
    else:
        exam_id, state, chosen_profile = started or start_exam(lib, store, profile, questions, minutes, seed,
                                                               content_dir_only)
    others = [f"exam {row['id']} ({'open in another das process' if is_locked(store, row['id']) else 'paused'})"
              for row in store.conn.execute(
                  "SELECT id FROM exams WHERE status = 'in_progress' AND id != ? ORDER BY id", (exam_id,))]
    if others:  # named, so no exam is forgotten; a paused one comes back with --resume after this one
        typer.echo(f"Also in progress: {', '.join(others)}.", err=True)
    if plain_mode:
        from das.ui.exam_io import LineExamIO

        runner = ExamRunner(lib, store, exam_id, state, chosen_profile, LineExamIO(plain=plain, content_dirs=dirs),
                            resume_command=resume_command)
        outcome = runner.run()
    else:
        from das.ui.exam_screen import FullScreenExamIO

        io = FullScreenExamIO(dirs)
        runner = ExamRunner(lib, store, exam_id, state, chosen_profile, io, resume_command=resume_command)
        outcome = io.run(runner)
    store.close()
    if outcome == "interrupted":
        say_interrupted(f"interrupted: every answer is saved; resume with {runner.resume_command}")
        raise typer.Exit(int(ExitCode.INTERRUPTED))
    if outcome == "hangup":  # the terminal may be gone (SIGHUP): then there is no one to tell
        say_interrupted(f"interrupted: {runner.hangup_message()}")
        raise typer.Exit(int(ExitCode.INTERRUPTED))  # SIGTERM and SIGHUP end every command like Ctrl-C


def _paused_summary(store, row, lib) -> str:
    """'exam 3 (DEA-C01) is paused: 4/65 answered, 1 incomplete, 2:51:10 left' (answered as the exam's
    header counts it: an incomplete Select TWO is not answered)."""
    return _exam_summary(store, row, lib, "is paused")


def _exam_summary(store, row, lib, how: str) -> str:
    """'exam 3 (DEA-C01) HOW: 4/65 answered, 1 incomplete, 2:51:10 left' (HOW may be empty)."""
    from das.flows.exam_rows import load_state
    from das.ui.exam_view import clock

    state = load_state(store, row, lib)  # a damaged saved state is a clear message, not a traceback
    left = max(0.0, row["time_limit"] - row["elapsed"])
    incomplete = len(state.incomplete())
    return (f"exam {row['id']} ({row['profile'].upper()}){' ' + how if how else ''}: "
            f"{state.complete()}/{state.count} answered"
            + (f", {incomplete} incomplete" if incomplete else "") + f", {clock(left)} left")


@app.command("review")
def review_exam(
    exam_id: Optional[int] = typer.Argument(None, metavar="[ID]", parser=bounded_int(*limits.EXAM_ID), help="Exam id (default: the latest finished exam)."),
    wrong: bool = typer.Option(False, "--wrong", help="Only the questions answered wrongly."),
    flagged: bool = typer.Option(False, "--flagged", help="Only the questions you flagged."),
    skipped: bool = typer.Option(False, "--skipped", help="Only the questions left unanswered."),
    content_dir: Optional[List[str]] = typer.Option(
        None, "--content-dir", metavar="DIR", help="The extra content folder the exam drew from (e.g. one made by das import)."),
) -> None:
    """Walk through a finished exam: the summary first, then each question with your answer, the right one
    and every explanation (through the pager on a terminal). Filters combine: --wrong --flagged shows
    questions that are either."""
    from das.commands.common import given_content_dirs, library
    from das.errors import UsageError
    from das.store.progress import Progress
    from das.flows.exam_rows import load_result, load_state
    from das.practice.exam import filter_entries, review_entries
    from das.ui import exam_view

    lib = library(content_dir)
    store = Progress()
    row = store.exam(exam_id) if exam_id is not None else store.latest_exam("submitted")
    if row is None or row["status"] != "submitted":
        finished = [str(r["id"]) for r in store.exams() if r["status"] == "submitted"]
        hint = f" (finished exams: {', '.join(finished)})" if finished else " (no finished exams yet)"
        raise UsageError(f"no finished exam {exam_id if exam_id is not None else ''}".rstrip() + hint)
    state, result = load_state(store, row, lib), load_result(store, row)
    entries = review_entries(lib, state)
    shown = filter_entries(entries, wrong, flagged, skipped)
    exam_view.show_exam_review(dict(row), result, entries, shown, state.count, tuple(given_content_dirs(content_dir)))
