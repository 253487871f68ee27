"""The cluster contract as data: every entry names real roles and zones, its rules realize
its flows, its boot script is valid shell, and it imports nothing from AWS."""

import re
import subprocess
import sys

import pytest

from contract import host, network, roles
from gates.flows import WORLD, Expectation, Network, Rule, check

EC2_DESCRIPTION = re.compile(r"^[A-Za-z0-9. _\-:/()#,@\[\]+=&;{}!$*]{1,255}$")
ENDS = set(roles.ROLES) | set(network.ZONES)


def test_every_flow_joins_known_roles_and_zones():
    for flow in network.FLOWS:
        assert set(flow.sources) <= ENDS and flow.target in ENDS, flow.key
        assert flow.source_zone in network.ZONES and flow.target_zone in network.ZONES
        assert flow.purpose and flow.source


def test_every_rule_has_a_description_ec2_accepts():
    for rule in network.GROUP_RULES:
        assert rule.group in network.GROUP_ZONES and rule.peer in network.ZONES
        assert EC2_DESCRIPTION.match(rule.description), rule.description


def contract_network(rules=network.GROUP_RULES, public: bool = False) -> Network:
    """One security group per zone holding exactly the contract's rules; `public`: behind an
    internet-facing load balancer (clients at public addresses, the probe through NAT)."""
    groups = {zone: [] for zone in network.GROUP_ZONES}
    clients = PUBLIC_CLIENTS if public else "10.0.0.0/16"
    for r in rules:
        low, high = (3306 if p == "db_port" else p for p in (r.ports.low, r.ports.high))
        peer = {"clients": clients, "internet": WORLD}.get(r.peer, r.peer)
        groups[r.group].append(Rule(r.direction, r.ports.protocol, low, high, peer, r.group))
    for held in groups.values():
        if not any(rule.direction == "egress" for rule in held):
            held.append(Rule("egress", "icmp", -1, -1, "255.255.255.255/32", "no egress"))
    return Network(groups, {z: z for z in groups}, {**{z: {z} for z in groups}, "nat": {"nat"}},
                   internet={"hosts": None, "probe": None, "load_balancer": None},
                   load_balancer_scheme="internet-facing" if public else "internal")


PUBLIC_CLIENTS = "203.0.113.0/24"
EXPECTATION = Expectation("10.0.0.0/16", ("10.0.0.0/16",), False, 3306, False, False)
PUBLIC = Expectation("10.0.0.0/16", (PUBLIC_CLIENTS,), True, 3306, False, False)


@pytest.mark.parametrize("public", [False, True])
def test_the_rules_allow_every_flow_and_nothing_else(public):
    report = check(contract_network(public=public), PUBLIC if public else EXPECTATION)
    assert report.extra == []
    assert [v.flow.key for v in report.verdicts if v.allowed is not True] == []


@pytest.mark.parametrize("dropped", range(len(network.GROUP_RULES)))
def test_every_rule_is_needed_by_some_flow(dropped):
    """In one scheme or the other: the NAT rule is what an internet-facing one needs."""
    rules = [r for i, r in enumerate(network.GROUP_RULES) if i != dropped]
    reports = [check(contract_network(rules, public), PUBLIC if public else EXPECTATION)
               for public in (False, True)]
    assert not all(report.ok for report in reports), network.GROUP_RULES[dropped]


def test_east_west_is_the_host_port_range_over_tcp_not_every_protocol():
    east_west, = (r for r in network.GROUP_RULES
                  if (r.group, r.peer, r.direction) == ("hosts", "hosts", "ingress"))
    assert (east_west.ports.protocol, east_west.ports.low, east_west.ports.high) == (
        "tcp", 32768, 65535)


def test_environment_names_inputs_the_renderers_know():
    for var in roles.ENVIRONMENT:
        assert set(var.roles) <= set(roles.ROLES), var.name
        assert var.input is None or var.input in roles.INPUTS, var.name
        assert var.when in (None, "ssl")
    names = {v.name for v in roles.ENVIRONMENT}
    assert not names & set(roles.NOT_SET)
    assert {"WA_RUNNING_ENV", "WA_APP_MULTICONNECT", "WA_DB_SSL_CA"} <= names


def test_the_agent_enables_container_metadata_and_every_setting_has_a_reason():
    settings = {s.key: s for s in host.AGENT_SETTINGS}
    assert settings["ECS_ENABLE_CONTAINER_METADATA"].value == "true"
    assert settings["ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION"].value == "72h"
    assert all(len(s.reason.split()) >= 6 and s.source for s in host.AGENT_SETTINGS)
    assert (host.IMDS.http_tokens, host.IMDS.hop_limit) == ("required", 1)


@pytest.mark.parametrize(("url", "accepted"), [
    (host.CA.url, True),
    ("https://mirror.example.com:8443/certs/rds.pem", True),
    ("http://truststore.pki.rds.amazonaws.com/global/global-bundle.pem", False),
    ("https://example.com/ca.pem'; rm -rf /", False),
    ("https://example.com/a b.pem", False),
    ("https://example.com/ca.pem\n", False),
    ("https://example.com/${AWS::Region}.pem", False),
    ("https://b.s3.amazonaws.com/ca.pem?X-Amz-Expires=60&X-Amz-Signature=ab%2F", True),
])
def test_the_ca_url_pattern_keeps_the_boot_script_safe(url, accepted):
    assert bool(re.fullmatch(host.CA.url_pattern, url)) is accepted


def test_the_contract_imports_no_aws_library():
    code = ("import sys, contract.roles, contract.network, contract.host; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('aws_cdk', 'troposphere', 'boto3', 'botocore')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
