"""The content schema (docs/content-schema.md) as code: checks raw YAML data and reports problems.

Checks work on plain data and name the place of a problem as a key path (`sections[2].facts[0].source`).
The loader turns a key path into a line number by re-reading the file with line tracking, only when a
problem is found, so the common case stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# the exams das serves, the default first: DEA-C01, the one a candidate can book (DAS-C01 retired on
# April 8, 2024); wherever das shows both, it shows them in this order
EXAMS = ("dea-c01", "das-c01")
DAS_DOMAINS = ("collection", "storage", "processing", "analysis", "security")
DEA_DOMAINS = ("ingestion", "store", "operations", "governance")
# calculator ids for notes' `calculators:`; tests/test_calc_registry.py checks them against das.calc.registry
# (content is the lower layer and cannot import it)
CALCULATORS = ("wcu", "rcu", "item-size", "shards", "firehose", "s3")
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


MAX_SHOWN = 60  # characters of a content value quoted in a message


def shown(value: Any, limit: int = MAX_SHOWN) -> str:
    """A content value as a message quotes it: repr of at most `limit` characters of a string ('...' marks a
    cut), the type for a list or mapping (never its expansion: aliases can make it huge)."""
    if isinstance(value, str):
        return repr(value) if len(value) <= limit else repr(value[:limit]) + "..."
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value):,}"
    if isinstance(value, dict):
        return f"a mapping of {len(value):,} keys"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one content file."""

    path: str
    keys: KeyPath
    message: str
    line: int | None = None
    column: int | None = None  # 1-based, where a single character is at fault

    @property
    def field(self) -> str:
        """The field's path as text, e.g. 'questions[3].options'; 'file' for the file as a whole."""
        out = ""
        for key in self.keys:
            out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
        return out or "file"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        where += f":{self.column}" if self.line and self.column else ""
        return f"{where}: {self.field}: {self.message}"


class Checker:
    """Collects problems for one file while walking its data."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.imported = False  # an imported bank or note in a user content folder: file: sources allowed
        self.problems: list[Problem] = []

    def file_root(self, data: Any, fields: set[str], required: set[str], user: bool, what: str,
                  name_field: str, file_stem: str) -> dict | None:
        """The top mapping of a note or bank file: its fields, the `imported` marker (user folders only)
        and the id (`name_field`) that must match the file name. None when the file is not a mapping."""
        root = self.mapping(data, (), fields | ({"imported"} if user else set()), required)
        if root is None:
            return None
        self.marker(root, what)
        name = self.ident(root, name_field, ())
        if name and name != file_stem:
            self.fail((name_field,), f"must match the file name ({file_stem!r}), got {shown(name)}")
        return root

    def unique_id(self, data: dict, keys: KeyPath, seen: set[str], what: str) -> str | None:
        """The entry's `id`, checked as an id and as unique among `seen` (which it joins)."""
        ident = self.ident(data, "id", keys)
        if ident:
            if ident in seen:
                self.fail(keys + ("id",), f"duplicate {what} id {ident!r}")
            seen.add(ident)
        return ident

    def marker(self, data: dict, what: str) -> None:
        """Read the optional `imported: true` marker of a note or bank written by das import."""
        if "imported" in data:
            if data["imported"] is not True:
                self.fail(("imported",), f"must be true (a {what} written by das import) or left out")
            self.imported = data["imported"] is True

    def fail(self, keys: KeyPath, message: str) -> None:
        """Record a problem at `keys` (a path of field names and list indexes) with this message."""
        if len(message) > 400:  # a value quoted without shown(): never print an expansion
            message = message[:397] + "..."
        self.problems.append(Problem(self.path, tuple(keys), message))

    # --- typed field helpers: each returns the value when it is valid, else None ---
    def mapping(self, data: Any, keys: KeyPath, allowed: set[str], required: set[str]) -> dict | None:
        """`data` if it is a mapping, else None; records a problem for a non-mapping, each `required` field missing and
        each field not in `allowed` (the mapping is returned even then)."""
        if not isinstance(data, dict):
            self.fail(keys, "must be a mapping of fields")
            return None
        missing = required - data.keys()
        if missing:
            for name in sorted(missing):
                self.fail(keys + (name,), "is required")
        if data.keys() - allowed:  # only then can a field be unknown (checked by its name as text)
            for name in sorted(set(map(str, data.keys())) - allowed):
                self.fail(keys + (name,), f"is not a known field (allowed: {', '.join(sorted(allowed))})")
        return data

    def text(self, data: dict, name: str, keys: KeyPath, required: bool = True) -> str | None:
        """The field's value if it is non-empty text, else None (a problem is recorded); None without a problem when the
        field is absent, since mapping() reports missing required fields (`required` is not used here)."""
        if name not in data:
            return None
        value = data[name]
        if not isinstance(value, str) or not value.strip():
            self.fail(keys + (name,), "must be non-empty text")
            return None
        return value

    def ident(self, data: dict, name: str, keys: KeyPath) -> str | None:
        """The field as text if it is a lowercase kebab-case id, else None with a problem recorded (None and no problem
        when absent)."""
        if name not in data:
            return None
        value = data[name]
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.fail(keys + (name,), f"must be a lowercase kebab-case id, got {shown(value)}")
            return None
        return value

    def choice(self, data: dict, name: str, keys: KeyPath, choices: tuple[str, ...]) -> str | None:
        """The field's value if it is one of `choices`, else None with a problem recorded (None and no problem when
        absent)."""
        if name not in data:
            return None
        value = data[name]
        if value not in choices:
            self.fail(keys + (name,), f"must be one of {', '.join(choices)}, got {shown(value)}")
            return None
        return value

    def items(self, data: dict, name: str, keys: KeyPath, required: bool = False) -> list:
        """The field's list ([] when absent); a problem and [] when it is not a list, or is empty while `required`."""
        if name not in data:
            return []
        value = data[name]
        if not isinstance(value, list) or (required and not value):
            self.fail(keys + (name,), "must be a non-empty list" if required else "must be a list")
            return []
        return value

    def strings(self, data: dict, name: str, keys: KeyPath) -> list[str]:
        """The non-empty text entries of the list field; a problem recorded for each other entry."""
        values = self.items(data, name, keys)
        good = []
        for i, value in enumerate(values):
            if isinstance(value, str) and value.strip():
                good.append(value)
            else:
                self.fail(keys + (name, i), "must be non-empty text")
        return good

    def integer(self, data: dict, name: str, keys: KeyPath, minimum: int = 0) -> int | None:
        """The field if it is a whole number (not a bool) of at least `minimum`, else None with a problem recorded (None
        and no problem when absent)."""
        if name not in data:
            return None
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(keys + (name,), f"must be a whole number of at least {minimum}")
            return None
        return value

    def source(self, data: dict, keys: KeyPath, name: str = "source") -> str | None:
        """The field (default `source`) if it is text that source_problem() accepts, else None with a problem
        recorded."""
        value = self.text(data, name, keys)
        if value is None:
            return None
        problem = source_problem(value, self.imported)
        if problem:
            self.fail(keys + (name,), problem)
            return None
        return value


@lru_cache(maxsize=4096)  # a bank cites a few pages many times: each is parsed once
def source_problem(url: str, imported: bool = False) -> str | None:
    """Why a URL is not acceptable as a source, or None when it is. An imported bank may also cite the
    file it came from (`file:bank.md#L12`, written by `das import`)."""
    if imported and url.startswith("file:") and url[5:].strip():
        return None
    from urllib.parse import urlparse

    parsed = urlparse(url.strip())
    if parsed.scheme != "https" or not parsed.netloc:
        return f"must be an https:// URL of AWS documentation, got {shown(url)}"
    host = parsed.netloc.lower()
    if host == "github.com":
        owner = parsed.path.strip("/").split("/")[0].lower()
        if owner in _SOURCE_GITHUB_OWNERS:
            return None
    elif any(host == h.lstrip(".") or host.endswith(h if h.startswith(".") else "." + h) for h in _SOURCE_HOSTS):
        return None
    return f"must be AWS documentation (docs.aws.amazon.com, aws.amazon.com, repost.aws, ...), got {shown(url)}"


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
    """The same problem with its line number, found from the file's positions when it has none."""
    if problem.line or problem.keys[:1] in (("file",), ("yaml",)):
        return problem  # a reading problem has its line already, or none to find
    from das.content.yamlfile import line_of_keys

    return Problem(problem.path, problem.keys, problem.message, line_of_keys(problem.path, problem.keys))
