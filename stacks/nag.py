"""cdk-nag (v3) acknowledgements: one call per finding, always with the reason next to it.

Two packs run on every synth: AwsSolutions and NIST 800-53 rev 5 (cdk/app.py).
"""

from __future__ import annotations

import aws_cdk as cdk
from constructs import IConstruct

PACK = "AwsSolutions"
NIST = "NIST.800.53.R5"


def acknowledge(construct: IConstruct, rule: str, reason: str, pack: str = PACK) -> None:
    """Acknowledge `rule` (e.g. "SMG4" or "IAM5[Action::ecs:Submit*]") on one construct."""
    cdk.Validations.of(construct).acknowledge(
        cdk.Acknowledgment(id=f"{pack}::{pack}-{rule}", reason=reason))


def acknowledge_nist(construct: IConstruct, rule: str, reason: str) -> None:
    acknowledge(construct, rule, reason, pack=NIST)


def acknowledge_warning(construct: IConstruct, warning: str, reason: str) -> None:
    """Acknowledge one of aws-cdk-lib's own synth warnings (e.g. "@aws-cdk/...")."""
    cdk.Validations.of(construct).acknowledge(
        cdk.Acknowledgment(id=f"Annotation::{warning}", reason=reason))


def acknowledge_custom_resource_function(function: IConstruct) -> None:
    """A function CloudFormation calls as a custom resource, once per deploy."""
    acknowledge_nist(function, "LambdaConcurrency",
                     "Reserved concurrency would take capacity from accounts with a low "
                     "limit; CloudFormation calls the function once per deploy.")
    acknowledge_nist(function, "LambdaDLQ",
                     "A custom resource: CloudFormation waits for its answer and fails the "
                     "stack without one, so a dead-letter queue would catch nothing.")
    acknowledge_nist(function, "LambdaInsideVPC",
                     "It only calls AWS APIs; inside the VPC it would need NAT or endpoints "
                     "and gain no isolation.")


def acknowledge_inline_policy(role: IConstruct, names: str) -> None:
    """NIST's IAMNoInlinePolicy on one role's own policy, saying what the policy names."""
    acknowledge_nist(role.node.find_child("DefaultPolicy"), "IAMNoInlinePolicy",
                     f"This role's own policy, for {names}; a managed policy would only add a "
                     "shareable copy of the same statements.")


def nag_text(scope: IConstruct, value: str) -> str:
    """A value as cdk-nag names it in a finding id: pseudo-parameter references shown as
    <AWS::AccountId> and the like, the rest as the template holds it."""
    resolved = cdk.Stack.of(scope).resolve(value)
    if isinstance(resolved, str):
        return resolved
    parts = resolved["Fn::Join"][1] if "Fn::Join" in resolved else [resolved]
    return "".join(p if isinstance(p, str) else f"<{p['Ref']}>" for p in parts)
