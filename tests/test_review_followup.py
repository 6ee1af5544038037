"""Review and stats, a third tester's faults (#11 follow-up): undo never erases another process's review,
--exam-date takes exactly YYYY-MM-DD within a range, one exam-day wording, true empty-review and
elsewhere messages, what --limit counts, doctor's advice matching what the other commands do, q on a
flashcard, and small wording."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pexpect
import pytest
import time_machine

from conftest import FIREHOSE_URL, invoke, user_note
from das.store.progress import database_path

ROOT = Path(__file__).resolve().parent.parent
FIREHOSE = FIREHOSE_URL
NOTE = user_note('{id: delivery, front: "What delivers streaming data?", back: "Firehose"}', note_id="mytopic")
BANK = f"""topic: mytopic
questions:
  - id: my-only-question
    type: single
    difficulty: easy
    das_domain: collection
    dea_domain: ingestion
    dea_task: ["1.1"]
    stem: Which service delivers streaming data to Amazon S3 without code?
    options:
      a: Amazon Data Firehose
      b: AWS Glue crawlers
      c: Amazon Athena
      d: AWS Lake Formation
    answer: [a]
    explanations:
      a: Correct. Firehose delivers streams to S3 with configuration only.
      b: Crawlers catalogue data; they do not deliver streams.
      c: Athena queries data in S3; it does not deliver streams.
      d: Lake Formation governs a data lake; it does not deliver streams.
    read_next: mytopic#basics
    source: {FIREHOSE}
"""
KEY = "my-only-question"


def one_question_folder(tmp_path: Path) -> str:
    """A content folder whose topic `mytopic` has exactly one question, so `das quiz mytopic` asks it."""
    folder = tmp_path / "mine"
    (folder / "notes").mkdir(parents=True)
    (folder / "questions").mkdir()
    (folder / "notes" / "mytopic.yaml").write_text(NOTE)
    (folder / "questions" / "mytopic.yaml").write_text(BANK)
    return str(folder)


def db():
    return sqlite3.connect(database_path())


def card_row():
    return db().execute("SELECT card, due, reviews FROM cards WHERE key = ?", (KEY,)).fetchone()


def spawn_plain(args: list[str], home: Path) -> pexpect.spawn:
    env = dict(os.environ, DAS_HOME=str(home), TERM="dumb", DAS_FSRS_FUZZ="0")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return pexpect.spawn(sys.executable, ["-m", "das", *args], env=env, encoding="utf-8",
                         dimensions=(40, 120), timeout=30, cwd=str(home.parent))


# --- 1. undo never overwrites another process's review --------------------------------------------------

def test_undo_never_erases_a_review_another_process_saved(das_home, tmp_path):
    folder = one_question_folder(tmp_path)
    quiz = ("quiz", "mytopic", "--content-dir", folder, "--plain", "--count", "1")
    assert invoke(*quiz, stdin="b\n").code == 0

    def make_due() -> None:
        db_conn = db()
        db_conn.execute("UPDATE cards SET due = '2000-01-01T00:00:00+00:00' WHERE key = ?", (KEY,))
        db_conn.commit()

    # A grades the question in review; B answers it with das quiz; A types u: refused, nothing changes
    make_due()
    a = spawn_plain(["review", "mytopic", "--content-dir", folder, "--plain", "--new", "0"], das_home)
    a.expect("Question 1 of 1")
    a.expect(r"\(q to stop\): ")
    a.sendline("b")
    a.expect(r"End of review: press Enter to finish \(u to undo the last grade\): ")
    assert invoke(*quiz, stdin="a\n").code == 0  # process B
    after_b = card_row()
    assert after_b[2] == 3
    a.sendline("u")
    a.expect("Not undone: this card was reviewed in another das session after your grade, so both reviews stay.")
    a.expect("End of review: press Enter to finish")
    a.sendline("")
    a.expect(pexpect.EOF)
    a.close()
    assert a.exitstatus == 0
    assert card_row() == after_b
    assert db().execute("SELECT COUNT(*) FROM answers WHERE question_id = ?", (KEY,)).fetchone()[0] == 3

    # B answers while A's question is on screen, before A's grade: A's undo gives back B's card, not the
    # card A was shown (which would erase B's review)
    make_due()
    a = spawn_plain(["review", "mytopic", "--content-dir", folder, "--plain", "--new", "0"], das_home)
    a.expect(r"\(q to stop\): ")
    assert invoke(*quiz, stdin="a\n").code == 0  # process B, while A shows the question
    after_b = card_row()
    assert after_b[2] == 4
    a.sendline("b")
    a.expect(r"End of review: press Enter to finish \(u to undo the last grade\): ")
    assert card_row()[2] == 5
    a.sendline("u")
    a.expect(r"Question 1 of 1")
    a.expect(r"\(q to stop\): ")
    a.sendline("q")
    a.expect(pexpect.EOF)
    a.close()
    assert a.exitstatus == 0
    assert card_row() == after_b
    assert db().execute("SELECT COUNT(*) FROM answers WHERE question_id = ?", (KEY,)).fetchone()[0] == 4


# --- 3, 4. --exam-date: exactly YYYY-MM-DD, from today to three years ahead ------------------------------

REFUSED_EXAM_DATES = [
    ("20261201", "--exam-date must be a date written YYYY-MM-DD, like 2026-12-31, got '20261201'"),
    ("2026-W47-1", "--exam-date must be a date written YYYY-MM-DD, like 2026-12-31, got '2026-W47-1'"),
    (" 2026-12-01", "--exam-date must be a date written YYYY-MM-DD, like 2026-12-31, got ' 2026-12-01'"),
    ("2026-12-01 ", "--exam-date must be a date written YYYY-MM-DD, like 2026-12-31, got '2026-12-01 '"),
    ("2026-1\uff12-01", "--exam-date must be a date written YYYY-MM-DD, like 2026-12-31, got '2026-1\uff12-01'"),
    ("2026-12-01T00:00", "--exam-date must be a date written YYYY-MM-DD, like 2026-12-31, got '2026-12-01T00:00'"),
    ("2027-02-29", "--exam-date 2027-02-29 is not a calendar date"),
    ("9999-12-31", "--exam-date 9999-12-31 is more than 3 years away: give a date from 2026-11-10 to 2029-11-10"),
    ("2029-11-11", "--exam-date 2029-11-11 is more than 3 years away: give a date from 2026-11-10 to 2029-11-10"),
    ("2026-11-09", "--exam-date 2026-11-09 has passed (today is 2026-11-10); give today's date or a later one"),
]


def test_exam_date_is_exactly_yyyy_mm_dd_within_three_years_and_a_refusal_keeps_the_saved_date():
    tz = ZoneInfo("Asia/Tokyo")  # 08:00 on 2026-11-10 in Tokyo is still 2026-11-09 in UTC: the range is Tokyo's
    with time_machine.travel(datetime(2026, 11, 10, 8, 0, tzinfo=tz), tick=False):
        assert invoke("review", "--plain", "--new", "0", "--exam-date", "2026-12-15", stdin="").code == 0
        for text, message in REFUSED_EXAM_DATES:
            result = invoke("review", "--plain", "--new", "0", "--exam-date", text, stdin="")
            assert (result.code, result.err, result.out) == (2, f"das: error: {message}\n", ""), text
        assert db().execute("SELECT value FROM settings WHERE name = 'exam_date'").fetchone() == ("2026-12-15",)
        edge = invoke("review", "--plain", "--new", "0", "--exam-date", "2029-11-10", stdin="")
        assert edge.code == 0 and edge.out.startswith("Exam date 2029-11-10 (1096 days away)")


def test_exam_date_range_is_in_the_help_and_readme():
    assert "from today to 3 years ahead" in " ".join(invoke("review", "--help").out.replace("│", " ").split())
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert "| `das review --exam-date` | YYYY-MM-DD (ASCII digits), from today to the same date 3 years ahead" in readme


# --- 5. one exam-day wording in review and stats -----------------------------------------------------

@pytest.mark.parametrize("day,words,days_left", [
    ("2026-11-20", "today", 0), ("2026-11-21", "tomorrow", 1), ("2026-11-23", "3 days away", 3)])
def test_review_and_stats_say_how_far_the_exam_is_in_the_same_words(day, words, days_left):
    tz = ZoneInfo("America/Los_Angeles")
    with time_machine.travel(datetime(2026, 11, 20, 22, 0, tzinfo=tz), tick=False):
        assert invoke("quiz", "kinesis", "--plain", "--count", "1", "--seed", "3", stdin="a\n").code == 0
        review = invoke("review", "--plain", "--new", "0", "--exam-date", day, stdin="")
        # on the day itself the cap (the exam morning) has passed, so the header must not promise it
        promise = "good luck; reviews are scheduled as usual now." if days_left == 0 else "nothing is scheduled past it."
        assert review.out.startswith(f"Exam date {day} ({words}): {promise}")
        stats = invoke("stats")
        assert f"Readiness for {day} ({words}): about " in " ".join(stats.out.split())
        data = json.loads(invoke("stats", "--json").out)
    assert data["readiness"]["days_left"] == days_left and data["readiness"]["exam_date"] == day


# --- 6. the empty review names the earliest next thing --------------------------------------------------

def test_an_empty_review_names_new_flashcards_at_midnight_when_they_come_before_the_next_due_card():
    tz = ZoneInfo("America/Los_Angeles")
    with time_machine.travel(datetime(2026, 11, 10, 20, 0, tzinfo=tz), tick=False):
        assert invoke("review", "athena", "--plain", "--new", "1", stdin="\n4\n\n").code == 0  # Easy: days away
        spent = invoke("review", "--plain", "--new", "1", stdin="")
        assert spent.out.startswith("Nothing is due now, and today's 1 new flashcard is done: more from "
                                    "2026-11-11 00:00 PST (or raise --new); then 1 card due from 2026-11-")
        # a missed question is due in minutes, before midnight: that is the next thing
        assert invoke("quiz", "kinesis", "--plain", "--count", "1", "--seed", "3", stdin="q\n").code == 0
        assert invoke("quiz", "kinesis", "--plain", "--count", "1", "--seed", "3", stdin="zz\nq\n").code == 0
        from das.content.library import load_library
        from das.store.progress import AnswerRecord, Progress

        q = sorted(load_library().questions_for("kinesis"), key=lambda x: x.id)[0]
        store = Progress()
        store.record_answer(store.start_session("quiz"),
                            AnswerRecord(q.id, q.topic, q.das_domain, q.dea_domain, ("a",), False, 2.0))
        store.close()
        soon = invoke("review", "--plain", "--new", "1", stdin="")
        assert soon.out.startswith("Nothing is due now. Next: 1 card due from 2026-11-10 20:")


# --- 7. what is due elsewhere, by kind ---------------------------------------------------------------

def test_cards_due_from_content_not_loaded_are_named_by_kind_with_right_plurals(tmp_path):
    folder = one_question_folder(tmp_path)
    assert invoke("quiz", "mytopic", "--content-dir", folder, "--plain", "--count", "1", stdin="b\n").code == 0
    assert invoke("review", "mytopic", "--content-dir", folder, "--plain", "--new", "1", stdin="\n3\n\n").code == 0
    conn = db()
    conn.execute("UPDATE cards SET due = '2000-01-01T00:00:00+00:00'")
    conn.commit()
    both = invoke("review", "--plain", "--new", "0", stdin="")
    from das.practice.clock import show_time

    since = show_time(datetime(2000, 1, 1, tzinfo=timezone.utc))
    assert both.out.splitlines() == [
        "Nothing to review in the content loaded yet: answer some questions with 'das quiz' first, or introduce "
        "flashcards with --new N.",
        f"Also due: 1 question and 1 flashcard whose content is not loaded now, due since {since} (from a folder given with "
        "--content-dir before, e.g. an imported bank, or since removed): give that folder with --content-dir "
        "DIR or DAS_CONTENT to review them, or retire them with das doctor --forget-missing."]
    conn.execute("DELETE FROM cards WHERE kind = 'question'")
    conn.execute("INSERT INTO cards SELECT key || '-2', kind, topic, card, due, reviews, created_at FROM cards")
    conn.commit()
    two = invoke("review", "--plain", "--new", "0", stdin="")
    also = two.out.splitlines()[1]
    assert also.startswith("Also due: 2 flashcards whose content is not loaded now") and "question" not in also



def test_a_topic_or_domain_filter_never_calls_loaded_content_not_loaded():
    """Cards due in other topics of the loaded content are out of scope, not 'not loaded'."""
    # one answer (two letters fit a Select TWO; a single-answer question refuses them and takes "a")
    assert invoke("quiz", "athena", "--plain", "--count", "1", "--seed", "2", stdin="a,b\na\n").code == 0
    conn = db()
    conn.execute("UPDATE cards SET due = '2000-01-01T00:00:00+00:00'")
    conn.commit()
    for args in (["glue"], ["--domain", "governance"], ["eventbridge", "--domain", "ingestion"]):
        out = invoke("review", *args, "--plain", "--new", "0", stdin="").out
        assert "not loaded" not in out, (args, out)
    everything = invoke("review", "--plain", "--new", "0", stdin="q\n")
    assert "Question 1 of 1  [athena]" in everything.out

# --- 8. --limit counts due cards only ----------------------------------------------------------------

def test_limit_counts_due_cards_and_new_flashcards_are_counted_by_new():
    from das.content.library import load_library
    from das.store.progress import AnswerRecord, Progress

    store = Progress()
    session = store.start_session("quiz")
    month_ago = datetime.now(timezone.utc) - timedelta(days=30)
    for q in sorted(load_library().questions_for("kinesis"), key=lambda x: x.id)[:5]:
        store.record_answer(session, AnswerRecord(q.id, q.topic, q.das_domain, q.dea_domain, ("a",), False, 2.0),
                            now=month_ago)
    store.close()
    result = invoke("review", "kinesis", "--plain", "--limit", "3", "--new", "25", stdin="q\n")
    assert result.code == 0, result.err
    assert "5 cards are due; this session asks 3 of them (--limit)." in result.out
    assert re.search(r"^Question 1 of 28  \[", result.out, flags=re.M)  # 3 due and 25 new flashcards
    help_text = " ".join(invoke("review", "--help").out.replace("│", " ").split())
    assert ("At most this many due cards in this session (1-10,000); new flashcards are counted by --new, "
            "not-yet-due cards by --extra.") in help_text



# --- 10. q and Esc stop a flashcard session on a terminal ------------------------------------------------

@pytest.mark.parametrize("where,stop", [("front", "q"), ("grades", "q"), ("grades", "\x1b")])
def test_q_and_esc_stop_a_flashcard_review_on_a_terminal(das_home, where, stop):
    import time

    from test_e2e_terminal import spawn

    das_home.mkdir(parents=True, exist_ok=True)
    child = spawn(["review", "athena", "--new", "2"], das_home)
    child.expect("Card 1 of 2")
    child.expect(r"Press any key to show the answer \(q to stop\)")
    time.sleep(0.2)
    if where == "grades":
        child.send(" ")
        child.expect(r"How well did you recall it\? \(1-4 grade, no Enter needed; q stops\)")
        time.sleep(0.2)
    child.send(stop)
    child.expect("Stopped early")  # before: q showed the answer, and q or Esc at the grades did nothing
    child.expect(pexpect.EOF)
    assert db().execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0


# --- 11. small wording ---------------------------------------------------------------------------------

def test_a_weakest_topic_never_practised_says_so_and_a_numeric_card_id_is_called_an_id(tmp_path):
    assert invoke("quiz", "kinesis", "--plain", "--count", "1", "--seed", "3", stdin="a\n").code == 0
    weakest = invoke("stats").out.split("Weakest topics\n", 1)[1].splitlines()
    assert weakest[1].startswith("  glue (nothing answered yet): das quiz glue --unseen"), weakest
    assert not any("- right" in line for line in weakest)
    folder = tmp_path / "mine"
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "mytopic.yaml").write_text(NOTE.replace("id: delivery", "id: 42"))
    check = invoke("content", "check", "--content-dir", str(folder))
    assert check.code == 2
    assert "sections[0].facts[0].card.id: must be a lowercase kebab-case id, got 42" in check.out + check.err
    assert "must be non-empty text" not in check.out + check.err


# --- 9. doctor's advice is what the other commands then do -------------------------------------------------

def _scribble(offset: int, length: int) -> None:
    conn = db()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(database_path().read_bytes())
    data[offset:offset + length] = b"\xff" * length
    database_path().write_bytes(bytes(data))


def _moved_aside() -> list[str]:
    return sorted(p.name for p in database_path().parent.iterdir() if ".damaged" in p.name)


@pytest.mark.parametrize("where", ["schema", "rows"])
def test_doctors_advice_on_damage_is_what_the_next_command_does(where):
    assert invoke("quiz", "kinesis", "--plain", "--count", "3", "--seed", "3", stdin="a\na\na\n").code == 0
    page = db().execute("PRAGMA page_size").fetchone()[0]
    if where == "schema":
        _scribble(100 + 8, 400)  # page 1 after its header: the schema every open reads
    else:
        root = db().execute("SELECT rootpage FROM sqlite_master WHERE name = 'question_tally'").fetchone()[0]
        _scribble(page * (root - 1) + 8, 400)  # the page of the totals stats reads
    doctor = invoke("doctor")
    assert doctor.code == 1 and "Integrity check: DAMAGED" in doctor.out
    report = json.loads(invoke("doctor", "--json").out)
    stats = invoke("stats")
    if where == "schema":
        assert report["moved_on_open"] is True
        assert "the next one moves it aside (as progress.sqlite3.damaged-...; your answers stay in that file)" \
            in " ".join(doctor.out.split())
        assert "it was moved to" in stats.err and len(_moved_aside()) == 1  # as doctor said
    else:
        assert report["moved_on_open"] is False
        assert ("a command that meets the damage stops with an error and leaves the file alone"
                in " ".join(doctor.out.split()))
        assert stats.code == 1 and "DAS_MOVE_DAMAGED=1" in stats.err and _moved_aside() == []  # as doctor said


def test_an_empty_review_suggests_quiz_only_when_the_quiz_has_questions():
    """data-pipeline has no governance questions: review must not send the user to a quiz that has none."""
    empty = invoke("review", "data-pipeline", "--domain", "governance", "--plain")
    assert empty.code == 0 and "das quiz" not in empty.out, empty.out
    assert invoke("quiz", "data-pipeline", "--domain", "governance", "--plain", "-n", "1").out.startswith("No questions")
    some = invoke("review", "athena", "--plain", "--new", "0")
    assert "'das quiz athena'" in some.out
    assert invoke("quiz", "athena", "--plain", "-n", "1", stdin="q\n").out.lstrip().startswith("Question 1 of 1")
