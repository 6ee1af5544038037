"""The calculator faults a fresh tester found (issue #14), each as the kind of fault it is: counts with
singular nouns, steps whose shown values contradict themselves, tracebacks from --item, an answer that
scrolls off an 80x24 screen, messages that do not quote what was typed, impossible inputs accepted,
items DynamoDB would refuse, and wording."""

from __future__ import annotations

import io
import json
import math
import random
import re
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import invoke

# ------------------------------------------------------------------------------------ 1. plurals

PLURAL = (r"(?:writes|reads|records|shards|prefixes|bytes|requests|operations|calls|consumers|units|items|indexes|"
          r"seconds|attributes|elements|digits|characters|applications|Querys|Scans|GetItems)")
WORD = r"(?:(?!(?:and|by|of|to|per|for|in|the|is|or|at|x)\b)[A-Za-z][\w/-]* )"
ONE_PLURAL = re.compile(rf"(?<![\d.,])\b1 (?!(?:KB|MB|MiB|KiB|GB)\b){WORD}{{0,3}}{PLURAL}\b")


def calc_shows(args: list[str], shown: str):
    """`das calc ARGS`, asserted to succeed and to print `shown`."""
    result = invoke("calc", *args)
    assert result.code == 0 and shown in result.out, (result.out, result.err)
    return result


def _texts(result) -> list[str]:
    return [result.headline, result.detail, *result.steps, *result.traps, *result.notes, *result.timeline]


def _no_one_plural(texts: list[str]) -> None:
    for text in texts:
        assert not ONE_PLURAL.search(text), text


def test_the_plural_check_catches_what_the_tester_saw():
    for seen in ("2 eventually consistent Querys/second", "= 1 writes/second", "1 records/s",
                 "1 GET/HEAD and 1 PUT/COPY/POST/DELETE requests per second", "makes 1 strongly consistent Query operations"):
        assert ONE_PLURAL.search(seen.replace("2 ", "1 ")), seen


ones = st.sampled_from([F(0), F(1), F(1), F(2), F("1.5"), F(60), F(120)])


@settings(max_examples=60, deadline=None)
@given(ones, ones, st.sampled_from(["second", "minute"]), st.booleans(), st.integers(0, 2),
       st.sampled_from(["strong", "eventual", "transactional"]), st.sampled_from(["get", "batch-get", "query"]),
       st.integers(0, 2), st.booleans())
def test_no_calculator_counts_one_of_a_plural_noun(n, size, per, tx, gsi, consistency, operation, consumers, efo):
    from das.calc.dynamodb_reads import required_rcu
    from das.calc.dynamodb_writes import required_wcu
    from das.calc.firehose import buffering
    from das.calc.item_size import run as item_size
    from das.calc.kinesis import required_shards
    from das.calc.s3 import prefix_capacity, required_prefixes

    _no_one_plural(_texts(required_wcu(n, size, per, tx, gsi)))
    if not (operation == "query" and consistency == "transactional"):
        sizes = (size,) if operation == "get" else (size, F(1))
        _no_one_plural(_texts(required_rcu(n, None, per, consistency, operation, sizes)))
    _no_one_plural(_texts(required_shards(records=n, record_size_kb=F(1), consumers=consumers, efo=efo)))
    _no_one_plural(_texts(required_shards(in_mb=n, records=n, consumers=consumers)))
    _no_one_plural(_texts(required_prefixes(n, n)) + _texts(prefix_capacity(1)))
    _no_one_plural(_texts(buffering(F(1), F(1), F(1) + n)))
    _no_one_plural(_texts(item_size(json.dumps({"a": [1] * int(n), "b": "x" * int(n)}))))


def test_no_drill_stem_or_option_counts_one_of_a_plural_noun():
    from das.calc.registry import DRILL_KINDS

    for kind, calc in DRILL_KINDS.items():
        maker = calc.load().DRILLS[kind]
        for seed in range(40):
            case = maker(random.Random(seed))
            if case is not None:
                _no_one_plural([case.stem, case.unit(case.answer), *(case.unit(w.value) for w in case.wrong)])


@pytest.mark.parametrize("args, shown", [
    (["rcu", "--items", "2", "--sizes", "1,2", "--operation", "query"], "2 eventually consistent Query operations/second"),
    (["rcu", "--items", "1", "--sizes", "1,2", "--operation", "query"], "1 eventually consistent Query operation/second"),
    (["wcu", "--items", "60", "--per", "minute", "--size", "2.5"], "= 1 write/second"),
    (["shards", "--records", "1", "--record-size", "1024"], "1 record/s"),
    (["s3", "--reads", "1", "--writes", "1"], "1 GET/HEAD request and 1 PUT/COPY/POST/DELETE request per second"),
])
def test_the_plurals_the_tester_saw(args, shown):
    result = calc_shows(args, shown)
    assert not ONE_PLURAL.search(result.out), result.out


# ------------------------------------------------------------------------ 2. rate steps, 3. contradictions

def test_a_fractional_per_second_rate_is_not_divided_by_60():
    assert "Total: 1.5 x 1 = 1.5 WCU, rounded up once at the end = 2 WCU" in invoke(
        "calc", "wcu", "--items", "1.5", "--size", "1").out
    assert "Total: 1.5 x 0.5 = 0.75 RCU" in invoke("calc", "rcu", "--items", "1.5", "--size", "1").out
    assert "(124 / 60) x 15" in invoke("calc", "wcu", "--items", "124", "--per", "minute", "--size", "15").out


CONTRADICTIONS = [  # (pattern, the groups that must differ as printed)
    re.compile(r"([\d,.]+) KB rounds up to ([\d,.]+) KB"),
    re.compile(r"([\d,.]+) KB, rounded up once to ([\d,.]+) KB"),
    re.compile(r"= ([\d,.]+) [A-Z]+, rounded up once at the end = ([\d,.]+)"),
    re.compile(r"([\d,.]+) MiB/s is over the default Direct PUT quota[^(]*\(([\d,.]+) MiB/s"),
]
ROUNDED = re.compile(r"= ([\d,.]+) -> ([\d,]+) (?:shard|prefix)")


def _consistent(texts: list[str]) -> None:
    for text in texts:
        for pattern in CONTRADICTIONS:
            for a, b in pattern.findall(text):
                assert a != b, text
        for shown, count in ROUNDED.findall(text):
            if "." not in shown:  # shown as whole: then it was whole, and the count is that number
                assert shown == count or shown == "0", text


near = st.builds(lambda whole, digits: F(whole) + F(1, 10**digits), st.integers(0, 1000), st.integers(3, 9))


@settings(max_examples=60, deadline=None)
@given(near, st.sampled_from([F(0), F(1), F(4), F(8), F(400) - F(1, 10**6)]))
def test_no_step_shows_a_value_equal_to_the_neighbour_it_is_compared_with(value, size):
    from das.calc.dynamodb_reads import required_rcu
    from das.calc.dynamodb_writes import required_wcu
    from das.calc.firehose import buffering
    from das.calc.kinesis import required_shards

    small = min(value, F(399))
    _consistent(_texts(required_wcu(value, small)) + _texts(required_wcu(F(1), small)))
    _consistent(_texts(required_rcu(F(1), small, consistency="strong")))
    _consistent(_texts(required_rcu(F(1), None, operation="query", sizes=(small, size / 2))))
    _consistent(_texts(required_shards(in_mb=value)) + _texts(buffering(value, F(5), F(60))))


@pytest.mark.parametrize("args, shown", [
    (["rcu", "--items", "1", "--size", "4.0004", "--consistency", "strong"], "4.0004 KB rounds up to 8 KB"),
    (["wcu", "--items", "1", "--size", "1.0001"], "1.0001 KB rounds up to 2 KB"),
    (["shards", "--in-mb", "1.0001"], "1.0001 MB/s / 1 MB/s per shard = 1.0001 -> 2 shards"),
    (["firehose", "--in-mb", "1.0001", "--buffer-size", "5", "--buffer-interval", "60"], "1.0001 MiB/s is over"),
    (["rcu", "--sizes", "4.00001,4", "--operation", "query"], "4.00001 + 4 = 8.00001 KB, rounded up once to 12 KB"),
    (["wcu", "--items", "1000.0001", "--size", "1"], "= 1,000.0001 WCU, rounded up once at the end = 1,001 WCU"),
])
def test_the_contradictions_the_tester_saw(args, shown):
    calc_shows(args, shown)


# ------------------------------------------------------------------------------ 4. tracebacks from --item

@pytest.mark.parametrize("stdin, says", [
    (b'{"a":"\xe9"}', "not UTF-8 text"),
    ('{"a":"\\ud800"}', "lone surrogate"),
    ('{"a":' + "[" * 5000 + "]" * 5000 + "}", "DynamoDB allows 32"),
    ('{"a":' + "[" * 32 + "1" + "]" * 32 + "}", "more than 32 levels deep"),
])
def test_unreadable_items_are_one_line_and_exit_2(stdin, says):
    result = invoke("calc", "item-size", stdin=stdin)
    assert result.code == 2 and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1 and says in result.err


def test_thirty_two_levels_are_allowed():
    result = invoke("calc", "item-size", "--json", stdin='{"a":' + "[" * 31 + "1" + "]" * 31 + "}")
    assert result.code == 0, result.err


# ------------------------------------------------------------------------------------------- 5, 6. screen

def _rendered(result, width=80, height=24) -> list[str]:
    from rich.console import Console

    from das.ui.calc_view import print_result

    out = io.StringIO()
    print_result(result, console=Console(file=out, width=width, height=height, force_terminal=True, color_system=None))
    return out.getvalue().splitlines()


def _rows(lines: list[str], width=80) -> int:
    return sum(max(1, math.ceil(len(line) / width)) for line in lines)


def _results():
    from das.calc.dynamodb_reads import required_rcu
    from das.calc.firehose import buffering
    from das.calc.item_size import run as item_size
    from das.calc.kinesis import required_shards
    from das.calc.s3 import prefix_capacity, required_prefixes

    yield required_prefixes(F(1), None)
    yield prefix_capacity(1)
    yield required_rcu(F(1), F(1))
    yield required_shards(in_mb=F(1))
    yield buffering(F(6), F(5), F(60))  # over the Direct PUT quota of every Region
    yield item_size(json.dumps({"big": "x" * 409600}))


def test_key_warnings_are_the_limits_and_quotas():
    from das.calc.firehose import buffering
    from das.calc.item_size import run as item_size

    assert "Direct PUT" in " ".join(buffering(F(6), F(5), F(60)).warnings)
    assert "400 KB item limit" in " ".join(item_size(json.dumps({"big": "x" * 409600})).warnings)


@pytest.mark.parametrize("index", range(6))
def test_on_80x24_the_answer_fits_with_the_prompt_or_is_repeated_and_urls_stay_whole(index):
    result = list(_results())[index]
    lines = _rendered(result)
    if _rows(lines) > 23:  # the shell prompt needs the last row
        answer = lines.index(f"Answer: {result.headline}")
        for warning in result.warnings:  # the key warnings come with the repeated answer
            assert warning[:40] in " ".join(lines[answer:])
    text = "\n".join(lines)
    for rule in result.rules:
        assert rule.source in text  # never split mid-word


def test_s3_reads_1_repeats_its_answer_on_80x24():
    from das.calc.s3 import required_prefixes

    assert _rendered(required_prefixes(F(1), None))[-1] == "Answer: 1 prefix (limited by reads)"


# ------------------------------------------------------------------------------------------- 7. messages

@pytest.mark.parametrize("args, says", [
    (["rcu", "--sizes", "500", "--operation", "query"], "--sizes must be at most 400 KB"),
    (["wcu", "--items", "1", "--size", "1e3"], "got 1e3"),
    (["firehose", "--in-mb", "1", "--buffer-size", "5", "--buffer-interval", "1e3"], "got 1e3"),
])
def test_messages_name_the_flag_and_quote_the_value_as_typed(args, says):
    result = invoke("calc", *args)
    assert result.code == 2 and says in result.err


def test_an_item_over_400_kb_is_described_in_bytes_and_kb(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"a": "x" * 409599}), encoding="utf-8")  # 1 + 409,599 = 409,600 bytes: the limit
    assert invoke("calc", "wcu", "--items", "1", "--item", str(path)).code == 0
    path.write_text(json.dumps({"a": "x" * 409600}), encoding="utf-8")
    result = invoke("calc", "wcu", "--items", "1", "--item", str(path))
    assert result.code == 2 and "the item is 409,601 bytes (400.0009765625 KB), over DynamoDB's 400 KB" in result.err


# ------------------------------------------------------------------------------------ 8. impossible inputs

@pytest.mark.parametrize("args, says", [
    (["wcu", "--items", "1", "--size", "3", "--gsi", "1", "--gsi-size", "5"], "larger than the item"),
    (["rcu", "--operation", "batch-get", "--sizes", ",".join(["1"] * 101)], "at most 100 items"),
    (["rcu", "--operation", "batch-get", "--sizes", ",".join(["400"] * 41)], "at most 16 MB"),
    (["rcu", "--operation", "batch-get", "--consistency", "transactional", "--sizes", ",".join(["400"] * 11)],
     "TransactGetItems call reads at most 4 MB"),
    (["rcu", "--operation", "query", "--sizes", "400,400,400"], "at most 1 MB"),
    (["shards", "--records", "1", "--record-size", "10241"], "at most 10,240 KB"),
])
def test_impossible_inputs_are_usage_errors(args, says):
    result = invoke("calc", *args)
    assert result.code == 2 and says in result.err, result.err


@pytest.mark.parametrize("args, says", [
    (["wcu", "--items", "1", "--size", "1", "--gsi", "21"], "over the default quota of 20 per table"),
    (["shards", "--records", "1", "--record-size", "1025"], "over the default maximum record size (1,024 KB"),
])
def test_inputs_over_a_default_quota_are_warned(args, says):
    result = invoke("calc", *args, "--json")
    assert result.code == 0 and any(says in w for w in json.loads(result.out)["warnings"])


# ------------------------------------------------------------------------------------------ 9. item parsing

@pytest.mark.parametrize("item, says", [
    ('{"n": {"N": "1_000"}}', "not a number DynamoDB reads"),
    ('{"n": {"N": " 12 "}}', "not a number DynamoDB reads"),
    ('{"n": {"N": "1e400"}}', "outside DynamoDB's number range"),
    ('{"n": {"N": "1e-131"}}', "outside DynamoDB's number range"),
    ('{"": {"S": "x"}}', "attribute name is empty"),
    ('{"a": {"NULL": false}}', '{"NULL": true}'),
])
def test_items_dynamodb_would_refuse_are_refused(item, says):
    result = invoke("calc", "item-size", "--dynamodb-json", stdin=item)
    assert result.code == 2 and says in result.err, result.err


def test_number_range_edges_and_a_byte_order_mark_are_accepted():
    for number in ("1e-130", "-9.9999999999999999999999999999999999999E+125", "0"):
        assert invoke("calc", "item-size", stdin=f'{{"n": {number}}}').code == 0, number
    assert invoke("calc", "item-size", stdin=b'\xef\xbb\xbf{"a": "x"}').code == 0


def test_dynamodb_json_without_the_flag_gets_a_hint():
    out = invoke("calc", "item-size", stdin='{"a": {"S": "x"}, "b": {"N": "1"}}').out
    assert "add --dynamodb-json" in out
    assert "add --dynamodb-json" not in invoke("calc", "item-size", stdin='{"a": {"x": "y"}}').out


# ------------------------------------------------------------------------------------------- 10. wording

def test_wording():
    batch = invoke("calc", "rcu", "--operation", "batch-get", "--sizes", "1.5,6.5", "--consistency", "strong").out
    assert "as Query does, gives 2 RCU" in batch and "(8 KB, metered as 12 KB)" in batch
    assert "8 KB, already a multiple of 4 KB" in invoke("calc", "rcu", "--operation", "query", "--sizes", "4,4").out
    shards = invoke("calc", "shards", "--in-mb", "1").out
    assert "max(1 for write bandwidth, 1 for read bandwidth) = 1" in shards
    assert "the one consumer reads" in invoke("calc", "shards", "--in-mb", "1", "--efo").out
    assert "2 TransactGetItems calls/second" in invoke("calc", "rcu", "--items", "2", "--size", "1",
                                                         "--consistency", "transactional").out


def test_item_size_cites_only_the_rules_it_used_and_shows_element_bytes():
    rules = [r["id"] for r in json.loads(invoke("calc", "item-size", "--json", stdin='{"a": "x"}').out)["rules"]]
    assert not [r for r in rules if "number" in r or "container" in r or "null" in r or "max_item" in r]
    out = invoke("calc", "item-size", stdin='{"l": [1, "ab"]}').out
    assert "3 bytes + 1 byte x 2 elements + 4 bytes of elements" in out  # 2 (number) + 2 (string)


def test_the_on_demand_advantage_consumer_limit_comes_from_the_rules():
    from pathlib import Path

    source = Path(__file__).resolve().parent.parent / "das" / "calc" / "kinesis.py"
    assert "allow 50" not in source.read_text(encoding="utf-8")
    result = invoke("calc", "shards", "--in-mb", "1", "--efo", "--consumers", "21")
    assert result.code == 2 and "On-demand Advantage streams allow 50" in result.err
