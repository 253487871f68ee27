"""The maintenance switch (monitoring/maintenance.py) against CloudWatch in moto: it mutes the
deployment's own alarms only, twice is once, and restores what it muted, even on failure."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from monitoring import maintenance

OURS = ["wa-Enterprise-CoreappsDisconnectedAlarm-1A2B", "wa-Enterprise-NodesInErrorAlarm-3C",
        "wa-TasksCrashLoopingAlarm-4D"]  # the CDK app's stack, the plain template's
HAND_MUTED = "wa-Enterprise-RootDiskFullAlarm-5E"  # muted by an operator beforehand
OTHERS = ["wa-Enterprise-ScaleOutAlarm-6F",  # scales the hosts: never muted
          "wa-test-Enterprise-CoreappsDisconnectedAlarm-7A",  # another deployment
          "wa-custom-alarm"]


@pytest.fixture
def cloudwatch(monkeypatch):
    for name, value in (("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "testing"),
                        ("AWS_SECRET_ACCESS_KEY", "testing"), ("AWS_CONFIG_FILE", "/dev/null"),
                        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")):
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("cloudwatch")
        for name in [*OURS, HAND_MUTED, *OTHERS]:
            client.put_metric_alarm(
                AlarmName=name, MetricName="M", Namespace="WaInfra", Statistic="Maximum",
                Period=60, EvaluationPeriods=1, Threshold=1,
                ComparisonOperator="GreaterThanOrEqualToThreshold",
                AlarmActions=["arn:aws:sns:us-east-1:123456789012:alarms"],
                ActionsEnabled=name != HAND_MUTED)
        yield client


def enabled(client) -> set[str]:
    return {a["AlarmName"] for a in client.describe_alarms()["MetricAlarms"]
            if a["ActionsEnabled"]}


def test_mute_stops_only_the_deployments_alarms_and_twice_is_once(cloudwatch):
    assert maintenance.mute(cloudwatch, "wa") == sorted(OURS)
    assert enabled(cloudwatch) == set(OTHERS)
    assert maintenance.mute(cloudwatch, "wa") == []  # already muted
    assert enabled(cloudwatch) == set(OTHERS)


def test_restore_leaves_an_alarm_muted_by_hand_as_it_was(cloudwatch):
    muted = maintenance.mute(cloudwatch, "wa")
    assert maintenance.restore(cloudwatch, "wa", muted) == sorted(OURS)
    assert maintenance.restore(cloudwatch, "wa", muted) == sorted(OURS)  # idempotent
    assert enabled(cloudwatch) == {*OURS, *OTHERS}
    maintenance.restore(cloudwatch, "wa")  # everything of the deployment
    assert enabled(cloudwatch) == {*OURS, HAND_MUTED, *OTHERS}


def test_muted_restores_when_the_work_fails(cloudwatch):
    with pytest.raises(RuntimeError), maintenance.muted(cloudwatch, "wa") as names:
        assert names == sorted(OURS) and enabled(cloudwatch) == set(OTHERS)
        raise RuntimeError("the shard change failed")
    assert enabled(cloudwatch) == {*OURS, *OTHERS}


def test_alarming_names_the_deployments_alarms_in_alarm(cloudwatch):
    assert maintenance.alarming(cloudwatch, "wa") == []
    for name in (OURS[0], OTHERS[0]):
        cloudwatch.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="test")
    assert maintenance.alarming(cloudwatch, "wa") == [OURS[0]]


def test_a_mute_made_before_survives_work_that_rewrites_the_alarm(cloudwatch):
    """CloudFormation writes an updated alarm whole: ActionsEnabled comes back true. What was
    muted before the work (a runbook's mute, an operator's) is muted again after it."""
    outer = maintenance.mute(cloudwatch, "wa")  # the runbook's mute, before the deploy
    with maintenance.muted(cloudwatch, "wa") as inner:  # the deploy's own switch
        assert inner == []
        cloudwatch.put_metric_alarm(  # the deploy rewrites one (a new threshold)
            AlarmName=OURS[0], MetricName="M", Namespace="WaInfra", Statistic="Maximum",
            Period=60, EvaluationPeriods=1, Threshold=17,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            AlarmActions=["arn:aws:sns:us-east-1:123456789012:alarms"])
        assert OURS[0] in enabled(cloudwatch)  # what CloudFormation leaves behind
    assert enabled(cloudwatch) == set(OTHERS)  # still muted for the runbook
    maintenance.restore(cloudwatch, "wa", outer)
    assert enabled(cloudwatch) == {*OURS, *OTHERS}
