"""How a run classes the client's request counters by result (an HTTP status: ok, 4xx, 5xx or
other) and the error percentages it publishes from them, as the alarms read them."""

from __future__ import annotations

from probe import metrics
from tests.probe.conftest import published, with_key
from tests.probe.runs import run

# result label -> its class: 1xx to 3xx are answers; anything not three ASCII digits that
# begin with 1 to 5 is "other"
CLASSES = {"101": "ok", "204": "ok", "302": "ok", "404": "4xx", "503": "5xx",
           "600": "other", "099": "other", "2xx": "other", "20": "other", "2000": "other"}


def counter(family: str, result: str) -> str:
    return f'{family}{{node="w1",result="{result}",method="GET_v1_health"}} 1\n'


def test_each_result_is_classed_by_its_http_status(deploy, webapp, ca_pem, capsys):
    webapp.cluster.web_metrics = "".join(
        counter(metrics.FAMILIES[metrics.API_REQUESTS], r) for r in CLASSES)
    webapp.cluster.app_stats = counter(metrics.FAMILIES[metrics.CALLBACKS], "500")
    deploy(with_key(webapp, ca_pem))
    result, _, _ = run(capsys)
    values = published()
    assert result["ok"] is True
    assert {key: values[key] for key in values if key.startswith(metrics.API_REQUESTS)} == {
        f"{metrics.API_REQUESTS}/{name}": sum(c == name for c in CLASSES.values())
        for name in metrics.API_RESULTS}
    assert values[metrics.API_ERROR_PERCENT] == 70.0  # 7 of 10 not ok


def test_a_percentage_keeps_two_decimals_and_a_single_request_counts(deploy, webapp, ca_pem,
                                                                     capsys):
    webapp.cluster.web_metrics = "".join(  # 2 of 3 requests failed: 66.67 %
        counter(metrics.FAMILIES[metrics.API_REQUESTS], r) for r in ("200", "500", "404"))
    webapp.cluster.app_stats = counter(metrics.FAMILIES[metrics.CALLBACKS], "500")  # 1 of 1
    deploy(with_key(webapp, ca_pem))
    run(capsys)
    values = published()
    assert values[metrics.API_ERROR_PERCENT] == 66.67
    assert values[f"{metrics.CALLBACKS}/failed"] == 1
    assert values[metrics.CALLBACK_FAILURE_PERCENT] == 100.0
