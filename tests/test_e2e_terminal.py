"""End to end in a real pseudo-terminal (pexpect): a person answering with arrow keys, letter keys and
Enter, Ctrl-C mid-question, and SIGKILL mid-quiz. The answers must be in the database afterwards."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent
DOWN, ENTER, SPACE = "\x1b[B", "\r", " "


def spawn(args: list[str], home: Path) -> pexpect.spawn:
    env = dict(os.environ, DAS_HOME=str(home), TERM="xterm-256color", COLUMNS="120", LINES="40")
    env.pop("NO_COLOR", None)
    env.pop("DAS_WIDTH", None)
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"  # no terminal here answers prompt_toolkit's cursor-position query
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return pexpect.spawn(sys.executable, ["-m", "das", *args], env=env, encoding="utf-8",
                         dimensions=(40, 120), timeout=30, cwd=str(home.parent))


def db_rows(home: Path):
    conn = sqlite3.connect(home / "progress.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return conn.execute("SELECT question_id, correct FROM answers ORDER BY id").fetchall()


def answer_like_a_person(child: pexpect.spawn) -> None:
    """Single answer: Down then Enter. Multiple response: the letter keys of as many options as asked."""
    index = child.expect([r"or arrows pick, Enter answers", r"or Space mark, Enter answers"])
    before = " ".join(child.before.split())
    time.sleep(0.3)  # let the prompt finish drawing before the "person" starts typing
    if index == 0:
        child.send(DOWN)
        child.send(ENTER)
    else:
        need = 2 if "Select TWO" in before else 3
        child.send("ab" if need == 2 else "abc")
        child.send(ENTER)


def next_question(child: pexpect.spawn) -> None:
    child.expect(r"Press Enter for the next question")
    child.send(ENTER)


def test_interactive_quiz_with_arrow_keys(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    child = spawn(["quiz", "kinesis", "--count", "3", "--seed", "5"], das_home)
    seen = []
    for n in range(1, 4):
        child.expect(rf"Question {n} of 3")
        answer_like_a_person(child)
        child.expect(r"(Correct\.|Wrong: you chose)")
        child.expect(r"read next: das explain [a-z0-9-]+ [a-z0-9-]+")
        child.expect(r"\[([a-z0-9-]+) · (?:easy|medium|hard) ·")  # the id only after answering
        seen.append(child.match.group(1))
        next_question(child)
    child.expect(r"Score: (\d)/3")
    score = int(child.match.group(1))
    child.expect("By topic")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    rows = db_rows(das_home)
    assert [r[0] for r in rows] == seen
    assert sum(r[1] for r in rows) == score


def test_ctrl_c_mid_question_keeps_answers_and_prints_summary(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    child = spawn(["quiz", "dynamodb", "--count", "4", "--seed", "2"], das_home)
    child.expect("Question 1 of 4")
    answer_like_a_person(child)
    child.expect("read next:")
    next_question(child)
    child.expect("Question 2 of 4")
    child.expect(r"Enter answers, q stops")
    time.sleep(0.3)
    child.sendintr()
    child.expect("Interrupted: every answer given so far is saved")
    child.expect(r"Score: \d/1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert len(db_rows(das_home)) == 1


def test_sigkill_mid_quiz_loses_nothing_already_answered(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    child = spawn(["quiz", "glue", "--count", "5", "--seed", "9", "--plain"], das_home)
    for n in (1, 2):
        child.expect(rf"Question {n} of 5")
        index = child.expect([r"Answer a-[a-f] \(q to stop\): ", r"Select (TWO|THREE), e\.g\. a,c \(q to stop\): "])
        child.sendline("a" if index == 0 else ("a,b" if child.match.group(1) == "TWO" else "a,b,c"))
        child.expect("read next:")
    child.expect("Question 3 of 5")
    child.expect(r"\(q to stop\): ")
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    assert len(db_rows(das_home)) == 2
