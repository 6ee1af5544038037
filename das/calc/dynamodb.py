"""What DynamoDB's write and read calculators share: rates, item sizes (from --size or --item), rounding.

AWS meters each request by item size rounded up (1 KB for writes, 4 KB for reads); the ceiling to whole
units is taken once, on the total. Per-minute rates are divided by 60 exactly, never rounded first.
Source: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
"""

from __future__ import annotations

from fractions import Fraction

from das.calc.text import exact, num, plural
from das.content.rules import Rule, rule
from das.errors import UsageError
from das.numbers import ceil

PER_CHOICES = ("second", "minute")


def check_rate(items: Fraction, per: str) -> None:
    """UsageError for a negative rate or an unknown --per."""
    if per not in PER_CHOICES:
        raise UsageError(f"--per must be second or minute, got {per!r}")
    if items < 0:
        raise UsageError(f"--items must be at least 0, got {exact(items)}")


def check_size(flag: str, size_kb: Fraction) -> None:
    """UsageError for a size below 0 or above DynamoDB's item limit, quoting the value as given."""
    max_item = rule("dynamodb.max_item_kb")
    if size_kb < 0:
        raise UsageError(f"{flag} must be at least 0 KB, got {exact(size_kb)}")
    if size_kb > max_item.value:
        raise UsageError(f"{flag} must be at most {num(max_item.value)} KB (DynamoDB's maximum item size), "
                         f"got {exact(size_kb)}")


def resolve_size(size: Fraction | None, item: str | None, dynamodb_json: bool) -> tuple[Fraction, list[str]]:
    """The item size in KB from --size or from the --item JSON, with the step that says where it came from.
    UsageError for an item over DynamoDB's item limit, in its bytes and KB."""
    if size is not None and item is not None:
        raise UsageError("give --size KB or --item FILE, not both")
    if item is not None:
        from das.calc.item_size import size_kb

        kb, total, hint = size_kb(item, dynamodb_json)
        max_item = rule("dynamodb.max_item_kb")
        if kb > max_item.value:
            raise UsageError(f"--item: the item is {plural(total, 'byte')} ({num(kb)} KB), over DynamoDB's "
                             f"{num(max_item.value)} KB item limit, so DynamoDB would reject it "
                             "(das calc item-size shows each attribute)")
        return kb, [f"Item size from --item: {plural(total, 'byte')} = {num(kb)} KB (das calc item-size shows "
                    f"each attribute) {rule('dynamodb.bytes_per_kb').cite()}"] + hint
    if size is None:
        raise UsageError("give --size KB (the item size) or --item FILE (the item as JSON)")
    check_size("--size", size)
    return size, []


def per_second(items: Fraction, per: str) -> Fraction:
    """The rate per second, exact: `items` for --per second, `items` / 60 for --per minute (never rounded here)."""
    return items / 60 if per == "minute" else items


def rate_text(items: Fraction, per: str) -> str:
    """The per-second rate as a reader would write it: 6, 1.5, or (124 / 60) for a per-minute count that does
    not divide evenly."""
    rate = per_second(items, per)
    if per == "minute" and rate.denominator != 1:
        return f"({num(items)} / 60)"
    return num(rate)


def rate_step(items: Fraction, per: str, noun: str) -> str:
    """The worked step for the per-second rate, kept exact."""
    if per == "minute":
        return (f"Rate: {plural(items, noun)}/minute / 60 = {plural(items / 60, noun)}/second (kept exact; "
                "capacity units are per second, and nothing is rounded until the end)")
    return f"Rate: {plural(items, noun)}/second"


def units(size_kb: Fraction, unit_kb: Fraction) -> int:
    """Item size in whole metering units; every request costs at least one unit."""
    return max(1, ceil(size_kb / unit_kb))


def size_step(size_kb: Fraction, unit_rule: Rule, count: int, noun: str, what: str = "Item size") -> str:
    """The worked step that rounds a size to whole metering units."""
    unit_kb = unit_rule.value
    rounded_kb = count * unit_kb
    if size_kb == rounded_kb:
        return (f"{what}: {num(size_kb)} KB is a whole number of {num(unit_kb)} KB {noun} units = "
                f"{plural(count, 'unit')} {unit_rule.cite()}")
    if size_kb == 0:
        return f"{what}: every {noun} costs at least one {num(unit_kb)} KB unit {unit_rule.cite()}"
    return (f"{what}: {num(size_kb)} KB rounds up to {num(rounded_kb)} KB, the next multiple of {num(unit_kb)} KB "
            f"({noun}s are metered in {num(unit_kb)} KB units) = {plural(count, 'unit')} {unit_rule.cite()}")


def total_step(items: Fraction, per: str, per_item: Fraction, exact_total: Fraction, unit: str,
               label: str = "Total") -> str:
    """Rate x units per item, with the one ceiling at the end."""
    whole = ceil(exact_total)
    product = f"{label}: {rate_text(items, per)} x {num(per_item)}"
    if exact_total == whole:
        return f"{product} = {num(whole)} {unit}"
    return f"{product} = {num(exact_total)} {unit}, rounded up once at the end = {num(whole)} {unit}"


def capacity_notes(total: int, noun: str, unit: str, on_demand_unit: str) -> list[str]:
    """The notes under a DynamoDB result: when `total` is 0, that a provisioned table still needs at least 1 `unit`;
    always, that on-demand tables use the same arithmetic in `on_demand_unit` (e.g. "write request units (WRU)")."""
    notes = []
    if total == 0:
        notes.append(f"No {noun} consume no capacity, but a provisioned table needs at least 1 {unit}.")
    notes.append(f"On-demand tables use the same arithmetic, in {on_demand_unit}.")
    return notes
