"""#12, damage messages name the column, the whole kind: a text value that is not UTF-8 or an empty value
(NULL) in any column of any table gives one line naming table.column in every command that meets it (exit
1, files unchanged) and `das doctor` names table.column and the row; a submitted exam with no submission
time is damage, never a traceback."""

from __future__ import annotations

import functools
import gc
import sqlite3
from pathlib import Path

import pytest

from conftest import invoke
from helpers import damage, filled_database, one_line, snapshot

COMMANDS = [["stats", "--json"], ["review", "--plain"], ["exam", "--resume", "--plain"], ["exam", "review", "1"]]
# Columns das leaves empty on purpose: a session still running, an answer to a flashcard (no domain), an
# exam not submitted yet (its submission time and result; for a submitted exam they are damage, below).
MAY_BE_EMPTY = {("sessions", "ended_at"), ("answers", "das_domain"), ("answers", "dea_domain")}
ROWID_ALIASES = {("sessions", "id"), ("answers", "id"), ("exams", "id"), ("session_tally", "session_id")}


@pytest.fixture
def base(das_home, monkeypatch) -> bytes:
    """A database with answers, cards, drills, sessions, a setting, a submitted (1) and a paused exam (2)."""
    import das.content.library as content_library

    # the content is not under test: load it once (loading it per command is most of the time)
    monkeypatch.setattr(content_library, "load_library", functools.lru_cache(content_library.load_library))
    return filled_database(das_home)


def columns(path: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    found = [(t, r[1], str(r[2]).upper()) for t in tables for r in conn.execute(f'PRAGMA table_info("{t}")')
             if conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]]
    conn.close()
    return found


def restore(home: Path, base: bytes) -> Path:
    for side in home.glob("progress.sqlite3*"):
        side.unlink()
    path = home / "progress.sqlite3"
    path.write_bytes(base)
    return path


def allow_null(path: Path, table: str) -> None:
    """Take NOT NULL out of `table`'s schema (as a damaged or hand-edited file can have it)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql.replace("NOT NULL", ""), table))
    conn.commit()
    conn.close()


def assert_named(home: Path, table: str, column: str, why: str, commands=COMMANDS) -> list[list[str]]:
    """Every command exits 0 (it does not read the value) or 1 with one line naming table.column and changes
    no file; doctor names table.column and the row. Returns the commands that refused."""
    refused = []
    for args in commands:
        gc.collect()  # connections of earlier in-process commands close first (SQLite removes -wal, -shm)
        before = snapshot(home)
        result = invoke(*args, stdin="q\n")  # a traceback fails the test here
        assert result.code in (0, 1), (table, column, why, args, result.err)
        if result.code == 1:
            line = one_line(result.err)
            assert "is damaged (" in line and f"{table}.{column}" in line, (why, args, line)
            gc.collect()
            assert snapshot(home) == before, (table, column, why, args)
            refused.append(args)
    gc.collect()
    before = snapshot(home)
    doctor = invoke("doctor")
    assert doctor.code == 1 and "Integrity check: DAMAGED" in doctor.out, (table, column, why, doctor.out)
    assert f"{table}.{column}, row " in doctor.out, (why, doctor.out)
    gc.collect()
    assert snapshot(home) == before, (table, column, why, "doctor")
    return refused


def test_text_that_is_not_utf8_in_any_column_names_table_and_column(das_home, base):
    path = das_home / "progress.sqlite3"
    text_columns = [(t, c) for t, c, declared in columns(path) if declared == "TEXT"]
    assert len(text_columns) > 20
    refused = 0
    for n, (table, column) in enumerate(text_columns):
        restore(das_home, base)
        damage(das_home, f"UPDATE \"{table}\" SET \"{column}\" = CAST(X'fffe80' AS TEXT) WHERE rowid = "
                         f"(SELECT MAX(rowid) FROM \"{table}\" WHERE \"{column}\" IS NOT NULL)")
        # doctor for every column; the commands in turn (each command for every column is 4x the time)
        refused += len(assert_named(das_home, table, column, "not UTF-8", [COMMANDS[n % len(COMMANDS)]]))
    assert refused > 5  # the commands meet many of them


def test_a_submitted_exam_without_its_time_is_named_damage_in_exam_review(das_home, base):
    damage(das_home, "UPDATE exams SET submitted_at = NULL WHERE id = 1")
    before = snapshot(das_home)
    for args in (["exam", "review", "1"], ["exam", "review"], ["stats"]):
        result = invoke(*args)
        assert result.code == 1, (args, result.err)
        assert "no value (NULL) in column exams.submitted_at, row 1" in one_line(result.err)
    doctor = invoke("doctor")
    assert doctor.code == 1 and "exams.submitted_at, row 1" in doctor.out
    gc.collect()
    assert snapshot(das_home) == before


@pytest.mark.parametrize("sql, named", [
    ("UPDATE cards SET topic = CAST(X'fffe80' AS TEXT)", "a text value that is not UTF-8 in column cards.topic, row 1"),
    ("UPDATE cards SET reviews = 9223372036854775807", "column cards.reviews, row 1"),
    ("UPDATE question_tally SET correct = 4611686018427387904", "column question_tally.correct, row 1"),
    ("UPDATE cards SET card = '{' WHERE rowid = 2", "cannot be read: it is not valid JSON (cards.card, row 2)"),
    ("UPDATE cards SET card = CAST(X'fffe80' AS TEXT) WHERE rowid = 2", "not UTF-8 in column cards.card, row 2"),
])
def test_stats_names_the_column_and_row_not_an_sql_expression(das_home, base, sql, named):
    damage(das_home, sql)
    result = invoke("stats")
    assert result.code == 1
    line = one_line(result.err)
    assert named in line and "SUM(" not in line and "not valid JSON)" not in line.replace(named, ""), line


def test_abandoning_a_damaged_paused_exam_names_what_is_damaged(das_home, base):
    damage(das_home, "UPDATE exams SET time_limit = 'x' WHERE status = 'in_progress'")
    abandoned = invoke("exam", "--abandon", "--plain", "--questions", "1", "--seed", "3", stdin="q\n")
    assert abandoned.code == 0, abandoned.err
    assert "Abandoned exam 2 (its saved record is damaged: a value of the wrong type in column exams.time_limit, " \
           "row 2 (not a time in seconds))" in abandoned.err


def test_a_card_that_is_not_utf8_met_inside_a_write_names_its_column(das_home, base):
    from helpers import answers_stored

    damage(das_home, "UPDATE cards SET card = CAST(X'fffe80' AS TEXT)")
    stored = answers_stored(das_home)
    result = invoke("quiz", "--plain", "-n", "2", "--seed", "1", stdin="a\nb\n")  # the questions with cards
    assert result.code == 1
    assert "a text value that is not UTF-8 in column cards.card, row " in one_line(result.err)
    gc.collect()
    assert answers_stored(das_home) == stored  # the answer whose card could not be read is not half-saved
