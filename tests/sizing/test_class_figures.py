"""The current-generation class list against published figures (AWS instance specs; RDS for
MySQL on-demand list prices, us-east-1, Single-AZ, as of the price date): written out here,
so a slip in how sizing/data.py builds the list (a size, the memory of an r family, the price
scaling) shows."""

import pytest

from sizing import data

CLASSES = {c.name: c for c in data.CURRENT_CLASSES}


@pytest.mark.parametrize(("name", "vcpu", "memory_gib", "price_hour_usd"), [
    ("db.m6g.large", 2, 8, 0.152),
    ("db.m6g.xlarge", 4, 16, 0.304),
    ("db.m6g.2xlarge", 8, 32, 0.608),
    ("db.m6g.4xlarge", 16, 64, 1.216),
    ("db.r6g.large", 2, 16, None),
    ("db.r6g.2xlarge", 8, 64, None),
])
def test_published_vcpu_memory_and_price(name, vcpu, memory_gib, price_hour_usd):
    found = CLASSES[name]
    assert (found.vcpu, found.memory_gib, found.generation) == (vcpu, memory_gib, "current")
    if price_hour_usd is not None:
        assert found.price_hour_usd == price_hour_usd
    assert found.rds_name == name
