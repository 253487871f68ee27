"""The EventBridge rules behind TasksCrashLooping and RootDiskFull: ECS task state changes of
this cluster, as data both renderers build their rules from.

ECS sends "ECS Task State Change" events to EventBridge for every task; a task that stopped
carries a stopCode and a stoppedReason ("Amazon ECS task state change events", Amazon ECS
Developer Guide, https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html).
The scheduler's own stops (a rolling deploy, a scale-in, a drained host) carry the stop code
ServiceSchedulerInitiated and are left out; what remains is a container that exited by itself
or a task that never started. Each rule sends what it matched to the host events topic (the
operator reads the reason there) and its TriggeredRules metric (AWS/Events, RuleName) is what
the alarm counts.

The hosts publish no disk metric (no CloudWatch agent on them: contract/ledger.py), and
Container Insights reports a host's filesystem only with that agent running as a daemon. The
cheapest honest signal of a full root disk is Docker's own refusal: a task that stops because
"no space left on device" (pulling an image, creating or starting a container).
"""

from __future__ import annotations

TASK_STATE_CHANGE = "ECS Task State Change"
# Stops no scheduler asked for (the ECS API's StopCode values).
FAILURE_STOP_CODES = ("EssentialContainerExited", "TaskFailedToStart")
DISK_FULL_REASON = "*no space left on device*"  # an EventBridge wildcard pattern

# name -> (description, what the rule's detail must hold besides the cluster)
RULES: dict[str, tuple[str, dict]] = {
    "TaskFailures": ("Tasks of this cluster that stopped on their own (crash loops)",
                     {"lastStatus": ["STOPPED"], "stopCode": list(FAILURE_STOP_CODES)}),
    "DiskFull": ("Tasks of this cluster stopped by a full host disk",
                 {"lastStatus": ["STOPPED"], "stoppedReason": [{"wildcard": DISK_FULL_REASON}]}),
}
# The alarm dimension (monitoring/alarms.py DIMENSIONS) each rule's name fills.
RULE_DIMENSIONS = {"TaskFailures": "task_failures_rule", "DiskFull": "disk_full_rule"}


def event_pattern(name: str, cluster_arn) -> dict:
    """The rule's event pattern for the cluster `cluster_arn` (a renderer's expression)."""
    return {"source": ["aws.ecs"], "detail-type": [TASK_STATE_CHANGE],
            "detail": {"clusterArn": [cluster_arn], **RULES[name][1]}}
