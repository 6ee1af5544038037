"""`das import FILE ... --into DIR`: other people's banks become a content folder das can practise."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer


def import_banks(
    files: List[str] = typer.Argument(..., metavar="FILE ...", help="Markdown, GIFT or das CSV files."),
    into: str = typer.Option(..., "--into", help="The content folder to write (notes/, questions/)."),
    fmt: str = typer.Option("auto", "--format", help="auto (from the file), markdown, gift or csv."),
    topic: Optional[str] = typer.Option(None, "--topic", help="Put every question in this topic instead of guessing one from the services each stem names."),
    force: bool = typer.Option(False, "--force", help="Replace what an earlier das import wrote in --into."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Import question banks (markdown layouts, GIFT, das CSV) into a content folder for --content-dir.

    Each question gets a stable id from its text, single or multiple response from its marked answers,
    a topic, and its file as source; what cannot be read is reported with its line and skipped. The
    folder passes 'das content check --content-dir DIR' and works at once with das quiz, review and exam.
    """
    from das.commands.common import library
    from das.interop.importer import import_files
    from das.ui.interop_view import import_lines
    from das.ui.lines import write_lines

    summary = import_files([Path(f) for f in files], Path(into), fmt, topic, force, library(questions=False))
    if as_json:
        sys.stdout.write(json.dumps(summary) + "\n")
        return
    write_lines(import_lines(summary), use_rich=False)
