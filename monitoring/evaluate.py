"""How CloudWatch would judge an alarm, as rendered, on a series of one-minute samples: the
scenario table's evaluator (tests/stacks/test_alarm_scenarios.py), and a way to ask "would
this alarm have paged?" of any rendered template.

Semantics, from "Using Amazon CloudWatch alarms" (Amazon CloudWatch User Guide,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html):
each period's datapoint is the statistic over the samples in it (no sample: missing); the
alarm looks at the last EvaluationPeriods datapoints and is in ALARM when at least
DatapointsToAlarm of them breach. Missing datapoints count as TreatMissingData says:
breaching, notBreaching, ignore (the state stays as it was) or missing (judged on the real
datapoints alone; none at all: INSUFFICIENT_DATA). CloudWatch may look further back than N
periods for real datapoints; this evaluator does not, which is the harsher reading for "one
empty minute must not reset an alarm" (a missing point counts as not breaching).
Metric math: a period's value is the expression over its inputs' datapoints; an input
missing makes the expression's datapoint missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

ALARM, OK, INSUFFICIENT = "ALARM", "OK", "INSUFFICIENT_DATA"
COMPARE = {
    "LessThanThreshold": lambda v, t: v < t,
    "LessThanOrEqualToThreshold": lambda v, t: v <= t,
    "GreaterThanThreshold": lambda v, t: v > t,
    "GreaterThanOrEqualToThreshold": lambda v, t: v >= t,
}
_SAFE_EXPRESSION = re.compile(r"^[A-Za-z0-9_ .()*/+<>=,-]+$")


@dataclass(frozen=True)
class Input:
    id: str
    metric: str  # the metric's name
    stat: str


@dataclass(frozen=True)
class RenderedAlarm:
    name: str  # the logical id
    period_s: int
    evaluation_periods: int
    datapoints: int
    comparison: str
    threshold: float
    missing: str
    inputs: tuple[Input, ...]
    expression: str | None  # None: the single input is the alarm's metric


def from_properties(name: str, props: dict, sub: Callable[[object], str] = str
                    ) -> RenderedAlarm:
    """An AWS::CloudWatch::Alarm's properties, parameters resolved; `sub` turns a rendered
    expression (text, or an Fn::Sub the caller resolves) into its text."""
    periods = int(props["EvaluationPeriods"])
    common = {"name": name, "evaluation_periods": periods,
              "datapoints": int(props.get("DatapointsToAlarm", periods)),
              "comparison": props["ComparisonOperator"],
              "threshold": float(props["Threshold"]),
              "missing": props.get("TreatMissingData", "missing")}
    if "Metrics" not in props:
        return RenderedAlarm(period_s=int(props["Period"]), expression=None,
                             inputs=(Input("m1", props["MetricName"], props["Statistic"]),),
                             **common)
    inputs = tuple(Input(m["Id"], m["MetricStat"]["Metric"]["MetricName"],
                         m["MetricStat"]["Stat"]) for m in props["Metrics"] if "MetricStat" in m)
    result, = (m for m in props["Metrics"] if m.get("ReturnData", True) and "Expression" in m)
    periods_s = {int(m["MetricStat"]["Period"]) for m in props["Metrics"] if "MetricStat" in m}
    period, = periods_s
    return RenderedAlarm(period_s=period, inputs=inputs, expression=sub(result["Expression"]),
                         **common)


def _aggregate(samples: list, stat: str) -> float | None:
    real = [s for s in samples if s is not None]
    if not real:
        return None  # no sample, no datapoint (SampleCount too)
    return {"Minimum": min, "Maximum": max, "Sum": sum, "SampleCount": len,
            "Average": lambda r: sum(r) / len(r)}[stat](real)


def _if(condition, yes, no):
    return yes if condition else no


def _expression(text: str, values: dict[str, float]) -> float | None:
    if any(v is None for v in values.values()):
        return None
    if not _SAFE_EXPRESSION.match(text):
        raise ValueError(f"metric math this evaluator does not read: {text}")
    python = text.replace("IF(", "_if(").replace(" AND ", " and ").replace(" OR ", " or ")
    return float(eval(python, {"__builtins__": {}, "_if": _if}, dict(values)))  # noqa: S307


def datapoints(alarm: RenderedAlarm, series: Callable[[str], list], minutes: int) -> list:
    """The alarm's datapoint for each whole period of `minutes` (None: missing)."""
    width = max(alarm.period_s // 60, 1)
    out = []
    for start in range(0, minutes - width + 1, width):
        values = {i.id: _aggregate(series(i.metric)[start:start + width], i.stat)
                  for i in alarm.inputs}
        out.append(values[alarm.inputs[0].id] if alarm.expression is None
                   else _expression(alarm.expression, values))
    return out


def states(alarm: RenderedAlarm, series: Callable[[str], list], minutes: int) -> list[str]:
    """The alarm's state at the end of each period, as CloudWatch would judge it."""
    points = datapoints(alarm, series, minutes)
    state, out = INSUFFICIENT, []
    for end in range(1, len(points) + 1):
        window = points[max(0, end - alarm.evaluation_periods):end]
        breaching = sum(1 for p in window
                        if p is not None and COMPARE[alarm.comparison](p, alarm.threshold))
        missing = sum(1 for p in window if p is None)
        if missing == len(window) and alarm.missing in ("ignore", "missing"):
            state = state if alarm.missing == "ignore" else INSUFFICIENT
        elif alarm.missing == "breaching":
            state = ALARM if breaching + missing >= alarm.datapoints else OK
        else:  # notBreaching, or judged on the real datapoints alone
            state = ALARM if breaching >= alarm.datapoints else OK
        out.append(state)
    return out


def first_alarm(alarm: RenderedAlarm, series: Callable[[str], list], minutes: int
                ) -> int | None:
    """The minute (from the start of the series) the alarm first goes to ALARM, or None."""
    width = max(alarm.period_s // 60, 1)
    for index, state in enumerate(states(alarm, series, minutes)):
        if state == ALARM:
            return (index + 1) * width
    return None
