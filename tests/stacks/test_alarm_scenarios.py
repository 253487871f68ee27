"""The scenario table (tests/stacks/alarm_scenarios.py) against the CDK app's alarms as
synthesized, judged by monitoring/evaluate.py as CloudWatch would judge them; the plain
templates' half is tests/templates/test_alarm_scenarios.py."""

from __future__ import annotations

import pytest

from monitoring.evaluate import ALARM, OK, Input, RenderedAlarm, from_properties, states
from tests.stacks.alarm_scenarios import SCENARIOS, problems, undetected

SYNTHS = {8: "Default", 16: "S16Production"}  # the plan for 100 msg/s on 8 and 16 shards


def _sub(expression) -> str:
    """The CDK writes an expression with figures as Fn::Sub over literal values."""
    if isinstance(expression, str):
        return expression
    text, values = expression["Fn::Sub"]
    for name, value in values.items():
        text = text.replace(f"${{{name}}}", str(value))
    return text


def rendered(synth) -> dict[str, RenderedAlarm]:
    return {name: from_properties(name, r["Properties"], _sub) for name, r in
            synth["enterprise"].find_resources("AWS::CloudWatch::Alarm").items()
            if not name.startswith(("ScaleOut", "ScaleIn"))}


@pytest.fixture(scope="module")
def cdk_alarms(synths) -> dict[int, dict[str, RenderedAlarm]]:
    return {shards: rendered(synths[name]) for shards, name in SYNTHS.items()}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_each_scenario_pages_exactly_what_it_must(cdk_alarms, scenario):
    assert problems(cdk_alarms[scenario.shards], scenario) == []


def test_removing_an_alarm_or_moving_its_threshold_one_step_breaks_a_scenario(cdk_alarms):
    assert undetected(cdk_alarms) == []


def _alarm(datapoints: int, periods: int, missing: str) -> RenderedAlarm:
    return RenderedAlarm("A", 60, periods, datapoints, "GreaterThanOrEqualToThreshold", 1.0,
                         missing, (Input("m1", "M", "Maximum"),), None)


@pytest.mark.parametrize("samples, datapoints, missing, last", [
    ([1, 1, None, 1, 1], 5, "notBreaching", OK),  # all of N: one empty minute resets
    ([1, 1, None, 1, 1], 3, "notBreaching", ALARM),  # 3 of 5 rides over it
    ([1, 0, 1, 0, 1], 3, "notBreaching", ALARM),  # flapping
    ([1, 0, 0, 0, 1], 3, "notBreaching", OK),
    ([0, 0, None, None, None], 3, "breaching", ALARM),
    ([None] * 5, 3, "notBreaching", OK),
])
def test_the_evaluator_counts_m_of_n_and_missing_data_as_cloudwatch_does(samples, datapoints,
                                                                         missing, last):
    got = states(_alarm(datapoints, 5, missing), lambda _: samples, len(samples))
    assert got[-1] == last


def test_docs_alarms_md_is_the_generated_page_and_lists_every_alarm():
    from monitoring.alarm_table import PAGE, alarm_table_markdown, alarms_page
    from monitoring.alarms import ALARMS

    assert PAGE.read_text() == alarms_page(), "docs/alarms.md is stale: make docs"
    rows = [line.split(" | ")[0].strip("| `").split("`")[0]
            for line in alarm_table_markdown().splitlines()[2:]]
    assert rows == [a.key for a in ALARMS]
    assert all(a.action for a in ALARMS)  # every alarm says what to do


def test_readme_lists_every_alarm_with_its_meaning_and_action():
    from cli.docs import README
    from monitoring.alarms import ALARMS

    text = README.read_text()
    block = text[text.index("<!-- BEGIN readme-alarms -->"):
                 text.index("<!-- END readme-alarms -->")]
    rows = [line for line in block.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [a.key for a in ALARMS]
    assert all(f"| {a.description} | {a.action} |" in block for a in ALARMS)


def test_the_shard_change_pages_without_the_runbook_s_mute(cdk_alarms):
    """With the probe's default (the API key: the plan's shard count), the gap between the
    deploy and `wa-shards set` would page; the runbook's one mute window is what holds."""
    from tests.stacks.alarm_scenarios import _fired

    change = next(s for s in SCENARIOS if s.name == "shard change 8 -> 16")
    assert change.muted == (0, 25)
    assert "CoreappsDisconnected" in _fired(cdk_alarms[16], change.series(), None)
    assert _fired(cdk_alarms[16], change.series(), change.muted) == {}


@pytest.mark.parametrize("kwargs, callbacks, messages", [
    ({"rate_msg_s": 100}, 12000, 100),  # a receipt a message, no inbound: the floor
    ({"rate_msg_s": 1, "inbound_msg_s": 100}, 6120, 6000),  # inbound drives both
    ({"rate_msg_s": 400, "inbound_msg_s": 0.1, "receipts": 0}, 24006, 100),
    ({"rate_msg_s": 0.01}, 100, 100),  # a tiny plan: never below the floor
])
def test_the_backlog_figures_follow_the_plans_own_workload(kwargs, callbacks, messages):
    from monitoring.alarms import callback_backlog, message_backlog
    from sizing import plan

    p = plan(**kwargs)
    assert (callback_backlog(p), message_backlog(p)) == (callbacks, messages)
