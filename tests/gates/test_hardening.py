"""Security round 2, on the resolved templates of both renderers: TLS to the database by
default, egress always inline, the VPC's default group closed, the host role exactly the
agent's and the mount's actions, load balancer deletion protection in production, the
database's slow-query log exported into encrypted log groups kept for the retention."""

import pytest
from cfnlint.decode import cfn_yaml

from contract.database_logs import DB_LOG_EXPORTS, SLOW_QUERY_PARAMETERS
from contract.host import host_policy_statements
from gates import renderings
from gates.cfn_resolve import Ref
from templates.render import render_all
from tests.stacks.conftest import SHAPES


@pytest.fixture(scope="module")
def templates():
    return {name: cfn_yaml.loads(text) for name, text in render_all().items()}


def cdk(synths, name):
    synth = synths[name]
    return renderings.cdk_rendering(name, synth.outdir,
                                    synth.plan, synth.deployment)


def plain(templates, **given):
    return renderings.plain_renderings(templates, {"x": given})["x"]


def both(synths, templates, cdk_name="Default", **given):
    return [cdk(synths, cdk_name), plain(templates, **given)]


def one(rendering, type_):
    found, = rendering.deployment.resources(type_)
    return found


def points_at(value, resource, attribute="Ref") -> bool:
    return isinstance(value, Ref) and (value.stack, value.logical_id, value.attribute) == (
        resource.stack, resource.logical_id, attribute)


def test_tls_to_the_database_is_on_by_default(synths, templates):
    for rendering in both(synths, templates):
        group, = (g for g in rendering.deployment.resources("AWS::RDS::DBParameterGroup"))
        assert group.properties["Parameters"]["require_secure_transport"] == "1"
        assert rendering.runtime.ssl
    assert (cdk(synths, "NoTls").deployment.resources("AWS::RDS::DBParameterGroup").__next__()
            .properties["Parameters"]["require_secure_transport"] == "0")
    off = plain(templates, DbConnectionEncryption="disabled")
    assert one(off, "AWS::RDS::DBParameterGroup").properties["Parameters"][
        "require_secure_transport"] == "0"


def test_no_group_keeps_cloudformations_default_egress(synths, templates):
    """Separate egress rules next to no inline egress leave the group's allow-all egress to
    CloudFormation's handling, which is disputed: every group says its egress inline."""
    renderings_ = [cdk(synths, name) for name in SHAPES]
    renderings_ += renderings.plain_renderings(templates).values()
    for rendering in renderings_:
        separate = {f"{r.stack}/{r.properties['GroupId'].logical_id}"
                    for r in rendering.deployment.resources("AWS::EC2::SecurityGroupEgress")}
        assert not separate, rendering.name
        for group in rendering.deployment.resources("AWS::EC2::SecurityGroup"):
            assert group.properties.get("SecurityGroupEgress"), (rendering.name,
                                                                  group.logical_id)


def test_the_default_group_of_a_new_vpc_is_closed(synths, templates):
    closed = cdk(synths, "Default")
    vpc = one(closed, "AWS::EC2::VPC")
    closer, = (r for r in closed.deployment.resources() if r.type == "Custom::VpcRestrictDefaultSG")
    assert points_at(closer.properties["DefaultSecurityGroupId"], vpc, "DefaultSecurityGroup")
    assert not [r for r in cdk(synths, "ExistingVpcDb").deployment.resources()
                if r.type == "Custom::VpcRestrictDefaultSG"]  # not ours to change
    rendering = plain(templates)
    vpc = one(rendering, "AWS::EC2::VPC")
    closer = one(rendering, "Custom::DefaultSecurityGroupClosed")
    assert points_at(closer.properties["GroupId"], vpc, "DefaultSecurityGroup")
    role = next(r for r in rendering.deployment.resources("AWS::IAM::Role")
                if r.logical_id == "DefaultGroupRole")
    actions = {a for s in role.properties["Policies"][0]["PolicyDocument"]["Statement"]
               for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    assert actions == {"logs:CreateLogStream", "logs:PutLogEvents",
                       "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress",
                       "ec2:DescribeSecurityGroups"}


def host_statements(rendering) -> list[dict]:
    group = one(rendering, "AWS::AutoScaling::AutoScalingGroup")
    template = rendering.deployment.resource(group.properties["LaunchTemplate"][
        "LaunchTemplateId"])
    profile = rendering.deployment.resource(
        template.properties["LaunchTemplateData"]["IamInstanceProfile"]["Arn"])
    role_ref, = profile.properties["Roles"]
    role = rendering.deployment.resource(role_ref)
    statements = [s for p in role.properties.get("Policies", [])
                  for s in p["PolicyDocument"]["Statement"]]
    statements += [s for p in rendering.deployment.resources("AWS::IAM::Policy")
                   if any(points_at(r, role) for r in p.properties.get("Roles", []))
                   for s in p.properties["PolicyDocument"]["Statement"]]
    return statements


def test_the_hosts_may_do_what_the_agent_and_the_mount_need_and_nothing_else(synths,
                                                                           templates):
    for rendering in both(synths, templates):
        statements = host_statements(rendering)
        actions = {a for s in statements for a in s["Action"]}
        assert not {a for a in actions if a.startswith(("logs:", "ecr:"))}, rendering.name
        expected = host_policy_statements("cluster", "file-system", "instances")
        assert [sorted(s["Action"]) for s in statements] == [
            sorted(s["Action"]) for s in expected], rendering.name


@pytest.mark.parametrize(("cdk_name", "env", "protected"), [
    ("Default", "production", "true"), ("S8Staging", "staging", "false")])
def test_production_keeps_its_load_balancer(synths, templates, cdk_name, env, protected):
    for rendering in both(synths, templates, cdk_name, EnvType=env):
        lb = one(rendering, "AWS::ElasticLoadBalancingV2::LoadBalancer")
        attributes = {a["Key"]: str(a["Value"]).lower()
                      for a in lb.properties["LoadBalancerAttributes"]}
        assert attributes["deletion_protection.enabled"] == protected, rendering.name


@pytest.mark.parametrize(("cdk_name", "engine"), [
    ("Default", "mysql"), ("Postgres", "postgres"), ("Aurora", "aurora-mysql")])
def test_slow_queries_are_logged_into_encrypted_groups_kept_for_the_retention(
        synths, templates, cdk_name, engine):
    renderings_ = [cdk(synths, cdk_name)] + ([plain(templates)] if engine == "mysql" else [])
    for rendering in renderings_:
        database = next(r for r in [*rendering.deployment.resources("AWS::RDS::DBCluster"),
                                    *rendering.deployment.resources("AWS::RDS::DBInstance")])
        exports = database.properties["EnableCloudwatchLogsExports"]
        assert exports == list(DB_LOG_EXPORTS[engine])
        parameters = {}
        for group in [*rendering.deployment.resources("AWS::RDS::DBParameterGroup"),
                      *rendering.deployment.resources("AWS::RDS::DBClusterParameterGroup")]:
            parameters.update(group.properties["Parameters"])
        assert SLOW_QUERY_PARAMETERS[engine].items() <= parameters.items()
        keeper = one(rendering, "Custom::RdsLogGroups")
        kind = "cluster" if database.type == "AWS::RDS::DBCluster" else "instance"
        names = [n.canonical() for n in keeper.properties["LogGroupNames"]]
        assert names == [f"/aws/rds/{kind}/<{database.type} Ref>/{log}" for log in exports]
        assert str(keeper.properties["RetentionInDays"]) == "30"
        key = rendering.deployment.resource(keeper.properties["KmsKeyArn"])
        assert key.properties["EnableKeyRotation"] is True
        logs_may_use, = [s for s in key.properties["KeyPolicy"]["Statement"]
                         if "Condition" in s]
        context = logs_may_use["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]
        # only this database's groups, not every group of the account
        shown = context.canonical() if hasattr(context, "canonical") else str(context)
        assert shown.endswith(
            f":log-group:/aws/rds/{kind}/<{database.type} Ref>/*"), rendering.name


def _execution_grants(rendering, container_name):
    from gates.runtime import _statements

    for task in rendering.deployment.resources("AWS::ECS::TaskDefinition"):
        if any(c["Name"] == container_name for c in task.properties["ContainerDefinitions"]):
            return _statements(rendering.deployment, task.properties["ExecutionRoleArn"], None)
    raise AssertionError(container_name)


@pytest.mark.parametrize("container", ["web", "master", "coreapp", "dbupgrade"])
def test_only_the_webapps_may_read_the_jwt_signing_key(synths, templates, container):
    """One execution role per kind of task: the Webapps' reads the JWT secret and its key,
    no other task's can (the plain templates shared one role for all four)."""
    for rendering in both(synths, templates):
        grants = _execution_grants(rendering, container)
        secrets = [g for g in grants if g[1] == "secretsmanager:GetSecretValue"]
        assert bool(secrets) == (container == "web"), (rendering.name, grants)
        assert any(g[1] == "ssm:GetParameters" for g in grants), rendering.name


def test_the_hosts_cannot_read_the_accounts_parameters(synths, templates):
    """Session Manager's five calls instead of AmazonSSMManagedInstanceCore, which allows
    ssm:GetParameter(s) on every parameter of the account and region."""
    from contract.host import SESSION_MANAGER_ACTIONS
    from gates.runtime import view

    for rendering in both(synths, templates):
        grants = view(rendering.deployment)["host"]["role_grants"]
        assert not [g for g in grants if g[0] == "managed"], rendering.name
        actions = {g[1] for g in grants}
        assert set(SESSION_MANAGER_ACTIONS) <= actions, rendering.name
        assert not {a for a in actions if a.startswith(("ssm:Get", "ssm:Describe", "ec2messages"))}
