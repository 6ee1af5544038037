"""Runs a review session: questions like the quiz, flashcards as recall-then-rate; each rating is saved
with its FSRS card in one transaction."""

from __future__ import annotations

import sys
import time

from das.store.progress import AnswerRecord, Progress
from das.practice.review_queue import Queue
from das.flows.quiz import ask_and_record
from das.practice.scoring import SessionLog
from das.ui import quiz_view
from das.ui.lines import write_lines


def _read() -> str:
    line = sys.stdin.readline()
    if line and not sys.stdin.isatty():
        sys.stdout.write(line.rstrip("\n") + "\n")  # echo, so a transcript reads like a session
    return line


def _prompt(text: str) -> str | None:
    """Show a prompt, read a line; None at end of input or when the user types q."""
    sys.stdout.write(text)
    sys.stdout.flush()
    line = _read()
    if line == "" or line.strip().lower() in {"q", "quit"}:
        return None
    return line.strip().lower()


def _ask_flashcard(card, number: int, total: int, plain: bool) -> bool | None:
    """Front, wait, back, then 'did you recall it?'. None = stop."""
    write_lines([("", ""), (f"Card {number} of {total}  [{card.note_id} · {card.section_id}]", "bold cyan"),
                 (card.front, "")], use_rich=not plain)
    if plain:
        if _prompt("Press Enter to show the answer (q to stop): ") is None:
            return None
        write_lines([(f"Answer: {card.back}", "green"), (f"read next: {card.read_next_command}", "dim")], use_rich=False)
        while True:
            answer = _prompt("Did you recall it? (y/n, q to stop): ")
            if answer is None:
                return None
            if answer in {"y", "yes", "n", "no"}:
                return answer.startswith("y")
            sys.stdout.write("  answer y or n\n")
    import questionary

    questionary.press_any_key_to_continue("Press any key to show the answer").unsafe_ask()
    write_lines([(f"Answer: {card.back}", "green"), (f"read next: {card.read_next_command}", "dim")], use_rich=True)
    choice = questionary.select("Did you recall it?", choices=["Yes, I knew it", "No, I did not"]).unsafe_ask()
    return None if choice is None else choice.startswith("Yes")


def run_review(queue: Queue, store: Progress, plain: bool, settings: dict) -> SessionLog:
    import random

    from das.ui.prompts import InteractiveAsker, PlainAsker

    asker = PlainAsker() if plain else InteractiveAsker()
    log = SessionLog()
    session_id = store.start_session("review", settings)
    rng = random.Random()
    total = len(queue.items)
    try:
        for number, item in enumerate(queue.items, 1):
            started = time.monotonic()
            if item.kind == "flashcard":
                recalled = _ask_flashcard(item.flashcard, number, total, plain)
                if recalled is None:
                    log.stopped_early = True
                    break
                card = item.flashcard
                log.cards_reviewed += 1
                log.cards_recalled += int(recalled)
                store.record_answer(session_id, AnswerRecord(card.key, card.note_id, None, None, (), recalled,
                                                             time.monotonic() - started), kind="flashcard")
                continue
            if not ask_and_record(item.question, asker, store, session_id, rng, number, total, log,
                                  False if plain else None):
                break
    except (KeyboardInterrupt, EOFError):
        log.interrupted = True
    finally:
        store.end_session(session_id)
    write_lines(quiz_view.summary_lines(log, "das review"), use_rich=False if plain else None)
    return log
