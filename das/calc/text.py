"""How calculators write numbers: exact where the decimal ends, never a non-zero value shown as 0 or as a
whole number it is not, plurals right.

`das.numbers.fmt` rounds to three decimals, which prints 0.0001 MiB/s as "0" and 4.0004 KB as "4" (and then
"4 KB rounds up to 8 KB" contradicts itself); calculators use `num` instead. `exact` quotes a value the way
the user typed it (1e3, 400.0001) for range messages: `Typed` carries the text from the command line.
"""

from __future__ import annotations

from fractions import Fraction

SIGNIFICANT = 3  # figures kept for repeating values below 1, so 1/7000 prints as 0.000143
MAX_EXACT_DECIMALS = 15  # a decimal that ends within this many digits is shown in full


class Typed(Fraction):
    """A Fraction read from what the user typed, keeping the text for messages ('1e3', not '1000').

    Arithmetic on it gives plain Fractions, so a derived value never claims to be typed.
    """

    text: str

    def __new__(cls, value: Fraction, text: str) -> "Typed":
        self = super().__new__(cls, value.numerator, value.denominator)
        self.text = text.strip()
        return self


def num(value: Fraction | int, places: int = 3) -> str:
    """1,000 / 4.5 / 4.0004 / 0.9765625 exactly when the decimal ends within 15 digits; otherwise `places`
    decimals, more when needed so a non-zero value never prints as 0 and a fraction never as a whole number."""
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}"
    decimals = _ending_decimals(value)
    if decimals is None:
        decimals = places
        while decimals < 60 and (abs(value) * 10**decimals < 10 ** (SIGNIFICANT - 1)
                                 or round(value, decimals).denominator == 1):
            decimals += 1
        value = round(value, decimals)
    return _grouped(_decimal_text(value, decimals))


def rounded(value: Fraction | int, places: int) -> str:
    """The value rounded to `places` decimals for a short answer option ('About every 12.8 seconds')."""
    value = Fraction(value)
    if value.denominator != 1 and round(value, places) != 0:
        value = round(value, places)
    return num(value, places)


def approx(value: Fraction | int, places: int = 3) -> str:
    """Like `num`, with a leading '~' when the shown value was rounded."""
    text = num(value, places)
    return text if Fraction(text.replace(",", "")) == Fraction(value) else f"~{text}"


def exact(value: Fraction | int) -> str:
    """The value as the user typed it (a `Typed`), else in full (400.0001); a repeating one falls back to `num`."""
    typed = getattr(value, "text", None)
    if typed:
        return typed
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    decimals = _ending_decimals(value, 60)
    if decimals is None:
        return num(value)
    return _decimal_text(value, decimals)


def _ending_decimals(value: Fraction, limit: int = MAX_EXACT_DECIMALS) -> int | None:
    """How many decimals write `value` exactly, or None when it repeats or needs more than `limit`."""
    decimals = 0
    while (value * 10**decimals).denominator != 1:
        decimals += 1
        if decimals > limit:
            return None
    return decimals


def _grouped(text: str) -> str:
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}"
    frac = frac.rstrip("0")
    return sign + whole + ("." + frac if frac else "")


def _decimal_text(value: Fraction, decimals: int) -> str:
    """An exactly representable value with `decimals` digits after the point, no float involved."""
    scaled = abs(value * 10**decimals)
    digits = str(round(scaled)).rjust(decimals + 1, "0")
    sign = "-" if value < 0 else ""
    return sign + (digits[:-decimals] + "." + digits[-decimals:] if decimals else digits)


IRREGULAR = {"index": "indexes", "prefix": "prefixes"}


def plural_word(count: Fraction | int, word: str) -> str:
    """The word for `count` of it: 'shard' for exactly 1, else 'shards' ('index' -> 'indexes').

    Only the last word of a phrase changes: 'global secondary index' -> 'global secondary indexes'.
    """
    if Fraction(count) == 1:
        return word
    head, _, last = word.rpartition(" ")
    many = IRREGULAR.get(last) or (last + "es" if last.endswith(("s", "x", "ch", "sh")) else last + "s")
    return (head + " " if head else "") + many


def plural(count: Fraction | int, word: str, many: str | None = None) -> str:
    """'1 shard', '2 shards', '0.5 writes', '1 index' / '2 indexes': the one way calculators count things."""
    if many is not None and Fraction(count) != 1:
        return f"{num(count)} {many}"
    return f"{num(count)} {plural_word(count, word)}"


def json_number(value: Fraction | int | None) -> int | float | None:
    """Whole values as int; others as the nearest float (never rounded to 0)."""
    if value is None:
        return None
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else float(value)
