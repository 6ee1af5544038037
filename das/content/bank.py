"""Question banks as typed objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


UNKNOWN = "unknown"  # domain or difficulty of a user (imported) question whose source does not give it


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    type: str  # single | multiple
    difficulty: str
    das_domain: str
    dea_domain: str
    stem: str
    options: dict[str, str]  # letter -> text, in authored order
    answer: tuple[str, ...]
    explanations: dict[str, str]
    read_next: str  # note-id#section-id
    source: str
    dea_task: tuple[str, ...] = ()  # DEA-C01 v1.1 task statements, e.g. ("1.3",)

    @classmethod
    def from_data(cls, data: dict[str, Any], topic: str) -> "Question":
        """The question from one entry of a bank file already checked against the schema; `topic` is the bank's topic.
        KeyError if a required field is missing."""
        # built without the frozen dataclass's __init__ (one object.__setattr__ per field): a 10,000-question
        # bank is built on every warm load; the fields and their values are exactly what __init__ would set
        question = object.__new__(cls)
        question.__dict__.update(
            id=data["id"], topic=topic, type=data["type"], difficulty=data.get("difficulty", UNKNOWN),
            das_domain=data.get("das_domain", UNKNOWN), dea_domain=data.get("dea_domain", UNKNOWN),
            stem=data["stem"].strip(),
            options={str(k): str(v).strip() for k, v in data["options"].items()},
            answer=tuple(str(a) for a in data["answer"]),
            explanations={str(k): str(v).strip() for k, v in (data.get("explanations") or {}).items()},
            read_next=data["read_next"], source=data["source"],
            dea_task=tuple(str(t) for t in data.get("dea_task") or ()),
        )
        return question

    @property
    def multiple(self) -> bool:
        """True for a "choose all that apply" question (type: multiple)."""
        return self.type == "multiple"

    @property
    def read_next_command(self) -> str:
        """The command that opens the note section in `read_next`: 'das explain <note> <section>'."""
        note, section = self.read_next.split("#")
        return f"das explain {note} {section}"
