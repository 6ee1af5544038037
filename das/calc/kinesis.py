"""Kinesis Data Streams shard count for a provisioned stream.

A shard takes 1 MB/s and 1,000 records/s of writes and serves 2 MB/s of reads, shared by standard
consumers; an enhanced fan-out (EFO) consumer gets its own 2 MB/s per shard. The stream needs the
largest of the three requirements, rounded up, and at least one shard.
"""

from __future__ import annotations

from fractions import Fraction

from das.calc.result import CalcResult
from das.errors import UsageError
from das.numbers import ceil, fmt, to_json_number
from das.content.rules import rule

# Order used to break ties between equally binding limits: the first listed is reported.
FACTORS = ("write-bandwidth", "write-records", "read-bandwidth")


def required_shards(
    in_mb: Fraction | None = None,
    records: Fraction | None = None,
    record_size_kb: Fraction | None = None,
    consumers: int = 1,
    out_mb: Fraction | None = None,
    efo: bool = False,
) -> CalcResult:
    """Shards needed for a write rate (MB/s, or records/s x record size) and its consumers."""
    write_mb = rule("kinesis.shard_write_mb")
    write_recs = rule("kinesis.shard_write_records")
    read_mb = rule("kinesis.shard_read_mb")
    used = [write_mb, write_recs]
    steps: list[str] = []
    notes: list[str] = []
    traps: list[str] = []

    if consumers < 0:
        raise UsageError(f"--consumers must be at least 0, got {consumers}")
    if efo:
        max_efo = rule("kinesis.max_efo_consumers")
        if consumers > max_efo.value:
            raise UsageError(
                f"--consumers must be at most {fmt(max_efo.value)} with --efo (registered enhanced fan-out "
                f"consumers per stream; On-demand Advantage streams allow 50), got {consumers}"
            )
    for flag, value in (("--in-mb", in_mb), ("--records", records), ("--out-mb", out_mb)):
        if value is not None and value < 0:
            raise UsageError(f"{flag} must be at least 0, got {fmt(value)}")
    if record_size_kb is not None and record_size_kb <= 0:
        raise UsageError(f"--record-size must be greater than 0 KB, got {fmt(record_size_kb)}")

    if in_mb is None:
        if records is None or record_size_kb is None:
            raise UsageError("give --in-mb, or --records together with --record-size")
        kib = rule("kinesis.kb_per_mb")
        used.append(kib)
        rounded_kb = max(1, ceil(record_size_kb))
        if rounded_kb != record_size_kb:
            steps.append(
                f"Record size: {fmt(record_size_kb)} KB rounds up to {rounded_kb} KB, as in the AWS sizing "
                "formula (the real limit counts bytes, partition key included)"
            )
        in_kb = records * rounded_kb
        in_mb = in_kb / kib.value
        steps.append(
            f"Write bandwidth: {fmt(records)} records/s x {rounded_kb} KB = {fmt(in_kb)} KB/s "
            f"= {fmt(in_mb)} MB/s (KiB / {fmt(kib.value)}, as in the developer guide) {kib.cite()}"
        )
    elif record_size_kb is not None:
        notes.append("--record-size was ignored because --in-mb gives the write bandwidth directly.")

    need_bw = in_mb / write_mb.value
    shards_bw = ceil(need_bw)
    steps.append(
        f"Write bandwidth: {fmt(in_mb)} MB/s / {fmt(write_mb.value)} MB/s per shard = {fmt(need_bw)} "
        f"-> {shards_bw} shard(s) {write_mb.cite()}"
    )
    shards_recs = 0
    need_recs = Fraction(0)
    if records is not None:
        need_recs = records / write_recs.value
        shards_recs = ceil(need_recs)
        steps.append(
            f"Write records: {fmt(records)} records/s / {fmt(write_recs.value)} records/s per shard = "
            f"{fmt(need_recs)} -> {shards_recs} shard(s) {write_recs.cite()}"
        )
    else:
        notes.append(f"No --records given: the {fmt(write_recs.value)} records/s per shard limit was not checked.")

    if efo:
        efo_rule = rule("kinesis.efo_read_mb")
        used.append(efo_rule)
        per_consumer = out_mb / consumers if (out_mb is not None and consumers) else in_mb
        need_read = per_consumer / efo_rule.value if consumers else Fraction(0)
        shards_read = ceil(need_read)
        steps.append(
            f"Read bandwidth (enhanced fan-out): each of {consumers} consumer(s) reads {fmt(per_consumer)} MB/s "
            f"through its own {fmt(efo_rule.value)} MB/s per shard = {fmt(need_read)} -> {shards_read} shard(s) "
            f"{efo_rule.cite()}"
        )
    else:
        used.append(read_mb)
        if out_mb is not None:
            total_out = out_mb
            steps.append(f"Read bandwidth: {fmt(out_mb)} MB/s in total for all standard consumers (--out-mb)")
        else:
            total_out = in_mb * consumers
            steps.append(
                f"Read bandwidth: {fmt(in_mb)} MB/s x {consumers} standard consumer(s) = {fmt(total_out)} MB/s"
            )
        need_read = total_out / read_mb.value
        shards_read = ceil(need_read)
        steps.append(
            f"Shared reads: {fmt(total_out)} MB/s / {fmt(read_mb.value)} MB/s per shard = {fmt(need_read)} "
            f"-> {shards_read} shard(s) {read_mb.cite()}"
        )
        tps = rule("kinesis.shard_read_tps")
        if consumers > 1:
            used.append(tps)
            share = tps.value / consumers
            notes.append(
                f"{consumers} standard consumers share {fmt(tps.value)} GetRecords calls/s per shard "
                f"({fmt(share)} each); for several low-latency consumers, enhanced fan-out (--efo) gives each "
                f"its own {fmt(rule('kinesis.efo_read_mb').value)} MB/s {tps.cite()}"
            )
        if out_mb is None and consumers > 1 and ceil(in_mb / read_mb.value) != shards_read:
            traps.append(
                f"Sizing reads for one consumer instead of {consumers} gives {ceil(in_mb / read_mb.value)} "
                f"read shard(s): standard consumers share the {fmt(read_mb.value)} MB/s."
            )

    needs = {"write-bandwidth": (shards_bw, need_bw), "write-records": (shards_recs, need_recs),
             "read-bandwidth": (shards_read, need_read)}
    shards = max(1, shards_bw, shards_recs, shards_read)
    # The binding limit: largest rounded count, then largest exact need, then FACTORS order.
    limiting = max(FACTORS, key=lambda f: (needs[f][0], needs[f][1], -FACTORS.index(f)))
    if max(shards_bw, shards_recs, shards_read) == 0:
        steps.append("No traffic: a stream still needs at least 1 shard")
    steps.append(
        f"Shards: max({shards_bw}, {shards_recs}, {shards_read}) = {shards}, limited by {limiting.replace('-', ' ')}"
    )
    if records is not None and shards_recs > shards_bw and shards_recs >= shards_read:
        traps.append(
            f"Sizing on bandwidth alone gives {max(1, shards_bw, shards_read)} shard(s): small records hit the "
            f"{fmt(write_recs.value)} records/s limit first."
        )
    if not efo and shards_read > shards_bw:
        traps.append(
            f"Sizing on writes alone gives {max(1, shards_bw, shards_recs)} shard(s): reads need more here."
        )
    return CalcResult(
        calculator="shards",
        headline=f"{shards} shard{'s' if shards != 1 else ''} (limited by {limiting.replace('-', ' ')})",
        detail=(
            f"{fmt(in_mb)} MB/s in"
            + (f", {fmt(records)} records/s" if records is not None else "")
            + f", {consumers} {'enhanced fan-out' if efo else 'standard'} consumer(s)"
        ),
        values={
            "shards": shards,
            "limiting_factor": limiting,
            "write_bandwidth_shards": shards_bw,
            "write_records_shards": shards_recs,
            "read_bandwidth_shards": shards_read,
            "in_mb": to_json_number(in_mb),
            "efo": efo,
        },
        steps=steps,
        traps=traps,
        notes=notes,
        rules=used,
    )
