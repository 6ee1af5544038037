"""`das review` and `das stats` through the real CLI."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timedelta, timezone

from rich.console import Console

from conftest import invoke
from das.content.library import load_library
from das.store.progress import AnswerRecord, Progress, database_path


def seed_history(days_ago: int = 30, count: int = 4):
    """Answers given `days_ago` days ago, so their cards are due now."""
    library = load_library()
    store = Progress()
    session = store.start_session("quiz")
    when = datetime.now(timezone.utc) - timedelta(days=days_ago)
    ids = sorted(q.id for q in library.questions.values()
                 if q.topic == "dynamodb" and q.das_domain == "storage" and not q.multiple)[:count]
    for i, qid in enumerate(ids):
        q = library.questions[qid]
        store.record_answer(session, AnswerRecord(qid, q.topic, q.das_domain, q.dea_domain, ("a",), i % 2 == 0, 5.0),
                            now=when)
    store.close()
    return ids


def test_review_with_nothing_answered_offers_note_flashcards():
    result = invoke("review", "--plain", "--new", "2", stdin="\n3\n\n1\n")
    assert result.code == 0, result.err
    assert "Card 1 of 2" in result.out and "Answer:" in result.out
    assert "Flashcards: recalled 1 of 2." in result.out
    rows = sqlite3.connect(database_path()).execute("SELECT key, kind FROM cards").fetchall()
    assert len(rows) == 2 and all(kind == "flashcard" for _key, kind in rows)


def test_review_asks_due_questions_and_reschedules_them():
    ids = seed_history()
    result = invoke("review", "--plain", "--new", "0", stdin="a\na\na\na\n")
    shown = re.findall(r"^\[([a-z0-9-]+) · (?:easy|medium|hard) ·", result.out, flags=re.M)
    assert sorted(shown) == sorted(ids)
    dues = sqlite3.connect(database_path()).execute("SELECT due FROM cards").fetchall()
    assert all(datetime.fromisoformat(d[0]) > datetime.now(timezone.utc) for d in dues)


def test_nothing_due_reports_what_is_due_next():
    seed_history(days_ago=0)
    result = invoke("review", "--plain", "--new", "0", stdin="")
    assert "Nothing is due now. Next:" in result.out


def test_exam_date_is_remembered_and_validated():
    assert invoke("review", "--plain", "--exam-date", "2031-13-01", stdin="").code == 2
    later = (datetime.now().astimezone().date() + timedelta(days=400)).isoformat()  # within the 3-year range
    invoke("review", "--plain", "--new", "0", "--exam-date", later, stdin="")
    result = invoke("review", "--plain", "--new", "0", stdin="")
    assert f"Exam date {later}" in result.out


def test_stats_json_matches_the_database():
    seed_history()
    invoke("quiz", "s3", "--count", "2", "--seed", "1", "--plain", stdin="a\na\n")
    data = json.loads(invoke("stats", "--json").out)
    conn = sqlite3.connect(database_path())
    assert data["answers"] == conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    for row in data["topics"]:
        answers, correct = conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(correct), 0) FROM answers WHERE topic = ?", (row["name"],)).fetchone()
        assert (row["answers"], row["correct"]) == (answers, correct)
    for row in data["das_c01_domains"]:
        assert row["answers"] == conn.execute("SELECT COUNT(*) FROM answers WHERE das_domain = ?", (row["name"],)).fetchone()[0]
    days = {d["date"]: d["answers"] for d in data["history"]["days"]}
    assert sum(days.values()) == data["answers"]
    assert len(data["weakest_topics"]) == 3 and all(w["command"].startswith("das ") for w in data["weakest_topics"])
    dynamodb = next(r for r in data["topics"] if r["name"] == "dynamodb")
    assert dynamodb["retention"] is None  # 4 reviews: too few to mean anything


def test_stats_render_at_a_fixed_width():
    seed_history()
    from das.store.study import build_stats
    from das.ui.stats_view import stats_renderables

    library = load_library()
    store = Progress()
    data, (topics, das, dea, _tasks) = build_stats(library, store)
    data["readiness"] = {"exam_date": "2031-01-15", "days_left": 10, "expected_recall": 0.25, "answered": 4,
                         "bank": 363}
    console = Console(width=100, record=True, force_terminal=False, color_system=None)
    for item in stats_renderables(data, topics, das, dea):
        console.print(item)
    text = console.export_text()
    assert all(len(line) <= 100 for line in text.splitlines())
    assert "4 answers in 1 session\n" in text
    assert "Readiness for 2031-01-15 (10 days away): about 25%" in text
    storage = next(line for line in text.splitlines() if line.strip().startswith("storage "))
    assert "4" in storage and "50%" in storage and "█████░░░░░" in storage
    assert "das quiz dynamodb --missed" in text


def test_stats_are_readable_at_80_columns(monkeypatch):
    seed_history()
    monkeypatch.setenv("DAS_WIDTH", "80")
    result = invoke("stats")
    assert result.code == 0, result.err
    assert "…" not in result.out and max(len(line) for line in result.out.splitlines()) <= 80
    from das.content.library import load_library

    bank = sum(q.das_domain == "storage" for q in load_library().questions.values())
    storage = next(line for line in result.out.splitlines() if line.strip().startswith("storage "))
    assert "50%" in storage and f"4/{bank}" in storage
