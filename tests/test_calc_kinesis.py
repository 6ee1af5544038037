"""Kinesis Data Streams shard sizing."""

from fractions import Fraction as F

import pytest

from das.calc.kinesis import required_shards
from das.errors import UsageError


def shards(**kw):
    return required_shards(**kw).values


def test_published_write_case_records_and_bandwidth():
    values = shards(in_mb=F("4.5"), records=F(4600))
    assert values["shards"] == 5
    assert values["limiting_factor"] in {"write-bandwidth", "write-records"}


def test_out_mb_is_total_read_bandwidth():
    assert shards(in_mb=F(5), out_mb=F(6))["shards"] == 5


def test_small_records_are_limited_by_the_record_rate():
    values = shards(in_mb=F("0.5"), records=F(5000))
    assert values == values | {"shards": 5, "limiting_factor": "write-records"}


def test_standard_consumers_share_read_bandwidth():
    values = shards(in_mb=F(3), consumers=4)
    assert values["shards"] == 6  # 12 MB/s out / 2 MB/s per shard
    assert values["limiting_factor"] == "read-bandwidth"


def test_enhanced_fan_out_gives_each_consumer_its_own_pipe():
    values = shards(in_mb=F(3), consumers=4, efo=True)
    assert values["shards"] == 3
    assert values["limiting_factor"] == "write-bandwidth"


def test_records_with_record_size_replace_in_mb():
    # 101 records/s x 10 KB = 1,010 KiB/s = 0.986 MiB/s -> 1 shard by the developer guide (KiB/1024)
    assert shards(records=F(101), record_size_kb=F(10))["shards"] == 1
    # the documented formula rounds the record size up to whole KB: 800 x 1.2 KB -> 800 x 2 KB
    assert shards(records=F(800), record_size_kb=F("1.2"))["shards"] == 2


def test_no_traffic_still_needs_one_shard():
    assert shards(in_mb=F(0))["shards"] == 1


def test_more_than_twenty_efo_consumers_is_an_error():
    with pytest.raises(UsageError, match="at most 20"):
        required_shards(in_mb=F(1), consumers=21, efo=True)
    assert shards(in_mb=F(1), consumers=20, efo=True)["shards"] == 1


def test_missing_write_rate_is_an_error():
    with pytest.raises(UsageError, match="--in-mb"):
        required_shards(records=F(100))


def test_reads_trap_counts_the_records_limit_too():
    # 1 MB/s, 5,000 records/s, 3 consumers: the records limit binds (5); reads need only 2
    from conftest import invoke

    out = invoke("calc", "shards", "--in-mb", "1", "--records", "5000", "--consumers", "3").out
    assert out.splitlines()[0] == "5 shards (limited by write records)"
    assert "Sizing on writes alone" not in out


def test_sizing_formula_and_real_size_are_both_shown():
    result = required_shards(records=F(20000), record_size_kb=F("0.1"), consumers=5)
    assert (result.values["shards"], result.values["shards_sizing_formula"], result.values["shards_real_size"]) == (
        49, 49, 20)
    assert any("real size" in note and "20 shards" in note for note in result.notes)
    other = required_shards(in_mb=F("1.907"), records=F(20000), consumers=5)
    assert (other.values["shards"], other.values["shards_sizing_formula"]) == (20, 49)
    assert any("sizing formula" in note and "49 shards" in note for note in other.notes)


def test_in_mb_beside_records_times_size_is_a_usage_error_naming_both():
    from conftest import invoke

    result = invoke("calc", "shards", "--in-mb", "5", "--records", "100", "--record-size", "2")
    assert result.code == 2
    assert "--in-mb 5" in result.err and "--records 100 x --record-size 2" in result.err


def test_one_shard_and_one_consumer_are_singular():
    result = required_shards(in_mb=F("0.5"))
    assert result.headline == "1 shard (limited by write bandwidth)"
    assert result.detail.endswith("1 standard consumer")
