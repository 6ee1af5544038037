"""Reading a DynamoDB item from JSON (plain or DynamoDB JSON) the way DynamoDB would accept it.

Anything DynamoDB would refuse is a UsageError naming the attribute: a number outside its range or
precision, text that is not Unicode, more than 32 levels of nesting, an empty attribute name, a value of
the wrong JSON shape. The limits come from content/rules.yaml (the developer guide's Constraints page).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from das.calc.text import num, plural
from das.content.rules import rule
from das.errors import UsageError

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


def parse_item(text: str, dynamodb_json: bool = False) -> list[tuple[str, Value]]:
    """The item's attributes from JSON text (a leading UTF-8 byte order mark is ignored); UsageError for
    anything DynamoDB would not store: numbers out of its range, names or strings that are not Unicode,
    more than 32 levels of nesting, empty attribute names, a name given twice in one object (an item, a
    map, or a DynamoDB JSON value, which cannot hold duplicate names; JSON would keep the last). Source: the Constraints page (rules.yaml)."""
    try:
        data = json.loads(text.removeprefix("\ufeff"), parse_float=JsonNumber, parse_int=JsonNumber,
                          parse_constant=_no_constant, object_pairs_hook=_unique_names)
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


def _unique_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict; UsageError naming the first name that occurs twice."""
    data: dict[str, Any] = {}
    for name, value in pairs:
        if name in data:
            from das.content.terminal import visible

            raise UsageError(f"--item: the name {visible(name, 60)!r} occurs twice in one object; an item or map "
                             "cannot hold the same attribute name twice")
        data[name] = value
    return data


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
                         f"to 9.9999999999999999999999999999999999999E+125 either side of zero "
                         f"{(low if value.adjusted() < low.value else high).cite()}")
    return Value("N", value, text)


def significant_digits(value: Decimal) -> int:
    """Digits left when leading and trailing zeros are trimmed: 0.00120 -> 2, 1000 -> 1, 0 -> 0."""
    return len("".join(map(str, value.as_tuple().digits)).strip("0"))
