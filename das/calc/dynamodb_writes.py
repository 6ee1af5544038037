"""DynamoDB write capacity units (WCU): the table, the global secondary indexes a write reaches, UpdateItem.

A write costs 1 WCU per 1 KB of item, rounded up (x2 transactional). Each global secondary index the write
reaches consumes write units for its projected entry, in its own capacity; a write that changes an index key
costs that index two writes (delete the old entry, put the new). UpdateItem consumes for the larger of the
item before and after the update.
Sources: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html,
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction as F
from typing import Any, TYPE_CHECKING

from das.calc import dynamodb as ddb
from das.calc.mistakes import DrillCase, Mistake, wrong_answers
from das.calc.result import CalcResult
from das.calc.text import exact, json_number, num, plural
from das.content.rules import rule
from das.errors import UsageError
from das.numbers import ceil

if TYPE_CHECKING:  # drills take a Random; the calculators never import random
    import random


@dataclass(frozen=True)
class Writes:
    items: F
    size_kb: F  # the item after the write
    per: str = "second"
    transactional: bool = False
    gsi: int = 0
    gsi_size_kb: F | None = None  # projected entry; None: the item size
    gsi_key_change: bool = False
    update_from_kb: F | None = None  # UpdateItem: the item before


@dataclass(frozen=True)
class Knobs:
    """The arithmetic; each non-default value is one classic mistake."""

    round_size: bool = True
    unit: str = "dynamodb.wcu_item_kb"
    divide_minute: bool = True
    round_rate_first: bool = False
    transactional: bool | None = None  # None: as asked
    round_down: bool = False
    gsi: bool = True
    key_change_writes: int | None = None  # None: the rule (2)
    entry_is_item: bool = False
    update_size: str = "larger"  # larger | after | before | sum


@dataclass(frozen=True)
class Totals:
    size_kb: F  # the size that is metered
    per_write: F  # table units per write
    table_exact: F
    wcu: int
    per_index_write: F  # units per index per write
    per_index: int  # WCU each index needs
    gsi_wcu: int

    @property
    def total(self) -> int:
        """Whole WCU the table and all its global secondary indexes need together."""
        return self.wcu + self.gsi_wcu


def _metered_size(w: Writes, how: str) -> F:
    before = w.update_from_kb
    if before is None or how == "after":
        return w.size_kb
    return {"larger": max(w.size_kb, before), "before": before, "sum": w.size_kb + before}[how]


def _units(size: F, unit_kb: F, k: Knobs) -> F:
    return F(ddb.units(size, unit_kb)) if k.round_size else size / unit_kb


def totals(w: Writes, k: Knobs = Knobs()) -> Totals:
    """Table and index WCU for the writes, computed with the knobs given (the defaults are AWS's rules)."""
    unit_kb = rule(k.unit).value
    rate = ddb.per_second(w.items, w.per) if k.divide_minute else w.items
    rate = F(ceil(rate)) if k.round_rate_first else rate
    tx = w.transactional if k.transactional is None else k.transactional
    size = _metered_size(w, k.update_size)
    per_write = _units(size, unit_kb, k) * (rule("dynamodb.transactional_factor").value if tx else 1)
    table_exact = rate * per_write
    whole = math.floor if k.round_down else ceil
    entry = size if (k.entry_is_item or w.gsi_size_kb is None) else w.gsi_size_kb
    key_writes = k.key_change_writes or int(rule("dynamodb.gsi_key_change_writes").value)
    per_index_write = _units(entry, unit_kb, k) * (key_writes if w.gsi_key_change else 1)
    per_index = whole(rate * per_index_write)
    gsi_wcu = w.gsi * per_index if k.gsi else 0
    return Totals(size, per_write, table_exact, whole(table_exact), per_index_write, per_index, gsi_wcu)


def _unrounded(w: Writes) -> str:
    """'not rounding 4.5 KB up to 5 KB' for each size that is not a whole number of KB."""
    unit_kb = rule("dynamodb.wcu_item_kb").value
    sizes = [_metered_size(w, "larger")] + ([w.gsi_size_kb] if w.gsi and w.gsi_size_kb is not None else [])
    parts = [f"{num(s)} KB up to {num(ddb.units(s, unit_kb) * unit_kb)} KB" for s in sizes
             if s != ddb.units(s, unit_kb) * unit_kb]
    return "not rounding " + (" and ".join(parts) if parts else "the sizes up to whole KB")


MISTAKES = (
    Mistake("gsi-ignored", "ignoring the global secondary indexes", lambda w: totals(w, Knobs(gsi=False)).total,
            applies=lambda w: w.gsi > 0, because="each index the write reaches consumes write units of its own"),
    Mistake("key-change-once", "counting an index key change as one index write",
            lambda w: totals(w, Knobs(key_change_writes=1)).total, applies=lambda w: w.gsi > 0 and w.gsi_key_change,
            because="the old index entry is deleted and the new one put"),
    Mistake("entry-is-item", "sizing each index write by the whole item instead of the projected entry",
            lambda w: totals(w, Knobs(entry_is_item=True)).total,
            applies=lambda w: w.gsi > 0 and w.gsi_size_kb is not None),
    Mistake("update-after", "using only the item size after the update",
            lambda w: totals(w, Knobs(update_size="after")).total, applies=lambda w: w.update_from_kb is not None),
    Mistake("update-before", "using only the item size before the update",
            lambda w: totals(w, Knobs(update_size="before")).total, applies=lambda w: w.update_from_kb is not None),
    Mistake("update-sum", "adding the item sizes before and after the update",
            lambda w: totals(w, Knobs(update_size="sum")).total, applies=lambda w: w.update_from_kb is not None),
    Mistake("no-size-rounding", _unrounded,
            lambda w: totals(w, Knobs(round_size=False)).total),
    Mistake("read-unit", "using the 4 KB read unit for writes", lambda w: totals(w, Knobs(unit="dynamodb.rcu_item_kb")).total,
            because="writes are metered per 1 KB"),
    Mistake("round-down", "rounding down at the end instead of up", lambda w: totals(w, Knobs(round_down=True)).total),
    Mistake("per-minute", "treating the per-minute count as a per-second rate",
            lambda w: totals(w, Knobs(divide_minute=False)).total, applies=lambda w: w.per == "minute"),
    Mistake("rate-first", "rounding the per-second rate up before multiplying",
            lambda w: totals(w, Knobs(round_rate_first=True)).total, applies=lambda w: w.per == "minute"),
    Mistake("tx-forgotten", "forgetting that transactional writes cost double",
            lambda w: totals(w, Knobs(transactional=False)).total, applies=lambda w: w.transactional),
    Mistake("tx-assumed", "doubling as if the writes were transactional",
            lambda w: totals(w, Knobs(transactional=True)).total, applies=lambda w: not w.transactional),
)


def wcu_unit(value: Any) -> str:
    """A count as printed in answers and traps: '27 WCU'."""
    return f"{num(value)} WCU"


def _size_steps(w: Writes, t: Totals) -> list[str]:
    unit_rule = rule("dynamodb.wcu_item_kb")
    steps = []
    if w.update_from_kb is not None:
        steps.append(f"UpdateItem: the larger of the item before ({num(w.update_from_kb)} KB) and after "
                     f"({num(w.size_kb)} KB) = {num(t.size_kb)} KB is metered {unit_rule.cite()}")
    units = ddb.units(t.size_kb, unit_rule.value)
    steps.append(ddb.size_step(t.size_kb, unit_rule, units, "write"))
    if w.transactional:
        tx = rule("dynamodb.transactional_factor")
        steps.append(f"Transactional write: x{num(tx.value)} (prepare and commit) = {num(t.per_write)} WCU per write "
                     f"{tx.cite()}")
    else:
        steps.append(f"Standard write: {num(t.per_write)} WCU per write")
    return steps


def _gsi_steps(w: Writes, t: Totals) -> list[str]:
    if not w.gsi:
        return []
    unit_rule, key_rule = rule("dynamodb.wcu_item_kb"), rule("dynamodb.gsi_key_change_writes")
    entry = w.gsi_size_kb if w.gsi_size_kb is not None else t.size_kb
    what = "Index entry" + (" (--gsi-size)" if w.gsi_size_kb is not None else " (the item, all attributes projected)")
    steps = [ddb.size_step(entry, unit_rule, ddb.units(entry, unit_rule.value), "write", what)]
    if w.gsi_key_change:
        steps.append(f"The write changes an index key: {num(key_rule.value)} index writes (delete the old entry, "
                     f"put the new) = {num(t.per_index_write)} WCU per write per index {key_rule.cite()}")
    exact_index = ddb.per_second(w.items, w.per) * t.per_index_write
    steps.append(ddb.total_step(w.items, w.per, t.per_index_write, exact_index, "WCU", "Each index"))
    steps.append(f"Indexes: {plural(w.gsi, 'index', 'indexes')} x {wcu_unit(t.per_index)} = {wcu_unit(t.gsi_wcu)} "
                 f"(each index has its own write capacity)")
    steps.append(f"Total: {wcu_unit(t.wcu)} (table) + {wcu_unit(t.gsi_wcu)} (indexes) = {wcu_unit(t.total)}")
    return steps


def _validate(w: Writes) -> None:
    ddb.check_rate(w.items, w.per)
    if w.gsi < 0:
        raise UsageError(f"--gsi must be at least 0, got {w.gsi}")
    for flag, value in (("--gsi-size", w.gsi_size_kb), ("--update-from", w.update_from_kb)):
        if value is not None:
            ddb.check_size(flag, value)
    if w.gsi == 0 and (w.gsi_size_kb is not None or w.gsi_key_change):
        raise UsageError("--gsi-size and --gsi-key-change describe index writes: give --gsi N as well")
    item = _metered_size(w, "larger")
    if w.gsi_size_kb is not None and w.gsi_size_kb > item:
        raise UsageError(f"--gsi-size {exact(w.gsi_size_kb)} KB is larger than the item ({num(item)} KB): an index "
                         "entry holds some of the item's attributes, so it is at most the item's size")


def _quota_warnings(w: Writes) -> list[str]:
    """A warning when the table has more global secondary indexes than the default quota allows."""
    quota = rule("dynamodb.gsi_per_table_default")
    if w.gsi <= quota.value:
        return []
    return [f"{num(w.gsi)} global secondary indexes is over the default quota of {num(quota.value)} per table: "
            f"the quota can be raised on request, else the table cannot have them {quota.cite()}"]


def required_wcu(items: F, size_kb: F, per: str = "second", transactional: bool = False, gsi: int = 0,
                 gsi_size_kb: F | None = None, gsi_key_change: bool = False,
                 update_from_kb: F | None = None, size_steps: list[str] | None = None) -> CalcResult:
    """WCU for `items` writes per second (or minute) of `size_kb` KB items: keys wcu (table), gsi_wcu,
    total_wcu. UsageError for negative or over-400-KB values."""
    w = Writes(items, size_kb, per, transactional, gsi, gsi_size_kb, gsi_key_change, update_from_kb)
    ddb.check_size("--size", size_kb)
    _validate(w)
    t = totals(w)
    steps = list(size_steps or []) + _size_steps(w, t) + [ddb.rate_step(items, per, "write")]
    steps.append(ddb.total_step(items, per, t.per_write, t.table_exact, "WCU", "Table" if gsi else "Total"))
    steps += _gsi_steps(w, t)
    notes = ddb.capacity_notes(t.total, "writes", "WCU", "write request units (WRU)")
    if gsi and transactional:
        notes.append("das does not double the index writes of a transaction: the GSI page does not say they double.")
    kind = ("transactional " if transactional else "standard ") + ("updates" if update_from_kb is not None else "writes")
    headline = wcu_unit(t.total) if not gsi else (
        f"{wcu_unit(t.total)} ({num(t.wcu)} table + {num(t.gsi_wcu)} for {plural(gsi, 'index', 'indexes')})")
    used = ["dynamodb.wcu_item_kb"] + (["dynamodb.transactional_factor"] if transactional else []) + (
        ["dynamodb.gsi_key_change_writes"] if gsi else []) + (
        ["dynamodb.gsi_per_table_default"] if gsi > rule("dynamodb.gsi_per_table_default").value else [])
    result = CalcResult(
        calculator="wcu", headline=headline,
        detail=f"{plural(items, 'write')}/{per} of {num(size_kb)} KB, {kind}"
        + (f" from {num(update_from_kb)} KB" if update_from_kb is not None else "")
        + (f", {plural(gsi, 'global secondary index', 'global secondary indexes')}" if gsi else ""),
        values={"wcu": t.wcu, "gsi_wcu": t.gsi_wcu, "total_wcu": t.total, "exact_wcu": json_number(t.table_exact),
                "items_per_second": json_number(ddb.per_second(items, per)),
                "units_per_item": json_number(t.per_write), "item_size_kb": json_number(t.size_kb),
                "transactional": transactional},
        steps=steps, notes=notes, rules=[rule(r) for r in used], answer=t.total, warnings=_quota_warnings(w))
    result.add_traps(wrong_answers(MISTAKES, w, t.total, wcu_unit), wcu_unit)
    return result


def run(items: F, size: F | None, per: str, transactional: bool, gsi: int, gsi_size: F | None,
        gsi_key_change: bool, update_from: F | None, item: str | None, dynamodb_json: bool) -> CalcResult:
    """`das calc wcu`: the flags as parsed by das.calc.flags."""
    size_kb, steps = ddb.resolve_size(size, item, dynamodb_json)
    return required_wcu(items, size_kb, per, transactional, gsi, gsi_size, gsi_key_change, update_from, steps)


# ------------------------------------------------------------------------------------------- drills

def _case(kind: str, w: Writes, params: list, stem: str, read_next: str, source_rule: str) -> DrillCase:
    result = required_wcu(w.items, w.size_kb, w.per, w.transactional, w.gsi, w.gsi_size_kb, w.gsi_key_change,
                          w.update_from_kb)
    wrong = wrong_answers(MISTAKES, w, result.answer, wcu_unit)
    return DrillCase(kind, params, stem, result.answer, wcu_unit, wrong, result.steps, "dynamodb", "storage", "store",
                     read_next, rule(source_rule).source)


def drill_wcu(rng: random.Random) -> DrillCase:
    """Standard or transactional writes per second or minute."""
    per = rng.choice(["second", "second", "minute"])
    items = rng.choice([6, 8, 10, 12, 15, 20, 25, 40, 50]) * (rng.choice([6, 12, 30, 45]) if per == "minute" else 1)
    size = F(rng.choice(["0.5", "1.5", "2", "2.5", "3", "3.5", "4.5", "5", "6.5", "7", "9", "12.5"]))
    tx = rng.random() < 0.25
    kind_text = "transactional writes (TransactWriteItems)" if tx else "standard writes"
    stem = (f"An application performs {items:,} {kind_text} per {per} of items that are {num(size)} KB each to an "
            "Amazon DynamoDB table in provisioned capacity mode. How many write capacity units (WCU) does the table "
            "need, at a minimum?")
    return _case("wcu", Writes(F(items), size, per, tx), [items, per, num(size), int(tx)], stem,
                 "dynamodb#capacity-units", "dynamodb.wcu_item_kb")


def drill_gsi(rng: random.Random) -> DrillCase:
    """Writes that reach global secondary indexes, with or without a key change."""
    items = rng.choice([10, 20, 25, 40, 50, 100])
    size = F(rng.choice(["1.5", "2.5", "3", "4.5", "6"]))
    gsi = rng.choice([1, 2, 3])
    entry = rng.choice([None, F("0.5"), F(1), F("1.5")])
    change = rng.random() < 0.5
    projected = "all attributes" if entry is None else f"{num(entry)} KB of attributes"
    stem = (f"A table in provisioned mode receives {items} writes per second of {num(size)} KB items. It has "
            f"{plural(gsi, 'global secondary index', 'global secondary indexes')}, each projecting {projected} "
            f"per item, and every write {'changes' if change else 'does not change'} the indexes' key attribute. "
            "How many write capacity units do the table and its indexes need in total, at a minimum?")
    w = Writes(F(items), size, gsi=gsi, gsi_size_kb=entry, gsi_key_change=change)
    return _case("wcu-gsi", w, [items, num(size), gsi, num(entry or 0), int(change)], stem, "dynamodb#gsi",
                 "dynamodb.gsi_key_change_writes")


def drill_update(rng: random.Random) -> DrillCase:
    """UpdateItem: the larger of the item before and after."""
    items = rng.choice([5, 10, 20, 30, 50])
    before, after = rng.sample([F("0.5"), F("1.5"), F("2.5"), F(3), F("3.5"), F("5.5"), F("7.5")], 2)
    stem = (f"An application calls UpdateItem {items} times per second on a DynamoDB table. Each update changes "
            f"an item of {num(before)} KB into {num(after)} KB. How many write capacity units does the table need, "
            "at a minimum?")
    return _case("wcu-update", Writes(F(items), after, update_from_kb=before),
                 [items, num(before), num(after)], stem, "dynamodb#capacity-units", "dynamodb.wcu_item_kb")


DRILLS = {"wcu": drill_wcu, "wcu-gsi": drill_gsi, "wcu-update": drill_update}
