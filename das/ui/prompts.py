"""Every way das asks the user for an answer: questionary on a terminal, lines of text otherwise.

questionary is imported only here, and only when an interactive prompt is about to be shown.
"""

from __future__ import annotations

import sys
from typing import Callable, Optional

from das.practice.scoring import Presented
from das.ui import quiz_view
from das.ui.lines import write_lines

QUIT_WORDS = {"q", "quit", "exit"}


def parse_letters(text: str, p: Presented) -> tuple[list[str] | None, str]:
    """Letters from 'b', 'A, c', 'a c' or 'ac'; returns (letters, '') or (None, what is wrong)."""
    cleaned = text.replace(",", " ").replace(";", " ").lower().split()
    letters = [ch for token in cleaned for ch in token]
    valid = p.display_letters
    if not letters:
        return None, f"type a letter ({valid[0]}-{valid[-1]}), or q to stop"
    bad = [ch for ch in letters if ch not in valid]
    if bad:
        return None, f"{bad[0]!r} is not an option: choose from {', '.join(valid)}"
    letters = sorted(set(letters))
    if len(letters) != p.select_count:
        if p.select_count == 1:
            return None, "choose exactly one option"
        return None, f"select exactly {p.select_count} options, like a,c"
    return letters, ""


class PlainAsker:
    """Line-based: for screen readers, scripts and tests. End of input or q stops the session."""

    def __init__(self, read: Callable[[], Optional[str]] | None = None) -> None:
        self._read = read or self._readline

    @staticmethod
    def _readline() -> Optional[str]:
        line = sys.stdin.readline()
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
                sys.stdout.write(line.rstrip("\n") + "\n")  # echo, so a transcript reads like a session
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
