"""`das review`: spaced repetition (FSRS) of everything you have answered, plus note flashcards."""

from __future__ import annotations

from typing import List, Optional

import typer

from das import limits
from das.commands.params import bounded_int

from das.commands.quiz import finish, use_plain


def review(
    topics: Optional[List[str]] = typer.Argument(None, metavar="[TOPIC ...]", help="Only these topics (names or aliases); every topic when none is given."),
    domain: Optional[str] = typer.Option(None, "--domain", help="Only this exam domain (as in das quiz); flashcards count for the domain most of their note's questions are in."),
    limit: int = typer.Option(20, "--limit", parser=bounded_int(*limits.REVIEW_LIMIT), metavar="N", help="At most this many due cards in this session (1-10,000)."),
    extra: int = typer.Option(0, "--extra", parser=bounded_int(*limits.REVIEW_EXTRA), metavar="N", help="Also study this many cards that are not due yet, weakest first (0-10,000)."),
    new: int = typer.Option(5, "--new", parser=bounded_int(*limits.REVIEW_NEW), metavar="N", help="New note flashcards to introduce per local day, rotating through the topics (0-1,000)."),
    exam_date: Optional[str] = typer.Option(None, "--exam-date", help="Your exam date (YYYY-MM-DD, today or later), remembered: nothing is scheduled past the start of that day in your time zone, and what you are least likely to recall that day comes first."),
    plain: bool = typer.Option(False, "--plain", help="Line-based mode, as in das quiz; flashcards are graded 1-4."),
    content_dir: Optional[List[str]] = typer.Option(
        None, "--content-dir", help="An extra content folder (notes/, questions/), e.g. one made by das import."),
) -> None:
    """Review what is due with FSRS spaced repetition; reports what is due next when nothing is.

    Questions and drills are pass/fail (wrong = Again, right = Good). Flashcards show their answer, then
    you grade your recall Again / Hard / Good / Easy (1-4), each with the interval it schedules; u
    takes back the last grade of the session at the next prompt, and once more after the last item.
    Days and times are in your local time zone.
    """
    from das.commands.common import given_content_dirs, library
    from das.practice.clock import days_until, utc_now
    from das.practice.review_queue import build_queue
    from das.practice.selection import check_domain
    from das.store.progress import Progress
    from das.store.study import ReviewData, adopt_flashcards, review_scope
    from das.ui.lines import write_lines

    from das.errors import UsageError

    for flag, value, minimum in (("--limit", limit, 1), ("--extra", extra, 0), ("--new", new, 0)):
        if value < minimum:
            raise UsageError(f"{flag} must be at least {minimum}, got {value}")
    now = utc_now()
    parsed = check_exam_date(exam_date, now) if exam_date is not None else None
    lib = library(content_dir)
    scope = review_scope(lib, topics or [], check_domain(domain))
    store = Progress()
    adopt_flashcards(store, lib)
    if parsed is not None:
        store.set_setting("exam_date", parsed.isoformat())
    remembered = store.exam_date()
    data = ReviewData(store)
    queue = build_queue(lib, data, now, remembered, limit, extra, new, scope)
    plain_mode = use_plain(plain)
    if remembered:
        days = days_until(remembered, now)
        away = "today" if days == 0 else "1 day away" if days == 1 else f"{days} days away"
        note = f"Exam date {remembered.isoformat()} ({away}): nothing is scheduled past it." if days >= 0 \
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
        write_lines([(nothing_to_ask(queue, topics or [], domain, new, now), "bold")],
                    use_rich=False if plain_mode else None)
        return
    due_asked = sum(1 for item in queue.items if item.reason == "due")
    if queue.due_total > due_asked:
        write_lines([(f"{queue.due_total} cards are due; this session asks {due_asked} of them (--limit).", "dim")],
                    use_rich=False if plain_mode else None)
    from das.flows.review import run_review
    from das.ui.prompts import practice_io

    if elsewhere:
        write_lines(elsewhere, use_rich=False if plain_mode else None)
    log = run_review(queue, store, practice_io(plain_mode, given_content_dirs(content_dir)),
                     {"topics": topics or [], "domain": domain, "limit": limit, "extra": extra, "new": new})
    store.close()
    finish(log)


def nothing_to_ask(queue, topics: list[str], domain: str | None, new: int, now) -> str:
    """What is true when a review has nothing to ask: no cards in the scope at all, nothing due until a
    local time, or today's new flashcards done (with when more come)."""
    from datetime import timedelta

    from das.practice.clock import local_date, local_start, show_time

    where = " and ".join(filter(None, [", ".join(topics), f"domain {domain}" if domain else ""]))
    quiz = " ".join(["das quiz", *topics] + (["--domain", domain] if domain else []))
    tomorrow = show_time(local_start(local_date(now) + timedelta(days=1)))
    if queue.next_due is not None:
        cards = "1 card" if queue.next_due_count == 1 else f"{queue.next_due_count} cards"
        return f"Nothing is due now. Next: {cards} due from {show_time(queue.next_due)}. Study ahead with --extra N."
    if queue.new_waiting and new and queue.new_today >= new:
        done = "1 new flashcard is" if queue.new_today == 1 else f"{queue.new_today} new flashcards are"
        return (f"Nothing is due now{' in ' + where if where else ''}, and today's {done} done: "
                f"more from {tomorrow} (or raise --new).")
    hint = f"answer some questions with '{quiz}' first"
    if queue.new_waiting and not new:
        hint += f", or introduce its {queue.new_waiting} flashcards with --new N" if where else \
            ", or introduce flashcards with --new N"
    if where:
        return f"No cards to review in {where} yet: {hint}."
    return f"Nothing to review yet: {hint}."


def check_exam_date(text: str, now):
    """The --exam-date as a date: a real calendar date, today or later in the user's zone (exit 2 else)."""
    from datetime import date

    from das.errors import UsageError
    from das.practice.clock import local_date

    try:
        parsed = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--exam-date must be a date like 2026-12-31, got {text!r}") from None
    today = local_date(now)
    if parsed < today:
        raise UsageError(f"--exam-date {parsed.isoformat()} has passed (today is {today.isoformat()}); "
                         "give today's date or a later one")
    return parsed
