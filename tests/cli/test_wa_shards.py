"""wa-shards: the change planner and the Webapp client against a local HTTPS test server."""

import base64
import json
import shlex

import pytest
from click.testing import CliRunner

import cli.deploy
from cli.shards import _problems, main
from sizing import inputs
from tests.cli.fake_webapp import API_KEY, PASSWORD
from wa_api.client import Health

CERT_B64 = base64.b64encode(b"verified-name-certificate").decode()
PIN = "123456"


def run(*args, env=None, answer=None):
    return CliRunner().invoke(main, list(args), prog_name="wa-shards", env=env, input=answer)


# --- plan -------------------------------------------------------------------------------------
def steps(result):
    return [line for line in result.stdout.splitlines()
            if line[:2] in ("1.", "2.", "3.", "4.", "5.")]


def test_increase_grows_the_stack_before_setting_shards():
    result = run("plan", "--offline", "--from", "8", "--to", "16", "--rate", "100")
    assert result.exit_code == 0, result.stderr
    assert steps(result) == [
        "1. Mute the alarms for the whole change (the plan's and the client's shard counts "
        "differ until the end)",
        "2. Grow the stack to 17 Coreapps (EC2 max 8)",
        "3. Wait until the coreapp service is stable",
        "4. Set shards to 16 (every Coreapp restarts)",
        "5. Check that 16 Coreapps connect, then notify again",
    ]
    assert "$ wa-deploy --region us-east-1 -c shards=16 -c rate=100\n" in result.stdout
    assert "invariant: Coreapps 17 >= shards 8" in result.stdout
    assert "invariant: Coreapps 17 >= shards 16; downtime 45-60 s" in result.stdout
    assert "expected API downtime 45-60 s" in result.stdout
    assert "wa-shards health --url 'https://<load-balancer>' --expect 8" in result.stdout


def test_decrease_sets_shards_before_shrinking_and_warns_of_the_extra_failover():
    result = run("plan", "--offline", "--from", "16", "--to", "8", "--rate", "100", "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["direction"] == "decrease"
    assert [s["title"].split()[0] for s in doc["steps"]] == [
        "Mute", "Set", "Shrink", "Wait", "Check"]
    assert [(s["coreapps"], s["shards"]) for s in doc["steps"]] == [
        (17, 16), (17, 8), (9, 8), (9, 8), (9, 8)]
    assert all(s["coreapps"] >= s["shards"] for s in doc["steps"])
    assert doc["downtime_s"] == {"min": 45, "max": 95}
    assert "35 s" in doc["steps"][2]["downtime"]


def test_the_alarms_stay_muted_from_the_first_deploy_to_the_last_check():
    """Between the deploy and the set the plan's shard count (what the probe compares with,
    without a user) is not the client's: one mute opens the change, and the restore follows
    the final health check whatever it says (`;`), restoring only what was muted."""
    for args, set_at in ((("--from", "8", "--to", "16"), 3), (("--from", "16", "--to", "8"), 1)):
        result = run("plan", "--offline", *args, "--rate", "100", "--prefix", "Prod",
                     "--region", "eu-west-1", "--json")
        assert result.exit_code == 0, result.stderr
        commands = [step["command"] for step in json.loads(result.stdout)["steps"]]
        alarms = "--prefix Prod --region eu-west-1"
        assert commands[0] == f"ALARMS=$(wa-deploy alarms mute {alarms})"
        assert commands[set_at].startswith(f"wa-shards set {args[-1]} --url ")
        assert commands[-1] == (f"wa-shards health --url 'https://<load-balancer>' --expect "
                                f"{args[-1]} --within 300; wa-deploy alarms restore {alarms} "
                                "$ALARMS")


def test_a_db_class_change_is_called_out_as_maintenance():
    result = run("plan", "--offline", "--from", "8", "--to", "16")  # 100 -> 200 msg/s: 8 -> 16 vCPU
    assert "DB class: db.m6g.2xlarge -> db.m6g.4xlarge" in result.stdout
    assert "MAINTENANCE: DB class db.m6g.2xlarge -> db.m6g.4xlarge" in result.stdout
    assert "about 1-2 minutes (Multi-AZ failover)" in result.stdout
    assert "EC2 max: 5 -> 8" in result.stdout
    steady = run("plan", "--offline", "--from", "8", "--to", "16", "--rate", "100")
    assert "MAINTENANCE" not in steady.stdout


def test_the_deploy_step_changes_only_what_the_plan_was_given():
    """wa-deploy keeps every other input as the deployment remembers it (TLS, engine, VPC,
    api_cidrs, ...): options left at their defaults are not sent as changes that could flip a
    setting; the ones given travel, so the deploy sizes what the plan shows."""
    result = run("plan", "--offline", "--from", "2", "--to", "4", "--prefix", "Acme")
    assert "$ wa-deploy --prefix Acme --region us-east-1 -c shards=4 -c rate=50\n" in result.stdout
    assert "ssl=" not in result.stdout and "env=" not in result.stdout
    assert "--stack-name Acme-Enterprise" in result.stdout
    given = run("plan", "--offline", "--from", "2", "--to", "4", "--no-ssl", "--env", "staging",
                "--prefix", "Acme")
    assert ("$ wa-deploy --prefix Acme --region us-east-1 -c shards=4 -c rate=50 -c ssl=false "
            "-c env=staging\n"
            in given.stdout)


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "8", "--to", "8"], "shards 8 -> 8 changes nothing"),
    (["--from", "8", "--to", "12"], "shards 12 is not an option: allowed 1, 2, 4, 8, 16, 32"),
    (["--from", "x", "--to", "8"], "shards 'x' is not an option"),
    (["--to", "8"], "Missing option '--from'"),
])
def test_plan_refuses_nonsense_in_one_line(args, message):
    result = run("plan", "--offline", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


# --- the Webapp client -----------------------------------------------------------------------
def api(webapp, tls_files, *args, password=PASSWORD, answer=None, **env):
    environment = {"WA_API_PASSWORD": password, "WA_API_CERT": CERT_B64, "WA_API_KEY": None,
                   **env}
    return run(*args, "--url", webapp.url, "--ca-file", str(tls_files[0]), env=environment,
               answer=answer)


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
    assert result.exit_code == 2  # bad input, refused before anything is sent
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
    """`set 16` as a script runs it: --yes answers the question."""
    return ("set", "16", "--cc", "1", "--phone", "6315550000", "--yes", *extra)


# The retries and the health wait run on fake_time (tests/cli/conftest.py): the delays are the
# real ones (2, 4, 8, 15, 30 s; polls every --interval), recorded instead of slept.
def test_set_retries_403_then_waits_for_the_coreapps(webapp, tls_files, fake_time):
    webapp.cluster.forbidden_left = 2
    result = api(webapp, tls_files, *set_args(), WA_API_PIN=PIN)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "16\n"
    assert fake_time.sleeps == [2, 4]  # the first two backoff delays, nothing else
    assert "retry 1 in 2 s" in result.stderr and "retry 2 in 4 s" in result.stderr
    assert result.stderr.count("403 (temporarily unavailable)") == 2
    assert "shards set to 16 (attempt 3)" in result.stderr
    assert "16/16 Coreapps connected or connecting" in result.stderr
    assert webapp.cluster.shards == 16
    assert webapp.cluster.posts[-1] == {"cc": "1", "phone_number": "6315550000", "shards": 16,
                                        "pin": PIN, "cert": CERT_B64}
    for secret in (PASSWORD, PIN, CERT_B64):
        assert secret not in result.output


def test_set_gives_up_after_bounded_403s(webapp, tls_files, fake_time):
    webapp.cluster.forbidden_left = 100
    result = api(webapp, tls_files, *set_args())
    assert result.exit_code == 1
    assert "still 403 after 6 attempts" in result.stderr
    assert len(webapp.cluster.posts) == 6
    assert fake_time.sleeps == [2, 4, 8, 15, 30]  # growing, none after the last attempt
    assert webapp.cluster.shards == 8  # never set


def test_a_cluster_that_never_becomes_healthy_fails_in_bounded_time(webapp, tls_files,
                                                                    fake_time):
    webapp.cluster.healthy = False  # no Coreapp connected: only --skip-preflight goes on
    result = api(webapp, tls_files, *set_args("--health-timeout", "20", "--interval", "5",
                                              "--skip-preflight"))
    assert result.exit_code == 1
    assert "only 0 of 16 Coreapps connected or connecting after 20 s" in result.stderr
    # polls at 0, 5, 10, 15 and 20 s, then gives up: never a sleep past the timeout
    assert fake_time.sleeps == [5, 5, 5, 5]
    assert webapp.cluster.seen.count(("GET", "/v1/health")) == 5
    assert fake_time.elapsed == 20


# --- health ------------------------------------------------------------------------------------
LOGIN = ("POST", "/v1/users/login")
HEALTH = ("GET", "/v1/health")
SHARDS_READ, SHARDS_POST = ("GET", "/v1/account/shards"), ("POST", "/v1/account/shards")


def test_health_prints_one_line_per_fact(webapp, tls_files):
    result = api(webapp, tls_files, "health")  # 17 Coreapps, 8 shards: 8 connected
    assert result.exit_code == 0, result.output
    assert result.stdout == ("primary Masters: 1\n"
                             "Coreapps connected: 8\n"
                             "Coreapps disconnected: 9\n"
                             "nodes in error: 0\n"
                             "verdict: healthy\n")
    assert webapp.cluster.seen == [LOGIN, HEALTH]  # no API key: the user and password


def test_health_names_every_gateway_status_and_its_verdict(webapp, tls_files):
    webapp.cluster.statuses = ["connecting", "unregistered", "no-such-status"]
    webapp.cluster.errored = 2
    result = api(webapp, tls_files, "health")
    assert result.exit_code == 0, result.output  # without --expect it only reports
    assert result.stdout.splitlines() == [
        "primary Masters: 1", "Coreapps connected: 5", "Coreapps connecting: 1",
        "Coreapps disconnected: 9", "Coreapps unregistered: 1",
        "Coreapps with another gateway_status: 1", "nodes in error: 2",
        "verdict: unhealthy: 2 nodes in error"]


def test_health_json_is_the_health_and_ok_only_with_expect(webapp, tls_files):
    webapp.cluster.statuses = ["connecting", "weird"]
    result = api(webapp, tls_files, "health", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc == {
        "connected_coreapps": 6, "healthy_coreapps": 7, "primary_masters": 1, "nodes": 18,
        "nodes_in_error": 0,
        "coreapps_by_status": {"connected": 6, "connecting": 1, "disconnected": 9,
                               "uninitialized": 0, "unregistered": 0, "other": 1}}
    met = api(webapp, tls_files, "health", "--json", "--expect", "7")  # connecting counts
    assert met.exit_code == 0, met.output
    assert json.loads(met.stdout) == {**doc, "ok": True}
    missed = api(webapp, tls_files, "health", "--json", "--expect", "8")
    assert missed.exit_code == 1
    assert json.loads(missed.stdout) == {**doc, "ok": False}
    assert missed.stderr == ("wa-shards: error: unhealthy: 7 Coreapps connected or "
                             "connecting, fewer than 8\n")


def test_health_expect_met_exits_0(webapp, tls_files):
    result = api(webapp, tls_files, "health", "--expect", "8")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("verdict: healthy\n") and result.stderr == ""


@pytest.mark.parametrize(("knob", "value", "failed"), [
    ("connected", 7, "7 Coreapps connected or connecting, fewer than 8"),
    ("primary_master", False, "no primary Master"),
    ("errored", 1, "1 node in error"),
], ids=["too-few-connected", "no-primary-master", "node-in-error"])
def test_health_expect_fails_on_each_condition_alone(webapp, tls_files, knob, value, failed):
    setattr(webapp.cluster, knob, value)
    result = api(webapp, tls_files, "health", "--expect", "8")
    assert result.exit_code == 1, result.output
    assert result.stderr == f"wa-shards: error: unhealthy: {failed}\n"
    assert result.stdout.endswith(f"verdict: unhealthy: {failed}\n")


@pytest.mark.parametrize(("health", "problems"), [
    (Health(8, 18, 1, 0, {"connected": 8}), []),
    (Health(6, 18, 1, 0, {"connected": 6, "connecting": 2}), []),  # Meta: good health
    (Health(8, 18, 2, 0, {"connected": 8}), ["2 primary Masters, one expected"]),
    (Health(0, 1, 0, 3), ["0 Coreapps connected or connecting, fewer than 8",
                          "no primary Master", "3 nodes in error"]),
])
def test_the_problems_are_named_in_order(health, problems):
    assert _problems(health, 8) == problems


@pytest.mark.parametrize("value", ["0", "33", "x", "1.5", "-1", "nan"])
def test_health_expect_is_a_count_of_connected_coreapps(webapp, tls_files, value):
    result = api(webapp, tls_files, "health", "--expect", value)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("wa-shards: error: expect ") and value in result.stderr
    assert result.stderr.endswith("allowed 1 to 32\n") and result.stderr.count("\n") == 1
    assert webapp.cluster.seen == []


def test_the_api_key_reads_health_without_a_login(webapp, tls_files, tmp_path):
    key = tmp_path / "api-key.txt"
    key.write_text(f"{API_KEY}\n")
    result = api(webapp, tls_files, "health", "--api-key-file", str(key), "--expect", "8",
                 password="")
    assert result.exit_code == 0, result.output
    assert webapp.cluster.schemes == [("GET", "/v1/health", "Apikey")]  # no login at all
    assert API_KEY not in result.output
    from_env = api(webapp, tls_files, "health", WA_API_KEY=API_KEY)  # the password is set too
    assert from_env.exit_code == 0, from_env.output
    assert webapp.cluster.schemes[1:] == [("GET", "/v1/health", "Apikey")]


def test_a_password_file_given_wins_over_the_api_key_of_the_environment(webapp, tls_files,
                                                                        tmp_path):
    secret = tmp_path / "password.txt"
    secret.write_text(PASSWORD)
    result = api(webapp, tls_files, "health", "--password-file", str(secret),
                 WA_API_KEY=API_KEY)
    assert result.exit_code == 0, result.output
    assert [scheme for *_, scheme in webapp.cluster.schemes] == ["Basic", "Bearer"]


def test_a_wrong_api_key_is_one_line_without_the_key(webapp, tls_files):
    wrong = "not-the-key-0123456789"
    result = api(webapp, tls_files, "health", WA_API_KEY=wrong)
    assert result.exit_code == 1, result.output
    assert result.stderr == ("wa-shards: error: GET /v1/health refused (401): the API key is "
                             "not the Webapps' WA_API_KEY\n")
    assert wrong not in result.output


def test_a_malformed_api_key_is_bad_input_before_anything_is_sent(webapp, tls_files):
    result = api(webapp, tls_files, "health", WA_API_KEY="short key")
    assert result.exit_code == 2, result.output
    assert result.stderr == ("wa-shards: error: api key is invalid: allowed 12 to 128 visible "
                             "ASCII characters, no spaces\n")
    assert webapp.cluster.seen == []


def test_health_needs_a_key_or_a_password_and_takes_one_file(webapp, tls_files, tmp_path):
    missing = api(webapp, tls_files, "health", password="")
    assert missing.exit_code == 2, missing.output
    assert missing.stderr == ("wa-shards: error: api key and password are missing: allowed the "
                              "API key from $WA_API_KEY or --api-key-file, or the password from "
                              "$WA_API_PASSWORD or --password-file\n")
    key, secret = tmp_path / "key", tmp_path / "password"
    key.write_text(API_KEY)
    secret.write_text(PASSWORD)
    both = api(webapp, tls_files, "health", "--api-key-file", str(key), "--password-file",
               str(secret))
    assert both.exit_code == 2, both.output
    assert both.stderr.startswith("wa-shards: error: --api-key-file and --password-file are "
                                  "both given: allowed one")
    assert both.stderr.count("\n") == 1
    assert webapp.cluster.seen == []


# --- set: the preflight and the question ---------------------------------------------------------
def at_terminal(monkeypatch):
    """stdin is a terminal (as wa-deploy's tests fake one): the question is asked."""
    monkeypatch.setattr(cli.deploy, "_interactive", lambda: True)


def test_set_reads_checks_then_posts_then_waits(webapp, tls_files):
    result = api(webapp, tls_files, *set_args())
    assert (result.exit_code, result.stdout) == (0, "16\n"), result.output
    assert webapp.cluster.seen == [LOGIN, SHARDS_READ, HEALTH, SHARDS_POST, HEALTH]
    assert f"Setting {webapp.url} from 8 to 16 shards (--yes)" in result.stderr


@pytest.mark.parametrize(("knob", "value", "failed"), [
    ("primary_master", False, "no primary Master"),
    ("errored", 1, "1 node in error"),
    ("connected", 7, "7 Coreapps connected or connecting, fewer than 8"),  # below the shards
], ids=["no-primary-master", "node-in-error", "too-few-connected"])
def test_the_preflight_refuses_an_unhealthy_cluster_and_posts_nothing(webapp, tls_files, knob,
                                                                      value, failed):
    setattr(webapp.cluster, knob, value)
    result = api(webapp, tls_files, *set_args())
    assert result.exit_code == 1, result.output
    assert result.stderr == (f"wa-shards: error: preflight refused the change: {failed} (on "
                             "/v1/health, with 8 shards set now): fix it, or pass "
                             "--skip-preflight to go on anyway\n")
    assert SHARDS_POST not in webapp.cluster.seen and webapp.cluster.posts == []
    assert webapp.cluster.shards == 8 and result.stdout == ""


def test_skip_preflight_skips_the_health_check_only(webapp, tls_files, monkeypatch):
    webapp.cluster.primary_master = False
    result = api(webapp, tls_files, *set_args("--skip-preflight", "--no-wait"))
    assert (result.exit_code, result.stdout) == (0, "16\n"), result.output
    assert webapp.cluster.seen == [LOGIN, SHARDS_READ, SHARDS_POST]
    at_terminal(monkeypatch)  # the question is still asked
    asked = api(webapp, tls_files, "set", "8", "--cc", "1", "--phone", "6315550000",
                "--skip-preflight", "--no-wait", answer="n\n")
    assert asked.exit_code == 1 and "Set " in asked.stderr and len(webapp.cluster.posts) == 1


def test_set_without_a_terminal_or_yes_exits_2_before_any_request(webapp, tls_files):
    result = api(webapp, tls_files, "set", "16", "--cc", "1", "--phone", "6315550000")
    assert result.exit_code == 2, result.output
    assert result.stderr == ("wa-shards: error: nobody to confirm (stdin is not a terminal): "
                             "pass --yes\n")
    assert webapp.cluster.seen == []


def test_bad_input_comes_before_the_terminal_check(webapp, tls_files):
    result = api(webapp, tls_files, "set", "16", "--cc", "+1", "--phone", "6315550000")
    assert result.exit_code == 2, result.output
    assert "cc '+1' is invalid" in result.stderr and "nobody to confirm" not in result.stderr


def test_declining_the_question_posts_nothing_and_exits_1(webapp, tls_files, monkeypatch):
    at_terminal(monkeypatch)
    result = api(webapp, tls_files, "set", "16", "--cc", "1", "--phone", "6315550000",
                 answer="n\n")
    assert result.exit_code == 1, result.output
    assert (f"Set {webapp.url} from 8 to 16 shards? Every Coreapp restarts: about 45-60 s with "
            "no messages. [y/N]: ") in result.stderr
    assert result.stderr.endswith("wa-shards: error: not confirmed: nothing changed (8 shards "
                                  "set)\n")
    assert webapp.cluster.posts == [] and webapp.cluster.shards == 8
    assert webapp.cluster.seen == [LOGIN, SHARDS_READ, HEALTH]  # checked, then asked


@pytest.mark.parametrize("answer", ["\n", "no\n"])
def test_anything_but_yes_is_no(webapp, tls_files, monkeypatch, answer):
    at_terminal(monkeypatch)
    result = api(webapp, tls_files, "set", "16", "--cc", "1", "--phone", "6315550000",
                 answer=answer)
    assert result.exit_code == 1 and webapp.cluster.posts == []


def test_answering_yes_at_the_terminal_sets(webapp, tls_files, monkeypatch):
    at_terminal(monkeypatch)
    result = api(webapp, tls_files, "set", "16", "--cc", "1", "--phone", "6315550000",
                 "--no-wait", answer="y\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("16\n") and webapp.cluster.shards == 16


def test_the_same_count_changes_nothing(webapp, tls_files, monkeypatch):
    webapp.cluster.primary_master = False  # no health check either: nothing would change
    result = api(webapp, tls_files, "set", "8", "--cc", "1", "--phone", "6315550000", "--yes")
    assert (result.exit_code, result.stdout) == (0, "8\n"), result.output
    assert result.stderr == f"{webapp.url} has 8 shards already: nothing changes\n"
    assert webapp.cluster.seen == [LOGIN, SHARDS_READ] and webapp.cluster.posts == []
    at_terminal(monkeypatch)  # nothing to ask either
    asked = api(webapp, tls_files, "set", "8", "--cc", "1", "--phone", "6315550000")
    assert asked.exit_code == 0 and "[y/N]" not in asked.output


@pytest.mark.parametrize(("args", "env", "message"), [
    (("--cc", "+1"), {}, "cc '+1' is invalid: allowed 1 to 3 digits"),
    (("--phone", "63155O0000"), {}, "phone number '63155O0000' is invalid"),
    ((), {"WA_API_PIN": "12345"}, "pin is invalid: allowed exactly 6 digits"),
    ((), {"WA_API_CERT": "not base64!"}, "cert is invalid: allowed the base64 certificate"),
    ((), {"WA_API_CERT": ""}, "cert is missing: allowed from $WA_API_CERT or --cert-file"),
    # \d would take these: Arabic-Indic, fullwidth and Devanagari digits
    (("--cc", "\u0661\u0662\u0663"), {}, "cc '\u0661\u0662\u0663' is invalid"),
    (("--phone", "\uff16\uff13\uff11\uff15\uff15\uff15\uff10\uff10\uff10\uff10"), {},
     "phone number '\uff16\uff13\uff11\uff15\uff15\uff15\uff10\uff10\uff10\uff10' is invalid"),
    ((), {"WA_API_PIN": "\u0967\u0968\u0969\u096a\u096b\u096c"},
     "pin is invalid: allowed exactly 6 digits 0-9"),
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


# --- secrets from files -----------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"\n", b"  \t\r\n  \n"])
@pytest.mark.parametrize("what", ["password", "pin", "cert"])
def test_an_empty_secret_file_is_refused_before_anything_is_sent(webapp, tls_files, tmp_path,
                                                                 content, what):
    secret = tmp_path / f"{what}.txt"
    secret.write_bytes(content)
    result = api(webapp, tls_files, *set_args(f"--{what}-file", str(secret)))
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"wa-shards: error: {what} file {str(secret)!r} is empty: allowed a "
                             f"UTF-8 text file holding only the {what}\n")
    assert webapp.cluster.seen == []


@pytest.mark.parametrize(("content", "message"), [
    (b"\xff\xfepassword", "is not UTF-8 text"),
    (b"x" * (64 * 1024 + 1), "is larger than 64 KiB"),
], ids=["latin-1", "64-KiB"])
def test_an_unreadable_password_file_is_one_line(webapp, tls_files, tmp_path, content, message):
    secret = tmp_path / "password.txt"
    secret.write_bytes(content)
    result = api(webapp, tls_files, "get", "--password-file", str(secret))
    assert result.exit_code == 2, result.output
    assert f"password file {str(secret)!r} {message}" in result.stderr
    assert result.stderr.count("\n") == 1 and "xxxx" not in result.stderr
    assert webapp.cluster.seen == []


def test_the_password_file_is_used_stripped(webapp, tls_files, tmp_path):
    secret = tmp_path / "password.txt"
    secret.write_text(f"{PASSWORD}\n")
    result = api(webapp, tls_files, "get", "--password-file", str(secret), password="")
    assert (result.exit_code, result.stdout) == (0, "8\n"), result.output


# --- bad options: one line, exit 2, nothing sent -----------------------------------------------
@pytest.mark.parametrize("url", [
    "https://exa mple.com", "https://[::1", "https://host:99999", "https://host:0",
    "https://host:+443", "https://host:\u0664\u0664\u0663", "https://", "ftp://host",
    "https://host/?q=1", "https://host/#x", "https://host\n.example.com", " https://host",
    "https://-host.example.com", "https://\uff11\uff12\uff17.0.0.1",
])
def test_a_malformed_url_is_one_line(url):
    result = run("get", "--url", url, env={"WA_API_PASSWORD": PASSWORD})
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"wa-shards: error: url {url!r} is invalid: allowed "
                             "https://host[:port] (a DNS name or an IP address, port 1-65535)\n")


def test_a_url_with_credentials_is_refused_without_echoing_them():
    result = run("get", "--url", "https://admin:hunter2@host", env={"WA_API_PASSWORD": PASSWORD})
    assert result.exit_code == 2
    assert "url 'https://***@host' is invalid" in result.stderr
    assert "hunter2" not in result.output


@pytest.mark.parametrize("option", ["--timeout", "--health-timeout", "--interval"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "1e400", "x", "7200"])
def test_bad_seconds_are_one_line(webapp, tls_files, option, value):
    result = api(webapp, tls_files, *set_args(option, value))
    assert result.exit_code == 2, result.output
    name = option.lstrip("-").replace("-", " ")
    assert result.stderr.startswith(f"wa-shards: error: {name} {value!r} is invalid: allowed ")
    assert result.stderr.endswith(" s\n") and result.stderr.count("\n") == 1
    assert webapp.cluster.seen == []


def test_timeout_has_a_sane_range():
    result = run("get", "--url", "https://host", "--timeout", "601")
    assert result.stderr == "wa-shards: error: timeout '601' is invalid: allowed 1 to 600 s\n"


@pytest.mark.parametrize(("make", "reason"), [
    (lambda d: d / "missing.pem", "no such file"),
    (lambda d: d, "a directory"),
    (lambda d: (d / "garbage.pem", (d / "garbage.pem").write_text("not a certificate"))[0],
     "no PEM certificate in it"),
    (lambda d: (d / "empty.pem", (d / "empty.pem").write_text(""))[0], "no PEM certificate in it"),
])
def test_a_bad_ca_file_is_one_line(tmp_path, make, reason):
    path = str(make(tmp_path))
    result = run("get", "--url", "https://host", "--ca-file", path,
                 env={"WA_API_PASSWORD": PASSWORD})
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"wa-shards: error: ca file {path!r} is invalid ({reason}): allowed "
                             "a PEM file with the CA certificate the Webapp's certificate chains "
                             "to\n")


def test_an_empty_ca_file_path_is_not_the_system_store():
    result = run("get", "--url", "https://host", "--ca-file", "")
    assert result.exit_code == 2
    assert "ca file '' is invalid (no such file)" in result.stderr


# --- plan: values printed into shell commands ---------------------------------------------------
@pytest.mark.parametrize("prefix", ["x;touch pwned", "$(id)", "Wa-Infra", "9Lives", "", "A" * 33,
                                    "W\u0430Infra", "Wa Infra"])
def test_plan_refuses_a_prefix_the_cdk_app_would_refuse(prefix):
    result = run("plan", "--offline", "--from", "8", "--to", "16", "--prefix", prefix)
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"wa-shards: error: prefix {inputs.shown(prefix)} is invalid: "
                             "allowed a letter, then letters and digits, 32 at most\n")


def test_plan_commands_split_back_into_the_values_given():
    url = "https://webapp.example.com:8443/api"
    result = run("plan", "--offline", "--from", "8", "--to", "16", "--prefix", "Acme2",
                 "--url", url, "--env", "staging")
    assert result.exit_code == 0, result.stderr
    commands = [line.split("$ ", 1)[1] for line in result.stdout.splitlines() if "$ " in line]
    words = [shlex.split(command) for command in commands[1:]]  # after the mute
    assert words[0][:3] == ["wa-deploy", "--prefix", "Acme2"]
    assert words[1][words[1].index("--stack-name") + 1] == "Acme2-Enterprise"
    assert words[2][words[2].index("--url") + 1] == url


@pytest.mark.parametrize("url", ["https://x/{0}", "https://x/{shards}", "http://lb", "https://a b"])
def test_plan_refuses_a_url_that_is_not_one(url):
    result = run("plan", "--offline", "--from", "8", "--to", "16", "--url", url)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"wa-shards: error: url {url!r} is invalid")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "Infinity"])
def test_plan_refuses_a_headroom_that_is_not_finite(value):
    result = run("plan", "--offline", "--from", "8", "--to", "16", "--headroom", value)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"wa-shards: error: headroom {value!r} ")
    assert ": allowed " in result.stderr and result.stderr.count("\n") == 1


def test_plan_deploys_with_every_sizing_option_it_was_given():
    """The deploy step sizes what the plan shows: options given to `plan` travel with it, the
    rest stays as the deployment remembers it."""
    result = run("plan", "--offline", "--from", "8", "--to", "16", "--spares", "1", "--env",
                 "staging", "--no-ssl", "--isolate-coreapps", "--headroom", "30", "--message-type",
                 "video")
    assert result.exit_code == 0, result.stderr
    deploy = next(line.split("$ ", 1)[1] for line in result.stdout.splitlines()
                  if "$ wa-deploy" in line)
    assert shlex.split(deploy) == [
        "wa-deploy", "--region", "us-east-1", "-c", "shards=16", "-c", "rate=200", "-c",
        "spares=1", "-c", "env=staging",
        "-c", "ssl=false", "-c", "isolate_coreapps=true", "-c", "headroom=30",
        "-c", "message_type=video"]
    plain = run("plan", "--offline", "--from", "8", "--to", "16")
    assert "$ wa-deploy --region us-east-1 -c shards=16 -c rate=200\n" in plain.stdout


def test_plan_commands_carry_the_region_and_profile_to_paste_as_is(monkeypatch, tmp_path):
    (tmp_path / "config").write_text("[profile ops]\nregion = eu-west-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    result = run("plan", "--offline", "--from", "8", "--to", "16", "--profile", "ops", "--region",
                 "ap-south-1")
    assert result.exit_code == 0, result.stderr
    commands = [line.split("$ ", 1)[1] for line in result.stdout.splitlines() if "$ " in line]
    assert commands[0] == ("ALARMS=$(wa-deploy alarms mute --prefix WaInfra --region "
                           "ap-south-1 --profile ops)")
    assert commands[1] == "wa-deploy --region ap-south-1 --profile ops -c shards=16 -c rate=200"
    assert commands[2].count("--region ap-south-1 --profile ops") == 3  # each aws call
    monkeypatch.setenv("AWS_PROFILE", "ops")  # the profile's region, named by the environment
    result = run("plan", "--offline", "--from", "8", "--to", "16")
    assert "$ wa-deploy --region eu-west-1 --profile ops -c shards=16" in result.stdout
    monkeypatch.setenv("AWS_PROFILE", "nosuch")
    result = run("plan", "--offline", "--from", "8", "--to", "16")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("wa-shards: error: profile 'nosuch' (from $AWS_PROFILE) is not in "
                             "the AWS config: allowed a profile that `aws configure "
                             "list-profiles` lists\n")
