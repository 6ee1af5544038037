"""Amazon Data Firehose buffering to S3."""

from fractions import Fraction as F

import pytest

from das.calc.firehose import buffering
from das.errors import UsageError


def test_defaults_at_one_mib_per_second_flush_on_size():
    v = buffering(F(1), F(5), F(300)).values
    assert (v["flush_after_sec"], v["trigger"], v["objects_per_hour"], v["objects_per_day"]) == (5, "size", 720, 17280)
    assert v["avg_object_size_mb"] == 5


def test_low_throughput_flushes_on_interval():
    v = buffering(F("0.01"), F(5), F(300)).values
    assert (v["flush_after_sec"], v["trigger"], v["objects_per_hour"], v["avg_object_size_mb"]) == (300, "interval", 12, 3)


@pytest.mark.parametrize("rate,size", [("1", "60"), ("1.1", "66"), ("0.7", "42")])
def test_exact_ties_are_both_even_where_floats_miss(rate, size):
    v = buffering(F(rate), F(size), F(60)).values
    assert v["trigger"] == "both" and v["flush_after_sec"] == 60


def test_fractional_objects_per_hour_are_an_average():
    v = buffering(F(3), F(128), F(900)).values
    assert v["objects_per_hour"] == pytest.approx(84.375)


def test_zero_interval_is_zero_buffering_without_division():
    result = buffering(F(1), F(5), F(0))
    assert result.values["zero_buffering"] is True
    assert "within seconds" in result.headline


def test_timeline_is_drawn():
    assert any("|" in line for line in buffering(F(1), F(5), F(300)).timeline)


@pytest.mark.parametrize(
    "rate,size,interval,message",
    [("0", "5", "300", "--in-mb"), ("1", "0.5", "300", "--buffer-size"), ("1", "129", "300", "--buffer-size"),
     ("1", "5", "901", "--buffer-interval")],
)
def test_out_of_range_values_are_errors(rate, size, interval, message):
    with pytest.raises(UsageError, match=message):
        buffering(F(rate), F(size), F(interval))


def test_interval_below_sixty_seconds_is_flagged_as_newer_than_das_c01():
    result = buffering(F(1), F(5), F(30))
    assert any("DAS-C01" in note for note in result.notes)


def test_tiny_rates_never_print_as_zero():
    result = buffering(F("0.0001"), F(128), F(900))
    text = " ".join(result.steps + [result.detail])
    assert "128 MiB / 0.0001 MiB/s = 1,280,000 s" in text
    assert " 0 MiB" not in text


@pytest.mark.parametrize("rate,fragment", [("1000", "every Region"), ("3", "most Regions")])
def test_input_over_the_direct_put_quota_is_warned(rate, fragment):
    notes = " ".join(buffering(F(rate), F(128), F(900)).notes)
    assert fragment in notes and "can be raised" in notes and "Direct PUT" in notes


def test_input_within_every_quota_has_no_warning():
    assert not any("Direct PUT" in n for n in buffering(F(1), F(5), F(300)).notes)


def test_out_of_range_quotes_the_value_as_given():
    with pytest.raises(UsageError, match=r"got 128\.0001$"):
        buffering(F(1), F("128.0001"), F(300))
