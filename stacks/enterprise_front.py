"""The Enterprise stack's front: the network load balancer, its listener and targets."""

from __future__ import annotations

from aws_cdk import Duration, Fn
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_elasticloadbalancingv2 as elbv2

from contract.roles import (
    API_PORT,
    LB_DEREGISTRATION_DELAY_S,
    LB_HEALTH_INTERVAL_S,
)
from stacks.nag import (
    acknowledge,
    acknowledge_nist,
)
from stacks.network import nat_addresses
from stacks.security_groups import allow_ingress, security_group


class LoadBalancerPart:
    """A part of stacks/enterprise.py's EnterpriseStack (its attributes are shared)."""

    # --- load balancer ---------------------------------------------------------------------
    def _load_balancer(self, vpc, hosts_security_group):
        deployment = self.deployment
        group = security_group(
            self, "LoadBalancerSecurityGroup", "load_balancer", vpc,
            "WhatsApp Business API load balancer", egress_to={"hosts": hosts_security_group})
        clients = ([ec2.Peer.ipv4(c) for c in deployment.api_cidrs] if deployment.public_api
                   else [ec2.Peer.ipv4(vpc.vpc_cidr_block)])
        # Internet-facing: the probe arrives from the NAT gateways' addresses (an existing
        # VPC's are not known here: api_cidrs must hold them, docs/probe.md).
        nat = ([ec2.Peer.ipv4(Fn.join("", [address, "/32"])) for address in nat_addresses(vpc)]
               if deployment.public_api else [])
        allow_ingress(group, "load_balancer", {"clients": clients, "nat": nat})
        # remote_rule: the rule lives in this stack, so the network tier never refers up.
        allow_ingress(hosts_security_group, "hosts", {"load_balancer": [group]},
                      remote_rule=True)
        subnets = vpc.public_subnets if deployment.public_api else vpc.private_subnets
        load_balancer = elbv2.NetworkLoadBalancer(
            self, "LoadBalancer", vpc=vpc, internet_facing=deployment.public_api,
            vpc_subnets=ec2.SubnetSelection(subnets=subnets),
            security_groups=[group], cross_zone_enabled=True,
            # Its DNS name is what every API client uses: production keeps it on delete too.
            deletion_protection=self.plan.env == "production",
        )
        target_group = elbv2.NetworkTargetGroup(
            self, "WebTargets", vpc=vpc, port=API_PORT, protocol=elbv2.Protocol.TCP,
            target_type=elbv2.TargetType.INSTANCE,
            # traffic-port: each Webapp task listens on its own dynamic host port
            health_check=elbv2.HealthCheck(protocol=elbv2.Protocol.HTTPS, path="/",
                                           port="traffic-port",
                                           interval=Duration.seconds(LB_HEALTH_INTERVAL_S)),
            deregistration_delay=Duration.seconds(LB_DEREGISTRATION_DELAY_S),
        )
        acknowledge(load_balancer, "ELB2", "A TCP listener produces no access logs (NLB logs "
                    "only TLS listeners); VPC flow logs record the connections.")
        if deployment.world_api:
            acknowledge(group, "EC23", "The user opened the API to the internet on purpose "
                        f"(api_cidrs {', '.join(deployment.world_api)} with "
                        "allow_world_api=true): port 443 only.")
        elif not deployment.public_api:  # named client CIDRs do not raise the finding
            acknowledge(group, "EC23", "Ingress is the VPC's own CIDR on 443 only; the rule "
                        "cannot read the CIDR token.")
        elif nat:  # ... but the NAT addresses are tokens, which the rule cannot read
            acknowledge(group, "EC23", "Ingress is the named api_cidrs and each NAT gateway's "
                        "address as a /32 (the health probe), on 443 only; the rule cannot "
                        "read the address tokens.")
        listener = load_balancer.add_listener("Api", port=API_PORT, protocol=elbv2.Protocol.TCP,
                                              default_target_groups=[target_group])
        self._acknowledge_front(load_balancer, listener, group)
        return load_balancer, target_group

    def _acknowledge_front(self, load_balancer, listener, group) -> None:
        acknowledge_nist(load_balancer, "ELBLoggingEnabled", "A TCP listener produces no "
                         "access logs (NLB logs only TLS listeners); VPC flow logs record the "
                         "connections.")
        acknowledge_nist(listener, "ELBv2ACMCertificateRequired",
                         "TLS ends at the Webapps with the business's own certificate for "
                         "WA_WEB_SERVERNAME: the load balancer passes TCP through, so the API's "
                         "TLS is end to end.")
        for rule in ("EC2RestrictedCommonPorts", "EC2RestrictedSSH"):
            acknowledge_nist(group, rule, "The rule cannot read the client CIDR token; the "
                             "group admits port 443 only, which the cluster contract check "
                             "proves on every synth.")
        if self.plan.env != "production":
            acknowledge_nist(load_balancer, "ELBDeletionProtectionEnabled",
                             "Staging is disposable; production has deletion protection.")
