"""wa-shards: the change planner and the Webapp client against a local HTTPS test server."""

import base64
import json

import pytest
from click.testing import CliRunner

from cli.shards import main
from tests.cli.fake_webapp import PASSWORD, Cluster, FakeWebapp, self_signed
from wa_api import client as client_module

CERT_B64 = base64.b64encode(b"verified-name-certificate").decode()
PIN = "123456"


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), prog_name="wa-shards", env=env)


# --- plan -------------------------------------------------------------------------------------
def steps(result):
    return [line for line in result.stdout.splitlines() if line[:2] in ("1.", "2.", "3.")]


def test_increase_grows_the_stack_before_setting_shards():
    result = run("plan", "--from", "8", "--to", "16", "--rate", "100")
    assert result.exit_code == 0, result.stderr
    assert steps(result) == [
        "1. Grow the stack to 17 Coreapps (EC2 max 8)",
        "2. Wait until the coreapp service is stable",
        "3. Set shards to 16 (every Coreapp restarts)",
    ]
    assert "$ npx cdk deploy --all --require-approval never -c shards=16 -c rate=100" in (
        result.stdout)
    assert "invariant: Coreapps 17 >= shards 8" in result.stdout
    assert "invariant: Coreapps 17 >= shards 16; downtime 45-60 s" in result.stdout
    assert "expected API downtime 45-60 s" in result.stdout
    assert "wa-shards get --url 'https://<load-balancer>' --expect 8" in result.stdout


def test_decrease_sets_shards_before_shrinking_and_warns_of_the_extra_failover():
    result = run("plan", "--from", "16", "--to", "8", "--rate", "100", "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["direction"] == "decrease"
    assert [s["title"].split()[0] for s in doc["steps"]] == ["Set", "Shrink", "Wait"]
    assert [(s["coreapps"], s["shards"]) for s in doc["steps"]] == [(17, 8), (9, 8), (9, 8)]
    assert all(s["coreapps"] >= s["shards"] for s in doc["steps"])
    assert doc["downtime_s"] == {"min": 45, "max": 95}
    assert "35 s" in doc["steps"][1]["downtime"]


def test_a_db_class_change_is_called_out_as_maintenance():
    result = run("plan", "--from", "8", "--to", "16")  # 100 -> 200 msg/s: 8 -> 16 vCPU
    assert "DB class: db.m6g.2xlarge -> db.m6g.4xlarge" in result.stdout
    assert "MAINTENANCE: DB class db.m6g.2xlarge -> db.m6g.4xlarge" in result.stdout
    assert "about 1-2 minutes (Multi-AZ failover)" in result.stdout
    assert "EC2 max: 5 -> 8" in result.stdout
    steady = run("plan", "--from", "8", "--to", "16", "--rate", "100")
    assert "MAINTENANCE" not in steady.stdout


def test_deploy_command_carries_the_sizing_context():
    result = run("plan", "--from", "2", "--to", "4", "--ssl", "--env", "staging",
                 "--prefix", "Acme")
    assert "-c shards=4 -c rate=50 -c ssl=true -c env=staging -c prefix=Acme" in result.stdout
    assert "--stack-name Acme-Enterprise" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "8", "--to", "8"], "shards 8 -> 8 changes nothing"),
    (["--from", "8", "--to", "12"], "shards 12 is not an option: allowed 1, 2, 4, 8, 16, 32"),
    (["--from", "x", "--to", "8"], "shards 'x' is not an option"),
    (["--to", "8"], "Missing option '--from'"),
])
def test_plan_refuses_nonsense_in_one_line(args, message):
    result = run("plan", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


# --- the Webapp client -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def webapp(tls_files):
    cluster = Cluster()
    with FakeWebapp(*tls_files, cluster) as server:
        server.cluster = cluster
        yield server


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr(client_module, "BACKOFF_S", (0.01,))


def api(webapp, tls_files, *args, password=PASSWORD, **env):
    environment = {"WA_API_PASSWORD": password, "WA_API_CERT": CERT_B64, **env}
    return run(*args, "--url", webapp.url, "--ca-file", str(tls_files[0]), env=environment)


def test_get_prints_the_shard_count(webapp, tls_files):
    result = api(webapp, tls_files, "get")
    assert (result.exit_code, result.stdout) == (0, "8\n")
    result = api(webapp, tls_files, "get", "--json")
    assert json.loads(result.stdout) == {"shards": 8}


def test_get_expect_mismatch_exits_1(webapp, tls_files):
    result = api(webapp, tls_files, "get", "--expect", "16")
    assert result.exit_code == 1
    assert "cluster has 8 shards, expected 16" in result.stderr


def test_wrong_credentials_exit_1_without_echoing_the_password(webapp, tls_files):
    result = api(webapp, tls_files, "get", password="wrong-password")
    assert result.exit_code == 1
    assert result.stderr == ("wa-shards: error: login as 'admin' refused (401): check the user "
                             "and password\n")
    assert "wrong-password" not in result.output


def test_tls_is_verified_unless_the_ca_is_given(webapp):
    result = run("get", "--url", webapp.url, env={"WA_API_PASSWORD": PASSWORD})
    assert result.exit_code == 1
    assert "TLS to https://127.0.0.1" in result.stderr and "--ca-file" in result.stderr


def test_plain_http_is_refused(tls_files):
    result = run("get", "--url", "http://127.0.0.1:9", env={"WA_API_PASSWORD": PASSWORD})
    assert result.exit_code == 1
    assert "allowed https://host[:port]" in result.stderr


def test_missing_password_is_bad_input(webapp, tls_files):
    result = run("get", "--url", webapp.url, env={"WA_API_PASSWORD": ""})
    assert result.exit_code == 2
    assert "password is missing: allowed from $WA_API_PASSWORD or --password-file" in (
        result.stderr)


def test_a_slow_webapp_times_out(webapp, tls_files):
    webapp.cluster.delay_s = 2
    result = api(webapp, tls_files, "get", "--timeout", "1")
    assert result.exit_code == 1
    assert "timed out after 1 s" in result.stderr


def set_args(*extra):
    return ("set", "16", "--cc", "1", "--phone", "6315550000", "--interval", "0.05", *extra)


def test_set_retries_403_then_waits_for_the_coreapps(webapp, tls_files):
    webapp.cluster.forbidden_left = 2
    result = api(webapp, tls_files, *set_args(), WA_API_PIN=PIN)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "16\n"
    assert result.stderr.count("403 (temporarily unavailable)") == 2
    assert "shards set to 16 (attempt 3)" in result.stderr
    assert "16/16 Coreapps connected" in result.stderr
    assert webapp.cluster.shards == 16
    assert webapp.cluster.posts[-1] == {"cc": "1", "phone_number": "6315550000", "shards": 16,
                                        "pin": PIN, "cert": CERT_B64}
    for secret in (PASSWORD, PIN, CERT_B64):
        assert secret not in result.output


def test_set_gives_up_after_bounded_403s(webapp, tls_files):
    webapp.cluster.forbidden_left = 100
    result = api(webapp, tls_files, *set_args())
    assert result.exit_code == 1
    assert "still 403 after 6 attempts" in result.stderr
    assert len(webapp.cluster.posts) == 6


def test_a_cluster_that_never_becomes_healthy_fails_in_bounded_time(webapp, tls_files):
    webapp.cluster.healthy = False
    result = api(webapp, tls_files, *set_args("--health-timeout", "1"))
    assert result.exit_code == 1
    assert "only 0 of 16 Coreapps connected after 1 s" in result.stderr


@pytest.mark.parametrize(("args", "env", "message"), [
    (("--cc", "+1"), {}, "cc '+1' is invalid: allowed 1 to 3 digits"),
    (("--phone", "63155O0000"), {}, "phone number '63155O0000' is invalid"),
    ((), {"WA_API_PIN": "12345"}, "pin is invalid: allowed exactly 6 digits"),
    ((), {"WA_API_CERT": "not base64!"}, "cert is invalid: allowed the base64 certificate"),
    ((), {"WA_API_CERT": ""}, "cert is missing: allowed from $WA_API_CERT or --cert-file"),
])
def test_set_validates_every_field_before_sending(webapp, tls_files, args, env, message):
    base = {"--cc": "1", "--phone": "6315550000"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    flags = [item for pair in base.items() for item in pair]
    result = api(webapp, tls_files, "set", "16", *flags, **env)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert webapp.cluster.posts == []
    assert "12345" not in result.stderr or "pin" not in message
