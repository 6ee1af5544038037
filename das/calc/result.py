"""What every calculator returns: the answer, the values behind it, and the worked steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from das.calc.mistakes import Wrong
from das.content.rules import Rule


@dataclass
class CalcResult:
    calculator: str
    headline: str  # the short answer line: "30 WCU"
    detail: str  # what was asked, restated: "6 writes/s of 4.5 KB, standard writes"
    values: dict[str, Any]  # the JSON keys promised by the CLI (exact values where whole)
    steps: list[str]
    traps: list[str] = field(default_factory=list)  # classic mistakes and what they would give
    notes: list[str] = field(default_factory=list)  # assumptions and warnings
    timeline: list[str] = field(default_factory=list)  # optional text picture (Firehose)
    rules: list[Rule] = field(default_factory=list)  # the content rules the steps cite
    answer: Any = None  # the one value the headline gives (what drills ask for)
    wrong: list[Wrong] = field(default_factory=list)  # the mistakes behind `traps`, with their values
    # the warnings that change what the answer means (over a limit or a quota): shown first among the notes
    # and repeated with the answer line when the answer is repeated at the end
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.notes = list(self.warnings) + [n for n in self.notes if n not in self.warnings]

    def add_traps(self, wrong: list[Wrong], unit: Callable[[Any], str]) -> None:
        """Show each mistake as an exam trap line, in the order given."""
        self.wrong.extend(wrong)
        self.traps.extend(w.trap(unit) for w in wrong)

    def as_json(self) -> dict[str, Any]:
        """The `--json` object: the promised keys plus steps, traps, notes and the rules used."""
        return {
            "calculator": self.calculator,
            **self.values,
            "steps": list(self.steps),
            "traps": list(self.traps),
            "notes": list(self.notes),
            "warnings": list(self.warnings),
            "rules": [{"id": r.id, "source": r.source} for r in self.rules],
        }
