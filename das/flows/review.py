"""Runs a review session: questions (and stored drills) as in the quiz, pass/fail; flashcards recalled,
then graded Again / Hard / Good / Easy with the next interval of each shown (the very outcomes that are
stored, counted from the moment of the grade), and the grade given echoed with its interval. Each grade is saved with its FSRS card in one transaction; `u`, wherever the user is next asked
for input (and at the end of the session), takes back the last grade: its answer, its card and the
session's counts, exactly."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from das.flows.ports import UNDO, PracticeIO
from das.flows.quiz import ask_and_record
from das.practice.clock import utc_now
from das.practice.review_queue import Queue
from das.practice.scheduling import RATINGS, interval_text, intervals, next_interval, outcomes
from das.practice.scoring import SessionLog
from das.store.progress import AnswerRecord, Progress
from das.store.study import card_json, undo_answer


UNDO_REFUSED = ("Not undone: this card was reviewed in another das session after your grade, so both "
                "reviews stay.")


@dataclass
class _Graded:
    index: int
    write: tuple  # Progress.last_write just after this grade was saved
    flashcard: bool
    recalled: bool


def run_review(queue: Queue, store: Progress, io: PracticeIO, settings: dict) -> SessionLog:
    """Ask every item of the queue in order, saving each answer or grade as it is given; after the last
    one, offer to undo it before finishing."""
    log = SessionLog()
    session_id = store.start_session("review", settings)
    rng = random.Random()
    total = len(queue.items)
    done: list[_Graded] = []
    exam_date = store.exam_date()
    index = 0
    try:
        while True:
            if index >= len(queue.items):
                if done and io.end_of_session() is UNDO:
                    index = _undo(store, io, log, done, index)
                    continue
                break
            item = queue.items[index]
            number = index + 1
            started = time.monotonic()
            if item.flashcard is not None:
                card = item.flashcard
                now = utc_now()
                before = card_json(store, item.key)
                choices = outcomes(before, card.key, now, exam_date)
                shown = {RATINGS[r]: interval_text(span) for r, span in intervals(choices, now).items()}
                grade = io.flashcard(card, number, total, shown, bool(done))
                if grade is None:
                    log.stopped_early = True
                    break
                if grade is UNDO:
                    index = _undo(store, io, log, done, index)
                    continue
                recalled = grade >= 2
                answer_id = store.record_answer(
                    session_id, AnswerRecord(card.key, card.note_id, None, None, (), recalled, time.monotonic() - started),
                    kind="flashcard", rating=grade, outcomes=(before, choices, now))
                log.cards_reviewed += 1
                log.cards_recalled += int(recalled)
                assert store.last_write is not None and store.last_write[0] == answer_id  # just saved
                span = next_interval(store.last_write[3])
                io.graded(RATINGS[grade], interval_text(span) if span is not None else "?")
                done.append(_Graded(index, store.last_write, True, recalled))
            elif item.question is not None:
                asked = ask_and_record(item.question, io, store, session_id, rng, number, total, log,
                                       card_kind=item.kind, can_undo=bool(done), undoable=True)
                if asked is UNDO:
                    index = _undo(store, io, log, done, index)
                    continue
                if not asked:
                    break
                assert store.last_write is not None
                done.append(_Graded(index, store.last_write, False, log.results[-1].correct))
            index += 1
    except (KeyboardInterrupt, EOFError):
        log.interrupted = True
    finally:
        store.end_session(session_id)
    io.summary(log, "das review")
    return log


def _undo(store: Progress, io: PracticeIO, log: SessionLog, done: list[_Graded], index: int) -> int:
    """Take back the last grade (answer and card state); returns the index of the item to ask next: the
    undone one, or `index` again when the card was reviewed elsewhere since (nothing is changed then)."""
    last = done[-1]
    if not undo_answer(store, last.write):
        io.notice(UNDO_REFUSED)
        return index
    done.pop()
    if last.flashcard:
        log.cards_reviewed -= 1
        log.cards_recalled -= int(last.recalled)
    else:
        log.results.pop()
    return last.index
