"""Prove the contract's flows (contract/network.py) on a resolved rendering or a deployed state.

Security groups are evaluated as EC2 and CloudFormation apply them: inline and separate rules,
group references across stacks (already resolved to the owning stack's resource), CIDR rules,
and the allow-all egress a group keeps when it has no egress rule. For every required flow the
report says allowed or not and why; it also lists every rule the contract does not ask for.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from contract.network import FLOWS, GROUP_RULES, Flow, Ports
from gates.cfn_resolve import Deployment, Ref, ResolvedResource

WORLD = "0.0.0.0/0"
NOTHING = "255.255.255.255/32"  # the placeholder rule that matches no traffic
IGNORED = "placeholder"


@dataclass(frozen=True)
class Expectation:
    """What the contract asks of this deployment, from its inputs."""

    vpc_cidr: str
    client_cidrs: tuple[str, ...]  # who may call the API: api_cidrs, or the VPC's CIDR
    public_api: bool
    db_port: int
    existing_db: bool
    existing_vpc: bool


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
        low, high = (db_port if p == "db_port" else p for p in (ports.low, ports.high))
        return self.low <= low and high <= self.high

    def label(self) -> str:
        if self.protocol == "-1":
            return "all traffic"
        span = str(self.low) if self.low == self.high else f"{self.low}-{self.high}"
        return f"{self.protocol} {span}"


@dataclass
class Network:
    """Security groups (by key), which zone uses which group, and the paths to the internet."""

    groups: dict[str, list[Rule]]
    names: dict[str, str]  # group key -> a readable name
    zones: dict[str, set[str]]  # "hosts", "load_balancer", "database", "file_system"
    internet: dict[str, str | None] = field(default_factory=dict)  # zone -> None ok, or why not
    load_balancer_scheme: str | None = None

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
        allowed = sum(v.allowed is not False for v in self.verdicts)
        outside = sum(v.allowed is None for v in self.verdicts)
        note = f" ({outside} outside)" if outside else ""
        return f"{allowed}/{len(self.verdicts)} flows{note}, {len(self.extra)} extra"

    def lines(self) -> list[str]:
        out = []
        for v in self.verdicts:
            mark = {True: "ok", False: "BLOCKED", None: "outside"}[v.allowed]
            out.append(f"{mark:<8} {v.flow.key:<15} {v.why}")
        out += [f"EXTRA    {e}" for e in self.extra]
        return out


# --- reading a resolved rendering -------------------------------------------------------------

def _key(value) -> str:
    """A group reference as a key: the owning stack and logical id, or the literal id."""
    if isinstance(value, Ref):
        return f"{value.stack}/{value.logical_id}"
    return str(value if not hasattr(value, "canonical") else value.canonical())


def _protocol(value) -> str:
    text = str(value).lower()
    return {"6": "tcp", "17": "udp", "1": "icmp", "all": "-1"}.get(text, text)


def _rule(direction: str, spec: dict, origin: str) -> Rule:
    protocol = _protocol(spec.get("IpProtocol", "-1"))
    peer_field = {"ingress": ("SourceSecurityGroupId", "CidrIp", "CidrIpv6"),
                  "egress": ("DestinationSecurityGroupId", "CidrIp", "CidrIpv6")}[direction]
    peer = next((spec[f] for f in peer_field if f in spec), None)
    peer = _key(peer) if peer_field[0] in spec else str(
        peer.canonical() if hasattr(peer, "canonical") else peer)
    if protocol == "-1":
        return Rule(direction, protocol, 0, 65535, peer, origin)
    return Rule(direction, protocol, int(spec.get("FromPort", 0)), int(spec.get("ToPort", 65535)),
                peer, origin)


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
            key = _key(resource.properties["GroupId"])
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


def _refs(values) -> set[str]:
    return {_key(v) for v in (values or [])}


def _zones(deployment: Deployment) -> dict[str, set[str]]:
    zones: dict[str, set[str]] = {z: set() for z in ("hosts", "load_balancer", "database",
                                                     "file_system")}
    templates = {}
    for lt in deployment.resources("AWS::EC2::LaunchTemplate"):
        templates[f"{lt.stack}/{lt.logical_id}"] = lt
    for group in deployment.resources("AWS::AutoScaling::AutoScalingGroup"):
        spec = group.properties.get("LaunchTemplate", {})
        lt = templates.get(_key(spec.get("LaunchTemplateId")))
        if lt is not None:
            zones["hosts"] |= _refs(lt.properties["LaunchTemplateData"].get("SecurityGroupIds"))
    for lb in deployment.resources("AWS::ElasticLoadBalancingV2::LoadBalancer"):
        zones["load_balancer"] |= _refs(lb.properties.get("SecurityGroups"))
    for db in deployment.resources("AWS::RDS::DBInstance"):
        zones["database"] |= _refs(db.properties.get("VPCSecurityGroups"))
    for db in deployment.resources("AWS::RDS::DBCluster"):
        zones["database"] |= _refs(db.properties.get("VpcSecurityGroupIds"))
    for target in deployment.resources("AWS::EFS::MountTarget"):
        zones["file_system"] |= _refs(target.properties.get("SecurityGroups"))
    return zones


def _by_ref(deployment: Deployment, type_: str) -> dict[str, ResolvedResource]:
    return {f"{r.stack}/{r.logical_id}": r for r in deployment.resources(type_)}


def _default_route(deployment: Deployment, subnet: str) -> dict | None:
    tables = {_key(a.properties["RouteTableId"])
              for a in deployment.resources("AWS::EC2::SubnetRouteTableAssociation")
              if _key(a.properties["SubnetId"]) == subnet}
    for route in deployment.resources("AWS::EC2::Route"):
        if (_key(route.properties["RouteTableId"]) in tables
                and route.properties.get("DestinationCidrBlock") == WORLD):
            return route.properties
    return None


def _internet_path(deployment: Deployment, subnets, through_nat: bool) -> str | None:
    """None when every subnet routes 0.0.0.0/0 to the internet (via a NAT gateway in a public
    subnet for private subnets), else what is missing."""
    if not subnets:
        return "no subnets"
    gateways = {_key(a.properties["InternetGatewayId"])
                for a in deployment.resources("AWS::EC2::VPCGatewayAttachment")
                if "InternetGatewayId" in a.properties}
    nats = _by_ref(deployment, "AWS::EC2::NatGateway")
    for subnet in map(_key, subnets):
        route = _default_route(deployment, subnet)
        if route is None:
            return f"subnet {subnet} has no default route"
        if through_nat:
            nat = nats.get(_key(route.get("NatGatewayId")))
            if nat is None:
                return f"subnet {subnet} does not route through a NAT gateway"
            route = _default_route(deployment, _key(nat.properties["SubnetId"]))
            if route is None:
                return f"the NAT gateway of {subnet} sits in a subnet without a default route"
        if _key(route.get("GatewayId")) not in gateways:
            return f"subnet {subnet}: the default route does not reach an attached gateway"
    return None


def network_of(deployment: Deployment, expectation: Expectation) -> Network:
    groups, names = _groups(deployment)
    network = Network(groups, names, _zones(deployment))
    outside = "outside this deployment: the existing VPC's routes"
    for group in deployment.resources("AWS::AutoScaling::AutoScalingGroup"):
        subnets = group.properties.get("VPCZoneIdentifier", [])
        network.internet["hosts"] = outside if expectation.existing_vpc else _internet_path(
            deployment, subnets, through_nat=True)
    for lb in deployment.resources("AWS::ElasticLoadBalancingV2::LoadBalancer"):
        network.load_balancer_scheme = lb.properties.get("Scheme", "internet-facing")
        if network.load_balancer_scheme == "internet-facing":
            network.internet["load_balancer"] = outside if expectation.existing_vpc else (
                _internet_path(deployment, lb.properties.get("Subnets", []), through_nat=False))
    return network


# --- the verdicts ------------------------------------------------------------------------------

def _contains(cidr: str, inner: str) -> bool:
    try:
        return ipaddress.ip_network(inner, strict=False).subnet_of(
            ipaddress.ip_network(cidr, strict=False))
    except (ValueError, TypeError):
        return False


def _matches(rule: Rule, zone_keys: set[str], cidr: str | None) -> bool:
    """The rule's peer is one of the zone's groups, or a CIDR holding `cidr`."""
    if rule.peer in zone_keys:
        return True
    return cidr is not None and _contains(rule.peer, cidr)


def _allows(network: Network, zone: str, direction: str, peer_keys: set[str], cidr: str | None,
            ports: Ports, db_port: int) -> Rule | None:
    for key in network.zones.get(zone, ()):
        for rule in network.groups.get(key, []):
            if (rule.direction == direction and rule.default != "disputed"
                    and rule.peer != NOTHING and rule.covers(ports, db_port)
                    and _matches(rule, peer_keys, cidr)):
                return rule
    return None


def _verdict(flow: Flow, network: Network, exp: Expectation) -> Verdict:
    source, target, ports = flow.source_zone, flow.target_zone, flow.ports
    if source == "clients":
        if network.load_balancer_scheme != ("internet-facing" if exp.public_api else "internal"):
            return Verdict(flow, False, f"load balancer scheme is {network.load_balancer_scheme}")
        for cidr in exp.client_cidrs:
            if not _allows(network, "load_balancer", "ingress", set(), cidr, ports, exp.db_port):
                return Verdict(flow, False, f"no load balancer rule admits {cidr} on "
                               f"{ports.label()}")
        path = network.internet.get("load_balancer") if exp.public_api else None
        if path is not None:
            return Verdict(flow, None if path.startswith("outside") else False, path)
        return Verdict(flow, True, f"{', '.join(exp.client_cidrs)} -> load balancer "
                       f"{ports.label()}")
    source_keys = network.zones.get(source, set())
    if not source_keys:
        return Verdict(flow, False, f"no security group for {source}")
    if target == "internet":
        rule = _allows(network, source, "egress", set(), WORLD, ports, exp.db_port)
        if rule is None:
            return Verdict(flow, False, f"{source} egress does not allow {ports.label()} to "
                           "the internet")
        path = network.internet.get(source, "no path to the internet found")
        if path is not None:
            return Verdict(flow, None if path.startswith("outside") else False, path)
        return Verdict(flow, True, f"{rule.origin} {rule.label()}; private subnets -> NAT -> "
                       "internet gateway")
    target_keys = network.zones.get(target, set())
    out = _allows(network, source, "egress", target_keys, exp.vpc_cidr, ports, exp.db_port)
    if out is None:
        return Verdict(flow, False, f"{source} egress does not allow {ports.label()} to {target}")
    if target == "database" and exp.existing_db:
        return Verdict(flow, None, "outside this deployment: the existing database's own group "
                       f"must admit the hosts' group on {exp.db_port}")
    if not target_keys:
        return Verdict(flow, False, f"no security group for {target}")
    into = _allows(network, target, "ingress", source_keys, exp.vpc_cidr if source == "hosts"
                   else None, ports, exp.db_port)
    if into is None:
        return Verdict(flow, False, f"{target} ingress does not admit {source} on "
                       f"{ports.label()}")
    return Verdict(flow, True, f"{out.origin} -> {into.origin} ({into.label()})")


def _justified(rule: Rule, zone: str, network: Network, exp: Expectation) -> bool:
    for wanted in GROUP_RULES:
        if wanted.group != zone or wanted.direction != rule.direction:
            continue
        if not _within(rule, wanted.ports, exp.db_port):
            continue
        if wanted.peer == "internet" and not network.zone_of(rule.peer):
            return True  # any destination outside lies within "the internet"
        if wanted.peer == "clients" and rule.peer in exp.client_cidrs:
            return True
        if network.zone_of(rule.peer) == wanted.peer:
            return True
    return False


def _within(rule: Rule, ports: Ports, db_port: int) -> bool:
    """The rule opens no more than `ports`."""
    if ports.protocol == "-1":
        return True
    low, high = (db_port if p == "db_port" else p for p in (ports.low, ports.high))
    return rule.protocol == ports.protocol and low <= rule.low and rule.high <= high


def _extra(network: Network, exp: Expectation) -> list[str]:
    extra = []
    for key, rules in network.groups.items():
        zone = network.zone_of(key)
        for rule in rules:
            if rule.peer == NOTHING:
                continue
            if zone is None or not _justified(rule, zone, network, exp):
                peer = network.names.get(rule.peer, rule.peer)
                where = zone or "no zone"
                kind = " (may remain next to the separate egress rules)" if (
                    rule.default == "disputed") else ""
                extra.append(f"{network.names.get(key, key)} [{where}] {rule.direction} "
                             f"{rule.label()} {'from' if rule.direction == 'ingress' else 'to'} "
                             f"{peer}: {rule.origin}{kind}")
    return extra


def check(network: Network, expectation: Expectation) -> Report:
    verdicts = [_verdict(flow, network, expectation) for flow in FLOWS]
    return Report(verdicts, _extra(network, expectation))


def check_rendering(deployment: Deployment, expectation: Expectation) -> Report:
    return check(network_of(deployment, expectation), expectation)
