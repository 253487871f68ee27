"""The four plain templates create in moto (in-process) and size the cluster like the plan.

moto needs a few corrections to accept valid CloudFormation (tests/support/moto_compat.py);
what it does not model (capacity providers, alarms) is asserted at template level instead.
"""

import boto3
import pytest

from contract.database_logs import DB_LOG_EXPORTS
from gates import renderings
from sizing import plan
from tests.support import local_cloud
from tests.templates.moto_deploy import assert_the_contract_is_kept, deploy, mocked_aws

# what a delete must leave behind, by CloudFormation type (DBInstance: a final snapshot)
KEPT_TYPES = ("AWS::KMS::Key", "AWS::SecretsManager::Secret", "AWS::EFS::FileSystem",
              "AWS::RDS::DBInstance", "AWS::Logs::LogGroup")


@pytest.fixture
def aws(monkeypatch):
    with mocked_aws(monkeypatch):
        yield


def desired_counts(cluster: str) -> dict[str, int]:
    ecs = boto3.client("ecs")
    arns = ecs.list_services(cluster=cluster)["serviceArns"]
    services = ecs.describe_services(cluster=cluster, services=arns)["services"]
    return {s["serviceName"].split("-")[1]: s["desiredCount"] for s in services}


# the two corners of the grid: each value of each input once (the Mappings cells between
# them are checked offline against wa-size in tests/templates/test_structure.py)
@pytest.mark.parametrize(("shards", "env"), [(8, "production"), (32, "staging")])
def test_cluster_is_sized_like_the_plan(rendered, aws, shards, env):
    stacks = deploy(rendered, ActiveCoreapps=shards, EnvType=env)
    assert {s["StackStatus"] for s in stacks.values()} == {"CREATE_COMPLETE"}
    assert len(stacks) == 4  # the enterprise stack and its three tiers
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stacks["wa"]["Outputs"]}
    expected = plan(100, shards, env=env)  # the Throughput parameter's default is 100
    group, = boto3.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]
    assert (group["MinSize"], group["MaxSize"], group["DesiredCapacity"]) == (
        expected.ec2_min, expected.ec2_max, expected.ec2_desired)
    counts = desired_counts(outputs["ClusterName"])
    assert counts["CoreappService"] == expected.total_coreapps
    assert counts["MasterService"] == expected.masters
    assert counts["WebService"] == expected.webapps
    assert (outputs["Shards"], outputs["Coreapps"]) == (str(shards),
                                                          str(expected.total_coreapps))


# the default parameters: tests/templates/test_deploy_moto_default.py (one deployment)
@pytest.mark.parametrize("name", ["public-api", "staging"])
def test_the_deployed_security_groups_and_routes_keep_the_contract(rendered, parsed, aws, name):
    deploy(rendered, **renderings.PLAIN_GRID[name])
    assert_the_contract_is_kept(parsed, name)


def test_the_custom_resources_close_the_default_group_and_keep_the_db_logs(rendered, aws):
    deploy(rendered, LogRetentionDays=90)
    assert local_cloud.default_group_rules() == ([], [])
    assert local_cloud.db_log_groups() == {log: (90, True) for log in DB_LOG_EXPORTS["mysql"]}
    # the audit log's plugin, in the option group the instance names
    assert local_cloud.db_audit_options() == {"SERVER_AUDIT_EVENTS": "CONNECT,QUERY_DDL,QUERY_DCL"}


# --- delete: the data and its keys stay, by identity ---------------------------------------------

def record_kept(stack_names) -> dict:
    """Before a delete: every KMS key that exists, and the physical ids of the stateful
    resources of these stacks (type -> {logical id: physical id}), read while they exist."""
    cloudformation = boto3.client("cloudformation")
    found: dict[str, dict[str, str]] = {t: {} for t in KEPT_TYPES}
    for name in stack_names:
        pages = cloudformation.get_paginator("list_stack_resources").paginate(StackName=name)
        for page in pages:
            for item in page["StackResourceSummaries"]:
                if item["ResourceType"] in found:
                    found[item["ResourceType"]][item["LogicalResourceId"]] = item[
                        "PhysicalResourceId"]
    keys = {k["KeyId"] for k in boto3.client("kms").list_keys()["Keys"]}
    assert set(found["AWS::KMS::Key"].values()) <= keys
    return {"stacks": found, "keys": keys}


def assert_kept(recorded: dict) -> None:
    """After the delete: exactly the keys that existed before, each still enabled (not even
    pending deletion); exactly the recorded secrets, none scheduled for deletion; the
    recorded file systems; one final snapshot of each recorded database and no instance;
    the recorded log groups."""
    stacks = recorded["stacks"]
    kms = boto3.client("kms")
    keys = {k["KeyId"] for k in kms.list_keys()["Keys"]}
    assert keys == recorded["keys"], (
        f"gone: {sorted(recorded['keys'] - keys)}, new: {sorted(keys - recorded['keys'])}")
    assert {k: kms.describe_key(KeyId=k)["KeyMetadata"]["KeyState"] for k in keys} == (
        dict.fromkeys(recorded["keys"], "Enabled"))

    secretsmanager = boto3.client("secretsmanager")
    secrets = {s["ARN"] for s in secretsmanager.list_secrets()["SecretList"]}
    assert secrets == set(stacks["AWS::SecretsManager::Secret"].values())
    for arn in secrets:
        assert "DeletedDate" not in secretsmanager.describe_secret(SecretId=arn), arn

    efs = boto3.client("efs")
    assert sorted(f["FileSystemId"] for f in efs.describe_file_systems()["FileSystems"]) == (
        sorted(stacks["AWS::EFS::FileSystem"].values()))

    rds = boto3.client("rds")
    assert rds.describe_db_instances()["DBInstances"] == []
    snapshots = rds.describe_db_snapshots()["DBSnapshots"]
    assert sorted(s["DBInstanceIdentifier"] for s in snapshots) == sorted(
        stacks["AWS::RDS::DBInstance"].values())
    assert {s["SnapshotType"] for s in snapshots} <= {"manual"}  # kept until deleted by hand

    groups = {g["logGroupName"] for page in boto3.client("logs").get_paginator(
        "describe_log_groups").paginate() for g in page["logGroups"]}
    assert set(stacks["AWS::Logs::LogGroup"].values()) <= groups


def test_delete_keeps_the_data_and_its_keys_by_identity(rendered, aws):
    stacks = deploy(rendered)
    recorded = record_kept(stacks)
    kept = recorded["stacks"]
    # the data and what opens it, by logical id
    assert {"DataKey", "FileSystemKey", "WebJwtKeyKey"} <= set(kept["AWS::KMS::Key"])
    assert {"DatabaseSecret", "WebJwtKey"} <= set(kept["AWS::SecretsManager::Secret"])
    assert set(kept["AWS::EFS::FileSystem"]) == {"FileSystem"}
    assert set(kept["AWS::RDS::DBInstance"]) == {"Database"}
    (file_system,) = boto3.client("efs").describe_file_systems()["FileSystems"]
    assert kept["AWS::EFS::FileSystem"]["FileSystem"] == file_system["FileSystemId"]
    (database,) = boto3.client("rds").describe_db_instances()["DBInstances"]
    assert kept["AWS::RDS::DBInstance"]["Database"] == database["DBInstanceIdentifier"]

    cloudformation = boto3.client("cloudformation")
    cloudformation.delete_stack(StackName="wa")  # the nested tiers go with it
    assert cloudformation.describe_stacks()["Stacks"] == []
    assert_kept(recorded)

    # the check counts: a retained key that disappears fails it
    from moto.kms.models import kms_backends

    kms_backends[local_cloud.ACCOUNT]["us-east-1"].delete_key(kept["AWS::KMS::Key"]["DataKey"])
    with pytest.raises(AssertionError, match="gone"):
        assert_kept(recorded)
