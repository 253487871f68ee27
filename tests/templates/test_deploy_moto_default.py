"""The plain templates deployed once into moto with the default parameters, read by tests
that only look (test_deploy_moto.py deploys with other parameters, and deletes).

A module of its own: its moto is open for the whole module, and a test starting its own
mock_aws inside it would share (and collide with) this deployment.
"""

import boto3
import pytest

from sizing import plan
from tests.support.probe_ready import assert_probe_reports_with_no_manual_step
from tests.templates.moto_deploy import assert_the_contract_is_kept, deploy, mocked_aws


@pytest.fixture(scope="module")
def stacks(rendered):
    with pytest.MonkeyPatch.context() as monkeypatch, mocked_aws(monkeypatch):
        yield deploy(rendered)


def test_database_settings_reach_ssm_as_secure_strings(stacks):
    database, = boto3.client("rds").describe_db_instances()["DBInstances"]
    assert database["DBInstanceClass"] == plan(100).db_rds_class
    assert database["StorageEncrypted"] is True
    assert database["MultiAZ"] is True
    assert database["PubliclyAccessible"] is False
    parameters = boto3.client("ssm").get_parameters_by_path(
        Path="/wa/db", WithDecryption=True)["Parameters"]
    by_name = {p["Name"].rsplit("/", 1)[1]: p for p in parameters}
    assert set(by_name) == {"hostname", "port", "username", "password"}
    assert {p["Type"] for p in parameters} == {"SecureString"}
    assert by_name["hostname"]["Value"] == database["Endpoint"]["Address"]
    assert by_name["username"]["Value"] == "waadmin"
    assert len(by_name["password"]["Value"]) == 30
    assert "wa" in stacks


def test_security_groups_admit_only_the_hosts_and_the_api_port(stacks):
    groups = boto3.client("ec2").describe_security_groups()["SecurityGroups"]
    for group in groups:
        for rule in group["IpPermissions"]:
            cidrs = {r["CidrIp"] for r in rule.get("IpRanges", [])}
            assert "0.0.0.0/0" not in cidrs, group["GroupName"]
            if cidrs:  # only the load balancer takes CIDR ingress: 443 from the VPC
                assert (rule["FromPort"], rule["ToPort"]) == (443, 443)


def test_the_deployed_security_groups_and_routes_keep_the_contract(stacks, parsed):
    assert_the_contract_is_kept(parsed, "default")


def test_the_probe_reports_from_the_first_deploy_with_no_manual_step(stacks):
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stacks["wa"].get("Outputs", [])}
    assert_probe_reports_with_no_manual_step(outputs)
