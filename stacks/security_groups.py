"""Security groups and their rules, rendered from the cluster contract (contract/network.py).

Egress is always written inline: CDK moves a rule to another group into a separate resource
and drops the inline placeholder, and whether CloudFormation then keeps the group's default
allow-all egress is not something a deployment should depend on.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from contract.network import Ports, rules_of


def port(ports: Ports, db_port: int | None = None) -> ec2.Port:
    if ports.protocol == "-1":
        return ec2.Port.all_traffic()
    low, high = ports.span(db_port)
    return ec2.Port.tcp(low) if low == high else ec2.Port.tcp_range(low, high)


def security_group(scope: Construct, construct_id: str, zone: str, vpc: ec2.IVpc,
                   description: str,
                   egress_to: Mapping[str, ec2.ISecurityGroup] | None = None) -> ec2.SecurityGroup:
    """A group whose egress is exactly the contract's rules for `zone`: all outbound when the
    contract gives it all traffic to the internet, else its rules inline (to other groups,
    `egress_to`, or to anywhere on the named ports), else none."""
    rules = rules_of(zone, "egress")
    everything = any(r.peer == "internet" and r.ports.protocol == "-1" for r in rules)
    assert not everything or len(rules) == 1, zone
    group = ec2.SecurityGroup(scope, construct_id, vpc=vpc, description=description,
                              allow_all_outbound=everything)
    if rules and not everything:
        inline = []
        for rule in rules:
            config = port(rule.ports).to_rule_json()
            peer = ({"CidrIp": "0.0.0.0/0"} if rule.peer == "internet"
                    else {"DestinationSecurityGroupId": egress_to[rule.peer].security_group_id})
            inline.append({"IpProtocol": config["ipProtocol"], "FromPort": config["fromPort"],
                           "ToPort": config["toPort"], "Description": rule.description, **peer})
        group.node.default_child.add_property_override("SecurityGroupEgress", inline)
    return group


def allow_ingress(group: ec2.ISecurityGroup, zone: str, peers: Mapping[str, list[ec2.IPeer]],
                  db_port: int | None = None, remote_rule: bool = False) -> None:
    """The contract's ingress rules of `zone` whose peer zone is in `peers` (the others are
    added by the stack that owns that peer)."""
    for rule in rules_of(zone, "ingress"):
        for peer in peers.get(rule.peer, ()):
            group.add_ingress_rule(peer, port(rule.ports, db_port), rule.description,
                                   remote_rule=remote_rule)
