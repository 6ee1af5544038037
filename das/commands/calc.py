"""`das calc ...`: capacity calculators that show their worked steps."""

from __future__ import annotations

from enum import Enum
from typing import Optional

import typer

from das.numbers import parse_number

app = typer.Typer(
    help="Capacity calculators (DynamoDB WCU/RCU, Kinesis shards, Firehose buffering, S3 prefixes).",
    no_args_is_help=True,
)

JSON_HELP = "Print one JSON object (the answer, its values and the steps) instead of text."


class Per(str, Enum):
    second = "second"
    minute = "minute"


class Consistency(str, Enum):
    strong = "strong"
    eventual = "eventual"
    transactional = "transactional"


def _show(result, as_json: bool) -> None:
    from das.ui import calc_view

    if as_json:
        calc_view.print_json(result)
    else:
        calc_view.print_result(result)


def _optional(flag: str, text: Optional[str], **limits):
    return None if text is None else parse_number(flag, text, **limits)


@app.command("wcu")
def wcu(
    items: str = typer.Option(..., "--items", help="Items written per second (or per minute with --per minute)."),
    size: str = typer.Option(..., "--size", help="Item size in KB (1 KB = 1,024 bytes), at most 400."),
    per: Per = typer.Option(Per.second, "--per", help="Whether --items is per second or per minute."),
    transactional: bool = typer.Option(False, "--transactional", help="Transactional writes (cost x2)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """DynamoDB write capacity units for a write rate and item size."""
    from das.calc.dynamodb import required_wcu

    result = required_wcu(
        parse_number("--items", items), parse_number("--size", size), per.value, transactional
    )
    _show(result, as_json)


@app.command("rcu")
def rcu(
    items: str = typer.Option(..., "--items", help="Items read per second (or per minute with --per minute)."),
    size: str = typer.Option(..., "--size", help="Item size in KB (1 KB = 1,024 bytes), at most 400."),
    per: Per = typer.Option(Per.second, "--per", help="Whether --items is per second or per minute."),
    consistency: Consistency = typer.Option(
        Consistency.eventual, "--consistency", help="Read consistency; DynamoDB's default is eventual."
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """DynamoDB read capacity units for a read rate, item size and consistency."""
    from das.calc.dynamodb import required_rcu

    result = required_rcu(
        parse_number("--items", items), parse_number("--size", size), per.value, consistency.value
    )
    _show(result, as_json)


@app.command("shards")
def shards(
    in_mb: Optional[str] = typer.Option(None, "--in-mb", help="Incoming data in MB/s."),
    records: Optional[str] = typer.Option(None, "--records", help="Incoming records per second."),
    record_size: Optional[str] = typer.Option(
        None, "--record-size", help="Average record size in KB (with --records, instead of --in-mb)."
    ),
    consumers: str = typer.Option("1", "--consumers", help="Number of consumer applications reading everything."),
    out_mb: Optional[str] = typer.Option(None, "--out-mb", help="Total outgoing MB/s (default: in x consumers)."),
    efo: bool = typer.Option(False, "--efo", help="Consumers use enhanced fan-out (2 MB/s each per shard)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Kinesis Data Streams shards for a write rate and its consumers."""
    from das.calc.kinesis import required_shards

    result = required_shards(
        in_mb=_optional("--in-mb", in_mb),
        records=_optional("--records", records),
        record_size_kb=_optional("--record-size", record_size, exclusive_minimum=True),
        consumers=int(parse_number("--consumers", consumers, integer=True)),
        out_mb=_optional("--out-mb", out_mb),
        efo=efo,
    )
    _show(result, as_json)


@app.command("firehose")
def firehose(
    in_mb: str = typer.Option(..., "--in-mb", help="Incoming data in MiB/s (above 0)."),
    buffer_size: str = typer.Option(..., "--buffer-size", help="Buffer size hint in MiB (1-128)."),
    buffer_interval: str = typer.Option(..., "--buffer-interval", help="Buffer interval hint in seconds (0-900)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Amazon Data Firehose buffering to S3: flush time, trigger and objects per hour."""
    from das.calc.firehose import buffering

    result = buffering(
        parse_number("--in-mb", in_mb, exclusive_minimum=True),
        parse_number("--buffer-size", buffer_size),
        parse_number("--buffer-interval", buffer_interval),
    )
    _show(result, as_json)


@app.command("s3")
def s3(
    reads: Optional[str] = typer.Option(None, "--reads", help="GET/HEAD requests per second."),
    writes: Optional[str] = typer.Option(None, "--writes", help="PUT/COPY/POST/DELETE requests per second."),
    prefixes: Optional[str] = typer.Option(
        None, "--prefixes", help="Instead: print the request rates this many prefixes sustain."
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """S3 partitioned prefixes for a request rate, or the rates P prefixes sustain."""
    from das.calc import s3 as s3calc
    from das.errors import UsageError

    if prefixes is not None:
        if reads is not None or writes is not None:
            raise UsageError("use --prefixes alone, or --reads/--writes to size prefixes, not both")
        result = s3calc.prefix_capacity(int(parse_number("--prefixes", prefixes, minimum=1, integer=True)))
    else:
        result = s3calc.required_prefixes(_optional("--reads", reads), _optional("--writes", writes))
    _show(result, as_json)
