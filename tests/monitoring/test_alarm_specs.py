"""The alarms as specified (monitoring/alarms.py) and as CloudFormation gets them
(monitoring/render.py alarm_properties): each reads a metric CloudWatch has, under the
dimensions its service publishes it with, with a statistic and period CloudWatch takes; metric
math returns exactly one series; the figures come from the plan and the deployment."""

from __future__ import annotations

import importlib.util
import math
import re

import pytest

from contract.deployment import Deployment
from monitoring import alarms, render
from monitoring.alarms import FIGURES, Alarm, Metric
from sizing import plan
from tests.monitoring import published
from tests.monitoring.rendered import DIMENSION_VALUES, TOPIC, alarm, sub

PERIODS_A_DAY = 86400  # CloudWatch: period x evaluation periods may not exceed a day


def built_now():
    """monitoring/alarms.py run again: ALARMS as its helpers (_db, _probe, _tasks, _rule)
    build it now. Mutation testing imports the module once, before any mutant is active, so
    the imported table would not show a mutant of those helpers."""
    spec = importlib.util.find_spec("monitoring.alarms")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_alarm_reads_a_metric_cloudwatch_publishes():
    table = built_now()
    assert table.ALARMS, "no alarms"
    for spec in table.ALARMS:
        for metric in spec.inputs:
            names = tuple(table.DIMENSIONS[d] for d in metric.dimensions)
            assert names in published.dimension_sets(metric.namespace, metric.name), spec.key
            assert metric.statistic in published.STATISTICS, spec.key
            for key in metric.dimensions:
                if key in table.FIXED_DIMENSIONS:
                    assert (table.FIXED_DIMENSIONS[key]
                            in published.FIXED_VALUES[table.DIMENSIONS[key]]), spec.key


def test_each_alarm_reads_the_thing_it_names():
    """The three task counts each read their own service; the event alarms their own rule;
    an Aurora alarm the writer alone, an instance alarm the instance."""
    table = {a.key: a for a in built_now().ALARMS}
    for role in ("Web", "Master", "Coreapp"):
        metric = table[f"{role}TasksBelowDesired"].metric
        assert metric.dimensions == ("cluster", f"{role.lower()}_service")
    assert table["TasksCrashLooping"].metric.dimensions == ("task_failures_rule",)
    assert table["RootDiskFull"].metric.dimensions == ("disk_full_rule",)
    for key in ("DbClusterConnectionsHigh", "DbClusterCpuHigh"):
        assert table[key].metric.dimensions == ("db_cluster", "writer"), key
    for key in ("DbConnectionsHigh", "DbCpuHigh", "DbFreeStorageLow"):
        assert table[key].metric.dimensions == ("db_instance",), key
    # the event counts are summed: a period holds as many events as were matched
    assert {table[k].metric.statistic for k in ("TasksCrashLooping", "RootDiskFull")} == {"Sum"}


@pytest.mark.parametrize("own_db, aurora", [(True, False), (True, True), (False, False)])
def test_each_alarm_is_a_valid_cloudwatch_alarm_notifying_the_topic(own_db, aurora):
    for spec in render.alarms_for(own_db=own_db, aurora=aurora):
        props = alarm(spec)
        assert props["AlarmActions"] == props["OKActions"] == [TOPIC]
        assert 1 <= props["DatapointsToAlarm"] <= props["EvaluationPeriods"], spec.key
        assert isinstance(props["Threshold"], int | float), spec.key
        if "Metrics" not in props:
            dims = tuple(d["Name"] for d in props["Dimensions"])
            assert dims in published.dimension_sets(props["Namespace"], props["MetricName"])
            assert published.valid_period(props["Period"])
            assert props["Period"] * props["EvaluationPeriods"] <= PERIODS_A_DAY
            continue
        ids = [m["Id"] for m in props["Metrics"]]
        assert len(set(ids)) == len(ids) and all(published.METRIC_ID.match(i) for i in ids), ids
        returned = [m for m in props["Metrics"] if m["ReturnData"]]
        assert len(returned) == 1 and "Expression" in returned[0], spec.key  # one series
        inputs = {m["Id"] for m in props["Metrics"] if "MetricStat" in m}
        assert set(re.findall(r"\bm\d+\b", returned[0]["Expression"])) <= inputs, spec.key
        assert "$" not in returned[0]["Expression"], spec.key  # every figure filled in
        periods = {m["MetricStat"]["Period"] for m in props["Metrics"] if "MetricStat" in m}
        assert len(periods) == 1 and published.valid_period(periods.pop())


def test_the_database_alarms_follow_the_engine():
    def keys(**kwargs):
        return {a.key for a in render.alarms_for(**kwargs) if a.key.startswith("Db")}

    assert keys(own_db=True, aurora=False) == {"DbConnectionsHigh", "DbCpuHigh",
                                               "DbFreeStorageLow"}
    assert keys(own_db=True, aurora=True) == {"DbClusterConnectionsHigh", "DbClusterCpuHigh"}
    assert keys(own_db=False, aurora=False) == keys(own_db=False, aurora=True) == set()


def test_the_figures_are_the_plans_and_the_deployments():
    big = plan(250, 32)  # 4 Webapps, 3 Masters, 33 Coreapp tasks, EC2 max 15
    got = alarms.figures(big, Deployment(db_storage_gib=300))
    assert set(got) == set(FIGURES)
    assert got == {"shards": 32, "webapps": big.webapps, "masters": big.masters,
                   "coreapps": 33, "ec2_max": 15,
                   "db_connections_alarm": math.floor(big.db_max_connections * 0.8),
                   "db_storage_gib": 300, "callback_backlog": 30000, "message_backlog": 100}


def test_a_math_alarm_may_alarm_at_a_figure():
    """alarm_properties for any spec, not only today's table: metric math compared with a
    figure gets the figure's value, as a plain alarm does."""
    spec = Alarm("Spare", "Spare Coreapps gone", Metric("AWS/ECS", "X", ("cluster",), "Minimum"),
                 "LessThanThreshold", "coreapps", 60, 3, "breaching",
                 others=(Metric("AWS/ECS", "Y", ("cluster",), "Minimum"),),
                 expression="m1 + m2")
    props = render.alarm_properties(spec, figures={"coreapps": 9}, dimensions=DIMENSION_VALUES,
                                    topic=TOPIC, sub=sub)
    assert props["Threshold"] == 9
    assert props["Metrics"][-1]["Expression"] == "m1 + m2"  # no figure: plain text


def test_an_aurora_deployment_pays_for_the_cluster_s_alarms():
    from monitoring.alarm_table import ALARM_METRIC_MONTH_USD, monthly_cost_usd

    def metrics(**kwargs) -> int:
        return sum(len(a.inputs) for a in render.alarms_for(**kwargs))

    for kwargs in ({"own_db": True, "aurora": True}, {"own_db": True, "aurora": False},
                   {"own_db": False}):
        expected = metrics(aurora=kwargs.get("aurora", False), own_db=kwargs["own_db"])
        assert monthly_cost_usd(**kwargs) == pytest.approx(expected * ALARM_METRIC_MONTH_USD)
    assert monthly_cost_usd(own_db=True, aurora=True) < monthly_cost_usd(own_db=True)
