"""DynamoDB item size in bytes, by the rules of the developer guide page "DynamoDB item sizes and formats".

Attribute names and string values count their UTF-8 bytes; a number counts 1 byte per two significant
digits plus 1 byte; binary counts its raw bytes (not the base64 text); null and Boolean 1 byte; a List or
Map 3 bytes plus 1 byte per element plus its elements. The page gives no overhead for sets: das counts a
set as the sum of its elements' sizes and says so.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from das.calc.mistakes import DrillCase, Mistake, wrong_answers
from das.calc.result import CalcResult
from das.calc.text import num, plural
from das.content.rules import rule
from das.errors import UsageError
from das.numbers import ceil

if TYPE_CHECKING:  # drills take a Random; the calculators never import random
    import random

SOURCE = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html"
SCALARS = ("S", "N", "B", "BOOL", "NULL")
SETS = {"SS": "S", "NS": "N", "BS": "B"}
TYPE_NAMES = {"S": "string", "N": "number", "B": "binary", "BOOL": "Boolean", "NULL": "null", "L": "List",
              "M": "Map", "SS": "string set", "NS": "number set", "BS": "binary set"}


@dataclass(frozen=True)
class Value:
    """A typed attribute value: kind is a DynamoDB type (S, N, B, BOOL, NULL, L, M, SS, NS, BS)."""

    kind: str
    data: Any  # str | Decimal | bytes | None | list[Value] | list[tuple[str, Value]]
    text: str = ""  # how a number or binary was written (for the classic mistakes)


@dataclass(frozen=True)
class Sizing:
    """How to count. The defaults are AWS's rules; each False is one classic mistake."""

    names: bool = True  # attribute names count
    utf8: bool = True  # strings count UTF-8 bytes, not characters
    number_digits: bool = True  # numbers count significant digits, not characters
    binary_raw: bool = True  # binary counts raw bytes, not base64 characters
    containers: bool = True  # List/Map overhead: 3 bytes plus 1 byte per element


# ------------------------------------------------------------------------------------------- parsing

def parse_item(text: str, dynamodb_json: bool = False) -> list[tuple[str, Value]]:
    """The item's attributes from JSON text (a leading UTF-8 byte order mark is ignored); UsageError for
    anything DynamoDB would not store: numbers out of its range, names or strings that are not Unicode,
    more than 32 levels of nesting, empty attribute names. Source: the Constraints page (rules.yaml)."""
    try:
        data = json.loads(text.removeprefix("\ufeff"), parse_float=JsonNumber, parse_int=JsonNumber,
                          parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise UsageError(f"--item is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        levels = rule("dynamodb.max_nesting_levels")
        raise UsageError(f"--item is nested hundreds of levels deep; DynamoDB allows {num(levels.value)} "
                         f"{levels.cite()}") from None
    if not isinstance(data, dict):
        raise UsageError("--item must be one JSON object whose keys are the attribute names")
    convert = _from_dynamodb if dynamodb_json else _from_plain
    shortest = rule("dynamodb.attribute_name_min_chars")
    for name in data:
        if len(name) < shortest.value:
            raise UsageError(f"--item: an attribute name is empty; names are at least {plural(shortest.value, 'character')} "
                             f"long {shortest.cite()}")
    return [(_text(name, name), convert(value, name, 1)) for name, value in data.items()]


def looks_like_dynamodb_json(item: list[tuple[str, Value]]) -> bool:
    """Every attribute is a one-entry Map keyed by a DynamoDB type ({"S": ...}): DynamoDB JSON read as plain."""
    return bool(item) and all(v.kind == "M" and len(v.data) == 1 and v.data[0][0] in TYPE_NAMES for _, v in item)


DYNAMODB_JSON_HINT = ("Every attribute looks like DynamoDB JSON ({\"S\": ...}, {\"N\": ...}) but was sized as plain "
                      "JSON, each as a Map: add --dynamodb-json if it is DynamoDB JSON.")


class JsonNumber(str):
    """A plain-JSON number kept as the text it was written in (1e400 is quoted as typed, not as 1E+400)."""


def _no_constant(name: str) -> Any:
    raise UsageError(f"--item: DynamoDB numbers cannot be {name}")


def _text(value: str, where: str) -> str:
    """A name or string that UTF-8 can encode (a lone surrogate such as \\ud800 cannot, nor can DynamoDB)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = value[exc.start]
        raise UsageError(f"--item: attribute {where!r} holds {ascii(bad)[1:-1]}, which is not a Unicode character "
                         "(a lone surrogate); DynamoDB strings are UTF-8") from None
    return value


def _nested(depth: int, where: str) -> int:
    """The depth of a container's elements; UsageError past DynamoDB's nesting limit."""
    levels = rule("dynamodb.max_nesting_levels")
    if depth + 1 > levels.value:
        raise UsageError(f"--item: attribute {where!r} is nested more than {num(levels.value)} levels deep, the most "
                         f"DynamoDB allows {levels.cite()}")
    return depth + 1


def _from_plain(value: Any, where: str, depth: int) -> Value:
    if isinstance(value, bool):
        return Value("BOOL", value)
    if value is None:
        return Value("NULL", None)
    if isinstance(value, (JsonNumber, Decimal)):
        return _number(str(value), where)
    if isinstance(value, str):
        return Value("S", _text(value, where))
    if isinstance(value, list):
        inner = _nested(depth, where)
        return Value("L", [_from_plain(v, f"{where}[{i}]", inner) for i, v in enumerate(value)])
    inner = _nested(depth, where)
    return Value("M", [(_text(k, where), _from_plain(v, f"{where}.{k}", inner)) for k, v in value.items()])


SHAPES = {"S": 'a JSON string: {"S": "text"}', "N": 'a number in a JSON string: {"N": "123"}',
          "B": 'base64 in a JSON string: {"B": "aGk="}', "BOOL": 'true or false: {"BOOL": true}',
          "NULL": 'true, always: {"NULL": true}', "L": 'a JSON array: {"L": [{"S": "a"}]}',
          "M": 'a JSON object: {"M": {"a": {"S": "b"}}}', "SS": 'a JSON array of strings: {"SS": ["a", "b"]}',
          "NS": 'a JSON array of number strings: {"NS": ["1", "2"]}',
          "BS": 'a JSON array of base64 strings: {"BS": ["aGk="]}'}


def _from_dynamodb(value: Any, where: str, depth: int) -> Value:
    if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in (*SCALARS, "L", "M", *SETS):
        raise UsageError(f"--item: attribute {where!r} must be a DynamoDB JSON value such as {{\"S\": \"text\"}} "
                         "(types S, N, B, BOOL, NULL, L, M, SS, NS, BS)")
    kind, data = next(iter(value.items()))
    if kind == "L" and isinstance(data, list):
        inner = _nested(depth, where)
        return Value("L", [_from_dynamodb(v, f"{where}[{i}]", inner) for i, v in enumerate(data)])
    if kind == "M" and isinstance(data, dict):
        inner = _nested(depth, where)
        return Value("M", [(_text(k, where), _from_dynamodb(v, f"{where}.{k}", inner)) for k, v in data.items()])
    if kind in SETS and isinstance(data, list):
        return _set(kind, data, where)
    if kind == "BOOL" and isinstance(data, bool):
        return Value("BOOL", data)
    if kind == "NULL" and data is True:
        return Value("NULL", None)
    if kind in ("S", "N", "B") and isinstance(data, str):
        return _scalar(kind, data, where)
    raise UsageError(f"--item: attribute {where!r}: a {kind} value is written as {SHAPES[kind]}, got "
                     f"{json.dumps(data)[:40]}")


def _scalar(kind: str, data: str, where: str) -> Value:
    if kind == "N":
        return _number(data, where)
    if kind == "B":
        try:
            return Value("B", base64.b64decode(data, validate=True), data)
        except (binascii.Error, ValueError):
            raise UsageError(f"--item: attribute {where!r} is not valid base64 binary") from None
    return Value("S", _text(data, where))


def _set(kind: str, data: list, where: str) -> Value:
    if not data:
        raise UsageError(f"--item: attribute {where!r} is an empty set, which DynamoDB does not store")
    if not all(isinstance(v, str) for v in data):
        raise UsageError(f"--item: attribute {where!r}: {kind} elements are JSON strings")
    elements = [_scalar(SETS[kind], v, where) for v in data]
    keys = [e.data for e in elements]
    if len(set(keys)) != len(keys):
        raise UsageError(f"--item: attribute {where!r} repeats a value; set elements are unique")
    return Value(kind, elements)


NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _number(text: str, where: str) -> Value:
    """A DynamoDB number: plain decimal text, at most 38 significant digits, zero or 1E-130 <= |n| < 1E+126."""
    max_digits = rule("dynamodb.number_max_digits").value
    if not NUMBER.fullmatch(text):
        raise UsageError(f"--item: attribute {where!r} is not a number DynamoDB reads: {text!r} (digits, an optional "
                         "sign, point and exponent; no spaces or underscores)")
    value = Decimal(text)
    if significant_digits(value) > max_digits:
        raise UsageError(f"--item: attribute {where!r} has {significant_digits(value)} significant digits; "
                         f"DynamoDB numbers have at most {num(max_digits)}")
    low, high = rule("dynamodb.number_min_exponent"), rule("dynamodb.number_max_exponent")
    if value and not low.value <= value.adjusted() <= high.value:
        raise UsageError(f"--item: attribute {where!r} is {text}, outside DynamoDB's number range: zero, or 1E-130 "
                         f"to 9.9999999999999999999999999999999999999E+125 either side of zero {high.cite()}")
    return Value("N", value, text)


def significant_digits(value: Decimal) -> int:
    """Digits left when leading and trailing zeros are trimmed: 0.00120 -> 2, 1000 -> 1, 0 -> 0."""
    return len("".join(map(str, value.as_tuple().digits)).strip("0"))


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
