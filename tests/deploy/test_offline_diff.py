"""The offline diff wa-deploy reads before anything runs, at the edges mutation testing found
untested: removals and their DeletionPolicy, a type change under one logical id, attributes
and metadata, a create-only property that names a replaced resource through Fn::GetAtt, the
values the preview shows, and exports in use (each case with the lines a person reads)."""

import pytest

from deploy import changes
from deploy.changes import ABSENT, value_changes

FN = {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "probe", "Handler": "h"}}
VPC = {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}
TOPIC = {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "t"}}


def lines(old_resources: dict | None, new_resources: dict | None) -> list[str]:
    old = None if old_resources is None else {"Resources": old_resources}
    new = None if new_resources is None else {"Resources": new_resources}
    return [c.line() for c in changes.diff("Net", old, new)]


@pytest.mark.parametrize(("policy", "note"), [
    ("Retain", " (DeletionPolicy Retain: kept outside the stack)"),
    ("RetainExceptOnCreate", " (DeletionPolicy RetainExceptOnCreate: kept outside the stack)"),
    ("Snapshot", " (DeletionPolicy Snapshot: kept outside the stack)"),
    ("Delete", ""),
    (None, ""),
])
def test_a_removed_resource_says_whether_its_deletion_policy_keeps_it(policy, note):
    kept = {**TOPIC, "DeletionPolicy": policy} if policy else TOPIC
    assert lines({"T": kept}, {}) == [f"remove  Net/T (AWS::SNS::Topic){note}"]


def test_a_new_type_under_the_same_logical_id_is_a_replacement():
    assert lines({"T": TOPIC}, {"T": {"Type": "AWS::SQS::Queue", "Properties": {}}}) == [
        "replace Net/T (AWS::SNS::Topic): Type -> AWS::SQS::Queue forces a new resource "
        "(a different resource type under the same logical id)"]


def test_an_added_or_dropped_property_and_an_attribute_are_modifications():
    assert lines({"F": FN}, {"F": {**FN, "Properties": {**FN["Properties"], "Timeout": 9}}}) \
        == ["modify  Net/F (AWS::Lambda::Function): Timeout"]
    assert lines({"F": {**FN, "Properties": {**FN["Properties"], "Timeout": 9}}}, {"F": FN}) \
        == ["modify  Net/F (AWS::Lambda::Function): Timeout"]
    bare = {"Type": "AWS::SNS::Topic"}  # no Properties at all
    assert lines({"T": bare}, {"T": TOPIC}) == ["modify  Net/T (AWS::SNS::Topic): DisplayName"]
    assert lines({"T": TOPIC}, {"T": bare}) == ["modify  Net/T (AWS::SNS::Topic): DisplayName"]
    retained = {**TOPIC, "DeletionPolicy": "Retain"}
    found = changes.diff("Net", {"Resources": {"T": TOPIC}}, {"Resources": {"T": retained}})
    assert [c.line() for c in found] == ["modify  Net/T (AWS::SNS::Topic): attributes"]
    assert found[0].values == (("DeletionPolicy", ABSENT, "Retain"),)
    # the preview shows the attribute on both sides, not the metadata beside it
    before = {**TOPIC, "DeletionPolicy": "Delete", "Metadata": {"a": 1}}
    after = {**TOPIC, "DeletionPolicy": "Retain", "Metadata": {"a": 2}}
    found = changes.diff("Net", {"Resources": {"T": before}}, {"Resources": {"T": after}})
    assert found[0].values == (("DeletionPolicy", "Delete", "Retain"),)
    found = changes.diff("Net", {"Resources": {"T": retained}}, {"Resources": {"T": TOPIC}})
    assert found[0].values == (("DeletionPolicy", "Retain", ABSENT),)


def test_metadata_alone_changes_nothing():
    assert lines({"T": {**TOPIC, "Metadata": {"a": 1}}}, {"T": {**TOPIC, "Metadata": {"a": 2}}}) \
        == []


def function_renamed_beside_a_permission_for(function_name) -> list[str]:
    """The diff's lines when function F is replaced (renamed) and a permission's create-only
    FunctionName is `function_name`."""
    permission = {"Type": "AWS::Lambda::Permission", "Properties": {
        "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com",
        "FunctionName": function_name}}
    renamed = {**FN, "Properties": {**FN["Properties"], "FunctionName": "probe2"}}
    return lines({"F": FN, "P": permission}, {"F": renamed, "P": permission})


@pytest.mark.parametrize("arn", [
    {"Fn::GetAtt": ["F", "Arn"]},
    {"Fn::GetAtt": "F.Arn"},
    {"Fn::Join": ["", ["x", {"Fn::GetAtt": "F.Arn"}]]},
    {"Fn::Sub": "${F.Arn}"},
    {"Fn::Sub": "arn:${AWS::Partition}:x:${F}"},
    {"Fn::Sub": ["${Target}", {"Target": {"Fn::GetAtt": "F.Arn"}}]},
])
def test_a_create_only_property_naming_a_replaced_function_replaces_its_user(arn):
    assert function_renamed_beside_a_permission_for(arn) == [
        "replace Net/F (AWS::Lambda::Function): FunctionName forces a new resource",
        "replace Net/P (AWS::Lambda::Permission): FunctionName forces a new resource "
        "(it names F, which is replaced)"]


@pytest.mark.parametrize("text", [
    {"Fn::Sub": "${!F.Arn}"},  # a literal ${F.Arn}
    {"Fn::Sub": ["${F}", {"F": "probe"}]},  # F is the variable the map defines
    {"Fn::Sub": "${AWS::Region}-F"},
])
def test_fn_sub_text_that_names_no_replaced_resource_leaves_its_user(text):
    assert function_renamed_beside_a_permission_for(text) == [
        "replace Net/F (AWS::Lambda::Function): FunctionName forces a new resource"]


def test_the_preview_values_are_leaves_where_one_side_is_an_intrinsic_or_another_shape():
    assert value_changes({"Ref": "A"}, {"Key": "v"}, "P") == [("P", {"Ref": "A"}, {"Key": "v"})]
    assert value_changes({"Key": "v"}, {"Ref": "A"}, "P") == [("P", {"Key": "v"}, {"Ref": "A"})]
    assert value_changes(["a", "b"], "ab", "P") == [("P", ["a", "b"], "ab")]
    named = {"Name": "A", "Value": "1"}
    assert value_changes([named], ["x"], "P") == [("P[0]", named, "x")]
    dropped = {"Name": "B", "Value": "2"}
    assert value_changes([named, dropped], [named], "P") == [("P[Name=B]", dropped, ABSENT)]


# exports another stack imports ------------------------------------------------------------------

IMPORTER = {"Resources": {"Db": {"Type": "AWS::RDS::DBSubnetGroup", "Properties": {
    "SubnetIds": [{"Fn::ImportValue": "Net:Vpc"}, "subnet-1"]}}}, "Outputs": {}}
REFUSED = ("CloudFormation refuses to change an export in use, and what uses it would have to "
           "be rebuilt (deploy a new prefix instead)")


def export(value, name="Net:Vpc") -> dict:
    return {"Value": value, "Export": {"Name": name}}


def conflicts(old: dict, new: dict | None, importers: dict) -> list[str]:
    return changes.export_conflicts("Net", old, new, changes.diff("Net", old, new), importers)


def test_an_export_whose_value_changes_or_names_a_removed_resource_is_refused():
    old = {"Resources": {"Vpc": VPC}, "Outputs": {"V": export("vpc-1")}}
    new = {"Resources": {"Vpc": VPC}, "Outputs": {"V": export("vpc-2")}}
    # the importer's template has a section after the one that imports
    assert conflicts(old, new, {"Net": old, "Db": IMPORTER}) == [
        f"Net export Net:Vpc changes while Db imports it: {REFUSED}"]
    named = {"Resources": {"Vpc": VPC}, "Outputs": {"V": export({"Ref": "Vpc"})}}
    gone = {"Resources": {}, "Outputs": {"V": export({"Ref": "Vpc"})}}
    assert conflicts(named, gone, {"Db": IMPORTER, "Lb": IMPORTER}) == [
        f"Net export Net:Vpc names Vpc, which is replaced while Db, Lb imports it: {REFUSED}"]


def test_an_export_that_names_several_replaced_resources_names_each():
    old = {"Resources": {"Vpc": VPC, "F": FN}, "Outputs": {
        "V": export({"Fn::Join": [",", [{"Ref": "Vpc"}, {"Fn::GetAtt": ["F", "Arn"]}]]})}}
    new = {"Resources": {
        "Vpc": {**VPC, "Properties": {"CidrBlock": "10.1.0.0/16"}},
        "F": {**FN, "Properties": {**FN["Properties"], "FunctionName": "other"}}},
        "Outputs": old["Outputs"]}
    assert conflicts(old, new, {"Db": IMPORTER}) == [
        f"Net export Net:Vpc names F, Vpc, which is replaced while Db imports it: {REFUSED}"]


def test_only_exports_in_use_that_change_are_refused():
    old = {"Resources": {"Vpc": VPC, "F": FN}, "Outputs": {
        "A": {"Value": "plain"},  # no export at all
        "B": export("unused", name="Net:Unused"),
        "C": export({"Ref": "Vpc"})}}
    renamed = {**FN, "Properties": {**FN["Properties"], "FunctionName": "other"}}
    new = {**old, "Resources": {"Vpc": VPC, "F": renamed}}
    # F is replaced but the export names only Vpc; a stack that imports nothing is no user
    assert conflicts(old, new, {"Net": old, "Other": {"Resources": {}}, "Db": IMPORTER}) == []
    assert conflicts({"Resources": {}}, {"Resources": {}}, {"Db": IMPORTER}) == []
    # the export's value first: the later outputs are still read
    changed = {**old, "Outputs": {**old["Outputs"], "C": export("vpc-9")}}
    assert conflicts(old, changed, {"Db": IMPORTER}) == [
        f"Net export Net:Vpc changes while Db imports it: {REFUSED}"]
    unexported = {**old, "Outputs": {**old["Outputs"], "C": {"Value": {"Ref": "Vpc"}}}}
    assert conflicts(old, unexported, {"Db": IMPORTER}) == [
        f"Net export Net:Vpc is dropped while Db imports it: {REFUSED}"]


def test_an_added_resource_is_an_addition():
    assert lines({}, {"T": TOPIC}) == ["add     Net/T (AWS::SNS::Topic)"]


def test_replacements_follow_create_only_references_however_deep_and_wide():
    vpc = {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}
    subnet = {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"},
                                                         "CidrBlock": "10.0.0.0/24"}}
    other = {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"},
                                                        "CidrBlock": "10.0.1.0/24"}}
    association = {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {
        "SubnetId": {"Ref": "Subnet"}, "RouteTableId": "rtb-1"}}
    # the template lists the users before what they name: one pass is not enough
    old = {"Assoc": association, "Subnet": subnet, "Subnet2": other, "Vpc": vpc}
    new = {**old, "Vpc": {**vpc, "Properties": {"CidrBlock": "10.9.0.0/16"}}}
    assert lines(old, new) == [
        "replace Net/Assoc (AWS::EC2::SubnetRouteTableAssociation): SubnetId forces a new "
        "resource (it names Subnet, which is replaced)",
        "replace Net/Subnet (AWS::EC2::Subnet): VpcId forces a new resource (it names Vpc, "
        "which is replaced)",
        "replace Net/Subnet2 (AWS::EC2::Subnet): VpcId forces a new resource (it names Vpc, "
        "which is replaced)",
        "replace Net/Vpc (AWS::EC2::VPC): CidrBlock forces a new resource"]
    # a resource the deploy adds is created anyway: it stays an addition
    added = {**new, "Subnet3": other}
    assert "add     Net/Subnet3 (AWS::EC2::Subnet)" in lines(old, added)


def test_a_user_of_two_replaced_resources_names_both():
    permission = {"Type": "AWS::Lambda::Permission", "Properties": {
        "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com",
        "FunctionName": {"Fn::Join": [",", [{"Ref": "G"}, {"Fn::GetAtt": ["F", "Arn"]}]]}}}
    g = {**FN, "Properties": {**FN["Properties"], "FunctionName": "g"}}
    old = {"F": FN, "G": g, "P": permission}
    new = {"F": {**FN, "Properties": {**FN["Properties"], "FunctionName": "f2"}},
           "G": {**g, "Properties": {**g["Properties"], "FunctionName": "g2"}}, "P": permission}
    assert lines(old, new)[-1] == (
        "replace Net/P (AWS::Lambda::Permission): FunctionName forces a new resource "
        "(it names F, G, which is replaced)")


def test_an_export_is_in_use_only_by_a_stack_that_imports_it_and_names_only_its_own_ids():
    old = {"Resources": {"Vpc": VPC}, "Outputs": {"V": export("vpc-1")}}
    new = {"Resources": {"Vpc": VPC}, "Outputs": {"V": export("vpc-2")}}
    assert conflicts(old, new, {"Other": {"Resources": {}}}) == []
    named = {"Resources": {"Vpc": VPC, "F": FN}, "Outputs": {"V": export({"Ref": "Vpc"})}}
    both = {"Resources": {"Vpc": {**VPC, "Properties": {"CidrBlock": "10.1.0.0/16"}},
                          "F": {**FN, "Properties": {**FN["Properties"], "FunctionName": "x"}}},
            "Outputs": named["Outputs"]}
    assert conflicts(named, both, {"Db": IMPORTER}) == [
        f"Net export Net:Vpc names Vpc, which is replaced while Db imports it: {REFUSED}"]


def test_a_new_task_definition_is_a_revision_and_two_restarts_are_both_named():
    task = {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "wa", "Cpu": "256"}}
    assert lines({"T": task}, {"T": {**task, "Properties": {"Family": "wa", "Cpu": "512"}}}) == [
        "replace Net/T (AWS::ECS::TaskDefinition): Cpu forces a new resource (a new task "
        "definition revision; the services that use it roll their tasks onto it)"]
    db = {"Type": "AWS::RDS::DBInstance", "Properties": {"DBInstanceClass": "db.t3.small",
                                                         "EngineVersion": "8.0.35"}}
    moved = {**db, "Properties": {"DBInstanceClass": "db.t3.large", "EngineVersion": "8.0.36"}}
    assert lines({"Db": db}, {"Db": moved}) == [
        "modify  Net/Db (AWS::RDS::DBInstance): DBInstanceClass, EngineVersion; maintenance "
        "event: the database restarts on its new class (Multi-AZ: a failover of 1-2 minutes; "
        "Single-AZ: several minutes of downtime); the database restarts on the new version"]
