"""The calculators das has, in one place: each one's flags, help, rules, drills and README row.

`das calc` builds its subcommands from this table, `das drill` its kinds, and the tests check that every
entry has help, rules that exist, a drill for each kind and a row in README.md. Adding a calculator is
one module (with `run(**flags) -> CalcResult` and `DRILLS`) plus one entry here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

# Flag kinds: number (>= 0), positive (> 0), integer (whole, >= 0), choice, switch, file (JSON text from a
# path or "-" for stdin; the command reads it), sizes (comma-separated numbers >= 0).
FLAG_KINDS = ("number", "positive", "integer", "choice", "switch", "file", "sizes")


@dataclass(frozen=True)
class Flag:
    name: str  # "--items"
    help: str
    kind: str = "number"
    default: Any = None  # a text default ("1") is parsed like user input; None means not given
    choices: tuple[str, ...] = ()
    metavar: str = ""
    required: bool = False

    @property
    def param(self) -> str:
        """The keyword the calculator's run() takes: --in-mb -> in_mb."""
        return self.name.lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class Calculator:
    id: str
    module: str  # das.calc.<module>, imported only when the calculator runs
    summary: str  # one line: `das calc --help` and the command's help
    usage: str  # the README table row's command cell
    flags: tuple[Flag, ...]
    rules: tuple[str, ...]  # every content rule id the calculator may cite
    drills: tuple[str, ...]  # drill kinds; the module's DRILLS maps each to a maker

    def load(self) -> ModuleType:
        """The calculator's module (das.calc.<module>, with `run(**flags)` and `DRILLS`), imported now and
        not before."""
        return importlib.import_module(f"das.calc.{self.module}")


PER = Flag("--per", "Whether --items is per second or per minute.", "choice", "second", ("second", "minute"))
ITEM = Flag("--item", "Size the item from a JSON file ('-' reads stdin), in place of --size.", "file", metavar="FILE")
DDB_JSON = Flag("--dynamodb-json", "The --item file is DynamoDB JSON ({\"S\": ...}, {\"N\": ...}).", "switch", False)
SIZE = Flag("--size", "Item size in KB (1 KB = 1,024 bytes), at most 400.", metavar="KB")
DDB_RULES = ("dynamodb.wcu_item_kb", "dynamodb.rcu_item_kb", "dynamodb.eventual_read_factor",
             "dynamodb.transactional_factor", "dynamodb.max_item_kb", "dynamodb.bytes_per_kb")
SIZE_RULES = ("dynamodb.bytes_per_kb", "dynamodb.number_digits_per_byte", "dynamodb.number_extra_bytes",
              "dynamodb.number_max_digits", "dynamodb.null_bool_bytes", "dynamodb.container_overhead_bytes",
              "dynamodb.element_overhead_bytes", "dynamodb.max_item_kb", "dynamodb.max_nesting_levels",
              "dynamodb.number_min_exponent", "dynamodb.number_max_exponent", "dynamodb.attribute_name_min_chars")

CALCULATORS: tuple[Calculator, ...] = (
    Calculator(
        "wcu", "dynamodb_writes", "DynamoDB write capacity units for a write rate and item size, with GSIs and updates.",
        "das calc wcu [--items N] --size KB|--item FILE [--per second|minute] [--transactional] [--gsi N] "
        "[--gsi-size KB] [--gsi-key-change] [--update-from KB]",
        (Flag("--items", "Items written per second (or per minute with --per minute); default 1.", default="1",
              metavar="N"), SIZE, PER,
         Flag("--transactional", "Transactional writes (cost x2).", "switch", False),
         Flag("--gsi", "Global secondary indexes each write reaches.", "integer", "0", metavar="N"),
         Flag("--gsi-size", "Size in KB of the entry projected into each index (default: the item size).",
              metavar="KB"),
         Flag("--gsi-key-change", "The write changes an index key attribute (two index writes).", "switch", False),
         Flag("--update-from", "UpdateItem: the item's size in KB before the update.", metavar="KB"),
         ITEM, DDB_JSON),
        DDB_RULES + ("dynamodb.gsi_key_change_writes", "dynamodb.gsi_per_table_default") + SIZE_RULES,
        ("wcu", "wcu-gsi", "wcu-update"),
    ),
    Calculator(
        "rcu", "dynamodb_reads", "DynamoDB read capacity units for GetItem, BatchGetItem, Query or Scan.",
        "das calc rcu [--items N] --size KB|--sizes KB,KB,...|--item FILE [--operation get|batch-get|query|scan] "
        "[--per ...] [--consistency strong|eventual|transactional]",
        (Flag("--items", "Operations per second (or per minute with --per minute); default 1.", default="1",
              metavar="N"),
         SIZE, Flag("--sizes", "Sizes in KB of the items one operation reads, comma-separated.", "sizes",
                    metavar="KB,KB,..."),
         Flag("--operation", "get and batch-get round each item; query and scan round the sum.", "choice", "get",
              ("get", "batch-get", "query", "scan")),
         PER, Flag("--consistency", "Read consistency; DynamoDB's default is eventual.", "choice", "eventual",
                   ("strong", "eventual", "transactional")),
         ITEM, DDB_JSON),
        DDB_RULES + SIZE_RULES + ("dynamodb.batch_get_max_items", "dynamodb.batch_get_max_mb",
                                  "dynamodb.query_scan_max_mb", "dynamodb.transact_get_max_items",
                                  "dynamodb.transact_get_max_mb"),
        ("rcu", "rcu-query"),
    ),
    Calculator(
        "item-size", "item_size", "DynamoDB item size in bytes from the item itself, and the units one read or write costs.",
        "das calc item-size [--item FILE|-] [--dynamodb-json]",
        (Flag("--item", "The item as JSON: a file, or '-' (the default) for stdin.", "file", "-", metavar="FILE"),
         DDB_JSON),
        SIZE_RULES + ("dynamodb.wcu_item_kb", "dynamodb.rcu_item_kb", "dynamodb.eventual_read_factor"),
        ("item-size",),
    ),
    Calculator(
        "shards", "kinesis", "Kinesis Data Streams shards for a write rate and its consumers.",
        "das calc shards --in-mb MB|--records N --record-size KB [--records N] [--consumers N] [--out-mb MB] [--efo]",
        (Flag("--in-mb", "Incoming data in MB/s.", metavar="MB"),
         Flag("--records", "Incoming records per second.", metavar="N"),
         Flag("--record-size", "Average record size in KB (with --records, instead of --in-mb).", "positive",
              metavar="KB"),
         Flag("--consumers", "Number of consumer applications reading everything.", "integer", "1", metavar="N"),
         Flag("--out-mb", "Total outgoing MB/s (default: in x consumers).", metavar="MB"),
         Flag("--efo", "Consumers use enhanced fan-out (2 MB/s each per shard).", "switch", False)),
        ("kinesis.shard_write_mb", "kinesis.shard_write_records", "kinesis.shard_read_mb", "kinesis.shard_read_tps",
         "kinesis.efo_read_mb", "kinesis.max_efo_consumers", "kinesis.max_efo_consumers_advantage", "kinesis.kb_per_mb",
         "kinesis.max_record_kb_default", "kinesis.max_record_kb"),
        ("shards",),
    ),
    Calculator(
        "firehose", "firehose", "Amazon Data Firehose buffering to S3: flush time, trigger and objects per hour.",
        "das calc firehose --in-mb MB --buffer-size MiB --buffer-interval S",
        (Flag("--in-mb", "Incoming data in MiB/s (above 0).", "positive", metavar="MB", required=True),
         Flag("--buffer-size", "Buffer size hint in MiB (1-128).", metavar="MIB", required=True),
         Flag("--buffer-interval", "Buffer interval hint in seconds (0-900).", metavar="S", required=True)),
        ("firehose.buffer_size_min_mib", "firehose.buffer_size_max_mib", "firehose.buffer_interval_min_s",
         "firehose.buffer_interval_max_s", "firehose.legacy_interval_min_s", "firehose.buffer_size_default_mib",
         "firehose.buffer_interval_default_s", "firehose.direct_put_mib_large_regions",
         "firehose.direct_put_mib_other_regions"),
        ("firehose",),
    ),
    Calculator(
        "s3", "s3", "S3 partitioned prefixes for a request rate, or the rates P prefixes sustain.",
        "das calc s3 [--reads N] [--writes N]` or `das calc s3 --prefixes P",
        (Flag("--reads", "GET/HEAD requests per second.", metavar="N"),
         Flag("--writes", "PUT/COPY/POST/DELETE requests per second.", metavar="N"),
         Flag("--prefixes", "Instead: print the request rates this many prefixes sustain.", "integer", metavar="P")),
        ("s3.prefix_write_rps", "s3.prefix_read_rps"),
        ("s3",),
    ),
)

DRILL_KINDS: dict[str, Calculator] = {kind: c for c in CALCULATORS for kind in c.drills}

