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
# CoreappsDisconnected: shards without a connected Coreapp (the client's count, not the
# plan's); CapacityExhausted: memory reservation % while at the EC2 maximum.
DEFAULT = {"CoreappsDisconnectedAlarm": 1, "WebappsUnhealthyAlarm": 3,
           "WebTasksBelowDesiredAlarm": 3, "MasterTasksBelowDesiredAlarm": 3,
           "CoreappTasksBelowDesiredAlarm": 9, "CapacityExhaustedAlarm": 85,
           "DbConnectionsHighAlarm": 2034, "NoPrimaryMasterAlarm": 1, "ProbeFailingAlarm": 1,
           "ProbeFunctionErrorsAlarm": 1, "DbCpuHighAlarm": 80, "DbFreeStorageLowAlarm": 10,
           "ProbeSilentAlarm": 1, "NodesInErrorAlarm": 1,
           "WebappTargetsUnhealthyAlarm": 1, "TasksCrashLoopingAlarm": 1,
           "RootDiskFullAlarm": 1, "EfsIoLimitAlarm": 90,
           # a minute of 100 msg/s with a receipt each: 12,000 callbacks; no inbound: the floor
           "CallbacksBackloggedAlarm": 12000, "MessagesBackloggedAlarm": 100,
           "NumberUnregisteredAlarm": 1}
# rate 250, 32 shards, TLS (README's sample): 33 Coreapps, EC2 max 15
BIG = {"CoreappTasksBelowDesiredAlarm": 33}


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
    expression = found["CapacityExhaustedAlarm"]["Metrics"][-1]["Expression"]["Fn::Sub"]
    assert expression == ["IF(m1 >= ${Ec2Max}, m2, 0)", {"Ec2Max": "15"}]


def test_the_coreapp_alarm_compares_connected_coreapps_with_the_probes_shard_count(default):
    alarm = alarms(default["enterprise"])["CoreappsDisconnectedAlarm"]
    inputs = {m["Id"]: (m["MetricStat"]["Metric"]["MetricName"], m["MetricStat"]["Stat"],
                        m["MetricStat"]["Metric"]["Dimensions"], m["MetricStat"]["Period"])
              for m in alarm["Metrics"] if "MetricStat" in m}
    deployment = [{"Name": "Deployment", "Value": "Default"}]
    assert inputs == {"m1": ("CoreappsConnected", "Minimum", deployment, 60),
                      "m2": ("ShardsExpected", "Maximum", deployment, 60)}
    assert alarm["Metrics"][-1]["Expression"] == "m2 - m1"
    assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    # 3 of 5 minutes: a shard change's restart or one lost probe run neither pages nor resets
    assert (alarm["EvaluationPeriods"], alarm["DatapointsToAlarm"]) == (5, 3)
    assert alarm["TreatMissingData"] == "notBreaching"  # an unconfigured probe is no outage


def test_every_alarm_notifies_the_one_encrypted_topic(default):
    template = default["enterprise"]
    topics = template.find_resources("AWS::SNS::Topic")
    alarm_topic = next(k for k, t in topics.items()
                       if t["Properties"].get("DisplayName") == "wa-infra alarms")
    assert "KmsMasterKeyId" in topics[alarm_topic]["Properties"]
    for name, props in alarms(template).items():
        assert props["AlarmActions"] == [{"Ref": alarm_topic}], name
        assert props["OKActions"] == [{"Ref": alarm_topic}], name
    # no alarm that is in ALARM by design (desired = max) and no composite built on one
    assert template.find_resources("AWS::CloudWatch::CompositeAlarm") == {}
    subscription, = template.find_resources("AWS::RDS::EventSubscription").values()
    assert subscription["Properties"]["SnsTopicArn"] == {"Ref": alarm_topic}
    assert subscription["Properties"]["SourceType"] == "db-instance"
    assert set(subscription["Properties"]["EventCategories"]) == {
        "failover", "failure", "low storage", "maintenance"}


def test_capacity_exhausted_reads_memory_only_at_the_fleets_maximum(default):
    alarm = alarms(default["enterprise"])["CapacityExhaustedAlarm"]
    names = [m["MetricStat"]["Metric"]["MetricName"] for m in alarm["Metrics"][:2]]
    assert names == ["GroupInServiceInstances", "MemoryReservation"]
    assert alarm["Metrics"][2]["Expression"]["Fn::Sub"][1] == {"Ec2Max": "5"}
    assert (alarm["Threshold"], alarm["Metrics"][0]["MetricStat"]["Period"],
            alarm["EvaluationPeriods"]) == (85, 300, 6)  # 30 minutes: longer than a deploy


def test_task_rules_match_only_stops_no_scheduler_asked_for(default):
    template = default["enterprise"]
    rules = {k.rstrip("0123456789ABCDEF"): r["Properties"] for k, r in
             template.find_resources("AWS::Events::Rule").items()
             if "ecs" in json.dumps(r["Properties"].get("EventPattern", {}))}
    assert set(rules) == {"TaskFailuresRule", "DiskFullRule"}
    failures = rules["TaskFailuresRule"]["EventPattern"]["detail"]
    assert failures["stopCode"] == ["EssentialContainerExited", "TaskFailedToStart"]
    disk = rules["DiskFullRule"]["EventPattern"]["detail"]
    assert disk["stoppedReason"] == [{"wildcard": "*no space left on device*"}]
    topics = template.find_resources("AWS::SNS::Topic")
    host_topic = next(k for k, t in topics.items()
                      if t["Properties"].get("DisplayName") == "wa-infra host scaling events")
    for rule in rules.values():
        assert rule["Targets"][0]["Arn"] == {"Ref": host_topic}
    # the topic takes what these rules send (as it takes the host rule's)
    policy, = [p["Properties"]["PolicyDocument"] for p in
               template.find_resources("AWS::SNS::TopicPolicy").values()
               if p["Properties"]["Topics"] == [{"Ref": host_topic}]]
    sources = json.dumps([st.get("Condition") for st in policy["Statement"]])
    for logical_id in template.find_resources("AWS::Events::Rule"):
        if logical_id.startswith(("TaskFailuresRule", "DiskFullRule")):
            assert json.dumps({"Fn::GetAtt": [logical_id, "Arn"]}) in sources
    crash = alarms(template)["TasksCrashLoopingAlarm"]
    assert crash["Dimensions"][0]["Name"] == "RuleName"
    assert (crash["EvaluationPeriods"], crash["DatapointsToAlarm"]) == (6, 3)


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
    assert lines["Fewer Coreapps connected to WhatsApp than shards"] == 1
    assert lines["Scaling exhausted"] == 85
    assert lines["Fewer coreapp tasks running than the plan asks for, for 10 minutes (a "
                 "deployment or a host that cannot place them)"] == 9
    assert 2034 in lines.values()
    text = next(w for w in widgets if w["type"] == "text")["properties"]["markdown"]
    assert "Shards 8" in text and "EC2 maximum 5" in text
    alarm_widget = next(w for w in widgets if w["type"] == "alarm")
    assert len(alarm_widget["properties"]["alarms"]) == len(DEFAULT)


def test_the_dashboard_shows_memory_services_nodes_and_every_probe_metric(default):
    widgets = {w["properties"].get("title"): w["properties"]
               for w in dashboard(default["enterprise"])["widgets"]}
    memory = widgets["Memory reservation (the hosts scale on it)"]
    assert memory["metrics"][0][:2] == ["AWS/ECS", "MemoryReservation"]
    assert [a["value"] for a in memory["annotations"]["horizontal"]] == [85, 30]
    services = widgets["Service CPU and memory (% of what the tasks reserve)"]["metrics"]
    assert sorted((m[1], m[-1]["label"].split()[0]) for m in services) == sorted(
        (name, role) for name in ("CPUUtilization", "MemoryUtilization")
        for role in ("web", "master", "coreapp"))
    nodes = [m[1] for m in widgets["Nodes (/v1/health)"]["metrics"]]
    assert nodes[0] == "NodesInError"
    search = widgets["Everything the probe publishes (the client's metrics included)"]
    assert search["metrics"][0][0]["expression"] == (
        "SEARCH('{WaInfra,Deployment} Deployment=\"Default\"', 'Average', 60)")


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
    # alarm: (namespace, metric, dimension names, statistic, period s, periods, datapoints,
    #         comparison, missing data)
    "NoPrimaryMasterAlarm": ("WaInfra", "PrimaryMasters", ["Deployment"], "Maximum", 60, 5, 3,
                             "LessThanThreshold", "notBreaching"),
    "ProbeFailingAlarm": ("WaInfra", "ProbeErrors", ["Deployment"], "Maximum", 60, 5, 3,
                          "GreaterThanOrEqualToThreshold", "notBreaching"),
    "NodesInErrorAlarm": ("WaInfra", "NodesInError", ["Deployment"], "Minimum", 60, 15, 10,
                          "GreaterThanOrEqualToThreshold", "notBreaching"),
    "ProbeFunctionErrorsAlarm": ("AWS/Lambda", "Errors", ["FunctionName"], "Sum", 300, 2, 2,
                                 "GreaterThanOrEqualToThreshold", "notBreaching"),
    "ProbeSilentAlarm": ("WaInfra", "ProbeConfigured", ["Deployment"], "SampleCount", 60, 10,
                         10, "LessThanThreshold", "breaching"),
    # RDS publishes each minute: 3 minutes of 5 at the limit pages within 5 minutes
    "DbConnectionsHighAlarm": ("AWS/RDS", "DatabaseConnections", ["DBInstanceIdentifier"],
                               "Maximum", 60, 5, 3, "GreaterThanThreshold", "notBreaching"),
    "DbCpuHighAlarm": ("AWS/RDS", "CPUUtilization", ["DBInstanceIdentifier"], "Average", 300,
                       3, 3, "GreaterThanThreshold", "notBreaching"),
    "WebappsUnhealthyAlarm": ("AWS/NetworkELB", "HealthyHostCount",
                              ["LoadBalancer", "TargetGroup"], "Minimum", 60, 5, 5,
                              "LessThanThreshold", "breaching"),
    "WebappTargetsUnhealthyAlarm": ("AWS/NetworkELB", "UnHealthyHostCount",
                                    ["LoadBalancer", "TargetGroup"], "Maximum", 60, 10, 6,
                                    "GreaterThanOrEqualToThreshold", "notBreaching"),
    **{f"{role}TasksBelowDesiredAlarm": ("ECS/ContainerInsights", "RunningTaskCount",
                                         ["ClusterName", "ServiceName"], "Minimum", 60, 10, 10,
                                         "LessThanThreshold", "breaching")
       for role in ("Web", "Master", "Coreapp")},
    "TasksCrashLoopingAlarm": ("AWS/Events", "TriggeredRules", ["RuleName"], "Sum", 300, 6, 3,
                               "GreaterThanOrEqualToThreshold", "notBreaching"),
    "RootDiskFullAlarm": ("AWS/Events", "TriggeredRules", ["RuleName"], "Sum", 300, 1, 1,
                          "GreaterThanOrEqualToThreshold", "notBreaching"),
    # PercentIOLimit: General Purpose file systems only (ours)
    "EfsIoLimitAlarm": ("AWS/EFS", "PercentIOLimit", ["FileSystemId"], "Average", 300, 3, 3,
                        "GreaterThanOrEqualToThreshold", "notBreaching"),
    # the client's queues, when the probe reads /v1/stats/app: a backlog held 10 of 15 minutes
    "CallbacksBackloggedAlarm": ("WaInfra", "CallbackQueueSize", ["Deployment"], "Minimum", 60,
                                 15, 10, "GreaterThanOrEqualToThreshold", "notBreaching"),
    "MessagesBackloggedAlarm": ("WaInfra", "PendingMessages", ["Deployment"], "Minimum", 60,
                                15, 10, "GreaterThanOrEqualToThreshold", "notBreaching"),
    # one gateway_status of the probe's breakdown: its second dimension is fixed
    "NumberUnregisteredAlarm": ("WaInfra", "CoreappGatewayStatus", ["Deployment", "Status"],
                                "Maximum", 60, 5, 3, "GreaterThanOrEqualToThreshold",
                                "notBreaching"),
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
            props["DatapointsToAlarm"], props["ComparisonOperator"], props["TreatMissingData"])


def test_every_alarm_reads_the_metric_its_meaning_needs(default, synths):
    found = alarms(default["enterprise"])
    assert {k: semantics(v) for k, v in found.items() if "Metrics" not in v} == SEMANTICS
    storage = found["DbFreeStorageLowAlarm"]["Metrics"][0]["MetricStat"]
    assert (storage["Metric"]["MetricName"], storage["Stat"]) == ("FreeStorageSpace", "Minimum")
    aurora = alarms(synths["Aurora"]["enterprise"])
    for name, (namespace, metric, dimensions, statistic) in AURORA_SEMANTICS.items():
        props = aurora[name]
        assert semantics(props)[:4] == (namespace, metric, dimensions, statistic), name
        assert {"Name": "Role", "Value": "WRITER"} in props["Dimensions"]  # not the reader
    events, = synths["Aurora"]["enterprise"].find_resources(
        "AWS::RDS::EventSubscription").values()
    assert events["Properties"]["SourceType"] == "db-cluster"


@pytest.mark.parametrize("variant", ["Default", "Big", "Isolated", "Aurora", "Postgres",
                                     "S1Staging", "S32Production", "StagingIsolated"])
def test_a_healthy_cluster_at_its_plan_pages_no_one(synths, variant):
    """The scenario table's first row for every variant, with the probe configured or not."""
    from tests.stacks.alarm_scenarios import healthy_paging
    from tests.stacks.test_alarm_scenarios import rendered

    synth = synths[variant]
    for configured in (True, False):
        assert healthy_paging(rendered(synth), synth.plan, configured) == {}, (variant,
                                                                               configured)


def test_a_silent_probe_pages_in_minutes(default):
    from monitoring.evaluate import first_alarm
    from tests.stacks.test_alarm_scenarios import rendered

    found = rendered(default)
    assert first_alarm(found["ProbeSilentAlarm"], lambda _: [None] * 60, 60) == 10
    assert first_alarm(found["ProbeSilentAlarm"], lambda _: [1] * 60, 60) is None
