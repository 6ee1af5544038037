"""`das doctor`: check the progress database and say where it is and what it holds."""

from __future__ import annotations

import json
import sys

import typer


def doctor(
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Check the progress database: its path, size, schema version, row counts and a full SQLite
    integrity check and a read of every row (exit 1 when it finds damage, or cannot check)."""
    from das.errors import ExitCode
    from das.flows.exam_rows import exam_problems
    from das.store.doctor import diagnose, healthy
    from das.store.progress import database_path
    from das.ui.doctor_view import doctor_lines
    from das.ui.lines import write_lines

    report = diagnose(database_path(), deeper=exam_problems)
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        write_lines(doctor_lines(report), use_rich=False)
    if not healthy(report):
        raise typer.Exit(int(ExitCode.FAILURE))
