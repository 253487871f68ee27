"""Small behaviours of sizing.inputs, sizing.rules, sizing.layout and sizing.workload that the
plan-level tests do not reach: the messages of the out-of-range paths, the 200-character cut of a
shown value, the pick order of priced and unpriced DB classes, the placement order of services of
equal memory, and the send rate a load stands for. Every expected value is written out by hand."""

from __future__ import annotations

import math

import pytest

from sizing import inputs, layout, rules, workload
from sizing.data import DbClass
from sizing.errors import SizingError
from tests.support.refusals import refusal

# --- sizing.inputs: what a user's value looks like in a message -----------------------------


def test_a_value_of_200_characters_shows_whole():
    assert inputs.shown("x" * 198) == "'" + "x" * 198 + "'"  # 198 + two quotes = 200


def test_a_value_of_201_characters_is_cut_to_160_and_its_length():
    assert inputs.shown("x" * 199) == "'" + "x" * 159 + "... (201 characters)"


def test_a_rate_beyond_the_top_names_the_largest_shard_count():
    assert refusal(inputs.check_rate, 401.0) == (
        "rate 401 msg/s is out of range: allowed 0 < rate <= 400 msg/s "
        "(what 32 shards carry at 12.5 msg/s each)")


def test_an_integer_beyond_any_float_is_an_out_of_range_rate():
    # found by mutation testing: math.isnan(10**400) overflowed before the OverflowError branch
    # cdk.json can hold the integer 10**400 (JSON integers have no limit); float() overflows
    with pytest.raises(SizingError, match="out of range: allowed 0 < rate <= 400 msg/s"):
        inputs.parse_rate(10**400)


@pytest.mark.parametrize("text", ["9" * 5000, "-" + "9" * 5000])
def test_more_digits_than_int_reads_are_out_of_range(text):
    with pytest.raises(SizingError, match=r"^spares .* is out of range: allowed 0 to 32$"):
        inputs.parse_int("spares", text, 0, 32)


@pytest.mark.parametrize("value", [2.5, 3.0, "2.5"])
def test_a_fraction_is_not_a_whole_number(value):
    with pytest.raises(SizingError, match=r"^azs .* is not a whole number: allowed 2 to 4$"):
        inputs.parse_int("azs", value, 2, 4)


def test_an_infinite_float_is_out_of_range_not_a_fraction():
    assert refusal(inputs.parse_int, "azs", math.inf, 2, 4) == (
        "azs inf is out of range: allowed 2 to 4")


def test_a_float_without_unit_has_nothing_after_its_range():
    assert refusal(inputs.parse_float, "receipts", "3", 0, 2) == (
        "receipts '3' is out of range: allowed 0 to 2")


def test_a_switch_that_is_neither_names_itself_and_the_value():
    assert refusal(inputs.parse_bool, "ssl", "maybe") == (
        "ssl 'maybe' is not a switch: allowed true or false")


# --- sizing.rules: the messages of rates and engines beyond what the tables hold ------------


def test_a_rate_beyond_32_shards_says_so():
    assert refusal(rules.shards_for_rate, 401.0) == (
        "rate 401 msg/s is beyond what 32 shards carry: allowed 0 < rate <= 400 msg/s "
        "(12.5 msg/s per shard)")


def test_an_unknown_engine_lists_the_engines():
    db_class = DbClass("db.m5.large", "db.m5.large", 2, 8, "current", 0.171)
    assert refusal(rules.max_connections, "oracle", db_class) == (
        "engine 'oracle' is unknown: allowed mysql, postgres, aurora-mysql")


# --- sizing.rules: pick order, priced first and cheapest first -------------------------------
# Figures as in sizing/data.py's table; the note keeps these tuples apart from any cached ranking.
M5 = DbClass("db.m5.large", "db.m5.large", 2, 8, "current", 0.171, note="test")
M6G = DbClass("db.m6g.large", "db.m6g.large", 2, 8, "current", 0.152, note="test")
M7G = DbClass("db.m7g.large", "db.m7g.large", 2, 8, "current", None, note="test")
R5 = DbClass("db.r5.large", "db.r5.large", 2, 16, "current", 0.25, note="test")
R7G = DbClass("db.r7g.large", "db.r7g.large", 2, 16, "current", None, note="test")


def test_priced_classes_come_first_cheapest_first_then_unpriced_by_memory():
    ranked = sorted((R7G, M7G, R5, M5, M6G), key=rules.pick_key)
    assert [c.name for c in ranked] == [
        "db.m6g.large", "db.m5.large", "db.r5.large", "db.m7g.large", "db.r7g.large"]


def test_pick_takes_the_cheapest_priced_class_over_an_unpriced_one():
    # mysql on 8 GiB: round(8e9 / 12582880) = 636 connections
    assert rules.pick_db_class((M7G, M5, M6G), "mysql", 600, 2) is M6G


# --- sizing.layout: services of equal memory place the larger CPU reservation first ---------


def test_equal_memory_places_the_larger_cpu_first():
    # Two hosts of 8 CPU units in one AZ: 3 x 4 units then 2 x 1 unit fits (h0: 4+4,
    # h1: 4+1+1); the small ones first spread to both hosts and leave 3 free on each.
    big = layout.Service("big", 3, 10, 4, False)
    small = layout.Service("small", 2, 10, 1, False)
    fleet = layout.place((small, big), hosts=2, azs=1, memory_mib=1000, cpu_units=8)
    assert fleet is not None
    assert [h.tasks for h in fleet] == [["big", "big"], ["big", "small", "small"]]
    assert [h.reserved_cpu for h in fleet] == [8, 6]


# --- sizing.workload: the send rate a load stands for ---------------------------------------


@pytest.mark.parametrize(("load", "receipts", "inbound", "rate"), [
    (100.0, 1.0, 0.0, 100.0),  # the benchmark's mix: 200 events over 2 per message
    (100.0, 2.0, 20.0, 60.0),  # 200 events - 20 inbound = 180, over 3 per message
    (100.0, 0.0, 0.0, 200.0),  # no receipts: each message is one event
    (10.0, 1.0, 50.0, 0.0),  # inbound alone is more than the load: never below zero
])
def test_rate_for_load(load, receipts, inbound, rate):
    assert workload.rate_for_load(load, receipts, inbound) == pytest.approx(rate)
