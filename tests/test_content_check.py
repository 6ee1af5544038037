"""`das content check`: the built-in content passes, and every kind of error is caught and located."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from conftest import invoke

URL = "https://docs.aws.amazon.com/firehose/latest/dev/what-is-this-service.html"


def test_builtin_content_passes():
    result = invoke("content", "check")
    assert result.code == 0, result.err
    assert "no problems" in result.out


def write(folder: Path, kind: str, name: str, text: str) -> Path:
    path = folder / kind / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


GOOD_NOTE = f"""\
id: my-topic
title: My topic
aliases: [mine]
summary: A user's own note.
exams: [dea-c01]
related: [firehose]
sections:
  - id: basics
    title: Basics
    facts:
      - text: Firehose delivers streaming data.
        source: {URL}
"""

GOOD_BANK = f"""\
topic: my-topic
questions:
  - id: my-topic-one
    type: single
    difficulty: easy
    das_domain: collection
    dea_domain: ingestion
    stem: A company needs delivery. Which service meets the requirement with the LEAST effort?
    options: {{a: Firehose, b: EC2, c: EMR, d: Glue}}
    answer: [a]
    explanations: {{a: right, b: wrong, c: wrong, d: wrong}}
    read_next: my-topic#basics
    source: {URL}
"""


def check(folder: Path):
    return invoke("content", "check", "--content-dir", str(folder))


def test_user_folder_is_merged_and_checked(tmp_path):
    write(tmp_path, "notes", "my-topic", GOOD_NOTE)
    write(tmp_path, "questions", "my-topic", GOOD_BANK)
    result = check(tmp_path)
    assert result.code == 0, result.err
    assert "2 folders" in result.out
    shown = invoke("--content-dir", str(tmp_path), "explain", "mine", "--no-pager")
    assert shown.code == 0 and "Firehose delivers streaming data." in shown.out


def test_user_folder_from_environment(tmp_path, monkeypatch):
    write(tmp_path, "notes", "my-topic", GOOD_NOTE)
    monkeypatch.setenv("DAS_CONTENT", str(tmp_path))
    assert "My topic" in invoke("explain", "my-topic", "--no-pager").out


def problem_lines(result):
    return [line for line in result.err.splitlines() if re.match(r".+\.yaml(:\d+)?: ", line)]


@pytest.mark.parametrize(
    "kind,name,text,line,fragment",
    [
        # a required field missing
        ("notes", "my-topic", GOOD_NOTE.replace("summary: A user's own note.\n", ""), 1, "summary: is required"),
        # wrong type
        ("notes", "my-topic", GOOD_NOTE.replace("exams: [dea-c01]", "exams: [dea-c02]"), 5, "exams[0]: must be one of"),
        # a fact without a source
        ("notes", "my-topic", GOOD_NOTE.replace(f"        source: {URL}\n", ""), 11, "facts[0].source: is required"),
        # a source that is not AWS documentation
        ("notes", "my-topic", GOOD_NOTE.replace(URL, "https://example.com/dump"), 12, "source: must be AWS documentation"),
        # related topic that does not resolve
        ("notes", "my-topic", GOOD_NOTE.replace("related: [firehose]", "related: [nope]"), 6, "related[0]: 'nope' is not a note id"),
        # duplicate id (a note id that the built-in content already has)
        ("notes", "firehose", GOOD_NOTE.replace("id: my-topic", "id: firehose").replace("[mine]", "[mine2]"), 1, "already exists"),
        # calculator rule reference
        ("notes", "my-topic", GOOD_NOTE.replace(f"        source: {URL}\n", f"        source: {URL}\n        rule: nope.rule\n"), 13, "not a calculator rule"),
        # unknown field (a typo)
        ("notes", "my-topic", GOOD_NOTE.replace("aliases:", "alias:"), 3, "alias: is not a known field"),
        # malformed YAML
        ("notes", "my-topic", GOOD_NOTE.replace("title: My topic", "title: [unclosed"), 3, "yaml"),
    ],
)
def test_note_errors_name_file_line_and_field(tmp_path, kind, name, text, line, fragment):
    path = write(tmp_path, kind, name, text)
    result = check(tmp_path)
    assert result.code == 2
    lines = problem_lines(result)
    assert any(l.startswith(f"{path}:{line}: ") and fragment in l for l in lines), result.err


@pytest.mark.parametrize(
    "text,line,fragment",
    [
        (GOOD_BANK.replace("read_next: my-topic#basics", "read_next: my-topic#nowhere"), 12, "has no section 'nowhere'"),
        (GOOD_BANK.replace("answer: [a]", "answer: [z]"), 10, "'z' is not one of the options"),
        (GOOD_BANK.replace("type: single", "type: multiple").replace("answer: [a]", "answer: [a, b]"), 8, "Select TWO"),
        (GOOD_BANK.replace("b: wrong, ", ""), 11, "one explanation per option"),
        (GOOD_BANK.replace("das_domain: collection", "das_domain: fun"), 6, "das_domain: must be one of"),
        (GOOD_BANK + GOOD_BANK.split("questions:\n")[1], 14, "duplicate question id"),
        (GOOD_BANK.replace("    stem:", '    dea_task: ["1.1", "1.2", "3.1"]\n    stem:'), 8, "one or 2 different task statements"),
        (GOOD_BANK.replace("    stem:", '    dea_task: ["1.1", "1.1"]\n    stem:'), 8, "one or 2 different task statements"),
        (GOOD_BANK.replace("    stem:", '    dea_task: ["3.1"]\n    stem:'), 8, "task statement of its dea_domain"),
    ],
)
def test_question_errors_name_file_line_and_field(tmp_path, text, line, fragment):
    write(tmp_path, "notes", "my-topic", GOOD_NOTE)
    path = write(tmp_path, "questions", "my-topic", text)
    result = check(tmp_path)
    assert result.code == 2
    assert any(l.startswith(f"{path}:{line}: ") and fragment in l for l in problem_lines(result)), result.err


def test_python_object_tags_are_refused_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    write(tmp_path, "notes", "my-topic",
          GOOD_NOTE.replace("title: My topic", f"title: !!python/object/apply:os.system ['touch {marker}']"))
    result = check(tmp_path)
    assert result.code == 2
    assert not marker.exists()
    assert "Traceback" not in result.err


def test_broken_user_content_stops_other_commands_with_one_line(tmp_path):
    write(tmp_path, "notes", "my-topic", "id: [")
    result = invoke("--content-dir", str(tmp_path), "explain", "firehose", "--no-pager")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "my-topic.yaml:" in result.err


def test_missing_content_folder_is_a_usage_error(tmp_path):
    result = check(tmp_path / "nope")
    assert result.code == 2 and "does not exist" in result.err


def test_edited_file_is_never_served_stale_from_the_cache(tmp_path):
    path = write(tmp_path, "notes", "my-topic", GOOD_NOTE)
    assert "Firehose delivers streaming data." in invoke("--content-dir", str(tmp_path), "explain", "mine", "--no-pager").out
    path.write_text(GOOD_NOTE.replace("Firehose delivers streaming data.", "Edited fact text, same length!!"))
    out = invoke("--content-dir", str(tmp_path), "explain", "mine", "--no-pager").out
    assert "Edited fact text" in out


CARD = "        card: {id: delivery, front: What delivers streaming data?, back: Firehose}\n"


@pytest.mark.parametrize(
    "card,line,fragment",
    [
        (CARD.replace("id: delivery, ", ""), 13, "card.id: is required"),
        (CARD.replace("id: delivery", "id: Delivery Card"), 13, "card.id: must be a lowercase kebab-case id"),
        (CARD + f"      - text: Another fact.\n        source: {URL}\n" + CARD.replace("What", "Which service"),
         16, "duplicate flashcard id 'delivery'"),
    ],
)
def test_flashcard_ids_are_required_and_unique_within_a_note(tmp_path, card, line, fragment):
    path = write(tmp_path, "notes", "my-topic", GOOD_NOTE + card)
    result = check(tmp_path)
    assert result.code == 2
    assert any(l.startswith(f"{path}:{line}: ") and fragment in l for l in problem_lines(result)), result.err


def test_a_flashcard_with_an_id_passes(tmp_path):
    write(tmp_path, "notes", "my-topic", GOOD_NOTE + CARD)
    assert check(tmp_path).code == 0


def test_an_imported_note_may_leave_out_exams_and_is_shown(tmp_path):
    """das import writes notes with `imported: true` and no exams (the bank's exam is unknown)."""
    note = GOOD_NOTE.replace("exams: [dea-c01]\n", "imported: true\n").replace(f"source: {URL}", "source: file:bank.md#L1")
    write(tmp_path, "notes", "my-topic", note)
    result = check(tmp_path)
    assert result.code == 0, result.err
    shown = invoke("explain", "my-topic", "--content-dir", str(tmp_path), "--no-pager")
    assert shown.code == 0 and "A user's own note." in shown.out
    write(tmp_path, "notes", "my-topic", note.replace("imported: true\n", ""))
    assert any("exams: is required" in line for line in problem_lines(check(tmp_path)))
