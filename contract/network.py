"""Who must reach whom, and the security-group rules that allow exactly that.

Flows are stated between roles and zones, as the client needs them; GROUP_RULES is their
realization in security groups, which see hosts, not containers: every node-to-node flow
becomes one rule among the hosts on the containers' host-port range. The checker in
gates/flows.py proves both on a rendered template and on the rehearsal's deployed state.
"""

from __future__ import annotations

from dataclasses import dataclass

from contract.roles import ALL, API_PORT, HOST_PORT_RANGE, ROLES

ZONES: dict[str, str] = {
    "clients": "API clients: the api_cidrs, or the VPC's own CIDR for an internal load balancer",
    "load_balancer": "the network load balancer's security group",
    "hosts": "the ECS hosts' security group; every container listens on a host port there",
    "database": "the database's security group (an existing database keeps its own)",
    "file_system": "the EFS mount targets' security group",
    "probe": "the health probe function's security group (its network interfaces in the "
    "private subnets)",
    "internet": "anywhere outside the VPC: private subnets -> NAT gateway -> internet gateway",
    "nat": "the NAT gateways' public addresses (each as a /32): where traffic from the private "
    "subnets to an internet-facing load balancer comes from",
}


@dataclass(frozen=True)
class Ports:
    protocol: str  # "tcp", or "-1" for every protocol (CloudFormation's spelling)
    low: int | str  # a str names a deployment input ("db_port")
    high: int | str

    def label(self) -> str:
        if self.protocol == "-1":
            return "all traffic"
        span = str(self.low) if self.low == self.high else f"{self.low}-{self.high}"
        return f"{self.protocol} {span}"

    def span(self, db_port: int | None = None) -> tuple[int, int]:
        """The port range with the deployment's database port put in."""
        low, high = (db_port if p == "db_port" else p for p in (self.low, self.high))
        return low, high


API = Ports("tcp", API_PORT, API_PORT)
HOST_PORTS = Ports("tcp", *HOST_PORT_RANGE)
DB_PORT = Ports("tcp", "db_port", "db_port")
NFS = Ports("tcp", 2049, 2049)
HTTPS = Ports("tcp", 443, 443)
WHATSAPP_CHAT = Ports("tcp", 5222, 5222)
ALL_TRAFFIC = Ports("-1", 0, 65535)


def zone_of(end: str) -> str:
    """Roles live on the hosts (bridge mode: a container is reached at its host's address)."""
    return "hosts" if end in ROLES else end


@dataclass(frozen=True)
class Flow:
    key: str
    sources: tuple[str, ...]  # roles or zones
    target: str  # a role or a zone
    ports: Ports
    purpose: str
    source: str  # where the need is documented

    @property
    def source_zone(self) -> str:
        zones = {zone_of(s) for s in self.sources}
        assert len(zones) == 1, self.key
        return zones.pop()

    @property
    def target_zone(self) -> str:
        return zone_of(self.target)


FLOWS: tuple[Flow, ...] = (
    Flow("api", ("clients",), "load_balancer", API, "API requests (HTTPS, TCP pass-through)",
         "seed 003: Webapps behind a load balancer"),
    Flow("lb-web", ("load_balancer",), "web", HOST_PORTS,
         "API requests and HTTPS health checks to each Webapp's host port",
         "bridge mode with dynamic host ports (vendor templates)"),
    Flow("web-coreapp", ("web",), "coreapp", HOST_PORTS,
         "API requests routed to the Coreapp that owns the shard", "seeds 001/002"),
    Flow("web-master", ("web",), "master", HOST_PORTS,
         "requests the primary Master serves: registration, settings", "seed 002"),
    Flow("master-coreapp", ("master",), "coreapp", HOST_PORTS,
         "heartbeats every 5 s, promotion of a spare on failover", "seed 002"),
    Flow("coreapp-master", ("coreapp",), "master", HOST_PORTS,
         "the Coreapp side of the Master <-> Coreapp link", "seed 002"),
    Flow("master-web", ("master",), "web", HOST_PORTS,
         "configuration changes broadcast to every node (Webapps register an address for it)",
         "seed 002; WEBAPP_HOSTNAME in the vendor's compose files"),
    Flow("database", ALL, "database", DB_PORT,
         "shard map, liveness, configuration, messages", "seeds 002/003"),
    Flow("file-system", ("hosts",), "file_system", NFS,
         "the hosts mount EFS at /mnt/wa; containers bind-mount its folders",
         "seed 003: a shared file system for media"),
    Flow("whatsapp-chat", ("coreapp", "master"), "internet", WHATSAPP_CHAT,
         "the long-lived connection to WhatsApp (the primary Master connects too)",
         "vendor network requirements; seed 003"),
    Flow("whatsapp-https", ("coreapp", "master"), "internet", HTTPS,
         "WhatsApp on 443: fallback, registration, media", "vendor network requirements"),
    Flow("registry", ("hosts",), "internet", HTTPS,
         "image pulls from the registry; OS packages", "vendor templates"),
    Flow("aws-apis", ("hosts",), "internet", HTTPS,
         "ECS, SSM, CloudWatch Logs, Secrets Manager, KMS, EFS mount helper, the RDS CA bundle",
         "ECS agent and SSM agent requirements"),
    Flow("probe-api", ("probe",), "load_balancer", API,
         "the health probe reads /v1/health, /metrics and /v1/stats through the load balancer: "
         "in the VPC when it is internal, from the NAT gateways' addresses when it is "
         "internet-facing", "vendor v3 monitoring stack (Prometheus reads the Webapp)"),
    Flow("probe-aws-apis", ("probe",), "internet", HTTPS,
         "the probe reads its credentials (Secrets Manager) and publishes metrics (CloudWatch)",
         "Lambda in a VPC reaches AWS APIs through the NAT gateway"),
    Flow("webhooks", ALL, "internet", ALL_TRAFFIC,
         "the business's webhook URL and media links, on whatever port they name",
         "vendor network requirements: allow all outgoing traffic"),
)


@dataclass(frozen=True)
class GroupRule:
    group: str  # the zone whose security group holds the rule
    direction: str  # "ingress" | "egress"
    peer: str  # a zone
    ports: Ports
    description: str  # the rule's description in EC2 (letters, digits, spaces only)
    reason: str


GROUP_RULES: tuple[GroupRule, ...] = (
    GroupRule("load_balancer", "ingress", "clients", API, "API clients",
              "API clients, port 443 only"),
    GroupRule("load_balancer", "ingress", "nat", API, "health probe through NAT",
              "an internet-facing load balancer sees the probe at the NAT gateways' public "
              "addresses: each one, as a /32, on 443 only (an internal one admits the VPC)"),
    GroupRule("load_balancer", "egress", "hosts", HOST_PORTS, "to the Webapp containers",
              "to the Webapps' host ports, health checks included"),
    GroupRule("hosts", "ingress", "load_balancer", HOST_PORTS,
              "load balancer to the Webapp containers",
              "the load balancer reaches each Webapp on its dynamic host port"),
    GroupRule("hosts", "ingress", "hosts", HOST_PORTS, "nodes to the containers of other hosts",
              "east-west: nodes reach each other's containers on the host-port range, TCP "
              "only (both vendor templates open every protocol)"),
    GroupRule("hosts", "egress", "internet", ALL_TRAFFIC, "WhatsApp, registry, AWS APIs, webhooks",
              "WhatsApp on 5222/443, the registry, AWS APIs, webhooks and media links on any "
              "port, DNS servers of an existing VPC: the vendor asks for all outgoing traffic"),
    GroupRule("database", "ingress", "hosts", DB_PORT, "ECS hosts to the database",
              "every node uses the database"),
    GroupRule("file_system", "ingress", "hosts", NFS, "ECS hosts mount EFS",
              "the hosts mount EFS"),
    GroupRule("probe", "egress", "internet", HTTPS, "API and AWS APIs on 443",
              "HTTPS only: the internal load balancer lies in the VPC, AWS APIs behind the NAT "
              "gateway; nothing may reach the probe"),
)
# Security groups reach nothing unless a rule above says so: these hold no egress at all.
GROUP_ZONES = ("load_balancer", "hosts", "database", "file_system", "probe")


def rules_of(group: str, direction: str) -> tuple[GroupRule, ...]:
    return tuple(r for r in GROUP_RULES if r.group == group and r.direction == direction)
