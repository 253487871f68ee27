"""The contract checker (gates/flows.py) against small templates written here by hand, whose
verdict follows from how EC2 and CloudFormation apply security groups, not from the checker's
own code: a rule opens its protocol and its port range to its peer, no more; a rule written
inline in a group and the same rule as a separate resource open the same thing; a group
referenced from another stack (a nested stack's parameter, a CDK export) is the same group;
a group with no egress rule at all keeps EC2's allow-all egress, and whether it keeps it next
to a separate egress rule is disputed, so it never carries a flow.

The templates hold only what the flows under test need (the hosts' group through a launch
template and its Auto Scaling group, the database's group through the instance): the verdicts
read are those of the database flow and the nodes' flows among the hosts, and the rules listed
as more than the contract asks."""

from __future__ import annotations

import json

import pytest

from contract.roles import HOST_PORT_RANGE
from gates.cfn_resolve import Deployment, resolve_assembly, resolve_nested
from gates.flows import Expectation, check_rendering
from tests.gates.test_contract_check import EAST_WEST

LOW, HIGH = HOST_PORT_RANGE
VPC = "10.0.0.0/16"
DB_PORT = 3306
EXPECTATION = Expectation(vpc_cidr=VPC, client_cidrs=(VPC,), public_api=False, db_port=DB_PORT,
                          existing_db=False, existing_vpc=False)
WORLD_EGRESS = {"IpProtocol": "-1", "CidrIp": "0.0.0.0/0"}
# the rule the CDK writes so that a group keeps no egress: it matches no traffic
NO_EGRESS = {"IpProtocol": "icmp", "FromPort": 252, "ToPort": 86,
             "CidrIp": "255.255.255.255/32"}
HOSTS = {"Fn::GetAtt": ["HostsGroup", "GroupId"]}
DATABASE = {"Fn::GetAtt": ["DatabaseGroup", "GroupId"]}


def tcp(low: int, high: int | None = None) -> dict:
    return {"IpProtocol": "tcp", "FromPort": low, "ToPort": low if high is None else high}


def hosts_resources(egress: list | None, separate_egress: dict[str, dict]) -> dict:
    """The hosts' group (inline egress `egress`, or none), the nodes' rule among the hosts,
    and what puts the group on the hosts."""
    group = {"GroupDescription": "hosts", "VpcId": "vpc-1"}
    if egress is not None:
        group["SecurityGroupEgress"] = egress
    found = {
        "HostsGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": group},
        "HostsFromHosts": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
            "GroupId": HOSTS, "SourceSecurityGroupId": HOSTS, **tcp(LOW, HIGH)}},
        "HostsTemplate": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {
            "LaunchTemplateData": {"SecurityGroupIds": [HOSTS]}}},
        "Hosts": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
            "MinSize": "1", "MaxSize": "1", "VPCZoneIdentifier": [],
            "LaunchTemplate": {"LaunchTemplateId": {"Ref": "HostsTemplate"},
                               "Version": "1"}}},
    }
    for name, rule in separate_egress.items():
        found[name] = {"Type": "AWS::EC2::SecurityGroupEgress",
                       "Properties": {"GroupId": HOSTS, **rule}}
    return found


def database_resources(rule: dict, placement: str, hosts: dict,
                       egress: list | None = (NO_EGRESS,),
                       separate_egress: dict[str, dict] | None = None) -> dict:
    """The database's group, admitting `rule` (from `hosts` unless the rule names its peer)
    inline or as a separate resource, and the instance that uses the group; its egress inline
    (`egress`, or none) and separate."""
    rule = rule if "CidrIp" in rule else {**rule, "SourceSecurityGroupId": hosts}
    group = {"GroupDescription": "database", "VpcId": "vpc-1"}
    if egress is not None:
        group["SecurityGroupEgress"] = list(egress)
    found = {
        "DatabaseGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": group},
        "Database": {"Type": "AWS::RDS::DBInstance", "Properties": {
            "Engine": "mysql", "Port": str(DB_PORT), "VPCSecurityGroups": [DATABASE]}},
    }
    if placement == "inline":
        group["SecurityGroupIngress"] = [rule]
    else:
        found["DatabaseFromHosts"] = {"Type": "AWS::EC2::SecurityGroupIngress",
                                      "Properties": {"GroupId": DATABASE, **rule}}
    for name, out in (separate_egress or {}).items():
        found[name] = {"Type": "AWS::EC2::SecurityGroupEgress",
                       "Properties": {"GroupId": DATABASE, **out}}
    return found


def one_stack(rule: dict, placement: str, *, hosts_egress=(WORLD_EGRESS,),
              separate_egress=None, db_egress=(NO_EGRESS,), db_separate_egress=None,
              tmp_path=None) -> Deployment:
    template = {"Resources": {
        **hosts_resources(None if hosts_egress is None else list(hosts_egress),
                          separate_egress or {}),
        **database_resources(rule, placement, HOSTS, db_egress, db_separate_egress)}}
    return resolve_nested({"root.json": template}, "root.json", {})


def nested(rule: dict, placement: str, *, own_hosts_group: bool = False, tmp_path=None,
           **_) -> Deployment:
    """The database in a nested stack that gets the hosts' group as a parameter, as the plain
    templates do; `own_hosts_group`: the nested stack also holds a group of the same logical
    id, and its rule names that one instead."""
    peer = HOSTS if own_hosts_group else {"Ref": "HostsGroupId"}
    child = {"Parameters": {"HostsGroupId": {"Type": "String"}},
             "Resources": database_resources(rule, placement, peer)}
    if own_hosts_group:
        child["Resources"]["HostsGroup"] = {"Type": "AWS::EC2::SecurityGroup", "Properties": {
            "GroupDescription": "not the hosts", "VpcId": "vpc-1",
            "SecurityGroupEgress": [NO_EGRESS]}}
    root = {"Resources": {
        **hosts_resources([WORLD_EGRESS], {}),
        "Data": {"Type": "AWS::CloudFormation::Stack", "Properties": {
            "TemplateURL": "https://example.com/templates/data.json",
            "Parameters": {"HostsGroupId": HOSTS}}}}}
    return resolve_nested({"root.json": root, "data.json": child}, "root.json", {})


def exported(rule: dict, placement: str, *, tmp_path, **_) -> Deployment:
    """The database in a stack of its own that imports the hosts' group, as the CDK app's
    stacks do: a cloud assembly of two stacks, the second depending on the first."""
    hosts = {"Resources": hosts_resources([WORLD_EGRESS], {}), "Outputs": {"HostsGroupId": {
        "Value": HOSTS, "Export": {"Name": "Wa-Hosts:HostsGroupId"}}}}
    data = {"Resources": database_resources(
        rule, placement, {"Fn::ImportValue": "Wa-Hosts:HostsGroupId"})}
    artifacts = {}
    for name, template, after in (("Wa-Hosts", hosts, []), ("Wa-Data", data, ["Wa-Hosts"])):
        (tmp_path / f"{name}.template.json").write_text(json.dumps(template))
        artifacts[name] = {"type": "aws:cloudformation:stack", "dependencies": after,
                           "properties": {"templateFile": f"{name}.template.json"}}
    (tmp_path / "manifest.json").write_text(json.dumps({"artifacts": artifacts}))
    return resolve_assembly(tmp_path)


LAYOUTS = {"one stack": one_stack, "nested stack": nested, "exported": exported}


def verdicts(deployment: Deployment) -> tuple[dict[str, bool | None], list[str]]:
    report = check_rendering(deployment, EXPECTATION)
    return {v.flow.key: v.allowed for v in report.verdicts}, report.extra


def listed(extra: list[str], group: str, direction: str) -> list[str]:
    return [line for line in extra if line.startswith(f"{group} [") and f"] {direction} " in line]


# --- the database's rule: wider, exact or disjoint; inline or separate; across stacks ---------

DB_RULES = {  # name -> (the rule, the database flow allowed, the rule listed as extra)
    "exactly the database port": (tcp(DB_PORT), True, False),
    "one port more": (tcp(DB_PORT, DB_PORT + 1), True, True),
    "one port below too": (tcp(DB_PORT - 1, DB_PORT), True, True),
    "every tcp port": (tcp(0, 65535), True, True),
    "every protocol": ({"IpProtocol": "-1"}, True, True),
    "another port": (tcp(5432), False, True),
    "the port, over udp": ({"IpProtocol": "udp", "FromPort": DB_PORT, "ToPort": DB_PORT},
                           False, True),
    # a CIDR: the hosts lie somewhere in the VPC, so only the whole VPC (or more) holds them
    "the VPC's CIDR": ({**tcp(DB_PORT), "CidrIp": VPC}, True, True),
    "the whole internet": ({**tcp(DB_PORT), "CidrIp": "0.0.0.0/0"}, True, True),
    "one subnet of the VPC": ({**tcp(DB_PORT), "CidrIp": "10.0.1.0/24"}, False, True),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("placement", ["inline", "separate"])
@pytest.mark.parametrize("case", sorted(DB_RULES))
def test_the_database_rule_has_the_verdict_its_ports_and_peer_give(tmp_path, layout, placement,
                                                                   case):
    rule, allowed, extra = DB_RULES[case]
    flows, listed_extra = verdicts(LAYOUTS[layout](rule, placement, tmp_path=tmp_path))
    assert flows["database"] is allowed
    assert all(flows[key] for key in EAST_WEST)  # the rest of what the hosts need holds
    found = listed(listed_extra, "DatabaseGroup", "ingress")
    assert bool(found) is extra, listed_extra
    if extra:
        origin = "DatabaseGroup (inline)" if placement == "inline" else "DatabaseFromHosts"
        assert len(found) == 1 and found[0].endswith(f": {origin}"), found
    assert listed_extra == found  # nothing else is more than the contract asks


def test_a_group_of_the_same_name_in_another_stack_is_another_group(tmp_path):
    """The nested stack's rule names its own HostsGroup, which no host uses."""
    flows, extra = verdicts(nested(tcp(DB_PORT), "separate", own_hosts_group=True))
    assert flows["database"] is False
    ingress, = listed(extra, "DatabaseGroup", "ingress")
    assert "[database] ingress tcp 3306 from HostsGroup" in ingress
    assert listed(extra, "HostsGroup", "egress") == []  # both keep no more than asked


# --- the nodes' rule among the hosts: exact, narrower, wider, disjoint ---------------------------

EAST_WEST_RULES = {  # name -> (low, high, the nodes' flows allowed, the rule listed as extra)
    "exactly the host ports": (LOW, HIGH, True, False),
    "one port short above": (LOW, HIGH - 1, False, False),
    "one port short below": (LOW + 1, HIGH, False, False),
    "one port wider below": (LOW - 1, HIGH, True, True),
    "every port": (0, 65535, True, True),
    "overlapping": (LOW - 100, LOW + 100, False, True),
    "disjoint": (1, 1024, False, True),
}


@pytest.mark.parametrize("case", sorted(EAST_WEST_RULES))
def test_the_nodes_rule_has_the_verdict_its_ports_give(case):
    low, high, allowed, extra = EAST_WEST_RULES[case]
    deployment = one_stack(tcp(DB_PORT), "separate")
    deployment.stacks["wa"].resources["HostsFromHosts"].properties.update(
        FromPort=low, ToPort=high)
    flows, listed_extra = verdicts(deployment)
    assert {key: flows[key] for key in EAST_WEST} == dict.fromkeys(EAST_WEST, allowed)
    assert flows["database"] is True
    found = listed(listed_extra, "HostsGroup", "ingress")
    assert bool(found) is extra and listed_extra == found
    if extra:
        assert f"ingress tcp {low}-{high} from HostsGroup: HostsFromHosts" in found[0]


# --- CloudFormation's default egress -----------------------------------------------------------

NFS_TO_VPC = {**tcp(2049), "CidrIp": VPC}
HOSTS_EGRESS = {  # name -> (inline egress or None, separate egress, what is allowed:
    #                  the database flow, the nodes' flows among the hosts)
    "inline: everything": ([WORLD_EGRESS], {}, True, True),
    "inline: only NFS": ([NFS_TO_VPC], {}, False, False),
    "no egress rule at all: EC2's allow-all stays": (None, {}, True, True),
    # the allow-all may or may not stay next to a separate rule: it carries nothing
    "separate: only NFS": (None, {"HostsToNfs": NFS_TO_VPC}, False, False),
    "separate: the database port to its group": (
        None, {"HostsToDatabase": {**tcp(DB_PORT), "DestinationSecurityGroupId": DATABASE}},
        True, False),
    "separate: the database port to the VPC": (
        None, {"HostsToVpc": {**tcp(DB_PORT), "CidrIp": VPC}}, True, False),
    "separate: the host ports to the hosts": (
        None, {"HostsToHosts": {**tcp(LOW, HIGH), "DestinationSecurityGroupId": HOSTS}},
        False, True),
}


@pytest.mark.parametrize("case", sorted(HOSTS_EGRESS))
def test_the_hosts_reach_others_only_through_an_egress_that_surely_exists(case):
    inline, separate, database, nodes = HOSTS_EGRESS[case]
    flows, _ = verdicts(one_stack(tcp(DB_PORT), "separate", hosts_egress=inline,
                                  separate_egress=separate))
    assert flows["database"] is database
    assert {key: flows[key] for key in EAST_WEST} == dict.fromkeys(EAST_WEST, nodes)


DB_EGRESS = {  # name -> (inline egress or None, separate egress, the lines listed as extra)
    "the rule that matches nothing": ([NO_EGRESS], {}, []),
    "no egress rule at all": (None, {}, [
        "DatabaseGroup [database] egress all traffic to 0.0.0.0/0: CloudFormation's default "
        "egress"]),
    "a separate egress rule": (None, {"DatabaseToWorld": {**tcp(443), "CidrIp": "0.0.0.0/0"}}, [
        "DatabaseGroup [database] egress tcp 443 to 0.0.0.0/0: DatabaseToWorld",
        "DatabaseGroup [database] egress all traffic to 0.0.0.0/0: CloudFormation's default "
        "egress (may remain next to the separate egress rules)"]),
}


@pytest.mark.parametrize("case", sorted(DB_EGRESS))
def test_a_group_the_contract_gives_no_egress_is_listed_with_the_egress_it_keeps(case):
    inline, separate, lines = DB_EGRESS[case]
    flows, extra = verdicts(one_stack(tcp(DB_PORT), "separate", db_egress=inline,
                                      db_separate_egress=separate))
    assert flows["database"] is True
    assert sorted(extra) == sorted(lines)
