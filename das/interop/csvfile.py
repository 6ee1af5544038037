"""Anki's text-import format (a tab-separated file with `#` headers), written for Anki and read back
by `das import`.

The file headers tell Anki everything (https://docs.ankiweb.net/importing/text-files.html): the separator,
that fields hold HTML, and which columns hold the GUID, note type, deck and tags. Rows use Anki's
built-in "Basic" note type (Front, Back), so the file imports into any collection. Every field is
quoted: an unquoted field starting with `#` would read as a comment.

A note's GUID is tied to its note type in Anki, so the Basic notes here get GUIDs of their own, never
those of the .apkg's "das exam question" / "das flashcard" notes: both exports can go into one
collection (as two separate copies) without a clash, and each updates its own notes when imported again.
"""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

from das.interop.export import (
    Selection, card_back, card_fields, card_tags, deck_name, guid_for_card, guid_for_question, question_back,
    question_fields, question_front, question_tags,
)
from das.interop.model import Found, Skipped, checked_shape
from das.interop.text import clean_text

NOTETYPE = "Basic"
CSV_KIND = "basic"  # the GUID namespace of the Basic notes (see the module docstring)
COLUMNS = ["GUID", "Notetype", "Deck", "Front", "Back", "Tags"]
HEADERS = [
    "#separator:tab",
    "#html:true",
    "#guid column:1",
    "#notetype column:2",
    "#deck column:3",
    "#tags column:6",
    "#columns:" + "\t".join(COLUMNS),
]


def write_csv(selection: Selection) -> tuple[str, dict[str, int]]:
    """The text of an Anki text-import file and its counts {questions, flashcards}."""
    out = io.StringIO()
    out.write("\n".join(HEADERS) + "\n")
    writer = csv.writer(out, delimiter="\t", quoting=csv.QUOTE_ALL, lineterminator="\n")
    for q in selection.questions:
        fields = question_fields(q)
        writer.writerow([guid_for_question(q.id, CSV_KIND), NOTETYPE, deck_name(q.topic), question_front(fields),
                         question_back(fields), " ".join(question_tags(q))])
    for card in selection.cards:
        fields = card_fields(card)
        writer.writerow([guid_for_card(card.note_id, card.id, CSV_KIND), NOTETYPE, deck_name(card.note_id), fields["Front"],
                         card_back(fields), " ".join(card_tags(card))])
    return out.getvalue(), {"questions": len(selection.questions), "flashcards": len(selection.cards)}


class _Fields(HTMLParser):
    """The text of das's own elements (class das-*) and of the options' list items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, str] = {}
        self.items: list[str] = []  # option texts (li in das-options)
        self.pairs: list[list[str]] = []  # explanation dt/dd pairs
        self._stack: list[str] = []
        self._current: str | None = None

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "br":
            self._text("\n")
            return
        self._stack.append(classes)
        if tag == "li" and "das-options" in self._stack:
            self.items.append("")
            self._current = "li"
        elif tag == "dt" and "das-explanations" in self._stack:
            self.pairs.append(["", ""])
            self._current = "dt"
        elif tag == "dd" and "das-explanations" in self._stack:
            self._current = "dd"
        elif classes.startswith("das-"):
            self.parts.setdefault(classes, "")
            self._current = classes

    def handle_endtag(self, tag):
        if tag != "br" and self._stack:
            self._stack.pop()
        self._current = next((c for c in reversed(self._stack) if c.startswith("das-")), None)

    def handle_data(self, data):
        self._text(data)

    def _text(self, data: str) -> None:
        if self._current == "li" and self.items:
            self.items[-1] += data
        elif self._current == "dt" and self.pairs:
            self.pairs[-1][0] += data
        elif self._current == "dd" and self.pairs:
            self.pairs[-1][1] += data
        elif self._current:
            self.parts[self._current] = self.parts.get(self._current, "") + data


def _fields_of(*html_texts: str) -> _Fields:
    parser = _Fields()
    for text in html_texts:
        parser.feed(text)
    parser.close()
    return parser


def parse_csv(text: str, file: str) -> tuple[list[Found], list[Skipped]]:
    """The exam questions of a das CSV export (rows tagged das::question); flashcard rows and rows in
    another layout are reported and skipped."""
    from das.interop.model import LETTERS

    lines = text.replace("\r\n", "\n").split("\n")
    headers: dict[str, str] = {}
    body_start = 0
    for index, line in enumerate(lines):
        if line.startswith("#") and ":" in line:
            key, _, value = line[1:].partition(":")
            headers[key.strip().lower()] = value
            body_start = index + 1
        else:
            break
    separator = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " "}.get(
        headers.get("separator", "tab").strip().lower(), headers.get("separator", "\t"))
    found: list[Found] = []
    skipped: list[Skipped] = []
    if "columns" not in headers:
        return [], [Skipped(file, 1, "not a das CSV export: no '#columns:' header (das reads back the files "
                                     "'das export csv' writes; other CSV files are not question banks it can read)")]
    columns = [c.strip() for c in headers["columns"].split(separator)]
    if "Front" not in columns or "Back" not in columns:
        return [], [Skipped(file, 1, "not a das CSV export: no Front and Back columns")]
    reader = csv.reader(io.StringIO("\n".join(lines[body_start:])), delimiter=separator)
    for row in reader:
        line = body_start + reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            skipped.append(Skipped(file, line, f"has {len(row)} columns, the header names {len(columns)}"))
            continue
        cells = {name: clean_text(cell) for name, cell in zip(columns, row)}
        tags = cells.get("Tags", "").split()
        if "das::flashcard" in tags:
            skipped.append(Skipped(file, line, "a flashcard, not an exam question"))
            continue
        parsed = _fields_of(cells["Front"], cells["Back"])
        stem = parsed.parts.get("das-stem", "").strip()
        options = [" ".join(item.split()) for item in parsed.items]
        answer_text = parsed.parts.get("das-answer", "")
        if not stem or not options or "Answer:" not in answer_text:
            skipped.append(Skipped(file, line, "not a das question row (no das-stem, das-options and das-answer)"))
            continue
        letters = [p.strip() for p in answer_text.split("Answer:", 1)[1].split(",") if p.strip()]
        bad = [letter for letter in letters if letter not in LETTERS[: len(options)]]
        if bad:
            skipped.append(Skipped(file, line, f"answer letter {bad[0]} is not one of the {len(options)} options"))
            continue
        explanations = {}
        for letter, explanation in parsed.pairs:
            letter = letter.strip()
            explanation = " ".join(explanation.split())
            if letter in LETTERS[: len(options)] and explanation and explanation != "the source gives no explanation":
                explanations[LETTERS.index(letter)] = explanation
        topic = next((t.split("::", 2)[2] for t in tags if t.startswith("das::topic::")), None)
        result = checked_shape(file, line, stem, options,
                               [LETTERS.index(letter) for letter in letters], explanations, topic)
        (found if isinstance(result, Found) else skipped).append(result)
    return found, skipped
