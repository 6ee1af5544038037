"""The schema of a question bank (docs/content-schema.md): checks raw YAML data and reports problems."""

from __future__ import annotations

from typing import Any

from das.content.schema import (
    shown,
    DAS_DOMAINS, DEA_DOMAINS, DEA_TASKS, DIFFICULTIES, OPTION_KEYS, QUESTION_TYPES, SELECT_WORDS, Checker, KeyPath,
    Problem,
)


QUESTION_FIELDS = {"id", "type", "difficulty", "das_domain", "dea_domain", "stem", "options", "answer",
                   "explanations", "read_next", "source"}
OPTIONAL_QUESTION_FIELDS = {"dea_task"}
MAX_DEA_TASKS = 2  # a question tests one decision: its main task statement and at most one more
# What an imported bank may not know: its source gives no exam domains, difficulty or explanations.
IMPORTED_OPTIONAL_FIELDS = {"das_domain", "dea_domain", "difficulty", "explanations"}


def check_bank(data: Any, path: str, file_stem: str, user: bool = False) -> tuple[dict | None, list[Problem]]:
    """Validate one question bank file's data. `user`: the file is in a user content folder, where a bank
    marked `imported: true` (written by das import) may leave out domains, difficulty and explanations
    (or explain only some options) and cite `file:` sources. Everything else is checked strictly."""
    c = Checker(path)
    bank = c.file_root(data, {"topic", "questions"}, {"topic", "questions"}, user, "bank", "topic", file_stem)
    if bank is None:
        return None, c.problems
    seen: set[str] = set()
    for i, question in enumerate(c.items(bank, "questions", (), required=True)):
        _check_question(c, question, ("questions", i), seen)
    return (bank if not c.problems else None), c.problems


def _check_question(c: Checker, data: Any, keys: KeyPath, seen: set[str]) -> None:
    required = QUESTION_FIELDS - IMPORTED_OPTIONAL_FIELDS if c.imported else QUESTION_FIELDS
    q = c.mapping(data, keys, QUESTION_FIELDS | OPTIONAL_QUESTION_FIELDS, required)
    if q is None:
        return
    c.unique_id(q, keys, seen, "question")
    qtype = c.choice(q, "type", keys, QUESTION_TYPES)
    c.choice(q, "difficulty", keys, DIFFICULTIES)
    c.choice(q, "das_domain", keys, DAS_DOMAINS)
    dea = c.choice(q, "dea_domain", keys, DEA_DOMAINS)
    if "dea_task" in q:
        tasks = c.strings(q, "dea_task", keys)
        if len(tasks) > MAX_DEA_TASKS or len(set(tasks)) != len(tasks) or q["dea_task"] == []:
            c.fail(keys + ("dea_task",), f"must name one or {MAX_DEA_TASKS} different task statements, got {len(tasks)}")
        for task in tasks:
            if task not in DEA_TASKS:
                c.fail(keys + ("dea_task",), f"{shown(task)} is not a DEA-C01 task statement ({', '.join(DEA_TASKS)})")
        if dea and tasks and not any(t.startswith(f"{DEA_DOMAINS.index(dea) + 1}.") for t in tasks if t in DEA_TASKS):
            c.fail(keys + ("dea_task",), f"must include a task statement of its dea_domain {dea!r}")
    stem = c.text(q, "stem", keys)
    c.source(q, keys)
    ref = c.text(q, "read_next", keys)
    if ref and ref.count("#") != 1:
        c.fail(keys + ("read_next",), f"must be note-id#section-id, got {shown(ref)}")
    options = q.get("options")
    if not isinstance(options, dict):
        c.fail(keys + ("options",), "must be a mapping of option letters (a, b, c, ...) to text")
        return
    letters = [str(k) for k in options]
    if not 4 <= len(letters) <= 6 or letters != list(OPTION_KEYS[: len(letters)]):
        c.fail(keys + ("options",), f"must have 4 to 6 options lettered a, b, c, ... in order, got {', '.join(letters)}")
    for letter, text in options.items():
        if not isinstance(text, str) or not text.strip():
            c.fail(keys + ("options", letter), "must be non-empty text")
    answer = q.get("answer")
    if not isinstance(answer, list) or not answer:
        c.fail(keys + ("answer",), "must be a list of option letters, e.g. [b]")
    else:
        for letter in answer:
            if str(letter) not in letters:
                c.fail(keys + ("answer",), f"{shown(letter)} is not one of the options")
        if len(set(map(str, answer))) != len(answer):
            c.fail(keys + ("answer",), "lists an option twice")
        if qtype == "single" and len(answer) != 1:
            c.fail(keys + ("answer",), "a single-answer question has exactly one answer")
        if qtype == "multiple":
            if not 2 <= len(answer) < len(letters):
                c.fail(keys + ("answer",), "a multiple-response question has at least two answers and fewer than all options")
            word = SELECT_WORDS.get(len(answer))
            if stem and word and f"Select {word}" not in stem:
                c.fail(keys + ("stem",), f"must say '(Select {word}.)' to match its {len(answer)} answers")
    explanations = q.get("explanations")
    if c.imported and "explanations" not in q:
        return
    if not isinstance(explanations, dict):
        c.fail(keys + ("explanations",), "must explain every option: a mapping of option letters to text")
    else:
        if c.imported and not set(map(str, explanations)) <= set(letters):
            c.fail(keys + ("explanations",), "may only explain the question's options")
        elif not c.imported and sorted(map(str, explanations)) != sorted(letters):
            c.fail(keys + ("explanations",), "must have exactly one explanation per option")
        for letter, text in explanations.items():
            if not isinstance(text, str) or not text.strip():
                c.fail(keys + ("explanations", letter), "must be non-empty text")
