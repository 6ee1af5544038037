"""Runs a timed exam: the question screen with the clock, commands, saving after every action,
automatic submission when time runs out, and the results.

The screen and the keyboard belong to the `ExamIO` it is given (das.ui); its clock is injectable for tests.
"""

from __future__ import annotations

import json
import math
import time
from typing import Any, Callable

from das.content.library import Library
from das.errors import UsageError
from das.flows.ports import TIMEOUT, ExamIO
from das.practice.exam import ExamState, draw_questions, exam_profile, score_exam
from das.practice.scoring import parse_letters
from das.store.progress import AnswerRecord, Progress

MAX_MINUTES = 24 * 60
# No command is spelled like an option letter (a-f): a letter typed alone is always an answer.
COMMANDS = ("type a letter (or a,c) to answer or change, n next/skip, p previous, m flag, g N go to, "
            "x clear, r review, submit, q pause, h help")


def start_exam(library: Library, store: Progress, profile_id: str, questions: int | None,
               minutes: float | None, seed: int | None, user_only: bool = False) -> tuple[int, ExamState, dict[str, Any]]:
    """Draw a new exam and save it: (exam id, state, profile). Raises UsageError for a bad profile,
    count or time limit (minutes in (0, 1440]).

    user_only: draw only from the user content folders' questions (e.g. an imported bank); by default
    as many as the profile asks or the folders hold, with the profile's time per question."""
    profile = exam_profile(library, profile_id.lower())
    only = None
    count = questions if questions is not None else profile["questions"]
    limit_minutes = minutes if minutes is not None else profile["minutes"]
    if user_only:
        only = set(library.user_questions)
        if not only:
            raise UsageError("--content-dir-only: the content folders (--content-dir, DAS_CONTENT) hold no questions")
        if questions is None:
            count = min(profile["questions"], len(only))
        if minutes is None:
            limit_minutes = math.ceil(profile["minutes"] * count / profile["questions"])
    if not limit_minutes > 0:
        raise UsageError(f"--minutes must be greater than 0, got {limit_minutes}")
    if limit_minutes > MAX_MINUTES:
        raise UsageError(f"--minutes must be at most {MAX_MINUTES}, got {limit_minutes}")
    drawn = draw_questions(library, profile, count, seed, only)
    state = ExamState.new(profile["id"], drawn, limit_minutes * 60, seed)
    exam_id = store.create_exam(profile["id"], state.to_json(), state.time_limit)
    return exam_id, state, profile


def resume_exam(library: Library, store: Progress) -> tuple[int, ExamState, dict[str, Any]]:
    """The paused exam with its saved answers and time: (exam id, state, profile).
    Raises UsageError when there is none, or when its questions left the bank."""
    row = store.latest_exam("in_progress")
    if row is None:
        raise UsageError("there is no interrupted exam to resume; start one with 'das exam'")
    from das.flows.exam_rows import load_state

    state = load_state(store, row, library)
    missing = [q for q in state.question_ids if q not in library.questions]
    if missing:
        raise UsageError(f"the interrupted exam uses questions no longer in the bank ({missing[0]}); start a new exam")
    return row["id"], state, exam_profile(library, state.profile)


class ExamRunner:
    """One exam from its current question to submission, a pause or an interruption."""

    def __init__(self, library: Library, store: Progress, exam_id: int, state: ExamState, profile: dict,
                 io: ExamIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.library, self.store, self.exam_id, self.state, self.profile = library, store, exam_id, state, profile
        self.io = io
        self.clock = clock
        self.mark = clock()
        self.name = f"{profile['id'].upper()} practice exam"
        # command word -> handler; a handler returns an outcome, "stay" (no redraw) or None (redraw)
        self.handlers: dict[str, Callable[[list[str]], str | None]] = {}
        for words, handler in (
            (("n", "next", "s", "skip"), self._next),
            (("p", "prev", "previous", "back"), self._previous),
            (("m", "mark", "flag", "unflag"), self._flag),
            (("g", "goto", "go"), self._goto),
            (("x", "clear"), self._clear),
            (("r", "review"), self._review),
            (("submit", "end", "finish"), self._submit_command),
            (("q", "quit", "pause"), self._pause),
            (("h", "help", "?"), self._help),
        ):
            for word in words:
                self.handlers[word] = handler

    # --- time and saving ------------------------------------------------------------------
    def tick(self) -> None:
        """Move the time since the last tick into elapsed and into the current question's time."""
        now = self.clock()
        self.state.elapsed += now - self.mark
        self.state.seconds[self.state.current] += now - self.mark
        self.mark = now

    def save(self) -> None:
        """Tick, then write the state and elapsed time to the store."""
        self.tick()
        self.store.save_exam(self.exam_id, self.state.to_json(), self.state.elapsed)

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
                    self.io.question(self.state, self.state.presented(self.library, self.state.current), self.name)
                line = self.io.read("> ", self.state.remaining())
                if line is TIMEOUT:
                    return self.submit(timed_out=True)
                assert isinstance(line, str)
                if line == "":
                    self.save()
                    self.io.say("")
                    self.io.say("Exam paused (end of input): resume with das exam --resume", "bold")
                    return "paused"
                result = self.command(line.strip())
                if result in ("submitted", "paused", "timeout"):
                    return result
                redraw = result != "stay"
        except KeyboardInterrupt:
            self.save()
            self.io.say("")
            self.io.say("Exam paused: every answer is saved. Resume with das exam --resume", "bold yellow")
            return "interrupted"

    def command(self, text: str) -> str | None:
        """Carry out one typed line: an answer (letters always win) or a command word."""
        words = text.lower().split()
        if not words:
            self.io.say("Type an answer or a command: " + COMMANDS, "yellow")
            return "stay"
        if words[0] in ("answer", "ans", "change") and len(words) > 1:  # "answer b", "change a,c"
            return self._answer(" ".join(words[1:]))
        if words[:2] == ["go", "to"]:  # "go to 12"
            words = ["g"] + words[2:]
        p = self.state.presented(self.library, self.state.current)
        letters, _problem = parse_letters(text, p)
        if letters is not None or words[0] not in self.handlers and not _is_number(words[0]):
            return self._answer(text)
        if _is_number(words[0]) and len(words) == 1:
            return self._goto(["g", words[0]])
        return self.handlers[words[0]](words)

    # --- handlers -------------------------------------------------------------------------------
    def _answer(self, text: str) -> str | None:
        state = self.state
        letters, problem = parse_letters(text, state.presented(self.library, state.current))
        if letters is None:
            self.io.say(f"  {problem}; or a command: {COMMANDS}", "yellow")
            return "stay"
        state.answer(state.current, letters)
        self.save()
        if state.current + 1 < state.count:
            self.move(state.current + 1)
            return None
        self.io.review(state, self.name)
        return "stay"

    def _next(self, words: list[str]) -> str | None:
        self.move(self.state.current + 1)
        return None

    def _previous(self, words: list[str]) -> str | None:
        self.move(self.state.current - 1)
        return None

    def _flag(self, words: list[str]) -> str | None:
        flagged = self.state.toggle_flag(self.state.current)
        self.save()
        self.io.say(f"Question {self.state.current + 1} {'flagged' if flagged else 'unflagged'}.", "yellow")
        return "stay"

    def _goto(self, words: list[str]) -> str | None:
        target = words[1] if len(words) > 1 else ""
        if not _is_number(target) or not 1 <= int(target) <= self.state.count:
            self.io.say(f"Go to which question? Use g N with N from 1 to {self.state.count}.", "yellow")
            return "stay"
        self.move(int(target) - 1)
        return None

    def _clear(self, words: list[str]) -> str | None:
        self.state.answers.pop(self.state.current, None)
        self.save()
        self.io.say(f"Answer to question {self.state.current + 1} cleared.", "yellow")
        return "stay"

    def _review(self, words: list[str]) -> str | None:
        self.save()
        self.io.review(self.state, self.name)
        return "stay"

    def _submit_command(self, words: list[str]) -> str | None:
        return self.confirm_submit()

    def _pause(self, words: list[str]) -> str | None:
        self.save()
        self.io.say("")
        self.io.say("Exam paused: resume with das exam --resume (the clock stops while paused).", "bold")
        return "paused"

    def _help(self, words: list[str]) -> str | None:
        self.io.say(COMMANDS)
        return "stay"

    # --- moving and submitting ------------------------------------------------------------------
    def move(self, index: int) -> None:
        """Go to question `index` (0-based); past the last one shows the review screen."""
        self.tick()
        if index >= self.state.count:
            self.io.review(self.state, self.name)
            return
        self.state.current = max(0, index)
        self.save()

    def confirm_submit(self) -> str | None:
        """Ask before submitting; the clock keeps running while the question is open."""
        self.save()
        unanswered, flagged = len(self.state.unanswered()), len(self.state.flagged)
        line = self.io.read(f"Submit the exam? {unanswered} unanswered, {flagged} flagged. (y/n) ",
                            self.state.remaining())
        if line is TIMEOUT:
            return self.submit(timed_out=True)
        if isinstance(line, str) and line.strip().lower() in ("y", "yes"):
            return self.submit(timed_out=False)
        self.io.say("Not submitted.", "yellow")
        return "stay"

    def submit(self, timed_out: bool) -> str:
        """Score the exam, record every answer, finish it; returns 'timeout' or 'submitted'."""
        self.tick()
        if timed_out:
            self.state.elapsed = min(self.state.elapsed, self.state.time_limit)
        result = score_exam(self.library, self.state, self.profile)
        session_id = self.store.start_session("exam", {"exam_id": self.exam_id, "profile": self.profile["id"]})
        for index, letters in sorted(self.state.answers.items()):
            p = self.state.presented(self.library, index)
            keys = tuple(sorted(p.key_for(letter) for letter in letters))
            q = p.question
            self.store.record_answer(session_id, AnswerRecord(q.id, q.topic, q.das_domain, q.dea_domain, keys,
                                                              result.correct[index], self.state.seconds[index]))
        self.store.end_session(session_id)
        self.store.finish_exam(self.exam_id, self.state.to_json(), self.state.elapsed, result.as_json())
        self.io.result(result, self.exam_id, timed_out)
        return "timeout" if timed_out else "submitted"


def _is_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts superscripts that int() refuses."""
    return text.isascii() and text.isdigit()
