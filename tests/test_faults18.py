"""Faults a fresh tester found for #12 (t12e): damaged values in any column, output that cannot be written,
user names in paths, signals, a full disk under export and import, a locked database, side files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import invoke


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("das: error: "), err
    return lines[0]


# --- 1. a damaged value in any column of any table -------------------------------------------------------

def _base(home: Path) -> bytes:
    """A database with answers, cards, drills, a session, a setting, a submitted and a paused exam."""
    assert invoke("drill", "wcu", "--count", "2", "--seed", "1", "--plain", stdin="a\na\n").code == 0
    assert invoke("quiz", "--plain", "-n", "2", "--seed", "1", stdin="a\nb\n").code == 0
    assert invoke("review", "--plain", "--exam-date", "2099-01-01", stdin="q\n").code in (0, 2)
    assert invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "1", "--plain",
                  stdin="a\na\nsubmit\ny\n").code == 0
    assert invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "2", "--plain", stdin="a\nq\n").code == 0
    conn = sqlite3.connect(home / "progress.sqlite3")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return (home / "progress.sqlite3").read_bytes()


WRONG = ["x", "", None, -1, 1e999, -1e999, 1.5, "2024-13-45T10:00", "9999-12-31T23:59:59", "null", "{}", 2 ** 62]
COMMANDS = [["stats", "--json"], ["quiz", "--plain", "-n", "1"], ["review", "--plain"],
            ["exam", "--resume", "--plain"], ["doctor"]]


def test_a_wrong_value_in_any_column_is_one_line_and_doctor_reports_it(das_home, monkeypatch):
    # the content is not under test here: load it once (loading it per command is most of the time)
    import functools

    import das.content.library as content_library

    monkeypatch.setattr(content_library, "load_library", functools.lru_cache(content_library.load_library))
    base = _base(das_home)
    path = das_home / "progress.sqlite3"
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    columns = [(t, r[1]) for t in tables for r in conn.execute(f'PRAGMA table_info("{t}")')]
    conn.close()
    assert len(columns) > 40
    trial = 0
    for table, column in columns:
        for value in (WRONG[trial % len(WRONG)],):  # every column, the wrong values in turn
            trial += 1
            for side in das_home.glob("progress.sqlite3*"):
                side.unlink()
            path.write_bytes(base)
            conn = sqlite3.connect(path)
            try:
                conn.execute(f'UPDATE "{table}" SET "{column}" = ?', (value,))
                conn.commit()
            except sqlite3.IntegrityError:  # NOT NULL, a duplicate key: SQLite itself refuses it
                conn.close()
                continue
            conn.close()
            refused = []
            for args in COMMANDS:
                result = invoke(*args, stdin="a\nq\n")  # a traceback fails the test here
                assert result.code in (0, 1, 2), (table, column, value, args, result.err)
                if args == ["doctor"]:
                    doctor = result
                elif result.code == 1:
                    line = one_line(result.err)
                    assert "is damaged" in line, (table, column, value, args, line)
                    refused.append(args)
            if refused:  # doctor reports what a command refuses
                assert doctor.code == 1 and "DAMAGED" in doctor.out, (table, column, value, refused)
            abandoned = invoke("exam", "--abandon", "--plain", "--questions", "1", "--seed", "3", stdin="q\n")
            assert abandoned.code in (0, 1), (table, column, value, abandoned.err)
            if abandoned.code == 1:
                assert "is damaged" in one_line(abandoned.err)


def test_an_infinite_time_limit_names_the_damage_and_abandon_is_the_way_out(das_home):
    assert invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "2", "--plain", stdin="a\nq\n").code == 0
    conn = sqlite3.connect(das_home / "progress.sqlite3")
    conn.execute("UPDATE exams SET time_limit = 1e999")
    conn.commit()
    conn.close()
    resumed = invoke("exam", "--resume", "--plain", stdin="q\n")
    assert resumed.code == 1 and "time_limit" in one_line(resumed.err)
    doctor = invoke("doctor")
    assert doctor.code == 1 and "time_limit" in doctor.out
    abandoned = invoke("exam", "--abandon", "--plain", "--questions", "1", "--seed", "3", stdin="q\n")
    assert abandoned.code == 0 and "Abandoned exam 1" in abandoned.err
