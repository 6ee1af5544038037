"""Property: no calculator's trap (or drill distractor) names the right answer, for any inputs."""

from __future__ import annotations

import random
from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from das.calc.dynamodb_reads import required_rcu
from das.calc.dynamodb_writes import required_wcu
from das.calc.firehose import buffering
from das.calc.kinesis import required_shards
from das.calc.s3 import required_prefixes

rates = st.fractions(min_value=0, max_value=50_000, max_denominator=100)
sizes = st.fractions(min_value=0, max_value=400, max_denominator=100)
maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731


def assert_no_trap_names_the_answer(result, unit):
    assert len(result.traps) == len(result.wrong)
    for wrong, line in zip(result.wrong, result.traps):
        assert wrong.value != result.answer
        assert f"gives {unit(result.answer)}" not in line, line


@settings(max_examples=120, deadline=None)
@given(rates, sizes, st.sampled_from(["second", "minute"]), st.booleans(), st.integers(0, 5), maybe(sizes),
       st.booleans(), maybe(sizes))
def test_wcu_traps(items, size, per, tx, gsi, gsi_size, change, before):
    from das.calc.dynamodb_writes import wcu_unit

    if gsi_size is not None:  # an index entry is part of the item: never larger than it
        gsi_size = min(gsi_size, max(size, before or 0))
    result = required_wcu(items, size, per, tx, gsi, gsi_size if gsi else None, change and gsi > 0, before)
    assert_no_trap_names_the_answer(result, wcu_unit)


@settings(max_examples=120, deadline=None)
@given(rates, st.lists(sizes, min_size=1, max_size=5), st.sampled_from(["second", "minute"]),
       st.sampled_from(["strong", "eventual"]), st.sampled_from(["batch-get", "query", "scan"]))
def test_rcu_traps(items, item_sizes, per, consistency, operation):
    from das.calc.dynamodb_reads import rcu_unit

    if operation in ("query", "scan"):  # one Query or Scan page holds at most 1 MB
        item_sizes = [s / 2 for s in item_sizes]
    result = required_rcu(items, None, per, consistency, operation, tuple(item_sizes))
    assert_no_trap_names_the_answer(result, rcu_unit)


@settings(max_examples=150, deadline=None)
@given(maybe(rates), maybe(rates), maybe(st.fractions(min_value=F(1, 100), max_value=100, max_denominator=100)),
       st.integers(0, 20), maybe(rates), st.booleans())
def test_shards_traps(in_mb, records, record_size, consumers, out_mb, efo):
    from das.calc.kinesis import shards_unit

    if in_mb is None and (records is None or record_size is None):
        in_mb = F(1)
    if in_mb is not None and records is not None:
        record_size = None
    result = required_shards(in_mb, records, record_size, consumers, out_mb, efo)
    assert_no_trap_names_the_answer(result, shards_unit)


@settings(max_examples=120, deadline=None)
@given(st.fractions(min_value=F(1, 10000), max_value=2000, max_denominator=10000), st.integers(1, 128),
       st.integers(1, 900))
def test_firehose_traps(in_mb, size, interval):
    from das.calc.firehose import flush_unit

    assert_no_trap_names_the_answer(buffering(in_mb, F(size), F(interval)), flush_unit)


@settings(max_examples=100, deadline=None)
@given(rates, rates)
def test_s3_traps(reads, writes):
    from das.calc.s3 import prefix_unit

    assert_no_trap_names_the_answer(required_prefixes(reads, writes), prefix_unit)


def test_item_size_traps_over_generated_items():
    from das.calc.item_size import DRILLS, run

    rng = random.Random(7)
    for _ in range(60):
        case = DRILLS["item-size"](rng)
        item = case.stem.split(": ", 1)[1].rsplit(" By DynamoDB", 1)[0]
        result = run(item)
        assert_no_trap_names_the_answer(result, lambda v: f"{v:,} byte{'s' if v != 1 else ''}")
