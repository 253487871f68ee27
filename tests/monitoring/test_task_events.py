"""The task event rules (monitoring/task_events.py) matched against ECS task state change
events as EventBridge matches them (moto's implementation of the pattern rules, not ours):
a crash or a task that never started counts, the scheduler's own stops and other clusters'
tasks do not, and a full disk is told apart by its reason."""

from __future__ import annotations

import json

import pytest
from moto.events.models import EventPattern

from monitoring.task_events import RULES, event_pattern

CLUSTER = "arn:aws:ecs:eu-west-1:123456789012:cluster/wa"
OTHER_CLUSTER = "arn:aws:ecs:eu-west-1:123456789012:cluster/wa-test"


def task_event(cluster=CLUSTER, source="aws.ecs", **detail) -> dict:
    """An ECS task state change as EventBridge delivers it (the fields the rules read)."""
    return {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
            "detail-type": "ECS Task State Change", "source": source,
            "account": "123456789012", "time": "2026-12-07T11:00:00Z", "region": "eu-west-1",
            "resources": [f"{cluster.replace(':cluster/', ':task/')}/0123456789abcdef"],
            "detail": {"clusterArn": cluster, "desiredStatus": "STOPPED", **detail}}


CRASH = {"lastStatus": "STOPPED", "stopCode": "EssentialContainerExited",
         "stoppedReason": "Essential container in task exited"}
NO_SPACE = {"lastStatus": "STOPPED", "stopCode": "TaskFailedToStart",
            "stoppedReason": "CannotPullContainerError: failed to register layer: write "
                             "/var/lib/docker/tmp: no space left on device"}
EVENTS = {
    "a container that exited": (task_event(**CRASH), {"TaskFailures"}),
    "a task that could not start on a full disk": (task_event(**NO_SPACE),
                                                   {"TaskFailures", "DiskFull"}),
    "a rolling deploy's stop": (task_event(
        lastStatus="STOPPED", stopCode="ServiceSchedulerInitiated",
        stoppedReason="Scaling activity initiated by (deployment ecs-svc/123)"), set()),
    "a task starting": (task_event(lastStatus="PENDING", desiredStatus="RUNNING"), set()),
    "another cluster's crash": (task_event(OTHER_CLUSTER, **CRASH), set()),
    "the same detail from elsewhere": (task_event(source="aws.batch", **NO_SPACE), set()),
}


def matches(name: str, event: dict) -> bool:
    return EventPattern.load(json.dumps(event_pattern(name, CLUSTER))).matches_event(event)


@pytest.mark.parametrize("what", EVENTS)
def test_each_rule_matches_only_the_stops_it_stands_for(what):
    event, expected = EVENTS[what]
    assert {name for name in RULES if matches(name, event)} == expected
