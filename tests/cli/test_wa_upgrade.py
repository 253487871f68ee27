"""wa-upgrade plan: the ordered upgrade steps read from a deployment's Enterprise stack (in
moto: a stand-in stack whose outputs are literal values), tag and downgrade checks, and the
one-line errors."""

import json
import re
import shlex
from datetime import UTC, datetime

import boto3
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cli import upgrade
from cli.upgrade import main as wa_upgrade
from deploy.upgrade_steps import SNAPSHOT_ID_MAX, snapshot_id
from tests.support import botocore_loader

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's
OUTPUTS = {
    "ClusterName": "WaInfra-Cluster-Ab12",
    "CapacityProviderName": "WaInfra-Capacity-Cd34",
    "DbUpgradeTaskFamily": "WaInfraEnterpriseDbUpgradeTask",
    "FileSystemId": "fs-0123456789abcdef0",
    "DbInstanceIdentifier": "wainfra-database-ef56",
    "CoreappServiceName": "WaInfra-CoreappService-Gh78",
    "ApiEndpoint": "https://wa-lb-1.elb.us-east-1.amazonaws.com",
    "Shards": "8",
    "ApiKeySecret": "arn:aws:secretsmanager:us-east-1:123456789012:secret:WebApiKey-Xy9",
}
CONTEXT = {"image_tag": "v2.53.0", "engine": "mysql", "region": REGION, "prefix": "WaInfra",
           "shards": "8", "rate": "100", "ssl": "true", "isolate_coreapps": "false"}


@pytest.fixture(autouse=True)
def _botocore_read_once():
    # each command makes its boto3 session: botocore's JSON is read once, not per session
    with botocore_loader.shared():
        yield


def deployed(outputs=None, context=None, prefix="WaInfra", region=REGION, drop=()):
    """A stand-in <prefix>-Enterprise stack with the outputs the real one has."""
    values = {**OUTPUTS, **(outputs or {})}
    if context is not False:
        values["DeploymentContext"] = json.dumps({**CONTEXT, "prefix": prefix,
                                                  **(context or {})})
    template = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
                "Outputs": {k: {"Value": v} for k, v in values.items() if k not in drop}}
    boto3.client("cloudformation", region_name=region).create_stack(
        StackName=f"{prefix}-Enterprise", TemplateBody=json.dumps(template))


def run(*args):
    return CliRunner().invoke(wa_upgrade, ["plan", *args], prog_name="wa-upgrade")


def commands(output: str) -> list[str]:
    return [line.strip()[2:] for line in output.splitlines() if line.strip().startswith("$ ")]


def first(lines: list[str], text: str) -> int:
    return next(i for i, line in enumerate(lines) if text in line)


def test_the_steps_back_up_then_upgrade_the_database_then_roll_the_services(cloud):
    deployed()
    result = run("--to", "v2.54.1")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Upgrade WaInfra in us-east-1: v2.53.0 -> v2.54.1 (engine mysql)\n")
    titles = re.findall(r"^\d\. (.*)$", out, re.MULTILINE)
    assert titles == ["Back up the database and the file system",
                      "Point the database-upgrade task definition at v2.54.1",
                      "Run the database-upgrade task (v2.54.1)",
                      "Wait for the task to stop, then check its exit code",
                      "Roll the services to v2.54.1: Webapps, then Masters, then Coreapps",
                      "Check the cluster: GET /v1/health"]
    lines = commands(out)
    order = [first(lines, text) for text in (
        "aws rds create-db-snapshot", "aws rds wait db-snapshot-available",
        "aws backup start-backup-job", "-c upgrade_tag=v2.54.1", "aws ecs run-task",
        "aws ecs wait tasks-stopped", "containers[0].exitCode", "-c image_tag=v2.54.1")]
    assert order == sorted(order)
    snapshot = re.search(r"--db-snapshot-identifier (\S+)", lines[0]).group(1)
    assert re.fullmatch(r"wainfra-before-v2-54-1-20[0-9]{12}", snapshot)
    assert (f"aws rds create-db-snapshot --db-instance-identifier wainfra-database-ef56 "
            f"--db-snapshot-identifier {snapshot} --tags Key=wa-infra:image-tag,Value=v2.53.0 "
            "--region us-east-1") in lines  # tagged with what runs: a downgrade finds it
    assert (f"aws rds wait db-snapshot-available --db-snapshot-identifier {snapshot} "
            "--region us-east-1") in lines
    assert ("BACKUP_JOB=$(aws backup start-backup-job --backup-vault-name Default "
            "--resource-arn arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/"
            "fs-0123456789abcdef0 --iam-role-arn arn:aws:iam::123456789012:role/service-role/"
            "AWSBackupDefaultServiceRole --region us-east-1 --query BackupJobId "
            "--output text)") in lines
    assert "wa-deploy --prefix WaInfra --region us-east-1 -c upgrade_tag=v2.54.1" in lines
    assert ("TASK=$(aws ecs run-task --cluster WaInfra-Cluster-Ab12 --task-definition "
            "WaInfraEnterpriseDbUpgradeTask --capacity-provider-strategy "
            "capacityProvider=WaInfra-Capacity-Cd34,weight=1 --count 1 --started-by "
            "wa-upgrade --region us-east-1 --query 'tasks[0].taskArn' --output text)") in lines
    assert ('aws ecs wait tasks-stopped --cluster WaInfra-Cluster-Ab12 --tasks "$TASK" '
            "--region us-east-1") in lines
    assert ('aws ecs describe-tasks --cluster WaInfra-Cluster-Ab12 --tasks "$TASK" '
            "--region us-east-1 --query 'tasks[0].containers[0].exitCode' --output text"
            ) in lines
    assert ("wa-deploy --prefix WaInfra --region us-east-1 -c image_tag=v2.54.1 "
            "--unset upgrade_tag") in lines
    assert lines[-2:] == [
        'export WA_API_KEY="$(aws secretsmanager get-secret-value --secret-id '
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:WebApiKey-Xy9 --region us-east-1 "
        '--query SecretString --output text)"',
        "wa-shards health --url https://wa-lb-1.elb.us-east-1.amazonaws.com --expect 8 "
        "--within 300"]
    # the three rolls, in seed 003's order, under the roll's one deploy
    rolls = re.findall(r"^     ([abc])\. (\w+) \((\w+)\): ", out, re.MULTILINE)
    assert rolls == [("a", "Webapps", "WebService"), ("b", "Masters", "MasterService"),
                     ("c", "Coreapps", "CoreappService")]
    assert out.index("   rolls, in this order") > out.index("-c image_tag=v2.54.1")
    for line in lines:
        shlex.split(line)  # balanced quotes: each pastes into a shell as it is
        if re.sub(r"^[A-Z_]+=\$\(", "", line).startswith("aws "):
            assert "--region us-east-1" in line, line
    assert "the last command prints 0" in out
    assert "do not roll the services" in out  # what to do if the task fails
    assert "Downtime: Seed 003: there is downtime" in out
    assert "(minimum healthy 50 %)" in out


@pytest.mark.parametrize("tag", ["2.53.0", "v2.53", "v2.53.0; rm -rf /", "", "v99999999999.0.0",
                                 "v2.053.0", "V2.53.0", "v2.53.0\n", "v2.53.0-beta", "v٢.53.0"])
def test_a_tag_not_vX_Y_Z_is_refused_in_one_line_before_any_aws_call(tag, monkeypatch, tmp_path):
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    result = run("--to", tag)
    assert result.exit_code == 2
    assert result.stderr == (f"wa-upgrade: error: tag {tag!r} is invalid: allowed "
                             "v<major>.<minor>.<patch>, each 0 to 999 without leading zeros "
                             "(e.g. v2.53.1)\n")
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_a_downgrade_is_refused_unless_asked_for(cloud):
    deployed()
    result = run("--to", "v2.51.9")
    assert result.exit_code == 2
    assert result.stderr == ("wa-upgrade: error: --to v2.51.9 is older than the deployed "
                             "v2.53.0: a downgrade; add --allow-downgrade if you mean it\n")
    result = run("--to", "v2.51.9", "--allow-downgrade")
    assert result.exit_code == 0, result.output
    assert "v2.53.0 -> v2.51.9" in result.stdout
    assert "Note: a downgrade (v2.53.0 -> v2.51.9): seed 003 documents upgrades only" in (
        result.stdout)


def test_a_downgrade_restores_the_pre_upgrade_snapshot_instead_of_upgrading(cloud):
    deployed()
    result = run("--to", "v2.51.9", "--allow-downgrade")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert re.findall(r"^\d\. (.*)$", out, re.MULTILINE) == [
        "Back up the database and the file system",
        "Find the newest snapshot taken while v2.51.9 ran", "Stop the client",
        "Restore the snapshot beside the database",
        "Swap the restored database in under the database's name",
        "Roll the services to v2.51.9: Webapps, then Masters, then Coreapps",
        "Start the client at its counts", "Check the cluster: GET /v1/health"]
    lines = commands(out)
    # no database-upgrade task runs against the newer schema
    assert not [line for line in lines if "run-task" in line or "upgrade_tag=" in line]
    snap, = [line for line in lines if line.startswith("SNAP=")]
    assert "--db-instance-identifier wainfra-database-ef56 --snapshot-type manual" in snap
    # the snapshot taken while v2.51.9 ran: its schema is the one v2.51.9 left
    assert "Value=='\"'\"'v2.51.9'\"'\"'" in snap and "wa-infra:image-tag" in snap
    order = [first(lines, text) for text in (
        "aws rds create-db-snapshot", "SNAP=", "wa-deploy alarms mute", "--desired-count 0",
        "restore-db-instance-from-db-snapshot", "--new-db-instance-identifier wainfra-v2-53-0",
        "--new-db-instance-identifier wainfra-database-ef56", "-c image_tag=v2.51.9",
        '--desired-count "$N"', "wa-shards health", "wa-deploy alarms restore")]
    assert order == sorted(order)
    for line in lines:
        shlex.split(line)
        if re.sub(r"^[A-Z_]+=\$\(", "", line).startswith("aws "):
            assert "--region us-east-1" in line, line
    assert "on the restored database" in out and "upgraded database" not in out
    restore = next(line for line in lines if "restore-db-instance-from-db-snapshot" in line)
    for kept in ("--option-group-name", "--enable-iam-database-authentication",
                 "--enable-cloudwatch-logs-exports", "--db-parameter-group-name"):
        assert kept in restore  # what the stack set, not RDS's defaults
    for kept in ("--storage-type", "--iops", "--ca-certificate-identifier"):
        assert kept in restore
    swap = next(line for line in lines if "--new-db-instance-identifier wainfra-database-ef56"
                in line)
    assert "--monitoring-interval" in swap and "--deletion-protection" in swap
    # the alarms come back whatever the check says: a broken cluster must page
    assert lines[-1].endswith("--within 300; wa-deploy alarms restore --prefix WaInfra "
                              "--region us-east-1 $ALARMS")


def test_a_snapshot_of_an_unfinished_upgrade_is_never_a_downgrade_s_pick(cloud):
    """The remembered upgrade_tag of an upgrade that did not finish: its task may have moved
    the schema, so the snapshot says so, and a downgrade's search leaves it out."""
    deployed(context={"upgrade_tag": "v2.55.1"})
    lines = commands(run("--to", "v2.55.1").stdout)
    assert ("--tags Key=wa-infra:image-tag,Value=v2.53.0 Key=wa-infra:upgrade-tag,"
            "Value=v2.55.1") in lines[0]
    deployed(prefix="Down", context={"image_tag": "v2.55.1"})
    snap, = [line for line in commands(run("--to", "v2.53.0", "--allow-downgrade", "--prefix",
                                           "Down").stdout) if line.startswith("SNAP=")]
    assert "!(TagList[?Key=='\"'\"'wa-infra:upgrade-tag'\"'\"'])" in snap


def test_a_deployed_tag_that_is_no_version_downgrades_the_sure_way(cloud):
    deployed(context={"image_tag": "latest_build"})
    out = run("--to", "v2.53.0", "--allow-downgrade").stdout
    titles = re.findall(r"^\d\. (.*)$", out, re.MULTILINE)
    assert "Run the database-upgrade task (v2.53.0)" not in titles
    assert "Restore the snapshot beside the database" in titles
    assert "deploy image_tag as the version latest_build is" in out


def test_a_downgrade_of_aurora_or_an_existing_database_says_what_to_restore(cloud):
    deployed(outputs={"DbClusterIdentifier": "wainfra-aurora-ij90"},
             context={"engine": "aurora-mysql"}, drop=("DbInstanceIdentifier",))
    out = run("--to", "v2.51.9", "--allow-downgrade").stdout
    assert "describe-db-cluster-snapshots --db-cluster-identifier wainfra-aurora-ij90" in out
    assert "restore-db-cluster-from-snapshot" in out


def test_versions_compare_as_numbers(cloud):
    deployed(context={"image_tag": "v2.9.12"})
    result = run("--to", "v2.10.0")  # as text "v2.10.0" < "v2.9.12"
    assert result.exit_code == 0, result.output
    assert "v2.9.12 -> v2.10.0" in result.stdout


def test_the_deployed_version_has_nothing_to_do(cloud):
    deployed()
    result = run("--to", "v2.53.0")
    assert result.exit_code == 0
    assert result.stdout == ("Upgrade WaInfra in us-east-1: v2.53.0 -> v2.53.0 (engine mysql)\n"
                             "Note: WaInfra in us-east-1 already runs v2.53.0: nothing to do\n")
    plan = json.loads(run("--to", "v2.53.0", "--json").stdout)
    assert (plan["steps"], plan["downtime"]) == ([], "none")


def test_a_deployed_tag_that_is_no_version_needs_the_flag(cloud):
    deployed(context={"image_tag": "latest"})
    result = run("--to", "v2.54.0")
    assert result.exit_code == 2
    assert "the deployed image_tag 'latest' is not v<major>.<minor>.<patch>" in result.stderr
    assert result.stderr.count("\n") == 1
    result = run("--to", "v2.54.0", "--allow-downgrade")
    assert result.exit_code == 0
    assert "Note: perhaps a downgrade (latest -> v2.54.0)" in result.stdout


@pytest.mark.parametrize("engine", ["mysql", "postgres"])
def test_the_roll_says_wa_deploy_mutes_the_alarms(cloud, engine):
    deployed(context={"engine": engine},
             drop=("DbUpgradeTaskFamily",) if engine == "postgres" else ())
    result = run("--to", "v2.54.1", "--json")
    assert result.exit_code == 0, result.output
    roll, = [s for s in json.loads(result.stdout)["steps"] if s["title"].startswith("Roll")]
    assert roll["why"].endswith("wa-deploy mutes the deployment's alarms while the services "
                                "roll and restores them after (docs/deploy.md).")


def test_postgres_has_no_database_upgrade_task_and_says_why(cloud):
    deployed(context={"engine": "postgres"}, drop=("DbUpgradeTaskFamily",))
    result = run("--to", "v2.54.1")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert re.findall(r"^\d\. (.*)$", out, re.MULTILINE) == [
        "Back up the database and the file system",
        "Roll the services to v2.54.1: Webapps, then Masters, then Coreapps",
        "Check the cluster: GET /v1/health"]
    lines = commands(out)
    assert not [line for line in lines if "run-task" in line or "upgrade_tag=" in line]
    assert "aws rds create-db-snapshot --db-instance-identifier wainfra-database-ef56" in (
        lines[0])
    assert ("wa-deploy --prefix WaInfra --region us-east-1 -c image_tag=v2.54.1 --unset "
            "upgrade_tag") in lines
    assert ("Note: engine postgres: no database-upgrade task; seed 003 documents that service "
            "for MySQL only, and for other engines no step besides rolling the containers."
            ) in out
    assert "primary Master upgrades" not in out  # no source says so
    assert "Step 1 leaves the services on v2.53.0. Step 2 replaces every task" in out


def test_aurora_takes_a_cluster_snapshot_and_runs_the_task(cloud):
    deployed(outputs={"DbClusterIdentifier": "wainfra-aurora-ij90"},
             context={"engine": "aurora-mysql"}, drop=("DbInstanceIdentifier",))
    result = run("--to", "v2.54.1")
    assert result.exit_code == 0, result.output
    lines = commands(result.stdout)
    snapshot = re.search(r"--db-cluster-snapshot-identifier (\S+)", lines[0]).group(1)
    assert lines[:2] == [
        f"aws rds create-db-cluster-snapshot --db-cluster-identifier wainfra-aurora-ij90 "
        f"--db-cluster-snapshot-identifier {snapshot} --tags "
        "Key=wa-infra:image-tag,Value=v2.53.0 --region us-east-1",
        f"aws rds wait db-cluster-snapshot-available --db-cluster-snapshot-identifier "
        f"{snapshot} --region us-east-1"]
    assert not [line for line in lines if "create-db-snapshot" in line]
    assert [line for line in lines if "aws ecs run-task" in line]
    assert "(Aurora MySQL: AWS's MySQL-compatible engine)" in result.stdout


def test_an_existing_database_is_backed_up_by_its_owner(cloud):
    deployed(context={"db_host": "db.example.com"}, drop=("DbInstanceIdentifier",))
    result = run("--to", "v2.54.1")
    assert result.exit_code == 0, result.output
    lines = commands(result.stdout)
    assert not [line for line in lines if "aws rds" in line]
    assert lines[0].startswith("BACKUP_JOB=$(aws backup start-backup-job")
    assert "The deployment uses an existing database (db_host)" in result.stdout
    assert "back it up yourself" in result.stdout
    assert "check: your own backup of the database is complete" in result.stdout


def test_json_holds_the_same_steps_as_the_text(cloud):
    deployed()
    text = run("--to", "v2.54.1").stdout
    result = run("--to", "v2.54.1", "--json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert set(plan) == {"from", "to", "engine", "prefix", "region", "steps", "downtime",
                         "notes"}
    assert (plan["from"], plan["to"], plan["engine"], plan["prefix"], plan["region"]) == (
        "v2.53.0", "v2.54.1", "mysql", "WaInfra", "us-east-1")
    for step in plan["steps"]:
        assert set(step) == {"title", "why", "commands", "rolls", "check", "on_failure"}
    roll, = [s for s in plan["steps"] if s["rolls"]]
    assert [r["role"] for r in roll["rolls"]] == ["web", "master", "coreapp"]
    assert [s["title"] for s in plan["steps"]] == re.findall(r"^\d\. (.*)$", text, re.MULTILINE)
    # the snapshot name carries the minute: the two runs may straddle one
    minute = re.compile(r"-20[0-9]{12}")
    assert [minute.sub("", c) for s in plan["steps"] for c in s["commands"]] == [
        minute.sub("", c) for c in commands(text)]
    assert f"Downtime: {plan['downtime']}" in text


def test_the_prefix_and_every_output_are_quoted_for_the_shell(cloud):
    hostile = {"ClusterName": "wa cluster;touch x", "DbUpgradeTaskFamily": "$(reboot)",
               "CapacityProviderName": "cp'1"}
    deployed(outputs=hostile, prefix="Blue2")
    result = run("--to", "v2.54.1", "--prefix", "Blue2")
    assert result.exit_code == 0, result.output
    lines = commands(result.stdout)
    assert "wa-deploy --prefix Blue2 --region us-east-1 -c upgrade_tag=v2.54.1" in lines
    run_task = shlex.split(next(line for line in lines if "aws ecs run-task" in line)[
        len("TASK=$("):-1])
    assert run_task[run_task.index("--cluster") + 1] == "wa cluster;touch x"
    assert run_task[run_task.index("--task-definition") + 1] == "$(reboot)"
    assert run_task[run_task.index("--capacity-provider-strategy") + 1] == (
        "capacityProvider=cp'1,weight=1")
    assert re.search(r"--db-snapshot-identifier blue2-before-v2-54-1-20[0-9]{12} ",
                     lines[0])
    assert run("--to", "v2.54.1").exit_code == 1  # WaInfra is not deployed here


@pytest.mark.parametrize("args, message", [
    (["--prefix", "a b"], "prefix 'a b' is invalid: allowed a letter, then letters and "
                            "digits, 32 at most"),
    (["--prefix", "1st"], "prefix '1st' is invalid"),
    (["--region", "mars-1"], "region 'mars-1' is unknown: allowed af-south-1,"),
])
def test_a_bad_prefix_or_region_is_refused(args, message, cloud):
    result = run("--to", "v2.54.1", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"wa-upgrade: error: {message}")
    assert result.stderr.count("\n") == 1


def test_no_deployment_is_one_line_and_exit_1(cloud):
    result = run("--to", "v2.54.1")
    assert result.exit_code == 1
    assert result.stderr == ("wa-upgrade: error: no stack of WaInfra in us-east-1: name the "
                             "deployment's --prefix and --region\n")
    deployed(region="eu-west-1")
    assert run("--to", "v2.54.1").exit_code == 1
    assert run("--to", "v2.54.1", "--region", "eu-west-1").exit_code == 0


def test_a_deployment_without_remembered_inputs_cannot_be_planned(cloud):
    deployed(context=False)
    result = run("--to", "v2.54.1")
    assert result.exit_code == 1
    assert result.stderr.startswith("wa-upgrade: error: WaInfra-Enterprise in us-east-1 "
                                    "remembers no inputs")
    assert result.stderr.count("\n") == 1


def test_a_stack_without_the_upgrade_task_says_how_to_get_it(cloud):
    deployed(drop=("DbUpgradeTaskFamily", "CapacityProviderName"))
    result = run("--to", "v2.54.1")
    assert result.exit_code == 1
    assert result.stderr == (
        "wa-upgrade: error: WaInfra-Enterprise in us-east-1 has no output "
        "CapacityProviderName, DbUpgradeTaskFamily (deployed by a wa-infra without the "
        "database-upgrade task): deploy it once with this wa-infra, wa-deploy --prefix WaInfra "
        "--region us-east-1, which changes no input, then plan again\n")


def test_unreachable_aws_is_one_line_and_exit_1(monkeypatch, tmp_path):
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    result = run("--to", "v2.54.1")
    assert result.exit_code == 1
    assert result.stderr == ("wa-upgrade: error: cannot read the stacks of WaInfra in "
                             "us-east-1: Unable to locate credentials\n")


def test_notes_for_an_unfinished_upgrade_and_for_v2_29_3(cloud):
    deployed(context={"image_tag": "v2.29.1", "upgrade_tag": "v2.29.2"})
    out = run("--to", "v2.29.3").stdout
    assert ("Note: the deployment remembers upgrade_tag=v2.29.2 from an upgrade that did not "
            "finish; this plan replaces it.") in out
    assert ("seed 003 asks for a one-time `chown -R root /usr/local/wamedia/incoming "
            "/usr/local/wamedia/outgoing /usr/local/wamedia/shared`") in out


def test_a_target_before_the_database_upgrade_service_is_called_out(cloud):
    deployed(context={"image_tag": "v2.21.3"})
    out = run("--to", "v2.22.0").stdout
    assert ("Note: seed 003 documents the database-upgrade service from 2.23.x on; v2.22.0 is "
            "older: the task may never exit") in out


def test_isolated_coreapps_are_replaced_in_place(cloud):
    deployed(context={"isolate_coreapps": "true"})
    out = run("--to", "v2.54.1").stdout
    assert ("     c. Coreapps (CoreappService): one per host, replaced in place, half at a "
            "time (minimum healthy 50 %)") in out
    deployed(prefix="Packed")
    packed = run("--to", "v2.54.1", "--prefix", "Packed").stdout
    assert "     c. Coreapps (CoreappService): new tasks start before the old" in packed


RDS_ID = re.compile(r"[a-z](-?[a-z0-9])*")  # a letter first, no "--", no hyphen at the end


@given(prefix=st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,31}", fullmatch=True),
       version=st.tuples(*[st.integers(0, 999)] * 3))
def test_snapshot_identifiers_are_valid_for_rds(prefix, version):
    tag = "v{}.{}.{}".format(*version)
    name = snapshot_id(prefix, tag, datetime(2025, 1, 2, 3, 4, tzinfo=UTC))
    assert len(name) <= SNAPSHOT_ID_MAX
    assert RDS_ID.fullmatch(name), name
    assert name.endswith(f"-before-{tag.replace('.', '-')}-20250102030400")


def test_help_names_the_exit_codes():
    result = CliRunner().invoke(wa_upgrade, ["plan", "--help"], prog_name="wa-upgrade")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert ("Exit codes: 0 plan printed (or nothing to do), 1 the deployment could not be "
            "read, 2 bad input") in text
    assert "--allow-downgrade" in text


def test_ctrl_c_exits_130_not_the_code_for_an_unreadable_deployment(monkeypatch, capsys):
    def interrupted(prefix, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(upgrade, "read_deployment", interrupted)
    with pytest.raises(SystemExit) as stopped:
        upgrade.main.main(["plan", "--to", "v2.55.1", "--region", "us-east-1"],
                          prog_name="wa-upgrade")
    assert stopped.value.code == 130
    assert capsys.readouterr().err.strip().endswith("Aborted.")


# --- the database tier's outputs, the default region, a stack busy or not JSON -----------------
def database_stack(outputs, region=REGION):
    template = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
                "Outputs": {k: {"Value": v} for k, v in outputs.items()}}
    boto3.client("cloudformation", region_name=region).create_stack(
        StackName="WaInfra-Database", TemplateBody=json.dumps(template))


def test_the_database_identifier_comes_from_the_database_stack(cloud):
    deployed(drop=("DbInstanceIdentifier",))
    database_stack({"DbInstanceIdentifier": "wainfra-db-from-tier"})
    result = run("--to", "v2.54.1")
    assert result.exit_code == 0, result.output
    assert "--db-instance-identifier wainfra-db-from-tier" in result.stdout


def test_a_database_stack_without_outputs_adds_none(cloud):
    deployed()
    database_stack({})
    result = run("--to", "v2.54.1")
    assert result.exit_code == 0, result.output
    assert "--db-instance-identifier wainfra-database-ef56" in result.stdout


@pytest.mark.parametrize(("project", "region"), [({"region": "eu-west-1"}, "eu-west-1"),
                                                 ({}, "us-east-1")])
def test_without_region_the_project_region_or_us_east_1_is_read(cloud, monkeypatch, project,
                                                                region):
    import cli.aws_options

    monkeypatch.setattr(cli.aws_options, "project_region", lambda: project.get("region"))
    deployed(region=region)
    result = run("--to", "v2.54.1")
    assert result.exit_code == 0, result.output


class BusyStacks:
    """A CloudFormation client whose stacks all report `status`."""

    def __init__(self, client, status):
        self._client, self._status = client, status

    def describe_stacks(self, **kwargs):
        answer = self._client.describe_stacks(**kwargs)
        for stack in answer["Stacks"]:
            stack["StackStatus"] = self._status
        return answer

    def __getattr__(self, name):
        return getattr(self._client, name)


@pytest.mark.parametrize(("status", "code"), [
    ("UPDATE_IN_PROGRESS", 1), ("UPDATE_ROLLBACK_FAILED", 1), ("UPDATE_ROLLBACK_COMPLETE", 0),
    ("UPDATE_COMPLETE", 0)])
def test_a_stack_busy_or_failed_is_not_planned(cloud, monkeypatch, status, code):
    deployed()
    from cli.aws_options import AwsTarget

    real = AwsTarget.client
    monkeypatch.setattr(AwsTarget, "client", lambda *a: BusyStacks(real(*a), status))
    result = run("--to", "v2.54.1")
    assert result.exit_code == code, result.output
    if code:
        assert result.stderr == (f"wa-upgrade: error: WaInfra-Enterprise in us-east-1 is "
                                 f"{status}: plan the upgrade once it is complete\n")


def test_remembered_inputs_that_are_not_json_are_one_line(cloud):
    deployed(outputs={"DeploymentContext": "{not json"}, context=False)
    result = run("--to", "v2.54.1")
    assert result.exit_code == 1
    assert result.stderr == ("wa-upgrade: error: WaInfra-Enterprise in us-east-1: its "
                             "DeploymentContext output is not JSON (Expecting property name "
                             "enclosed in double quotes: line 1 column 2 (char 1))\n")


# --- --profile, and the region from the environment ------------------------------------------
def test_a_profile_reads_the_deployment_and_every_printed_command_carries_it(
        cloud, monkeypatch, tmp_path):
    (tmp_path / "config").write_text("[profile ops]\nregion = eu-west-1\n")
    (tmp_path / "credentials").write_text(
        "[ops]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    deployed(region="eu-west-1")
    result = run("--to", "v2.54.1", "--profile", "ops")  # the region is the profile's
    assert result.exit_code == 0, result.output
    lines = commands(result.stdout)
    for line in lines:
        if line.startswith(("aws ", "BACKUP_JOB=", "TASK=", "wa-deploy ")):
            assert "--region eu-west-1 --profile ops" in line, line
    assert "wa-deploy --prefix WaInfra --region eu-west-1 --profile ops -c upgrade_tag=v2.54.1" \
        in lines
    assert run("--to", "v2.54.1", "--profile", "nosuch").stderr == (
        "wa-upgrade: error: profile 'nosuch' (from --profile) is not in the AWS config: allowed "
        "a profile that `aws configure list-profiles` lists\n")


def test_the_region_of_the_environment_comes_before_the_project_s(cloud, monkeypatch):
    deployed(region="eu-west-2")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    result = run("--to", "v2.54.1", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["region"] == "eu-west-2"
    monkeypatch.setenv("AWS_REGION", "mars-1")
    result = run("--to", "v2.54.1")
    assert result.exit_code == 2
    assert result.stderr.endswith("(from $AWS_REGION, $AWS_DEFAULT_REGION or the AWS config)\n")


def test_the_source_the_steps_cite_is_named_with_its_title_and_url():
    from deploy import upgrade_steps

    assert upgrade_steps.SEED_003.startswith("seed 003 is Meta's \"Production Setup: High "
                                             "Availability & Multiconnect\", https://")
    from pathlib import Path

    sources = (Path(__file__).resolve().parents[2] / "docs" / "sources.md").read_text()
    assert upgrade_steps.SEED_003.rsplit(", ", 1)[1] in sources  # the same page as listed
