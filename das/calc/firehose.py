"""Amazon Data Firehose buffering for an S3 destination: when a buffer flushes, and how many objects.

Firehose delivers when the first buffering condition is met: the buffer reaches its size, or the
interval passes. Throughput and buffer size are in the same unit (MiB/s and MiB), so nothing converts.
"""

from __future__ import annotations

from fractions import Fraction

from das.calc.result import CalcResult
from das.errors import UsageError
from das.numbers import approx, fmt, to_json_number
from das.content.rules import rule

TIMELINE_WIDTH = 48  # characters of bar for the text timeline


def buffering(in_mb: Fraction, buffer_size_mib: Fraction, buffer_interval_s: Fraction) -> CalcResult:
    """Flush time, trigger and object counts for a steady `in_mb` MiB/s into an S3 Firehose stream."""
    size_min, size_max = rule("firehose.buffer_size_min_mib"), rule("firehose.buffer_size_max_mib")
    int_min, int_max = rule("firehose.buffer_interval_min_s"), rule("firehose.buffer_interval_max_s")
    legacy_min = rule("firehose.legacy_interval_min_s")
    if in_mb <= 0:
        raise UsageError(f"--in-mb must be greater than 0 (with no data there is nothing to deliver), got {fmt(in_mb)}")
    if not size_min.value <= buffer_size_mib <= size_max.value:
        raise UsageError(
            f"--buffer-size must be between {fmt(size_min.value)} and {fmt(size_max.value)} MiB, got {fmt(buffer_size_mib)}"
        )
    if not int_min.value <= buffer_interval_s <= int_max.value:
        raise UsageError(
            f"--buffer-interval must be between {fmt(int_min.value)} and {fmt(int_max.value)} seconds, "
            f"got {fmt(buffer_interval_s)}"
        )
    used = [size_max, int_max]
    steps: list[str] = []
    notes: list[str] = []
    traps: list[str] = []
    fill = buffer_size_mib / in_mb
    steps.append(
        f"Time to fill the buffer: {fmt(buffer_size_mib)} MiB / {fmt(in_mb)} MiB/s = {approx(fill)} s "
        f"(size hint {fmt(size_min.value)}-{fmt(size_max.value)} MiB {size_max.cite()})"
    )

    if buffer_interval_s == 0:
        used.append(int_min)
        steps.append(
            f"Buffer interval 0 s means zero buffering: Firehose delivers within seconds of receiving data, "
            f"so no flush schedule or object count follows from the hints {int_min.cite()}"
        )
        notes.append("Zero buffering is not available with dynamic partitioning.")
        notes.append(
            f"The DAS-C01-era documentation allowed only {fmt(legacy_min.value)}-{fmt(int_max.value)} s; "
            f"zero buffering is newer {legacy_min.cite()}"
        )
        used.append(legacy_min)
        return CalcResult(
            calculator="firehose",
            headline="Zero buffering: delivered within seconds",
            detail=f"{fmt(in_mb)} MiB/s into a {fmt(buffer_size_mib)} MiB buffer with a 0 s interval",
            values={
                "flush_after_sec": 0,
                "trigger": "interval",
                "zero_buffering": True,
                "objects_per_hour": None,
                "objects_per_day": None,
                "avg_object_size_mb": None,
            },
            steps=steps,
            notes=notes,
            rules=used,
        )

    steps.append(f"Buffer interval: {fmt(buffer_interval_s)} s {int_max.cite()}")
    if fill < buffer_interval_s:
        trigger, flush = "size", fill
        steps.append(f"The size is reached first ({approx(fill)} s < {fmt(buffer_interval_s)} s): the buffer flushes on size")
    elif fill > buffer_interval_s:
        trigger, flush = "interval", buffer_interval_s
        steps.append(f"The interval passes first ({fmt(buffer_interval_s)} s < {approx(fill)} s): the buffer flushes on time")
    else:
        trigger, flush = "both", fill
        steps.append(f"Both conditions are met at the same moment ({fmt(fill)} s): a tie")
    per_hour = Fraction(3600) / flush
    per_day = Fraction(86400) / flush
    object_mb = in_mb * flush
    steps.append(f"Objects: 3,600 s / {approx(flush)} s = {approx(per_hour)} per hour, {approx(per_day)} per day")
    steps.append(f"Average object size: {fmt(in_mb)} MiB/s x {approx(flush)} s = {approx(object_mb)} MiB")

    if buffer_interval_s < legacy_min.value:
        used.append(legacy_min)
        notes.append(
            f"An interval below {fmt(legacy_min.value)} s is valid in the current API but not in the DAS-C01-era "
            f"documentation ({fmt(legacy_min.value)}-{fmt(int_max.value)} s) {legacy_min.cite()}"
        )
    notes.append("Buffer sizes and intervals are hints: Firehose may use other values when it is optimal.")
    if trigger == "size":
        traps.append("High throughput fills the buffer before the interval: raising the interval changes nothing here.")
    elif trigger == "interval":
        traps.append("Low throughput reaches the interval first: a bigger buffer size changes nothing here.")

    timeline = _timeline(flush, trigger, buffer_interval_s, object_mb)
    return CalcResult(
        calculator="firehose",
        headline=f"Flush every {approx(flush)} s on {trigger}",
        detail=(
            f"{fmt(in_mb)} MiB/s into a {fmt(buffer_size_mib)} MiB / {fmt(buffer_interval_s)} s buffer: "
            f"{approx(per_hour)} objects/hour of {approx(object_mb)} MiB"
        ),
        values={
            "flush_after_sec": to_json_number(flush),
            "trigger": trigger,
            "zero_buffering": False,
            "objects_per_hour": to_json_number(per_hour),
            "objects_per_day": to_json_number(per_day),
            "avg_object_size_mb": to_json_number(object_mb),
        },
        steps=steps,
        traps=traps,
        notes=notes,
        timeline=timeline,
        rules=used,
    )


def _timeline(flush: Fraction, trigger: str, interval: Fraction, object_mb: Fraction) -> list[str]:
    """A text picture of three flush cycles: the buffer fills (=) and flushes (|) to one S3 object."""
    cycles = 3
    span = flush * cycles
    bar = ""
    for n in range(1, cycles + 1):
        end = round(TIMELINE_WIDTH * n / cycles)
        bar += "=" * (end - len(bar) - 1) + "|"
    reason = {"size": "buffer full", "interval": "interval elapsed", "both": "full as the interval elapses"}[trigger]
    return [
        f"0 s {bar} {approx(span)} s",
        f"each '|' is a flush ({reason}): one S3 object of {approx(object_mb)} MiB every {approx(flush)} s",
    ]
