"""The database audit log (issue 23 item 3), on the resolved templates of both renderers:
connections, DDL and DCL recorded and exported per engine, no row data, and turning it on
modifies a running database in place."""

import re

import pytest
from cfnlint.decode import cfn_yaml

from contract.database_audit import MYSQL_AUDIT_MIN_VERSION
from contract.database_logs import DB_LOG_EXPORTS
from deploy.changes import diff, refusals
from gates.cfn_resolve import Ref
from templates.database import MYSQL_VERSION_PATTERN
from templates.render import render_all
from tests.gates.test_hardening import cdk, plain

RECORDED = {"CONNECT", "QUERY_DDL", "QUERY_DCL"}


@pytest.fixture(scope="module")
def templates():
    return {name: cfn_yaml.loads(text) for name, text in render_all().items()}


def database(rendering):
    return next(r for r in [*rendering.deployment.resources("AWS::RDS::DBCluster"),
                            *rendering.deployment.resources("AWS::RDS::DBInstance")])


def audit_group_kept(rendering) -> bool:
    """The audit log's group is among those made encrypted, with the retention."""
    keeper, = rendering.deployment.resources("Custom::RdsLogGroups")
    return any(n.canonical().endswith("/audit") for n in keeper.properties["LogGroupNames"])


def parameters(rendering) -> dict:
    found = {}
    for group in [*rendering.deployment.resources("AWS::RDS::DBParameterGroup"),
                  *rendering.deployment.resources("AWS::RDS::DBClusterParameterGroup")]:
        found.update(group.properties["Parameters"])
    return found


def test_mysql_installs_the_audit_plugin_for_connections_ddl_and_dcl(synths, templates):
    for rendering in [cdk(synths, "Default"), plain(templates)]:
        instance = database(rendering)
        assert "audit" in instance.properties["EnableCloudwatchLogsExports"], rendering.name
        assert audit_group_kept(rendering), rendering.name
        named = instance.properties["OptionGroupName"]
        assert isinstance(named, Ref) and named.type == "AWS::RDS::OptionGroup", rendering.name
        group = rendering.deployment.resource(named)
        assert (group.properties["EngineName"], group.properties["MajorEngineVersion"]) == (
            "mysql", "8.0")
        option, = group.properties["OptionConfigurations"]
        assert option["OptionName"] == "MARIADB_AUDIT_PLUGIN"
        settings = {s["Name"]: s["Value"] for s in option["OptionSettings"]}
        # QUERY, QUERY_DML(_NO_SELECT) or TABLE would record the messages' rows
        assert set(settings.pop("SERVER_AUDIT_EVENTS").split(",")) == RECORDED
        assert settings == {}, rendering.name


def test_aurora_audits_connections_ddl_and_dcl_in_its_cluster_parameters(synths):
    rendering = cdk(synths, "Aurora")
    cluster = database(rendering)
    assert "audit" in cluster.properties["EnableCloudwatchLogsExports"]
    assert audit_group_kept(rendering)
    group = rendering.deployment.resource(cluster.properties["DBClusterParameterGroupName"])
    assert group.properties["Parameters"]["server_audit_logging"] == "1"
    assert set(group.properties["Parameters"]["server_audit_events"].split(",")) == RECORDED


def test_postgres_logs_connections_and_ddl_only(synths):
    rendering = cdk(synths, "Postgres")
    found = parameters(rendering)
    assert (found["log_connections"], found["log_disconnections"]) == ("1", "1")
    assert found["log_statement"] == "ddl"  # "mod" or "all" would record the rows
    assert "shared_preload_libraries" not in found  # no pgaudit (contract/database_audit.py)
    assert database(rendering).properties["EnableCloudwatchLogsExports"] == list(
        DB_LOG_EXPORTS["postgres"])  # the events go into the postgresql log


def without_audit(template: dict) -> dict:
    """The same template as before the audit log: no option group, no `audit` export."""
    resources = {}
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] == "AWS::RDS::OptionGroup":
            continue
        resource = dict(resource, Properties=dict(resource.get("Properties", {})))
        properties = resource["Properties"]
        properties.pop("OptionGroupName", None)
        if "EnableCloudwatchLogsExports" in properties:
            properties["EnableCloudwatchLogsExports"] = [
                e for e in properties["EnableCloudwatchLogsExports"] if e != "audit"]
        resources[logical_id] = resource
    return dict(template, Resources=resources)


def test_turning_the_audit_log_on_modifies_the_database_in_place(synths, templates):
    for name, template in [("cdk", synths["Default"]["database"].to_json()),
                           ("plain", templates["wa-infra-database.yaml"])]:
        changes = diff("Database", without_audit(template), template)
        by_type = {c.type: c for c in changes}
        instance = by_type["AWS::RDS::DBInstance"]
        assert instance.action == "modify", (name, instance.line())
        assert set(instance.properties) == {"OptionGroupName", "EnableCloudwatchLogsExports"}
        assert by_type["AWS::RDS::OptionGroup"].action == "add"
        assert refusals(changes) == [], name  # wa-deploy goes ahead without --allow-replace


def test_the_plain_templates_accept_exactly_the_versions_the_plugin_supports():
    major, minor, first = MYSQL_AUDIT_MIN_VERSION
    for patch in range(0, 130):
        accepted = re.fullmatch(MYSQL_VERSION_PATTERN, f"{major}.{minor}.{patch}") is not None
        assert accepted == (patch >= first), patch
    assert re.fullmatch(MYSQL_VERSION_PATTERN, "8.4.3") is None  # another major version
