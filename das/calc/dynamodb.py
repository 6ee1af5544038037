"""DynamoDB capacity: write capacity units (WCU) and read capacity units (RCU).

AWS meters each request by item size rounded up (1 KB for writes, 4 KB for reads); the ceiling to whole
units is taken once, on the total. Per-minute rates are divided by 60 exactly, never rounded first.
"""

from __future__ import annotations

from fractions import Fraction

from das.calc.result import CalcResult
from das.errors import UsageError
from das.numbers import ceil, fmt, to_json_number
from das.content.rules import rule

PER_CHOICES = ("second", "minute")
CONSISTENCY_CHOICES = ("strong", "eventual", "transactional")


def _check_common(items: Fraction, size_kb: Fraction, per: str) -> None:
    if per not in PER_CHOICES:
        raise UsageError(f"--per must be 'second' or 'minute', got {per!r}")
    if items < 0:
        raise UsageError(f"--items must be at least 0, got {fmt(items)}")
    max_item = rule("dynamodb.max_item_kb")
    if size_kb < 0:
        raise UsageError(f"--size must be at least 0 KB, got {fmt(size_kb)}")
    if size_kb > max_item.value:
        raise UsageError(
            f"--size must be at most {fmt(max_item.value)} KB (DynamoDB's maximum item size), got {fmt(size_kb)}"
        )


def _rate_text(items: Fraction, per: str) -> str:
    """The rate as a reader would write it: 6, or (124 / 60) when it is not whole."""
    rate = items / 60 if per == "minute" else items
    return fmt(rate) if rate.denominator == 1 else f"({fmt(items)} / 60)"


def _rate_steps(items: Fraction, per: str, noun: str) -> tuple[Fraction, list[str]]:
    """The per-second rate, exact, with the step that explains it."""
    if per == "minute":
        rate = items / 60
        return rate, [
            f"Rate: {fmt(items)} {noun}/minute / 60 = {fmt(rate)} {noun}/second "
            "(kept exact; capacity units are per second, and nothing is rounded until the end)"
        ]
    return items, [f"Rate: {fmt(items)} {noun}/second"]


def _units(size_kb: Fraction, unit_kb: Fraction) -> int:
    """Item size in whole metering units; every request costs at least one unit."""
    return max(1, ceil(size_kb / unit_kb))


def _size_step(size_kb: Fraction, unit_rule, units: int, noun: str) -> str:
    """The worked step that rounds the item size to whole metering units."""
    unit_kb = unit_rule.value
    rounded_kb = units * unit_kb
    if size_kb == rounded_kb:
        return f"Item size: {fmt(size_kb)} KB is a whole number of {fmt(unit_kb)} KB {noun} units = {units} unit(s) {unit_rule.cite()}"
    if size_kb == 0:
        return f"Item size: every {noun} costs at least one {fmt(unit_kb)} KB unit {unit_rule.cite()}"
    return (f"Item size: {fmt(size_kb)} KB rounds up to {fmt(rounded_kb)} KB, the next multiple of {fmt(unit_kb)} KB "
            f"({noun}s are metered in {fmt(unit_kb)} KB units) = {units} unit(s) {unit_rule.cite()}")


def _capacity_notes(total: int, noun: str, unit: str, on_demand_unit: str) -> list[str]:
    notes = []
    if total == 0:
        notes.append(f"No {noun} consume no capacity, but a provisioned table needs at least 1 {unit}.")
    notes.append(f"On-demand tables use the same arithmetic, in {on_demand_unit}.")
    return notes


def _total(items: Fraction, per: str, per_item: Fraction, noun: str, unit: str) -> tuple[Fraction, Fraction, int, list[str]]:
    """Rate x units per item, with the one ceiling at the end: (rate, exact, whole units, steps)."""
    rate, steps = _rate_steps(items, per, noun)
    exact = rate * per_item
    whole = ceil(exact)
    product = f"Total: {_rate_text(items, per)} x {fmt(per_item)}"
    if exact == whole:
        steps.append(f"{product} = {whole} {unit}")
    else:
        steps.append(f"{product} = {fmt(exact)} {unit}, rounded up once at the end = {whole} {unit}")
    return rate, exact, whole, steps


def required_wcu(
    items: Fraction, size_kb: Fraction, per: str = "second", transactional: bool = False
) -> CalcResult:
    """WCU for `items` writes per second (or minute) of items of `size_kb` KB."""
    _check_common(items, size_kb, per)
    unit_rule = rule("dynamodb.wcu_item_kb")
    tx_rule = rule("dynamodb.transactional_factor")
    used = [unit_rule]
    unit_kb = unit_rule.value
    units = _units(size_kb, unit_kb)
    rounded_kb = units * unit_kb
    steps = [_size_step(size_kb, unit_rule, units, "write")]
    per_write = Fraction(units)
    if transactional:
        per_write *= tx_rule.value
        used.append(tx_rule)
        steps.append(
            f"Transactional write: x{fmt(tx_rule.value)} (prepare and commit) = {fmt(per_write)} WCU per write "
            f"{tx_rule.cite()}"
        )
    else:
        steps.append(f"Standard write: {fmt(per_write)} WCU per write")
    rate, exact, wcu, total_steps = _total(items, per, per_write, "writes", "WCU")
    steps.extend(total_steps)

    traps = []
    factor = tx_rule.value if transactional else 1
    unrounded = ceil(rate * size_kb * factor) if size_kb > 0 else wcu
    if unrounded != wcu:
        traps.append(f"Not rounding {fmt(size_kb)} KB up to {fmt(rounded_kb)} KB gives {fmt(unrounded)} WCU.")
    if per == "minute" and ceil(items * per_write) != wcu:
        traps.append(f"Forgetting to divide the per-minute rate by 60 gives {fmt(ceil(items * per_write))} WCU.")
    if per == "minute" and ceil(rate) * per_write != wcu:
        traps.append(f"Rounding the rate up to {ceil(rate)}/s before multiplying gives {fmt(ceil(rate) * per_write)} WCU.")
    if transactional and ceil(rate * units) != wcu:
        traps.append(f"Forgetting that transactional writes cost double gives {fmt(ceil(rate * units))} WCU.")
    read_unit = rule("dynamodb.rcu_item_kb").value
    four_kb = ceil(rate * _units(size_kb, read_unit) * factor)
    if four_kb != wcu:
        traps.append(f"Using the 4 KB read unit for writes gives {fmt(four_kb)} WCU; writes are metered per 1 KB.")

    notes = _capacity_notes(wcu, "writes", "WCU", "write request units (WRU)")
    kind = "transactional writes" if transactional else "standard writes"
    return CalcResult(
        calculator="wcu",
        headline=f"{wcu} WCU",
        detail=f"{fmt(items)} writes/{per} of {fmt(size_kb)} KB, {kind}",
        values={
            "wcu": wcu,
            "exact_wcu": to_json_number(exact),
            "items_per_second": to_json_number(rate),
            "units_per_item": to_json_number(per_write),
            "transactional": transactional,
        },
        steps=steps,
        traps=traps,
        notes=notes,
        rules=used,
    )


def required_rcu(
    items: Fraction, size_kb: Fraction, per: str = "second", consistency: str = "eventual"
) -> CalcResult:
    """RCU for `items` reads per second (or minute) of items of `size_kb` KB at a consistency level."""
    _check_common(items, size_kb, per)
    if consistency not in CONSISTENCY_CHOICES:
        raise UsageError(f"--consistency must be strong, eventual or transactional, got {consistency!r}")
    unit_rule = rule("dynamodb.rcu_item_kb")
    used = [unit_rule]
    unit_kb = unit_rule.value
    units = _units(size_kb, unit_kb)
    rounded_kb = units * unit_kb
    steps = [_size_step(size_kb, unit_rule, units, "read")]
    if consistency == "strong":
        factor = Fraction(1)
        steps.append(f"Consistency: strongly consistent, 1 RCU per {fmt(unit_kb)} KB = {units} RCU per read")
    elif consistency == "eventual":
        half = rule("dynamodb.eventual_read_factor")
        used.append(half)
        factor = half.value
        steps.append(
            f"Consistency: eventually consistent (DynamoDB's default), {fmt(factor)} RCU per {fmt(unit_kb)} KB "
            f"= {fmt(units * factor)} RCU per read {half.cite()}"
        )
    else:
        tx = rule("dynamodb.transactional_factor")
        used.append(tx)
        factor = tx.value
        steps.append(
            f"Consistency: transactional, x{fmt(factor)} (prepare and commit) = {fmt(units * factor)} RCU per read "
            f"{tx.cite()}"
        )
    per_read = units * factor
    rate, exact, rcu, total_steps = _total(items, per, per_read, "reads", "RCU")
    steps.extend(total_steps)

    traps = []
    unrounded = ceil(rate * size_kb / unit_kb * factor) if size_kb > 0 else rcu
    if unrounded != rcu:
        traps.append(f"Not rounding {fmt(size_kb)} KB up to {fmt(rounded_kb)} KB gives {fmt(unrounded)} RCU.")
    if consistency == "eventual" and ceil(rate * units) != rcu:
        traps.append(f"Forgetting that eventually consistent reads cost half gives {fmt(ceil(rate * units))} RCU.")
    if consistency == "strong" and ceil(rate * units / 2) != rcu:
        traps.append(f"Halving as if reads were eventually consistent gives {fmt(ceil(rate * units / 2))} RCU.")
    if consistency == "transactional" and ceil(rate * units) != rcu:
        traps.append(f"Forgetting that transactional reads cost double gives {fmt(ceil(rate * units))} RCU.")
    if per == "minute" and ceil(items * per_read) != rcu:
        traps.append(f"Forgetting to divide the per-minute rate by 60 gives {fmt(ceil(items * per_read))} RCU.")
    one_kb = ceil(rate * _units(size_kb, rule("dynamodb.wcu_item_kb").value) * factor)
    if one_kb != rcu:
        traps.append(f"Using the 1 KB write unit for reads gives {fmt(one_kb)} RCU; reads are metered per 4 KB.")

    notes = _capacity_notes(rcu, "reads", "RCU", "read request units (RRU)")
    return CalcResult(
        calculator="rcu",
        headline=f"{rcu} RCU",
        detail=f"{fmt(items)} {consistency} reads/{per} of {fmt(size_kb)} KB",
        values={
            "rcu": rcu,
            "exact_rcu": to_json_number(exact),
            "consistency": consistency,
            "items_per_second": to_json_number(rate),
            "units_per_item": to_json_number(per_read),
        },
        steps=steps,
        traps=traps,
        notes=notes,
        rules=used,
    )
