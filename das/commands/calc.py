"""`das calc ...`: capacity calculators that show their worked steps, one subcommand per registry entry.

The flags, help and defaults come from das.calc.registry; this module only turns them into typer options,
reads --item files, and hands the text to das.calc.flags.run.
"""

from __future__ import annotations

import inspect
import sys
from typing import Any, Optional

import typer

from das.calc.registry import CALCULATORS, Calculator, Flag

app = typer.Typer(
    help="Capacity calculators: " + ", ".join(c.id for c in CALCULATORS) + ".",
    no_args_is_help=True,
)

JSON_HELP = "Print one JSON object (the answer, its values and the steps) instead of text."


def _show(result: Any, as_json: bool) -> None:
    from das.ui import calc_view

    if as_json:
        calc_view.print_json(result)
    else:
        calc_view.print_result(result)


def _read_file(flag: str, path: str) -> str:
    """A --item file's text ('-' is stdin); a missing or unreadable file is a usage error."""
    from pathlib import Path

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


def _option(flag: Flag) -> inspect.Parameter:
    if flag.kind == "switch":
        option, annotation = typer.Option(False, flag.name, help=flag.help), bool
    else:
        default = f" (default: {flag.default})" if flag.default not in (None, False) else ""
        metavar = "[" + "|".join(flag.choices) + "]" if flag.choices else (flag.metavar or None)
        option = typer.Option(... if flag.required else None, flag.name, help=flag.help + default, metavar=metavar, show_default=False)
        annotation = Optional[str]
    return inspect.Parameter(flag.param, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=annotation)


def _command(calc: Calculator):
    def command(**raw: Any) -> None:
        from das.calc.flags import run

        as_json = raw.pop("as_json", False)
        _show(run(calc, raw, read_file=_read_file), as_json)

    params = [_option(flag) for flag in calc.flags]
    params.append(inspect.Parameter("as_json", inspect.Parameter.KEYWORD_ONLY,
                                    default=typer.Option(False, "--json", help=JSON_HELP), annotation=bool))
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__name__ = calc.id.replace("-", "_")
    command.__doc__ = calc.summary
    return command


for _calc in CALCULATORS:
    app.command(_calc.id, help=_calc.summary)(_command(_calc))
