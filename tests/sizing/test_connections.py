"""The DB connection model: the three published points and monotonicity."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sizing import data, rules

# seed 000 "RDS Instance Sizing", as printed (SSL on for the 32-Coreapp point: the vendor's
# database for it had connection encryption enabled)
SEED_POINTS = [(8, 100, False, 700), (8, 100, True, 1200), (32, 250, True, 1700)]


@pytest.mark.parametrize(("coreapps", "rate", "ssl", "published"), SEED_POINTS)
def test_model_reproduces_each_published_point_within_ten_percent(coreapps, rate, ssl, published):
    estimate = rules.estimated_connections(coreapps, rate, ssl)
    assert abs(estimate - published) / published <= 0.10


def test_model_fit_is_within_one_percent_on_all_three_points():
    worst = max(
        abs(rules.estimated_connections(c, r, s) - p) / p
        for c, r, s, p in SEED_POINTS
    )
    assert worst < 0.01


def test_model_never_decreases_over_the_whole_grid():
    rates = [0.5, 1, 10, 50, 100, 150, 250, 399, 400]
    for shards, rate, ssl in itertools.product(data.SHARD_OPTIONS, rates, (False, True)):
        here = rules.estimated_connections(shards, rate, ssl)
        if ssl is False:
            assert rules.estimated_connections(shards, rate, True) >= here
        bigger = [s for s in data.SHARD_OPTIONS if s > shards]
        if bigger:
            assert rules.estimated_connections(bigger[0], rate, ssl) >= here


@given(
    shards=st.sampled_from(data.SHARD_OPTIONS),
    rate=st.floats(min_value=0.01, max_value=400),
    more=st.floats(min_value=0, max_value=400),
    ssl=st.booleans(),
)
def test_model_is_monotone_in_rate(shards, rate, more, ssl):
    higher = min(rate + more, 400)
    assert rules.estimated_connections(shards, higher, ssl) >= rules.estimated_connections(
        shards, rate, ssl
    )


def test_headroom_rounds_up():
    assert rules.with_headroom(700, 25) == 875
    assert rules.with_headroom(701, 25) == 877
    assert rules.with_headroom(700, 0) == 700
