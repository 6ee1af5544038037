"""Runs a timed exam: the question screen with the clock, line commands, saving after every action,
automatic submission when time runs out, and the results.

Input is read from the raw file descriptor with select(), so the clock can end the exam while the
candidate is thinking; the clock is injectable for tests.
"""

from __future__ import annotations

import os
import select
import sys
import time
from typing import Callable

from das.content.library import Library
from das.store.progress import AnswerRecord, Progress
from das.practice.exam import ExamState, score_exam
from das.ui import exam_view
from das.ui.lines import write_lines
from das.ui.prompts import parse_letters

TIMEOUT = object()


class LineReader:
    """Lines from stdin with a timeout; falls back to plain readline where there is no real descriptor."""

    def __init__(self) -> None:
        self.buffer = b""
        try:
            self.fd: int | None = sys.stdin.fileno()
        except (AttributeError, OSError, ValueError):
            self.fd = None
        except Exception:  # io.UnsupportedOperation (e.g. StringIO in tests)
            self.fd = None

    def read(self, timeout: float):
        """A line (str), '' at end of input, or TIMEOUT."""
        if self.fd is None:
            return sys.stdin.readline()
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


class ExamRunner:
    def __init__(self, library: Library, store: Progress, exam_id: int, state: ExamState, profile: dict,
                 plain: bool, clock: Callable[[], float] = time.monotonic) -> None:
        self.library, self.store, self.exam_id, self.state, self.profile = library, store, exam_id, state, profile
        self.rich = False if plain else None
        self.clock = clock
        self.mark = clock()
        self.shown_at = clock()
        self.reader = LineReader()
        self.name = f"{profile['id'].upper()} practice exam"

    # --- time and saving ------------------------------------------------------------------
    def tick(self) -> None:
        """Move the time since the last tick into elapsed and into the current question's time."""
        now = self.clock()
        self.state.elapsed += now - self.mark
        self.state.seconds[self.state.current] += now - self.mark
        self.mark = now

    def save(self) -> None:
        self.tick()
        self.store.save_exam(self.exam_id, self.state.to_json(), self.state.elapsed)

    def say(self, lines) -> None:
        write_lines(lines, use_rich=self.rich)

    def ask(self, prompt: str):
        """Show a prompt and read a line until the clock runs out: the line, '' at end of input, or TIMEOUT."""
        sys.stdout.write(prompt)
        sys.stdout.flush()
        line = self.reader.read(self.state.remaining())
        if line is TIMEOUT:
            sys.stdout.write("\n")
        elif line and not sys.stdin.isatty():
            sys.stdout.write(line.rstrip("\n") + "\n")  # echo, so a transcript reads like a session
        return line

    # --- the loop -------------------------------------------------------------------------------
    def run(self) -> str:
        """'submitted', 'timeout', 'paused' or 'interrupted'."""
        redraw = True
        try:
            while True:
                self.tick()
                if self.state.remaining() <= 0:
                    return self.submit(timed_out=True)
                if redraw:
                    p = self.state.presented(self.library, self.state.current)
                    self.say(exam_view.question_screen(self.state, p, self.name))
                redraw = True
                line = self.ask(f"[{exam_view.clock(self.state.remaining())} left] > ")
                if line is TIMEOUT:
                    return self.submit(timed_out=True)
                if line == "":
                    self.save()
                    self.say([("", ""), ("Exam paused (end of input): resume with das exam --resume", "bold")])
                    return "paused"
                result = self.command(line.strip())
                if result in ("submitted", "paused", "timeout"):
                    return result
                if result == "stay":
                    redraw = False
        except KeyboardInterrupt:
            self.save()
            self.say([("", ""), ("Exam paused: every answer is saved. Resume with das exam --resume", "bold yellow")])
            return "interrupted"

    def command(self, text: str) -> str | None:
        state = self.state
        lower = text.lower()
        words = lower.split()
        if not words:
            self.say([("Type an answer or a command: " + exam_view.COMMANDS, "yellow")])
            return "stay"
        if words[0] in ("answer", "ans", "change") and len(words) > 1:  # "answer b", "change a,c"
            text, words = " ".join(words[1:]), words[1:]
        elif words[:2] == ["go", "to"]:  # "go to 12"
            words = ["g"] + words[2:]
        head = words[0]
        if head in ("n", "next", "s", "skip"):
            self.move(state.current + 1)
        elif head in ("p", "prev", "previous", "back"):
            self.move(state.current - 1)
        elif head in ("f", "flag", "unflag", "mark"):
            flagged = state.toggle_flag(state.current)
            self.save()
            self.say([(f"Question {state.current + 1} {'flagged' if flagged else 'unflagged'}.", "yellow")])
            return "stay"
        elif head in ("g", "goto", "go") or (head.isdigit() and len(words) == 1):
            target = words[1] if head in ("g", "goto", "go") and len(words) > 1 else head
            if not target.isdigit() or not 1 <= int(target) <= state.count:
                self.say([(f"Go to which question? Use g N with N from 1 to {state.count}.", "yellow")])
                return "stay"
            self.move(int(target) - 1)
        elif head in ("c", "clear"):
            state.answers.pop(state.current, None)
            self.save()
            self.say([(f"Answer to question {state.current + 1} cleared.", "yellow")])
            return "stay"
        elif head in ("r", "review"):
            self.save()
            self.say(exam_view.review_screen(state, self.name))
            return "stay"
        elif head in ("submit", "end", "finish"):
            return self.confirm_submit()
        elif head in ("q", "quit", "pause"):
            self.save()
            self.say([("", ""), ("Exam paused: resume with das exam --resume (the clock stops while paused).", "bold")])
            return "paused"
        elif head in ("h", "help", "?"):
            self.say([(exam_view.COMMANDS, "")])
            return "stay"
        else:
            p = state.presented(self.library, state.current)
            letters, problem = parse_letters(text, p)
            if letters is None:
                self.say([(f"  {problem}; or a command: {exam_view.COMMANDS}", "yellow")])
                return "stay"
            state.answer(state.current, letters)
            self.save()
            if state.current + 1 < state.count:
                self.move(state.current + 1)
            else:
                self.say(exam_view.review_screen(state, self.name))
                return "stay"
        return None

    def move(self, index: int) -> None:
        self.tick()
        if index >= self.state.count:
            self.say(exam_view.review_screen(self.state, self.name))
            return
        self.state.current = max(0, index)
        self.save()

    def confirm_submit(self) -> str | None:
        self.save()
        unanswered, flagged = len(self.state.unanswered()), len(self.state.flagged)
        line = self.ask(f"Submit the exam? {unanswered} unanswered, {flagged} flagged. (y/n) ")
        if line is TIMEOUT:
            return self.submit(timed_out=True)
        if line and line.strip().lower() in ("y", "yes"):
            return self.submit(timed_out=False)
        self.say([("Not submitted.", "yellow")])
        return "stay"

    def submit(self, timed_out: bool) -> str:
        self.tick()
        if timed_out:
            self.state.elapsed = min(self.state.elapsed, self.state.time_limit)
        result = score_exam(self.library, self.state, self.profile)
        session_id = self.store.start_session("exam", {"exam_id": self.exam_id, "profile": self.profile["id"]})
        for index, letters in sorted(self.state.answers.items()):
            p = self.state.presented(self.library, index)
            keys = tuple(sorted(p.key_for(l) for l in letters))
            q = p.question
            self.store.record_answer(session_id, AnswerRecord(q.id, q.topic, q.das_domain, q.dea_domain, keys,
                                                              result.correct[index], self.state.seconds[index]))
        self.store.end_session(session_id)
        self.store.finish_exam(self.exam_id, self.state.to_json(), self.state.elapsed, result.as_json())
        self.say(exam_view.result_lines(result, self.exam_id, timed_out))
        return "timeout" if timed_out else "submitted"
