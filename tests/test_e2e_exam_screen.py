"""The full-screen exam in a real pseudo-terminal at 80x24 and 120x40, read back through a terminal
emulator (pyte): answer, change, flag, go to, review screen, submit; the clock ticks with no key pressed;
no option is cut; nothing hints at the answer; SIGTERM keeps the clock."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pexpect
import pyte
import pytest

from das.content.library import load_library
from das.practice.exam import ExamState

ROOT = Path(__file__).resolve().parent.parent
ENTER = "\r"
DOWN = "\x1b[B"


class Terminal:
    """A das process in a pty of the given size, and what its screen shows."""

    def __init__(self, args: list[str], home: Path, columns: int, rows: int) -> None:
        env = dict(os.environ, DAS_HOME=str(home), TERM="xterm-256color", DAS_FSRS_FUZZ="0",
                   PROMPT_TOOLKIT_NO_CPR="1")
        env.pop("DAS_WIDTH", None)
        env.pop("NO_COLOR", None)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(sys.executable, ["-m", "das", *args], env=env, encoding="utf-8",
                                   dimensions=(rows, columns), timeout=30, cwd=str(home))

    def pump(self, seconds: float = 0.3) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.05))
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                return

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, fragment: str, timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.1)
            if fragment in self.text():
                return self.text()
        raise AssertionError(f"{fragment!r} never appeared; the screen was:\n{self.text()}")

    def press(self, keys: str, until: str) -> str:
        self.child.send(keys)
        return self.wait_for(until)

    def clock(self) -> str:
        return self.screen.display[0].split("·")[1].strip()


def state(home: Path) -> tuple[dict, sqlite3.Row]:
    conn = sqlite3.connect(home / "progress.sqlite3")
    conn.row_factory = sqlite3.Row
    row = conn.execute("SELECT * FROM exams ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(row["state"]), row


def normalized(text: str) -> str:
    return " ".join(text.split())


def assert_options_whole(term: Terminal, home: Path, index: int) -> None:
    """Every option of the question on screen appears in full, wrapped but never cut."""
    saved, _ = state(home)
    exam = ExamState.from_json(saved)
    p = exam.presented(load_library(), index)
    screen = normalized(term.text())
    assert normalized(p.question.stem) in screen
    for letter, _key, text in p.options():
        for _ in range(8):  # an option below the fold: Down highlights the next option and scrolls it into view
            if f"{letter}) {normalized(text)}" in normalized(term.text()):
                break
            term.child.send(DOWN)
            term.pump(0.3)
        assert f"{letter}) {normalized(text)}" in normalized(term.text()), (letter, text, term.text())
    for forbidden in (p.question.id, f"{p.question.difficulty} ·", "(DAS-C01)"):
        assert forbidden not in screen  # nothing hints at the answer


@pytest.mark.parametrize("columns,rows", [(80, 24), (120, 40)])
def test_full_exam_on_the_full_screen(das_home, columns, rows):
    das_home.mkdir(parents=True, exist_ok=True)
    term = Terminal(["exam", "--questions", "3", "--minutes", "20", "--seed", "11"], das_home, columns, rows)
    term.wait_for("Question 1 of 3")
    term.wait_for("q pause")  # the help line
    assert_options_whole(term, das_home, 0)
    letters = ExamState.from_json(state(das_home)[0]).presented(load_library(), 0).display_letters
    assert f"{letters[0]}-{letters[-1]} or Space choose" in normalized(term.text())  # this question's letters
    first = term.clock()
    term.pump(2.2)  # no key pressed
    assert term.clock() != first, "the clock must tick by itself"
    multiple = "Select TWO" in normalized(term.text()) or "Select THREE" in normalized(term.text())
    term.press("a", "1◐" if multiple else "1✓")  # answer (one of two is incomplete)
    if multiple:
        term.press("b", "answered 1/3")
    else:
        term.press("b", "(•) b)")  # change
    term.press("m", "Question 1 flagged")
    term.press("g3" + ENTER, "Question 3 of 3")
    assert_options_whole(term, das_home, 2)
    term.press("r", "Review: 1 answered, 2 unanswered, 0 incomplete, 1 flagged")
    term.press("1" + ENTER, "Question 1 of 3")
    term.press("s", "Submit the exam? 2 unanswered, 0 incomplete, 1 flagged. (y/n)")
    term.child.send("y")
    term.child.expect(r"(PASS|FAIL) \(estimated scaled score")
    term.child.expect(pexpect.EOF)
    term.child.close()
    assert term.child.exitstatus == 0
    saved, row = state(das_home)
    assert row["status"] == "submitted" and saved["flagged"] == [0]
    assert saved["answers"]["0"] == (["a", "b"] if multiple else ["b"])


def seconds_left(out: str) -> int:
    left = out.split(" left]")[0].rsplit("[", 1)[1]
    h, m, s = (int(x) for x in left.split(":"))
    return h * 3600 + m * 60 + s


def test_sigterm_or_a_closed_terminal_keeps_the_clock_and_resume_gives_no_time_back(das_home, tmp_path, cli,
                                                                                    monkeypatch):
    """Two exams side by side (one wait): one killed with SIGTERM, one whose terminal is closed (SIGHUP
    and no tty any more). Each costs at most 5 s of clock: resume shows at most the time left - 10 s."""
    homes = {"term": das_home, "hup": tmp_path / "hup-home"}
    terms = {}
    for name, home in homes.items():
        home.mkdir(parents=True, exist_ok=True)
        terms[name] = Terminal(["exam", "--questions", "3", "--minutes", "10", "--seed", "4"], home, 100, 30)
    for term in terms.values():
        term.wait_for("Question 1 of 3")
    end = time.monotonic() + 12  # 12 s of thinking, no key pressed
    while time.monotonic() < end:
        for term in terms.values():
            term.pump(0.2)
    terms["term"].child.kill(signal.SIGTERM)
    hup = terms["hup"].child
    hup.ptyproc.delayafterclose = hup.ptyproc.delayafterterminate = 2  # a closed window sends no SIGKILL at once
    hup.close(force=True)  # the terminal window goes away
    terms["term"].child.expect(pexpect.EOF)
    terms["term"].child.close()
    for name, home in homes.items():
        _, row = state(home)
        assert row["status"] == "in_progress" and row["elapsed"] >= 10, (name, row["elapsed"])
        monkeypatch.setenv("DAS_HOME", str(home))
        assert seconds_left(cli("exam", "--resume", "--plain", stdin="q\n").out) <= 600 - 10, name
