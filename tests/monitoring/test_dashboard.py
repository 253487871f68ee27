"""The CloudWatch dashboard (monitoring/render.py dashboard_body) as CloudWatch reads it, after
the renderer's Fn::Sub: a body the dashboard API takes, laid out on its 24-column grid, drawing
metrics that exist, each alarm beside its threshold, and the plan it was sized for. Both
renderers deploy this body (stacks/monitoring.py, templates/monitoring.py)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from monitoring.alarms import DIMENSIONS, FIGURES
from monitoring.render import alarms_for, dashboard_body
from probe import metrics as probe
from sizing import data
from tests.monitoring import published
from tests.monitoring.rendered import (
    DIMENSION_VALUES,
    REGION,
    alarm,
    alarm_arn,
    dashboard,
    dashboard_text,
    figures,
)

RENDERINGS = {"own instance": (True, False), "own Aurora": (True, True),
              "existing database": (False, False)}
# The keys the dashboard body reference allows (CloudWatch API Reference, "Dashboard Body
# Structure and Syntax"), of those this project could use.
WIDGET_KEYS = {"type", "x", "y", "width", "height", "properties"}
PROPERTY_KEYS = {
    "metric": {"title", "region", "view", "stacked", "metrics", "annotations", "period",
               "stat", "yAxis", "legend", "liveData", "setPeriodToTimeRange", "sparkline",
               "timezone", "accountId"},
    "text": {"markdown", "background"},
    "alarm": {"alarms", "title", "sortBy", "states"},
}
VIEWS = {"timeSeries", "singleValue", "gauge", "bar", "pie", "table"}
LINE_OPTIONS = {"stat", "period", "label", "id", "visible", "color", "yAxis", "region",
                "accountId"}
EXPRESSION_OPTIONS = {"expression", "label", "id", "visible", "color", "yAxis", "period",
                      "region"}
ANNOTATION_KEYS = {"value", "label", "color", "fill", "visible", "yAxis"}
COLUMNS = 24


def board(rendering: str) -> list[dict]:
    own_db, aurora = RENDERINGS[rendering]
    return dashboard(alarms_for(own_db=own_db, aurora=aurora))


def graphs(widgets) -> dict[str, dict]:
    return {w["properties"]["title"]: w for w in widgets if w["type"] == "metric"}


def split_line(line: list) -> tuple[str, str, dict[str, str], dict]:
    """A metric line: namespace, metric name, {dimension: value}, its options."""
    options = line[-1] if isinstance(line[-1], dict) else {}
    names = line[:len(line) - bool(options)]
    assert len(names) % 2 == 0 and all(isinstance(n, str) for n in names), line
    return names[0], names[1], dict(zip(names[2::2], names[3::2], strict=True)), options


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_every_widget_is_one_the_dashboard_api_takes(rendering):
    widgets = board(rendering)
    assert {w["type"] for w in widgets} == {"text", "metric", "alarm"}
    for widget in widgets:
        assert set(widget) == WIDGET_KEYS, widget
        props = widget["properties"]
        assert set(props) <= PROPERTY_KEYS[widget["type"]], props
        if widget["type"] == "metric":
            assert isinstance(props["title"], str) and props["title"], widget
            assert props["view"] in VIEWS and props["region"] == REGION, props
            assert set(props.get("annotations", {})) <= {"horizontal", "vertical"}
            for mark in props.get("annotations", {}).get("horizontal", []):
                assert set(mark) <= ANNOTATION_KEYS and isinstance(mark["value"], int | float)
    text, = [w for w in widgets if w["type"] == "text"]
    assert isinstance(text["properties"]["markdown"], str)


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_the_widgets_tile_the_grid_without_overlap_or_holes(rendering):
    """No widget hides another, none runs off the 24 columns, and the rows are full: only the
    last one (an odd number of alarm graphs) may end short, filled from the left."""
    cells: dict[tuple[int, int], int] = {}
    widgets = board(rendering)
    for index, w in enumerate(widgets):
        x, y, width, height = w["x"], w["y"], w["width"], w["height"]
        assert all(isinstance(v, int) for v in (x, y, width, height)), w
        assert x >= 0 and y >= 0 and width >= 1 and x + width <= COLUMNS and height >= 1, w
        for column in range(x, x + width):
            for row in range(y, y + height):
                assert (column, row) not in cells, (w, widgets[cells[column, row]])
                cells[column, row] = index
    bottom = max(row for _, row in cells) + 1
    last_band = min(w["y"] for w in widgets if w["y"] + w["height"] == bottom)
    for row in range(bottom):
        filled = sorted(column for column, r in cells if r == row)
        if row < last_band:
            assert filled == list(range(COLUMNS)), f"row {row} has holes"
        else:
            assert filled == list(range(len(filled))), f"row {row} does not start at 0"


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_every_line_draws_a_metric_that_exists_with_a_valid_statistic_and_period(rendering):
    values_by_dimension: dict[str, set[str]] = {}
    for key, name in DIMENSIONS.items():
        values_by_dimension.setdefault(name, set()).add(DIMENSION_VALUES[key])
    drawn = 0
    for widget in board(rendering):
        for line in widget["properties"].get("metrics", []):
            if len(line) == 1 and "expression" in line[0]:
                assert set(line[0]) <= EXPRESSION_OPTIONS
                assert published.METRIC_ID.match(line[0]["id"]), line
                continue
            namespace, name, dimensions, options = split_line(line)
            assert tuple(dimensions) in published.dimension_sets(namespace, name), line
            for dimension, value in dimensions.items():
                allowed = published.FIXED_VALUES.get(dimension,
                                                     values_by_dimension.get(dimension))
                assert value in allowed, line
            assert set(options) <= LINE_OPTIONS, line
            assert options.get("stat", "Average") in published.STATISTICS, line
            assert published.valid_period(options.get("period", 60)), line
            if "id" in options:
                assert published.METRIC_ID.match(options["id"]), line
            drawn += 1
    assert drawn


def test_no_graph_stacks_its_lines():
    # stacked, each line is drawn on the ones before it: a threshold would be read against a
    # sum, and one service's CPU on top of another's
    assert all(w["properties"]["stacked"] is False for w in board("own instance")
               if w["properties"].get("view") == "timeSeries")


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_each_alarm_is_drawn_as_it_is_judged_beside_its_threshold(rendering):
    """Its graph, titled by what the alarm means (its description up to the first colon),
    draws the metric (or the metric math) the alarm evaluates, with the alarm's statistic and
    period, and one line at the alarm's threshold naming the alarm and its figure."""
    own_db, aurora = RENDERINGS[rendering]
    chosen = alarms_for(own_db=own_db, aurora=aurora)
    by_title = graphs(board(rendering))
    for spec in chosen:
        props = alarm(spec)
        title = spec.description.split(":")[0]
        widget = by_title[title]["properties"]
        mark, = widget["annotations"]["horizontal"]
        assert mark["value"] == props["Threshold"], spec.key
        what = FIGURES.get(spec.threshold, spec.threshold)
        assert mark["label"] == f"{spec.key}: {what}"
        if "Metrics" not in props:
            line, = widget["metrics"]
            assert line == [props["Namespace"], props["MetricName"],
                            *(v for d in props["Dimensions"] for v in (d["Name"], d["Value"])),
                            {"stat": props["Statistic"], "period": props["Period"]}], spec.key
            continue
        result, = [m for m in props["Metrics"] if m["ReturnData"]]
        expression, *inputs = widget["metrics"]
        assert expression == [{"expression": result["Expression"], "label": result["Label"],
                               "id": result["Id"]}], spec.key
        assert result["Label"] == (f"{spec.metric.name} %" if spec.percent_of else title)
        judged = [m for m in props["Metrics"] if "MetricStat" in m]
        assert len(inputs) == len(judged)
        for line, metric in zip(inputs, judged, strict=True):
            stat = metric["MetricStat"]
            assert line == [stat["Metric"]["Namespace"], stat["Metric"]["MetricName"],
                            *(v for d in stat["Metric"]["Dimensions"]
                              for v in (d["Name"], d["Value"])),
                            {"stat": stat["Stat"], "period": stat["Period"],
                             "id": metric["Id"], "visible": False}], spec.key


def test_the_hosts_scaling_lines_and_each_services_cpu_and_memory_are_drawn():
    by_title = graphs(board("own instance"))
    reservation = next(w for t, w in by_title.items() if t.startswith("Memory reservation"))
    line, = reservation["properties"]["metrics"]
    assert split_line(line) == ("AWS/ECS", "MemoryReservation",
                                {"ClusterName": DIMENSION_VALUES["cluster"]},
                                {"stat": "Average", "period": 60})
    marks = reservation["properties"]["annotations"]["horizontal"]
    assert sorted(m["value"] for m in marks) == sorted((data.SCALE_IN_MEMORY_PCT,
                                                        data.SCALE_OUT_MEMORY_PCT))
    assert all(m["label"] for m in marks)
    services = next(w for t, w in by_title.items() if t.startswith("Service CPU"))
    drawn = {(split_line(line)[1], split_line(line)[2]["ServiceName"])
             for line in services["properties"]["metrics"]}
    assert drawn == {(name, DIMENSION_VALUES[f"{role}_service"])
                     for name in ("CPUUtilization", "MemoryUtilization")
                     for role in ("web", "master", "coreapp")}
    labels = [split_line(line)[3]["label"] for line in services["properties"]["metrics"]]
    assert len(set(labels)) == len(labels)  # six lines told apart


def test_the_probe_is_shown_as_it_publishes_and_searched_for_the_rest():
    by_title = graphs(board("own instance"))
    deployment = {probe.DIMENSION: DIMENSION_VALUES["deployment"]}
    single = [w for w in by_title.values() if w["properties"]["view"] == "singleValue"]
    shown = [split_line(line) for w in single for line in w["properties"]["metrics"]]
    # the numbers an on-call engineer reads first: each published on every successful run
    assert {name for _, name, _, _ in shown} <= set(probe.SUCCESSFUL_RUN)
    assert {probe.CONFIGURED, probe.ERRORS, probe.CONNECTED} <= {n for _, n, _, _ in shown}
    assert all(ns == probe.NAMESPACE and dims == deployment for ns, _, dims, _ in shown)
    nodes = next(w for t, w in by_title.items() if t.startswith("Nodes"))
    assert {split_line(line)[1] for line in nodes["properties"]["metrics"]} >= {
        probe.NODES_IN_ERROR, probe.NODES, probe.CONNECTED, probe.SHARDS_EXPECTED}
    searches = [line[0] for w in by_title.values() for line in w["properties"]["metrics"]
                if "expression" in line[0] and line[0]["expression"].startswith("SEARCH")]
    search, = searches
    found = re.fullmatch(r"SEARCH\('\{(\w+),(\w+)\} (\w+)=\"([^\"]+)\"', '(\w+)', (\d+)\)",
                         search["expression"])
    assert found, search
    namespace, schema, key, value, stat, period = found.groups()
    assert (namespace, schema, key, value) == (probe.NAMESPACE, probe.DIMENSION,
                                               probe.DIMENSION, deployment[probe.DIMENSION])
    assert stat in published.STATISTICS and published.valid_period(int(period))
    # a label on a search names every line it returns alike: none keeps each series' own
    assert search["label"] == "" and published.METRIC_ID.match(search["id"])


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_the_alarm_widget_lists_every_alarm_drawn(rendering):
    own_db, aurora = RENDERINGS[rendering]
    chosen = alarms_for(own_db=own_db, aurora=aurora)
    panel, = [w for w in board(rendering) if w["type"] == "alarm"]
    assert sorted(panel["properties"]["alarms"]) == sorted(
        alarm_arn(f"{a.key}Alarm") for a in chosen)
    assert panel["width"] == COLUMNS  # every alarm's state across the board


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_the_plan_the_deployment_was_sized_for_heads_the_board(rendering):
    own_db, _ = RENDERINGS[rendering]
    values = figures()
    text, = [w for w in board(rendering) if w["type"] == "text"]
    markdown = text["properties"]["markdown"]
    for shown in (f"Shards {values['shards']}", f"Coreapp tasks {values['coreapps']}",
                  f"Masters {values['masters']}", f"Webapps {values['webapps']}",
                  f"EC2 maximum {values['ec2_max']}"):
        assert shown in markdown
    connections = f"DB connections alarm at {values['db_connections_alarm']}"
    assert (connections in markdown) == own_db
    assert "docs/alarms.md" in markdown and "ProbeConfigured 0" in markdown
    assert (text["x"], text["y"]) == (0, 0)


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_the_body_names_exactly_the_values_it_needs(rendering):
    """A renderer passes Fn::Sub the names dashboard_body returns: each name the body uses
    must be among them (else the deploy fails), and no marker of its own may be left."""
    own_db, aurora = RENDERINGS[rendering]
    text, names, values = dashboard_text(alarms_for(own_db=own_db, aurora=aurora))
    assert "@@" not in text
    assert set(re.findall(r"\$\{([\w:]+)\}", text)) == names | {"AWS::Region"}
    assert names <= set(values)
    # a number is written bare (JSON number), a name quoted (JSON string)
    assert re.search(r'"value":\s*\$\{Coreapps\}', text) and '"${Cluster}"' in text


def test_any_alarm_s_name_reaches_the_alarm_widget():
    """dashboard_body for any spec, not only today's table: a key of any spelling."""
    spec = replace(alarms_for(own_db=False, aurora=False)[0], key="XrayFaults")
    text, names = dashboard_body((spec,), ["XrayFaultsAlarmArn"])
    assert "XrayFaultsAlarmArn" in names and '"${XrayFaultsAlarmArn}"' in text

