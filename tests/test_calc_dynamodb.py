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


def test_item_over_400_kb_is_rejected():
    with pytest.raises(UsageError, match="at most 400 KB"):
        required_wcu(F(1), F(401))
