"""The content schema (docs/content-schema.md) as code: checks raw YAML data and reports problems.

Checks work on plain data and name the place of a problem as a key path (`sections[2].facts[0].source`).
The loader turns a key path into a line number by re-reading the file with line tracking, only when a
problem is found, so the common case stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

EXAMS = ("das-c01", "dea-c01")
DAS_DOMAINS = ("collection", "storage", "processing", "analysis", "security")
DEA_DOMAINS = ("ingestion", "store", "operations", "governance")
CALCULATORS = ("wcu", "rcu", "shards", "firehose", "s3")
DIFFICULTIES = ("easy", "medium", "hard")
# DEA-C01 exam guide v1.1 task statements (domain.task)
DEA_TASKS = ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4",
             "4.1", "4.2", "4.3", "4.4", "4.5")
QUESTION_TYPES = ("single", "multiple")
OPTION_KEYS = "abcdef"
SELECT_WORDS = {2: "TWO", 3: "THREE", 4: "FOUR", 5: "FIVE"}
MAX_DIAGRAM_WIDTH = 100
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Sources must be AWS documentation, or the upstream project docs AWS defers to for managed engines.
_SOURCE_HOSTS = ("amazon.com", "amazonaws.com", "awsstatic.com", ".aws", "apache.org")
_SOURCE_GITHUB_OWNERS = ("awslabs", "aws", "aws-samples")

KeyPath = tuple  # ("sections", 2, "facts", 0, "source")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one content file."""

    path: str
    keys: KeyPath
    message: str
    line: int | None = None

    @property
    def field(self) -> str:
        out = ""
        for key in self.keys:
            out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
        return out or "file"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


class Checker:
    """Collects problems for one file while walking its data."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, keys: KeyPath, message: str) -> None:
        self.problems.append(Problem(self.path, tuple(keys), message))

    # --- typed field helpers: each returns the value when it is valid, else None ---
    def mapping(self, data: Any, keys: KeyPath, allowed: set[str], required: set[str]) -> dict | None:
        if not isinstance(data, dict):
            self.fail(keys, "must be a mapping of fields")
            return None
        for name in sorted(required - data.keys()):
            self.fail(keys + (name,), "is required")
        for name in sorted(set(map(str, data.keys())) - allowed):
            self.fail(keys + (name,), f"is not a known field (allowed: {', '.join(sorted(allowed))})")
        return data

    def text(self, data: dict, name: str, keys: KeyPath, required: bool = True) -> str | None:
        if name not in data:
            return None
        value = data[name]
        if not isinstance(value, str) or not value.strip():
            self.fail(keys + (name,), "must be non-empty text")
            return None
        return value

    def ident(self, data: dict, name: str, keys: KeyPath) -> str | None:
        value = self.text(data, name, keys)
        if value is not None and not ID_PATTERN.match(value):
            self.fail(keys + (name,), f"must be a lowercase kebab-case id, got {value!r}")
            return None
        return value

    def choice(self, data: dict, name: str, keys: KeyPath, choices: tuple[str, ...]) -> str | None:
        if name not in data:
            return None
        value = data[name]
        if value not in choices:
            self.fail(keys + (name,), f"must be one of {', '.join(choices)}, got {value!r}")
            return None
        return value

    def items(self, data: dict, name: str, keys: KeyPath, required: bool = False) -> list:
        if name not in data:
            return []
        value = data[name]
        if not isinstance(value, list) or (required and not value):
            self.fail(keys + (name,), "must be a non-empty list" if required else "must be a list")
            return []
        return value

    def strings(self, data: dict, name: str, keys: KeyPath) -> list[str]:
        values = self.items(data, name, keys)
        good = []
        for i, value in enumerate(values):
            if isinstance(value, str) and value.strip():
                good.append(value)
            else:
                self.fail(keys + (name, i), "must be non-empty text")
        return good

    def integer(self, data: dict, name: str, keys: KeyPath, minimum: int = 0) -> int | None:
        if name not in data:
            return None
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(keys + (name,), f"must be a whole number of at least {minimum}")
            return None
        return value

    def source(self, data: dict, keys: KeyPath, name: str = "source") -> str | None:
        value = self.text(data, name, keys)
        if value is None:
            return None
        problem = source_problem(value)
        if problem:
            self.fail(keys + (name,), problem)
            return None
        return value


def source_problem(url: str) -> str | None:
    """Why a URL is not acceptable as a source, or None when it is."""
    parsed = urlparse(url.strip())
    if parsed.scheme != "https" or not parsed.netloc:
        return f"must be an https:// URL of AWS documentation, got {url!r}"
    host = parsed.netloc.lower()
    if host == "github.com":
        owner = parsed.path.strip("/").split("/")[0].lower()
        if owner in _SOURCE_GITHUB_OWNERS:
            return None
    elif any(host == h.lstrip(".") or host.endswith(h if h.startswith(".") else "." + h) for h in _SOURCE_HOSTS):
        return None
    return f"must be AWS documentation (docs.aws.amazon.com, aws.amazon.com, repost.aws, ...), got {url!r}"


# ---------------------------------------------------------------------------------------------- notes

NOTE_FIELDS = {"id", "title", "aliases", "summary", "exams", "related", "includes", "calculators", "renames",
               "sections", "profiles"}
NOTE_REQUIRED = {"id", "title", "aliases", "summary", "exams", "sections"}
SECTION_FIELDS = {"id", "title", "facts", "corrections", "tables", "diagram", "tips"}


def check_note(data: Any, path: str, file_stem: str) -> tuple[dict | None, list[Problem]]:
    """Validate one note file's data; returns the data (when usable) and the problems found."""
    c = Checker(path)
    note = c.mapping(data, (), NOTE_FIELDS, NOTE_REQUIRED)
    if note is None:
        return None, c.problems
    note_id = c.ident(note, "id", ())
    if note_id and note_id != file_stem:
        c.fail(("id",), f"must match the file name ({file_stem!r}), got {note_id!r}")
    c.text(note, "title", ())
    c.text(note, "summary", ())
    for i, alias in enumerate(c.strings(note, "aliases", ())):
        if alias != alias.lower():
            c.fail(("aliases", i), f"must be lowercase, got {alias!r}")
    exams = c.items(note, "exams", (), required=True)
    for i, exam in enumerate(exams):
        if exam not in EXAMS:
            c.fail(("exams", i), f"must be one of {', '.join(EXAMS)}, got {exam!r}")
    for field in ("related", "includes"):
        for i, ref in enumerate(c.items(note, field, ())):
            if not isinstance(ref, str) or not ID_PATTERN.match(ref):
                c.fail((field, i), f"must be a note id, got {ref!r}")
    for i, calc in enumerate(c.items(note, "calculators", ())):
        keys = ("calculators", i)
        entry = c.mapping(calc, keys, {"calc", "example"}, {"calc", "example"})
        if entry is None:
            continue
        name = c.choice(entry, "calc", keys, CALCULATORS)
        example = c.text(entry, "example", keys)
        if name and example and not example.startswith(f"das calc {name}"):
            c.fail(keys + ("example",), f"must start with 'das calc {name}'")
    for i, rename in enumerate(c.items(note, "renames", ())):
        keys = ("renames", i)
        entry = c.mapping(rename, keys, {"old", "new", "when", "source"}, {"old", "new", "when", "source"})
        if entry is not None:
            for field in ("old", "new", "when"):
                c.text(entry, field, keys)
            c.source(entry, keys)
    sections = c.items(note, "sections", (), required=True)
    seen: set[str] = set()
    for i, section in enumerate(sections):
        _check_section(c, section, ("sections", i), seen)
    if "profiles" in note:
        _check_profiles(c, note)
    return (note if not c.problems else None), c.problems


def _check_section(c: Checker, data: Any, keys: KeyPath, seen: set[str]) -> None:
    section = c.mapping(data, keys, SECTION_FIELDS, {"id", "title"})
    if section is None:
        return
    sid = c.ident(section, "id", keys)
    if sid:
        if sid in seen:
            c.fail(keys + ("id",), f"duplicate section id {sid!r}")
        seen.add(sid)
    c.text(section, "title", keys)
    facts = c.items(section, "facts", keys)
    tables = c.items(section, "tables", keys)
    diagram = section.get("diagram")
    if not facts and not tables and not diagram:
        c.fail(keys + ("facts",), "a section needs facts, a table or a diagram")
    for i, fact in enumerate(facts):
        fkeys = keys + ("facts", i)
        entry = c.mapping(fact, fkeys, {"text", "source", "rule", "card"}, {"text", "source"})
        if entry is None:
            continue
        c.text(entry, "text", fkeys)
        c.source(entry, fkeys)
        c.text(entry, "rule", fkeys)
        if "card" in entry:
            card = c.mapping(entry["card"], fkeys + ("card",), {"id", "front", "back"}, {"front", "back"})
            if card is not None:
                if "id" in card:
                    c.ident(card, "id", fkeys + ("card",))
                c.text(card, "front", fkeys + ("card",))
                c.text(card, "back", fkeys + ("card",))
    for i, corr in enumerate(c.items(section, "corrections", keys)):
        ckeys = keys + ("corrections", i)
        entry = c.mapping(corr, ckeys, {"often_stated", "actually", "source"}, {"often_stated", "actually", "source"})
        if entry is not None:
            c.text(entry, "often_stated", ckeys)
            c.text(entry, "actually", ckeys)
            c.source(entry, ckeys)
    for i, table in enumerate(tables):
        tkeys = keys + ("tables", i)
        entry = c.mapping(table, tkeys, {"title", "columns", "rows", "source"}, {"title", "columns", "rows", "source"})
        if entry is None:
            continue
        c.text(entry, "title", tkeys)
        c.source(entry, tkeys)
        columns = c.strings(entry, "columns", tkeys)
        if len(columns) < 2:
            c.fail(tkeys + ("columns",), "a table needs at least two columns")
        for r, row in enumerate(c.items(entry, "rows", tkeys, required=True)):
            if not isinstance(row, list) or len(row) != len(columns):
                c.fail(tkeys + ("rows", r), f"must be a list of {len(columns)} cells, one per column")
            elif any(not isinstance(cell, (str, int, float)) or isinstance(cell, bool) for cell in row):
                c.fail(tkeys + ("rows", r), "cells must be text or numbers")
    if diagram is not None:
        if not isinstance(diagram, str) or not diagram.strip():
            c.fail(keys + ("diagram",), "must be non-empty text")
        else:
            widest = max(len(line) for line in diagram.splitlines())
            if widest > MAX_DIAGRAM_WIDTH:
                c.fail(keys + ("diagram",), f"lines must be at most {MAX_DIAGRAM_WIDTH} columns, found {widest}")
    for i, tip in enumerate(c.items(section, "tips", keys)):
        tkeys = keys + ("tips", i)
        entry = c.mapping(tip, tkeys, {"kind", "text", "source"}, {"kind", "text", "source"})
        if entry is not None:
            c.choice(entry, "kind", tkeys, ("tip", "trap"))
            c.text(entry, "text", tkeys)
            c.source(entry, tkeys)


def _check_profiles(c: Checker, note: dict) -> None:
    fields = {"id", "name", "status", "questions", "minutes", "passing_score", "domains", "source"}
    optional = {"guide_version", "guide_date", "changes"}
    for i, profile in enumerate(c.items(note, "profiles", (), required=True)):
        keys = ("profiles", i)
        entry = c.mapping(profile, keys, fields | optional, fields)
        if entry is None:
            continue
        pid = c.choice(entry, "id", keys, EXAMS)
        c.text(entry, "name", keys)
        c.choice(entry, "status", keys, ("active", "retired"))
        c.integer(entry, "questions", keys, 1)
        c.integer(entry, "minutes", keys, 1)
        score = c.integer(entry, "passing_score", keys, 100)
        if score is not None and score > 1000:
            c.fail(keys + ("passing_score",), "must be on the 100-1000 scale")
        c.source(entry, keys)
        for name in ("guide_version", "guide_date"):
            if name in entry:
                c.text(entry, name, keys)
        if "changes" in entry:
            c.strings(entry, "changes", keys)
        valid = DAS_DOMAINS if pid == "das-c01" else DEA_DOMAINS
        total = 0
        for d, domain in enumerate(c.items(entry, "domains", keys, required=True)):
            dkeys = keys + ("domains", d)
            dom = c.mapping(domain, dkeys, {"id", "name", "weight", "tasks"}, {"id", "name", "weight"})
            if dom is None:
                continue
            for t, task in enumerate(c.items(dom, "tasks", dkeys)):
                tkeys = dkeys + ("tasks", t)
                entry_t = c.mapping(task, tkeys, {"id", "name", "skills"}, {"id", "name", "skills"})
                if entry_t is None:
                    continue
                if str(entry_t.get("id")) not in DEA_TASKS:
                    c.fail(tkeys + ("id",), f"must be a DEA-C01 task statement ({', '.join(DEA_TASKS)})")
                c.text(entry_t, "name", tkeys)
                c.strings(entry_t, "skills", tkeys)
            c.choice(dom, "id", dkeys, valid)
            c.text(dom, "name", dkeys)
            total += c.integer(dom, "weight", dkeys, 1) or 0
        if total != 100:
            c.fail(keys + ("domains",), f"weights must add up to 100, got {total}")


# ------------------------------------------------------------------------------------------ questions

QUESTION_FIELDS = {"id", "type", "difficulty", "das_domain", "dea_domain", "stem", "options", "answer",
                   "explanations", "read_next", "source"}
OPTIONAL_QUESTION_FIELDS = {"dea_task"}


def check_bank(data: Any, path: str, file_stem: str) -> tuple[dict | None, list[Problem]]:
    """Validate one question bank file's data."""
    c = Checker(path)
    bank = c.mapping(data, (), {"topic", "questions"}, {"topic", "questions"})
    if bank is None:
        return None, c.problems
    topic = c.ident(bank, "topic", ())
    if topic and topic != file_stem:
        c.fail(("topic",), f"must match the file name ({file_stem!r}), got {topic!r}")
    seen: set[str] = set()
    for i, question in enumerate(c.items(bank, "questions", (), required=True)):
        _check_question(c, question, ("questions", i), seen)
    return (bank if not c.problems else None), c.problems


def _check_question(c: Checker, data: Any, keys: KeyPath, seen: set[str]) -> None:
    q = c.mapping(data, keys, QUESTION_FIELDS | OPTIONAL_QUESTION_FIELDS, QUESTION_FIELDS)
    if q is None:
        return
    qid = c.ident(q, "id", keys)
    if qid:
        if qid in seen:
            c.fail(keys + ("id",), f"duplicate question id {qid!r}")
        seen.add(qid)
    qtype = c.choice(q, "type", keys, QUESTION_TYPES)
    c.choice(q, "difficulty", keys, DIFFICULTIES)
    c.choice(q, "das_domain", keys, DAS_DOMAINS)
    dea = c.choice(q, "dea_domain", keys, DEA_DOMAINS)
    if "dea_task" in q:
        tasks = c.strings(q, "dea_task", keys)
        for task in tasks:
            if task not in DEA_TASKS:
                c.fail(keys + ("dea_task",), f"{task!r} is not a DEA-C01 task statement ({', '.join(DEA_TASKS)})")
        if dea and tasks and not any(t.startswith(f"{DEA_DOMAINS.index(dea) + 1}.") for t in tasks if t in DEA_TASKS):
            c.fail(keys + ("dea_task",), f"must include a task statement of its dea_domain {dea!r}")
    stem = c.text(q, "stem", keys)
    c.source(q, keys)
    ref = c.text(q, "read_next", keys)
    if ref and ref.count("#") != 1:
        c.fail(keys + ("read_next",), f"must be note-id#section-id, got {ref!r}")
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
                c.fail(keys + ("answer",), f"{letter!r} is not one of the options")
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
    if not isinstance(explanations, dict):
        c.fail(keys + ("explanations",), "must explain every option: a mapping of option letters to text")
    else:
        if sorted(map(str, explanations)) != sorted(letters):
            c.fail(keys + ("explanations",), "must have exactly one explanation per option")
        for letter, text in explanations.items():
            if not isinstance(text, str) or not text.strip():
                c.fail(keys + ("explanations", letter), "must be non-empty text")


# ------------------------------------------------------------------------------------------------ rules

def check_rules(data: Any, path: str) -> list[Problem]:
    """Validate rules.yaml (the loader in das.content.rules does the same checks on the fast path)."""
    c = Checker(path)
    root = c.mapping(data, (), {"rules"}, {"rules"})
    if root is None:
        return c.problems
    seen: set[str] = set()
    fields = {"id", "value", "unit", "text", "source", "note"}
    for i, item in enumerate(c.items(root, "rules", (), required=True)):
        keys = ("rules", i)
        entry = c.mapping(item, keys, fields, fields)
        if entry is None:
            continue
        rid = c.text(entry, "id", keys)
        if rid in seen:
            c.fail(keys + ("id",), f"duplicate rule id {rid!r}")
        seen.add(rid or "")
        value = entry.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            c.fail(keys + ("value",), "must be a number")
        c.text(entry, "unit", keys)
        c.text(entry, "text", keys)
        c.source(entry, keys)
        note = c.text(entry, "note", keys)
        if note and note.count("#") != 1:
            c.fail(keys + ("note",), "must be note-id#section-id")
    return c.problems


def locate(problem: Problem) -> Problem:
    """The same problem with its line number, found by re-reading the file with line tracking."""
    if problem.line:
        return problem
    from pathlib import Path

    from das.errors import ContentError
    from das.content.yamlfile import line_of, load_yaml

    try:
        data = load_yaml(Path(problem.path))
    except ContentError:
        return problem
    node, line = data, line_of(data)
    for key in problem.keys:
        if isinstance(node, dict) and key in node:
            line = line_of(node, key) or line
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            line = line_of(node, key) or line
            node = node[key]
        else:
            break
    return Problem(problem.path, problem.keys, problem.message, line)
