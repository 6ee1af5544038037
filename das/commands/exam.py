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
    "score (750 for DAS-C01, 720 for DEA-C01)."
)

IN_EXAM_HELP = (
    "During the exam type a letter (or a,c) to answer or change an answer, n or skip, p or previous, m or "
    "flag, g N or go to N, x or clear, r or review, submit, q or pause. A letter alone is always an answer. The clock is shown on every screen "
    "and the exam is submitted automatically when it runs out."
)

app = typer.Typer(
    help="Timed practice exam: no feedback until the end, a visible clock, skip, flag, go to, review, submit.\n\n"
    + IN_EXAM_HELP + "\n\n" + SCALED_HELP,
    invoke_without_command=True,
)


@app.callback()
def exam(
    ctx: typer.Context,
    profile: str = typer.Option("das-c01", "--profile", help="das-c01 (65 questions, 180 min, pass 750) or dea-c01 (65, 130 min, 720)."),
    questions: Optional[int] = typer.Option(None, "--questions", parser=bounded_int(*limits.EXAM_QUESTIONS), metavar="N", help="Number of questions (default: the profile's; at most the bank's size)."),
    minutes: Optional[float] = typer.Option(None, "--minutes", parser=bounded_float(*limits.EXAM_MINUTES), metavar="M", help="Time limit in minutes (default: the profile's; more than 0, at most 1,440)."),
    seed: Optional[int] = typer.Option(None, "--seed", parser=bounded_int(*limits.SEED), metavar="N", help="Seed for a repeatable exam (0 to 2^63-1)."),
    resume: bool = typer.Option(False, "--resume", help="Resume the interrupted exam with its remaining time."),
    plain: bool = typer.Option(False, "--plain", help="Line-based mode (screen readers, scripts)."),
    content_dir: Optional[List[str]] = typer.Option(
        None, "--content-dir", help="An extra content folder (notes/, questions/), e.g. one made by das import."),
    content_dir_only: bool = typer.Option(
        False, "--content-dir-only",
        help="Draw only from the --content-dir / DAS_CONTENT questions (an imported bank, whose domains are "
             "unknown): as many as the profile asks or the folders hold, with the profile's time per question."),
) -> None:
    """Timed practice exam drawn to the domain weights; answer, skip, flag, go to, review, submit.

    During the exam type: a letter (or a,c) to answer or change an answer, n/skip, p/previous,
    m/flag, g N/go to N, x/clear, r/review, submit, q/pause. A letter alone is always an answer. The clock is shown on every screen and
    the exam is submitted automatically when it runs out.

    AWS does not publish how raw scores map to its 100-1000 scale: the scaled score shown is an
    ESTIMATE (100 + 900 x fraction correct) against the profile's passing score.
    """
    if ctx.invoked_subcommand is not None:
        return
    from das.commands.common import library
    from das.errors import ExitCode
    from das.flows.exam import ExamRunner, resume_exam, start_exam
    from das.store.progress import Progress
    from das.ui.exam_io import LineExamIO

    lib = library(content_dir)
    store = Progress()
    if resume:
        exam_id, state, chosen_profile = resume_exam(lib, store)
    else:
        exam_id, state, chosen_profile = start_exam(lib, store, profile, questions, minutes, seed, content_dir_only)
    runner = ExamRunner(lib, store, exam_id, state, chosen_profile, LineExamIO(plain=use_plain(plain)))
    outcome = runner.run()
    store.close()
    if outcome == "interrupted":
        raise typer.Exit(int(ExitCode.INTERRUPTED))


@app.command("review")
def review_exam(
    exam_id: Optional[int] = typer.Argument(None, metavar="[ID]", parser=bounded_int(*limits.EXAM_ID), help="Exam id (default: the latest finished exam)."),
) -> None:
    """Walk through a finished exam: every question, your answer, the right one, every explanation."""
    from das.commands.common import library
    from das.errors import UsageError
    from das.store.progress import Progress
    from das.flows.exam_rows import load_result, load_state
    from das.practice.exam import review_entries
    from das.ui import exam_view
    from das.ui.lines import write_lines

    store = Progress()
    row = store.exam(exam_id) if exam_id is not None else store.latest_exam("submitted")
    if row is None or row["status"] != "submitted":
        finished = [str(r["id"]) for r in store.exams() if r["status"] == "submitted"]
        hint = f" (finished exams: {', '.join(finished)})" if finished else " (no finished exams yet)"
        raise UsageError(f"no finished exam {exam_id if exam_id is not None else ''}".rstrip() + hint)
    lib = library()
    state, result = load_state(store, row, lib), load_result(store, row)
    entries = review_entries(lib, state)
    write_lines(exam_view.exam_review_lines(dict(row), result, entries, state.count))
