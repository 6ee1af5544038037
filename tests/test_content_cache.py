"""The content cache: never stale, and the same results with or without it.

How fast a large bank loads is a benchmark, not a test: `scripts/bench.py` times the 10,000-question bank
cold and warm against its budgets. What stays here does not depend on the machine's load.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import yaml

from conftest import invoke
from helpers import generate_bank
from das.content.library import load_library

def snapshot(folder: Path) -> dict:
    library = load_library((str(folder),))
    return {qid: (q.stem, q.options, q.answer) for qid, q in library.questions.items()}


def test_cached_and_uncached_loads_give_the_same_library(tmp_path, monkeypatch):
    generate_bank(tmp_path / "bank", 300)
    cold = snapshot(tmp_path / "bank")
    warm = snapshot(tmp_path / "bank")
    monkeypatch.setenv("DAS_NO_CACHE", "1")
    uncached = snapshot(tmp_path / "bank")
    assert cold == warm == uncached
    assert "gen-299" in cold


def test_an_edited_file_is_read_again_even_with_the_same_size_and_time(tmp_path):
    bank = generate_bank(tmp_path / "bank", 50)
    assert snapshot(tmp_path / "bank")["gen-7"][0].startswith("Scenario 7:")
    stat = bank.stat()
    text = bank.read_text()
    edited = text.replace("Scenario 7:", "Scenariq 7:")  # same length
    assert len(edited) == len(text)
    bank.write_text(edited)
    os.utime(bank, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert snapshot(tmp_path / "bank")["gen-7"][0].startswith("Scenariq 7:")


def test_a_new_file_and_a_removed_file_are_noticed(tmp_path):
    bank = generate_bank(tmp_path / "bank", 20)
    assert "gen-3" in snapshot(tmp_path / "bank")
    data = yaml.safe_load(bank.read_text())
    data["questions"] = data["questions"][:2]
    time.sleep(0.01)
    bank.write_text(yaml.safe_dump(data, width=200))
    after = snapshot(tmp_path / "bank")
    assert "gen-3" not in after and "gen-1" in after


def _caches(home: Path) -> list[Path]:
    return sorted((home / "cache").glob("*.json"))


@pytest.mark.parametrize("damage", ["drop-a-key", "truncate", "not-json", "other-values"])
def test_a_damaged_cache_is_rebuilt_never_served(das_home, damage):
    from das.content.rules import all_rules

    all_rules.cache_clear()  # the rules are also kept in memory per process: start from the disk cache
    first = invoke("calc", "wcu", "--items", "6", "--size", "4.5", "--json")
    assert first.code == 0 and invoke("explain", "firehose", "--no-pager").code == 0
    caches = _caches(das_home)
    assert {p.name for p in caches} >= {"rules.json", "notes-library.json"}
    for path in caches:
        header, _, body = path.read_text().partition("\n")
        if damage == "drop-a-key":
            body = body.replace('"unit": ', '"unity": ')
        elif damage == "truncate":
            body = body[: len(body) // 2]
        elif damage == "not-json":
            header = "{not json"
        else:
            body = body.replace('"1"', '"2"').replace("Firehose", "Fireh0se")
        path.write_text(header + "\n" + body)
    all_rules.cache_clear()
    again = invoke("calc", "wcu", "--items", "6", "--size", "4.5", "--json")
    assert again.code == 0, again.err
    assert json.loads(again.out)["wcu"] == json.loads(first.out)["wcu"] == 30
    note = invoke("explain", "firehose", "--no-pager")
    assert note.code == 0 and "Fireh0se" not in note.out


def test_a_cache_of_another_shape_with_a_valid_checksum_is_rebuilt(das_home):
    """A cache written by another build of das (or edited with its checksum recomputed) is not trusted."""
    from das.content.cache import read_cache, write_cache
    from das.content.rules import all_rules

    all_rules.cache_clear()
    assert invoke("calc", "wcu", "--items", "6", "--size", "4.5").code == 0
    stored = read_cache("rules")
    for entry in stored["value"]:
        entry.pop("unit")
    write_cache("rules", stored)
    library = read_cache("library")
    for entry in library.values():
        entry["data"].pop("id", None)
    write_cache("library", library)
    all_rules.cache_clear()
    result = invoke("calc", "wcu", "--items", "6", "--size", "4.5", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["wcu"] == 30
    quiz = invoke("quiz", "--plain", "-n", "1", "--seed", "1", stdin="q\n")
    assert quiz.code == 0, quiz.err
