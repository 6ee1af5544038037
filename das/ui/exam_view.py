"""What the exam simulation shows: the question screen with the clock, the review screen, results."""

from __future__ import annotations

from das.paths import with_content_dirs
from das.practice.exam import ExamResult, ExamState, ReviewEntry
from das.practice.scoring import Presented
from das.ui import quiz_view
from das.ui.lines import TextLine

# The same spellings as the full-screen keys (das.ui.exam_layout.HELP); none is an option letter a-f.
COMMANDS = ("letters answer (b, or a,c) · n next · p previous · m flag · g N go to · x clear · "
            "r review · s submit · q pause · h help")


def clock(seconds: float) -> str:
    """Seconds as an exam clock, H:MM:SS (fractions dropped, never below 0:00:00)."""
    from das.practice.clock import exam_clock

    return exam_clock(seconds)


def status_line(state: ExamState, name: str) -> TextLine:
    """The exam's top line: its name, time left, answered and flagged counts."""
    incomplete = len(state.incomplete())
    return (f"{name} · {clock(state.remaining())} left · answered {state.complete()}/{state.count} · "
            + (f"incomplete {incomplete} · " if incomplete else "") + f"flagged {len(state.flagged)}", "bold magenta")


def question_screen(state: ExamState, p: Presented, name: str) -> list[TextLine]:
    """The current question as the line-mode exam shows it: status line, question and options, the flag and the answer
    given so far, then the commands."""
    index = state.current
    lines: list[TextLine] = [("", ""), status_line(state, name)]
    lines += quiz_view.question_lines(p, index + 1, state.count, show_topic=False)[1:]
    if index in state.flagged:
        lines.append(("[flagged for review]", "yellow"))
    if index in state.answers:
        lines.append((f"Your answer: {', '.join(state.answers[index])}", "cyan"))
    lines.append((COMMANDS, "dim"))
    return lines


def review_screen(state: ExamState, name: str) -> list[TextLine]:
    """The review screen: each question's answer and flag in a grid, then the unanswered and flagged question
    numbers."""
    lines: list[TextLine] = [("", ""), status_line(state, name),
                         (f"Review: {state.complete()} answered, {len(state.unanswered())} unanswered, "
                          f"{len(state.incomplete())} incomplete, {len(state.flagged)} flagged", "bold")]
    cells = []
    incomplete = state.incomplete()
    for i in range(state.count):
        answer = ",".join(state.answers.get(i, [])) + ("+?" if i in incomplete else "") or "--"
        flag = "F" if i in state.flagged else " "
        cells.append(f"{i + 1:>3} {answer:<6}{flag}")
    for start in range(0, len(cells), 6):
        lines.append(("  ".join(cells[start:start + 6]), ""))
    if state.unanswered():
        lines.append(("Unanswered: " + ", ".join(str(i + 1) for i in state.unanswered()), "yellow"))
    if incomplete:
        lines.append(("Incomplete (fewer options chosen than asked): " + ", ".join(str(i + 1) for i in incomplete),
                      "yellow"))
    if state.flagged:
        lines.append(("Flagged: " + ", ".join(str(i + 1) for i in sorted(state.flagged)), "yellow"))
    lines.append(("g N goes to a question; s (or submit) ends the exam.", "dim"))
    return lines


def result_lines(result: ExamResult, exam_id: int, timed_out: bool, content_dirs: tuple[str, ...] = ()) -> list[TextLine]:
    """Pass or fail, score, per-domain bars, time, what to practise next and how to walk through the
    exam; every das command it names repeats the --content-dir folders in use."""
    profile = result.profile
    n = len(result.correct)
    lines: list[TextLine] = [("", "")]
    if timed_out:
        lines.append(("Time is up: the exam was submitted automatically.", "bold yellow"))
    verdict = "PASS" if result.passed else "FAIL"
    lines.append((f"{verdict} (estimated scaled score {result.scaled_estimate} of 1000; passing "
                  f"{profile['passing_score']})", "bold green" if result.passed else "bold red"))
    lines.append((f"Correct: {result.score}/{n} ({100 * result.fraction:.0f}%), answered {result.answered}/{n}", "bold"))
    lines.append(("The scaled score is an estimate: AWS does not publish how raw scores map to its 100-1000 "
                  "scale (das maps linearly: 100 + 900 x fraction correct).", "dim"))
    lines.append(("", ""))
    lines.append(("By domain", "bold"))
    for domain, name, questions, right in result.per_domain:
        pct = 100 * right / questions if questions else 0
        bar = "█" * round(pct / 5) + "░" * (20 - round(pct / 5))
        lines.append((f"  {name[:34]:<34} {right:>3}/{questions:<3} {pct:4.0f}%  {bar}", ""))
    per_question = result.elapsed / n if n else 0
    slowest = max(range(n), key=lambda i: result.seconds[i]) if n else 0
    lines.append(("", ""))
    lines.append((f"Time: {clock(result.elapsed)} used; {clock(per_question)} per question on average; "
                  f"longest on question {slowest + 1} ({clock(result.seconds[slowest] if n else 0)})", ""))
    weak_domains = [d for d in result.weakest_domains() if d[3] < d[2]]
    weak_topics = [t for t in result.weakest_topics() if t[2] < t[1]]
    if weak_domains or weak_topics:
        lines.append(("", ""))
        lines.append(("Practise next", "bold"))
        for domain, name, questions, right in weak_domains:
            lines.append((f"  {name}: {right}/{questions} -> {with_content_dirs(f'das quiz --domain {domain}', content_dirs)}", ""))
        for topic, questions, right in weak_topics:
            lines.append((f"  {topic}: {right}/{questions} -> {with_content_dirs(f'das quiz {topic}', content_dirs)}", ""))
    lines.append((f"Walk through every question: {with_content_dirs(f'das exam review {exam_id}', content_dirs)}",
                  "bold cyan"))
    return lines


def exam_review_lines(row: dict, result: dict, entries: list[ReviewEntry], count: int,
                      shown: list[ReviewEntry] | None = None, content_dirs: tuple[str, ...] = ()) -> list[TextLine]:
    """`das exam review`: the summary (score, answered, wrong, skipped, flagged), then the shown questions
    with the candidate's answer and every explanation."""
    shown = entries if shown is None else shown
    loaded = [e for e in entries if e.presented is not None]  # the others are listed apart, never as wrong
    wrong = [e.number for e in loaded if e.letters and not e.correct]
    skipped = [e.number for e in loaded if not e.letters]
    flagged = [e.number for e in loaded if e.flagged]
    missing = [e.number for e in entries if e.presented is None]
    from datetime import datetime

    from das.practice.clock import show_time

    submitted = show_time(datetime.fromisoformat(row["submitted_at"]))  # the user's local time
    lines: list[TextLine] = [(f"Exam {row['id']} ({row['profile'].upper()}), submitted {submitted}: "
                          f"{result['correct']}/{result['questions']} correct, estimated scaled score "
                          f"{result['scaled_score_estimate']} ({'pass' if result['passed'] else 'fail'})", "bold")]
    for label, numbers in (("Wrong", wrong), ("Skipped", skipped), ("Flagged", flagged)):
        lines.append((f"{label} ({len(numbers)}): {', '.join(map(str, numbers)) or '-'}", ""))
    if missing:
        lines.append((f"Not in the content loaded now ({len(missing)}): {', '.join(map(str, missing))}: if the exam "
                      "drew from an imported folder, give it again with --content-dir DIR (or DAS_CONTENT); the "
                      "score above was counted when the exam was submitted.", "yellow"))
    lines.append((f"Showing {len(shown)} of {count} questions "
                  "(--wrong, --skipped and --flagged choose which).", "dim"))
    for entry in shown:
        if entry.presented is None:
            lines.append((f"Question {entry.number}: {entry.question_id} is not in the content loaded now "
                          "(give --content-dir DIR).", "yellow"))
            continue
        lines += quiz_view.question_lines(entry.presented, entry.number, count)
        if not entry.letters:
            lines.append(("Not answered (recorded as missed).", "yellow"))
        elif len(entry.letters) < entry.presented.select_count:
            lines.append((f"Incomplete: {len(entry.letters)} of {entry.presented.select_word} chosen "
                          "(not answered; scored wrong and recorded as missed).", "yellow"))
        if entry.flagged:
            lines.append(("You flagged this question.", "yellow"))
        lines += quiz_view.feedback_lines(entry.presented, entry.letters, entry.correct, content_dirs)
    return lines


def show_exam_review(row: dict, result: dict, entries: list[ReviewEntry], shown: list[ReviewEntry],
                     count: int, content_dirs: tuple[str, ...] = ()) -> None:
    """Print the exam review: plain into a pipe, through the pager on a terminal when longer than it."""
    from das.ui import blocks

    lines = exam_review_lines(row, result, entries, count, shown, content_dirs)
    blocks.show([blocks.Line(text, style) for text, style in lines], pager=True)
