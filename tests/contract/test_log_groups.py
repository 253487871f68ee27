"""The retentions offered are the ones CloudWatch Logs takes, and the CDK renderer maps each."""

from __future__ import annotations

import re

from contract.log_groups import LOG_RETENTION_DAYS


def test_the_retentions_are_cloudwatch_logs_own():
    import botocore.session

    shape = botocore.session.get_session().get_service_model("logs").shape_for("Days")
    listed = re.search(r"Possible values are: ([0-9, and]+)\.", shape.documentation).group(1)
    assert tuple(int(n) for n in re.findall(r"[0-9]+", listed)) == LOG_RETENTION_DAYS


def test_the_cdk_renderer_maps_every_retention():
    from stacks.encrypted_logs import _RETENTION

    assert tuple(_RETENTION) == LOG_RETENTION_DAYS
    assert len(set(_RETENTION.values())) == len(LOG_RETENTION_DAYS)  # no two days alike
