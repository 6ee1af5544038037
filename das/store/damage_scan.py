"""Finding damaged values in the progress database, each named by table.column and row id: what `das
doctor` reports (das.store.faults.read_every_row) and where a command's failure was (locate, on the error path only)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Generator

from das.errors import DamagedRecord

# Columns holding a time as UTC ISO 8601 text (or its first 16 characters, a minute).
_TIME_COLUMNS = {"started_at", "ended_at", "answered_at", "due", "submitted_at", "minute"}
_ALLOWED = {"INTEGER": ("integer",), "REAL": ("real", "integer"), "TEXT": ("text",)}


def _wrongly_typed(conn: sqlite3.Connection, table: str) -> list[tuple[str, int]]:
    """(column, row id) of the first value in each column of `table` of another type than das writes there
    (SQLite would store any): a number column holding text, a time column that is not a date and time."""
    found = []
    for column in conn.execute(f'PRAGMA table_info("{table}")').fetchall():
        name, declared, notnull = column[1], str(column[2]).upper(), column[3]
        allowed = _ALLOWED.get(declared)
        if allowed is None:
            continue
        kinds = "', '".join(allowed + (() if notnull else ("null",)))
        where = f"typeof(\"{name}\") NOT IN ('{kinds}')"
        if name in _TIME_COLUMNS:
            where += (f" OR (\"{name}\" IS NOT NULL AND \"{name}\" <> '' AND \"{name}\" NOT GLOB "
                      "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]*')")
        row = conn.execute(f'SELECT rowid FROM "{table}" WHERE {where} LIMIT 1').fetchone()
        if row:
            found.append((name, row[0]))
    return found


class _NotUtf8(bytes):
    """A TEXT value whose bytes are not UTF-8 (damaged_values reads on, to name every such value)."""


def _lenient_text(data: bytes) -> Any:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _NotUtf8(data)


def damaged_values(conn: sqlite3.Connection) -> Generator[tuple[str, str, str, str], None, None]:
    """Every damaged value in the database on `conn`, as (kind, table, column, message naming table.column
    and row id): "text" a text value that is not UTF-8; "value" a value das would refuse to read from that
    column (das.store.records.check_value: a wrong type, out of range, an empty value where das always
    saves one, records.needed_value: a submitted exam without its time or result) or one of another type
    than the column's declared one; "json" a JSON column das cannot read back (records.read: shape and
    types, not only syntax). The connection's text and row factories are restored afterwards."""
    from das.store import records

    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    text_factory, row_factory = conn.text_factory, conn.row_factory
    conn.text_factory, conn.row_factory = _lenient_text, None
    try:
        for table in tables:
            cursor = conn.execute(f'SELECT rowid, * FROM "{table}"')
            try:  # closed on the way out: an open statement would keep the database open after close()
                names = [column[0] for column in cursor.description][1:]
                for rowid, *values in cursor:
                    row = dict(zip(names, values))
                    for name, value in row.items():
                        if isinstance(value, _NotUtf8):
                            yield ("text", table, name, "a text value that is not UTF-8 in column "
                                                        f"{records.where(table, name, rowid)}")
                            continue
                        try:
                            records.check_value(name, value, table, rowid)
                            records.empty_in_table(table, name, value, rowid)
                            records.needed_value(name, value, row, table, rowid)
                            if value is not None and (table, name) in records.KINDS:
                                label = f"exam {rowid}" if table == "exams" else None
                                records.read(table, name, value, label, rowid)
                        except DamagedRecord as exc:
                            yield ("json" if "cannot be read" in str(exc) else "value", table, name, str(exc))
            finally:
                cursor.close()
        for table in tables:
            for name, rowid in _wrongly_typed(conn, table):
                yield ("value", table, name, "a value of the wrong type in column "
                                             f"{records.where(table, name, rowid)}")
    finally:
        conn.text_factory, conn.row_factory = text_factory, row_factory


def locate(path: Path, kind: str, column: str | None = None) -> str | None:
    """The first damaged value in the database at `path` of this kind ("text": not UTF-8, "value": a wrong
    type, range or NULL, "json": a saved JSON value das cannot read), in `column` when given, as a message
    naming table.column and row; None when none is found (or the file cannot be read now). Read-only."""
    conn = None
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        values = damaged_values(conn)
        try:
            for found_kind, _table, found_column, message in values:
                # SQL's json functions call text that is not UTF-8 malformed JSON too
                if (found_kind == kind or (kind, found_kind) == ("json", "text")) and \
                        (column is None or found_column == column):
                    return message
        finally:
            values.close()
    except (sqlite3.Error, OSError, ValueError, RecursionError):
        return None
    finally:
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass
    return None
