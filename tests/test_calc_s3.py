"""S3 per-prefix request rates."""

from fractions import Fraction as F

import pytest

from das.calc.s3 import prefix_capacity, required_prefixes
from das.errors import UsageError


@pytest.mark.parametrize(
    "reads,writes,expected,limit",
    [(None, 5000, 2, "writes"), (55000, None, 10, "reads"), (None, 3500, 1, "writes"), (None, 3501, 2, "writes"),
     (1_000_000, None, 182, "reads"), (10000, 2000, 2, "reads"), (0, 0, 1, None)],
)
def test_prefixes_needed(reads, writes, expected, limit):
    values = required_prefixes(None if reads is None else F(reads), None if writes is None else F(writes)).values
    assert values["prefixes"] == expected
    if limit:
        assert values["limiting_factor"] == limit


def test_reverse_prefix_capacity():
    values = prefix_capacity(10).values
    assert (values["reads_per_sec"], values["writes_per_sec"]) == (55000, 35000)


def test_no_rates_is_an_error():
    with pytest.raises(UsageError):
        required_prefixes(None, None)
