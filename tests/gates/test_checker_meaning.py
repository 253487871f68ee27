"""The contract checker and the runtime check against inputs whose verdict is known from the
outside: security-group rules wider, narrower, disjoint or equal to what the contract asks;
CloudFormation's default egress, certain and disputed; the boot steps in every order. Each case
here was a realistic one-line bug that the rest of the suite let through."""

import itertools
import re

import pytest

from contract.network import ALL_TRAFFIC, API, DB_PORT, FLOWS, HOST_PORTS
from contract.roles import HOST_PORT_RANGE
from gates import runtime
from gates.cfn_resolve import Ref, ResolvedResource, Text, resolve_nested
from gates.flows import Rule
from tests.gates.test_contract_check import EAST_WEST, INTERNET, blocked, cdk, plain, resources

LOW, HIGH = HOST_PORT_RANGE


def rule(protocol: str, low: int, high: int) -> Rule:
    return Rule("ingress", protocol, low, high, "peer", "test")


# --- one rule against one need -------------------------------------------------------------------

@pytest.mark.parametrize(("given", "ports", "covers", "within"), [
    (rule("tcp", LOW, HIGH), HOST_PORTS, True, True),  # exactly the need
    (rule("tcp", 0, 65535), HOST_PORTS, True, False),  # wider on both sides
    (rule("tcp", LOW - 1, HIGH), HOST_PORTS, True, False),  # one port wider below
    (rule("tcp", LOW, HIGH - 1), HOST_PORTS, False, True),  # one port short above
    (rule("tcp", LOW + 1, HIGH), HOST_PORTS, False, True),  # one port short below
    (rule("tcp", 1, LOW - 1), HOST_PORTS, False, False),  # disjoint
    (rule("tcp", LOW - 10, LOW + 10), HOST_PORTS, False, False),  # overlapping
    (rule("udp", LOW, HIGH), HOST_PORTS, False, False),  # same ports, other protocol
    (rule("-1", 0, 65535), HOST_PORTS, True, False),  # every protocol
    (rule("tcp", 443, 443), API, True, True),
    (rule("tcp", 443, 443), ALL_TRAFFIC, False, True),  # all traffic asked: tcp is within
    (rule("tcp", 3306, 3306), DB_PORT, True, True),  # the DB port comes from the deployment
    (rule("tcp", 5432, 5432), DB_PORT, False, False),
])
def test_a_rule_covers_and_stays_within_exactly_as_its_ports_say(given, ports, covers, within):
    assert given.covers(ports, 3306) is covers
    assert given.within(ports, 3306) is within


def east_west(rendering):
    found, = (r for r in resources(rendering, "AWS::EC2::SecurityGroupIngress")
              if r.logical_id == "HostsFromHosts")
    return found.properties


@pytest.mark.parametrize(("low", "high", "blocks", "extra"), [
    (LOW, HIGH, set(), False),
    (0, 65535, set(), True),  # over-opening: every flow holds, and the rule is reported
    (LOW - 1, HIGH, set(), True),
    (LOW, HIGH - 1, EAST_WEST, False),  # a port short: the nodes cannot reach each other
    (1, 1024, EAST_WEST, True),  # disjoint: blocked and reported
])
def test_east_west_rules_wider_narrower_or_disjoint(plain_templates, low, high, blocks, extra):
    rendering = plain(plain_templates)
    east_west(rendering).update(FromPort=low, ToPort=high)
    report = rendering.verify().flows
    assert blocked(rendering) == blocks
    listed = [line for line in report.extra if "HostsFromHosts" in line]
    assert bool(listed) is extra, report.extra
    if extra:
        assert f"ingress tcp {low}-{high} from HostsSecurityGroup" in listed[0]


# --- CloudFormation's default egress -------------------------------------------------------------

def hosts_group(rendering):
    found, = (r for r in resources(rendering, "AWS::EC2::SecurityGroup")
              if r.logical_id == "HostsSecurityGroup")
    return found


def test_the_certain_default_egress_carries_the_hosts_traffic(plain_templates):
    rendering = plain(plain_templates)
    hosts_group(rendering).properties.pop("SecurityGroupEgress")  # no egress rule at all
    assert blocked(rendering) == set()


def test_the_disputed_default_egress_carries_nothing(plain_templates):
    rendering = plain(plain_templates)
    hosts = hosts_group(rendering)
    hosts.properties.pop("SecurityGroupEgress")
    # one separate egress rule: whether the allow-all stays beside it is disputed
    rendering.deployment.stacks[hosts.stack].resources["HostsToNfs"] = ResolvedResource(
        hosts.stack, "HostsToNfs", "AWS::EC2::SecurityGroupEgress",
        {"GroupId": Ref(hosts.stack, hosts.logical_id, hosts.type, "GroupId"),
         "IpProtocol": "tcp", "FromPort": 2049, "ToPort": 2049, "CidrIp": "10.0.0.0/16"},
        (), None, None, {})
    # every flow the hosts start stops, but the one the separate rule carries
    hosts_flows = {flow.key for flow in FLOWS if flow.source_zone == "hosts"}
    assert INTERNET - {"probe-aws-apis"} < hosts_flows
    assert blocked(rendering) == hosts_flows - {"file-system"}


# --- the boot steps in every order ----------------------------------------------------------------

STEPS = {
    "mount": re.compile(r"^mountpoint -q .*?\n(?:.*\n)*?fi\n", re.M),
    "ca": re.compile(r"^if fetch_db_ca; then\n(?:.*\n)*?fi\n", re.M),
}


def reorder(rendering, order: tuple[str, ...]) -> None:
    """Move the mount and the CA steps so that, with the cluster line (the join), they run in
    `order`; a step listed after "join" is moved to the very end of the script."""
    template, = resources(rendering, "AWS::EC2::LaunchTemplate")
    data = template.properties["LaunchTemplateData"]
    parts = list(data["UserData"].parts)
    moved = []
    for name in order[order.index("join") + 1:]:
        for i, part in enumerate(parts):
            if isinstance(part, str) and (found := STEPS[name].search(part)):
                parts[i] = part[:found.start()] + part[found.end():]
                moved.append(found.group(0))
                break
        else:
            raise AssertionError(f"step {name} not found in one piece of the user data")
    assert isinstance(parts[-1], str)
    end = parts[-1] if parts[-1].endswith("\n") else parts[-1] + "\n"
    parts[-1] = end + "".join(moved)
    data["UserData"] = Text(tuple(parts))


ORDERS = [order for order in itertools.permutations(("mount", "ca", "join"))
          if order[:order.index("join")] == tuple(s for s in ("mount", "ca") if s in order[
              :order.index("join")])]


@pytest.mark.parametrize("renderer", ["cdk", "plain"])
@pytest.mark.parametrize("order", ORDERS, ids="-".join)
def test_a_host_joins_the_cluster_only_after_both_mount_and_ca(synths, plain_templates,
                                                                renderer, order):
    rendering = (cdk(synths, "Big") if renderer == "cdk"
                 else plain(plain_templates, "32-shards-ssl"))
    reorder(rendering, order)
    host = runtime.view(rendering.deployment)["host"]
    assert host["syntax_ok"]
    good = order[-1] == "join"
    assert host["joins_last"] is good
    problems = runtime.problems(rendering.deployment, rendering.runtime)
    assert problems == ([] if good else ["host: joins_last is False, the contract says True"])


# --- boot scripts written here, every order and every missing step ------------------------------

BOOT_STEPS = {  # the few lines of each step the runtime check reads, as a renderer writes them
    "settings": "cat >> /etc/ecs/ecs.config <<'EOF'\nECS_ENABLE_CONTAINER_METADATA=true\nEOF",
    "mount": "mount /mnt/wa\nmountpoint -q /mnt/wa",
    "ca": "if fetch_db_ca; then\n  echo fetched\nfi",
    "join": "echo 'ECS_CLUSTER=wa' >> /etc/ecs/ecs.config",
}


def hand_built_host(script: str):
    template = {"Resources": {
        "HostsTemplate": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {
            "LaunchTemplateData": {"UserData": script}}},
        "Hosts": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
            "MinSize": "1", "MaxSize": "1",
            "LaunchTemplate": {"LaunchTemplateId": {"Ref": "HostsTemplate"},
                               "Version": "1"}}}}}
    return runtime._host_view(resolve_nested({"root.json": template}, "root.json", {}))


SEQUENCES = [steps for count in range(1, len(BOOT_STEPS) + 1)
             for steps in itertools.permutations(BOOT_STEPS, count)]


@pytest.mark.parametrize("steps", SEQUENCES, ids="-".join)
def test_a_boot_script_joins_last_only_after_the_mount_the_ca_and_every_setting(steps):
    """A host may join the cluster (the agent reads ECS_CLUSTER and takes tasks) only once its
    file system is mounted and its CA fetched, and with every other agent setting already
    written: every order of the four steps, and every script that lacks some of them."""
    script = "#!/bin/bash\nset -Eeuo pipefail\n" + "\n".join(BOOT_STEPS[s] for s in steps) + "\n"
    host = hand_built_host(script)
    assert host["syntax_ok"]
    joins_last = ({"mount", "ca", "join"} <= set(steps)
                  and all(steps.index(s) < steps.index("join") for s in steps if s != "join"))
    assert host["joins_last"] is joins_last
