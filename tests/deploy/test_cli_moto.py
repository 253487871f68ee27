"""Deploy rehearsal, CLI tier: the real CDK CLI (`npx cdk`, pinned in package.json) against a
moto server on loopback started by this test process: bootstrap, deploy --all, deploy again
with 16 shards, destroy --all --force. Every CLI call is bounded by a timeout (a moto error
otherwise costs about 50 s of CLI retries). The production synthesizer is used unchanged."""

import contextlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from click.testing import CliRunner

from cli import upgrade
from contract.network import FLOWS
from deploy import cdk_cli
from deploy import run as deploy_run
from sizing import plan
from tests.support import local_cloud, rehearsal
from tests.support.local_endpoint import running

ROOT = Path(__file__).resolve().parents[2]
CLI_TIMEOUT_S = 180
# Template validation is covered by the gates; off here it saves ~6 s per synth.
FAST_SYNTH = {"CDK_VALIDATION": "false"}
EIGHT = {"rate": "100", "shards": "8"}
SIXTEEN = {"rate": "100", "shards": "16"}  # a pure shard change: same traffic


def cluster_state() -> dict:
    """ec2 and services as `local_cloud.planned_state` gives them, and the one database."""
    state = local_cloud.cluster_state()
    database, = state.pop("databases")
    return dict(state, db=(database["DBInstanceIdentifier"], database["DBInstanceClass"]))


def stacks() -> dict[str, str]:
    return {s["StackName"]: s["StackStatus"]
            for s in boto3.client("cloudformation").describe_stacks()["Stacks"]}


def remembered() -> dict[str, str]:
    return deploy_run.remembered(boto3.client("cloudformation"), "WaInfra")


@contextlib.contextmanager
def deleted_parameter(name: str):
    ssm = boto3.client("ssm")
    kept = ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]
    key = ssm.describe_parameters(
        ParameterFilters=[{"Key": "Name", "Values": [name]}])["Parameters"][0]["KeyId"]
    ssm.delete_parameter(Name=name)
    try:
        yield
    finally:
        ssm.put_parameter(Name=name, Value=kept["Value"], Type="SecureString", KeyId=key)


def test_wa_deploy_creates_changes_shards_refuses_replacements_and_destroy_keeps_data():
    run = {"timeout": CLI_TIMEOUT_S, "extra_env": FAST_SYNTH}
    with running() as endpoint:
        out = rehearsal.bootstrap(endpoint, **run)
        assert "bootstrapped" in out
        assert stacks() == {"CDKToolkit": "CREATE_COMPLETE"}

        done = rehearsal.deploy(endpoint, EIGHT, new=True, **run)  # a new deployment
        assert done.returncode == 0, done.stdout
        assert "WaInfra-Enterprise: new stack" in done.stdout
        assert set(stacks().values()) == {"CREATE_COMPLETE"}
        assert set(stacks()) == {"CDKToolkit", "WaInfra-Network", "WaInfra-Database",
                                 "WaInfra-Lambda", "WaInfra-Enterprise"}
        outputs = rehearsal.stack_outputs()["WaInfra-Enterprise"]
        assert (outputs["Shards"], outputs["Coreapps"]) == ("8", "9")
        first = cluster_state()
        assert {k: first[k] for k in ("ec2", "services")} == local_cloud.planned_state(
            plan(100, 8))
        assert first["db"][1] == plan(100, 8).db_rds_class
        assert (remembered()["shards"], remembered()["rate"], remembered()["ssl"]) == (
            "8", "100", "true")
        # the shard runbook on this deployment: 8 -> 16 keeps the remembered rate and class
        from cli import shards

        runbook = CliRunner().invoke(shards.main, ["plan", "--to", "16", "--json"])
        assert runbook.exit_code == 0, runbook.output
        planned = json.loads(runbook.stdout)
        assert (planned["from_shards"], planned["deployment"]["inputs_changed"]) == (8, [])
        assert not [c for c in planned["changes"] if "DB class" in c]  # no failover
        assert planned["maintenance"] == []
        assert "rate=" not in "\n".join(step["command"] for step in planned["steps"])
        contract = rehearsal.deployed_contract()  # security groups as EC2 reports them
        assert contract.ok, contract.lines()
        assert len(contract.verdicts) == len(FLOWS)
        # AWS mode's password lookup, on the deployed state: the SecureString exists under
        # <AWS_STACK_NAME>-WA_DB_PASSWORD and each client task's role reads and decrypts it
        assert rehearsal.client_start() == []
        ssm = boto3.client("ssm")
        parameter = ssm.get_parameter(Name="WaInfra-WA_DB_PASSWORD",
                                      WithDecryption=True)["Parameter"]
        injected = ssm.get_parameter(Name="/WaInfra/db/password", WithDecryption=True)
        assert parameter["Type"] == "SecureString"
        assert parameter["Value"] == injected["Parameter"]["Value"]  # the same password
        with deleted_parameter("WaInfra-WA_DB_PASSWORD"):
            assert rehearsal.client_start() == [
                "no SSM parameter WaInfra-WA_DB_PASSWORD: the client cannot read its "
                "password in AWS mode"]

        # README's Monitor line, as written, in a shell with the venv's commands on PATH
        line = "wa-deploy alarms list --prefix WaInfra"
        assert f"```sh\n{line}\n```" in (ROOT / "README.md").read_text()
        listed = subprocess.run(
            ["bash", "-c", line], cwd=ROOT, capture_output=True, text=True, timeout=60,
            env=dict(endpoint.env, PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin"))
        assert listed.returncode == 0, listed.stderr
        assert listed.stderr == "wa-deploy: 0 alarms of WaInfra in us-east-1 in ALARM\n"

        # only the input named changes; everything else is what the deployment remembers
        done = rehearsal.deploy(endpoint, {"shards": "16"}, **run)
        assert done.returncode == 0, done.stdout
        assert "inputs changed: shards: 8 -> 16" in done.stdout
        assert "WaInfra-Database: no change" in done.stdout
        # the preview's values, deployed -> new, and the stack events as they came
        assert re.search(r"^      DesiredCount: 9 -> 17$", done.stdout, re.MULTILINE)
        streamed = re.findall(r"^WaInfra-Enterprise \| \d\d:\d\d:\d\d \| \+\d+s \| (\w+) \| "
                              r"([\w:]+) \| ([\w-]+)$", done.stdout, re.MULTILINE)
        assert {("UPDATE_IN_PROGRESS", "AWS::CloudFormation::Stack", "WaInfra-Enterprise"),
                ("UPDATE_COMPLETE", "AWS::CloudFormation::Stack", "WaInfra-Enterprise")} <= set(
            streamed)
        assert "CREATE_COMPLETE" not in {status for status, *_ in streamed}  # newer only
        assert len(streamed) == len(set(streamed))  # each event once
        assert re.search(r"^WaInfra-Enterprise: UPDATE_COMPLETE after \d+ s$", done.stdout,
                         re.MULTILINE)
        assert stacks()["WaInfra-Enterprise"] == "UPDATE_COMPLETE"
        assert rehearsal.stack_outputs()["WaInfra-Enterprise"]["Shards"] == "16"
        second = cluster_state()
        assert {k: second[k] for k in ("ec2", "services")} == local_cloud.planned_state(
            plan(100, 16))
        assert second["db"] == first["db"]  # the same database, not a replacement
        assert (remembered()["shards"], remembered()["rate"]) == ("16", "100")

        # the shard runbook, read from this deployment: 16 -> 32 keeps its rate and DB class
        runbook = CliRunner().invoke(shards.main, ["plan", "--to", "32", "--json"])
        assert runbook.exit_code == 0, runbook.output
        planned = json.loads(runbook.stdout)
        assert (planned["from_shards"], planned["deployment"]["inputs_changed"]) == (16, [])
        assert planned["deployment"]["prefix"] == "WaInfra"
        steps = "\n".join(step["command"] for step in planned["steps"])
        assert "wa-deploy --prefix WaInfra --region us-east-1 -c shards=32" in steps
        assert "rate=" not in steps  # the remembered 100 msg/s stays

        # a new engine would be a new, empty database; an internet-facing load balancer a
        # new DNS name: both refused in one run (exit 3), each with its resource and
        # property, and what other stacks import from it (the database's address); nothing
        # done
        before = stacks()
        done = rehearsal.deploy(endpoint, {"engine": "postgres", "api_cidrs": "203.0.113.0/24"},
                                **run)
        assert done.returncode == rehearsal.REFUSED, done.stdout
        refused = [line for line in done.stdout.splitlines() if line.startswith("refused: ")]
        for resource, why in (("(AWS::RDS::DBInstance)", "Engine forces"),
                              ("(AWS::ElasticLoadBalancingV2::LoadBalancer)", "Scheme forces")):
            line, = [x for x in refused if resource in x]
            assert why in line and "--allow-replace " in line
        imports = [x for x in refused if "--allow-replace " not in x]
        assert imports and all(" export " in x and "imports it" in x for x in imports)
        assert len(refused) == 2 + len(imports)
        assert "nothing was changed by this run" in done.stdout
        assert stacks() == before and cluster_state() == second
        assert remembered()["shards"] == "16" and "api_cidrs" not in remembered()

        # the alarms hold the plan's figures (16 shards, 17 Coreapps), read back by name
        alarms = {a["AlarmName"]: a for a in boto3.client("cloudwatch").describe_alarms()[
            "MetricAlarms"]}
        thresholds = {key: next(a["Threshold"] for name, a in alarms.items() if key in name)
                      for key in ("CoreappsDisconnectedAlarm", "CoreappTasksBelowDesiredAlarm",
                                  "WebappsUnhealthyAlarm")}
        # (CoreappsDisconnected counts shards without a connected Coreapp: 1 at any plan)
        assert thresholds == {"CoreappsDisconnectedAlarm": 1.0,
                              "CoreappTasksBelowDesiredAlarm": 17.0,
                              "WebappsUnhealthyAlarm": float(plan(100, 16).webapps)}
        # the maintenance switch finds every alarm of the deployment by its deployed name
        from monitoring import maintenance
        from monitoring.render import alarms_for

        cloudwatch = boto3.client("cloudwatch")
        muted = maintenance.mute(cloudwatch, "WaInfra")
        assert sorted(name.split("-")[2] for name in muted) == sorted(
            a.logical_id for a in alarms_for(own_db=True, aurora=False))
        assert maintenance.restore(cloudwatch, "WaInfra", muted) == muted
        upgrade_task_runs(endpoint, run, first["db"][0])

        # retired as an operator does (wa-deploy destroy --yes): the data written or read
        # before it (a text under each kept key, each secret, an event in each log group)
        # reads back the same after it
        done, plan_, problems = rehearsal.retire(endpoint, **run)
        assert done.returncode == 0, done.stdout
        assert problems == []
        assert {k.type for k in plan_.kept} >= {
            "AWS::KMS::Key", "AWS::SecretsManager::Secret", "AWS::Logs::LogGroup",
            "AWS::EFS::FileSystem", "AWS::RDS::DBInstance"}
        # production protects its load balancer: turned off, and said so (moto creates the
        # database without its DeletionProtection; tests/deploy/test_retire.py has that case)
        turned_off = re.findall(r"^WaInfra-\w+: deletion protection of (load balancer|database) ",
                                done.stdout, re.MULTILINE)
        assert "load balancer" in turned_off, done.stdout
        assert stacks() == {"CDKToolkit": "CREATE_COMPLETE"}
        rds = boto3.client("rds")
        assert rds.describe_db_instances()["DBInstances"] == []
        snapshot, = rds.describe_db_snapshots()["DBSnapshots"]
        assert snapshot["DBInstanceIdentifier"] == first["db"][0]
        assert len(boto3.client("efs").describe_file_systems()["FileSystems"]) == 1
        kms = boto3.client("kms")
        assert {kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyState"]
                for k in kms.list_keys()["Keys"]} == {"Enabled"}
    # moto accepted these without modelling them; tests/stacks asserts them on the templates
    assert "AWS::AutoScaling::ScalingPolicy" in endpoint.unmodelled


def upgrade_task_runs(endpoint, run: dict, database_id: str) -> None:
    """wa-upgrade's steps 1-3 on the rehearsal: the plan names this deployment's database,
    cluster and task; upgrade_tag moves only the one-off task; run-task starts it."""
    planned = CliRunner().invoke(upgrade.main, ["plan", "--to", "v2.55.1", "--json"])
    assert planned.exit_code == 0, planned.output
    steps = json.loads(planned.stdout)["steps"]
    commands = "\n".join(c for step in steps for c in step["commands"])
    outputs = rehearsal.stack_outputs()["WaInfra-Enterprise"]
    assert f"--db-instance-identifier {database_id}" in commands
    assert outputs["DbUpgradeTaskFamily"] in commands and outputs["ClusterName"] in commands
    roll, = [step for step in steps if step["rolls"]]  # seed 003's order, then /v1/health
    assert [r["role"] for r in roll["rolls"]] == ["web", "master", "coreapp"]
    assert steps[-1]["commands"][-1] == (f"wa-shards health --url {outputs['ApiEndpoint']} "
                                         f"--expect {outputs['Shards']} --within 300")
    assert outputs["ApiKeySecret"] in steps[-1]["commands"][-2]

    services_before = local_cloud.cluster_state()["services"]
    before = stacks()
    unasked = subprocess.run(  # no terminal to ask and no --yes: exit 2 before the synth
        [sys.executable, "-m", "cli.deploy", "-c", "upgrade_tag=v2.55.1"],
        cwd=ROOT, env=dict(endpoint.env, **run["extra_env"]), stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=run["timeout"])
    assert unasked.returncode == 2, unasked.stderr
    assert unasked.stderr.splitlines()[-1] == (
        "wa-deploy: error: nobody to confirm (stdin is not a terminal): pass --yes to deploy "
        "without the question (or --dry-run to see the changes first): wa-deploy --prefix "
        "WaInfra --region us-east-1 -c upgrade_tag=v2.55.1 --yes")
    assert unasked.stdout == "" and stacks() == before
    done = rehearsal.deploy(endpoint, {"upgrade_tag": "v2.55.1"}, **run)
    assert done.returncode == 0, done.stdout
    assert "inputs changed: upgrade_tag: (unset) -> v2.55.1" in done.stdout
    image = re.search(r"^      ContainerDefinitions\[Name=dbupgrade\]\.Image: (.*)$",
                      done.stdout, re.MULTILINE).group(1)
    assert image == ('"docker.whatsapp.biz/coreapp:v2.53.0" -> '
                     '"docker.whatsapp.biz/coreapp:v2.55.1"  (new revision)')
    assert local_cloud.cluster_state()["services"] == services_before

    ecs = boto3.client("ecs")
    host = boto3.client("autoscaling").describe_auto_scaling_groups()[
        "AutoScalingGroups"][0]["Instances"][0]["InstanceId"]
    ecs.register_container_instance(  # what a host's ECS agent does when it boots
        cluster=outputs["ClusterName"],
        instanceIdentityDocument=json.dumps({"instanceId": host}))
    task, = ecs.run_task(
        cluster=outputs["ClusterName"], taskDefinition=outputs["DbUpgradeTaskFamily"],
        capacityProviderStrategy=[{"capacityProvider": outputs["CapacityProviderName"],
                                   "weight": 1}], count=1, startedBy="wa-upgrade")["tasks"]
    definition = ecs.describe_task_definition(taskDefinition=task["taskDefinitionArn"])[
        "taskDefinition"]
    container, = definition["containerDefinitions"]
    assert container["image"] == "docker.whatsapp.biz/coreapp:v2.55.1"
    assert {"name": "WA_DB_UPGRADE", "value": "1"} in container["environment"]


def test_the_endpoint_hides_a_real_account_and_cleans_up(monkeypatch):
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("AWS_PROFILE", "production")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-token")
    with running() as endpoint:
        for env in (os.environ, endpoint.env):
            assert env["AWS_ENDPOINT_URL"] == endpoint.url
            assert "AWS_PROFILE" not in env and "AWS_SESSION_TOKEN" not in env
            assert not Path(env["AWS_CONFIG_FILE"]).exists()
        assert boto3.client("sts").get_caller_identity()["Account"] == "123456789012"
    assert "AWS_ENDPOINT_URL" not in os.environ
    assert os.environ["AWS_PROFILE"] == "production"


def test_bad_input_comes_back_and_a_failing_cli_call_raises_with_its_output():
    with running() as endpoint:
        done = rehearsal.deploy(endpoint, {"rate": "-5"}, timeout=CLI_TIMEOUT_S,
                                extra_env=FAST_SYNTH)
        said = (done.stdout or "") + (done.stderr or "")
        assert done.returncode == rehearsal.BAD_INPUT and "rate -5" in said, said
        with pytest.raises(rehearsal.CdkFailed, match=r"exited 1(.|\n)*boom"):
            cdk_cli.run_command([sys.executable, "-c", "import sys; print('boom'); sys.exit(1)"],
                                "a failing call", accept=(0, rehearsal.BAD_INPUT,
                                                          rehearsal.REFUSED))


def test_deploy_local_rejects_malformed_context_before_starting_anything():
    result = CliRunner().invoke(rehearsal.main, ["-c", "shards16"])
    assert result.exit_code == 2
    assert "'shards16' is not key=value" in result.output
