"""Runs a review session: questions as in the quiz, flashcards as recall-then-rate; each rating is saved
with its FSRS card in one transaction."""

from __future__ import annotations

import random
import time

from das.flows.ports import PracticeIO
from das.flows.quiz import ask_and_record
from das.practice.review_queue import Queue
from das.practice.scoring import SessionLog
from das.store.progress import AnswerRecord, Progress


def run_review(queue: Queue, store: Progress, io: PracticeIO, settings: dict) -> SessionLog:
    """Ask every item of the queue in order, saving each answer or rating as it is given."""
    log = SessionLog()
    session_id = store.start_session("review", settings)
    rng = random.Random()
    total = len(queue.items)
    try:
        for number, item in enumerate(queue.items, 1):
            started = time.monotonic()
            if item.flashcard is not None:
                card = item.flashcard
                recalled = io.flashcard(card, number, total)
                if recalled is None:
                    log.stopped_early = True
                    break
                log.cards_reviewed += 1
                log.cards_recalled += int(recalled)
                store.record_answer(session_id, AnswerRecord(card.key, card.note_id, None, None, (), recalled,
                                                             time.monotonic() - started), kind="flashcard")
                continue
            if item.question is not None and not ask_and_record(item.question, io, store, session_id, rng,
                                                                number, total, log):
                break
    except (KeyboardInterrupt, EOFError):
        log.interrupted = True
    finally:
        store.end_session(session_id)
    io.summary(log, "das review")
    return log
