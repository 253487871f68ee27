"""Custom resource Custom::RdsLogGroups: the database's exported logs kept as long as the
deployment asks, encrypted with its key.

RDS creates /aws/rds/instance/<id>/<log> (or /aws/rds/cluster/<id>/<log>) when it first
exports a log, with no retention and the service's own key, and CloudFormation cannot name
them before the database exists. This function creates them (or adopts them when RDS was
first), associates the key and sets the retention. ResourceProperties:
  LogGroupNames    the groups, e.g. ["/aws/rds/instance/<id>/error", ...]
  RetentionInDays  one of CloudWatch Logs' retention values
  KmsKeyArn        key that encrypts them ("" for the service's key)
Delete leaves the groups and their logs: like the data, they outlive the stack.
"""

from __future__ import annotations

import os

import boto3

if "send_response" not in globals():  # else a plain template inlined cfn_response.py above
    try:
        from cfn_response import send_response  # the function's code root (the CDK asset)
    except ModuleNotFoundError:
        from .cfn_response import send_response  # imported as part of the project (tests)

PREFIX = "/aws/rds/"


def _names(props: dict) -> list[str]:
    names = props.get("LogGroupNames") or []
    if not isinstance(names, list) or not names or not all(
            isinstance(n, str) and n.startswith(PREFIX) for n in names):
        raise ValueError(f"LogGroupNames must be a list of names under {PREFIX}")
    return names


def apply(props: dict, logs=None) -> str:
    """Create or adopt every group, key it, set its retention; returns the physical id."""
    logs = logs or boto3.client("logs")
    names, days = _names(props), int(props["RetentionInDays"])
    key = str(props.get("KmsKeyArn") or "")
    for name in names:
        try:
            logs.create_log_group(logGroupName=name, **({"kmsKeyId": key} if key else {}))
            print(f"created {name}")
        except logs.exceptions.ResourceAlreadyExistsException:
            if key:
                logs.associate_kms_key(logGroupName=name, kmsKeyId=key)
            print(f"adopted {name}")
        logs.put_retention_policy(logGroupName=name, retentionInDays=days)
    return os.path.commonpath(names)


def handler(event: dict, context: object) -> None:
    print(f"{event.get('RequestType')} {event.get('LogicalResourceId')}")
    try:
        physical = event.get("PhysicalResourceId", "")
        if event["RequestType"] != "Delete":
            physical = apply(event["ResourceProperties"])
    except Exception as error:  # noqa: BLE001 - CloudFormation must always get an answer
        reason = " ".join(f"{type(error).__name__}: {error}".split())  # one line
        print(f"FAILED {reason}")
        send_response(event, "FAILED", reason[:500], event.get("PhysicalResourceId", ""), {})
        return
    send_response(event, "SUCCESS", "OK", physical, {})
