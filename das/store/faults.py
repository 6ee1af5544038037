"""Telling a damaged progress database from every other SQLite failure, by SQLite's result codes.

Only SQLITE_CORRUPT and SQLITE_NOTADB (and a failed integrity check) mean the file itself is damaged and
may be moved aside; a full disk, an I/O error, a permission problem or a lock leaves every file as it was
and gives the user one line. sqlite3 exceptions carry `sqlite_errorcode` from Python 3.11; on 3.10 the
message is matched against SQLite's fixed texts for the same codes (https://www.sqlite.org/rescode.html).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

from das.errors import StateError

# Primary result codes (the low byte of an extended code), from https://www.sqlite.org/rescode.html
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 3, 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26

# SQLite's own message for each primary code (sqlite3ErrStr), for Python 3.10, which gives no code.
_MESSAGES = {
    "database disk image is malformed": SQLITE_CORRUPT,
    "file is not a database": SQLITE_NOTADB,
    "database or disk is full": SQLITE_FULL,
    "disk i/o error": SQLITE_IOERR,
    "unable to open database file": SQLITE_CANTOPEN,
    "attempt to write a readonly database": SQLITE_READONLY,
    "access permission denied": SQLITE_PERM,
    "database is locked": SQLITE_BUSY,
    "database table is locked": SQLITE_LOCKED,
}

_WHAT = {
    SQLITE_FULL: "the disk is full: free some space and try again",
    SQLITE_IOERR: "a disk I/O error occurred: check the disk and try again",
    SQLITE_CANTOPEN: "it cannot be opened: check that its folder exists and is writable",
    SQLITE_READONLY: "it is read-only: check the permissions of the file and its folder",
    SQLITE_PERM: "access was denied: check the permissions of the file and its folder",
    SQLITE_BUSY: "it is locked by another das process: finish that one and try again",
    SQLITE_LOCKED: "it is locked by another das process: finish that one and try again",
}


current_path: Path | None = None  # the database the running command opened, for failures found later


def failure(exc: BaseException) -> StateError:
    """The one-line error for a SQLite failure that escaped a store method (a damaged page or row, ...)."""
    return state_error(current_path or Path("progress.sqlite3"), exc)


class DamagedDatabase(sqlite3.DatabaseError):
    """Raised by das itself when an integrity check fails: the same meaning as SQLITE_CORRUPT."""


def result_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of a sqlite3 exception, or None when it cannot be told."""
    if isinstance(exc, DamagedDatabase):
        return SQLITE_CORRUPT
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(exc).lower()
    for message, value in _MESSAGES.items():
        if text.startswith(message):
            return value
    return None


def is_damage(exc: BaseException) -> bool:
    """True only for a database file that is itself damaged (SQLITE_CORRUPT, SQLITE_NOTADB)."""
    return result_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def short(text: object, limit: int = 120) -> str:
    """A message safe for one line: printable characters only, at most `limit` of them."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 3] + "..."


def state_error(path: Path, exc: BaseException, doing: str = "use") -> StateError:
    """One line for a failure that is not damage: what happened and what to do; no file is touched."""
    code = result_code(exc)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DamagedStore(path, short(exc))
    what = _WHAT.get(code) if code is not None else None
    return StateError(f"cannot {doing} the progress database {path}: {what or short(exc)}; nothing was changed")


class DamagedStore(StateError):
    """The database is damaged in a way das found while using it (a damaged row, page or exam state).

    Nothing is moved without the user's say: the message offers to move the database aside.
    """

    def __init__(self, path: Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(
            f"the progress database {path} is damaged ({problem}); your answers stay in it as they are. "
            f"To move it aside and start a new one, run the command again with DAS_MOVE_DAMAGED=1"
        )


class UndecodableText(DamagedDatabase):
    """A text column holding bytes that are not UTF-8: damage `quick_check` does not see."""


def strict_text(data: bytes) -> str:
    """The connection's text_factory: UTF-8, or UndecodableText (damage) instead of a decode error."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UndecodableText("a text value that is not UTF-8") from None


def read_every_row(conn: sqlite3.Connection) -> None:
    """Decode every row of every table, and every exam state: DamagedDatabase on the first that fails."""
    try:
        for table in ("sessions", "answers", "cards", "settings", "exams"):
            for _row in conn.execute(f"SELECT * FROM {table}"):
                pass
        for (state,) in conn.execute("SELECT state FROM exams"):
            json.loads(state)
    except (UndecodableText, ValueError) as exc:
        raise DamagedDatabase(f"a damaged row: {exc}") from None


def free_name(path: Path, label: str) -> Path:
    """`NAME<label>-STAMP` beside `path` (with -1, -2 ... added while taken): a name nothing is written over."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}{label}-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}{label}-{stamp}-{n}")
        n += 1
    return target


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its WAL files) to `NAME.damaged-STAMP`; never overwrites anything."""
    target = free_name(path, ".damaged")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            os.replace(side, Path(str(target) + suffix))
    return target
