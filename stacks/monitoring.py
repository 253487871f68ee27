"""Monitoring of the running cluster, in the enterprise stack: the health probe (a function in
the private subnets that logs in to the Webapps through the internal load balancer), the
alarms of monitoring/alarms.py to one encrypted topic (with the database's RDS events), the
task-event rules those alarms count, and a dashboard beside the plan.

Construct ids sit at the stack's root so logical ids stay short and stable; the alarms and
the dashboard are written from monitoring/render.py, as in the plain templates.
"""

from __future__ import annotations

from aws_cdk import CfnOutput, CfnResource, Duration, Fn, RemovalPolicy, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_rds as rds
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns

from monitoring import alarms as specs
from monitoring import render as monitor
from monitoring.task_events import RULE_DIMENSIONS
from probe import metrics
from probe.bundle import inline_source
from stacks.encrypted_logs import encrypted_log_group
from stacks.functions import RUNTIME
from stacks.host_events import task_event_rules
from stacks.keys import grant_from_principal, rotated_key
from stacks.nag import acknowledge, acknowledge_inline_policy, acknowledge_nist, nag_text
from stacks.security_groups import security_group


def monitoring(stack: Stack, *, plan, deployment, vpc: ec2.IVpc, cluster, services: dict,
               load_balancer, target_group, hosts, scale_out_alarm, database) -> None:
    # scale_out_alarm: CapacityExhausted reads the same memory metric itself (one alarm)
    topic = _alarms_topic(stack)
    function, secret = _probe(stack, plan, deployment, vpc, load_balancer)
    aurora = plan.engine == "aurora-mysql"
    rules = task_event_rules(stack, cluster)
    dimensions = {
        "deployment": deployment.prefix,
        "function": function.function_name,
        "db_instance": database.identifier if database else None,
        "db_cluster": database.identifier if database else None,
        **specs.FIXED_DIMENSIONS,
        "load_balancer": load_balancer.load_balancer_full_name,
        "target_group": target_group.target_group_full_name,
        "cluster": cluster.cluster_name,
        "hosts": hosts.auto_scaling_group_name,
        "file_system": stack.file_system.file_system_id,
        **{f"{role}_service": service.service_name for role, service in services.items()},
        **{RULE_DIMENSIONS[name]: rule.rule_name for name, rule in rules.items()},
    }
    figures = specs.figures(plan, deployment)
    chosen = monitor.alarms_for(own_db=database is not None, aurora=aurora)
    made = {}
    for alarm in chosen:
        made[alarm.key] = CfnResource(
            stack, alarm.logical_id, type="AWS::CloudWatch::Alarm",
            properties=monitor.alarm_properties(alarm, figures=figures, dimensions=dimensions,
                                        topic=topic.topic_arn, sub=_sub))
        made[alarm.key].override_logical_id(alarm.logical_id)
    if database is not None:
        events = rds.CfnEventSubscription(
            stack, "DbEvents", sns_topic_arn=topic.topic_arn, enabled=True,
            source_type="db-cluster" if aurora else "db-instance",
            source_ids=[database.identifier],
            event_categories=list(specs.RDS_CLUSTER_EVENTS if aurora
                                  else specs.RDS_INSTANCE_EVENTS))
        events.override_logical_id("DbEvents")
    arns = {f"{key}AlarmArn": resource.get_att("Arn").to_string() for key, resource in made.items()}
    body, names = monitor.dashboard_body(chosen, sorted(arns))
    values = {specs.variable(k): v for k, v in {**figures, **dimensions}.items()}
    values.update(arns)
    dashboard = cloudwatch.CfnDashboard(
        # sorted: names is a set, and Fn::Sub's variables keep the order they are given in
        stack, "Dashboard", dashboard_body=_sub(body, {n: values[n] for n in sorted(names)}))
    dashboard.override_logical_id("Dashboard")
    CfnOutput(stack, "AlarmsTopic", description="Subscribe to be told when an alarm fires",
              value=topic.topic_arn)
    CfnOutput(stack, "DashboardName", description="CloudWatch dashboard of this deployment",
              value=dashboard.ref)
    CfnOutput(stack, "ProbeCredentialsSecret", description="Optional: a Webapp user for the "
              "probe instead of the API key (docs/probe.md)", value=secret.secret_arn)


def _sub(text: str, variables: dict) -> str:
    return Fn.sub(text, {k: _text(v) for k, v in variables.items()})


def _text(value) -> str:
    return str(value) if isinstance(value, int | float) else value


RDS_EVENTS = "events.rds.amazonaws.com"  # the principal RDS event subscriptions publish as


def _alarms_topic(stack: Stack) -> sns.Topic:
    key = rotated_key(stack, "AlarmsKey", "alarm notifications")
    key.add_to_resource_policy(iam.PolicyStatement(
        actions=["kms:Decrypt", "kms:GenerateDataKey*"],
        principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        resources=["*"],  # in a key policy "*" means this key
        conditions={"StringEquals": {"aws:SourceAccount": stack.account}},
    ))
    # RDS event notifications (failover, storage, maintenance) reach the same topic
    key.add_to_resource_policy(iam.PolicyStatement(
        actions=["kms:Decrypt", "kms:GenerateDataKey*"],
        principals=[iam.ServicePrincipal(RDS_EVENTS)], resources=["*"],
    ))
    topic = sns.Topic(stack, "Alarms", master_key=key, enforce_ssl=True,
                      display_name="wa-infra alarms")
    for publisher in ("cloudwatch.amazonaws.com", RDS_EVENTS):
        topic.add_to_resource_policy(iam.PolicyStatement(
            actions=["sns:Publish"], principals=[iam.ServicePrincipal(publisher)],
            resources=[topic.topic_arn],
            conditions={"StringEquals": {"aws:SourceAccount": stack.account}},
        ))
    return topic


def _probe(stack: Stack, plan, deployment, vpc: ec2.IVpc, load_balancer):
    key = rotated_key(stack, "ProbeCredentialsKey", "health probe credentials")
    secret = secretsmanager.Secret(
        stack, "ProbeCredentials",
        description="Webapp user the health probe logs in as (put its name under username)",
        encryption_key=key,
        generate_secret_string=secretsmanager.SecretStringGenerator(
            # no username: the probe uses the generated API key until an operator names a
            # Webapp user here (optional)
            secret_string_template=metrics.SECRET_TEMPLATE,
            generate_string_key=metrics.SECRET_PASSWORD, password_length=32,
            exclude_characters=monitor.PROBE_PASSWORD_EXCLUDED, require_each_included_type=True),
        removal_policy=RemovalPolicy.RETAIN,
    )
    reason = ("The monitoring user's password lives in the Webapp too: rotating the secret "
              "alone would lock the probe out. Change both during maintenance.")
    acknowledge(secret, "SMG4", reason)
    acknowledge_nist(secret, "SecretsManagerRotationEnabled", reason)
    group = security_group(stack, "ProbeSecurityGroup", "probe", vpc,
                           "wa-infra health probe: HTTPS out only")
    log_group = encrypted_log_group(stack, "ProbeLogs", "health probe logs",
                                    deployment.log_retention_days)
    role = iam.Role(stack, "ProbeRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                    description="wa-infra health probe: its secret, its metrics, its logs")
    log_group.grant_write(role)
    role.add_to_policy(iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"],
                                           resources=[secret.secret_arn]))
    grant_from_principal(role, key, "kms:Decrypt")
    role.add_to_policy(iam.PolicyStatement(
        actions=["cloudwatch:PutMetricData"], resources=["*"],  # the action takes no ARN
        conditions={"StringEquals": {"cloudwatch:namespace": metrics.NAMESPACE}}))
    # The function's network interfaces in the private subnets: in this account and region
    # (only the describe call takes no resource).
    in_this_account = stack.format_arn(service="ec2", resource="*")
    for statement in metrics.network_interface_statements(in_this_account):
        role.add_to_policy(iam.PolicyStatement(actions=statement["Action"],
                                               resources=[statement["Resource"]]))
    acknowledge_inline_policy(role, "its secret and key, its log stream, metrics in the "
                              f"{metrics.NAMESPACE} namespace and its network interfaces")
    acknowledge(role, "IAM5[Resource::*]", "cloudwatch:PutMetricData takes no resource (the "
                "namespace condition pins it), nor does ec2:DescribeNetworkInterfaces; the "
                "other network-interface calls are pinned to this account and region.")
    acknowledge(role, f"IAM5[Resource::{nag_text(stack, in_this_account)}]",
                "Lambda creates, deletes and readdresses the function's network interfaces; "
                "they have no ARN before it does, so they are granted on this account and "
                "region's EC2 resources only.")
    function = lambda_.Function(
        stack, "Probe", runtime=RUNTIME, handler="index.handler",
        code=lambda_.Code.from_inline(inline_source()),
        timeout=Duration.seconds(monitor.PROBE_TIMEOUT_S), memory_size=monitor.PROBE_MEMORY_MIB,
        role=role,
        log_group=log_group, vpc=vpc,
        vpc_subnets=ec2.SubnetSelection(subnets=vpc.private_subnets),
        security_groups=[group], allow_public_subnet=False,
        environment_encryption=key,
        # a failed run is not retried: the next one is a minute away
        retry_attempts=0, max_event_age=Duration.seconds(monitor.PROBE_MAX_EVENT_AGE_S),
        environment=monitor.probe_environment(
            f"https://{load_balancer.load_balancer_dns_name}", secret.secret_arn,
            deployment.prefix, str(plan.shards)),
        description="wa-infra health probe: logs in to the Webapp, publishes cluster health",
    )
    function.node.add_dependency(role)
    acknowledge_nist(function, "LambdaDLQ", "A failed probe run is not retried (the next one "
                     "is a minute away); ProbeFunctionErrors and ProbeSilent report failing or "
                     "missing runs.")
    acknowledge_nist(function, "LambdaConcurrency", "Reserving concurrency fails the deploy in "
                     "accounts whose quota leaves less than 100 unreserved (new accounts); one "
                     "run a minute, bounded well below the timeout, needs no reservation.")
    events.Rule(stack, "ProbeSchedule", description="Runs the health probe",
                schedule=events.Schedule.expression(monitor.PROBE_SCHEDULE),
                targets=[targets.LambdaFunction(function, retry_attempts=0)])
    return function, secret
