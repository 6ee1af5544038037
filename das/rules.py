"""The calculator rules: numbers AWS documents (1 KB per WCU, 1 MB/s per shard, ...), read from content.

Each rule lives once, in `content/rules.yaml`, with its unit, a sentence and an AWS documentation URL.
Calculators ask for rules by id; their worked steps cite the id, so a reader can look the rule up.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from das.errors import ContentError
from das.paths import builtin_content_dir

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
    """Read and validate rules.yaml; returns plain dicts (values as exact strings) for the cache."""
    from das.yamlio import line_of, load_yaml

    path = builtin_content_dir() / RULES_FILE
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ContentError(str(path), line_of(data), "rules", "must be a list of rules")
    seen: set[str] = set()
    parsed = []
    for index, raw in enumerate(data["rules"]):
        line = line_of(data["rules"], index)
        if not isinstance(raw, dict):
            raise ContentError(str(path), line, f"rules[{index}]", "must be a mapping")
        for field in ("id", "value", "unit", "text", "source", "note"):
            if field not in raw:
                raise ContentError(str(path), line, f"rules[{index}].{field}", "is required")
        rid = raw["id"]
        if not isinstance(rid, str) or rid in seen:
            raise ContentError(str(path), line_of(raw, "id"), f"rules[{index}].id", "must be a unique string")
        seen.add(rid)
        value = raw["value"]
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ContentError(str(path), line_of(raw, "value"), f"{rid}.value", "must be a number")
        try:
            exact = Fraction(str(value))
        except ValueError:
            raise ContentError(str(path), line_of(raw, "value"), f"{rid}.value", "must be a number") from None
        source = raw["source"]
        if not isinstance(source, str) or not source.startswith("https://"):
            raise ContentError(str(path), line_of(raw, "source"), f"{rid}.source", "must be an https:// URL")
        note = raw["note"]
        if not isinstance(note, str) or note.count("#") != 1:
            raise ContentError(str(path), line_of(raw, "note"), f"{rid}.note", "must be note-id#section-id")
        parsed.append(
            {
                "id": rid,
                "value": str(exact),
                "unit": str(raw["unit"]),
                "text": str(raw["text"]),
                "source": source,
                "note": note,
                "line": line,
            }
        )
    return parsed


@lru_cache(maxsize=1)
def all_rules() -> dict[str, Rule]:
    """Every rule by id (parsed once per process, and cached on disk between runs)."""
    from das.cache import cached

    path = builtin_content_dir() / RULES_FILE
    try:
        raw = cached("rules", [path], _parse_rules_file)
    except FileNotFoundError:
        raise ContentError(str(path), None, "file", "is missing: the das installation is incomplete") from None
    return {
        r["id"]: Rule(r["id"], Fraction(r["value"]), r["unit"], r["text"], r["source"], r["note"]) for r in raw
    }


def rule(rule_id: str) -> Rule:
    """One rule by id; a missing rule is a content error, since the calculators cannot work without it."""
    rules = all_rules()
    if rule_id not in rules:
        raise ContentError(str(builtin_content_dir() / RULES_FILE), None, rule_id, "rule is missing")
    return rules[rule_id]
