"""The health probe's function against the local HTTPS Webapp and moto: what it publishes, the
one line it prints, and how long a run may take when the Webapp does not answer."""

from __future__ import annotations

import json
import locale
import socket
from pathlib import Path

import boto3
import pytest
from botocore.stub import Stubber

from probe import handler as probe
from probe import metrics
from tests.cli import rogue_servers as rogue
from tests.cli.fake_webapp import API_KEY, PASSWORD, TOKEN, USER
from tests.probe.conftest import SHARDS, credentials, published, with_key
from tests.probe.runs import (
    HANG_TIMEOUT_S,
    QUICK_TIMEOUT_S,
    SLACK_S,
    closed_port,
    failed,
    one_line,
    run,
)
from wa_api import WebappClient

# --- 1. with the generated API key, as deployed ---------------------------------------------
STATUS_ZEROS = {f"{metrics.GATEWAY_STATUS}/{s}": 0 for s in metrics.GATEWAY_STATUSES}
FROM_THE_FAKE = {  # what tests.cli.fake_webapp's /metrics and /v1/stats/app hold
    f"{metrics.API_REQUESTS}/ok": 95, f"{metrics.API_REQUESTS}/4xx": 3,
    f"{metrics.API_REQUESTS}/5xx": 2, f"{metrics.API_REQUESTS}/other": 0,
    metrics.API_ERROR_PERCENT: 5.0,
    f"{metrics.CALLBACKS}/success": 15, f"{metrics.CALLBACKS}/failed": 5,
    metrics.CALLBACK_FAILURE_PERCENT: 25.0,
    metrics.CALLBACK_QUEUE: 450, metrics.PENDING_MESSAGES: 7,
}
KEY_CALLS = [("GET", "/v1/health"), ("GET", "/metrics?format=prometheus"),
             ("GET", "/v1/stats/app?format=prometheus")]


@pytest.mark.parametrize("url_from", ["secret", "environment"])
def test_the_key_reads_health_and_the_clients_metrics_with_no_user(deploy, webapp, ca_pem,
                                                                    capsys, url_from):
    if url_from == "secret":  # WEBAPP_URL (the placeholder) is overridden, never reached
        deploy(with_key(webapp, ca_pem))
    else:
        deploy(with_key(webapp, ca_pem, url=""), webapp_url=webapp.url)
    result, out, _ = run(capsys)
    values = published()
    latency = values.pop(metrics.LATENCY)
    assert values == {
        metrics.CONFIGURED: 1, metrics.ERRORS: 0, metrics.CONNECTED: SHARDS,
        metrics.SHARDS_EXPECTED: SHARDS, metrics.PRIMARY_MASTERS: 1,
        metrics.NODES_IN_ERROR: 0, metrics.NODES: SHARDS + 1 + 1 + 2,
        **STATUS_ZEROS, f"{metrics.GATEWAY_STATUS}/connected": SHARDS,
        f"{metrics.GATEWAY_STATUS}/disconnected": 1, **FROM_THE_FAKE,
    }
    assert 0 < latency < 5000
    assert result["ok"] is True and result["configured"] is True
    one_line(out, f"health probe: {webapp.url} (with the API key): Coreapps connected 8 (shards "
             "expected 8, the plan's; by status connected 8, disconnected 1), primary masters "
             "1, nodes in error 0 of 12", secrets=(PASSWORD, TOKEN, ca_pem, API_KEY))
    assert "not read" not in out
    assert webapp.cluster.seen == KEY_CALLS  # no login, no user


def test_connecting_is_healthy_and_every_status_is_counted(deploy, webapp, ca_pem, capsys):
    webapp.cluster.statuses = ["connecting", "connecting", "unregistered", "uninitialized",
                               "expired", "connected"]
    deploy(with_key(webapp, ca_pem))
    _, out, _ = run(capsys)
    values = published()
    # Meta: connected and connecting are good health; 8 "connected" less the 5 changed above
    assert values[metrics.CONNECTED] == 2 + 3
    assert {k: v for k, v in values.items() if k.startswith(metrics.GATEWAY_STATUS)} == {
        **STATUS_ZEROS, f"{metrics.GATEWAY_STATUS}/connected": 3,
        f"{metrics.GATEWAY_STATUS}/connecting": 2, f"{metrics.GATEWAY_STATUS}/unregistered": 1,
        f"{metrics.GATEWAY_STATUS}/uninitialized": 1, f"{metrics.GATEWAY_STATUS}/other": 1,
        f"{metrics.GATEWAY_STATUS}/disconnected": 1}
    one_line(out, "Coreapps connected 5 (", "connecting 2", "other 1")


def test_a_key_the_webapps_do_not_hold_is_one_error(deploy, webapp, ca_pem, capsys):
    webapp.cluster.api_key = "another-key-0123456789"
    deploy(with_key(webapp, ca_pem))
    result, out, _ = run(capsys)
    failed(result, out, "GET /v1/health refused (401): the API key is not the Webapps' WA_API_KEY",
           secrets=(API_KEY, "another-key-0123456789"))
    assert webapp.cluster.seen == [("GET", "/v1/health")]


@pytest.mark.parametrize("key", ["short-key", "k" * 129, "has a space in it", ""])
def test_a_key_secret_the_client_would_refuse_is_one_error_that_never_shows_it(
        deploy, webapp, ca_pem, capsys, key):
    deploy(with_key(webapp, ca_pem), api_key=key or " ")
    result, out, _ = run(capsys)
    failed(result, out, "the API key secret arn:aws:secretsmanager:",
           "allowed 12 to 128 visible ASCII", secrets=(key,) if key else ())
    assert webapp.cluster.seen == []


def test_the_clients_metrics_are_optional_and_named_when_missing(deploy, webapp, ca_pem,
                                                                 capsys):
    webapp.cluster.web_metrics = None  # 404
    webapp.cluster.app_stats = "callback_queue_size{node=\"a\"} 3\ncallback_queue_size 4\n"
    deploy(with_key(webapp, ca_pem))
    result, out, _ = run(capsys)
    values = published()
    assert result["ok"] is True and values[metrics.ERRORS] == 0
    assert values[metrics.CALLBACK_QUEUE] == 7  # every series summed
    assert not any(k.startswith((metrics.API_REQUESTS, metrics.CALLBACKS,
                                 metrics.PENDING_MESSAGES, "ApiError", "CallbackFailure"))
                   for k in values)
    one_line(out, "; not read: GET /metrics failed with HTTP 404")


# --- 2. as a user an operator named ----------------------------------------------------------
def test_a_named_user_logs_in_and_the_clients_shard_count_is_expected(deploy, webapp, ca_pem,
                                                                      capsys):
    webapp.cluster.shards = 4  # the client's setting, not the plan's 8
    webapp.cluster.api_key = None  # the key is not needed then
    deploy(credentials(webapp, ca_pem))
    result, out, _ = run(capsys)
    values = published()
    assert values[metrics.SHARDS_EXPECTED] == 4 and values[metrics.CONNECTED] == 4
    assert result["ok"] is True
    one_line(out, f"{webapp.url} (as user 'admin'): Coreapps connected 4 (shards expected 4, "
             "the client's setting;")
    assert webapp.cluster.seen == [("POST", "/v1/users/login"), ("GET", "/v1/health"),
                                   ("GET", "/v1/account/shards"), *KEY_CALLS[1:]]


def test_the_ca_file_is_written_for_the_run_only(deploy, webapp, ca_pem, capsys, monkeypatch,
                                                 tmp_path):
    monkeypatch.setattr(probe.tempfile, "tempdir", str(tmp_path))
    written = []
    real = probe.WebappClient

    def client(url, *, ca_file, timeout_s, tls_name, api_key):
        written.append((ca_file, Path(ca_file).read_text()))
        assert timeout_s == probe.HTTP_TIMEOUT_S and tls_name is None and api_key == API_KEY
        return real(url, ca_file=ca_file, timeout_s=timeout_s, api_key=api_key)

    monkeypatch.setattr(probe, "WebappClient", client)
    deploy(with_key(webapp, ca_pem))
    assert run(capsys)[0]["ok"] is True
    assert [(path.startswith(str(tmp_path)), text) for path, text in written] == [(True, ca_pem)]
    assert list(tmp_path.iterdir()) == []


def test_a_ca_bundle_with_words_beyond_ascii_is_read_whatever_the_locale(deploy, webapp,
                                                                          ca_pem, capsys):
    # as Mozilla's bundle has them: a comment before the PEM, in the CA's own language
    deploy(with_key(webapp, f"# Issuer: CN=F\u0151tan\u00fas\u00edtv\u00e1ny\n{ca_pem}"))
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")  # files opened without an encoding are ASCII now
    try:
        result, out, _ = run(capsys)
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    assert result["ok"] is True, out


# --- 3. a degraded cluster ----------------------------------------------------------------
def test_a_degraded_cluster_is_published_as_it_is(deploy, webapp, ca_pem, capsys):
    webapp.cluster.connected, webapp.cluster.primary_master, webapp.cluster.errored = 5, False, 2
    deploy(with_key(webapp, ca_pem))
    result, out, _ = run(capsys)
    values = published()
    assert {k: values[k] for k in metrics.SUCCESSFUL_RUN if "/" not in k and k in values
            and k != metrics.LATENCY} == {
        metrics.CONFIGURED: 1, metrics.ERRORS: 0, metrics.CONNECTED: 5,
        metrics.SHARDS_EXPECTED: SHARDS, metrics.PRIMARY_MASTERS: 0,
        metrics.NODES_IN_ERROR: 2, metrics.NODES: SHARDS + 1 + 2 + 2,
    }
    assert values[f"{metrics.GATEWAY_STATUS}/disconnected"] == 4
    assert result["ok"] is True  # the probe reports; the alarms judge
    one_line(out, "Coreapps connected 5 (shards expected 8, the plan's; by status connected 5, "
             "disconnected 4), primary masters 0, nodes in error 2 of 13")


# --- 4. unreachable, or never answering -----------------------------------------------------
def test_an_unreachable_webapp_is_one_error(deploy, ca_pem, capsys):
    url = f"https://127.0.0.1:{closed_port()}"
    deploy({"username": USER, "password": PASSWORD, "url": url, "ca_pem": ca_pem})
    result, out, elapsed = run(capsys)
    failed(result, out, f"{url}: POST /v1/users/login: cannot reach {url} (Connection refused)")
    assert elapsed < probe.HTTP_TIMEOUT_S


@pytest.mark.parametrize("way_in", ["key", "user"])
def test_a_webapp_that_never_answers_ends_the_run_in_bounded_time(deploy, ca_pem, capsys,
                                                                   monkeypatch, way_in):
    monkeypatch.setattr(probe, "HTTP_TIMEOUT_S", HANG_TIMEOUT_S)
    with socket.create_server(("127.0.0.1", 0)) as silent:  # connects, never accepts
        url = f"https://127.0.0.1:{silent.getsockname()[1]}"
        secret = {"username": USER if way_in == "user" else "", "password": PASSWORD,
                  "url": url, "ca_pem": ca_pem}
        deploy(secret)
        result, out, elapsed = run(capsys)
    first = "POST /v1/users/login" if way_in == "user" else "GET /v1/health"
    failed(result, out, f"{first} timed out after {HANG_TIMEOUT_S:g} s",
           "NAT gateways' public addresses", "api_cidrs", "security group")
    assert HANG_TIMEOUT_S <= elapsed < 2 * HANG_TIMEOUT_S + SLACK_S


def test_a_health_answer_that_never_comes_is_bounded_too(deploy, tls_files, ca_pem, capsys,
                                                         monkeypatch):
    monkeypatch.setattr(probe, "HTTP_TIMEOUT_S", QUICK_TIMEOUT_S)
    with rogue.ScriptedServer(rogue.login_then(rogue.hang), tls_files=tls_files) as webapp:
        deploy({"username": USER, "password": PASSWORD, "url": webapp.url, "ca_pem": ca_pem})
        result, out, elapsed = run(capsys)
    failed(result, out, f"GET /v1/health timed out after {QUICK_TIMEOUT_S:g} s")
    assert "NAT" not in out  # the login answered: the network is not the cause
    assert elapsed < 2 * QUICK_TIMEOUT_S + SLACK_S


def test_metrics_that_never_come_cost_their_own_bound_only(deploy, tls_files, ca_pem, capsys,
                                                           monkeypatch):
    monkeypatch.setattr(probe, "EXTRA_TIMEOUT_S", HANG_TIMEOUT_S)
    health = rogue.response(200, json.dumps({"health": {"c1:1": {
        "gateway_status": "connected", "role": "coreapp"}}}).encode())

    def script(server, conn, head):
        if rogue.path_of(head) == "/v1/health":
            conn.sendall(health)
        else:
            rogue.hang(server, conn, head)

    with rogue.ScriptedServer(script, tls_files=tls_files) as webapp:
        deploy({"username": "", "url": webapp.url, "ca_pem": ca_pem})
        result, out, elapsed = run(capsys)
    assert result["ok"] is True and published()[metrics.CONNECTED] == 1
    one_line(out, f"not read: GET /metrics?format=prometheus timed out after {HANG_TIMEOUT_S:g} "
             f"s; GET /v1/stats/app?format=prometheus timed out after {HANG_TIMEOUT_S:g} s")
    assert elapsed < 2 * HANG_TIMEOUT_S + SLACK_S


def test_the_documented_bounds_fit_the_lambda_timeout():
    from monitoring.render import PROBE_TIMEOUT_S

    # the longer way in: a user (login, health, shards, /metrics, /v1/stats/app, one secret)
    assert probe.WEBAPP_BOUND_S == 2 * probe.HTTP_TIMEOUT_S + 3 * probe.EXTRA_TIMEOUT_S
    assert max(
        probe.HTTP_TIMEOUT_S + 2 * probe.EXTRA_TIMEOUT_S + 3 * probe.AWS_CALL_BOUND_S,
        probe.WEBAPP_BOUND_S + 2 * probe.AWS_CALL_BOUND_S) == probe.RUN_BOUND_S
    assert probe.RUN_BOUND_S <= 50 < PROBE_TIMEOUT_S  # the function's timeout (both stacks)
    config = probe.aws_config()
    assert (config.connect_timeout, config.read_timeout) == (probe.AWS_CONNECT_S,
                                                             probe.AWS_READ_S)
    assert config.retries == {"total_max_attempts": probe.AWS_ATTEMPTS, "mode": "standard"}


# --- 5. login refused, and other failures the operator fixes ---------------------------------
def test_a_refused_login_names_the_user_not_the_password(deploy, webapp, ca_pem, capsys):
    deploy(credentials(webapp, ca_pem, username="probe-user", password="Wrong-Horse-77"))
    result, out, _ = run(capsys)
    failed(result, out, "login as 'probe-user' refused (401)", secrets=("Wrong-Horse-77", TOKEN))
    assert webapp.cluster.seen == [("POST", "/v1/users/login")]


def test_without_the_ca_the_certificate_is_refused_with_a_hint(deploy, webapp, capsys):
    deploy(credentials(webapp, None))
    result, out, _ = run(capsys)
    failed(result, out, f"TLS to {webapp.url} failed", '"ca_pem"')
    assert "--ca-file" not in out and "--url" not in out  # wa-shards' flags, not the probe's
    assert webapp.cluster.seen == []


@pytest.mark.parametrize(("changes", "fragments"), [
    ({"url": "http://127.0.0.1"}, ("the secret's \"url\": url 'http://127.0.0.1' is invalid",)),
    ({"url": "https://user:pw@127.0.0.1"}, ("url 'https://***@127.0.0.1' is invalid",)),
    ({"ca_pem": "not a certificate"}, ("\"ca_pem\" is invalid: allowed the PEM text",)),
])
def test_a_bad_url_or_ca_in_the_secret_is_one_error(deploy, webapp, ca_pem, capsys, changes,
                                                    fragments):
    deploy(credentials(webapp, ca_pem, **changes))
    result, out, _ = run(capsys)
    failed(result, out, *fragments, secrets=(PASSWORD, "not a certificate", ":pw@"))
    assert webapp.cluster.seen == []


@pytest.mark.parametrize(("secret", "fragment"), [
    ("username=admin", "is not a JSON object"),
    ('["admin"]', "is not a JSON object"),
    (json.dumps({"username": ["admin"], "password": PASSWORD}), '"username" is not a string'),
    (json.dumps({"username": "admin", "password": ""}), "names user 'admin' but its \"password\""),
])
def test_a_secret_that_is_not_the_documented_object_is_one_error(deploy, capsys, secret,
                                                                 fragment):
    deploy(secret)
    result, out, _ = run(capsys)
    failed(result, out, "the credentials secret arn:aws:secretsmanager:", fragment)


@pytest.mark.parametrize("variable", [metrics.ENV_SECRET_ARN, metrics.ENV_API_KEY_SECRET_ARN])
def test_a_secret_stored_as_binary_is_one_error_naming_it(deploy, capsys, variable):
    deploy({"username": ""})
    arn = probe.os.environ[variable]
    boto3.client("secretsmanager").put_secret_value(SecretId=arn, SecretBinary=b"\x00admin")
    result, out, _ = run(capsys)
    failed(result, out, arn)


# --- the plumbing: raised, for the function's own Errors metric ------------------------------
def test_a_missing_environment_variable_raises_after_its_line(deploy, monkeypatch, capsys):
    deploy({"username": ""})
    monkeypatch.delenv(metrics.ENV_DEPLOYMENT)
    with pytest.raises(probe.ProbeSetupError, match="DEPLOYMENT is not set"):
        probe.handler({}, None)
    one_line(capsys.readouterr().out, "health probe: FAILED: environment variable DEPLOYMENT")
    assert published() == {}


def test_a_bad_shard_count_raises(deploy, monkeypatch, capsys):
    deploy({"username": ""})
    monkeypatch.setenv(metrics.ENV_SHARDS_EXPECTED, "8.5")
    with pytest.raises(probe.ProbeSetupError, match="allowed a whole number"):
        probe.handler({}, None)
    assert published() == {}


def test_an_unreadable_secret_raises_after_its_line(deploy, monkeypatch, capsys):
    arn = deploy({"username": ""})
    boto3.client("secretsmanager").delete_secret(SecretId=arn, ForceDeleteWithoutRecovery=True)
    with pytest.raises(probe.ProbeSetupError) as raised:
        probe.handler({}, None)
    out = one_line(capsys.readouterr().out, f"cannot read the credentials secret {arn}",
                   "ResourceNotFoundException")
    assert out.strip() == str(raised.value)
    assert published() == {}


def test_an_unreadable_key_secret_raises_but_a_named_user_does_not_need_it(
        deploy, webapp, ca_pem, monkeypatch, capsys):
    deploy(credentials(webapp, ca_pem, username=""))
    key_arn = probe.os.environ[metrics.ENV_API_KEY_SECRET_ARN]
    boto3.client("secretsmanager").delete_secret(SecretId=key_arn,
                                                 ForceDeleteWithoutRecovery=True)
    with pytest.raises(probe.ProbeSetupError, match=f"cannot read the API key secret {key_arn}"):
        probe.handler({}, None)
    capsys.readouterr()
    boto3.client("secretsmanager").put_secret_value(
        SecretId=probe.os.environ[metrics.ENV_SECRET_ARN],
        SecretString=json.dumps(credentials(webapp, ca_pem)))
    assert run(capsys)[0]["ok"] is True  # the user's way in reads no key


def test_a_refused_publish_raises_after_the_runs_line(deploy, webapp, ca_pem, capsys,
                                                      monkeypatch):
    deploy(credentials(webapp, ca_pem))
    cloudwatch = boto3.client("cloudwatch", config=probe.aws_config())
    real = probe.boto3.client
    monkeypatch.setattr(probe.boto3, "client", lambda service, **kwargs: (
        cloudwatch if service == "cloudwatch" else real(service, **kwargs)))
    with Stubber(cloudwatch) as stub:
        stub.add_client_error("put_metric_data", "AccessDenied", "not authorized to perform: "
                              "cloudwatch:PutMetricData")
        with pytest.raises(probe.ProbeSetupError, match="cannot publish 24 metrics to WaInfra"):
            probe.handler({}, None)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"health probe: {webapp.url} (as user")
    assert lines[1].startswith("health probe: FAILED: cannot publish 24 metrics")
    assert "AccessDenied" in lines[1] and PASSWORD not in "".join(lines)


# --- GET /v1/health as the vendor's guide shows it --------------------------------------------
STARTING = {  # before registration: two nodes in error, the primary master unregistered
    "m1:85cd": {"errors": [{"code": 1011, "title": "Service not ready"}]},
    "m2:8dd3": {"gateway_status": "unregistered", "role": "primary_master"},
    "c1:753e": {"errors": [{"code": 1011, "title": "Service not ready"}]},
    "c2:75d7": {"gateway_status": "unregistered", "role": "coreapp", "errors": []},
}
MULTICONNECT = {
    "m1:85cd": {"gateway_status": "disconnected", "role": "secondary_master"},
    "m2:8dd3": {"gateway_status": "connected", "role": "primary_master"},
    "c1:753e": {"gateway_status": "connected", "role": "coreapp"},
    "c2:75d7": {"gateway_status": "connected", "role": "coreapp"},
    "c3:23b5": {"gateway_status": "disconnected", "role": "coreapp"},
    "odd:0000": "not an object",
}


@pytest.mark.parametrize(("nodes", "expected"), [
    (STARTING, (0, 4, 1, 2)),
    (MULTICONNECT, (2, 6, 1, 0)),
])
def test_health_counts_the_documented_answers(tls_files, nodes, expected):
    answer = rogue.response(200, json.dumps({"health": nodes}).encode())
    script = rogue.routes({"/v1/users/login": rogue.LOGIN_OK, "/v1/health": answer})
    with rogue.ScriptedServer(script, tls_files=tls_files) as webapp:
        client = WebappClient(webapp.url, ca_file=str(tls_files[0]), timeout_s=5)
        client.login(USER, PASSWORD)
        health = client.health()
    assert (health.connected_coreapps, health.nodes, health.primary_masters,
            health.nodes_in_error) == expected



def test_credentials_never_show_the_password_or_the_pem(ca_pem):
    shown = repr(probe.Credentials(USER, PASSWORD, "https://api.example.com", ca_pem))
    assert shown == ("Credentials(username='admin', url='https://api.example.com', "
                     "tls_name=None)")
