"""The rendered templates: golden files, lint, Mappings from sizing/, console metadata and the
secure defaults."""

import itertools
import json
import sys
from pathlib import Path

import pytest

from gates.cfn_resolve import resolve_template
from sizing import data, plan, rules
from templates.common import FILES
from templates.lambda_tier import inline_handler_code
from templates.mappings import THROUGHPUTS

CFN_LINT = Path(sys.executable).parent / "cfn-lint"
STATEFUL = {"AWS::RDS::DBInstance": "Snapshot", "AWS::EFS::FileSystem": "Retain",
            "AWS::KMS::Key": "Retain", "AWS::SecretsManager::Secret": "Retain",
            "AWS::Logs::LogGroup": "Retain"}


def test_committed_templates_equal_a_fresh_render(rendered, dist):
    for name, text in rendered.items():
        committed = (dist / name).read_text()
        assert committed == text, f"{name} is stale: run `wa-templates render --in-place`"
    assert sorted(p.name for p in dist.glob("*.yaml")) == sorted(rendered)


def hosts_cell(mappings, env, isolate, message, key) -> str:
    """One (min, desired, max) cell read the way the template chains its key mappings."""
    row = mappings["HostsRow"][mappings["HostsLayout"][env][isolate]][key]
    return ",".join(str(mappings[f"Hosts{f}"][row][message]) for f in ("Min", "Desired", "Max"))


def test_coreapps_and_host_mappings_follow_the_sizing_tables(enterprise):
    mappings = enterprise["Mappings"]
    for active in data.EC2_MAX_BY_ACTIVE_COREAPPS:
        assert mappings["CoreappsByShards"][str(active)]["production"] == active + 1
    # text at 10 msg/s: the caps table 3/4/5/8/15 (4 and 3 for plain HA) holds every plan;
    # 33 text Coreapps need 13 hosts (12 in staging, with 2 Webapps and 2 Masters)
    for env, single, big in (("production", "3,3,4", "3,13,15"), ("staging", "2,2,3", "2,12,15")):
        def cell(active, env=env):
            return hosts_cell(mappings, env, "false", "text", f"R10S{active}")
        assert [cell(a) for a in ("1", "32")] == [single, big]
        assert [cell(a).split(",")[2] for a in ("2", "4", "8", "16")] == ["3", "4", "5", "8"]
    # isolated: one host per Coreapp, all of them from the start (8 shards -> 9)
    assert hosts_cell(mappings, "production", "true", "text", "R100S8") == "9,9,9"
    # the old names read the same columns as the vendor's
    for field in ("Min", "Desired", "Max"):
        rows = mappings[f"Hosts{field}"].values()
        assert all(row["image"] == row["image1MB"] and row["document"] == row["doc"]
                   for row in rows)
    assert mappings["SizingKey"]["100"]["auto"] == "R100S8"
    assert mappings["SizingKey"]["250"]["auto"] == "R250S32"


def test_hosts_resolve_to_wa_sizes_for_every_sizing_choice(enterprise):
    """The Hosts group's sizes, resolved offline from the template's own expressions, equal
    wa-size's plan for every env type, layout, message type, throughput and active count."""
    names = ("EnvType", "IsolateCoreapps", "MessageType", "Throughput", "ActiveCoreapps")
    sizes = ("MinSize", "DesiredCapacity", "MaxSize")
    hosts = enterprise["Resources"]["Hosts"]
    only_sizes = {  # just what the sizes read, so that each combination resolves quickly
        "Parameters": {name: enterprise["Parameters"][name] for name in names},
        "Mappings": enterprise["Mappings"],
        "Resources": {"Hosts": {"Type": hosts["Type"], "Properties": {
            size: hosts["Properties"][size] for size in sizes}}}}
    choices = [enterprise["Parameters"][name]["AllowedValues"] for name in names]
    assert len(list(itertools.product(*choices))) == 2 * 2 * 9 * len(THROUGHPUTS) * 7
    for given in itertools.product(*choices):
        env, isolate, message, rate, active = given
        p = plan(int(rate), None if active == "auto" else int(active), env=env,
                 message_type=message, isolate_coreapps=isolate == "true")
        resolved = resolve_template(only_sizes, dict(zip(names, given, strict=True)))
        properties = resolved.resources["Hosts"].properties
        assert tuple(int(properties[size]) for size in sizes) == (
            p.ec2_min, p.ec2_desired, p.ec2_max), given


def test_host_types_and_reservations_are_the_vendors_by_throughput(enterprise):
    # vendor v3.0.3 MessageTypeMapToInstanceType; our throughputs read the vendor's column at or
    # above them (25 -> 40, 50 -> 80, 100 -> 120, 150 -> 160, 400 -> 350)
    hosts = enterprise["Mappings"]["HostTypeByMessage"]
    rates = ("10", "25", "50", "100", "150", "200", "250", "300", "350", "400")
    xl, x2, x4 = "c5.xlarge", "c5.2xlarge", "c5.4xlarge"
    assert [hosts["image1MB"][r] for r in rates] == [xl] * 7 + [x2] * 3
    assert [hosts["image2MB"][r] for r in rates] == [x2] + [x4] * 9
    assert [hosts["video"][r] for r in rates] == ["c5.large"] * 4 + [xl] * 6
    assert {hosts[m][r] for m in ("text", "audio", "doc") for r in rates} == {"c5.large"}
    assert hosts["document"] == hosts["doc"]
    # Coreapp memory: the vendor's cost-effective MemoryLimits by host; text keeps 1024
    memory = enterprise["Mappings"]["CoreappMemoryByMessage"]
    assert [memory["image2MB"][r] for r in ("10", "25")] == [7000, 14900]
    assert memory["text"]["400"] == 1024
    assert memory["audio"]["100"] == 1400
    cpu = enterprise["Mappings"]["CoreappCpuByMessage"]
    assert [cpu["image2MB"][r] for r in ("10", "25")] == [4096, 8192]  # half of 8 and 16 vCPU
    assert cpu["text"]["100"] == 512


def test_instance_type_rules_refuse_exactly_the_types_smaller_than_the_plans(enterprise):
    """The InstanceTypeCovers rules, evaluated offline for every message type, throughput and
    InstanceType: refused iff the type has fewer vCPUs or less memory than the plan's."""
    rules = {name: rule for name, rule in enterprise["Rules"].items()
             if name.startswith("InstanceTypeCovers")}
    conditions = {}
    for name, rule in rules.items():
        (assertion,) = rule["Assertions"]
        conditions |= {f"{name}Applies": rule["RuleCondition"], f"{name}Holds": assertion["Assert"]}
    names = ("MessageType", "Throughput", "InstanceType")
    only_rules = {"Parameters": {name: enterprise["Parameters"][name] for name in names},
                  "Conditions": conditions, "Resources": {}}
    for given in itertools.product(*(enterprise["Parameters"][n]["AllowedValues"] for n in names)):
        message, rate, instance = given
        verdicts = resolve_template(only_rules, dict(zip(names, given, strict=True))).conditions
        refused = any(verdicts[f"{name}Applies"] and not verdicts[f"{name}Holds"]
                      for name in rules)
        need = data.HOST_TYPES[plan(int(rate), message_type=message).host_type]
        chosen = data.HOST_TYPES.get(instance)
        smaller = chosen is not None and (chosen.vcpu < need.vcpu
                                          or chosen.memory_gib < need.memory_gib)
        assert refused == smaller, given


def test_env_defaults_and_memory_thresholds_come_from_sizing(enterprise):
    mappings = enterprise["Mappings"]
    assert {env: (v["MinHosts"], v["Webapps"], v["Coreapps"], v["Masters"])
            for env, v in mappings["EnvDefaults"].items()} == {
        "production": (3, 3, 3, 3), "staging": (2, 2, 2, 2)}
    memory = mappings["MemoryScaling"]["Memory"]
    assert (memory["ScaleOutPercent"], memory["ScaleInPercent"]) == (85, 30)


@pytest.mark.parametrize("rate", THROUGHPUTS)
def test_throughput_maps_to_shards_and_db_class_like_wa_size(enterprise, rate):
    row = enterprise["Mappings"]["ByThroughput"][str(rate)]
    assert row["Shards"] == str(rules.shards_for_rate(rate))
    auto = enterprise["Mappings"]["DbSizing"][enterprise["Mappings"]["SizingKey"][str(rate)][
        "auto"]]  # the database at the throughput's own shards
    for env in data.ENVIRONMENTS:
        for ssl, label in ((False, "Plain"), (True, "Ssl")):
            expected = plan(rate, env=env, ssl=ssl)
            assert auto[f"DbClass{env.title()}{label}"] == expected.db_rds_class
            assert auto[f"MaxConnections{env.title()}{label}"] == expected.db_max_connections
        assert row[f"Webapps{env.title()}"] == plan(rate, env=env).webapps


def test_every_parameter_and_output_is_described_and_grouped(parsed):
    for name, template in parsed.items():
        parameters = template.get("Parameters", {})
        for key, parameter in parameters.items():
            assert parameter.get("Description"), f"{name}: {key}"
        for key, output in template.get("Outputs", {}).items():
            assert output.get("Description"), f"{name}: {key}"
        interface = template["Metadata"]["AWS::CloudFormation::Interface"]
        grouped = [p for g in interface["ParameterGroups"] for p in g["Parameters"]]
        assert sorted(grouped) == sorted(parameters), name
        assert set(interface["ParameterLabels"]) == set(parameters)


def test_no_password_parameter_anywhere(parsed):
    for template in parsed.values():
        for key, parameter in template.get("Parameters", {}).items():
            assert "password" not in key.lower()
            assert not parameter.get("NoEcho")


def test_stateful_resources_are_retained_or_snapshotted(parsed):
    for name, template in parsed.items():
        for logical_id, resource in template["Resources"].items():
            policy = STATEFUL.get(resource["Type"])
            if policy:
                assert resource.get("DeletionPolicy") == policy, f"{name}: {logical_id}"
                assert resource.get("UpdateReplacePolicy") == policy, f"{name}: {logical_id}"


def test_keys_rotate_and_log_groups_are_encrypted(parsed):
    for template in parsed.values():
        for resource in template["Resources"].values():
            if resource["Type"] == "AWS::KMS::Key":
                assert resource["Properties"]["EnableKeyRotation"] is True
            if resource["Type"] == "AWS::Logs::LogGroup":
                assert "KmsKeyId" in resource["Properties"]


def branches(value):
    """Every value a template fragment can take: each side of every Fn::If (nested ones too);
    anything else as it is written."""
    if isinstance(value, dict) and set(value) == {"Fn::If"}:
        _, if_true, if_false = value["Fn::If"]
        yield from branches(if_true)
        yield from branches(if_false)
    else:
        yield value


def ingress_rules(template: dict):
    """Each ingress rule a template can create, in every branch of its Fn::Ifs."""
    for logical_id, resource in template["Resources"].items():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::EC2::SecurityGroup":
            candidates = [rule for rules_ in branches(props.get("SecurityGroupIngress", []))
                          for rule in rules_]
        elif resource["Type"] == "AWS::EC2::SecurityGroupIngress":
            candidates = [props]
        else:
            continue
        for candidate in candidates:
            for rule in branches(candidate):
                yield logical_id, rule


def test_no_ingress_from_anywhere_and_no_ssh(parsed):
    text = json.dumps(parsed)
    seen = 0
    for name, template in parsed.items():
        for logical_id, rule in ingress_rules(template):
            seen += 1
            # a literal in any branch; ApiClientCidr may be 0.0.0.0/0 only by its Rule
            assert "0.0.0.0/0" not in list(branches(rule.get("CidrIp"))), (name, logical_id)
            assert "::/0" not in list(branches(rule.get("CidrIpv6"))), (name, logical_id)
            assert 22 not in list(branches(rule.get("FromPort"))), (name, logical_id)
    assert seen >= 5  # the load balancer's, hosts', database's and file system's rules
    assert "KeyName" not in text
    assert "AWS::AutoScaling::LaunchConfiguration" not in text


def test_hosts_use_imdsv2_encrypted_gp3_and_the_public_ami_parameter(enterprise):
    data_ = enterprise["Resources"]["HostTemplate"]["Properties"]["LaunchTemplateData"]
    assert data_["MetadataOptions"]["HttpTokens"] == "required"
    (device,) = data_["BlockDeviceMappings"]
    assert (device["Ebs"]["Encrypted"], device["Ebs"]["VolumeType"]) == (True, "gp3")
    ami = enterprise["Parameters"]["EcsAmi"]
    assert ami["Type"] == "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"
    assert ami["Default"] == "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"


def test_memory_alarms_match_the_reference(enterprise):
    resources = enterprise["Resources"]
    for name, operator, adjustment in (("ScaleOut", "GreaterThanThreshold", 1),
                                       ("ScaleIn", "LessThanThreshold", -1)):
        alarm = resources[f"{name}Alarm"]["Properties"]
        assert (alarm["MetricName"], alarm["Namespace"], alarm["Statistic"]) == (
            "MemoryReservation", "AWS/ECS", "Average")
        assert alarm["ComparisonOperator"] == operator
        policy = resources[f"{name}Policy"]["Properties"]
        assert (policy["PolicyType"], policy["ScalingAdjustment"]) == ("SimpleScaling",
                                                                        adjustment)


def test_lambda_inlines_the_cdk_handler(parsed):
    function = parsed["wa-infra-lambda.yaml"]["Resources"]["DbSettingsFunction"]["Properties"]
    assert function["Runtime"] == "python3.14"
    assert function["Code"]["ZipFile"] == inline_handler_code()
    compile(function["Code"]["ZipFile"], "index.py", "exec")
    resource = parsed["wa-infra-lambda.yaml"]["Resources"]["DbSettings"]["Properties"]
    written = {*resource["Settings"], *resource["SecretKeys"]}
    role = json.dumps(parsed["wa-infra-lambda.yaml"]["Resources"]["DbSettingsRole"])
    for name in written:  # the role may write exactly what the resource writes
        assert f'"/", "{name}"' in role.replace("\n", "") or name in role


def test_lambda_role_is_scoped_to_its_parameters(parsed):
    role = parsed["wa-infra-lambda.yaml"]["Resources"]["DbSettingsRole"]["Properties"]
    text = json.dumps(role["Policies"])
    assert '"Resource": "*"' not in text
    assert "parameter/*" not in text


def test_enterprise_nests_the_tiers_from_the_base_url(enterprise):
    resources = enterprise["Resources"]
    for logical_id, tier in (("NetworkStack", "network"), ("DatabaseStack", "database"),
                             ("LambdaStack", "lambda")):
        url = resources[logical_id]["Properties"]["TemplateURL"]
        assert url == {"Fn::Join": ["", [{"Ref": "TemplateBaseUrl"}, FILES[tier]]]}
    assert "Default" not in enterprise["Parameters"]["TemplateBaseUrl"]


def _only(enterprise: dict, resource: str, *path: str) -> dict:
    """The resource with only the value at `path` under its Properties (no Condition)."""
    value = enterprise["Resources"][resource]["Properties"]
    for key in path:
        value = value[key]
    properties: dict = {}
    into = properties
    for key in path[:-1]:
        into = into.setdefault(key, {})
    into[path[-1]] = value
    return {"Type": "Custom::Slice", "Properties": properties}  # read, never deployed


def test_the_database_is_sized_as_wa_size_for_every_console_choice(enterprise):
    """DB class, max_connections and the connections alarm, resolved offline from the
    template's own expressions, equal wa-size's plan for every throughput, active count, env
    type and connection encryption (the class follows the active Coreapps too); a class the
    user names brings its own max_connections and alarm figure."""
    from monitoring.alarms import db_connections_alarm

    names = ("EnvType", "DbConnectionEncryption", "Throughput", "ActiveCoreapps")
    sliced = {
        "Parameters": {name: value for name, value in enterprise["Parameters"].items()
                       if "Default" in value or name in names},
        "Mappings": enterprise["Mappings"], "Conditions": enterprise["Conditions"],
        "Resources": {
            "DatabaseStack": _only(enterprise, "DatabaseStack", "Parameters", "DbInstanceClass"),
            "Limit": _only(enterprise, "DatabaseStack", "Parameters", "MaxConnections"),
            "Alarm": _only(enterprise, "DbConnectionsHighAlarm", "Threshold")}}
    choices = [enterprise["Parameters"][name]["AllowedValues"] for name in names]
    differs = 0
    for given in itertools.product(*choices):
        env, tls, rate, active = given
        p = plan(int(rate), None if active == "auto" else int(active), env=env,
                 ssl=tls == "enabled")
        resources = resolve_template(sliced, dict(zip(names, given, strict=True))).resources
        got = (resources["DatabaseStack"].properties["Parameters"]["DbInstanceClass"],
               int(resources["Limit"].properties["Parameters"]["MaxConnections"]),
               int(float(resources["Alarm"].properties["Threshold"])))
        assert got == (p.db_rds_class, p.db_max_connections,
                       db_connections_alarm(p.db_max_connections)), given
        differs += p.db_rds_class != plan(int(rate), env=env, ssl=tls == "enabled").db_rds_class
    assert differs == 14  # the combinations a throughput-only table sized wrong
    small = next(c for c in data.ALL_CLASSES if c.rds_name == "db.m6g.large")
    limit = rules.max_connections("mysql", small)
    resources = resolve_template(sliced, {"DbInstanceClass": "db.m6g.large"}).resources
    assert resources["DatabaseStack"].properties["Parameters"]["DbInstanceClass"] == (
        "db.m6g.large")
    assert int(resources["Limit"].properties["Parameters"]["MaxConnections"]) == limit
    assert int(float(resources["Alarm"].properties["Threshold"])) == db_connections_alarm(limit)
