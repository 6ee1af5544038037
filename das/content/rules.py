"""The calculator rules: numbers AWS documents (1 KB per WCU, 1 MB/s per shard, ...), read from content.

Each rule lives once, in `content/rules.yaml`, with its unit, a sentence and an AWS documentation URL.
Calculators ask for rules by id; their worked steps cite the id, so a reader can look the rule up.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from pathlib import Path
from typing import TYPE_CHECKING

from das.errors import ContentError
from das.paths import builtin_content_dir

if TYPE_CHECKING:
    from das.content.schema import Problem

RULES_FILE = "rules.yaml"


@dataclass(frozen=True)
class Rule:
    id: str
    value: Fraction
    unit: str
    text: str
    source: str
    note: str  # note-id#section-id that teaches it

    def cite(self) -> str:
        """Short citation for a worked step: [rule dynamodb.wcu_item_kb]."""
        return f"[rule {self.id}]"


def _parse_rules_file() -> list[dict]:
    """Read and check rules.yaml against the schema; plain dicts (values as exact strings) for the cache."""
    from das.content.schema import check_rules, locate
    from das.content.yamlfile import load_yaml

    path = builtin_content_dir() / RULES_FILE
    data = load_yaml(path)
    problems = check_rules(data, str(path))
    if problems:
        first = locate(problems[0])
        raise ContentError(first.path, first.line, first.field, first.message)
    from das.content.terminal import clean_tree

    data = clean_tree(data)
    return [
        {"id": raw["id"], "value": str(Fraction(str(raw["value"]))), "unit": str(raw["unit"]), "text": str(raw["text"]),
         "source": raw["source"], "note": raw["note"]}
        for raw in data["rules"]
    ]


def check_rules_file() -> list[Problem]:
    """Every schema problem in rules.yaml, with lines (for `das content check`)."""
    from das.content.cache import cached
    from das.content.schema import Problem

    path = builtin_content_dir() / RULES_FILE
    try:  # kept while rules.yaml is unchanged: a warm `das content check` neither parses nor checks it
        found = cached("rules-check", [path], lambda: [[p.path, list(p.keys), p.message, p.line, p.column]
                                                       for p in _rules_file_problems(path)])
        return [Problem(where, tuple(keys), message, line, column) for where, keys, message, line, column in found]
    except (OSError, TypeError, ValueError):  # no rules.yaml to stat; a cache of another shape
        return _rules_file_problems(path)


def _rules_file_problems(path: Path) -> list[Problem]:
    from das.content.schema import Problem, check_rules, locate
    from das.content.yamlfile import load_yaml

    try:
        data = load_yaml(path)
    except ContentError as exc:
        return [Problem(exc.path, (exc.field,), exc.problem, exc.line)]
    return [locate(p) for p in check_rules(data, str(path))]


@lru_cache(maxsize=1)
def all_rules() -> dict[str, Rule]:
    """Every rule by id (parsed once per process, and cached on disk between runs)."""
    from das.content.cache import cached

    path = builtin_content_dir() / RULES_FILE
    try:
        raw = cached("rules", [path], _parse_rules_file)
    except FileNotFoundError:
        raise ContentError(str(path), None, "file", "is missing: the das installation is incomplete") from None
    try:
        return _rules_from(raw)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):  # a cache of another shape: rebuild it
        from das.content.cache import fingerprint, write_cache

        raw = _parse_rules_file()
        write_cache("rules", {"key": fingerprint([path]), "value": raw})
        return _rules_from(raw)


def _rules_from(raw: list[dict]) -> dict[str, Rule]:
    return {
        r["id"]: Rule(r["id"], Fraction(r["value"]), r["unit"], r["text"], r["source"], r["note"]) for r in raw
    }


def rule(rule_id: str) -> Rule:
    """One rule by id; a missing rule is a content error, since the calculators cannot work without it."""
    rules = all_rules()
    if rule_id not in rules:
        raise ContentError(str(builtin_content_dir() / RULES_FILE), None, rule_id, "rule is missing")
    return rules[rule_id]
