"""Classic mistakes, defined once per calculator: `das calc` shows them as exam traps, `das drill` as the
wrong options.

A Mistake says what the mistake is (a phrase that reads after "by": "not rounding the item size up to a
whole KB") and computes the answer it gives for the calculator's inputs. A mistake that gives the right
answer for these inputs is no mistake here: it is neither shown as a trap nor offered as an option.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


def _always(_inputs: Any) -> bool:
    return True


@dataclass(frozen=True)
class Mistake:
    id: str
    why: str | Callable[[Any], str]  # "not rounding the item size up to a whole KB"
    value: Callable[[Any], Any]  # the answer this mistake gives for the inputs
    applies: Callable[[Any], bool] = _always
    because: str | Callable[[Any], str] = ""  # why it is wrong, added to the trap line

    def phrase(self, inputs: Any) -> str:
        """What the mistake is for these inputs, a phrase that reads after "by" ('not rounding 4.5 KB up to 5 KB')."""
        return self.why(inputs) if callable(self.why) else self.why

    def reason(self, inputs: Any) -> str:
        """Why the mistake is wrong for these inputs ('' when there is nothing to add to the trap line)."""
        return self.because(inputs) if callable(self.because) else self.because


@dataclass(frozen=True)
class Wrong:
    """One mistake as it applies to one set of inputs: what it is, the answer it gives, why that is wrong."""

    mistake: str  # the Mistake id
    why: str
    value: Any
    because: str = ""

    def trap(self, unit: Callable[[Any], str]) -> str:
        """The `das calc` line: 'Not rounding 4.5 KB up to 5 KB gives 27 WCU.' A phrase with an aside
        ('adding the sizes before rounding, as Query does') closes it with a comma before 'gives'."""
        tail = f": {self.because}" if self.because else ""
        aside = "," if ", " in self.why else ""
        return f"{self.why[0].upper()}{self.why[1:]}{aside} gives {unit(self.value)}{tail}."


def wrong_answers(mistakes: tuple[Mistake, ...], inputs: Any, answer: Any,
                  unit: Callable[[Any], str]) -> list[Wrong]:
    """The mistakes that apply and give an answer that differs from the right one, even as printed."""
    shown = {unit(answer)}
    wrong: list[Wrong] = []
    for mistake in mistakes:
        if not mistake.applies(inputs):
            continue
        value = mistake.value(inputs)
        if value == answer or unit(value) in shown:
            continue
        shown.add(unit(value))
        wrong.append(Wrong(mistake.id, mistake.phrase(inputs), value, mistake.reason(inputs)))
    return wrong


@dataclass
class DrillCase:
    """A generated exam question before it becomes a Question: the stem, the answer and the mistakes' answers."""

    kind: str
    params: list[Any]  # make the question id: drill-KIND-P1-P2-...
    stem: str
    answer: Any
    unit: Callable[[Any], str]  # how an option shows a value: "30 WCU"
    wrong: list[Wrong]
    steps: list[str]
    topic: str
    das_domain: str
    dea_domain: str
    read_next: str
    source: str
    extra: dict[str, Any] = field(default_factory=dict)
