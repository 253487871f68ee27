"""The monitoring the CDK app deploys: the health probe, the alarms with thresholds from the
plan, one encrypted topic, a dashboard, and the one-off database-upgrade task.

Expected values are written out from the plan as wa-size prints it (README), not recomputed."""

from __future__ import annotations

import json
import re

import pytest

from probe import metrics

# wa-size's default plan (100 msg/s, production, TLS): 8 shards, 9 Coreapps, 3 Masters,
# 3 Webapps, EC2 max 5, db.m6g.2xlarge with max_connections 2543 (80%: 2034), 100 GiB.
DEFAULT = {"CoreappsDisconnectedAlarm": 8, "WebappsUnhealthyAlarm": 3,
           "WebTasksBelowDesiredAlarm": 3, "MasterTasksBelowDesiredAlarm": 3,
           "CoreappTasksBelowDesiredAlarm": 9, "FleetAtMaximumAlarm": 5,
           "DbConnectionsHighAlarm": 2034, "NoPrimaryMasterAlarm": 1, "ProbeFailingAlarm": 1,
           "ProbeFunctionErrorsAlarm": 1, "DbCpuHighAlarm": 80, "DbFreeStorageLowAlarm": 10,
           "ProbeSilentAlarm": 1, "ProbeNotConfiguredAlarm": 1}
# rate 250, 32 shards, TLS (README's sample): 33 Coreapps, EC2 max 15
BIG = {"CoreappsDisconnectedAlarm": 32, "CoreappTasksBelowDesiredAlarm": 33,
       "FleetAtMaximumAlarm": 15}


def alarms(template) -> dict[str, dict]:
    """The operator's alarms (the memory alarms scale the hosts instead)."""
    return {logical_id: r["Properties"] for logical_id, r in
            template.find_resources("AWS::CloudWatch::Alarm").items()
            if not logical_id.startswith(("ScaleOut", "ScaleIn"))}


def test_every_alarm_threshold_is_the_plans_figure(default):
    found = alarms(default["enterprise"])
    assert {k: v["Threshold"] for k, v in found.items()} == DEFAULT


def test_thresholds_follow_a_bigger_plan(synths):
    found = alarms(synths["Big"]["enterprise"])
    assert {k: found[k]["Threshold"] for k in BIG} == BIG
    assert found["WebappsUnhealthyAlarm"]["Threshold"] == synths["Big"].plan.webapps


def test_the_coreapp_alarm_compares_the_probes_metric_with_the_shards(default):
    alarm = alarms(default["enterprise"])["CoreappsDisconnectedAlarm"]
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"]) == (
        "WaInfra", "CoreappsConnected", "Minimum")
    assert alarm["ComparisonOperator"] == "LessThanThreshold"
    assert alarm["Dimensions"] == [{"Name": "Deployment", "Value": "Default"}]
    assert (alarm["Period"], alarm["EvaluationPeriods"], alarm["DatapointsToAlarm"]) == (60, 5, 5)
    assert alarm["TreatMissingData"] == "notBreaching"  # an unconfigured probe is no outage


def test_every_alarm_notifies_the_one_encrypted_topic(default):
    template = default["enterprise"]
    topics = template.find_resources("AWS::SNS::Topic")
    alarm_topic = next(k for k, t in topics.items()
                       if t["Properties"].get("DisplayName") == "wa-infra alarms")
    assert "KmsMasterKeyId" in topics[alarm_topic]["Properties"]
    for name, props in alarms(template).items():
        if name == "FleetAtMaximumAlarm":  # many plans run at their maximum by design
            assert "AlarmActions" not in props and "OKActions" not in props
            continue
        assert props["AlarmActions"] == [{"Ref": alarm_topic}], name
        assert props["OKActions"] == [{"Ref": alarm_topic}], name
    composite, = template.find_resources("AWS::CloudWatch::CompositeAlarm").values()
    assert composite["Properties"]["AlarmActions"] == [{"Ref": alarm_topic}]


def test_scaling_exhausted_needs_the_fleet_at_its_maximum_and_memory_asking_for_more(default):
    composite = default["enterprise"].find_resources("AWS::CloudWatch::CompositeAlarm")
    rule = json.dumps(composite["ScalingExhaustedAlarm"]["Properties"]["AlarmRule"])
    assert "FleetAtMaximumAlarm" in rule and "ScaleOutAlarm" in rule and " AND " in rule


@pytest.mark.parametrize("variant, present, absent", [
    ("Default", {"DbConnectionsHighAlarm", "DbFreeStorageLowAlarm"},
     {"DbClusterConnectionsHighAlarm"}),
    ("Aurora", {"DbClusterConnectionsHighAlarm", "DbClusterCpuHighAlarm"},
     {"DbConnectionsHighAlarm", "DbFreeStorageLowAlarm"}),
    ("ExistingVpcDb", set(), {"DbConnectionsHighAlarm", "DbClusterConnectionsHighAlarm",
                              "DbCpuHighAlarm", "DbFreeStorageLowAlarm"}),
])
def test_database_alarms_follow_the_engine_and_who_owns_the_database(synths, variant, present,
                                                                     absent):
    found = set(alarms(synths[variant]["enterprise"]))
    assert present <= found and not absent & found


def test_free_storage_is_a_percentage_of_what_the_database_was_given(default):
    alarm = alarms(default["enterprise"])["DbFreeStorageLowAlarm"]
    expression = next(m for m in alarm["Metrics"] if m.get("ReturnData"))["Expression"]
    text, variables = expression["Fn::Sub"]
    assert variables == {"DbStorageGib": "100"} and "1073741824" in text


def test_the_probe_runs_every_minute_in_the_private_subnets_with_https_out_only(default):
    template = default["enterprise"]
    probe, = [f["Properties"] for f in template.find_resources("AWS::Lambda::Function").values()
              if f["Properties"].get("Handler") == "index.handler"]
    env = probe["Environment"]["Variables"]
    assert env[metrics.ENV_SHARDS_EXPECTED] == "8" and env[metrics.ENV_DEPLOYMENT] == "Default"
    # no reservation (it fails in accounts with a low quota); a failed run is not retried
    assert "ReservedConcurrentExecutions" not in probe and probe["Timeout"] == 60
    invoke, = template.find_resources("AWS::Lambda::EventInvokeConfig").values()
    assert (invoke["Properties"]["MaximumRetryAttempts"],
            invoke["Properties"]["MaximumEventAgeInSeconds"]) == (0, 60)
    group_id = probe["VpcConfig"]["SecurityGroupIds"][0]["Fn::GetAtt"][0]
    group = template.find_resources("AWS::EC2::SecurityGroup")[group_id]["Properties"]
    assert group["SecurityGroupEgress"] == [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                                             "CidrIp": "0.0.0.0/0",
                                             "Description": "API and AWS APIs on 443"}]
    assert "SecurityGroupIngress" not in group
    rules = [r["Properties"] for r in template.find_resources("AWS::Events::Rule").values()
             if r["Properties"].get("ScheduleExpression")]
    assert [r["ScheduleExpression"] for r in rules] == ["rate(1 minute)"]


def test_the_probe_secret_starts_unconfigured_with_a_generated_password(default):
    secrets = default["enterprise"].find_resources("AWS::SecretsManager::Secret")
    probe = next(s for k, s in secrets.items() if k.startswith("ProbeCredentials"))
    generate = probe["Properties"]["GenerateSecretString"]
    assert json.loads(generate["SecretStringTemplate"]) == {"username": ""}
    assert generate["GenerateStringKey"] == "password" and generate["PasswordLength"] >= 32
    assert probe["DeletionPolicy"] == "Retain"


def test_the_probe_may_publish_only_its_own_namespace(default):
    """...and the client tasks anywhere but there and AWS/* (contract/roles.py)."""
    policies = default["enterprise"].find_resources("AWS::IAM::Policy")
    statements = {k: s for k, p in policies.items()
                  for s in p["Properties"]["PolicyDocument"]["Statement"]
                  if "cloudwatch:PutMetricData" in json.dumps(s["Action"])}
    probe = [s for k, s in statements.items() if k.startswith("Probe")]
    assert probe and all(
        s["Condition"] == {"StringEquals": {"cloudwatch:namespace": "WaInfra"}} for s in probe)
    clients = [s for k, s in statements.items() if not k.startswith("Probe")]
    assert len(clients) == 3 and all(
        s["Condition"] == {"StringNotLike": {"cloudwatch:namespace": [
            "AWS/*", "ECS/*", "WaInfra*"]}} for s in clients)


def test_the_client_cannot_write_into_a_namespace_an_alarm_reads():
    import fnmatch

    from contract.roles import PROTECTED_NAMESPACES
    from monitoring.alarms import ALARMS

    read = {a.metric.namespace for a in ALARMS} | {"AWS/ECS"}  # + the memory scaling alarms
    assert read >= {"ECS/ContainerInsights", "WaInfra"}
    assert [n for n in read if not any(fnmatch.fnmatchcase(n, p)
                                       for p in PROTECTED_NAMESPACES)] == []


def dashboard(template) -> dict:
    """The dashboard body with every literal variable put in (tokens stay as TOKEN)."""
    board, = template.find_resources("AWS::CloudWatch::Dashboard").values()
    text, variables = board["Properties"]["DashboardBody"]["Fn::Sub"]
    def value(match):
        name = match.group(1)
        if name == "AWS::Region":
            return "us-east-1"
        got = variables[name]
        return got if isinstance(got, str) else "TOKEN"
    return json.loads(re.sub(r"\$\{([^}]+)\}", value, text))


def test_the_dashboard_draws_the_plans_numbers_beside_the_live_metrics(default):
    widgets = dashboard(default["enterprise"])["widgets"]
    lines = {w["properties"]["title"]: w["properties"]["annotations"]["horizontal"][0]["value"]
             for w in widgets if w["properties"].get("annotations", {}).get("horizontal")}
    assert lines["Fewer Coreapps connected to WhatsApp than shards"] == 8
    assert lines["The fleet runs at its EC2 maximum (the caps table)"] == 5
    assert 2034 in lines.values()
    text = next(w for w in widgets if w["type"] == "text")["properties"]["markdown"]
    assert "Shards 8" in text and "EC2 maximum 5" in text
    alarm_widget = next(w for w in widgets if w["type"] == "alarm")
    assert len(alarm_widget["properties"]["alarms"]) == len(DEFAULT) + 1  # + the composite


def test_the_upgrade_task_runs_the_coreapp_image_at_the_upgrade_tag(synths):
    template = synths["Default"]["enterprise"]
    tasks = {k: t["Properties"] for k, t in
             template.find_resources("AWS::ECS::TaskDefinition").items()}
    upgrade = next(t for t in tasks.values() if t.get("Family") == "Default-dbupgrade")
    container, = upgrade["ContainerDefinitions"]
    assert container["Image"] == "docker.whatsapp.biz/coreapp:v2.53.0"
    assert container["Command"] == ["/opt/whatsapp/bin/wait_on_mysql.sh",
                                    "/opt/whatsapp/bin/launch_within_docker.sh"]
    env = {e["Name"]: e["Value"] for e in container["Environment"]}
    # the vendor's db.env and WA_DB_UPGRADE; the CA bundle because the database requires TLS
    assert env == {"WA_DB_ENGINE": "MYSQL", "WA_DB_CONNECTION_IDLE_TIMEOUT": "180000",
                   "WA_DB_SSL_CA": "/opt/certs/db-ca.pem", "WA_DB_UPGRADE": "1"}
    assert {s["Name"] for s in container["Secrets"]} == {
        "WA_DB_HOSTNAME", "WA_DB_PORT", "WA_DB_USERNAME", "WA_DB_PASSWORD"}
    assert [m["ContainerPath"] for m in container["MountPoints"]] == ["/opt/certs"]
    assert "PortMappings" not in container
    services = template.find_resources("AWS::ECS::Service")
    assert len(services) == 3  # a one-off task, never a service


def test_upgrade_tag_moves_only_the_upgrade_task(synths):
    images = {}
    for name in ("Default", "Upgrading"):
        tasks = synths[name]["enterprise"].find_resources("AWS::ECS::TaskDefinition")
        images[name] = sorted(
            (t["Properties"]["ContainerDefinitions"][0]["Name"],
             t["Properties"]["ContainerDefinitions"][0]["Image"]) for t in tasks.values())
    changed = set(images["Upgrading"]) - set(images["Default"])
    assert changed == {("dbupgrade", "docker.whatsapp.biz/coreapp:v2.55.1")}


# What each alarm reads, written out from the AWS metric documentation (namespaces, metric
# names, the dimensions each metric is published with) and from what it must mean.
SEMANTICS = {
    # alarm: (namespace, metric, dimension names, statistic, period s, periods, comparison,
    #         missing data)
    "CoreappsDisconnectedAlarm": ("WaInfra", "CoreappsConnected", ["Deployment"], "Minimum",
                                  60, 5, "LessThanThreshold", "notBreaching"),
    "NoPrimaryMasterAlarm": ("WaInfra", "PrimaryMasters", ["Deployment"], "Maximum", 60, 3,
                             "LessThanThreshold", "notBreaching"),
    "ProbeFailingAlarm": ("WaInfra", "ProbeErrors", ["Deployment"], "Minimum", 60, 5,
                          "GreaterThanOrEqualToThreshold", "notBreaching"),
    "ProbeFunctionErrorsAlarm": ("AWS/Lambda", "Errors", ["FunctionName"], "Sum", 300, 2,
                                 "GreaterThanOrEqualToThreshold", "notBreaching"),
    "ProbeSilentAlarm": ("WaInfra", "ProbeConfigured", ["Deployment"], "SampleCount", 60, 10,
                         "LessThanThreshold", "breaching"),
    "ProbeNotConfiguredAlarm": ("WaInfra", "ProbeConfigured", ["Deployment"], "Maximum", 3600,
                                24, "LessThanThreshold", "notBreaching"),
    "DbConnectionsHighAlarm": ("AWS/RDS", "DatabaseConnections", ["DBInstanceIdentifier"],
                               "Maximum", 300, 3, "GreaterThanThreshold", "notBreaching"),
    "DbCpuHighAlarm": ("AWS/RDS", "CPUUtilization", ["DBInstanceIdentifier"], "Average", 300,
                       3, "GreaterThanThreshold", "notBreaching"),
    "WebappsUnhealthyAlarm": ("AWS/NetworkELB", "HealthyHostCount",
                              ["LoadBalancer", "TargetGroup"], "Minimum", 60, 5,
                              "LessThanThreshold", "breaching"),
    **{f"{role}TasksBelowDesiredAlarm": ("ECS/ContainerInsights", "RunningTaskCount",
                                         ["ClusterName", "ServiceName"], "Minimum", 60, 10,
                                         "LessThanThreshold", "breaching")
       for role in ("Web", "Master", "Coreapp")},
    "FleetAtMaximumAlarm": ("AWS/AutoScaling", "GroupInServiceInstances",
                            ["AutoScalingGroupName"], "Minimum", 300, 1,
                            "GreaterThanOrEqualToThreshold", "notBreaching"),
}
AURORA_SEMANTICS = {
    "DbClusterConnectionsHighAlarm": ("AWS/RDS", "DatabaseConnections",
                                      ["DBClusterIdentifier", "Role"], "Maximum"),
    "DbClusterCpuHighAlarm": ("AWS/RDS", "CPUUtilization", ["DBClusterIdentifier", "Role"],
                              "Average"),
}


def semantics(props: dict) -> tuple:
    return (props["Namespace"], props["MetricName"], [d["Name"] for d in props["Dimensions"]],
            props["Statistic"], props["Period"], props["EvaluationPeriods"],
            props["ComparisonOperator"], props["TreatMissingData"])


def test_every_alarm_reads_the_metric_its_meaning_needs(default, synths):
    found = alarms(default["enterprise"])
    assert {k: semantics(v) for k, v in found.items() if k in SEMANTICS} == SEMANTICS
    storage = found["DbFreeStorageLowAlarm"]["Metrics"][0]["MetricStat"]
    assert (storage["Metric"]["MetricName"], storage["Stat"]) == ("FreeStorageSpace", "Minimum")
    aurora = alarms(synths["Aurora"]["enterprise"])
    for name, (namespace, metric, dimensions, statistic) in AURORA_SEMANTICS.items():
        props = aurora[name]
        assert semantics(props)[:4] == (namespace, metric, dimensions, statistic), name
        assert {"Name": "Role", "Value": "WRITER"} in props["Dimensions"]  # not the reader


def breaches(props: dict, value: float | None) -> bool:
    """Whether the alarm fires when its metric holds `value` (None: no data) throughout."""
    if value is None:
        return props["TreatMissingData"] == "breaching"
    threshold = float(props["Threshold"])
    return {"LessThanThreshold": value < threshold,
            "GreaterThanThreshold": value > threshold,
            "GreaterThanOrEqualToThreshold": value >= threshold}[props["ComparisonOperator"]]


def steady(synth, configured: bool = True) -> dict:
    """Each alarm's metric in a healthy cluster running its plan (None: not published)."""
    plan = synth.plan
    return {
        "CoreappsConnected": plan.shards if configured else None,
        "PrimaryMasters": 1 if configured else None,
        "ProbeErrors": 0 if configured else None,
        "ProbeConfigured": 1 if configured else 0,  # its Maximum; SampleCount: 1 run a minute
        "Errors": 0,
        "DatabaseConnections": plan.estimated_connections,  # the estimate, before headroom
        "CPUUtilization": 50,
        "FreeStorageSpace": 90,  # percent of what it was given
        "HealthyHostCount": plan.webapps,
        "GroupInServiceInstances": plan.ec2_desired,
    }


@pytest.mark.parametrize("variant", ["Default", "Big", "Isolated", "Aurora", "Postgres",
                                     "S1Staging", "S32Production", "StagingIsolated"])
def test_a_healthy_cluster_at_its_plan_pages_no_one(synths, variant):
    synth = synths[variant]
    desired = {"Web": synth.plan.webapps, "Master": synth.plan.masters,
               "Coreapp": synth.plan.total_coreapps}
    for configured in (True, False):
        values = steady(synth, configured)
        paging = []
        for name, props in alarms(synth["enterprise"]).items():
            if "AlarmActions" not in props:
                continue  # an input of ScalingExhausted only
            if name == "ProbeNotConfiguredAlarm" and not configured:
                continue  # the one page an unconfigured probe gets, after a day
            metric = props.get("MetricName") or props["Metrics"][0]["MetricStat"]["Metric"][
                "MetricName"]
            if metric == "RunningTaskCount":
                value = next(count for role, count in desired.items() if name.startswith(role))
            elif props.get("Statistic") == "SampleCount":
                value = 1  # one run a minute publishes one sample, configured or not
            else:
                value = values[metric]
            if breaches(props, value):
                paging.append(name)
        assert paging == [], (variant, configured)


def test_an_unconfigured_probe_pages_once_a_day_and_a_silent_one_in_minutes(default):
    found = alarms(default["enterprise"])
    assert breaches(found["ProbeNotConfiguredAlarm"], 0)
    assert breaches(found["ProbeSilentAlarm"], None)  # no run at all: no sample
    assert not breaches(found["ProbeSilentAlarm"], 1)
