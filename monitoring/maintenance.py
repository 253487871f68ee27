"""The maintenance switch: mute a deployment's alarm actions around planned work (a shard
change, an upgrade, a deploy that is expected to restart everything) and restore them after.

Muting keeps every alarm evaluating (the console and the dashboard still show its state); only
its notifications stop (CloudWatch DisableAlarmActions / EnableAlarmActions). Only the alarms
of monitoring/alarms.py are touched, never the hosts' memory alarms, whose actions are the
scaling policies. Both calls are idempotent and bounded (a fixed number of pages); `muted` is
the form runbooks use, restoring what it muted even when the work fails.

An alarm's name is CloudFormation's, "<stack>-<logical id>-<suffix>": the CDK app's stack is
"<prefix>-Enterprise", the plain template's root stack is named by the operator (the prefix).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from monitoring.alarms import ALARMS

MAX_PAGES = 20  # 100 alarms a page: far above one deployment's alarms
BATCH = 100  # names per Enable/DisableAlarmActions call (the API's limit)


def name_prefixes(prefix: str) -> tuple[str, ...]:
    """The names CloudFormation gives this deployment's alarms start with one of these."""
    ids = sorted(alarm.logical_id for alarm in ALARMS)
    return tuple(f"{stack}-{logical_id}-" for stack in (f"{prefix}-Enterprise", prefix)
                 for logical_id in ids)


def _alarms(cloudwatch, prefix: str) -> Iterator[dict]:
    starts = name_prefixes(prefix)
    token = None
    for _ in range(MAX_PAGES):
        page = cloudwatch.describe_alarms(AlarmNamePrefix=prefix, AlarmTypes=["MetricAlarm"],
                                          MaxRecords=100, **({"NextToken": token} if token
                                                             else {}))
        yield from (alarm for alarm in page.get("MetricAlarms", [])
                    if alarm["AlarmName"].startswith(starts))
        token = page.get("NextToken")
        if not token:
            break


def deployment_alarms(cloudwatch, prefix: str) -> dict[str, bool]:
    """Name -> actions enabled, for each of the deployment's alarms."""
    return {alarm["AlarmName"]: alarm.get("ActionsEnabled", True)
            for alarm in _alarms(cloudwatch, prefix)}


def alarming(cloudwatch, prefix: str) -> list[str]:
    """The deployment's alarms in ALARM now. Enabling actions again sends nothing for them
    (actions run on a change of state): whoever restores must say so."""
    return sorted(alarm["AlarmName"] for alarm in _alarms(cloudwatch, prefix)
                  if alarm.get("StateValue") == "ALARM")


def _each_batch(names: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(names), BATCH):
        yield names[start:start + BATCH]


def mute(cloudwatch, prefix: str) -> list[str]:
    """Stop the deployment's alarm notifications; the names that were notifying until now
    (hand them to `restore` to leave alarms an operator had muted by hand as they were)."""
    alarms = deployment_alarms(cloudwatch, prefix)
    names = sorted(name for name, enabled in alarms.items() if enabled)
    for batch in _each_batch(names):
        cloudwatch.disable_alarm_actions(AlarmNames=batch)
    return names


def restore(cloudwatch, prefix: str, names: list[str] | None = None) -> list[str]:
    """Notify again: `names` (what `mute` returned), or every alarm of the deployment."""
    alarms = deployment_alarms(cloudwatch, prefix)
    chosen = sorted(alarms if names is None else set(names) & set(alarms))
    for batch in _each_batch(chosen):
        cloudwatch.enable_alarm_actions(AlarmNames=batch)
    return chosen


def held(cloudwatch, prefix: str) -> list[str]:
    """The deployment's alarms muted now (by hand, or by a runbook around this work)."""
    return sorted(name for name, enabled in deployment_alarms(cloudwatch, prefix).items()
                  if not enabled)


def hold(cloudwatch, prefix: str, names: list[str]) -> list[str]:
    """Mute `names` again where they notify: CloudFormation writes an alarm whole when it
    updates it, and ActionsEnabled comes back true (its default), so a deploy that changes a
    threshold (a shard change does) would undo a mute made before it."""
    alarms = deployment_alarms(cloudwatch, prefix)
    again = sorted(name for name in names if alarms.get(name))
    for batch in _each_batch(again):
        cloudwatch.disable_alarm_actions(AlarmNames=batch)
    return again


@contextmanager
def muted(cloudwatch, prefix: str) -> Iterator[list[str]]:
    """`with muted(client, prefix): <planned work>`: restored on the way out, failure or not;
    what was muted before stays muted, even where the work rewrote the alarm."""
    before = held(cloudwatch, prefix)
    names = mute(cloudwatch, prefix)
    try:
        yield names
    finally:
        restore(cloudwatch, prefix, names)
        hold(cloudwatch, prefix, before)
