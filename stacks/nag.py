"""cdk-nag (v3) acknowledgements: one call per finding, always with the reason next to it."""

from __future__ import annotations

import aws_cdk as cdk
from constructs import IConstruct

PACK = "AwsSolutions"


def acknowledge(construct: IConstruct, rule: str, reason: str) -> None:
    """Acknowledge `rule` (e.g. "SMG4" or "IAM5[Action::ecs:Submit*]") on one construct."""
    cdk.Validations.of(construct).acknowledge(
        cdk.Acknowledgment(id=f"{PACK}::{PACK}-{rule}", reason=reason))


def acknowledge_warning(construct: IConstruct, warning: str, reason: str) -> None:
    """Acknowledge one of aws-cdk-lib's own synth warnings (e.g. "@aws-cdk/...")."""
    cdk.Validations.of(construct).acknowledge(
        cdk.Acknowledgment(id=f"Annotation::{warning}", reason=reason))
