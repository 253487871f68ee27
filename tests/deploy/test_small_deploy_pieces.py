"""Small pieces of wa-deploy and wa-retire read from the outside: the deployed template of a
stack that may not exist yet, and the order stacks are deleted in."""

import pytest
from botocore.exceptions import ClientError

from deploy.retire import deletion_order
from deploy.run import _deployed_template
from tests.deploy.fake_cloudformation import missing


class Templates:
    def __init__(self, answer) -> None:
        self.answer = answer

    def get_template(self, StackName):  # noqa: N803 - boto3's spelling
        if isinstance(self.answer, Exception):
            raise self.answer
        return {"TemplateBody": self.answer}


def test_a_stack_not_deployed_yet_has_no_template_and_other_errors_are_raised():
    assert _deployed_template(Templates(missing("S")), "S") is None
    denied = ClientError({"Error": {"Code": "AccessDenied", "Message": "not allowed"}},
                         "GetTemplate")
    with pytest.raises(ClientError):
        _deployed_template(Templates(denied), "S")


def test_a_deployed_template_is_read_as_json_or_yaml_with_short_forms():
    assert _deployed_template(Templates({"Resources": {}}), "S") == {"Resources": {}}
    body = "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      Name: !Ref N\n"
    assert _deployed_template(Templates(body), "S") == {"Resources": {"T": {
        "Type": "AWS::SNS::Topic", "Properties": {"Name": {"Ref": "N"}}}}}


def test_a_stack_is_deleted_before_the_stacks_whose_exports_it_imports():
    stacks = {"Net": {"Outputs": [{"OutputKey": "Vpc", "ExportName": "Net:Vpc"},
                                  {"OutputKey": "Plain"}]},
              "Db": {"Outputs": []}, "Logs": {}}
    templates = {"Net": {}, "Logs": {},
                 "Db": {"Resources": {"G": {"Type": "AWS::RDS::DBSubnetGroup", "Properties": {
                     "VpcId": {"Fn::ImportValue": "Net:Vpc"}}}}}}
    # given in tier order with the importer first: the import decides
    assert deletion_order(["Db", "Net", "Logs"], stacks, templates) == ["Logs", "Db", "Net"]


def test_imports_inside_lists_count_and_a_cycle_falls_back_to_tier_order():
    stacks = {"A": {"Outputs": [{"ExportName": "A:x"}]}, "B": {"Outputs": [{"ExportName": "B:y"}]}}
    templates = {"A": {"Resources": {"R": {"Properties": {"L": [{"Fn::ImportValue": "B:y"}]}}}},
                 "B": {"Resources": {"R": {"Properties": {"L": [{"Fn::ImportValue": "A:x"}]}}}}}
    assert deletion_order(["A", "B"], stacks, templates) == ["B", "A"]
    one_way = {**templates, "A": {}}
    assert deletion_order(["B", "A"], stacks, one_way) == ["B", "A"]
