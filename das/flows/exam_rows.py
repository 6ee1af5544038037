"""Reading a saved exam back from the store, refusing a damaged one with a clear message.

A state that is not JSON, or JSON of the wrong shape (a question index out of range, an option order that
is not a shuffle of the question's options), is damage `quick_check` cannot see: it becomes a
DamagedStore error (one line, exit 1, with the offer to move the database aside), never a traceback.
"""

from __future__ import annotations

import math
from typing import Any

from das.content.library import Library
from das.errors import DamagedRecord
from das.practice.exam import ExamState
from das.store.faults import DamagedStore
from das.store import records
from das.store.progress import Progress


class _Shape(ValueError):
    """A saved exam state whose parts do not fit together (das's own words)."""


def _check(state: ExamState, library: Library | None) -> None:
    n = len(state.question_ids)
    if not (isinstance(state.profile, str) and all(isinstance(q, str) for q in state.question_ids)
            and len(state.orders) == n and len(state.seconds) == n and 0 <= state.current < max(n, 1)):
        raise _Shape("wrong shape")
    numbers = [state.time_limit, state.elapsed, *state.seconds]
    if not all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and x >= 0
               for x in numbers):
        raise _Shape("a time that is not a number")
    if any(not 0 <= i < n for i in (*state.answers, *state.flagged)):
        raise _Shape("a question index out of range")
    for index, letters in state.answers.items():
        if not (isinstance(letters, list) and all(isinstance(x, str) and len(x) == 1 and
                                                  "a" <= x <= chr(ord("a") + len(state.orders[index]) - 1)
                                                  for x in letters)):
            raise _Shape("an answer that is not option letters")
    if library is not None:
        for qid, order in zip(state.question_ids, state.orders):
            question = library.questions.get(qid)
            if question is not None and sorted(map(str, order)) != sorted(question.options):
                raise _Shape(f"option order of {qid} does not match the question")


def load_state(store: Progress, row: Any, library: Library | None = None) -> ExamState:
    """The ExamState saved in an exams row. Raises DamagedStore when it cannot be read as one."""
    what = f"the saved state of exam {row['id']} cannot be read"
    column = records.where("exams", "state", row["id"])
    try:
        data = records.read("exams", "state", row["state"], f"exam {row['id']}", row["id"])
    except DamagedRecord as exc:
        if getattr(exc, "row", None) is None:  # a value the row itself refused: the CLI finds where it is
            raise
        raise DamagedStore(store.path, str(exc)) from None
    try:
        state = ExamState.from_json(data)
        state.elapsed = float(row["elapsed"])
        _check(state, library)
        if library is not None:  # what "answered" and "incomplete" need (ExamState.complete())
            state.select_counts = [len(library.questions[q].answer) if q in library.questions else 0
                                   for q in state.question_ids]
    except _Shape as exc:
        raise DamagedStore(store.path, f"{what}: {exc} ({column})") from None
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError, OverflowError):
        raise DamagedStore(store.path, f"{what}: it does not have the shape das saves ({column})") from None
    return state


def load_result(store: Progress, row: Any) -> dict:
    """A submitted exam's result summary. Raises DamagedStore when it is not a JSON object."""
    try:
        records.needed_value("result", row["result"], row, "exams", row["id"])
        return records.read("exams", "result", row["result"], f"exam {row['id']}", row["id"])
    except DamagedRecord as exc:
        if getattr(exc, "row", None) is None:  # a value the row itself refused: the CLI finds where it is
            raise
        raise DamagedStore(store.path, str(exc)) from None


def exam_problems(conn: Any) -> list[str]:
    """Why any saved exam in the database on `conn` (a sqlite3 connection) cannot be read, in the words
    `das exam --resume` and `das exam review` would use; [] when every exam reads back."""
    from types import SimpleNamespace

    problems = []
    owner: Any = SimpleNamespace(path="")
    for row in conn.execute("SELECT id, status, state, elapsed, result FROM exams ORDER BY id"):
        row = dict(zip(("id", "status", "state", "elapsed", "result"), row))
        try:
            load_state(owner, row)
            if row["status"] == "submitted":
                load_result(owner, row)
        except DamagedStore as exc:
            problems.append(exc.problem)
    return problems
