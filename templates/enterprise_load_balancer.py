"""The network load balancer, its security group, listener and target group."""

from __future__ import annotations

from troposphere import (
    And,
    GetAtt,
    If,
    Join,
    Ref,
)
from troposphere.ec2 import (
    SecurityGroup,
)
from troposphere.elasticloadbalancingv2 import (
    Action,
    Listener,
    LoadBalancerAttributes,
    Matcher,
    TargetGroup,
    TargetGroupAttribute,
)
from troposphere.elasticloadbalancingv2 import LoadBalancer as NetworkLoadBalancer

from contract.roles import (
    API_PORT,
    LB_DEREGISTRATION_DELAY_S,
    LB_HEALTH_INTERVAL_S,
)
from templates.common import (
    SUBNET_RESOLUTION,
)
from templates.network import MAX_AZS, nat_needs
from templates.security_groups import cidr_group_ingress, cidr_ingress, egress, group_ingress


class LoadBalancerPart:
    """A part of templates/enterprise.py's Enterprise (its attributes are shared)."""

    # --- load balancer ----------------------------------------------------------------------
    def load_balancer(self) -> None:
        t = self.t
        group = t.add_resource(
            SecurityGroup(
                "LoadBalancerSecurityGroup",
                # ExistingVpcCidr defaults to blank and is read only with ExistingVpcId, where
                # the ExistingVpcNamesItsCidr rule requires it: cfn-lint resolves the default.
                Metadata={"cfn-lint": {"config": {"ignore_checks": ["W1030"]}}},
                VpcId=self.vpc,
                GroupDescription="WhatsApp Business API load balancer",
                SecurityGroupIngress=cidr_ingress(
                    "load_balancer", "clients", If("HasApiCidr", Ref(self.api_cidr), self.cidr)
                ),
                SecurityGroupEgress=egress("load_balancer", {"hosts": self.hosts_sg}),
            )
        )
        group_ingress(t, "HostsFromLoadBalancer", "hosts", self.hosts_sg, "load_balancer",
                      Ref(group))
        # Internet-facing: the health probe arrives from the NAT gateways' addresses, one rule
        # each, for the NAT gateways the network tier creates (an existing VPC's are not
        # known: ApiClientCidr must hold them, docs/probe.md).
        for i in range(MAX_AZS):
            needs = ["Public", "CreateNetwork", *nat_needs(i)]
            t.add_condition(f"ProbeThroughNat{i + 1}", And(*[{"Condition": c} for c in needs]))
            cidr_group_ingress(
                t, f"LoadBalancerFromNat{i + 1}", "load_balancer", Ref(group), "nat",
                Join("", [GetAtt("NetworkStack", f"Outputs.NatPublicIp{i + 1}"), "/32"]),
                Condition=f"ProbeThroughNat{i + 1}")
        self.lb = t.add_resource(
            NetworkLoadBalancer(
                "LoadBalancer",
                Metadata=SUBNET_RESOLUTION,
                Type="network",
                Scheme=Ref(self.scheme),
                Subnets=If("Public", self.public, self.private),
                SecurityGroups=[Ref(group)],
                LoadBalancerAttributes=[
                    LoadBalancerAttributes(Key="load_balancing.cross_zone.enabled", Value="true"),
                    # Its DNS name is what every API client uses: production keeps it.
                    LoadBalancerAttributes(
                        Key="deletion_protection.enabled",
                        Value=If("IsProduction", "true", "false"),
                    ),
                ],
            )
        )
        self.targets = t.add_resource(
            TargetGroup(
                "WebTargets",
                Port=API_PORT,
                Protocol="TCP",
                TargetType="instance",
                VpcId=self.vpc,
                HealthCheckProtocol="HTTPS",
                HealthCheckPath="/",
                HealthCheckPort="traffic-port",
                HealthCheckIntervalSeconds=LB_HEALTH_INTERVAL_S,
                Matcher=Matcher(HttpCode="200-399"),
                TargetGroupAttributes=[
                    TargetGroupAttribute(Key="deregistration_delay.timeout_seconds",
                                         Value=str(LB_DEREGISTRATION_DELAY_S))
                ],
            )
        )
        self.listener = t.add_resource(
            Listener(
                "ApiListener",
                LoadBalancerArn=Ref(self.lb),
                Port=API_PORT,
                Protocol="TCP",
                DefaultActions=[Action(Type="forward", TargetGroupArn=Ref(self.targets))],
            )
        )
