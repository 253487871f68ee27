"""The plain template's monitoring, resolved for parameter sets as a deploy would get it:
alarm thresholds from the Mappings, the database's alarms only with a database of its own, the
probe's schedule and network. Expected figures are written out from wa-size's plans."""

from __future__ import annotations

import json

import pytest
from cfnlint.decode import cfn_yaml

from gates import renderings
from templates.render import render_all


@pytest.fixture(scope="module")
def templates() -> dict[str, dict]:
    return {name: cfn_yaml.loads(text) for name, text in render_all().items()}


def deployed(templates, **parameters):
    return renderings.plain_renderings(templates, {"t": parameters})["t"].deployment


def thresholds(deployment) -> dict[str, float]:
    return {r.logical_id: float(r.properties["Threshold"])
            for r in deployment.resources("AWS::CloudWatch::Alarm")
            if not r.logical_id.startswith(("ScaleOut", "ScaleIn"))}


def test_default_parameters_alarm_at_the_default_plans_figures(templates):
    # 100 msg/s production with TLS: 8 shards, 9 Coreapps, 3 Masters, 3 Webapps, EC2 max 5,
    # max_connections 2543 (80%: 2034); CoreappsDisconnected counts shards without a
    # connected Coreapp, CapacityExhausted memory reservation % at the EC2 maximum
    assert thresholds(deployed(templates)) == {
        "CoreappsDisconnectedAlarm": 1, "WebappsUnhealthyAlarm": 3,
        "WebTasksBelowDesiredAlarm": 3, "MasterTasksBelowDesiredAlarm": 3,
        "CoreappTasksBelowDesiredAlarm": 9, "CapacityExhaustedAlarm": 85,
        "DbConnectionsHighAlarm": 2034, "NoPrimaryMasterAlarm": 1, "ProbeFailingAlarm": 1,
        "ProbeFunctionErrorsAlarm": 1, "DbCpuHighAlarm": 80, "DbFreeStorageLowAlarm": 10,
        "ProbeSilentAlarm": 1, "NodesInErrorAlarm": 1,
        "WebappTargetsUnhealthyAlarm": 1, "TasksCrashLoopingAlarm": 1,
        "RootDiskFullAlarm": 1, "EfsIoLimitAlarm": 90,
        "CallbacksBackloggedAlarm": 12000, "MessagesBackloggedAlarm": 100,
           "NumberUnregisteredAlarm": 1}


def test_a_bigger_throughput_moves_the_thresholds(templates):
    deployment = deployed(templates, Throughput="250", ActiveCoreapps="32")
    assert thresholds(deployment)["CoreappTasksBelowDesiredAlarm"] == 33
    # a minute of 250 msg/s with a receipt each; no inbound planned: the floor
    assert thresholds(deployment)["MessagesBackloggedAlarm"] == 100
    assert thresholds(deployment)["CallbacksBackloggedAlarm"] == 30000
    exhausted = next(r for r in deployment.resources("AWS::CloudWatch::Alarm")
                     if r.logical_id == "CapacityExhaustedAlarm")
    assert exhausted.properties["Metrics"][-1]["Expression"] == "IF(m1 >= 15, m2, 0)"


def test_an_existing_file_system_is_watched_and_rds_events_reach_the_alarm_topic(templates):
    deployment = deployed(templates, **renderings.PLAIN_GRID["existing-efs"])
    efs = next(r for r in deployment.resources("AWS::CloudWatch::Alarm")
               if r.logical_id == "EfsIoLimitAlarm")
    assert efs.properties["Dimensions"] == [{"Name": "FileSystemId",
                                            "Value": "fs-0123456789abcdef0"}]
    default = deployed(templates)
    policy, = [p for p in default.resources("AWS::SNS::TopicPolicy")
               if p.logical_id == "HostEventsPolicy"]
    allowed = str(policy.properties["PolicyDocument"])
    assert "TaskFailuresRule" in allowed and "DiskFullRule" in allowed
    subscription, = default.resources("AWS::RDS::EventSubscription")
    assert subscription.properties["SnsTopicArn"].logical_id == "Alarms"
    assert not list(deployed(templates, **renderings.PLAIN_GRID["existing-db"]).resources(
        "AWS::RDS::EventSubscription"))


def test_an_existing_database_has_no_database_alarms_and_the_dashboard_leaves_them_out(
        templates):
    deployment = deployed(templates, **renderings.PLAIN_GRID["existing-db"])
    assert not {k for k in thresholds(deployment) if k.startswith("Db")}
    board, = deployment.resources("AWS::CloudWatch::Dashboard")
    body = board.properties["DashboardBody"]
    text = body if isinstance(body, str) else body.canonical()
    assert "DatabaseConnections" not in text and "CoreappsConnected" in text


def test_the_dashboard_body_is_json_with_the_plans_lines(templates):
    board, = deployed(templates).resources("AWS::CloudWatch::Dashboard")
    body = board.properties["DashboardBody"]
    widgets = json.loads(body if isinstance(body, str) else body.canonical())["widgets"]
    values = [w["properties"]["annotations"]["horizontal"][0]["value"] for w in widgets
              if w["properties"].get("annotations", {}).get("horizontal")]
    assert 9 in values and 2034 in values and 85 in values
    assert all(w["properties"].get("region") in (None, "us-east-1") for w in widgets)


def test_the_probe_reads_the_internal_load_balancer_every_minute(templates):
    deployment = deployed(templates)
    probe, = [f for f in deployment.resources("AWS::Lambda::Function")
              if f.logical_id == "Probe"]
    env = probe.properties["Environment"]["Variables"]
    assert env["SHARDS_EXPECTED"] == "8" and env["DEPLOYMENT"] == "wa"
    assert str(env["WEBAPP_URL"].canonical()).startswith("https://")
    assert "ReservedConcurrentExecutions" not in probe.properties
    invoke, = deployment.resources("AWS::Lambda::EventInvokeConfig")
    assert (invoke.properties["MaximumRetryAttempts"],
            invoke.properties["MaximumEventAgeInSeconds"]) == (0, 60)
    rule = next(r for r in deployment.resources("AWS::Events::Rule")
                if r.properties.get("ScheduleExpression"))
    assert rule.properties["ScheduleExpression"] == "rate(1 minute)"
    permission, = deployment.resources("AWS::Lambda::Permission")
    assert permission.properties["Principal"] == "events.amazonaws.com"
