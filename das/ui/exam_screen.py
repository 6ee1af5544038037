"""The full-screen exam on a terminal (prompt_toolkit), like the real test's screen.

The question and its options wrapped to the terminal width (60 columns and up; a taller question
scrolls), a clock that ticks every second, a navigator with every question answered (✓), unanswered
(·), incomplete (◐) or flagged (⚑), a review screen, a submit confirmation and a help line. Every rule
(saving, time, scoring, submitting) stays in das.flows.exam.ExamRunner: this module only maps keys to
the runner's actions and draws its state.

Keys: a-f (or Space on the highlighted option) choose, or toggle on "Select TWO"; Up/Down move the
highlight (and scroll, as PgUp/PgDn do); n, Right or Enter next; p or Left previous; m flag; x clear;
g or a number then Enter go to; r review screen; s submit (asks y/n); q pause; ? help. A letter on
screen is always an answer: no command is spelled a-f.
"""

from __future__ import annotations

import signal
from typing import Any

from das.practice.exam import ExamResult, ExamState
from das.practice.scoring import Presented
from das.ui import exam_view

from das.ui.exam_layout import (HELP, HELP_LONG, header_lines, help_lines, navigator,  # noqa: F401
                                pt_style, question_body, review_body, wrap)
from das.ui.scroll import Viewport, step_highlight

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
        Returns the runner's outcome words: 'submitted', 'timeout', 'paused', 'interrupted' or 'hangup'.
        SIGTERM/SIGHUP save the exam (or find it already submitted) at any point: 'hangup'."""
        from das.flows.exam import Hangup

        restore = runner.handle_signals()
        try:
            outcome = _Screen(runner, self).run()
            # closing the screen's event loop reset SIGTERM/SIGHUP to their defaults: take them back
            runner.handle_signals()
            self.show_outcome(runner, outcome)
        except Hangup as exc:  # while the result or the pause line is printed
            runner.hangup_signal = exc.signum
            runner.save_on_hangup()
            outcome = "hangup"
        finally:
            restore()
            runner.close()
        return outcome

    def show_outcome(self, runner: Any, outcome: str) -> None:
        """After the screen closes: the result, or where the paused exam is."""
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


class _Screen:
    def __init__(self, runner: Any, io: FullScreenExamIO) -> None:
        self.runner, self.io = runner, io
        self.state: ExamState = runner.state
        self.mode = "question"  # question | review | confirm | goto | help
        self.back = "question"  # where goto/help/confirm return to
        self.cursor: int | None = None  # no option highlighted until the user moves: nothing looks chosen
        self.viewport = Viewport()  # which body lines show when the body is taller than its room
        self.digits = ""
        self.app: Any = None

    # --- drawing -------------------------------------------------------------------------------
    def width(self) -> int:
        return max(20, self.app.output.get_size().columns - 1)

    def presented(self) -> Presented:
        return self.state.presented(self.runner.library, self.state.current)

    def header_lines(self) -> list[str]:
        return header_lines(self.runner.name, self.state, exam_view.clock(self.state.remaining()), self.width())

    def header(self) -> list[tuple[str, str]]:
        return [("reverse bold", "\n".join(line.ljust(self.width() + 1) for line in self.header_lines()))]

    def showing(self) -> str:
        """What the body shows: help, review or question."""
        if self.mode == "help":
            return "help"
        if self.mode == "review" or self.back == "review" and self.mode in ("goto", "confirm"):
            return "review"
        return "question"

    def body_lines(self) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
        """Every line of the body at this width (not only what fits) and the options' line ranges."""
        width = self.width()
        if self.showing() == "help":
            return [("bold", "Keys")] + [("", l) for text in HELP_LONG for l in wrap(text, width)], []
        if self.showing() == "review":
            return review_body(self.state, width), []
        return question_body(self.state, self.presented(), self.cursor, width)

    def body_height(self) -> int:
        """Rows left for the body once the header, message, navigator and help line have theirs."""
        rows = self.app.output.get_size().rows
        return max(3, rows - len(self.header_lines()) - len(self.message_lines()) - len(self.nav_lines())
                   - len(self.help_lines()))

    def scroll_by(self, rows: int) -> None:
        self.viewport.scroll(rows, len(self.body_lines()[0]), self.body_height())

    def page(self) -> int:
        return self.viewport.page(len(self.body_lines()[0]), self.body_height())

    def body(self) -> list[tuple[str, str]]:
        shown = self.viewport.show(self.body_lines()[0], self.body_height())
        out: list[tuple[str, str]] = []
        for n, (style, line) in enumerate(shown):
            out += [(style, line)] + ([("", "\n")] if n < len(shown) - 1 else [])
        return out

    def reveal(self, option: int) -> None:
        """Scroll so option `option` is on screen (its first lines, when it is taller)."""
        lines, ranges = self.body_lines()
        if 0 <= option < len(ranges):
            self.viewport.reveal(*ranges[option], len(lines), self.body_height())

    def move_highlight(self, step: int) -> None:
        """Up/Down: highlight the previous/next option, or scroll towards it (das.ui.scroll.step_highlight)."""
        lines, ranges = self.body_lines()
        self.cursor = step_highlight(self.viewport, ranges, self.cursor, step, len(lines), self.body_height())

    def message_lines(self) -> list[tuple[str, str]]:
        from das.flows.exam import submit_counts

        width = self.width()
        if self.mode == "goto":
            text, style = f"Go to question (1-{self.state.count}), Enter to go, Esc to cancel: {self.digits}", "bold"
        elif self.mode == "confirm":
            text, style = f"Submit the exam? {submit_counts(self.state)}. (y/n)", "bold fg:ansiyellow"
        else:
            text, style = self.io.message[0], pt_style(self.io.message[1])
        return [(style, line) for line in wrap(text, width)] if text else [("", "")]

    def message(self) -> list[tuple[str, str]]:
        lines = self.message_lines()
        out: list[tuple[str, str]] = []
        for n, (style, line) in enumerate(lines):
            out += [(style, line)] + ([("", "\n")] if n < len(lines) - 1 else [])
        return out

    def nav_lines(self) -> list[str]:
        """The navigator: every row on a tall terminal, one row around the current question below 40 rows."""
        rows = self.app.output.get_size().rows
        return navigator(self.state, self.width(), None if rows >= 40 else 1)

    def help_lines(self) -> list[str]:
        return help_lines(self.width(), self.presented().display_letters)

    # --- running -------------------------------------------------------------------------------
    def run(self) -> str:
        from prompt_toolkit.application import Application
        from prompt_toolkit.layout import HSplit, Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl
        from prompt_toolkit.layout.dimension import Dimension

        def lines_text(get):
            return lambda: [("", "\n".join(get()))]

        body = Window(FormattedTextControl(self.body, focusable=True, show_cursor=False), wrap_lines=False)
        layout = Layout(HSplit([
            Window(FormattedTextControl(self.header), height=lambda: Dimension.exact(len(self.header_lines()))),
            body,
            Window(FormattedTextControl(self.message), height=lambda: Dimension.exact(len(self.message_lines()))),
            Window(FormattedTextControl(lines_text(self.nav_lines), style="class:nav"),
                   height=lambda: Dimension.exact(len(self.nav_lines()))),
            Window(FormattedTextControl(lines_text(self.help_lines)), style="fg:ansibrightblack",
                   height=lambda: Dimension.exact(len(self.help_lines()))),
        ]), focused_element=body)
        self.app = Application(layout=layout, key_bindings=self.bindings(), full_screen=True, mouse_support=False,
                               erase_when_done=True)
        try:  # the runner's SIGTERM/SIGHUP handlers (FullScreenExamIO.run) until the loop takes them over
            return self.app.run(pre_run=self.pre_run, handle_sigint=False)
        except BaseException as exc:  # Hangup before the loop started, or a save that failed
            from das.flows.exam import Hangup

            if isinstance(exc, Hangup):
                self.runner.hangup_signal = exc.signum
                self.runner.save_on_hangup()
                return "hangup"
            try:  # the terminal went away under the screen, say: keep the clock before giving up
                if not self.runner.submitted:
                    self.runner.save()
            except Exception:
                pass
            raise

    def pre_run(self) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) != signal.SIG_IGN:  # nohup: stays ignored
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
            tick = 1 - (self.state.elapsed % 1) if self.state.remaining() > 1 else 0.2
            await asyncio.sleep(max(0.01, min(tick, self.runner.until_save())))
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

        for special in ("up", "down", "left", "right", "enter", "escape", "space", "c-c", "backspace",
                        "pageup", "pagedown"):
            kb.add(special)(lambda event, name=special: self.key(name, ""))
        return kb

    def key(self, name: str, data: str) -> None:
        r, s = self.runner, self.state
        self.io.message = ("", "")
        if name == "c-c":
            self.act(r.pause)
            self.exit("interrupted")
            return
        if name in ("pageup", "pagedown") and self.mode in ("question", "review", "help"):
            self.scroll_by(self.page() if name == "pagedown" else -self.page())
            return
        if self.mode == "help":
            self.mode = self.back
            self.viewport.top = 0
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
                    self.cursor, self.viewport.top = None, 0
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
            self.viewport.top = 0
            return
        if self.mode == "review":
            if name == "escape" or lower == "r":
                self.mode = "question"
                self.viewport.top = 0
                self.reveal(self.cursor if self.cursor is not None else -1)
            elif name in ("up", "down"):
                self.scroll_by(-1 if name == "up" else 1)
            return
        p = self.presented()
        letters = p.display_letters
        if lower and lower in letters:  # a letter on screen is always an answer
            self.cursor = letters.index(lower)
            self.act(r.toggle, lower)
            self.reveal(self.cursor)
        elif name == "space":
            if self.cursor is None:
                self.io.say("Type an option's letter, or highlight one with Up/Down first.", "yellow")
            else:
                self.act(r.toggle, letters[self.cursor])
        elif name in ("up", "down"):
            self.move_highlight(-1 if name == "up" else 1)
        elif lower == "n" or name in ("right", "enter"):
            if s.current + 1 >= s.count:
                self.act(r.save)
                self.mode = "review"
                self.viewport.top = 0
                self.io.say("That was the last question: this is the review screen.", "")
            else:
                self.act(r.go, s.current + 1)
                self.cursor, self.viewport.top = None, 0
        elif lower == "p" or name == "left":
            self.act(r.go, s.current - 1)
            self.cursor, self.viewport.top = None, 0
        elif lower == "m":  # a failed save ends the screen with its message (act)
            self.act(lambda: self.io.say(f"Question {s.current + 1} {'flagged' if r.flag() else 'unflagged'}.",
                                         "yellow"))
        elif lower == "x":
            self.act(r.choose, [])
            self.io.say(f"Answer to question {s.current + 1} cleared.", "yellow")
        elif lower == "r":
            self.act(r.save)
            self.mode = "review"
            self.viewport.top = 0
        elif data and data.isprintable():
            self.io.say(f"'{data}' is not a key here: {HELP}", "yellow")
