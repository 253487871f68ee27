"""Log groups encrypted with their own rotated key and kept after a stack delete."""

from __future__ import annotations

from aws_cdk import Aws, RemovalPolicy
from aws_cdk import aws_logs as logs
from constructs import Construct

from contract.log_groups import generated_name_parts
from stacks.keys import let_logs_use, rotated_key

_RETENTION = {
    1: logs.RetentionDays.ONE_DAY, 3: logs.RetentionDays.THREE_DAYS,
    5: logs.RetentionDays.FIVE_DAYS, 7: logs.RetentionDays.ONE_WEEK,
    14: logs.RetentionDays.TWO_WEEKS, 30: logs.RetentionDays.ONE_MONTH,
    60: logs.RetentionDays.TWO_MONTHS, 90: logs.RetentionDays.THREE_MONTHS,
    120: logs.RetentionDays.FOUR_MONTHS, 150: logs.RetentionDays.FIVE_MONTHS,
    180: logs.RetentionDays.SIX_MONTHS, 365: logs.RetentionDays.ONE_YEAR,
    400: logs.RetentionDays.THIRTEEN_MONTHS, 545: logs.RetentionDays.EIGHTEEN_MONTHS,
    731: logs.RetentionDays.TWO_YEARS, 1096: logs.RetentionDays.THREE_YEARS,
    1827: logs.RetentionDays.FIVE_YEARS, 2192: logs.RetentionDays.SIX_YEARS,
    2557: logs.RetentionDays.SEVEN_YEARS, 2922: logs.RetentionDays.EIGHT_YEARS,
    3288: logs.RetentionDays.NINE_YEARS, 3653: logs.RetentionDays.TEN_YEARS,
}


def encrypted_log_group(scope: Construct, construct_id: str, purpose: str,
                        retention_days: int) -> logs.LogGroup:
    """The key serves this group alone (its generated name), not every group of the account."""
    key = rotated_key(scope, f"{construct_id}Key", purpose)
    group = logs.LogGroup(
        scope, construct_id,
        retention=_RETENTION[retention_days],
        encryption_key=key,
        removal_policy=RemovalPolicy.RETAIN,
    )
    let_logs_use(key, "".join(generated_name_parts(Aws.STACK_NAME,
                                                   group.node.default_child.logical_id)))
    return group
