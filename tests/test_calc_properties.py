"""Property tests: calculators never decrease as a rate or size grows, and no flag value crashes das."""

from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import invoke
from das.calc.dynamodb_reads import required_rcu
from das.calc.dynamodb_writes import required_wcu
from das.calc.firehose import buffering
from das.calc.kinesis import required_shards
from das.calc.s3 import required_prefixes

rates = st.fractions(min_value=0, max_value=100_000, max_denominator=1000)
sizes = st.fractions(min_value=0, max_value=400, max_denominator=100)
positive = st.fractions(min_value=F(1, 1000), max_value=10_000, max_denominator=1000)


@given(rates, rates, sizes, sizes, st.sampled_from(["second", "minute"]), st.booleans())
def test_wcu_is_monotonic(r1, r2, s1, s2, per, tx):
    lo_r, hi_r = sorted((r1, r2))
    lo_s, hi_s = sorted((s1, s2))
    assert required_wcu(lo_r, lo_s, per, tx).values["wcu"] <= required_wcu(hi_r, hi_s, per, tx).values["wcu"]


@given(rates, rates, sizes, sizes, st.sampled_from(["strong", "eventual", "transactional"]))
def test_rcu_is_monotonic(r1, r2, s1, s2, consistency):
    lo_r, hi_r = sorted((r1, r2))
    lo_s, hi_s = sorted((s1, s2))
    low = required_rcu(lo_r, lo_s, "second", consistency).values["rcu"]
    assert low <= required_rcu(hi_r, hi_s, "second", consistency).values["rcu"]


@given(rates, rates, st.integers(0, 20), st.booleans(), st.one_of(st.none(), rates))
def test_shards_are_monotonic_in_the_write_rate(m1, m2, consumers, efo, records):
    lo, hi = sorted((m1, m2))
    a = required_shards(in_mb=lo, records=records, consumers=consumers, efo=efo).values["shards"]
    assert a <= required_shards(in_mb=hi, records=records, consumers=consumers, efo=efo).values["shards"]
    assert a >= 1


@given(rates, st.integers(0, 19))
def test_more_standard_consumers_never_need_fewer_shards(in_mb, consumers):
    a = required_shards(in_mb=in_mb, consumers=consumers).values["shards"]
    assert a <= required_shards(in_mb=in_mb, consumers=consumers + 1).values["shards"]


@given(positive, positive, st.integers(1, 128), st.integers(1, 900))
def test_firehose_objects_never_increase_with_a_bigger_buffer(r1, r2, size, interval):
    lo, hi = sorted((r1, r2))
    slow = buffering(lo, F(size), F(interval)).values
    fast = buffering(hi, F(size), F(interval)).values
    assert slow["objects_per_hour"] <= fast["objects_per_hour"]  # more data flushes at least as often
    bigger = buffering(lo, F(min(size + 1, 128)), F(interval)).values
    assert bigger["objects_per_hour"] <= slow["objects_per_hour"]


@given(rates, rates, rates, rates)
def test_s3_prefixes_are_monotonic(r1, r2, w1, w2):
    lo_r, hi_r = sorted((r1, r2))
    lo_w, hi_w = sorted((w1, w2))
    assert required_prefixes(lo_r, lo_w).values["prefixes"] <= required_prefixes(hi_r, hi_w).values["prefixes"]


flag_values = st.one_of(
    st.text(max_size=12),
    st.integers(-10**6, 10**9).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.fractions(max_denominator=10**6).map(lambda f: str(float(f))),
)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["wcu", "rcu", "item-size", "shards", "firehose", "s3"]),
    st.lists(
        st.tuples(
            st.sampled_from(["--items", "--size", "--per", "--consistency", "--in-mb", "--records",
                             "--record-size", "--consumers", "--out-mb", "--buffer-size", "--buffer-interval",
                             "--reads", "--writes", "--prefixes", "--sizes", "--operation", "--gsi", "--gsi-size",
                             "--update-from", "--item"]),
            flag_values,
        ),
        max_size=5,
    ),
    st.booleans(),
)
def test_no_flag_value_produces_a_traceback(calc, pairs, as_json):
    args = ["calc", calc]
    for flag, value in pairs:
        args += [flag, value]
    if as_json:
        args.append("--json")
    result = invoke(*args, stdin='{"a": 1}')
    assert result.code in (0, 2), result.err
    assert "Traceback" not in result.err
    if result.code == 2:
        assert len(result.err.strip().splitlines()) == 1, result.err
