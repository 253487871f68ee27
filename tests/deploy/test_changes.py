"""wa-deploy's offline look at a change (deploy/changes.py), its remembered inputs
(deploy/inputs.py) and its command line, without any AWS."""

import dataclasses

import pytest
from click.testing import CliRunner

from cdk import context
from cli.deploy import main as wa_deploy
from deploy import changes, inputs
from tests.stacks.conftest import MATRIX, VARIANTS


def template(**resources) -> dict:
    return {"Resources": resources}


DB = {"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot",
      "Properties": {"Engine": "mysql", "DBInstanceClass": "db.m6g.2xlarge",
                     "DBSubnetGroupName": {"Ref": "Subnets"}, "StorageEncrypted": True}}
LB = {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
      "Properties": {"Scheme": "internal", "Type": "network"}}
LISTENER = {"Type": "AWS::ElasticLoadBalancingV2::Listener",
            "Properties": {"LoadBalancerArn": {"Ref": "Lb"}, "Port": 443}}


def with_props(resource: dict, **props) -> dict:
    return {**resource, "Properties": {**resource["Properties"], **props}}


def actions(found) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {c.logical_id: (c.action, c.properties) for c in found}


def test_a_new_engine_is_a_new_database_and_is_refused():
    found = changes.diff("Db", template(Db=DB), template(Db=with_props(DB, Engine="postgres")))
    assert actions(found) == {"Db": ("replace", ("Engine",))}
    refused, = changes.refusals(found)
    assert refused.startswith("replace Db/Db (AWS::RDS::DBInstance): Engine forces")
    assert refused.endswith("pass --allow-replace Db if you mean it")
    assert changes.refusals(found, allowed=["Db"]) == []


def test_a_create_only_property_replaces_and_what_names_it_follows():
    found = changes.diff("Api", template(Lb=LB, Listener=LISTENER),
                         template(Lb=with_props(LB, Scheme="internet-facing"),
                                  Listener=LISTENER))
    assert actions(found) == {"Lb": ("replace", ("Scheme",)),
                              "Listener": ("replace", ("LoadBalancerArn",))}
    assert [r.split(" ")[1] for r in changes.refusals(found)] == ["Api/Lb"]  # the listener is
    # not protected: it comes back with the new load balancer


def test_a_class_change_is_a_maintenance_event_not_a_replacement():
    found = changes.diff("Db", template(Db=DB),
                         template(Db=with_props(DB, DBInstanceClass="db.m6g.4xlarge")))
    change, = found
    assert (change.action, change.properties) == ("modify", ("DBInstanceClass",))
    assert "maintenance event: the database restarts on its new class" in change.line()
    assert changes.refusals(found) == []


def test_removing_or_retyping_a_protected_resource_is_refused():
    removed = changes.diff("Db", template(Db=DB), template())
    assert actions(removed) == {"Db": ("remove", ())}
    assert "(DeletionPolicy Snapshot: kept outside the stack)" in removed[0].line()
    assert changes.refusals(removed)
    aurora = {"Type": "AWS::RDS::DBCluster", "Properties": {"Engine": "aurora-mysql"}}
    retyped = changes.diff("Db", template(Db=DB), template(Db=aurora))
    assert retyped[0].action == "replace" and changes.refusals(retyped)


def test_unchanged_resources_and_metadata_are_not_changes():
    assert changes.diff("Db", template(Db=DB), template(Db=DB)) == []
    moved = {**DB, "Metadata": {"aws:cdk:path": "elsewhere"}}
    assert changes.diff("Db", template(Db=DB), template(Db=moved)) == []
    assert actions(changes.diff("Db", None, template(Db=DB))) == {"Db": ("add", ())}


def test_every_protected_type_has_a_schema_or_a_reason():
    # a typo in PROTECTED would protect nothing: each type must be one CloudFormation knows
    for type_ in changes.PROTECTED:
        assert type_ == "AWS::KMS::Key" or changes.create_only(type_), type_


@pytest.mark.parametrize("name", sorted({**MATRIX, **VARIANTS}))
def test_the_remembered_inputs_give_back_the_same_plan_and_deployment(name):
    ctx = {**MATRIX, **VARIANTS}[name]
    plan, deployment = context.read(ctx.get)
    remembered = inputs.effective(plan, deployment)
    assert all(isinstance(v, str) for v in remembered.values())
    again_plan, again_deployment = context.read(remembered.get, known=set(remembered))
    assert dataclasses.replace(again_plan, rules=()) == dataclasses.replace(plan, rules=())
    assert again_deployment == deployment


@pytest.mark.parametrize("ctx", [
    {"shards": "32", "receipts": "0"},  # the shards would carry 800 sends/s: capped at 400
    {"shards": "8", "receipts": "0.3", "inbound": "7"},
    {"rate": "5.9", "receipts": "0.1", "inbound": "18.51"},  # a load of 12.5, not 12.500...02
])
def test_workload_inputs_are_remembered_so_that_they_give_the_plan_back(ctx):
    plan, deployment = context.read(ctx.get)
    remembered = inputs.effective(plan, deployment)
    again_plan, _ = context.read(remembered.get, known=set(remembered))
    assert dataclasses.replace(again_plan, rules=()) == dataclasses.replace(plan, rules=())
    assert float(remembered["rate"]) <= 400


def test_an_old_message_type_name_is_not_a_change():
    assert inputs.changed({"message_type": "image"}, {"message_type": "image1MB"}) == []
    assert inputs.changed({"message_type": "document"}, {"message_type": "video"}) == [
        "message_type: doc -> video"]


def test_an_input_whose_default_changes_is_written_out():
    plan, deployment = context.read({}.get)
    remembered = inputs.effective(plan, deployment)
    assert remembered["ssl"] == "true" and remembered["spares"] == "1"
    assert inputs.changed({"ssl": "false", "shards": "8"}, {"ssl": "true", "shards": "8"}) == [
        "ssl: false -> true"]


@pytest.mark.parametrize(("args", "message"), [
    (["-c", "shards16"], "-c 'shards16' is not key=value"),
    (["-c", "shards=8", "-c", "shards=16"], "-c shards is given twice ('8' and '16')"),
    (["-c", "shards=8", "-c", "shards =16"], "-c shards is given twice ('8' and '16')"),
    (["-c", "prefix=Other"], "-c prefix is not an input of a deployment: allowed --prefix"),
    (["-c", "bogus=1"], "context key 'bogus' is unknown: allowed account,"),
    # a name no version of wa-infra gives a key (a key another version wrote and the
    # deployment remembers can be unset: judged once it is read, tests/deploy/test_remembered.py)
    (["--unset", "Bogus-Key"], "context key 'Bogus-Key' is unknown"),
    (["--unset", "api_cidrs", "-c", "api_cidrs=203.0.113.0/24"],
     "--unset api_cidrs and -c api_cidrs=... both given"),
    (["--prefix", "bad prefix"], "prefix 'bad prefix' is invalid"),
    (["-c", "region=mars-1"], "region 'mars-1' is unknown"),
])
def test_wa_deploy_refuses_malformed_changes_before_reading_anything(args, message,
                                                                    monkeypatch, tmp_path):
    import boto3

    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    # no credentials at all: the refusal comes before any AWS call, with exit 2
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    result = CliRunner().invoke(wa_deploy, args, prog_name="wa-deploy")
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_wa_deploy_says_in_one_line_when_it_cannot_reach_aws(monkeypatch, tmp_path):
    import boto3

    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)  # no credentials cached by other tests
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    result = CliRunner().invoke(wa_deploy, ["-c", "shards=16", "--yes"], prog_name="wa-deploy")
    assert result.exit_code == 1
    assert result.stderr == ("wa-deploy: error: cannot read the stacks of WaInfra in us-east-1: "
                             "Unable to locate credentials\n")

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFORMATION", "http://127.0.0.1:9")  # refused
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    result = CliRunner().invoke(wa_deploy, ["-c", "shards=16", "--yes"], prog_name="wa-deploy")
    assert result.exit_code == 1
    assert result.stderr.startswith("wa-deploy: error: cannot read the stacks of WaInfra in "
                                    "us-east-1: Could not connect to the endpoint URL")
    assert result.stderr.count("\n") == 1


def test_a_deployment_that_remembers_nothing_must_name_ssl(monkeypatch):
    """Deployed before DeploymentContext: TLS has since become the default, and its hosts may
    not hold the CA bundle, so the user says which."""
    import boto3
    from moto import mock_aws

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        boto3.client("cloudformation", region_name="us-east-1").create_stack(
            StackName="WaInfra-Network", TemplateBody='{"Resources": {"Handle": {"Type": '
            '"AWS::CloudFormation::WaitConditionHandle"}}}')
        result = CliRunner().invoke(wa_deploy, ["-c", "shards=16", "--yes"], prog_name="wa-deploy")
    assert result.exit_code == 2
    assert ("WaInfra exists but remembers no inputs (deployed before wa-deploy remembered "
            "them, or a first deploy that did not finish): name -c ssl=false or -c ssl=true"
            ) in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.fixture
def cloud(monkeypatch):
    from moto import mock_aws

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        yield


def test_a_deployment_is_created_only_with_new(cloud):
    """A typo in --prefix or a region other than the deployment's must not build a second,
    paid deployment."""
    import boto3

    result = CliRunner().invoke(wa_deploy, ["--prefix", "Typo", "-c", "shards=16", "--yes"],
                                prog_name="wa-deploy")
    assert result.exit_code == 2
    assert ("no stack of Typo in us-east-1: add --new to create the deployment there"
            in result.stderr)
    boto3.client("cloudformation", region_name="us-east-1").create_stack(
        StackName="WaInfra-Enterprise", TemplateBody='{"Resources": {"Handle": {"Type": '
        '"AWS::CloudFormation::WaitConditionHandle"}}}')
    result = CliRunner().invoke(wa_deploy, ["--new", "-c", "ssl=true", "--yes"],
                                prog_name="wa-deploy")
    assert result.exit_code == 2
    assert "WaInfra already exists in us-east-1: leave --new out to change it" in result.stderr


def _export(value) -> dict:
    return {"Value": value, "Export": {"Name": "Net:ExportsOutputRefVpc"}}


def test_an_export_in_use_that_would_change_is_refused():
    vpc = {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}
    old = {"Resources": {"Vpc": vpc}, "Outputs": {"V": _export({"Ref": "Vpc"})}}
    new = {"Resources": {"Vpc": with_props(vpc, CidrBlock="10.1.0.0/16")},
           "Outputs": {"V": _export({"Ref": "Vpc"})}}
    importer = {"Resources": {"Db": {"Type": "AWS::RDS::DBSubnetGroup", "Properties": {
        "SubnetIds": [{"Fn::ImportValue": "Net:ExportsOutputRefVpc"}]}}}}
    found = changes.diff("Net", old, new)
    assert actions(found) == {"Vpc": ("replace", ("CidrBlock",))}
    lines = changes.export_conflicts("Net", old, new, found, {"Net": old, "Db": importer})
    assert lines == ["Net export Net:ExportsOutputRefVpc names Vpc, which is replaced while Db "
                     "imports it: CloudFormation refuses to change an export in use, and what "
                     "uses it would have to be rebuilt (deploy a new prefix instead)"]
    # nobody imports it, or it keeps its value: nothing to refuse
    assert changes.export_conflicts("Net", old, new, found, {"Net": old}) == []
    assert changes.export_conflicts("Net", old, old, [], {"Net": old, "Db": importer}) == []
    dropped = {"Resources": {"Vpc": vpc}}
    assert "is dropped while Db imports it" in changes.export_conflicts(
        "Net", old, dropped, [], {"Net": old, "Db": importer})[0]


def test_only_a_missing_change_set_means_nothing_to_change(tmp_path, monkeypatch):
    from botocore.exceptions import ClientError

    from deploy import run

    class Throttled:
        def describe_change_set(self, **kwargs):
            raise ClientError({"Error": {"Code": "Throttling", "Message": "Rate exceeded"}},
                              "DescribeChangeSet")

    monkeypatch.setattr(run.cdk_cli, "run", lambda *args, **kwargs: "")
    plan = run.StackPlan("WaInfra-Enterprise", True, sections=("Outputs",))
    with pytest.raises(ClientError, match="Rate exceeded"):
        run.execute(Throttled(), tmp_path, [plan], (), lambda line: None)
