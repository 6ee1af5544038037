"""`das explain`: topics, sections, forgiving lookup, search, JSON and plain piped output."""

import json

import pytest

from conftest import invoke


def explain(*args):
    return invoke("explain", *args, "--no-pager")


def test_lists_topics_with_summaries():
    result = explain()
    assert result.code == 0
    for topic in ("firehose", "dynamodb", "kinesis-data-streams", "glue", "exam"):
        assert topic in result.out


@pytest.mark.parametrize("query", ["firehose", "FIREHOSE", "kdf", "kinesis firehose", "Kinesis Data Firehose", "Amazon Data Firehose"])
def test_forgiving_topic_lookup(query):
    result = invoke("explain", query, "--no-pager")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0].startswith("Amazon Data Firehose")


def test_unquoted_multiword_topic_with_section():
    result = invoke("explain", "kinesis", "firehose", "buffering", "--no-pager")
    assert result.code == 0, result.err
    assert "Buffering" in result.out


def test_typo_suggests_the_topic():
    result = explain("firehoes")
    assert result.code == 2
    assert "did you mean firehose" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_one_section_only():
    whole = explain("firehose").out
    part = explain("firehose", "buffering").out
    assert "Buffering" in part and len(part) < len(whole)


def test_unknown_section_lists_the_sections():
    result = explain("firehose", "nonsense-section")
    assert result.code == 2 and "buffering" in result.err


def test_note_shows_corrections_tables_diagrams_and_calculators():
    out = explain("firehose").out
    assert "Often stated:" in out and "Actually:" in out
    assert "try: das calc firehose" in out
    assert "Related:" in out
    assert "Diagram" in out


def test_search_finds_facts_across_notes_in_context():
    result = invoke("explain", "--search", "buffer interval", "--no-pager")
    assert result.code == 0
    assert "das explain firehose buffering" in result.out


def test_search_json():
    matches = json.loads(invoke("explain", "--search", "enhanced fan-out", "--json").out)
    assert matches and all("enhanced fan-out" in m["text"].lower() for m in matches)


def test_json_note():
    data = json.loads(invoke("explain", "dynamodb", "--json").out)
    assert data["id"] == "dynamodb" and data["sections"]
    assert all(f["source"].startswith("https://") for s in data["sections"] for f in s.get("facts", []))


def test_piped_output_has_no_colour_codes(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" not in explain("firehose").out


def test_exam_facts_are_content():
    out = explain("exam").out
    assert "DAS-C01" in out and "DEA-C01" in out and "April 8, 2024" in out


def test_the_exam_note_shows_the_dea_c01_guide_v1_1_task_statements_and_skills(cli):
    from das.content.library import load_library

    profile = next(p for p in load_library(questions=False).notes["exam"].profiles if p["id"] == "dea-c01")
    result = cli("explain", "exam", "dea-c01", "--no-pager")
    assert result.code == 0, result.err
    assert f"exam guide version {profile['guide_version']}" in result.out
    text = " ".join(result.out.split())
    for domain in profile["domains"]:
        for task in domain["tasks"]:
            assert f"Task statement {task['id']}: {task['name']}" in text
            for skill in task["skills"]:
                assert " ".join(skill.split()) in text
