"""The interfaces through which a run talks to the user. `das.ui` implements them; tests may fake them.

A flow never draws or prompts by itself: it hands the UI what to show (questions as `Presented`, logs,
exam state) and gets back what the user chose. This keeps flows free of rich, questionary and
prompt_toolkit, and lets one flow serve the terminal, plain line mode and tests alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, Union

if TYPE_CHECKING:
    from das.practice.exam import ExamResult, ExamState
    from das.practice.review_queue import Flashcard
    from das.practice.scoring import Presented, SessionLog


class Timeout:
    """The exam clock ran out while the user was typing."""


TIMEOUT = Timeout()
Reply = Union[str, Timeout]  # a line, '' at end of input, or TIMEOUT


class Undo:
    """The user asked to take back the last grade of the session (`u`)."""


UNDO = Undo()


class PracticeIO(Protocol):
    """What quiz, drill and review need from the user interface."""

    def ask(self, p: Presented, number: int, total: int, can_undo: bool | None = None) -> list[str] | Undo | None:
        """Show a question and return the chosen display letters, UNDO (only when `can_undo`: take back the
        last grade of the session), or None when the user stops. `can_undo` False (a review with nothing
        to undo yet): u says so and changes nothing; None (quiz, drill): no undo at all."""

    def feedback(self, p: Presented, letters: list[str], correct: bool, can_undo: bool = False) -> None:
        """Show the verdict and every option's explanation (after the answer is saved). With `can_undo`,
        wherever the user is next asked for input, u takes this answer back (the next ask, flashcard or
        end_of_session returns UNDO)."""

    def end_of_session(self) -> Undo | None:
        """After the last item of a review: offer to take back the last grade before finishing. UNDO,
        or None to finish."""

    def summary(self, log: SessionLog, retry_command: str) -> None:
        """Show the end-of-session score and what to practise next."""

    def notice(self, text: str) -> None:
        """One line of status between prompts (e.g. why an undo was not done)."""

    def graded(self, grade: str, interval: str) -> None:
        """One line once a flashcard's grade is saved: the grade given ("Good") and the interval it
        scheduled ("3d", as the grade menu writes intervals)."""

    def flashcard(self, card: Flashcard, number: int, total: int, intervals: dict[str, str],
                  can_undo: bool) -> int | Undo | None:
        """Show a flashcard's front, then its back and the next interval of each grade ({"Again": "1m",
        ...}); return the grade 1-4 (Again, Hard, Good, Easy), UNDO (only when `can_undo`), or None to stop.
        Without `can_undo`, u says there is nothing to undo yet and leaves the card as it was (not revealed)."""


class ExamIO(Protocol):
    """What a timed exam needs from the user interface."""

    def question(self, state: ExamState, p: Presented, name: str) -> None:
        """Draw the question screen with the clock and the exam's progress."""

    def review(self, state: ExamState, name: str) -> None:
        """Draw the review screen: answered, unanswered and flagged questions."""

    def result(self, result: ExamResult, exam_id: int, timed_out: bool) -> None:
        """Draw the final score per domain and what to practise."""

    def say(self, text: str, style: str = "") -> None:
        """One line of status ("Question 3 flagged.")."""

    def read(self, prompt: str | None, timeout: float) -> Reply:
        """Prompt and read one line within `timeout` seconds: the line, '' at end of input, or TIMEOUT.
        prompt None: keep waiting for the line already prompted for (the runner saves in between)."""
