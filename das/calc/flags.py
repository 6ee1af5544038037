"""Turning the text a user typed for a calculator's flags into exact values, by the registry's flag kinds."""

from __future__ import annotations

from typing import Any

from das.calc.registry import Calculator, Flag
from das.calc.result import CalcResult
from das.calc.text import Typed
from das.errors import UsageError
from das.numbers import parse_number


def parse_flag(flag: Flag, raw: Any) -> Any:
    """One flag's value: Fraction, int, str, bool, tuple of Fractions, or None when not given."""
    if flag.kind == "switch":
        return bool(raw)
    if raw is None:
        return None
    text = str(raw)
    if flag.kind == "choice":
        if text not in flag.choices:
            allowed = ", ".join(flag.choices[:-1]) + f" or {flag.choices[-1]}"
            raise UsageError(f"{flag.name} must be {allowed}, got {text!r}")
        return text
    if flag.kind == "file":
        return text
    if flag.kind == "integer":
        return int(parse_number(flag.name, text, integer=True))
    if flag.kind == "positive":
        return Typed(parse_number(flag.name, text, exclusive_minimum=True), text)
    if flag.kind == "sizes":
        parts = [p for p in text.split(",")]
        if not text.strip() or any(not p.strip() for p in parts):
            raise UsageError(f"{flag.name} must be sizes in KB separated by commas (1.5,6.5), got {text!r}")
        return tuple(Typed(parse_number(flag.name, p), p) for p in parts)
    return Typed(parse_number(flag.name, text), text)


def run(calc: Calculator, raw: dict[str, Any], read_file: Any = None) -> CalcResult:
    """Parse every flag (a flag's default when not given), read --item files, and run the calculator.

    `raw` maps a flag's param name to the text typed (or None / a bool); `read_file(flag, path)` returns a
    file's text: reading is the command's job, not the calculator's.
    """
    kwargs: dict[str, Any] = {}
    for flag in calc.flags:
        given = raw.get(flag.param)
        if given is None or (flag.kind == "switch" and not given):
            given = flag.default
        value = parse_flag(flag, given)
        if flag.kind == "file" and value is not None and read_file is not None:
            value = read_file(flag.name, value)
        kwargs[flag.param] = value
    return calc.load().run(**kwargs)

