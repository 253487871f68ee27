"""monitoring/evaluate.py, the evaluator the scenario table trusts, on CloudFormation's own
defaults and CloudWatch's rules: an alarm property left out, missing data treated each of the
four ways, periods longer than a minute, metric math with AND and OR."""

from __future__ import annotations

import pytest

from monitoring.evaluate import (
    ALARM,
    INSUFFICIENT,
    OK,
    Input,
    RenderedAlarm,
    first_alarm,
    from_properties,
    states,
)

GE = "GreaterThanOrEqualToThreshold"
ONE_INPUT = (Input("m1", "M", "Maximum"),)


def plain(**props) -> dict:
    return {"MetricName": "M", "Statistic": "Maximum", "Period": 60, "EvaluationPeriods": 5,
            "ComparisonOperator": GE, "Threshold": 1, **props}


def rendered(periods=5, datapoints=3, missing="notBreaching", period_s=60, expression=None,
             inputs=ONE_INPUT) -> RenderedAlarm:
    return RenderedAlarm("A", period_s, periods, datapoints, GE, 1.0, missing, inputs,
                         expression)


def judged(alarm: RenderedAlarm, samples: list) -> list[str]:
    return states(alarm, lambda _: samples, len(samples))


def test_left_out_properties_take_cloudwatch_s_defaults():
    alarm = from_properties("A", plain())
    # DatapointsToAlarm: every one of the N; TreatMissingData: missing
    assert (alarm.datapoints, alarm.missing) == (5, "missing")
    assert judged(alarm, [None] * 5)[-1] == INSUFFICIENT


def test_given_properties_are_read():
    alarm = from_properties("A", plain(DatapointsToAlarm=3, TreatMissingData="breaching"))
    assert (alarm.evaluation_periods, alarm.datapoints, alarm.missing) == (5, 3, "breaching")
    assert judged(alarm, [1, 1, None, 0, 0])[-1] == ALARM  # 2 breaching + 1 missing


def test_the_alarm_judges_the_expression_that_returns_data():
    """ReturnData is true unless set false: an intermediate expression (false) is not the
    alarm's; the one without the key is."""
    stat = {"Metric": {"MetricName": "M"}, "Period": 60, "Stat": "Maximum"}
    props = {"EvaluationPeriods": 3, "ComparisonOperator": GE, "Threshold": 1, "Metrics": [
        {"Id": "m1", "ReturnData": False, "MetricStat": stat},
        {"Id": "e0", "ReturnData": False, "Expression": "m1 * 2"},
        {"Id": "e1", "Expression": "m1 - 1"}]}
    alarm = from_properties("A", props)
    assert alarm.expression == "m1 - 1" and [i.id for i in alarm.inputs] == ["m1"]


def test_each_period_is_judged_from_the_first_one():
    alarm = rendered(periods=1, datapoints=1)
    assert judged(alarm, [1, 0, 0]) == [ALARM, OK, OK]
    assert first_alarm(alarm, lambda _: [1, 0, 0], 3) == 1


@pytest.mark.parametrize("samples, last", [
    ([1, None, 0, 0, 0], OK),  # one breaching, one missing: 2 of 3
    ([1, None, None, 0, 0], ALARM),
])
def test_missing_data_treated_as_breaching_counts_once_a_period(samples, last):
    assert judged(rendered(missing="breaching"), samples)[-1] == last


def test_ignore_keeps_the_state_while_nothing_arrives_and_missing_does_not():
    samples = [1, 1, 1, None, None, None, None, None]
    assert judged(rendered(3, 1, "ignore"), samples)[-3:] == [ALARM] * 3
    assert judged(rendered(3, 1, "missing"), samples)[-3:] == [INSUFFICIENT] * 3
    assert judged(rendered(3, 1, "ignore"), [None] * 3) == [INSUFFICIENT] * 3


def test_a_five_minute_alarm_pages_at_the_end_of_its_period():
    alarm = rendered(periods=1, datapoints=1, period_s=300)
    assert first_alarm(alarm, lambda _: [1] * 15, 15) == 5
    assert first_alarm(alarm, lambda _: [0] * 5 + [1] * 10, 15) == 10
    assert first_alarm(alarm, lambda _: [0] * 15, 15) is None


@pytest.mark.parametrize("expression, value", [
    ("IF(m1 >= 1 AND m2 >= 1, 1, 0)", 0), ("IF(m1 >= 1 OR m2 >= 1, 1, 0)", 1)])
def test_metric_math_reads_and_and_or(expression, value):
    alarm = rendered(1, 1, expression=expression,
                     inputs=(Input("m1", "A", "Maximum"), Input("m2", "B", "Maximum")))
    series = {"A": [1], "B": [0]}
    assert states(alarm, series.get, 1) == [ALARM if value else OK]


def test_metric_math_it_cannot_read_is_refused_not_guessed():
    alarm = rendered(1, 1, expression="m1; import os")
    with pytest.raises(ValueError, match="metric math this evaluator does not read: m1; imp"):
        judged(alarm, [1])
    # CloudWatch's functions are not Python's: a name it does not model fails
    with pytest.raises(NameError):
        judged(rendered(1, 1, expression="abs(m1)"), [1])
