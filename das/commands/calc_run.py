"""Running a calculator without typer: reading --item files, showing the result, and the fast path.

`das calc ID --flag VALUE ...` is the one command people run many times a minute, and importing typer and
click costs most of its time. When a command line is plainly well formed (known flags, each once, a value
after each that takes one, no help), das.cli runs it here; anything else (help, a mistake, an unusual
spelling) goes through typer, which gives the usual messages. Both paths run the same code below.
"""

from __future__ import annotations

import sys
from typing import Any

JSON_FLAG = "--json"


def show(result: Any, as_json: bool) -> None:
    """Print a calculator's result as text, or as one JSON object."""
    from das.ui import calc_view

    if as_json:
        calc_view.print_json(result)
    else:
        calc_view.print_result(result)


def read_file(flag: str, path: str) -> str:
    """A --item file's text ('-' is stdin); a missing or unreadable file is a usage error."""
    from das import limits
    from das.errors import UsageError

    if path == "-" and sys.stdin.isatty():
        raise UsageError(f"{flag}: give a JSON file, or pipe the JSON in (das calc item-size < item.json)")
    where = "stdin" if path == "-" else repr(path)
    limit = limits.ITEM_FILE_BYTES
    if path == "-":
        try:  # bytes, decoded strictly: the terminal's locale must not turn a Latin-1 byte into a lone surrogate
            data = sys.stdin.buffer.read(limit + 1) if hasattr(sys.stdin, "buffer") else \
                sys.stdin.read(limit + 1).encode("utf-8", "surrogateescape")
        except OSError as exc:
            raise UsageError(f"{flag}: cannot read stdin: {exc.strerror or exc}") from None
        if len(data) > limit:
            raise UsageError(f"{flag}: stdin holds more than {limit:,} bytes; an item's JSON may be at most that "
                             "(a DynamoDB item is at most 400 KB)")
    else:
        from das.files import Refused, read_bounded

        try:
            data = read_bounded(path, limit)
        except Refused as exc:
            extra = " (a DynamoDB item is at most 400 KB)" if "bytes" in exc.reason else ""
            raise UsageError(f"{flag}: cannot read {path!r}: it {exc.reason}{extra}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{flag}: {where} is not UTF-8 text (byte {exc.start + 1} is 0x{data[exc.start]:02x}); "
                         "DynamoDB strings are UTF-8: save the item as UTF-8") from None


def calculate(calc: Any, raw: dict[str, Any], as_json: bool) -> None:
    """Parse the flags' text in `raw` (param name -> text, bool or None), run `calc` and show the result."""
    from das.calc.flags import run

    show(run(calc, raw, read_file=read_file), as_json)


def fast_calc(args: list[str]) -> bool:
    """Run `das calc ARGS` (ARGS[0] the calculator id) without typer and return True, or return False
    having done nothing when the command line is anything but plainly well formed: typer then runs it."""
    from das.calc.registry import CALCULATORS

    calc = next((c for c in CALCULATORS if args and c.id == args[0]), None)
    if calc is None:
        return False
    flags = {flag.name: flag for flag in calc.flags}
    raw: dict[str, Any] = {}
    as_json = False
    i = 1
    while i < len(args):
        name = args[i]
        if name == JSON_FLAG and not as_json:
            as_json, i = True, i + 1
            continue
        flag = flags.get(name)
        if flag is None or flag.param in raw:  # unknown, --flag=value, help, a repeat: typer says what
            return False
        if flag.kind == "switch":
            raw[flag.param], i = True, i + 1
            continue
        if i + 1 >= len(args) or args[i + 1].startswith("-"):
            return False
        raw[flag.param], i = args[i + 1], i + 2
    if any(flag.required and flag.param not in raw for flag in calc.flags):
        return False
    calculate(calc, raw, as_json)
    return True
