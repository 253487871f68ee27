"""Customer-managed KMS keys: rotated, retained, and usable by CloudWatch Logs for named groups."""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct


def rotated_key(scope: Construct, construct_id: str, purpose: str, *,
                log_groups: str | None = None):
    """A KMS key with yearly rotation that outlives its stack (data encrypted by it stays
    readable after a delete). `log_groups`: CloudWatch Logs may use it for the log groups this
    name pattern matches (see let_logs_use)."""
    key = kms.Key(
        scope,
        construct_id,
        description=f"wa-infra: {purpose}",
        enable_key_rotation=True,
        removal_policy=RemovalPolicy.RETAIN,
    )
    if log_groups:
        let_logs_use(key, log_groups)
    return key


def let_logs_use(key: kms.Key, log_groups: str) -> None:
    """CloudWatch Logs may encrypt and decrypt with the key on behalf of the log groups of this
    account and region whose names match `log_groups` (a pattern), and of no other group.
    Source: Amazon CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS
    Key Management Service" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html):
    the kms:EncryptionContext:aws:logs:arn condition holds the log group's ARN."""
    stack = Stack.of(key)
    key.add_to_resource_policy(
        iam.PolicyStatement(
            actions=["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                     "kms:Describe*"],
            principals=[iam.ServicePrincipal(f"logs.{stack.region}.amazonaws.com")],
            resources=["*"],  # in a key policy "*" means this key
            conditions={
                "ArnLike": {
                    "kms:EncryptionContext:aws:logs:arn":
                        f"arn:{stack.partition}:logs:{stack.region}:{stack.account}:"
                        f"log-group:{log_groups}"
                }
            },
        )
    )


def grant_from_principal(grantee: iam.IGrantable, key: kms.IKey, *actions: str) -> None:
    """Grant key use in the grantee's own policy only. The key policy already delegates to IAM,
    and leaving it untouched keeps stacks free of reference cycles (key in a lower tier, role in
    a higher one)."""
    iam.Grant.add_to_principal(grantee=grantee, actions=list(actions),
                               resource_arns=[key.key_arn])
