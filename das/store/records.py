"""The one reader of every JSON value das stores (exam states and results, spaced-repetition cards,
generated drills, session settings): it parses and checks the shape and types das wrote, so that a value
damaged on disk or by hand is a DamagedRecord (one line, exit 1, with the offer to move the database
aside), never a traceback in whatever reads it next, and `das doctor` reports exactly what a command
would meet. Messages are das's own words, never Python's.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from datetime import datetime
from typing import Any, Callable

from das.errors import DamagedRecord


class _Bad(Exception):
    """One check failed: its message says which, in the user's words."""


def _parse(text: Any) -> Any:
    if not isinstance(text, str):
        raise _Bad("it is not text")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise _Bad("it is not valid JSON") from None


def _object(data: Any) -> dict:
    if not isinstance(data, dict):
        raise _Bad("it is not a JSON object")
    return data


def _need(data: dict, key: str, check: Callable[[Any], bool], what: str, optional: bool = False) -> None:
    if key not in data:
        if optional:
            return
        raise _Bad(f"its {key} is missing")
    if not check(data[key]):
        raise _Bad(f"its {key} is not {what}")


def _int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _count(x: Any) -> bool:
    return _int(x) and 0 <= x < 2 ** 63


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _text(x: Any) -> bool:
    return isinstance(x, str)


def _time(x: Any) -> bool:
    if not isinstance(x, str) or len(x) > 64:
        return False
    try:
        return datetime.fromisoformat(x).tzinfo is not None
    except ValueError:
        return False


def _texts(x: Any) -> bool:
    return isinstance(x, list) and all(isinstance(t, str) for t in x)


def _exam_state(data: Any) -> None:
    data = _object(data)
    _need(data, "profile", _text, "text")
    _need(data, "question_ids", _texts, "a list of question ids")
    _need(data, "orders", lambda x: isinstance(x, list) and all(_texts(o) for o in x), "a list of option orders")
    _need(data, "answers", lambda x: isinstance(x, dict) and all(k.isascii() and k.isdigit() and _texts(v)
                                                                for k, v in x.items()), "answers by question")
    _need(data, "flagged", lambda x: isinstance(x, list) and all(_count(i) for i in x), "a list of question numbers")
    _need(data, "current", _count, "a question number")
    _need(data, "seconds", lambda x: isinstance(x, list) and all(_number(s) and s >= 0 for s in x), "a list of times")
    for key in ("time_limit", "elapsed"):
        _need(data, key, lambda x: _number(x) and x >= 0, "a time in seconds")


def _rows(*fields: tuple[str, Callable[[Any], bool]]) -> Callable[[Any], bool]:
    return lambda x: isinstance(x, list) and all(isinstance(r, dict) and all(k in r and ok(r[k]) for k, ok in fields)
                                                 for r in x)


def _exam_result(data: Any) -> None:
    data = _object(data)
    for key in ("questions", "correct"):
        _need(data, key, _count, "a count")
    if data["correct"] > data["questions"]:
        raise _Bad("it has more right answers than questions")
    _need(data, "answered", _count, "a count", optional=True)
    _need(data, "percent", lambda x: _number(x) and 0 <= x <= 100, "a percentage")
    _need(data, "scaled_score_estimate", _number, "a number")
    _need(data, "passed", lambda x: isinstance(x, bool), "true or false")
    _need(data, "passing_score", _number, "a number", optional=True)
    _need(data, "elapsed_seconds", _number, "a number", optional=True)
    _need(data, "profile", _text, "text", optional=True)
    _need(data, "domains", _rows(("id", _text), ("name", _text), ("questions", _count), ("correct", _count)),
          "a list of domain rows", optional=True)
    _need(data, "topics", _rows(("topic", _text), ("questions", _count), ("correct", _count)),
          "a list of topic rows", optional=True)


CARD_STATES = (1, 2, 3)  # fsrs.State: Learning, Review, Relearning


def _card(data: Any) -> None:
    data = _object(data)
    _need(data, "card_id", _int, "a number")
    _need(data, "state", lambda x: _int(x) and x in CARD_STATES, "a known card state (1, 2 or 3)")
    _need(data, "step", lambda x: x is None or _count(x), "a learning step")
    for key in ("stability", "difficulty"):
        _need(data, key, lambda x: x is None or (_number(x) and x >= 0), "a number")
    _need(data, "due", _time, "a date and time")
    _need(data, "last_review", lambda x: x is None or _time(x), "a date and time")


def _drill(data: Any) -> None:
    data = _object(data)
    for key in ("id", "topic", "type", "difficulty", "das_domain", "dea_domain", "stem", "read_next", "source"):
        _need(data, key, _text, "text")
    _need(data, "options", lambda x: isinstance(x, dict) and bool(x) and all(_text(v) for v in x.values()), "its options")
    _need(data, "answer", lambda x: _texts(x) and bool(x) and set(x) <= set(data["options"]), "letters of its options")
    _need(data, "explanations", lambda x: isinstance(x, dict) and all(_text(v) for v in x.values()), "text by letter")
    _need(data, "dea_task", lambda x: x is None or _texts(x), "a list of tasks", optional=True)
    extra = set(data) - {"id", "topic", "type", "difficulty", "das_domain", "dea_domain", "stem", "read_next",
                         "source", "options", "answer", "explanations", "dea_task"}
    if extra:
        raise _Bad("it has fields das does not write")


def _settings(data: Any) -> None:
    _object(data)


# what each stored JSON column holds: (table, column) -> (its name in messages, its check)
KINDS: dict[tuple[str, str], tuple[str, Callable[[Any], None]]] = {
    ("exams", "state"): ("the saved state of an exam", _exam_state),
    ("exams", "result"): ("the result of an exam", _exam_result),
    ("cards", "card"): ("a saved spaced-repetition card", _card),
    ("drills", "question"): ("a saved drill question", _drill),
    ("sessions", "settings"): ("the settings of a session", _settings),
}


def where(table: str, column: str, row: Any = None) -> str:
    """How messages name a stored value: `table.column, row N` (the row id when it is known)."""
    return f"{table}.{column}" + (f", row {row}" if row is not None else "")


def damaged(message: str, table: str | None, column: str, row: Any = None) -> DamagedRecord:
    """A DamagedRecord that carries where the value was (table, column, row id: None when not known), so
    the CLI can find the row when only the column is known (das.store.faults.failure)."""
    exc = DamagedRecord(message)
    exc.table, exc.column, exc.row = table, column, row  # type: ignore[attr-defined]
    return exc


def read(table: str, column: str, text: Any, label: str | None = None, row: Any = None) -> Any:
    """The JSON value stored in `table`.`column` (see KINDS), parsed and checked against what das writes
    there. Raises DamagedRecord ("<what> cannot be read: <why> (table.column, row N)", `label` naming the
    record, e.g. "exam 3", `row` its row id when known) when it does not parse or has another shape or type."""
    what, check = KINDS[(table, column)]
    try:
        data = _parse(text)
        check(data)
    except _Bad as exc:
        name = f"{what.replace('an exam', label)}" if label and "an exam" in what else what
        raise damaged(f"{name} cannot be read: {exc} ({where(table, column, row)})", table, column, row) from None
    return data


def card(text: Any) -> str:
    """A stored spaced-repetition card's JSON, checked (the text is returned as it is, for FSRS to read).
    DamagedRecord when it is not a card das wrote."""
    read("cards", "card", text)
    return text


# --- plain columns ---------------------------------------------------------------------------------------
# Every value das reads back from a row goes through CheckedRow (the row_factory of every connection das
# opens), which checks it against what das writes in a column of that name (the same name means the same
# kind of value in every table). A value of another type or out of its range (text in a count, an infinite
# time limit, a time that is no date) is a DamagedRecord when a command reads it, and `das doctor` checks
# every value of every row with the same checks, so it reports exactly what a command would refuse.

MAX_SECONDS = 10 ** 9  # about 31 years: no time das stores (answer, exam limit, elapsed) comes near it


def _seconds(x: Any) -> bool:
    return _number(x) and 0 <= x <= MAX_SECONDS


def _optional(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda x: x is None or check(x)


def _stored_time(x: Any) -> bool:
    """UTC ISO 8601 as das writes it (or its first 16 characters, a minute), in years 1900-2999."""
    if not isinstance(x, str) or not 16 <= len(x) <= 40 or not x[:4].isascii() or not x[:4].isdigit():
        return False
    try:
        moment = datetime.fromisoformat(x)
    except ValueError:
        return False
    return 1900 <= moment.year <= 2999


def _tally(x: Any) -> bool:
    """A count of answers or reviews: far below 2**31 (summing them can never overflow)."""
    return _int(x) and 0 <= x < 2 ** 31


def _flag(x: Any) -> bool:
    return x in (0, 1) and not isinstance(x, float)


COLUMN_CHECKS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "id": ("a row number", _count), "session_id": ("a row number", _count), "last_id": ("a row number", _count),
    "question_id": ("text", _text), "topic": ("text", _text), "das_domain": ("text", _optional(_text)),
    "dea_domain": ("text", _optional(_text)), "chosen": ("text", _text), "kind": ("text", _text),
    "key": ("text", _text), "name": ("text", _text), "value": ("text", _text), "profile": ("text", _text),
    "status": ("an exam status", lambda x: x in ("in_progress", "submitted", "abandoned")),
    "correct": ("a count", _tally), "answers": ("a count", _tally), "reviews": ("a count", _tally),
    "last_correct": ("0 or 1", _flag),
    "seconds": ("a time in seconds", _seconds), "time_limit": ("a time in seconds", _seconds),
    "elapsed": ("a time in seconds", _seconds),
    "started_at": ("a date and time", _stored_time), "answered_at": ("a date and time", _stored_time),
    "due": ("a date and time", _stored_time), "minute": ("a date and time", _stored_time),
    "ended_at": ("a date and time", _optional(_stored_time)),
    "submitted_at": ("a date and time", _optional(_stored_time)),
    "created_at": ("a date and time", lambda x: x == "" or _stored_time(x)),
    # JSON columns: text here; their content goes through read() above where it is used
    "state": ("text", _text), "result": ("text", _optional(_text)), "card": ("text", _text),
    "settings": ("text", _text), "question": ("text", _text),
}


def _any_value(x: Any) -> bool:
    """A computed column (a SUM, a COUNT): never an infinite number (das stores none)."""
    return not isinstance(x, float) or math.isfinite(x)


_AGGREGATE = re.compile(r"(?:sum|min|max)\((?:\w+\.)?(\w+)\)")


# A column that may be empty (NULL) only while another column of the same row says so: a submitted exam
# always has its submission time and its result.
NEEDED_WHEN = {"submitted_at": ("status", "submitted"), "result": ("status", "submitted")}


def check_value(name: str, value: Any, table: str | None = None, row: Any = None) -> Any:
    """`value` read from a column called `name` (of `table`, in row id `row` when known), checked against
    COLUMN_CHECKS (computed columns: a finite number; the sum, least or greatest of a column: a value of that
    column). Raises DamagedRecord naming the column ("a value of the wrong type in column T.C, row N (not
    <what>)", or "no value (NULL) in column ..." for an empty one) when it is not."""
    key = name.lower()
    aggregate = _AGGREGATE.match(key)
    if aggregate:  # the sum, least or greatest of a column is a value of the same kind
        key = aggregate.group(1)
    what, check = COLUMN_CHECKS.get(key, ("a finite number", _any_value))
    if not check(value):
        column = where(table, key, row) if table else key
        if value is None:
            raise damaged(f"no value (NULL) in column {column}, where das always saves {what}", table, key, row)
        raise damaged(f"a value of the wrong type in column {column} (not {what})", table, key, row)
    return value


# Columns das itself leaves empty (NULL): a session still running, an answer to a flashcard (no domain), an
# exam not submitted yet. Every other column of das's tables always holds a value: the tallies keep '' for
# no domain, so the same column name may be empty in one table and not in another (check_value goes by name).
MAY_BE_EMPTY = {("sessions", "ended_at"), ("answers", "das_domain"), ("answers", "dea_domain"),
                ("exams", "submitted_at"), ("exams", "result")}
TABLES = {"sessions", "answers", "cards", "settings", "exams", "drills", "question_tally", "minute_tally",
          "session_tally"}


def empty_in_table(table: str, name: str, value: Any, rowid: Any = None) -> None:
    """DamagedRecord when `value` is NULL in a column of one of das's tables that das always fills."""
    if value is None and table in TABLES and (table, name.lower()) not in MAY_BE_EMPTY:
        raise damaged(f"no value (NULL) in column {where(table, name, rowid)}, where das always saves one",
                      table, name.lower(), rowid)


def needed_value(name: str, value: Any, row: Any, table: str | None = None, rowid: Any = None) -> None:
    """DamagedRecord when a column that may be empty only in some rows (NEEDED_WHEN) is empty in a row whose
    other column says it must hold a value (a submitted exam with no submission time or result); `row` maps
    column names to the row's values (a column it does not hold is not checked)."""
    rule = NEEDED_WHEN.get(name.lower())
    if value is not None or rule is None:
        return
    other, required = rule
    try:
        state = row[other]
    except (KeyError, IndexError):
        return
    if state == required:
        column = where(table, name, rowid) if table else name
        raise damaged(f"no value (NULL) in column {column}, though its {other} is {required!r}",
                      table, name.lower(), rowid)


class CheckedRow(sqlite3.Row):
    """sqlite3.Row whose values are checked (check_value) when they are read, by name, index or iteration:
    a row with one damaged column can still be used for its other columns (abandoning a damaged exam)."""

    def __getitem__(self, key):  # type: ignore[override]
        value = super().__getitem__(key)
        if isinstance(key, slice):
            return tuple(self[i] for i in range(len(self))[key])
        name = key if isinstance(key, str) else self.keys()[key]
        check_value(name, value)
        if value is None and name.lower() in NEEDED_WHEN:
            needed_value(name, value, _Plain(self))
        return value

    def __iter__(self):
        return (self[i] for i in range(len(self)))


class _Plain:
    """A CheckedRow's values by name without checking them (for the rule of another column)."""

    def __init__(self, row: sqlite3.Row) -> None:
        self.row = row

    def __getitem__(self, name: str) -> Any:
        if name not in self.row.keys():
            raise KeyError(name)
        return sqlite3.Row.__getitem__(self.row, name)
