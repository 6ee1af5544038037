"""DynamoDB WCU/RCU: every example of the study notes (with the corrected answers) and AWS's own."""

from fractions import Fraction as F

import pytest

from das.calc.dynamodb_reads import required_rcu
from das.calc.dynamodb_writes import required_wcu
from das.errors import UsageError

# The worked examples of the old study notes' DynamoDB section, with the corrected answers
# (the notes first wrote 27 WCU and 10 RCU and struck them out).
NOTES_WRITE_EXAMPLES = [
    (10, "2", "second", 20),
    (6, "4.5", "second", 30),
    (120, "2", "minute", 4),
]
NOTES_READ_EXAMPLES = [
    (10, "4", "strong", 10),
    (16, "12", "eventual", 24),
    (10, "6", "strong", 20),
]


@pytest.mark.parametrize("items,size,per,expected", NOTES_WRITE_EXAMPLES)
def test_study_notes_write_examples(items, size, per, expected):
    assert required_wcu(F(items), F(size), per).values["wcu"] == expected


@pytest.mark.parametrize("items,size,consistency,expected", NOTES_READ_EXAMPLES)
def test_study_notes_read_examples(items, size, consistency, expected):
    assert required_rcu(F(items), F(size), "second", consistency).values["rcu"] == expected


@pytest.mark.parametrize(
    "items,size,per,tx,expected",
    [
        (1, "2", "second", False, 2),  # AWS: a 2 KB write costs 2 WCU
        (1, "2", "second", True, 4),  # ... or 4 WCU if transactional
        (100, "0.5", "second", False, 100),  # 100 writes/s of 512 bytes
        (124, "15", "minute", False, 31),  # a float gives 32
        (24, "3", "minute", False, 2),  # one ceiling at the end, not ceil(0.4)*3
        (3, "5", "second", True, 30),
        (12, "8", "second", False, 96),
        (40, "1.5", "second", False, 80),
        (1, "400", "second", False, 400),
    ],
)
def test_wcu_documented_and_published_cases(items, size, per, tx, expected):
    assert required_wcu(F(items), F(size), per, tx).values["wcu"] == expected


@pytest.mark.parametrize(
    "items,size,per,consistency,expected",
    [
        (1, "8", "second", "strong", 2),
        (1, "8", "second", "eventual", 1),
        (1, "8", "second", "transactional", 4),
        (80, "3", "second", "strong", 80),
        (15, "4", "second", "eventual", 8),  # half a unit per read, ceiling at the end
        (3, "12", "second", "eventual", 5),
        (40, "2.5", "second", "strong", 40),
        (25, "5.5", "second", "eventual", 25),
        (20, "4.5", "second", "eventual", 20),
        (4, "9", "second", "strong", 12),
        (600, "5", "minute", "eventual", 10),
        (600, "5", "minute", "strong", 20),
        (5, "5", "second", "transactional", 20),
        (80, "7", "second", "strong", 160),
        (1, "400", "second", "strong", 100),
        (1, "400", "second", "eventual", 50),
    ],
)
def test_rcu_documented_and_published_cases(items, size, per, consistency, expected):
    assert required_rcu(F(items), F(size), per, consistency).values["rcu"] == expected


def test_steps_show_the_rounding_and_cite_the_rule():
    result = required_wcu(F(6), F("4.5"))
    assert any("4.5 KB rounds up to 5 KB" in step for step in result.steps)
    assert any("dynamodb.wcu_item_kb" in step for step in result.steps)
    assert any("27 WCU" in trap for trap in result.traps)


def test_eventual_is_the_stated_default():
    result = required_rcu(F(10), F(4))
    assert result.values["consistency"] == "eventual"
    assert any("DynamoDB's default" in step for step in result.steps)


def test_zero_items_consume_nothing_but_say_the_provisioned_minimum():
    result = required_wcu(F(0), F(1))
    assert result.values["wcu"] == 0
    assert any("at least 1 WCU" in note for note in result.notes)


def test_item_over_400_kb_is_rejected_quoting_the_value():
    with pytest.raises(UsageError, match="at most 400 KB"):
        required_wcu(F(1), F(401))
    with pytest.raises(UsageError, match=r"got 400\.0001$"):
        required_wcu(F(1), F("400.0001"))


# --------------------------------------------------------------------------- operations, GSIs, UpdateItem

def test_batch_get_rounds_each_item_as_the_guide_shows():
    # "BatchGetItem reads a 1.5 KB item and a 6.5 KB item ... 12 KB (4 KB + 8 KB), not 8 KB"
    result = required_rcu(F(1), None, "second", "strong", "batch-get", (F("1.5"), F("6.5")))
    assert (result.values["rounded_kb"], result.values["rcu"]) == (12, 3)
    assert "Adding the item sizes before rounding, as Query does, gives 2 RCU" in " ".join(result.traps)


def test_query_rounds_the_sum_once_as_the_guide_shows():
    # "suppose your query returns 10 items whose combined size is 40.8 KB ... rounds to 44 KB"
    result = required_rcu(F(1), None, "second", "strong", "query", (F("40.8"),))
    assert (result.values["rounded_kb"], result.values["rcu"]) == (44, 11)
    sizes = tuple(F("4.08") for _ in range(10))
    assert required_rcu(F(1), None, "second", "strong", "query", sizes).values["rounded_kb"] == 44
    assert required_rcu(F(1), None, "second", "strong", "batch-get", sizes).values["rounded_kb"] == 80
    assert required_rcu(F(1), None, "second", "eventual", "scan", sizes).values["rcu"] == 6  # 5.5 rounded up


def test_each_index_a_write_reaches_consumes_its_own_units():
    values = required_wcu(F(10), F("4.5"), gsi=2).values
    assert (values["wcu"], values["gsi_wcu"], values["total_wcu"]) == (50, 100, 150)
    values = required_wcu(F(10), F("4.5"), gsi=2, gsi_size_kb=F("0.5")).values
    assert (values["wcu"], values["gsi_wcu"], values["total_wcu"]) == (50, 20, 70)


def test_an_index_key_change_costs_two_index_writes():
    result = required_wcu(F(10), F("4.5"), gsi=1, gsi_size_kb=F("0.5"), gsi_key_change=True)
    assert (result.values["gsi_wcu"], result.values["total_wcu"]) == (20, 70)
    assert "Counting an index key change as one index write gives 60 WCU" in " ".join(result.traps)


def test_update_item_consumes_for_the_larger_of_before_and_after():
    assert required_wcu(F(1), F("1.5"), update_from_kb=F("7.5")).values["wcu"] == 8
    assert required_wcu(F(1), F("7.5"), update_from_kb=F("1.5")).values["wcu"] == 8
    traps = " ".join(required_wcu(F(1), F("1.5"), update_from_kb=F("7.5")).traps)
    assert "Using only the item size after the update gives 2 WCU" in traps
    assert "before the update gives" not in traps  # that one is the answer, never a trap


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["--operation", "get", "--sizes", "1,2"], "reads one item"),
        (["--operation", "query", "--sizes", "1,2", "--consistency", "transactional"], "TransactGetItems"),
        (["--operation", "query", "--sizes", "1,,2"], "separated by commas"),
        (["--operation", "fetch", "--size", "1"], "--operation must be get, batch-get, query or scan"),
        (["--size", "400.0001"], "got 400.0001"),
    ],
)
def test_rcu_operation_errors(args, fragment):
    from conftest import invoke

    result = invoke("calc", "rcu", *args)
    assert result.code == 2 and fragment in result.err, result.err


def test_wcu_index_flags_need_gsi():
    from conftest import invoke

    result = invoke("calc", "wcu", "--items", "1", "--size", "1", "--gsi-key-change")
    assert result.code == 2 and "--gsi N" in result.err


def test_cli_json_keys_for_the_new_modes():
    import json

    from conftest import invoke

    data = json.loads(invoke("calc", "rcu", "--operation", "batch-get", "--sizes", "1.5,6.5", "--items", "10",
                             "--consistency", "strong", "--json").out)
    assert (data["rcu"], data["rounded_kb"]) == (30, 12)
    data = json.loads(invoke("calc", "wcu", "--items", "10", "--size", "2", "--gsi", "3", "--gsi-size", "0.5",
                             "--update-from", "3", "--json").out)
    assert (data["wcu"], data["gsi_wcu"], data["total_wcu"]) == (30, 30, 60)


def test_one_write_is_singular():
    from conftest import invoke

    out = invoke("calc", "wcu", "--items", "1", "--size", "1").out
    assert "1 write/second of 1 KB" in out and "1 writes" not in out
