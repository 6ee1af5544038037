"""`das review`: spaced repetition (FSRS) of everything you have answered, plus note flashcards."""

from __future__ import annotations

from datetime import date
from typing import List, Optional

import typer

from das.commands.quiz import finish, use_plain


def review(
    limit: int = typer.Option(20, "--limit", help="At most this many due cards in this session."),
    extra: int = typer.Option(0, "--extra", help="Also study this many cards that are not due yet, weakest first."),
    new: int = typer.Option(5, "--new", help="New note flashcards to introduce per day."),
    exam_date: Optional[str] = typer.Option(None, "--exam-date", help="Your exam date (YYYY-MM-DD), remembered: nothing is scheduled past it, and what you are least likely to recall that day comes first."),
    plain: bool = typer.Option(False, "--plain", help="Line-based mode, as in das quiz."),
    content_dir: Optional[List[str]] = typer.Option(
        None, "--content-dir", help="An extra content folder (notes/, questions/), e.g. one made by das import."),
) -> None:
    """Review what is due with FSRS spaced repetition; reports what is due next when nothing is."""
    from das.commands.common import given_content_dirs, library
    from das.errors import UsageError
    from das.store.progress import Progress
    from das.practice.review_queue import build_queue, utc_now
    from das.ui.lines import write_lines

    for flag, value, minimum in (("--limit", limit, 1), ("--extra", extra, 0), ("--new", new, 0)):
        if value < minimum:
            raise UsageError(f"{flag} must be at least {minimum}, got {value}")
    store = Progress()
    if exam_date is not None:
        try:
            parsed = date.fromisoformat(exam_date)
        except ValueError:
            raise UsageError(f"--exam-date must be a date like 2026-12-31, got {exam_date!r}") from None
        store.set_setting("exam_date", parsed.isoformat())
    lib = library(content_dir)
    now = utc_now()
    remembered = store.exam_date()
    queue = build_queue(lib, store.cards(), now, remembered, limit, extra, new)
    plain_mode = use_plain(plain)
    if remembered:
        days = (remembered - now.date()).days
        note = f"Exam date {remembered.isoformat()} ({days} days away): nothing is scheduled past it." if days >= 0 \
            else f"Exam date {remembered.isoformat()} has passed; give a new one with --exam-date."
        write_lines([(note, "dim")], use_rich=False if plain_mode else None)
    elsewhere = []
    if queue.due_elsewhere:
        elsewhere = [(f"{queue.due_elsewhere} more card(s) are due from content not loaded now (questions from a "
                      "folder given with --content-dir before, e.g. an imported bank): add --content-dir DIR "
                      "or set DAS_CONTENT to review them.", "yellow")]
    if not queue.items:
        if queue.due_elsewhere:
            write_lines([("Nothing is due now in the content loaded.", "bold")] + elsewhere,
                        use_rich=False if plain_mode else None)
            return
        if queue.next_due is None:
            message = "Nothing to review yet: answer some questions with 'das quiz' first."
        else:
            message = (f"Nothing is due now. Next: {queue.next_due_count} card(s) due "
                       f"{queue.next_due.strftime('%Y-%m-%d %H:%M')} UTC. Study ahead with --extra N.")
        write_lines([(message, "bold")], use_rich=False if plain_mode else None)
        return
    from das.flows.review import run_review
    from das.ui.prompts import practice_io

    if elsewhere:
        write_lines(elsewhere, use_rich=False if plain_mode else None)
    log = run_review(queue, store, practice_io(plain_mode, given_content_dirs(content_dir)),
                     {"limit": limit, "extra": extra, "new": new})
    store.close()
    finish(log)
