"""`das content ...`: tools for content authors."""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

app = typer.Typer(help="Check notes and question banks against the content schema.", no_args_is_help=True)


@app.command("check")
def check(
    content_dir: Optional[List[str]] = typer.Option(
        None, "--content-dir", help="Also check this folder (with notes/ and questions/), merged with the built-in content."
    ),
) -> None:
    """Validate every note, question bank and calculator rule; problems name file, line and field."""
    from das.commands.common import root_content_dirs
    from das.errors import ExitCode
    from das.content.library import content_dirs, load_library, locate
    from das.content.rules import check_rules_file

    dirs = root_content_dirs() + list(content_dir or [])
    library = load_library(tuple(dirs), strict=False)
    problems = [locate(p) for p in check_rules_file() + library.problems]
    folders = len(content_dirs(tuple(dirs)))
    summary = (
        f"checked {library.files} files in {folders} folder{'s' if folders != 1 else ''}: "
        f"{len(library.notes)} notes, {len(library.questions)} questions"
    )
    for warning in [locate(w) for w in library.warnings]:
        sys.stderr.write(f"warning: {warning}\n")
    if problems:
        for problem in problems:
            sys.stderr.write(f"{problem}\n")
        sys.stderr.write(f"{summary}: {len(problems)} problem{'s' if len(problems) != 1 else ''}\n")
        raise typer.Exit(int(ExitCode.USAGE))
    sys.stdout.write(f"{summary}: no problems\n")
