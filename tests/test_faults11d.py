"""Review and stats, a fourth tester's faults (#11): weakest topics ranked by real need, a saved exam date
that can be forgotten, --extra after --limit, summaries that count what was done, empty-review messages
that name the next thing, and u with nothing to undo (plain and terminal)."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pexpect
import time_machine

from conftest import invoke
from das.content.library import load_library
from das.store.progress import AnswerRecord, Progress, database_path
from test_review_followup import KEY, one_question_folder

ROOT = Path(__file__).resolve().parent.parent
NOTHING_TO_UNDO = "Nothing to undo yet: no grade given in this session."


def answer(questions, correct: bool, when: datetime | None = None) -> None:
    store = Progress()
    session = store.start_session("quiz")
    for q in questions:
        store.record_answer(session, AnswerRecord(q.id, q.topic, q.das_domain, q.dea_domain, ("a",), correct, 2.0),
                            now=when)
    store.close()


def flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


# --- 1. weakest topics: by real need, never a strong topic ------------------------------------------------

def test_a_topic_answered_all_right_is_not_the_weakest_and_a_whole_bank_at_75_percent_is_never_listed(tmp_path):
    folder = one_question_folder(tmp_path)
    kinesis = sorted(load_library().questions_for("kinesis"), key=lambda q: q.id)
    answer(kinesis[:2], True)  # practised, all right, most of its bank not seen
    data = json.loads(invoke("stats", "--json").out)
    weakest = [w["topic"] for w in data["weakest_topics"]]
    assert len(weakest) == 3 and "kinesis" not in weakest, weakest  # before: kinesis listed first
    banks = {r["name"]: r["bank"] for r in data["topics"]}
    assert [banks[t] for t in weakest] == sorted((banks[t] for t in weakest), reverse=True)  # bigger banks first

    # a whole bank answered right: never listed, even when every other topic is unstarted
    store = Progress()
    store.record_answer(store.start_session("quiz"), AnswerRecord(KEY, "mytopic", "collection", "ingestion",
                                                                  ("a",), True, 2.0))
    store.close()
    # ... and a practised topic under 75% comes first, lowest accuracy first
    s3 = sorted(load_library().questions_for("s3"), key=lambda q: q.id)
    answer(s3[:4], False)
    answer(s3[4:5], True)  # s3: 1 of 5 right
    glue = sorted(load_library().questions_for("glue"), key=lambda q: q.id)
    answer(glue[:2], False)
    answer(glue[2:4], True)  # glue: 2 of 4 right
    data = json.loads(invoke("stats", "--json", "--content-dir", folder).out)
    weakest = [w["topic"] for w in data["weakest_topics"]]
    assert weakest[:2] == ["s3", "glue"] and "mytopic" not in weakest and "kinesis" not in weakest, weakest
    assert all(re.fullmatch(r"das (quiz|review) \S+( --missed| --unseen)?", w["command"])
               for w in data["weakest_topics"])
    shown = invoke("stats", "--content-dir", folder).out.split("Weakest topics\n", 1)[1].splitlines()
    assert shown[0].startswith("  s3 (20% right,") and shown[1].startswith("  glue (50% right,")

    rule = ("Weakest topics: first the topics you answer right less than 75% of the time, lowest first; then "
            "those with the least of their bank known (accuracy x coverage; not started: 0; bigger banks first); "
            "a topic whose whole bank you have answered at 75% or better is never listed.")
    assert rule in flat(invoke("stats", "--help").out)
    assert "a topic whose whole bank you have answered at 75% or better is never listed" in \
        flat((ROOT / "README.md").read_text())


# --- 2. a saved exam date can be forgotten --------------------------------------------------------------

def test_no_exam_date_forgets_a_passed_date_and_its_cap_and_readiness():
    tz = ZoneInfo("Asia/Tokyo")
    with time_machine.travel(datetime(2026, 11, 1, 9, 0, tzinfo=tz), tick=False):
        assert invoke("review", "--plain", "--new", "0", "--exam-date", "2026-11-05").code == 0
        answer(sorted(load_library().questions_for("kinesis"), key=lambda q: q.id)[:1], True)
    with time_machine.travel(datetime(2026, 11, 10, 9, 0, tzinfo=tz), tick=False):
        passed = invoke("review", "--plain", "--new", "0", stdin="")
        assert passed.out.startswith("Exam date 2026-11-05 has passed; give a new one with --exam-date, or forget "
                                     "it with --no-exam-date.")
        assert "or forget it with das review --no-exam-date" in flat(invoke("stats").out)
        both = invoke("review", "--plain", "--exam-date", "2026-12-01", "--no-exam-date", stdin="")
        assert both.code == 2 and both.err == "das: error: give --exam-date or --no-exam-date, not both\n"
        cleared = invoke("review", "--plain", "--new", "0", "--no-exam-date", stdin="")
        assert cleared.code == 0, cleared.err
        assert cleared.out.splitlines()[0] == ("Exam date 2026-11-05 forgotten: reviews are scheduled as usual "
                                               "and das stats shows no readiness.")
        assert "Exam date" not in "\n".join(cleared.out.splitlines()[1:])
        after = invoke("review", "--plain", "--new", "0", stdin="")
        assert "Exam date" not in after.out
        assert json.loads(invoke("stats", "--json").out)["readiness"] is None
        assert "Readiness" not in invoke("stats").out and "has passed" not in invoke("stats").out
        again = invoke("review", "--plain", "--new", "0", "--no-exam-date", stdin="")
        assert again.out.splitlines()[0] == "No exam date was saved: nothing to forget."
    assert sqlite3.connect(database_path()).execute(
        "SELECT COUNT(*) FROM settings WHERE name = 'exam_date'").fetchone()[0] == 0
    assert "--no-exam-date" in flat(invoke("review", "--help").out)
    assert "--no-exam-date" in (ROOT / "README.md").read_text()


# --- 3. --extra after --limit --------------------------------------------------------------------------

def test_extra_studies_more_cards_after_the_limited_due_ones():
    kinesis = sorted(load_library().questions_for("kinesis"), key=lambda q: q.id)
    answer(kinesis[:5], False, datetime.now(timezone.utc) - timedelta(days=30))  # 5 due, none later
    more = invoke("review", "kinesis", "--plain", "--limit", "3", "--extra", "2", "--new", "0", stdin="q\n")
    assert more.code == 0, more.err
    assert "5 cards are due; this session asks 3 of them (--limit), then 2 more of them (--extra)." in more.out
    assert re.search(r"^Question 1 of 5  \[", more.out, flags=re.M)  # before: 1 of 3, --extra added nothing
    short = invoke("review", "kinesis", "--plain", "--limit", "3", "--extra", "4", "--new", "0", stdin="q\n")
    assert "--extra 4: only 2 more cards to study in this scope." in short.out
    assert re.search(r"^Question 1 of 5  \[", short.out, flags=re.M)
    answer(kinesis[5:6], True)  # one card not due yet: it comes after the due ones
    later = invoke("review", "kinesis", "--plain", "--limit", "3", "--extra", "3", "--new", "0", stdin="q\n")
    assert re.search(r"^Question 1 of 6  \[", later.out, flags=re.M) and "--extra 3:" not in later.out
    assert ("Also study this many more cards after the due ones --limit allows: the due cards it left out "
            "first, then cards not due yet, weakest first") in flat(invoke("review", "--help").out)


# --- 4. summaries count what was done ------------------------------------------------------------------

def test_summaries_count_flashcards_and_questions_and_say_nothing_answered_only_when_nothing_was():
    cards_only = invoke("review", "athena", "--plain", "--new", "2", stdin="\n3\nq\n")
    assert cards_only.code == 0, cards_only.err
    tail = cards_only.out.split("Stopped early", 1)[1]
    assert "Flashcards: recalled 1 of 1." in tail and "Nothing answered" not in tail and "No questions" not in tail
    nothing = invoke("review", "glue", "--plain", "--new", "5", stdin="q\n")
    assert nothing.out.rstrip().endswith("Stopped early: every answer given so far is saved.\nNothing answered.")
    kinesis = sorted((q for q in load_library().questions_for("kinesis") if not q.multiple), key=lambda q: q.id)
    answer(kinesis[:2], False, datetime.now(timezone.utc) - timedelta(days=30))
    both = invoke("review", "kinesis", "--plain", "--new", "2", stdin="a\na\n\n2\n\n")  # 1 new today already
    assert both.code == 0, both.err
    assert "Graded 1 flashcard and answered 2 questions." in both.out
    assert "Flashcards: recalled 1 of 1." in both.out and re.search(r"^Score: \d/2 ", both.out, flags=re.M)


# --- 5. every empty review says when the next thing comes ------------------------------------------------

def test_nothing_due_in_the_content_loaded_names_the_next_card_and_since_when_the_others_are_due(tmp_path):
    tz = ZoneInfo("America/Los_Angeles")
    folder = one_question_folder(tmp_path)
    with time_machine.travel(datetime(2026, 11, 10, 9, 0, tzinfo=tz), tick=False):
        assert invoke("quiz", "mytopic", "--content-dir", folder, "--plain", "--count", "1", stdin="b\n").code == 0
        answer(sorted(load_library().questions_for("kinesis"), key=lambda q: q.id)[:1], True)
    conn = sqlite3.connect(database_path())
    conn.execute("UPDATE cards SET due = '2026-11-12T18:00:00.000+00:00' WHERE topic != 'mytopic'")  # in 2 days
    conn.commit()
    with time_machine.travel(datetime(2026, 11, 10, 10, 0, tzinfo=tz), tick=False):
        result = invoke("review", "--plain", "--new", "0")
    lines = result.out.splitlines()
    assert lines[0] == ("Nothing is due now in the content loaded. Next: 1 card due from 2026-11-12 10:00 PST. "
                        "Study ahead with --extra N."), lines  # before: no next time
    assert lines[1].startswith("Also due: 1 question whose content is not loaded now, due since 2026-11-10 09:")
    assert lines[1].endswith("PST (from a folder given with --content-dir before, e.g. an imported bank, or since "
                             "removed): give that folder with --content-dir DIR or DAS_CONTENT to review them, "
                             "or retire them with das doctor --forget-missing.")


# --- 6. u with nothing to undo says so and changes nothing -------------------------------------------------

def test_plain_u_with_nothing_to_undo_says_so_and_leaves_the_card_unrevealed():
    result = invoke("review", "athena", "--plain", "--new", "1", stdin="u\n\nu\n3\n\n")
    assert result.code == 0, result.err
    out = result.out
    first_u = out.index(NOTHING_TO_UNDO)
    assert first_u < out.index("Answer: ")  # before: u showed the answer
    assert out.count(NOTHING_TO_UNDO) == 2  # at the front and at the grades
    assert "Flashcards: recalled 1 of 1." in out
    kinesis = sorted(load_library().questions_for("kinesis"), key=lambda q: q.id)
    answer(kinesis[:1], False, datetime.now(timezone.utc) - timedelta(days=30))
    question = invoke("review", "kinesis", "--plain", "--new", "0", stdin="u\nq\n")
    assert f"  {NOTHING_TO_UNDO}" in question.out and "Nothing answered." in question.out
    quiz = invoke("quiz", "kinesis", "--plain", "-n", "1", stdin="u\nq\n")
    assert NOTHING_TO_UNDO not in quiz.out  # a quiz has no undo: u is just not an answer


def test_terminal_u_with_nothing_to_undo_says_so_at_the_front_the_grades_and_the_options(das_home):
    from test_e2e_review_terminal import key
    from test_e2e_terminal import ENTER, spawn

    das_home.mkdir(parents=True, exist_ok=True)
    child = spawn(["review", "athena", "--new", "1"], das_home)
    child.expect("Card 1 of 1")
    child.expect(r"Press any key to show the answer \(q to stop\)")
    key(child, "u")
    assert child.expect([re.escape(NOTHING_TO_UNDO), "Answer: "]) == 0  # before: u revealed the answer
    child.expect(r"Press any key to show the answer \(q to stop\)")
    key(child, " ")
    child.expect("Answer: ")
    child.expect("How well did you recall it")
    key(child, "u")
    child.expect(re.escape(NOTHING_TO_UNDO))
    key(child, "3")  # grades at once
    child.expect("End of review")
    key(child, ENTER)
    child.expect("Flashcards: recalled 1 of 1.")
    child.expect(pexpect.EOF)

    kinesis = sorted(load_library().questions_for("kinesis"), key=lambda q: q.id)
    answer(kinesis[:1], False, datetime.now(timezone.utc) - timedelta(days=30))
    child = spawn(["review", "kinesis", "--new", "0"], das_home)
    child.expect("Question 1 of 1")
    child.expect("q stops")
    key(child, "u")
    child.expect(re.escape(NOTHING_TO_UNDO))
    key(child, "q")
    child.expect("Nothing answered.")
    child.expect(pexpect.EOF)
