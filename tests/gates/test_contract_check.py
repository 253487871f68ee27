"""The contract checker on every rendering: each synthesized CDK context and each plain
parameter set keeps every flow and setting the client needs, the checker fails when one rule
or setting goes, and the two renderers agree for the same inputs."""

import dataclasses

import pytest
from cfnlint.decode import cfn_yaml

from contract.host import CA
from contract.network import FLOWS
from gates import renderings, runtime
from gates.cfn_resolve import Ref, ResolvedResource, Text
from templates.render import render_all

EAST_WEST = {"web-coreapp", "web-master", "master-coreapp", "coreapp-master", "master-web"}
INTERNET = {"whatsapp-chat", "whatsapp-https", "registry", "aws-apis", "webhooks"}


@pytest.fixture(scope="module")
def plain_templates() -> dict[str, dict]:
    return {name: cfn_yaml.loads(text) for name, text in render_all().items()}


def cdk(synths, name: str) -> renderings.Rendering:
    synth = synths[name]
    outdir = synth.stacks["network"].node.root.outdir
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
    for name in synths:
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
    plain_view = runtime.view((cdk(synths, "Default") if renderer == "cdk"
                               else plain(plain_templates)).deployment)
    assert plain_view["host"]["ca_url"] == ""
    assert "WA_DB_SSL_CA" not in plain_view["roles"]["web"]["environment"]


def test_a_ca_mirror_reaches_the_boot_script(synths, plain_templates):
    mirror = "https://mirror.example.com/rds/global-bundle.pem"
    assert runtime.view(cdk(synths, "StagingIsolated").deployment)["host"]["ca_url"] == mirror
    rendering = plain(plain_templates, DbConnectionEncryption="enabled", DbCaBundleUrl=mirror)
    assert runtime.view(rendering.deployment)["host"]["ca_url"] == mirror


# --- the same inputs give the same cluster in both renderers -------------------------------------

@pytest.fixture(scope="module")
def parity(tmp_path_factory, plain_templates):
    contexts = {name: pair[0] for name, pair in renderings.PARITY.items()}
    built = renderings.synth_cdk_grid(tmp_path_factory.mktemp("parity"), contexts)
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
