"""Every way das asks the user for an answer: questionary on a terminal, lines of text otherwise.

questionary is imported only here, and only when an interactive prompt is about to be shown.
`PlainIO` and `TerminalIO` implement `das.flows.ports.PracticeIO` for quiz, drill and review.
"""

from __future__ import annotations

import io
import sys
from typing import Callable, Optional

from das.content.terminal import visible

from das.practice.review_queue import Flashcard
from das.practice.scoring import Presented, SessionLog, parse_letters
from das.ui import quiz_view
from das.ui.lines import show_prompt, write_lines

QUIT_WORDS = {"q", "quit", "exit"}
UNDO_WORDS = {"u", "undo"}
STOP_KEYS = {"q", "\x1b"}  # q and Esc, on a terminal
# after a question's feedback in a terminal review: every key acts at once
FEEDBACK_KEYS = "Press any key to go on (u undoes this answer, q stops: no Enter needed)"
GRADES = ("Again", "Hard", "Good", "Easy")
NOTHING_TO_UNDO = quiz_view.NOTHING_TO_UNDO


def grade_line(intervals: dict[str, str]) -> str:
    """'1 Again 1m · 2 Hard 6m · 3 Good 10m · 4 Easy 8d': each grade with its next interval."""
    return " · ".join(f"{n} {name} {intervals.get(name, '?')}" for n, name in enumerate(GRADES, 1))


def parse_grade(text: str) -> int | None:
    """1-4 or the grade's name (again, hard, good, easy); None for anything else."""
    value = text.strip().lower()
    if value in {"1", "2", "3", "4"}:
        return int(value)
    names = [g.lower() for g in GRADES]
    return names.index(value) + 1 if value in names else None


class PlainAsker:
    """Line-based: for screen readers, scripts and tests. End of input or q stops the session."""

    def __init__(self, read: Callable[[], Optional[str]] | None = None) -> None:
        self._read = read or self._readline

    @staticmethod
    def _readline() -> Optional[str]:
        line = read_stdin_line()
        return None if line == "" else line

    def ask(self, p: Presented, number: int, total: int, can_undo: bool | None = None):
        """Print the question and read lines until one is a valid answer: the chosen display letters, sorted; None on q
        or end of input; UNDO on u when `can_undo` (False: a review with nothing to undo yet, where u says so)."""
        from das.flows.ports import UNDO

        write_lines(quiz_view.question_lines(p, number, total), use_rich=False)
        undo_hint = ", u to undo the last grade" if can_undo else ""
        while True:
            hint = f"Select {p.select_word}, e.g. a,c" if p.question.multiple else f"Answer {p.display_letters[0]}-{p.display_letters[-1]}"
            show_prompt(f"{hint} (q to stop{undo_hint}): ")
            line = self._read()
            if line is None:
                sys.stdout.write("\n")
                return None
            if not sys.stdin.isatty():
                sys.stdout.write(visible(line.rstrip("\n")) + "\n")  # echo, so a transcript reads like a session
            if line.strip().lower() in QUIT_WORDS:
                return None
            if can_undo is not None and line.strip().lower() in UNDO_WORDS:
                if can_undo:
                    return UNDO
                sys.stdout.write(f"  {NOTHING_TO_UNDO}\n")
                continue
            letters, problem = parse_letters(line, p)
            if letters is not None:
                return letters
            sys.stdout.write(f"  {problem}\n")


class InteractiveAsker:
    """A terminal prompt (prompt_toolkit) under the question: its options wrapped to the terminal width,
    a letter key picks its option (toggles it on "Select TWO"), Up/Down and Space work too, Enter answers."""

    def ask(self, p: Presented, number: int, total: int, can_undo: bool | None = None):
        """Print the question and let the user pick options in a prompt under it: the chosen display letters, sorted;
        None on q or Esc; UNDO on u when `can_undo` (False: u says there is nothing to undo yet); Ctrl-C
        raises KeyboardInterrupt."""
        lines = quiz_view.question_lines(p, number, total, with_options=False)
        write_lines(lines[:1], use_rich=True)  # the blank line before it
        from das.ui.option_list import choose_options

        # the heading and stem go into the list, so a question taller than the terminal scrolls whole
        return choose_options(p, can_undo, [(text, style) for text, style in lines[1:]] + [("", "")])


def press_key(message: str) -> str:
    """Show `message` and wait for one key on the terminal: the key's text ('\r' for Enter). Ctrl-C raises
    KeyboardInterrupt."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    kb = KeyBindings()

    @kb.add("c-c")
    def _(event) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    @kb.add("<any>")
    def _(event) -> None:
        event.app.exit(result=event.key_sequence[0].data)

    app: Application = Application(layout=Layout(Window(FormattedTextControl(message), height=1)),
                                   key_bindings=kb, full_screen=False, mouse_support=False)
    return app.run()


def wait_for_enter(text: str = "Press Enter for the next question (q to stop) ") -> bool:
    """After feedback on a terminal: False when the user types q or input ends."""
    sys.stdout.write(text)
    sys.stdout.flush()
    line = sys.stdin.readline()
    return not (line == "" or line.strip().lower() in QUIT_WORDS)


def read_stdin_line() -> str:
    """One line of standard input ('' at its end). Bytes that are not UTF-8 become U+FFFD, an invalid
    answer like any other: decoding never raises, whatever the locale's error handler."""
    stream = sys.stdin
    if isinstance(stream, io.TextIOWrapper) and stream.errors not in ("replace", "surrogateescape"):
        try:
            stream.reconfigure(errors="replace")
        except (ValueError, OSError, AttributeError):
            pass
    try:
        line = stream.readline()
    except UnicodeDecodeError:
        return "\ufffd\n"
    if any("\udc80" <= ch <= "\udcff" for ch in line):  # surrogateescape (C locale): the same replacement
        line = line.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return line


def _read_line() -> str:
    line = read_stdin_line()
    if line and not sys.stdin.isatty():
        sys.stdout.write(visible(line.rstrip("\n")) + "\n")  # echo, so a transcript reads like a session
    return line


def _prompt(text: str) -> str | None:
    """Show a prompt, read a line; None at end of input or when the user types q."""
    show_prompt(text)
    line = _read_line()
    if line == "" or line.strip().lower() in QUIT_WORDS:
        return None
    return line.strip().lower()


def _card_front(card: Flashcard, number: int, total: int, use_rich: bool) -> None:
    write_lines([("", ""), (f"Card {number} of {total}  [{card.note_id} · {card.section_id}]", "bold cyan"),
                 (card.front, "")], use_rich=use_rich, wrap=True)


def _card_back(card: Flashcard, use_rich: bool, content_dirs: tuple[str, ...] = ()) -> None:
    from das.paths import with_content_dirs

    write_lines([(f"Answer: {card.back}", "green"),
                 (f"read next: {with_content_dirs(card.read_next_command, content_dirs)}", "dim")],
                use_rich=use_rich, wrap=True)


class PlainIO(PlainAsker):
    """Line mode for quiz, drill and review: plain text out, one line per answer in. `content_dirs`: the
    --content-dir folders in use, repeated in every das command it prints."""

    use_rich = False

    def __init__(self, read: Callable[[], Optional[str]] | None = None, content_dirs: tuple[str, ...] = ()) -> None:
        super().__init__(read)
        self.content_dirs = tuple(content_dirs)

    def feedback(self, p: Presented, letters: list[str], correct: bool, can_undo: bool = False) -> None:
        """The verdict and every option's explanation, as plain text (u at the next prompt undoes it)."""
        write_lines(quiz_view.feedback_lines(p, letters, correct, self.content_dirs), use_rich=self.use_rich)

    def end_of_session(self):
        """'End of review: press Enter to finish (u to undo the last grade)': UNDO on u, else None."""
        from das.flows.ports import UNDO

        answer = _prompt("End of review: press Enter to finish (u to undo the last grade): ")
        return UNDO if answer in UNDO_WORDS else None

    def summary(self, log: SessionLog, retry_command: str) -> None:
        """The session's score and what to practise next."""
        write_lines(quiz_view.summary_lines(log, retry_command, self.content_dirs), use_rich=self.use_rich)

    def notice(self, text: str) -> None:
        """One line of status between prompts."""
        write_lines([(text, "yellow")], use_rich=self.use_rich)

    def graded(self, grade: str, interval: str) -> None:
        """'Graded Good: next review in 3d.' once a flashcard's grade is saved."""
        write_lines([(f"Graded {grade}: next review in {interval}.", "green")], use_rich=self.use_rich)

    def flashcard(self, card: Flashcard, number: int, total: int, intervals: dict[str, str],
                  can_undo: bool = False):
        """Front, Enter, back with each grade's next interval, then 1-4 (or again/hard/good/easy); u
        undoes the last grade when there is one; None when the user stops."""
        from das.flows.ports import UNDO

        _card_front(card, number, total, use_rich=False)
        undo_hint = ", u to undo the last grade" if can_undo else ""
        while True:
            first = _prompt(f"Press Enter to show the answer (q to stop{undo_hint}): ")
            if first is None:
                return None
            if first not in UNDO_WORDS:
                break
            if can_undo:
                return UNDO
            sys.stdout.write(f"  {NOTHING_TO_UNDO}\n")  # the card stays as it was: its answer not shown
        _card_back(card, use_rich=False, content_dirs=self.content_dirs)
        sys.stdout.write(grade_line(intervals) + "\n")
        while True:
            answer = _prompt(f"Grade 1-4 (q to stop{undo_hint}): ")
            if answer is None:
                return None
            if answer in UNDO_WORDS:
                if can_undo:
                    return UNDO
                sys.stdout.write(f"  {NOTHING_TO_UNDO}\n")
                continue
            grade = parse_grade(answer)
            if grade is not None:
                return grade
            sys.stdout.write("  answer 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)\n")


class TerminalIO(InteractiveAsker):
    """Interactive prompts and rich output for quiz, drill and review on a terminal: after the
    feedback, Enter shows the next question (so the verdict never scrolls away unread)."""

    use_rich = None  # rich when stdout is a terminal

    summary = PlainIO.summary
    notice = PlainIO.notice
    graded = PlainIO.graded

    def __init__(self, content_dirs: tuple[str, ...] = ()) -> None:
        self.stopped = False
        self.content_dirs = tuple(content_dirs)
        self.undo_asked = False  # u at the last feedback screen: the next prompt returns UNDO at once
        self.undo_offered = False  # the last input was a feedback screen that offered u

    def feedback(self, p: Presented, letters: list[str], correct: bool, can_undo: bool = False) -> None:
        """The verdict and every option's explanation, then wait for Enter (quiz, drill); with `can_undo`
        (review), one key acts at once, as in the grade menu: u undoes this answer, q or Esc stops, any
        other key goes on."""
        write_lines(quiz_view.feedback_lines(p, letters, correct, self.content_dirs), use_rich=self.use_rich)
        if not can_undo:
            self.stopped = not wait_for_enter()
            return
        key = press_key(FEEDBACK_KEYS).lower()
        self.stopped = key in STOP_KEYS or key == "\x04"  # Ctrl-D ends input, as at a line prompt
        self.undo_asked = key == "u"
        self.undo_offered = True

    def _take_undo(self, can_undo: bool) -> bool:
        asked, self.undo_asked, self.undo_offered = self.undo_asked, False, False
        return asked and can_undo

    def ask(self, p: Presented, number: int, total: int, can_undo: bool | None = None):
        """As InteractiveAsker.ask, but None at once when the user stopped at the last feedback screen, and
        UNDO at once when they typed u there."""
        from das.flows.ports import UNDO

        if self._take_undo(can_undo):
            return UNDO
        if self.stopped:
            return None
        return InteractiveAsker.ask(self, p, number, total, can_undo)

    def end_of_session(self):
        """After the last item: UNDO when u was typed at the last feedback screen or is pressed now; a
        feedback screen that just offered u is not asked again."""
        from das.flows.ports import UNDO

        offered = self.undo_offered
        if self._take_undo(True):
            return UNDO
        if self.stopped or offered:
            return None
        key = press_key("End of review: press any key to finish, u to undo the last grade")
        return UNDO if key.lower() == "u" else None

    def flashcard(self, card: Flashcard, number: int, total: int, intervals: dict[str, str],
                  can_undo: bool = False):
        """Front, any key, back, then a choice of Again / Hard / Good / Easy with each next interval (and
        Undo when there is a grade to take back); None when the user stops."""
        import questionary

        from das.flows.ports import UNDO

        if self._take_undo(can_undo):
            return UNDO
        if self.stopped:
            return None
        _card_front(card, number, total, use_rich=True)
        while True:
            key = press_key("Press any key to show the answer (q to stop" + (", u undoes the last grade)" if can_undo else ")"))
            if key.lower() in STOP_KEYS:
                return None
            if key.lower() != "u":
                break
            if can_undo:
                return UNDO
            write_lines([(NOTHING_TO_UNDO, "yellow")], use_rich=True)  # the answer stays hidden
        _card_back(card, use_rich=True, content_dirs=self.content_dirs)
        choices = [questionary.Choice(title=f"{name:<5}  next in {intervals.get(name, '?')}", value=n,
                                      shortcut_key=str(n)) for n, name in enumerate(GRADES, 1)]
        if can_undo:
            choices.append(questionary.Choice(title="Undo the last grade", value="u", shortcut_key="u"))
        keys = "1-4 grade, u undoes: no Enter needed; q stops" if can_undo else "1-4 grade, no Enter needed; q stops"
        question = questionary.select(f"How well did you recall it? ({keys})", choices=choices,
                                      default=choices[2], use_shortcuts=True)
        _stop_on_q_and_escape(question.application)
        _grade_at_once(question.application, can_undo)
        if not can_undo:
            _say_on_u(question.application, NOTHING_TO_UNDO)
        choice = question.unsafe_ask()
        if choice is None:
            return None
        return UNDO if choice == "u" else int(choice)


def _stop_on_q_and_escape(app) -> None:
    """q and Esc leave a questionary list with no answer (None): the session stops, as at every other prompt."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    kb = KeyBindings()

    @kb.add("q", eager=True)
    @kb.add("Q", eager=True)
    @kb.add("escape", eager=True)
    def _(event) -> None:
        event.app.exit(result=None)

    app.key_bindings = merge_key_bindings([app.key_bindings, kb])


def _grade_at_once(app, can_undo: bool) -> None:
    """1-4 grade at once and u (when there is a grade to take back) undoes at once, as in Anki: a shortcut
    of the list would only move its highlight, leaving Enter to confirm."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    kb = KeyBindings()

    def grade_on(key: str, result) -> None:
        @kb.add(key, eager=True)
        def _(event) -> None:
            event.app.exit(result=result)

    for n in range(1, 5):
        grade_on(str(n), n)
    if can_undo:
        grade_on("u", "u")
        grade_on("U", "u")
    app.key_bindings = merge_key_bindings([app.key_bindings, kb])


def _say_on_u(app, text: str) -> None:
    """u in a questionary list prints `text` above it and changes nothing (the list stays as it was)."""
    from prompt_toolkit.application import run_in_terminal
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    kb = KeyBindings()

    @kb.add("u", eager=True)
    @kb.add("U", eager=True)
    def _(event) -> None:
        run_in_terminal(lambda: print(text))

    app.key_bindings = merge_key_bindings([app.key_bindings, kb])


def practice_io(plain: bool, content_dirs: list[str] | tuple[str, ...] = ()) -> PlainIO | TerminalIO:
    """The interface for a practice run: line mode when asked, else the interactive terminal one.
    `content_dirs`: the --content-dir folders in use, repeated in the das commands it prints."""
    return PlainIO(content_dirs=tuple(content_dirs)) if plain else TerminalIO(tuple(content_dirs))
