"""The line-based exam interface (terminal colours or plain text): implements das.flows.ports.ExamIO.

Input is read from the raw file descriptor with select(), so the clock can end the exam while the
candidate is thinking.
"""

from __future__ import annotations

import os
import select
import sys
import time

from das.content.terminal import visible
from das.flows.ports import TIMEOUT, Reply
from das.practice.exam import ExamResult, ExamState
from das.practice.scoring import Presented
from das.ui import exam_view
from das.ui.lines import write_lines


class LineReader:
    """Lines from stdin with a timeout; falls back to plain readline where there is no real descriptor."""

    def __init__(self) -> None:
        self.buffer = b""
        self.fd: int | None
        try:
            self.fd = sys.stdin.fileno()
        except Exception:  # no descriptor: io.UnsupportedOperation (StringIO in tests), OSError, ValueError
            self.fd = None

    def read(self, timeout: float) -> Reply:
        """A line (str), '' at end of input, or TIMEOUT. Bytes that are not UTF-8 are replaced, never raised."""
        if self.fd is None:
            from das.ui.prompts import read_stdin_line

            return read_stdin_line()
        deadline = time.monotonic() + max(0.0, timeout)
        while b"\n" not in self.buffer:
            wait = deadline - time.monotonic()
            if wait <= 0:
                return TIMEOUT
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                return TIMEOUT
            chunk = os.read(self.fd, 4096)
            if not chunk:
                line, self.buffer = self.buffer, b""
                return line.decode("utf-8", "replace")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode("utf-8", "replace") + "\n"


class LineExamIO:
    """The exam as lines of text: coloured on a terminal, plain for scripts and screen readers."""

    def __init__(self, plain: bool, content_dirs: tuple[str, ...] = ()) -> None:
        self.rich = False if plain else None
        self.content_dirs = tuple(content_dirs)  # repeated in the das commands the result names
        self.reader = LineReader()
        self.state: ExamState | None = None

    def _write(self, lines: list) -> None:
        write_lines(lines, use_rich=self.rich)

    def question(self, state: ExamState, p: Presented, name: str) -> None:
        """The status line with the clock, the question and its options, and the commands."""
        self.state = state
        self._write(exam_view.question_screen(state, p, name))

    def review(self, state: ExamState, name: str) -> None:
        """Answered, unanswered and flagged questions."""
        self._write(exam_view.review_screen(state, name))

    def result(self, result: ExamResult, exam_id: int, timed_out: bool) -> None:
        """Score, pass or fail, per-domain results and what to practise next."""
        self._write(exam_view.result_lines(result, exam_id, timed_out, self.content_dirs))

    def say(self, text: str, style: str = "") -> None:
        """One status line."""
        self._write([(text, style)])

    def read(self, prompt: str | None, timeout: float) -> Reply:
        """The prompt, with the time left, then one line or TIMEOUT (None: no new prompt)."""
        if prompt == "> " and self.state is not None:
            prompt = f"[{exam_view.clock(self.state.remaining())} left] > "
        if prompt is not None:
            sys.stdout.write(prompt)
            sys.stdout.flush()
        line = self.reader.read(timeout)
        if line is TIMEOUT:
            pass  # the runner saves and waits again, or ends the exam (its result starts on a new line)
        elif isinstance(line, str) and line and not sys.stdin.isatty():
            sys.stdout.write(visible(line.rstrip("\n")) + "\n")  # echo, so a transcript reads like a session
        return line


def ask_paused(summary: str) -> str | None:
    """Ask what to do with a paused exam: 'resume', 'abandon' or None (do nothing)."""
    import questionary

    choice = questionary.select(
        summary, choices=[questionary.Choice("Resume it", "resume"),
                          questionary.Choice("Abandon it and start a new exam", "abandon"),
                          questionary.Choice("Do nothing for now", "cancel")],
        instruction="(arrows, enter)").unsafe_ask()
    return None if choice in (None, "cancel") else choice


def ask_beside(summary: str) -> bool:
    """Ask whether to start a new exam while another is open in another das process: True to start."""
    import questionary

    choice = questionary.select(
        summary, choices=[questionary.Choice("Start a new exam beside it", "start"),
                          questionary.Choice("Do nothing for now", "cancel")],
        instruction="(arrows, enter)").unsafe_ask()
    return choice == "start"
