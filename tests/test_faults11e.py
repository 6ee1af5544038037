"""Review and stats, a fifth tester's faults (#11): an exam date caps the cards already scheduled, ties
in due time never come back alphabetically, domain and task retention count the same cards as the topic
table, terminal grades on 1-4 and u, non-terminal width, retiring cards whose content is gone. Clock and
time zone are controlled with time-machine (a ZoneInfo destination also sets the process's local zone)."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import time_machine

from conftest import invoke
from das.content.library import load_library
from das.store.progress import AnswerRecord, Progress, database_path

TOKYO = ZoneInfo("Asia/Tokyo")


def db():
    return sqlite3.connect(database_path())


# --- 1. an exam date caps the cards already scheduled past it ------------------------------------------------

def test_setting_an_exam_date_brings_cards_already_due_after_it_forward_to_the_exam_morning():
    start = datetime(2026, 11, 1, 9, 0, tzinfo=TOKYO)
    with time_machine.travel(start, tick=False):
        assert invoke("review", "athena", "--plain", "--new", "1", stdin="\n4\n").code == 0  # Easy: due in days
        before = datetime.fromisoformat(db().execute("SELECT due FROM cards").fetchone()[0])
        assert before > datetime(2026, 11, 3, 15, 0, tzinfo=timezone.utc)  # after the exam morning below
        result = invoke("review", "--plain", "--new", "0", "--exam-date", "2026-11-04", stdin="")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == ("Exam date 2026-11-04 (3 days away): nothing is scheduled past it. 1 card due after it "
                        "was brought forward to 2026-11-04 00:00 JST."), lines
    assert lines[1] == "Nothing is due now. Next: 1 card due from 2026-11-04 00:00 JST. Study ahead with --extra N."
    due, card = db().execute("SELECT due, json_extract(card, '$.due') FROM cards").fetchone()
    assert datetime.fromisoformat(due) == datetime.fromisoformat(card) == datetime(2026, 11, 3, 15, 0, tzinfo=timezone.utc)
    with time_machine.travel(datetime(2026, 11, 4, 0, 30, tzinfo=TOKYO), tick=False):  # asked before the exam
        asked = invoke("review", "--plain", "--new", "0", stdin="\n3\n")
    assert "Card 1 of 1" in asked.out, asked.out
    # moving the date later or forgetting it leaves the card early, never late; stats readiness unchanged
    with time_machine.travel(start, tick=False):
        later = invoke("review", "--plain", "--new", "0", "--exam-date", "2026-12-01", stdin="")
        assert "brought forward" not in later.out


def test_a_card_scheduled_past_the_exam_date_by_another_session_is_capped_at_the_next_review():
    start = datetime(2026, 11, 1, 9, 0, tzinfo=TOKYO)
    qid = sorted(load_library().questions)[0]
    with time_machine.travel(start, tick=False):
        store = Progress()  # a session opened before the date was set ...
        assert invoke("review", "--plain", "--new", "0", "--exam-date", "2026-11-04", stdin="").code == 0
        session = store.start_session("quiz")
        # ... records an Easy answer after (due in 8 days): the date is read inside the write transaction
        store.record_answer(session, AnswerRecord(qid, "athena", "analysis", "operations", ("a",), True, 2.0),
                            rating=4)
        store.close()
        due = datetime.fromisoformat(db().execute("SELECT due FROM cards").fetchone()[0])
        assert due == datetime(2026, 11, 3, 15, 0, tzinfo=timezone.utc)
        # a card written past the cap by an older das is brought forward by the next review, and said so
        conn = db()
        conn.execute("UPDATE cards SET due = '2026-11-20T00:00:00+00:00'")
        conn.commit()
        result = invoke("review", "--plain", "--new", "0", stdin="")
    assert "1 card due after it was brought forward to 2026-11-04 00:00 JST." in result.out
    assert db().execute("SELECT due FROM cards").fetchone()[0] == "2026-11-03T15:00:00+00:00"


# --- 2. cards due at the same time interleave topics, never alphabetical ------------------------------------

def test_cards_due_at_the_same_instant_come_back_across_topics_not_in_key_order():
    library = load_library()
    topics = sorted({q.topic for q in library.questions.values()})[:6]
    chosen = [q for t in topics for q in sorted((q for q in library.questions_for(t) if q.type == "single"),
                                                key=lambda q: q.id)[:6]]
    submitted = datetime(2026, 11, 1, 9, 0, tzinfo=TOKYO)
    store = Progress()
    session = store.start_session("exam")
    for q in chosen:  # as an exam submit records them: one instant for every answer
        store.record_answer(session, AnswerRecord(q.id, q.topic, q.das_domain, q.dea_domain, ("z",), False, 2.0),
                            now=submitted.astimezone(timezone.utc))
    store.close()
    with time_machine.travel(submitted + timedelta(days=1), tick=False):
        result = invoke("review", "--plain", "--new", "0", "--limit", "6", stdin="a\n" * 6)
    assert result.code == 0, result.err
    asked = [row[0] for row in db().execute(
        "SELECT question_id FROM answers WHERE session_id = (SELECT MAX(id) FROM sessions) ORDER BY id")]
    assert len(asked) == 6, result.out
    assert sorted(library.questions[k].topic for k in asked) == topics  # one of each topic, not the first topic's
    assert asked != sorted(asked)


# --- 3. domain and task retention count the same cards as the topic table ------------------------------------

def test_a_topic_of_drill_answers_has_retention_in_its_domains_and_task_too():
    from das.practice.drills import make_drills

    drills = make_drills("wcu", 8, 5)
    right = "".join(f"{d.answer[0]}\n" for d in drills)
    for _ in range(2):  # 16 answers, all drills
        assert invoke("drill", "wcu", "--count", "8", "--seed", "5", "--plain", stdin=right).code == 0
    data = json.loads(invoke("stats", "--json").out)
    topic = next(r for r in data["topics"] if r["name"] == drills[0].topic)
    assert topic["retention"] is not None
    das = next(r for r in data["das_c01_domains"] if r["name"] == drills[0].das_domain)
    dea = next(r for r in data["dea_c01_domains"] if r["name"] == drills[0].dea_domain)
    assert das["retention"] == dea["retention"] == topic["retention"]  # before: "-" (null) for both domains
    tasks = [r for r in data["dea_c01_tasks"] if r["retention"] is not None]
    assert tasks != []
    # a task row with a retention counts the answers behind it, as the domain rows do (not "0 answers, 100%")
    assert all(r["answers"] == das["answers"] == 16 for r in tasks), (tasks, das)
    shown = invoke("stats").out
    percent = f"{round(topic['retention'] * 100)}%"
    assert sum(line.count(percent) for line in shown.splitlines()) >= 3, shown


# --- 4. on a terminal, 1-4 grade at once and u undoes at once ------------------------------------------------

def test_terminal_number_keys_grade_at_once_and_u_undoes_at_once(das_home):
    import pexpect

    from test_e2e_review_terminal import key
    from test_e2e_terminal import ENTER, spawn

    das_home.mkdir(parents=True, exist_ok=True)
    child = spawn(["review", "athena", "--new", "2"], das_home)
    child.expect("Card 1 of 2")
    child.expect("Press any key to show the answer")
    key(child, " ")
    child.expect(re.escape("How well did you recall it? (1-4 grade, no Enter needed; q stops)"))
    key(child, "4")  # no Enter: before, 4 only moved the highlight
    child.expect("Card 2 of 2")
    child.expect("Press any key to show the answer")
    key(child, " ")
    child.expect(re.escape("(1-4 grade, u undoes: no Enter needed; q stops)"))
    key(child, "u")  # before: u only highlighted Undo
    child.expect("Card 1 of 2")
    child.expect("Press any key to show the answer")
    key(child, " ")
    key(child, "1")
    child.expect("Card 2 of 2")
    child.expect("Press any key to show the answer")
    key(child, " ")
    child.expect("How well did you recall it")
    key(child, ENTER)  # Enter still takes the highlighted grade (Good)
    child.expect("End of review")
    key(child, ENTER)
    child.expect("Flashcards: recalled 1 of 2.")
    child.expect(pexpect.EOF)
    conn = sqlite3.connect(das_home / "progress.sqlite3")
    assert [r[0] for r in conn.execute("SELECT correct FROM answers ORDER BY id")] == [0, 1]


# --- 5. non-terminal output honours COLUMNS, else 80 ---------------------------------------------------------

# (das calc into a pipe writes each entry on one line, for grep, as README says: not wrapped on purpose)
WIDE_COMMANDS = [
    ("stats",), ("explain", "firehose", "--no-pager"), ("explain", "--search", "shard", "--no-pager"),
    ("quiz", "kinesis", "--plain", "-n", "1", "--seed", "1"),
    ("drill", "wcu", "--plain", "--count", "1", "--seed", "1"), ("review", "athena", "--plain", "--new", "1"),
    ("doctor",), ("content", "check"),
]


def too_wide(text: str, width: int) -> list[str]:
    """Lines wider than `width`, except those widened only by one unbreakable word (a URL) and the framed
    lines of a note's preformatted diagram (never rewrapped)."""
    return [line for line in text.splitlines() if len(line) > width and not line.startswith(("|", "+-"))
            and " " in line.strip() and len(line.rstrip().rsplit(" ", 1)[0]) >= width]


def test_every_command_into_a_pipe_honours_columns_else_80(monkeypatch):
    monkeypatch.delenv("DAS_WIDTH", raising=False)
    assert invoke("quiz", "kinesis", "--plain", "-n", "2", "--seed", "1", stdin="a\nb\n").code == 0  # some stats
    for width in ("60", None):
        if width:
            monkeypatch.setenv("COLUMNS", width)
        else:
            monkeypatch.delenv("COLUMNS", raising=False)
        for args in WIDE_COMMANDS if width else [a for a in WIDE_COMMANDS if a[0] != "review"]:
            result = invoke(*args, stdin="a\n\n1\nq\ny\n")
            assert result.code in (0, 1), (args, result.err)
            assert not too_wide(result.out, int(width or 80)), (args, width, too_wide(result.out, int(width or 80)))
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("DAS_WIDTH", "120")  # DAS_WIDTH, das's own setting, wins
    wide = invoke("stats").out
    assert max(map(len, wide.splitlines())) > 80 and not too_wide(wide, 120)
