"""Parsers for numeric flags: ASCII digits only, within a documented range (das.limits), else exit 2.

`int()` takes '²' (no: it raises) and '٣' (yes: 3); these accept only what they promise.
"""

from __future__ import annotations

import re
from typing import Callable

import typer

_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\Z")


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """A parser for a whole number from `low` to `high`; typer.BadParameter (exit 2) otherwise."""

    def parse(value: str) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip().replace("_", "")
            if not _INTEGER.match(text) or len(text) > 30:
                raise typer.BadParameter(f"must be a whole number from {low:,} to {high:,}, got {str(value)[:40]!r}")
            number = int(text)
        if not low <= number <= high:
            raise typer.BadParameter(f"must be from {low:,} to {high:,}, got {str(value)[:40]}")
        return number

    return parse


def bounded_float(low: float, high: float) -> Callable[[str], float]:
    """A parser for a decimal number (no exponent, nan or inf) from `low` to `high`."""

    def parse(value: str) -> float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            text = str(value).strip()
            if not _DECIMAL.match(text) or len(text) > 30:
                raise typer.BadParameter(f"must be a number from {low:g} to {high:g}, got {str(value)[:40]!r}")
            number = float(text)
        if not low <= number <= high:
            raise typer.BadParameter(f"must be from {low:g} to {high:g}, got {str(value)[:40]}")
        return number

    return parse
