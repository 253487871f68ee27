"""Prove the contract's flows (contract/network.py) on a resolved rendering or a deployed state.

Security groups are evaluated as EC2 and CloudFormation apply them: inline and separate rules,
group references across stacks (already resolved to the owning stack's resource), CIDR rules,
and the allow-all egress a group keeps when it has no egress rule. A flow also needs what
carries it beyond the groups: the listener and target group in front of the Webapps, the port
the database listens on, a mount target in every host subnet, routes to the internet. For every
required flow the report says allowed, blocked or outside this deployment, and why; it also
lists every rule the contract does not ask for.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from contract.network import FLOWS, GROUP_RULES, GROUP_ZONES, Flow, Ports
from contract.roles import API_PORT
from gates.cfn_resolve import Deployment, Ref, ResolvedResource, Text
from sizing.data import DB_PORTS

WORLD = "0.0.0.0/0"
NOTHING = "255.255.255.255/32"  # the placeholder rule that matches no traffic
OUTSIDE = "outside this deployment: "
NAT = "nat:"  # a rule's peer that is a NAT gateway's address as a /32: nat:<stack>/<EIP id>


@dataclass(frozen=True)
class Expectation:
    """What the contract asks of this deployment, from its inputs."""

    vpc_cidr: str
    client_cidrs: tuple[str, ...]  # who may call the API: api_cidrs, or the VPC's CIDR
    public_api: bool
    db_port: int
    existing_db: bool
    existing_vpc: bool
    existing_efs: bool = False


@dataclass(frozen=True)
class Rule:
    direction: str  # "ingress" | "egress"
    protocol: str  # "tcp", "udp", "icmp" or "-1"
    low: int
    high: int
    peer: str  # a group key, or a CIDR
    origin: str  # where the rule comes from, for messages
    default: str | None = None  # CloudFormation's implicit allow-all: "certain" | "disputed"

    def covers(self, ports: Ports, db_port: int) -> bool:
        if self.protocol == "-1":
            return True
        if ports.protocol == "-1" or self.protocol != ports.protocol:
            return False
        low, high = ports.span(db_port)
        return self.low <= low and high <= self.high

    def within(self, ports: Ports, db_port: int) -> bool:
        """The rule opens no more than `ports`."""
        if ports.protocol == "-1":
            return True
        low, high = ports.span(db_port)
        return self.protocol == ports.protocol and low <= self.low and self.high <= high

    def label(self) -> str:
        return Ports(self.protocol, self.low, self.high).label()


@dataclass
class Network:
    """Security groups (by key), which zone uses which group, the paths to the internet, and
    what else a flow needs that is missing (`gaps`: flow key -> reasons)."""

    groups: dict[str, list[Rule]]
    names: dict[str, str]  # group key -> a readable name
    zones: dict[str, set[str]]  # the contract's GROUP_ZONES -> group keys
    internet: dict[str, str | None] = field(default_factory=dict)  # zone -> None ok, or why not
    load_balancer_scheme: str | None = None
    gaps: dict[str, list[str]] = field(default_factory=dict)

    def zone_of(self, key: str) -> str | None:
        return next((z for z, keys in self.zones.items() if key in keys), None)


@dataclass
class Verdict:
    flow: Flow
    allowed: bool | None  # None: the other end lies outside this deployment
    why: str


@dataclass
class Report:
    verdicts: list[Verdict]
    extra: list[str]

    @property
    def ok(self) -> bool:
        return not self.extra and all(v.allowed is not False for v in self.verdicts)

    def summary(self) -> str:
        allowed = sum(v.allowed is True for v in self.verdicts)
        outside = sum(v.allowed is None for v in self.verdicts)
        note = f", {outside} outside this deployment" if outside else ""
        return f"{allowed}/{len(self.verdicts)} flows allowed{note}, {len(self.extra)} extra"

    def lines(self) -> list[str]:
        out = []
        for v in self.verdicts:
            mark = {True: "ok", False: "BLOCKED", None: "outside"}[v.allowed]
            out.append(f"{mark:<8} {v.flow.key:<15} {v.why}")
        out += [f"EXTRA    {e}" for e in self.extra]
        return out


# --- reading a resolved rendering -------------------------------------------------------------

def key_of(value) -> str:
    """A reference as a key: the owning stack and logical id (a group's id and its Ref are the
    same thing; any other attribute is named), or the literal value."""
    if isinstance(value, Ref):
        suffix = "" if value.attribute in ("Ref", "GroupId") else f".{value.attribute}"
        return f"{value.stack}/{value.logical_id}{suffix}"
    return str(value.canonical() if hasattr(value, "canonical") else value)


def _protocol(value) -> str:
    text = str(value).lower()
    return {"6": "tcp", "17": "udp", "1": "icmp", "all": "-1"}.get(text, text)


PEER_FIELDS = {"ingress": ("SourceSecurityGroupId", "SourcePrefixListId"),
               "egress": ("DestinationSecurityGroupId", "DestinationPrefixListId")}


def _rule(direction: str, spec: dict, origin: str) -> Rule:
    protocol = _protocol(spec.get("IpProtocol", "-1"))
    field_ = next((f for f in (*PEER_FIELDS[direction], "CidrIp", "CidrIpv6") if f in spec), None)
    peer = (_nat_address(spec[field_]) or key_of(spec[field_])) if field_ else "?"
    if protocol == "-1":
        return Rule(direction, protocol, 0, 65535, peer, origin)
    return Rule(direction, protocol, int(spec.get("FromPort", 0)), int(spec.get("ToPort", 65535)),
                peer, origin)


def _nat_address(value) -> str | None:
    """nat:<stack>/<id> when `value` is an Elastic IP's address joined with /32."""
    parts = value.parts if isinstance(value, Text) else ()
    if (len(parts) == 2 and isinstance(parts[0], Ref) and parts[0].type == "AWS::EC2::EIP"
            and parts[0].attribute in ("Ref", "PublicIp") and parts[1] == "/32"):
        return f"{NAT}{parts[0].stack}/{parts[0].logical_id}"
    return None


def _groups(deployment: Deployment) -> tuple[dict[str, list[Rule]], dict[str, str]]:
    groups: dict[str, list[Rule]] = {}
    names: dict[str, str] = {}
    inline_egress: set[str] = set()
    for sg in deployment.resources("AWS::EC2::SecurityGroup"):
        key = f"{sg.stack}/{sg.logical_id}"
        names[key] = sg.logical_id
        rules = groups.setdefault(key, [])
        for direction, prop in (("ingress", "SecurityGroupIngress"),
                                ("egress", "SecurityGroupEgress")):
            for spec in sg.properties.get(prop, []) or []:
                rules.append(_rule(direction, spec, f"{sg.logical_id} (inline)"))
                if direction == "egress":
                    inline_egress.add(key)
    separate_egress: set[str] = set()
    for type_, direction in (("AWS::EC2::SecurityGroupIngress", "ingress"),
                             ("AWS::EC2::SecurityGroupEgress", "egress")):
        for resource in deployment.resources(type_):
            key = key_of(resource.properties["GroupId"])
            groups.setdefault(key, []).append(
                _rule(direction, resource.properties, resource.logical_id))
            names.setdefault(key, key)
            if direction == "egress":
                separate_egress.add(key)
    for key, rules in groups.items():
        if key in inline_egress:
            continue
        # No inline egress: EC2's allow-all stays when no rule is added at all. Whether
        # CloudFormation removes it when a separate egress rule is added is disputed
        # (aws-cdk#987 and #16580 say it does): never rely on it either way.
        rules.append(Rule("egress", "-1", 0, 65535, WORLD, "CloudFormation's default egress",
                          default="disputed" if key in separate_egress else "certain"))
    return groups, names


def _keys(values) -> set[str]:
    return {key_of(v) for v in (values or [])}


def _by_key(deployment: Deployment, type_: str) -> dict[str, ResolvedResource]:
    return {f"{r.stack}/{r.logical_id}": r for r in deployment.resources(type_)}


def _launch_templates(deployment: Deployment) -> list[ResolvedResource]:
    templates = _by_key(deployment, "AWS::EC2::LaunchTemplate")
    return [templates[key] for key in (
        key_of(g.properties.get("LaunchTemplate", {}).get("LaunchTemplateId"))
        for g in deployment.resources("AWS::AutoScaling::AutoScalingGroup")) if key in templates]


def _zones(deployment: Deployment) -> dict[str, set[str]]:
    zones: dict[str, set[str]] = {zone: set() for zone in GROUP_ZONES}
    for lt in _launch_templates(deployment):
        zones["hosts"] |= _keys(lt.properties["LaunchTemplateData"].get("SecurityGroupIds"))
    for lb in deployment.resources("AWS::ElasticLoadBalancingV2::LoadBalancer"):
        zones["load_balancer"] |= _keys(lb.properties.get("SecurityGroups"))
    for db in deployment.resources("AWS::RDS::DBInstance"):
        zones["database"] |= _keys(db.properties.get("VPCSecurityGroups"))
    for db in deployment.resources("AWS::RDS::DBCluster"):
        zones["database"] |= _keys(db.properties.get("VpcSecurityGroupIds"))
    for target in deployment.resources("AWS::EFS::MountTarget"):
        zones["file_system"] |= _keys(target.properties.get("SecurityGroups"))
    for function in deployment.resources("AWS::Lambda::Function"):  # only the probe has a VPC
        zones["probe"] |= _keys(function.properties.get("VpcConfig", {}).get("SecurityGroupIds"))
    return zones


def internet_path(subnets: Iterable[str], default_route: Callable[[str], dict | None],
                  nat_subnet: Callable[[str], str | None], gateways: set[str],
                  through_nat: bool) -> str | None:
    """None when every subnet routes 0.0.0.0/0 to an attached internet gateway (through a NAT
    gateway in a subnet that does, for private subnets), else what is missing. The lookups
    read a rendering or the EC2 API."""
    subnets = list(subnets)
    if not subnets:
        return "no subnets"
    for subnet in subnets:
        route = default_route(subnet)
        if route is None:
            return f"subnet {subnet} has no default route"
        if through_nat:
            nat = nat_subnet(key_of(route.get("NatGatewayId", "")))
            if nat is None:
                return f"subnet {subnet} does not route through a NAT gateway"
            route = default_route(nat)
            if route is None:
                return f"the NAT gateway of {subnet} sits in a subnet without a default route"
        if key_of(route.get("GatewayId", "")) not in gateways:
            return f"subnet {subnet}: the default route does not reach an attached gateway"
    return None


def _rendered_nat_addresses(deployment: Deployment, subnets) -> set[str]:
    """nat:<stack>/<EIP id> of every NAT gateway the default routes of `subnets` lead to."""
    associations = [(key_of(a.properties["SubnetId"]), key_of(a.properties["RouteTableId"]))
                    for a in deployment.resources("AWS::EC2::SubnetRouteTableAssociation")]
    tables = {table for s, table in associations if s in set(map(key_of, subnets))}
    nats = _by_key(deployment, "AWS::EC2::NatGateway")
    found = set()
    for route in deployment.resources("AWS::EC2::Route"):
        nat = nats.get(key_of(route.properties.get("NatGatewayId", "")))
        if (route.properties.get("DestinationCidrBlock") == WORLD and nat is not None
                and key_of(route.properties["RouteTableId"]) in tables):
            allocation = nat.properties.get("AllocationId")
            if isinstance(allocation, Ref) and allocation.type == "AWS::EC2::EIP":
                found.add(f"{NAT}{allocation.stack}/{allocation.logical_id}")
    return found


def _rendered_path(deployment: Deployment, subnets, through_nat: bool) -> str | None:
    associations = [(key_of(a.properties["SubnetId"]), key_of(a.properties["RouteTableId"]))
                    for a in deployment.resources("AWS::EC2::SubnetRouteTableAssociation")]
    routes = [r.properties for r in deployment.resources("AWS::EC2::Route")
              if r.properties.get("DestinationCidrBlock") == WORLD]

    def default_route(subnet: str) -> dict | None:
        tables = {table for s, table in associations if s == subnet}
        return next((r for r in routes if key_of(r["RouteTableId"]) in tables), None)

    nats = _by_key(deployment, "AWS::EC2::NatGateway")
    gateways = {key_of(a.properties["InternetGatewayId"])
                for a in deployment.resources("AWS::EC2::VPCGatewayAttachment")
                if "InternetGatewayId" in a.properties}
    return internet_path(map(key_of, subnets), default_route,
                         lambda nat: key_of(nats[nat].properties["SubnetId"]) if nat in nats
                         else None, gateways, through_nat)


def _service_for(deployment: Deployment, container: str) -> dict:
    tasks = {key for key, t in _by_key(deployment, "AWS::ECS::TaskDefinition").items()
             if any(c.get("Name") == container
                    for c in t.properties.get("ContainerDefinitions", []))}
    return next((s.properties for s in deployment.resources("AWS::ECS::Service")
                 if key_of(s.properties.get("TaskDefinition")) in tasks), {})


def _forwarded(listener: dict) -> set[str]:
    """Target groups a listener forwards to (TargetGroupArn, or a ForwardConfig's list)."""
    found = set()
    for action in listener.get("DefaultActions", []):
        if action.get("Type") == "forward":
            if "TargetGroupArn" in action:
                found.add(key_of(action["TargetGroupArn"]))
            found |= {key_of(t.get("TargetGroupArn"))
                      for t in action.get("ForwardConfig", {}).get("TargetGroups", [])}
    return found


def _front_gaps(deployment: Deployment) -> dict[str, list[str]]:
    """What the API and the Webapps need besides security groups: this load balancer's TCP
    listener on the API port forwarding to an instance target group whose health checks
    follow each Webapp's own host port, and the web service registered in that group."""
    balancers = set(_by_key(deployment, "AWS::ElasticLoadBalancingV2::LoadBalancer"))
    listeners = [r.properties for r in deployment.resources(
        "AWS::ElasticLoadBalancingV2::Listener")
        if int(r.properties.get("Port", 0)) == API_PORT and r.properties.get("Protocol") == "TCP"
        and key_of(r.properties.get("LoadBalancerArn")) in balancers]
    if not listeners:
        return {"api": [f"no TCP listener on {API_PORT} on the load balancer"], "lb-web": []}
    groups = _by_key(deployment, "AWS::ElasticLoadBalancingV2::TargetGroup")
    forwarded = set().union(*map(_forwarded, listeners)) & set(groups)
    if not forwarded:
        return {"api": [], "lb-web": [f"the listener on {API_PORT} forwards to no target group"]}
    gaps = []
    for key in forwarded:
        group = groups[key].properties
        if group.get("TargetType", "instance") != "instance" or group.get("Protocol") != "TCP":
            gaps.append("the target group must register hosts over TCP (bridge mode)")
        if str(group.get("HealthCheckEnabled", True)).lower() == "false":
            gaps.append("the target group's health checks are off")
        health_port = str(group.get("HealthCheckPort", "traffic-port"))
        if health_port != "traffic-port":  # every Webapp listens on a host port of its own
            gaps.append(f"health checks go to port {health_port}, not each Webapp's host port")
    attached = [b for b in _service_for(deployment, "web").get("LoadBalancers", [])
                if key_of(b.get("TargetGroupArn")) in forwarded and b.get("ContainerName") == "web"
                and int(b.get("ContainerPort", 0)) == API_PORT]
    if not attached:
        gaps.append(f"the web service is not registered in the target group on {API_PORT}")
    return {"api": [], "lb-web": gaps}


def _storage_gaps(deployment: Deployment, expectation: Expectation) -> dict[str, list[str]]:
    gaps: dict[str, list[str]] = {"database": [], "file-system": []}
    for db in [*deployment.resources("AWS::RDS::DBInstance"),
               *deployment.resources("AWS::RDS::DBCluster")]:
        if "DBClusterIdentifier" in db.properties:
            continue  # an Aurora member: the cluster's port is the one that counts
        engine = str(db.properties.get("Engine", "mysql"))
        port = db.properties.get("Port", DB_PORTS.get(engine, DB_PORTS["mysql"]))
        if int(port) != expectation.db_port:
            gaps["database"].append(f"the database listens on {port}, the hosts use "
                                    f"{expectation.db_port}")
    if not expectation.existing_efs:
        mounted = {key_of(t.properties.get("SubnetId"))
                   for t in deployment.resources("AWS::EFS::MountTarget")}
        for group in deployment.resources("AWS::AutoScaling::AutoScalingGroup"):
            missing = sorted(set(map(key_of, group.properties.get("VPCZoneIdentifier", [])))
                             - mounted)
            if missing:
                gaps["file-system"].append(f"no mount target in host subnet(s) "
                                           f"{', '.join(missing)}")
    return gaps


def network_of(deployment: Deployment, expectation: Expectation) -> Network:
    groups, names = _groups(deployment)
    network = Network(groups, names, _zones(deployment))
    network.gaps = {**_front_gaps(deployment), **_storage_gaps(deployment, expectation)}
    outside = OUTSIDE + "the existing VPC's routes"
    for group in deployment.resources("AWS::AutoScaling::AutoScalingGroup"):
        subnets = group.properties.get("VPCZoneIdentifier", [])
        network.internet["hosts"] = outside if expectation.existing_vpc else _rendered_path(
            deployment, subnets, through_nat=True)
    for function in deployment.resources("AWS::Lambda::Function"):
        subnets = function.properties.get("VpcConfig", {}).get("SubnetIds")
        if subnets:
            network.internet["probe"] = outside if expectation.existing_vpc else (
                _rendered_path(deployment, subnets, through_nat=True))
            network.zones["nat"] = _rendered_nat_addresses(deployment, subnets)
    for lb in deployment.resources("AWS::ElasticLoadBalancingV2::LoadBalancer"):
        network.load_balancer_scheme = lb.properties.get("Scheme", "internet-facing")
        if network.load_balancer_scheme == "internet-facing":
            network.internet["load_balancer"] = outside if expectation.existing_vpc else (
                _rendered_path(deployment, lb.properties.get("Subnets", []), through_nat=False))
    return network


# --- the verdicts ------------------------------------------------------------------------------

def _contains(cidr: str, inner: str) -> bool:
    try:
        return ipaddress.ip_network(inner, strict=False).subnet_of(
            ipaddress.ip_network(cidr, strict=False))
    except (ValueError, TypeError):
        return False


def _allows(network: Network, zone: str, direction: str, peer_keys: set[str], cidr: str | None,
            ports: Ports, db_port: int) -> Rule | None:
    """A rule of the zone's groups that lets `ports` through to or from one of `peer_keys`
    (or a CIDR holding `cidr`); CloudFormation's disputed default egress does not count."""
    for key in network.zones.get(zone, ()):
        for rule in network.groups.get(key, []):
            if (rule.direction == direction and rule.default != "disputed"
                    and rule.peer != NOTHING and rule.covers(ports, db_port)
                    and (rule.peer in peer_keys
                         or (cidr is not None and _contains(rule.peer, cidr)))):
                return rule
    return None


def _path(flow: Flow, network: Network, zone: str) -> Verdict | None:
    path = network.internet.get(zone, "no path to the internet found")
    if path is None:
        return None
    return Verdict(flow, None if path.startswith(OUTSIDE) else False, path)


def _clients(flow: Flow, network: Network, exp: Expectation) -> Verdict:
    scheme = "internet-facing" if exp.public_api else "internal"
    if network.load_balancer_scheme != scheme:
        return Verdict(flow, False, f"load balancer scheme is {network.load_balancer_scheme}")
    for cidr in exp.client_cidrs:
        if exp.public_api and _contains(exp.vpc_cidr, cidr):
            return Verdict(flow, False, f"an internet-facing load balancer sees clients at "
                           f"public addresses: {cidr} (the VPC) matches none of them")
        if not _allows(network, "load_balancer", "ingress", set(), cidr, flow.ports,
                       exp.db_port):
            return Verdict(flow, False, f"no load balancer rule admits {cidr} on "
                           f"{flow.ports.label()}")
    path = _path(flow, network, "load_balancer") if exp.public_api else None
    return path or Verdict(flow, True, f"{', '.join(exp.client_cidrs)} -> load balancer "
                                       f"{flow.ports.label()}")


def _verdict(flow: Flow, network: Network, exp: Expectation) -> Verdict:
    gaps = network.gaps.get(flow.key, [])
    if gaps:
        return Verdict(flow, False, "; ".join(gaps))
    source, target, ports = flow.source_zone, flow.target_zone, flow.ports
    if source == "clients":
        return _clients(flow, network, exp)
    source_keys = network.zones.get(source, set())
    if not source_keys:
        return Verdict(flow, False, f"no security group for {source}")
    if target == "internet":
        rule = _allows(network, source, "egress", set(), WORLD, ports, exp.db_port)
        if rule is None:
            return Verdict(flow, False, f"{source} egress does not allow {ports.label()} to "
                           "the internet")
        return _path(flow, network, source) or Verdict(
            flow, True, f"{rule.origin} {rule.label()}; private subnets -> NAT -> internet "
            "gateway")
    if source == "probe" and target == "load_balancer" and exp.public_api:
        return _through_nat(flow, network, exp)
    target_keys = network.zones.get(target, set())
    out = _allows(network, source, "egress", target_keys, exp.vpc_cidr, ports, exp.db_port)
    if out is None:
        return Verdict(flow, False, f"{source} egress does not allow {ports.label()} to {target}")
    if target == "database" and exp.existing_db:
        return Verdict(flow, None, OUTSIDE + "the existing database's own group must admit "
                       f"the hosts' group on {exp.db_port}")
    if target == "file_system" and exp.existing_efs:
        return Verdict(flow, None, OUTSIDE + "the existing file system's mount targets must "
                       "admit the hosts' group on 2049, one in every host subnet")
    if not target_keys:
        return Verdict(flow, False, f"no security group for {target}")
    into = _allows(network, target, "ingress", source_keys, exp.vpc_cidr, ports, exp.db_port)
    if into is None:
        return Verdict(flow, False, f"{target} ingress does not admit {source} on "
                       f"{ports.label()}")
    return Verdict(flow, True, f"{out.origin} -> {into.origin} ({into.label()})")


def _through_nat(flow: Flow, network: Network, exp: Expectation) -> Verdict:
    """The probe to an internet-facing load balancer: out of the private subnets through the
    NAT gateways, back in at the load balancer's public addresses, which must admit each NAT
    gateway's address on the API port."""
    ports = flow.ports
    out = _allows(network, "probe", "egress", set(), WORLD, ports, exp.db_port)
    if out is None:
        return Verdict(flow, False, f"probe egress does not allow {ports.label()} to the "
                       "internet (the load balancer's public addresses)")
    if exp.existing_vpc:
        return Verdict(flow, None, OUTSIDE + "the existing VPC's NAT gateways: api_cidrs must "
                       "hold each one's public address (as a /32)")
    for zone in ("probe", "load_balancer"):
        verdict = _path(flow, network, zone)
        if verdict is not None:
            return Verdict(flow, False, f"{zone}: {verdict.why}")
    addresses = sorted(network.zones.get("nat", ()))
    if not addresses:
        return Verdict(flow, False, "the probe's subnets route through no NAT gateway with an "
                       "Elastic IP")
    origins = []
    for address in addresses:
        # its own /32, or a rule for the whole internet (which holds every address)
        into = _allows(network, "load_balancer", "ingress", {address}, WORLD, ports,
                       exp.db_port)
        if into is None:
            return Verdict(flow, False, f"no load balancer rule admits the NAT address "
                           f"{address.removeprefix(NAT)} (/32) on {ports.label()}")
        origins.append(into.origin)
    return Verdict(flow, True, f"{out.origin} -> NAT gateways ({len(addresses)}) -> "
                   f"{', '.join(sorted(set(origins)))} ({ports.label()})")


def _justified(rule: Rule, zone: str, network: Network, exp: Expectation) -> bool:
    for wanted in GROUP_RULES:
        if (wanted.group != zone or wanted.direction != rule.direction
                or not rule.within(wanted.ports, exp.db_port)):
            continue
        if wanted.peer == "internet" and rule.direction == "egress":
            return True  # every destination, in the VPC or not, lies within "anywhere"
        if wanted.peer == "clients" and rule.peer in exp.client_cidrs:
            return True
        if network.zone_of(rule.peer) == wanted.peer:
            return True
    return False


def _extra(network: Network, exp: Expectation) -> list[str]:
    extra = []
    for key, rules in network.groups.items():
        zone = network.zone_of(key)
        for rule in rules:
            if rule.peer == NOTHING or (zone and _justified(rule, zone, network, exp)):
                continue
            peer = network.names.get(rule.peer, rule.peer)
            kind = " (may remain next to the separate egress rules)" if (
                rule.default == "disputed") else ""
            extra.append(f"{network.names.get(key, key)} [{zone or 'no zone'}] {rule.direction} "
                         f"{rule.label()} {'from' if rule.direction == 'ingress' else 'to'} "
                         f"{peer}: {rule.origin}{kind}")
    return extra


def check(network: Network, expectation: Expectation) -> Report:
    verdicts = [_verdict(flow, network, expectation) for flow in FLOWS]
    return Report(verdicts, _extra(network, expectation))


def check_rendering(deployment: Deployment, expectation: Expectation) -> Report:
    return check(network_of(deployment, expectation), expectation)
