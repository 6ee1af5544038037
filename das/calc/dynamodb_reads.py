"""DynamoDB read capacity units (RCU) for GetItem, BatchGetItem, Query and Scan.

GetItem and BatchGetItem round each item up to 4 KB; Query and Scan add the sizes of the items one
operation reads and round the total up once (a Query returning 40.8 KB counts 44 KB). A strongly
consistent read costs 1 RCU per 4 KB, an eventually consistent one half, a transactional one double.
Source: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction as F
from typing import Any, TYPE_CHECKING

from das.calc import dynamodb as ddb
from das.calc.mistakes import DrillCase, Mistake, wrong_answers
from das.calc.result import CalcResult
from das.calc.text import json_number, num, plural
from das.content.rules import rule
from das.errors import UsageError
from das.numbers import ceil

if TYPE_CHECKING:  # drills take a Random; the calculators never import random
    import random

CONSISTENCY_CHOICES = ("strong", "eventual", "transactional")
OPERATIONS = {"get": "GetItem", "batch-get": "BatchGetItem", "query": "Query", "scan": "Scan"}
SUMMING = ("query", "scan")


@dataclass(frozen=True)
class Reads:
    items: F  # operations per second (or minute)
    sizes: tuple[F, ...]  # KB of each item one operation reads
    per: str = "second"
    consistency: str = "eventual"
    operation: str = "get"


@dataclass(frozen=True)
class Knobs:
    """The arithmetic; each non-default value is one classic mistake."""

    round_size: bool = True
    unit: str = "dynamodb.rcu_item_kb"
    divide_minute: bool = True
    consistency: str | None = None  # None: as asked
    round_down: bool = False
    sum_first: bool | None = None  # None: as the operation does
    eighths: bool = False  # eventual: size / 8 KB without rounding to 4 KB first


def factor(consistency: str) -> F:
    """Read units per 4 KB unit for a consistency level."""
    if consistency == "eventual":
        return rule("dynamodb.eventual_read_factor").value
    return rule("dynamodb.transactional_factor").value if consistency == "transactional" else F(1)


def rounded_kb(r: Reads, k: Knobs = Knobs()) -> F:
    """KB one operation is metered for: each item rounded, or the sum rounded once."""
    unit_kb = rule(k.unit).value
    if k.eighths:
        unit_kb = unit_kb / rule("dynamodb.eventual_read_factor").value
    if not k.round_size:
        return sum(r.sizes, F(0))
    sum_first = (r.operation in SUMMING) if k.sum_first is None else k.sum_first
    if sum_first:
        return ddb.units(sum(r.sizes, F(0)), unit_kb) * unit_kb
    return sum((ddb.units(s, unit_kb) * unit_kb for s in r.sizes), F(0))


def totals(r: Reads, k: Knobs = Knobs()) -> tuple[F, F, F, int]:
    """(KB metered per operation, RCU per operation, exact RCU, whole RCU)."""
    unit_kb = rule(k.unit).value
    kb = rounded_kb(r, k)
    per_op = kb / unit_kb * factor(k.consistency or r.consistency)
    if k.eighths:
        per_op = kb / (unit_kb / rule("dynamodb.eventual_read_factor").value)
    rate = ddb.per_second(r.items, r.per) if k.divide_minute else r.items
    exact_rcu = rate * per_op
    return kb, per_op, exact_rcu, (math.floor if k.round_down else ceil)(exact_rcu)


def _rcu(**knobs):
    return lambda r: totals(r, Knobs(**knobs))[3]


def _several(r: Reads) -> bool:
    return len(r.sizes) > 1


MISTAKES = (
    Mistake("sum-first", "adding the item sizes before rounding, as Query does", _rcu(sum_first=True),
            applies=lambda r: _several(r) and r.operation not in SUMMING,
            because="BatchGetItem rounds each item up to 4 KB"),
    Mistake("each-item", "rounding each item up to 4 KB, as BatchGetItem does", _rcu(sum_first=False),
            applies=lambda r: _several(r) and r.operation in SUMMING,
            because="Query and Scan round the total of one operation once"),
    Mistake("no-size-rounding", "not rounding the item size up to a multiple of 4 KB", _rcu(round_size=False)),
    Mistake("write-unit", "using the 1 KB write unit for reads", _rcu(unit="dynamodb.wcu_item_kb"),
            because="reads are metered per 4 KB"),
    Mistake("round-down", "rounding down at the end instead of up", _rcu(round_down=True)),
    Mistake("eventual-full", "forgetting that eventually consistent reads cost half", _rcu(consistency="strong"),
            applies=lambda r: r.consistency == "eventual"),
    Mistake("eighths", "dividing the size by 8 KB without first rounding it to 4 KB", _rcu(eighths=True),
            applies=lambda r: r.consistency == "eventual"),
    Mistake("strong-halved", "halving as if the reads were eventually consistent", _rcu(consistency="eventual"),
            applies=lambda r: r.consistency == "strong"),
    Mistake("strong-doubled", "doubling as if the reads were transactional", _rcu(consistency="transactional"),
            applies=lambda r: r.consistency == "strong"),
    Mistake("tx-forgotten", "forgetting that transactional reads cost double", _rcu(consistency="strong"),
            applies=lambda r: r.consistency == "transactional"),
    Mistake("per-minute", "treating the per-minute count as a per-second rate", _rcu(divide_minute=False),
            applies=lambda r: r.per == "minute"),

)


def rcu_unit(value: Any) -> str:
    """A count as printed in answers and traps: '12 RCU'."""
    return f"{num(value)} RCU"


def operation_name(r: Reads) -> str:
    """GetItem, BatchGetItem, Query or Scan; transactional reads are TransactGetItems."""
    return "TransactGetItems" if r.consistency == "transactional" else OPERATIONS[r.operation]


def _noun(r: Reads) -> str:
    """What one operation is called in a count: '6 strongly consistent GetItem reads', '1 Query operation'."""
    if r.consistency == "transactional":
        return "TransactGetItems call"
    return f"{WORDS[r.consistency]} {OPERATIONS[r.operation]} {NOUNS[r.operation]}"


def _check_call(r: Reads, flag: str) -> None:
    """UsageError when one operation reads more items or data than DynamoDB allows in one call."""
    kb_per_mb = rule("dynamodb.bytes_per_kb").value  # DynamoDB: 1 MB = 1,024 KB, 1 KB = 1,024 bytes
    total = sum(r.sizes, F(0))
    if r.consistency == "transactional":
        items, mb, name = rule("dynamodb.transact_get_max_items"), rule("dynamodb.transact_get_max_mb"), "TransactGetItems"
    elif r.operation == "batch-get":
        items, mb, name = rule("dynamodb.batch_get_max_items"), rule("dynamodb.batch_get_max_mb"), "BatchGetItem"
    elif r.operation in SUMMING:
        page = rule("dynamodb.query_scan_max_mb")
        if total > page.value * kb_per_mb:
            raise UsageError(f"{flag}: one {OPERATIONS[r.operation]} reads at most {num(page.value)} MB "
                             f"({num(page.value * kb_per_mb)} KB) per call, and these items add up to {num(total)} KB: "
                             "the rest comes in the next page, a separate operation (give the sizes of one page)")
        return
    else:
        return
    if len(r.sizes) > items.value:
        raise UsageError(f"{flag}: one {name} call reads at most {num(items.value)} items, got {len(r.sizes)}")
    if total > mb.value * kb_per_mb:
        raise UsageError(f"{flag}: one {name} call reads at most {num(mb.value)} MB ({num(mb.value * kb_per_mb)} KB) "
                         f"in all, and these items add up to {num(total)} KB")


def _validate(r: Reads, flag: str) -> None:
    ddb.check_rate(r.items, r.per)
    if r.consistency not in CONSISTENCY_CHOICES:
        raise UsageError(f"--consistency must be strong, eventual or transactional, got {r.consistency!r}")
    if r.operation not in OPERATIONS:
        raise UsageError(f"--operation must be get, batch-get, query or scan, got {r.operation!r}")
    if not r.sizes:
        raise UsageError("give --size KB, --sizes KB,KB,... or --item FILE")
    if r.operation == "get" and len(r.sizes) > 1:
        raise UsageError("--operation get reads one item: give one size, or --operation batch-get, query or scan")
    if r.operation in SUMMING and r.consistency == "transactional":
        raise UsageError("transactional reads are TransactGetItems, not Query or Scan: use --operation get or "
                         "batch-get with --consistency transactional")
    for size in r.sizes:
        ddb.check_size(flag, size)
    _check_call(r, flag)


def _size_steps(r: Reads, kb: F) -> list[str]:
    unit_rule = rule("dynamodb.rcu_item_kb")
    unit_kb = unit_rule.value
    if len(r.sizes) == 1:
        return [ddb.size_step(r.sizes[0], unit_rule, ddb.units(r.sizes[0], unit_kb), "read")]
    name = operation_name(r)
    if r.operation in SUMMING:
        total = sum(r.sizes, F(0))
        rounding = ("already a multiple of" if total == kb else f"rounded up once to {num(kb)} KB, the next multiple of")
        return [f"{name} adds the sizes of the items one operation reads: {' + '.join(num(s) for s in r.sizes)} = "
                f"{num(total)} KB, {rounding} {num(unit_kb)} KB = {plural(kb / unit_kb, 'unit')} {unit_rule.cite()}"]
    parts = ", ".join(f"{num(s)} -> {num(ddb.units(s, unit_kb) * unit_kb)} KB" for s in r.sizes)
    return [f"{name} rounds each item up to {num(unit_kb)} KB: {parts}; {num(kb)} KB in all = "
            f"{plural(kb / unit_kb, 'unit')} {unit_rule.cite()}"]


def _consistency_step(r: Reads, per_op: F) -> str:
    unit_kb = rule("dynamodb.rcu_item_kb").value
    if r.consistency == "strong":
        return f"Consistency: strongly consistent, 1 RCU per {num(unit_kb)} KB = {num(per_op)} RCU per operation"
    if r.consistency == "eventual":
        half = rule("dynamodb.eventual_read_factor")
        return (f"Consistency: eventually consistent (DynamoDB's default), {num(half.value)} RCU per {num(unit_kb)} KB "
                f"= {num(per_op)} RCU per operation {half.cite()}")
    tx = rule("dynamodb.transactional_factor")
    return (f"Consistency: transactional, x{num(tx.value)} (prepare and commit) = {num(per_op)} RCU per operation "
            f"{tx.cite()}")


def required_rcu(items: F, size_kb: F | None = None, per: str = "second", consistency: str = "eventual",
                 operation: str = "get", sizes: tuple[F, ...] | None = None,
                 size_steps: list[str] | None = None, size_flag: str | None = None) -> CalcResult:
    """RCU for `items` operations per second (or minute), each reading items of `sizes` KB (or one of
    `size_kb`): keys rcu, rounded_kb (KB metered per operation). UsageError for impossible combinations and
    calls over DynamoDB's per-call limits (BatchGetItem 100 items / 16 MB, TransactGetItems 100 items / 4 MB,
    Query and Scan 1 MB per page). Source: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html"""
    r = Reads(items, tuple(sizes) if sizes else ((size_kb,) if size_kb is not None else ()), per, consistency,
              operation)
    _validate(r, size_flag or ("--sizes" if sizes else "--size"))
    kb, per_op, exact_rcu, rcu = totals(r)
    steps = list(size_steps or []) + _size_steps(r, kb) + [_consistency_step(r, per_op)]
    steps.append(ddb.rate_step(items, per, "operation" if operation != "get" else "read"))
    steps.append(ddb.total_step(items, per, per_op, exact_rcu, "RCU"))
    used = ["dynamodb.rcu_item_kb"] + {"eventual": ["dynamodb.eventual_read_factor"],
                                        "transactional": ["dynamodb.transactional_factor"]}.get(consistency, [])
    total = sum(r.sizes, F(0))
    metered = "" if kb == total else f", metered as {num(kb)} KB"
    what = (f"of {num(r.sizes[0])} KB{metered}" if len(r.sizes) == 1 else
            f"reading {plural(len(r.sizes), 'item')} ({num(total)} KB{metered})")
    result = CalcResult(
        calculator="rcu", headline=rcu_unit(rcu),
        detail=f"{plural(items, _noun(r))}/{per} {what}",
        values={"rcu": rcu, "rounded_kb": json_number(kb), "exact_rcu": json_number(exact_rcu),
                "consistency": consistency, "operation": operation,
                "items_per_second": json_number(ddb.per_second(items, per)), "units_per_item": json_number(per_op)},
        steps=steps, notes=ddb.capacity_notes(rcu, "reads", "RCU", "read request units (RRU)"),
        rules=[rule(u) for u in used], answer=rcu)
    result.add_traps(wrong_answers(MISTAKES, r, rcu, rcu_unit), rcu_unit)
    return result


def run(items: F, size: F | None, sizes: tuple[F, ...] | None, operation: str, per: str, consistency: str,
        item: str | None, dynamodb_json: bool) -> CalcResult:
    """`das calc rcu`: the flags as parsed by das.calc.flags."""
    if sizes is not None and (size is not None or item is not None):
        raise UsageError("give one of --size, --sizes or --item")
    steps: list[str] = []
    if sizes is None:
        size, steps = ddb.resolve_size(size, item, dynamodb_json)
    flag = "--sizes" if sizes is not None else ("--item" if item is not None else "--size")
    return required_rcu(items, size, per, consistency, operation, sizes, steps, flag)


# ------------------------------------------------------------------------------------------- drills

WORDS = {"strong": "strongly consistent", "eventual": "eventually consistent", "transactional": "transactional"}
NOUNS = {"get": "read", "batch-get": "call", "query": "operation", "scan": "operation"}


def _case(kind: str, r: Reads, params: list, stem: str, read_next: str) -> DrillCase:
    result = required_rcu(r.items, None, r.per, r.consistency, r.operation, r.sizes)
    wrong = wrong_answers(MISTAKES, r, result.answer, rcu_unit)
    return DrillCase(kind, params, stem, result.answer, rcu_unit, wrong, result.steps, "dynamodb", "storage",
                     "store", read_next, rule("dynamodb.rcu_item_kb").source)


def drill_rcu(rng: random.Random) -> DrillCase:
    """Single-item reads at a consistency level, per second or minute."""
    per = rng.choice(["second", "second", "minute"])
    items = rng.choice([5, 10, 15, 16, 20, 25, 30, 45, 80]) * (rng.choice([6, 12, 60]) if per == "minute" else 1)
    size = F(rng.choice(["1", "2.5", "3", "4", "5", "5.5", "6", "7", "8", "9", "12", "14", "20"]))
    consistency = rng.choice(["strong", "eventual", "eventual", "transactional"])
    words = WORDS[consistency] + (" reads (TransactGetItems)" if consistency == "transactional" else " reads")
    stem = (f"A reporting service performs {items:,} {words} per {per} of items that are {num(size)} KB each from "
            "an Amazon DynamoDB table in provisioned capacity mode. How many read capacity units (RCU) does the "
            "table need, at a minimum?")
    return _case("rcu", Reads(F(items), (size,), per, consistency), [items, per, num(size), consistency], stem,
                 "dynamodb#capacity-units")


def drill_query(rng: random.Random) -> DrillCase:
    """Query or BatchGetItem over the same item sizes: the sum rounded once, or each item rounded."""
    operation = rng.choice(["query", "batch-get"])
    sizes = tuple(F(s) for s in rng.sample(["0.5", "1.2", "1.5", "2.5", "3.3", "5", "6.5", "7.1", "9.5"],
                                           rng.randint(2, 4)))
    consistency = rng.choice(["strong", "eventual"])
    items = rng.choice([1, 5, 10, 20])
    listed = ", ".join(f"{num(s)} KB" for s in sizes)
    call = ("Query operation", "returning") if operation == "query" else ("BatchGetItem call", "reading")
    each = "each " if items != 1 else ""
    stem = (f"An application makes {plural(items, WORDS[consistency] + ' ' + call[0])}, {each}{call[1]} "
            f"{len(sizes)} items of {listed}, every second. How many read capacity units does this consume per second, at a minimum?")
    return _case("rcu-query", Reads(F(items), sizes, "second", consistency, operation),
                 [operation, items, consistency] + [num(s) for s in sizes], stem, "dynamodb#capacity-units")


DRILLS = {"rcu": drill_rcu, "rcu-query": drill_query}
