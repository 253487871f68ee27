"""The tables in sizing/data.py against the seed's published figures and the engine formulas."""

import pytest

from sizing import data, rules
from tests.sizing.seed_tables import SEED_FIGURES


def test_seed_table_keeps_the_seeds_twenty_names_and_figures():
    assert {c.name: c.seed_max_connections for c in data.SEED_CLASSES} == SEED_FIGURES


@pytest.mark.parametrize("db_class", data.SEED_CLASSES, ids=lambda c: c.name)
def test_every_seed_figure_follows_the_mysql_formula_from_memory(db_class):
    assert rules.max_connections("mysql", db_class) == SEED_FIGURES[db_class.name]


def test_seed_r4_10xlarge_is_really_r4_8xlarge_and_says_so():
    odd = next(c for c in data.SEED_CLASSES if c.name == "db.r4.10xlarge")
    assert odd.rds_name == "db.r4.8xlarge"
    assert odd.memory_gib == 244
    assert "does not exist" in odd.note


def test_current_generation_covers_the_families_asked_for():
    families = {c.family for c in data.CURRENT_CLASSES}
    assert families == {"t3", "t4g", "m5", "m6g", "m6i", "m7g", "r5", "r6g", "r6i", "r7g"}
    assert all(c.generation == "current" for c in data.CURRENT_CLASSES)
    assert all(c.generation == "previous" for c in data.SEED_CLASSES)


def test_memory_optimised_class_has_twice_the_general_purpose_memory():
    by_name = {c.name: c for c in data.CURRENT_CLASSES}
    assert by_name["db.r6g.2xlarge"].memory_gib == 2 * by_name["db.m6g.2xlarge"].memory_gib == 64
    assert rules.max_connections("mysql", by_name["db.m5.2xlarge"]) == 2543


def test_postgres_formula_is_capped_at_5000():
    by_name = {c.name: c for c in data.ALL_CLASSES}
    assert rules.max_connections("postgres", by_name["db.m5.large"]) == 839  # 8e9/9531392 = 839.3
    assert rules.max_connections("postgres", by_name["db.r5.16xlarge"]) == 5000


def test_aurora_uses_the_published_table_and_rejects_non_memory_classes():
    by_name = {c.name: c for c in data.ALL_CLASSES}
    assert rules.max_connections("aurora-mysql", by_name["db.r6g.large"]) == 1000
    assert (
        rules.max_connections(
            "aurora-mysql",
            by_name["db.r5.24xlarge"] if "db.r5.24xlarge" in by_name else by_name["db.r5.16xlarge"],
        )
        == 6000
    )
    assert rules.max_connections("aurora-mysql", by_name["db.m5.large"]) is None


def test_unpriced_classes_say_so_and_priced_ones_are_positive():
    unpriced = {c.family for c in data.ALL_CLASSES if c.price_hour_usd is None}
    assert unpriced == {"m7g", "r7g"}
    assert all(c.price_hour_usd > 0 for c in data.ALL_CLASSES if c.price_hour_usd is not None)


def test_caps_table_matches_the_seed():
    assert data.EC2_MAX_BY_ACTIVE_COREAPPS == {2: 3, 4: 4, 8: 5, 16: 8, 32: 15}
