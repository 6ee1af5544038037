"""`das export anki|csv|gift FILE [TOPIC ...]`: questions and flashcards out to Anki and Moodle."""

from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer

app = typer.Typer(
    help="Export questions and note flashcards to Anki (.apkg or text import) or Moodle GIFT. Notes keep "
    "stable GUIDs from das's ids, so importing a new export into Anki updates the notes instead of duplicating them.",
    no_args_is_help=True,
)

_TOPICS = typer.Argument(None, metavar="[TOPIC ...]", help="Topics (names or aliases); everything when none is given.")
_JSON = typer.Option(False, "--json", help="Print what was written (format, path, counts) as JSON.")
_CONTENT_DIR = typer.Option(None, "--content-dir", help="An extra content folder (notes/, questions/) to export too.")


def _export(fmt: str, file: str, topics: list[str] | None, flashcards: bool, as_json: bool,
            content_dir: list[str] | None) -> None:
    from das.commands.common import library
    from das.interop.exporter import is_stdout, write_export
    from das.ui.interop_view import export_lines
    from das.ui.lines import write_lines

    from das.errors import UsageError

    if is_stdout(file) and as_json:
        raise UsageError(f"--json and {file!r} both want stdout: write the export to a FILE to get the JSON summary")
    result = write_export(fmt, library(content_dir), topics or [], file, flashcards)
    if "text" in result:  # FILE "-" or /dev/stdout: the export is stdout, the summary goes to stderr
        _to_stdout(result.pop("text"))  # a reader gone (`| head`) ends here, quietly with 0 (das.output)
        sys.stderr.write("".join(text + "\n" for text, _style in export_lines(result)))
        return
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
        return
    write_lines(export_lines(result), use_rich=False)


def _to_stdout(text: str, chunk: int = 2048) -> None:
    """Write `text` to stdout in pieces that fit Python's write buffer, then flush: one large write to a
    pipe whose reader has gone can report success after its first 64 KiB (Python keeps the partial count
    and drops the rest), and the summary would then claim the whole export. Raises BrokenPipeError (or
    the OSError of a full disk) instead."""
    for start in range(0, len(text), chunk):
        sys.stdout.write(text[start:start + chunk])
    sys.stdout.flush()


def _anki_format(fmt: str, metavar: str, file_help: str, doc: str):
    """The `das export anki` and `das export csv` commands: the same options, another format."""

    def command(
        file: str = typer.Argument(..., metavar=metavar, help=file_help),
        topics: Optional[List[str]] = _TOPICS,
        no_flashcards: bool = typer.Option(False, "--no-flashcards", help="Questions only, no note flashcards."),
        as_json: bool = _JSON,
        content_dir: Optional[List[str]] = _CONTENT_DIR,
    ) -> None:
        _export(fmt, file, topics, not no_flashcards, as_json, content_dir)

    command.__doc__ = doc
    command.__name__ = fmt
    return app.command(fmt)(command)


anki = _anki_format(
    "anki", "FILE.apkg", "The Anki package to write.",
    """An Anki package: a deck per topic (das::TOPIC), an exam-question note type (front: stem and
    lettered options; back: answer, every option's explanation, source, read next) and a flashcard
    note type; tags for topic, DEA-C01 domain and task statement, and DAS-C01 domain.""")
csv = _anki_format(
    "csv", "FILE", "The text file to write (tab-separated); - (or /dev/stdout) writes to stdout.",
    """Anki's text-import format: headers for separator, HTML, GUID, note type, deck and tags columns;
    Basic notes (Front, Back) with GUIDs of their own, so they never clash with an .apkg export's notes.
    das import reads it back.""")


@app.command("gift")
def gift(
    file: str = typer.Argument(..., metavar="FILE", help="The GIFT file to write; - (or /dev/stdout) writes to stdout."),
    topics: Optional[List[str]] = _TOPICS,
    as_json: bool = _JSON,
    content_dir: Optional[List[str]] = _CONTENT_DIR,
) -> None:
    """Moodle GIFT: a category per topic, a title per question, =/~ options, %weights for multiple
    response, per-option # feedback from the explanations. das import reads it back."""
    _export("gift", file, topics, False, as_json, content_dir)
