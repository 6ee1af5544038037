"""The full-screen exam on a terminal (prompt_toolkit), like the real test's screen.

The question and its options wrapped to the terminal width (60 columns and up), a clock that ticks every
second, a navigator with every question answered (✓), unanswered (·) or flagged (⚑), a review screen,
a submit confirmation and a help line. Every rule (saving, time, scoring, submitting) stays in
das.flows.exam.ExamRunner: this module only maps keys to the runner's actions and draws its state.

Keys: a-f (or Space on the highlighted option) choose, or toggle on "Select TWO" questions; Up/Down
move the highlight; n, Right or Enter next; p or Left previous; m flag; x clear; g or a number then
Enter go to a question; r review screen; s submit (asks y/n); q pause; ? help. A letter on screen is
always an answer: no command is spelled a-f.
"""

from __future__ import annotations

import signal
from typing import Any

from das.practice.exam import ExamResult, ExamState
from das.practice.scoring import Presented
from das.ui import exam_view

from das.ui.exam_layout import HELP, HELP_LONG, navigator, question_body, review_body, wrap  # noqa: F401

class FullScreenExamIO:
    """das.flows.ports.ExamIO for the full-screen exam: status messages go to the screen's message line;
    the result is kept and printed after the screen closes."""

    def __init__(self, content_dirs: tuple[str, ...] = ()) -> None:
        self.message: tuple[str, str] = ("", "")
        self.final: tuple[ExamResult, int, bool] | None = None
        self.content_dirs = tuple(content_dirs)  # repeated in the das commands printed after the screen

    def question(self, state: ExamState, p: Presented, name: str) -> None:
        """The screen redraws itself; nothing to do."""

    def review(self, state: ExamState, name: str) -> None:
        """The screen has its own review mode; nothing to do."""

    def result(self, result: ExamResult, exam_id: int, timed_out: bool) -> None:
        """Kept until the screen closes, then printed."""
        self.final = (result, exam_id, timed_out)

    def say(self, text: str, style: str = "") -> None:
        """Shown on the message line."""
        self.message = (text, style)

    def read(self, prompt: str | None, timeout: float) -> Any:
        """Never used: the full-screen exam reads keys, not lines. Always raises RuntimeError."""
        raise RuntimeError("the full-screen exam reads keys, not lines")

    # -------------------------------------------------------------------------------------------
    def run(self, runner: Any) -> str:
        """Show the exam until it is submitted, paused, interrupted or hung up; print the result.
        Returns the runner's outcome words: 'submitted', 'timeout', 'paused', 'interrupted' or 'hangup'."""
        try:
            outcome = _Screen(runner, self).run()
        finally:
            runner.close()
        from das.ui.lines import write_lines

        if self.final is not None:
            result, exam_id, timed_out = self.final
            write_lines(exam_view.result_lines(result, exam_id, timed_out, self.content_dirs), use_rich=True)
        elif outcome == "paused":
            write_lines([(f"Exam paused with {exam_view.clock(runner.state.remaining())} left: every answer is "
                          f"saved. Resume with {runner.resume_command}", "bold")], use_rich=True)
        elif outcome == "interrupted":
            write_lines([(f"Exam paused: every answer is saved. Resume with {runner.resume_command}", "bold yellow")],
                        use_rich=True)
        return outcome


class _Screen:
    def __init__(self, runner: Any, io: FullScreenExamIO) -> None:
        self.runner, self.io = runner, io
        self.state: ExamState = runner.state
        self.mode = "question"  # question | review | confirm | goto | help
        self.back = "question"  # where goto/help/confirm return to
        self.cursor = 0
        self.digits = ""
        self.app: Any = None

    # --- drawing -------------------------------------------------------------------------------
    def width(self) -> int:
        return max(20, self.app.output.get_size().columns - 1)

    def presented(self) -> Presented:
        return self.state.presented(self.runner.library, self.state.current)

    def header(self) -> list[tuple[str, str]]:
        s = self.state
        text = (f" {self.runner.name} · {exam_view.clock(s.remaining())} left · "
                f"answered {len(s.answers)}/{s.count} · flagged {len(s.flagged)}")
        return [("reverse bold", text.ljust(self.width() + 1))]

    def showing(self) -> str:
        """What the body shows: help, review or question."""
        if self.mode == "help":
            return "help"
        if self.mode == "review" or self.back == "review" and self.mode in ("goto", "confirm"):
            return "review"
        return "question"

    def body(self) -> list[tuple[str, str]]:
        width = self.width()
        if self.showing() == "help":
            lines = [("bold", "Keys")] + [("", l) for text in HELP_LONG for l in wrap(text, width)]
        elif self.showing() == "review":
            lines = review_body(self.state, width)
        else:
            lines, _ = question_body(self.state, self.presented(), self.cursor, width)
        out: list[tuple[str, str]] = []
        for style, line in lines:
            out += [(style, line), ("", "\n")]
        return out

    def body_cursor(self) -> Any:
        from prompt_toolkit.data_structures import Point

        if self.showing() == "question":
            _, line = question_body(self.state, self.presented(), self.cursor, self.width())
            return Point(0, line)
        return Point(0, 0)

    def message(self) -> list[tuple[str, str]]:
        if self.mode == "goto":
            return [("bold", f"Go to question (1-{self.state.count}), Enter to go, Esc to cancel: {self.digits}")]
        if self.mode == "confirm":
            return [("bold fg:ansiyellow", f"Submit the exam? {len(self.state.unanswered())} unanswered, "
                                            f"{len(self.state.flagged)} flagged. (y/n)")]
        text, style = self.io.message
        return [(_pt_style(style), text)]

    def nav_lines(self) -> list[str]:
        """The navigator: every row on a tall terminal, one row around the current question below 40 rows."""
        rows = self.app.output.get_size().rows
        return navigator(self.state, self.width(), None if rows >= 40 else 1)

    def help_lines(self) -> list[str]:
        return wrap(HELP, self.width())

    # --- running -------------------------------------------------------------------------------
    def run(self) -> str:
        from prompt_toolkit.application import Application
        from prompt_toolkit.layout import HSplit, Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl
        from prompt_toolkit.layout.dimension import Dimension

        def lines_text(get):
            return lambda: [("", "\n".join(get()))]

        body = Window(FormattedTextControl(self.body, get_cursor_position=self.body_cursor, focusable=True,
                                           show_cursor=False), wrap_lines=False)
        layout = Layout(HSplit([
            Window(FormattedTextControl(self.header), height=1),
            body,
            Window(FormattedTextControl(self.message), height=1),
            Window(FormattedTextControl(lines_text(self.nav_lines), style="class:nav"),
                   height=lambda: Dimension.exact(len(self.nav_lines()))),
            Window(FormattedTextControl(lines_text(self.help_lines)), style="fg:ansibrightblack",
                   height=lambda: Dimension.exact(len(self.help_lines()))),
        ]), focused_element=body)
        self.app = Application(layout=layout, key_bindings=self.bindings(), full_screen=True, mouse_support=False,
                               erase_when_done=True)
        restore = self.runner.handle_signals()  # until the loop takes SIGTERM/SIGHUP over
        try:
            return self.app.run(pre_run=self.pre_run, handle_sigint=False)
        except BaseException as exc:  # Hangup before the loop started, or a save that failed
            from das.flows.exam import Hangup

            if isinstance(exc, Hangup):
                self.runner.hangup_signal = exc.signum
                self.runner.save_on_hangup()
                return "hangup"
            raise
        finally:
            restore()

    def pre_run(self) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None:
                loop.add_signal_handler(number, self.hangup, number)
        self.app.create_background_task(self.ticker())

    def hangup(self, signum: int) -> None:
        self.runner.hangup_signal = signum
        self.runner.save_on_hangup()
        self.exit("hangup")

    def exit(self, outcome: str) -> None:
        if not self.app.is_done:
            self.app.exit(result=outcome)

    async def ticker(self) -> None:
        import asyncio

        while True:
            await asyncio.sleep(1 - (self.state.elapsed % 1) if self.state.remaining() > 1 else 0.2)
            try:
                if self.runner.heartbeat():
                    self.runner.submit(timed_out=True)
                    self.exit("timeout")
                    return
            except Exception as exc:  # a save that failed: show it after the screen closes
                if not self.app.is_done:
                    self.app.exit(exception=exc)
                return
            self.app.invalidate()

    def act(self, action, *args) -> None:
        """Run a runner action; a failed save ends the screen with its message."""
        try:
            action(*args)
        except Exception as exc:
            if not self.app.is_done:
                self.app.exit(exception=exc)

    def bindings(self) -> Any:
        from prompt_toolkit.keys import Keys
        from prompt_toolkit.key_binding import KeyBindings

        kb = KeyBindings()

        @kb.add(Keys.Any)
        def _(event) -> None:
            key = event.key_sequence[0].key
            data = event.key_sequence[0].data
            self.key(key, data)

        for special in ("up", "down", "left", "right", "enter", "escape", "space", "c-c", "backspace"):
            kb.add(special)(lambda event, name=special: self.key(name, ""))
        return kb

    def key(self, name: str, data: str) -> None:
        r, s = self.runner, self.state
        self.io.message = ("", "")
        if name == "c-c":
            self.act(r.pause)
            self.exit("interrupted")
            return
        if self.mode == "help":
            self.mode = self.back
            return
        if self.mode == "confirm":
            if data.lower() == "y":
                try:
                    r.submit(timed_out=False)
                except Exception as exc:
                    self.app.exit(exception=exc)
                    return
                self.exit("submitted")
                return
            self.mode = self.back
            self.io.say("Not submitted.", "yellow")
            return
        if self.mode == "goto":
            if data.isascii() and data.isdigit():
                self.digits = (self.digits + data)[-4:]
                return
            if name == "backspace":
                self.digits = self.digits[:-1]
                return
            if name == "enter":
                if self.digits and 1 <= int(self.digits) <= s.count:
                    self.act(r.go, int(self.digits) - 1)
                    self.cursor = 0
                    self.mode = "question"
                    self.back = "question"
                else:
                    self.io.say(f"There is no question {self.digits or '?'}: choose 1-{s.count}.", "yellow")
                    self.mode = self.back
            else:
                self.mode = self.back
            self.digits = ""
            return
        if data.isascii() and data.isdigit() and data != "0" or data.lower() == "g":
            self.back = self.mode
            self.digits = data if data.isdigit() else ""
            self.mode = "goto"
            return
        lower = data.lower() if len(data) == 1 else ""
        if lower == "s":
            self.back = self.mode
            self.act(r.save)
            self.mode = "confirm"
            return
        if lower == "q":
            self.act(r.pause)
            self.exit("paused")
            return
        if lower in ("?", "h"):
            self.back = self.mode
            self.mode = "help"
            return
        if self.mode == "review":
            if name == "escape" or lower == "r":
                self.mode = "question"
            return
        p = self.presented()
        letters = p.display_letters
        if lower and lower in letters:  # a letter on screen is always an answer
            self.cursor = letters.index(lower)
            self.act(r.toggle, lower)
        elif name == "space":
            self.act(r.toggle, letters[self.cursor])
        elif name == "up":
            self.cursor = max(0, self.cursor - 1)
        elif name == "down":
            self.cursor = min(len(letters) - 1, self.cursor + 1)
        elif lower == "n" or name in ("right", "enter"):
            if s.current + 1 >= s.count:
                self.act(r.save)
                self.mode = "review"
                self.io.say("That was the last question: this is the review screen.", "")
            else:
                self.act(r.go, s.current + 1)
                self.cursor = 0
        elif lower == "p" or name == "left":
            self.act(r.go, s.current - 1)
            self.cursor = 0
        elif lower == "m":
            flagged = False
            try:
                flagged = r.flag()
            except Exception as exc:
                self.app.exit(exception=exc)
                return
            self.io.say(f"Question {s.current + 1} {'flagged' if flagged else 'unflagged'}.", "yellow")
        elif lower == "x":
            self.act(r.choose, [])
            self.io.say(f"Answer to question {s.current + 1} cleared.", "yellow")
        elif lower == "r":
            self.act(r.save)
            self.mode = "review"
        elif data and data.isprintable():
            self.io.say(f"'{data}' is not a key here: {HELP}", "yellow")


def _pt_style(style: str) -> str:
    """A rich style name ('bold yellow') as a prompt_toolkit style."""
    out = []
    for word in style.split():
        out.append(word if word in ("bold", "dim", "reverse", "italic", "underline") else f"fg:ansi{word}")
    return " ".join(out)


def ask_paused(summary: str) -> str | None:
    """Ask what to do with a paused exam: 'resume', 'abandon' or None (do nothing)."""
    import questionary

    choice = questionary.select(
        summary, choices=[questionary.Choice("Resume it", "resume"),
                          questionary.Choice("Abandon it and start a new exam", "abandon"),
                          questionary.Choice("Do nothing for now", "cancel")],
        instruction="(arrows, enter)").unsafe_ask()
    return None if choice in (None, "cancel") else choice
