"""`das doctor`: check the progress database and say where it is and what it holds; with --forget-missing,
retire the review cards whose content is gone."""

from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer


def doctor(
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    forget_missing: bool = typer.Option(
        False, "--forget-missing", help="Instead of the check: delete the review cards whose question, flashcard or "
        "drill is not in the content loaded now (built-in, DAS_CONTENT and every --content-dir given), after a "
        "listing and a y/N question; answers stay in your history and stats."),
    yes: bool = typer.Option(False, "--yes", "-y", help="With --forget-missing: forget without asking (needed "
                             "with --plain or without a terminal)."),
    plain: bool = typer.Option(False, "--plain", help="With --forget-missing: never ask; forget only with --yes."),
    content_dir: Optional[List[str]] = typer.Option(
        None, "--content-dir", help="With --forget-missing: an extra content folder whose cards are kept (as in das "
        "review)."),
) -> None:
    """Check the progress database: its path, size, schema version, row counts and a full SQLite
    integrity check and a read of every row (exit 1 when it finds damage, or cannot check).

    --forget-missing retires the cards das review reports as "not in the content loaded now" (from a
    --content-dir folder no longer given, or content since removed): give every folder you still use."""
    from das.errors import ExitCode, UsageError

    if not forget_missing:
        for flag, given in (("--yes", yes), ("--plain", plain), ("--content-dir", bool(content_dir))):
            if given:
                raise UsageError(f"{flag} goes with --forget-missing")
    elif as_json:
        raise UsageError("give --json or --forget-missing, not both")
    if forget_missing:
        _forget_missing(content_dir, yes, plain)
        return
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


def _forget_missing(content_dir: list[str] | None, yes: bool, plain: bool) -> None:
    """List the cards whose content is not loaded now, ask y/N on a terminal (or take --yes), and delete
    them in one write transaction."""
    from das.commands.common import given_content_dirs, library
    from das.commands.quiz import use_plain
    from das.errors import UsageError
    from das.practice.review_queue import loaded_keys
    from das.store.missing import forget_missing, missing_cards
    from das.store.progress import Progress, database_path
    from das.store.study import adopt_flashcards
    from das.ui.doctor_view import missing_lines
    from das.ui.lines import write_lines

    lib = library(content_dir)  # exactly as review loads it: a content problem is exit 2, nothing changed
    if not database_path().exists():
        write_lines([("Nothing to forget: there is no progress database yet.", "")], use_rich=False)
        return
    store = Progress()
    try:
        adopt_flashcards(store, lib)  # history under schema-2 keys of loaded flashcards is kept, not forgotten
        keys = loaded_keys(lib)
        cards = missing_cards(store, keys)
        if not cards:
            write_lines([("Nothing to forget: every review card's content is loaded.", "")], use_rich=False)
            return
        write_lines(missing_lines(cards, _content_words(given_content_dirs(content_dir))), use_rich=False, wrap=True)
        if not yes:
            if use_plain(plain):
                raise UsageError(f"--forget-missing would delete {len(cards):,} review "
                                 f"card{'' if len(cards) == 1 else 's'}: add --yes to confirm (--plain or no "
                                 "terminal to ask on)")
            sys.stdout.write(f"Forget {'this card' if len(cards) == 1 else f'these {len(cards):,} cards'}? [y/N] ")
            sys.stdout.flush()
            from das.ui.prompts import read_stdin_line

            if read_stdin_line().strip().lower() not in {"y", "yes"}:
                write_lines([("Nothing forgotten.", "")], use_rich=False)
                return
        done = forget_missing(store, keys)
        write_lines([(f"Forgot {done:,} review card{'' if done == 1 else 's'}; answers kept.", "")],
                    use_rich=False)
    finally:
        store.close()


def _content_words(dirs: list[str]) -> str:
    """What was loaded, in words: 'the built-in content, DAS_CONTENT and --content-dir mine'."""
    import os

    parts = ["the built-in content"]
    if os.environ.get("DAS_CONTENT"):
        parts.append("DAS_CONTENT")
    parts += [f"--content-dir {d}" for d in dirs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
