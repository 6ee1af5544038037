"""Store faults a third tester found for #12: doctor keeps a damaged WAL itself, a WAL cut to its header
or shorter is damage, one validating reader for every stored JSON value (commands and doctor agree), doctor
on a read-only database leaves no side files, and true messages (/proc is not a full disk, an unknown
schema version, one answer "is" saved)."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import invoke
from test_faults_store import KILLED_WRITER, answer_drills, answers_stored, damage, one_line, snapshot


def killed_writer(home: Path) -> bytes:
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DAS_HOME=str(home))
    done = subprocess.run([sys.executable, "-c", KILLED_WRITER], env=env, capture_output=True, text=True, timeout=60)
    assert "6 acknowledged" in done.stdout
    return (home / "progress.sqlite3-wal").read_bytes()


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
