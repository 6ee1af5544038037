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

from das.errors import DamagedRecord, StateError

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

# What the running command has committed so far, so that a failure says truthfully what was kept.
saved = {"changes": 0, "answers": 0}


def note_saved(answers: int = 0) -> None:
    """Count one committed write transaction (holding `answers` answers) of the running command."""
    saved["changes"] += 1
    saved["answers"] += answers


def forget_saved() -> None:
    """A new command (a new store connection) has committed nothing yet."""
    saved["changes"] = saved["answers"] = 0


def what_was_kept() -> str:
    """The true end of a failure message: nothing changed, or what this command had already saved."""
    answers, changes = saved["answers"], saved["changes"]
    if answers:
        given = "the answer given before this is saved" if answers == 1 else \
            f"the {answers} answers given before this are saved"
        return f"{given}, only this last change was not"
    if changes:
        return "what das saved before this is kept, only this last change was not"
    return "nothing was changed"


def failure(exc: BaseException, path: Path | None = None) -> StateError:
    """The one-line error for a SQLite failure that escaped a store method (a damaged page or row, ...), or
    for a DamagedRecord (a saved value that does not parse). Damage in a value names its table.column and
    row: when the failure itself cannot tell (a text that is not UTF-8, SQL's json functions or SUM meeting
    a damaged value, a value read by column name alone), the database is read again to find it (locate)."""
    path = path or current_path or Path("progress.sqlite3")
    text = str(exc).lower()
    if isinstance(exc, DamagedRecord):
        if getattr(exc, "table", None) and getattr(exc, "row", None) is not None:
            return DamagedStore(path, short(exc, 300))
        kind, problem = ("json" if "cannot be read" in text else "value"), short(exc, 300)
    elif isinstance(exc, UndecodableText):
        kind, problem = "text", "a text value that is not UTF-8"
    elif text.startswith("malformed json"):  # SQL's json functions met a saved value that does not parse
        kind, problem = "json", "a saved card or record that is not valid JSON"
    elif text.startswith("integer overflow"):  # SQL's SUM over a count das never writes so large
        kind, problem = "value", "a saved count too large to add up"
    else:
        return state_error(path, exc)
    from das.store.damage_scan import locate

    found = locate(path, kind, getattr(exc, "column", None))
    return DamagedStore(path, short(found, 300) if found else problem)


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
    if isinstance(exc, UndecodableText):  # a damaged value, met inside a write: named like any other
        return failure(exc, path)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DamagedStore(path, short(exc))
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN, None) and disk_is_full(path):
        code = SQLITE_FULL  # SQLite reports a full disk met while growing -shm or -wal as an I/O error
    what = _WHAT.get(code) if code is not None else None
    if code in (SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN):
        what = _unusable(path) or what
    return StateError(f"cannot {doing} the progress database {path}: {what or short(exc)}; {what_was_kept()}")


def _unusable(path: Path) -> str | None:
    """The first of the database's files (and its folder) das cannot use, in words with what to do, or None."""
    problems = access_problems(path)
    return problems[0] if problems else None


SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's companion files: write-ahead log, its index, rollback journal


def _owner(file: Path, info: os.stat_result) -> str:
    """ ", owned by USER" when another user owns `file`, else "". """
    if not hasattr(os, "geteuid") or info.st_uid == os.geteuid():
        return ""
    try:
        import pwd

        name = pwd.getpwuid(info.st_uid).pw_name
    except (ImportError, KeyError):
        name = f"user id {info.st_uid}"
    return f", owned by {name}"


def access_problems(path: Path) -> list[str]:
    """Every file SQLite needs for the database at `path` that this user cannot use, each in words with what
    to do: the database and its -wal, -shm and -journal (each must be a regular file das may read and write
    when it exists: SQLite writes all of them) and their folder (SQLite creates and removes the side files
    there). An empty list when all can be used. Never raises, never touches a file."""
    path = Path(path)
    folder = path.parent
    problems: list[str] = []
    try:
        for file in (path, *(Path(str(path) + suffix) for suffix in SIDE_FILES)):
            if not os.path.lexists(file):
                continue
            try:
                info = file.stat() if file.exists() else None
            except FileNotFoundError:  # another das closed the database and SQLite removed the side file
                continue
            if info is None or not file.is_file():
                what = "a link to nothing" if info is None else "not a file"
                problems.append(f"{file} is {what}: move it away (das keeps no answers in it)" if file != path
                                else f"{file} is {what}: move it away and try again")
                continue
            readable, writable = os.access(file, os.R_OK), os.access(file, os.W_OK)
            if not (readable and writable) and not os.path.lexists(file):
                continue  # removed meanwhile by another das closing the database: nothing to use, nothing wrong
            if not readable:
                problems.append(f"{file} cannot be read{_owner(file, info)}: give your user read and write "
                                f"access to it (chmod u+rw, or chown it to you)")
            elif not writable:
                problems.append(f"{file} is read-only{_owner(file, info)}: give your user write access to it "
                                f"(chmod u+w, or chown it to you)")
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            problems.append(f"its folder {folder} is read-only{_owner(folder, folder.stat())}: SQLite creates its "
                            f"-wal and -shm files there; give your user write access to it (chmod u+rwx)")
    except OSError as exc:
        problems.append(f"{folder} cannot be examined ({exc.strerror or exc}): check its permissions")
    return problems


def disk_is_full(path: Path) -> bool:
    """Whether the file system holding `path` is a real, writable one with no block (or inode) left for an
    unprivileged writer. A pseudo file system (/proc reports no blocks at all), a read-only mount or a
    folder das may not write to is never called full: its failure has another cause."""
    folder = Path(path).parent
    try:
        stats = os.statvfs(folder)
        if stats.f_blocks == 0 or stats.f_flag & getattr(os, "ST_RDONLY", 1):
            return False
        if not os.access(folder, os.W_OK | os.X_OK):
            return False
    except (OSError, AttributeError, ValueError):  # no statvfs on Windows; a folder that is gone
        return False
    return stats.f_bavail == 0 or (stats.f_files > 0 and stats.f_favail == 0)


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
    """Decode every value of every row of every table (text must be UTF-8), check it the way every command
    does (das.store.records.CheckedRow) and read every JSON column with the reader the commands use:
    DamagedDatabase ("a damaged row in TABLE: <problem naming table.column and row>") on the first that
    fails (damaged_values)."""
    from das.store.damage_scan import damaged_values

    values = damaged_values(conn)
    try:
        for _kind, table, _column, message in values:
            raise DamagedDatabase(f"a damaged row in {table}: {message}")
    finally:
        values.close()  # its statement and the connection's factories, at once



def check_usable(path: Path) -> None:
    """StateError (nothing touched) naming every file SQLite needs that das cannot use (access_problems): the
    database, its -wal, -shm and -journal, their folder. A read-only side file fails every write."""
    if path.is_dir() or (path.exists() and not path.is_file()):
        raise StateError(f"the progress database {path} is not a file: move it away and try again")
    problems = access_problems(path)
    if problems:
        raise StateError(f"cannot use the progress database {path}: {'; '.join(problems)}; nothing was changed")


def side_files(path: Path) -> set[str]:
    """Which of SQLite's companion files (-wal, -shm, -journal) exist beside the database now."""
    return {suffix for suffix in SIDE_FILES if os.path.lexists(str(path) + suffix)}


def drop_new_side_files(path: Path, before: set[str]) -> None:
    """After a failed open (full disk, I/O error): remove the -wal and -shm SQLite created for it when they
    hold nothing (an empty WAL; an index shorter than its first 32 KiB block, written only partly), so a
    failure leaves the files as they were. Companion files that existed before are never touched."""
    if before:
        return
    wal, shm = Path(str(path) + "-wal"), Path(str(path) + "-shm")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return
        if shm.exists() and shm.stat().st_size >= 32768:
            return
        for side in (shm, wal):
            if side.exists():
                side.unlink()
    except OSError:
        pass


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
