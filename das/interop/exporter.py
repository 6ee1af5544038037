"""`das export`: write the chosen topics to an Anki package, an Anki text-import file or Moodle GIFT."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterator

from das.content.library import Library
from das.interop.export import select

STDOUT = "-"
# The names of standard output a user may give as FILE: written to stdout itself (a pipe, a terminal or a
# redirected file), never resolved to the /proc/PID/fd/pipe:[N] a pipe's link points at.
STDOUT_NAMES = (STDOUT, "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


def is_stdout(path) -> bool:
    """Whether the FILE a user gave means standard output ("-", /dev/stdout, /dev/fd/1, /proc/self/fd/1)."""
    return str(path) in STDOUT_NAMES


def write_export(fmt: str, library: Library, topics: list[str], path, flashcards: bool = True) -> dict:
    """Write the chosen topics' questions (and flashcards, except in GIFT) to `path` in `fmt` (anki,
    csv or gift). Returns what was written: {format, path, questions, flashcards[, decks]}, `path` as
    the user gave it; when `path` names stdout (is_stdout: "-", /dev/stdout; csv and gift only) nothing
    is written, the text is returned under "text" for the caller to print and `path` is "-". An existing file is
    replaced in one rename (a full disk leaves it as it was), keeping its permission bits and, where
    das may set them, its owner and group; other hard links to it keep the old content. Raises
    UsageError for an unknown topic, an empty selection, stdout for an Anki package or a file that
    cannot be written (StateError for a full disk or an I/O error)."""
    from pathlib import Path

    from das.errors import UsageError

    if is_stdout(path) and fmt == "anki":
        raise UsageError(f"an Anki package is a binary file and cannot go to stdout ({str(path)!r}): "
                         "give a FILE.apkg")
    chosen = select(library, topics, flashcards and fmt != "gift")
    if not chosen.questions and not chosen.cards:
        raise UsageError("nothing to export: " + (f"no questions or flashcards in {', '.join(topics)}" if topics
                                                  else "the content has no questions or flashcards"))
    if is_stdout(path):
        if fmt == "csv":
            from das.interop.csvfile import write_csv

            text, counts = write_csv(chosen)
        else:
            from das.interop.gift import write_gift

            text = write_gift(chosen.questions, _gift_title(topics))
            counts = {"questions": len(chosen.questions), "flashcards": 0}
        return {"format": fmt, "path": STDOUT, **counts, "text": text}
    given = Path(path)
    try:
        kind = os.stat(given).st_mode  # through links, as far as they lead
    except (FileNotFoundError, NotADirectoryError):
        kind = None  # a new file (or a dangling link: its target is created, as `>` does)
    except OSError as exc:
        from das.errors import write_error

        raise write_error(f"cannot write {str(given)!r}", exc) from None
    if kind is not None and stat.S_ISDIR(kind):
        raise UsageError(f"{str(given)!r} is a folder; give a file name to export to")
    if kind is not None and not stat.S_ISREG(kind):  # a device, FIFO, pipe or socket: never replaced by a file
        raise UsageError(f"{str(given)!r} is not a regular file (a device, FIFO, pipe or socket); give a file "
                         "name to export to" + ("" if fmt == "anki" else ", or - for stdout"))
    path = given.resolve() if given.is_symlink() else given  # a link: write its target, keep the link
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

        raise write_error(f"cannot write {str(given)!r}", exc) from None
    return {"format": fmt, "path": str(given), **counts}


@contextlib.contextmanager
def _staged(path: Path) -> Iterator[Path]:
    """A file name in a temporary folder beside `path`: what is written there replaces `path` in one
    rename when the block succeeds, with the permission bits (and owner and group, where das may set
    them) of the file it replaces; a new file has the umask's mode. On any failure (a full disk) `path`
    is as it was and nothing is left behind."""
    try:
        old = os.stat(path)
    except OSError:
        old = None
    with tempfile.TemporaryDirectory(prefix=".das-export-", dir=path.parent) as work:  # mode 0700 while written
        staged = Path(work) / path.name
        yield staged
        if old is not None:
            _keep_access(staged, old)
        os.replace(staged, path)


def _keep_access(staged: Path, old: os.stat_result) -> None:
    """Give `staged` the access of the file it replaces: its owner and group where das may set them, and its
    permission bits; when the group cannot be kept, the group bits are dropped, so the new file is never
    readable by more people than the old one was."""
    mode = stat.S_IMODE(old.st_mode)
    current = os.stat(staged)
    if (current.st_uid, current.st_gid) != (old.st_uid, old.st_gid):
        for uid, gid in ((old.st_uid, old.st_gid), (-1, old.st_gid)):
            try:
                os.chown(staged, uid, gid)
                break
            except OSError:  # not root, or not a member of that group
                continue
        if os.stat(staged).st_gid != old.st_gid:
            mode &= ~0o070
    os.chmod(staged, mode)


def _gift_title(topics: list[str]) -> str:
    return f"das questions: {', '.join(topics)}" if topics else "das questions"
