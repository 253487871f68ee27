"""The probe's times: each AWS call it makes ends within its bound when AWS never answers, the
shard count a user may read is bounded like the other extras, the latency published is the
milliseconds the Webapp took, and the datapoints carry the time of the run in UTC."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from probe import handler as probe
from probe import metrics
from tests.cli import rogue_servers as rogue
from tests.probe.conftest import SHARDS, credentials, published, with_key
from tests.probe.runs import HANG_TIMEOUT_S, QUICK_TIMEOUT_S, SLACK_S, one_line, run

ENDPOINT_VARIABLES = {"secretsmanager": "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                      "cloudwatch": "AWS_ENDPOINT_URL_CLOUDWATCH"}
HEALTH = rogue.response(200, json.dumps({"health": {"c1:1": {
    "gateway_status": "connected", "role": "coreapp"}}}).encode())


@pytest.mark.parametrize(("service", "failure"), [
    ("secretsmanager", "cannot read the credentials secret"),
    ("cloudwatch", "cannot publish"),
])
def test_an_aws_call_that_never_answers_ends_within_its_bound(deploy, webapp, ca_pem, capsys,
                                                              monkeypatch, service, failure):
    deploy(credentials(webapp, ca_pem))
    monkeypatch.setattr(probe, "AWS_CONNECT_S", HANG_TIMEOUT_S)
    monkeypatch.setattr(probe, "AWS_READ_S", HANG_TIMEOUT_S)
    bound = probe.AWS_ATTEMPTS * 2 * HANG_TIMEOUT_S + probe.AWS_BACKOFF_S
    raised = []

    def invoke():
        with pytest.raises(probe.ProbeSetupError) as error:
            probe.handler({}, None)
        raised.append(error.value)

    # the Webapp answers at once: the run's time is the AWS call's
    with rogue.ScriptedServer(rogue.hang) as silent:  # plain HTTP: reads, never answers
        monkeypatch.setenv(ENDPOINT_VARIABLES[service], silent.url)
        started = time.monotonic()
        runner = threading.Thread(target=invoke, daemon=True)
        runner.start()
        runner.join(bound + SLACK_S)  # a call without the probe's limits waits minutes
        elapsed = time.monotonic() - started
        assert not runner.is_alive(), f"still waiting on {service} after {elapsed:.1f} s"
        assert len(silent.requests) == probe.AWS_ATTEMPTS
    assert raised and failure in str(raised[0]) and "timeout" in str(raised[0])
    assert elapsed >= probe.AWS_ATTEMPTS * HANG_TIMEOUT_S
    assert capsys.readouterr().out.splitlines()[-1] == str(raised[0])


def test_a_shard_count_that_never_comes_costs_the_extra_bound(deploy, tls_files, ca_pem,
                                                               capsys, monkeypatch):
    monkeypatch.setattr(probe, "HTTP_TIMEOUT_S", QUICK_TIMEOUT_S)
    monkeypatch.setattr(probe, "EXTRA_TIMEOUT_S", HANG_TIMEOUT_S)

    def script(server, conn, head):
        path = rogue.path_of(head)
        if path == "/v1/account/shards":
            rogue.hang(server, conn, head)
        else:
            conn.sendall({"/v1/users/login": rogue.LOGIN_OK, "/v1/health": HEALTH}.get(
                path, rogue.response(404)))

    with rogue.ScriptedServer(script, tls_files=tls_files) as webapp:
        deploy(credentials(webapp, ca_pem))
        result, out, elapsed = run(capsys)
    assert result["ok"] is True
    assert published()[metrics.SHARDS_EXPECTED] == SHARDS  # the plan's, as the line says
    one_line(out, "shards expected 8, the plan's;", "not read: shards: GET /v1/account/shards "
             f"timed out after {HANG_TIMEOUT_S:g} s; GET /metrics")
    assert elapsed < QUICK_TIMEOUT_S + SLACK_S


class Clock:
    """time for the probe: the first reading, then `later_s` after it."""

    def __init__(self, later_s: float) -> None:
        self.readings = iter((100.0,))
        self.later_s = later_s

    def monotonic(self) -> float:
        return next(self.readings, 100.0 + self.later_s)


def test_the_latency_is_the_webapps_milliseconds_to_a_tenth(deploy, webapp, ca_pem, capsys,
                                                             monkeypatch):
    monkeypatch.setattr(probe, "time", Clock(0.01234))  # from the first call to the health
    deploy(with_key(webapp, ca_pem))
    result, _, _ = run(capsys)
    assert published()[metrics.LATENCY] == 12.3
    assert result["line"].endswith(", 12 ms")  # the last field when everything was read


@pytest.fixture
def time_zone_ahead_of_utc():
    """The host's clock ten hours ahead of UTC (Lambda's is UTC; a laptop's may not be)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "XYZ-10"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_the_datapoints_carry_the_runs_time_in_utc(deploy, webapp, ca_pem, capsys,
                                                    time_zone_ahead_of_utc):
    deploy(with_key(webapp, ca_pem))
    assert run(capsys)[0]["ok"] is True
    # published() finds each datapoint within the hour around now (UTC), exactly once
    assert published()[metrics.CONFIGURED] == 1
