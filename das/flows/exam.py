"""Runs a timed exam: the question screen with the clock, commands, saving after every action and at
least every SAVE_EVERY seconds, saving on SIGTERM/SIGHUP, automatic submission when time runs out, and
the results.

The screen and the keyboard belong to the `ExamIO` it is given (das.ui): the line-based one calls
`run()`; the full-screen one drives the runner's actions (`choose`, `move`, `flag`, `heartbeat`,
`submit`, ...) itself. Either way every rule lives here. The clock is injectable for tests.
"""

from __future__ import annotations

import signal
import time
from typing import Any, Callable

from das.errors import Hangup  # noqa: F401 (das.ui.exam_screen imports it from here)
from das.content.library import Library
from das.flows.ports import TIMEOUT, ExamIO
from das.practice.clock import exam_clock
from das.practice.exam import ExamState, score_exam
from das.practice.scoring import fewer_letters, parse_letters
from das.flows.exam_start import (abandon_exam, paused_exam, resume_exam, running_exam,  # noqa: F401
                                  scaled_minutes, start_exam)
from das.store import exams
from das.store.progress import AnswerRecord, Progress


# The promise: a closed terminal or a kill costs at most 5 s of clock. Saves run on a fixed
# schedule from the monotonic clock (every SAVE_EVERY seconds since the runner started, not "SAVE_EVERY
# after the last save finished", which drifts), with a second of margin for a slow save or a late tick;
# SIGTERM and SIGHUP save at once.
SAVE_EVERY = 4.0


# No command is spelled like an option letter (a-f): a letter typed alone is always an answer. The
# spellings match the full-screen keys (das.ui.exam_layout.HELP): s submits there and here.
COMMANDS = ("type a letter (or a,c) to answer or change, n next, p previous, m flag, g N go to, "
            "x clear, r review, s submit, q pause, h help")


class ExamRunner:
    """One exam from its current question to submission, a pause or an interruption."""

    def __init__(self, library: Library, store: Progress, exam_id: int, state: ExamState, profile: dict,
                 io: ExamIO, clock: Callable[[], float] = time.monotonic,
                 resume_command: str = "das exam --resume", review_command: str = "") -> None:
        self.library, self.store, self.exam_id, self.state, self.profile = library, store, exam_id, state, profile
        self.resume_command = resume_command  # printed on pause, with the --content-dir folders in use
        self.review_command = review_command or f"das exam review {exam_id}"
        self.io = io
        self.clock = clock
        self.mark = clock()
        self.next_save = self.mark + SAVE_EVERY  # the fixed save schedule (see SAVE_EVERY)
        self.hangup_signal = 0  # SIGTERM or SIGHUP that ended the run, if any
        self.submitted = False  # this process committed the submission (a later signal must not save)
        self.lock = exams.lock_exam(store, exam_id)  # ExamBusy if another process has it open
        state.select_counts = [state.presented(library, i).select_count for i in range(state.count)]
        self.name = f"{profile['id'].upper()} practice exam"
        # command word -> handler; a handler returns an outcome, "stay" (no redraw) or None (redraw)
        self.handlers: dict[str, Callable[[list[str]], str | None]] = {}
        for words, handler in (
            (("n", "next", "skip"), self._next),
            (("p", "prev", "previous", "back"), self._previous),
            (("m", "mark", "flag", "unflag"), self._flag),
            (("g", "goto", "go"), self._goto),
            (("x", "clear"), self._clear),
            (("r", "review"), self._review),
            (("s", "submit", "end", "finish"), self._submit_command),
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
        """Tick, then write the state and elapsed time to the store. Raises StateError when the exam
        is no longer in progress (never a silent loss)."""
        self.tick()
        exams.save_exam(self.store, self.exam_id, self.state.to_json(), self.state.elapsed)

    def heartbeat(self) -> bool:
        """Call often (at least every second): ticks the clock and saves when the fixed schedule says
        so (every SAVE_EVERY seconds of the monotonic clock). Returns True when time is up."""
        self.tick()
        if self.mark >= self.next_save:
            self.save()
            while self.next_save <= self.mark:
                self.next_save += SAVE_EVERY
        return self.state.remaining() <= 0

    def until_save(self) -> float:
        """Seconds until the next scheduled save (0 when it is due)."""
        return max(0.0, self.next_save - self.clock())

    def close(self) -> None:
        """Release this process's lock on the exam."""
        self.lock.close()

    def handle_signals(self) -> Callable[[], None]:
        """SIGTERM and SIGHUP raise Hangup (then the exam is saved and paused); returns the undo."""
        def raise_hangup(signum, _frame):
            raise Hangup(signum)

        previous = {}
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) != signal.SIG_IGN:  # nohup: stays ignored
                previous[number] = signal.signal(number, raise_hangup)

        def restore() -> None:
            for number, handler in previous.items():
                signal.signal(number, handler)
        return restore

    def save_on_hangup(self) -> None:
        """After Hangup: ignore further signals while saving once more. When the signal came just after
        this process submitted the exam (the commit done, the result not yet all shown) there is nothing
        to save: `submitted` is set and hangup_message() says so."""
        from das.errors import StateError

        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None:
                signal.signal(number, signal.SIG_IGN)
        if self.submitted:
            return
        try:
            self.save()
        except StateError:
            row = self.store.exam(self.exam_id)  # the lock is ours: only this process can have submitted it
            if row is None or row["status"] != "submitted":
                raise
            self.submitted = True

    def hangup_message(self) -> str:
        """What is true after SIGTERM/SIGHUP: the exam saved and resumable, or submitted by this process."""
        if self.submitted:
            return (f"Exam {self.exam_id} was submitted before the signal arrived; see its result with "
                    f"{self.review_command}")
        return (f"Exam saved with {exam_clock(self.state.remaining())} left: resume with {self.resume_command}")

    # --- the loop -------------------------------------------------------------------------------
    def run(self) -> str:
        """The line-based exam: 'submitted', 'timeout', 'paused', 'interrupted' or 'hangup'."""
        restore = self.handle_signals()
        try:
            return self._run()
        except Hangup as hangup:
            self.hangup_signal = hangup.signum
            self.save_on_hangup()
            return "hangup"
        finally:
            restore()
            self.close()

    def read(self, prompt: str) -> Any:
        """One line, saving on the schedule while the user thinks; TIMEOUT when time is up."""
        line = self.io.read(prompt, min(self.state.remaining(), self.until_save()))
        while line is TIMEOUT:
            if self.heartbeat():
                return TIMEOUT
            line = self.io.read(None, min(self.state.remaining(), self.until_save()))
        return line

    def _run(self) -> str:
        redraw = True
        try:
            while True:
                self.tick()
                if self.state.remaining() <= 0:
                    return self.submit(timed_out=True)
                if redraw:
                    self.io.question(self.state, self.state.presented(self.library, self.state.current), self.name)
                line = self.read("> ")
                if line is TIMEOUT:
                    return self.submit(timed_out=True)
                assert isinstance(line, str)
                if line == "":
                    self.save()
                    self.io.say("")
                    self.io.say(f"Exam paused (end of input): resume with {self.resume_command}", "bold")
                    return "paused"
                result = self.command(line.strip())
                if result in ("submitted", "paused", "timeout"):
                    return result
                redraw = result != "stay"
        except Hangup:
            raise  # run() saves and reports it
        except KeyboardInterrupt:
            self.save()
            self.io.say("")
            self.io.say(f"Exam paused: every answer is saved. Resume with {self.resume_command}", "bold yellow")
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
        p = state.presented(self.library, state.current)
        letters, problem = parse_letters(text, p)
        partial = fewer_letters(text, p)
        if letters is None and partial:  # as on the full screen: saved, marked incomplete, not answered
            state.answer(state.current, partial)
            self.save()
            more = p.select_count - len(partial)
            self.io.say(f"Saved as incomplete: question {state.current + 1} asks you to select {p.select_word}; "
                        f"{len(partial)} chosen, {more} more needed (type all of them, like "
                        f"{','.join(p.display_letters[:p.select_count])}). It counts as unanswered and "
                        "scores wrong until then.", "yellow")
            return "stay"
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
        self.io.say(f"Exam paused: resume with {self.resume_command} (the clock stops while paused).", "bold")
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
        line = self.read(f"Submit the exam? {submit_counts(self.state)}. (y/n) ")
        if line is TIMEOUT:
            return self.submit(timed_out=True)
        if isinstance(line, str) and line.strip().lower() in ("y", "yes"):
            return self.submit(timed_out=False)
        self.io.say("Not submitted.", "yellow")
        return "stay"

    def choose(self, letters: list[str]) -> None:
        """Set the current question's answer (display letters; empty clears it) and save."""
        if letters:
            self.state.answer(self.state.current, letters)
        else:
            self.state.answers.pop(self.state.current, None)
        self.save()

    def toggle(self, letter: str) -> None:
        """Full-screen keys: a letter picks it on a single-answer question and toggles it on a
        multiple-response one (at most as many as the question asks for)."""
        p = self.state.presented(self.library, self.state.current)
        if letter not in p.display_letters:
            return
        if not p.question.multiple:
            self.choose([letter])
            return
        chosen = list(self.state.answers.get(self.state.current, []))
        if letter in chosen:
            chosen.remove(letter)
        elif len(chosen) < p.select_count:
            chosen.append(letter)
        else:
            self.io.say(f"Select {p.select_word}: un-choose one first.", "yellow")
            return
        self.choose(chosen)

    def flag(self) -> bool:
        """Flag or unflag the current question; True when now flagged."""
        flagged = self.state.toggle_flag(self.state.current)
        self.save()
        return flagged

    def go(self, index: int) -> None:
        """Go to question `index` (0-based, clamped to the exam) and save."""
        self.tick()
        self.state.current = max(0, min(self.state.count - 1, index))
        self.save()

    def pause(self) -> None:
        """Save everything; the clock stops until `das exam --resume`."""
        self.save()

    def records(self, correct: list[bool]) -> list[AnswerRecord]:
        """One record per question; an unanswered one has no choice and counts as missed."""
        out = []
        for index in range(self.state.count):
            p = self.state.presented(self.library, index)
            keys = tuple(sorted(p.key_for(letter) for letter in self.state.answers.get(index, [])))
            q = p.question
            out.append(AnswerRecord(q.id, q.topic, q.das_domain, q.dea_domain, keys, correct[index],
                                    self.state.seconds[index]))
        return out

    def finish(self, timed_out: bool) -> Any:
        """Score and record the exam in one transaction; returns the ExamResult."""
        self.tick()
        if timed_out:
            self.state.elapsed = min(self.state.elapsed, self.state.time_limit)
        result = score_exam(self.library, self.state, self.profile)
        exams.submit_exam(self.store, self.exam_id, self.state.to_json(), self.state.elapsed, result.as_json(),
                          self.records(result.correct), {"exam_id": self.exam_id, "profile": self.profile["id"]})
        self.submitted = True
        return result

    def submit(self, timed_out: bool) -> str:
        """Score the exam, record every question (unanswered ones as missed) and finish it, all in one
        transaction; show the result; returns 'timeout' or 'submitted'."""
        result = self.finish(timed_out)
        self.io.result(result, self.exam_id, timed_out)
        return "timeout" if timed_out else "submitted"


def submit_counts(state: ExamState) -> str:
    """'2 unanswered, 1 incomplete, 1 flagged': what the submit confirmation warns about (an incomplete
    question has fewer options chosen than it asks for, and scores wrong)."""
    return f"{len(state.unanswered())} unanswered, {len(state.incomplete())} incomplete, {len(state.flagged)} flagged"


def _is_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts superscripts that int() refuses."""
    return text.isascii() and text.isdigit()
