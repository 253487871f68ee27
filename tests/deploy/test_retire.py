"""The retire engine (deploy/retire.py) against the default deployment in in-process moto: the
plan read from CloudFormation (order, what is kept, what it costs), then the retire itself, and
the kept data found again afterwards. The app is the session's synth (tests/conftest.py): no
synth of its own; one deploy for the module (~5 s)."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from contract.database_logs import DB_LOG_EXPORTS
from deploy import events, retire
from deploy.keep_prices import KEEP_PRICES
from tests.support import local_cloud, moto_compat, rehearsal

PREFIX = "Default"  # a context of the session synth, deployed under its own name
STACKS = [f"{PREFIX}-{tier}" for tier in ("Enterprise", "Lambda", "Database", "Network")]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "retire.md"


def template_count(synth, type_: str) -> int:
    return sum(r["Type"] == type_ for template in synth.templates.values()
               for r in template.to_json()["Resources"].values())


@pytest.fixture(scope="module")
def cloud():
    with pytest.MonkeyPatch.context() as env:
        for name, value in (("AWS_DEFAULT_REGION", local_cloud.REGION),
                            ("AWS_ACCESS_KEY_ID", "testing"),
                            ("AWS_SECRET_ACCESS_KEY", "testing")):
            env.setenv(name, value)
        env.delenv("AWS_ENDPOINT_URL", raising=False)
        with mock_aws(), moto_compat.applied():
            local_cloud.bootstrap()
            yield


@pytest.fixture(scope="module")
def deployed(synths, cloud):
    synth = synths[PREFIX]
    outdir = Path(synth.outdir)
    stacks = local_cloud.deploy(outdir, PREFIX)
    assert {s["StackStatus"] for s in stacks.values()} == {"CREATE_COMPLETE"}
    return synth


@pytest.fixture(scope="module")
def plan(deployed):
    return retire.plan_retirement(boto3.client("cloudformation"), PREFIX, local_cloud.REGION)


def of_type(resources, type_: str) -> list:
    return [r for r in resources if r.type == type_]


def test_stacks_are_deleted_in_the_reverse_of_the_deploy_order(plan):
    assert list(plan.stacks) == STACKS


def test_every_kms_key_is_kept_and_counted_once(plan, deployed):
    keys = of_type(plan.resources, "AWS::KMS::Key")
    kms = boto3.client("kms")
    in_moto = {k["KeyId"] for k in kms.list_keys()["Keys"]  # not moto's own EBS default key
               if kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]["Description"].startswith(
                   "wa-infra: ")}
    assert len(keys) == template_count(deployed, "AWS::KMS::Key") == 14
    assert {k.physical_id for k in keys} == in_moto
    assert all(k.kept and k.how == "DeletionPolicy Retain" for k in keys)
    text = retire.describe(plan, color=False)
    assert "KMS keys (customer managed): 14 x $1.00 per key-month = $14.00" in text


def test_the_data_is_kept_and_the_rest_deleted(plan):
    database, = of_type(plan.resources, "AWS::RDS::DBInstance")
    assert database.kept and database.how == "final snapshot (DeletionPolicy Snapshot)"
    assert database.size_gib == 100  # the deployment's allocated storage: the upper bound
    file_system, = of_type(plan.resources, "AWS::EFS::FileSystem")
    assert file_system.kept
    assert len(of_type(plan.kept, "AWS::SecretsManager::Secret")) == 4
    # the log groups of the stacks, and the database's two its custom resource made
    groups = of_type(plan.kept, "AWS::Logs::LogGroup")
    exported = [g.physical_id for g in groups if g.logical_id == "DatabaseLogGroups"]
    assert sorted(exported) == [f"/aws/rds/instance/{database.physical_id}/{log}"
                                for log in sorted(DB_LOG_EXPORTS["mysql"])]
    assert len(groups) == 8 and {g.retention_days for g in groups} == {30}
    # the DB settings' custom resource deletes its parameters, the password's copy included
    parameters = of_type(plan.resources, "AWS::SSM::Parameter")
    assert {p.physical_id for p in parameters} == {
        f"/{PREFIX}/db/{name}" for name in ("hostname", "port", "username", "password")} | {
        f"{PREFIX}-WA_DB_PASSWORD"}
    assert not any(p.kept for p in parameters)
    assert not any(r.loses_data for r in plan.deleted)  # nothing with data goes
    assert {r.type for r in plan.deleted} >= {"AWS::ECS::Cluster", "AWS::EC2::VPC",
                                              "AWS::ElasticLoadBalancingV2::LoadBalancer"}


def test_describe_names_each_resource_and_prices_what_is_kept(plan):
    text = retire.describe(plan, color=False)
    for resource in plan.resources:
        assert f"{resource.logical_id}  {resource.physical_id}  {resource.type}" in text
    kept = text[text.index("\nKept ("):text.index("What keeping it costs")]
    assert len(re.findall(r"^    \S", kept, re.M)) == len(plan.kept)
    assert "RDS final snapshots (MySQL, PostgreSQL): 1, at most 100 GiB x $0.095" in text
    assert "= up to $9.50" in text
    assert "EFS file systems (Standard): 1, size unknown until measured, $0.30 per GB-month" in (
        text)
    assert "Secrets Manager secrets: 4 x $0.40 per secret-month = $1.60" in text
    assert "logs expire after 30 days" in text
    # 14 keys + 4 secrets + at most 100 GiB of snapshot; EFS and logs by their size; each
    # key costs $1 more a month after each of its first two yearly rotations
    assert ("KMS keys (customer managed): 14 x $1.00 per key-month = $14.00 ($42.00 at $3.00 "
            "once a key has rotated 2 times)") in text
    assert ("Total: $25.10 a month ($53.10 once the keys have rotated 2 times), plus EFS file "
            "systems (Standard) and CloudWatch log groups by their size") in text
    assert retire.default_keep_summary().startswith(
        "about **$25.10** a month in its first year (**$53.10** from the third")
    assert "https://aws.amazon.com/kms/pricing/" in text
    # what goes on by itself after the retire, with the command that stops it
    efs, = [r for r in plan.kept if r.type == "AWS::EFS::FileSystem"]
    assert (f"note: {efs.physical_id} keeps its automatic backups (AWS Backup, $0.05 per "
            "GB-month of recovery points)") in text
    assert f"--file-system-id {efs.physical_id} --backup-policy Status=DISABLED" in text
    assert "note: the kept log groups delete their events after 30" in text
    assert "aws logs put-retention-policy" in text
    assert "\x1b[" not in text and "\x1b[" in retire.describe(plan, color=True)
    parsed = json.loads(retire.as_json(plan))
    assert parsed["stacks"] == STACKS and parsed["monthly_usd"]["known"] == 25.10


def test_retire_turns_protection_off_deletes_in_order_and_keeps_the_data(plan, deployed):
    rds = boto3.client("rds")
    database, = of_type(plan.resources, "AWS::RDS::DBInstance")
    # production: what the templates ask, which moto's CloudFormation does not apply
    rds.modify_db_instance(DBInstanceIdentifier=database.physical_id, DeletionProtection=True,
                           ApplyImmediately=True)
    said = []
    retire.run_retirement(retire.RetireClients.from_session(boto3.Session(), local_cloud.REGION),
                          plan, events.watch, said.append)
    names = {s["StackName"] for s in boto3.client("cloudformation").describe_stacks()["Stacks"]}
    assert not names & set(STACKS)
    deleted = [line.split(":")[0] for line in said if line.endswith(": deleted")]
    assert deleted == STACKS
    released = [line for line in said if "deletion protection" in line]
    assert len(released) == 2
    assert released[0].startswith(f"{PREFIX}-Enterprise: deletion protection of load balancer ")
    assert released[1].startswith(f"{PREFIX}-Database: deletion protection of database "
                                  f"{database.physical_id} turned off")
    assert rehearsal.kept_problems(plan) == []
    snapshot, = rds.describe_db_snapshots(DBInstanceIdentifier=database.physical_id)[
        "DBSnapshots"]
    assert snapshot["SnapshotType"] == "manual"

    # the check is not blind: a key pending deletion, or a file system gone, is lost data
    key = of_type(plan.kept, "AWS::KMS::Key")[0].physical_id
    boto3.client("kms").schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    file_system, = of_type(plan.kept, "AWS::EFS::FileSystem")
    boto3.client("efs").delete_file_system(FileSystemId=file_system.physical_id)
    assert sorted(rehearsal.kept_problems(plan)) == sorted(
        f"kept but not found: {r.stack}/{r.logical_id} ({r.type}) {r.physical_id}"
        for r in plan.kept if r.physical_id in (key, file_system.physical_id))


TINY = {  # a deployment whose template forgot to keep its data
    "Resources": {
        "Files": {"Type": "AWS::EFS::FileSystem", "DeletionPolicy": "Delete"},
        "Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*",
                "Resource": "*"}]}}},
        "Kept": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Retain",
                 "Properties": {"LogGroupName": "tiny-kept", "RetentionInDays": 14}},
    }}


def test_a_stateful_resource_without_a_retain_policy_is_listed_as_deleted(cloud):
    cloudformation = boto3.client("cloudformation")
    cloudformation.create_stack(StackName="Tiny-Enterprise", TemplateBody=json.dumps(TINY))
    plan = retire.plan_retirement(cloudformation, "Tiny", local_cloud.REGION)
    assert plan.stacks == ("Tiny-Enterprise",)
    fates = {r.logical_id: (r.kept, r.loses_data) for r in plan.resources}
    assert fates == {"Files": (False, True), "Key": (False, True), "Kept": (True, False)}
    text = retire.describe(plan, color=False)
    deleted = text[text.index("\nDeleted ("):text.index("\nKept (")]
    assert re.search(r"Files  fs-\w+  AWS::EFS::FileSystem  \[DeletionPolicy Delete\]  "
                     r"DATA DELETED", deleted)
    assert re.search(r"Key  [-\w]+  AWS::KMS::Key  \[DeletionPolicy Delete\]  DATA DELETED",
                     deleted)
    assert "warning: 2 resources that hold data are deleted with their stack" in text
    assert "CloudWatch log groups: 1, size unknown until measured" in text
    assert "Total: $0.00 a month, plus CloudWatch log groups by their size" in text
    cloudformation.delete_stack(StackName="Tiny-Enterprise")


class _Refusing:
    """A CloudFormation client whose deletes all fail (what a protected resource causes)."""

    def __init__(self):
        self.deleted = []

    def delete_stack(self, StackName):  # noqa: N803 - boto3's spelling
        self.deleted.append(StackName)

    def describe_stacks(self, StackName):  # noqa: N803
        return {"Stacks": [{"StackName": StackName, "StackStatus": "DELETE_FAILED",
                            "StackId": f"arn:aws:cloudformation:us-east-1:1:stack/{StackName}/1"}]}

    def describe_stack_events(self, StackName):  # noqa: N803
        at = datetime.datetime(2026, 12, 6, tzinfo=datetime.UTC)
        return {"StackEvents": [
            {"LogicalResourceId": StackName, "ResourceStatus": "DELETE_FAILED", "Timestamp": at},
            {"LogicalResourceId": "Bucket", "ResourceStatus": "DELETE_FAILED", "Timestamp": at,
             "ResourceStatusReason": "The bucket you tried\nto delete is not empty"}]}


def test_the_first_failure_stops_the_retire_with_one_line():
    plan = retire.RetirePlan("P", "us-east-1", ("P-Enterprise", "P-Network"), ())
    cloudformation = _Refusing()
    clients = retire.RetireClients(cloudformation, None, None)
    with pytest.raises(retire.RetireFailed) as failed:
        retire.run_retirement(clients, plan, lambda cfn, stack, *_, **__: "DELETE_FAILED",
                              lambda line: None)
    assert str(failed.value) == (
        "P-Enterprise ended DELETE_FAILED: Bucket: The bucket you tried to delete is not "
        "empty; the stacks after it were not deleted")
    assert cloudformation.deleted == ["P-Enterprise"]


def test_the_rehearsal_takes_destroy_or_retire_not_both():
    from click.testing import CliRunner

    result = CliRunner().invoke(rehearsal.main, ["--destroy", "--retire"])
    assert result.exit_code == 2
    assert "--destroy and --retire both given: allowed one" in result.output


def test_the_price_table_in_the_docs_is_the_data():
    table = retire.retire_price_table()
    assert len(re.findall(r"^\| [A-Z]", table, re.M)) == len(KEEP_PRICES)
    assert "| KMS keys (customer managed) | $1.00 per key-month |" in table
    assert table in DOCS.read_text(), "docs/retire.md is stale: paste retire_price_table()"
