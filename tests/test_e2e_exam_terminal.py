"""The line-based exam (--plain) in a real pseudo-terminal: skip, flag, go to, change, submit; timeout;
resume after kill. The full-screen exam is in test_e2e_exam_screen.py."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent


def spawn(args: list[str], home: Path) -> pexpect.spawn:
    env = dict(os.environ, DAS_HOME=str(home), TERM="xterm-256color", DAS_FSRS_FUZZ="0")
    env.pop("DAS_WIDTH", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return pexpect.spawn(sys.executable, ["-m", "das", *args, "--plain"], env=env, encoding="utf-8",
                         dimensions=(50, 140), timeout=30, cwd=str(home))


def prompt(child):
    child.expect(r"\[(\d+):(\d\d):(\d\d) left\] > ")
    h, m, s = (int(x) for x in child.match.groups())
    child.screen = child.before  # what was drawn since the last prompt
    return h * 3600 + m * 60 + s


def answer_for(child, first: str = "a") -> str:
    """A well-formed answer for the question on screen: one letter, or as many as it asks to select."""
    word = re.search(r"Select\s+(TWO|THREE)", child.screen)  # the stem may wrap between the words
    if not word:
        return first
    return {"TWO": "a,b", "THREE": "a,b,c"}[word.group(1)] if first == "a" else {"TWO": "b,c", "THREE": "b,c,d"}[word.group(1)]


def exam_row(home: Path):
    conn = sqlite3.connect(home / "progress.sqlite3")
    conn.row_factory = sqlite3.Row
    return conn.execute("SELECT * FROM exams ORDER BY id DESC LIMIT 1").fetchone()


def test_skip_flag_goto_change_and_submit(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    child = spawn(["exam", "--questions", "4", "--minutes", "20", "--seed", "2"], das_home)
    child.expect("Question 1 of 4")
    prompt(child)
    child.sendline("n")  # skip
    child.expect("Question 2 of 4")
    prompt(child)
    child.sendline("m")  # flag
    child.expect("Question 2 flagged")
    prompt(child)
    child.sendline("g 1")  # go to
    child.expect("Question 1 of 4")
    prompt(child)
    first = answer_for(child)
    child.sendline(first)  # answer
    child.expect("Question 2 of 4")
    prompt(child)
    child.sendline("g 1")
    child.expect("Your answer: " + first.replace(",", ", "))
    prompt(child)
    changed = {"a": "b", "a,b": "b,c", "a,b,c": "b,c,d"}[first]
    child.sendline(changed)  # change the answer
    prompt(child)
    child.sendline("r")
    child.expect(r"Review: 1 answered, 3 unanswered, 0 incomplete, 1 flagged")
    prompt(child)
    child.sendline("submit")
    child.expect(r"Submit the exam\? 3 unanswered, 0 incomplete, 1 flagged")
    child.sendline("y")
    child.expect(r"(PASS|FAIL) \(estimated scaled score \d+ of 1000; passing 720\)")  # DEA-C01, the default
    child.expect("By domain")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    state = json.loads(exam_row(das_home)["state"])
    assert state["answers"] == {"0": changed.split(",")} and state["flagged"] == [1]


def test_time_running_out_submits_automatically(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    child = spawn(["exam", "--questions", "3", "--minutes", "0.05", "--seed", "1"], das_home)  # 3 seconds
    child.expect("Question 1 of 3")
    prompt(child)
    child.sendline("a")
    child.expect("Question 2 of 3")
    child.expect("Time is up: the exam was submitted automatically", timeout=60)
    child.expect(pexpect.EOF)
    child.close()
    row = exam_row(das_home)
    assert row["status"] == "submitted" and row["elapsed"] <= 3.0 + 1e-6
    assert json.loads(row["result"])["answered"] == 1


def test_resume_after_kill_keeps_answers_and_remaining_time(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    child = spawn(["exam", "--questions", "3", "--minutes", "10", "--seed", "6"], das_home)
    child.expect("Question 1 of 3")
    prompt(child)
    time.sleep(1.2)
    child.sendline("a")
    child.expect("Question 2 of 3")
    prompt(child)
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    saved = exam_row(das_home)
    assert saved["status"] == "in_progress" and saved["elapsed"] >= 1.2
    resumed = spawn(["exam", "--resume"], das_home)
    resumed.expect("Question 2 of 3")
    left = prompt(resumed)
    # no time is given back; the slack below only absorbs a slow start of the resumed process
    assert 600 - saved["elapsed"] - 30 <= left <= 600 - saved["elapsed"] + 1
    resumed.sendline("g 1")
    resumed.expect("Your answer: a")
    prompt(resumed)
    resumed.sendline("submit")
    resumed.sendline("y")
    resumed.expect(r"(PASS|FAIL)")
    resumed.expect(pexpect.EOF)
    resumed.close()
    assert exam_row(das_home)["status"] == "submitted"
