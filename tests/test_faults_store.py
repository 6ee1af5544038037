"""Faults around the progress store (#12): only real damage moves a database aside; a full disk, a
read-only folder, a bad DAS_HOME, a damaged WAL, row or exam state each give one line and lose nothing."""

from __future__ import annotations

import gc
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from das.store.faults import SQLITE_CORRUPT, SQLITE_FULL, SQLITE_IOERR, SQLITE_NOTADB, is_damage, result_code
from conftest import invoke
from helpers import (answer_drills, answers_stored, damage, fill, home_on, killed_writer, limit_growth,
                     one_line, snapshot)


# --- result codes ---------------------------------------------------------------------------------

def test_result_codes_on_python_3_10_come_from_sqlites_fixed_messages():
    # Python 3.10 exceptions carry no sqlite_errorcode: the message is SQLite's text for the code
    assert result_code(sqlite3.OperationalError("database or disk is full")) == SQLITE_FULL
    assert result_code(sqlite3.OperationalError("disk I/O error")) == SQLITE_IOERR
    assert result_code(sqlite3.DatabaseError("file is not a database")) == SQLITE_NOTADB
    assert result_code(sqlite3.DatabaseError("database disk image is malformed")) == SQLITE_CORRUPT
    assert not is_damage(sqlite3.OperationalError("unable to open database file"))
    assert not is_damage(sqlite3.OperationalError("database is locked"))


def test_result_codes_come_from_the_exception_where_python_gives_them(tmp_path):
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"not a database at all" * 300)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        sqlite3.connect(path).execute("PRAGMA quick_check").fetchall()
    assert is_damage(caught.value)
    if sys.version_info >= (3, 11):
        assert caught.value.sqlite_errorcode & 0xFF == SQLITE_NOTADB


# --- full disk, read-only folder -------------------------------------------------------------------

def test_full_disk_is_one_line_exit_1_and_nothing_moves(tmpfs, monkeypatch):
    home = home_on(tmpfs, monkeypatch, "cannot mount a tmpfs here: the injected-error test below covers the classification")
    assert answer_drills().code == 0
    before = snapshot(home)
    fill(tmpfs)
    for _ in range(2):  # a second command must not move anything aside either
        result = answer_drills(seed=2)
        assert result.code == 1
        line = one_line(result.err)
        assert "disk" in line and "nothing was changed" in line
        gc.collect()
    after = snapshot(home)
    assert after["progress.sqlite3"] == before["progress.sqlite3"]
    assert not [name for name in after if "damaged" in name]
    (tmpfs / "filler").unlink()
    (tmpfs / "filler2").unlink(missing_ok=True)
    assert answer_drills(seed=3).code == 0 and answers_stored(home) == 4


def test_an_injected_full_disk_while_saving_is_one_line_and_keeps_the_database(das_home, monkeypatch):
    """The same SQLITE_FULL from SQLite itself: the connection may not grow the file by another page."""
    assert answer_drills().code == 0
    before = snapshot(das_home)
    lift = limit_growth(monkeypatch)
    result = invoke("drill", "wcu", "--count", "40", "--seed", "2", "--plain", stdin="a\n" * 40)
    assert result.code == 1
    assert "the disk is full" in one_line(result.err)
    lift()
    gc.collect()
    assert not list(das_home.glob("*damaged*"))
    assert snapshot(das_home)["progress.sqlite3"] != "" and answers_stored(das_home) >= 2
    assert before.keys() <= snapshot(das_home).keys() | {"progress.sqlite3-wal", "progress.sqlite3-shm"}


def test_read_only_folder_holding_a_writable_database(tmpfs, monkeypatch):
    home = home_on(tmpfs, monkeypatch, "cannot mount a tmpfs here (as root, permissions alone do not make a folder "
                   "read-only)")
    assert answer_drills().code == 0
    gc.collect()
    before = snapshot(home)
    assert subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], capture_output=True).returncode == 0
    try:
        result = answer_drills(seed=2)
        assert result.code == 1
        assert "nothing was changed" in one_line(result.err)
        assert snapshot(home) == before
    finally:
        gc.collect()
        subprocess.run(["mount", "-o", "remount,rw", str(tmpfs)], capture_output=True)


def test_a_folder_named_like_the_database_is_not_moved_aside(das_home):
    (das_home / "progress.sqlite3").mkdir(parents=True)
    result = invoke("stats")
    assert result.code == 1 and "is not a file" in one_line(result.err)
    assert (das_home / "progress.sqlite3").is_dir() and not list(das_home.glob("*damaged*"))


def test_a_file_that_is_not_a_database_is_moved_aside_and_a_new_one_started(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    (das_home / "progress.sqlite3").write_bytes(b"garbage" * 1000)
    result = answer_drills()
    assert result.code == 0 and "moved to" in result.err
    assert len(list(das_home.glob("progress.sqlite3.damaged-*"))) == 1 and answers_stored(das_home) == 2


# --- DAS_HOME kinds ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["file", "dangling", "loop", "under-a-file", "under-proc"])
def test_a_bad_das_home_is_one_line_exit_1(tmp_path, monkeypatch, kind):
    target = tmp_path / "home"
    if kind == "file":
        target.write_text("x")
    elif kind == "dangling":
        target.symlink_to(tmp_path / "missing")
    elif kind == "loop":
        target.symlink_to(target)
    elif kind == "under-a-file":
        (tmp_path / "f").write_text("x")
        target = tmp_path / "f" / "home"
    else:
        target = Path("/proc/das-home-test")
    monkeypatch.setenv("DAS_HOME", str(target))
    for args in (["stats"], ["drill", "--plain", "-n", "1"]):
        result = invoke(*args, stdin="q\n")
        assert result.code == 1, (args, result.err)
        assert "DAS_HOME" in one_line(result.err)
    assert invoke("calc", "wcu", "--items", "6", "--size", "4.5").code == 0  # no state needed, no cache: fine


# --- a damaged WAL ------------------------------------------------------------------------------------

def test_a_truncated_wal_is_kept_beside_the_database_and_the_user_is_told(das_home):
    original = killed_writer(das_home)
    wal = das_home / "progress.sqlite3-wal"
    wal.write_bytes(original[: len(original) - 2 * (24 + 4096)])  # the last two frames lost
    result = invoke("stats", "--json")
    assert result.code == 0
    warning = [line for line in result.err.splitlines() if "write-ahead log was damaged" in line]
    assert len(warning) == 1, result.err
    kept = list(das_home.glob("progress.sqlite3-wal.damaged-*"))
    kept = [p for p in kept if not p.name.endswith("-shm")]
    assert len(kept) == 1 and str(kept[0]) in warning[0]
    assert kept[0].read_bytes() == original[: len(original) - 2 * (24 + 4096)]


def test_a_wal_left_by_a_killed_process_is_not_called_damaged(das_home):
    killed_writer(das_home)
    result = invoke("stats", "--json")
    assert result.code == 0 and "damaged" not in result.err
    assert answers_stored(das_home) == 6 and not list(das_home.glob("*damaged*"))


# --- damaged rows and exam states -------------------------------------------------------------------

def test_a_text_column_that_is_not_utf8_is_one_line_then_moved_aside_only_when_asked(das_home, monkeypatch):
    assert answer_drills().code == 0
    damage(das_home, "UPDATE answers SET topic = CAST(X'ff41' AS TEXT) WHERE id = 1")
    # das stats reads the running tallies, not every answer: damage the tally it reads too
    damage(das_home, "UPDATE question_tally SET topic = CAST(X'ff41' AS TEXT) "
                     "WHERE rowid = (SELECT MIN(rowid) FROM question_tally)")
    for args in (["stats"], ["review", "--plain"], ["quiz", "--missed", "--plain"], ["drill", "--plain", "-n", "1"]):
        result = invoke(*args, stdin="a\n")
        if result.code == 0:
            continue  # a command that never reads the damaged column works as before
        assert result.code == 1, (args, result.err)
        line = one_line(result.err)
        assert "is damaged" in line and "DAS_MOVE_DAMAGED=1" in line
    assert invoke("stats").code == 1
    assert not list(das_home.glob("*damaged*"))
    conn = sqlite3.connect(das_home / "progress.sqlite3")
    assert conn.execute("SELECT hex(CAST(topic AS BLOB)) FROM answers WHERE id = 1").fetchone() == ("FF41",)
    conn.close()
    monkeypatch.setenv("DAS_MOVE_DAMAGED", "1")
    result = invoke("stats")
    assert result.code == 0 and "moved to" in result.err
    assert len(list(das_home.glob("progress.sqlite3.damaged-*"))) == 1


DAMAGED_STATES = ["not json", "[]", '{"profile": "das-c01"}',
                  '{"profile": "das-c01", "question_ids": ["x"], "orders": [["a"]], "time_limit": 60,'
                  ' "answers": {"7": ["a"]}, "flagged": [], "current": 0, "seconds": [0], "elapsed": 0}']


def test_a_damaged_exam_state_is_one_line_not_a_traceback(das_home):
    result = invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "1", "--plain", stdin="q\n")
    assert result.code == 0
    for state in DAMAGED_STATES:
        damage(das_home, f"UPDATE exams SET state = '{state}'")
        resumed = invoke("exam", "--resume", "--plain", stdin="q\n")
        assert resumed.code == 1, state
        assert "saved state of exam 1 cannot be read" in one_line(resumed.err)


def test_a_damaged_exam_result_is_one_line_in_exam_review(das_home):
    invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "1", "--plain", stdin="a\na\nsubmit\ny\n")
    damage(das_home, "UPDATE exams SET result = 'not json', status = 'submitted'")
    result = invoke("exam", "review", "1")
    assert result.code == 1 and "cannot be read" in one_line(result.err)


def test_random_page_damage_gives_one_line_or_a_fresh_database_never_a_traceback(das_home):
    import random

    assert answer_drills(count=5).code == 0
    path = das_home / "progress.sqlite3"
    pristine = path.read_bytes()
    rng = random.Random(12)
    for trial in range(6):
        data = bytearray(pristine)
        page = rng.randrange(1, len(data) // 4096)
        for _ in range(20):
            data[page * 4096 + rng.randrange(4096)] = rng.randrange(256)
        for p in das_home.glob("progress.sqlite3*"):
            p.unlink()
        path.write_bytes(bytes(data))
        for args in (["stats"], ["drill", "--plain", "-n", "1"]):
            result = invoke(*args, stdin="a\n")
            assert result.code in (0, 1), (trial, args, result.err)
            assert "Traceback" not in result.err
            if result.code == 1:
                one_line(result.err)


def test_on_a_terminal_das_offers_to_move_a_damaged_database_aside(das_home):
    import pexpect

    assert answer_drills().code == 0
    damage(das_home, "UPDATE answers SET topic = CAST(X'ff41' AS TEXT) WHERE id = 1")
    # das stats reads the running tallies, not every answer: damage the tally it reads too
    damage(das_home, "UPDATE question_tally SET topic = CAST(X'ff41' AS TEXT) "
                     "WHERE rowid = (SELECT MIN(rowid) FROM question_tally)")
    env = dict(os.environ, DAS_HOME=str(das_home), TERM="xterm", COLUMNS="120", LINES="40")
    for reply, moved in (("n", 0), ("y", 1)):
        child = pexpect.spawn(sys.executable, ["-m", "das", "stats"], env=env, encoding="utf-8", timeout=60)
        child.expect(r"is damaged .*Move it aside and start a new one\? \[y/N\] ")
        child.sendline(reply)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 1 and "Traceback" not in child.before
        databases = [p for p in das_home.glob("progress.sqlite3.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
        assert len(databases) == moved
    assert invoke("stats").code == 0  # a new database


def test_a_damaged_page_whose_report_is_not_text_is_damage_not_a_traceback(das_home):
    """Random page damage can make SQLite's own error text undecodable (a UnicodeDecodeError): das treats
    it as damage, moves the file aside with a warning and carries on."""
    import shutil

    das_home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).with_name("data") / "damaged-page.sqlite3", das_home / "progress.sqlite3")
    result = invoke("stats")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err and "moved to" in result.err
    assert len(list(das_home.glob("progress.sqlite3.damaged-*"))) == 1
