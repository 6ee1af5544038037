"""Store faults a third tester found for #12: doctor keeps a damaged WAL itself, a WAL cut to its header
or shorter is damage, one validating reader for every stored JSON value (commands and doctor agree), doctor
on a read-only database leaves no side files, and true messages (/proc is not a full disk, an unknown
schema version, one answer "is" saved)."""

from __future__ import annotations

import gc
import json
import sqlite3
from pathlib import Path

import pytest

from conftest import invoke
from helpers import answer_drills, damage, killed_writer, one_line, snapshot, without_root_powers


def kept_wals(home: Path) -> list[Path]:
    return [p for p in home.glob("progress.sqlite3-wal.damaged-*") if not p.name.endswith("-shm")]


# --- 1. doctor keeps the damaged WAL itself -----------------------------------------------------------

def test_doctor_keeps_a_damaged_wal_before_opening_says_where_and_exits_1(das_home):
    original = killed_writer(das_home)
    cut = original[: len(original) - 2 * (24 + 4096)]
    (das_home / "progress.sqlite3-wal").write_bytes(cut)
    result = invoke("doctor")
    assert result.code == 1, result.out + result.err
    kept = kept_wals(das_home)
    assert len(kept) == 1 and kept[0].read_bytes() == cut
    assert Path(str(kept[0]) + "-shm").is_file()
    line = [x for x in result.out.splitlines() if x.startswith("Write-ahead log: DAMAGED")]
    assert len(line) == 1 and str(kept[0]) in line[0]
    report = json.loads(invoke("doctor", "--json").out)  # the copy was taken: later opens find the WAL sound
    assert "wal" not in report


# --- 2. a WAL cut to its header or shorter ------------------------------------------------------------

@pytest.mark.parametrize("size", [0, 20, 32])
def test_a_wal_cut_to_its_header_or_shorter_is_kept_and_told_in_one_line(das_home, size):
    original = killed_writer(das_home)
    (das_home / "progress.sqlite3-wal").write_bytes(original[:size])
    result = invoke("stats", "--json")
    assert result.code == 0, result.err
    warning = [line for line in result.err.splitlines() if "write-ahead log was damaged" in line]
    assert len(warning) == 1 and len(result.err.strip().splitlines()) == 1, result.err
    kept = kept_wals(das_home)
    assert len(kept) == 1 and str(kept[0]) in warning[0] and kept[0].read_bytes() == original[:size]
    assert Path(str(kept[0]) + "-shm").is_file()


# --- 3 and 4. one validating reader: the commands and doctor agree --------------------------------------

def submitted_exam() -> None:
    result = invoke("exam", "--questions", "2", "--seed", "5", "--plain", stdin="a\nsubmit\ny\n")
    assert result.code == 0, result.err


def damaged_line(err: str) -> str:
    line = one_line(err)
    assert "is damaged (" in line and "DAS_MOVE_DAMAGED=1" in line, line
    for internal in ("KeyError", "JSONDecodeError", "Expecting value", "list indices", "'correct'", "NoneType"):
        assert internal not in line, line
    return line


def test_a_damaged_exam_result_is_one_line_everywhere_and_doctor_agrees(das_home):
    submitted_exam()
    values = ["nope", "{}", "[1, 2]", '{"questions": 2, "correct": 1, "percent": 50, "scaled_score_estimate": 700, '
              '"passed": "yes"}']
    for n, value in enumerate(values):
        damage(das_home, f"UPDATE exams SET result = '{value}' WHERE id = 1")
        gc.collect()
        before = snapshot(das_home)
        commands = [["stats"], ["stats", "--json"], ["exam", "review"], ["exam", "review", "1"]]
        for args in commands if n < 2 else commands[1::2]:
            result = invoke(*args)
            assert result.code == 1, (value, args, result.out, result.err)
            assert "the result of exam 1 cannot be read" in damaged_line(result.err)
        doctor = invoke("doctor")
        assert doctor.code == 1 and "Integrity check: DAMAGED" in doctor.out
        assert "the result of exam 1 cannot be read" in doctor.out
        gc.collect()
        assert snapshot(das_home) == before


def test_a_damaged_exam_state_message_shows_no_python_internals(das_home):
    invoke("exam", "--questions", "2", "--seed", "3", "--plain", stdin="a\nq\n")
    damage(das_home, """UPDATE exams SET state = json_set(state, '$.answers', json('[["a"]]')) WHERE id = 1""")
    result = invoke("exam", "--resume", "--plain", stdin="q\n")
    assert result.code == 1
    assert "the saved state of exam 1 cannot be read" in damaged_line(result.err)
    assert invoke("doctor").code == 1


@pytest.mark.parametrize("sql, table", [
    ("UPDATE cards SET card = '[1,2,3]'", "cards"),
    ("UPDATE cards SET card = '{}'", "cards"),
    ("UPDATE cards SET card = json_set(card, '$.state', 99)", "cards"),
    ("UPDATE cards SET card = json_set(card, '$.stability', 'high')", "cards"),
    ("UPDATE drills SET question = json_remove(question, '$.stem')", "drills"),
    ("UPDATE drills SET question = json_set(question, '$.answer', json('[\"z\"]'))", "drills"),
    ("UPDATE sessions SET settings = '[]'", "sessions"),
])
def test_doctor_finds_every_stored_value_a_command_cannot_read(das_home, sql, table):
    assert answer_drills().code == 0
    damage(das_home, sql)
    doctor = invoke("doctor")
    assert doctor.code == 1, doctor.out
    assert f"a damaged row in {table}: " in doctor.out and "ok (every page" not in doctor.out
    if table == "cards":  # answering the same drills again reads the same cards
        again = answer_drills()
        assert again.code == 1, (again.out, again.err)
        damaged_line(again.err)
    if table == "drills":  # review asks a due drill again from its stored question
        damage(das_home, "UPDATE cards SET due = '2000-01-01T00:00:00+00:00' WHERE kind = 'drill'")
        conn = sqlite3.connect(das_home / "progress.sqlite3")
        topic = conn.execute("SELECT topic FROM cards WHERE kind = 'drill'").fetchone()[0]
        conn.close()
        review = invoke("review", topic, "--plain", stdin="a\n" * 5)
        assert review.code == 1, (review.out, review.err)
        damaged_line(review.err)


# --- 5. doctor on a file it may not write ----------------------------------------------------------------

def test_doctor_on_a_read_only_database_creates_no_side_files_and_names_unreadable_files(das_home, obeys_permissions):
    assert answer_drills().code == 0
    gc.collect()
    db = das_home / "progress.sqlite3"
    db.chmod(0o444)
    before = snapshot(das_home)
    doctor = without_root_powers(das_home, "doctor")
    assert doctor.returncode == 1, doctor.stderr  # every command refuses a read-only database: doctor says so
    assert f"{db} is read-only" in doctor.stdout and "Integrity check: ok" in doctor.stdout
    assert snapshot(das_home) == before and not list(das_home.glob("progress.sqlite3-*"))
    db.chmod(0o000)
    doctor = without_root_powers(das_home, "doctor")
    assert doctor.returncode == 1
    line = one_line(doctor.stderr)
    assert "cannot be read" in line and "folder exists" not in line
    db.chmod(0o644)


def test_a_read_only_shm_is_named(das_home, obeys_permissions):
    assert answer_drills().code == 0
    gc.collect()
    killed_writer(das_home)
    shm = das_home / "progress.sqlite3-shm"
    shm.chmod(0o444)
    result = without_root_powers(das_home, "stats")
    assert result.returncode == 1
    assert f"{shm} is read-only" in one_line(result.stderr)


# --- 6. true messages ---------------------------------------------------------------------------------

def test_das_home_under_proc_is_not_called_a_full_disk(monkeypatch):
    monkeypatch.setenv("DAS_HOME", "/proc")
    result = invoke("stats")
    assert result.code == 1
    assert "disk is full" not in one_line(result.err)


def test_an_unknown_schema_version_is_called_damage_not_a_table_that_exists(das_home):
    assert answer_drills().code == 0
    damage(das_home, "PRAGMA user_version = -1")
    doctor = invoke("doctor")
    assert doctor.code == 1 and "an unknown schema version -1" in doctor.out
    result = invoke("stats", "--json")
    assert result.code == 0
    assert "already exists" not in result.err and "an unknown schema version -1" in result.err
    assert len(list(das_home.glob("progress.sqlite3.damaged-*"))) == 1
