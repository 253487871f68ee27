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
    Metric,
    applies,
    expression_figures,
    math_expression,
    threshold,
    variable,
)
from probe import metrics as probe
from sizing import data

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


def _metric(metric: Metric, dimensions: Mapping[str, object]) -> dict:
    return {"Namespace": metric.namespace, "MetricName": metric.name,
            "Dimensions": [{"Name": DIMENSIONS[d], "Value": dimensions[d]}
                           for d in metric.dimensions]}


def alarm_properties(alarm: Alarm, *, figures: Mapping[str, object],
                     dimensions: Mapping[str, object], topic, sub: Sub) -> dict:
    """The AWS::CloudWatch::Alarm properties of one alarm, notifying `topic`."""
    props = {
        "AlarmDescription": alarm.description,
        "ComparisonOperator": alarm.comparison,
        "EvaluationPeriods": alarm.evaluation_periods,
        "DatapointsToAlarm": alarm.datapoints_to_alarm,
        "TreatMissingData": alarm.missing_data,
        "AlarmActions": [topic],
        "OKActions": [topic],
    }
    expression = math_expression(alarm)
    if expression is None:
        props.update(_metric(alarm.metric, dimensions), Statistic=alarm.metric.statistic,
                     Period=alarm.period_s, Threshold=threshold(alarm, figures))
        return props
    props["Threshold"] = threshold(alarm, figures)
    props["Metrics"] = [
        *({"Id": f"m{i}", "ReturnData": False, "MetricStat": {
            "Metric": _metric(metric, dimensions), "Period": alarm.period_s,
            "Stat": metric.statistic}} for i, metric in enumerate(alarm.inputs, 1)),
        {"Id": "e1", "ReturnData": True, "Label": _label(alarm),
         "Expression": sub(expression, {variable(k): figures[k]
                                        for k in expression_figures(alarm)})
         if expression_figures(alarm) else expression},
    ]
    return props


def _label(alarm: Alarm) -> str:
    return f"{alarm.metric.name} %" if alarm.percent_of else alarm.description.split(":")[0]


# --- the dashboard ----------------------------------------------------------------------------

def _var(key: str) -> str:
    """A value the renderer fills in, inside a string."""
    return f"@@{variable(key)}@@"


def _number(key: str) -> str:
    """A number the renderer fills in (the JSON keeps no quotes around it)."""
    return f"@@#{variable(key)}@@"


def _metric_line(metric: Metric, period_s: int, **options) -> list:
    line = [metric.namespace, metric.name]
    for d in metric.dimensions:
        line += [DIMENSIONS[d], _var(d)]
    return line + [{"stat": metric.statistic, "period": period_s, **options}]


def _lines(alarm: Alarm) -> list:
    """What a widget draws for the alarm: its metric, or the expression it alarms on."""
    expression = math_expression(alarm)
    if expression is None:
        return [_metric_line(alarm.metric, alarm.period_s)]
    for key in expression_figures(alarm):
        expression = expression.replace(f"${{{variable(key)}}}", _var(key))
    return [[{"expression": expression, "label": _label(alarm), "id": "e1"}],
            *(_metric_line(metric, alarm.period_s, id=f"m{i}", visible=False)
              for i, metric in enumerate(alarm.inputs, 1))]


def _graph(title: str, metrics: list, annotations: list, x: int, y: int) -> dict:
    return {"type": "metric", "x": x, "y": y, "width": 12, "height": 6, "properties": {
        "title": title, "region": "@@Region@@", "view": "timeSeries", "stacked": False,
        "metrics": metrics, "annotations": {"horizontal": annotations}}}


def _cluster_graphs(y: int) -> list[dict]:
    """What the alarms do not draw: memory reservation (the hosts scale on it), each service's
    CPU and memory, the nodes as /v1/health reports them, and everything else the probe
    publishes (the client's own metrics, whatever their names: a search, not a list)."""
    cluster = ["ClusterName", _var("cluster")]
    services = [["AWS/ECS", name, *cluster, "ServiceName", _var(f"{role}_service"),
                 {"label": f"{role} {label}"}]
                for name, label in (("CPUUtilization", "CPU %"),
                                    ("MemoryUtilization", "memory %"))
                for role in ("web", "master", "coreapp")]
    search = (f"SEARCH('{{{probe.NAMESPACE},{probe.DIMENSION}}} {probe.DIMENSION}="
              f"\"{_var('deployment')}\"', 'Average', 60)")
    return [
        _graph("Memory reservation (the hosts scale on it)",
               [["AWS/ECS", "MemoryReservation", *cluster, {"stat": "Average", "period": 60}]],
               [{"label": "adds a host", "value": data.SCALE_OUT_MEMORY_PCT},
                {"label": "removes a host", "value": data.SCALE_IN_MEMORY_PCT}], 0, y),
        _graph("Service CPU and memory (% of what the tasks reserve)", services, [], 12, y),
        _graph("Nodes (/v1/health)", [
            [probe.NAMESPACE, name, probe.DIMENSION, _var("deployment"), {"stat": stat}]
            for name, stat in ((probe.NODES_IN_ERROR, "Maximum"), (probe.NODES, "Minimum"),
                               (probe.CONNECTED, "Minimum"),
                               (probe.SHARDS_EXPECTED, "Maximum"))], [], 0, y + 6),
        _graph("Everything the probe publishes (the client's metrics included)",
               [[{"expression": search, "id": "all", "label": ""}]], [], 12, y + 6),
    ]


def dashboard_body(alarms: tuple[Alarm, ...], alarm_arns: list[str]) -> tuple[str, set[str]]:
    """The dashboard's JSON with ${...} for the values a renderer fills in (Fn::Sub), and the
    variable names used. Each alarm's metric is drawn with its threshold from the plan."""
    own_db = any(alarm.when for alarm in alarms)
    plan_text = (
        "## Plan\n"
        f"Shards {_var('shards')} (Coreapps connected should equal the client's setting) | "
        f"Coreapp tasks {_var('coreapps')} | Masters {_var('masters')} | Webapps "
        f"{_var('webapps')} | EC2 maximum {_var('ec2_max')}"
        + (f" | DB connections alarm at {_var('db_connections_alarm')}" if own_db else "")
        + "\n\nProbeConfigured 0 means the health probe has no credentials: its alarms stay "
        "silent until it has them (docs/probe.md). Every alarm and what to do: docs/alarms.md."
    )
    widgets = [
        {"type": "text", "x": 0, "y": 0, "width": 12, "height": 6,
         "properties": {"markdown": plan_text}},
        {"type": "metric", "x": 12, "y": 0, "width": 12, "height": 6, "properties": {
            "title": "Health probe", "region": "@@Region@@", "view": "singleValue",
            "metrics": [[probe.NAMESPACE, name, probe.DIMENSION, _var("deployment")]
                        for name in (probe.CONFIGURED, probe.ERRORS, probe.CONNECTED,
                                     probe.SHARDS_EXPECTED, probe.PRIMARY_MASTERS,
                                     probe.NODES_IN_ERROR, probe.LATENCY)]}},
        {"type": "alarm", "x": 0, "y": 6, "width": 24, "height": 4,
         "properties": {"title": "Alarms", "alarms": [f"@@{a}@@" for a in alarm_arns]}},
        *_cluster_graphs(10),
    ]
    for i, alarm in enumerate(alarms):
        marks = [{
            "label": f"{alarm.key}: {FIGURES.get(alarm.threshold, alarm.threshold)}",
            "value": _number(alarm.threshold) if alarm.threshold in FIGURES
            else float(alarm.threshold)}]
        widgets.append(_graph(alarm.description.split(":")[0], _lines(alarm), marks,
                              12 * (i % 2), 22 + 6 * (i // 2)))
    text = json.dumps({"widgets": widgets}, separators=(",", ":"))
    names = {name.lstrip("#") for name in text.split("@@")[1::2]}
    for name in names:  # a number loses its quotes, a string keeps them
        value = "${" + ("AWS::Region" if name == "Region" else name) + "}"
        text = text.replace(f'"@@#{name}@@"', value).replace(f"@@{name}@@", value)
    return text, names - {"Region"}
