"""`das doctor`: a full check of the progress database on demand (opening it never scans it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

COUNTED = ("sessions", "answers", "cards", "exams", "drills")


def diagnose(path: Path) -> dict[str, Any]:
    """The database's path, size in bytes (with its WAL file), schema version, row counts (cards per
    kind) and SQLite's full `PRAGMA integrity_check` ("ok", or its problems). Opens the file read-only;
    a missing file is reported as such, not created. Raises nothing for a damaged file: the damage is
    the report."""
    report: dict[str, Any] = {"path": str(path), "exists": path.exists()}
    if not path.exists():
        return report
    wal = Path(str(path) + "-wal")
    report["size_bytes"] = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=15)
    except sqlite3.Error as exc:
        report["integrity"] = [f"cannot open: {exc}"]
        return report
    try:
        report["schema_version"] = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        report["counts"] = {name: conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]
                            for name in COUNTED if name in tables}
        if "cards" in tables:
            report["cards_by_kind"] = dict(conn.execute("SELECT kind, COUNT(*) FROM cards GROUP BY kind ORDER BY kind"))
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        report["integrity"] = "ok" if problems == ["ok"] else problems
    except sqlite3.DatabaseError as exc:
        report["integrity"] = [str(exc)]
    finally:
        conn.close()
    return report


def healthy(report: dict[str, Any]) -> bool:
    """Whether a diagnose() report is clean: no database yet, or SQLite's integrity check says "ok"."""
    return not report["exists"] or report.get("integrity") == "ok"


