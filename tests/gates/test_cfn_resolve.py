"""cfn_resolve: templates resolved offline into what a deploy would get, for small hand-written
templates, the plain nested templates and a synthesized CDK assembly."""

import json
import re

import pytest
from cfnlint.decode import cfn_yaml

from gates import renderings
from gates.cfn_resolve import (
    Pseudo,
    Ref,
    ResolveError,
    Text,
    resolve_assembly,
    resolve_nested,
    resolve_template,
)

BASE_URL = "https://example.s3.amazonaws.com/wa/"
TOPIC = {"Type": "AWS::SNS::Topic"}


def resolved(properties, parameters=None, resources=None, **sections):
    """The resolved properties of one resource "Thing" in stack "demo"."""
    template = {"Resources": {"Thing": {"Type": "AWS::SQS::Queue", "Properties": properties},
                              **(resources or {})}, **sections}
    return resolve_template(template, parameters, name="demo").resources["Thing"].properties


def fails(message, properties, parameters=None, resources=None, **sections):
    with pytest.raises(ResolveError, match=re.escape(message)):
        resolved(properties, parameters, resources, **sections)


def ref(logical_id, type_="AWS::SNS::Topic", attribute="Ref", stack="demo"):
    return Ref(stack, logical_id, type_, attribute)


# parameters and pseudo parameters

def test_ref_gives_parameters_pseudo_parameters_and_resource_symbols():
    template = {
        "Parameters": {"Env": {"Type": "String", "Default": "production"}},
        "Resources": {"Topic": TOPIC, "Thing": {"Type": "AWS::SQS::Queue", "Properties": {
            "Env": {"Ref": "Env"}, "Region": {"Ref": "AWS::Region"},
            "Account": {"Ref": "AWS::AccountId"}, "Partition": {"Ref": "AWS::Partition"},
            "Suffix": {"Ref": "AWS::URLSuffix"}, "Name": {"Ref": "AWS::StackName"},
            "Id": {"Ref": "AWS::StackId"}, "Topic": {"Ref": "Topic"},
            "Gone": {"Ref": "AWS::NoValue"}}}}}
    stack = resolve_template(template, name="demo", region="eu-west-1", account="111122223333")
    assert stack.resources["Thing"].properties == {
        "Env": "production", "Region": "eu-west-1", "Account": "111122223333",
        "Partition": "aws", "Suffix": "amazonaws.com", "Name": "demo",
        "Id": Pseudo("AWS::StackId"), "Topic": ref("Topic")}


def test_given_parameters_override_defaults_and_numbers_stay_strings():
    parameters = {"Count": {"Type": "Number", "Default": 3}, "Env": {"Type": "String"}}
    got = resolved({"Count": {"Ref": "Count"}, "Env": {"Ref": "Env"}}, {"Env": "staging"},
                   Parameters=parameters)
    assert got == {"Count": "3", "Env": "staging"}
    got = resolved({"Count": {"Ref": "Count"}}, {"Env": "x", "Count": "5"}, Parameters=parameters)
    assert got == {"Count": "5"}


def test_a_missing_or_undeclared_parameter_is_named():
    parameters = {"Env": {"Type": "String"}}
    fails("demo: parameter Env: no value given and no Default", {}, Parameters=parameters)
    fails("demo: parameters not in the template: Evn", {}, {"Env": "a", "Evn": "b"},
          Parameters=parameters)


@pytest.mark.parametrize("declared, value, message", [
    ({"AllowedValues": ["production", "staging"]}, "prodution", "is not one of AllowedValues"),
    ({"AllowedPattern": "^vpc-[0-9a-f]{8,17}$"}, "vpc-xyz", "does not match AllowedPattern"),
    ({"Type": "Number", "MinValue": 30}, "8", "outside MinValue 30"),
    ({"Type": "Number"}, "ten", "is not a number"),
    ({"Type": "CommaDelimitedList", "AllowedPattern": "^subnet-\\w+$"}, "subnet-1,sub-2",
     "'sub-2' does not match"),
])
def test_parameter_constraints_reject_a_typo(declared, value, message):
    parameters = {"P": {"Type": "String", **declared}}
    with pytest.raises(ResolveError, match=re.escape(message)) as error:
        resolved({}, {"P": value}, Parameters=parameters)
    assert str(error.value).startswith("demo: parameter P: ")


def test_list_parameters_split_on_commas_and_an_empty_default_is_one_empty_item():
    subnet = ref("Subnet", "AWS::EC2::Subnet")
    parameters = {
        "Names": {"Type": "CommaDelimitedList"},
        "Empty": {"Type": "CommaDelimitedList", "Default": ""},
        "Given": {"Type": "List<AWS::EC2::Subnet::Id>"},
        "Mixed": {"Type": "List<AWS::EC2::Subnet::Id>"},
    }
    got = resolved({k: {"Ref": k} for k in parameters}, {
        "Names": "a, b,c", "Given": ["subnet-1", "subnet-2"],
        "Mixed": Text(("subnet-0,", subnet, ",subnet-9"))}, Parameters=parameters)
    assert got == {"Names": ["a", "b", "c"], "Empty": [""], "Given": ["subnet-1", "subnet-2"],
                   "Mixed": ["subnet-0", subnet, "subnet-9"]}


def test_an_ssm_typed_parameter_is_a_pseudo_value_named_by_the_ssm_path():
    parameters = {"Ami": {"Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
                          "Default": "/aws/service/ecs/ami"}}
    assert resolved({"Ami": {"Ref": "Ami"}}, Parameters=parameters) == {
        "Ami": Pseudo("ssm:/aws/service/ecs/ami")}


# conditions

def test_conditions_combine_in_any_order():
    conditions = {
        "Both": {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Not": [{"Condition": "IsTiny"}]}]},
        "Either": {"Fn::Or": [{"Condition": "IsTiny"}, {"Fn::Equals": ["a", "b"]}]},
        "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "production"]},
        "IsTiny": {"Fn::Equals": [{"Ref": "Hosts"}, "2"]},
    }
    template = {"Parameters": {"Env": {"Type": "String"}, "Hosts": {"Type": "Number"}},
                "Conditions": conditions, "Resources": {"Topic": TOPIC}}
    stack = resolve_template(template, {"Env": "production", "Hosts": "3"})
    assert stack.conditions == {"Both": True, "Either": False, "IsProd": True, "IsTiny": False}
    assert resolve_template(template, {"Env": "staging", "Hosts": 2}).conditions == {
        "Both": False, "Either": True, "IsProd": False, "IsTiny": True}


def test_contains_finds_a_value_among_a_list_as_rules_do():
    conditions = {"Listed": {"Fn::Contains": [["c5.large", {"Ref": "Size"}], {"Ref": "Type"}]},
                  "Unlisted": {"Fn::Contains": [["a", "b"], {"Ref": "Type"}]}}
    template = {"Parameters": {"Size": {"Type": "String"}, "Type": {"Type": "String"}},
                "Conditions": conditions, "Resources": {"Topic": TOPIC}}
    assert resolve_template(template, {"Size": "c5.xlarge", "Type": "c5.xlarge"}).conditions == {
        "Listed": True, "Unlisted": False}
    assert resolve_template(template, {"Size": "x", "Type": "b"}).conditions == {
        "Listed": False, "Unlisted": True}


def test_equals_of_a_value_only_known_after_deploy_and_a_literal_cannot_be_decided():
    template = {"Parameters": {"Ami": {"Type": "AWS::SSM::Parameter::Value<String>",
                                       "Default": "/ami"}},
                "Conditions": {"NoAmi": {"Fn::Equals": [{"Ref": "Ami"}, ""]}},
                "Resources": {"Topic": TOPIC}}
    with pytest.raises(ResolveError, match=re.escape(
            "demo: condition NoAmi: Fn::Equals cannot decide <ssm:/ami> against ''")):
        resolve_template(template, name="demo")


def test_equals_of_equal_symbols_holds_and_a_resource_id_never_equals_a_sentinel():
    conditions = {
        "Same": {"Fn::Equals": [{"Ref": "AWS::StackId"}, {"Ref": "AWS::StackId"}]},
        "Blank": {"Fn::Equals": [{"Ref": "Topic"}, ""]},
        "None": {"Fn::Equals": ["none", {"Fn::GetAtt": ["Topic", "TopicArn"]}]},
    }
    stack = resolve_template({"Conditions": conditions, "Resources": {"Topic": TOPIC}})
    assert stack.conditions == {"Same": True, "Blank": False, "None": False}


def test_fn_if_with_no_value_drops_list_items_and_dict_keys():
    conditions = {"On": {"Fn::Equals": ["1", "1"]}, "Off": {"Fn::Equals": ["1", "2"]}}
    got = resolved({
        "List": ["a", {"Fn::If": ["Off", "b", {"Ref": "AWS::NoValue"}]}, "c"],
        "Key": {"Fn::If": ["On", {"Ref": "AWS::NoValue"}, "kept"]},
        "Nested": {"Fn::If": ["On", {"X": {"Fn::If": ["Off", 1, {"Ref": "AWS::NoValue"}]}}, {}]},
    }, Conditions=conditions)
    assert got == {"List": ["a", "c"], "Nested": {}}


def test_an_untaken_fn_if_branch_is_never_resolved():
    conditions = {"Off": {"Fn::Equals": ["1", "2"]}, "On": {"Fn::Equals": ["1", "1"]}}
    assert resolved({"X": {"Fn::If": ["Off", {"Ref": "Missing"}, "ok"]}},
                    Conditions=conditions) == {"X": "ok"}
    fails("demo: resource Thing: Ref to unknown 'Missing'",
          {"X": {"Fn::If": ["On", {"Ref": "Missing"}, "ok"]}}, Conditions=conditions)


def test_a_resource_whose_condition_is_false_is_left_out_and_cannot_be_referenced():
    template = {"Conditions": {"Off": {"Fn::Equals": ["1", "2"]}},
                "Resources": {"Topic": {**TOPIC, "Condition": "Off"}, "Other": TOPIC}}
    assert list(resolve_template(template).resources) == ["Other"]
    fails("demo: resource Thing: Topic is not created (condition Off is false)",
          {"T": {"Ref": "Topic"}}, resources=template["Resources"],
          Conditions=template["Conditions"])


# string functions

def test_join_gives_a_string_when_literal_and_a_text_with_symbols():
    got = resolved({
        "Plain": {"Fn::Join": ["-", ["a", 1, True]]},
        "Mixed": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":sns:", {"Ref": "Topic"},
                                    "/x"]]},
        "Lone": {"Fn::Join": ["", [{"Ref": "Topic"}]]},
    }, resources={"Topic": TOPIC})
    assert got["Plain"] == "a-1-true"
    assert got["Mixed"] == Text(("arn:aws:sns:", ref("Topic"), "/x"))
    assert got["Mixed"].canonical() == "arn:aws:sns:<AWS::SNS::Topic Ref>/x"
    assert got["Lone"] == ref("Topic")
    fails("a Fn::Join item must be a string, got ['b']", {"X": {"Fn::Join": [",", ["a", ["b"]]]}})


def test_sub_replaces_parameters_resources_attributes_and_variables_and_keeps_escapes():
    parameters = {"Env": {"Type": "String", "Default": "production"}}
    got = resolved({
        "Arn": {"Fn::Sub": "arn:${AWS::Partition}:sns:${AWS::Region}:${Topic}/${!Literal}/${Env}"},
        "Vars": {"Fn::Sub": ["${Name}-${Topic.TopicName}-${Env}", {"Name": "x", "Env": "mine"}]},
        "Plain": {"Fn::Sub": "no variables"},
    }, resources={"Topic": TOPIC}, Parameters=parameters)
    assert got == {
        "Arn": Text(("arn:aws:sns:us-east-1:", ref("Topic"), "/${Literal}/production")),
        "Vars": Text(("x-", ref("Topic", attribute="TopicName"), "-mine")),
        "Plain": "no variables"}


def test_select_takes_a_string_index_and_split_cuts_a_text_between_its_symbols():
    one, two = ref("One", "AWS::EC2::Subnet"), ref("Two", "AWS::EC2::Subnet")
    subnets = {"One": {"Type": "AWS::EC2::Subnet"}, "Two": {"Type": "AWS::EC2::Subnet"}}
    joined = {"Fn::Join": [",", [{"Ref": "One"}, {"Fn::Join": ["", ["id-", {"Ref": "Two"}]]},
                                 "subnet-3"]]}
    got = resolved({
        "Second": {"Fn::Select": ["1", ["a", "b", "c"]]},
        "Split": {"Fn::Split": [",", "a,b,,c"]},
        "Pieces": {"Fn::Split": [",", joined]},
        "First": {"Fn::Select": [0, {"Fn::Split": [",", joined]}]},
    }, resources=subnets)
    assert got == {"Second": "b", "Split": ["a", "b", "", "c"],
                   "Pieces": [one, Text(("id-", two)), "subnet-3"], "First": one}
    fails("Fn::Select index 3 is out of range for 3 items",
          {"X": {"Fn::Select": [3, {"Fn::Split": [",", joined]}]}},
          resources=subnets)


# attributes, maps, networks

def test_get_att_takes_both_forms_and_echoes_a_vpc_cidr_block():
    resources = {"Db": {"Type": "AWS::RDS::DBInstance"},
                 "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": {"Ref": "Cidr"}}}}
    got = resolved({
        "List": {"Fn::GetAtt": ["Db", "Endpoint.Address"]},
        "Dotted": {"Fn::GetAtt": "Db.Endpoint.Port"},
        "Cidr": {"Fn::GetAtt": ["Vpc", "CidrBlock"]},
        "Other": {"Fn::GetAtt": ["Vpc", "DefaultSecurityGroup"]},
    }, {"Cidr": "10.9.0.0/16"}, resources=resources, Parameters={"Cidr": {"Type": "String"}})
    assert got == {
        "List": ref("Db", "AWS::RDS::DBInstance", "Endpoint.Address"),
        "Dotted": ref("Db", "AWS::RDS::DBInstance", "Endpoint.Port"),
        "Cidr": "10.9.0.0/16",
        "Other": ref("Vpc", "AWS::EC2::VPC", "DefaultSecurityGroup")}


def test_find_in_map_resolves_its_keys_and_a_missing_key_names_map_and_keys():
    mappings = {"Hosts": {"8": {"production": 5, "staging": 4}, 16: {"production": 8}}}
    parameters = {"Shards": {"Type": "String"}, "Env": {"Type": "String", "Default": "production"}}
    properties = {"Max": {"Fn::FindInMap": ["Hosts", {"Ref": "Shards"}, {"Ref": "Env"}]}}
    assert resolved(properties, {"Shards": "8"}, Parameters=parameters,
                    Mappings=mappings) == {"Max": 5}
    assert resolved(properties, {"Shards": "16"}, Parameters=parameters,
                    Mappings=mappings) == {"Max": 8}
    fails("demo: resource Thing: Fn::FindInMap: mapping Hosts has no ['16']['staging']",
          properties, {"Shards": "16", "Env": "staging"}, Parameters=parameters,
          Mappings=mappings)


def test_get_azs_and_cidr_give_real_zones_and_blocks():
    got = resolved({
        "Zones": {"Fn::GetAZs": ""},
        "Blocks": {"Fn::Cidr": ["10.0.0.0/16", 3, 12]},  # 12 host bits: /20 blocks
        "Third": {"Fn::Select": [2, {"Fn::Cidr": ["10.1.0.0/16", "4", "8"]}]},
    })
    assert got == {"Zones": [f"us-east-1{c}" for c in "abcdef"],
                   "Blocks": ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"],
                   "Third": "10.1.2.0/24"}
    fails("Fn::Cidr: 10.0.0.0/24 holds 2 /25 blocks, not 3",
          {"X": {"Fn::Cidr": ["10.0.0.0/24", 3, 7]}})


def test_cidr_over_a_block_known_only_after_deploy_gives_symbols():
    parameters = {"Cidr": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cidr"}}
    got = resolved({"Blocks": {"Fn::Cidr": [{"Ref": "Cidr"}, 2, 8]}}, Parameters=parameters)
    assert len(got["Blocks"]) == 2 and all(isinstance(b, Pseudo) for b in got["Blocks"])
    assert got["Blocks"][0] != got["Blocks"][1]


def test_base64_keeps_the_text_and_length_and_to_json_string_are_computed():
    got = resolved({
        "UserData": {"Fn::Base64": {"Fn::Join": ["", ["ECS_CLUSTER=", {"Ref": "Topic"}]]}},
        "Length": {"Fn::Length": ["a", {"Ref": "AWS::NoValue"}, "b"]},
        "Json": {"Fn::ToJsonString": {"a": [1, "b", {"Ref": "AWS::Region"}]}},
    }, resources={"Topic": TOPIC})
    assert got["UserData"].canonical() == "ECS_CLUSTER=<AWS::SNS::Topic Ref>"
    assert got["Length"] == 2
    assert json.loads(got["Json"]) == {"a": [1, "b", "us-east-1"]}


# resources, outputs, errors

def test_resource_attributes_are_kept():
    template = {"Resources": {
        "Topic": TOPIC,
        "Key": {"Type": "AWS::KMS::Key", "DependsOn": "Topic", "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Snapshot",
                "Metadata": {"Where": {"Ref": "AWS::Region"}}},
        "Queue": {"Type": "AWS::SQS::Queue", "DependsOn": ["Topic", "Key"]},
    }}
    resources = resolve_template(template).resources
    key = resources["Key"]
    assert (key.depends_on, key.deletion_policy, key.update_replace_policy, key.metadata) == (
        ("Topic",), "Retain", "Snapshot", {"Where": "us-east-1"})
    assert resources["Queue"].depends_on == ("Topic", "Key")
    assert resources["Topic"].properties == {} and resources["Topic"].deletion_policy is None


def test_outputs_follow_their_conditions_and_exports_are_resolved():
    template = {
        "Conditions": {"Off": {"Fn::Equals": ["1", "2"]}},
        "Resources": {"Topic": TOPIC},
        "Outputs": {
            "TopicArn": {"Value": {"Ref": "Topic"},
                         "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-Topic"}}},
            "Hidden": {"Value": "x", "Condition": "Off"},
        }}
    stack = resolve_template(template, name="demo")
    assert stack.outputs == {"TopicArn": ref("Topic")}
    assert stack.exports == {"demo-Topic": ref("Topic")}


def test_an_unsupported_intrinsic_is_named_with_its_stack_and_resource():
    fails("demo: resource Thing: unsupported intrinsic Fn::Nope", {"X": {"Fn::Nope": "a"}})


def test_a_condition_key_inside_properties_is_an_iam_condition_not_an_intrinsic():
    policy = {"Condition": {"ArnEquals": {"ecs:cluster": {"Fn::GetAtt": ["Topic", "Arn"]}}}}
    assert resolved({"Statement": policy}, resources={"Topic": TOPIC}) == {"Statement": {
        "Condition": {"ArnEquals": {"ecs:cluster": ref("Topic", attribute="Arn")}}}}


def test_nested_stack_outputs_flow_into_the_parent():
    child = {
        "Parameters": {"Cidr": {"Type": "String"}, "Names": {"Type": "CommaDelimitedList"}},
        "Resources": {"Vpc": {"Type": "AWS::EC2::VPC",
                              "Properties": {"CidrBlock": {"Ref": "Cidr"}}}},
        "Outputs": {"VpcId": {"Value": {"Ref": "Vpc"}},
                    "VpcCidr": {"Value": {"Fn::GetAtt": ["Vpc", "CidrBlock"]}},
                    "Second": {"Value": {"Fn::Select": [1, {"Ref": "Names"}]}},
                    "Name": {"Value": {"Ref": "AWS::StackName"}}}}
    root = {
        "Parameters": {"Base": {"Type": "String"}},
        "Resources": {
            "Topic": TOPIC,
            "Net": {"Type": "AWS::CloudFormation::Stack", "Properties": {
                "TemplateURL": {"Fn::Join": ["", [{"Ref": "Base"}, "net.yaml"]]},
                "Parameters": {"Cidr": "10.7.0.0/16",
                               "Names": {"Fn::Join": [",", ["first", {"Ref": "Topic"}]]}}}},
            "Group": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
                "VpcId": {"Fn::GetAtt": ["Net", "Outputs.VpcId"]},
                "Cidr": {"Fn::GetAtt": "Net.Outputs.VpcCidr"},
                "Second": {"Fn::Sub": "${Net.Outputs.Second}"}}}}}
    deployment = resolve_nested({"root.yaml": root, "net.yaml": child}, "root.yaml",
                                {"Base": "https://bucket/path/"}, stack_name="top")
    assert list(deployment.stacks) == ["top", "top/Net"]
    group = deployment.stacks["top"].resources["Group"].properties
    vpc = Ref("top/Net", "Vpc", "AWS::EC2::VPC", "Ref")
    assert group == {"VpcId": vpc, "Cidr": "10.7.0.0/16",
                     "Second": Ref("top", "Topic", "AWS::SNS::Topic", "Ref")}
    assert deployment.resource(vpc).properties == {"CidrBlock": "10.7.0.0/16"}
    assert deployment.stacks["top/Net"].outputs["Name"] == "top-Net"
    assert deployment.stacks["top"].children["Net"] is deployment.stacks["top/Net"]
    assert [r.logical_id for r in deployment.resources("AWS::EC2::VPC")] == ["Vpc"]


def test_an_assembly_imports_the_exporting_stacks_outputs_and_an_unknown_export_is_named(
        tmp_path):
    exporter = {"Resources": {"Group": {"Type": "AWS::EC2::SecurityGroup"}},
                "Outputs": {"G": {"Value": {"Fn::GetAtt": ["Group", "GroupId"]},
                                  "Export": {"Name": "Exporter:G"}}}}
    importer = {"Resources": {"HostTemplate": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {
        "Groups": [{"Fn::ImportValue": "Exporter:G"}]}}}}

    def write(importer_template):
        artifacts = {name: {"type": "aws:cloudformation:stack", "dependencies": deps,
                            "properties": {"templateFile": f"{name}.template.json"}}
                     for name, deps in (("Importer", ["Exporter", "Importer.assets"]),
                                        ("Exporter", []))}
        (tmp_path / "manifest.json").write_text(json.dumps({"artifacts": artifacts}))
        for name, template in (("Exporter", exporter), ("Importer", importer_template)):
            (tmp_path / f"{name}.template.json").write_text(json.dumps(template))

    write(importer)
    deployment = resolve_assembly(tmp_path, stacks=["Importer"])  # brings what it imports
    assert list(deployment.stacks) == ["Exporter", "Importer"]
    group = deployment.stacks["Importer"].resources["HostTemplate"].properties["Groups"][0]
    assert group == Ref("Exporter", "Group", "AWS::EC2::SecurityGroup", "GroupId")
    write(json.loads(json.dumps(importer).replace("Exporter:G", "x")))
    with pytest.raises(ResolveError, match=re.escape(
            "Importer: resource HostTemplate: Fn::ImportValue of unknown export 'x'")):
        resolve_assembly(tmp_path)


# the plain templates (templates/dist), nested

@pytest.fixture(scope="module")
def plain_templates():
    from templates.render import render_all  # the renderers load only for these tests

    return {name: cfn_yaml.loads(text) for name, text in render_all(BASE_URL).items()}


def plain(templates, **parameters):
    return resolve_nested(templates, "wa-infra.yaml", {"TemplateBaseUrl": BASE_URL, **parameters})


def sizes(deployment):
    hosts = deployment.stacks["wa"].resources["Hosts"].properties
    return tuple(str(hosts[key]) for key in ("MinSize", "MaxSize", "DesiredCapacity"))


def test_plain_templates_by_default_deploy_four_stacks_and_3_to_5_hosts(plain_templates):
    deployment = plain(plain_templates)
    assert sorted(deployment.stacks) == [
        "wa", "wa/DatabaseStack", "wa/LambdaStack", "wa/NetworkStack"]
    assert sizes(deployment) == ("3", "5", "5")


def test_plain_templates_load_balancer_egress_goes_to_the_network_stacks_hosts_group(
        plain_templates):
    group = plain(plain_templates).stacks["wa"].resources["LoadBalancerSecurityGroup"]
    egress = group.properties["SecurityGroupEgress"][0]["DestinationSecurityGroupId"]
    assert isinstance(egress, Ref)
    assert (egress.stack, egress.logical_id) == ("wa/NetworkStack", "HostsSecurityGroup")


def test_plain_templates_in_an_existing_vpc_create_no_network_stack(plain_templates):
    deployment = plain(plain_templates, ExistingVpcId="vpc-0123456789abcdef0",
                       **renderings.per_az("Private", "subnet-1a1a1a1a,subnet-1b1b1b1b"),
                       **renderings.per_az("Public", "subnet-0a0a0a0a,subnet-0b0b0b0b"))
    assert "wa/NetworkStack" not in deployment.stacks
    hosts = deployment.stacks["wa"].resources["Hosts"].properties
    assert hosts["VPCZoneIdentifier"] == ["subnet-1a1a1a1a", "subnet-1b1b1b1b"]


def test_plain_templates_with_32_shards_allow_15_hosts(plain_templates):
    assert sizes(plain(plain_templates, ActiveCoreapps="32"))[1] == "15"


# a synthesized CDK assembly

@pytest.fixture(scope="module")
def assembly(tmp_path_factory):
    from tests.support.synth import synth_many  # CDK loads only for these tests

    outdir = tmp_path_factory.mktemp("assembly")
    synth_many({"WaInfra": {}}, outdir)
    return resolve_assembly(outdir)


def only(deployment, stack, type_, prefix=""):
    (found,) = [r for r in deployment.stacks[stack].resources.values()
                if r.type == type_ and r.logical_id.startswith(prefix)]
    return found


def test_cdk_launch_template_uses_the_network_stacks_hosts_group(assembly):
    launch = only(assembly, "WaInfra-Enterprise", "AWS::EC2::LaunchTemplate")
    group = launch.properties["LaunchTemplateData"]["SecurityGroupIds"][0]
    assert isinstance(group, Ref)
    assert (group.stack, group.attribute) == ("WaInfra-Network", "GroupId")
    assert assembly.resource(group).type == "AWS::EC2::SecurityGroup"


def test_cdk_load_balancer_admits_the_network_vpc_cidr_through_an_export(assembly):
    group = only(assembly, "WaInfra-Enterprise", "AWS::EC2::SecurityGroup",
                 "LoadBalancerSecurityGroup")
    (https,) = [rule for rule in group.properties["SecurityGroupIngress"]
                if rule["FromPort"] == 443]
    assert https["CidrIp"] == "10.0.0.0/16"


def test_cdk_user_data_names_the_cluster(assembly):
    launch = only(assembly, "WaInfra-Enterprise", "AWS::EC2::LaunchTemplate")
    user_data = launch.properties["LaunchTemplateData"]["UserData"]
    assert isinstance(user_data, Text)
    assert "ECS_CLUSTER=<AWS::ECS::Cluster Ref>" in user_data.canonical()


def test_the_rehearsals_grant_check_reads_deny_before_allow():
    from gates.deployed import _allows

    allow = {"Statement": [{"Effect": "Allow", "Action": "ssm:GetParameter",
                            "Resource": "arn:aws:ssm:us-east-1:1:parameter/Wa-WA_DB_PASSWORD"}]}
    deny = {"Statement": {"Effect": "Deny", "Action": "ssm:*", "Resource": "*"}}
    arn = "arn:aws:ssm:us-east-1:1:parameter/Wa-WA_DB_PASSWORD"
    assert _allows([allow], "ssm:GetParameter", arn)
    assert not _allows([allow, deny], "ssm:GetParameter", arn)
    assert not _allows([allow], "ssm:GetParameter", arn + "2")
