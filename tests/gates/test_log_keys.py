"""CloudWatch Logs keys scoped to their own log groups (issue 23 item 5), on the resolved
templates of both renderers: every key policy statement that lets CloudWatch Logs use a key
names a group pattern, never the account's every group, and that pattern matches the name each
group encrypted with the key gets (its LogGroupName, or the one CloudFormation generates)."""

from fnmatch import fnmatchcase

import pytest
from cfnlint.decode import cfn_yaml

from gates.cfn_resolve import Ref
from templates.render import render_all
from tests.gates.test_hardening import cdk, plain
from tests.stacks.conftest import SHAPES

# CloudFormation's suffix for a generated log group name (contract/log_groups.py)
SUFFIX = "1A2B3C4D5E6F"


@pytest.fixture(scope="module")
def templates():
    return {name: cfn_yaml.loads(text) for name, text in render_all().items()}


def text(value) -> str:
    return value.canonical() if hasattr(value, "canonical") else str(value)


def logs_patterns(key) -> list[str]:
    """The log-group part of every CloudWatch Logs statement of the key's policy."""
    found = []
    for statement in key.properties["KeyPolicy"]["Statement"]:
        service = statement.get("Principal", {}).get("Service", "")
        if not text(service).startswith("logs."):
            continue
        arn = text(statement["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"])
        prefix, separator, group = arn.partition(":log-group:")
        assert separator, f"{key.logical_id}: {arn} names no log group"
        found.append(group)
    return found


def key_of(rendering, value):
    """The KMS key a KmsKeyId/KmsKeyArn points at (a Ref or GetAtt Arn in the same tier)."""
    if isinstance(value, Ref) and value.type == "AWS::KMS::Key":
        return rendering.deployment.resource(value)
    return None


def encrypted_names(rendering) -> dict[str, list[str]]:
    """Key logical id (by stack) -> the names of the log groups encrypted with it."""
    names: dict[str, list[str]] = {}
    stacks = rendering.deployment.stacks
    for stack in stacks.values():
        for group in stack.resources.values():
            if group.type == "AWS::Logs::LogGroup":
                key = key_of(rendering, group.properties.get("KmsKeyId"))
                name = text(group.properties.get("LogGroupName",
                                                 f"{stack.name}-{group.logical_id}-{SUFFIX}"))
            elif group.type == "Custom::RdsLogGroups":
                key = key_of(rendering, group.properties["KmsKeyArn"])
                for name in group.properties["LogGroupNames"]:
                    names.setdefault(f"{key.stack}/{key.logical_id}", []).append(text(name))
                continue
            else:
                continue
            if key is not None:
                names.setdefault(f"{key.stack}/{key.logical_id}", []).append(name)
    return names


def all_renderings(synths, templates):
    return [cdk(synths, name) for name in SHAPES] + [plain(templates)]


def test_no_logs_key_serves_every_group_of_the_account(synths, templates):
    checked = 0
    for rendering in all_renderings(synths, templates):
        for key in rendering.deployment.resources("AWS::KMS::Key"):
            for group in logs_patterns(key):
                checked += 1
                assert not group.startswith("*") and group != "", (rendering.name,
                                                                   key.logical_id, group)
    assert checked > 0


def test_each_logs_key_serves_exactly_the_groups_it_encrypts(synths, templates):
    """The pattern matches every group the key encrypts (else CloudWatch Logs could not use
    it and the deploy would fail), and a key for logs encrypts at least one group."""
    for rendering in all_renderings(synths, templates):
        groups = encrypted_names(rendering)
        for key in rendering.deployment.resources("AWS::KMS::Key"):
            patterns = logs_patterns(key)
            names = groups.get(f"{key.stack}/{key.logical_id}", [])
            assert bool(patterns) == bool(names), (rendering.name, key.logical_id)
            for name in names:
                assert any(fnmatchcase(name, p) for p in patterns), (
                    rendering.name, key.logical_id, name, patterns)


def test_the_pattern_is_not_matched_by_another_groups_name(synths):
    """A group of another stack, or another group of the same stack, is not served."""
    rendering = cdk(synths, "Default")
    flow_key = next(k for k in rendering.deployment.resources("AWS::KMS::Key")
                    if k.logical_id.startswith("FlowLogsKey"))
    pattern, = logs_patterns(flow_key)
    stack = rendering.deployment.stacks[flow_key.stack].name
    assert fnmatchcase(f"{stack}-FlowLogs16C1943A-{SUFFIX}", pattern)
    assert not fnmatchcase(f"Other-FlowLogs16C1943A-{SUFFIX}", pattern)
    assert not fnmatchcase(f"{stack}-ContainerLogsB6BC7C88-{SUFFIX}", pattern)
    assert not fnmatchcase("/aws/lambda/anything", pattern)
