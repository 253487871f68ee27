"""Customer-managed KMS keys: rotated, retained, and usable by CloudWatch Logs when asked."""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct


def rotated_key(scope: Construct, construct_id: str, purpose: str, *, for_logs: bool = False,
                log_groups: str | None = None):
    """A KMS key with yearly rotation that outlives its stack (data encrypted by it stays
    readable after a delete). `for_logs`: CloudWatch Logs may use it for this account's log
    groups, or only for the groups `log_groups` names (a name pattern) when it is known."""
    key = kms.Key(
        scope,
        construct_id,
        description=f"wa-infra: {purpose}",
        enable_key_rotation=True,
        removal_policy=RemovalPolicy.RETAIN,
    )
    if for_logs:
        stack = Stack.of(scope)
        # CloudWatch Logs encrypts with the key on behalf of log groups in this account/region.
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
                            + (f"log-group:{log_groups}" if log_groups else "*")
                    }
                },
            )
        )
    return key


def grant_from_principal(grantee: iam.IGrantable, key: kms.IKey, *actions: str) -> None:
    """Grant key use in the grantee's own policy only. The key policy already delegates to IAM,
    and leaving it untouched keeps stacks free of reference cycles (key in a lower tier, role in
    a higher one)."""
    iam.Grant.add_to_principal(grantee=grantee, actions=list(actions),
                               resource_arns=[key.key_arn])
