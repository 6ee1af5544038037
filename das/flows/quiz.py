"""Runs a practice session: asks each question, saves each answer at once, shows feedback and a summary.

The user interface (terminal or plain, from `das.ui`) and the store are passed in, so tests can drive a
session with a fake interface and a real SQLite database.
"""

from __future__ import annotations

import random
import time
from typing import Any

from das.content.bank import Question
from das.flows.ports import UNDO, PracticeIO, Undo
from das.practice.review_queue import question_to_json
from das.practice.scoring import Result, SessionLog, is_correct, present
from das.store.progress import AnswerRecord, Progress


def ask_and_record(question: Question, io: PracticeIO, store: Progress, session_id: int, rng: random.Random,
                   number: int, total: int, log: SessionLog, shuffle: bool = True, card_kind: str = "question",
                   payload: str | None = None, can_undo: bool | None = None, undoable: bool = False) -> bool | Undo:
    """Ask one question, commit the answer (before any feedback), then show the feedback.

    `card_kind` is the spaced-repetition card's kind (question, or drill with its generated question
    as `payload` so review can ask it again). Returns False when the user stopped the session, UNDO
    when they asked to take back the last grade (only with `can_undo`; nothing is recorded), else True.
    `can_undo` None: a session without undo (quiz, drill); False: a review with nothing to undo yet.
    `undoable`: this answer can be taken back at the next input (the feedback says so).
    Raises StateError if the answer cannot be saved.
    """
    presented = present(question, rng, shuffle=shuffle)
    started = time.monotonic()
    letters = io.ask(presented, number, total, can_undo)
    if letters is UNDO:
        return UNDO
    if letters is None or isinstance(letters, Undo):
        log.stopped_early = True
        return False
    seconds = time.monotonic() - started
    keys = tuple(sorted(presented.key_for(letter) for letter in letters))
    correct = is_correct(question, set(keys))
    store.record_answer(
        session_id,
        AnswerRecord(question.id, question.topic, question.das_domain, question.dea_domain, keys, correct, seconds),
        kind=card_kind, payload=payload,
    )
    log.results.append(Result(question, keys, correct, seconds))
    io.feedback(presented, letters, correct, undoable)
    return True


def run_session(
    questions: list[Question],
    io: PracticeIO,
    store: Progress,
    kind: str,
    settings: dict[str, Any],
    seed: int | None = None,
    retry_command: str = "das quiz --missed",
    shuffle_options: bool = True,
) -> SessionLog:
    """Ask every question in order; an answer is committed before its feedback is shown.

    `kind` is the session kind stored with it (quiz, drill); Ctrl-C and end of input end the session
    cleanly, and the summary is shown in every case.
    """
    log = SessionLog()
    session_id = store.start_session(kind, settings)
    rng = random.Random(seed)
    try:
        for number, question in enumerate(questions, 1):
            drill = kind == "drill"
            if not ask_and_record(question, io, store, session_id, rng, number, len(questions), log,
                                  shuffle_options, card_kind="drill" if drill else "question",
                                  payload=question_to_json(question) if drill else None):
                break
    except (KeyboardInterrupt, EOFError):
        log.interrupted = True
    finally:
        store.end_session(session_id)
    io.summary(log, retry_command)
    return log
