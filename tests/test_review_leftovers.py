"""Review leftovers (#11): `das doctor --forget-missing` retires the cards whose content is gone; in the
terminal review every grade/undo key acts at once; the grade given is echoed with its next interval; a
card's due time counts from the grade, not from when its grade menu opened."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pexpect
import pytest
import time_machine

from conftest import invoke
from das.store.progress import database_path
from test_review_followup import one_question_folder

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 11, 10, 17, 0, tzinfo=timezone.utc)
ENTER = "\r"


def db() -> sqlite3.Connection:
    return sqlite3.connect(database_path())


def card_keys() -> list[str]:
    return [row[0] for row in db().execute("SELECT key FROM cards ORDER BY key")]


def answer_count() -> int:
    return db().execute("SELECT COUNT(*) FROM answers").fetchone()[0]


def study_a_folder(tmp_path) -> str:
    """A --content-dir bank's question answered and its flashcard graded, plus one built-in drill: three
    cards, two of them from the folder."""
    folder = one_question_folder(tmp_path)
    assert invoke("quiz", "mytopic", "--content-dir", folder, "--plain", "--count", "1", stdin="b\n").code == 0
    assert invoke("review", "mytopic", "--content-dir", folder, "--plain", "--new", "1", stdin="\n3\n\n").code == 0
    assert invoke("drill", "wcu", "--count", "1", "--seed", "1", "--plain", stdin="a\n").code == 0
    return folder


def spawn(args: list[str], home: Path) -> pexpect.spawn:
    """das in a real 80x24 pseudo-terminal."""
    env = dict(os.environ, DAS_HOME=str(home), TERM="xterm-256color", COLUMNS="80", LINES="24", DAS_FSRS_FUZZ="0")
    env.pop("NO_COLOR", None)
    env.pop("DAS_WIDTH", None)
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return pexpect.spawn(sys.executable, ["-m", "das", *args], env=env, encoding="utf-8",
                         dimensions=(24, 80), timeout=30, cwd=str(home.parent))


def key(child: pexpect.spawn, text: str) -> None:
    time.sleep(0.2)  # let the prompt finish drawing before the "person" types
    child.send(text)


# --- 1. das doctor --forget-missing --------------------------------------------------------------------

def test_forget_missing_keeps_cards_of_a_folder_given_and_retires_them_when_it_is_not(tmp_path):
    with time_machine.travel(T0, tick=False):
        folder = study_a_folder(tmp_path)
        assert len(card_keys()) == 3
        db().execute("UPDATE cards SET due = '2026-11-01T00:00:00+00:00'").connection.commit()
        review = invoke("review", "--plain", "--new", "0", "--limit", "1", stdin="a\n\n")
        assert "Also due: 1 question and 1 flashcard whose content is not loaded now" in review.out
        assert "or retire them with das doctor --forget-missing." in review.out
        answers = answer_count()
        stats_without = invoke("stats", "--json").out
        stats_with = json.loads(invoke("stats", "--json", "--content-dir", folder).out)

        kept = invoke("doctor", "--forget-missing", "--content-dir", folder, "--plain")
        assert (kept.code, kept.out, kept.err) == (0, "Nothing to forget: every review card's content is loaded.\n", "")
        assert len(card_keys()) == 3

        gone = invoke("doctor", "--forget-missing", "--yes")
        assert gone.code == 0, gone.err
        assert gone.out.splitlines()[:2] == [
            "2 cards whose question, flashcard or drill is not in the content loaded now (the built-in content):",
            "  mytopic: 1 flashcard, 1 question (card:mytopic:delivery, my-only-question)"]
        assert gone.out.splitlines()[-1] == "Forgot 2 review cards; answers kept."
        assert [k for k in card_keys() if "mytopic" in k or k == "my-only-question"] == []
        assert len(card_keys()) == 1  # the drill stays: its question is stored
        # answer history and every stats figure stay; the review line is gone
        assert answer_count() == answers
        assert invoke("stats", "--json").out == stats_without
        after_with = json.loads(invoke("stats", "--json", "--content-dir", folder).out)
        assert after_with["answers"] == stats_with["answers"] and after_with["sessions"] == stats_with["sessions"]
        mine = [[(t["answers"], t["correct"], t["seen"]) for t in s["topics"] if t["name"] == "mytopic"]
                for s in (stats_with, after_with)]
        assert mine[0] == mine[1] and mine[0][0][0] > 0
        assert "Also due" not in invoke("review", "--plain", "--new", "0", stdin="").out
        again = invoke("doctor", "--forget-missing")
        assert (again.code, again.out) == (0, "Nothing to forget: every review card's content is loaded.\n")


def test_forget_missing_needs_yes_without_a_terminal_or_with_plain_and_changes_nothing(tmp_path):
    study_a_folder(tmp_path)
    for args in (["--plain"], []):  # tests run with no terminal: plain either way
        result = invoke("doctor", "--forget-missing", *args)
        assert result.code == 2
        assert result.err == ("das: error: --forget-missing would delete 2 review cards: add --yes to confirm "
                              "(--plain or no terminal to ask on)\n")
        assert "  mytopic: 1 flashcard, 1 question" in result.out
        assert len(card_keys()) == 3
    for args, message in ((["--yes"], "--yes goes with --forget-missing"),
                          (["--forget-missing", "--json"], "give --json or --forget-missing, not both")):
        wrong = invoke("doctor", *args)
        assert (wrong.code, wrong.err) == (2, f"das: error: {message}\n")


def test_forget_missing_retires_a_drill_whose_question_is_gone_and_says_nothing_on_an_empty_home(das_home):
    result = invoke("doctor", "--forget-missing")
    assert (result.code, result.out) == (0, "Nothing to forget: there is no progress database yet.\n")
    assert not database_path().exists()
    assert invoke("drill", "wcu", "--count", "2", "--seed", "1", "--plain", stdin="a\na\n").code == 0
    drills = card_keys()
    conn = db()
    conn.execute("DELETE FROM drills WHERE key = ?", (drills[0],))
    conn.commit()
    result = invoke("doctor", "--forget-missing", "--yes")
    assert result.code == 0, result.err
    assert "1 drill" in result.out and drills[0] in result.out
    assert card_keys() == drills[1:] and answer_count() == 2


def test_forget_missing_lists_at_most_ten_topics_and_four_ids_each(das_home):
    assert invoke("drill", "wcu", "--count", "1", "--seed", "1", "--plain", stdin="a\n").code == 0
    conn = db()
    rows = [(f"gone-{t:02d}-{n}", "question", f"topic-{t:02d}", "{}", "2026-01-01T00:00:00+00:00", 1,
             "2026-01-01T00:00:00.000+00:00") for t in range(12) for n in range(1 + (t == 0) * 5)]
    conn.executemany("INSERT INTO cards (key, kind, topic, card, due, reviews, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     rows)
    conn.commit()
    lines = invoke("doctor", "--forget-missing", "--plain").out.splitlines()
    assert lines[0].startswith("17 cards whose question")
    assert lines[1] == "  topic-00: 6 questions (gone-00-0, gone-00-1, gone-00-2, gone-00-3, and 2 more)"
    assert lines[2] == "  topic-01: 1 question (gone-01-0)"
    assert lines[11] == "  and 2 more topics with 2 cards"
    assert len(card_keys()) == 18


def test_forget_missing_asks_y_n_on_a_terminal(tmp_path, das_home):
    study_a_folder(tmp_path)
    child = spawn(["doctor", "--forget-missing"], das_home)
    child.expect(r"Forget these 2 cards\? \[y/N\]")
    key(child, "n" + ENTER)
    child.expect("Nothing forgotten.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and len(card_keys()) == 3
    child = spawn(["doctor", "--forget-missing"], das_home)
    child.expect(r"\[y/N\]")
    key(child, "y" + ENTER)
    child.expect("Forgot 2 review cards; answers kept.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and len(card_keys()) == 1


def test_forget_missing_waits_for_another_process_holding_the_database(tmp_path, das_home):
    study_a_folder(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('BEGIN IMMEDIATE')\n"
         "print('held', flush=True)\nsys.stdin.readline()\nc.execute('ROLLBACK')\n", str(database_path())],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    env = dict(os.environ, DAS_HOME=str(das_home), PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    try:
        assert holder.stdout.readline() == "held\n"  # another process is writing
        das = subprocess.Popen([sys.executable, "-m", "das", "doctor", "--forget-missing", "--yes"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
        waiting = das.stderr.readline()
        assert "waiting for another das process that holds the progress database" in waiting
        assert len(card_keys()) == 3  # nothing deleted while the other process writes
    finally:
        holder.communicate("go\n", timeout=30)
    out, err = das.communicate(timeout=60)
    assert das.returncode == 0, err
    assert out.splitlines()[-1] == "Forgot 2 review cards; answers kept." and len(card_keys()) == 1


# --- 3 and 4. the grade is echoed; the due time counts from the grade -------------------------------------

class ClockStdin(io.TextIOWrapper):
    """Standard input as a pipe gives it, except that reading line `at` (1-based) first moves the
    time-machine clock on by `by`: the user took that long to give that answer."""

    def __init__(self, text: str, traveller, at: int, by: timedelta) -> None:
        super().__init__(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
        self.traveller, self.at, self.by, self.lines = traveller, at, by, 0

    def readline(self, *args):
        self.lines += 1
        if self.lines == self.at:
            self.traveller.shift(self.by)
        return super().readline(*args)


def test_a_flashcard_is_due_an_interval_after_its_grade_and_the_grade_is_echoed(monkeypatch):
    with time_machine.travel(T0, tick=False) as traveller:
        # the front, then the grade menu left open two hours before 3 (Good) is given
        monkeypatch.setattr(sys, "stdin", ClockStdin("\n3\n\n", traveller, at=2, by=timedelta(hours=2)))
        result = invoke("review", "athena", "--plain", "--new", "1")
    assert result.code == 0, result.err
    menu = [line for line in result.out.splitlines() if line.startswith("1 Again")]
    assert menu == ["1 Again 1m · 2 Hard 6m · 3 Good 10m · 4 Easy 8d"]
    assert "Grade 1-4 (q to stop): 3\nGraded Good: next review in 10m.\n" in result.out
    answered, = db().execute("SELECT answered_at FROM answers").fetchone()
    card, due = db().execute("SELECT card, due FROM cards").fetchone()
    graded = T0 + timedelta(hours=2)
    assert answered == graded.isoformat(timespec="milliseconds")  # the time the answer (grade) was given
    assert datetime.fromisoformat(due) == graded + timedelta(minutes=10)  # not T0 + 10 minutes
    assert datetime.fromisoformat(json.loads(card)["last_review"]) == graded


def test_each_grade_is_echoed_with_the_interval_it_stored(monkeypatch):
    with time_machine.travel(T0, tick=False):
        result = invoke("review", "athena", "--plain", "--new", "3", stdin="\n1\n\n2\n\n4\nu\n\n3\n\n")
    assert result.code == 0, result.err
    graded = [line for line in result.out.splitlines() if line.startswith("Graded")]
    assert graded == ["Graded Again: next review in 1m.", "Graded Hard: next review in 6m.",
                      "Graded Easy: next review in 8d.", "Graded Good: next review in 10m."]
    dues = sorted(datetime.fromisoformat(row[0]) - T0 for row in db().execute("SELECT due FROM cards"))
    assert dues == [timedelta(minutes=1), timedelta(minutes=5, seconds=30), timedelta(minutes=10)]  # Hard: "6m"


# --- 2 and 3 in a terminal: u after a question's feedback acts at once; the grade is echoed ---------------

def test_terminal_review_keys_act_at_once_after_a_question_and_grades_are_echoed_at_80x24(das_home):
    from das.content.library import load_library
    from das.store.progress import AnswerRecord, Progress

    question = sorted((q for q in load_library().questions_for("kinesis") if not q.multiple), key=lambda q: q.id)[0]
    store = Progress()
    store.record_answer(store.start_session("quiz"), AnswerRecord(
        question.id, question.topic, question.das_domain, question.dea_domain, ("a",), False, 2.0),
        now=datetime.now(timezone.utc) - timedelta(days=30))
    store.close()
    child = spawn(["review", "kinesis", "--new", "1"], das_home)
    child.expect("Question 1 of 2")
    child.expect("Enter answers")
    key(child, "a" + ENTER)
    child.expect(r"Press any key to go on \(u undoes this answer, q stops: no Enter needed\)")
    key(child, "u")  # no Enter: before, u waited for one
    child.expect("Question 1 of 2")
    child.expect("Enter answers")
    key(child, "b" + ENTER)
    child.expect("Press any key to go on")
    key(child, " ")
    child.expect("Card 2 of 2")
    child.expect("Press any key to show the answer")
    key(child, " ")
    child.expect(r"How well did you recall it\? \(1-4 grade, u undoes: no Enter needed; q stops\)")
    key(child, "3")
    child.expect(r"Graded Good: next review in 10m\.")
    child.expect("End of review: press any key to finish, u to undo the last grade")
    key(child, ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    rows = db().execute("SELECT question_id, chosen FROM answers ORDER BY id").fetchall()
    assert [r[0] for r in rows[1:]] == [question.id, rows[2][0]] and rows[2][0].startswith("card:")
    assert db().execute("SELECT reviews FROM cards WHERE key = ?", (question.id,)).fetchone()[0] == 2
