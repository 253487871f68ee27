"""The bounded Prometheus text reader (wa_api.prometheus) and how the probe adds its samples
up (probe.handler.client_metrics): only the families asked for, odd lines skipped, caps held."""

from __future__ import annotations

import pytest

from probe import metrics
from probe.handler import client_metrics
from tests.cli.fake_webapp import APP_STATS, WEB_METRICS
from wa_api import prometheus

FAMILIES = tuple(metrics.FAMILIES.values())


def test_the_clients_answers_as_documented_are_read():
    found = prometheus.parse(WEB_METRICS + APP_STATS, FAMILIES)
    assert set(found) == set(FAMILIES)
    assert found["callback_queue_size"] == [({}, 450.0)]
    assert found["api_requests_duration_ms_count"][2] == (
        {"node": "06475793be9d", "result": "400", "method": "POST_v1_messages"}, 3.0)
    assert "web_uptime" not in found  # not asked for


@pytest.mark.parametrize(("line", "expected"), [
    ('callback_queue_size{a="x\\"}y",b="\\\\"} 5', [({"a": 'x"}y', "b": "\\"}, 5.0)]),
    ("callback_queue_size 5 1700000000000", [({}, 5.0)]),  # with a timestamp
    ("callback_queue_size   2.5e1", [({}, 25.0)]),
    ("callback_queue_size NaN", None),  # nothing to add up
    ("callback_queue_size +Inf", None),
    ("callback_queue_size", None),
    ('callback_queue_size{a="unterminated} 5', None),
    ('callback_queue_size{a=x} 5', None),
    ("callback_queue_size{" + ",".join(f'l{i}="v"' for i in range(17)) + "} 1", None),
    ("callback_queue_size 5 six", None),
    ("# callback_queue_size 5", None),
])
def test_an_odd_line_is_skipped_and_never_raises(line, expected):
    assert prometheus.parse(line + "\n", FAMILIES).get("callback_queue_size") == expected


def test_too_many_lines_are_refused_and_long_lines_skipped():
    with pytest.raises(prometheus.TooLarge):
        prometheus.parse("x 1\n" * (prometheus.MAX_LINES + 1), FAMILIES)
    long = 'callback_queue_size{a="' + "v" * prometheus.MAX_LINE_CHARS + '"} 1\n'
    assert prometheus.parse(long + "callback_queue_size 2\n", FAMILIES) == {
        "callback_queue_size": [({}, 2.0)]}


def test_results_are_classed_and_summed_over_every_series():
    samples = prometheus.parse(
        'api_requests_duration_ms_count{result="200",node="a"} 10\n'
        'api_requests_duration_ms_count{result="304",node="b"} 5\n'
        'api_requests_duration_ms_count{result="429",node="a"} 3\n'
        'api_requests_duration_ms_count{result="503",node="b"} 1\n'
        'api_requests_duration_ms_count{result="timeout",node="b"} 1\n'
        'api_requests_duration_ms_count{node="b"} 0\n'
        'callback_requests_duration_ms_count{result="success"} 0\n', FAMILIES)
    assert client_metrics(samples) == {
        "ApiRequests/ok": 15, "ApiRequests/4xx": 3, "ApiRequests/5xx": 1,
        "ApiRequests/other": 1, "ApiErrorPercent": 25.0,
        # no callback yet: counted, but no share of nothing
        "CallbackRequests/success": 0, "CallbackRequests/failed": 0,
    }
