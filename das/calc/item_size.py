"""DynamoDB item size in bytes, by the rules of the developer guide page "DynamoDB item sizes and formats".

Attribute names and string values count their UTF-8 bytes; a number counts 1 byte per two significant
digits plus 1 byte; binary counts its raw bytes (not the base64 text); null and Boolean 1 byte; a List or
Map 3 bytes plus 1 byte per element plus its elements. The page gives no overhead for sets: das counts a
set as the sum of its elements' sizes and says so.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from das.calc.item_parse import (DYNAMODB_JSON_HINT, SETS, TYPE_NAMES, Value, looks_like_dynamodb_json, parse_item,
                                 significant_digits)
from das.calc.mistakes import DrillCase, Mistake, wrong_answers
from das.calc.result import CalcResult
from das.calc.text import num, plural
from das.content.rules import rule
from das.errors import UsageError
from das.numbers import ceil

if TYPE_CHECKING:  # drills take a Random; the calculators never import random
    import random

SOURCE = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html"
@dataclass(frozen=True)
class Sizing:
    """How to count. The defaults are AWS's rules; each False is one classic mistake."""

    names: bool = True  # attribute names count
    utf8: bool = True  # strings count UTF-8 bytes, not characters
    number_digits: bool = True  # numbers count significant digits, not characters
    binary_raw: bool = True  # binary counts raw bytes, not base64 characters
    containers: bool = True  # List/Map overhead: 3 bytes plus 1 byte per element


# ------------------------------------------------------------------------------------------- sizing

def value_bytes(value: Value, sizing: Sizing = Sizing()) -> int:
    """Bytes of one value (its name not included)."""
    if value.kind == "S":
        return len(value.data.encode("utf-8")) if sizing.utf8 else len(value.data)
    if value.kind == "N":
        if not sizing.number_digits:
            return len(value.text)
        per_byte, extra = rule("dynamodb.number_digits_per_byte").value, rule("dynamodb.number_extra_bytes").value
        return int(ceil(significant_digits(value.data) / per_byte) + extra)
    if value.kind == "B":
        return len(value.data) if sizing.binary_raw else len(value.text)
    if value.kind in ("BOOL", "NULL"):
        return int(rule("dynamodb.null_bool_bytes").value)
    if value.kind in SETS:
        return sum(value_bytes(v, sizing) for v in value.data)
    pairs = value.data if value.kind == "M" else [("", v) for v in value.data]
    inner = sum(name_bytes(k, sizing) + value_bytes(v, sizing) for k, v in pairs)
    if not sizing.containers:
        return inner
    overhead = rule("dynamodb.container_overhead_bytes").value
    return int(inner + overhead + len(pairs) * rule("dynamodb.element_overhead_bytes").value)


def name_bytes(name: str, sizing: Sizing = Sizing()) -> int:
    """Bytes an attribute name adds to the item: its UTF-8 bytes (0 or its character count under the classic-mistake
    sizings). Source: "DynamoDB item sizes and formats" in the DynamoDB developer guide."""
    if not sizing.names:
        return 0
    return len(name.encode("utf-8")) if sizing.utf8 else len(name)


def item_bytes(item: list[tuple[str, Value]], sizing: Sizing = Sizing()) -> int:
    """The item's size: each attribute's name plus its value."""
    return sum(name_bytes(n, sizing) + value_bytes(v, sizing) for n, v in item)


def size_kb(text: str, dynamodb_json: bool = False) -> tuple[Fraction, int, list[str]]:
    """(size in KB exactly, size in bytes, warnings) of the item in `text`, for `das calc wcu/rcu --item`."""
    item = parse_item(text, dynamodb_json)
    total = item_bytes(item)
    hint = [DYNAMODB_JSON_HINT] if not dynamodb_json and looks_like_dynamodb_json(item) else []
    return Fraction(total) / rule("dynamodb.bytes_per_kb").value, total, hint


# ------------------------------------------------------------------------------------------- steps

def _why(value: Value) -> str:
    """How a value's bytes were counted, for its worked step."""
    if value.kind == "S":
        return f"{plural(len(value.data.encode('utf-8')), 'UTF-8 byte')}"
    if value.kind == "N":
        digits = significant_digits(value.data)
        return (f"{plural(digits, 'significant digit')}: ceil({digits} / 2) + 1 "
                f"[rule dynamodb.number_digits_per_byte]")
    if value.kind == "B":
        return f"{plural(len(value.data), 'raw byte')}, not the {len(value.text)} base64 characters"
    if value.kind in ("BOOL", "NULL"):
        return "1 byte [rule dynamodb.null_bool_bytes]"
    if value.kind in SETS:
        return f"{plural(len(value.data), 'element')} summed; the guide gives no set overhead"
    pairs = value.data if value.kind == "M" else [("", v) for v in value.data]
    inner = sum(name_bytes(k) + value_bytes(v) for k, v in pairs)
    what = "names and values" if value.kind == "M" else "elements"
    return (f"3 bytes + 1 byte x {plural(len(pairs), 'element')} + {plural(inner, 'byte')} of {what} "
            "[rule dynamodb.container_overhead_bytes]")


def _kinds(values: list[Value]) -> set[str]:
    """Every type in the values, nested ones included."""
    found: set[str] = set()
    stack = list(values)
    while stack:
        value = stack.pop()
        found.add(value.kind)
        if value.kind == "M":
            stack += [v for _, v in value.data]
        elif value.kind in ("L", *SETS):
            stack += value.data
    return found


def _rules_used(attributes: list[tuple[str, Value]], over: bool) -> list[str]:
    kinds = _kinds([v for _, v in attributes])
    used = ["dynamodb.bytes_per_kb"]
    if kinds & {"N", "NS"}:
        used += ["dynamodb.number_digits_per_byte", "dynamodb.number_extra_bytes"]
    if kinds & {"BOOL", "NULL"}:
        used.append("dynamodb.null_bool_bytes")
    if kinds & {"L", "M"}:
        used += ["dynamodb.container_overhead_bytes", "dynamodb.element_overhead_bytes"]
    used += ["dynamodb.wcu_item_kb", "dynamodb.rcu_item_kb", "dynamodb.eventual_read_factor"]
    return used + (["dynamodb.max_item_kb"] if over else [])


def _rounds(size: Fraction, unit: Fraction) -> str:
    """'rounds up to 8 KB' or 'is a whole number of 4 KB units' (never '4 KB rounds up to 4 KB')."""
    units = max(1, ceil(size / unit))
    return f"rounds up to {num(units * unit)} KB" if units * unit != size else "is already a multiple of the unit"


def attribute_steps(item: list[tuple[str, Value]]) -> list[str]:
    """One step per attribute: 'name' (4 bytes) + number (3 bytes: 3 significant digits ...) = 7 bytes."""
    steps = []
    for name, value in item:
        n, v = name_bytes(name), value_bytes(value)
        steps.append(f"{name!r}: name {plural(n, 'byte')} + {TYPE_NAMES[value.kind]} {plural(v, 'byte')} "
                     f"({_why(value)}) = {plural(n + v, 'byte')}")
    return steps


# ------------------------------------------------------------------------------------------- mistakes

def _sized(**knobs: bool):
    return lambda item: item_bytes(item, replace(Sizing(), **knobs))


MISTAKES = (
    Mistake("no-names", "counting only the values, not the attribute names", _sized(names=False),
            because="attribute names count too"),
    Mistake("characters", "counting characters instead of UTF-8 bytes", _sized(utf8=False)),
    Mistake("number-text", "counting a number's characters instead of its significant digits",
            _sized(number_digits=False)),
    Mistake("base64", "counting binary as its base64 text", _sized(binary_raw=False),
            because="DynamoDB counts the raw bytes"),
    Mistake("no-overhead", "leaving out the List/Map overhead (3 bytes plus 1 byte per element)",
            _sized(containers=False)),
)


def _bytes_unit(value: Any) -> str:
    return plural(value, "byte")


def run(item: str | None, dynamodb_json: bool = False) -> CalcResult:
    """Size of the item given as JSON text (plain or DynamoDB JSON): keys bytes, write_units,
    read_units_strong, read_units_eventual. Over 400 KB is reported, not an error. Source: SOURCE."""
    if item is None:
        raise UsageError("give the item with --item FILE, or '-' and the JSON on stdin")
    attributes = parse_item(item, dynamodb_json)
    total = item_bytes(attributes)
    kb, max_kb = rule("dynamodb.bytes_per_kb"), rule("dynamodb.max_item_kb")
    wkb, rkb, half = rule("dynamodb.wcu_item_kb"), rule("dynamodb.rcu_item_kb"), rule("dynamodb.eventual_read_factor")
    size = Fraction(total) / kb.value
    write = max(1, ceil(size / wkb.value))
    strong = max(1, ceil(size / rkb.value))
    steps = attribute_steps(attributes) or ["No attributes: 0 bytes"]
    steps.append(f"Item: {plural(total, 'byte')} = {num(size)} KB (1 KB = {num(kb.value)} bytes) {kb.cite()}")
    steps.append(f"Write: {num(size)} KB {_rounds(size, wkb.value)} = {plural(write, 'write unit')} per standard "
                 f"write ({num(wkb.value)} KB each) {wkb.cite()}")
    steps.append(f"Read: {num(size)} KB {_rounds(size, rkb.value)} = {plural(strong, 'read unit')} "
                 f"strongly consistent ({num(rkb.value)} KB each), {num(strong * half.value)} eventually consistent "
                 f"{rkb.cite()}")
    notes = ["Sizes follow the guide's estimate rules; numbers are approximate by its own words."]
    if _kinds([v for _, v in attributes]) & set(SETS):
        notes.append("The guide states no overhead for sets: das counts a set as the sum of its elements.")
    warnings = []
    if size > max_kb.value:
        warnings.append(f"Over DynamoDB's {num(max_kb.value)} KB item limit: DynamoDB would reject this item "
                        f"{max_kb.cite()}")
    if not dynamodb_json and looks_like_dynamodb_json(attributes):
        warnings.append(DYNAMODB_JSON_HINT)
    result = CalcResult(
        calculator="item-size", headline=f"{plural(total, 'byte')} ({num(size)} KB)",
        detail=f"an item of {plural(len(attributes), 'attribute')}" + (" (DynamoDB JSON)" if dynamodb_json else ""),
        values={"bytes": total, "write_units": write, "read_units_strong": strong,
                "read_units_eventual": float(strong * half.value) if (strong * half.value).denominator != 1
                else int(strong * half.value), "over_limit": size > max_kb.value},
        steps=steps, notes=notes, answer=total, warnings=warnings,
        rules=[rule(r) for r in _rules_used(attributes, size > max_kb.value)],
    )
    result.add_traps(wrong_answers(MISTAKES, attributes, total, _bytes_unit), _bytes_unit)
    return result


# ------------------------------------------------------------------------------------------- drills

NAMES = ("id", "pk", "sk", "user", "city", "score", "total", "tags", "active", "note", "price", "blob")
WORDS = ("Zoë", "Kraków", "München", "order#1042", "alice", "São Paulo", "café", "bob", "naïve")
NUMBERS = ("37", "1000", "123.45", "0.0015", "-42", "98765432", "3.14159", "250")


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    pick = rng.choice(("S", "S", "N", "N", "BOOL", "NULL", "L", "M") if depth == 0 else ("S", "N", "BOOL"))
    if pick == "S":
        return rng.choice(WORDS)
    if pick == "N":
        return Decimal(rng.choice(NUMBERS))
    if pick == "BOOL":
        return rng.choice((True, False))
    if pick == "NULL":
        return None
    if pick == "L":
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(1, 3))]
    return {rng.choice(("a", "b", "n", "x")) + str(i): _random_value(rng, depth + 1) for i in range(rng.randint(1, 2))}


def _dumps(data: Any) -> str:
    """JSON text with numbers written as typed (json.dumps would turn Decimal("1000") into a float)."""
    if isinstance(data, Decimal):
        return str(data)
    if isinstance(data, list):
        return "[" + ", ".join(_dumps(v) for v in data) + "]"
    if isinstance(data, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_dumps(v)}" for k, v in data.items()) + "}"
    return json.dumps(data, ensure_ascii=False)


def drill_item_size(rng: random.Random) -> DrillCase | None:
    """What is this item's size in bytes? Wrong options: names forgotten, characters for bytes, ..."""
    names = rng.sample(NAMES, rng.randint(3, 5))
    data = {name: _random_value(rng) for name in names}
    text = _dumps(data)
    attributes = parse_item(text)
    total = item_bytes(attributes)
    wrong = wrong_answers(MISTAKES, attributes, total, _bytes_unit)
    stem = (f"An application writes this item (plain JSON) to an Amazon DynamoDB table: {text} "
            "By DynamoDB's item-size rules, what is the item's size?")
    return DrillCase("item-size", [total, f"{zlib.crc32(text.encode()):08x}"], stem, total, _bytes_unit, wrong,
                     run(text).steps, "dynamodb", "storage", "store", "dynamodb#capacity-units", SOURCE)


DRILLS = {"item-size": drill_item_size}
