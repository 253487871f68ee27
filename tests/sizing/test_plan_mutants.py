"""plan() behaviour that the other tests left open (found by mutation testing). Expected values
are worked out by hand from sizing/data.py and sizing/vendor_v3.py, as noted at each test."""

from __future__ import annotations

import pytest

from sizing import vendor_v3
from sizing.errors import SizingError
from sizing.plan import below_vendor_reasons, plan


def test_given_shards_with_inbound_leave_a_send_rate_below_one():
    # 1 shard carries 12.5 msg/s = 25 events/s; 24 inbound leave 1 event/s, and with one
    # receipt per message that is a send rate of 0.5 msg/s: small, but a valid plan
    p = plan(shards=1, inbound_msg_s=24)
    assert p.rate_msg_s == 0.5
    assert p.load_msg_s == 12.5


def test_load_out_of_range_names_the_largest_shard_option():
    # 400 msg/s with 2 receipts: 400 x 3 / 2 = 600 msg/s of load, above what 32 shards carry
    with pytest.raises(SizingError, match=r"allowed load <= 400 msg/s \(what 32 shards carry\)$"):
        plan(400, receipts=2)


# vendor v3 for image1MB at load 100: 9 x c5.xlarge (4 vCPU, 8 GiB) hold its Coreapps
WEB_REASON = ("v3 gives its Webapps and Masters 2 x c5.large of their own; ours share the "
              "Coreapps' hosts, which alone hold at least v3's 9 x c5.xlarge")


@pytest.mark.parametrize(("vcpu", "gib", "reasons"), [
    (36, 72, [WEB_REASON]),   # exactly 9 x 4 vCPU and 9 x 8 GiB
    (35, 72, []),             # one vCPU short
    (36, 71.5, []),           # half a GiB short
])
def test_web_hosts_reason_needs_both_vcpu_and_memory_of_the_vendor_coreapp_hosts(vcpu, gib,
                                                                                 reasons):
    vendor = vendor_v3.layout("image1MB", 100)
    assert (vendor.host_type, vendor.coreapp_hosts, vendor.shards) == ("c5.xlarge", 9, 16)
    assert below_vendor_reasons(vendor, "image1MB", 16, vcpu, gib) == reasons


def test_json_explains_the_coreapp_cpu_units():
    rules = plan().to_dict()["rules"]
    assert "coreapp_cpu_units" in rules
    assert rules["coreapp_cpu_units"] == rules["coreapp_memory_mib"]


def test_hosts_for_the_masters_are_not_put_down_to_placement():
    # image2MB at 20 msg/s: 2 hosts by memory and by CPU, 3 for the Masters, then one more
    # so that placement finds room (4 in all): the explanation counts only that one
    p = plan(20, message_type="image2MB")
    assert (p.hosts_by_memory, p.hosts_by_cpu, p.masters, p.hosts_needed) == (2, 2, 3, 4)
    assert "one host per Master (3)), + 1 so that spread placement" in p.rule_for(
        "hosts_needed").rule


def test_webapps_may_share_a_host():
    # staging, 1 shard given, 200 msg/s: 2 Coreapps, 2 Masters, 3 Webapps fit on 2 hosts;
    # Webapps are not one per host, so the third needs no third host
    p = plan(200, shards=1, env="staging")
    assert (p.total_coreapps, p.masters, p.webapps) == (2, 2, 3)
    assert p.hosts_needed == 2


@pytest.mark.parametrize(("message_type", "warning"), [
    ("image1MB", "EC2 max raised from the cap 3 to 4: placement needs them to find room for "
                 "every container (a c5.xlarge holds at most 2 Coreapps of 3600 MiB and 2048 "
                 "CPU units)"),
    ("image2MB", "EC2 max raised from the cap 3 to 4: placement needs them to find room for "
                 "every container (a c5.4xlarge holds at most 1 Coreapp of 14900 MiB and 8192 "
                 "CPU units)"),
])
def test_placement_raises_the_ec2_max_with_a_reason(message_type, warning):
    # c5.xlarge: 7372 MiB usable // 3600 = 2, 4096 CPU units // 2048 = 2;
    # c5.4xlarge: 29491 MiB // 14900 = 1, 16384 CPU units // 8192 = 2
    assert plan(20, message_type=message_type).warnings == (warning,)


def test_plan_keeps_the_table_and_the_rds_class_names():
    p = plan(table="seed")
    assert p.table == "seed"  # wa-deploy passes it on (deploy/inputs.py)
    assert p.db_rds_class == "db.m4.2xlarge"  # the stacks' instance type
    assert p.db_class_note == ""
    assert plan().to_dict()["database"]["db_class_note"] == ""
