"""Two things moto cannot show, proven on the resolved templates of both renderers: ECS
services wait for the capacity provider association, and host events reach their encrypted
topic (every key policy names only principals that exist before the stack does)."""

import json

import pytest
from cfnlint.decode import cfn_yaml

from contract.host import HOST_EVENT_TYPES
from gates import renderings
from gates.cfn_resolve import Ref
from templates.render import render_all
from tests.stacks.conftest import SHAPES


@pytest.fixture(scope="module")
def plain_grid():
    templates = {name: cfn_yaml.loads(text) for name, text in render_all().items()}
    return renderings.plain_renderings(templates)


def every_rendering(synths, plain_grid):
    for name in SHAPES:
        synth = synths[name]
        outdir = synth.outdir
        yield renderings.cdk_rendering(name, outdir, synth.plan, synth.deployment)
    yield from plain_grid.values()


def of_type(rendering, type_):
    return list(rendering.deployment.resources(type_))


def points_at(value, resource) -> bool:
    return isinstance(value, Ref) and (value.stack, value.logical_id) == (
        resource.stack, resource.logical_id)


def test_every_service_waits_for_the_capacity_provider_association(synths, plain_grid):
    for rendering in every_rendering(synths, plain_grid):
        association, = of_type(rendering, "AWS::ECS::ClusterCapacityProviderAssociations")
        services = of_type(rendering, "AWS::ECS::Service")
        assert len(services) == 3
        for service in services:
            assert service.properties["CapacityProviderStrategy"]
            assert association.logical_id in service.depends_on, (rendering.name,
                                                                  service.logical_id)


def test_alarms_reach_their_encrypted_topic_from_this_account_only(synths, plain_grid):
    for rendering in every_rendering(synths, plain_grid):
        alarms = [*of_type(rendering, "AWS::CloudWatch::Alarm"),
                  *of_type(rendering, "AWS::CloudWatch::CompositeAlarm")]
        # the memory alarms act on the hosts instead; FleetAtMaximum feeds ScalingExhausted
        notified = [a for a in alarms if not a.logical_id.startswith(
            ("ScaleOut", "ScaleIn", "FleetAtMaximum"))]
        assert len(notified) >= 11, rendering.name  # 3 more with a database of its own
        topics = {id(t): t for a in notified for t in of_type(rendering, "AWS::SNS::Topic")
                  if all(points_at(arn, t) for arn in a.properties["AlarmActions"])}
        topic, = topics.values()  # one topic for every alarm
        key = rendering.deployment.resource(topic.properties["KmsMasterKeyId"])
        for action in ("kms:GenerateDataKey*", "kms:Decrypt"):
            assert allows(key.properties["KeyPolicy"], "cloudwatch.amazonaws.com", action)
        cloudwatch = [st for st in statements(key.properties["KeyPolicy"])
                      if "cloudwatch.amazonaws.com" in json.dumps(st.get("Principal"))]
        assert all("aws:SourceAccount" in json.dumps(st.get("Condition", {}),
                                                     default=str) for st in cloudwatch)
        policies = [p for p in of_type(rendering, "AWS::SNS::TopicPolicy")
                    if any(points_at(t, topic) for t in p.properties["Topics"])]
        assert any(allows(p.properties["PolicyDocument"], "cloudwatch.amazonaws.com",
                          "sns:Publish") for p in policies), rendering.name


def statements(policy) -> list[dict]:
    found = policy["Statement"]
    return found if isinstance(found, list) else [found]


def aws_principals(statement) -> list:
    principal = statement.get("Principal", {})
    named = principal.get("AWS", []) if isinstance(principal, dict) else principal
    return named if isinstance(named, list) else [named]


def test_no_key_policy_names_a_principal_that_may_not_exist_yet(synths, plain_grid):
    """KMS refuses a key policy naming a role that does not exist (the Auto Scaling
    service-linked role before the account's first group): only the account itself, roles
    this deployment creates, and service principals."""
    for rendering in every_rendering(synths, plain_grid):
        for key in of_type(rendering, "AWS::KMS::Key"):
            for statement in statements(key.properties["KeyPolicy"]):
                for principal in aws_principals(statement):
                    created = isinstance(principal, Ref) and principal.type == "AWS::IAM::Role"
                    assert created or str(principal).endswith(":root"), (
                        rendering.name, key.logical_id, principal)


def allows(policy, service: str, action: str) -> bool:
    for statement in statements(policy):
        principal = statement.get("Principal", {})
        services = principal.get("Service", []) if isinstance(principal, dict) else []
        services = services if isinstance(services, list) else [services]
        actions = statement["Action"] if isinstance(statement["Action"], list) else [
            statement["Action"]]
        if statement["Effect"] == "Allow" and service in services and action in actions:
            return True
    return False


def test_host_events_reach_their_encrypted_topic(synths, plain_grid):
    for rendering in every_rendering(synths, plain_grid):
        group, = of_type(rendering, "AWS::AutoScaling::AutoScalingGroup")
        # group notifications would publish as the service-linked role: see the key test
        assert "NotificationConfigurations" not in group.properties
        rule, = [r for r in of_type(rendering, "AWS::Events::Rule")  # not the probe's, nor
                 if r.properties.get("EventPattern", {}).get("source") == [  # the task rules
                     "aws.autoscaling"]]
        pattern = rule.properties["EventPattern"]
        assert pattern["source"] == ["aws.autoscaling"]
        assert pattern["detail-type"] == list(HOST_EVENT_TYPES)
        name, = pattern["detail"]["AutoScalingGroupName"]
        assert points_at(name, group)
        target, = rule.properties["Targets"]
        topic, = [t for t in of_type(rendering, "AWS::SNS::Topic")
                  if points_at(target["Arn"], t)]
        key = rendering.deployment.resource(topic.properties["KmsMasterKeyId"])
        for action in ("kms:GenerateDataKey*", "kms:Decrypt"):
            assert allows(key.properties["KeyPolicy"], "events.amazonaws.com", action)
        policies = [p for p in of_type(rendering, "AWS::SNS::TopicPolicy")
                    if any(points_at(t, topic) for t in p.properties["Topics"])]
        assert any(allows(p.properties["PolicyDocument"], "events.amazonaws.com",
                          "sns:Publish") for p in policies), rendering.name
