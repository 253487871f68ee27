"""Issue 25, class 3: no input nobody typed. A key of ours in cdk.context.json or ~/.cdk.json
(which the CDK CLI reads for every key not given with -c), a value of cdk.json that JSON turns
into null or infinity, and a -c that is not key=value are refused by the CDK app, wa-deploy
and the rehearsal alike: one line naming the file, the key and the line to remove, exit 2,
before any AWS call. HOME is a folder of the test's own: the machine's ~ is never read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cdk import app as cdk_app
from cdk import context
from cli.aws_options import AwsTarget
from cli.deploy import _project_context
from cli.deploy import main as wa_deploy
from deploy import cdk_cli
from sizing import SizingError
from tests.support import rehearsal
from tests.support.no_aws import forbid_aws

ROOT = Path(__file__).resolve().parents[2]
OURS_IN_FILES = [  # (file, its text, what the line says) -> refused
    ("cdk.context.json", '{\n  "api_cidrs": "203.0.113.0/24"\n}\n',
     "cdk.context.json sets the context key 'api_cidrs', an input the CDK CLI would hand to "
     "the app unseen: remove line 2 (\"api_cidrs\": \"203.0.113.0/24\"); give inputs with -c "
     "or in cdk.json"),
    (".cdk.json", '{\n  "context": {\n    "ssl": false\n  }\n}\n',
     "~/.cdk.json ({home}/.cdk.json) sets the context key 'ssl', an input the CDK CLI would "
     "hand to the app unseen: remove line 3 (\"ssl\": false); give inputs with -c or in "
     "cdk.json"),
    (".cdk.json", '{"profile": "p", "context": {"prefix": "Other", "shards": 16}}',
     "~/.cdk.json ({home}/.cdk.json) sets the context key 'prefix', an input the CDK CLI would "
     "hand to the app unseen: remove 'prefix' from line 1 ({\"profile\": \"p\", \"context\": "
     "{\"prefix\": \"Other\", \"shards\": 16}}), then 'shards' too"),
    ("cdk.context.json", '{\n  "availability-zones:account=1:region=us-east-1": ["a"],\n'
     '  "rate": 250,\n  "env": "staging"\n}',
     "cdk.context.json sets the context key 'rate', an input the CDK CLI would hand to the app "
     "unseen: remove line 3 (\"rate\": 250,), then 'env' too"),
    ("cdk.context.json", '{"shards": ', "cdk.context.json cannot be read as JSON ("),
    (".cdk.json", "\x00\xff", "~/.cdk.json ({home}/.cdk.json) cannot be read as JSON ("),
]
NOT_OURS = [  # (file, its text): nothing of ours, nothing refused
    ("cdk.context.json", '{"availability-zones:account=1:region=us-east-1": ["us-east-1a"], '
     '"acknowledged-issue-numbers": [32775]}'),
    (".cdk.json", '{"ssl": false, "profile": "p"}'),  # not under "context": not context
    (".cdk.json", '{"context": {"@aws-cdk/core:newStyleStackSynthesis": true}}'),
    (".cdk.json", '{"context": ["ssl"]}'),
    ("cdk.context.json", "[]"),
]


@pytest.fixture
def place(tmp_path, monkeypatch):
    """A project folder (a copy of cdk.json) and a home folder of the test's own; wa-deploy
    runs the CDK CLI from the project folder."""
    project, home = tmp_path / "project", tmp_path / "home"
    project.mkdir()
    home.mkdir()
    shutil.copy(ROOT / "cdk.json", project / "cdk.json")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(cdk_cli, "ROOT", project)
    return project, home


def _write(place, name: str, text: str) -> None:
    project, home = place
    (home if name == ".cdk.json" else project).joinpath(name).write_text(
        text, encoding="utf-8", errors="surrogateescape")


@pytest.mark.parametrize(("name", "text", "line"), OURS_IN_FILES)
def test_a_key_of_ours_in_a_context_file_is_refused(place, name, text, line):
    project, home = place
    _write(place, name, text)
    with pytest.raises(SizingError) as refused:
        context.refuse_context_files(project, home)
    message = str(refused.value)
    assert message.startswith(line.replace("{home}", str(home))), message
    assert "\n" not in message


@pytest.mark.parametrize(("name", "text"), NOT_OURS)
def test_a_context_file_without_a_key_of_ours_passes(place, name, text):
    _write(place, name, text)
    context.refuse_context_files(*place)


def test_a_context_file_that_is_a_folder_is_not_read(place):
    project, home = place
    (home / ".cdk.json").mkdir()
    (project / "cdk.context.json").mkdir()
    context.refuse_context_files(project, home)


# --- cdk.json values JSON cannot carry -----------------------------------------------------
UNFIT = [  # (the key's JSON text in cdk.json, the line's start)
    ('"rate": 1e999', "cdk.json sets the context key 'rate' to 1e999 (line {n}): a number beyond "
     "what JSON holds, which the CDK CLI hands to the app as null (the default): allowed 0 < "
     "rate <= 400 msg/s, or leave the key out for its default"),
    ('"rate": -1e999', "cdk.json sets the context key 'rate' to -1e999 (line {n}): a number "
     "beyond what JSON holds"),
    ('"shards": null', "cdk.json sets the context key 'shards' to null (line {n}): JSON null "
     "reaches the app as no value at all (the default): allowed 1, 2, 4, 8, 16, 32"),
    ('"ssl": null', "cdk.json sets the context key 'ssl' to null (line {n})"),
    ('"db_storage_gib": 1E400', "cdk.json sets the context key 'db_storage_gib' to 1E400"),
]


def _cdk_json_with(project: Path, entry: str) -> int:
    """cdk.json with `entry` first in its context; returns the entry's line number."""
    text = (ROOT / "cdk.json").read_text()
    marker = '  "context": {\n'
    assert text.count(marker) == 1
    (project / "cdk.json").write_text(text.replace(marker, marker + f"    {entry},\n"))
    return text[:text.index(marker)].count("\n") + 2


@pytest.mark.parametrize(("entry", "line"), UNFIT)
def test_a_value_json_turns_into_null_is_refused(place, entry, line):
    project, _ = place
    n = _cdk_json_with(project, entry)
    with pytest.raises(SizingError) as refused:
        context.project_context(project / "cdk.json")
    assert str(refused.value).startswith(line.replace("{n}", str(n))), str(refused.value)
    with pytest.raises(SizingError):  # wa-deploy's reading of it too
        _project_context()


@pytest.mark.parametrize(("entry", "wanted"), [
    ('"rate": 1e308', ("rate", "1e+308")), ('"ssl": false', ("ssl", "false")),
    ('"api_cidrs": ["203.0.113.0/24", "198.51.100.0/24"]',
     ("api_cidrs", "203.0.113.0/24,198.51.100.0/24")),
    ('"shards": 16', ("shards", "16")), ('"receipts": 1.5', ("receipts", "1.5")),
])
def test_wa_deploy_reads_cdk_json_values_as_their_text(place, entry, wanted):
    project, _ = place
    _cdk_json_with(project, entry)
    assert _project_context()[wanted[0]] == wanted[1]


@pytest.mark.parametrize(("entry", "message"), [
    ('"shards": {"value": 16}', "cdk.json: context key 'shards' is an object ({'value': 16})"),
    ('"api_cidrs": [1, 2]', "cdk.json: context key 'api_cidrs' is a list ([1, 2])"),
    ('"rate": true', "cdk.json: context key 'rate' is a switch (True)"),
])
def test_wa_deploy_refuses_a_cdk_json_value_of_the_wrong_kind(place, entry, message):
    project, _ = place
    _cdk_json_with(project, entry)
    with pytest.raises(SizingError) as refused:
        _project_context()
    assert str(refused.value).startswith(message), str(refused.value)


@pytest.mark.parametrize(("handed", "nulls"), [
    ({"rate": None, "shards": 16}, ["rate"]),
    ({"rate": 100, "foo": None, "@aws-cdk/x": None}, []),
    ({"ssl": None, "env": None}, ["env", "ssl"]),
])
def test_what_the_cdk_cli_handed_over_as_null_is_found(tmp_path, handed, nulls):
    assert context.handed_over_nulls({"CDK_CONTEXT_JSON": json.dumps(handed)}) == nulls
    overflow = tmp_path / "overflow.json"  # the CLI's file for context too big for the env
    overflow.write_text(json.dumps(handed))
    assert context.handed_over_nulls({"CDK_CONTEXT_JSON": "{}", "CONTEXT_OVERFLOW_LOCATION_ENV":
                                      str(overflow)}) == nulls
    assert context.handed_over_nulls({"CDK_CONTEXT_JSON": "{not json"}) == []


# --- the CDK app, wa-deploy and the rehearsal refuse them ----------------------------------
@pytest.fixture
def no_aws(monkeypatch):
    forbid_aws(monkeypatch, "the inputs were checked")


CASES = {  # name -> (file, text or cdk.json entry, the line's start)
    "api_cidrs in cdk.context.json": ("cdk.context.json", '{\n  "api_cidrs": "203.0.113.0/24"'
                                      '\n}', "cdk.context.json sets the context key 'api_cidrs'"),
    "ssl in ~/.cdk.json": (".cdk.json", '{\n  "context": {\n    "ssl": false\n  }\n}',
                           "~/.cdk.json ({home}/.cdk.json) sets the context key 'ssl'"),
    "rate 1e999 in cdk.json": ("cdk.json", '"rate": 1e999',
                               "cdk.json sets the context key 'rate' to 1e999 (line {n})"),
}


def _set_up(place, case: str) -> str:
    name, text, line = CASES[case]
    n = _cdk_json_with(place[0], text) if name == "cdk.json" else _write(place, name, text)
    return line.replace("{home}", str(place[1])).replace("{n}", str(n))


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("args", [["--new", "--dry-run"], ["-c", "shards=16", "--yes"]])
def test_wa_deploy_refuses_them_before_any_aws_call(place, no_aws, case, args):
    line = _set_up(place, case)
    result = CliRunner().invoke(wa_deploy, args, prog_name="wa-deploy")
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"wa-deploy: error: {line}"), result.stderr


@pytest.mark.parametrize("case", CASES)
def test_the_cdk_app_refuses_them(place, case, monkeypatch, capsys):
    line = _set_up(place, case)
    monkeypatch.chdir(place[0])  # where the CDK CLI runs it
    monkeypatch.setattr(cdk_app, "new_app", lambda: cdk_app.cdk.App(
        context=dict(cdk_app.FEATURE_FLAGS), outdir=str(place[0] / "out")))
    with pytest.raises(SystemExit) as done:
        cdk_app.main()
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"wa-infra: error: {line}"), err


def test_the_cdk_app_refuses_a_null_the_cli_handed_over(place, monkeypatch):
    monkeypatch.setenv("CDK_CONTEXT_JSON", json.dumps({"rate": None}))
    with pytest.raises(SizingError, match=r"^context key 'rate' is null \(JSON null, or a "
                       r"number beyond what JSON holds such as 1e999\): allowed 0 < rate"):
        cdk_app.refuse_hidden_inputs(place[0], place[1], os.environ)


def test_a_plain_cdk_synth_refuses_ssl_false_in_the_users_cdk_json(tmp_path):
    """The issue's case: `npx cdk synth` with {"ssl": false} in ~/.cdk.json used to turn TLS
    to the database off. The app (cdk.json's command, as the CDK CLI runs it, with the CLI's
    merged context: ~/.cdk.json's key among it) stops before it builds anything. (The CLI
    itself is left out: 8 s of Node start for the same refusal.)"""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".cdk.json").write_text('{\n  "context": {\n    "ssl": false\n  }\n}\n')
    command = json.loads((ROOT / "cdk.json").read_text())["app"].split()
    env = {**os.environ, "HOME": str(home), "CDK_OUTDIR": str(tmp_path / "out"),
           "CDK_CONTEXT_JSON": json.dumps({"ssl": False}),
           "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode != 0
    ours = [line for line in (done.stdout + done.stderr).splitlines()
            if line.startswith("wa-infra")]
    assert ours == [f"wa-infra: error: ~/.cdk.json ({home}/.cdk.json) sets the context key "
                    "'ssl', an input the CDK CLI would hand to the app unseen: remove line 3 "
                    "(\"ssl\": false); give inputs with -c or in cdk.json"], done.stderr
    assert not (tmp_path / "out" / "manifest.json").exists()


# --- one set of -c rules: wa-deploy and the rehearsal ---------------------------------------
C_RULES = [  # (the -c values, the line's start after "error: ")
    (["shards:16"], "-c 'shards:16' is not key=value (a colon where = belongs): allowed e.g. "
     "-c shards=16"),
    (["shards"], "-c 'shards' is not key=value: allowed e.g. -c shards=16"),
    (["=16"], "-c '=16' is not key=value"),
    (["shards=8", "shards=16"], "-c shards is given twice ('8' and '16'): allowed once"),
    (["shards=8", " shards =8"], "-c shards is given twice"),
    (["nosuch=1"], "context key 'nosuch' is unknown"),
    (["Shards=16"], "context key 'Shards' is unknown"),
    (["shards=3"], "shards 3 is not an option"),
    (["rate=1e999"], "rate 1e999 msg/s is out of range"),
    (["prefix=Other"], "-c prefix is not an input of a deployment"),
]


@pytest.mark.parametrize(("values", "line"), C_RULES)
def test_wa_deploy_and_the_rehearsal_apply_the_same_c_rules(place, no_aws, monkeypatch,
                                                            values, line):
    monkeypatch.setattr(rehearsal, "running", lambda: pytest.fail("the endpoint started"))
    args = [arg for value in values for arg in ("-c", value)]
    for command, name in ((wa_deploy, "wa-deploy"), (rehearsal.main, "rehearsal")):
        result = CliRunner().invoke(command, [*args, "--yes"] if name == "wa-deploy" else args,
                                    prog_name=name)
        assert result.exit_code == 2, (name, result.output)
        assert f"rror: {line}" in result.stderr, (name, result.stderr)
    change = CliRunner().invoke(rehearsal.main, ["--change", values[0], "--change",
                                                 values[-1]], prog_name="rehearsal")
    assert change.exit_code == 2, change.output


def test_the_rehearsal_refuses_a_hidden_input_before_the_endpoint_starts(place, monkeypatch):
    monkeypatch.setattr(rehearsal, "running", lambda: pytest.fail("the endpoint started"))
    line = _set_up(place, "ssl in ~/.cdk.json")
    result = CliRunner().invoke(rehearsal.main, ["-c", "shards=16"], prog_name="rehearsal")
    assert result.exit_code == 2 and line in result.stderr, result.output


# --- the plan line names every input that is not the default, and where it came from ----
class NoStacks:
    def describe_stacks(self, StackName):  # noqa: N803 - boto3's spelling
        from botocore.exceptions import ClientError

        raise ClientError({"Error": {"Code": "ValidationError", "Message":
                                     f"Stack with id {StackName} does not exist"}},
                          "DescribeStacks")


@pytest.mark.parametrize(("entry", "args", "line"), [
    (None, [], "inputs other than the defaults: none"),
    (None, ["-c", "rate=250"], "inputs other than the defaults: rate=250 (-c); shards=32 (from "
     "the other inputs)"),
    ('"spares": 2', ["-c", "api_cidrs=203.0.113.0/24"],
     "inputs other than the defaults: api_cidrs=203.0.113.0/24 (-c); spares=2 (cdk.json)"),
    ('"api_cidrs": ["203.0.113.0/24"]', [], "api_cidrs=203.0.113.0/24 (cdk.json)"),
])
def test_a_new_deployment_names_its_inputs_and_their_source(place, monkeypatch, entry, args,
                                                            line):
    from deploy import run

    if entry:
        _cdk_json_with(place[0], entry)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    for name in ("AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(AwsTarget, "client", lambda self, service: NoStacks())
    monkeypatch.setattr(run, "synthesize", lambda *a, **k: [])
    monkeypatch.setattr(run, "analyse", lambda *a, **k: [])
    result = CliRunner().invoke(wa_deploy, [*args, "--new", "--dry-run"], prog_name="wa-deploy")
    assert result.exit_code == 0, result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith("wa-deploy: WaInfra in us-east-1 (a new deployment); "), first
    assert line in first, first
