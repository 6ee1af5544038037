"""`das export`: write the chosen topics to an Anki package, an Anki text-import file or Moodle GIFT."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from das.content.library import Library
from das.interop.export import select

STDOUT = "-"


def write_export(fmt: str, library: Library, topics: list[str], path, flashcards: bool = True) -> dict:
    """Write the chosen topics' questions (and flashcards, except in GIFT) to `path` in `fmt` (anki,
    csv or gift). Returns what was written: {format, path, questions, flashcards[, decks]}; when `path`
    is "-" (csv and gift only) nothing is written and the text is returned under "text" for the
    caller to print. Raises UsageError for an unknown topic, an empty selection, "-" for an Anki
    package or a file that cannot be written."""
    from pathlib import Path

    from das.errors import UsageError

    if str(path) == STDOUT and fmt == "anki":
        raise UsageError("an Anki package is a binary file and cannot go to stdout ('-'): give a FILE.apkg")
    chosen = select(library, topics, flashcards and fmt != "gift")
    if not chosen.questions and not chosen.cards:
        raise UsageError("nothing to export: " + (f"no questions or flashcards in {', '.join(topics)}" if topics
                                                  else "the content has no questions or flashcards"))
    if str(path) == STDOUT:
        if fmt == "csv":
            from das.interop.csvfile import write_csv

            text, counts = write_csv(chosen)
        else:
            from das.interop.gift import write_gift

            text = write_gift(chosen.questions, _gift_title(topics))
            counts = {"questions": len(chosen.questions), "flashcards": 0}
        return {"format": fmt, "path": STDOUT, **counts, "text": text}
    given = Path(path)
    path = given.resolve() if given.is_symlink() else given  # a link: write its target, keep the link
    if path.is_dir():
        raise UsageError(f"{str(given)!r} is a folder; give a file name to export to")
    if path.exists() and not path.is_file():  # a device, FIFO or socket: never replaced by a file
        raise UsageError(f"{str(given)!r} is not a regular file (a device, FIFO or socket); give a file name "
                         "to export to")
    try:
        with _staged(path) as staged:
            if fmt == "anki":
                from das.interop.anki import write_apkg

                counts = write_apkg(chosen, staged)
            elif fmt == "csv":
                from das.interop.csvfile import write_csv

                text, counts = write_csv(chosen)
                staged.write_text(text, encoding="utf-8")
            else:
                from das.interop.gift import write_gift

                staged.write_text(write_gift(chosen.questions, _gift_title(topics)), encoding="utf-8")
                counts = {"questions": len(chosen.questions), "flashcards": 0}
    except OSError as exc:  # the file at `path` is as it was (_staged)
        from das.errors import write_error

        raise write_error(f"cannot write {str(path)!r}", exc) from None
    return {"format": fmt, "path": str(path), **counts}


@contextlib.contextmanager
def _staged(path: Path) -> Iterator[Path]:
    """A file name in a temporary folder beside `path`: what is written there replaces `path` in one
    rename when the block succeeds. On any failure (a full disk) `path` is as it was and nothing is left
    behind."""
    with tempfile.TemporaryDirectory(prefix=".das-export-", dir=path.parent) as work:
        staged = Path(work) / path.name
        yield staged
        os.replace(staged, path)


def _gift_title(topics: list[str]) -> str:
    return f"das questions: {', '.join(topics)}" if topics else "das questions"
