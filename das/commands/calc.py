"""`das calc ...`: capacity calculators that show their worked steps, one subcommand per registry entry.

The flags, help and defaults come from das.calc.registry; this module only turns them into typer options
and hands the text to das.commands.calc_run (which das.cli also runs directly, without typer, for a plainly
well-formed command line).
"""

from __future__ import annotations

import inspect
from typing import Any, Optional

import typer

from das.calc.registry import CALCULATORS, Calculator, Flag
from das.commands.calc_run import JSON_FLAG

app = typer.Typer(
    help="Capacity calculators: " + ", ".join(c.id for c in CALCULATORS) + ".",
    no_args_is_help=True,
)

JSON_HELP = "Print one JSON object (the answer, its values and the steps) instead of text."


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
        from das.commands.calc_run import calculate

        as_json = raw.pop("as_json", False)
        calculate(calc, raw, as_json)

    params = [_option(flag) for flag in calc.flags]
    params.append(inspect.Parameter("as_json", inspect.Parameter.KEYWORD_ONLY,
                                    default=typer.Option(False, JSON_FLAG, help=JSON_HELP), annotation=bool))
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__name__ = calc.id.replace("-", "_")
    command.__doc__ = calc.summary
    return command


for _calc in CALCULATORS:
    app.command(_calc.id, help=_calc.summary)(_command(_calc))
