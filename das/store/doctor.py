"""`das doctor`: a full check of the progress database on demand (opening it never scans it)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, Callable

from das.errors import StateError

COUNTED = ("sessions", "answers", "cards", "exams", "drills")


def diagnose(path: Path, deeper: Callable[[sqlite3.Connection], list[str]] | None = None) -> dict[str, Any]:
    """The database's path, size in bytes (with its WAL file), schema version, row counts (cards per
    kind), SQLite's full `PRAGMA integrity_check` and a read of every row ("ok", or the problems found:
    damaged pages, text that is not UTF-8, saved JSON that does not parse) and, under "wal", why its
    write-ahead log would lose committed answers (absent when it is sound), and under "wal_copy" where
    a copy of it (and its -shm) was kept before the check opened the database. With damage, "moved_on_open"
    says whether it is in what every command reads on opening (header, schema): the next das command
    then moves the database aside by itself. Opens the file read-only; a missing file is reported as
    such, not created.

    A file with no tables (0 bytes, or left by a first run that could not set it up) is reported with
    "uninitialised": True and integrity "ok": the next command sets it up.

    Only damage is the report (SQLITE_CORRUPT, SQLITE_NOTADB, a failed check, an undecodable row): any
    `deeper(conn)` adds problems only a higher layer can see (an exam state of the wrong shape). Any
    other failure (full disk, I/O error, permissions, a lock, not a file) raises StateError, one line, and
    nothing is touched.

    Under "access", every file SQLite needs that this user cannot use (the database, its -wal, -shm and
    -journal, their folder: das.store.faults.access_problems), each with what to do: every other command
    refuses such a database, so the report is not healthy. Then the check runs only where it can change
    nothing (no side files yet: the database is opened immutable); otherwise, or when SQLite cannot read the
    files, "not_checked" says why instead of raising."""
    from das.store.faults import (
        DamagedDatabase, UndecodableText, access_problems, drop_new_side_files, is_damage, read_every_row, short,
        side_files, state_error, strict_text,
    )
    from das.store.wal import keep_damaged_wal

    report: dict[str, Any] = {"path": str(path), "exists": False}
    try:
        report["exists"] = path.exists()
        access = access_problems(path)
        if access:
            report["access"] = access
        if not report["exists"] and path.is_symlink():
            raise StateError(f"cannot check the progress database {path}: it is a link to a file that does not "
                             "exist; nothing was changed")
        if not report["exists"]:
            return report
        if not path.is_file():
            raise StateError(f"the progress database {path} is not a file: move it away and try again")
        if not os.access(path, os.R_OK):
            raise StateError(f"cannot check the progress database {path}: the file cannot be read (permission "
                             "denied): check its permissions; nothing was changed")
        wal = Path(str(path) + "-wal")
        report["size_bytes"] = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        before = side_files(path)
        if report.get("access") and before:
            # even a read-only open rewrites the -shm index (and a damaged WAL would be copied): with a side
            # file it cannot use, doctor changes nothing and checks once the files are fixed
            report["not_checked"] = "it runs once the files above can be used"
            return report
        uri = f"{path.resolve().as_uri()}?mode=ro"
        if not before and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)):
            # no WAL to read and no right to create the side files for good: SQLite would create -wal and
            # -shm with the file's read-only mode, and every later write would fail on them
            uri += "&immutable=1"
        # keep a damaged WAL before SQLite opens the database: opening it (even read-only) discards the
        # frames after the damage and rebuilds the index, and the evidence is gone
        kept = keep_damaged_wal(path)
    except OSError as exc:
        if report.get("access") and report["exists"]:
            report["not_checked"] = f"SQLite cannot read the files: {exc.strerror or exc}"
            return report
        raise StateError(f"cannot check the progress database {path}: {exc.strerror or exc}; "
                         "nothing was changed") from None
    if kept is not None:
        report["wal"], report["wal_copy"] = kept[1], str(kept[0])
    conn = None
    # what every das command reads when it opens the database (its header and schema): damage there is met
    # on open, where the database is moved aside at once; damage elsewhere is met in a row, where the
    # command stops and the file stays as it is (das.store.progress.Progress._open_checked)
    report["moved_on_open"] = True
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=15)
        conn.text_factory = strict_text
        report["schema_version"] = conn.execute("PRAGMA user_version").fetchone()[0]
        from das.store.progress import MIGRATIONS

        if report["schema_version"] < 0:
            raise DamagedDatabase(f"an unknown schema version {report['schema_version']}")
        if report["schema_version"] > len(MIGRATIONS):
            _close(conn)
            raise StateError(f"the progress database {path} is from a newer das (schema "
                             f"{report['schema_version']}); upgrade das to check it")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        report["moved_on_open"] = False
        if not tables and report["schema_version"] == 0:  # 0 bytes, or a first run that could not set it up
            report["uninitialised"] = True
        report["counts"] = {name: conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]
                            for name in COUNTED if name in tables}
        if "cards" in tables:
            try:
                report["cards_by_kind"] = dict(conn.execute("SELECT kind, COUNT(*) FROM cards GROUP BY kind "
                                                            "ORDER BY kind"))
            except UndecodableText:  # a kind that is not UTF-8: the read of every row below names it
                pass
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        except DamagedDatabase:
            problems = ["the integrity check's own report is not text (damaged pages)"]
        if problems == ["ok"]:
            read_every_row(conn)
            problems = (deeper(conn) if deeper is not None and tables else []) or problems
        report["integrity"] = "ok" if problems == ["ok"] else problems
    except UnicodeDecodeError:  # a damaged page can make SQLite's own error text undecodable
        report["integrity"] = ["a damaged page (SQLite's report of it is not readable text)"]
    except sqlite3.Error as exc:
        if isinstance(exc, sqlite3.DatabaseError) and is_damage(exc):
            report["integrity"] = [short(exc, 200)]
        else:
            _close(conn)
            drop_new_side_files(path, before)
            if not report.get("access"):
                raise state_error(path, exc, "check") from None
            # the files it cannot use are the report; the check waits until they are fixed
            report["not_checked"] = f"SQLite cannot read the files: {short(exc, 200)}"
            report.pop("moved_on_open", None)
            return report
    _close(conn)
    _drop_created_side_files(path, before)
    if report.get("integrity") == "ok":
        del report["moved_on_open"]
    return report


def _drop_created_side_files(path: Path, before: set[str]) -> None:
    """Remove the -wal and -shm this check's read-only open created (none existed before it, so no other
    connection had the database open), when the WAL holds nothing: the files are left as they were."""
    from das.store.faults import side_files

    created = side_files(path) - before
    if before or not created:
        return
    wal = Path(str(path) + "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return
        for suffix in ("-shm", "-wal"):
            if suffix in created:
                Path(str(path) + suffix).unlink()
    except OSError:
        pass


def _close(conn: sqlite3.Connection | None) -> None:
    try:
        if conn is not None:
            conn.close()
    except sqlite3.Error:
        pass


def healthy(report: dict[str, Any]) -> bool:
    """Whether a diagnose() report is clean: every file SQLite needs can be used, and there is no database
    yet or every check says "ok"."""
    if report.get("access"):
        return False
    return not report["exists"] or (report.get("integrity") == "ok" and not report.get("wal"))
