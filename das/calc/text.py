"""How calculators write numbers: exact where whole, never a non-zero value shown as 0, plurals right.

`das.numbers.fmt` rounds to three decimals, which prints 0.0001 MiB/s as "0"; calculators use `num`
instead. `exact` quotes a value the way the user typed it (400.0001, not 400) for range messages.
"""

from __future__ import annotations

from fractions import Fraction

SIGNIFICANT = 3  # figures kept for values below 1, so 0.0001 prints as 0.0001


def num(value: Fraction | int, places: int = 3) -> str:
    """1,000 / 4.5 / 0.667 / 0.0001: `places` decimals, more below 1 so a non-zero value never prints as 0."""
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}"
    decimals = places
    while abs(value) * 10**decimals < 10 ** (SIGNIFICANT - 1) and decimals < 60:
        decimals += 1
    rounded = round(value, decimals)
    text = _decimal_text(rounded, decimals)
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}"
    frac = frac.rstrip("0")
    return sign + whole + ("." + frac if frac else "")


def approx(value: Fraction | int, places: int = 3) -> str:
    """Like `num`, with a leading '~' when the shown value was rounded."""
    text = num(value, places)
    return text if Fraction(text.replace(",", "")) == Fraction(value) else f"~{text}"


def exact(value: Fraction | int) -> str:
    """The value in full, as typed (400.0001); a repeating fraction falls back to `num`."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    decimals = 0
    while (value * 10**decimals).denominator != 1:
        decimals += 1
        if decimals > 60:
            return num(value)
    return _decimal_text(value, decimals).rstrip("0").rstrip(".")


def _decimal_text(value: Fraction, decimals: int) -> str:
    """An exactly representable value with `decimals` digits after the point, no float involved."""
    scaled = abs(value * 10**decimals)
    digits = str(round(scaled)).rjust(decimals + 1, "0")
    sign = "-" if value < 0 else ""
    return sign + (digits[:-decimals] + "." + digits[-decimals:] if decimals else digits)


def plural(count: Fraction | int, word: str, many: str | None = None) -> str:
    """'1 shard', '2 shards', '0.5 writes', '1 prefix' / '2 prefixes' (pass `many` for irregular words)."""
    return f"{num(count)} {word if Fraction(count) == 1 else (many or word + 's')}"


def json_number(value: Fraction | int | None) -> int | float | None:
    """Whole values as int; others as the nearest float (never rounded to 0)."""
    if value is None:
        return None
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else float(value)
