"""Two custom resource handlers as CloudFormation drives them: Custom::RdsLogGroups against a
stubbed CloudWatch Logs client (moto has no logs:AssociateKmsKey), and
Custom::DefaultSecurityGroupClosed against moto. Each answer is caught at the HTTPS PUT."""

import json
from types import SimpleNamespace

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from stacks.lambda_handlers import cfn_response, default_security_group, rds_log_groups
from tests.support.cfn_events import capture_replies, custom_resource_event

KEY = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
DB1 = ["/aws/rds/instance/db1/error", "/aws/rds/instance/db1/slowquery"]
DB2 = ["/aws/rds/instance/db2/error", "/aws/rds/instance/db2/slowquery"]
URL = "https://cloudformation-custom-resource-response.example/stack?X-Amz-Signature=x"


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    for name, value in (("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "testing"),
                        ("AWS_SECRET_ACCESS_KEY", "testing")):
        monkeypatch.setenv(name, value)


@pytest.fixture
def replies(monkeypatch):
    """Every answer send_response PUTs to the response URL, as CloudFormation would read it."""
    return capture_replies(monkeypatch, cfn_response, lambda request, timeout: {
        "url": request.full_url, "method": request.get_method(), "timeout": timeout,
        **json.loads(request.data)})


def cfn_event(kind, props, logical, physical=None, old=None):
    return custom_resource_event(kind, props, logical, physical=physical, old=old,
                                 StackId="stack-arn", RequestId=f"req-{kind}", ResponseURL=URL,
                                 ResourceType="Custom::Test")


def assert_failed(reply, *, physical, starts):
    assert reply["Status"] == "FAILED"
    assert reply["PhysicalResourceId"] == physical
    assert reply["Reason"].startswith(starts), reply["Reason"]
    assert "\n" not in reply["Reason"] and len(reply["Reason"]) <= 500


# --- Custom::RdsLogGroups ------------------------------------------------------------------


@pytest.fixture
def logs(monkeypatch):
    """The handler's logs client: a real botocore client whose calls must match the stub, in
    order and with these exact parameters; an unexpected call fails the handler."""
    client = boto3.client("logs", region_name="us-east-1")
    monkeypatch.setattr(rds_log_groups, "boto3", SimpleNamespace(
        client=lambda service, **kwargs: client if service == "logs" else None))
    with Stubber(client) as stub:
        yield stub
        stub.assert_no_pending_responses()


def log_props(names=DB1, days="30", key=KEY):
    return {"ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:f",
            "LogGroupNames": list(names), "RetentionInDays": days, "KmsKeyArn": key}


def logs_event(kind, props=None, physical=None, old=None):
    return cfn_event(kind, props or log_props(), "DatabaseLogGroups", physical, old)


def expect_created(stub, name, days=30, key=KEY):
    stub.add_response("create_log_group", {},
                      {"logGroupName": name, **({"kmsKeyId": key} if key else {})})
    stub.add_response("put_retention_policy", {},
                      {"logGroupName": name, "retentionInDays": days})


def expect_adopted(stub, name, days=30, key=KEY):
    stub.add_client_error("create_log_group", "ResourceAlreadyExistsException",
                          "The specified log group already exists", 400,
                          expected_params={"logGroupName": name,
                                           **({"kmsKeyId": key} if key else {})})
    if key:
        stub.add_response("associate_kms_key", {}, {"logGroupName": name, "kmsKeyId": key})
    stub.add_response("put_retention_policy", {},
                      {"logGroupName": name, "retentionInDays": days})


def test_create_makes_keyed_groups_with_retention(logs, replies):
    for name in DB1:
        expect_created(logs, name)
    rds_log_groups.handler(logs_event("Create"), None)
    (reply,) = replies
    assert (reply["Status"], reply["Reason"]) == ("SUCCESS", "OK")
    assert reply["PhysicalResourceId"] == "/aws/rds/instance/db1"
    assert (reply["url"], reply["method"]) == (URL, "PUT")
    assert (reply["StackId"], reply["RequestId"], reply["LogicalResourceId"]) == (
        "stack-arn", "req-Create", "DatabaseLogGroups")


def test_create_adopts_groups_rds_made_first(logs, replies, capsys):
    expect_adopted(logs, DB1[0])  # RDS exported a log before the resource ran
    expect_created(logs, DB1[1])
    rds_log_groups.handler(logs_event("Create"), None)
    (reply,) = replies
    assert reply["Status"] == "SUCCESS"
    assert reply["PhysicalResourceId"] == "/aws/rds/instance/db1"
    # the log tells which group RDS had made first
    assert capsys.readouterr().out.splitlines() == [
        "Create DatabaseLogGroups", f"adopted {DB1[0]}", f"created {DB1[1]}"]


def test_without_a_key_groups_keep_the_service_key(logs, replies):
    expect_created(logs, DB1[0], key="")
    expect_adopted(logs, DB1[1], key="")  # no associate_kms_key call
    rds_log_groups.handler(logs_event("Create", log_props(key="")), None)
    assert replies[0]["Status"] == "SUCCESS"


def test_update_of_retention_rekeys_and_resets_the_existing_groups(logs, replies):
    for name in DB1:
        expect_adopted(logs, name, days=90)
    rds_log_groups.handler(logs_event("Update", log_props(days="90"),
                                      physical="/aws/rds/instance/db1", old=log_props()), None)
    (reply,) = replies
    assert reply["Status"] == "SUCCESS"
    assert reply["PhysicalResourceId"] == "/aws/rds/instance/db1"  # same id: no replacement


def test_update_to_new_names_creates_them_and_the_old_are_left(logs, replies):
    for name in DB2:
        expect_created(logs, name, days=14)
    rds_log_groups.handler(logs_event("Update", log_props(DB2, days="14"),
                                      physical="/aws/rds/instance/db1", old=log_props()), None)
    # a new physical id: CloudFormation then sends Delete for the old one, which keeps them
    rds_log_groups.handler(logs_event("Delete", log_props(), physical="/aws/rds/instance/db1"),
                           None)
    assert [(r["Status"], r["PhysicalResourceId"]) for r in replies] == [
        ("SUCCESS", "/aws/rds/instance/db2"), ("SUCCESS", "/aws/rds/instance/db1")]


def test_delete_calls_nothing_and_keeps_the_physical_id(logs, replies):
    # nothing stubbed: any logs call (delete_log_group, delete_retention_policy...) would
    # raise inside the handler and turn the answer into FAILED
    rds_log_groups.handler(logs_event("Delete", physical="/aws/rds/instance/db1"), None)
    assert replies == [{**replies[0], "Status": "SUCCESS", "Reason": "OK",
                        "PhysicalResourceId": "/aws/rds/instance/db1"}]


def test_delete_with_malformed_properties_still_succeeds(logs, replies):
    rds_log_groups.handler(logs_event("Delete", {"LogGroupNames": "junk"},
                                      physical="DatabaseLogGroups"), None)
    assert (replies[0]["Status"], replies[0]["PhysicalResourceId"]) == (
        "SUCCESS", "DatabaseLogGroups")


def test_denied_create_answers_failed_with_one_line_and_stops(logs, replies):
    logs.add_client_error("create_log_group", "AccessDeniedException",
                          "User is not authorized to perform: logs:CreateLogGroup", 400)
    rds_log_groups.handler(logs_event("Create"), None)  # no retention call, no second group
    (reply,) = replies
    # no physical id yet: send_response falls back to the logical id
    assert_failed(reply, physical="DatabaseLogGroups", starts="AccessDeniedException: ")
    assert "CreateLogGroup" in reply["Reason"] and "not authorized" in reply["Reason"]


def test_key_refused_on_adoption_fails_before_the_retention(logs, replies):
    logs.add_client_error("create_log_group", "ResourceAlreadyExistsException", "exists", 400)
    logs.add_client_error("associate_kms_key", "InvalidParameterException",
                          "Specified KMS key is not allowed to be used", 400)
    rds_log_groups.handler(logs_event("Create"), None)
    assert_failed(replies[0], physical="DatabaseLogGroups",
                  starts="InvalidParameterException: ")
    assert "AssociateKmsKey" in replies[0]["Reason"]


def test_failed_log_groups_update_keeps_the_old_physical_id(logs, replies):
    logs.add_response("create_log_group", {})
    logs.add_client_error("put_retention_policy", "InvalidParameterException",
                          "1 validation error detected", 400)
    rds_log_groups.handler(logs_event("Update", log_props(DB2), physical="/aws/rds/instance/db1",
                                      old=log_props()), None)
    assert_failed(replies[0], physical="/aws/rds/instance/db1",
                  starts="InvalidParameterException: ")


@pytest.mark.parametrize(("props", "starts"), [
    (log_props(["/aws/lambda/other"]), "ValueError: LogGroupNames"),
    (log_props([]), "ValueError: LogGroupNames"),
    ({**log_props(), "LogGroupNames": DB1[0]}, "ValueError: LogGroupNames"),
    (log_props(days="thirty"), "ValueError: "),
    ({"LogGroupNames": DB1}, "KeyError: "),
])
def test_malformed_properties_fail_before_any_call(logs, replies, props, starts):
    rds_log_groups.handler(logs_event("Create", props), None)
    assert_failed(replies[0], physical="DatabaseLogGroups", starts=starts)


# --- Custom::DefaultSecurityGroupClosed ----------------------------------------------------


@pytest.fixture(scope="module")
def ec2():
    """One moto account for the module (its EC2 backend is slow to build); each test gets its
    own VPC, so its own default group."""
    with pytest.MonkeyPatch.context() as env:
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            env.setenv(name, "testing")
        env.setenv("AWS_DEFAULT_REGION", "us-east-1")
        with mock_aws():
            yield boto3.client("ec2")


@pytest.fixture
def vpc(ec2):
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16",
                            AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
    (group,) = ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]},
        {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]
    # AWS's default group admits its own members; moto's comes without that rule
    ec2.authorize_security_group_ingress(GroupId=group["GroupId"], IpPermissions=[
        {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": group["GroupId"]}]}])
    return SimpleNamespace(ec2=ec2, group_id=group["GroupId"])


def rules(vpc):
    (group,) = vpc.ec2.describe_security_groups(GroupIds=[vpc.group_id])["SecurityGroups"]
    return group["IpPermissions"], group["IpPermissionsEgress"]


def sg_event(kind, vpc, group_id=None, physical=None, old=None):
    return cfn_event(kind, {"GroupId": vpc.group_id if group_id is None else group_id},
                     "DefaultSecurityGroupClosed", physical, old)


def test_the_default_group_starts_open(vpc):
    ingress, egress = rules(vpc)
    assert ingress and egress  # else the tests below would prove nothing


def test_create_revokes_every_ingress_and_egress_rule(vpc, replies, capsys):
    default_security_group.handler(sg_event("Create", vpc), None)
    assert rules(vpc) == ([], [])
    (reply,) = replies
    assert (reply["Status"], reply["Reason"]) == ("SUCCESS", "OK")
    assert reply["PhysicalResourceId"] == vpc.group_id
    assert (reply["url"], reply["method"], reply["LogicalResourceId"]) == (
        URL, "PUT", "DefaultSecurityGroupClosed")
    assert f"revoked 2 rule sets of {vpc.group_id}" in capsys.readouterr().out


def test_create_revokes_an_egress_rule_to_a_prefix_list(vpc, replies):
    prefix_list = vpc.ec2.create_managed_prefix_list(
        PrefixListName=f"s3-{vpc.group_id}", MaxEntries=1, AddressFamily="IPv4",
        Entries=[{"Cidr": "198.51.100.0/24"}])["PrefixList"]["PrefixListId"]
    vpc.ec2.authorize_security_group_egress(GroupId=vpc.group_id, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
         "PrefixListIds": [{"PrefixListId": prefix_list}]}])
    default_security_group.handler(sg_event("Create", vpc), None)
    assert rules(vpc) == ([], [])
    assert replies[0]["Status"] == "SUCCESS"


def test_close_revokes_what_was_described_without_the_empty_fields():
    """Revoke gets each rule as describe gave it, less the lists describe leaves empty."""
    client = boto3.client("ec2", region_name="us-east-1")
    group_id = "sg-0123456789abcdef0"
    ingress = {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": group_id}]}
    egress = {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
    empty = {"IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}
    with Stubber(client) as stub:
        stub.add_response("describe_security_groups", {"SecurityGroups": [{
            "GroupId": group_id, "IpPermissions": [{**empty, **ingress}],
            "IpPermissionsEgress": [{**empty, **egress}]}]}, {"GroupIds": [group_id]})
        stub.add_response("revoke_security_group_ingress", {},
                          {"GroupId": group_id, "IpPermissions": [ingress]})
        stub.add_response("revoke_security_group_egress", {},
                          {"GroupId": group_id, "IpPermissions": [egress]})
        assert default_security_group.close(group_id, client) == 2
        stub.assert_no_pending_responses()


def test_update_closes_rules_added_since_and_is_idempotent(vpc, replies):
    default_security_group.handler(sg_event("Create", vpc), None)
    vpc.ec2.authorize_security_group_ingress(GroupId=vpc.group_id, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
         "IpRanges": [{"CidrIp": "203.0.113.0/24", "Description": "drift"}]}])
    update = sg_event("Update", vpc, physical=vpc.group_id,
                      old={"GroupId": vpc.group_id})
    default_security_group.handler(update, None)
    assert rules(vpc) == ([], [])
    default_security_group.handler(update, None)  # nothing left to revoke: still a success
    assert [(r["Status"], r["PhysicalResourceId"]) for r in replies] == [
        ("SUCCESS", vpc.group_id)] * 3


def test_delete_leaves_the_group_as_it_is(vpc, replies):
    # Delete revokes nothing: an open group stays open ...
    before = rules(vpc)
    default_security_group.handler(sg_event("Delete", vpc, physical=vpc.group_id), None)
    assert rules(vpc) == before
    # ... and it re-authorizes nothing: a closed group stays closed.
    default_security_group.handler(sg_event("Create", vpc), None)
    default_security_group.handler(sg_event("Delete", vpc, physical=vpc.group_id), None)
    assert rules(vpc) == ([], [])
    assert [(r["Status"], r["PhysicalResourceId"]) for r in replies] == [
        ("SUCCESS", vpc.group_id)] * 3


def test_delete_of_a_group_already_gone_succeeds(vpc, replies):
    gone = "sg-0123456789abcdef0"
    default_security_group.handler(sg_event("Delete", vpc, gone, physical=gone), None)
    assert (replies[0]["Status"], replies[0]["PhysicalResourceId"]) == ("SUCCESS", gone)


@pytest.mark.parametrize(("group_id", "starts"), [
    ("", "ValueError: GroupId"),
    ("sg-default", "ValueError: GroupId"),
    ("sg-0123456789abcdef0", "ClientError: "),  # well formed, but no such group
])
def test_create_on_a_bad_group_answers_failed(vpc, replies, group_id, starts):
    default_security_group.handler(sg_event("Create", vpc, group_id), None)
    assert_failed(replies[0], physical="DefaultSecurityGroupClosed", starts=starts)
    assert rules(vpc)[1]  # the real default group was not touched


def test_failed_group_update_keeps_the_old_physical_id(vpc, replies):
    update = sg_event("Update", vpc, "sg-0123456789abcdef0", physical=vpc.group_id,
                      old={"GroupId": vpc.group_id})
    default_security_group.handler(update, None)
    assert_failed(replies[0], physical=vpc.group_id, starts="ClientError: ")
    assert "InvalidGroup.NotFound" in replies[0]["Reason"]


def test_the_delete_after_a_failed_create_answers_with_the_id_cloudformation_holds(
        vpc, replies):
    # a failed Create answered with the logical id; the rollback's Delete must give it back
    default_security_group.handler(sg_event("Delete", vpc,
                                            physical="DefaultSecurityGroupClosed"), None)
    assert (replies[0]["Status"], replies[0]["PhysicalResourceId"]) == (
        "SUCCESS", "DefaultSecurityGroupClosed")


def test_a_reason_is_one_line_whatever_the_error_says(vpc, replies, monkeypatch):
    def close(group_id, ec2=None):
        raise RuntimeError("first line\nsecond line")

    monkeypatch.setattr(default_security_group, "close", close)
    default_security_group.handler(sg_event("Create", vpc), None)
    assert replies[0]["Reason"] == "RuntimeError: first line second line"
