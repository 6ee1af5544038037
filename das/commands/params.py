"""Parsers for numeric flags: ASCII digits only, within a documented range (das.limits), else exit 2.

`int()` takes '²' (no: it raises) and '٣' (yes: 3); these accept only what they promise.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import typer

_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\Z")


def _bounded(pattern: re.Pattern, convert: Callable[[str], Any], kind: str, low: Any, high: Any,
             shown: str) -> Callable[[str], Any]:
    """A parser: text matching `pattern` (at most 30 characters), converted, from `low` to `high`;
    typer.BadParameter (exit 2) otherwise. Values typer already converted pass through the range check."""

    def parse(value: str) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            if not pattern.match(text) or len(text) > 30:
                raise typer.BadParameter(f"must be {kind} from {format(low, shown)} to {format(high, shown)}, "
                                         f"got {str(value)[:40]!r}")
            number = convert(text)
        if not low <= number <= high:
            raise typer.BadParameter(f"must be from {format(low, shown)} to {format(high, shown)}, got {str(value)[:40]}")
        return number

    parse.__name__ = "integer" if convert is int else "number"  # what --help shows as the value's type
    return parse


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """A parser for a whole number from `low` to `high`; typer.BadParameter (exit 2) otherwise."""
    return _bounded(_INTEGER, int, "a whole number", low, high, ",")


def bounded_float(low: float, high: float) -> Callable[[str], float]:
    """A parser for a decimal number (no exponent, nan or inf) from `low` to `high`."""
    return _bounded(_DECIMAL, float, "a number", low, high, "g")
