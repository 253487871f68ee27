"""Sizing v2: media as the vendor benchmarked it, packing by memory and CPU, the vendor's limits,
receipts and inbound load, and the host layout. Expected values are the vendor's figures as its
template writes them, or computed here by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sizing import data, layout, plan, vendor_v3
from sizing.errors import SizingError

# --- the vendor's v3.0.3 wa_ent.yml Mappings, as written there ----------------------------------
# MessageTypeMapToInstanceType, columns 10/20/40/80/120/160/200/250/300/350, in the template's
# own names (InstanceTypeMapping.InstanceTypeValues turns them into instance types).
V3_COLUMNS = (10, 20, 40, 80, 120, 160, 200, 250, 300, 350)
V3_INSTANCE_VALUES = {"largeC5": "c5.large", "xlargeC5": "c5.xlarge", "2xlargeC5": "c5.2xlarge",
                      "4xlargeC5": "c5.4xlarge", "9xlargeC5": "c5.9xlarge"}
V3_TYPE_MAP = {
    "text": "largeC5 " * 10,
    "image1MB": "xlargeC5 " * 8 + "2xlargeC5 " * 2,
    "image2MB": "2xlargeC5 " + "4xlargeC5 " * 9,
    "image4MB": "4xlargeC5 " * 10,
    "video": "largeC5 " * 5 + "xlargeC5 " * 5,
    "audio": "largeC5 " * 10,
    "doc": "largeC5 " * 10,
}
V3_MEMORY_LIMITS = {"largeC5": 1400, "xlargeC5": 3600, "2xlargeC5": 7000, "4xlargeC5": 14900,
                    "9xlargeC5": 37900}
V3_SHARDS = {10: 2, 20: 2, 40: 4, 80: 8, 120: 16, 160: 16, 200: 32, 250: 32, 300: 32, 350: 32}
V3_WEBAPPS = {10: 2, 20: 2, 40: 2, 80: 2, 120: 2, 160: 2, 200: 2, 250: 3, 300: 3, 350: 3}
V3_CE_HOSTS = {2: 2, 4: 3, 8: 5, 16: 9, 32: 17}
MEDIA = ("image1MB", "image2MB", "image4MB", "video", "audio", "doc")


def test_vendor_figures_are_the_templates():
    assert vendor_v3.THROUGHPUTS == V3_COLUMNS
    for message_type, names in V3_TYPE_MAP.items():
        assert vendor_v3.HOST_TYPES[message_type] == tuple(
            V3_INSTANCE_VALUES[n] for n in names.split())
    memory = {V3_INSTANCE_VALUES[n]: mib for n, mib in V3_MEMORY_LIMITS.items()}
    assert memory == vendor_v3.COST_EFFECTIVE_COREAPP_MIB
    assert dict(zip(V3_COLUMNS, vendor_v3.SHARDS, strict=True)) == V3_SHARDS
    assert dict(zip(V3_COLUMNS, vendor_v3.WEBAPPS, strict=True)) == V3_WEBAPPS
    assert vendor_v3.COST_EFFECTIVE_COREAPP_HOSTS == V3_CE_HOSTS
    assert (vendor_v3.SUPPORT_LIMIT_MSG_S, vendor_v3.BENCHMARK_LIMIT_MSG_S) == (250, 350)
    assert tuple(V3_TYPE_MAP) == data.MESSAGE_TYPES


@pytest.mark.parametrize(("load", "column"), [
    (0.1, 10), (10, 10), (10.01, 20), (100, 120), (120, 120), (200, 200), (250.5, 300),
    (350, 350), (400, 350),
])
def test_a_load_reads_the_vendors_column_at_or_above_it(load, column):
    assert vendor_v3.THROUGHPUTS[vendor_v3.column(load)] == column


# a vendor host and what a Coreapp reserves on it: its cost-effective memory, half its vCPU
LARGE = ("c5.large", 1400, 1024)
XLARGE = ("c5.xlarge", 3600, 2048)
XLARGE2 = ("c5.2xlarge", 7000, 4096)
XLARGE4 = ("c5.4xlarge", 14900, 8192)


@pytest.mark.parametrize(("message_type", "rate", "reserved"), [
    # the vendor's host for the column
    ("image1MB", 120, XLARGE),
    ("image1MB", 300, XLARGE2),
    ("image2MB", 10, XLARGE2),
    ("image2MB", 11, XLARGE4),
    ("image4MB", 10, XLARGE4),
    ("video", 120, LARGE),
    ("video", 121, XLARGE),
    ("audio", 350, LARGE),
    ("doc", 50, LARGE),
    # text keeps the v2.3.5 reservation the seed's benchmark ran with
    ("text", 400, ("c5.large", 1024, 512)),
    # the old names
    ("image", 120, XLARGE),
    ("document", 50, LARGE),
])
def test_each_message_type_reserves_the_vendors_figures(message_type, rate, reserved):
    p = plan(rate, message_type=message_type)
    assert (p.host_type, p.coreapp_memory_mib, p.coreapp_cpu_units) == reserved
    assert (p.master_memory_mib, p.master_cpu_units, p.webapp_memory_mib,
            p.webapp_cpu_units) == (1024, 256, 512, 512)


def test_the_seeds_benchmark_cluster_is_unchanged():
    p = plan()
    assert (p.shards, p.total_coreapps, p.ec2_min, p.ec2_desired, p.ec2_max, p.db_class) == (
        8, 9, 3, 5, 5, "db.m6g.2xlarge")
    assert (p.hosts_by_memory, p.hosts_by_cpu) == (5, 4)  # 13824 / 3133.1; 6912 / 1740.8


# --- receipts and inbound -----------------------------------------------------------------------

@pytest.mark.parametrize(("rate", "receipts", "inbound", "load"), [
    (100, 1, 0, 100),  # the benchmark's own mix
    (100, 0, 0, 50),  # no receipt events: half the events (seed 004: "by 50%")
    (100, 2, 0, 150),  # delivered and read
    (100, 2, 50, 175),  # (300 + 50) / 2
    (10, 1, 390, 205),  # (20 + 390) / 2
])
def test_receipts_and_inbound_count_as_load(rate, receipts, inbound, load):
    p = plan(rate, receipts=receipts, inbound_msg_s=inbound)
    assert p.load_msg_s == load
    assert p.shards == {50: 4, 100: 8, 150: 16, 175: 16, 205: 32}[load]
    assert p.load_per_shard_msg_s == load / p.shards


def test_a_load_beyond_32_shards_names_the_values_and_the_limit():
    with pytest.raises(SizingError, match=r"^load 450 msg/s \(rate 300 x \(1 \+ 2 receipts\) \+ "
                       r"0 inbound, over 2 events per benchmark message\) is out of range: "
                       r"allowed load <= 400 msg/s"):
        plan(300, receipts=2)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"receipts": 2.5}, "receipts 2.5 is out of range: allowed 0 to 2"),
    ({"receipts": -1}, "receipts -1 is out of range: allowed 0 to 2"),
    ({"inbound_msg_s": 401}, "inbound 401 is out of range: allowed 0 to 400 msg/s"),
    ({"message_type": "gif"}, "message type 'gif' is unknown: allowed text, image1MB"),
])
def test_bad_workload_inputs_are_refused_in_one_line(kwargs, message):
    with pytest.raises(SizingError, match=f"^{message}"):
        plan(100, **kwargs)


def test_inbound_alone_filling_the_shards_is_refused():
    with pytest.raises(SizingError, match=r"inbound 400 msg/s alone fills what 8 shards carry "
                       r"\(100 msg/s\)"):
        plan(shards=8, inbound_msg_s=400)


# --- the vendor's limits ------------------------------------------------------------------------

@pytest.mark.parametrize(("rate", "limits"), [
    (250, []), (250.5, [250]), (350, [250]), (351, [250, 350]), (400, [250, 350])])
def test_warnings_name_the_vendors_limits_and_their_source(rate, limits):
    found = [w for w in plan(rate).warnings if "the vendor" in w]
    assert len(found) == len(limits)
    for warning, limit in zip(found, limits, strict=True):
        assert f"load {rate:g} msg/s is above" in warning
        assert f"{limit} msg/s" in warning
        assert "deployment-templates README" in warning


def test_a_send_rate_above_the_limits_warns_whatever_the_load():
    # no receipts: a load of 150, but 300 messages a second go out
    assert [w.split(" (")[0] for w in plan(300, receipts=0).warnings if "vendor" in w] == [
        "send rate 300 msg/s is above the vendor's support limit, 250 msg/s"]


def test_float_noise_does_not_cross_a_shard_boundary():
    p = plan(5.9, receipts=0.1, inbound_msg_s=18.51)  # (6.49 + 18.51) / 2 = 12.5
    assert (p.load_msg_s, p.shards) == (12.5, 1)


def test_the_limits_apply_to_the_load_not_only_the_send_rate():
    assert [w for w in plan(200, receipts=2).warnings if "vendor" in w] == [
        "load 300 msg/s is above the vendor's support limit, 250 msg/s (the vendor's "
        "deployment-templates README: no support above it)"]


# --- against the vendor's cost-effective layout -----------------------------------------------

SPECS = {"c5.large": (2, 4), "c5.xlarge": (4, 8), "c5.2xlarge": (8, 16), "c5.4xlarge": (16, 32)}


def _vendor_hosts(message_type: str, rate: int) -> tuple[tuple[int, float], tuple[int, float]]:
    """(vCPU, GiB) of v3's cost-effective Coreapp hosts and of its Webapp hosts, from the figures
    above (not vendor_v3)."""
    column = V3_COLUMNS.index(rate)
    host = V3_INSTANCE_VALUES[V3_TYPE_MAP[message_type].split()[column]]
    coreapp_hosts = V3_CE_HOSTS[V3_SHARDS[rate]]
    web_hosts = V3_WEBAPPS[rate]  # c5.large each
    return ((coreapp_hosts * SPECS[host][0], coreapp_hosts * SPECS[host][1]),
            (web_hosts * 2, web_hosts * 4))


@pytest.mark.parametrize("env", data.ENVIRONMENTS)
@pytest.mark.parametrize("isolate", [False, True])
@pytest.mark.parametrize("message_type", MEDIA)
@pytest.mark.parametrize("rate", V3_COLUMNS)
def test_media_get_at_least_the_vendors_resources_or_the_reason(message_type, rate, isolate,
                                                                  env):
    p = plan(rate, message_type=message_type, isolate_coreapps=isolate, env=env)
    coreapp_hosts, web_hosts = _vendor_hosts(message_type, rate)
    vcpu, gib = coreapp_hosts[0] + web_hosts[0], coreapp_hosts[1] + web_hosts[1]
    assert (p.vendor_vcpu, p.vendor_memory_gib) == (vcpu, gib)
    ours = (p.ec2_desired * SPECS[p.host_type][0], p.ec2_desired * SPECS[p.host_type][1])
    explained = p.rule_for("hosts_vcpu").rule
    if ours[0] >= vcpu and ours[1] >= gib:
        assert "below it" not in explained
        return
    # below: each reason given must hold, and at least one must
    assert "below it because" in explained and "no reason known" not in explained
    more_shards = V3_SHARDS[rate] > p.shards
    assert ("below it because v3 runs" in explained) == more_shards
    if more_shards:
        assert f"v3 runs {V3_SHARDS[rate]} shards at {rate} msg/s" in explained
    own_web_hosts = ours[0] >= coreapp_hosts[0] and ours[1] >= coreapp_hosts[1]
    assert ("v3 gives its Webapps and Masters" in explained) == own_web_hosts
    assert more_shards or own_web_hosts


def test_the_shards_rule_says_where_v3_chose_differently():
    assert "vendor v3 chose 32 at 200 msg/s (6.25 msg/s per shard)" in plan(200).rule_for(
        "shards").rule
    assert "vendor v3 chose the same at 80 msg/s" in plan(80).rule_for("shards").rule


# --- packing by memory and CPU ------------------------------------------------------------------

loads = st.floats(min_value=0.5, max_value=400, allow_nan=False)
workloads = st.fixed_dictionaries({
    "rate_msg_s": loads,
    "message_type": st.sampled_from(data.MESSAGE_TYPE_CHOICES),
    "env": st.sampled_from(data.ENVIRONMENTS),
    "isolate_coreapps": st.booleans(),
    "spares": st.integers(0, 3),
})


def _check_layout(p, hosts: list[layout.Host]) -> None:
    """What ECS would accept, computed from the layout alone."""
    assert sum(h.tasks.count("coreapp") for h in hosts) == p.total_coreapps
    assert sum(h.tasks.count("master") for h in hosts) == p.masters
    assert sum(h.tasks.count("web") for h in hosts) == p.webapps
    size = {"coreapp": (p.coreapp_memory_mib, p.coreapp_cpu_units),
            "master": (1024, 256), "web": (512, 512)}
    for h in hosts:
        assert sum(size[t][0] for t in h.tasks) <= p.usable_host_memory_mib
        assert sum(size[t][1] for t in h.tasks) <= data.HOST_TYPES[p.host_type].vcpu * 1024
        assert h.tasks.count("master") <= 1
        if p.isolate_coreapps:
            assert h.tasks.count("coreapp") <= 1


@settings(max_examples=60, deadline=None)
@given(workloads)
@example({"rate_msg_s": 100, "message_type": "text", "env": "production",
          "isolate_coreapps": False, "spares": 1})
@example({"rate_msg_s": 350, "message_type": "image4MB", "env": "production",
          "isolate_coreapps": False, "spares": 1})
def test_hosts_hold_both_reservations_below_the_threshold_and_every_container(inputs):
    p = plan(**inputs)
    cpu = data.HOST_TYPES[p.host_type].vcpu * 1024
    size = {"coreapp": (p.coreapp_memory_mib, p.coreapp_cpu_units),
            "master": (1024, 256), "web": (512, 512)}
    # both resources below the scale-out threshold on average
    assert p.reserved_memory_mib <= p.hosts_needed * p.usable_host_memory_mib * 0.85
    assert p.reserved_cpu_units <= p.hosts_needed * cpu * 0.85
    assert p.hosts_by_memory == math.ceil(
        p.reserved_memory_mib / (p.usable_host_memory_mib * 0.85))
    assert p.hosts_by_cpu == math.ceil(p.reserved_cpu_units / (cpu * 0.85))
    assert p.reserved_cpu_units == (p.total_coreapps * p.coreapp_cpu_units + p.masters * 256
                                    + p.webapps * 512)
    for azs in (2, 3, 4):
        hosts = p.layout(azs)
        assert len(hosts) == p.ec2_desired
        _check_layout(p, hosts)
        assert {h.az for h in hosts} == set(range(azs)) or p.ec2_desired < azs
    # a rolling update (one more Coreapp, one more Webapp) and the Coreapp-sized database
    # upgrade task find room at the desired count
    extras = (layout.Service("coreapp", 1, p.coreapp_memory_mib, p.coreapp_cpu_units, False),
              layout.Service("web", 1, 512, 512, False))
    for azs in (2, 3, 4):
        hosts = p.layout(azs)
        for extra in extras:
            assert any(
                sum(size[t][0] for t in h.tasks) + extra.memory_mib <= p.usable_host_memory_mib
                and sum(size[t][1] for t in h.tasks) + extra.cpu_units <= cpu for h in hosts)
    # one host fewer breaks a bound or leaves a container (or the extra task) without room
    fewer = p.hosts_needed - 1
    bounds = max(p.hosts_by_memory, p.hosts_by_cpu, p.masters,
                 p.total_coreapps if p.isolate_coreapps else 0)
    assert fewer < bounds or not all(
        layout.place(p.services(), fewer, azs, p.usable_host_memory_mib, cpu, extras)
        for azs in (2, 3, 4))
    # tasks waiting for CPU or a host of their own reserve no memory: all hosts from the start
    if p.hosts_needed > p.hosts_by_memory:
        assert p.ec2_min == p.ec2_desired == p.hosts_needed


# --- monotonicity -------------------------------------------------------------------------------

def _resources(p) -> tuple:
    return (p.shards, p.total_coreapps, p.webapps, p.ec2_desired * p.host_vcpu,
            p.ec2_desired * p.host_memory_gib, p.required_connections, p.db_vcpu,
            p.db_max_connections)


def _more_or_equal(a: tuple, b: tuple) -> bool:
    return all(x >= y for x, y in zip(a, b, strict=True))


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(data.MESSAGE_TYPES), st.booleans(), loads, loads,
       st.floats(0, 2), st.floats(0, 2), st.floats(0, 100), st.floats(0, 100))
@example("image1MB", False, 250, 250.5, 1, 1, 0, 0)  # the host grows to c5.2xlarge
@example("video", True, 120, 121, 1, 1, 0, 0)
def test_more_rate_receipts_or_inbound_never_gives_fewer_resources(
        message_type, isolate, rate_a, rate_b, receipts_a, receipts_b, inbound_a, inbound_b):
    low = (min(rate_a, rate_b), min(receipts_a, receipts_b), min(inbound_a, inbound_b))
    high = (max(rate_a, rate_b), max(receipts_a, receipts_b), max(inbound_a, inbound_b))
    try:
        bigger = plan(high[0], receipts=high[1], inbound_msg_s=high[2],
                      message_type=message_type, isolate_coreapps=isolate)
    except SizingError:
        return  # beyond 400 msg/s of load: refused, not sized smaller
    smaller = plan(low[0], receipts=low[1], inbound_msg_s=low[2], message_type=message_type,
                   isolate_coreapps=isolate)
    assert _more_or_equal(_resources(bigger), _resources(smaller))
