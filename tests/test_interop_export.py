"""`das export anki|csv|gift`: packages and files that the real Anki imports, with stable GUIDs, and GIFT
as Moodle reads it."""

from __future__ import annotations

import json
import re
import textwrap
import time
from pathlib import Path

import pytest

from conftest import invoke, user_note

anki_collection = pytest.importorskip("anki.collection", reason="the anki package (test extra) is needed")

URL = "https://docs.aws.amazon.com/firehose/latest/dev/what-is-this-service.html"


def user_content(folder: Path, stem: str = "Which service delivers streaming data to S3 with no code?",
                 back: str = "Amazon Data Firehose") -> Path:
    """A small content folder: one note with a flashcard, one single and one multiple question."""
    (folder / "notes").mkdir(parents=True, exist_ok=True)
    (folder / "questions").mkdir(parents=True, exist_ok=True)
    (folder / "notes" / "my-topic.yaml").write_text(
        user_note(f'{{id: my-card, front: "Delivers streams to S3?", back: "{back}"}}'), encoding="utf-8")
    (folder / "questions" / "my-topic.yaml").write_text(textwrap.dedent(f"""\
        topic: my-topic
        questions:
          - id: my-topic-one
            type: single
            difficulty: easy
            das_domain: collection
            dea_domain: ingestion
            dea_task: ["1.1"]
            stem: "{stem}"
            options: {{a: Firehose, b: "EC2 {{with}} #cron", c: EMR, d: Glue}}
            answer: [a]
            explanations: {{a: "Right: no code.", b: needs code, c: a cluster, d: batch ETL}}
            read_next: my-topic#basics
            source: {URL}
          - id: my-topic-two
            type: multiple
            difficulty: medium
            das_domain: storage
            dea_domain: store
            stem: Which TWO formats are columnar? (Select TWO.)
            options: {{a: Parquet, b: CSV, c: ORC, d: JSON, e: XML}}
            answer: [a, c]
            explanations: {{a: columnar, b: rows, c: columnar, d: rows, e: rows}}
            read_next: my-topic#basics
            source: {URL}
        """), encoding="utf-8")
    return folder


def fresh_collection(tmp_path: Path, name: str = "collection"):
    folder = tmp_path / name
    folder.mkdir()
    return anki_collection.Collection(str(folder / "collection.anki2"))


def import_apkg(col, path: Path):
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    return col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=False)))


def notes_by_guid(col) -> dict:
    return {note.guid: note for note in (col.get_note(nid) for nid in col.find_notes(""))}


def test_apkg_has_one_note_per_question_and_flashcard_with_fields_tags_and_decks(tmp_path):
    package = tmp_path / "das.apkg"
    result = invoke("export", "anki", str(package), "firehose", "--json")
    assert result.code == 0, result.err
    written = json.loads(result.out)
    from das.content.library import load_library
    from das.interop.export import guid_for_question, select

    lib = load_library()
    chosen = select(lib, ["firehose"])
    assert written == {"format": "anki", "path": str(package), "questions": len(chosen.questions),
                       "flashcards": len(chosen.cards), "decks": 1}
    col = fresh_collection(tmp_path)
    import_apkg(col, package)
    notes = notes_by_guid(col)
    assert len(notes) == len(chosen.questions) + len(chosen.cards) == col.card_count()
    q = lib.questions["kdf-buffer-size-wins-high-throughput"]
    note = notes[guid_for_question(q.id)]
    assert note.note_type()["name"] == "das exam question"
    assert set(note.tags) == {"das::question", "das::topic::firehose", f"DAS-C01::{q.das_domain}",
                              f"DEA-C01::{q.dea_domain}", *(f"DEA-C01::task::{t}" for t in q.dea_task)}
    assert "Firehose" in note["Stem"] and note["Options"].count("<li>") == len(q.options)
    assert note["Answer"] == '<div class="das-answer">Answer: B</div>'
    assert note["Explanations"].count("<dd>") == len(q.options)
    assert q.source in note["Source"] and note["ReadNext"] == q.read_next_command
    assert col.decks.name(col.get_card(note.card_ids()[0]).did) == "das::firehose"
    cards = [n for n in notes.values() if n.note_type()["name"] == "das flashcard"]
    assert len(cards) == len(chosen.cards) and all("das::flashcard" in n.tags for n in cards)
    col.close()


def test_second_export_after_an_edit_updates_the_same_notes(tmp_path):
    folder = user_content(tmp_path / "mine")
    package = tmp_path / "mine.apkg"
    assert invoke("export", "anki", str(package), "my-topic", "--content-dir", str(folder)).code == 0
    col = fresh_collection(tmp_path)
    import_apkg(col, package)
    first = notes_by_guid(col)
    assert len(first) == 3
    time.sleep(1.1)  # Anki updates a note when the package's copy is newer (note times are in seconds)
    user_content(folder, stem="Which service delivers streaming data to Amazon S3 without code?", back="Data Firehose")
    again = invoke("export", "anki", str(package), "my-topic", "--content-dir", str(folder))
    assert again.code == 0, again.err
    import_apkg(col, package)
    second = notes_by_guid(col)
    assert set(second) == set(first) and col.note_count() == 3
    from das.interop.export import guid_for_card, guid_for_question

    assert "without code" in second[guid_for_question("my-topic-one")]["Stem"]
    assert second[guid_for_card("my-topic", "my-card")]["Back"] == "Data Firehose"
    col.close()


def test_no_flashcards_and_topic_errors(tmp_path):
    folder = user_content(tmp_path / "mine")
    result = invoke("export", "anki", str(tmp_path / "q.apkg"), "mine", "--no-flashcards", "--json",
                    "--content-dir", str(folder))
    assert json.loads(result.out)["flashcards"] == 0 and json.loads(result.out)["questions"] == 2
    bad = invoke("export", "anki", str(tmp_path / "x.apkg"), "no-such-topic")
    assert bad.code == 2 and bad.err.startswith("das: error: no topic 'no-such-topic'") and bad.out == ""
    unwritable = invoke("export", "gift", str(tmp_path / "missing" / "x.gift"), "firehose")
    assert unwritable.code == 2 and "cannot write" in unwritable.err and "Traceback" not in unwritable.err
    folder_target = invoke("export", "csv", str(tmp_path), "firehose")
    assert folder_target.code == 2 and "is a folder" in folder_target.err


def test_csv_has_anki_headers_imports_into_a_fresh_collection_and_mixes_with_the_apkg(tmp_path):
    folder = user_content(tmp_path / "mine")
    path = tmp_path / "mine.txt"
    result = invoke("export", "csv", str(path), "my-topic", "--content-dir", str(folder))
    assert result.code == 0, result.err
    assert result.out == f"wrote 2 questions and 1 flashcard to {path} (Anki text-import file)\n"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[:7] == ["#separator:tab", "#html:true", "#guid column:1", "#notetype column:2",
                                     "#deck column:3", "#tags column:6", "#columns:GUID\tNotetype\tDeck\tFront\tBack\tTags"]
    from anki.import_export_pb2 import ImportCsvRequest
    from das.interop.export import guid_for_card, guid_for_question

    col = fresh_collection(tmp_path)
    metadata = col.get_csv_metadata(str(path), None)
    col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))
    notes = notes_by_guid(col)
    csv_guids = {guid_for_question("my-topic-one", "basic"), guid_for_question("my-topic-two", "basic"),
                 guid_for_card("my-topic", "my-card", "basic")}
    assert set(notes) == csv_guids
    two = notes[guid_for_question("my-topic-two", "basic")]
    assert two.note_type()["name"] == "Basic"
    assert "Answer: A, C" in two["Back"] and "Parquet" in two["Front"]
    assert set(two.tags) == {"das::question", "das::topic::my-topic", "DAS-C01::storage", "DEA-C01::store"}
    assert col.decks.name(col.get_card(two.card_ids()[0]).did) == "das::my-topic"
    # the .apkg's notes (other note types) go into the same collection beside them, no GUID clash
    package = tmp_path / "mine.apkg"
    assert invoke("export", "anki", str(package), "my-topic", "--content-dir", str(folder)).code == 0
    import_apkg(col, package)
    notes = notes_by_guid(col)
    assert col.note_count() == 6 and csv_guids < set(notes)
    assert notes[guid_for_question("my-topic-two")].note_type()["name"] == "das exam question"
    assert notes[guid_for_card("my-topic", "my-card")].note_type()["name"] == "das flashcard"
    assert notes[guid_for_question("my-topic-two", "basic")].note_type()["name"] == "Basic"
    col.close()


def test_csv_guids_never_start_a_line_with_a_comment_mark(tmp_path):
    """Anki skips lines starting with #: every field is quoted, so a GUID like '#abc' survives."""
    path = tmp_path / "all.txt"
    assert invoke("export", "csv", str(path)).code == 0
    rows = path.read_text(encoding="utf-8").splitlines()[7:]
    assert rows and all(row.startswith('"') for row in rows)


def test_gift_titles_weights_feedback_and_escapes(tmp_path):
    folder = user_content(tmp_path / "mine")
    path = tmp_path / "mine.gift"
    result = invoke("export", "gift", str(path), "my-topic", "--content-dir", str(folder), "--json")
    assert json.loads(result.out) == {"format": "gift", "path": str(path), "questions": 2, "flashcards": 0}
    text = path.read_text(encoding="utf-8")
    assert "$CATEGORY: das/my-topic" in text
    assert re.search(r"(?m)^::my-topic-[0-9a-f]{8}::\[html\]Which service delivers streaming data to S3 with no code\? \{$", text)
    assert "my-topic-one" not in text  # the id names the scenario: it must not show beside the question
    assert "\t=Firehose#Right\\: no code." in text
    assert "\t~EC2 \\{with\\} \\#cron#needs code" in text
    assert "\t~%50%Parquet#columnar" in text and "\t~%50%ORC#columnar" in text
    assert "\t~%-100%CSV#rows" in text


def test_export_never_replaces_a_device_or_fifo_and_writes_through_a_link(tmp_path):
    """A target that is not a regular file (a FIFO here; /dev/full alike) is refused and left as it was; a
    symlink keeps pointing at its target, which receives the export."""
    import os
    import stat

    fifo = tmp_path / "pipe.gift"
    os.mkfifo(fifo)
    result = invoke("export", "gift", str(fifo))
    assert result.code == 2 and "not a regular file" in result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    target = tmp_path / "real.gift"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.gift"
    link.symlink_to(target)
    assert invoke("export", "gift", str(link)).code == 0
    assert link.is_symlink() and "$CATEGORY: das/" in target.read_text(encoding="utf-8")
