"""Kinesis Data Streams shard count for a provisioned stream.

A shard takes 1 MB/s and 1,000 records/s of writes and serves 2 MB/s of reads, shared by standard
consumers; an enhanced fan-out (EFO) consumer gets its own 2 MB/s per shard. The stream needs the
largest of the three requirements, rounded up, and at least one shard. The developer guide's sizing
formula rounds each record up to 1 KB; when that changes the count, both counts are shown.
Sources: https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html,
https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
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

# Order used to break ties between equally binding limits: the first listed is reported.
FACTORS = ("write-bandwidth", "write-records", "read-bandwidth")


@dataclass(frozen=True)
class Stream:
    in_mb: F  # write MB/s the count is sized on
    records: F | None = None
    consumers: int = 1
    out_mb: F | None = None
    efo: bool = False


@dataclass(frozen=True)
class Knobs:
    """The arithmetic; each non-default value is one classic mistake."""

    write_limit: str = "kinesis.shard_write_mb"
    records_limit: bool = True
    reads: bool = True
    efo: bool | None = None  # None: as asked
    round_down: bool = False
    shard_per_consumer: bool = False


def needs(s: Stream, k: Knobs = Knobs()) -> dict[str, F]:
    """The exact shards each limit needs: write-bandwidth, write-records, read-bandwidth."""
    efo = s.efo if k.efo is None else k.efo
    result = {"write-bandwidth": s.in_mb / rule(k.write_limit).value, "write-records": F(0), "read-bandwidth": F(0)}
    if s.records is not None and k.records_limit:
        result["write-records"] = s.records / rule("kinesis.shard_write_records").value
    if k.reads and s.consumers:
        if efo:
            per_consumer = s.out_mb / s.consumers if s.out_mb is not None else s.in_mb
            result["read-bandwidth"] = per_consumer / rule("kinesis.efo_read_mb").value
        else:
            total_out = s.out_mb if s.out_mb is not None else s.in_mb * s.consumers
            result["read-bandwidth"] = total_out / rule("kinesis.shard_read_mb").value
    return result


def shards(s: Stream, k: Knobs = Knobs()) -> int:
    """Shards the stream needs (at least 1), computed with the knobs given."""
    exact_needs = needs(s, k)
    count = math.floor(max(exact_needs.values())) if k.round_down else max(ceil(v) for v in exact_needs.values())
    return max(1, count) + (s.consumers if k.shard_per_consumer else 0)


def limiting(exact_needs: dict[str, F]) -> str:
    """The binding limit: largest rounded count, then largest exact need, then FACTORS order."""
    return max(FACTORS, key=lambda f: (ceil(exact_needs[f]), exact_needs[f], -FACTORS.index(f)))


def _shards(**knobs):
    return lambda s: shards(s, Knobs(**knobs))


MISTAKES = (
    Mistake("records-ignored", "ignoring the 1,000 records per second per shard limit", _shards(records_limit=False),
            applies=lambda s: s.records is not None, because="small records hit the records limit first"),
    Mistake("reads-ignored", "sizing on writes alone (ignoring the consumers)", _shards(reads=False),
            because="the reads need more shards here"),
    Mistake("efo-shared", "treating enhanced fan-out consumers as sharing 2 MB/s per shard", _shards(efo=False),
            applies=lambda s: s.efo),
    Mistake("one-consumer", lambda s: f"sizing reads for one consumer instead of {s.consumers}", _shards(efo=True),
            applies=lambda s: not s.efo and s.consumers > 1,
            because="standard consumers share the 2 MB/s of each shard"),
    Mistake("read-limit-for-writes", "using 2 MB/s per shard for writes (that is the read limit)",
            _shards(write_limit="kinesis.shard_read_mb")),
    Mistake("round-down", "rounding the shard count down", _shards(round_down=True)),
    Mistake("shard-per-consumer", "adding a shard per consumer", _shards(shard_per_consumer=True)),
)


def shards_unit(value: Any) -> str:
    """A shard count as printed in answers and traps: '1 shard', '4 shards'."""
    return plural(value, "shard")


def _validate(in_mb, records, record_size_kb, consumers, out_mb, efo) -> None:
    if consumers < 0:
        raise UsageError(f"--consumers must be at least 0, got {consumers}")
    max_efo = rule("kinesis.max_efo_consumers")
    if efo and consumers > max_efo.value:
        advantage = rule("kinesis.max_efo_consumers_advantage")
        raise UsageError(f"--consumers must be at most {num(max_efo.value)} with --efo (registered enhanced fan-out "
                         f"consumers per stream; On-demand Advantage streams allow {num(advantage.value)}), "
                         f"got {consumers}")
    for flag, value in (("--in-mb", in_mb), ("--records", records), ("--out-mb", out_mb)):
        if value is not None and value < 0:
            raise UsageError(f"{flag} must be at least 0, got {exact(value)}")
    if record_size_kb is not None and record_size_kb <= 0:
        raise UsageError(f"--record-size must be greater than 0 KB, got {exact(record_size_kb)}")
    largest = rule("kinesis.max_record_kb")
    if record_size_kb is not None and record_size_kb > largest.value:
        raise UsageError(f"--record-size must be at most {num(largest.value)} KB (10 MiB, the largest record a stream "
                         f"can be set to accept), got {exact(record_size_kb)}")
    if in_mb is not None and records is not None and record_size_kb is not None:
        kib = rule("kinesis.kb_per_mb").value
        raise UsageError(f"--in-mb {exact(in_mb)} and --records {exact(records)} x --record-size "
                         f"{exact(record_size_kb)} (= {num(records * record_size_kb / kib)} MB/s) both give the write "
                         "rate: give --in-mb, or --records with --record-size")
    if in_mb is None and (records is None or record_size_kb is None):
        raise UsageError("give --in-mb, or --records together with --record-size")


def _from_records(records: F, record_size_kb: F, steps: list[str]) -> F:
    """Write MB/s by the developer guide's formula: each record rounded up to whole KB, KiB / 1,024."""
    kib = rule("kinesis.kb_per_mb")
    rounded_kb = max(1, ceil(record_size_kb))
    if rounded_kb != record_size_kb:
        steps.append(f"Record size: {num(record_size_kb)} KB rounds up to {num(rounded_kb)} KB, as in the AWS sizing "
                     "formula (the real limit counts bytes, partition key included)")
    in_kb = records * rounded_kb
    steps.append(f"Write bandwidth: {plural(records, 'record')}/s x {num(rounded_kb)} KB = {num(in_kb)} KB/s = "
                 f"{num(in_kb / kib.value)} MB/s (KiB / {num(kib.value)}, as in the developer guide) {kib.cite()}")
    return in_kb / kib.value


def _write_steps(s: Stream, n: dict[str, F]) -> list[str]:
    write_mb, write_recs = rule("kinesis.shard_write_mb"), rule("kinesis.shard_write_records")
    steps = [f"Write bandwidth: {num(s.in_mb)} MB/s / {num(write_mb.value)} MB/s per shard = {num(n['write-bandwidth'])}"
             f" -> {shards_unit(ceil(n['write-bandwidth']))} {write_mb.cite()}"]
    if s.records is not None:
        steps.append(f"Write records: {plural(s.records, 'record')}/s / {num(write_recs.value)} records/s per shard = "
                     f"{num(n['write-records'])} -> {shards_unit(ceil(n['write-records']))} {write_recs.cite()}")
    return steps


def _read_steps(s: Stream, n: dict[str, F]) -> list[str]:
    need = n["read-bandwidth"]
    if s.efo:
        efo = rule("kinesis.efo_read_mb")
        per_consumer = s.out_mb / s.consumers if (s.out_mb is not None and s.consumers) else s.in_mb
        who = f"each of {s.consumers} consumers reads" if s.consumers != 1 else "the one consumer reads"
        return [f"Read bandwidth (enhanced fan-out): {who} "
                f"{num(per_consumer)} MB/s through its own {num(efo.value)} MB/s per shard = {num(need)} -> "
                f"{shards_unit(ceil(need))} {efo.cite()}"]
    read_mb = rule("kinesis.shard_read_mb")
    if s.out_mb is not None:
        total_out = s.out_mb
        first = f"Read bandwidth: {num(s.out_mb)} MB/s in total for all standard consumers (--out-mb)"
    else:
        total_out = s.in_mb * s.consumers
        first = (f"Read bandwidth: {num(s.in_mb)} MB/s x {plural(s.consumers, 'standard consumer')} = "
                 f"{num(total_out)} MB/s")
    return [first, f"Shared reads: {num(total_out)} MB/s / {num(read_mb.value)} MB/s per shard = {num(need)} -> "
                   f"{shards_unit(ceil(need))} {read_mb.cite()}"]


def _notes(s: Stream, notes: list[str]) -> list[str]:
    if s.records is None:
        notes.append(f"No --records given: the {num(rule('kinesis.shard_write_records').value)} records/s per shard "
                     "limit was not checked.")
    if not s.efo and s.consumers > 1:
        tps = rule("kinesis.shard_read_tps")
        notes.append(f"{plural(s.consumers, 'standard consumer')} share {num(tps.value)} GetRecords calls/s per shard "
                     f"({num(tps.value / s.consumers)} each); for several low-latency consumers, enhanced fan-out "
                     f"(--efo) gives each its own {num(rule('kinesis.efo_read_mb').value)} MB/s {tps.cite()}")
    return notes


def _other_sizing(s: Stream, count: int, real_mb: F | None, records: F | None) -> tuple[dict, list[str]]:
    """The shard count by the records' real size and by the sizing formula (each record rounded up to 1 KB)."""
    if records is None or not records:
        return {"shards_real_size": None, "shards_sizing_formula": None}, []
    kib = rule("kinesis.kb_per_mb").value
    if real_mb is not None:  # sized by the formula; compare with the real size
        real = shards(replace(s, in_mb=real_mb))
        values = {"shards_real_size": real, "shards_sizing_formula": count}
        text = (f"With the records' real size the write bandwidth is {num(real_mb)} MB/s and the stream needs "
                f"{shards_unit(real)}; the sizing formula's {shards_unit(count)} is the cautious answer, since the "
                "real limit counts actual bytes (data plus partition key).")
        return values, ([text] if real != count else [])
    average_kb = s.in_mb * kib / records
    formula = shards(replace(s, in_mb=records * max(1, ceil(average_kb)) / kib))
    values = {"shards_real_size": count, "shards_sizing_formula": formula}
    text = (f"The average record is {num(average_kb)} KB; AWS's sizing formula rounds each record up to "
            f"{num(max(1, ceil(average_kb)))} KB and would give {shards_unit(formula)}; {shards_unit(count)} "
            "uses the real bandwidth (--records with --record-size sizes by the formula and shows both).")
    return values, ([text] if formula != count else [])


def _record_warnings(record_size_kb: F | None) -> list[str]:
    """A warning when the records are larger than a stream accepts by default (1 MiB)."""
    default = rule("kinesis.max_record_kb_default")
    if record_size_kb is None or record_size_kb <= default.value:
        return []
    return [f"Records of {num(record_size_kb)} KB are over the default maximum record size ({num(default.value)} KB, "
            "1 MiB): the stream's maximum record size must be raised (up to 10 MiB), and large records are meant to "
            f"be occasional, not the average {default.cite()}"]


def required_shards(in_mb: F | None = None, records: F | None = None, record_size_kb: F | None = None,
                    consumers: int = 1, out_mb: F | None = None, efo: bool = False) -> CalcResult:
    """Shards for a write rate (MB/s, or records/s x record size) and its consumers: keys shards,
    limiting_factor, write_bandwidth_shards, write_records_shards, read_bandwidth_shards, shards_real_size,
    shards_sizing_formula. UsageError for negative values or contradictory flags."""
    _validate(in_mb, records, record_size_kb, consumers, out_mb, efo)
    steps: list[str] = []
    notes = ["--record-size was ignored because --in-mb gives the write bandwidth directly."] if (
        in_mb is not None and record_size_kb is not None) else []
    real_mb = None
    if in_mb is None:
        assert records is not None and record_size_kb is not None  # _validate requires them without --in-mb
        in_mb = _from_records(records, record_size_kb, steps)
        real_mb = records * record_size_kb / rule("kinesis.kb_per_mb").value
    s = Stream(in_mb, records, consumers, out_mb, efo)
    n = needs(s)
    count, limit = shards(s), limiting(n)
    counts = [ceil(n[f]) for f in FACTORS]
    steps += _write_steps(s, n) + _read_steps(s, n)
    if max(counts) == 0:
        steps.append("No traffic: a stream still needs at least 1 shard")
    checked = [f"{num(c)} for {f.replace('-', ' ')}" for f, c in zip(FACTORS, counts)
               if f != "write-records" or records is not None]
    steps.append(f"Shards: max({', '.join(checked)}) = {num(count)}, limited by {limit.replace('-', ' ')}")
    other, other_notes = _other_sizing(s, count, real_mb, records)
    used = ["kinesis.shard_write_mb", "kinesis.shard_write_records"] + (["kinesis.kb_per_mb"] if real_mb is not None
                                                                        else [])
    used += ["kinesis.efo_read_mb"] if efo else ["kinesis.shard_read_mb"] + (
        ["kinesis.shard_read_tps"] if consumers > 1 else [])
    used += ["kinesis.max_record_kb_default"] if _record_warnings(record_size_kb) else []
    result = CalcResult(
        calculator="shards", headline=f"{shards_unit(count)} (limited by {limit.replace('-', ' ')})",
        detail=(f"{num(in_mb)} MB/s in" + (f", {plural(records, 'record')}/s" if records is not None else "")
                + f", {plural(consumers, 'enhanced fan-out consumer' if efo else 'standard consumer')}"),
        values={"shards": count, "limiting_factor": limit, "write_bandwidth_shards": counts[0],
                "write_records_shards": counts[1], "read_bandwidth_shards": counts[2], "in_mb": json_number(in_mb),
                "efo": efo, **other},
        steps=steps, notes=other_notes + _notes(s, notes), rules=[rule(r) for r in used], answer=count,
        warnings=_record_warnings(record_size_kb))
    result.add_traps(wrong_answers(MISTAKES, s, count, shards_unit), shards_unit)
    return result


def run(in_mb: F | None, records: F | None, record_size: F | None, consumers: int, out_mb: F | None,
        efo: bool) -> CalcResult:
    """`das calc shards`: the flags as parsed by das.calc.flags."""
    return required_shards(in_mb, records, record_size, consumers, out_mb, efo)


def drill_shards(rng: random.Random) -> DrillCase:
    """A write rate, maybe a record rate, and standard or enhanced fan-out consumers."""
    in_mb = F(rng.choice(["0.5", "1.5", "2", "3", "4.5", "6", "7.5", "9"]))
    records = rng.choice([None, 800, 2500, 4600, 6000, 9000, 12000])
    consumers = rng.choice([1, 2, 3, 4, 5])
    efo = rng.random() < 0.3
    s = Stream(in_mb, None if records is None else F(records), consumers, None, efo)
    result = required_shards(in_mb, s.records, None, consumers, None, efo)
    rec_text = f" in {records:,} records per second" if records else ""
    cons = (f"{plural(consumers, 'consumer application')} registered for enhanced fan-out"
            if efo else f"{plural(consumers, 'standard (polling) consumer application')}")
    stem = (f"Producers write {num(in_mb)} MB per second{rec_text} to a provisioned Amazon Kinesis data stream. "
            f"The stream has {cons}, {'each ' if consumers != 1 else ''}reading all of the data. What is the MINIMUM number of shards?")
    return DrillCase("shards", [num(in_mb), records or 0, consumers, int(efo)], stem, result.answer, shards_unit,
                     wrong_answers(MISTAKES, s, result.answer, shards_unit), result.steps, "kinesis-data-streams",
                     "collection", "ingestion", "kinesis-data-streams#capacity", rule("kinesis.shard_write_mb").source)


DRILLS = {"shards": drill_shards}
