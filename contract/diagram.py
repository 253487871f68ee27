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


def mermaid() -> str:
    """The flowchart's text: nodes by tier (subgraphs), then the edges."""
    lines = ["flowchart LR"]
    lines += [f"  {node.line()}" for node in OUTSIDE]
    for tier in TIERS:
        lines.append(f'  subgraph {tier.id}["{tier.title}"]')
        lines += [f"    {node.line()}" for node in tier.nodes]
        if tier.stack == "enterprise":
            lines.append(f'    subgraph hosts["{HOSTS_TITLE}"]')
            lines += [f"      {node.line()}" for node in CONTAINERS]
            lines.append("    end")
        lines.append("  end")
    lines += [f'  {e.source} -->|"{e.label()}"| {e.target}' for e in edges()]
    return "\n".join(lines)


def diagram_markdown() -> str:
    """docs/architecture-diagram.md's generated block: the flowchart and, per edge, the flows
    it draws and why each exists."""
    rows = ["| from | to | ports | flow | why |", "|---|---|---|---|---|"]
    for edge in edges():
        if edge.target == INTERNET:  # the onward hop: every outbound flow, one row
            rows.append(f"| {edge.source} | {edge.target} | "
                        f"{', '.join(dict.fromkeys(f.ports.label() for f in edge.flows))} | "
                        f"{', '.join(f'`{f.key}`' for f in edge.flows)} | {ZONES[INTERNET]} |")
            continue
        rows += [f"| {edge.source} | {edge.target} | {flow.ports.label()} | `{flow.key}` | "
                 f"{flow.purpose} |" for flow in edge.flows]
    return "```mermaid\n" + mermaid() + "\n```\n\n" + "\n".join(rows)
