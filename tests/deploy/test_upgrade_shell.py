"""wa-upgrade's steps run as the operator runs them: every printed command of a plan, in one
bash, against a stand-in `aws` that refuses what the AWS CLI would refuse and answers from a
small world (tests/support/fake_aws.py). Asserted: the API calls the commands amount to, with
the deployment's identifiers, and what the shell carries from one step to the next."""

import os
import subprocess
from datetime import UTC, datetime

import click
import pytest

from cli.deploy import main as wa_deploy
from deploy.upgrade_steps import Deployed, plan_upgrade
from tests.support import fake_aws

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
STAMP = "20261125093000"
ACCOUNT = "123456789012"
CLUSTER = "WaInfra-Cluster-Ab12"
SERVICES = {f"arn:aws:ecs:us-east-1:{ACCOUNT}:service/{CLUSTER}/{name}": count
            for name, count in (("WaInfra-WebService-1", 2), ("WaInfra-MasterService-2", 2),
                                ("WaInfra-CoreappService-3", 8))}
SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:WebApiKey-Xy9"
OUTPUTS = {
    "ClusterName": CLUSTER, "CapacityProviderName": "WaInfra-Capacity-Cd34",
    "DbUpgradeTaskFamily": "WaInfraEnterpriseDbUpgradeTask",
    "FileSystemId": "fs-0123456789abcdef0", "CoreappServiceName": "WaInfra-CoreappService-3",
    "ApiEndpoint": "https://wa-lb-1.elb.us-east-1.amazonaws.com", "Shards": "8",
    "ApiKeySecret": SECRET,
}
INSTANCE = "wainfra-database-ef56"
AURORA = "wainfra-aurora-ij90"
# describe-db-instances of the stack's database, two ways: every setting the restore carries
# over set, and every optional one left as RDS leaves it
FULL = {"DBInstanceClass": "db.r6g.large",
        "DBSubnetGroup": {"DBSubnetGroupName": "wainfra-db-subnets"},
        "DBParameterGroups": [{"DBParameterGroupName": "wainfra-mysql8"}],
        "OptionGroupMemberships": [{"OptionGroupName": "wainfra-audit"}],
        "MultiAZ": True, "BackupRetentionPeriod": 7, "DeletionProtection": True,
        "IAMDatabaseAuthenticationEnabled": True, "MonitoringInterval": 60,
        "MonitoringRoleArn": f"arn:aws:iam::{ACCOUNT}:role/rds-monitoring",
        "StorageType": "gp3", "Iops": 3000, "StorageThroughput": 125,
        "CACertificateIdentifier": "rds-ca-rsa2048-g1",
        "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-0a1"}, {"VpcSecurityGroupId": "sg-0b2"}],
        "EnabledCloudwatchLogsExports": ["audit", "error"]}
BARE = {**FULL, "OptionGroupMemberships": [], "MultiAZ": False, "DeletionProtection": False,
        "IAMDatabaseAuthenticationEnabled": False, "MonitoringInterval": 0,
        "StorageType": "gp2", "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-0a1"}]}
for key in ("MonitoringRoleArn", "Iops", "StorageThroughput", "EnabledCloudwatchLogsExports"):
    del BARE[key]  # absent from RDS's answer: the query gives None


def tags(version, pending=None):
    return ([{"Key": "wa-infra:image-tag", "Value": version}]
            + ([{"Key": "wa-infra:upgrade-tag", "Value": pending}] if pending else []))


def snapshots(kind, owner_key, owner):
    """Manual snapshots of `owner` (and one of another database) as a downgrade to v2.51.9
    finds them: the newest taken while v2.51.9 ran is `...-good`."""
    def snapshot(name, owner_, when, tag_list):
        return {f"{kind}Identifier": name, owner_key: owner_,
                "SnapshotType": "manual", "SnapshotCreateTime": f"2026-{when}T09:00:00+00:00",
                "TagList": tag_list}
    return [snapshot("wainfra-before-v2-51-9-old", owner, "09-01", tags("v2.51.9")),
            snapshot("wainfra-before-v2-53-0-good", owner, "10-01", tags("v2.51.9")),
            # an upgrade from v2.51.9 that did not finish: its task may have moved the schema
            snapshot("wainfra-before-v2-53-0-unfinished", owner, "10-02",
                     tags("v2.51.9", "v2.53.0")),
            snapshot("wainfra-before-v2-52-0-other", owner, "10-03", tags("v2.52.0")),
            snapshot("another-before-v2-53-0", "another-db", "10-04", tags("v2.51.9"))]


def world(database=FULL):
    return {"cluster": CLUSTER, "services": dict(SERVICES), "secrets": {SECRET: "k3y"},
            "instances": [{"DBInstanceIdentifier": INSTANCE, "DBInstanceStatus": "available",
                           **database}],
            "clusters": [{"DBClusterIdentifier": AURORA}],
            "snapshots": snapshots("DBSnapshot", "DBInstanceIdentifier", INSTANCE),
            "cluster_snapshots": snapshots("DBClusterSnapshot", "DBClusterIdentifier",
                                               AURORA)}


def deployment(database="instance", engine="mysql", image_tag="v2.53.0", profile=None,
               prefix="WaInfra"):
    outputs = dict(OUTPUTS)
    if database == "instance":
        outputs["DbInstanceIdentifier"] = INSTANCE
    elif database == "cluster":
        outputs["DbClusterIdentifier"] = AURORA
    remembered = {"image_tag": image_tag, "engine": engine, "region": "us-east-1"}
    if database == "existing":
        remembered["db_host"] = "db.example.com"
    return Deployed(prefix, "us-east-1", "aws", ACCOUNT, outputs, remembered, profile)


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    path = tmp_path_factory.mktemp("aws") / "spec.json"
    fake_aws.write_spec(path)
    return path


def run(plan, spec, tmp_path, the_world=None):
    """The plan's commands in one bash (stopping at the first that fails), in tmp_path:
    (the lines they printed but the JSON answers of aws, the calls they made)."""
    state = tmp_path / "state"
    state.mkdir()
    (state / "spec.json").write_text(spec.read_text())
    fake_aws.install(tmp_path / "bin", state, the_world or world())
    script = "\n".join(c for step in plan.steps for c in step.commands)
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}",
           "FAKE_LOGGED_ENV": "WA_API_KEY"}
    done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    made = fake_aws.calls(state)
    wrong = [c for c in made if "refused" in c or "failed" in c]
    assert not wrong, wrong
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if not line.startswith("{")], made


def api(made, operation=None):
    return [(c["operation"], c["params"]) for c in made
            if c["command"] == "aws" and operation in (None, c["operation"])]


def argv(made, command):
    return [c["argv"] for c in made if c["command"] == command]


def parsed_by_wa_deploy(args):
    """wa-deploy's own parser takes these arguments (nothing runs)."""
    command, rest = wa_deploy, list(args)
    while isinstance(command, click.Group) and rest and rest[0] in command.commands:
        command, rest = command.commands[rest[0]], rest[1:]
    context = command.make_context(command.name, rest)
    assert not context.args, args


SNAPSHOT_TAG = [{"Key": "wa-infra:image-tag", "Value": "v2.53.0"}]


def test_an_upgrade_of_an_rds_instance_runs_the_task_between_backup_and_roll(spec, tmp_path):
    out, made = run(plan_upgrade(deployment(), "v2.54.1", now=NOW), spec, tmp_path)
    snapshot = f"wainfra-before-v2-54-1-{STAMP}"
    task = f"arn:aws:ecs:us-east-1:{ACCOUNT}:task/{CLUSTER}/0a1b2c"
    efs = f"arn:aws:elasticfilesystem:us-east-1:{ACCOUNT}:file-system/fs-0123456789abcdef0"
    assert api(made) == [
        ("CreateDBSnapshot", {"DBInstanceIdentifier": INSTANCE, "DBSnapshotIdentifier": snapshot,
                              "Tags": SNAPSHOT_TAG}),
        ("DBSnapshotAvailable", {"DBSnapshotIdentifier": snapshot}),
        ("StartBackupJob", {"BackupVaultName": "Default", "ResourceArn": efs, "IamRoleArn":
                            f"arn:aws:iam::{ACCOUNT}:role/service-role/"
                            "AWSBackupDefaultServiceRole"}),
        ("DescribeBackupJob", {"BackupJobId": "job-0d1e2f"}),
        ("RunTask", {"cluster": CLUSTER, "taskDefinition": "WaInfraEnterpriseDbUpgradeTask",
                     "capacityProviderStrategy": [{"capacityProvider": "WaInfra-Capacity-Cd34",
                                                   "weight": 1}],
                     "count": 1, "startedBy": "wa-upgrade"}),
        ("TasksStopped", {"cluster": CLUSTER, "tasks": [task]}),
        ("DescribeTasks", {"cluster": CLUSTER, "tasks": [task]}),
        ("ServicesStable", {"cluster": CLUSTER, "services": ["WaInfra-CoreappService-3"]}),
        ("GetSecretValue", {"SecretId": SECRET})]
    assert {c["region"] for c in made if c["command"] == "aws"} == {"us-east-1"}
    assert out == ["COMPLETED", task, "0"]  # the job's state, $TASK, its exit code
    deploys = argv(made, "wa-deploy")
    assert deploys == [["--prefix", "WaInfra", "--region", "us-east-1", "-c",
                        "upgrade_tag=v2.54.1", "--dry-run"],
                       ["--prefix", "WaInfra", "--region", "us-east-1", "-c",
                        "upgrade_tag=v2.54.1"],
                       ["--prefix", "WaInfra", "--region", "us-east-1", "-c",
                        "image_tag=v2.54.1", "--unset", "upgrade_tag", "--dry-run"],
                       ["--prefix", "WaInfra", "--region", "us-east-1", "-c",
                        "image_tag=v2.54.1", "--unset", "upgrade_tag"]]
    for args in deploys:
        parsed_by_wa_deploy(args)
    health, = [c for c in made if c["command"] == "wa-shards"]
    assert health["argv"] == ["health", "--url", "https://wa-lb-1.elb.us-east-1.amazonaws.com",
                              "--expect", "8", "--within", "300"]
    assert health["env"] == {"WA_API_KEY": "k3y"}  # the Webapps' key reaches wa-shards


def test_an_upgrade_of_aurora_snapshots_the_cluster_and_names_the_profile(spec, tmp_path):
    plan = plan_upgrade(deployment("cluster", "aurora-mysql", profile="ops"), "v2.54.1", now=NOW)
    _, made = run(plan, spec, tmp_path)
    snapshot = f"wainfra-before-v2-54-1-{STAMP}"
    assert api(made)[:2] == [
        ("CreateDBClusterSnapshot", {"DBClusterIdentifier": AURORA, "Tags": SNAPSHOT_TAG,
                                     "DBClusterSnapshotIdentifier": snapshot}),
        ("DBClusterSnapshotAvailable", {"DBClusterSnapshotIdentifier": snapshot})]
    assert "RunTask" in [operation for operation, _ in api(made)]
    assert {(c["region"], c["profile"]) for c in made if c["command"] == "aws"} == {
        ("us-east-1", "ops")}
    for args in argv(made, "wa-deploy"):
        assert args[:5] == ["--prefix", "WaInfra", "--region", "us-east-1", "--profile"]


@pytest.mark.parametrize("database", [FULL, BARE], ids=["every-setting", "rds-defaults"])
def test_a_downgrade_of_an_rds_instance_restores_the_snapshot_taken_while_the_target_ran(
        spec, tmp_path, database):
    plan = plan_upgrade(deployment(), "v2.51.9", allow_downgrade=True, now=NOW)
    out, made = run(plan, spec, tmp_path, world(database))
    restored, kept = f"wainfra-restored-{STAMP}", f"wainfra-v2-53-0-{STAMP}"
    calls = api(made)
    assert calls[:4] == [
        ("CreateDBSnapshot", {"DBInstanceIdentifier": INSTANCE, "Tags": SNAPSHOT_TAG,
                              "DBSnapshotIdentifier": f"wainfra-before-v2-51-9-{STAMP}"}),
        ("DBSnapshotAvailable", {"DBSnapshotIdentifier": f"wainfra-before-v2-51-9-{STAMP}"}),
        ("StartBackupJob", calls[2][1]), ("DescribeBackupJob", {"BackupJobId": "job-0d1e2f"})]
    assert calls[4] == ("DescribeDBSnapshots", {"DBInstanceIdentifier": INSTANCE,
                                                "SnapshotType": "manual"})
    # what the operator reads: the backup's state; the newest snapshot tagged v2.51.9 of this
    # database, not one of an unfinished upgrade; the counts kept; the services stopped; the
    # restored instance creating and each rename under way; the services started
    names = [arn.rsplit("/", 1)[1] for arn in SERVICES]
    assert out == ["COMPLETED", "wainfra-before-v2-53-0-good",
                   *(f"{arn} {count}" for arn, count in SERVICES.items()), *names,
                   "creating", "modifying", "modifying", *names]
    assert (tmp_path / "desired-counts.txt").read_text().splitlines() == [
        f"{arn} {count}" for arn, count in SERVICES.items()]
    stop = [p for o, p in calls if o == "UpdateService"][:3]
    assert stop == [{"cluster": CLUSTER, "service": arn, "desiredCount": 0} for arn in SERVICES]
    assert ("ServicesStable", {"cluster": CLUSTER, "services": list(SERVICES)}) in calls
    restore, = [p for o, p in calls if o == "RestoreDBInstanceFromDBSnapshot"]
    assert restore == {
        "DBInstanceIdentifier": restored, "DBSnapshotIdentifier": "wainfra-before-v2-53-0-good",
        "DBInstanceClass": "db.r6g.large", "DBSubnetGroupName": "wainfra-db-subnets",
        "DBParameterGroupName": "wainfra-mysql8", "StorageType": database["StorageType"],
        "VpcSecurityGroupIds": [g["VpcSecurityGroupId"] for g in database["VpcSecurityGroups"]],
        "MultiAZ": database["MultiAZ"], "CACertificateIdentifier": "rds-ca-rsa2048-g1",
        "CopyTagsToSnapshot": True,
        **({"OptionGroupName": "wainfra-audit", "EnableIAMDatabaseAuthentication": True,
            "EnableCloudwatchLogsExports": ["audit", "error"], "Iops": 3000,
            "StorageThroughput": 125} if database is FULL else {})}
    renames = [p for o, p in calls if o == "ModifyDBInstance"]
    assert renames == [
        {"DBInstanceIdentifier": INSTANCE, "NewDBInstanceIdentifier": kept,
         "ApplyImmediately": True},
        {"DBInstanceIdentifier": restored, "NewDBInstanceIdentifier": INSTANCE,
         "BackupRetentionPeriod": 7, "DeletionProtection": database["DeletionProtection"],
         "ApplyImmediately": True,
         **({"MonitoringInterval": 60, "MonitoringRoleArn": FULL["MonitoringRoleArn"]}
            if database is FULL else {})}]
    waits = [p["DBInstanceIdentifier"] for o, p in calls if o == "DBInstanceAvailable"]
    assert waits == [restored, kept, INSTANCE]
    # started again at the counts kept, after the roll to v2.51.9
    start = [p for o, p in calls if o == "UpdateService"][3:]
    assert start == [{"cluster": CLUSTER, "service": arn, "desiredCount": count}
                     for arn, count in SERVICES.items()]
    assert [o for o, _ in calls].count("ServicesStable") == 3  # stopped, started, the check
    deploys = argv(made, "wa-deploy")
    base = ["--prefix", "WaInfra", "--region", "us-east-1"]
    assert deploys == [["alarms", "mute", *base],
                       [*base, "-c", "image_tag=v2.51.9", "--unset", "upgrade_tag",
                        "--allow-downgrade", "--dry-run"],
                       [*base, "-c", "image_tag=v2.51.9", "--unset", "upgrade_tag",
                        "--allow-downgrade"],
                       ["alarms", "restore", *base, "WaInfra-Alarm-1", "WaInfra-Alarm-2"]]
    for args in deploys:
        parsed_by_wa_deploy(args)
    order = [c["command"] + (c.get("operation") or " ".join(c.get("argv", [])[:2]))
             for c in made]
    assert order.index("wa-deployalarms mute") < order.index("awsUpdateService")
    assert order[-1] == "wa-deployalarms restore"


def test_a_downgrade_of_aurora_finds_the_cluster_snapshot_and_leaves_the_restore_to_you(
        spec, tmp_path):
    plan = plan_upgrade(deployment("cluster", "aurora-mysql"), "v2.51.9", allow_downgrade=True,
                        now=NOW)
    out, made = run(plan, spec, tmp_path)
    calls = api(made)
    assert ("DescribeDBClusterSnapshots", {"DBClusterIdentifier": AURORA,
                                           "SnapshotType": "manual"}) in calls
    assert out[:2] == ["COMPLETED", "wainfra-before-v2-53-0-good"]
    operations = {o for o, _ in calls}
    assert not operations & {"RestoreDBInstanceFromDBSnapshot", "ModifyDBInstance",
                             "DescribeDBSnapshots", "CreateDBSnapshot"}
    assert "UpdateService" in operations


def test_a_downgrade_with_an_existing_database_touches_no_database(spec, tmp_path):
    plan = plan_upgrade(deployment("existing"), "v2.51.9", allow_downgrade=True, now=NOW)
    out, made = run(plan, spec, tmp_path)
    assert not [o for o, _ in api(made) if o.startswith(("Create", "Describe", "Restore",
                                                          "Modify", "DB"))
                and o not in ("DescribeServices", "DescribeBackupJob")]
    find = plan.steps[1]
    assert find.commands == () and "SNAP" not in out
    assert [o for o, _ in api(made)].count("UpdateService") == 6  # stopped, then started
