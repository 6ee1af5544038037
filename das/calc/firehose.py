"""Amazon Data Firehose buffering for an S3 destination: when a buffer flushes, and how many objects.

Firehose delivers when the first buffering condition is met: the buffer reaches its size, or the
interval passes. Throughput and buffer size are in the same unit (MiB/s and MiB), so nothing converts.
Sources: https://docs.aws.amazon.com/firehose/latest/APIReference/API_BufferingHints.html,
https://docs.aws.amazon.com/firehose/latest/dev/limits.html (Direct PUT quotas)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction as F
from typing import Any, TYPE_CHECKING

from das.calc.mistakes import DrillCase, Mistake, wrong_answers
from das.calc.result import CalcResult
from das.calc.text import approx, exact, json_number, num, plural, rounded
from das.content.rules import rule
from das.errors import UsageError

if TYPE_CHECKING:  # drills take a Random; the calculators never import random
    import random

TIMELINE_WIDTH = 48  # characters of bar for the text timeline


@dataclass(frozen=True)
class Buffer:
    in_mb: F
    size_mib: F
    interval_s: F

    @property
    def fill(self) -> F:
        """Seconds until the buffer reaches its size: buffer MiB / incoming MiB per second (exact)."""
        return self.size_mib / self.in_mb


MISTAKES = (
    Mistake("interval-only", "ignoring the buffer size and using only the interval", lambda b: b.interval_s),
    Mistake("size-only", "ignoring the interval and using only the time to fill the buffer", lambda b: b.fill),
    Mistake("both", "waiting for both conditions instead of the first", lambda b: max(b.fill, b.interval_s)),
    Mistake("default-interval", "assuming the default 300 s interval",
            lambda b: min(b.fill, rule("firehose.buffer_interval_default_s").value)),
    Mistake("default-size", "assuming the default 5 MiB buffer",
            lambda b: min(rule("firehose.buffer_size_default_mib").value / b.in_mb, b.interval_s)),
)


def flush_unit(value: Any) -> str:
    """A flush interval in seconds as printed in answers and traps: 'a flush every ~3.333 s'."""
    return f"a flush every {approx(value)} s"


def _validate(in_mb: F, size: F, interval: F) -> None:
    size_min, size_max = rule("firehose.buffer_size_min_mib"), rule("firehose.buffer_size_max_mib")
    int_min, int_max = rule("firehose.buffer_interval_min_s"), rule("firehose.buffer_interval_max_s")
    if in_mb <= 0:
        raise UsageError(f"--in-mb must be greater than 0 (with no data there is nothing to deliver), got {exact(in_mb)}")
    if not size_min.value <= size <= size_max.value:
        raise UsageError(f"--buffer-size must be between {num(size_min.value)} and {num(size_max.value)} MiB, "
                         f"got {exact(size)}")
    if not int_min.value <= interval <= int_max.value:
        raise UsageError(f"--buffer-interval must be between {num(int_min.value)} and {num(int_max.value)} seconds, "
                         f"got {exact(interval)}")


def quota_notes(in_mb: F) -> list[str]:
    """A warning when the input exceeds the default Direct PUT quota (which varies by Region)."""
    large, other = rule("firehose.direct_put_mib_large_regions"), rule("firehose.direct_put_mib_other_regions")
    regions = "US East (N. Virginia), US West (Oregon) and Europe (Ireland)"
    tail = "Quotas vary by Region and can be raised on request; they apply when Direct PUT is the source"
    if in_mb > large.value:
        return [f"{num(in_mb)} MiB/s is over the default Direct PUT quota of every Region ({num(large.value)} MiB/s "
                f"per Firehose stream in {regions}, {num(other.value)} MiB/s elsewhere). {tail} {large.cite()}"]
    if in_mb > other.value:
        return [f"{num(in_mb)} MiB/s is over the default Direct PUT quota of most Regions ({num(other.value)} MiB/s "
                f"per Firehose stream; {num(large.value)} MiB/s in {regions}). {tail} {other.cite()}"]
    return []


def _zero_buffering(b: Buffer, steps: list[str]) -> CalcResult:
    int_min, legacy_min = rule("firehose.buffer_interval_min_s"), rule("firehose.legacy_interval_min_s")
    steps.append("Buffer interval 0 s means zero buffering: Firehose delivers within seconds of receiving data, "
                 f"so no flush schedule or object count follows from the hints {int_min.cite()}")
    notes = ["Zero buffering is not available with dynamic partitioning.",
             f"The DAS-C01-era documentation allowed only {num(legacy_min.value)}-"
             f"{num(rule('firehose.buffer_interval_max_s').value)} s; zero buffering is newer {legacy_min.cite()}"]
    return CalcResult(
        calculator="firehose", headline="Zero buffering: delivered within seconds",
        detail=f"{num(b.in_mb)} MiB/s into a {num(b.size_mib)} MiB buffer with a 0 s interval",
        values={"flush_after_sec": 0, "trigger": "interval", "zero_buffering": True, "objects_per_hour": None,
                "objects_per_day": None, "avg_object_size_mb": None},
        steps=steps, notes=notes, warnings=quota_notes(b.in_mb),
        rules=[rule("firehose.buffer_size_max_mib"), rule("firehose.buffer_interval_max_s"), int_min, legacy_min],
        answer=F(0))


def _trigger(b: Buffer, steps: list[str]) -> tuple[str, F]:
    fill, interval = b.fill, b.interval_s
    if fill < interval:
        steps.append(f"The size is reached first ({approx(fill)} s < {num(interval)} s): the buffer flushes on size")
        return "size", fill
    if fill > interval:
        steps.append(f"The interval passes first ({num(interval)} s < {approx(fill)} s): the buffer flushes on time")
        return "interval", interval
    steps.append(f"Both conditions are met at the same moment ({num(fill)} s): a tie")
    return "both", fill


def _notes(b: Buffer, trigger: str) -> list[str]:
    legacy_min, int_max = rule("firehose.legacy_interval_min_s"), rule("firehose.buffer_interval_max_s")
    notes = quota_notes(b.in_mb)
    if b.interval_s < legacy_min.value:
        notes.append(f"An interval below {num(legacy_min.value)} s is valid in the current API but not in the "
                     f"DAS-C01-era documentation ({num(legacy_min.value)}-{num(int_max.value)} s) {legacy_min.cite()}")
    notes.append("Buffer sizes and intervals are hints: Firehose may use other values when it is optimal.")
    if trigger == "size":
        notes.append("High throughput fills the buffer before the interval: raising the interval changes nothing here.")
    elif trigger == "interval":
        notes.append("Low throughput reaches the interval first: a bigger buffer size changes nothing here.")
    return notes


def buffering(in_mb: F, buffer_size_mib: F, buffer_interval_s: F) -> CalcResult:
    """Flush time, trigger and object counts for a steady `in_mb` MiB/s into an S3 Firehose stream: keys
    flush_after_sec, trigger, objects_per_hour, objects_per_day, avg_object_size_mb. UsageError out of range."""
    _validate(in_mb, buffer_size_mib, buffer_interval_s)
    b = Buffer(in_mb, buffer_size_mib, buffer_interval_s)
    size_min, size_max = rule("firehose.buffer_size_min_mib"), rule("firehose.buffer_size_max_mib")
    int_max = rule("firehose.buffer_interval_max_s")
    steps = [f"Time to fill the buffer: {num(buffer_size_mib)} MiB / {num(in_mb)} MiB/s = {approx(b.fill)} s "
             f"(size hint {num(size_min.value)}-{num(size_max.value)} MiB {size_max.cite()})"]
    if buffer_interval_s == 0:
        return _zero_buffering(b, steps)
    steps.append(f"Buffer interval: {num(buffer_interval_s)} s {int_max.cite()}")
    trigger, flush = _trigger(b, steps)
    per_hour, per_day, object_mb = F(3600) / flush, F(86400) / flush, in_mb * flush
    steps.append(f"Objects: 3,600 s / {approx(flush)} s = {approx(per_hour)} per hour, {approx(per_day)} per day")
    steps.append(f"Average object size: {num(in_mb)} MiB/s x {approx(flush)} s = {approx(object_mb)} MiB")
    used = [size_max, int_max] + ([rule("firehose.legacy_interval_min_s")]
                                  if buffer_interval_s < rule("firehose.legacy_interval_min_s").value else [])
    used += [rule("firehose.direct_put_mib_large_regions"), rule("firehose.direct_put_mib_other_regions")] if (
        in_mb > rule("firehose.direct_put_mib_other_regions").value) else []
    result = CalcResult(
        calculator="firehose", headline=f"Flush every {approx(flush)} s on {trigger}",
        detail=(f"{num(in_mb)} MiB/s into a {num(buffer_size_mib)} MiB / {num(buffer_interval_s)} s buffer: "
                f"{approx(per_hour)} objects/hour of {approx(object_mb)} MiB"),
        values={"flush_after_sec": json_number(flush), "trigger": trigger, "zero_buffering": False,
                "objects_per_hour": json_number(per_hour), "objects_per_day": json_number(per_day),
                "avg_object_size_mb": json_number(object_mb)},
        steps=steps, notes=_notes(b, trigger), timeline=_timeline(flush, trigger, object_mb), rules=used,
        answer=flush, warnings=quota_notes(in_mb))
    result.add_traps(wrong_answers(MISTAKES, b, flush, flush_unit), flush_unit)
    return result


def _timeline(flush: F, trigger: str, object_mb: F) -> list[str]:
    """A text picture of three flush cycles: the buffer fills (=) and flushes (|) to one S3 object."""
    cycles = 3
    bar = ""
    for n in range(1, cycles + 1):
        end = round(TIMELINE_WIDTH * n / cycles)
        bar += "=" * (end - len(bar) - 1) + "|"
    reason = {"size": "buffer full", "interval": "interval elapsed", "both": "full as the interval elapses"}[trigger]
    return [f"0 s {bar} {approx(flush * cycles)} s",
            f"each '|' is a flush ({reason}): one S3 object of {approx(object_mb)} MiB every {approx(flush)} s"]


def run(in_mb: F, buffer_size: F | None, buffer_interval: F | None) -> CalcResult:
    """`das calc firehose`: the flags as parsed by das.calc.flags."""
    if in_mb is None or buffer_size is None or buffer_interval is None:
        raise UsageError("give --in-mb, --buffer-size and --buffer-interval")
    return buffering(in_mb, buffer_size, buffer_interval)


def _option(value: Any) -> str:
    return f"About every {plural(F(rounded(value, 1).replace(',', '')), 'second')}"


def drill_firehose(rng: random.Random) -> DrillCase:
    """A steady input, a buffer size and an interval: when does Firehose write an object?"""
    b = Buffer(F(rng.choice(["0.05", "0.1", "0.25", "0.5", "1", "2", "4"])), F(rng.choice([1, 5, 10, 32, 64, 128])),
               F(rng.choice([60, 120, 300, 600, 900])))
    result = buffering(b.in_mb, b.size_mib, b.interval_s)
    stem = (f"An Amazon Data Firehose stream receives a steady {num(b.in_mb)} MiB per second and delivers to Amazon "
            f"S3 with a buffer size of {num(b.size_mib)} MiB and a buffer interval of {num(b.interval_s)} seconds. "
            "How often does Firehose write an object to S3?")
    return DrillCase("firehose", [num(b.in_mb), num(b.size_mib), num(b.interval_s)], stem, result.answer, _option,
                     wrong_answers(MISTAKES, b, result.answer, _option), result.steps, "firehose", "collection",
                     "ingestion", "firehose#buffering", rule("firehose.buffer_interval_max_s").source)


DRILLS = {"firehose": drill_firehose}
