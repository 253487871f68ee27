"""Deploy rehearsal, fast tier: the CDK app's four stacks created in in-process moto with
their cross-stack references, updated 8 -> 16 -> 8 shards, then deleted without losing
anything stateful. Asserted through boto3 against the plan. (What moto does not model,
alarms, scaling policies and capacity providers, is asserted on the templates in
tests/stacks/.)"""

import re

import boto3
import pytest
from moto import mock_aws

from contract.database_logs import DB_LOG_EXPORTS
from contract.network import FLOWS
from gates import renderings
from gates.deployed import check_deployed
from sizing import plan
from tests.support import local_cloud, moto_compat
from tests.support.probe_ready import assert_probe_reports_with_no_manual_step
from tests.support.synth import synth_many
from tests.templates.test_deploy_moto import assert_kept, record_kept

PREFIX = "WaInfra"
RATE = "100"  # a pure shard change: same traffic, more shards


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory):
    """Outdirs of the app at 8 and 16 shards (same rate, as in a shard change)."""
    return {shards: synth_many({PREFIX: {"shards": str(shards), "rate": RATE}},
                               tmp_path_factory.mktemp(f"cdk.out.{shards}"))
            for shards in (8, 16)}


@pytest.fixture
def cloud(monkeypatch):
    for name, value in (("AWS_DEFAULT_REGION", local_cloud.REGION),
                        ("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing")):
        monkeypatch.setenv(name, value)
    with mock_aws(), moto_compat.applied():
        local_cloud.bootstrap()
        yield


def outdir(synth):
    return next(iter(synth.values())).stacks["network"].node.root.outdir


def assert_contract_holds(synth, outdir) -> None:
    """The cluster contract on the deployed state: security groups, routes and the load
    balancer as EC2 reports them, zones from the deployed rendering."""
    rendering = renderings.cdk_rendering(PREFIX, outdir, synth.plan, synth.deployment)
    names = {path: path for path in rendering.deployment.stacks}
    report = check_deployed(rendering.deployment, rendering.expectation, names, boto3)
    assert report.ok, report.lines()
    assert [v.allowed for v in report.verdicts] == [True] * len(FLOWS)


def assert_default_group_closed_and_db_logs_kept() -> None:
    """What the custom resources did: the VPC's default group holds no rule, the database's
    exported logs have their encrypted groups with the retention."""
    assert local_cloud.default_group_rules() == ([], [])
    assert local_cloud.db_log_groups() == {log: (30, True) for log in DB_LOG_EXPORTS["mysql"]}


def assert_cluster_matches(expected, cluster: str) -> None:
    clusters = boto3.client("ecs").list_clusters()["clusterArns"]
    assert [arn.rsplit("/", 1)[1] for arn in clusters] == [cluster]
    state = local_cloud.cluster_state()
    assert {k: state[k] for k in ("ec2", "services")} == local_cloud.planned_state(expected)


def test_create_update_and_delete_keep_the_plan_and_the_data(synthesized, cloud):
    from pathlib import Path

    eight, sixteen = (Path(outdir(synthesized[n])) for n in (8, 16))
    plan_8, plan_16 = plan(100, 8), plan(100, 16)

    # --- create
    stacks = local_cloud.deploy(eight, PREFIX)
    assert {s["StackStatus"] for s in stacks.values()} == {"CREATE_COMPLETE"}
    cluster = local_cloud.outputs(stacks["enterprise"])["ClusterName"]
    assert local_cloud.outputs(stacks["enterprise"])["Shards"] == "8"
    assert_cluster_matches(plan_8, cluster)
    assert_contract_holds(synthesized[8][PREFIX], eight)
    assert_probe_reports_with_no_manual_step(local_cloud.outputs(stacks["enterprise"]))

    database, = boto3.client("rds").describe_db_instances()["DBInstances"]
    assert (database["Engine"], database["DBInstanceClass"]) == ("mysql", plan_8.db_rds_class)
    assert (database["MultiAZ"], database["StorageEncrypted"]) == (True, True)
    assert database["PubliclyAccessible"] is False

    ec2 = boto3.client("ec2")
    groups = {g["GroupId"]: g for g in ec2.describe_security_groups()["SecurityGroups"]}
    # (moto reports the default group on the instance itself; the template test pins
    # VPCSecurityGroups, here the rule as deployed)
    db_group, = (g for g in groups.values() if "DatabaseSecurityGroup" in g["GroupName"])
    (rule,) = db_group["IpPermissions"]
    assert (rule["FromPort"], rule["ToPort"], rule["IpRanges"]) == (3306, 3306, [])
    (source,) = rule["UserIdGroupPairs"]
    assert "HostsSecurityGroup" in groups[source["GroupId"]]["GroupName"]
    for group in groups.values():
        for permission in group["IpPermissions"]:
            assert "0.0.0.0/0" not in {r["CidrIp"] for r in permission.get("IpRanges", [])}

    assert_default_group_closed_and_db_logs_kept()

    file_system, = boto3.client("efs").describe_file_systems()["FileSystems"]
    assert file_system["Encrypted"] is True
    parameters = boto3.client("ssm").get_parameters_by_path(
        Path=f"/{PREFIX}/db", WithDecryption=True)["Parameters"]
    by_name = {p["Name"].rsplit("/", 1)[1]: p for p in parameters}
    assert set(by_name) == {"hostname", "port", "username", "password"}
    assert {p["Type"] for p in parameters} == {"SecureString"}
    assert by_name["hostname"]["Value"] == database["Endpoint"]["Address"]

    # --- update: 8 -> 16 shards, then back
    stacks = local_cloud.deploy(sixteen, PREFIX)
    assert {s["StackStatus"] for s in stacks.values()} == {"UPDATE_COMPLETE"}
    assert local_cloud.outputs(stacks["enterprise"])["Shards"] == "16"
    assert_cluster_matches(plan_16, cluster)
    assert_contract_holds(synthesized[16][PREFIX], sixteen)
    local_cloud.deploy(eight, PREFIX)
    assert_cluster_matches(plan_8, cluster)
    database_after, = boto3.client("rds").describe_db_instances()["DBInstances"]
    assert database_after["DBInstanceIdentifier"] == database["DBInstanceIdentifier"]

    # --- delete the tiers above the network: nothing stateful is lost, by identity
    deleted = [f"{PREFIX}-{tier}" for tier in ("Enterprise", "Lambda", "Database")]
    recorded = record_kept(deleted)
    kept = recorded["stacks"]
    assert list(kept["AWS::RDS::DBInstance"].values()) == [database["DBInstanceIdentifier"]]
    assert list(kept["AWS::EFS::FileSystem"].values()) == [file_system["FileSystemId"]]
    assert len(kept["AWS::SecretsManager::Secret"]) == 4 and kept["AWS::KMS::Key"]
    cloudformation = boto3.client("cloudformation")
    for name in deleted:
        cloudformation.delete_stack(StackName=name)
    assert [s["StackName"] for s in cloudformation.describe_stacks()["Stacks"]] == [
        f"{PREFIX}-Network"]
    assert_kept(recorded)  # the keys, secrets, file system, snapshot and log groups recorded
    snapshot, = boto3.client("rds").describe_db_snapshots()["DBSnapshots"]
    assert snapshot["DBInstanceIdentifier"] == database["DBInstanceIdentifier"]
    secrets = {s["Name"] for s in boto3.client("secretsmanager").list_secrets()["SecretList"]}
    # by identity: the DB credentials, the Webapps' API key and JWT key, the probe's options
    assert sorted(re.sub(r"[0-9A-F]{8}-\w+$", "", s) for s in secrets) == [
        f"{PREFIX}-Database-DatabaseSecret", f"{PREFIX}-Enterprise-ProbeCredentials",
        f"{PREFIX}-Enterprise-WebApiKey", f"{PREFIX}-Enterprise-WebJwtKey"]

