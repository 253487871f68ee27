"""wa-shards plan against a deployment (moto): the shard change planned with the inputs the
deployment remembers, only the shards changing; the refusals; and --offline, which reads
nothing from AWS."""

import json
import shlex
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli.aws_options import AwsTarget
from cli.shards import main as wa_shards
from cli.size import main as wa_size
from tests.cli.test_wa_upgrade import (  # noqa: F401 (_botocore_read_once: a fixture)
    BusyStacks,
    _botocore_read_once,
    deployed,
)

URL = "https://wa-lb-1.elb.us-east-1.amazonaws.com"  # the stand-in stack's ApiEndpoint


def plan(*args):
    return CliRunner().invoke(wa_shards, ["plan", *args], prog_name="wa-shards")


def commands(output: str) -> list[str]:
    """The numbered steps' commands (step 0, the check before, left out)."""
    steps = output[output.index("\n1. "):]
    return [line.split("$ ", 1)[1] for line in steps.splitlines() if "$ " in line]


def db_class(*args) -> str:
    result = CliRunner().invoke(wa_size, [*args, "--json"], prog_name="wa-size")
    return json.loads(result.stdout)["database"]["db_class"]


def test_8_to_16_keeps_the_remembered_rate_and_db_class(cloud):
    """The issue's acceptance: rate 250 and the DB class wa-size gives for 250 msg/s, postgres
    and 16 shards (the same as at 8 shards: no class change, no maintenance)."""
    deployed(context={"rate": "250", "engine": "postgres"})
    before = db_class("--rate", "250", "--engine", "postgres", "--shards", "8")
    after = db_class("--rate", "250", "--engine", "postgres", "--shards", "16")
    assert before == after
    result = plan("--to", "16")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(
        "Deployment WaInfra in us-east-1, as its last deploy remembers it: 8 shards, 250 msg/s, "
        f"engine postgres, DB class {before}\n"
        "Inputs changed besides the shards: none\nShards 8 -> 16 (increase)")
    lines = commands(out)
    assert lines[1] == "wa-deploy --prefix WaInfra --region us-east-1 -c shards=16"  # no rate
    assert "DB class" not in out.split("Also changes: ", 1)[1]
    doc = json.loads(plan("--to", "16", "--json").stdout)
    assert [c.split()[0] for c in doc["check_first"]] == ["export", "wa-shards"]  # scripts too
    assert doc["deployment"] == {"prefix": "WaInfra", "region": "us-east-1", "profile": None,
                                 "inputs_changed": []}
    assert (doc["from_shards"], doc["to_shards"]) == (8, 16)
    assert "MAINTENANCE" not in out
    # the Webapp's URL is the deployment's, in the check and in the set step
    assert ("   $ export WA_API_KEY=\"$(aws secretsmanager get-secret-value --secret-id "
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:WebApiKey-Xy9 --region "
            "us-east-1 --query SecretString --output text)\"\n"
            f"   $ wa-shards health --url {URL} --expect 8\n") in out  # the key: no user
    assert f"wa-shards set 16 --url {URL} " in lines[3]


def test_the_remembered_rate_spares_a_db_class_change_nobody_asked_for(cloud):
    """Offline, 8 -> 16 without --rate sizes for what 16 shards carry (200 msg/s) and moves
    the DB to a larger class; read from a 100 msg/s deployment it keeps 100 msg/s."""
    deployed()  # rate 100, mysql
    guessed = plan("--offline", "--from", "8", "--to", "16")
    assert "MAINTENANCE: DB class" in guessed.stdout
    result = plan("--from", "8", "--to", "16")
    assert result.exit_code == 0, result.output
    assert "MAINTENANCE" not in result.stdout and "DB class:" not in result.stdout
    assert f"DB class {db_class('--rate', '100', '--shards', '16')}" in result.stdout


def test_a_sizing_option_given_is_named_and_deployed_as_a_change(cloud):
    deployed(context={"rate": "250", "engine": "postgres"})
    result = plan("--to", "16", "--rate", "300", "--engine", "postgres", "--spares", "2")
    assert result.exit_code == 0, result.output
    assert "Inputs changed besides the shards: rate: 250 -> 300; spares: 1 -> 2\n" in (
        result.stdout)
    assert commands(result.stdout)[1] == ("wa-deploy --prefix WaInfra --region us-east-1 "
                                          "-c shards=16 -c rate=300 -c spares=2")
    assert "250 msg/s" in result.stdout.splitlines()[0]  # "before" is what runs now


def test_every_command_carries_the_deployment_s_prefix_region_and_profile(
        cloud, monkeypatch, tmp_path):
    (tmp_path / "config").write_text("[profile ops]\nregion = eu-west-1\n")
    (tmp_path / "credentials").write_text(
        "[ops]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    deployed(prefix="Blue2", region="eu-west-1")
    result = plan("--to", "4", "--from", "8", "--prefix", "Blue2", "--profile", "ops")
    assert result.exit_code == 0, result.output
    lines = commands(result.stdout)
    assert lines[0] == ("ALARMS=$(wa-deploy alarms mute --prefix Blue2 --region eu-west-1 "
                        "--profile ops)")
    assert lines[2] == "wa-deploy --prefix Blue2 --region eu-west-1 --profile ops -c shards=4"
    wait = shlex.split(lines[3])
    assert wait.count("--region") == wait.count("--profile") == 3
    assert "--stack-name Blue2-Enterprise --region eu-west-1 --profile ops" in lines[3]
    assert lines[4].endswith("; wa-deploy alarms restore --prefix Blue2 --region eu-west-1 "
                             "--profile ops $ALARMS")


def test_from_other_than_the_deployed_shards_is_refused(cloud):
    deployed()
    result = plan("--from", "16", "--to", "32")
    assert result.exit_code == 2
    assert result.stderr == ("wa-shards: error: --from 16, but WaInfra in us-east-1 was deployed "
                             "with 8 shards: leave --from out, or plan without the deployment "
                             "with --offline\n")
    assert result.stdout == ""


def test_no_deployment_under_the_prefix_is_bad_input(cloud):
    deployed(region="eu-west-1")
    result = plan("--to", "16")
    assert result.exit_code == 2
    assert result.stderr == ("wa-shards: error: no stack of WaInfra in us-east-1: name the "
                             "deployment's --prefix and --region, or plan without a deployment "
                             "with --offline\n")
    assert plan("--to", "16", "--region", "eu-west-1").exit_code == 0


def test_a_deployment_that_remembers_no_inputs_is_bad_input(cloud):
    deployed(context=False)
    result = plan("--to", "16")
    assert result.exit_code == 2
    assert result.stderr.startswith("wa-shards: error: WaInfra-Enterprise in us-east-1 "
                                    "remembers no inputs")
    assert result.stderr.endswith("plan with --offline and the sizing options it was "
                                  "deployed with\n")


def test_unreachable_aws_is_one_line_and_exit_1(monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    import boto3

    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    result = plan("--to", "16")
    assert result.exit_code == 1
    assert result.stderr == ("wa-shards: error: cannot read the stacks of WaInfra in us-east-1: "
                             "Unable to locate credentials\n")


@pytest.mark.parametrize("status", ["UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_FAILED"])
def test_a_stack_busy_or_failed_is_not_planned(cloud, monkeypatch, status):
    deployed()
    real = AwsTarget.client
    monkeypatch.setattr(AwsTarget, "client", lambda *a: BusyStacks(real(*a), status))
    result = plan("--to", "16")
    assert result.exit_code == 1
    assert result.stderr == (f"wa-shards: error: WaInfra-Enterprise in us-east-1 is {status}: "
                             "plan the shard change once it is complete\n")


def test_offline_creates_no_aws_client(monkeypatch):
    def refused(*args):
        raise AssertionError("an AWS client with --offline")

    monkeypatch.setattr(AwsTarget, "client", refused)
    monkeypatch.setattr(AwsTarget, "session", refused)
    result = plan("--offline", "--from", "8", "--to", "16", "--rate", "100")
    assert result.exit_code == 0, result.output


def test_offline_does_not_even_import_boto3():
    script = ("import sys\nfrom cli.shards import main\n"
              "try:\n    main(['plan', '--offline', '--from', '8', '--to', '16'])\n"
              "except SystemExit as done:\n    assert done.code in (0, None), done.code\n"
              "loaded = sorted(m for m in ('boto3', 'botocore') if m in sys.modules)\n"
              "assert not loaded, loaded\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={"AWS_CONFIG_FILE": "/nonexistent", "PATH": "/usr/bin:/bin"},
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "4. Set shards to 16" in done.stdout
