"""What the tester still found for #10, through the real CLI in a pseudo-terminal read back by a terminal
emulator: a question taller than the screen scrolls and every word can be read by keys a person types
(60x20, 80x24, 120x40); nothing is cut at 60 columns; an incomplete "Select TWO" is not counted as
answered; a closed terminal costs at most 5 s of clock; no lock file is left behind; --plain's s
submits; nothing looks chosen in the quiz's list before the user acts; --help reads whole at 80."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest
import yaml

from conftest import invoke
from helpers import spawn_das
from test_e2e_exam_screen import ENTER, Terminal, normalized

ROOT = Path(__file__).resolve().parent.parent
PGDN, PGUP, DOWN, UP = "\x1b[6~", "\x1b[5~", "\x1b[B", "\x1b[A"


def copied_bank(into: Path, questions: list) -> Path:
    """A content folder holding copies of `questions` (new ids), for --content-dir-only."""
    by_topic: dict[str, list] = {}
    for q in questions:
        data = yaml.safe_load((ROOT / "content" / "questions" / f"{q.topic}.yaml").read_text())
        raw = next(x for x in data["questions"] if x["id"] == q.id)
        by_topic.setdefault(q.topic, []).append(dict(raw, id=f"{q.id}-copy"))
    (into / "questions").mkdir(parents=True, exist_ok=True)
    for topic, items in by_topic.items():
        (into / "questions" / f"{topic}.yaml").write_text(yaml.safe_dump({"topic": topic, "questions": items}))
    return into


def rendered_rows(q, width: int = 80) -> int:
    """How many rows a question takes at `width`, counted independently of das: stem + options, wrapped."""
    import textwrap

    rows = len(textwrap.wrap(" ".join(q.stem.split()), width))
    return rows + sum(len(textwrap.wrap(" ".join(t.split()), width - 9)) for t in q.options.values())


@pytest.fixture
def longest(das_home, tmp_path) -> tuple[Path, list]:
    """The three questions of the bank that take the most rows at 80 columns, as a content folder."""
    from das.content.library import load_library

    lib = load_library()
    chosen = sorted(lib.questions.values(), key=lambda q: (-rendered_rows(q), q.id))[:3]
    return copied_bank(tmp_path / "longest", chosen), chosen


def words(text: str) -> list[str]:
    return normalized(text).split()


def settle(term: Terminal, key: str) -> str:
    """Type `key` and wait until the body redraws (the clock line alone does not count)."""
    before = term.screen.display[2:]
    term.child.send(key)
    end = time.monotonic() + 5
    while time.monotonic() < end:
        term.pump(0.05)
        if term.screen.display[2:] != before:
            break
    term.pump(0.1)
    return term.text()


def assert_frame(term: Terminal, columns: int) -> None:
    """Header, navigator and help line on screen; no line reaches the last column (nothing cut)."""
    lines = term.screen.display
    assert " left" in lines[0] and "answered" in term.text() and "flagged" in term.text()
    assert "? help" in term.text() and re.search(r"\[\s*\d+[✓·◐]", term.text()), term.text()
    for line in lines:
        assert len(line.rstrip()) < columns, f"a line touches the edge (cut?): {line!r}\n{term.text()}"


@pytest.mark.parametrize("columns,rows", [(60, 20), (80, 24), (120, 40)])
def test_the_longest_questions_can_be_read_whole_by_scrolling(das_home, longest, columns, rows):
    bank, questions = longest
    das_home.mkdir(parents=True, exist_ok=True)
    term = Terminal(["exam", "--content-dir", str(bank), "--content-dir-only", "--minutes", "9", "--seed", "1"],
                    das_home, columns, rows)
    term.wait_for("Question 1 of 3")
    term.wait_for("? help")
    by_stem = {normalized(q.stem)[:40]: q for q in questions}
    for number in (1, 2, 3):
        if number > 1:
            settle(term, "n")
            term.wait_for(f"Question {number} of 3")
        screens = [term.text()]
        assert_frame(term, columns)
        # PgDn until nothing is below, then read the other way with the arrows alone (first question)
        for _ in range(12):
            if "more below" not in term.text():
                break
            screens.append(settle(term, PGDN))
            assert_frame(term, columns)
        assert "more below" not in term.text()
        if number == 1 and "more above" in term.text():
            for _ in range(12):
                if "more above" not in term.text():
                    break
                screens.append(settle(term, UP))
            assert "more above" not in term.text(), "Up must scroll back to the stem"
            for _ in range(20):
                screens.append(settle(term, DOWN))
                if "more below" not in term.text() and ">" in term.text():
                    break
        seen = set(words(" ".join(screens)))
        q = next(q for key, q in by_stem.items() if key in normalized(" ".join(screens)))
        missing = [w for w in words(q.stem) + [w for t in q.options.values() for w in words(t)] if w not in seen]
        assert not missing, (number, missing, screens[-1])
        if rows < 40 and rendered_rows(q, columns) > rows:
            assert any("more below" in s for s in screens), "a tall question says there is more below"
    settle(term, "q")
    term.child.expect(pexpect.EOF)


def two_answer_bank(tmp_path: Path) -> Path:
    from das.content.library import load_library

    lib = load_library()
    q = sorted((q for q in lib.questions.values() if len(q.answer) == 2 and len(q.stem) < 300),
               key=lambda q: q.id)[0]
    return copied_bank(tmp_path / "two", [q])


def test_a_select_two_with_one_chosen_is_incomplete_everywhere(das_home, tmp_path):
    bank = two_answer_bank(tmp_path)
    das_home.mkdir(parents=True, exist_ok=True)
    args = ["exam", "--content-dir", str(bank), "--content-dir-only", "--minutes", "9"]
    term = Terminal(args, das_home, 60, 20)
    term.wait_for("Question 1 of 1")
    term.press("a", "1◐")  # one of two: the navigator's incomplete mark, not ✓
    assert "answered 0/1" in term.text() and "incomplete 1" in term.text()
    assert_frame(term, 60)
    term.press("r", "Review: 0 answered, 0 unanswered, 1 incomplete, 0 flagged")
    term.press("s", "(y/n)")
    assert "Submit the exam? 0 unanswered, 1 incomplete, 0 flagged. (y/n)" in normalized(term.text())
    assert_frame(term, 60)
    term.child.send("n")
    term.wait_for("Not submitted.")
    term.child.send("q")
    term.child.expect(pexpect.EOF)
    plain = invoke("exam", "--resume", "--content-dir", str(bank), "--plain", stdin="r\ns\nn\nq\n")
    assert "answered 0/1 · incomplete 1" in plain.out
    assert "Review: 0 answered, 0 unanswered, 1 incomplete, 0 flagged" in plain.out
    assert "Incomplete (fewer options chosen than asked): 1" in plain.out
    assert "Submit the exam? 0 unanswered, 1 incomplete, 0 flagged. (y/n)" in plain.out


def test_sighup_saves_at_once_in_plain_mode_too(das_home):
    child = spawn_das(das_home, "exam", "--questions", "2", "--minutes", "10", "--plain")
    child.expect(r"left\] > ")
    time.sleep(3)  # less than a save period: only the SIGHUP handler can have saved it
    child.kill(signal.SIGHUP)
    child.expect(pexpect.EOF)
    elapsed = sqlite3.connect(das_home / "progress.sqlite3").execute("SELECT elapsed FROM exams").fetchone()[0]
    assert elapsed >= 2.5


def test_no_lock_file_is_left_behind(das_home):
    paused = invoke("exam", "--questions", "1", "--seed", "3", "--plain", stdin="q\n")
    assert paused.code == 0 and list(das_home.glob("exam-*.lock")) == []
    submitted = invoke("exam", "--resume", "--plain", stdin="submit\ny\n")
    assert "estimated scaled score" in submitted.out and list(das_home.glob("exam-*.lock")) == []
    (das_home / "exam-41.lock").write_text("")  # left by a kill, or by an older das
    invoke("exam", "--questions", "1", "--plain", stdin="q\n")
    assert list(das_home.glob("exam-*.lock")) == []


def test_a_running_exam_keeps_its_lock_and_a_second_process_is_refused(das_home):
    first = invoke("exam", "--questions", "2", "--plain", stdin="q\n")
    assert first.code == 0
    child = spawn_das(das_home, "exam", "--resume", "--plain")
    child.expect(r"left\] > ")
    assert len(list(das_home.glob("exam-*.lock"))) == 1  # held while the exam is open
    second = subprocess.run([sys.executable, "-m", "das", "exam", "--resume", "--plain"], env=child.env,
                            input="a\n", capture_output=True, text=True, timeout=30)
    assert second.returncode == 1 and "open in another das process" in second.stderr
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert list(das_home.glob("exam-*.lock")) == []


def test_plain_commands_match_the_full_screen_keys(das_home):
    result = invoke("exam", "--questions", "3", "--seed", "2", "--plain",
                    stdin="s\nn\nnext\nback\ngoto 3\nflag\nreview\nsubmit\nn\nq\n")
    out = result.out
    assert result.code == 0
    assert out.count("Submit the exam? 3 unanswered, 0 incomplete, 0 flagged. (y/n)") == 1
    assert out.count("Submit the exam? 3 unanswered, 0 incomplete, 1 flagged. (y/n)") == 1
    assert "Question 3 flagged." in out and "Review: 0 answered" in out
    assert "s submit" in out and "r review" in out  # the help line names the same spellings
    state = json.loads(sqlite3.connect(das_home / "progress.sqlite3").execute("SELECT state FROM exams").fetchone()[0])
    assert state["current"] == 2 and state["answers"] == {}


def test_nothing_looks_chosen_in_the_quiz_list_before_the_user_acts(das_home):
    das_home.mkdir(parents=True, exist_ok=True)
    term = Terminal(["quiz", "kinesis", "--count", "1", "--seed", "5"], das_home, 80, 24)
    screen = term.wait_for("Enter answers, q stops")
    term.pump(0.3)
    options = [line for line in term.screen.display if re.match(r"^. [(\[].[)\]] [a-f]\) ", line)]
    assert options and all(line.startswith("  ( ) ") or line.startswith("  [ ] ") for line in options), screen
    term.child.send(ENTER)  # Enter with nothing chosen answers nothing
    term.wait_for("Nothing chosen yet") if "( )" in term.text() else term.wait_for("Mark exactly")
    assert "Correct." not in term.text() and "Wrong" not in term.text()
    term.child.send(DOWN)
    term.pump(0.3)
    assert any(line.startswith("> ") for line in term.screen.display)
    term.child.send("q")
    term.child.expect(pexpect.EOF)


@pytest.mark.parametrize("command", [["exam"], ["exam", "review"], ["quiz"]])
def test_help_reads_whole_at_80_columns(command, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = invoke(*command, "--help").out
    assert out and all(len(line) <= 80 for line in out.splitlines())
    assert "<parse>" not in out and "<function" not in out
    text = normalized(re.sub(r"[│╭╮╰╯─]", " ", out))
    if command == ["exam"]:
        for phrase in ("PgUp/PgDn scroll", "s or submit (asks y/n)", "◐ incomplete", "no command is spelled a-f"):
            assert phrase in text, phrase


def test_the_full_screen_help_line_never_splits_a_key(das_home):
    from das.ui.exam_layout import HELP, help_lines

    for width in (59, 79, 119):
        lines = help_lines(width)
        assert all(len(line) <= width for line in lines)
        items = [item.strip() for line in lines for item in line.split(" · ")]
        assert items == HELP.split(" · ")


def test_saves_keep_a_fixed_schedule_so_a_kill_costs_at_most_5_seconds(das_home):
    """SIGKILL gives no chance to save: only the periodic saves count. With the screen's ticks arriving a
    little late (every 1.2 s here), the saved clock never lags the real one by more than 5 s."""
    from das.content.library import load_library
    from das.flows.exam import ExamRunner, start_exam
    from das.store.progress import Progress

    lib, store = load_library(), Progress()
    exam_id, state, profile = start_exam(lib, store, "das-c01", 2, 10, 1, False)
    now = [0.0]
    runner = ExamRunner(lib, store, exam_id, state, profile, io=None, clock=lambda: now[0])  # type: ignore[arg-type]
    saved = lambda: store.conn.execute("SELECT elapsed FROM exams WHERE id = ?", (exam_id,)).fetchone()[0]  # noqa: E731
    worst = 0.0
    for step in range(1, 60):
        worst = max(worst, step * 1.2 - saved())  # a kill just before this tick loses this much
        now[0] = step * 1.2
        runner.heartbeat()
    runner.close()
    assert worst <= 5.0, worst
