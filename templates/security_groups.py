"""Security-group rules rendered from the cluster contract (contract/network.py) for the plain
templates. Egress is always inline, so CloudFormation's default allow-all egress never applies;
ingress from another group is a separate resource (an inline reference would make the two
groups depend on each other)."""

from __future__ import annotations

from troposphere import Template
from troposphere.ec2 import SecurityGroupIngress

from contract.network import Ports, rules_of

# A rule nothing matches: CloudFormation adds allow-all egress to a group without any.
NO_EGRESS = [
    {
        "IpProtocol": "icmp",
        "FromPort": -1,
        "ToPort": -1,
        "CidrIp": "255.255.255.255/32",
        "Description": "no egress",
    }
]


def _ports(ports: Ports, db_port) -> dict:
    if ports.protocol == "-1":
        return {"IpProtocol": "-1"}
    low, high = ports.span(db_port)
    return {"IpProtocol": ports.protocol, "FromPort": low, "ToPort": high}


def egress(zone: str, peers: dict | None = None) -> list[dict]:
    """The inline egress of `zone`'s group: the contract's rules, or a rule matching nothing."""
    rules = []
    for rule in rules_of(zone, "egress"):
        target = ({"CidrIp": "0.0.0.0/0"} if rule.peer == "internet"
                  else {"DestinationSecurityGroupId": peers[rule.peer]})
        rules.append({**_ports(rule.ports, None), **target, "Description": rule.description})
    return rules or NO_EGRESS


def cidr_ingress(zone: str, peer_zone: str, cidr) -> list[dict]:
    """Inline ingress of `zone` from a CIDR standing for `peer_zone` (e.g. the API clients)."""
    return [{**_ports(r.ports, None), "CidrIp": cidr, "Description": r.description}
            for r in rules_of(zone, "ingress") if r.peer == peer_zone]


def cidr_group_ingress(t: Template, title: str, zone: str, group, peer_zone: str, cidr,
                       **extra) -> None:
    """Separate ingress resources of `zone`'s group from a CIDR standing for `peer_zone` (one
    that only exists under a condition, e.g. a NAT gateway's address)."""
    for i, rule in enumerate(r for r in rules_of(zone, "ingress") if r.peer == peer_zone):
        t.add_resource(SecurityGroupIngress(
            title if i == 0 else f"{title}{i + 1}", GroupId=group, CidrIp=cidr,
            Description=rule.description, **_ports(rule.ports, None), **extra))


def group_ingress(t: Template, title: str, zone: str, group, peer_zone: str, peer,
                  db_port=None, **extra) -> None:
    """Separate ingress resources of `zone`'s group from `peer_zone`'s group."""
    rules = [r for r in rules_of(zone, "ingress") if r.peer == peer_zone]
    for i, rule in enumerate(rules):
        t.add_resource(SecurityGroupIngress(
            title if i == 0 else f"{title}{i + 1}", GroupId=group, SourceSecurityGroupId=peer,
            Description=rule.description, **_ports(rule.ports, db_port), **extra))
