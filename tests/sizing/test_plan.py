"""plan(): shards, counts, hosts, the DB pick and the rule behind every number."""

import dataclasses

import pytest

from sizing import SizingError, data, plan, rules
from sizing.surfaces import as_option
from tests.support.refusals import one_line_refusal


def test_default_plan_is_the_seeds_benchmark_cluster_with_tls_on():
    p = plan()
    assert (p.rate_msg_s, p.shards, p.total_coreapps, p.masters, p.webapps) == (100, 8, 9, 3, 3)
    assert (p.ec2_min, p.ec2_max, p.host_type) == (3, 5, "c5.large")
    assert p.ssl is True  # as the vendor's templates default it
    assert (p.estimated_connections, p.required_connections) == (1190, 1488)
    assert p.db_class == "db.m6g.2xlarge"  # the vCPU floor decides it, TLS or not
    plain = plan(ssl=False)  # the seed measured 700 connections without TLS
    assert (plain.estimated_connections, plain.required_connections) == (700, 875)
    assert plain.db_class == p.db_class


@pytest.mark.parametrize(
    ("rate", "shards"),
    [
        (1, 1),
        (12.5, 1),
        (12.6, 2),
        (25, 2),
        (50, 4),
        (100, 8),
        (101, 16),
        (150, 16),
        (200, 16),
        (250, 32),
        (400, 32),
    ],
)
def test_rate_picks_the_smallest_shard_option_that_carries_it(rate, shards):
    assert plan(rate).shards == shards


def test_rate_beyond_what_32_shards_carry_is_refused():
    with pytest.raises(SizingError, match=r"rate 401 msg/s is out of range: allowed 0 < rate"):
        plan(401)


def test_too_few_shards_for_the_rate_warns_with_the_recommendation():
    p = plan(250, 8)
    assert p.shards == 8
    # spelled as wa-deploy and the CDK app take it, unless the caller says otherwise
    assert p.warnings == (
        "8 shards carry 100 msg/s, less than the load of 250 msg/s: use -c shards=32",)
    assert plan(250, 8, spelling=as_option).warnings == (
        "8 shards carry 100 msg/s, less than the load of 250 msg/s: use --shards 32",)


def test_shards_alone_size_for_the_rate_they_carry():
    assert plan(shards=16).rate_msg_s == 200
    assert plan(shards=16).warnings == ()
    # 32 shards carry 400 msg/s: beyond what the vendor supports (250) and benchmarked (350)
    assert plan(shards=32).rate_msg_s == 400
    assert [w.split(",")[0] for w in plan(shards=32).warnings] == [
        "load 400 msg/s is above the vendor's support limit",
        "load 400 msg/s is above the highest load the vendor benchmarked"]
    # with read receipts (2 per message) the same shards carry a lower send rate:
    # (rate x 3 + 0) / 2 = 200 -> 133.33 msg/s
    assert plan(shards=16, receipts=2).rate_msg_s == pytest.approx(400 / 3)


@pytest.mark.parametrize(("shards", "cap"), [(2, 3), (4, 4), (8, 5), (16, 8), (32, 15)])
@pytest.mark.parametrize("env", ["production", "staging"])
def test_ec2_max_follows_the_caps_table(shards, cap, env):
    p = plan(shards=shards, env=env)
    assert p.ec2_cap == cap
    assert p.ec2_max == cap  # the default containers fit under every cap
    assert p.ec2_min == {"production": 3, "staging": 2}[env]  # seed 000 default EC2 counts


@pytest.mark.parametrize(("env", "ec2_max"), [("production", 4), ("staging", 3)])
def test_single_shard_uses_the_env_type_maximum(env, ec2_max):
    assert plan(shards=1, env=env).ec2_max == ec2_max


@pytest.mark.parametrize(("shards", "containers"), [(2, 3), (4, 5), (8, 9), (16, 17), (32, 33)])
def test_one_spare_coreapp_by_default_like_the_vendor(shards, containers):
    assert plan(shards=shards).total_coreapps == containers


def test_env_defaults_apply_for_plain_ha():
    prod, staging = plan(shards=1), plan(shards=1, env="staging")
    assert (prod.ec2_min, prod.webapps, prod.total_coreapps, prod.masters) == (3, 3, 3, 3)
    assert (staging.ec2_min, staging.webapps, staging.total_coreapps, staging.masters) == (
        2,
        2,
        2,
        2,
    )


def test_spares_add_coreapps_and_memory():
    one, three = plan(shards=4), plan(shards=4, spares=3)
    assert three.total_coreapps - one.total_coreapps == 2
    assert three.reserved_memory_mib - one.reserved_memory_mib == 2 * 1024  # vendor v2.3.5


def test_host_arithmetic_is_shown_and_consistent():
    p = plan(250, 32, ssl=True)
    assert p.reserved_memory_mib == 33 * 1024 + 3 * 1024 + 4 * 512
    assert p.hosts_needed == 13  # ceil(38912 / (3686 x 0.85 = 3133.1) = 12.42)
    assert p.hosts_needed * p.usable_host_memory_mib * 0.85 >= p.reserved_memory_mib
    assert "38912 MiB" in p.rule_for("hosts_needed").rule


def test_capped_fleet_too_small_raises_the_max_and_says_so():
    p = plan(shards=8, spares=6)
    assert p.hosts_needed > p.ec2_cap
    assert p.ec2_max == p.hosts_needed
    assert any("EC2 max raised from the cap 5" in w for w in p.warnings)


def test_isolation_puts_one_coreapp_per_host_beyond_the_cap():
    p = plan(shards=8, isolate_coreapps=True)
    assert p.ec2_min == p.ec2_desired == p.ec2_max == 9
    assert p.warnings == ("EC2 max raised from the cap 5 to 9: one Coreapp per host",)


def test_media_hosts_are_the_vendors_and_the_old_names_are_aliases():
    # vendor v3 MessageTypeMapToInstanceType at 120 msg/s (the column for 100)
    assert plan(message_type="video").host_type == "c5.large"
    assert plan(200, message_type="video").host_type == "c5.xlarge"
    assert plan(message_type="image").host_type == "c5.xlarge"
    assert plan(message_type="image").message_type == "image1MB"
    assert plan(message_type="document").message_type == "doc"
    assert plan(message_type="image2MB").host_type == "c5.4xlarge"
    assert plan(300, message_type="image1MB").host_type == "c5.2xlarge"


def test_seed_table_reproduces_the_vendors_own_db_choices():
    assert plan(100, 8, table="seed").db_class == "db.m4.2xlarge"
    assert plan(250, 32, ssl=True, table="seed").db_class == "db.m4.4xlarge"


def test_vcpu_floor_keeps_100_msg_s_off_a_two_vcpu_database():
    p = plan(100, ssl=False)
    assert p.required_connections <= 1272  # a 2-vCPU r-class would hold the connections
    assert p.db_vcpu >= 8


def test_production_never_gets_a_burstable_class_and_staging_may():
    assert not plan(100).db_class.startswith("db.t")
    assert plan(100, env="staging").db_class.startswith("db.t")


def test_postgres_and_aurora_use_their_own_connection_figures():
    assert plan(250, 32, ssl=True, engine="postgres").db_max_connections == 5000
    aurora = plan(250, 32, ssl=True, engine="aurora-mysql")
    assert aurora.db_class.startswith("db.r")
    assert aurora.db_max_connections == 4000


def test_no_class_large_enough_names_the_need_and_the_largest():
    with pytest.raises(
        SizingError,
        match=r"need \d+ connections .* largest available is "
        r"db\.r6g\.16xlarge with 6000 connections",
    ):
        plan(400, ssl=True, engine="aurora-mysql", table="all", headroom_pct=300)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"shards": 3}, "shards 3 is not an option: allowed 1, 2, 4, 8, 16, 32"),
        ({"rate_msg_s": 0}, "rate 0 msg/s is out of range"),
        ({"rate_msg_s": float("nan")}, "rate nan is not a number: allowed 0 < rate"),
        ({"spares": -1}, "spares -1 is out of range: allowed 0 to 32"),
        ({"spares": 1_000_000}, "spares 1000000 is out of range: allowed 0 to 32"),
        ({"headroom_pct": -5}, "headroom -5 is out of range: allowed 0 to 1000 %"),
        ({"headroom_pct": float("inf")}, "headroom inf is out of range: allowed 0 to 1000 %"),
        ({"headroom_pct": float("nan")}, "headroom nan is not a number: allowed 0 to 1000 %"),
        ({"headroom_pct": 1001}, "headroom 1001 is out of range: allowed 0 to 1000 %"),
        ({"rate_msg_s": float("inf")}, "rate inf msg/s is out of range"),
        ({"engine": "oracle"}, "engine 'oracle' is unknown: allowed mysql, postgres, aurora-mysql"),
        ({"env": "dev"}, "env 'dev' is unknown: allowed production, staging"),
        ({"message_type": "gif"}, "message_type 'gif' is unknown"),
        ({"table": "old"}, "table 'old' is unknown: allowed current, seed, all"),
    ],
)
def test_bad_input_is_one_line_naming_value_and_range(kwargs, message):
    assert message in one_line_refusal(plan, **kwargs)


def test_every_number_has_its_rule_and_source():
    p = plan(250, 32, ssl=True)
    keys = {r.key for r in p.rules}
    assert {
        "shards",
        "total_coreapps",
        "masters",
        "webapps",
        "host_type",
        "hosts_needed",
        "ec2_min",
        "ec2_desired",
        "ec2_max",
        "ec2_cap",
        "estimated_connections",
        "required_connections",
        "required_db_vcpu",
        "db_class",
        "db_max_connections",
        "monthly_cost_usd",
        "memory_scaling",
    } <= keys
    assert all(r.rule and r.source for r in p.rules)


def test_plan_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan().shards = 16


def test_cost_counts_hosts_and_both_db_instances():
    p = plan(100)
    # + 2 NAT gateways with their addresses, the load balancer, 14 keys, 4 secrets, CloudWatch
    # (23 alarms, a dashboard, 24 probe series, a PutMetricData call a minute)
    fixed = 2 * (0.045 + 0.005) * 730 + 0.0225 * 730 + 14 + 4 * 0.4 + (
        23 * 0.1 + 3 + 24 * 0.3 + 60 * 730 / 1000 * 0.01)
    # 5 hosts with a 30 GiB gp3 root volume each, 2 DB instances with 100 GiB each
    expected = (5 * 0.085 + 2 * 0.608) * 730 + 5 * 30 * 0.08 + 2 * 100 * 0.115 + fixed
    assert p.monthly_cost_usd == pytest.approx(expected, abs=0.01)
    assert p.price_date == "2024-06"


def test_unpriced_classes_rank_after_priced_ones_and_by_memory_among_themselves():
    r7g = tuple(c for c in data.CURRENT_CLASSES if c.family == "r7g")
    assert rules.pick_db_class(r7g, "mysql", 100, 1).name == "db.r7g.large"
    assert rules.pick_db_class(r7g, "mysql", 2000, 1).name == "db.r7g.xlarge"
    r6g = tuple(c for c in data.CURRENT_CLASSES if c.family == "r6g")
    assert rules.pick_db_class(r7g + r6g, "mysql", 100, 1).name == "db.r6g.large"


def test_the_cost_at_the_maximum_counts_the_hosts_the_fleet_may_grow_to():
    # 100 msg/s on 32 shards in staging: 12 hosts wanted, 15 allowed (wa-size's plan)
    small = plan(100, 32, env="staging")
    assert (small.ec2_desired, small.ec2_max) == (12, 15)
    assert small.monthly_cost_at_max_usd > small.monthly_cost_usd
    # the default runs at its maximum: both costs are the same
    default = plan()
    assert default.monthly_cost_at_max_usd == default.monthly_cost_usd


def test_plan_reads_rate_and_shards_as_the_table_does():
    assert plan(rate_msg_s="50") == plan(50)
    assert plan(shards="4") == plan(None, 4)
    with pytest.raises(SizingError, match=r"^rate True is not a number"):
        plan(rate_msg_s=True)
