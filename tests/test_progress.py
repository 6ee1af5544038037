"""The progress store: schema versions, answers committed as given, damaged databases moved aside."""

from __future__ import annotations

import multiprocessing
import sqlite3

from das.store.progress import MIGRATIONS, AnswerRecord, Progress, database_path


def record(store: Progress, session: int, qid: str, correct: bool) -> None:
    store.record_answer(session, AnswerRecord(qid, "dynamodb", "storage", "store", ("b",), correct, 1.5))


def test_new_database_is_at_the_latest_schema(das_home):
    store = Progress()
    assert store.schema_version == len(MIGRATIONS)
    assert database_path().parent == das_home


def test_answers_are_visible_to_another_connection_at_once():
    store = Progress()
    session = store.start_session("quiz")
    record(store, session, "q1", True)
    other = sqlite3.connect(database_path())
    assert other.execute("SELECT question_id, correct FROM answers").fetchall() == [("q1", 1)]


def test_missed_means_wrong_the_last_time():
    store = Progress()
    s = store.start_session("quiz")
    record(store, s, "q1", False)
    record(store, s, "q2", False)
    record(store, s, "q2", True)
    assert store.missed_ids() == {"q1"}
    assert store.answered_ids() == {"q1", "q2"}


def test_damaged_database_is_moved_aside_never_overwritten(das_home, capsys):
    das_home.mkdir(parents=True, exist_ok=True)
    path = database_path()
    path.write_bytes(b"this is not a database" * 100)
    store = Progress()
    assert store.schema_version == len(MIGRATIONS)
    damaged = list(das_home.glob("progress.sqlite3.damaged-*"))
    assert len(damaged) == 1 and damaged[0].read_bytes().startswith(b"this is not a database")
    assert "moved to" in capsys.readouterr().err


def _writer(home: str, name: str, count: int) -> None:
    import os

    os.environ["DAS_HOME"] = home
    store = Progress()
    session = store.start_session("quiz")
    for i in range(count):
        record(store, session, f"{name}-{i}", i % 2 == 0)


def test_two_writers_at_once_both_keep_every_answer(das_home):
    Progress().close()  # create and migrate first, as the first das run would
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(das_home), name, 150)) for name in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    conn = sqlite3.connect(database_path())
    assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 300
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
