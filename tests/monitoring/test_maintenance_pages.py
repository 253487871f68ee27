"""The maintenance switch (monitoring/maintenance.py) against a CloudWatch that pages as the
real one does (CloudWatch API Reference: DescribeAlarms gives at most MaxRecords, 1 to 100, a
page and a NextToken to go on, metric alarms only unless AlarmTypes asks for others;
Enable/DisableAlarmActions take at most 100 names), in an account whose other alarms outnumber
the deployment's. The API documents no default page size: this one gives 50, so a switch that
does not ask for full pages reads fewer alarms in its bounded number of pages.
tests/stacks/test_alarm_maintenance.py covers the switch's meaning in moto, which answers in
one page."""

from __future__ import annotations

import pytest

from monitoring import maintenance
from monitoring.alarms import ALARMS

OURS = sorted(f"wa-Enterprise-{a.logical_id}-X{i}" for i, a in enumerate(ALARMS))


class CloudWatch:
    """DescribeAlarms and the two switches, parameters checked as the API checks them."""

    def __init__(self, names, muted=(), composite=()):
        self.alarms = {name: {"AlarmName": name, "ActionsEnabled": name not in muted,
                              "StateValue": "OK"} for name in names}
        self.composite = set(composite)
        self.calls: list[tuple[str, list[str]]] = []

    def describe_alarms(self, *, AlarmNamePrefix="", AlarmTypes=None, MaxRecords=50,  # noqa: N803
                        NextToken=None):
        assert 1 <= MaxRecords <= 100, "ValidationError: MaxRecords"
        assert set(AlarmTypes or ["MetricAlarm"]) <= {"MetricAlarm", "CompositeAlarm",
                                                      "LogAlarm"}, "ValidationError: AlarmTypes"
        metric = "MetricAlarm" in (AlarmTypes or ["MetricAlarm"])
        names = sorted(n for n in self.alarms if n.startswith(AlarmNamePrefix)
                       and (n in self.composite) != metric)
        start = int(NextToken or 0)
        page = {}
        chosen = [self.alarms[n] for n in names[start:start + MaxRecords]]
        if chosen:  # a page of no metric alarm holds no list of them
            page["MetricAlarms"] = [dict(a) for a in chosen]
        if start + MaxRecords < len(names):
            page["NextToken"] = str(start + MaxRecords)
        return page

    def _switch(self, call, names, enabled):
        assert len(names) <= 100, f"ValidationError: {len(names)} names"
        self.calls.append((call, list(names)))
        for name in names:
            self.alarms[name]["ActionsEnabled"] = enabled

    def disable_alarm_actions(self, *, AlarmNames):  # noqa: N803
        self._switch("disable", AlarmNames, False)

    def enable_alarm_actions(self, *, AlarmNames):  # noqa: N803
        self._switch("enable", AlarmNames, True)


def crowded(others: int, **kwargs) -> CloudWatch:
    """The deployment's alarms after `others` alarms of another deployment under the same
    prefix ("wa-0..." sorts first) and as many outside it."""
    return CloudWatch([*(f"wa-0-{i:05}" for i in range(others)),
                       *(f"app-{i:05}" for i in range(others)), *OURS], **kwargs)


def test_the_deployments_alarms_are_found_behind_fifteen_pages_of_others():
    cloudwatch = crowded(1500)
    assert maintenance.mute(cloudwatch, "wa") == OURS
    assert all(not cloudwatch.alarms[n]["ActionsEnabled"] for n in OURS)
    assert all(cloudwatch.alarms[n]["ActionsEnabled"] for n in cloudwatch.alarms
               if n not in OURS)


def test_each_name_is_switched_once_in_calls_of_at_most_a_hundred():
    cloudwatch = crowded(0)
    maintenance.mute(cloudwatch, "wa")
    maintenance.restore(cloudwatch, "wa")
    for call in ("disable", "enable"):
        sent = [name for c, names in cloudwatch.calls if c == call for name in names]
        assert sorted(sent) == OURS, call  # each once


def test_only_metric_alarms_are_muted():
    # a composite alarm of the deployment's name is not one of monitoring/alarms.py's
    cloudwatch = CloudWatch(OURS, composite=[OURS[0]])
    assert maintenance.mute(cloudwatch, "wa") == OURS[1:]


def test_a_page_without_metric_alarms_ends_the_listing_quietly():
    cloudwatch = CloudWatch(OURS, composite=OURS)
    assert maintenance.deployment_alarms(cloudwatch, "wa") == {}


def test_an_alarm_that_does_not_say_notifies():
    """ActionsEnabled is true unless set false (CloudWatch's default)."""
    cloudwatch = CloudWatch(OURS[:1])
    del cloudwatch.alarms[OURS[0]]["ActionsEnabled"]
    assert maintenance.deployment_alarms(cloudwatch, "wa") == {OURS[0]: True}
    assert maintenance.held(cloudwatch, "wa") == []


@pytest.mark.parametrize("muted", [[], OURS[:2]])
def test_muted_restores_across_pages_what_it_muted(muted):
    cloudwatch = crowded(300, muted=muted)
    with maintenance.muted(cloudwatch, "wa") as names:
        assert names == [n for n in OURS if n not in muted]
    assert maintenance.held(cloudwatch, "wa") == muted
