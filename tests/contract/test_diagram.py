"""The architecture diagram: every flow of the contract is an edge with its ports, nothing else
is, the Mermaid text is sound (by our reading and by mermaid's own parser), each node sits in
the tier that deploys it, and the page holds the current diagram."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from contract import diagram
from contract.network import FLOWS
from contract.roles import ALL
from sizing import plan

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "architecture-diagram.md"
EDGE = re.compile(r'^\s*(\w+) -->\|"([^"]*)"\| (\w+)$')
NODE = re.compile(r'^\s*(\w+)(\[\(|\(\(|\(\[|\[)"([^"]*)"(\)\]|\)\)|\]\)|\])$')
SUBGRAPH = re.compile(r'^\s*subgraph (\w+)\["([^"]*)"\]$')
# Where each zone of the contract is drawn, written out (not read from diagram.NODE_OF).
DRAWN_AS = {"clients": "clients", "load_balancer": "lb", "database": "db", "file_system": "efs",
            "probe": "probe", "internet": "nat", "hosts": "hosts", "web": "web",
            "master": "master", "coreapp": "coreapp"}


def parsed(text: str) -> tuple[dict[str, str], dict[str, str], list[tuple[str, str, str]]]:
    """(nodes id -> label, subgraphs id -> title, edges) read line by line; any other line
    fails the test."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes: dict[str, str] = {}
    subgraphs: dict[str, str] = {}
    edges = []
    depth = 0
    for line in lines[1:]:
        if match := EDGE.match(line):
            edges.append((match[1], match[3], match[2]))
        elif match := NODE.match(line):
            assert match[1] not in nodes, f"node {match[1]} declared twice"
            nodes[match[1]] = match[3]
        elif match := SUBGRAPH.match(line):
            assert match[1] not in subgraphs, f"subgraph {match[1]} declared twice"
            subgraphs[match[1]] = match[2]
            depth += 1
        elif line.strip() == "end":
            depth -= 1
            assert depth >= 0, "end without subgraph"
        else:
            pytest.fail(f"unexpected line: {line!r}")
    assert depth == 0, "subgraph left open"
    return nodes, subgraphs, edges


@pytest.fixture(scope="module")
def graph():
    return parsed(diagram.mermaid(diagram.plan_counts(plan())))


def expected_pairs(flow) -> set[tuple[str, str]]:
    sources = {"hosts"} if set(flow.sources) == set(ALL) else {DRAWN_AS[s] for s in flow.sources}
    return {(source, DRAWN_AS[flow.target]) for source in sources}


def test_node_ids_are_unique_and_every_edge_joins_declared_ends(graph):
    nodes, subgraphs, edges = graph
    assert not set(nodes) & set(subgraphs)
    declared = set(nodes) | set(subgraphs)
    for source, target, _ in edges:
        assert {source, target} <= declared, (source, target)
    assert len({(s, t) for s, t, _ in edges}) == len(edges), "two edges for one pair"
    assert set(DRAWN_AS.values()) | {"internet"} <= declared


def test_every_flow_is_an_edge_labelled_with_its_ports(graph):
    _, _, edges = graph
    lines = {(s, t): label.split("<br/>") for s, t, label in edges}
    for flow in FLOWS:
        for pair in expected_pairs(flow):
            assert pair in lines, f"flow {flow.key}: no edge {pair}"
            line = next((x for x in lines[pair] if x.startswith(f"{flow.ports.label()}: ")), "")
            assert flow.key in line.split(": ", 1)[-1].split(", "), (flow.key, lines[pair])


def test_no_edge_or_label_is_typed_by_hand(graph):
    """Each edge is some flow's (or the NAT gateway's hop), and each key a label names is a
    flow with those ports between those ends."""
    _, _, edges = graph
    by_key = {f.key: f for f in FLOWS}
    outbound = [f for f in FLOWS if f.target == "internet"]
    for source, target, label in edges:
        for line in label.split("<br/>"):
            ports, keys = line.split(": ")
            for key in keys.split(", "):
                flow = by_key[key]
                assert flow.ports.label() == ports, line
                if (source, target) == ("nat", "internet"):
                    assert flow in outbound
                else:
                    assert (source, target) in expected_pairs(flow), (key, source, target)
    hop = next(label for s, t, label in edges if (s, t) == ("nat", "internet"))
    assert sorted(k for line in hop.split("<br/>") for k in line.split(": ")[1].split(", ")) \
        == sorted(f.key for f in outbound)
    pairs = {pair for flow in FLOWS for pair in expected_pairs(flow)} | {("nat", "internet")}
    assert {(s, t) for s, t, _ in edges} == pairs


@pytest.fixture(scope="module")
def mermaid_read():
    """mermaid's parser (pinned in package.json) on the diagram, and on the diagram with a
    dangling edge added: one node process for both."""
    drawn = diagram.mermaid(diagram.plan_counts(plan()))
    broken = drawn + '\n  lb -->|"tcp 443"|'
    out = subprocess.run(["node", str(Path(__file__).with_name("mermaid_parse.mjs"))],
                         input=json.dumps([drawn, broken]), capture_output=True,
                         text=True, cwd=ROOT, timeout=60, check=True)
    return json.loads(out.stdout)


def test_mermaids_own_parser_reads_the_same_graph(graph, mermaid_read):
    """Its vertices, edges and subgraphs are ours (a subgraph used as an edge's end is also
    a vertex to it)."""
    nodes, subgraphs, edges = graph
    read = mermaid_read[0]
    assert "error" not in read, read.get("error")
    assert read["diagramType"] == "flowchart-v2"
    assert {v: t for v, t in read["vertices"] if v not in subgraphs} == nodes
    assert [tuple(e) for e in read["edges"]] == edges
    assert {s: t for s, t, _ in read["subgraphs"]} == subgraphs
    members = {s: set(n) for s, _, n in read["subgraphs"]}
    assert members["hosts"] == set(ALL)
    for tier in diagram.TIERS:
        assert {n.id for n in tier.nodes} <= members[tier.id]


def test_mermaids_parser_rejects_a_broken_diagram(mermaid_read):
    """The parser run above is a real check: a dangling edge fails it."""
    assert mermaid_read[1]["error"].startswith("Parse error on line")


# What realizes each node in a synthesized app: a resource type (and a test of its properties).
REALIZED_BY = {
    "nat": ("AWS::EC2::NatGateway", None),
    "db": ("AWS::RDS::DBInstance", None),
    "settings": ("Custom::DbSettings", None),
    "lb": ("AWS::ElasticLoadBalancingV2::LoadBalancer", None),
    "efs": ("AWS::EFS::MountTarget", None),
    "probe": ("AWS::Lambda::Function", lambda p: "VpcConfig" in p),
}


def test_each_node_is_drawn_in_the_tier_that_deploys_it(synths):
    templates = synths["Default"].templates
    for tier in diagram.TIERS:
        resources = templates[tier.stack].to_json()["Resources"].values()
        for node in tier.nodes:
            kind, test = REALIZED_BY[node.id]
            found = [r for r in resources if r["Type"] == kind
                     and (test is None or test(r.get("Properties", {})))]
            assert found, f"{node.id}: no {kind} in the {tier.stack} tier"
    enterprise = templates["enterprise"].to_json()["Resources"].values()
    assert any(r["Type"] == "AWS::AutoScaling::AutoScalingGroup" for r in enterprise)


def test_the_page_holds_the_current_diagram():
    text = PAGE.read_text()
    begin, end = "<!-- BEGIN architecture-diagram -->\n", "\n<!-- END architecture-diagram -->"
    assert text.count(begin) == text.count(end) == 1
    assert text[text.index(begin) + len(begin):text.index(end)] == diagram.diagram_markdown(
        plan()), \
        "docs/architecture-diagram.md is stale: run `make docs`"


@pytest.mark.parametrize("args", [{}, {"rate_msg_s": 250, "shards": 32}, {"env": "staging"}])
def test_the_diagram_carries_the_plans_numbers(args):
    """Each sized node shows its count from the plan it is drawn for (the page: wa-size's
    default plan), read back from the drawn labels."""
    p = plan(**args)
    nodes, subgraphs, _ = parsed(diagram.mermaid(diagram.plan_counts(p)))
    assert nodes["web"].endswith(f"<br/>x{p.webapps}")
    assert nodes["master"].endswith(f"<br/>x{p.masters}")
    assert nodes["coreapp"].endswith(
        f"<br/>x{p.total_coreapps} ({p.shards} active + {p.spares} spare)")
    assert nodes["db"].endswith(f"<br/>{p.db_rds_class} x{p.db_instances}")
    assert nodes["nat"].endswith(f"<br/>x{p.az_count if p.env == 'production' else 1}")
    assert subgraphs["hosts"].endswith(
        f": {p.ec2_min}/{p.ec2_desired}/{p.ec2_max} x {p.host_type}")
    page = PAGE.read_text()
    if not args:
        assert f"x{p.total_coreapps} ({p.shards} active + {p.spares} spare)" in page
