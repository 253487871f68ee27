"""CloudFormation properties of the alarms and the dashboard, for either renderer.

A renderer passes its expressions (CDK tokens or troposphere intrinsics) for the figures and
dimensions, and `sub`, its Fn::Sub: both get the same properties from the same specs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from monitoring.alarms import (
    ALARMS,
    DIMENSIONS,
    FIGURES,
    Alarm,
    applies,
    percent_expression,
    threshold,
    variable,
)
from probe import metrics as probe

Sub = Callable[[str, dict], object]
# Characters a Webapp password may hold that survive JSON, shells and basic auth alike.
PROBE_PASSWORD_EXCLUDED = "\"'\\/@`:; "
PROBE_SCHEDULE = "rate(1 minute)"
PROBE_TIMEOUT_S = 60  # the probe bounds its own run well below this (probe/handler.py)
PROBE_MEMORY_MIB = 256
PROBE_MAX_EVENT_AGE_S = 60  # an invocation older than the schedule's period is dropped


def probe_environment(webapp_url, secret_arn, deployment, shards) -> dict:
    """The probe function's environment (probe/metrics.py names it)."""
    return {probe.ENV_WEBAPP_URL: webapp_url, probe.ENV_SECRET_ARN: secret_arn,
            probe.ENV_DEPLOYMENT: deployment, probe.ENV_SHARDS_EXPECTED: shards}


def alarms_for(*, own_db: bool, aurora: bool) -> tuple[Alarm, ...]:
    return tuple(a for a in ALARMS if applies(a, own_db=own_db, aurora=aurora))


def _dimensions(alarm: Alarm, dimensions: Mapping[str, object]) -> list[dict]:
    return [{"Name": DIMENSIONS[d], "Value": dimensions[d]} for d in alarm.metric.dimensions]


def alarm_properties(alarm: Alarm, *, figures: Mapping[str, object],
                     dimensions: Mapping[str, object], topic, sub: Sub) -> dict:
    """The AWS::CloudWatch::Alarm properties of one alarm, notifying `topic`."""
    props = {
        "AlarmDescription": alarm.description,
        "ComparisonOperator": alarm.comparison,
        "EvaluationPeriods": alarm.evaluation_periods,
        "DatapointsToAlarm": alarm.evaluation_periods,
        "TreatMissingData": alarm.missing_data,
        **({"AlarmActions": [topic], "OKActions": [topic]} if alarm.notify else {}),
    }
    metric = {"Namespace": alarm.metric.namespace, "MetricName": alarm.metric.name,
              "Dimensions": _dimensions(alarm, dimensions)}
    if alarm.percent_of is None:
        props.update(metric, Statistic=alarm.metric.statistic, Period=alarm.period_s,
                     Threshold=threshold(alarm, figures))
    else:  # metric math: the metric as a percentage of a figure
        props["Threshold"] = threshold(alarm, figures)
        props["Metrics"] = [
            {"Id": "m1", "ReturnData": False, "MetricStat": {
                "Metric": metric, "Period": alarm.period_s, "Stat": alarm.metric.statistic}},
            {"Id": "percent", "ReturnData": True, "Label": f"{alarm.metric.name} %",
             "Expression": sub(percent_expression(alarm),
                               {variable(alarm.percent_of): figures[alarm.percent_of]})},
        ]
    return props


def composite_properties(at_maximum, scale_out, topic, join: Callable) -> dict:
    """Scaling exhausted: the fleet at its maximum while memory asks for one more host."""
    return {
        "AlarmDescription": "Scaling exhausted: the fleet is at its EC2 maximum and memory "
        "reservation is still above the scale-out threshold; raise the caps or shrink the plan",
        "AlarmRule": join("", ['ALARM("', at_maximum, '") AND ALARM("', scale_out, '")']),
        "AlarmActions": [topic],
        "OKActions": [topic],
    }


# --- the dashboard ----------------------------------------------------------------------------

def _var(key: str) -> str:
    """A value the renderer fills in, inside a string."""
    return f"@@{variable(key)}@@"


def _number(key: str) -> str:
    """A number the renderer fills in (the JSON keeps no quotes around it)."""
    return f"@@#{variable(key)}@@"


def _metric_line(alarm: Alarm, **options) -> list:
    line = [alarm.metric.namespace, alarm.metric.name]
    for d in alarm.metric.dimensions:
        line += [DIMENSIONS[d], _var(d)]
    return line + [{"stat": alarm.metric.statistic, "period": alarm.period_s, **options}]


def _lines(alarm: Alarm) -> list:
    """What a widget draws for the alarm: its metric, or the percentage it alarms on."""
    if alarm.percent_of is None:
        return [_metric_line(alarm)]
    expression = f"100 * m1 / ({_var(alarm.percent_of)} * 1073741824)"
    return [[{"expression": expression, "label": f"{alarm.metric.name} %", "id": "percent"}],
            _metric_line(alarm, id="m1", visible=False)]


def _graph(title: str, metrics: list, annotations: list, x: int, y: int) -> dict:
    return {"type": "metric", "x": x, "y": y, "width": 12, "height": 6, "properties": {
        "title": title, "region": "@@Region@@", "view": "timeSeries", "stacked": False,
        "metrics": metrics, "annotations": {"horizontal": annotations}}}


def dashboard_body(alarms: tuple[Alarm, ...], alarm_arns: list[str]) -> tuple[str, set[str]]:
    """The dashboard's JSON with ${...} for the values a renderer fills in (Fn::Sub), and the
    variable names used. Each alarm's metric is drawn with its threshold from the plan."""
    own_db = any(alarm.when for alarm in alarms)
    plan_text = (
        "## Plan\n"
        f"Shards {_var('shards')} (Coreapps connected should equal it) | Coreapp tasks "
        f"{_var('coreapps')} | Masters {_var('masters')} | Webapps {_var('webapps')} | EC2 "
        f"maximum {_var('ec2_max')}"
        + (f" | DB connections alarm at {_var('db_connections_alarm')}" if own_db else "")
        + "\n\nProbeConfigured 0 means the health probe has no credentials yet: create a "
        "Webapp user with the password in the secret "
        f"`{_var('probe_secret')}` and put its name under `username` (README: monitoring). "
        "Until then the probe's alarms stay silent."
    )
    widgets = [
        {"type": "text", "x": 0, "y": 0, "width": 12, "height": 6,
         "properties": {"markdown": plan_text}},
        {"type": "metric", "x": 12, "y": 0, "width": 12, "height": 6, "properties": {
            "title": "Health probe", "region": "@@Region@@", "view": "singleValue",
            "metrics": [[probe.NAMESPACE, name, probe.DIMENSION, _var("deployment")]
                        for name in (probe.CONFIGURED, probe.ERRORS, probe.CONNECTED,
                                     probe.SHARDS_EXPECTED, probe.PRIMARY_MASTERS,
                                     probe.LATENCY)]}},
        {"type": "alarm", "x": 0, "y": 6, "width": 24, "height": 4,
         "properties": {"title": "Alarms", "alarms": [f"@@{a}@@" for a in alarm_arns]}},
    ]
    for i, alarm in enumerate(alarms):
        marks = [{
            "label": f"{alarm.key}: {FIGURES.get(alarm.threshold, alarm.threshold)}",
            "value": _number(alarm.threshold) if alarm.threshold in FIGURES
            else float(alarm.threshold)}]
        widgets.append(_graph(alarm.description.split(":")[0], _lines(alarm), marks,
                              12 * (i % 2), 10 + 6 * (i // 2)))
    text = json.dumps({"widgets": widgets}, separators=(",", ":"))
    names = {name.lstrip("#") for name in text.split("@@")[1::2]}
    for name in names:  # a number loses its quotes, a string keeps them
        value = "${" + ("AWS::Region" if name == "Region" else name) + "}"
        text = text.replace(f'"@@#{name}@@"', value).replace(f"@@{name}@@", value)
    return text, names - {"Region"}
