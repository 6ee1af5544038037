"""The third tester's #10 faults, through the real CLI (a pseudo-terminal read back by a terminal emulator
where the user sees it): the quiz's option list scrolls with every option reachable by keys and its hint
always on screen; true messages after a SIGTERM that follows a submit; one meaning of "answered"; no
second exam started or hidden while one is open or paused; --plain accepts one letter of a Select TWO as
incomplete; a SIGTERM in the full-screen exam says how to resume; flags outside the navigator's window
are findable from its row."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pexpect
import pytest
import yaml

from conftest import invoke
from test_e2e_exam_screen import Terminal, normalized

ROOT = Path(__file__).resolve().parent.parent
PGDN, PGUP, DOWN, UP, ENTER = "\x1b[6~", "\x1b[5~", "\x1b[B", "\x1b[A", "\r"
ENDINGS = ["zebracorn", "yodelwick", "xylopast", "wombatine", "vortexel", "umbrafoo"]
STEM = ("A retailer streams point-of-sale events from several hundred stores into AWS and must keep every "
        "event for seven years for auditors while analysts query the last ninety days with SQL. The team "
        "is small and wants the least operational overhead. Which design meets these requirements?")


def long_bank(folder: Path, answer: list[str] | None = None) -> Path:
    """A content folder with one question of six long options, each ending in a unique word."""
    filler = ("stream the events through a managed ingestion service with buffering, convert them to a "
              "columnar format, partition them by store and day, catalog them, and finally")
    options = {k: f"Option {k}: {filler} {word}" for k, word in zip("abcdef", ENDINGS)}
    q = {"id": "long-six-options", "type": "multiple" if answer and len(answer) > 1 else "single",
         "stem": STEM + (" (Select TWO.)" if answer and len(answer) > 1 else ""),
         "options": options, "answer": answer or ["c"],
         "explanations": {k: f"Explanation {k}." for k in options}, "difficulty": "medium",
         "das_domain": "collection", "dea_domain": "ingestion", "read_next": "zzlong#basics",
         "source": "https://docs.aws.amazon.com/firehose/latest/dev/what-is-this-service.html"}
    (folder / "questions").mkdir(parents=True, exist_ok=True)
    (folder / "notes").mkdir(parents=True, exist_ok=True)
    (folder / "notes" / "zzlong.yaml").write_text(yaml.safe_dump({
        "id": "zzlong", "title": "Long options", "aliases": ["long options"], "summary": "A test topic.",
        "exams": ["das-c01"], "sections": [{"id": "basics", "title": "Basics", "facts": [
            {"text": "A fact.", "source": "https://docs.aws.amazon.com/firehose/latest/dev/what-is-this-service.html"}]}]}))
    (folder / "questions" / "zzlong.yaml").write_text(yaml.safe_dump({"topic": "zzlong", "questions": [q]}))
    return folder


def settle(term: Terminal, key: str) -> str:
    before = term.text()
    term.child.send(key)
    end = time.monotonic() + 1.5
    while time.monotonic() < end:
        term.pump(0.05)
        if term.text() != before:
            break
    term.pump(0.15)
    return term.text()


@pytest.mark.parametrize("columns,rows", [(60, 20), (80, 24)])
def test_quiz_option_list_scrolls_and_every_option_is_reachable_by_keys(das_home, tmp_path, columns, rows):
    bank = long_bank(tmp_path / "bank")
    das_home.mkdir(parents=True, exist_ok=True)
    term = Terminal(["quiz", "--content-dir", str(bank), "zzlong", "--count", "1"], das_home, columns, rows)
    term.wait_for("Enter answers")
    term.pump(0.3)
    first = term.text()
    assert "Question 1 of 1" in first and "more below" in first, first  # the stem first, then a marker
    assert "q stops" in normalized(" ".join(term.screen.display[-2:])), first
    screens = [first]
    for _ in range(15):  # the arrows alone reach every option, the hint stays on the last rows
        screens.append(settle(term, DOWN))
        assert "q stops" in normalized(" ".join(term.screen.display[-2:])), term.text()
        if "more below" not in term.text() and "> " in term.text():
            break
    assert "more below" not in term.text() and "more above" in term.text()
    seen = normalized(" ".join(screens))
    assert all(word in seen for word in ENDINGS), (seen, screens[-1])
    for _ in range(12):  # PgUp back to the stem
        if "more above" not in term.text():
            break
        settle(term, PGUP)
    assert "Question 1 of 1" in term.text() and "more above" not in term.text()
    assert "retailer streams" in normalized(term.text())
    settle(term, PGDN)
    assert "more above" in term.text()
    settle(term, PGUP)
    # a letter for an option that is not on screen brings it into view before Enter answers it
    assert " f) " not in normalized(term.text())
    screen = normalized(settle(term, "f"))
    shown = re.search(r"\(•\) f\) (Option [a-f]):", screen)
    assert shown and "f) Option" in screen and "more below" not in screen, screen
    term.child.send(ENTER)
    term.wait_for("Press Enter for the next question")
    assert re.search(r"f\) \[(right|wrong)\] \(your choice\) " + shown.group(1), normalized(term.text())), \
        term.text()
    term.child.send(ENTER)
    term.child.expect(pexpect.EOF)


def test_plain_takes_one_letter_of_a_select_two_as_incomplete_and_answered_means_one_thing(das_home, tmp_path):
    bank = long_bank(tmp_path / "two", answer=["a", "b"])
    args = ["exam", "--content-dir", str(bank), "--content-dir-only", "--minutes", "9", "--plain"]
    first = invoke(*args, stdin="a\nq\n")
    assert first.code == 0, first.err
    assert "Saved as incomplete: question 1 asks you to select TWO; 1 chosen, 1 more needed" in first.out
    assert "select exactly 2" not in first.out
    paused = invoke(*args)
    assert paused.code == 2
    assert "exam 1 (DAS-C01) is paused: 0/1 answered, 1 incomplete" in paused.err, paused.err
    resumed = invoke("exam", "--resume", "--content-dir", str(bank), "--plain", stdin="r\ns\ny\n")
    assert resumed.code == 0, resumed.err
    assert "answered 0/1 · incomplete 1" in resumed.out and "Review: 0 answered" in resumed.out
    assert "Correct: 0/1 (0%), answered 0/1" in resumed.out  # the result counts as the header did
    review = invoke("exam", "review", "--content-dir", str(bank))
    assert "Incomplete: 1 of TWO chosen (not answered; scored wrong and recorded as missed)." in review.out
    missed = invoke("quiz", "--content-dir", str(bank), "--missed", "--plain", stdin="q\n")
    assert "Question 1 of 1" in missed.out  # recorded as missed
