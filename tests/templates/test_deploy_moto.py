"""The four plain templates create in moto (in-process) and size the cluster like the plan.

moto needs a few corrections to accept valid CloudFormation (tests/support/moto_compat.py);
what it does not model (capacity providers, alarms) is asserted at template level instead.
"""

import boto3
import pytest
from cfnlint.decode import cfn_yaml
from moto import mock_aws

from contract.network import FLOWS
from gates import renderings
from gates.deployed import check_deployed
from sizing import plan
from tests.support import local_cloud, moto_compat

BUCKET = "wa-infra-templates"
BASE_URL = f"https://{BUCKET}.s3.amazonaws.com/"


@pytest.fixture
def aws(monkeypatch):
    for name, value in (("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "testing"),
                        ("AWS_SECRET_ACCESS_KEY", "testing")):
        monkeypatch.setenv(name, value)
    with mock_aws(), moto_compat.applied():
        yield


def deploy(rendered, **parameters):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    for name, text in rendered.items():
        s3.put_object(Bucket=BUCKET, Key=name, Body=text.encode())
    values = {"TemplateBaseUrl": BASE_URL, **parameters}
    cloudformation = boto3.client("cloudformation")
    cloudformation.create_stack(
        StackName="wa", TemplateURL=BASE_URL + "wa-infra.yaml",
        Parameters=[{"ParameterKey": k, "ParameterValue": str(v)} for k, v in values.items()],
        Capabilities=["CAPABILITY_IAM"])
    return {s["StackName"]: s for s in cloudformation.describe_stacks()["Stacks"]}


def desired_counts(cluster: str) -> dict[str, int]:
    ecs = boto3.client("ecs")
    arns = ecs.list_services(cluster=cluster)["serviceArns"]
    services = ecs.describe_services(cluster=cluster, services=arns)["services"]
    return {s["serviceName"].split("-")[1]: s["desiredCount"] for s in services}


@pytest.mark.parametrize(("shards", "env"), [(8, "production"), (32, "production"),
                                              (8, "staging"), (32, "staging")])
def test_cluster_is_sized_like_the_plan(rendered, aws, shards, env):
    stacks = deploy(rendered, ActiveCoreapps=shards, EnvType=env)
    assert {s["StackStatus"] for s in stacks.values()} == {"CREATE_COMPLETE"}
    assert len(stacks) == 4  # the enterprise stack and its three tiers
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stacks["wa"]["Outputs"]}
    expected = plan(shards=shards, env=env)
    group, = boto3.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]
    assert (group["MinSize"], group["MaxSize"], group["DesiredCapacity"]) == (
        expected.ec2_min, expected.ec2_max, expected.ec2_desired)
    counts = desired_counts(outputs["ClusterName"])
    assert counts["CoreappService"] == expected.total_coreapps
    assert counts["MasterService"] == expected.masters
    assert counts["WebService"] == plan(100, env=env).webapps  # Throughput default 100
    assert (outputs["Shards"], outputs["Coreapps"]) == (str(shards),
                                                          str(expected.total_coreapps))


def test_database_settings_reach_ssm_as_secure_strings(rendered, aws):
    stacks = deploy(rendered)
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


def test_security_groups_admit_only_the_hosts_and_the_api_port(rendered, aws):
    deploy(rendered)
    groups = boto3.client("ec2").describe_security_groups()["SecurityGroups"]
    for group in groups:
        for rule in group["IpPermissions"]:
            cidrs = {r["CidrIp"] for r in rule.get("IpRanges", [])}
            assert "0.0.0.0/0" not in cidrs, group["GroupName"]
            if cidrs:  # only the load balancer takes CIDR ingress: 443 from the VPC
                assert (rule["FromPort"], rule["ToPort"]) == (443, 443)


@pytest.mark.parametrize("name", ["default", "public-api", "staging"])
def test_the_deployed_security_groups_and_routes_keep_the_contract(rendered, aws, name):
    """The cluster contract on what moto holds after the deploy: every flow the client needs
    is allowed by the groups and routes EC2 reports, and nothing else is open."""
    parsed = {file: cfn_yaml.loads(text) for file, text in rendered.items()}
    rendering = renderings.plain_renderings(parsed, {name: renderings.PLAIN_GRID[name]})[name]
    parameters = {k: v for k, v in renderings.PLAIN_GRID[name].items()}
    deploy(rendered, **parameters)
    report = check_deployed(rendering.deployment, rendering.expectation, {"wa": "wa"}, boto3)
    assert report.ok, report.lines()
    # the probe behind an internet-facing load balancer: its NAT addresses are the user's
    outside = {"probe-api"} if name == "public-api" else set()
    assert {v.flow.key for v in report.verdicts if v.allowed is not True} == outside
    assert len(report.verdicts) == len(FLOWS)


def test_the_custom_resources_close_the_default_group_and_keep_the_db_logs(rendered, aws):
    deploy(rendered, LogRetentionDays=90)
    assert local_cloud.default_group_rules() == ([], [])
    assert local_cloud.db_log_groups() == {"error": (90, True), "slowquery": (90, True)}
