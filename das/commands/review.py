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
    limit: int = typer.Option(20, "--limit", parser=bounded_int(*limits.REVIEW_LIMIT), metavar="N", help="At most this many due cards in this session (1-10,000); new flashcards are counted by --new, not-yet-due cards by --extra."),
    extra: int = typer.Option(0, "--extra", parser=bounded_int(*limits.REVIEW_EXTRA), metavar="N", help="Also study this many more cards after the due ones --limit allows: the due cards it left out first, then cards not due yet, weakest first (0-10,000)."),
    new: int = typer.Option(5, "--new", parser=bounded_int(*limits.REVIEW_NEW), metavar="N", help="New note flashcards to introduce per local day, rotating through the topics (0-1,000)."),
    exam_date: Optional[str] = typer.Option(None, "--exam-date", help="Your exam date (YYYY-MM-DD, from today to 3 years ahead), remembered: nothing is scheduled past the start of that day in your time zone, and what you are least likely to recall that day comes first."),
    no_exam_date: bool = typer.Option(False, "--no-exam-date", help="Forget the saved exam date (say, once it has passed): no exam-day cap in review, no readiness in das stats."),
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
    from das.practice.clock import days_away, days_until, utc_now
    from das.practice.review_queue import build_queue
    from das.practice.selection import check_domain
    from das.store.progress import Progress
    from das.store.exam_date import cap_to_exam_date, forget_exam_date, set_exam_date
    from das.store.study import ReviewData, adopt_flashcards, review_scope
    from das.ui.lines import write_lines

    from das.errors import UsageError

    for flag, value, minimum in (("--limit", limit, 1), ("--extra", extra, 0), ("--new", new, 0)):
        if value < minimum:
            raise UsageError(f"{flag} must be at least {minimum}, got {value}")
    if no_exam_date and exam_date is not None:
        raise UsageError("give --exam-date or --no-exam-date, not both")
    now = utc_now()
    parsed = check_exam_date(exam_date, now) if exam_date is not None else None
    lib = library(content_dir)
    scope = review_scope(lib, topics or [], check_domain(domain))
    store = Progress()
    adopt_flashcards(store, lib)
    plain_mode = use_plain(plain)
    brought = 0
    if parsed is not None:
        brought = set_exam_date(store, parsed, now)
    if no_exam_date:
        forgotten = forget_exam_date(store)
        said = (f"Exam date {forgotten.isoformat()} forgotten: reviews are scheduled as usual and das stats "
                "shows no readiness." if forgotten else "No exam date was saved: nothing to forget.")
        write_lines([(said, "dim")], use_rich=False if plain_mode else None)
    remembered = store.exam_date()
    if remembered is not None and parsed is None:
        brought = cap_to_exam_date(store, now)  # cards another das session scheduled past it meanwhile
    data = ReviewData(store)
    queue = build_queue(lib, data, now, remembered, limit, extra, new, scope)
    if remembered:
        days = days_until(remembered, now)
        if days > 0:
            note = f"Exam date {remembered.isoformat()} ({days_away(days)}): nothing is scheduled past it."
            if brought:
                from das.practice.clock import show_time
                from das.practice.scheduling import exam_moment

                note += (f" {count_of(brought, 'card')} due after it {'was' if brought == 1 else 'were'} brought "
                         f"forward to {show_time(exam_moment(remembered))}.")
        elif days == 0:  # the cap is the exam morning, already here: grades schedule as usual from now on
            note = f"Exam date {remembered.isoformat()} (today): good luck; reviews are scheduled as usual now."
        else:
            note = (f"Exam date {remembered.isoformat()} has passed; give a new one with --exam-date, or forget "
                    "it with --no-exam-date.")
        write_lines([(note, "dim")], use_rich=False if plain_mode else None)
    elsewhere = []
    if queue.due_elsewhere:
        elsewhere = [(elsewhere_line(queue.due_elsewhere, queue.elsewhere_since), "yellow")]
    if not queue.items:
        from das.practice.selection import select_questions

        try:
            quizzable = bool(select_questions(lib, topics or [], 1, domain).questions)
        except UsageError:  # a topic of notes without questions
            quizzable = False
        write_lines([(nothing_to_ask(queue, topics or [], domain, new, now, quizzable), "bold")] + elsewhere,
                    use_rich=False if plain_mode else None)
        return
    due_asked = sum(1 for item in queue.items if item.reason == "due")
    if queue.due_total > due_asked:
        more = f", then {queue.extra_due:,} more of them (--extra)" if queue.extra_due else ""
        write_lines([(f"{count_of(queue.due_total, 'card')} are due; this session asks {due_asked:,} of them "
                      f"(--limit){more}.", "dim")], use_rich=False if plain_mode else None)
    if queue.extra_asked < extra:
        only = f"only {queue.extra_asked:,}" if queue.extra_asked else "no"
        write_lines([(f"--extra {extra:,}: {only} more {'card' if queue.extra_asked == 1 else 'cards'} to study "
                      "in this scope.", "dim")], use_rich=False if plain_mode else None)
    from das.flows.review import run_review
    from das.ui.prompts import practice_io

    if elsewhere:
        write_lines(elsewhere, use_rich=False if plain_mode else None)
    log = run_review(queue, store, practice_io(plain_mode, given_content_dirs(content_dir)),
                     {"topics": topics or [], "domain": domain, "limit": limit, "extra": extra, "new": new})
    store.close()
    finish(log)


def count_of(count: int, word: str) -> str:
    """'1 question', '2,500 questions'."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def elsewhere_line(counts: dict[str, int], since=None) -> str:
    """What is due from content not loaded now, by kind, and since when (local time): 'Also due: 2
    questions and 1 flashcard whose content is not loaded now, due since 2026-11-02 09:00 PST (...'."""
    from das.practice.clock import show_time

    kinds = " and ".join(count_of(counts[kind], kind) for kind in ("question", "flashcard") if counts.get(kind))
    when = f", due since {show_time(since)}" if since is not None else ""
    return (f"Also due: {kinds} whose content is not loaded now{when} (from a folder given with --content-dir "
            "before, e.g. an imported bank, or since removed): give that folder with --content-dir DIR or "
            "DAS_CONTENT to review them, or retire them with das doctor --forget-missing.")


def nothing_to_ask(queue, topics: list[str], domain: str | None, new: int, now, quizzable: bool = True) -> str:
    """What is true when a review has nothing to ask: no cards in the scope at all, or the earliest next
    thing: a card due at a local time, or new flashcards at the next local midnight once today's are done.
    `quizzable`: whether `das quiz` has questions in the scope (a suggestion must have something to do)."""
    from datetime import timedelta

    from das.practice.clock import local_date, local_start, show_time

    where = " and ".join(filter(None, [", ".join(topics), f"domain {domain}" if domain else ""]))
    # cards are due from content not loaded now: "nothing is due" is true only of the content loaded
    loaded = " in the content loaded" if queue.due_elsewhere and not where else ""
    quiz = " ".join(["das quiz", *topics] + (["--domain", domain] if domain else []))
    midnight = local_start(local_date(now) + timedelta(days=1))
    new_at_midnight = bool(queue.new_waiting and new and queue.new_today >= new)
    due_next = ""
    if queue.next_due is not None:
        due_next = f"{count_of(queue.next_due_count, 'card')} due from {show_time(queue.next_due)}"
        if not new_at_midnight or queue.next_due < midnight:
            return f"Nothing is due now{loaded}. Next: {due_next}. Study ahead with --extra N."
    if new_at_midnight:  # new flashcards come at the next local midnight: sooner than any due card
        done = "1 new flashcard is" if queue.new_today == 1 else f"{queue.new_today} new flashcards are"
        then = f"; then {due_next}" if due_next else ""
        return (f"Nothing is due now{' in ' + where if where else loaded}, and today's {done} done: "
                f"more from {show_time(midnight)} (or raise --new){then}.")
    hint = f"answer some questions with '{quiz}' first"
    if not quizzable:
        if queue.new_waiting and not new:
            return (f"No cards to review in {where or 'the content loaded'} yet, and no questions in it: "
                    f"introduce its {count_of(queue.new_waiting, 'flashcard')} with --new N.")
        return (f"No questions or flashcards in {where or 'the content loaded'}: choose other topics or "
                "another --domain.")
    if queue.new_waiting and not new:
        hint += f", or introduce its {count_of(queue.new_waiting, 'flashcard')} with --new N" if where else \
            ", or introduce flashcards with --new N"
    if where:
        return f"No cards to review in {where} yet: {hint}."
    return f"Nothing to review{loaded} yet: {hint}."


def check_exam_date(text: str, now):
    """The --exam-date as a date: exactly YYYY-MM-DD in ASCII digits, a real calendar date, from today to
    the same date limits.EXAM_DATE_YEARS years ahead in the user's zone (UsageError, exit 2, else)."""
    import re
    from datetime import date

    from das.errors import UsageError
    from das.practice.clock import local_date, years_ahead

    shown = text if len(text) <= 40 else text[:40] + "..."
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise UsageError(f"--exam-date must be a date written YYYY-MM-DD, like 2026-12-31, got {shown!r}")
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--exam-date {text} is not a calendar date") from None
    today = local_date(now)
    latest = years_ahead(today, limits.EXAM_DATE_YEARS)
    if parsed < today:
        raise UsageError(f"--exam-date {parsed.isoformat()} has passed (today is {today.isoformat()}); "
                         "give today's date or a later one")
    if parsed > latest:
        raise UsageError(f"--exam-date {parsed.isoformat()} is more than {limits.EXAM_DATE_YEARS} years away: "
                         f"give a date from {today.isoformat()} to {latest.isoformat()}")
    return parsed
