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
from das.ui.lines import write_lines

QUIT_WORDS = {"q", "quit", "exit"}


class PlainAsker:
    """Line-based: for screen readers, scripts and tests. End of input or q stops the session."""

    def __init__(self, read: Callable[[], Optional[str]] | None = None) -> None:
        self._read = read or self._readline

    @staticmethod
    def _readline() -> Optional[str]:
        line = read_stdin_line()
        return None if line == "" else line

    def ask(self, p: Presented, number: int, total: int) -> list[str] | None:
        write_lines(quiz_view.question_lines(p, number, total), use_rich=False)
        while True:
            hint = f"Select {p.select_word}, e.g. a,c" if p.question.multiple else f"Answer {p.display_letters[0]}-{p.display_letters[-1]}"
            sys.stdout.write(f"{hint} (q to stop): ")
            sys.stdout.flush()
            line = self._read()
            if line is None:
                sys.stdout.write("\n")
                return None
            if not sys.stdin.isatty():
                sys.stdout.write(visible(line.rstrip("\n")) + "\n")  # echo, so a transcript reads like a session
            if line.strip().lower() in QUIT_WORDS:
                return None
            letters, problem = parse_letters(line, p)
            if letters is not None:
                return letters
            sys.stdout.write(f"  {problem}\n")


class InteractiveAsker:
    """questionary prompts: a single-choice list, or a checkbox list that says how many to select."""

    def ask(self, p: Presented, number: int, total: int) -> list[str] | None:
        import questionary

        write_lines(quiz_view.question_lines(p, number, total, with_options=False), use_rich=True)
        choices = [questionary.Choice(title=f"{letter}) {text}", value=letter) for letter, _k, text in p.options()]
        if p.question.multiple:
            need = p.select_count

            def validate(selected: list) -> bool | str:
                return len(selected) == need or f"select exactly {need} (space marks an option, enter submits)"

            answer = questionary.checkbox(
                f"Select {p.select_word}:",
                choices=choices,
                validate=validate,
                instruction="(space to mark, enter to submit)",
            ).unsafe_ask()
        else:
            answer = questionary.select("Your answer:", choices=choices, instruction="(arrows, enter)").unsafe_ask()
            answer = [answer] if answer else None
        return sorted(answer) if answer else None


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
    sys.stdout.write(text)
    sys.stdout.flush()
    line = _read_line()
    if line == "" or line.strip().lower() in QUIT_WORDS:
        return None
    return line.strip().lower()


def _card_front(card: Flashcard, number: int, total: int, use_rich: bool) -> None:
    write_lines([("", ""), (f"Card {number} of {total}  [{card.note_id} · {card.section_id}]", "bold cyan"),
                 (card.front, "")], use_rich=use_rich)


def _card_back(card: Flashcard, use_rich: bool) -> None:
    write_lines([(f"Answer: {card.back}", "green"), (f"read next: {card.read_next_command}", "dim")],
                use_rich=use_rich)


class PlainIO(PlainAsker):
    """Line mode for quiz, drill and review: plain text out, one line per answer in."""

    use_rich = False

    def feedback(self, p: Presented, letters: list[str], correct: bool) -> None:
        """The verdict and every option's explanation, as plain text."""
        write_lines(quiz_view.feedback_lines(p, letters, correct), use_rich=self.use_rich)

    def summary(self, log: SessionLog, retry_command: str) -> None:
        """The session's score and what to practise next."""
        write_lines(quiz_view.summary_lines(log, retry_command), use_rich=self.use_rich)

    def flashcard(self, card: Flashcard, number: int, total: int) -> bool | None:
        """Front, Enter, back, then y/n; None when the user stops."""
        _card_front(card, number, total, use_rich=False)
        if _prompt("Press Enter to show the answer (q to stop): ") is None:
            return None
        _card_back(card, use_rich=False)
        while True:
            answer = _prompt("Did you recall it? (y/n, q to stop): ")
            if answer is None:
                return None
            if answer in {"y", "yes", "n", "no"}:
                return answer.startswith("y")
            sys.stdout.write("  answer y or n\n")


class TerminalIO(InteractiveAsker):
    """Interactive prompts (questionary) and rich output for quiz, drill and review on a terminal."""

    use_rich = None  # rich when stdout is a terminal

    feedback = PlainIO.feedback
    summary = PlainIO.summary

    def flashcard(self, card: Flashcard, number: int, total: int) -> bool | None:
        """Front, any key, back, then a yes/no choice; None when the user stops."""
        import questionary

        _card_front(card, number, total, use_rich=True)
        questionary.press_any_key_to_continue("Press any key to show the answer").unsafe_ask()
        _card_back(card, use_rich=True)
        choice = questionary.select("Did you recall it?", choices=["Yes, I knew it", "No, I did not"]).unsafe_ask()
        return None if choice is None else choice.startswith("Yes")


def practice_io(plain: bool) -> PlainIO | TerminalIO:
    """The interface for a practice run: line mode when asked, else the interactive terminal one."""
    return PlainIO() if plain else TerminalIO()
