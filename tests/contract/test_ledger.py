"""The vendor runtime ledger: every vendor fact decided, every decision held by both renderings,
and the ledger failing where a rendering drops what the client needs to start."""

import copy
import dataclasses
import re

import pytest

from contract import ledger
from contract.roles import PASSWORD_PARAMETER_SUFFIX
from contract.vendor_facts import FACTS, VendorFact
from gates import ledger as ledger_gate
from gates import renderings, runtime
from tests.gates.test_contract_check import cdk, plain

CDK_CONTEXTS = ("Default", "NoTls", "Big", "Public", "Postgres", "Aurora", "Isolated",
                "ExistingVpcDb", "StagingIsolated")


# --- the ledger itself -------------------------------------------------------------------------

def test_every_vendor_fact_has_a_decision_and_every_decision_covers_a_fact():
    decided = ledger.decided()
    assert [f.id for f, d in decided if d is None] == []
    used = {d.facts for _, d in decided}
    assert [d.facts for d in ledger.LEDGER if d.facts not in used] == []


def test_each_decision_covers_the_facts_it_was_reviewed_for():
    counts = {}
    for _, decision in ledger.decided():
        counts[decision.facts] = counts.get(decision.facts, 0) + 1
    changed = {p: (ledger.COVERS.get(p), n) for p, n in counts.items()
               if ledger.COVERS.get(p) != n}
    assert changed == {}, "review these decisions for the vendor's new facts"


def test_a_new_vendor_fact_is_caught_until_decided():
    new = VendorFact("wa_ent/sidecar/WA_NEW_THING", "sidecar", "wa_ent", "wa-web", "1", (1,))
    assert ledger.decision_for(new.id) is None
    under_a_pattern = dataclasses.replace(FACTS[0], id="wa_ent/env/WA_NEW_SETTING")
    decision = ledger.decision_for(under_a_pattern.id)
    # no env pattern is wide enough to take it silently: each variable is decided by name
    assert decision is None


def test_decisions_say_same_or_different_with_a_reason_and_a_check():
    for decision in ledger.LEDGER:
        assert decision.verdict in ("same", "different"), decision.facts
        assert len(decision.reason) >= 10 and decision.ours, decision.facts
        assert decision.checks and all(isinstance(c, ledger.CHECKS) for c in decision.checks)


def test_the_client_start_facts_are_decided_one_by_one():
    """The facts the issue named: the password lookup, the launcher, the folders, IMDS."""
    by_id = {f.id: ledger.decision_for(f.id) for f in FACTS}
    assert by_id["wa_ent/parameter/StorePassword"].verdict == "different"
    assert "WA_DB_PASSWORD" in by_id["wa_ent/parameter/StorePassword"].ours
    assert by_id["wa_ent/command/WAEntHAWebTaskdefinition/wa-web"].verdict == "same"
    assert "1000" in by_id["wa_ent/boot/ContainerInstances/mnt_execute/03_permissions"].ours
    assert "hop limit 1" in by_id["wa_ent/imds/ContainerInstances"].ours
    task_role = by_id["wa_ent/task/WAEntHACoreappTaskdefinition/TaskRoleArn"]
    assert "instance metadata" in task_role.reason


# --- both renderings hold every decision ---------------------------------------------------------

@pytest.mark.parametrize("name", sorted(renderings.PLAIN_GRID))
def test_every_plain_parameter_set_holds_the_ledger(plain_templates, name):
    assert ledger_gate.problems(plain(plain_templates, name)) == []


@pytest.mark.parametrize("name", CDK_CONTEXTS)
def test_every_cdk_context_holds_the_ledger(synths, name):
    assert ledger_gate.problems(cdk(synths, name)) == []


# --- what the ledger and the runtime check catch --------------------------------------------------

def _resource(rendering, type_, prefix):
    return next(r for r in rendering.deployment.resources(type_)
                if r.logical_id.startswith(prefix))


def _container(rendering, role):
    for task in rendering.deployment.resources("AWS::ECS::TaskDefinition"):
        for container in task.properties["ContainerDefinitions"]:
            if container["Name"] == role:
                return task, container
    raise AssertionError(role)


def _failing(rendering) -> str:
    return "\n".join(ledger_gate.problems(rendering)
                     + runtime.problems(rendering.deployment, rendering.runtime))


def test_without_the_launcher_the_rendering_fails(plain_templates):
    rendering = plain(plain_templates)
    _container(rendering, "coreapp")[1].pop("Command")
    assert re.search(r"wa_ent/command/WAEnt\*: Command.*coreapp", _failing(rendering))


def test_without_the_task_role_the_password_lookup_fails(synths):
    rendering = copy.deepcopy(cdk(synths, "Default"))
    _container(rendering, "master")[0].properties.pop("TaskRoleArn")
    failing = _failing(rendering)
    assert "TaskGrant(action='ssm:GetParameter'" in failing
    assert "master: task_role" in failing


def test_without_the_password_copy_the_rendering_fails(plain_templates):
    rendering = plain(plain_templates)
    _resource(rendering, "Custom::DbSettings", "DbSettings").properties.pop("Copies")
    failing = _failing(rendering)
    assert "password_copies" in failing and "wa_ent/parameter/StorePassword" in failing


def test_a_password_copy_under_another_name_fails(synths):
    rendering = copy.deepcopy(cdk(synths, "Default"))
    settings = _resource(rendering, "Custom::DbSettings", "DbSettings")
    settings.properties["Copies"] = [{"Name": "Other" + PASSWORD_PARAMETER_SUFFIX,
                                      "From": "password"}]
    assert "cluster: password_copies" in _failing(rendering)


def test_a_wider_password_grant_is_not_the_contract(plain_templates):
    rendering = plain(plain_templates)
    role = _resource(rendering, "AWS::IAM::Role", "ClientTaskRole")
    statement = role.properties["Policies"][0]["PolicyDocument"]["Statement"][0]
    statement["Resource"] = "*"
    assert "web: task_role" in _failing(rendering)


def test_instance_metadata_open_to_containers_fails(plain_templates):
    rendering = plain(plain_templates)
    template = _resource(rendering, "AWS::EC2::LaunchTemplate", "HostTemplate")
    template.properties["LaunchTemplateData"]["MetadataOptions"]["HttpPutResponseHopLimit"] = 2
    assert "*/imds/*" in _failing(rendering)


def test_root_owned_shared_folders_fail(synths):
    rendering = copy.deepcopy(cdk(synths, "Default"))
    template = _resource(rendering, "AWS::EC2::LaunchTemplate", "HostTemplate")
    data = template.properties["LaunchTemplateData"]
    data["UserData"] = _replace_text(data["UserData"], "chown 1000:1000", "true ")
    assert "mnt_execute/03_permissions" in _failing(rendering)


def _replace_text(value, old, new):
    from gates.cfn_resolve import Text

    if isinstance(value, Text):
        return Text(tuple(p.replace(old, new) if isinstance(p, str) else p
                          for p in value.parts))
    return value.replace(old, new)


def test_a_web_service_without_its_grace_period_fails(plain_templates):
    rendering = plain(plain_templates)
    _resource(rendering, "AWS::ECS::Service", "WebService").properties.pop(
        "HealthCheckGracePeriodSeconds")
    assert "health_check_grace_s" in _failing(rendering)


def test_a_cluster_without_a_default_capacity_provider_fails(synths):
    rendering = copy.deepcopy(cdk(synths, "Default"))
    association = next(rendering.deployment.resources(
        "AWS::ECS::ClusterCapacityProviderAssociations"))
    association.properties["DefaultCapacityProviderStrategy"] = []
    assert "default_strategy" in _failing(rendering)


def test_a_file_system_open_to_any_nfs_client_fails(plain_templates):
    rendering = plain(plain_templates)
    _resource(rendering, "AWS::EFS::FileSystem", "FileSystem").properties.pop(
        "FileSystemPolicy")
    assert "file system policy" in _failing(rendering)


@pytest.mark.parametrize(("name", "command"), [
    ("Default", ["/opt/whatsapp/bin/wait_on_mysql.sh",
                 "/opt/whatsapp/bin/launch_within_docker.sh"]),
    ("Aurora", ["/opt/whatsapp/bin/wait_on_mysql.sh",
                "/opt/whatsapp/bin/launch_within_docker.sh"]),
    ("Postgres", None),
])
def test_the_upgrade_task_exists_only_for_mysql_engines(synths, name, command):
    rendering = cdk(synths, name)
    seen = runtime.view(rendering.deployment)["roles"].get("dbupgrade")
    assert (seen and seen["command"]) == command
    assert runtime.problems(rendering.deployment, rendering.runtime) == []
    if command is None:  # and a MySQL-only task under PostgreSQL is reported
        mysql = dataclasses.replace(rendering.runtime, engine="mysql")
        assert "dbupgrade: missing with engine mysql" in "\n".join(
            runtime.problems(rendering.deployment, mysql))


def test_a_file_system_policy_that_grants_another_role_fails(plain_templates):
    rendering = plain(plain_templates)
    policy = _resource(rendering, "AWS::EFS::FileSystem", "FileSystem").properties[
        "FileSystemPolicy"]
    client_role = _resource(rendering, "AWS::IAM::Role", "ClientTaskRole")
    from gates.cfn_resolve import Ref

    policy["Statement"][0]["Principal"]["AWS"] = Ref(
        client_role.stack, client_role.logical_id, "AWS::IAM::Role", "Arn")
    assert "file system policy" in _failing(rendering)
