"""Host launches and terminations, failures included, and tasks that stopped on their own
(monitoring/task_events.py), to an encrypted topic operators can subscribe to.

EventBridge delivers them: its service principal always exists, whereas Auto Scaling group
notifications publish as the Auto Scaling service-linked role, and a key policy naming that
role is refused by KMS in an account where the role has not been created yet.
"""

from __future__ import annotations

import jsii
from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_autoscaling as autoscaling
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sns as sns

from contract.host import HOST_EVENT_TYPES
from monitoring.task_events import RULES, TASK_STATE_CHANGE, event_pattern
from stacks.keys import rotated_key
from stacks.nag import acknowledge


@jsii.implements(events.IRuleTarget)
class _Topic:
    """The topic as a rule target, without the CDK's grant to every EventBridge rule."""

    def __init__(self, topic: sns.ITopic) -> None:
        self._topic = topic

    def bind(self, _rule, _id=None) -> events.RuleTargetConfig:
        return events.RuleTargetConfig(arn=self._topic.topic_arn)


def host_events(stack: Stack, group: autoscaling.AutoScalingGroup) -> sns.Topic:
    """The topic, its key and the rule, with construct ids at the stack's root (stable
    logical ids); the topic's ARN is an output."""
    key = rotated_key(stack, "HostEventsKey", "host scaling notifications")
    key.add_to_resource_policy(iam.PolicyStatement(
        actions=["kms:Decrypt", "kms:GenerateDataKey*"],
        principals=[iam.ServicePrincipal("events.amazonaws.com")],
        resources=["*"],  # in a key policy "*" means this key
    ))
    topic = sns.Topic(stack, "HostEvents", master_key=key, enforce_ssl=True,
                      display_name="wa-infra host scaling events")
    rule = events.Rule(
        stack, "HostEventsRule", description="Host launches and terminations of this fleet",
        event_pattern=events.EventPattern(
            source=["aws.autoscaling"], detail_type=list(HOST_EVENT_TYPES),
            detail={"AutoScalingGroupName": [group.auto_scaling_group_name]}),
        targets=[_Topic(topic)],
    )
    # Only this rule may publish (events.amazonaws.com is every account's EventBridge).
    topic.add_to_resource_policy(iam.PolicyStatement(
        actions=["sns:Publish"], principals=[iam.ServicePrincipal("events.amazonaws.com")],
        resources=[topic.topic_arn], conditions={"ArnEquals": {"aws:SourceArn": rule.rule_arn}},
    ))
    acknowledge(group, "AS3", "Host launches and terminations, failures included, reach the "
                "encrypted topic through an EventBridge rule; group notifications would need "
                "the Auto Scaling service-linked role in the key policy, which KMS rejects in "
                "an account where that role does not exist yet.")
    CfnOutput(stack, "HostEventsTopic", description="Subscribe for host scaling events",
              value=topic.topic_arn)
    return topic


def task_event_rules(stack: Stack, cluster) -> dict[str, events.Rule]:
    """The rules of monitoring/task_events.py for `cluster`, each sending what it matched to
    the host events topic (host_events() made it: the stopped task's reason is there for the
    operator); the alarms count their TriggeredRules. Construct ids at the stack's root."""
    topic = stack.node.find_child("HostEvents")
    rules = {}
    for name, (description, _) in RULES.items():
        rules[name] = events.Rule(
            stack, f"{name}Rule", description=description,
            event_pattern=events.EventPattern(
                source=["aws.ecs"], detail_type=[TASK_STATE_CHANGE],
                detail=event_pattern(name, cluster.cluster_arn)["detail"]),
            targets=[_Topic(topic)])
    topic.add_to_resource_policy(iam.PolicyStatement(
        actions=["sns:Publish"], principals=[iam.ServicePrincipal("events.amazonaws.com")],
        resources=[topic.topic_arn],
        conditions={"ArnEquals": {"aws:SourceArn": [r.rule_arn for r in rules.values()]}},
    ))
    return rules
