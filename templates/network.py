"""Network tier template: a VPC over 2-4 AZs, public and private subnets, NAT (one per AZ in
production, one in staging), flow logs, and the ECS hosts' security group."""

from __future__ import annotations

from troposphere import (
    AccountId,
    Cidr,
    Equals,
    GetAtt,
    GetAZs,
    If,
    Join,
    Output,
    Partition,
    Ref,
    Region,
    Select,
    Tags,
    Template,
)
from troposphere.cloudformation import CustomResource
from troposphere.ec2 import (
    EIP,
    VPC,
    FlowLog,
    InternetGateway,
    NatGateway,
    Route,
    RouteTable,
    SecurityGroup,
    Subnet,
    SubnetRouteTableAssociation,
    VPCGatewayAttachment,
)
from troposphere.iam import Policy, Role

from templates.common import (
    AZ_COUNTS,
    MAX_AZS,
    add_outputs,
    assume_role,
    az_conditions,
    by_az_count,
    encrypted_log_group,
    handler_function,
    tier,
)
from templates.security_groups import egress

SUBNET_BITS = 12  # /20 subnets in the /16 VPC: 8 of them, public and private in up to 4 AZs


def az_condition(index: int) -> str | None:
    """Name of the condition that creates subnets in AZ `index` (AZs 0 and 1 always exist)."""
    return None if index < AZ_COUNTS[0] else f"UseAz{index + 1}"


def nat_needs(index: int) -> list[str]:
    """The conditions (IsProduction, UseAz3, UseAz4: of EnvType and AzCount, which the root
    template shares) under which the NAT gateway in AZ `index` exists: the first always,
    the others in production only (staging shares the first)."""
    zone = az_condition(index)
    return [] if index == 0 else ["IsProduction", *([zone] if zone else [])]


class DefaultSecurityGroupClosed(CustomResource):
    resource_type = "Custom::DefaultSecurityGroupClosed"


def close_default_group(t: Template, vpc, retention) -> None:
    """The VPC's default group admits its own members and lets everything out; nothing here
    uses it, so a function revokes its rules (CloudFormation has no property for it)."""
    logs = encrypted_log_group(t, "DefaultGroupLogs", "default group function logs", retention)
    group_arn = Join("", ["arn:", Partition, ":ec2:", Region, ":", AccountId,
                          ":security-group/", GetAtt(vpc, "DefaultSecurityGroup")])
    function = handler_function(
        t, "DefaultGroup", "default_security_group", logs, "close-the-default-group", [
            {"Effect": "Allow", "Resource": group_arn, "Action": [
                "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"]},
            # takes no resource ARN
            {"Effect": "Allow", "Action": "ec2:DescribeSecurityGroups", "Resource": "*"},
        ], "Revokes every rule of the VPC's default security group")
    t.add_resource(DefaultSecurityGroupClosed(
        "DefaultSecurityGroupClosed", ServiceToken=GetAtt(function, "Arn"),
        GroupId=GetAtt(vpc, "DefaultSecurityGroup")))


def build_network() -> Template:
    t, p = tier(
        "wa-infra network tier: VPC over 2-4 AZs, public and private "
        "subnets, NAT gateways, flow logs, ECS hosts' security group"
    )
    env = p.input("Environment", "EnvType", "Environment type",
                  "production: a NAT gateway per AZ; staging: one NAT gateway")
    cidr = p.input("Network", "VpcCidr", "VPC CIDR", "IPv4 /16 block of the new VPC")
    az_count = p.input("Network", "AzCount", "Availability zones",
                       "Number of availability zones to spread over")
    retention = p.log_retention("Network")
    p.finish()

    shared = {"IsProduction": Equals(Ref(env), "production"), **az_conditions(Ref(az_count))}
    for name, condition in shared.items():
        t.add_condition(name, condition)
    for i in range(1, MAX_AZS):
        needs = nat_needs(i)
        # one need: its own expression (a bare {"Condition": ...} is not evaluated by moto)
        t.add_condition(f"NatInAz{i + 1}", {"Fn::And": [{"Condition": c} for c in needs]}
                        if len(needs) > 1 else shared[needs[0]])

    vpc = t.add_resource(
        VPC(
            "Vpc",
            CidrBlock=Ref(cidr),
            EnableDnsHostnames=True,
            EnableDnsSupport=True,
            Tags=Tags(Name="wa-infra"),
        )
    )
    gateway = t.add_resource(InternetGateway("InternetGateway"))
    attach = t.add_resource(
        VPCGatewayAttachment("GatewayAttachment", VpcId=Ref(vpc), InternetGatewayId=Ref(gateway))
    )
    public_routes = t.add_resource(RouteTable("PublicRoutes", VpcId=Ref(vpc)))
    t.add_resource(
        Route(
            "PublicDefaultRoute",
            RouteTableId=Ref(public_routes),
            DestinationCidrBlock="0.0.0.0/0",
            GatewayId=Ref(gateway),
            DependsOn=attach.title,
        )
    )
    public, private = [], []
    for i in range(MAX_AZS):
        zone = az_condition(i)
        extra = {"Condition": zone} if zone else {}
        pub, priv = (t.add_resource(Subnet(
            f"{kind.title()}Subnet{i + 1}", VpcId=Ref(vpc), MapPublicIpOnLaunch=False,
            AvailabilityZone=Select(i, GetAZs("")),
            # the first MAX_AZS blocks are public, the next MAX_AZS private
            CidrBlock=Select(block * MAX_AZS + i,
                             Cidr(GetAtt(vpc, "CidrBlock"), 2 * MAX_AZS, SUBNET_BITS)),
            Tags=Tags(Name=f"wa-infra {kind} {i + 1}"), **extra))
            for block, kind in enumerate(("public", "private")))
        public.append(pub)
        private.append(priv)
        t.add_resource(
            SubnetRouteTableAssociation(
                f"PublicSubnet{i + 1}Routes",
                SubnetId=Ref(pub),
                RouteTableId=Ref(public_routes),
                **extra,
            )
        )
        nat_condition = "IsProduction" if i == 0 else f"NatInAz{i + 1}"
        nat_extra = {} if i == 0 else {"Condition": nat_condition}
        ip = t.add_resource(
            EIP(f"NatAddress{i + 1}", Domain="vpc", DependsOn=attach.title, **nat_extra)
        )
        # An internet-facing load balancer sees the health probe at these addresses.
        t.add_output(Output(f"NatPublicIp{i + 1}", Description=f"Public address of NAT "
                            f"gateway {i + 1}", Value=Ref(ip), **nat_extra))
        t.add_resource(
            NatGateway(
                f"Nat{i + 1}",
                AllocationId=GetAtt(ip, "AllocationId"),
                SubnetId=Ref(pub),
                **nat_extra,
            )
        )
        routes = t.add_resource(RouteTable(f"PrivateRoutes{i + 1}", VpcId=Ref(vpc), **extra))
        # Staging shares the first AZ's NAT gateway.
        nat = Ref(f"Nat{i + 1}") if i == 0 else If(nat_condition, Ref(f"Nat{i + 1}"), Ref("Nat1"))
        t.add_resource(
            Route(
                f"PrivateDefaultRoute{i + 1}",
                RouteTableId=Ref(routes),
                DestinationCidrBlock="0.0.0.0/0",
                NatGatewayId=nat,
                **extra,
            )
        )
        t.add_resource(
            SubnetRouteTableAssociation(
                f"PrivateSubnet{i + 1}Routes", SubnetId=Ref(priv), RouteTableId=Ref(routes), **extra
            )
        )

    logs = encrypted_log_group(t, "FlowLogs", "VPC flow logs", Ref(retention))
    role = t.add_resource(
        Role(
            "FlowLogsRole",
            AssumeRolePolicyDocument=assume_role("vpc-flow-logs.amazonaws.com"),
            Policies=[
                Policy(
                    PolicyName="write-flow-logs",
                    PolicyDocument={
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": [
                                    "logs:CreateLogStream",
                                    "logs:PutLogEvents",
                                    "logs:DescribeLogStreams",
                                ],
                                "Resource": GetAtt(logs, "Arn"),
                            }
                        ],
                    },
                )
            ],
        )
    )
    t.add_resource(
        FlowLog(
            "FlowLog",
            ResourceId=Ref(vpc),
            ResourceType="VPC",
            TrafficType="ALL",
            LogDestinationType="cloud-watch-logs",
            LogGroupName=Ref(logs),
            DeliverLogsPermissionArn=GetAtt(role, "Arn"),
        )
    )
    close_default_group(t, vpc, Ref(retention))
    hosts = t.add_resource(
        SecurityGroup(
            "HostsSecurityGroup",
            VpcId=Ref(vpc),
            GroupDescription="ECS hosts of the WhatsApp Business API cluster",
            SecurityGroupEgress=egress("hosts"),
        )
    )

    def joined(subnets):
        return by_az_count(lambda n: Join(",", [Ref(s) for s in subnets[:n]]))

    add_outputs(
        t,
        VpcId=("VPC id", Ref(vpc)),
        VpcCidr=("VPC CIDR block", GetAtt(vpc, "CidrBlock")),
        PublicSubnetIds=("Public subnets, comma separated", joined(public)),
        PrivateSubnetIds=("Private subnets, comma separated", joined(private)),
        HostsSecurityGroupId=("Security group of the ECS hosts", Ref(hosts)),
    )
    return t
