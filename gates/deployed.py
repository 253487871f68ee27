"""The contract's flows on a deployed state: the security groups, routes and load balancer as
the AWS APIs report them, after a deploy (the rehearsal's moto endpoint, or an account).

Which group serves which zone comes from the rendering that was deployed (its logical ids,
mapped to physical ids through CloudFormation); the rules and routes come from EC2.
"""

from __future__ import annotations

from gates.cfn_resolve import Deployment
from gates.flows import WORLD, Expectation, Network, Report, Rule, check, network_of


def _physical_ids(deployment: Deployment, stack_names: dict[str, str], cloudformation,
                  ) -> dict[str, str]:
    """Template key (<stack path>/<logical id>) -> physical id, nested stacks included."""
    names = dict(stack_names)
    found = {}
    for path in sorted(deployment.stacks, key=lambda p: p.count("/")):
        if path not in names:
            continue
        pages = cloudformation.get_paginator("list_stack_resources").paginate(
            StackName=names[path])
        for resource in (r for page in pages for r in page["StackResourceSummaries"]):
            logical, physical = resource.get("LogicalResourceId"), resource.get(
                "PhysicalResourceId")
            if not (logical and physical):
                continue  # (moto lists resource types it does not model without ids)
            found[f"{path}/{logical}"] = physical
            if resource["ResourceType"] == "AWS::CloudFormation::Stack":
                names[f"{path}/{logical}"] = physical
    return found


def _rules(group: dict, key_of: dict[str, str], name: str) -> list[Rule]:
    rules = []
    for direction, field in (("ingress", "IpPermissions"), ("egress", "IpPermissionsEgress")):
        for permission in group.get(field, []):
            protocol = str(permission.get("IpProtocol", "-1"))
            low, high = (0, 65535) if protocol == "-1" else (
                int(permission.get("FromPort", 0)), int(permission.get("ToPort", 65535)))
            peers = [key_of.get(p["GroupId"], p["GroupId"])
                     for p in permission.get("UserIdGroupPairs", [])]
            peers += [r["CidrIp"] for r in permission.get("IpRanges", [])]
            peers += [r["CidrIpv6"] for r in permission.get("Ipv6Ranges", [])]
            rules += [Rule(direction, protocol, low, high, peer,
                           f"{name} {group['GroupId']} (deployed)") for peer in peers]
    return rules


def _route_to(ec2, subnet: str) -> dict | None:
    tables = ec2.describe_route_tables(
        Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])["RouteTables"]
    for table in tables:
        for route in table.get("Routes", []):
            if route.get("DestinationCidrBlock") == WORLD:
                return route
    return None


def _internet_path(ec2, subnets: list[str], through_nat: bool) -> str | None:
    attached = {g["InternetGatewayId"] for g in ec2.describe_internet_gateways()[
        "InternetGateways"] if any(a.get("State") in ("available", "attached")
                                   for a in g.get("Attachments", []))}
    for subnet in subnets:
        route = _route_to(ec2, subnet)
        if route is None:
            return f"subnet {subnet} has no default route"
        if through_nat:
            nat_id = route.get("NatGatewayId")
            if not nat_id:
                return f"subnet {subnet} does not route through a NAT gateway"
            nat, = ec2.describe_nat_gateways(NatGatewayIds=[nat_id])["NatGateways"]
            route = _route_to(ec2, nat["SubnetId"])
            if route is None:
                return f"the NAT gateway of {subnet} sits in a subnet without a default route"
        if route.get("GatewayId") not in attached:
            return f"subnet {subnet}: the default route does not reach an attached gateway"
    return None


def deployed_network(deployment: Deployment, expectation: Expectation,
                     stack_names: dict[str, str], session) -> Network:
    """`stack_names`: the deployed name of each top-level stack path of `deployment`;
    `session`: a boto3 session (or the boto3 module) pointing at the deployment."""
    planned = network_of(deployment, expectation)  # which group serves which zone
    physical = _physical_ids(deployment, stack_names, session.client("cloudformation"))
    ec2 = session.client("ec2")
    group_ids = {key: physical[key] for key in planned.groups if key in physical}
    key_of = {group_id: key for key, group_id in group_ids.items()}
    described = ec2.describe_security_groups(GroupIds=list(group_ids.values()))
    groups = {key_of[g["GroupId"]]: _rules(g, key_of, planned.names[key_of[g["GroupId"]]])
              for g in described["SecurityGroups"]}
    network = Network(groups, planned.names, planned.zones)
    if not expectation.existing_vpc:
        asg_names = _physical_of(deployment, physical, "AWS::AutoScaling::AutoScalingGroup")
        for group in session.client("autoscaling").describe_auto_scaling_groups(
                AutoScalingGroupNames=asg_names)["AutoScalingGroups"]:
            subnets = [s for s in group["VPCZoneIdentifier"].split(",") if s]
            network.internet["hosts"] = _internet_path(ec2, subnets, through_nat=True)
    else:
        network.internet = dict(planned.internet)
    arns = _physical_of(deployment, physical, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    if arns:
        for lb in session.client("elbv2").describe_load_balancers(
                LoadBalancerArns=arns)["LoadBalancers"]:
            network.load_balancer_scheme = lb.get("Scheme")
            if lb.get("Scheme") == "internet-facing" and not expectation.existing_vpc:
                subnets = [z["SubnetId"] for z in lb.get("AvailabilityZones", [])]
                network.internet["load_balancer"] = _internet_path(ec2, subnets, False)
    return network


def _physical_of(deployment: Deployment, physical: dict[str, str], type_: str) -> list[str]:
    return [physical[key] for key in (f"{r.stack}/{r.logical_id}"
                                      for r in deployment.resources(type_)) if key in physical]


def check_deployed(deployment: Deployment, expectation: Expectation,
                   stack_names: dict[str, str], session) -> Report:
    return check(deployed_network(deployment, expectation, stack_names, session), expectation)
