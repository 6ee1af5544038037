"""What a practice session shows: the question, the feedback after an answer, and the summary."""

from __future__ import annotations

import sys
import textwrap

from das.paths import with_content_dirs
from das.practice.scoring import Presented, SessionLog
from das.ui.lines import TextLine

NOTHING_TO_UNDO = "Nothing to undo yet: no grade given in this session."  # u before any grade, in review

NO_EXPLANATION = "(the source gives no explanation)"  # imported questions: das never invents one


def text_width() -> int:
    """Columns to wrap to: das.ui.blocks.output_width() (DAS_WIDTH; the terminal, less one so a full line
    never makes it wrap by itself; into a pipe COLUMNS, else 80)."""
    from das.ui.blocks import output_width

    return max(20, output_width() - 1) if sys.stdout.isatty() else output_width()


def _wrap(text: str, indent: str = "", width: int | None = None) -> list[str]:
    width = width or text_width()
    out = []
    for paragraph in text.strip().split("\n"):
        out += textwrap.wrap(paragraph, width=width, initial_indent=indent, subsequent_indent=indent) or [""]
    return out


def question_lines(p: Presented, number: int, total: int, with_options: bool = True,
                   show_topic: bool = True) -> list[TextLine]:
    """A question as the candidate sees it before answering: stem and options only (the topic, which
    the candidate chose, in quiz and review). Id, difficulty and domains would hint at the answer, so
    they appear only with the feedback."""
    q = p.question
    heading = f"Question {number} of {total}" + (f"  [{q.topic}]" if show_topic else "")
    lines: list[TextLine] = [("", ""), (heading, "bold cyan")]
    lines += [(line, "") for line in _wrap(q.stem)]  # the stem says "(Select TWO.)": once is enough
    if with_options:
        for letter, _key, text in p.options():
            wrapped = _wrap(text, "    ")
            lines.append((f"  {letter}) {wrapped[0].strip()}", ""))
            lines += [(w, "") for w in wrapped[1:]]
    return lines


def feedback_lines(p: Presented, chosen_letters: list[str], correct: bool,
                   content_dirs: tuple[str, ...] = ()) -> list[TextLine]:
    """The verdict, every option with its explanation, read next (with the --content-dir folders in use),
    source and what the bank knows about the question."""
    q = p.question
    right = p.correct_letters()
    if correct:
        lines: list[TextLine] = [("Correct.", "bold green")]
    else:
        lines = [(f"Wrong: you chose {', '.join(sorted(chosen_letters)) or 'nothing'}; "
                  f"the answer is {', '.join(right)}.", "bold red")]
    for letter, key, text in p.options():
        mark = "right" if key in q.answer else "wrong"
        yours = " (your choice)" if letter in chosen_letters else ""
        style = "green" if key in q.answer else ("red" if yours else "")
        lead = f"  {letter}) [{mark}]{yours} "
        wrapped = textwrap.wrap(text, width=text_width(), initial_indent=lead, subsequent_indent=" " * 7) or [lead]
        lines += [(w, style) for w in wrapped]
        lines += [(w, "dim") for w in _wrap(q.explanations.get(key) or NO_EXPLANATION, "       ")]
    lines.append((f"read next: {with_content_dirs(q.read_next_command, content_dirs)}", "cyan"))
    lines.append((f"source: {q.source}", "dim"))
    lines += [(line, "dim") for line in _wrap(meta_line(q), width=text_width())]
    return lines


def meta_line(q) -> str:
    """What the bank knows about a question, shown only once it is answered: id, difficulty, its DEA-C01
    domain and task statements (the default exam first), then its DAS-C01 domain."""
    tasks = f" · task {', '.join(q.dea_task)}" if q.dea_task else ""
    return (f"[{q.id} · {q.difficulty} · {q.dea_domain} (DEA-C01){tasks} · {q.das_domain} (DAS-C01)]")


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def _table(title: str, rows: list[tuple[str, int, int]]) -> list[TextLine]:
    lines: list[TextLine] = [(title, "bold")]
    width = max([len(r[0]) for r in rows] + [5])
    lines.append((f"  {'':{width}}  answered  correct      %", "dim"))
    for name, answered, right in rows:
        lines.append((f"  {name:{width}}  {answered:8d}  {right:7d}  {100 * right / answered:5.0f}", ""))
    return lines


def summary_lines(log: SessionLog, retry_command: str = "das quiz --missed",
                  content_dirs: tuple[str, ...] = ()) -> list[TextLine]:
    """Score, tables by topic and by DEA-C01 then DAS-C01 domain, the missed questions with what to read, and the retry command
    (given complete by the caller; read-next commands get the --content-dir folders in use)."""
    lines: list[TextLine] = [("", "")]
    n = len(log.results)
    if log.interrupted:
        lines.append(("Interrupted: every answer given so far is saved.", "yellow"))
    elif log.stopped_early:
        lines.append(("Stopped early: every answer given so far is saved.", "yellow"))
    if log.cards_reviewed and n:  # a review that did both: count both
        cards = f"{log.cards_reviewed} flashcard" + ("s" if log.cards_reviewed != 1 else "")
        asked = f"{n} question" + ("s" if n != 1 else "")
        lines.append((f"Graded {cards} and answered {asked}.", "bold"))
    if log.cards_reviewed:
        lines.append((f"Flashcards: recalled {log.cards_recalled} of {log.cards_reviewed}.", "bold"))
    if not n:
        if not log.cards_reviewed:
            lines.append(("Nothing answered.", "bold"))
        return lines
    lines.append((f"Score: {log.score}/{n} ({100 * log.score / n:.0f}%) in {_duration(log.total_seconds)}"
                  f" ({_duration(log.total_seconds / n)} per question)", "bold"))
    lines.append(("", ""))
    lines += _table("By topic", log.breakdown("topic"))
    lines += _table("By DEA-C01 domain", log.breakdown("dea_domain"))  # the default exam first
    lines += _table("By DAS-C01 domain", log.breakdown("das_domain"))
    missed = log.missed()
    if missed:
        lines.append(("", ""))
        lines.append((f"Missed ({len(missed)}):", "bold red"))
        for r in missed:
            stem = " ".join(r.question.stem.split())
            head, room = f"  {r.question.id}: ", text_width() - len(r.question.id) - 4
            if room < 20:  # a long id: the stem on a line of its own
                lines.append((head.rstrip(), ""))
                head, room = "    ", text_width() - 4
            room = min(room, 80)
            lines.append((head + (stem if len(stem) <= room else stem[:room - 3].rstrip() + "..."), ""))
            lines.append((f"      read next: {with_content_dirs(r.question.read_next_command, content_dirs)}", "dim"))
        lines.append((f"retry: {retry_command}", "bold cyan"))
    return lines
