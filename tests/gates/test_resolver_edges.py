"""cfn_resolve at its edges: the stand-in account and stack name of a lone template, the exact
text of Fn::ToJsonString, and what an error shows of the value it refuses."""

import pytest

from gates.cfn_resolve import ResolveError, resolve_template
from tests.gates.test_cfn_resolve import TOPIC, fails, resolved


def test_a_lone_template_resolves_in_the_stand_in_account_region_and_stack_name():
    template = {"Resources": {"Thing": {"Type": "AWS::SQS::Queue", "Properties": {
        "Name": {"Fn::Sub": "${AWS::StackName}-${AWS::AccountId}-${AWS::Region}"}}}}}
    stack = resolve_template(template)
    assert stack.name == "stack"
    assert stack.resources["Thing"].properties["Name"] == "stack-123456789012-us-east-1"
    with pytest.raises(ResolveError, match=r"^stack: resource Thing: Fn::Length"):
        resolve_template({"Resources": {"Thing": {"Type": "AWS::SQS::Queue", "Properties": {
            "Name": {"Fn::Length": "x"}}}}})


def test_to_json_string_writes_compact_json_as_cloudformation_does():
    got = resolved({"Json": {"Fn::ToJsonString": {"a": [1, "b"], "c": {"d": True}}}})
    assert got["Json"] == '{"a":[1,"b"],"c":{"d":true}}'


def test_to_json_string_of_a_value_known_only_after_deploy_is_refused_and_shown():
    fails("Fn::ToJsonString of a value known only after deploy: <AWS::SNS::Topic Ref>",
          {"Json": {"Fn::ToJsonString": {"Ref": "Topic"}}}, resources={"Topic": TOPIC})


@pytest.mark.parametrize(("length", "shown"), [
    (78, "'" + "x" * 78 + "'"),  # 80 characters: shown whole
    (79, "'" + "x" * 76 + "..."),  # 81: cut to 77 and an ellipsis
])
def test_an_error_shows_the_refused_value_cut_to_80_characters(length, shown):
    with pytest.raises(ResolveError) as error:
        resolved({"Length": {"Fn::Length": "x" * length}})
    assert str(error.value).endswith(f"Fn::Length needs a list, got {shown}")
