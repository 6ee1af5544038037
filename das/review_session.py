"""Runs a review session: questions like the quiz, flashcards as recall-then-rate; each rating is saved
with its FSRS card in one transaction."""

from __future__ import annotations

import sys
import time

from das.progress import AnswerRecord, Progress
from das.quiz.review import Queue
from das.quiz.session import Result, SessionLog, is_correct, present
from das.ui import quiz_view
from das.ui.lines import write_lines


def _read() -> str:
    line = sys.stdin.readline()
    if line and not sys.stdin.isatty():
        sys.stdout.write(line.rstrip("\n") + "\n")  # echo, so a transcript reads like a session
    return line


def _ask_flashcard(card, number: int, total: int, plain: bool) -> bool | None:
    """Front, wait, back, then 'did you recall it?'. None = stop."""
    write_lines([("", ""), (f"Card {number} of {total}  [{card.note_id} · {card.section_id}]", "bold cyan"),
                 (card.front, "")], use_rich=not plain)
    if plain:
        sys.stdout.write("Press Enter to show the answer (q to stop): ")
        sys.stdout.flush()
        line = _read()
        if line == "" or line.strip().lower() in {"q", "quit"}:
            return None
        write_lines([(f"Answer: {card.back}", "green"), (f"read next: {card.read_next_command}", "dim")], use_rich=False)
        while True:
            sys.stdout.write("Did you recall it? (y/n, q to stop): ")
            sys.stdout.flush()
            line = _read()
            if line == "" or line.strip().lower() in {"q", "quit"}:
                return None
            if line.strip().lower() in {"y", "yes", "n", "no"}:
                return line.strip().lower().startswith("y")
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
            question = item.question
            presented = present(question, rng)
            letters = asker.ask(presented, number, total)
            if letters is None:
                log.stopped_early = True
                break
            keys = tuple(sorted(presented.key_for(letter) for letter in letters))
            correct = is_correct(question, set(keys))
            seconds = time.monotonic() - started
            store.record_answer(session_id, AnswerRecord(question.id, question.topic, question.das_domain,
                                                         question.dea_domain, keys, correct, seconds))
            log.results.append(Result(question, keys, correct, seconds))
            write_lines(quiz_view.feedback_lines(presented, letters, correct), use_rich=False if plain else None)
    except (KeyboardInterrupt, EOFError):
        log.interrupted = True
    finally:
        store.end_session(session_id)
    write_lines(quiz_view.summary_lines(log, "das review"), use_rich=False if plain else None)
    return log
