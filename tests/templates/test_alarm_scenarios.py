"""The scenario table (tests/stacks/alarm_scenarios.py) against the plain template's alarms,
parameters resolved as a deploy would get them (gates/renderings.py), judged by
monitoring/evaluate.py; the CDK app's half is tests/stacks/test_alarm_scenarios.py."""

from __future__ import annotations

import pytest

from gates import renderings
from monitoring.evaluate import RenderedAlarm, from_properties
from tests.stacks.alarm_scenarios import SCENARIOS, problems, undetected

PARAMETERS = {8: {}, 16: {"ActiveCoreapps": "16"}}  # 100 msg/s (the default) on 8, 16 shards


@pytest.fixture(scope="module")
def plain_alarms(parsed) -> dict[int, dict[str, RenderedAlarm]]:
    out = {}
    for shards, given in PARAMETERS.items():
        deployment = renderings.plain_renderings(parsed, {"t": given})["t"].deployment
        out[shards] = {r.logical_id: from_properties(r.logical_id, r.properties)
                       for r in deployment.resources("AWS::CloudWatch::Alarm")
                       if not r.logical_id.startswith(("ScaleOut", "ScaleIn"))}
    return out


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_each_scenario_pages_exactly_what_it_must(plain_alarms, scenario):
    assert problems(plain_alarms[scenario.shards], scenario) == []


def test_removing_an_alarm_or_moving_its_threshold_one_step_breaks_a_scenario(plain_alarms):
    assert undetected(plain_alarms) == []
