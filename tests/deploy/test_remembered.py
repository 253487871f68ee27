"""Issue 25, class 5: the remembered inputs (the Enterprise stack's DeploymentContext output)
are data, read defensively. An output that is not a JSON object of inputs, or of a later
format, is one line naming the stack output (exit 1: the deployment, not the command line,
is wrong), never a traceback; a remembered key this version does not know is reported with
the wa-infra that wrote it and can be dropped with --unset; a bad remembered value is
reported as the remembered one (exit 2, with the -c or --unset that mends it)."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from click.testing import CliRunner

from cdk import context
from cli.aws_options import AwsTarget
from cli.deploy import main as wa_deploy
from cli.shards import main as wa_shards
from cli.upgrade import main as wa_upgrade
from deploy import inputs, run
from tests.support.no_aws import forbid_aws

STACK = "WaInfra-Enterprise"
WRITER = run.writer()
PLAN, DEPLOYMENT = context.read({"region": "us-east-1"}.get)
INPUTS = inputs.effective(PLAN, DEPLOYMENT)  # a deployment's remembered inputs


def written(extra: dict | None = None, drop: tuple[str, ...] = (), **meta) -> str:
    found = {k: v for k, v in INPUTS.items() if k not in drop}
    return json.dumps({**found, **(extra or {}), **meta})


# --- the output, read --------------------------------------------------------------------
UNREADABLE = [  # (the output's value, what the line says after "its DeploymentContext output")
    ("{not json", "is not JSON (Expecting property name enclosed in double quotes: line 1 "
     "column 2 (char 1))"),
    ("", "is not JSON (Expecting value: line 1 column 1 (char 0))"),
    ('{"shards": "8"', "is not JSON (Expecting ',' delimiter"),
    ("[" * 100_000, "is not JSON"),  # nested past what the parser takes: no RecursionError
    ('["shards=8"]', "is a list, not an object of inputs ({\"key\": \"value\", ...})"),
    ("8", "is a number, not an object of inputs"),
    ("1e999", "is a number, not an object of inputs"),
    ('"shards=8"', "is text, not an object of inputs"),
    ("null", "is null, not an object of inputs"),
    ("true", "is true or false, not an object of inputs"),
    (None, "is null, not an object of inputs"),  # an output without a value
    ('{"_format": "2", "_written_by": "wa-infra 9.0.0", "shards": "8"}',
     f"is in format 2 (written by wa-infra 9.0.0); {WRITER} reads format 1 at most: deploy "
     "with that version or later"),
    ('{"_format": "x", "shards": "8"}', "has _format 'x', not a format number (written by an "
     "unknown tool)"),
    ('{"_format": -1}', "has _format -1, not a format number"),
    ('{"_format": true}', "has _format True, not a format number"),
    ('{"_format": "١"}', "has _format '١', not a format number"),
]


@pytest.mark.parametrize(("value", "reason"), UNREADABLE)
def test_an_output_that_is_not_remembered_inputs_is_one_line(value, reason):
    with pytest.raises(run.RememberedUnreadable) as caught:
        run.parse_remembered(value, STACK)
    assert caught.value.reason.startswith(reason), caught.value.reason
    assert str(caught.value).startswith(f"{STACK}: its DeploymentContext output {reason}")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("value", "inputs_read", "writer"), [
    ('{"shards": "8"}', {"shards": "8"}, None),  # format 0: before the format was recorded
    ("{}", {}, None),
    ('{"_format": "1", "_written_by": "wa-infra 0.1.0", "rate": "100"}', {"rate": "100"},
     "wa-infra 0.1.0"),
    ('{"_format": 0, "rate": "100"}', {"rate": "100"}, None),
    ('{"_written_by": "wa-infra\\n 0.2.0", "rate": 100}', {"rate": 100}, "wa-infra 0.2.0"),
])
def test_an_output_of_this_format_or_an_earlier_one_is_read(value, inputs_read, writer):
    found = run.parse_remembered(value, STACK)
    assert dict(found) == inputs_read and found.written_by == writer and found.stack == STACK


def test_what_a_deploy_writes_reads_back_with_its_writer():
    text = run.remembered_text(INPUTS)
    found = run.parse_remembered(text, STACK)
    assert dict(found) == INPUTS and found.written_by == WRITER
    assert json.loads(text)["_format"] == str(run.FORMAT)


def test_the_cdk_app_writes_the_format_and_its_writer(synths):
    default = synths["Default"]
    outputs = default["enterprise"].to_json()["Outputs"]
    found = run.parse_remembered(outputs[run.OUTPUT]["Value"], STACK)
    assert found.written_by == WRITER and "wa-infra 0." in WRITER
    assert dict(found) == inputs.effective(default.plan, default.deployment)


# --- wa-deploy, wa-shards and wa-upgrade on such a deployment -----------------------------
class Stacks:
    """CloudFormation as the commands read it: the four stacks, the last one's output."""

    def __init__(self, value: str | None) -> None:
        self.value = value

    def describe_stacks(self, StackName):  # noqa: N803 - boto3's spelling
        if not StackName.startswith("WaInfra-"):
            raise ClientError({"Error": {"Code": "ValidationError", "Message":
                                         f"Stack with id {StackName} does not exist"}},
                              "DescribeStacks")
        stack = {"StackName": StackName, "StackStatus": "UPDATE_COMPLETE", "Outputs": [],
                 "StackId": f"arn:aws:cloudformation:us-east-1:123456789012:stack/{StackName}/1"}
        if StackName == STACK:
            stack["Outputs"] = [{"OutputKey": run.OUTPUT, "OutputValue": self.value}]
        return {"Stacks": [stack]}


@pytest.fixture
def deployed(monkeypatch, tmp_path):
    """A deployment whose output the test sets; the synth and the analysis are stand-ins
    (what wa-deploy would synthesize is recorded), HOME is the test's own."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    for name in ("AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    stacks = Stacks(written())
    seen: dict = {}
    monkeypatch.setattr(AwsTarget, "client", lambda self, service: stacks)
    monkeypatch.setattr(run, "synthesize", lambda context, outdir, env=None, cdk_args=(): (
        seen.update(context=context) or []))
    monkeypatch.setattr(run, "analyse", lambda cf, outdir, deployed: [])
    stacks.seen = seen
    return stacks


def deploy(*args):
    return CliRunner().invoke(wa_deploy, [*args, "--dry-run"], prog_name="wa-deploy")


@pytest.mark.parametrize(("value", "reason"), UNREADABLE)
def test_wa_deploy_says_what_is_wrong_with_the_output_in_one_line(deployed, value, reason):
    deployed.value = value
    result = deploy("-c", "shards=16")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"wa-deploy: error: {STACK} in us-east-1: its "
                                    f"DeploymentContext output {reason}"), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


@pytest.mark.parametrize("command", ["wa-shards", "wa-upgrade"])
@pytest.mark.parametrize(("value", "reason"), UNREADABLE[:1] + UNREADABLE[4:7] + UNREADABLE[11:12])
def test_the_planning_commands_say_it_the_same_way(deployed, command, value, reason):
    deployed.value = value
    main, args = {"wa-shards": (wa_shards, ["plan", "--to", "16"]),
                  "wa-upgrade": (wa_upgrade, ["plan", "--to", "v2.60.0"])}[command]
    result = CliRunner().invoke(main, args, prog_name=command)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"{command}: error: {STACK} in us-east-1: its "
                                    f"DeploymentContext output {reason}"), result.stderr
    assert result.stderr.count("\n") == 1


NOT_RECORDED = "a wa-infra that did not record its version"
# the outputs of an upgraded image and of grown storage, which later deploys cannot undo
UPGRADED = written({"image_tag": "v2.60.0"})
GROWN = written({"db_storage_gib": "500"})
REMEMBERED_REFUSED = [  # (the output, the command line, the line after "error: ")
    (written({"future_key": "x"}, _format="1", _written_by="wa-infra 9.0.0"), [],
     f"the remembered input 'future_key' ('x') is unknown to {WRITER}: {STACK} in us-east-1, "
     "its DeploymentContext output written by wa-infra 9.0.0 holds it: deploy with wa-infra "
     "9.0.0 or later, or add --unset future_key to drop it"),
    (written({"future_key": ["a"]}), ["-c", "shards=16"],
     f"the remembered input 'future_key' ([\"a\"]) is unknown to {WRITER}: {STACK} in "
     f"us-east-1, its DeploymentContext output written by {NOT_RECORDED} holds it: deploy "
     "with the wa-infra that deployed it, or add --unset future_key to drop it"),
    (written({"b_key": "1", "a_key": "2"}), ["--unset", "b_key"],
     f"the remembered input 'a_key' ('2') is unknown to {WRITER}"),
    (written({"shards": 8}), [],
     f"the remembered shards 8 is not text ({STACK} in us-east-1, its DeploymentContext output "
     f"written by {NOT_RECORDED}): give -c shards=VALUE or --unset shards"),
    (written({"ssl": None}), [], "the remembered ssl null is not text"),
    (written({"api_cidrs": {"a": 1}}), [], "the remembered api_cidrs {\"a\": 1} is not text"),
    (written({"shards": "3"}, _written_by="wa-infra 0.0.9"), [],
     f"the remembered shards is refused ({STACK} in us-east-1, its DeploymentContext output "
     "written by wa-infra 0.0.9): shards 3 is not an option: allowed 1, 2, 4, 8, 16, 32; give "
     "-c shards=VALUE or --unset shards"),
    (written({"api_cidrs": "10.0.0.0/8"}), [],
     "the remembered api_cidrs is refused ("),
    (written({"db_backup_days": "3"}), ["-c", "shards=16"],
     "the remembered db_backup_days is refused ("),
    # what a deploy cannot take back: an older image over an upgraded database, less storage
    (UPGRADED, ["-c", "image_tag=v2.50.0"],
     "image_tag v2.50.0 is older than the deployed v2.60.0"),
    (UPGRADED, ["--unset", "image_tag"],
     "image_tag v2.53.0 is older than the deployed v2.60.0"),
    (UPGRADED, ["-c", "image_tag=v2.50.0", "--allow-downgrade",
                "-c", "db_storage_gib=50"],
     "db_storage_gib 50 is less than the deployed 100"),  # past the tag: the storage
    (UPGRADED, ["-c", "image_tag=latest"],
     "image_tag 'latest' is not a version (vX.Y.Z) and the deployed v2.60.0 is"),
    (UPGRADED, ["-c", "image_tag=v2.60.0-hotfix1"],
     "image_tag 'v2.60.0-hotfix1' is not a version"),
    (GROWN, ["-c", "db_storage_gib=100"],
     "db_storage_gib 100 is less than the deployed 500: RDS never shrinks allocated storage"),
    (written({"db_storage_gib": "500", "db_host": "db.example.com"}),
     ["--unset", "db_host", "--unset", "db_secret_arn", "-c", "db_storage_gib=100",
      "-c", "shards=3"],
     "shards 3 is not an option"),  # past the storage: the old size was no database of ours
    (GROWN, ["--unset", "db_storage_gib"],
     "db_storage_gib 100 is less than the deployed 500"),
    (written(), ["--unset", "nosuch"],
     f"--unset 'nosuch' is neither an input of this wa-infra nor in what {STACK} in us-east-1, "
     f"its DeploymentContext output written by {NOT_RECORDED} remembers"),
]


@pytest.mark.parametrize(("value", "args", "line"), REMEMBERED_REFUSED)
def test_wa_deploy_names_a_bad_remembered_input_as_the_remembered_one(deployed, value, args,
                                                                      line):
    deployed.value = value
    result = deploy(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"wa-deploy: error: {line}"), result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(("value", "args", "dropped"), [
    (written({"future_key": "x"}, _written_by="wa-infra 9.0.0"), ["--unset", "future_key"],
     "future_key: x -> (unset)"),
    (written({"b_key": "1", "a_key": [2]}), ["--unset", "b_key", "--unset", "a_key"],
     "a_key: [2] -> (unset); b_key: 1 -> (unset)"),
    (written({"shards": 8}), ["-c", "shards=16"], "shards: 8 -> 16"),
    (written({"shards": "3"}), ["--unset", "shards"], None),
    (written({"shards": "3"}), ["-c", "shards=8"], None),
])
def test_the_way_out_it_names_works(deployed, value, args, dropped):
    deployed.value = value
    result = deploy(*args)
    assert result.exit_code == 0, result.output
    assert "dry run: nothing changed" in result.stderr
    context = deployed.seen["context"]
    assert not {"future_key", "a_key", "b_key"} & set(context)
    if dropped:
        assert dropped in result.stderr, result.stderr


def test_an_unknown_unset_on_a_new_deployment_is_refused(deployed, monkeypatch):
    deployed.describe_stacks = lambda StackName: (_ for _ in ()).throw(ClientError(  # noqa: N803
        {"Error": {"Code": "ValidationError", "Message": f"Stack with id {StackName} does "
                   "not exist"}}, "DescribeStacks"))
    result = deploy("--new", "--unset", "nosuch")
    assert result.exit_code == 2
    assert result.stderr.startswith("wa-deploy: error: --unset 'nosuch' is neither an input "
                                    "of this wa-infra nor in WaInfra in us-east-1, which "
                                    "remembers no inputs"), result.stderr


# --- values wrong whatever is deployed: exit 2 before any AWS call ------------------------
ALONE = [  # (-c value, the line's start): keys judged with others, wrong on their own
    ("api_cidrs=999.1.1.1/8", "api_cidrs '999.1.1.1/8' is not an IPv4 CIDR"),
    ("api_cidrs=10.0.0.0/8", "api_cidrs '10.0.0.0/8' is not a public range"),
    ("db_port=0", "db_port 0 is out of range: allowed 1 to 65535"),
    ("db_port=99999", "db_port 99999 is out of range"),
    ("vpc_cidr=10.0.0.0/40", "vpc_cidr '10.0.0.0/40' is not an IPv4 CIDR"),
    ("vpc_cidr=10.0.0.0/8", "vpc_cidr '10.0.0.0/8' is out of range: allowed /16 to /28"),
    ("db_iops=abc", "db_iops 'abc' is not a whole number"),
    ("db_iops=999999", "db_iops 999999 is out of range"),
    ("az_count=9", "az_count 9 is out of range: allowed 2 to 4"),
    ("allow_world_api=maybe", "allow_world_api 'maybe' is not a switch"),
    ("db_ca_url=http://x", "db_ca_url 'http://x' is invalid"),
    ("vpc_azs=x", "vpc_azs 'x' is invalid: allowed 2 to 4 AZ names"),
    ("vpc_azs=eu-west-1a,eu-west-1b", "vpc_azs 'eu-west-1a' is invalid: allowed AZ names of "
     "region us-east-1"),
    ("public_subnet_ids=subnet-1,subnet-2", "public_subnet_ids 'subnet-1' is invalid"),
    ("private_subnet_ids=subnet-0a0a0a0a,subnet-0a0a0a0a", "private_subnet_ids lists "
     "'subnet-0a0a0a0a' twice"),
    ("db_storage_type=st1", "db_storage_type 'st1' is unknown"),
    ("db_secret_arn=arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf",
     "db_secret_arn 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf' is in aws "
     "eu-west-1: allowed an ARN of region us-east-1"),
    ("vpc_id=vpc-1", "vpc_id 'vpc-1' is invalid"),
]


@pytest.mark.parametrize(("value", "line"), ALONE)
def test_a_value_wrong_whatever_is_deployed_is_refused_before_aws(monkeypatch, tmp_path,
                                                                    value, line):
    monkeypatch.setenv("HOME", str(tmp_path))
    forbid_aws(monkeypatch, "the value was checked")
    result = CliRunner().invoke(wa_deploy, ["-c", value, "--dry-run"], prog_name="wa-deploy")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"wa-deploy: error: {line}"), result.stderr


@pytest.mark.parametrize("value", ["db_port=3306", "api_cidrs=0.0.0.0/0", "vpc_cidr=10.9.0.0/16",
                                   "vpc_azs=us-east-1a,us-east-1b", "db_iops=12000",
                                   "db_storage_type=io2", "allow_world_api=true"])
def test_a_value_right_on_its_own_waits_for_the_deployment(value):
    key, _, text = value.partition("=")
    context.check_alone(key, text, "us-east-1")
