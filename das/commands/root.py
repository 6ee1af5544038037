"""The root `das` command's own options (--version, --content-dir): imported with typer, only when typer runs."""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from das import __version__


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"das {__version__}\n")
        raise typer.Exit(0)


def root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
    content_dir: Optional[List[str]] = typer.Option(
        None, "--content-dir", help="An extra content folder (notes/, questions/) merged with the built-in one."
    ),
) -> None:
    """das: study notes, exam-style practice and capacity calculators for AWS data analytics exams."""
    ctx.obj = {"content_dirs": list(content_dir or [])}
