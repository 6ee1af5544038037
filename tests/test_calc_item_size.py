"""`das calc item-size`: item sizes worked by hand from "DynamoDB item sizes and formats", through the CLI."""

from __future__ import annotations

import json

import pytest

from conftest import invoke

PLAIN = [
    ('{"id": "abc"}', 5),  # name 2 + 3 UTF-8 bytes
    ('{"name": "Zoë"}', 8),  # 4 + Z o (1 each) + ë (2 bytes)
    ('{"s": "😀"}', 5),  # an emoji is 4 UTF-8 bytes
    ('{"n": 123}', 4),  # 3 significant digits: ceil(3/2) + 1 = 3
    ('{"n": 1000}', 3),  # trailing zeros trimmed: 1 digit -> 2 bytes
    ('{"n": 0.00120}', 3),  # leading and trailing zeros trimmed: "12" -> 2 bytes
    ('{"n": -5}', 3),
    ('{"n": 0}', 2),  # no significant digits: the 1 extra byte only
    ('{"n": 12345678901234567890123456789012345678}', 21),  # 38 digits -> 19 + 1
    ('{"flag": true}', 5),  # Boolean: 1 byte
    ('{"x": null}', 2),  # null: 1 byte
    ('{"e": []}', 4),  # empty List: 3 bytes
    ('{"e": {}}', 4),  # empty Map: 3 bytes
    ('{"l": [1, "ab"]}', 10),  # 1 + 3 + (1 + 2) + (1 + 2)
    ('{"m": {"a": "b"}}', 7),  # 1 + 3 + (1 + name 1 + 1)
    ('{"m": {"l": [true]}}', 11),  # 1 + 3 + (1 + 1 + (3 + 1 + 1))
    ('{"id": "abc", "n": 123, "l": [1, "ab"], "m": {"a": "b"}, "z": "Zoë"}', 31),
]

DYNAMODB_JSON = [
    ('{"b": {"B": "AAEC"}}', 4),  # base64 of 3 raw bytes: 1 + 3
    ('{"ss": {"SS": ["a", "bc"]}}', 5),  # 2 + 1 + 2 (no set overhead)
    ('{"ns": {"NS": ["1", "22", "333"]}}', 9),  # 2 + 2 + 2 + 3
    ('{"bs": {"BS": ["AAEC", "AA=="]}}', 6),  # 2 + 3 + 1
    ('{"n": {"N": "1.50"}}', 3),
    ('{"x": {"NULL": true}, "t": {"BOOL": false}}', 4),
    ('{"l": {"L": [{"S": "ab"}, {"N": "1"}]}}', 10),
    ('{"m": {"M": {"a": {"S": "b"}}}}', 7),
]


def size(item: str, *flags: str) -> dict:
    result = invoke("calc", "item-size", "--json", *flags, stdin=item)
    assert result.code == 0, result.err
    return json.loads(result.out)


@pytest.mark.parametrize("item,expected", PLAIN)
def test_plain_json_item_sizes_worked_by_hand(item, expected):
    assert size(item)["bytes"] == expected


@pytest.mark.parametrize("item,expected", DYNAMODB_JSON)
def test_dynamodb_json_item_sizes_worked_by_hand(item, expected):
    assert size(item, "--dynamodb-json")["bytes"] == expected


def test_units_per_read_and_write_from_the_bytes():
    data = size(json.dumps({"d": "x" * 1022}))  # 1 + 1,022 = 1,023 bytes
    assert (data["bytes"], data["write_units"], data["read_units_strong"], data["read_units_eventual"]) == (
        1023, 1, 1, 0.5)
    data = size(json.dumps({"d": "x" * 4096}))  # 4,097 bytes
    assert (data["write_units"], data["read_units_strong"], data["read_units_eventual"]) == (5, 2, 1)


def test_steps_show_each_attributes_bytes(tmp_path):
    path = tmp_path / "item.json"
    path.write_text('{"pk": "user#1", "age": 37}', encoding="utf-8")
    out = invoke("calc", "item-size", "--item", str(path)).out
    assert out.splitlines()[0] == "13 bytes (0.0126953125 KB)"  # exact: 13 / 1,024
    assert "'pk': name 2 bytes + string 6 bytes (6 UTF-8 bytes) = 8 bytes" in out
    assert "'age': name 3 bytes + number 2 bytes (2 significant digits" in out


def test_over_400_kb_is_said_not_an_error():
    result = invoke("calc", "item-size", stdin=json.dumps({"big": "x" * 409600}))
    assert result.code == 0
    assert "Over DynamoDB's 400 KB item limit" in result.out


def test_traps_are_the_classic_counting_mistakes():
    out = invoke("calc", "item-size", stdin='{"name": "Zoë", "l": [1]}').out
    assert "Counting only the values, not the attribute names, gives" in out
    assert "Counting characters instead of UTF-8 bytes gives 14 bytes" in out  # right: 8 + 7 = 15


def test_wcu_and_rcu_take_an_item_in_place_of_size(tmp_path):
    path = tmp_path / "item.json"
    path.write_text(json.dumps({"d": "x" * 4500}), encoding="utf-8")  # 4,501 bytes = 4.4 KB
    wcu = json.loads(invoke("calc", "wcu", "--items", "2", "--item", str(path), "--json").out)
    assert wcu["wcu"] == 10  # 5 KB x 2
    rcu = json.loads(invoke("calc", "rcu", "--items", "2", "--item", str(path), "--consistency", "strong",
                            "--json").out)
    assert rcu["rcu"] == 4  # 8 KB = 2 units x 2
    assert "Item size from --item: 4,501 bytes" in invoke("calc", "wcu", "--items", "1", "--item", str(path)).out


@pytest.mark.parametrize(
    "args,stdin,fragment",
    [
        (["calc", "item-size"], "{not json", "not valid JSON"),
        (["calc", "item-size"], "[1, 2]", "one JSON object"),
        (["calc", "item-size"], '{"n": NaN}', "cannot be NaN"),
        (["calc", "item-size"], '{"n": 1234567890123456789012345678901234567890}', "at most 38"),
        (["calc", "item-size", "--dynamodb-json"], '{"s": "plain"}', "DynamoDB JSON value"),
        (["calc", "item-size", "--dynamodb-json"], '{"s": {"SS": []}}', "empty set"),
        (["calc", "item-size", "--dynamodb-json"], '{"s": {"SS": ["a", "a"]}}', "unique"),
        (["calc", "item-size", "--dynamodb-json"], '{"b": {"B": "***"}}', "base64"),
        (["calc", "item-size", "--dynamodb-json"], '{"n": {"N": "abc"}}', "not a number"),
        (["calc", "item-size", "--item", "/no/such/file.json"], "", "cannot read"),
        (["calc", "wcu", "--items", "1", "--size", "1", "--item", "-"], "{}", "not both"),
        (["calc", "rcu", "--sizes", "1,2", "--size", "1"], "", "one of --size, --sizes or --item"),
    ],
)
def test_bad_items_are_one_line_exit_2(args, stdin, fragment):
    result = invoke(*args, stdin=stdin)
    assert result.code == 2, result.out
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.err
