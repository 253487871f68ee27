"""The architecture as a Mermaid flowchart, drawn from the contract's flows.

Every edge is a flow of contract/network.py (or the NAT gateway's onward hop, labelled with
the ports of the flows that take it); nothing here names a port. What this module adds is
where each zone is drawn: which tier deploys it (tests/contract/test_diagram.py checks that
against a synthesized app) and its label. GitHub renders Mermaid in Markdown, so the page
needs no image.
"""

from __future__ import annotations

from dataclasses import dataclass

from contract.network import FLOWS, ZONES, Flow
from contract.roles import ALL, ROLES

# Roles and zones -> node ids. A role is a container on the hosts; "hosts" is their subgraph,
# and a flow from every role at once is drawn from it. The internet is reached through the
# NAT gateway (ZONES["internet"]): flows end there, and one edge goes on to the internet.
NODE_OF = {"clients": "clients", "load_balancer": "lb", "hosts": "hosts", "database": "db",
           "file_system": "efs", "probe": "probe", "internet": "nat",
           **{role: role for role in ROLES}}
INTERNET = "internet"


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    shape: str  # Mermaid's brackets around the label: "[]", "[()]", "(())", "([])"

    def line(self) -> str:
        half = len(self.shape) // 2
        return f'{self.id}{self.shape[:half]}"{self.label}"{self.shape[half:]}'


def _role_label(role: str) -> str:
    name = {"web": "Webapp", "master": "Master", "coreapp": "Coreapp"}[role]
    ports = ROLES[role].container_ports
    span = str(ports[0]) if len(ports) == 1 else f"{ports[0]}-{ports[-1]}"
    return f"{name}<br/>container port{'s' if len(ports) > 1 else ''} {span}"


CONTAINERS = tuple(Node(role, _role_label(role), "[]") for role in ALL)


@dataclass(frozen=True)
class Tier:
    id: str
    title: str
    stack: str  # the CDK stack (tests/support/synth.TIERS key) that deploys its nodes
    nodes: tuple[Node, ...]


TIERS: tuple[Tier, ...] = (
    Tier("network_tier", "Network tier: VPC over 2-4 AZs", "network",
         (Node("nat", "NAT gateway -> internet gateway", "[]"),)),
    Tier("database_tier", "Database tier", "database",
         (Node("db", "RDS database<br/>(or an existing one)", "[()]"),)),
    Tier("lambda_tier", "Lambda tier", "lambda",
         (Node("settings", "DB settings -> SSM parameters<br/>(custom resource, no VPC)",
               "[]"),)),
    Tier("enterprise_tier", "ECS on EC2 (enterprise tier)", "enterprise",
         (Node("lb", "Network load balancer", "([])"),
          Node("efs", "EFS file system<br/>/mnt/wa", "[()]"),
          Node("probe", "Health probe<br/>(Lambda in the private subnets)", "[]"))),
)
HOSTS_TITLE = "ECS hosts (EC2, bridge mode)"
OUTSIDE = (Node("clients", "API clients", "[]"), Node(INTERNET, "Internet", "(())"))


@dataclass(frozen=True)
class Edge:
    source: str  # node or subgraph id
    target: str
    flows: tuple[Flow, ...]

    def label(self) -> str:
        """One line per port range, with the flows that use it."""
        by_ports: dict[str, list[str]] = {}
        for flow in self.flows:
            by_ports.setdefault(flow.ports.label(), []).append(flow.key)
        return "<br/>".join(f"{ports}: {', '.join(keys)}" for ports, keys in by_ports.items())


def _ends(flow: Flow) -> list[tuple[str, str]]:
    sources = ["hosts"] if set(flow.sources) == set(ALL) else [NODE_OF[s] for s in flow.sources]
    return [(source, NODE_OF[flow.target]) for source in sources]


def edges() -> list[Edge]:
    """The flows, one edge per (source, target) pair in the order of FLOWS, then the NAT
    gateway's hop to the internet with every flow that goes there."""
    pairs: dict[tuple[str, str], list[Flow]] = {}
    for flow in FLOWS:
        for pair in _ends(flow):
            pairs.setdefault(pair, []).append(flow)
    found = [Edge(s, t, tuple(flows)) for (s, t), flows in pairs.items()]
    outbound = tuple(f for f in FLOWS if f.target == "internet")
    return [*found, Edge(NODE_OF["internet"], INTERNET, outbound)]


def plan_counts(plan) -> dict[str, str]:
    """What a plan (sizing.plan.Plan) puts behind each drawn node, by node id: the diagram
    carries the numbers of the plan it is drawn for."""
    nat = plan.az_count if plan.env == "production" else 1
    return {
        "web": f"x{plan.webapps}",
        "master": f"x{plan.masters}",
        "coreapp": f"x{plan.total_coreapps} ({plan.shards} active + {plan.spares} spare)",
        "hosts": f"{plan.ec2_min}/{plan.ec2_desired}/{plan.ec2_max} x {plan.host_type}",
        "db": f"{plan.db_rds_class} x{plan.db_instances}",
        "nat": f"x{nat}",
    }


def _counted(node: Node, counts: dict[str, str]) -> Node:
    extra = counts.get(node.id)
    return node if extra is None else Node(node.id, f"{node.label}<br/>{extra}", node.shape)


def mermaid(counts: dict[str, str] | None = None) -> str:
    """The flowchart's text: nodes by tier (subgraphs), then the edges. `counts`: a line
    added under a node's label, by node id ("hosts" for the hosts' box), see plan_counts."""
    counts = counts or {}
    hosts = HOSTS_TITLE + (f": {counts['hosts']}" if "hosts" in counts else "")
    lines = ["flowchart LR"]
    lines += [f"  {node.line()}" for node in OUTSIDE]
    for tier in TIERS:
        lines.append(f'  subgraph {tier.id}["{tier.title}"]')
        lines += [f"    {_counted(node, counts).line()}" for node in tier.nodes]
        if tier.stack == "enterprise":
            lines.append(f'    subgraph hosts["{hosts}"]')
            lines += [f"      {_counted(node, counts).line()}" for node in CONTAINERS]
            lines.append("    end")
        lines.append("  end")
    lines += [f'  {e.source} -->|"{e.label()}"| {e.target}' for e in edges()]
    return "\n".join(lines)


def diagram_markdown(plan) -> str:
    """docs/architecture-diagram.md's generated block: the flowchart with the plan's counts
    and, per edge, the flows it draws and why each exists."""
    rows = ["| from | to | ports | flow | why |", "|---|---|---|---|---|"]
    for edge in edges():
        if edge.target == INTERNET:  # the onward hop: every outbound flow, one row
            rows.append(f"| {edge.source} | {edge.target} | "
                        f"{', '.join(dict.fromkeys(f.ports.label() for f in edge.flows))} | "
                        f"{', '.join(f'`{f.key}`' for f in edge.flows)} | {ZONES[INTERNET]} |")
            continue
        rows += [f"| {edge.source} | {edge.target} | {flow.ports.label()} | `{flow.key}` | "
                 f"{flow.purpose} |" for flow in edge.flows]
    title = (f"Drawn for the plan of `wa-size` with no option: {plan.rate_msg_s:g} msg/s, "
             f"{plan.shards} shards, {plan.env}; EC2 hosts as min/desired/max.")
    return (title + "\n\n```mermaid\n" + mermaid(plan_counts(plan)) + "\n```\n\n"
            + "\n".join(rows))
