"""Exact numbers for calculators: parse user input to Fraction, print Fractions readably.

Floats are never used: 124 items/min x 15 KB is exactly 31 WCU, and a float gives 32.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from das import limits
from das.errors import UsageError

# ASCII only: Fraction() itself would also take other scripts' digits.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE](?P<exp>[+-]?[0-9]+))?(?:/[0-9]+)?")


def parse_number(
    flag: str,
    text: str,
    *,
    minimum: Fraction | int | None = 0,
    maximum: Fraction | int | None = None,
    exclusive_minimum: bool = False,
    integer: bool = False,
    what: str = "",
) -> Fraction:
    """Read a flag's value exactly, or raise UsageError saying what is allowed.

    Accepts ASCII digits only (1.5, 1000, 2e3, 3/4; no underscores or other scripts' digits); a number is 0 or from 0.000000001 to 10^15
    (das.limits), checked on the text before any arithmetic, so 1e99999999 is refused at once.
    """
    cleaned = text.strip()
    match = _NUMBER.fullmatch(cleaned)
    shown = text if len(text) <= 40 else text[:37] + "..."
    if not match:
        raise UsageError(f"{flag} must be a number, got {shown!r}")
    digits = sum(ch.isdigit() for ch in cleaned.split("e")[0].split("E")[0])
    exponent = match.group("exp")
    if digits > limits.CALC_DIGITS or (exponent and (len(exponent) > 5 or abs(int(exponent)) > limits.CALC_EXPONENT)):
        raise UsageError(f"{flag} must be 0 or from {limits.CALC_MIN_TEXT} to {limits.CALC_MAX:,}, got {shown}")
    try:
        value = Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise UsageError(f"{flag} must be a number, got {shown!r}") from None
    if value != 0 and not Fraction(limits.CALC_MIN_TEXT) <= abs(value) <= limits.CALC_MAX:
        raise UsageError(f"{flag} must be 0 or from {limits.CALC_MIN_TEXT} to {limits.CALC_MAX:,}, got {shown}")
    text = shown
    if integer and value.denominator != 1:
        raise UsageError(f"{flag} must be a whole number, got {text!r}")
    suffix = f" ({what})" if what else ""
    if minimum is not None:
        if exclusive_minimum and value <= minimum:
            raise UsageError(f"{flag} must be greater than {fmt(minimum)}{suffix}, got {text}")
        if not exclusive_minimum and value < minimum:
            raise UsageError(f"{flag} must be at least {fmt(minimum)}{suffix}, got {text}")
    if maximum is not None and value > maximum:
        raise UsageError(f"{flag} must be at most {fmt(maximum)}{suffix}, got {text}")
    return value


def ceil(value: Fraction) -> int:
    """Exact ceiling of a Fraction."""
    return math.ceil(value)


def fmt(value: Fraction | int, places: int = 3) -> str:
    """A readable exact-ish rendering: 30, 4.5, 0.667 (rounded only for display), 1,000."""
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}"
    rounded = round(value, places)
    return f"{float(rounded):,.{places}f}".rstrip("0").rstrip(".")


def approx(value: Fraction | int, places: int = 3) -> str:
    """Like fmt, but marks values that were rounded for display with a leading '~'."""
    value = Fraction(value)
    text = fmt(value, places)
    return text if Fraction(text.replace(",", "")) == value else f"~{text}"

