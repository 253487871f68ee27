"""What a console deploy of the plain templates gets, resolved offline for several parameter
sets: the memory alarms and their scaling policies, the host and service counts, TLS on the
database, the load balancer's clients, and what outlives a delete. The contract checker
(tests/gates/) covers the network flows; this covers the rest.

Every expected figure is written out from the README (sample output of `wa-size`, the sizing
rules table, the console parameters) and sizing/data.py's sources, never recomputed with the
project's own functions: a template that reads the wrong mapping, column or parameter fails
here even when the golden files, cfn-lint, checkov and the moto deploy all pass.
"""

from __future__ import annotations

import pytest

from gates import renderings
from gates.cfn_resolve import SYMBOLS, Ref, resolve_template

ROOT, NETWORK, DATABASE = "wa", "wa/NetworkStack", "wa/DatabaseStack"

SETS: dict[str, dict[str, str]] = {
    "default": {},
    "32-shards": {"Throughput": "250", "ActiveCoreapps": "32"},
    "staging": {"EnvType": "staging"},
    "no-tls": {"DbConnectionEncryption": "disabled"},
    "public-api": {"LbScheme": "internet-facing", "ApiClientCidr": "203.0.113.0/24"},
    "existing-vpc": renderings.PLAIN_GRID["existing-vpc"],
    "existing-db": renderings.PLAIN_GRID["existing-db"],
    "one-shard": {"Throughput": "10"},  # 1 shard carries 12.5 msg/s
    "one-shard-staging": {"Throughput": "10", "EnvType": "staging"},
    "world-on-purpose": {"LbScheme": "internet-facing", "ApiClientCidr": "0.0.0.0/0",
                         "AllowWorldApi": "true"},
}

# EC2 (min, max, desired) and ECS desired counts (web, master, coreapp). README: `wa-size`
# prints 3 / 5 / 5 with 3 Webapps, 3 Masters and 9 Coreapps for the default plan, 3 / 13 / 15
# with 4 Webapps and 33 Coreapps for 250 msg/s on 32 shards; staging keeps 2 hosts, Masters and
# Webapps minimum and needs 4 hosts for 9 Coreapps (12288 MiB reserved); one shard has the
# environment's HA maximum (production 4, staging 3) and the env's Coreapp minimum (3, 2).
SIZES: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "default": ((3, 5, 5), (3, 3, 9)),
    "32-shards": ((3, 15, 13), (4, 3, 33)),
    "staging": ((2, 5, 4), (2, 2, 9)),
    "no-tls": ((3, 5, 5), (3, 3, 9)),
    "public-api": ((3, 5, 5), (3, 3, 9)),
    "existing-vpc": ((3, 5, 5), (3, 3, 9)),
    "existing-db": ((3, 5, 5), (3, 3, 9)),
    "one-shard": ((3, 4, 3), (3, 3, 3)),
    "one-shard-staging": ((2, 3, 2), (2, 2, 2)),
    "world-on-purpose": ((3, 5, 5), (3, 3, 9)),
}
SHARDS = {"32-shards": "32", "one-shard": "1", "one-shard-staging": "1"}  # else 8
PRODUCTION = {name for name in SETS if "staging" not in name}

# Who may reach the load balancer on 443: the VPC when internal, the given clients when public.
CLIENTS = {name: "10.0.0.0/16" for name in SETS} | {
    "existing-vpc": "10.20.0.0/16", "public-api": "203.0.113.0/24",
    "world-on-purpose": "0.0.0.0/0"}
PUBLIC = {"public-api", "world-on-purpose"}
WORLD = {"world-on-purpose"}  # the only set that may open anything to 0.0.0.0/0

STATEFUL = {"AWS::RDS::DBInstance": "Snapshot", "AWS::RDS::DBCluster": "Snapshot",
            "AWS::EFS::FileSystem": "Retain", "AWS::KMS::Key": "Retain",
            "AWS::SecretsManager::Secret": "Retain", "AWS::Logs::LogGroup": "Retain"}
# The data and what opens it, by place: each must be created and outlive the stack.
KEPT = {
    (DATABASE, "Database"): "Snapshot", (DATABASE, "DatabaseSecret"): "Retain",
    (DATABASE, "DataKey"): "Retain", (ROOT, "FileSystem"): "Retain",
    (ROOT, "FileSystemKey"): "Retain", (ROOT, "WebJwtKey"): "Retain",
    (ROOT, "WebJwtKeyKey"): "Retain", (ROOT, "ContainerLogs"): "Retain",
    (NETWORK, "FlowLogs"): "Retain", (NETWORK, "FlowLogsKey"): "Retain",
}


@pytest.fixture(scope="module")
def deployments(parsed) -> dict:
    return {name: renderings.plain_renderings(parsed, {name: given})[name].deployment
            for name, given in SETS.items()}


def resource(deployment, stack: str, logical_id: str):
    return deployment.stacks[stack].resources[logical_id]


def number(value) -> float:
    """A resolved figure: a literal that CloudFormation reads as a number, never a symbol."""
    assert not isinstance(value, SYMBOLS), f"{value} is only known after deploy"
    return float(value)


def is_ref(value, logical_id: str) -> bool:
    return isinstance(value, Ref) and value.logical_id == logical_id and (
        value.attribute == "Ref")


# --- memory scaling ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SETS)
def test_memory_alarms_add_a_host_above_85_and_remove_one_below_30_percent(deployments, name):
    """README "Memory scaling": MemoryReservation average, 1 period of 60 s, +1 host > 85 %,
    -1 host < 30 %, cooldown 60 s (vendor template v2.3.5)."""
    deployment = deployments[name]
    memory = sorted(r.logical_id for r in deployment.resources("AWS::CloudWatch::Alarm")
                    if r.properties.get("MetricName") == "MemoryReservation")
    assert memory == ["ScaleInAlarm", "ScaleOutAlarm"]
    for prefix, threshold, operator, adjustment in (
            ("ScaleOut", 85, "GreaterThanThreshold", 1),
            ("ScaleIn", 30, "LessThanThreshold", -1)):
        alarm = resource(deployment, ROOT, f"{prefix}Alarm").properties
        assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"]) == (
            "AWS/ECS", "MemoryReservation", "Average")
        assert number(alarm["Threshold"]) == threshold, prefix
        assert alarm["ComparisonOperator"] == operator, prefix
        assert (number(alarm["Period"]), number(alarm["EvaluationPeriods"])) == (60, 1)
        (dimension,) = alarm["Dimensions"]
        assert dimension["Name"] == "ClusterName" and is_ref(dimension["Value"], "Cluster")
        (action,) = alarm["AlarmActions"]
        assert is_ref(action, f"{prefix}Policy"), f"{prefix}Alarm triggers {action}"
        policy = resource(deployment, ROOT, f"{prefix}Policy").properties
        assert (policy["PolicyType"], policy["AdjustmentType"]) == (
            "SimpleScaling", "ChangeInCapacity")
        assert number(policy["ScalingAdjustment"]) == adjustment, prefix
        assert number(policy["Cooldown"]) == 60
        assert is_ref(policy["AutoScalingGroupName"], "Hosts")


# --- sizes ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SETS)
def test_hosts_and_services_are_sized_like_wa_size(deployments, name):
    deployment = deployments[name]
    (low, high, desired), (web, master, coreapp) = SIZES[name]
    hosts = resource(deployment, ROOT, "Hosts").properties
    assert (number(hosts["MinSize"]), number(hosts["MaxSize"]),
            number(hosts["DesiredCapacity"])) == (low, high, desired)
    counts = {role: number(resource(deployment, ROOT, f"{role}Service").properties[
        "DesiredCount"]) for role in ("Web", "Master", "Coreapp")}
    assert counts == {"Web": web, "Master": master, "Coreapp": coreapp}
    outputs = deployment.stacks[ROOT].outputs
    assert (outputs["Shards"], str(outputs["Coreapps"])) == (
        SHARDS.get(name, "8"), str(coreapp))


def test_desired_hosts_follow_the_throughput_when_the_shards_are_given(parsed):
    """`wa-size --rate 100 --shards 32 --env staging`: 2 Webapps, 12 hosts needed, 2 / 12 / 15.
    The CDK app deploys that for the same inputs; the console should too."""
    given = {"Throughput": "100", "ActiveCoreapps": "32", "EnvType": "staging"}
    deployment = renderings.plain_renderings(parsed, {"x": given})["x"].deployment
    hosts = resource(deployment, ROOT, "Hosts").properties
    assert number(resource(deployment, ROOT, "WebService").properties["DesiredCount"]) == 2
    assert (number(hosts["MinSize"]), number(hosts["DesiredCapacity"]),
            number(hosts["MaxSize"])) == (2, 12, 15)


@pytest.mark.parametrize(("given", "expected"), [
    # wa-size --rate R --shards S [--env E] [--message-type M]: min / desired / max
    ({"Throughput": "200", "ActiveCoreapps": "8", "EnvType": "staging"}, (2, 5, 5)),
    ({"Throughput": "10", "ActiveCoreapps": "32", "EnvType": "staging"}, (2, 12, 15)),
    ({"Throughput": "400", "ActiveCoreapps": "32", "EnvType": "staging"}, (2, 13, 15)),
    # image = image1MB: c5.xlarge, 3600 MiB and 2048 CPU units per Coreapp: 6 hosts hold the
    # containers, a 7th leaves room for a rolling update's extra Coreapp; all from the start
    ({"Throughput": "100", "ActiveCoreapps": "auto", "MessageType": "image"}, (7, 7, 7)),
    # one Coreapp per host: all nine hosts from the start
    ({"Throughput": "100", "ActiveCoreapps": "8", "IsolateCoreapps": "true"}, (9, 9, 9)),
    # image2MB at 10 msg/s: c5.2xlarge, two 7000 MiB Coreapps fit the 14745 MiB ECS hands out,
    # a third (a rolling update, the database upgrade) needs a third host
    ({"Throughput": "10", "MessageType": "image2MB", "EnvType": "staging"}, (3, 3, 3)),
])
def test_desired_hosts_are_wa_sizes_for_every_input_they_depend_on(parsed, given, expected):
    deployment = renderings.plain_renderings(parsed, {"x": given})["x"].deployment
    hosts = resource(deployment, ROOT, "Hosts").properties
    assert (number(hosts["MinSize"]), number(hosts["DesiredCapacity"]),
            number(hosts["MaxSize"])) == expected


# --- database ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SETS)
def test_the_database_requires_tls_unless_it_is_turned_off(deployments, name):
    """README: TLS required by default; DbConnectionEncryption=disabled opts out. An instance
    parameter group spells it require_secure_transport 1/0."""
    deployment = deployments[name]
    if name == "existing-db":
        assert DATABASE not in deployment.stacks
        assert not list(deployment.resources("AWS::RDS::DBParameterGroup"))
        return
    (group,) = deployment.resources("AWS::RDS::DBParameterGroup")
    assert group.stack == DATABASE
    settings = group.properties["Parameters"]
    if name == "no-tls":
        assert str(settings.get("require_secure_transport", "0")) == "0"
    else:
        assert str(settings["require_secure_transport"]) == "1"
    database = resource(deployment, DATABASE, "Database").properties
    assert is_ref(database["DBParameterGroupName"], group.logical_id)
    # README's sample: db.m6g.2xlarge (2543) for the default plan, db.m6g.4xlarge (5086) for
    # 250 msg/s on 32 shards with TLS
    expected = {"default": ("db.m6g.2xlarge", 2543), "32-shards": ("db.m6g.4xlarge", 5086)}
    if name in expected:
        assert (database["DBInstanceClass"], number(settings["max_connections"])) == (
            expected[name])
    production = name in PRODUCTION
    assert (str(database["MultiAZ"]).lower(), str(database["DeletionProtection"]).lower()) == (
        (str(production).lower(),) * 2)
    assert str(database["StorageEncrypted"]).lower() == "true"
    assert str(database["PubliclyAccessible"]).lower() == "false"


# --- load balancer -------------------------------------------------------------------------------

def ingress_rules(deployment):
    """Every ingress rule of every stack: (stack, logical id, rule)."""
    for group in deployment.resources("AWS::EC2::SecurityGroup"):
        for rule in group.properties.get("SecurityGroupIngress", []):
            yield group.stack, group.logical_id, rule
    for rule in deployment.resources("AWS::EC2::SecurityGroupIngress"):
        yield rule.stack, rule.logical_id, rule.properties


@pytest.mark.parametrize("name", SETS)
def test_the_load_balancer_admits_its_clients_on_443_only(deployments, name):
    deployment = deployments[name]
    group = resource(deployment, ROOT, "LoadBalancerSecurityGroup").properties
    assert [(r["IpProtocol"], number(r["FromPort"]), number(r["ToPort"]), r["CidrIp"])
            for r in group["SecurityGroupIngress"]] == [("tcp", 443, 443, CLIENTS[name])]
    balancer = resource(deployment, ROOT, "LoadBalancer").properties
    assert balancer["Scheme"] == ("internet-facing" if name in PUBLIC else "internal")
    attributes = {a["Key"]: str(a["Value"]) for a in balancer["LoadBalancerAttributes"]}
    assert attributes["deletion_protection.enabled"] == str(name in PRODUCTION).lower()


@pytest.mark.parametrize("name", SETS)
def test_nothing_is_open_to_the_world_unless_asked_for(deployments, name):
    open_ = [(stack, logical_id, rule.get("FromPort"))
             for stack, logical_id, rule in ingress_rules(deployments[name])
             if rule.get("CidrIp") == "0.0.0.0/0" or rule.get("CidrIpv6") == "::/0"]
    assert open_ == ([(ROOT, "LoadBalancerSecurityGroup", 443)] if name in WORLD else [])


def rule_verdicts(template: dict, given: dict[str, str],
                  region: str = "us-east-1") -> dict[str, bool]:
    """The template's Rules for these parameters: rule name -> every assertion holds (or the
    rule does not apply). Rules use condition functions, so the resolver evaluates them as
    the conditions of a template that has only the parameters."""
    conditions = {}
    for name, rule in template.get("Rules", {}).items():
        conditions[f"{name}Applies"] = rule.get("RuleCondition", {"Fn::Equals": ["", ""]})
        for index, assertion in enumerate(rule["Assertions"]):
            conditions[f"{name}Holds{index}"] = assertion["Assert"]
    resolved = resolve_template(
        {"Parameters": template["Parameters"], "Conditions": conditions, "Resources": {}},
        {"TemplateBaseUrl": renderings.BASE_URL, **given}, region=region).conditions
    return {name: not resolved[f"{name}Applies"] or all(
        resolved[f"{name}Holds{i}"] for i in range(len(rule["Assertions"])))
        for name, rule in template.get("Rules", {}).items()}


def test_every_parameter_set_here_is_one_cloudformation_accepts(parsed):
    for name, given in SETS.items():
        verdicts = rule_verdicts(parsed[renderings.ROOT_TEMPLATE], given)
        assert verdicts and all(verdicts.values()), (name, verdicts)


@pytest.mark.parametrize(("given", "refused"), [
    ({"LbScheme": "internet-facing", "ApiClientCidr": "0.0.0.0/0"},
     {"WorldOpenApiOnlyOnPurpose"}),
    ({"LbScheme": "internet-facing", "ApiClientCidr": "0.0.0.0/0", "AllowWorldApi": "false"},
     {"WorldOpenApiOnlyOnPurpose"}),
    # an internal load balancer serves the VPC, the probe among its clients
    ({"ApiClientCidr": "0.0.0.0/0", "AllowWorldApi": "false"},
     {"WorldOpenApiOnlyOnPurpose", "InternalLbServesTheVpc"}),
    ({"ApiClientCidr": "203.0.113.0/24"}, {"InternalLbServesTheVpc"}),
    ({"LbScheme": "internet-facing"}, {"PublicApiNamesItsClients"}),
    ({"ExistingVpcId": "vpc-0123456789abcdef0", "ExistingPrivateSubnet1": "subnet-1a2b3c4d",
      "ExistingPrivateSubnet2": "subnet-2a2b3c4d"},
     {"ExistingVpcNamesItsCidr"}),
])
def test_an_open_or_unnamed_client_range_is_refused_before_anything_is_created(
        parsed, given, refused):
    verdicts = rule_verdicts(parsed[renderings.ROOT_TEMPLATE], given)
    assert {name for name, holds in verdicts.items() if not holds} == refused


# --- what outlives a delete ----------------------------------------------------------------------

@pytest.mark.parametrize("name", SETS)
def test_stateful_resources_outlive_a_delete_in_every_stack(deployments, name):
    deployment = deployments[name]
    wrong = [(r.stack, r.logical_id, r.deletion_policy, r.update_replace_policy)
             for r in deployment.resources() if r.type in STATEFUL
             and (r.deletion_policy, r.update_replace_policy) != (STATEFUL[r.type],) * 2]
    assert wrong == []
    expected = {place: policy for place, policy in KEPT.items()
                if not (place[0] == DATABASE and name == "existing-db")
                and not (place[0] == NETWORK and name == "existing-vpc")}
    found = {(r.stack, r.logical_id): r for r in deployment.resources()
             if (r.stack, r.logical_id) in expected}
    assert set(found) == set(expected)
    assert {place: (r.deletion_policy, r.update_replace_policy)
            for place, r in found.items()} == {place: (p, p) for place, p in expected.items()}
    if name == "existing-db":
        assert not list(deployment.resources("AWS::RDS::DBInstance"))


@pytest.mark.parametrize(("given", "refused"), [
    # the plan for these is made for c5.4xlarge hosts: a smaller explicit type cannot hold it
    ({"MessageType": "image4MB", "InstanceType": "c5.2xlarge"}, {"InstanceTypeCoversC54xlarge"}),
    ({"MessageType": "image2MB", "Throughput": "25", "InstanceType": "c5.large"},
     {"InstanceTypeCoversC54xlarge"}),
    # image2MB at 10 msg/s runs on c5.2xlarge: that one, or larger, is fine
    ({"MessageType": "image2MB", "Throughput": "10", "InstanceType": "c5.2xlarge"}, set()),
    ({"MessageType": "image", "Throughput": "300", "InstanceType": "c5.xlarge"},
     {"InstanceTypeCoversC52xlarge"}),
    ({"MessageType": "text", "InstanceType": "c5.4xlarge"}, set()),  # larger: more room
    ({"MessageType": "video", "Throughput": "150", "InstanceType": "c5.large"},
     {"InstanceTypeCoversC5xlarge"}),
    ({"MessageType": "video", "Throughput": "150"}, set()),  # auto
])
def test_an_explicit_instance_type_smaller_than_the_plans_is_refused(parsed, given, refused):
    verdicts = rule_verdicts(parsed[renderings.ROOT_TEMPLATE], given)
    assert {name for name, holds in verdicts.items() if not holds} == refused


# --- what RDS and ECS would refuse half-way through a deploy --------------------------------------

SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:wa-db-AbCdEf"


@pytest.mark.parametrize(("given", "refused"), [
    # RDS User Guide, "Amazon RDS DB instance storage": gp2 takes no provisioned IOPS, io1 and
    # io2 need them, gp3 takes them from 400 GiB only (which Rules cannot compare)
    ({"DbStorageType": "gp2", "DbIops": "1000"}, {"Gp2TakesNoIops"}),
    ({"DbStorageType": "gp3", "DbIops": "3000"}, {"Gp3IopsNeedTheCdkApp"}),
    ({"DbStorageType": "gp3", "DbIops": "12000", "DbStorageGiB": "400"},
     {"Gp3IopsNeedTheCdkApp"}),
    ({"DbStorageType": "io1"}, {"Io1NeedsIops"}),
    ({"DbStorageType": "io2", "DbIops": "0"}, {"Io2NeedsIops"}),
    ({"DbStorageType": "io1", "DbIops": "5000"}, set()),
    ({"DbStorageType": "io2", "DbIops": "1000"}, set()),
    ({"DbStorageType": "gp2"}, set()),
    ({}, set()),  # gp3 at its baseline
    # no database tier: the storage parameters are not used
    ({"DbStorageType": "io1", "ExistingDbHost": "db.internal", "ExistingDbSecretArn": SECRET},
     set()),
])
def test_storage_rds_would_refuse_is_refused_before_anything_is_created(parsed, given, refused):
    verdicts = rule_verdicts(parsed[renderings.ROOT_TEMPLATE], given)
    assert {name for name, holds in verdicts.items() if not holds} == refused


def test_the_storage_rules_say_what_to_do_and_the_ratio_is_described(parsed):
    root = parsed[renderings.ROOT_TEMPLATE]
    say = {name: rule["Assertions"][0]["AssertDescription"]
           for name, rule in root["Rules"].items() if "Iops" in name}
    assert say["Gp3IopsNeedTheCdkApp"].startswith("gp3 IOPS need 400 GiB or more")
    assert "choose io1 or io2" in say["Gp3IopsNeedTheCdkApp"]
    assert "CDK app" in say["Gp3IopsNeedTheCdkApp"]
    assert say["Io1NeedsIops"] == ("io1 needs provisioned IOPS and storage: set DbIops to 1000 "
                                   "to 256000, at most 50 per GiB of DbStorageGiB, which starts "
                                   "at 100 GiB for io1")
    assert "at most 1000 per GiB of DbStorageGiB" in say["Io2NeedsIops"]
    assert say["Gp2TakesNoIops"].startswith("gp2 takes no provisioned IOPS: set DbIops to 0")
    for template in (root, parsed["wa-infra-database.yaml"]):
        description = template["Parameters"]["DbIops"]["Description"]
        assert "io1 at most 50 per GiB, io2 at most 1000 per GiB" in description
        assert "the console cannot check these" in description
        assert "100 GiB or more" in description and "at least 0.5" in description


def test_the_stack_name_words_aws_reserves_are_in_the_description(parsed):
    description = parsed[renderings.ROOT_TEMPLATE]["Description"]
    assert ("A stack name that begins with aws, ecs, fargate or ssm (lower, Title or UPPER "
            "case) gives the names derived from it") in description


@pytest.mark.parametrize("wanted", [False, True])
def test_the_ecs_service_linked_role_is_created_only_when_asked(parsed, deployments, wanted):
    deployment = renderings.plain_renderings(
        parsed, {"ecs-role": {"CreateEcsServiceLinkedRole": "true"}})["ecs-role"].deployment \
        if wanted else deployments["default"]
    roles = list(deployment.resources("AWS::IAM::ServiceLinkedRole"))
    assert [(r.stack, r.properties, r.deletion_policy, r.update_replace_policy)
            for r in roles] == ([(ROOT, {"AWSServiceName": "ecs.amazonaws.com"}, "Retain",
                                  "Retain")] if wanted else [])
    # the cluster names the role (a DependsOn cannot name a resource that may not exist), and
    # the capacity provider's hosts name the cluster: both wait for the role
    tags = {t["Key"]: t["Value"] for t in resource(deployment, ROOT, "Cluster").properties["Tags"]}
    value = tags["wa-infra:ecs-service-linked-role"]
    assert is_ref(value, "EcsServiceLinkedRole") if wanted else value == "existing"
