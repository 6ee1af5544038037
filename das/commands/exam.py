"""`das exam`: a timed, full-length practice exam like the real one; `das exam review` walks through it."""

from __future__ import annotations

import json
from typing import Optional

import typer

from das.commands.quiz import use_plain

SCALED_HELP = (
    "Results show percent correct overall and per domain, pass or fail, time per question and what to "
    "practise. AWS does not publish how raw scores map to its 100-1000 scaled score, so any scaled "
    "figure das shows is an ESTIMATE: 100 + 900 x fraction correct, compared with the profile's passing "
    "score (750 for DAS-C01, 720 for DEA-C01)."
)

IN_EXAM_HELP = (
    "During the exam type a letter (or a,c) to answer or change an answer, n or skip, p or previous, f or "
    "flag, g N or go to N, c or clear, r or review, submit, q or pause. The clock is shown on every screen "
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
    questions: Optional[int] = typer.Option(None, "--questions", help="Number of questions (default: the profile's)."),
    minutes: Optional[float] = typer.Option(None, "--minutes", help="Time limit in minutes (default: the profile's)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Seed for a repeatable exam."),
    resume: bool = typer.Option(False, "--resume", help="Resume the interrupted exam with its remaining time."),
    plain: bool = typer.Option(False, "--plain", help="Line-based mode (screen readers, scripts)."),
) -> None:
    """Timed practice exam drawn to the domain weights; answer, skip, flag, go to, review, submit.

    During the exam type: a letter (or a,c) to answer or change an answer, n/skip, p/previous,
    f/flag, g N/go to N, c/clear, r/review, submit, q/pause. The clock is shown on every screen and
    the exam is submitted automatically when it runs out.

    AWS does not publish how raw scores map to its 100-1000 scale: the scaled score shown is an
    ESTIMATE (100 + 900 x fraction correct) against the profile's passing score.
    """
    if ctx.invoked_subcommand is not None:
        return
    from das.commands.common import library
    from das.errors import ExitCode, UsageError
    from das.flows.exam import ExamRunner
    from das.store.progress import Progress
    from das.practice.exam import ExamState, draw_questions, exam_profile

    lib = library()
    store = Progress()
    if resume:
        row = store.latest_exam("in_progress")
        if row is None:
            raise UsageError("there is no interrupted exam to resume; start one with 'das exam'")
        state = ExamState.from_json(json.loads(row["state"]))
        state.elapsed = row["elapsed"]
        missing = [q for q in state.question_ids if q not in lib.questions]
        if missing:
            raise UsageError(f"the interrupted exam uses questions no longer in the bank ({missing[0]}); start a new exam")
        chosen_profile = exam_profile(lib, state.profile)
        exam_id = row["id"]
    else:
        chosen_profile = exam_profile(lib, profile.lower())
        count = questions if questions is not None else chosen_profile["questions"]
        limit_minutes = minutes if minutes is not None else chosen_profile["minutes"]
        if not limit_minutes > 0:
            raise UsageError(f"--minutes must be greater than 0, got {limit_minutes}")
        if limit_minutes > 24 * 60:
            raise UsageError(f"--minutes must be at most 1440, got {limit_minutes}")
        drawn = draw_questions(lib, chosen_profile, count, seed)
        state = ExamState.new(chosen_profile["id"], drawn, limit_minutes * 60, seed)
        exam_id = store.create_exam(chosen_profile["id"], state.to_json(), state.time_limit)
    runner = ExamRunner(lib, store, exam_id, state, chosen_profile, plain=use_plain(plain))
    outcome = runner.run()
    store.close()
    if outcome == "interrupted":
        raise typer.Exit(int(ExitCode.INTERRUPTED))


@app.command("review")
def review_exam(
    exam_id: Optional[int] = typer.Argument(None, metavar="[ID]", help="Exam id (default: the latest finished exam)."),
) -> None:
    """Walk through a finished exam: every question, your answer, the right one, every explanation."""
    from das.commands.common import library
    from das.errors import UsageError
    from das.store.progress import Progress
    from das.practice.exam import ExamState
    from das.ui import quiz_view
    from das.ui.lines import write_lines

    store = Progress()
    row = store.exam(exam_id) if exam_id is not None else store.latest_exam("submitted")
    if row is None or row["status"] != "submitted":
        finished = [str(r["id"]) for r in store.exams() if r["status"] == "submitted"]
        hint = f" (finished exams: {', '.join(finished)})" if finished else " (no finished exams yet)"
        raise UsageError(f"no finished exam {exam_id if exam_id is not None else ''}".rstrip() + hint)
    lib = library()
    state = ExamState.from_json(json.loads(row["state"]))
    result = json.loads(row["result"])
    lines = [(f"Exam {row['id']} ({row['profile'].upper()}), submitted {row['submitted_at'][:16]} UTC: "
              f"{result['correct']}/{result['questions']} correct, estimated scaled score "
              f"{result['scaled_score_estimate']} ({'pass' if result['passed'] else 'fail'})", "bold")]
    for index, qid in enumerate(state.question_ids):
        if qid not in lib.questions:
            lines.append((f"Question {index + 1}: {qid} is no longer in the bank.", "yellow"))
            continue
        p = state.presented(lib, index)
        letters = state.answers.get(index, [])
        correct = bool(letters) and sorted(p.key_for(l) for l in letters) == sorted(p.question.answer)
        lines += quiz_view.question_lines(p, index + 1, state.count)
        if not letters:
            lines.append(("Not answered.", "yellow"))
        if index in state.flagged:
            lines.append(("You flagged this question.", "yellow"))
        lines += quiz_view.feedback_lines(p, letters, correct)
    write_lines(lines)
