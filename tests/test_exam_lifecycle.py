"""Exam input and lifecycle through the real CLI: every letter is an answer, scaled time, paused exams
kept, one process per exam, submit once, unanswered questions as missed, exam review filters."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import sys
import textwrap
import time
from pathlib import Path

import pexpect

from conftest import invoke
from das.store.progress import database_path

ROOT = Path(__file__).resolve().parent.parent

SIX = textwrap.dedent("""\
    ### Which storage class suits data read once a quarter that must be retrievable in milliseconds?

    - [ ] S3 Standard
    - [ ] S3 Intelligent-Tiering
    - [ ] S3 One Zone-IA
    - [ ] S3 Glacier Deep Archive
    - [x] S3 Glacier Instant Retrieval
    - [ ] S3 Glacier Flexible Retrieval
    """)


def rows(sql: str) -> list:
    return sqlite3.connect(database_path()).execute(sql).fetchall()


def six_option_bank(tmp_path) -> str:
    source = tmp_path / "six.md"
    source.write_text(SIX)
    into = tmp_path / "bank"
    result = invoke("import", str(source), "--into", str(into))
    assert result.code == 0, result.err
    return str(into)


def test_every_letter_and_word_form_is_an_answer_on_a_six_option_question(tmp_path):
    bank = six_option_bank(tmp_path)
    letters = ["a", "b", "c", "d", "e", "f", "A", "C", "F", "answer c", "change c", "ans e", "answer D"]
    lines = "".join(f"{typed}\n" for typed in letters)  # answering the last question shows the review
    result = invoke("exam", "--content-dir", bank, "--content-dir-only", "--questions", "1", "--minutes", "5",
                    "--plain", stdin=lines + "q\n")
    assert result.code == 0, result.err
    shown = re.findall(r"^\s+1 ([a-f])\s", result.out, re.M)  # the review screen's cell for question 1
    assert shown == [t.split()[-1].lower() for t in letters]
    assert "cleared" not in result.out


def test_every_command_works(tmp_path):
    bank = six_option_bank(tmp_path)
    script = "b\nm\nx\nh\nhelp\nn\np\ng 1\ngo to 1\n1\nflag\nclear\nreview\nsubmit\nn\nprevious\nnext\nq\n"
    result = invoke("exam", "--content-dir", bank, "--content-dir-only", "--minutes", "5", "--plain",
                    stdin=script)
    out = result.out
    assert "Question 1 flagged." in out and "Question 1 unflagged." in out
    assert out.count("Answer to question 1 cleared.") == 2
    assert "n next" in out and "Not submitted." in out and "Exam paused" in out
    state = json.loads(rows("SELECT state FROM exams")[0][0])
    assert state["answers"] == {} and state["flagged"] == []


def test_nothing_hints_at_the_answer_before_it_is_given():
    quiz = invoke("quiz", "kinesis", "--count", "1", "--seed", "5", "--plain", stdin="q\n")
    exam = invoke("exam", "--questions", "2", "--seed", "5", "--plain", stdin="q\n")
    qid = rows("SELECT state FROM exams")[0][0]
    for out in (quiz.out, exam.out):
        assert "(DAS-C01)" not in out and "· medium ·" not in out and "· hard ·" not in out
    for question_id in json.loads(qid)["question_ids"]:
        assert question_id not in exam.out
    answered = invoke("quiz", "kinesis", "--count", "1", "--seed", "5", "--plain", stdin="a\n")
    assert "(DAS-C01)" in answered.out  # with the feedback


def test_default_time_scales_with_the_question_count():
    result = invoke("exam", "--questions", "6", "--plain", stdin="q\n")
    assert result.code == 0, result.err
    assert rows("SELECT time_limit FROM exams") == [(12 * 60,)]  # DEA-C01, the default: 130 x 6 / 65 minutes
    assert "[0:12:00 left]" in result.out or "[0:11:59 left]" in result.out
    das = invoke("exam", "--abandon", "--profile", "das-c01", "--questions", "6", "--plain", stdin="q\n")
    assert das.code == 0, das.err
    assert rows("SELECT time_limit FROM exams ORDER BY id DESC LIMIT 1") == [(17 * 60,)]  # ceil(180 x 6 / 65)
    assert "[0:17:00 left]" in das.out or "[0:16:59 left]" in das.out
    invoke("exam", "--abandon", "--questions", "6", "--minutes", "3", "--plain", stdin="q\n")
    assert rows("SELECT time_limit FROM exams ORDER BY id DESC LIMIT 1") == [(180,)]


def test_a_paused_exam_is_never_dropped_without_being_asked():
    invoke("exam", "--questions", "2", "--seed", "3", "--plain", stdin="a\nq\n")
    again = invoke("exam", "--plain", stdin="q\n")
    assert again.code == 2
    assert "--resume" in again.err and "--abandon" in again.err and "1/2 answered" in again.err
    assert rows("SELECT id, status FROM exams") == [(1, "in_progress")]
    resumed = invoke("exam", "--resume", "--plain", stdin="submit\ny\n")
    assert resumed.code == 0 and "answered 1/2" in resumed.out
    assert invoke("exam", "--resume", "--abandon", "--plain").code == 2


def test_abandon_drops_the_paused_exam_and_starts_a_new_one():
    invoke("exam", "--questions", "2", "--seed", "3", "--plain", stdin="q\n")
    result = invoke("exam", "--abandon", "--questions", "2", "--plain", stdin="q\n")
    assert result.code == 0
    assert rows("SELECT id, status FROM exams") == [(1, "abandoned"), (2, "in_progress")]


def test_skipped_questions_are_missed_and_reviewed():
    result = invoke("exam", "--questions", "2", "--minutes", "5", "--seed", "7", "--plain", stdin="submit\ny\n")
    assert result.code == 0, result.err
    ids = json.loads(rows("SELECT state FROM exams")[0][0])["question_ids"]
    assert sorted(r[0] for r in rows("SELECT question_id FROM answers WHERE correct = 0")) == sorted(ids)
    missed = invoke("quiz", "--missed", "--count", "5", "--plain", stdin="q\n")
    assert "Question 1 of 2" in missed.out
    review = invoke("exam", "review", "--skipped")
    assert review.out.startswith("Exam 1 ") and "Skipped (2): 1, 2" in review.out
    assert review.out.count("Not answered (recorded as missed).") == 2
    assert "Showing 0 of 2" in invoke("exam", "review", "--wrong").out
    assert "Showing 0 of 2" in invoke("exam", "review", "--flagged").out


def answers_for(seed: int, count: int, first: str = "a") -> list[str]:
    """A well-formed answer for each question `das exam --questions COUNT --seed SEED` draws (the default
    DEA-C01 profile; one letter,
    or as many as a multiple-response question asks), so the test does not depend on the bank's content."""
    from das.content.library import load_library
    from das.practice.exam import draw_questions, exam_profile

    lib = load_library()
    drawn = draw_questions(lib, exam_profile(lib, "dea-c01"), count, seed)
    letters = "abcdef"["abcdef".index(first):]
    return [",".join(letters[: len(q.answer)]) for q in drawn]


def spawn_plain(args: list[str], home: Path) -> pexpect.spawn:
    env = dict(os.environ, DAS_HOME=str(home), DAS_FSRS_FUZZ="0")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return pexpect.spawn(sys.executable, ["-m", "das", *args, "--plain"], env=env, encoding="utf-8",
                         dimensions=(40, 120), timeout=30, cwd=str(home))


def test_two_exam_processes_at_once_lose_nothing(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    first = spawn_plain(["exam", "--questions", "2", "--minutes", "10", "--seed", "1"], das_home)
    first.expect(r"left\] > ")
    mine = answers_for(1, 2)
    first.sendline(mine[0])
    first.expect("Question 2 of 2")
    first.expect(r"left\] > ")
    busy = invoke("exam", "--resume", "--plain", stdin="a\n")
    assert busy.code == 1 and "open in another das process" in busy.err
    theirs = answers_for(2, 2, first="b")
    second = invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "2", "--plain",
                    stdin=f"{theirs[0]}\n{theirs[1]}\nsubmit\ny\n")
    assert second.code == 0, second.err
    first.sendline(mine[1])
    first.expect(r"left\] > ")
    first.sendline("submit")
    first.sendline("y")
    first.expect(r"(PASS|FAIL)")
    first.expect(pexpect.EOF)
    first.close()
    exams = rows("SELECT id, status, json_extract(result, '$.answered') FROM exams ORDER BY id")
    assert exams == [(1, "submitted", 2), (2, "submitted", 2)]
    assert len(rows("SELECT * FROM answers")) == 4


def test_a_kill_during_submit_then_resume_gives_exactly_one_result(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    child = spawn_plain(["exam", "--questions", "3", "--minutes", "10", "--seed", "5"], das_home)
    child.expect(r"left\] > ")
    child.sendline(answers_for(5, 3)[0])
    child.expect(r"left\] > ")
    blocker = sqlite3.connect(database_path(), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # submit now waits for the database...
    child.sendline("submit")
    child.sendline("y")
    time.sleep(1.5)
    os.kill(child.pid, signal.SIGKILL)  # ...and is killed in the middle of it
    child.expect(pexpect.EOF)
    child.close()
    blocker.execute("ROLLBACK")
    assert rows("SELECT status FROM exams") == [("in_progress",)]
    resumed = invoke("exam", "--resume", "--plain", stdin="submit\ny\n")
    assert resumed.code == 0, resumed.err
    assert rows("SELECT status FROM exams") == [("submitted",)]
    assert rows("SELECT COUNT(*) FROM sessions WHERE kind = 'exam'") == [(1,)]
    assert rows("SELECT COUNT(*), COUNT(DISTINCT question_id) FROM answers") == [(3, 3)]
    again = invoke("exam", "--resume", "--plain", stdin="submit\ny\n")
    assert again.code == 2 and "the latest, exam 1, was submitted; see it with 'das exam review 1'" in again.err


def test_a_refused_abandon_leaves_the_paused_exam_as_it_was():
    first = invoke("exam", "--questions", "2", "--minutes", "10", "--seed", "1", "--plain", stdin="q\n")
    assert "Exam paused" in first.out
    for bad in (["--minutes", "0"], ["--questions", "0"]):
        refused = invoke("exam", "--abandon", *bad, "--plain", stdin="q\n")
        assert refused.code == 2, refused.err
        assert rows("SELECT id, status FROM exams ORDER BY id") == [(1, "in_progress")]
    resumed = invoke("exam", "--resume", "--plain", stdin="q\n")
    assert resumed.code == 0 and "Question 1 of 2" in resumed.out
