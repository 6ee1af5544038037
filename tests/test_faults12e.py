"""#12, fifth round: every file SQLite needs beside the database (-wal, -shm, -journal) and its folder is
checked. `das doctor` names each one this user cannot use, with what to do, and exits 1; every other command
stops with one line and exit 1 (not a traceback, not "damaged") and changes no file."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import invoke
from helpers import answers_stored, killed_writer, snapshot, without_root_powers

QUIZ = ("quiz", "--plain", "-n", "1")


def stop_cleanly(result, *names: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("das: error: "), result.stderr
    assert "Traceback" not in result.stderr and "damaged" not in lines[0].lower()
    for name in names:
        assert name in lines[0]
    return lines[0]


@pytest.mark.parametrize("suffix, mode, says", [
    ("-shm", 0o444, "is read-only"), ("-wal", 0o000, "cannot be read"), ("-journal", 0o444, "is read-only"),
    ("-shm", "nobody", "owned by nobody")])
def test_a_side_file_das_cannot_use_is_named_by_doctor_and_stops_every_command(das_home, obeys_permissions,
                                                                                suffix, mode, says):
    killed_writer(das_home)  # leaves -wal and -shm behind, six answers in the WAL
    side = das_home / f"progress.sqlite3{suffix}"
    if suffix == "-journal":
        side.write_bytes(b"")  # a leftover rollback journal
    if mode == "nobody":
        if os.geteuid() != 0:
            pytest.skip("only root can give a file to another user")
        shutil.chown(side, "nobody")
        side.chmod(0o644)
    else:
        side.chmod(mode)
    before = snapshot(das_home)
    doctor = without_root_powers(das_home, "doctor", *(("--json",) if suffix == "-wal" else ()))
    assert doctor.returncode == 1, doctor.stdout + doctor.stderr
    assert "Traceback" not in doctor.stderr and "DAMAGED" not in doctor.stdout
    if suffix == "-wal":
        report = json.loads(doctor.stdout)
        assert [problem for problem in report["access"] if str(side) in problem and says in problem]
        assert "integrity" not in report and report["not_checked"]
    else:
        named = [line for line in doctor.stdout.splitlines() if str(side) in line]
        assert len(named) == 1 and says in named[0] and "chmod" in named[0], doctor.stdout
        assert "Integrity check: not run" in doctor.stdout
    commands = [("stats",), QUIZ] + ([("review", "--plain"), ("exam", "--plain", "--questions", "2")]
                                     if suffix == "-shm" and mode == 0o444 else [])
    for args in commands:
        stop_cleanly(without_root_powers(das_home, *args, stdin="1\n"), str(side), says)
    assert snapshot(das_home) == before
    side.chmod(0o644)
    shutil.chown(side, os.geteuid())
    if suffix == "-journal":
        side.unlink()
    assert invoke("doctor").code == 0
    assert answers_stored(das_home) == 6  # nothing was lost while the file was unusable


def test_a_read_only_folder_is_named_by_doctor_and_stops_every_command(das_home, obeys_permissions):
    killed_writer(das_home)
    das_home.chmod(0o555)
    try:
        before = snapshot(das_home)
        doctor = without_root_powers(das_home, "doctor")
        assert doctor.returncode == 1 and f"its folder {das_home} is read-only" in doctor.stdout, doctor.stdout
        for args in (("stats",), QUIZ):
            stop_cleanly(without_root_powers(das_home, *args, stdin="1\n"), f"its folder {das_home} is read-only")
        assert snapshot(das_home) == before
    finally:
        das_home.chmod(0o755)


def test_doctor_names_a_read_only_folder_before_the_database_exists(das_home, obeys_permissions):
    das_home.chmod(0o555)
    try:
        doctor = without_root_powers(das_home, "doctor")
        assert doctor.returncode == 1 and "Not created yet" in doctor.stdout
        assert f"its folder {das_home} is read-only" in doctor.stdout
        assert not (das_home / "progress.sqlite3").exists()
    finally:
        das_home.chmod(0o755)
