"""Network tier: a new VPC over 2-4 AZs (or an existing one by ids), flow logs, and the
security group of the ECS hosts that the tiers above admit."""

from __future__ import annotations

from aws_cdk import Fn
from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from contract.deployment import Deployment
from sizing import Plan
from stacks.encrypted_logs import encrypted_log_group
from stacks.nag import acknowledge_inline_policy, acknowledge_nist
from stacks.offline import OfflineStack
from stacks.security_groups import allow_ingress, security_group


def nat_addresses(vpc: ec2.IVpc) -> list[str]:
    """The public addresses (tokens) of the NAT gateways this app created in `vpc`, one per
    public subnet that holds one; none for an existing VPC, whose NAT the app does not know."""
    found = (subnet.node.try_find_child("EIP") for subnet in vpc.public_subnets)
    return [eip.ref for eip in found if isinstance(eip, ec2.CfnEIP)]  # Ref: the address


class NetworkStack(OfflineStack):
    def __init__(self, scope: Construct, construct_id: str, *, plan: Plan,
                 deployment: Deployment, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        existing = deployment.existing_vpc
        if existing is not None:
            # Offline: ids given by the user, no lookup against an account.
            self.vpc: ec2.IVpc = ec2.Vpc.from_vpc_attributes(
                self, "Vpc",
                vpc_id=existing.vpc_id,
                vpc_cidr_block=existing.cidr,
                availability_zones=list(existing.availability_zones),
                public_subnet_ids=list(existing.public_subnet_ids),
                private_subnet_ids=list(existing.private_subnet_ids),
            )
        else:
            self.vpc = self._new_vpc(plan, deployment)

        self.hosts_security_group = security_group(
            self, "HostsSecurityGroup", "hosts", self.vpc,
            "ECS hosts of the WhatsApp Business API cluster")
        # East-west: the nodes on different hosts reach each other's containers.
        allow_ingress(self.hosts_security_group, "hosts",
                      {"hosts": [self.hosts_security_group]})

    def _new_vpc(self, plan: Plan, deployment: Deployment) -> ec2.Vpc:
        # Without an account the stack cannot look AZs up: pick them at deploy time instead.
        azs = [Fn.select(i, Fn.get_azs(deployment.region)) for i in range(deployment.az_count)]
        vpc = ec2.Vpc(
            self, "Vpc",
            ip_addresses=ec2.IpAddresses.cidr(deployment.vpc_cidr),
            availability_zones=azs,
            nat_gateways=deployment.az_count if plan.env == "production" else 1,
            # The default group admits its own members and lets everything out; nothing of
            # ours uses it, so it gets no rule at all (a CDK custom resource revokes them).
            restrict_default_security_group=True,
            subnet_configuration=[
                ec2.SubnetConfiguration(name="Public", subnet_type=ec2.SubnetType.PUBLIC,
                                        cidr_mask=24, map_public_ip_on_launch=False),
                ec2.SubnetConfiguration(name="Private",
                                        subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS,
                                        cidr_mask=22),
            ],
        )
        flow_logs = encrypted_log_group(self, "FlowLogs", "VPC flow logs",
                                        deployment.log_retention_days)
        flow_log = vpc.add_flow_log(
            "FlowLog", destination=ec2.FlowLogDestination.to_cloud_watch_logs(flow_logs),
            traffic_type=ec2.FlowLogTrafficType.ALL)
        acknowledge_inline_policy(flow_log.node.find_child("IAMRole"),
                                  "writing this VPC's flow logs to their log group")
        for subnet in vpc.public_subnets:
            acknowledge_nist(subnet, "VPCNoUnrestrictedRouteToIGW",
                             "Public subnets hold only the NAT gateways and an internet-facing "
                             "load balancer: the route to the internet gateway is what they are "
                             "for. Hosts and the database sit in private subnets.")
        return vpc
