"""Generated calculation drills: numeric exam questions whose wrong options are classic mistakes.

Each drill runs the real calculator for the right answer and re-runs the arithmetic with one mistake
for each distractor (not rounding the item size, the wrong unit, forgetting the per-minute division,
ignoring the 1,000 records/s limit, ...). The explanation is the calculator's worked steps.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction as F
from typing import Callable

from das.content.bank import Question
from das.calc.dynamodb import required_rcu, required_wcu
from das.calc.firehose import buffering
from das.calc.kinesis import required_shards
from das.calc.s3 import required_prefixes
from das.numbers import ceil, fmt
from das.content.rules import rule

KINDS = ("wcu", "rcu", "shards", "firehose", "s3")
Mistake = tuple[str, object]  # (what the mistake is, the value it gives)


def _options(correct: object, mistakes: list[Mistake], rng: random.Random, unit: Callable[[object], str]):
    """Four options: the answer and three distinct wrong values, each tied to its mistake."""
    seen = {correct}
    distractors = []
    for why, value in mistakes:
        if value not in seen and (not isinstance(value, (int, F)) or value > 0):
            seen.add(value)
            distractors.append((why, value))
    if len(distractors) < 3:
        return None
    rng.shuffle(distractors)
    distractors = distractors[:3]
    entries = [(None, correct)] + distractors
    rng.shuffle(entries)
    options, explanations, answer = {}, {}, []
    for letter, (why, value) in zip("abcd", entries):
        options[letter] = unit(value)
        if why is None:
            answer.append(letter)
        else:
            explanations[letter] = f"Wrong: {unit(value)} is what you get by {why}."
    return options, explanations, answer


def _question(kind, params, topic, das_domain, dea_domain, stem, built, steps, read_next, source) -> Question:
    options, explanations, answer = built
    right = answer[0]
    explanations[right] = "Right. " + " ".join(f"({n}) {s}" for n, s in enumerate(steps, 1))
    return Question(
        id=f"drill-{kind}-" + "-".join(str(p).replace(".", "_").replace("/", "_") for p in params),
        topic=topic, type="single", difficulty="medium", das_domain=das_domain, dea_domain=dea_domain,
        stem=stem, options=options, answer=tuple(answer), explanations=explanations, read_next=read_next,
        source=source,
    )


def _wcu(rng: random.Random) -> Question | None:
    per = rng.choice(["second", "second", "minute"])
    items = rng.choice([6, 8, 10, 12, 15, 20, 25, 40, 50]) * (rng.choice([6, 12, 30, 45]) if per == "minute" else 1)
    size = F(rng.choice(["0.5", "1.5", "2", "2.5", "3", "3.5", "4.5", "5", "6.5", "7", "9", "12.5"]))
    tx = rng.random() < 0.25
    result = required_wcu(F(items), size, per, tx)
    correct = result.values["wcu"]
    rate = F(items) / 60 if per == "minute" else F(items)
    write_kb, read_kb = rule("dynamodb.wcu_item_kb").value, rule("dynamodb.rcu_item_kb").value
    double = rule("dynamodb.transactional_factor").value
    units = max(1, ceil(size / write_kb))
    factor = double if tx else 1
    mistakes: list[Mistake] = [
        ("not rounding the item size up to a whole KB", ceil(rate * size / write_kb * factor)),
        ("using the 4 KB read unit for writes", ceil(rate * max(1, ceil(size / read_kb)) * factor)),
        ("rounding down at the end instead of up", math.floor(rate * units * factor)),
    ]
    if per == "minute":
        mistakes.append(("treating the per-minute count as a per-second rate", ceil(F(items) * units * factor)))
        mistakes.append(("rounding the per-second rate up before multiplying", ceil(rate) * units * factor))
    mistakes.append(("forgetting that transactional writes cost double", ceil(rate * units)) if tx
                    else ("doubling as if the writes were transactional", ceil(rate * units * double)))
    built = _options(correct, mistakes, rng, lambda v: f"{fmt(v)} WCU")
    if built is None:
        return None
    kind_text = "transactional writes (TransactWriteItems)" if tx else "standard writes"
    stem = (f"An application performs {items:,} {kind_text} per {per} to an Amazon DynamoDB table in provisioned "
            f"capacity mode. Each item is {fmt(size)} KB. How many write capacity units (WCU) must the table "
            "provision, at a minimum, to avoid throttling?")
    return _question("wcu", [items, per, fmt(size), int(tx)], "dynamodb", "storage", "store", stem, built,
                     result.steps, "dynamodb#capacity-units", rule("dynamodb.wcu_item_kb").source)


def _rcu(rng: random.Random) -> Question | None:
    per = rng.choice(["second", "second", "minute"])
    items = rng.choice([5, 10, 15, 16, 20, 25, 30, 45, 80]) * (rng.choice([6, 12, 60]) if per == "minute" else 1)
    size = F(rng.choice(["1", "2.5", "3", "4", "5", "5.5", "6", "7", "8", "9", "12", "14", "20"]))
    consistency = rng.choice(["strong", "eventual", "eventual", "transactional"])
    result = required_rcu(F(items), size, per, consistency)
    correct = result.values["rcu"]
    rate = F(items) / 60 if per == "minute" else F(items)
    write_kb, read_kb = rule("dynamodb.wcu_item_kb").value, rule("dynamodb.rcu_item_kb").value
    half, double = rule("dynamodb.eventual_read_factor").value, rule("dynamodb.transactional_factor").value
    units = max(1, ceil(size / read_kb))
    factor = {"strong": F(1), "eventual": half, "transactional": double}[consistency]
    mistakes: list[Mistake] = [
        ("not rounding the item size up to a multiple of 4 KB", ceil(rate * size / read_kb * factor)),
        ("using the 1 KB write unit for reads", ceil(rate * max(1, ceil(size / write_kb)) * factor)),
        ("rounding down at the end instead of up", math.floor(rate * units * factor)),
    ]
    if consistency == "eventual":
        mistakes.append(("forgetting that eventually consistent reads cost half", ceil(rate * units)))
        mistakes.append(("dividing the size by 8 KB without first rounding it to 4 KB",
                         ceil(rate * max(1, ceil(size / (read_kb / half))))))
    elif consistency == "strong":
        mistakes.append(("halving as if the reads were eventually consistent", ceil(rate * units * half)))
        mistakes.append(("doubling as if the reads were transactional", ceil(rate * units * double)))
    else:
        mistakes.append(("forgetting that transactional reads cost double", ceil(rate * units)))
    if per == "minute":
        mistakes.append(("treating the per-minute count as a per-second rate", ceil(F(items) * units * factor)))
    built = _options(correct, mistakes, rng, lambda v: f"{fmt(v)} RCU")
    if built is None:
        return None
    words = {"strong": "strongly consistent reads", "eventual": "eventually consistent reads",
             "transactional": "transactional reads (TransactGetItems)"}[consistency]
    stem = (f"A reporting service performs {items:,} {words} per {per} of items that are {fmt(size)} KB each from "
            "an Amazon DynamoDB table in provisioned capacity mode. How many read capacity units (RCU) does the "
            "table need, at a minimum?")
    return _question("rcu", [items, per, fmt(size), consistency], "dynamodb", "storage", "store", stem, built,
                     result.steps, "dynamodb#capacity-units", rule("dynamodb.rcu_item_kb").source)


def _shards(rng: random.Random) -> Question | None:
    in_mb = F(rng.choice(["0.5", "1.5", "2", "3", "4.5", "6", "7.5", "9"]))
    records = rng.choice([None, 800, 2500, 4600, 6000, 9000, 12000])
    consumers = rng.choice([1, 2, 3, 4, 5])
    efo = rng.random() < 0.3
    result = required_shards(in_mb=in_mb, records=None if records is None else F(records), consumers=consumers, efo=efo)
    correct = result.values["shards"]
    recs = None if records is None else F(records)
    write_mb, read_mb = rule("kinesis.shard_write_mb").value, rule("kinesis.shard_read_mb").value
    per_shard_records = rule("kinesis.shard_write_records").value
    mistakes: list[Mistake] = [
        (f"using {fmt(read_mb)} MB/s per shard for writes (that is the read limit)",
         max(1, ceil(in_mb / read_mb), ceil((recs or 0) / per_shard_records), result.values["read_bandwidth_shards"])),
        ("ignoring the read side (consumers)", max(1, result.values["write_bandwidth_shards"], result.values["write_records_shards"])),
        ("rounding the shard count down", max(1, math.floor(max(in_mb / write_mb, (recs or 0) / per_shard_records)))),
    ]
    if recs is not None:
        mistakes.append((f"ignoring the {fmt(per_shard_records)} records per second per shard limit",
                         required_shards(in_mb=in_mb, consumers=consumers, efo=efo).values["shards"]))
    if efo:
        mistakes.append((f"treating enhanced fan-out consumers as sharing {fmt(read_mb)} MB/s per shard",
                         required_shards(in_mb=in_mb, records=recs, consumers=consumers).values["shards"]))
    elif consumers > 1:
        mistakes.append((f"sizing reads as if each consumer had its own {fmt(read_mb)} MB/s (enhanced fan-out)",
                         required_shards(in_mb=in_mb, records=recs, consumers=consumers, efo=True).values["shards"]))
    mistakes.append(("adding a shard per consumer", correct + consumers))
    built = _options(correct, mistakes, rng, lambda v: f"{fmt(v)} shard{'s' if v != 1 else ''}")
    if built is None:
        return None
    rec_text = f" in {records:,} records per second" if records else ""
    cons = (f"{consumers} consumer application{'s' if consumers > 1 else ''} registered for enhanced fan-out"
            if efo else f"{consumers} standard (polling) consumer application{'s' if consumers > 1 else ''}")
    stem = (f"Producers write {fmt(in_mb)} MB per second{rec_text} to a provisioned Amazon Kinesis data stream. "
            f"The stream has {cons}, each reading all of the data. What is the MINIMUM number of shards?")
    return _question("shards", [fmt(in_mb), records or 0, consumers, int(efo)], "kinesis-data-streams", "collection",
                     "ingestion", stem, built, result.steps, "kinesis-data-streams#capacity",
                     rule("kinesis.shard_write_mb").source)


def _firehose(rng: random.Random) -> Question | None:
    in_mb = F(rng.choice(["0.05", "0.1", "0.25", "0.5", "1", "2", "4"]))
    size = F(rng.choice([1, 5, 10, 32, 64, 128]))
    interval = F(rng.choice([60, 120, 300, 600, 900]))
    result = buffering(in_mb, size, interval)
    correct = F(result.values["flush_after_sec"]) if isinstance(result.values["flush_after_sec"], int) else size / in_mb
    fill = size / in_mb
    mistakes: list[Mistake] = [
        ("ignoring the buffer size and using only the interval", interval),
        ("ignoring the interval and using only the time to fill the buffer", fill),
        ("waiting for both conditions instead of the first", max(fill, interval)),
        ("assuming the default 300 s interval", min(fill, rule("firehose.buffer_interval_default_s").value)),
        ("assuming the default 5 MiB buffer", min(rule("firehose.buffer_size_default_mib").value / in_mb, interval)),
    ]
    built = _options(correct, mistakes, rng, lambda v: f"About every {fmt(v, 1)} seconds")
    if built is None:
        return None
    stem = (f"An Amazon Data Firehose stream receives a steady {fmt(in_mb)} MiB per second and delivers to Amazon "
            f"S3 with a buffer size of {fmt(size)} MiB and a buffer interval of {fmt(interval)} seconds. How often "
            "does Firehose write an object to S3?")
    return _question("firehose", [fmt(in_mb), fmt(size), fmt(interval)], "firehose", "collection", "ingestion", stem,
                     built, result.steps, "firehose#buffering", rule("firehose.buffer_interval_max_s").source)


def _s3(rng: random.Random) -> Question | None:
    writes = F(rng.choice([0, 500 * rng.randrange(2, 60)]))
    reads = F(rng.choice([0, 1000 * rng.randrange(3, 90)]))
    if not writes and not reads:
        writes = F(8000)
    result = required_prefixes(reads, writes)
    correct = result.values["prefixes"]
    w_rule, r_rule = rule("s3.prefix_write_rps").value, rule("s3.prefix_read_rps").value
    mistakes: list[Mistake] = [
        (f"using the {fmt(r_rule)} GET/HEAD figure for writes too", max(1, ceil(writes / r_rule), ceil(reads / r_rule))),
        (f"using the {fmt(w_rule)} PUT figure for reads too", max(1, ceil(writes / w_rule), ceil(reads / w_rule))),
        ("adding reads and writes into one shared budget", max(1, ceil(writes / w_rule + reads / r_rule))),
        ("rounding down instead of up", max(1, math.floor(max(writes / w_rule, reads / r_rule)))),
        ("adding the prefix counts for reads and writes", max(1, ceil(writes / w_rule) + ceil(reads / r_rule))),
    ]
    built = _options(correct, mistakes, rng, lambda v: f"{fmt(v)} prefix{'es' if v != 1 else ''}")
    if built is None:
        return None
    stem = (f"An application sends {fmt(writes)} PUT requests and {fmt(reads)} GET requests per second to one "
            "Amazon S3 bucket. Objects can be spread across prefixes freely. What is the MINIMUM number of "
            "partitioned prefixes that sustains this load at the documented per-prefix rates?")
    return _question("s3", [int(writes), int(reads)], "s3", "storage", "store", stem, built, result.steps,
                     "s3#performance", rule("s3.prefix_write_rps").source)


MAKERS = {"wcu": _wcu, "rcu": _rcu, "shards": _shards, "firehose": _firehose, "s3": _s3}


def make_drills(kind: str | None, count: int, seed: int | None) -> list[Question]:
    """`count` drills of one kind (or a mix), reproducible for a given seed, no repeats in a session."""
    rng = random.Random(seed)
    drills: list[Question] = []
    seen: set[str] = set()
    attempts = 0
    while len(drills) < count and attempts < count * 200:
        attempts += 1
        maker = MAKERS[kind or rng.choice(KINDS)]
        question = maker(rng)
        if question is not None and question.id not in seen:
            seen.add(question.id)
            drills.append(question)
    return drills
