"""Custom resource Custom::DefaultSecurityGroupClosed: no rule in a VPC's default group.

Every new VPC gets a default group that admits its own members and lets everything out;
nothing of this deployment uses it, so this function revokes its rules (CloudFormation has no
property for it). ResourceProperties:
  GroupId   the VPC's default security group (GetAtt <Vpc>.DefaultSecurityGroup)
Create/Update revoke every ingress and egress rule; Delete leaves the group alone (it goes
with its VPC). The physical resource id is the group id.
"""

from __future__ import annotations

import re

import boto3

if "send_response" not in globals():  # else a plain template inlined cfn_response.py above
    try:
        from cfn_response import send_response  # the function's code root (the CDK asset)
    except ModuleNotFoundError:
        from .cfn_response import send_response  # imported as part of the project (tests)

GROUP_ID = re.compile(r"^sg-[0-9a-f]{8,17}$")


def _rules(permissions: list[dict]) -> list[dict]:
    """Permissions as Revoke* takes them (describe output carries read-only extras)."""
    keep = ("IpProtocol", "FromPort", "ToPort", "IpRanges", "Ipv6Ranges", "PrefixListIds",
            "UserIdGroupPairs")
    return [{k: v for k, v in p.items() if k in keep and v not in ([], None)}
            for p in permissions]


def close(group_id: str, ec2=None) -> int:
    """Revoke every rule of the group; returns how many permissions were revoked."""
    if not GROUP_ID.match(group_id):
        raise ValueError(f"GroupId {group_id!r} is not a security group id")
    ec2 = ec2 or boto3.client("ec2")
    group, = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"]
    ingress, egress = _rules(group["IpPermissions"]), _rules(group["IpPermissionsEgress"])
    if ingress:
        ec2.revoke_security_group_ingress(GroupId=group_id, IpPermissions=ingress)
    if egress:
        ec2.revoke_security_group_egress(GroupId=group_id, IpPermissions=egress)
    return len(ingress) + len(egress)


def handler(event: dict, context: object) -> None:
    print(f"{event.get('RequestType')} {event.get('LogicalResourceId')}")
    group_id = str(event.get("ResourceProperties", {}).get("GroupId", ""))
    try:
        if event["RequestType"] != "Delete":
            print(f"revoked {close(group_id)} rule sets of {group_id}")
    except Exception as error:  # noqa: BLE001 - CloudFormation must always get an answer
        reason = " ".join(f"{type(error).__name__}: {error}".split())  # one line
        print(f"FAILED {reason}")
        send_response(event, "FAILED", reason[:500], event.get("PhysicalResourceId", ""), {})
        return
    # Delete answers with the id CloudFormation holds (after a failed Create, not the group's)
    done = event.get("PhysicalResourceId") if event["RequestType"] == "Delete" else group_id
    send_response(event, "SUCCESS", "OK", done or group_id, {})
