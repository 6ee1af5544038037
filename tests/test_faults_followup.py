"""Faults a fresh tester still found for #12 (and #14): doctor on a failing disk, leaked temporary files,
doctor agreeing with the other commands about damaged rows, true messages mid-session, random page
damage in every command that opens the store, and item JSON with a name given twice."""

from __future__ import annotations

import errno
import gc
import os
import random
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest

from conftest import invoke
from helpers import answer_drills, answers_stored, damage, fill, home_on, limit_growth, one_line, snapshot


def every_file(home: Path) -> dict[str, str]:
    """snapshot(), and which names exist (a new empty -wal or -shm counts as a change)."""
    return snapshot(home)


# --- 1. doctor: only damage is DAMAGED ------------------------------------------------------------

def test_doctor_on_a_full_disk_is_one_line_exit_1_and_leaves_every_file(tmpfs, monkeypatch):
    home = home_on(tmpfs, monkeypatch, "cannot mount a tmpfs here: the injected-error test below covers it")
    assert answer_drills().code == 0
    gc.collect()
    before = every_file(home)
    fill(tmpfs)
    result = invoke("doctor")
    assert result.code == 1
    line = one_line(result.err)
    assert "cannot check the progress database" in line and "the disk is full" in line
    assert "DAMAGED" not in result.out
    gc.collect()
    assert every_file(home) == before  # no -wal or -shm left behind either


@pytest.mark.parametrize("message, says", [
    ("database or disk is full", "the disk is full"),
    ("disk I/O error", "a disk I/O error occurred"),
    ("unable to open database file", "it cannot be opened"),
    ("access permission denied", "access was denied"),
    ("database is locked", "locked by another das process"),
])
def test_doctor_with_an_injected_failure_is_one_line_exit_1_not_damaged(monkeypatch, das_home, message, says):
    assert answer_drills().code == 0
    gc.collect()
    before = every_file(das_home)

    def failing_connect(*args, **kwargs):
        raise sqlite3.OperationalError(message)

    monkeypatch.setattr(sqlite3, "connect", failing_connect)
    for args in (["doctor"], ["doctor", "--json"]):
        result = invoke(*args)
        assert result.code == 1, result
        assert says in one_line(result.err) and "DAMAGED" not in result.out and result.out == ""
    monkeypatch.undo()
    assert every_file(das_home) == before
    assert invoke("doctor").code == 0


def test_doctor_still_reports_a_file_that_is_not_a_database_as_damaged(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    (das_home / "progress.sqlite3").write_bytes(b"garbage" * 1000)
    result = invoke("doctor")
    assert result.code == 1 and "Integrity check: DAMAGED" in result.out and result.err == ""
    assert "the next one moves it aside" in result.out  # not a database: every open meets it (#11)
    stats = invoke("stats")
    assert "it was moved to" in stats.err and any(".damaged" in p.name for p in das_home.iterdir())


@pytest.mark.parametrize("kind, says", [("folder", "is not a file"), ("fifo", "is not a file"),
                                        ("dangling link", "a link to a file that does not exist")])
def test_doctor_on_something_that_is_not_a_database_file_is_one_line(das_home, kind, says):
    das_home.mkdir(parents=True, exist_ok=True)
    path = das_home / "progress.sqlite3"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(das_home / "missing" / "x")
    result = invoke("doctor")
    assert result.code == 1 and says in one_line(result.err) and result.out == ""
    assert sorted(p.name for p in das_home.iterdir()) == ["cache", "progress.sqlite3"]


# --- 2. the cache never leaks its temporary file ----------------------------------------------------

def test_a_cache_write_that_fails_with_enospc_leaves_no_temporary_file(das_home, monkeypatch):
    shutil.rmtree(das_home / "cache")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, text):
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd, mode="r", *args, **kwargs):
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return FullDisk(handle) if "w" in mode else handle

    monkeypatch.setattr(os, "fdopen", fdopen)
    result = invoke("explain", "--no-pager")
    monkeypatch.undo()
    assert result.code == 0 and result.err == ""
    left = [p.name for p in (das_home / "cache").iterdir()]
    assert left == [], left


def test_on_a_full_disk_the_cache_leaves_no_temporary_file(tmpfs, monkeypatch):
    home = home_on(tmpfs, monkeypatch, "cannot mount a tmpfs here: the injected ENOSPC test covers it")
    (home / "cache").mkdir(parents=True)
    fill(tmpfs)
    result = invoke("explain", "--no-pager")
    assert result.code == 0
    assert [p.name for p in (home / "cache").iterdir() if p.name.endswith(".tmp")] == []


# --- 3. doctor says what the other commands say about damaged rows -----------------------------------

STORE_COMMANDS = (["stats"], ["stats", "--json"], ["review", "--plain"], ["quiz", "--missed", "--plain"],
                  ["drill", "--plain", "-n", "1"], ["exam", "--resume", "--plain"], ["exam", "review"])


@pytest.mark.parametrize("sql", [
    "UPDATE answers SET topic = CAST(X'ff41' AS TEXT) WHERE id = 1",
    "UPDATE question_tally SET topic = CAST(X'ff41' AS TEXT) WHERE rowid = (SELECT MIN(rowid) FROM question_tally)",
    "UPDATE cards SET card = 'not json'",
    "UPDATE cards SET topic = CAST(X'c3' AS TEXT)",
    "UPDATE drills SET question = '{'",
    "UPDATE sessions SET kind = CAST(X'80' AS TEXT)",
])
def test_doctor_finds_every_damaged_row_any_other_command_reports(das_home, sql):
    assert answer_drills().code == 0
    assert invoke("doctor").code == 0
    damage(das_home, sql)
    reported = []
    for args in STORE_COMMANDS:
        result = invoke(*args, stdin="a\n")
        assert "Traceback" not in result.err
        if result.code == 1 and "is damaged" in result.err:
            assert "DAS_MOVE_DAMAGED=1" in one_line(result.err)
            reported.append(args)
    doctor = invoke("doctor")
    assert doctor.code == 1 and "Integrity check: DAMAGED" in doctor.out and "a damaged row in" in doctor.out
    assert doctor.err == ""
    if "cards SET card" in sql:
        assert ["stats"] in reported  # the case that was a traceback
    assert not list(das_home.glob("*damaged*"))


def test_doctor_and_exam_resume_agree_about_an_exam_state_of_the_wrong_shape(das_home):
    assert invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "1", "--plain", stdin="q\n").code == 0
    damage(das_home, "UPDATE exams SET state = '[]'")
    resumed = invoke("exam", "--resume", "--plain", stdin="q\n")
    assert resumed.code == 1 and "saved state of exam 1 cannot be read" in one_line(resumed.err)
    doctor = invoke("doctor")
    assert doctor.code == 1 and "the saved state of exam 1 cannot be read" in doctor.out


# --- 4. a failure mid-session says what was saved ----------------------------------------------------

def test_a_full_disk_mid_session_says_how_many_answers_were_saved(das_home, monkeypatch):
    assert answer_drills().code == 0
    limit_growth(monkeypatch, extra_pages=1)
    result = invoke("drill", "wcu", "--count", "200", "--seed", "2", "--plain", stdin="a\n" * 200)
    monkeypatch.undo()
    gc.collect()
    assert result.code == 1
    line = one_line(result.err)
    saved = answers_stored(das_home) - 2
    assert saved >= 1, line
    assert "nothing was changed" not in line
    given = "the answer given before this is saved" if saved == 1 else \
        f"the {saved} answers given before this are saved"
    assert f"{given}, only this last change was not" in line


def test_a_failure_before_anything_is_saved_still_says_nothing_was_changed(das_home, monkeypatch):
    assert answer_drills().code == 0
    limit_growth(monkeypatch)
    result = invoke("drill", "wcu", "--count", "200", "--seed", "2", "--plain", stdin="a\n" * 200)
    monkeypatch.undo()
    if answers_stored(das_home) == 2:  # the very first write failed
        assert result.code == 1 and "nothing was changed" in one_line(result.err)


# --- 5. export leaves nothing in the temp folder ------------------------------------------------------

def test_export_anki_leaves_no_file_in_the_temp_folder(tmp_path, monkeypatch):
    temp = tmp_path / "system-temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    out = tmp_path / "out"
    out.mkdir()
    for fmt, name in (("anki", "deck.apkg"), ("csv", "deck.csv"), ("gift", "deck.gift")):
        result = invoke("export", fmt, str(out / name), "kinesis")
        assert result.code == 0, result.err
    assert list(temp.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["deck.apkg", "deck.csv", "deck.gift"]


def test_an_export_to_a_full_disk_leaves_the_old_file_and_nothing_else(tmpfs):
    if tmpfs is None:
        pytest.skip("cannot mount a tmpfs here")
    target = tmpfs / "deck.apkg"
    target.write_bytes(b"the previous export")
    fill(tmpfs)
    result = invoke("export", "anki", str(target), "kinesis")
    assert result.code == 1 and "cannot write" in one_line(result.err)  # a full disk is no usage error
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmpfs.iterdir()) == ["deck.apkg", "filler", "filler2"]


# --- 6. random page damage, every command that opens the store ---------------------------------------

def test_random_page_damage_never_gives_a_traceback_in_any_store_command(das_home):
    assert answer_drills(count=5).code == 0
    assert invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "1", "--plain", stdin="a\nq\n").code == 0
    path = das_home / "progress.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    pristine = path.read_bytes()
    rng = random.Random(int(os.environ.get("DAS_DAMAGE_SEED", "17")))
    commands = STORE_COMMANDS + (["doctor"],)
    for trial in range(int(os.environ.get("DAS_DAMAGE_TRIALS", "3"))):
        data = bytearray(pristine)
        page = rng.randrange(0, len(data) // 4096)
        for _ in range(rng.choice((1, 20, 200))):
            data[page * 4096 + rng.randrange(4096)] = rng.randrange(256)
        for args in commands:
            for p in das_home.glob("progress.sqlite3*"):
                p.unlink()
            path.write_bytes(bytes(data))
            result = invoke(*args, stdin="a\nq\n")
            assert result.code in (0, 1, 2), (trial, args, result.err)  # 2: e.g. no exam to resume any more
            assert "Traceback" not in result.err, (trial, args, result.err)
            if result.code and args[0] != "doctor":
                errors = [line for line in result.err.splitlines() if not line.startswith("das: warning:")]
                one_line("\n".join(errors))


def test_the_damaged_page_sample_gives_no_traceback_in_any_store_command(das_home):
    sample = Path(__file__).with_name("data") / "damaged-page.sqlite3"
    for args in STORE_COMMANDS + (["doctor"],):
        for p in das_home.glob("progress.sqlite3*"):
            p.unlink()
        das_home.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sample, das_home / "progress.sqlite3")
        result = invoke(*args, stdin="a\nq\n")
        assert result.code in (0, 1, 2) and "Traceback" not in result.err, (args, result.err)
    assert invoke("doctor").code in (0, 1)


# --- 7. calc --item: default one item, no name twice ---------------------------------------------------

def test_wcu_and_rcu_with_an_item_file_default_to_one_item(tmp_path):
    item = tmp_path / "item.json"
    item.write_text('{"id": "a", "n": 5}')
    for calc, unit in (("wcu", "WCU"), ("rcu", "RCU")):
        result = invoke("calc", calc, "--item", str(item))
        assert result.code == 0, result.err
        assert result.out.splitlines()[0] == f"1 {unit}"


@pytest.mark.parametrize("text, flags, name", [
    ('{"id": "a", "id": "b"}', [], "id"),
    ('{"m": {"x": 1, "x": 2}}', [], "x"),
    ('{"id": {"S": "a"}, "id": {"S": "b"}}', ["--dynamodb-json"], "id"),
    ('{"m": {"M": {"k": {"N": "1"}, "k": {"N": "2"}}}}', ["--dynamodb-json"], "k"),
])
def test_item_json_naming_an_attribute_twice_is_refused(tmp_path, text, flags, name):
    item = tmp_path / "item.json"
    item.write_text(text)
    for calc in ("wcu", "rcu", "item-size"):
        result = invoke("calc", calc, "--item", str(item), *flags)
        assert result.code == 2 and result.out == ""
        assert f"the name '{name}' occurs twice" in one_line(result.err)


@pytest.mark.parametrize("sql", ["UPDATE minute_tally SET correct = 1e999", "UPDATE cards SET due = X'ff'",
                                 "UPDATE question_tally SET correct = 'x'", "UPDATE answers SET answered_at = 'Inf'"])
def test_doctor_finds_a_value_of_the_wrong_type_sqlite_stores_without_complaint(das_home, sql):
    assert answer_drills().code == 0
    damage(das_home, sql)
    doctor = invoke("doctor")
    assert doctor.code == 1 and "value of the wrong type" in doctor.out


def test_a_healthy_database_with_every_kind_of_row_passes_doctor(das_home):
    assert answer_drills().code == 0
    assert invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "1", "--plain",
                  stdin="a\na\nsubmit\ny\n").code == 0
    assert invoke("review", "--plain", "--new", "1", stdin="\n3\n").code == 0
    assert invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "2", "--plain", stdin="a\nq\n").code == 0
    result = invoke("doctor")
    assert result.code == 0 and "Integrity check: ok" in result.out, result.out
