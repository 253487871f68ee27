"""wa-deploy's command line around the deploy: the preview with values, the question (and no
question without a terminal, or with nothing to change), colour, --region/--profile, and the
`destroy` entry point, the alarms muted around the changes. The AWS side and the CDK CLI
are stand-ins, CloudWatch is moto's (the real run against moto is
tests/deploy/test_cli_moto.py); nothing here synthesizes."""

from __future__ import annotations

import sys
import types

import boto3
import pytest
from click.testing import CliRunner
from moto import mock_aws

import cli.deploy
from cli.deploy import main as wa_deploy
from deploy import cdk_cli, changes, color, run
from deploy.changes import ResourceChange

REMEMBERED = {"rate": "100", "shards": "8", "engine": "mysql", "env": "production",
              "region": "eu-west-1", "ssl": "true"}
TASK = ResourceChange(
    "WaInfra-Enterprise", "CoreappTask", "AWS::ECS::TaskDefinition", "replace",
    ("ContainerDefinitions",), note=f" ({changes.REVISIONS['AWS::ECS::TaskDefinition']})",
    values=(("ContainerDefinitions[Name=coreapp].Image", "coreapp:v2.53.0",
             "coreapp:v2.55.1"),))
DB = ResourceChange("WaInfra-Database", "Db", "AWS::RDS::DBInstance", "modify",
                    ("DBInstanceClass",), values=(("DBInstanceClass", "db.m6g.large",
                                                   "db.m6g.xlarge"),))
NO_CONFIG = "/nonexistent/aws-config"
# The deployment's alarms in us-east-1 (CloudFormation's names), one muted by an operator,
# and alarms the switch must leave alone: the hosts' scaling alarm, another deployment's.
NOTIFYING = ["WaInfra-Enterprise-CoreappsDisconnectedAlarm-1A", "WaInfra-Enterprise-"
             "NodesInErrorAlarm-2B", "WaInfra-Enterprise-ProbeFailingAlarm-3C"]
HAND_MUTED = "WaInfra-Enterprise-RootDiskFullAlarm-4D"
NOT_OURS = ["WaInfra-Enterprise-ScaleOutAlarm-5E", "WaInfraTest-Enterprise-ProbeFailingAlarm-6F"]


class Deployment:
    """What the stand-ins saw: the synth's environment and arguments, executed change sets."""

    def __init__(self) -> None:
        self.plans = [run.StackPlan("WaInfra-Database", True, [DB]),
                      run.StackPlan("WaInfra-Enterprise", True, [TASK])]
        self.synth: dict = {}
        self.executed: dict | None = None
        self.read: list[str] = []
        self.fail: BaseException | None = None  # what run.execute raises, once it ran
        self.cloudwatch = boto3.client("cloudwatch", region_name="us-east-1",
                                       aws_access_key_id="testing",
                                       aws_secret_access_key="testing")
        for name in [*NOTIFYING, HAND_MUTED, *NOT_OURS]:
            self.cloudwatch.put_metric_alarm(
                AlarmName=name, MetricName="M", Namespace="WaInfra", Statistic="Maximum",
                Period=60, EvaluationPeriods=1, Threshold=1,
                ComparisonOperator="GreaterThanOrEqualToThreshold",
                AlarmActions=["arn:aws:sns:us-east-1:123456789012:alarms"],
                ActionsEnabled=name != HAND_MUTED)

    def notifying(self) -> set[str]:
        return {a["AlarmName"] for a in self.cloudwatch.describe_alarms()["MetricAlarms"]
                if a["ActionsEnabled"]}

    def execute(self, cf, outdir, plans, allowed, say, color=False, env=None, cdk_args=()):
        self.executed = {"cf": cf, "color": color, "cdk_args": list(cdk_args),
                         "notifying": self.notifying()}
        if self.fail is not None:
            raise self.fail


@pytest.fixture
def deployment(monkeypatch):
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", NO_CONFIG)
    with mock_aws():
        seen = Deployment()
        monkeypatch.setattr(cli.deploy.AwsTarget, "client", lambda self, service: (
            boto3.client(service, region_name=self.region, aws_access_key_id="testing",
                         aws_secret_access_key="testing") if service == "cloudwatch"
            else f"{service}@{self.region}"))
        _stand_ins(seen, monkeypatch)
        yield seen


def _stand_ins(seen: Deployment, monkeypatch) -> None:
    monkeypatch.setattr(run, "remembered", lambda cf, prefix: seen.read.append(cf) or
                        dict(REMEMBERED, region=cf.split("@")[1]))
    monkeypatch.setattr(run, "deployed_stacks", lambda cf, prefix: [p.name for p in seen.plans])
    monkeypatch.setattr(run, "synthesize", lambda context, outdir, env=None, cdk_args=(): (
        seen.synth.update(context=context, env=env, cdk_args=list(cdk_args)) or
        ["wa-infra plan: (stand-in)"]))
    monkeypatch.setattr(run, "analyse", lambda cf, outdir, deployed: seen.plans)
    monkeypatch.setattr(run, "execute", seen.execute)
    monkeypatch.setattr(cli.deploy, "_interactive", lambda: False)


def invoke(*args, answer: str | None = None, env=None):
    return CliRunner().invoke(wa_deploy, list(args), input=answer, env=env,
                              prog_name="wa-deploy")


def at_terminal(monkeypatch):
    monkeypatch.setattr(cli.deploy, "_interactive", lambda: True)


PREVIEW = [
    "WaInfra-Database: 1 modify",
    "  modify  WaInfra-Database/Db (AWS::RDS::DBInstance): DBInstanceClass",
    '      DBInstanceClass: "db.m6g.large" -> "db.m6g.xlarge"',
    "WaInfra-Enterprise: 1 replace",
    "  replace WaInfra-Enterprise/CoreappTask (AWS::ECS::TaskDefinition): "
    "ContainerDefinitions forces a new resource (a new task definition revision; the "
    "services that use it roll their tasks onto it)",
    '      ContainerDefinitions[Name=coreapp].Image: "coreapp:v2.53.0" -> "coreapp:v2.55.1"  '
    "(new revision)"]


def test_without_a_terminal_or_yes_it_stops_before_the_synth(deployment):
    """Nobody can answer: exit 2 at once (before reading AWS and before a synth of ~20 s),
    with the command line that would deploy and the one that would show the changes."""
    result = invoke("-c", "image_tag=v2.55.1", "--region", "eu-west-1")
    assert result.exit_code == 2
    assert deployment.read == []  # no CloudFormation call
    assert deployment.synth == {} and deployment.executed is None
    assert result.stdout == ""
    error, = [x for x in result.stderr.splitlines() if "error" in x]
    assert error == ("wa-deploy: error: nobody to confirm (stdin is not a terminal): pass "
                     "--yes to deploy without the question (or --dry-run to see the changes "
                     "first): wa-deploy --prefix WaInfra --region eu-west-1 -c "
                     "image_tag=v2.55.1 --yes")
    shown = invoke("-c", "image_tag=v2.55.1", "--region", "eu-west-1", "--dry-run")
    assert shown.exit_code == 0 and deployment.executed is None
    assert shown.stdout.splitlines() == PREVIEW


def test_yes_deploys_without_a_question(deployment):
    result = invoke("-c", "image_tag=v2.55.1", "--yes")
    assert result.exit_code == 0, result.output
    assert deployment.executed == {"cf": "cloudformation@us-east-1", "color": False,
                                   "cdk_args": [], "notifying": set(NOT_OURS)}
    assert "Deploy these changes" not in result.output
    assert result.stderr.endswith("wa-deploy: WaInfra deployed\n")


@pytest.mark.parametrize(("answer", "code"), [("y\n", 0), ("n\n", 1), ("\n", 1)])
def test_at_a_terminal_it_asks_and_no_is_the_default(deployment, monkeypatch, answer, code):
    at_terminal(monkeypatch)
    result = invoke("-c", "shards=16", "--region", "eu-west-1", answer=answer)
    assert result.exit_code == code, result.output
    assert "Deploy these changes to WaInfra in eu-west-1? [y/N]: " in result.stderr
    assert (deployment.executed is not None) == (code == 0)
    if code:
        assert result.stderr.endswith("wa-deploy: not deployed (the answer was no): nothing "
                                      "changed\n")


def test_nothing_to_change_or_a_dry_run_asks_nothing_and_exits_0(deployment, monkeypatch):
    result = invoke("--dry-run")
    assert (result.exit_code, deployment.executed) == (0, None)
    assert result.stderr.endswith("dry run: nothing changed\n")
    deployment.plans = [run.StackPlan(p.name, True) for p in deployment.plans]
    at_terminal(monkeypatch)  # (input=None: a question would read end of file and abort)
    result = invoke()
    assert (result.exit_code, deployment.executed) == (0, None), result.output
    assert result.stdout == "WaInfra-Database: no change\nWaInfra-Enterprise: no change\n"
    assert result.stderr.endswith("wa-deploy: WaInfra in us-east-1: nothing to change\n")


def test_a_refusal_comes_before_the_question(deployment, monkeypatch):
    at_terminal(monkeypatch)
    deployment.plans[0].changes[0] = ResourceChange(
        "WaInfra-Database", "Db", "AWS::RDS::DBInstance", "replace", ("Engine",),
        values=(("Engine", "mysql", "postgres"),))
    result = invoke("-c", "engine=postgres", answer="y\n")
    assert (result.exit_code, deployment.executed) == (3, None)
    assert '      Engine: "mysql" -> "postgres"  (forces replacement)' in result.stdout
    assert "Deploy these changes" not in result.stderr


def test_colour_marks_replacements_red_and_revisions_yellow_unless_turned_off(deployment,
                                                                              monkeypatch):
    asked = []
    monkeypatch.setattr(color, "wanted", lambda stream, disabled=False:
                        asked.append(disabled) or not disabled)
    coloured = CliRunner().invoke(wa_deploy, ["--dry-run"], color=True).stdout
    assert "\033[33m  modify" not in coloured  # the indent stays outside the colour
    assert "  \033[33mmodify  WaInfra-Database/Db" in coloured
    assert "  \033[33mreplace WaInfra-Enterprise/CoreappTask" in coloured
    assert "\033[33m(new revision)\033[0m" in coloured
    deployment.plans[0].changes[0] = dataclass_replace(DB, action="replace")
    assert "  \033[31mreplace WaInfra-Database/Db" in CliRunner().invoke(
        wa_deploy, ["--dry-run"], color=True).stdout
    plain = CliRunner().invoke(wa_deploy, ["--dry-run", "--no-color"], color=True).stdout
    assert "\033[" not in plain and asked[-2:] == [True, True]


def dataclass_replace(change, **kwargs):
    import dataclasses

    return dataclasses.replace(change, **kwargs)


@pytest.mark.parametrize(("env", "isatty", "disabled", "expected"), [
    ({}, True, False, True), ({"NO_COLOR": "1"}, True, False, False),
    ({"NO_COLOR": ""}, True, False, True),  # no-color.org: set *and* not empty
    ({}, False, False, False), ({}, True, True, False)])
def test_colour_only_on_a_terminal_without_no_color(monkeypatch, env, isatty, disabled,
                                                    expected):
    monkeypatch.delenv("NO_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    stream = types.SimpleNamespace(isatty=lambda: isatty)
    assert color.wanted(stream, disabled) is expected


# --- the alarms muted around the changes ----------------------------------------------------
MUTED = "wa-deploy: alarm actions of 3 alarms muted for the deploy"
RESTORED = "wa-deploy: alarm actions of 3 alarms restored"


def test_the_alarms_notify_no_one_while_the_changes_run_and_again_after(deployment):
    result = invoke("-c", "image_tag=v2.55.1", "--yes")
    assert result.exit_code == 0, result.output
    assert deployment.executed["notifying"] == set(NOT_OURS)  # the scaling alarm scales
    assert deployment.notifying() == {*NOTIFYING, *NOT_OURS}  # the hand-muted one stays so
    lines = result.stderr.splitlines()
    assert lines[-3:] == [MUTED, RESTORED, "wa-deploy: WaInfra deployed"]


@pytest.mark.parametrize(("failure", "code", "last"), [
    (run.DeployFailed("WaInfra-Enterprise ended UPDATE_ROLLBACK_COMPLETE"), 1,
     "wa-deploy: error: WaInfra-Enterprise ended UPDATE_ROLLBACK_COMPLETE"),
    (cdk_cli.CdkFailed("`cdk deploy` exited 1", 1), 1, "wa-deploy: error: `cdk deploy` exited 1"),
    (run.Refused("replace WaInfra-Enterprise/Efs", ("WaInfra-Database",)), 3,
     "wa-deploy: already deployed by this run: WaInfra-Database"),
    (KeyboardInterrupt(), 130, "Aborted."),
    (SystemExit(143), 143, RESTORED)])  # SIGTERM, as stop_on_termination raises it
def test_what_was_muted_is_restored_however_the_deploy_ends(deployment, failure, code, last):
    deployment.fail = failure
    result = invoke("-c", "image_tag=v2.55.1", "--yes")
    assert result.exit_code == code, result.output
    assert deployment.executed["notifying"] == set(NOT_OURS)
    assert deployment.notifying() == {*NOTIFYING, *NOT_OURS}
    lines = result.stderr.splitlines()
    assert lines[lines.index(MUTED) + 1] == RESTORED  # before the failure is reported
    assert lines[-1] == last


@pytest.mark.parametrize("flag", ["--new", "--keep-alarms", "--dry-run"])
def test_a_first_deploy_keep_alarms_and_a_dry_run_mute_nothing(deployment, monkeypatch, flag):
    if flag == "--new":  # no stack yet: no alarm of this deployment to mute
        monkeypatch.setattr(run, "remembered", lambda cf, prefix: None)
        monkeypatch.setattr(run, "deployed_stacks", lambda cf, prefix: [])
    result = invoke("-c", "image_tag=v2.55.1", "--yes", flag)
    assert result.exit_code == 0, result.output
    if flag != "--dry-run":
        assert deployment.executed["notifying"] == {*NOTIFYING, *NOT_OURS}
    assert deployment.notifying() == {*NOTIFYING, *NOT_OURS}
    assert "alarm actions" not in result.stderr


def test_keep_alarms_is_in_the_command_line_it_hands_back(deployment):
    result = invoke("-c", "shards=16", "--keep-alarms")
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith("wa-deploy --prefix WaInfra --region us-east-1 -c "
                                           "shards=16 --keep-alarms --yes")


def test_an_alarm_that_fired_while_muted_is_named_on_restore(deployment, monkeypatch):
    """Enabling actions sends nothing for an alarm already in ALARM: the operator is told."""
    def breaks_something(*args, **kwargs):
        deployment.cloudwatch.set_alarm_state(AlarmName=NOTIFYING[1], StateValue="ALARM",
                                              StateReason="a Coreapp in error")

    monkeypatch.setattr(run, "execute", breaks_something)
    result = invoke("-c", "image_tag=v2.55.1", "--yes")
    assert result.exit_code == 0, result.output
    assert (f"{RESTORED}; in ALARM now, unnotified (muted when they fired): {NOTIFYING[1]}"
            in result.stderr.splitlines())


def test_a_restore_that_fails_says_how_to_finish_it(deployment, monkeypatch):
    from botocore.exceptions import ClientError

    from monitoring import maintenance

    def refused(*args):
        raise ClientError({"Error": {"Code": "Throttling", "Message": "Rate exceeded"}},
                          "EnableAlarmActions")

    monkeypatch.setattr(maintenance, "restore", refused)
    hint = ("wa-deploy: error: alarm actions of 3 alarms are still muted (An error occurred "
            "(Throttling) when calling the EnableAlarmActions operation: Rate exceeded): "
            "restore them with wa-deploy alarms restore --prefix WaInfra --region us-east-1 "
            + " ".join(sorted(NOTIFYING)))
    result = invoke("-c", "image_tag=v2.55.1", "--yes")
    assert result.exit_code == 1 and result.stderr.splitlines()[-1] == hint
    deployment.cloudwatch.enable_alarm_actions(AlarmNames=NOTIFYING)  # restored by hand
    deployment.fail = run.DeployFailed("WaInfra-Enterprise ended UPDATE_ROLLBACK_COMPLETE")
    result = invoke("-c", "image_tag=v2.55.1", "--yes")  # the deploy's own error stays last
    assert result.exit_code == 1 and result.stderr.splitlines()[-2:] == [
        hint, "wa-deploy: error: WaInfra-Enterprise ended UPDATE_ROLLBACK_COMPLETE"]


def test_mute_that_fails_changes_nothing(deployment, monkeypatch):
    from botocore.exceptions import ClientError

    from monitoring import maintenance

    def refused(*args):
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}},
                          "DisableAlarmActions")

    monkeypatch.setattr(maintenance, "mute", refused)
    result = invoke("-c", "image_tag=v2.55.1", "--yes")
    assert (result.exit_code, deployment.executed) == (1, None)
    assert result.stderr.splitlines()[-1].startswith("wa-deploy: error: An error occurred "
                                                     "(AccessDenied)")


# --- wa-deploy alarms mute|restore ----------------------------------------------------------
def test_alarms_mute_prints_what_restore_takes_back(deployment):
    muted = invoke("alarms", "mute", "--prefix", "WaInfra")
    assert muted.exit_code == 0, muted.output
    assert muted.stdout == " ".join(sorted(NOTIFYING)) + "\n"
    assert muted.stderr == "wa-deploy: alarm actions of 3 alarms of WaInfra muted\n"
    assert deployment.notifying() == set(NOT_OURS)
    restored = invoke("alarms", "restore", "--prefix", "WaInfra", *muted.stdout.split())
    assert restored.exit_code == 0, restored.output
    assert restored.stderr == "wa-deploy: alarm actions of 3 alarms of WaInfra restored\n"
    assert deployment.notifying() == {*NOTIFYING, *NOT_OURS}  # the hand-muted one: still so
    nothing = invoke("alarms", "restore", "--prefix", "WaInfra")  # $ALARMS empty
    assert nothing.exit_code == 0 and deployment.notifying() == {*NOTIFYING, *NOT_OURS}
    assert "nothing restored" in nothing.stderr
    every = invoke("alarms", "restore", "--prefix", "WaInfra", "--all")
    assert every.exit_code == 0 and deployment.notifying() == {*NOTIFYING, HAND_MUTED,
                                                               *NOT_OURS}


def test_alarms_list_names_the_deployments_alarms_in_alarm(deployment):
    quiet = invoke("alarms", "list", "--prefix", "WaInfra")
    assert (quiet.exit_code, quiet.stdout) == (0, "")
    assert quiet.stderr == "wa-deploy: 0 alarms of WaInfra in us-east-1 in ALARM\n"
    for name in (NOTIFYING[1], HAND_MUTED, *NOT_OURS):
        deployment.cloudwatch.set_alarm_state(AlarmName=name, StateValue="ALARM",
                                              StateReason="test")
    firing = invoke("alarms", "list", "--prefix", "WaInfra")
    assert firing.exit_code == 0  # a report, not a check
    assert firing.stdout.split() == sorted([NOTIFYING[1], HAND_MUTED])  # ours only


@pytest.mark.parametrize(("args", "message"), [
    (["restore", "--prefix", "WaInfra", "--all", NOTIFYING[0]],
     "--all and alarm names both given: allowed one"),
    (["mute"], "Missing option '--prefix'."),
    (["mute", "--prefix", "9bad"], "prefix")])
def test_alarms_bad_input_is_one_line(deployment, args, message):
    result = invoke("alarms", *args)
    assert result.exit_code == 2 and deployment.notifying() == {*NOTIFYING, *NOT_OURS}
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert "Traceback" not in result.output


# --- --region and --profile -----------------------------------------------------------------
def test_the_default_profiles_region_is_used_as_the_aws_cli_uses_it(deployment, monkeypatch,
                                                                    tmp_path):
    """No flag, no environment: [default] region of the AWS config, before cdk.json's."""
    config = tmp_path / "config"
    config.write_text("[default]\nregion = eu-west-1\n\n[profile other]\nregion = sa-east-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    assert invoke("--dry-run").stderr.startswith("wa-deploy: WaInfra in eu-west-1 (deployed)")
    monkeypatch.setenv("AWS_REGION", "eu-west-2")  # the environment still comes first
    assert invoke("--dry-run").stderr.startswith("wa-deploy: WaInfra in eu-west-2 (deployed)")
    config.write_text("[default]\noutput = json\n")  # no region there: the project's
    monkeypatch.delenv("AWS_REGION")
    assert invoke("--dry-run").stderr.startswith("wa-deploy: WaInfra in us-east-1 (deployed)")


def test_the_region_comes_from_the_flag_then_the_environment(deployment, monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")
    assert invoke("--dry-run").stderr.startswith("wa-deploy: WaInfra in eu-west-3 (deployed)")
    monkeypatch.setenv("AWS_REGION", "eu-west-2")
    assert invoke("--dry-run").stderr.startswith("wa-deploy: WaInfra in eu-west-2 (deployed)")
    assert invoke("--dry-run", "--region", "ap-south-1").stderr.startswith(
        "wa-deploy: WaInfra in ap-south-1 (deployed)")
    assert deployment.synth["context"]["region"] == "ap-south-1"  # the app targets it too
    assert (deployment.synth["env"]["AWS_REGION"], deployment.synth["env"][
        "AWS_DEFAULT_REGION"]) == ("ap-south-1", "ap-south-1")
    assert deployment.read[-1] == "cloudformation@ap-south-1"


def test_region_flag_and_context_must_agree(deployment):
    result = invoke("--region", "eu-west-1", "-c", "region=us-east-2")
    assert result.exit_code == 2 and deployment.read == []
    assert result.stderr == ("wa-deploy: error: --region eu-west-1 and -c region=us-east-2 "
                             "differ: allowed one region\n")
    assert invoke("--region", "eu-west-1", "-c", "region=eu-west-1", "--yes").exit_code == 0


def test_a_profile_goes_to_the_session_and_the_cdk_cli(deployment, monkeypatch, tmp_path):
    config = tmp_path / "config"
    config.write_text("[profile ops]\nregion = eu-north-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    result = invoke("-c", "shards=16", "--profile", "ops", "--yes")
    assert result.exit_code == 0, result.output
    assert deployment.read == ["cloudformation@eu-north-1"]  # the profile's region
    assert deployment.synth["cdk_args"] == deployment.executed["cdk_args"] == [
        "--profile", "ops"]
    monkeypatch.setattr(cli.deploy, "_interactive", lambda: False)
    result = invoke("-c", "shards=16", "--profile", "ops")
    assert result.stderr.splitlines()[-1].endswith(
        "wa-deploy --prefix WaInfra --region eu-north-1 --profile ops -c shards=16 --yes")


@pytest.mark.parametrize("args", [["--profile", "nosuch"], ["destroy", "--prefix", "Old",
                                                            "--profile", "nosuch"]])
def test_an_unknown_profile_is_one_line_before_anything_else(deployment, args):
    result = invoke(*args, "-c", "shards=16") if args[0] != "destroy" else invoke(*args)
    assert result.exit_code == 2 and deployment.read == []
    assert result.stderr == ("wa-deploy: error: profile 'nosuch' (from --profile) is not in "
                             "the AWS config: allowed a profile that `aws configure "
                             "list-profiles` lists\n")


# --- destroy --------------------------------------------------------------------------------
class FakeRetire(types.ModuleType):
    """deploy/retire.py's interface as wa-deploy calls it."""

    class RetireFailed(Exception):
        pass

    class RetireClients:
        @classmethod
        def from_target(cls, target):
            return ("clients", target.region)

    def __init__(self, stacks=("Old-Enterprise", "Old-Network"), fail=None):
        super().__init__("deploy.retire")
        self.stacks, self.fail, self.ran = stacks, fail, None

    def plan_retirement(self, cloudformation, prefix, region):
        return types.SimpleNamespace(prefix=prefix, region=region, stacks=self.stacks,
                                     cloudformation=cloudformation)

    def describe(self, plan, color):
        return f"Retiring {plan.prefix} in {plan.region}: {', '.join(plan.stacks)}" + (
            " (colour)" if color else "")

    def run_retirement(self, clients, plan, watch, echo):
        self.ran = (clients, plan.stacks, watch)
        echo("deleting (stand-in)")
        if self.fail:
            raise self.RetireFailed(self.fail)


@pytest.fixture
def retire(deployment, monkeypatch):
    fake = FakeRetire()
    monkeypatch.setitem(sys.modules, "deploy.retire", fake)
    monkeypatch.setattr(cli.deploy, "_retire", lambda: fake)
    monkeypatch.setattr(cli.deploy.AwsTarget, "session", lambda self: "session")
    return fake


def test_destroy_without_a_terminal_or_yes_deletes_nothing(retire):
    """Nobody can answer: exit 2 before AWS is read (the plan: --dry-run)."""
    result = invoke("destroy", "--prefix", "Old", "--region", "eu-west-1")
    assert result.exit_code == 2 and retire.ran is None
    assert result.stdout == ""
    assert result.stderr == ("wa-deploy: error: nobody to confirm (stdin is not a terminal): "
                             "pass --yes to delete without the question (or --dry-run to see "
                             "what it deletes and keeps first): wa-deploy destroy --prefix Old "
                             "--region eu-west-1 --yes\n")


@pytest.mark.parametrize(("typed", "code"), [("Old\n", 0), ("yes\n", 1), ("old\n", 1),
                                             ("\n", 1)])
def test_destroy_asks_for_the_prefix_typed_out(retire, monkeypatch, typed, code):
    at_terminal(monkeypatch)
    result = invoke("destroy", "--prefix", "Old", answer=typed)
    assert result.exit_code == code, result.output
    assert "Type Old to delete its 2 stacks in us-east-1: " in result.stderr
    assert (retire.ran is not None) == (code == 0)
    if code:
        assert "nothing deleted" in result.stderr.splitlines()[-1]


def test_destroy_with_yes_runs_the_retirement_with_the_event_watcher(retire):
    from deploy import events

    result = invoke("destroy", "--prefix", "Old", "--yes", "--region", "eu-west-1")
    assert result.exit_code == 0, result.output
    clients, stacks, watch = retire.ran
    assert (clients, stacks) == (("clients", "eu-west-1"), ("Old-Enterprise", "Old-Network"))
    assert watch.func is events.watch and watch.keywords == {"color": False}
    assert result.stderr == "deleting (stand-in)\nwa-deploy: Old retired; what was kept is " \
                            "listed above\n"


def test_destroy_dry_run_nothing_deployed_and_a_failure(retire, monkeypatch):
    at_terminal(monkeypatch)
    result = invoke("destroy", "--prefix", "Old", "--dry-run")
    assert (result.exit_code, retire.ran) == (0, None)
    assert result.stderr == "dry run: nothing deleted\n"
    retire.stacks = ()
    result = invoke("destroy", "--prefix", "Old")  # a typo must not report a retirement
    assert (result.exit_code, retire.ran) == (2, None)
    assert result.stderr.endswith("no stack of prefix 'Old' in us-east-1: nothing to delete "
                                  "(check --prefix and --region)\n")
    retire.stacks, retire.fail = ("Old-Network",), "Old-Network ended DELETE_FAILED: busy"
    result = invoke("destroy", "--prefix", "Old", "--yes")
    assert result.exit_code == 1
    assert result.stderr.endswith("wa-deploy: error: Old-Network ended DELETE_FAILED: busy\n")


def test_deploy_options_before_destroy_are_refused(retire):
    result = invoke("-c", "shards=16", "destroy", "--prefix", "Old", "--yes")
    assert result.exit_code == 2 and retire.ran is None
    assert result.stderr == ("wa-deploy: error: --context before `destroy`: allowed after it "
                             "(wa-deploy destroy --prefix NAME ...)\n")


def test_deploy_options_before_alarms_are_refused(deployment):
    result = invoke("--keep-alarms", "alarms", "mute", "--prefix", "WaInfra")
    assert result.exit_code == 2 and deployment.notifying() == {*NOTIFYING, *NOT_OURS}
    assert result.stderr == ("wa-deploy: error: --keep-alarms before `alarms`: allowed after "
                             "it (wa-deploy alarms mute|restore --prefix NAME ...)\n")


def test_an_empty_value_is_refused_before_aws(deployment):
    result = invoke("-c", "rate=", "--yes")
    assert result.exit_code == 2 and deployment.read == []
    assert result.stderr.startswith("wa-deploy: error: context key 'rate' is empty")


def test_destroy_of_nothing_prints_no_empty_plan(retire):
    """A prefix with no stacks (a typo): one line, exit 2, no empty plan, dry run or not."""
    retire.stacks = ()
    for args in ((), ("--dry-run",), ("--yes",)):
        result = invoke("destroy", "--prefix", "Nope", *args)
        assert result.exit_code == 2 and retire.ran is None
        assert result.stdout == ""
        assert result.stderr == ("wa-deploy: error: no stack of prefix 'Nope' in us-east-1: "
                                 "nothing to delete (check --prefix and --region)\n") or (
            not args and "nobody to confirm" in result.stderr)
