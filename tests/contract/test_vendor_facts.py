"""The vendor's runtime facts as data: the committed list is well formed, and the extractor
(tools/vendor_facts.py) finds each kind of fact, with its lines, in a small template of our
own. No vendor repository needed (`python -m tools.vendor_facts --check` compares the list
with the vendor's templates)."""

import dataclasses
import json
import re

from contract import vendor_facts
from tools import vendor_facts as extractor

GENERATED = vendor_facts.DATA

# cfn-init's opening and its one command, the same in both launch templates
_INIT = """\
    Metadata:
      AWS::CloudFormation::Init:
        configSets:
          Setup: [prepare]
        prepare:
"""
_MKDIR_STEP = """\
          commands:
            10_dirs:
              command: !Sub
                - mkdir -p ${Share}/in
                - { Share: !FindInMap [Fixed, Paths, Share] }
"""

# A small template in our own words: two launch templates sharing a cfn-init step, a task
# with two containers, a role.
TEMPLATE = (
    """\
Parameters:
  Port:
    Type: Number
    Default: 4000
Mappings:
  Fixed:
    Paths:
      Share: /srv/share
Resources:
  HostA:
    Type: AWS::EC2::LaunchTemplate
"""
    + _INIT
    + """\
          packages:
            yum:
              jq: []
          files:
            /etc/ecs/ecs.config:
              content: |
                ECS_LOGLEVEL=debug
              mode: "000600"
"""
    + _MKDIR_STEP
    + """\
    Properties:
      LaunchTemplateData:
        InstanceType: t3.small
        MetadataOptions:
          HttpTokens: required
        UserData:
          Fn::Base64: !Sub |
            #!/bin/bash -e
            # a comment the extractor skips
            echo "ECS_RESERVED_MEMORY=64" >> /etc/ecs/ecs.config

            if [ -n "${Port}" ]; then
              echo ready >> /var/log/boot.log
            fi
  HostB:
    Type: AWS::EC2::LaunchTemplate
"""
    + _INIT
    + _MKDIR_STEP
    + """\
    Properties:
      LaunchTemplateData:
        UserData:
          Fn::Base64: |
            #!/bin/bash -e
            echo "ECS_RESERVED_MEMORY=64" >> /etc/ecs/ecs.config
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Volumes:
        - Name: share
          Host:
            SourcePath: !Sub
              - ${Share}/in
              - { Share: !FindInMap [Fixed, Paths, Share] }
      ContainerDefinitions:
        - Name: app
          Command: ["/usr/bin/app", "--serve"]
          Environment:
            - Name: APP_PORT
              Value: !Ref Port
          MountPoints:
            - ContainerPath: /data
              SourceVolume: share
        - Name: helper
          Environment:
            - Name: APP_PORT
              Value: !Ref Port
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: ec2.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: reads
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [s3:GetObject]
                Resource: !Sub "arn:aws:s3:::${AWS::StackName}-bucket/*"
"""
)


def line_of(fragment: str, nth: int = 1) -> int:
    """1-based line of the nth line of TEMPLATE that contains the fragment."""
    found = [n for n, line in enumerate(TEMPLATE.splitlines(), start=1) if fragment in line]
    return found[nth - 1]


def facts() -> dict[str, extractor.VendorFact]:
    return {f.id: f for f in extractor.facts_from_text("t", TEMPLATE)}


def test_ids_are_unique_and_sorted():
    ids = [f.id for f in vendor_facts.FACTS]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)


def test_every_fact_has_lines_a_known_kind_and_an_id_that_names_both():
    templates = {"wa_ent", "wa_ent_db", "wa_ent_lambda", "wa_ent_monitoring", "wa_ent_net"}
    for f in vendor_facts.FACTS:
        assert f.kind in vendor_facts.KINDS, f.id
        assert f.template in templates, f.id
        assert f.id.startswith(f"{f.template}/{f.kind}/"), f.id
        assert f.lines and all(isinstance(n, int) and n > 0 for n in f.lines), f.id
        assert list(f.lines) == sorted(set(f.lines)), f.id
        assert f.subject and f.value, f.id


def test_the_data_names_the_vendor_commit_and_version():
    assert vendor_facts.VENDOR == "WhatsApp/whatsapp-business-api-deployment-templates"
    assert re.fullmatch(r"[0-9a-f]{40}", vendor_facts.VENDOR_COMMIT)
    assert vendor_facts.VENDOR_VERSION == "v3.0.3"
    document = json.loads(GENERATED.read_text())
    assert "do not edit" in document["generated"]
    assert "python -m tools.vendor_facts" in document["generated"]


def test_the_generated_file_is_what_the_extractor_writes_for_its_facts():
    """Regenerating from the same facts gives the same bytes (--check compares exactly)."""
    document = json.loads(GENERATED.read_text())
    facts = [extractor.VendorFact(**{**f, "lines": tuple(f["lines"])})
             for f in document["facts"]]
    versions = {k: v for k, v in document["template_versions"].items()}
    assert extractor.render_data(document["commit"], versions, facts) == GENERATED.read_text()


def test_the_extractor_and_the_list_share_one_fact_shape():
    assert extractor.VendorFact is vendor_facts.VendorFact
    assert vendor_facts.KINDS == extractor.KINDS
    assert dataclasses.is_dataclass(vendor_facts.VendorFact)
    assert vendor_facts.VendorFact.__dataclass_params__.frozen


def test_env_one_fact_per_variable_with_every_container_that_carries_it():
    f = facts()["t/env/APP_PORT"]
    assert f.kind == "env" and f.template == "t"
    assert f.subject == "Task/app, Task/helper"
    assert f.value == "Ref Port (default 4000)"
    assert f.lines == (line_of("- Name: APP_PORT"), line_of("- Name: APP_PORT", 2))


def test_command_per_container_and_the_image_default_when_unset():
    found = facts()
    assert found["t/command/Task/app"].value == "[/usr/bin/app, --serve]"
    assert found["t/command/Task/app"].lines == (line_of("Command:"),)
    assert found["t/command/Task/helper"].value.startswith("not set")


def test_mount_from_container_path_through_volume_to_the_host():
    f = facts()["t/mount/share:/data"]
    assert f.value == "/data -> share -> host /srv/share/in"
    assert f.lines == (line_of("- ContainerPath: /data"),)
    assert facts()["t/task/volume/share"].value == "host /srv/share/in"


def test_agent_settings_from_the_cfn_init_file_and_the_user_data():
    found = facts()
    level = found["t/agent/ECS_LOGLEVEL"]
    assert level.value == "debug" and level.lines == (line_of("ECS_LOGLEVEL=debug"),)
    reserved = found["t/agent/ECS_RESERVED_MEMORY"]
    assert reserved.value == "64"
    assert reserved.lines == (line_of('echo "ECS_RESERVED_MEMORY'),
                              line_of('echo "ECS_RESERVED_MEMORY', 2))
    assert reserved.subject == "HostA user data, HostB user data"


def test_boot_steps_shared_by_two_launch_templates_are_one_fact():
    found = facts()
    step = found["t/boot/HostA/prepare/10_dirs"]
    assert step.subject == "HostA, HostB"
    assert step.value == "creates directories /srv/share/in"
    assert step.lines == (line_of("10_dirs:"), line_of("10_dirs:", 2))
    assert "t/boot/HostB/prepare/10_dirs" not in found
    package = found["t/boot/HostA/prepare/packages/yum:jq"]
    assert package.subject == "HostA" and package.lines == (line_of("jq: []"),)
    config = found["t/boot/HostA/prepare/file:/etc/ecs/ecs.config"]
    assert config.value.startswith("mode 000600") and "ECS_LOGLEVEL=debug" in config.value


def test_user_data_steps_skip_comments_and_keep_blocks_whole():
    found = facts()
    block = found["t/boot/HostA/userdata/if:Port"]
    assert block.lines == (line_of("if [ -n"),)
    assert "/var/log/boot.log" in block.value
    assert found["t/boot/HostA/shebang"].value == "interpreter /bin/bash -e"
    assert found["t/boot/HostA/shebang"].subject == "HostA, HostB"
    assert not any("comment" in f.value for f in found.values())
    appended = found["t/boot/HostA/userdata/ecs.config:ECS_RESERVED_MEMORY"]
    assert appended.subject == "HostA, HostB"


def test_iam_one_fact_per_owner_and_action():
    found = facts()
    grant = found["t/iam/Role/s3:GetObject"]
    assert grant.value == "arn:aws:s3:::${AWS::StackName}-bucket/* (inline reads)"
    assert grant.lines == (line_of("Action: [s3:GetObject]"),)
    trust = found["t/iam/Role/sts:AssumeRole"]
    assert "ec2.amazonaws.com" in trust.value
    assert trust.lines == (line_of("Action: sts:AssumeRole"),)


def test_imds_options_or_the_fact_that_none_are_set():
    found = facts()
    assert found["t/imds/HostA"].value == "{HttpTokens: required}"
    assert found["t/imds/HostA"].lines == (line_of("MetadataOptions:"),)
    assert found["t/imds/HostB"].value.startswith("MetadataOptions not set")
    assert found["t/imds/HostB"].lines == (line_of("LaunchTemplateData:", 2),)


def test_ids_do_not_depend_on_line_numbers():
    shifted = "# a line on top\n\n" + TEMPLATE
    before = {f.id: f.lines for f in extractor.facts_from_text("t", TEMPLATE)}
    after = {f.id: f.lines for f in extractor.facts_from_text("t", shifted)}
    assert before.keys() == after.keys()
    assert all(after[k] == tuple(n + 2 for n in v) for k, v in before.items())


def test_the_loader_reads_short_tags_as_their_long_forms():
    data = extractor.load(TEMPLATE)
    volume = data["Resources"]["Task"]["Properties"]["Volumes"][0]
    assert volume["Host"]["SourcePath"]["Fn::Sub"][1]["Share"] == {
        "Fn::FindInMap": ["Fixed", "Paths", "Share"]}
    env = data["Resources"]["Task"]["Properties"]["ContainerDefinitions"][0]["Environment"]
    assert env[0]["Value"] == {"Ref": "Port"}
