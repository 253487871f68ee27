"""The health probe reaches the load balancer in every rendering (contract/network.py flow
probe-api): in the VPC when it is internal, from each NAT gateway's address when it is
internet-facing; without those rules the checker says blocked, and with an existing VPC it says
what the operator must give."""

from __future__ import annotations

from gates.cfn_resolve import Text
from tests.gates.test_contract_check import blocked, cdk, drop, plain

NAT_RULE = "health probe through NAT"


def probe_api(rendering):
    return next(v for v in rendering.verify().flows.verdicts if v.flow.key == "probe-api")


def lb_group(rendering):
    return next(r for r in rendering.deployment.resources("AWS::EC2::SecurityGroup")
                if r.logical_id.startswith("LoadBalancerSecurityGroup"))


def test_cdk_internet_facing_admits_each_nat_address_and_only_it(synths):
    rendering = cdk(synths, "Public")
    group = lb_group(rendering)
    nat = [r for r in group.properties["SecurityGroupIngress"] if r["Description"] == NAT_RULE]
    assert len(nat) == 2  # production: one NAT gateway in each of the two AZs
    assert all(isinstance(r["CidrIp"], Text) and r["CidrIp"].parts[-1] == "/32"
               and (r["FromPort"], r["ToPort"]) == (443, 443) for r in nat)
    # without the world-open client rule (api_cidrs 0.0.0.0/0 here) the NAT rules carry it
    group.properties["SecurityGroupIngress"] = nat
    verdict = probe_api(rendering)
    assert verdict.allowed is True and "NAT gateways (2)" in verdict.why
    group.properties["SecurityGroupIngress"] = nat[:1]
    assert blocked(rendering) == {"probe-api", "api"}
    assert "no load balancer rule admits the NAT address" in probe_api(rendering).why


def test_cdk_internal_and_existing_vpc_renderings_have_no_nat_rule(synths):
    for name in ("Default", "ExistingVpcDb"):
        rendering = cdk(synths, name)
        assert [r for r in lb_group(rendering).properties["SecurityGroupIngress"]
                if r["Description"] == NAT_RULE] == []
        assert probe_api(rendering).allowed is True  # the VPC's CIDR admits it


def test_plain_internet_facing_needs_every_nat_rule(plain_templates):
    for given, nats in (({}, 2), ({"EnvType": "staging"}, 1), ({"AzCount": "4"}, 4)):
        rendering = plain(plain_templates, "public-api", **given)
        rules = sorted(r.logical_id for r in rendering.deployment.resources(
            "AWS::EC2::SecurityGroupIngress") if r.logical_id.startswith("LoadBalancerFromNat"))
        assert rules == [f"LoadBalancerFromNat{i + 1}" for i in range(nats)], given
        assert probe_api(rendering).allowed is True
        drop(rendering, rules[-1])
        assert blocked(rendering) == {"probe-api"}, given


def test_plain_existing_vpc_says_what_the_operator_gives(plain_templates):
    rendering = plain(plain_templates, "existing-vpc", LbScheme="internet-facing",
                      ApiClientCidr="203.0.113.0/24")
    verdict = probe_api(rendering)
    assert verdict.allowed is None
    assert "api_cidrs must hold each one's public address" in verdict.why
