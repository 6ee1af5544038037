"""Runs a practice session: asks each question, saves each answer at once, shows feedback and a summary.

The asker (interactive or plain) and the store are passed in, so tests can drive a session with a fake
asker and a real SQLite database.
"""

from __future__ import annotations

import random
import time
from typing import Any, Protocol

from das.content.bank import Question
from das.store.progress import AnswerRecord, Progress
from das.practice.scoring import Presented, Result, SessionLog, is_correct, present
from das.ui import quiz_view
from das.ui.lines import write_lines


class Asker(Protocol):
    def ask(self, p: Presented, number: int, total: int) -> list[str] | None: ...


def ask_and_record(question: Question, asker: Asker, store: Progress, session_id: int, rng: random.Random,
                   number: int, total: int, log: SessionLog, use_rich: bool | None, shuffle: bool = True) -> bool:
    """Ask one question, commit the answer (before any feedback), then show the feedback.
    Returns False when the user stopped the session."""
    presented = present(question, rng, shuffle=shuffle)
    started = time.monotonic()
    letters = asker.ask(presented, number, total)
    if letters is None:
        log.stopped_early = True
        return False
    seconds = time.monotonic() - started
    keys = tuple(sorted(presented.key_for(letter) for letter in letters))
    correct = is_correct(question, set(keys))
    store.record_answer(
        session_id,
        AnswerRecord(question.id, question.topic, question.das_domain, question.dea_domain, keys, correct, seconds),
    )
    log.results.append(Result(question, keys, correct, seconds))
    write_lines(quiz_view.feedback_lines(presented, letters, correct), use_rich=use_rich)
    return True


def run_session(
    questions: list[Question],
    asker: Asker,
    store: Progress,
    kind: str,
    settings: dict[str, Any],
    seed: int | None = None,
    use_rich: bool | None = None,
    retry_command: str = "das quiz --missed",
    shuffle_options: bool = True,
) -> SessionLog:
    """Ask every question in order; an answer is committed before its feedback is shown."""
    log = SessionLog()
    session_id = store.start_session(kind, settings)
    rng = random.Random(seed)
    try:
        for number, question in enumerate(questions, 1):
            if not ask_and_record(question, asker, store, session_id, rng, number, len(questions), log, use_rich,
                                  shuffle_options):
                break
    except (KeyboardInterrupt, EOFError):
        log.interrupted = True
    finally:
        store.end_session(session_id)
    write_lines(quiz_view.summary_lines(log, retry_command), use_rich=use_rich)
    return log
