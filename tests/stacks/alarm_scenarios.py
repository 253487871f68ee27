"""The scenario table: what the cluster's metrics do, minute by minute, in situations an
on-call engineer lives through, and which alarms must page in each (every other alarm must
not). Both renderers' alarms are judged on it by monitoring/evaluate.py
(tests/stacks/test_alarm_scenarios.py, tests/templates/test_alarm_scenarios.py).

Series are one sample a minute (the probe runs every minute; AWS publishes these metrics each
minute), None where nothing is published. Values sit on the thresholds' edges on purpose
(an I/O limit at 89 % in a deploy, 90 % in a burst; connections at the alarm figure, then one
above it), so that an alarm off by one step changes an outcome.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import sizing
from monitoring.alarms import (
    DB_FREE_STORAGE_ALARM_PCT,
    EFS_IO_LIMIT_ALARM_PCT,
    callback_backlog,
    db_connections_alarm,
    message_backlog,
)
from monitoring.evaluate import ALARM, RenderedAlarm, first_alarm, states
from sizing import data

MINUTES = 60
GIB = 1 << 30
DB_STORAGE_GIB = 100  # the default deployment's


def steady(plan) -> dict[str, list]:
    """A healthy cluster running its plan: each series is a minute-by-minute list."""
    def flat(value):
        return [value] * MINUTES

    return {
        "CoreappsConnected": flat(plan.shards), "ShardsExpected": flat(plan.shards),
        "PrimaryMasters": flat(1), "ProbeErrors": flat(0), "ProbeConfigured": flat(1),
        "NodesInError": flat(0), "Errors": flat(0), "CoreappGatewayStatus@unregistered": flat(0),
        "DatabaseConnections": flat(plan.estimated_connections), "CPUUtilization": flat(50),
        "FreeStorageSpace": flat((100 - 2 * DB_FREE_STORAGE_ALARM_PCT) * DB_STORAGE_GIB
                                 * GIB / 100),
        "HealthyHostCount": flat(plan.webapps), "UnHealthyHostCount": flat(0),
        "RunningTaskCount@web": flat(plan.webapps),
        "RunningTaskCount@master": flat(plan.masters),
        "RunningTaskCount@coreapp": flat(plan.total_coreapps),
        "TriggeredRules@TaskFailures": flat(None), "TriggeredRules@DiskFull": flat(None),
        "PercentIOLimit": flat(20),
        # desired = max by plan (3/5/5): the fleet sits at its maximum, healthy
        "GroupInServiceInstances": flat(plan.ec2_desired),
        "MemoryReservation": flat(70),
        # the client's queues drain as they fill: a few seconds of traffic waiting
        "CallbackQueueSize": flat(callback_backlog(plan) // 20),
        "PendingMessages": flat(message_backlog(plan) // 20),
    }


def put(series: dict, key: str, start: int, end: int, value) -> None:
    """`value` (or value(minute)) for minutes start <= m < end."""
    for minute in range(start, min(end, MINUTES)):
        series[key][minute] = value(minute) if callable(value) else value


def probe_lost(series: dict, minute: int) -> None:
    """A probe run that published nothing (timed out before its metrics)."""
    for key in ("CoreappsConnected", "ShardsExpected", "PrimaryMasters", "ProbeErrors",
                "ProbeConfigured", "NodesInError"):
        series[key][minute] = None


@dataclass
class Scenario:
    name: str
    shards: int  # the rendering: the plan for 100 msg/s on this many shards
    change: Callable[[dict, object], None]  # (series, plan) -> edits the steady series
    fires: set[str]  # alarm keys that must reach ALARM; every other one must not
    within: dict[str, int] = field(default_factory=dict)  # key -> latest minute it may
    # (first, end) minutes the runbook mutes the alarms: a state change inside notifies no
    # one; an alarm still in ALARM when they are restored counts as paging then
    muted: tuple[int, int] | None = None

    def series(self) -> dict[str, list]:
        plan = sizing.plan(100, self.shards)
        values = steady(plan)
        self.change(values, plan)
        return values


def _rolling_deploy(s, plan):
    # An image change or an upgrade at 200 %: new tasks start beside the old ones.
    put(s, "MemoryReservation", 10, 35, 95)  # 92-97 % for minutes, at the maximum
    put(s, "MemoryReservation", 35, MINUTES, data.SCALE_OUT_MEMORY_PCT)  # then on the line
    put(s, "RunningTaskCount@web", 10, 20, plan.webapps * 2)
    put(s, "RunningTaskCount@coreapp", 12, 20, plan.total_coreapps * 2)
    put(s, "RunningTaskCount@master", 20, 26, plan.masters - 1)  # one per host: 50 %
    put(s, "UnHealthyHostCount", 11, 13, plan.webapps)  # new targets until healthy
    put(s, "CoreappsConnected", 20, 22, plan.shards - 2)  # old Coreapps stop, shards move
    put(s, "PrimaryMasters", 22, 24, 0)  # the primary Master is replaced: a failover
    put(s, "ProbeErrors", 14, 15, 1)
    put(s, "NodesInError", 20, 26, 1)
    put(s, "DatabaseConnections", 10, 30, db_connections_alarm(plan.db_max_connections))
    put(s, "PercentIOLimit", 10, 40, EFS_IO_LIMIT_ALARM_PCT - 1)  # image pulls, media
    # Coreapps restarting hold their queues for a while: just under the alarms' figures
    put(s, "CallbackQueueSize", 10, 35, callback_backlog(plan) - 1)
    put(s, "PendingMessages", 10, 35, message_backlog(plan) - 1)
    # The scheduler's own stops (ServiceSchedulerInitiated) match no rule.


def _shard_change(s, plan):
    # 8 -> 16 as `wa-shards plan` runs it, alarms muted from minute 0 to the check at 25: the
    # stack grows first (alarms rendered for 16 from here, and the probe's default, the API
    # key, reports the plan's count from the deploy on), the client's setting follows 15
    # minutes later, restarting every Coreapp (45-60 s).
    before = 8
    put(s, "ShardsExpected", 0, 5, before)
    put(s, "CoreappsConnected", 0, 20, before)
    put(s, "CoreappsConnected", 20, 21, 0)
    put(s, "NodesInError", 20, 21, plan.total_coreapps)
    put(s, "RunningTaskCount@coreapp", 0, 6, before + 1)  # hosts launching
    put(s, "GroupInServiceInstances", 0, 5, sizing.plan(100, before).ec2_desired)
    put(s, "TriggeredRules@TaskFailures", 20, 21, plan.total_coreapps)  # one restart each


def _dead_coreapp(s, plan):
    # A Coreapp that exits every few minutes: the spare takes its shard over (connected
    # stays whole) and high availability is gone.
    put(s, "RunningTaskCount@coreapp", 10, MINUTES, plan.total_coreapps - 1)
    put(s, "TriggeredRules@TaskFailures", 10, MINUTES, lambda m: 1 if m % 3 == 0 else None)
    put(s, "NodesInError", 10, MINUTES, 1)


def _full_disk(s, plan):
    # A host's root disk fills: the spare Coreapp cannot start there again.
    put(s, "RunningTaskCount@coreapp", 20, MINUTES, plan.total_coreapps - 1)
    put(s, "TriggeredRules@DiskFull", 20, MINUTES, lambda m: 1 if m % 5 == 0 else None)
    put(s, "TriggeredRules@TaskFailures", 20, MINUTES, lambda m: 1 if m % 4 == 0 else None)


def _db_at_max(s, plan):
    # Connections climb past the alarm figure, then pin at max_connections; the Masters
    # cannot renew their lease.
    figure = db_connections_alarm(plan.db_max_connections)
    put(s, "DatabaseConnections", 10, 16, figure + 1)
    put(s, "DatabaseConnections", 16, MINUTES, plan.db_max_connections)
    put(s, "PrimaryMasters", 20, MINUTES, 0)


def _az_lost(s, plan):
    # One of two zones goes; its hosts come back in the other zone after 15 minutes.
    put(s, "GroupInServiceInstances", 10, 25, plan.ec2_desired // 2)
    put(s, "HealthyHostCount", 10, 25, plan.webapps // 2)
    put(s, "UnHealthyHostCount", 10, 13, plan.webapps - plan.webapps // 2)
    put(s, "RunningTaskCount@web", 10, 25, plan.webapps // 2)
    put(s, "RunningTaskCount@master", 10, 25, plan.masters // 2)
    put(s, "RunningTaskCount@coreapp", 10, 25, plan.total_coreapps // 2)
    put(s, "CoreappsConnected", 10, 25, plan.shards - 1)  # the spare took one shard only
    put(s, "PrimaryMasters", 10, 12, 0)
    put(s, "NodesInError", 10, 25, 2)


def _probe_intermittent(s, plan):
    # A flapping Webapp: every other probe run fails (and publishes no cluster metrics),
    # one target failing the health check two minutes in three.
    for minute in range(10, 40, 2):
        probe_lost(s, minute)
        s["ProbeErrors"][minute] = 1
        s["ProbeConfigured"][minute] = 1
    put(s, "UnHealthyHostCount", 10, 40, lambda m: 1 if m % 3 else 0)


def _expired_number(s, plan):
    # The number's certificate expired: no Coreapp connects; one probe run is lost on the way.
    put(s, "CoreappsConnected", 10, MINUTES, 0)
    probe_lost(s, 12)
    # the first Coreapp to reconnect reports the number unregistered, the others follow
    put(s, "CoreappGatewayStatus@unregistered", 10, 30, 1)
    put(s, "CoreappGatewayStatus@unregistered", 30, MINUTES, plan.shards)
    s["CoreappGatewayStatus@unregistered"][12] = None


SCENARIOS = (
    Scenario("healthy at plan", 8, lambda s, p: None, set()),
    Scenario("healthy at plan, 16 shards", 16, lambda s, p: None, set()),
    Scenario("rolling deploy at 200 %", 8, _rolling_deploy, set()),
    Scenario("shard change 8 -> 16", 16, _shard_change, set(), muted=(0, 25)),
    Scenario("a dead Coreapp", 8, _dead_coreapp,
             {"NodesInError", "TasksCrashLooping", "CoreappTasksBelowDesired"}),
    Scenario("a full disk", 8, _full_disk,
             {"RootDiskFull", "TasksCrashLooping", "CoreappTasksBelowDesired"},
             within={"RootDiskFull": 25}),
    Scenario("a DB at max connections", 8, _db_at_max, {"DbConnectionsHigh", "NoPrimaryMaster"},
             within={"DbConnectionsHigh": 15}),
    Scenario("an AZ lost", 8, _az_lost,
             {"WebappsUnhealthy", "WebTasksBelowDesired", "MasterTasksBelowDesired",
              "CoreappTasksBelowDesired", "CoreappsDisconnected", "NodesInError"},
             within={"WebappsUnhealthy": 15, "CoreappsDisconnected": 15}),
    Scenario("a probe that fails intermittently", 8, _probe_intermittent,
             {"ProbeFailing", "WebappTargetsUnhealthy"}, within={"ProbeFailing": 15}),
    Scenario("an expired number", 8, _expired_number,
             {"CoreappsDisconnected", "NumberUnregistered"},
             within={"CoreappsDisconnected": 15, "NumberUnregistered": 15}),
    Scenario("a media burst at the file system's I/O limit", 8,
             lambda s, p: put(s, "PercentIOLimit", 10, 40, EFS_IO_LIMIT_ALARM_PCT),
             {"EfsIoLimit"}),
    Scenario("a webhook that is down", 8,
             lambda s, p: put(s, "CallbackQueueSize", 10, MINUTES,
                              callback_backlog(p)),
             {"CallbacksBacklogged"}, within={"CallbacksBacklogged": 25}),
    Scenario("Coreapps that cannot keep up", 8,
             lambda s, p: put(s, "PendingMessages", 10, MINUTES,
                              message_backlog(p)),
             {"MessagesBacklogged"}, within={"MessagesBacklogged": 25}),
    # one host short of the maximum with memory asking for more: the group can still grow
    # (a host being replaced), so nothing is exhausted; an "at maximum" off by one would page
    Scenario("memory asking for a host the fleet can still add", 8,
             lambda s, p: (put(s, "GroupInServiceInstances", 10, MINUTES, p.ec2_max - 1),
                           put(s, "MemoryReservation", 10, MINUTES,
                               data.SCALE_OUT_MEMORY_PCT + 1)),
             set()),
    Scenario("the fleet full at its maximum", 8,
             lambda s, p: put(s, "MemoryReservation", 10, MINUTES, data.SCALE_OUT_MEMORY_PCT + 1),
             {"CapacityExhausted"}),
)
@functools.cache
def _cached(index: int) -> dict[str, list]:
    return SCENARIOS[index].series()


def _series(scenario: Scenario) -> dict[str, list]:
    return _cached(SCENARIOS.index(scenario))


# What this table must catch, removed or off by one step: the alarms issue 21 added or
# reworked.
GUARDED = ("CoreappsDisconnected", "NoPrimaryMaster", "ProbeFailing", "DbConnectionsHigh",
           "NodesInError", "WebappTargetsUnhealthy", "TasksCrashLooping", "RootDiskFull",
           "EfsIoLimit", "CapacityExhausted", "CallbacksBacklogged", "MessagesBacklogged",
           "NumberUnregistered")
# The alarms whose series carry a qualifier (one metric name, several things measured).
QUALIFIERS = {"WebTasksBelowDesiredAlarm": "web", "MasterTasksBelowDesiredAlarm": "master",
              "CoreappTasksBelowDesiredAlarm": "coreapp",
              "TasksCrashLoopingAlarm": "TaskFailures", "RootDiskFullAlarm": "DiskFull",
              "NumberUnregisteredAlarm": "unregistered"}


def outcome(alarms: dict[str, RenderedAlarm], scenario: Scenario) -> dict[str, int]:
    """Alarm key -> the minute it first pages in the scenario (alarms that never page are
    left out)."""
    return _fired(alarms, _series(scenario), scenario.muted)


def first_page(alarm: RenderedAlarm, series, muted: tuple[int, int] | None) -> int | None:
    """The minute the alarm first notifies: a change to ALARM outside the muted window, or
    ALARM when the window ends (the restore lists it)."""
    if muted is None:
        return first_alarm(alarm, series, MINUTES)
    width = max(alarm.period_s // 60, 1)
    previous = None
    for index, state in enumerate(states(alarm, series, MINUTES)):
        minute = (index + 1) * width
        inside = muted[0] <= minute < muted[1]
        restored_now = minute >= muted[1] and minute - width < muted[1]
        if state == ALARM and ((previous != ALARM and not inside) or restored_now):
            return minute
        previous = state
    return None


def _fired(alarms: dict[str, RenderedAlarm], series: dict[str, list],
           muted: tuple[int, int] | None = None) -> dict[str, int]:
    fired = {}
    for name, alarm in alarms.items():
        qualifier = QUALIFIERS.get(name)
        minute = first_page(alarm, lambda metric, q=qualifier: series.get(
            f"{metric}@{q}", series.get(metric)), muted)
        if minute is not None:
            fired[name.removesuffix("Alarm")] = minute
    return fired


def problems(alarms: dict[str, RenderedAlarm], scenario: Scenario) -> list[str]:
    """What differs from the scenario's expectations (empty: it holds)."""
    fired = outcome(alarms, scenario)
    out = [f"{scenario.name}: {key} must page" for key in sorted(scenario.fires - set(fired))]
    out += [f"{scenario.name}: {key} must not page (minute {fired[key]})"
            for key in sorted(set(fired) - scenario.fires)]
    out += [f"{scenario.name}: {key} pages at minute {fired[key]}, later than {limit}"
            for key, limit in scenario.within.items() if fired.get(key, limit) > limit]
    return out


# TriggeredRules has no datapoint without an event, and a datapoint is at least 1: a
# threshold one step below 1 is the same alarm (an equivalent mutant, not a gap).
EVENT_COUNTS = ("TasksCrashLooping", "RootDiskFull")


def mutants(alarm: RenderedAlarm, key: str) -> dict[str, RenderedAlarm | None]:
    """The alarm removed (None), and with its threshold one step either way."""
    import dataclasses

    steps = (1,) if key in EVENT_COUNTS else (-1, 1)
    return {"removed": None, **{f"threshold {step:+d}": dataclasses.replace(
        alarm, threshold=alarm.threshold + step) for step in steps}}


def undetected(renderings: dict[int, dict[str, RenderedAlarm]]) -> list[str]:
    """Each mutant of a GUARDED alarm that no scenario tells from the real alarm.
    `renderings`: shards -> the alarms rendered for that plan. Only the mutated alarm can
    change an outcome, so only it is judged again."""
    missed = []
    for key in GUARDED:
        for how in mutants(renderings[8][f"{key}Alarm"], key):
            caught = False
            for scenario in SCENARIOS:
                alarm = renderings[scenario.shards][f"{key}Alarm"]
                mutant = mutants(alarm, key)[how]
                changed = {} if mutant is None else {f"{key}Alarm": mutant}
                fired = outcome(changed, scenario)
                expected = key in scenario.fires
                if (key in fired) != expected or fired.get(
                        key, 0) > scenario.within.get(key, MINUTES):
                    caught = True
                    break
            if not caught:
                missed.append(f"{key} {how}")
    return missed


def healthy_paging(alarms: dict[str, RenderedAlarm], plan, configured: bool = True
                   ) -> dict[str, int]:
    """What pages in an hour of a healthy cluster at `plan` (a probe without credentials
    publishes ProbeConfigured 0 and nothing else)."""
    values = steady(plan)
    if not configured:
        for minute in range(MINUTES):
            probe_lost(values, minute)
        values["ProbeConfigured"] = [0] * MINUTES
    return _fired(alarms, values)
