"""S3 request rates: how many partitioned prefixes a workload needs, or what P prefixes sustain.

AWS documents at least 3,500 PUT/COPY/POST/DELETE and 5,500 GET/HEAD requests per second per
partitioned prefix. das treats reads and writes as separate limits (the documentation's "or" does
not settle mixed loads) and says so in its output.
"""

from __future__ import annotations

from fractions import Fraction

from das.calc.result import CalcResult
from das.errors import UsageError
from das.numbers import ceil, fmt, to_json_number
from das.content.rules import rule

ASSUMPTION = (
    "Reads and writes are treated as separate limits per prefix; the figures are documented minimums per "
    "partitioned prefix, and S3 may return 503 Slow Down while it scales to a new rate."
)


def required_prefixes(reads: Fraction | None, writes: Fraction | None) -> CalcResult:
    """Prefixes needed for `reads` GET/HEAD/s and `writes` PUT/COPY/POST/DELETE/s."""
    if reads is None and writes is None:
        raise UsageError("give --reads and/or --writes (requests per second), or --prefixes")
    reads = reads if reads is not None else Fraction(0)
    writes = writes if writes is not None else Fraction(0)
    for flag, value in (("--reads", reads), ("--writes", writes)):
        if value < 0:
            raise UsageError(f"{flag} must be at least 0 requests per second, got {fmt(value)}")
    read_rule, write_rule = rule("s3.prefix_read_rps"), rule("s3.prefix_write_rps")
    need_w, need_r = writes / write_rule.value, reads / read_rule.value
    pw, pr = ceil(need_w), ceil(need_r)
    steps = [
        f"Writes: {fmt(writes)} PUT/COPY/POST/DELETE per s / {fmt(write_rule.value)} per prefix = {fmt(need_w)} "
        f"-> {pw} prefix(es) {write_rule.cite()}",
        f"Reads: {fmt(reads)} GET/HEAD per s / {fmt(read_rule.value)} per prefix = {fmt(need_r)} "
        f"-> {pr} prefix(es) {read_rule.cite()}",
    ]
    prefixes = max(1, pw, pr)
    limiting = "writes" if (pw, need_w) >= (pr, need_r) else "reads"
    if pw == pr == 0:
        steps.append("No requests: every object still has a prefix, so the answer is 1")
    steps.append(f"Prefixes: max({pw}, {pr}) = {prefixes}, limited by {limiting}")
    traps = []
    shared = ceil(need_w + need_r)
    if shared != prefixes:
        traps.append(
            f"Treating reads and writes as one shared budget would give {max(1, shared)} prefixes; the documented "
            "figures are per request class."
        )
    if writes and ceil(writes / read_rule.value) != pw:
        traps.append(f"Using the {fmt(read_rule.value)} GET/HEAD figure for writes gives {max(1, ceil(writes / read_rule.value))} prefix(es).")
    return CalcResult(
        calculator="s3",
        headline=f"{prefixes} prefix{'es' if prefixes != 1 else ''} (limited by {limiting})",
        detail=f"{fmt(reads)} GET/HEAD and {fmt(writes)} PUT/COPY/POST/DELETE requests per second",
        values={"prefixes": prefixes, "limiting_factor": limiting,
                "reads_per_sec": to_json_number(reads), "writes_per_sec": to_json_number(writes)},
        steps=steps,
        traps=traps,
        notes=[ASSUMPTION],
        rules=[write_rule, read_rule],
    )


def prefix_capacity(prefixes: int) -> CalcResult:
    """The request rates `prefixes` partitioned prefixes sustain, at the documented minimums."""
    if prefixes < 1:
        raise UsageError(f"--prefixes must be at least 1, got {prefixes}")
    read_rule, write_rule = rule("s3.prefix_read_rps"), rule("s3.prefix_write_rps")
    reads, writes = prefixes * read_rule.value, prefixes * write_rule.value
    return CalcResult(
        calculator="s3",
        headline=f"{fmt(reads)} GET/HEAD/s and {fmt(writes)} PUT/COPY/POST/DELETE/s",
        detail=f"{prefixes} partitioned prefix{'es' if prefixes != 1 else ''}",
        values={"prefixes": prefixes, "reads_per_sec": to_json_number(reads),
                "writes_per_sec": to_json_number(writes)},
        steps=[
            f"Reads: {prefixes} x {fmt(read_rule.value)} GET/HEAD per s = {fmt(reads)} per s {read_rule.cite()}",
            f"Writes: {prefixes} x {fmt(write_rule.value)} PUT/COPY/POST/DELETE per s = {fmt(writes)} per s "
            f"{write_rule.cite()}",
        ],
        notes=[ASSUMPTION, "There is no limit on the number of prefixes in a bucket."],
        rules=[read_rule, write_rule],
    )
