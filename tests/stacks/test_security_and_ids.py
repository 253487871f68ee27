"""Across every tier: no open ingress unless asked, stateful resources kept, stable ids."""

import json

import pytest

from tests.stacks.conftest import TIERS, VARIANTS, synth_many

STATEFUL = ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::EFS::FileSystem",
            "AWS::KMS::Key", "AWS::SecretsManager::Secret")
OPEN = ("0.0.0.0/0", "::/0")


def all_templates(synth):
    return {tier: synth[tier].to_json() for tier in TIERS if tier in synth.templates}


def ingress_rules(template):
    for res in template["Resources"].values():
        if res["Type"] == "AWS::EC2::SecurityGroup":
            yield from res["Properties"].get("SecurityGroupIngress", [])
        if res["Type"] == "AWS::EC2::SecurityGroupIngress":
            yield res["Properties"]


@pytest.mark.parametrize("name", ["Default", "Big", "Aurora", "Isolated", "ExistingVpcDb"])
def test_no_ingress_from_anywhere_by_default(synths, name):
    for tier, template in all_templates(synths[name]).items():
        for rule in ingress_rules(template):
            assert rule.get("CidrIp") not in OPEN and rule.get("CidrIpv6") not in OPEN, tier


def test_public_endpoint_opens_only_the_api_port(synths):
    open_rules = [
        rule
        for template in all_templates(synths["Public"]).values()
        for rule in ingress_rules(template)
        if rule.get("CidrIp") in OPEN
    ]
    assert [(r["FromPort"], r["ToPort"]) for r in open_rules] == [(443, 443)]


# every shape (the matrix contexts differ from Default only in the plan's numbers)
@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_no_ssh_anywhere(synths, name):
    for template in all_templates(synths[name]).values():
        for rule in ingress_rules(template):
            assert not (rule.get("FromPort", 0) <= 22 <= rule.get("ToPort", -1))


@pytest.mark.parametrize("name", ["Default", "Aurora", "GivenKey"])
def test_every_stateful_resource_is_retained_or_snapshotted(synths, name):
    for template in all_templates(synths[name]).values():
        for logical_id, res in template["Resources"].items():
            # Aurora members hold no data of their own: the cluster is snapshotted.
            in_cluster = "DBClusterIdentifier" in res.get("Properties", {})
            if res["Type"] in STATEFUL and not in_cluster:
                assert res.get("DeletionPolicy") in ("Retain", "Snapshot"), logical_id
                assert res.get("UpdateReplacePolicy") in ("Retain", "Snapshot"), logical_id


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_customer_key_rotates(synths, name):
    keys = [res for template in all_templates(synths[name]).values()
            for res in template["Resources"].values() if res["Type"] == "AWS::KMS::Key"]
    assert keys or name == "ExistingVpcDb"  # (it brings its own database and network)
    assert all(res["Properties"]["EnableKeyRotation"] is True for res in keys)


def test_no_iam_policy_allows_all_actions(synths):
    for template in all_templates(synths["Default"]).values():
        for res in template["Resources"].values():
            if res["Type"] in ("AWS::IAM::Policy", "AWS::IAM::Role"):
                assert '"Action": "*"' not in json.dumps(res)
                assert '"*:*"' not in json.dumps(res)


# Stateful resources must keep these logical ids: a new id replaces the resource (new empty
# database, new file system). If this test fails, you renamed a construct: rename it back.
PINNED_IDS = {
    "network": {"Vpc8378EB38": "AWS::EC2::VPC", "FlowLogsKey895A70D5": "AWS::KMS::Key",
                "FlowLogs16C1943A": "AWS::Logs::LogGroup"},
    "database": {
        "DatabaseB269D8BB": "AWS::RDS::DBInstance",
        "DataKey17AFBB84": "AWS::KMS::Key",
        "DatabaseSecret86DBB7B3": "AWS::SecretsManager::Secret",
        # the audit log's option group: a new id would detach the plugin for a moment
        "AuditOptionsBFA9EFD5": "AWS::RDS::OptionGroup",
    },
    "lambda": {"ParametersKey105E6ED9": "AWS::KMS::Key"},
    "enterprise": {
        "FileSystem8A8E25C0": "AWS::EFS::FileSystem",
        "FileSystemKey2DFFD0A9": "AWS::KMS::Key",
        "WebJwtKey139117C7": "AWS::SecretsManager::Secret",
        "WebJwtKeyKey3084AD45": "AWS::KMS::Key",
        "WebApiKeyEFC99D20": "AWS::SecretsManager::Secret",
        "WebApiKeyKeyD8C5D9E7": "AWS::KMS::Key",
        "ContainerLogsB6BC7C88": "AWS::Logs::LogGroup",
        "ProbeCredentials9E443002": "AWS::SecretsManager::Secret",
        "ProbeCredentialsKey831C6FBD": "AWS::KMS::Key",
        "ProbeLogsBF6C3D77": "AWS::Logs::LogGroup",
        "ProbeLogsKeyD259C384": "AWS::KMS::Key",
        "AlarmsKey8B9C40AB": "AWS::KMS::Key",
    },
}


@pytest.mark.parametrize("tier", TIERS)
def test_stateful_logical_ids_are_pinned(synths, tier):
    resources = synths["Default"][tier].to_json()["Resources"]
    for logical_id, kind in PINNED_IDS[tier].items():
        assert logical_id in resources, f"{tier}: {logical_id} moved"
        assert resources[logical_id]["Type"] == kind


def test_logical_ids_do_not_move_with_the_shard_count(default, tmp_path):
    sixteen = synth_many({"Default": {"shards": "16"}}, tmp_path)["Default"]
    for tier in TIERS:
        assert set(default[tier].to_json()["Resources"]) == set(
            sixteen[tier].to_json()["Resources"]), tier


REPLACEABLE_STATEFUL = ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::EFS::FileSystem",
                        "AWS::KMS::Key", "AWS::SecretsManager::Secret", "AWS::EC2::VPC",
                        "AWS::EC2::Subnet")


def test_a_pure_shard_change_touches_no_stateful_resource(tmp_path):
    """8 -> 16 shards at the same rate: every stateful resource keeps its id and every one of
    its properties, so CloudFormation can neither replace nor modify it."""
    eight = synth_many({"Change": {"shards": "8", "rate": "100"}}, tmp_path / "8")["Change"]
    sixteen = synth_many({"Change": {"shards": "16", "rate": "100"}}, tmp_path / "16")["Change"]
    changed = []
    for tier in TIERS:
        before = eight[tier].to_json()["Resources"]
        after = sixteen[tier].to_json()["Resources"]
        assert set(before) == set(after), tier
        for logical_id, resource in before.items():
            if resource["Type"] in REPLACEABLE_STATEFUL:
                assert after[logical_id] == resource, f"{tier}: {logical_id} changes"
            elif after[logical_id] != resource:
                changed.append(resource["Type"])
    # what a shard change does change: the fleet size and the Coreapp count
    assert "AWS::AutoScaling::AutoScalingGroup" in changed
    assert "AWS::ECS::Service" in changed
