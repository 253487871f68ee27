"""The contract checker on every rendering: each synthesized CDK context and each plain
parameter set keeps every flow and setting the client needs, the checker fails when one rule
or setting goes, and the two renderers agree for the same inputs."""

import dataclasses
import json
import re
import shutil

import pytest

from cdk import grids
from contract.host import CA
from contract.network import FLOWS
from gates import renderings, runtime
from gates.cfn_resolve import Ref, ResolvedResource, Text
from tests.stacks.conftest import SHAPES

EAST_WEST = {"web-coreapp", "web-master", "master-coreapp", "coreapp-master", "master-web"}
INTERNET = {"whatsapp-chat", "whatsapp-https", "registry", "aws-apis", "webhooks",
            "probe-aws-apis"}


def cdk(synths, name: str) -> renderings.Rendering:
    synth = synths[name]
    outdir = synth.outdir
    return renderings.cdk_rendering(name, outdir, synth.plan, synth.deployment)


def plain(templates, name: str = "default", **given) -> renderings.Rendering:
    parameters = {**renderings.PLAIN_GRID.get(name, {}), **given}
    return renderings.plain_renderings(templates, {name: parameters})[name]


def blocked(rendering) -> set[str]:
    return {v.flow.key for v in rendering.verify().flows.verdicts if v.allowed is False}


def resources(rendering, type_: str):
    return [r for r in rendering.deployment.resources(type_)]


# --- every rendering keeps the contract ---------------------------------------------------------

def test_every_synthesized_context_keeps_the_contract(synths):
    for name in SHAPES:
        verification = cdk(synths, name).verify()
        assert verification.ok, (name, verification.lines())
        assert len(verification.flows.verdicts) == len(FLOWS)


@pytest.mark.parametrize("name", sorted(renderings.PLAIN_GRID))
def test_every_plain_parameter_set_keeps_the_contract(plain_templates, name):
    verification = plain(plain_templates, name).verify()
    assert verification.ok, verification.lines()


def test_an_existing_database_or_vpc_is_reported_outside_not_allowed(synths):
    verdicts = {v.flow.key: v for v in cdk(synths, "ExistingVpcDb").verify().flows.verdicts}
    assert verdicts["database"].allowed is None
    assert "admit the hosts' group on 3306" in verdicts["database"].why
    assert {k for k, v in verdicts.items() if v.allowed is None} == {"database"} | INTERNET
    assert all(verdicts[k].allowed for k in EAST_WEST | {"api", "lb-web", "file-system"})


# --- the checker fails when the rendering loses something ----------------------------------------

def drop(rendering, logical_id_prefix: str) -> None:
    for stack in rendering.deployment.stacks.values():
        for logical_id in [k for k in stack.resources if k.startswith(logical_id_prefix)]:
            del stack.resources[logical_id]


def test_without_the_east_west_rule_nodes_cannot_reach_each_other(synths, plain_templates):
    # the CDK rule's logical id is derived from the group it admits
    for rendering, rule in ((cdk(synths, "Default"), "HostsSecurityGroupfrom"),
                            (plain(plain_templates), "HostsFromHosts")):
        assert blocked(rendering) == set()
        drop(rendering, rule)
        assert blocked(rendering) == EAST_WEST, rendering.name


def test_without_a_default_route_the_hosts_cannot_reach_whatsapp(plain_templates):
    rendering = plain(plain_templates)
    drop(rendering, "PrivateDefaultRoute1")
    assert blocked(rendering) == INTERNET


def test_without_the_load_balancer_rule_no_api_request_reaches_a_webapp(synths):
    rendering = cdk(synths, "Default")
    drop(rendering, "LoadBalancerSecurityGroupWaInfra")  # hosts' ingress from the LB group
    drop(rendering, "LoadBalancerSecurityGroupDefault")
    assert "lb-web" in blocked(rendering)


def group(rendering, logical_id_prefix: str):
    found, = (r for r in resources(rendering, "AWS::EC2::SecurityGroup")
              if r.logical_id.startswith(logical_id_prefix))
    return found


def test_a_group_without_inline_egress_is_reported_open_to_the_world(synths):
    # what the CDK rendered before egress went inline: the rule to the hosts was separate
    rendering = cdk(synths, "Default")
    lb = group(rendering, "LoadBalancerSecurityGroup")
    rule, = lb.properties.pop("SecurityGroupEgress")
    rule["GroupId"] = Ref(lb.stack, lb.logical_id, lb.type, "GroupId")
    rendering.deployment.stacks[lb.stack].resources["LbEgress"] = ResolvedResource(
        lb.stack, "LbEgress", "AWS::EC2::SecurityGroupEgress", rule, (), None, None, {})
    extra = rendering.verify().flows.extra
    assert len(extra) == 1 and "LoadBalancerSecurityGroup" in extra[0]
    assert ("egress all traffic to 0.0.0.0/0: CloudFormation's default egress (may remain "
            "next to the separate egress rules)") in extra[0]
    assert blocked(rendering) == set()  # the separate rule itself still carries lb-web
    del rendering.deployment.stacks[lb.stack].resources["LbEgress"]
    assert "may remain" not in rendering.verify().flows.extra[0]  # no rule at all: certain


@pytest.mark.parametrize(("rule", "expected"), [
    ({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"},
     "ingress tcp 22 from 0.0.0.0/0"),
    ({"IpProtocol": "-1", "SourceSecurityGroupId": "sg-0123456789abcdef0"},
     "ingress all traffic from sg-0123456789abcdef0"),
])
def test_a_rule_the_contract_does_not_ask_for_is_listed(plain_templates, rule, expected):
    rendering = plain(plain_templates)
    hosts = next(r for r in resources(rendering, "AWS::EC2::SecurityGroup")
                 if r.logical_id == "HostsSecurityGroup")
    hosts.properties.setdefault("SecurityGroupIngress", []).append(rule)
    extra = rendering.verify().flows.extra
    assert len(extra) == 1 and expected in extra[0] and "[hosts]" in extra[0]


def test_east_west_over_every_protocol_is_more_than_the_contract_asks(plain_templates):
    rendering = plain(plain_templates)
    east_west, = (r for r in resources(rendering, "AWS::EC2::SecurityGroupIngress")
                  if r.logical_id == "HostsFromHosts")
    east_west.properties.update(IpProtocol="-1")
    assert "ingress all traffic from HostsSecurityGroup" in rendering.verify().flows.extra[0]


def test_a_world_open_api_is_only_accepted_when_asked_for(plain_templates):
    rendering = plain(plain_templates, LbScheme="internet-facing", ApiClientCidr="0.0.0.0/0")
    assert rendering.verify().ok
    rendering.expectation = dataclasses.replace(rendering.expectation,
                                                client_cidrs=("203.0.113.0/24",))
    extra = rendering.verify().flows.extra
    assert blocked(rendering) == set()  # the clients asked for are let in ...
    assert len(extra) == 1 and "ingress tcp 443 from 0.0.0.0/0" in extra[0]  # ... and the world


# --- containers and hosts ------------------------------------------------------------------------

def user_data(rendering) -> Text:
    template, = resources(rendering, "AWS::EC2::LaunchTemplate")
    return template.properties["LaunchTemplateData"]


def test_the_agent_enables_container_metadata_in_both_renderers(synths, plain_templates):
    for rendering in (cdk(synths, "Default"), plain(plain_templates)):
        host = runtime.view(rendering.deployment)["host"]
        assert host["agent"]["ECS_ENABLE_CONTAINER_METADATA"] == "true"
        assert host["agent"]["ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION"] == "72h"
        assert host["joins_last"] and host["stops_on_error"] and host["syntax_ok"]
        data = user_data(rendering)
        data["UserData"] = Text(tuple(
            p.replace("ECS_ENABLE_CONTAINER_METADATA=true\n", "") if isinstance(p, str) else p
            for p in data["UserData"].parts))
        assert runtime.problems(rendering.deployment, rendering.runtime) == [
            "host: agent ECS_ENABLE_CONTAINER_METADATA is missing (the contract says 'true')"]


def test_a_container_that_can_reach_instance_metadata_breaks_the_contract(plain_templates):
    rendering = plain(plain_templates)
    user_data(rendering)["MetadataOptions"]["HttpPutResponseHopLimit"] = 2
    assert runtime.problems(rendering.deployment, rendering.runtime) == [
        "host: imds is ('required', 2), the contract says ('required', 1)"]


def test_setting_the_compose_addresses_breaks_the_contract(synths):
    rendering = cdk(synths, "Default")
    task = next(t for t in resources(rendering, "AWS::ECS::TaskDefinition")
                if t.properties["ContainerDefinitions"][0]["Name"] == "coreapp")
    task.properties["ContainerDefinitions"][0]["Environment"].append(
        {"Name": "COREAPP_HOSTNAME", "Value": "10.0.0.1"})
    found = runtime.problems(rendering.deployment, rendering.runtime)
    assert "coreapp: sets COREAPP_HOSTNAME (AWS mode reads the metadata)" in found


@pytest.mark.parametrize("renderer", ["cdk", "plain"])
def test_with_tls_the_hosts_fetch_the_ca_before_they_join(synths, plain_templates, renderer):
    rendering = (cdk(synths, "Big") if renderer == "cdk"
                 else plain(plain_templates, "32-shards-ssl"))
    seen = runtime.view(rendering.deployment)
    assert seen["host"]["ca_url"] == CA.url
    assert seen["host"]["joins_last"]
    for role in ("web", "master", "coreapp"):
        assert seen["roles"][role]["environment"]["WA_DB_SSL_CA"] == CA.container_path
        assert seen["roles"][role]["mounts"]["/opt/certs"] == ("/mnt/wa/certs", True)
    assert seen["host"]["ca_required"] == "yes"  # no host joins without the bundle
    without = runtime.view((cdk(synths, "NoTls") if renderer == "cdk" else plain(
        plain_templates, DbConnectionEncryption="disabled")).deployment)
    # fetched on every boot all the same, so turning TLS on later finds it in place
    assert (without["host"]["ca_url"], without["host"]["ca_required"]) == (CA.url, "no")
    assert "WA_DB_SSL_CA" not in without["roles"]["web"]["environment"]


def test_a_ca_mirror_reaches_the_boot_script(synths, plain_templates):
    mirror = "https://mirror.example.com/rds/global-bundle.pem"
    assert runtime.view(cdk(synths, "StagingIsolated").deployment)["host"]["ca_url"] == mirror
    rendering = plain(plain_templates, DbConnectionEncryption="enabled", DbCaBundleUrl=mirror)
    assert runtime.view(rendering.deployment)["host"]["ca_url"] == mirror


# --- the same inputs give the same cluster in both renderers -------------------------------------

@pytest.fixture(scope="module")
def parity(tmp_path_factory, plain_templates):
    contexts = {name: pair[0] for name, pair in renderings.PARITY.items()}
    built = grids.synth_grid(tmp_path_factory.mktemp("parity"), contexts)
    plains = renderings.plain_renderings(
        plain_templates, {name: pair[1] for name, pair in renderings.PARITY.items()})
    return {name: (built[name], plains[name]) for name in renderings.PARITY}


@pytest.mark.parametrize("name", sorted(renderings.PARITY))
def test_both_renderers_build_the_same_containers_hosts_and_flows(parity, name):
    from_cdk, from_plain = parity[name]
    assert runtime.view(from_cdk.deployment) == runtime.view(from_plain.deployment)
    verdicts = [[(v.flow.key, v.allowed) for v in r.verify().flows.verdicts]
                for r in (from_cdk, from_plain)]
    assert verdicts[0] == verdicts[1]
    assert from_cdk.verify().ok and from_plain.verify().ok


# --- every synth proves the contract for the user's own inputs ------------------------------------

def test_a_synth_that_breaks_the_contract_stops_with_the_reason(synths, tmp_path, capsys):
    from cdk.app import prove_contract

    synth = synths["Default"]
    shutil.copytree(synth.outdir, tmp_path / "out")
    prove_contract(str(tmp_path / "out"), synth.plan, synth.deployment)  # as synthesized: ok
    network = tmp_path / "out" / "Default-Network.template.json"
    template = json.loads(network.read_text())
    for logical_id in [k for k in template["Resources"] if k.startswith("HostsSecurityGroupfrom")]:
        del template["Resources"][logical_id]
    network.write_text(json.dumps(template))
    with pytest.raises(SystemExit) as stopped:
        prove_contract(str(tmp_path / "out"), synth.plan, synth.deployment)
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "the synthesized stacks break the cluster contract" in err
    assert "BLOCKED  web-coreapp" in err
    assert not (tmp_path / "out" / "manifest.json").exists()  # nothing left to deploy


def _listener(r):
    return next(iter(r.deployment.resources("AWS::ElasticLoadBalancingV2::Listener"))).properties


def _target_group(r):
    return next(iter(r.deployment.resources(
        "AWS::ElasticLoadBalancingV2::TargetGroup"))).properties


def _web_service(r):
    return next(s.properties for s in r.deployment.resources("AWS::ECS::Service")
                if s.logical_id.startswith("WebService"))


def _database(r):
    return next(iter(r.deployment.resources("AWS::RDS::DBInstance"))).properties


def _drop_a_mount_target(r):
    target = next(iter(r.deployment.resources("AWS::EFS::MountTarget")))
    del r.deployment.stacks[target.stack].resources[target.logical_id]


def _udp_ports(r):
    for task in r.deployment.resources("AWS::ECS::TaskDefinition"):
        for mapping in task.properties["ContainerDefinitions"][0].get("PortMappings", []):
            mapping["Protocol"] = "udp"


@pytest.mark.parametrize(("change", "found"), [
    (lambda r: _listener(r).update(Port=8443), "BLOCKED  api             no TCP listener on 443"),
    (lambda r: _database(r).pop("Port") and _database(r).update(Engine="postgres"),
     "the database listens on 5432"),
    (lambda r: _target_group(r).update(HealthCheckPort="40000"),
     "health checks go to port 40000, not each Webapp's host port"),
    (lambda r: _target_group(r).update(HealthCheckEnabled=False),
     "the target group's health checks are off"),
    (lambda r: _target_group(r).update(Protocol="UDP"),
     "the target group must register hosts over TCP"),
    (lambda r: _listener(r).update(LoadBalancerArn="arn:aws:elasticloadbalancing:other"),
     "no TCP listener on 443 on the load balancer"),
    (lambda r: _web_service(r).pop("LoadBalancers"),
     "the web service is not registered in the target group on 443"),
    (lambda r: _database(r).update(Port="5432"), "the database listens on 5432"),
    (_drop_a_mount_target, "BLOCKED  file-system     no mount target in host subnet"),
    (_udp_ports, "RUNTIME  web: ports"),
])
def test_what_carries_a_flow_beyond_the_groups_is_checked_too(synths, change, found):
    # (the listener's ForwardConfig form forwards just as well: see the test below)
    rendering = cdk(synths, "Default")
    change(rendering)
    verification = rendering.verify()
    assert not verification.ok
    assert any(found in line for line in verification.lines()), verification.lines()


def test_an_internet_facing_api_without_named_clients_is_refused(plain_templates):
    rendering = plain(plain_templates, LbScheme="internet-facing")
    verdict = next(v for v in rendering.verify().flows.verdicts if v.flow.key == "api")
    assert verdict.allowed is False and "public addresses" in verdict.why
    rule = plain_templates["wa-infra.yaml"]["Rules"]["PublicApiNamesItsClients"]
    assert rule["RuleCondition"] == {"Fn::Equals": [{"Ref": "LbScheme"}, "internet-facing"]}
    assert rule["Assertions"][0]["Assert"] == {
        "Fn::Not": [{"Fn::Equals": [{"Ref": "ApiClientCidr"}, ""]}]}
    assert "ExistingVpcNamesItsCidr" in plain_templates["wa-infra.yaml"]["Rules"]


def test_the_plain_template_opens_the_api_to_the_world_only_on_purpose(plain_templates):
    root = plain_templates["wa-infra.yaml"]
    pattern = re.compile(root["Parameters"]["ApiClientCidr"]["AllowedPattern"])
    taken = ["", "0.0.0.0/0", "203.0.113.0/24", "11.0.0.0/8", "198.51.100.7/32"]
    # 10.0.0.0/8: a private range, which no internet-facing client comes from
    refused = ["0.0.0.0/1", "64.0.0.0/7", "1.2.3.4/33", "203.0.113.0/24,0.0.0.0/0", "::/0",
               "10.0.0.0/8"]
    assert [c for c in taken if pattern.fullmatch(c)] == taken
    assert [c for c in refused if pattern.fullmatch(c)] == []
    assert root["Parameters"]["AllowWorldApi"]["Default"] == "false"
    rule = root["Rules"]["WorldOpenApiOnlyOnPurpose"]
    assert rule["RuleCondition"] == {"Fn::Equals": [{"Ref": "ApiClientCidr"}, "0.0.0.0/0"]}
    assert rule["Assertions"][0]["Assert"] == {"Fn::Equals": [{"Ref": "AllowWorldApi"}, "true"]}


def test_hosts_use_only_the_subnets_that_get_a_mount_target(plain_templates):
    three = {**renderings.per_az("Private", "subnet-1a1a1a1a,subnet-1b1b1b1b,subnet-1c1c1c1c"),
             **renderings.per_az("Public", "subnet-0a0a0a0a,subnet-0b0b0b0b,subnet-0c0c0c0c")}
    rendering = plain(plain_templates, "existing-vpc", **three)  # AzCount stays 2
    group, = resources(rendering, "AWS::AutoScaling::AutoScalingGroup")
    assert group.properties["VPCZoneIdentifier"] == ["subnet-1a1a1a1a", "subnet-1b1b1b1b"]
    assert rendering.verify().ok


@pytest.mark.parametrize("renderer", ["cdk", "plain"])
def test_hosts_launch_only_once_every_mount_target_exists(synths, plain_templates, renderer):
    rendering = cdk(synths, "Default") if renderer == "cdk" else plain(plain_templates)
    assert runtime.view(rendering.deployment)["host"]["after_mount_targets"]
    group, = resources(rendering, "AWS::AutoScaling::AutoScalingGroup")
    group.properties.pop("Tags", None)
    group.depends_on = ()
    assert "host: after_mount_targets is False, the contract says True" in runtime.problems(
        rendering.deployment, rendering.runtime)


def test_a_listener_may_forward_through_a_forward_config(synths):
    rendering = cdk(synths, "Default")
    action, = _listener(rendering)["DefaultActions"]
    action["ForwardConfig"] = {"TargetGroups": [{"TargetGroupArn": action.pop("TargetGroupArn")}]}
    assert rendering.verify().ok


def monitoring_view(rendering) -> tuple:
    """Alarms and dashboard as a deploy gets them, names aside (CDK's deployment dimension
    is its prefix, the plain template's its stack name)."""
    deployment = rendering.deployment
    names = [s.name for s in deployment.stacks.values()]
    prefix = next((n.removesuffix("-Enterprise") for n in names if n.endswith("-Enterprise")),
                  names[0])  # the plain template's root stack

    def plain(value):
        text = value.canonical() if hasattr(value, "canonical") else value
        if isinstance(text, str):  # inside a dashboard's search expression too
            text = text.replace(f'"{prefix}"', '"<deployment>"')
        return "<deployment>" if text == prefix else text

    def named(node):
        if isinstance(node, dict):
            return {k: named(v) for k, v in node.items()}
        if isinstance(node, list):
            return [named(v) for v in node]
        return plain(node)

    alarms = {}
    for alarm in deployment.resources("AWS::CloudWatch::Alarm"):
        p = alarm.properties
        alarms[alarm.logical_id.rstrip("0123456789ABCDEF") if alarm.logical_id.startswith(
            "Scale") else alarm.logical_id] = (
            p.get("Namespace"), p.get("MetricName"), p.get("Statistic"), p.get("Period"),
            int(p["EvaluationPeriods"]), p.get("ComparisonOperator"), float(p["Threshold"]),
            p.get("TreatMissingData"),
            tuple((d["Name"], plain(d["Value"])) for d in p.get("Dimensions", [])),
            int(p.get("DatapointsToAlarm", 0)), named(p.get("Metrics")))
    composites = sorted(a.logical_id for a in deployment.resources(
        "AWS::CloudWatch::CompositeAlarm"))
    board, = deployment.resources("AWS::CloudWatch::Dashboard")
    widgets = named(json.loads(plain(board.properties["DashboardBody"]))["widgets"])
    return alarms, composites, widgets


@pytest.mark.parametrize("name", sorted(renderings.PARITY))
def test_both_renderers_build_the_same_alarms_and_dashboard(parity, name):
    from_cdk, from_plain = (monitoring_view(r) for r in parity[name])
    assert from_cdk[0] == from_plain[0]
    assert from_cdk[1] == from_plain[1] == []  # no composite: CapacityExhausted is one alarm
    assert from_cdk[2] == from_plain[2]
