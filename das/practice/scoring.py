"""A practice session in memory: options shown in shuffled order, answers scored all-or-nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from das.content.bank import Question

LETTERS = "abcdefgh"
SELECT_WORDS = {2: "TWO", 3: "THREE", 4: "FOUR", 5: "FIVE"}


@dataclass(frozen=True)
class Presented:
    """A question as shown: display letter -> authored option key, in shuffled order."""

    question: Question
    order: tuple[str, ...]  # authored keys in display order

    @property
    def display_letters(self) -> list[str]:
        """The letters shown, in order: 'a', 'b', ... one per option."""
        return list(LETTERS[: len(self.order)])

    def key_for(self, letter: str) -> str:
        """The authored option key behind a display letter ('a'-'h'). ValueError for a letter outside a-h, IndexError
        for one beyond the options."""
        return self.order[LETTERS.index(letter)]

    def letter_for(self, key: str) -> str:
        """The display letter of an authored option key. ValueError for a key the question does not have."""
        return LETTERS[self.order.index(key)]

    def options(self) -> list[tuple[str, str, str]]:
        """(display letter, authored key, text) in display order."""
        return [(LETTERS[i], key, self.question.options[key]) for i, key in enumerate(self.order)]

    @property
    def select_count(self) -> int:
        """How many options the right answer has."""
        return len(self.question.answer)

    @property
    def select_word(self) -> str:
        """The count for "Choose TWO": TWO to FIVE in words, other counts as digits."""
        return SELECT_WORDS.get(self.select_count, str(self.select_count))

    def correct_letters(self) -> list[str]:
        """The display letters of the right options, sorted."""
        return sorted(self.letter_for(k) for k in self.question.answer)


def present(question: Question, rng: random.Random, shuffle: bool = True) -> Presented:
    """The question ready to show: its options shuffled with `rng`, or in authored order when `shuffle` is False."""
    keys = list(question.options)
    if shuffle:
        rng.shuffle(keys)
    return Presented(question, tuple(keys))


def is_correct(question: Question, chosen_keys: set[str]) -> bool:
    """All-or-nothing, as on the exam: exactly the right options, no more and no fewer."""
    return chosen_keys == set(question.answer)


@dataclass
class Result:
    question: Question
    chosen: tuple[str, ...]  # authored keys
    correct: bool
    seconds: float


@dataclass
class SessionLog:
    """What happened in one session, for the summary."""

    results: list[Result] = field(default_factory=list)
    stopped_early: bool = False
    interrupted: bool = False
    cards_reviewed: int = 0  # note flashcards (das review)
    cards_recalled: int = 0

    @property
    def score(self) -> int:
        """How many answers were fully right."""
        return sum(r.correct for r in self.results)

    @property
    def total_seconds(self) -> float:
        """Seconds spent on all the answers together."""
        return sum(r.seconds for r in self.results)

    def missed(self) -> list[Result]:
        """The results answered wrong, in the order asked."""
        return [r for r in self.results if not r.correct]

    def breakdown(self, attribute: str) -> list[tuple[str, int, int]]:
        """(name, answered, correct) per topic or domain, in first-seen order."""
        rows: dict[str, list[int]] = {}
        for r in self.results:
            name = getattr(r.question, attribute)
            rows.setdefault(name, [0, 0])
            rows[name][0] += 1
            rows[name][1] += int(r.correct)
        return [(name, a, c) for name, (a, c) in rows.items()]


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


def fewer_letters(text: str, p: Presented) -> list[str] | None:
    """The option letters in `text` when they are valid but fewer than a multiple-response question
    asks for (one letter of a "Select TWO"), sorted; else None."""
    if not p.question.multiple:
        return None
    letters = sorted({ch for token in text.replace(",", " ").replace(";", " ").lower().split() for ch in token})
    if letters and all(ch in p.display_letters for ch in letters) and len(letters) < p.select_count:
        return letters
    return None
