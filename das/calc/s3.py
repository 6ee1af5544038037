"""S3 request rates: how many partitioned prefixes a workload needs, or what P prefixes sustain.

AWS documents at least 3,500 PUT/COPY/POST/DELETE and 5,500 GET/HEAD requests per second per
partitioned prefix. das treats reads and writes as separate limits (the documentation's "or" does
not settle mixed loads) and says so in its output.
Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction as F
from typing import Any, TYPE_CHECKING

from das.calc.mistakes import DrillCase, Mistake, wrong_answers
from das.calc.result import CalcResult
from das.calc.text import exact, json_number, num, plural
from das.content.rules import rule
from das.errors import UsageError
from das.numbers import ceil

if TYPE_CHECKING:  # drills take a Random; the calculators never import random
    import random

READ, WRITE = "GET/HEAD request", "PUT/COPY/POST/DELETE request"
ASSUMPTION = (
    "Reads and writes are treated as separate limits per prefix; the figures are documented minimums per "
    "partitioned prefix, and S3 may return 503 Slow Down while it scales to a new rate."
)


@dataclass(frozen=True)
class Load:
    reads: F
    writes: F


def _limits() -> tuple[F, F]:
    return rule("s3.prefix_read_rps").value, rule("s3.prefix_write_rps").value


def prefixes(load: Load, read_limit: F | None = None, write_limit: F | None = None, how: str = "max") -> int:
    """Prefixes for the load (at least 1): the larger need (AWS), or a mistaken way of combining them."""
    r_lim, w_lim = _limits()
    need_r, need_w = load.reads / (read_limit or r_lim), load.writes / (write_limit or w_lim)
    value = {"max": max(ceil(need_r), ceil(need_w)), "shared": ceil(need_r + need_w),
             "floor": math.floor(max(need_r, need_w)), "add": ceil(need_r) + ceil(need_w)}[how]
    return max(1, value)


MISTAKES = (
    Mistake("shared", "adding reads and writes into one shared budget", lambda l: prefixes(l, how="shared"),
            because="the documented figures are per request class"),
    Mistake("read-figure", "using the 5,500 GET/HEAD figure for writes too",
            lambda l: prefixes(l, write_limit=_limits()[0]), applies=lambda l: l.writes > 0),
    Mistake("write-figure", "using the 3,500 PUT figure for reads too",
            lambda l: prefixes(l, read_limit=_limits()[1]), applies=lambda l: l.reads > 0),
    Mistake("round-down", "rounding down instead of up", lambda l: prefixes(l, how="floor")),
    Mistake("add-counts", "adding the prefix counts for reads and writes", lambda l: prefixes(l, how="add")),
)


def prefix_unit(value: Any) -> str:
    """A prefix count as printed in answers and traps: '1 prefix', '3 prefixes'."""
    return plural(value, "prefix", "prefixes")


def required_prefixes(reads: F | None, writes: F | None) -> CalcResult:
    """Prefixes needed for `reads` GET/HEAD/s and `writes` PUT/COPY/POST/DELETE/s: keys prefixes,
    limiting_factor, reads_per_sec, writes_per_sec. UsageError when neither is given or one is negative."""
    if reads is None and writes is None:
        raise UsageError("give --reads and/or --writes (requests per second), or --prefixes")
    load = Load(reads if reads is not None else F(0), writes if writes is not None else F(0))
    for flag, value in (("--reads", load.reads), ("--writes", load.writes)):
        if value < 0:
            raise UsageError(f"{flag} must be at least 0 requests per second, got {exact(value)}")
    read_rule, write_rule = rule("s3.prefix_read_rps"), rule("s3.prefix_write_rps")
    need_w, need_r = load.writes / write_rule.value, load.reads / read_rule.value
    pw, pr = ceil(need_w), ceil(need_r)
    steps = [f"Writes: {plural(load.writes, WRITE)}/s / {num(write_rule.value)} per prefix = "
             f"{num(need_w)} -> {prefix_unit(pw)} {write_rule.cite()}",
             f"Reads: {plural(load.reads, READ)}/s / {num(read_rule.value)} per prefix = {num(need_r)} -> "
             f"{prefix_unit(pr)} {read_rule.cite()}"]
    count = prefixes(load)
    limiting = "writes" if (pw, need_w) >= (pr, need_r) else "reads"
    if pw == pr == 0:
        steps.append("No requests: every object still has a prefix, so the answer is 1")
    steps.append(f"Prefixes: max({num(pw)} for writes, {num(pr)} for reads) = {num(count)}, limited by {limiting}")
    result = CalcResult(
        calculator="s3", headline=f"{prefix_unit(count)} (limited by {limiting})",
        detail=f"{plural(load.reads, READ)} and {plural(load.writes, WRITE)} per second",
        values={"prefixes": count, "limiting_factor": limiting, "reads_per_sec": json_number(load.reads),
                "writes_per_sec": json_number(load.writes)},
        steps=steps, notes=[ASSUMPTION], rules=[write_rule, read_rule], answer=count)
    result.add_traps(wrong_answers(MISTAKES, load, count, prefix_unit), prefix_unit)
    return result


def prefix_capacity(count: int) -> CalcResult:
    """The request rates `count` partitioned prefixes sustain, at the documented minimums."""
    if count < 1:
        raise UsageError(f"--prefixes must be at least 1, got {count}")
    read_rule, write_rule = rule("s3.prefix_read_rps"), rule("s3.prefix_write_rps")
    reads, writes = count * read_rule.value, count * write_rule.value
    return CalcResult(
        calculator="s3", headline=f"{num(reads)} GET/HEAD/s and {num(writes)} PUT/COPY/POST/DELETE/s",
        detail=f"{prefix_unit(count)} (partitioned)",
        values={"prefixes": count, "reads_per_sec": json_number(reads), "writes_per_sec": json_number(writes)},
        steps=[f"Reads: {count} x {plural(read_rule.value, READ)}/s = {plural(reads, READ)}/s {read_rule.cite()}",
               f"Writes: {count} x {plural(write_rule.value, WRITE)}/s = {plural(writes, WRITE)}/s "
               f"{write_rule.cite()}"],
        notes=[ASSUMPTION, "There is no limit on the number of prefixes in a bucket."],
        rules=[read_rule, write_rule], answer=reads)


def run(reads: F | None, writes: F | None, prefixes: int | None) -> CalcResult:
    """`das calc s3`: size prefixes for a load, or (--prefixes) the rates P prefixes sustain."""
    if prefixes is not None:
        if reads is not None or writes is not None:
            raise UsageError("use --prefixes alone, or --reads/--writes to size prefixes, not both")
        return prefix_capacity(prefixes)
    return required_prefixes(reads, writes)


def drill_s3(rng: random.Random) -> DrillCase:
    """A PUT and GET rate: how many partitioned prefixes at the documented per-prefix rates?"""
    writes = F(rng.choice([0, 500 * rng.randrange(2, 60)]))
    reads = F(rng.choice([0, 1000 * rng.randrange(3, 90)]))
    if not writes and not reads:
        writes = F(8000)
    result = required_prefixes(reads, writes)
    stem = (f"An application sends {num(writes)} PUT requests and {num(reads)} GET requests per second to one "
            "Amazon S3 bucket. Objects can be spread across prefixes freely. What is the MINIMUM number of "
            "partitioned prefixes that sustains this load at the documented per-prefix rates?")
    return DrillCase("s3", [int(writes), int(reads)], stem, result.answer, prefix_unit,
                     wrong_answers(MISTAKES, Load(reads, writes), result.answer, prefix_unit), result.steps, "s3",
                     "storage", "store", "s3#performance", rule("s3.prefix_write_rps").source)


DRILLS = {"s3": drill_s3}
