"""What wa-retire says becomes of each resource, read from its deployed template alone: kept by
its DeletionPolicy, kept as a final snapshot (never for an Aurora member, whose cluster's
snapshot holds the data), or deleted; and what our custom resources wrote outside the stack."""

import pytest

from deploy.retire import Resource, _fates

KNOWN = {"Prefix": "wa", "Storage": "100", "Days": "30"}


def fate(type_: str, body: dict) -> list[Resource]:
    return _fates("Db", "X", type_, "phys-1", body, KNOWN)


@pytest.mark.parametrize(("policy", "kept", "how"), [
    ("Retain", True, "DeletionPolicy Retain"),
    ("RetainExceptOnCreate", True, "DeletionPolicy RetainExceptOnCreate"),
    ("Delete", False, "DeletionPolicy Delete"),
    (None, False, "DeletionPolicy Delete"),
])
def test_the_deletion_policy_decides_what_is_kept(policy, kept, how):
    body = {"Properties": {"RetentionInDays": {"Ref": "Days"}}}
    if policy:
        body["DeletionPolicy"] = policy
    assert fate("AWS::Logs::LogGroup", body) == [
        Resource("Db", "X", "phys-1", "AWS::Logs::LogGroup", kept, how, retention_days=30)]


def test_a_snapshot_is_kept_for_an_instance_with_its_size_but_not_for_an_aurora_member():
    body = {"DeletionPolicy": "Snapshot", "Properties": {"AllocatedStorage": {"Ref": "Storage"}}}
    assert fate("AWS::RDS::DBInstance", body) == [
        Resource("Db", "X", "phys-1", "AWS::RDS::DBInstance", True,
                 "final snapshot (DeletionPolicy Snapshot)", size_gib=100.0)]
    member = {"DeletionPolicy": "Snapshot", "Properties": {"DBClusterIdentifier": {"Ref": "C"}}}
    known = {**KNOWN, "C": "cluster-1"}
    assert _fates("Db", "X", "AWS::RDS::DBInstance", "phys-1", member, known) == [
        Resource("Db", "X", "phys-1", "AWS::RDS::DBInstance", False,
                 "DeletionPolicy Snapshot")]
    # Snapshot on a type that cannot take one is a deletion
    assert fate("AWS::SNS::Topic", {"DeletionPolicy": "Snapshot"})[0].kept is False


def test_custom_resources_list_what_they_wrote_and_whether_their_delete_removes_it():
    settings = {"Properties": {
        "ParameterPath": {"Fn::Join": ["", ["/", {"Ref": "Prefix"}, "/db"]]},
        "Settings": {"host": "h"}, "SecretKeys": ["password"],
        "Copies": [{"Name": "/wa/copy"}, "not a copy"]}}
    found = fate("Custom::DbSettings", settings)
    assert [(r.physical_id, r.type, r.kept) for r in found[1:]] == [
        ("/wa/db/host", "AWS::SSM::Parameter", False),
        ("/wa/db/password", "AWS::SSM::Parameter", False),
        ("/wa/copy", "AWS::SSM::Parameter", False)]
    logs = {"Properties": {"LogGroupNames": ["/aws/rds/instance/db/error", {"Ref": "Nope"}]}}
    found = fate("Custom::RdsLogGroups", logs)
    assert [(r.physical_id, r.kept, r.how) for r in found[1:]] == [
        ("/aws/rds/instance/db/error", True, "its function leaves the database's log groups on "
         "delete"),
        ("(name unknown)", True, "its function leaves the database's log groups on delete")]
    retained = fate("Custom::DbSettings", {**settings, "DeletionPolicy": "Retain"})
    assert {(r.kept, r.how) for r in retained} == {(True, "DeletionPolicy Retain")}


def test_a_value_known_only_after_deploy_is_unknown_not_guessed():
    body = {"Properties": {"RetentionInDays": {"Fn::GetAtt": ["A", "B"]}}}
    assert fate("AWS::Logs::LogGroup", body)[0].retention_days is None


def test_what_a_custom_resource_wrote_carries_its_stack_id_and_retention():
    logs = {"Properties": {"LogGroupNames": ["/aws/rds/x", {"Fn::Sub": "/aws/${Db}"}],
                           "RetentionInDays": "7"}}
    how = "its function leaves the database's log groups on delete"
    assert fate("Custom::RdsLogGroups", logs)[1:] == [
        Resource("Db", "X", "/aws/rds/x", "AWS::Logs::LogGroup", True, how, retention_days=7),
        Resource("Db", "X", "(name unknown)", "AWS::Logs::LogGroup", True, how,
                 retention_days=7)]


def test_a_resource_without_properties_is_deleted_as_its_policy_says():
    assert fate("AWS::SNS::Topic", {}) == [
        Resource("Db", "X", "phys-1", "AWS::SNS::Topic", False, "DeletionPolicy Delete")]
