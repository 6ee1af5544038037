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
import time
from pathlib import Path

import pexpect
import pytest
import yaml

from conftest import invoke
from helpers import spawn_das
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
    assert "exam 1 (DEA-C01) is paused: 0/1 answered, 1 incomplete" in paused.err, paused.err
    resumed = invoke("exam", "--resume", "--content-dir", str(bank), "--plain", stdin="r\ns\ny\n")
    assert resumed.code == 0, resumed.err
    assert "answered 0/1 · incomplete 1" in resumed.out and "Review: 0 answered" in resumed.out
    assert "Correct: 0/1 (0%), answered 0/1" in resumed.out  # the result counts as the header did
    review = invoke("exam", "review", "--content-dir", str(bank))
    assert "Incomplete: 1 of TWO chosen (not answered; scored wrong and recorded as missed)." in review.out
    missed = invoke("quiz", "--content-dir", str(bank), "--missed", "--plain", stdin="q\n")
    assert "Question 1 of 1" in missed.out  # recorded as missed


def test_a_signal_just_after_this_process_submitted_says_so_and_resume_points_to_the_review(das_home):
    """The signal arrives while the result is printed (the submission committed): nothing to save, and
    the message says the exam was submitted, not that another process took it."""
    from das.content.library import load_library
    from das.flows.exam import ExamRunner, start_exam
    from das.store.progress import Progress
    from das.ui.exam_io import LineExamIO

    class SignalledDuringResult(LineExamIO):
        def result(self, result, exam_id, timed_out):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.5)  # the handler runs here
            raise AssertionError("SIGTERM was not handled")

    lib, store = load_library(), Progress()
    exam_id, state, profile = start_exam(lib, store, "das-c01", 1, 10, 1, False)
    runner = ExamRunner(lib, store, exam_id, state, profile, SignalledDuringResult(plain=True))
    runner.choose(["a"])
    runner.confirm_submit = lambda: runner.submit(timed_out=False)  # type: ignore[method-assign]
    runner.io.read = lambda prompt, timeout: "s\n"  # type: ignore[method-assign]
    outcome = runner.run()  # s submits; SIGTERM arrives while the result is shown
    assert outcome == "hangup" and runner.hangup_signal == signal.SIGTERM  # no StateError: nothing to save
    assert runner.hangup_message() == (f"Exam {exam_id} was submitted before the signal arrived; see its result "
                                       f"with das exam review {exam_id}")  # what das exam prints on stderr
    assert store.exam(exam_id)["status"] == "submitted"
    resumed = invoke("exam", "--resume", "--plain")
    assert resumed.code == 2
    assert (f"the latest, exam {exam_id}, was submitted; see it with 'das exam review {exam_id}'") in resumed.err


def test_sigterm_right_after_submit_on_the_real_cli_never_lies(das_home):
    child = spawn_das(das_home, "exam", "--questions", "1", "--plain")
    child.expect(r"left\] > ")
    child.sendline("a")
    child.sendline("s")
    child.expect(r"\(y/n\) ")
    child.sendline("y")
    time.sleep(0.04)
    child.kill(signal.SIGTERM)
    child.expect(pexpect.EOF)
    out = child.before
    assert "no longer in progress" not in out, out
    status = sqlite3.connect(das_home / "progress.sqlite3").execute("SELECT status FROM exams").fetchone()[0]
    if status == "in_progress":
        assert "Exam saved with" in out and "resume with das exam --resume" in out, out
    else:
        assert status == "submitted"
        assert "Walk through every question" in out or "was submitted before the signal arrived" in out, out


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_in_the_full_screen_exam_says_it_is_saved_and_how_to_resume(das_home, signum):
    das_home.mkdir(parents=True, exist_ok=True)
    term = Terminal(["exam", "--questions", "2", "--minutes", "10"], das_home, 80, 24)
    term.wait_for("Question 1 of 2")
    term.child.kill(signum)
    term.child.expect(pexpect.EOF)
    term.stream.feed(term.child.before)
    assert "Exam saved with 0:0" in term.text() and "left: resume with das exam --resume" in term.text(), term.text()
    term.child.close()
    assert term.child.signalstatus is None and term.child.exitstatus == 130  # like Ctrl-C (#12)


def test_a_second_exam_names_the_open_one_and_none_becomes_invisible(das_home):
    child = spawn_das(das_home, "exam", "--questions", "2", "--seed", "4", "--plain")
    child.expect(r"left\] > ")
    second = invoke("exam", "--questions", "2", "--plain", stdin="q\n")
    assert second.code == 0, second.err
    assert "Note: exam 1 (DEA-C01) is open in another das process: 0/2 answered" in second.err, second.err
    assert "Also in progress: exam 1 (open in another das process)." in second.err
    child.sendline("q")
    child.expect(pexpect.EOF)
    both = invoke("exam", "--plain")
    assert both.code == 2 and "exam 2 (DEA-C01) is paused" in both.err and "also in progress: exam 1" in both.err
    resumed = invoke("exam", "--resume", "--plain", stdin="q\n")
    assert resumed.code == 0 and "Resuming exam 2 (DEA-C01): 0/2 answered" in resumed.err, resumed.err
    assert "Also in progress: exam 1 (paused)." in resumed.err
    abandoned = invoke("exam", "--abandon", "--questions", "1", "--plain", stdin="q\n")
    assert abandoned.code == 0
    assert "Abandoned exam 2 (DEA-C01): 0/2 answered" in abandoned.err and "Starting exam 3." in abandoned.err
    assert "Also in progress: exam 1 (paused)." in abandoned.err
    statuses = sqlite3.connect(das_home / "progress.sqlite3").execute("SELECT id, status FROM exams").fetchall()
    assert statuses == [(1, "in_progress"), (2, "abandoned"), (3, "in_progress")]


def test_exams_left_in_progress_by_an_older_das_are_named(das_home):
    invoke("exam", "--questions", "1", "--plain", stdin="q\n")
    conn = sqlite3.connect(das_home / "progress.sqlite3")
    conn.execute("INSERT INTO exams (profile, status, state, time_limit, elapsed, started_at) "
                 "SELECT profile, status, state, time_limit, elapsed, started_at FROM exams")
    conn.commit()
    resumed = invoke("exam", "--resume", "--plain", stdin="q\n")
    assert "Resuming exam 2" in resumed.err and "Also in progress: exam 1 (paused)." in resumed.err, resumed.err


def test_flags_outside_the_navigator_row_are_listed_at_its_ends(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    term = Terminal(["exam", "--questions", "65", "--seed", "3"], das_home, 80, 24)
    term.wait_for("Question 1 of 65")
    term.press("m", "Question 1 flagged")
    term.press("40" + ENTER, "Question 40 of 65")
    term.press("m", "Question 40 flagged")
    term.press("55" + ENTER, "Question 55 of 65")
    term.press("m", "Question 55 flagged")
    screen = term.press("20" + ENTER, "Question 20 of 65")
    nav = next(line for line in term.screen.display if "[20" in line)
    assert nav.startswith("⚑1◂") and nav.rstrip().endswith("▸⚑40,55"), screen
    assert len(nav.rstrip()) < 80
    body_rows = [line for line in term.screen.display if line.strip()]
    assert "Question 20 of 65" in screen and len(body_rows) > 5
    term.press("q", "Exam paused")
    term.child.expect(pexpect.EOF)
