"""Monitoring in the plain enterprise template, as the CDK app builds it (stacks/monitoring.py):
the health probe in the private subnets, the alarms of monitoring/alarms.py to one encrypted
topic (with the database's RDS events), the task-event rules those alarms count, and a
dashboard; every threshold from the Mappings that hold the plan."""

from __future__ import annotations

from troposphere import (
    AccountId,
    FindInMap,
    GetAtt,
    If,
    Join,
    Output,
    Partition,
    Ref,
    Region,
    StackName,
    Sub,
)
from troposphere.awslambda import (
    Code,
    Environment,
    EventInvokeConfig,
    Function,
    LoggingConfig,
    Permission,
    VPCConfig,
)
from troposphere.cloudwatch import Alarm, Dashboard
from troposphere.ec2 import SecurityGroup
from troposphere.events import Rule, Target
from troposphere.iam import Policy, Role
from troposphere.rds import EventSubscription
from troposphere.secretsmanager import GenerateSecretString, Secret
from troposphere.sns import Topic, TopicPolicy

from monitoring import alarms as specs
from monitoring import render as monitor
from monitoring.task_events import RULE_DIMENSIONS, RULES, event_pattern
from probe import metrics
from templates import mappings
from templates.common import (
    RUNTIME,
    SUBNET_RESOLUTION,
    assume_role,
    encrypted_log_group,
    rotated_key,
)
from templates.security_groups import egress


def add_monitoring(e) -> None:
    """`e`: the Enterprise builder, after its services."""
    t = e.t
    topic = _alarms_topic(t)
    function, secret = _probe(e)
    database = t.resources.get("DatabaseStack")
    rules = _task_event_rules(e)
    figures = {
        "shards": e.shards, "webapps": e.webapps, "masters": e.masters,
        "coreapps": e.coreapps, "ec2_max": e.max_hosts,
        "db_connections_alarm": e.db_limit("DbConnectionsAlarm"),
        "db_storage_gib": Ref(e.db_storage),
        "callback_backlog": FindInMap("ByThroughput", Ref(e.rate), "CallbackBacklog"),
        "message_backlog": FindInMap("ByThroughput", Ref(e.rate), "MessageBacklog"),
    }
    dimensions = {
        "deployment": StackName, "function": Ref(function),
        "db_instance": GetAtt(database, "Outputs.DbInstanceIdentifier"),
        **specs.FIXED_DIMENSIONS,
        "load_balancer": GetAtt(e.lb, "LoadBalancerFullName"),
        "target_group": GetAtt(e.targets, "TargetGroupFullName"),
        "cluster": Ref(e.cluster), "hosts": Ref(e.group), "file_system": e.fs_id,
        **{f"{role}_service": GetAtt(service, "Name")
           for role, service in e.service_refs.items()},
        **{RULE_DIMENSIONS[name]: Ref(rule) for name, rule in rules.items()},
    }
    with_db = monitor.alarms_for(own_db=True, aurora=False)
    made = {}
    for alarm in with_db:
        props = monitor.alarm_properties(alarm, figures=figures, dimensions=dimensions,
                                 topic=Ref(topic), sub=Sub)
        made[alarm.key] = resource = t.add_resource(Alarm.from_dict(alarm.logical_id, props))
        if alarm.when:  # the database's alarms exist with the database
            resource.Condition = "CreateDatabase"
    t.add_resource(EventSubscription(
        "DbEvents", Condition="CreateDatabase", SnsTopicArn=Ref(topic), Enabled=True,
        SourceType="db-instance", SourceIds=[dimensions["db_instance"]],
        EventCategories=list(specs.RDS_INSTANCE_EVENTS)))
    arns = {f"{key}AlarmArn": GetAtt(alarm, "Arn") for key, alarm in made.items()}
    values = {specs.variable(k): v for k, v in {**figures, **dimensions}.items()}
    values.update(arns)

    def body(alarms):
        text, names = monitor.dashboard_body(alarms, sorted(f"{a.key}AlarmArn" for a in alarms))
        return Sub(text, {n: values[n] for n in sorted(names)})

    # An existing database has no alarms here: the dashboard leaves them out with it.
    dashboard = t.add_resource(Dashboard("Dashboard", DashboardBody=If(
        "CreateDatabase", body(with_db), body(monitor.alarms_for(own_db=False, aurora=False)))))
    o = t.add_output
    o(Output("AlarmsTopic", Description="Subscribe to be told when an alarm fires",
             Value=Ref(topic)))
    o(Output("DashboardName", Description="CloudWatch dashboard of this deployment",
             Value=Ref(dashboard)))
    o(Output("ProbeCredentialsSecret", Description="Optional: a Webapp user for the probe "
             "instead of the API key (docs/probe.md)", Value=Ref(secret)))


RDS_EVENTS = "events.rds.amazonaws.com"  # the principal RDS event subscriptions publish as


def _task_event_rules(e) -> dict:
    """The rules of monitoring/task_events.py, to the host events topic (the stopped task's
    reason is there for the operator); the alarms count their TriggeredRules."""
    rules = {name: e.t.add_resource(Rule(
        f"{name}Rule", Description=description, State="ENABLED",
        EventPattern=event_pattern(name, GetAtt(e.cluster, "Arn")),
        Targets=[Target(Arn=Ref(e.topic), Id="HostEventsTopic")]))
        for name, (description, _) in RULES.items()}
    # The host events topic takes these rules too (templates/enterprise_hosts.py writes its policy
    # for the host rule; this adds a statement rather than editing that one).
    e.t.resources["HostEventsPolicy"].PolicyDocument["Statement"].insert(1, {
        "Sid": "TaskRulesPublish", "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"}, "Action": "sns:Publish",
        "Resource": Ref(e.topic),
        "Condition": {"ArnEquals": {"aws:SourceArn": [GetAtt(r, "Arn")
                                                      for r in rules.values()]}}})
    return rules


def _alarms_topic(t):
    key = rotated_key(t, "AlarmsKey", "alarm notifications")
    key.KeyPolicy["Statement"].append({
        "Sid": "CloudWatchPublishesToTheTopic", "Effect": "Allow",
        "Principal": {"Service": "cloudwatch.amazonaws.com"},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*",
        "Condition": {"StringEquals": {"aws:SourceAccount": AccountId}},
    })
    key.KeyPolicy["Statement"].append({  # RDS event notifications reach the same topic
        "Sid": "RdsEventsPublishToTheTopic", "Effect": "Allow",
        "Principal": {"Service": RDS_EVENTS},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*",
    })
    topic = t.add_resource(Topic("Alarms", KmsMasterKeyId=GetAtt(key, "Arn"),
                                 DisplayName="wa-infra alarms"))
    t.add_resource(TopicPolicy("AlarmsPolicy", Topics=[Ref(topic)], PolicyDocument={
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "CloudWatchPublishes", "Effect": "Allow",
             "Principal": {"Service": "cloudwatch.amazonaws.com"}, "Action": "sns:Publish",
             "Resource": Ref(topic),
             "Condition": {"StringEquals": {"aws:SourceAccount": AccountId}}},
            {"Sid": "RdsEventsPublish", "Effect": "Allow",
             "Principal": {"Service": RDS_EVENTS}, "Action": "sns:Publish",
             "Resource": Ref(topic),
             "Condition": {"StringEquals": {"aws:SourceAccount": AccountId}}},
            {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "sns:Publish",
             "Resource": Ref(topic), "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        ],
    }))
    return topic


def _probe(e):
    t = e.t
    key = rotated_key(t, "ProbeCredentialsKey", "health probe credentials")
    secret = t.add_resource(Secret(
        "ProbeCredentials",
        Description="Webapp user the health probe logs in as (put its name under username)",
        KmsKeyId=GetAtt(key, "Arn"),
        GenerateSecretString=GenerateSecretString(
            SecretStringTemplate=metrics.SECRET_TEMPLATE,
            GenerateStringKey=metrics.SECRET_PASSWORD, PasswordLength=32,
            ExcludeCharacters=monitor.PROBE_PASSWORD_EXCLUDED, RequireEachIncludedType=True),
        DeletionPolicy="Retain", UpdateReplacePolicy="Retain",
    ))
    group = t.add_resource(SecurityGroup(
        "ProbeSecurityGroup", VpcId=e.vpc,
        GroupDescription="wa-infra health probe: HTTPS out only",
        SecurityGroupEgress=egress("probe")))
    logs = encrypted_log_group(t, "ProbeLogs", "health probe logs", Ref(e.retention))
    role = t.add_resource(Role(
        "ProbeRole", AssumeRolePolicyDocument=assume_role("lambda.amazonaws.com"),
        Policies=[Policy(PolicyName="probe", PolicyDocument={
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                 "Resource": GetAtt(logs, "Arn")},
                {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                 "Resource": Ref(secret)},
                {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": GetAtt(key, "Arn")},
                # PutMetricData takes no resource; the namespace condition pins it
                {"Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*",
                 "Condition": {"StringEquals": {"cloudwatch:namespace": metrics.NAMESPACE}}},
                # its network interfaces: in this account and region (probe/metrics.py)
                *metrics.network_interface_statements(Join(
                    "", ["arn:", Partition, ":ec2:", Region, ":", AccountId, ":*"])),
            ]})],
    ))
    function = t.add_resource(Function(
        "Probe",
        Metadata=SUBNET_RESOLUTION,
        KmsKeyArn=GetAtt(key, "Arn"),  # its environment, at rest
        Description="wa-infra health probe: logs in to the Webapp, publishes cluster health",
        Runtime=RUNTIME, Handler="index.handler", Code=Code(ZipFile=mappings.probe_source()),
        Timeout=monitor.PROBE_TIMEOUT_S, MemorySize=monitor.PROBE_MEMORY_MIB,
        Role=GetAtt(role, "Arn"),
        LoggingConfig=LoggingConfig(LogGroup=Ref(logs)),
        VpcConfig=VPCConfig(SecurityGroupIds=[Ref(group)], SubnetIds=e.private),
        Environment=Environment(Variables=monitor.probe_environment(
            Join("", ["https://", GetAtt(e.lb, "DNSName")]), Ref(secret), StackName,
            e.shards)),
    ))
    schedule = t.add_resource(Rule(
        "ProbeSchedule", Description="Runs the health probe",
        ScheduleExpression=monitor.PROBE_SCHEDULE, State="ENABLED",
        Targets=[Target(Arn=GetAtt(function, "Arn"), Id="Probe")]))
    t.add_resource(EventInvokeConfig(  # a failed run is not retried: the next one is near
        "ProbeInvokeConfig", FunctionName=Ref(function), Qualifier="$LATEST",
        MaximumRetryAttempts=0, MaximumEventAgeInSeconds=monitor.PROBE_MAX_EVENT_AGE_S))
    t.add_resource(Permission(
        "ProbeSchedulePermission", Action="lambda:InvokeFunction",
        FunctionName=GetAtt(function, "Arn"), Principal="events.amazonaws.com",
        SourceArn=GetAtt(schedule, "Arn"), SourceAccount=AccountId))
    return function, secret
