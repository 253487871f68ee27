"""The import graph of the project's own modules: no cycle, and each layer imports only what is
below it (issue 24). Every import counts, a function's own too: a lazy import is still a
dependency, and a cycle hidden in a function is still a cycle."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
RENDERERS_AND_ABOVE = ("stacks", "templates", "cdk", "gates", "deploy", "cli")
# package -> the project packages it must not import, and why
FORBIDDEN: dict[str, tuple[tuple[str, ...], str]] = {
    "templates": (("stacks",), "the plain renderer knows no CDK renderer (shared choices: "
                  "contract/)"),
    "stacks": (("templates",), "the CDK renderer knows no plain renderer (shared choices: "
               "contract/)"),
    "sizing": ((*RENDERERS_AND_ABOVE, "monitoring", "tools"),
               "the planner is below every renderer, gate and CLI"),
    "contract": ((*RENDERERS_AND_ABOVE, "monitoring", "tools"),
                 "the contract is below every renderer, gate and CLI"),
}
ISOLATED = "wa_api"  # the Webapp client and the probe's bundle: the standard library only


class Import(NamedTuple):
    source: str  # the importing module
    target: str  # the project module imported
    where: str  # path:line

    def __str__(self) -> str:
        return f"{self.where} ({self.source} imports {self.target})"


def project_modules(root: Path) -> dict[str, Path]:
    """Every module of the project's packages (the folders with an __init__.py, not tests)."""
    modules = {}
    for package in sorted(p.parent for p in root.glob("*/__init__.py")):
        if package.name == "tests":
            continue
        for path in package.rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _named(module: str, modules: dict[str, Path]) -> str | None:
    """The project module a dotted name belongs to (the longest known prefix), or None."""
    while module and module not in modules:
        module = module.rpartition(".")[0]
    return module or None


def imports(root: Path) -> list[Import]:
    modules = project_modules(root)
    found = []
    for source, path in modules.items():
        package = source if path.name == "__init__.py" else source.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                # `from sizing import data` imports the module sizing.data
                names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                         for alias in node.names]
            else:
                continue
            where = f"{path.relative_to(root)}:{node.lineno}"
            for name in names:
                target = _named(name, modules)
                if target is not None and target != source:
                    found.append(Import(source, target, where))
    return list(dict.fromkeys(found))  # `from x import (a, b)`: one import of x.py


def cycles(edges: list[Import], key=lambda module: module) -> list[list[Import]]:
    """One cycle (its imports, in order) per strongly connected group of `key(module)`s."""
    graph: dict[str, dict[str, Import]] = {}
    for edge in edges:
        a, b = key(edge.source), key(edge.target)
        if a != b:
            graph.setdefault(a, {}).setdefault(b, edge)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_loop(graph, group) for group in groups]


def _loop(graph: dict[str, dict[str, Import]], group: set[str]) -> list[Import]:
    """The shortest path inside the group from its first member back to itself."""
    start = min(group)
    came: dict[str, tuple[str, Import]] = {}  # node -> (the node before it, the import)
    frontier = [start]
    while start not in came:
        following = []
        for node in frontier:
            for nxt, edge in sorted(graph.get(node, {}).items()):
                if nxt in group and nxt not in came:
                    came[nxt] = (node, edge)
                    following.append(nxt)
        frontier = following
    path, node = [], start
    while not path or node != start:
        node, edge = came[node]
        path.append(edge)
    return path[::-1]


def _package(module: str) -> str:
    return module.split(".")[0]


def broken_layers(edges: list[Import]) -> list[str]:
    found = []
    for edge in edges:
        source, target = _package(edge.source), _package(edge.target)
        banned, why = FORBIDDEN.get(source, ((), ""))
        if target in banned:
            found.append(f"{edge}: {why}")
        if source == ISOLATED and target != source:
            found.append(f"{edge}: {ISOLATED} imports no other part of the project")
    return found


def reached_through(edges: list[Import]) -> list[str]:
    """A forbidden package reached through others (templates -> cdk -> stacks): the first
    path of imports found, one line per package and forbidden target."""
    out: dict[str, dict[str, Import]] = {}
    for edge in edges:
        source, target = _package(edge.source), _package(edge.target)
        if source != target:
            out.setdefault(source, {}).setdefault(target, edge)
    found = []
    for package, (banned, why) in FORBIDDEN.items():
        paths, todo = {package: []}, [package]
        while todo:
            here = todo.pop(0)
            for there, edge in out.get(here, {}).items():
                if there not in paths:
                    paths[there] = [*paths[here], edge]
                    todo.append(there)
        for target in banned:
            if len(paths.get(target, [])) > 1:  # a direct import is broken_layers' to name
                found.append(f"{_shown(paths[target])}: {why}")
    return found


def _shown(loop: list[Import]) -> str:
    return " -> ".join(str(edge) for edge in loop)


@pytest.fixture(scope="module")
def edges() -> list[Import]:
    return imports(ROOT)


def test_no_module_imports_itself_back(edges):
    found = [_shown(loop) for loop in cycles(edges)]
    assert not found, "import cycles:\n" + "\n".join(found)


def test_the_packages_import_one_way(edges):
    """A package that imports another is never imported by it, not even through a third."""
    found = [_shown(loop) for loop in cycles(edges, key=_package)]
    assert not found, "package cycles:\n" + "\n".join(found)


def test_each_layer_imports_only_what_is_below_it(edges):
    found = broken_layers(edges) + reached_through(edges)
    assert not found, "imports across layers:\n" + "\n".join(found)


def test_rendering_the_plain_templates_loads_no_cdk_renderer():
    """Loaded modules, not only import statements: find_spec or a path trick would show here."""
    import subprocess
    import sys

    script = ("import sys, templates.render; templates.render.render_all(); "
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'stacks', 'cdk', "
              "'aws_cdk', 'gates', 'deploy'}))")
    shown = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                           text=True, check=True, timeout=120).stdout.strip()
    assert shown == "[]"


def test_the_graph_holds_the_imports_it_checks(edges):
    """The walk sees lazy and relative imports and names modules, not packages."""
    seen = {(edge.source, edge.target) for edge in edges}
    assert ("cdk.app", "gates.renderings") in seen  # inside prove_contract
    assert ("templates.enterprise_rules", "contract.database_storage") in seen
    assert ("cli.size", "sizing.deploy_lines") in seen  # `from sizing import deploy_lines`
    assert ("probe.handler", "wa_api.client") in seen


# --- the checks can fail ------------------------------------------------------------------------

def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_a_cycle_is_named_with_each_import(tmp_path):
    root = _tree(tmp_path, {
        "templates/__init__.py": "", "tests/__init__.py": "from templates import a\n",
        "templates/a.py": "from templates import b\n",
        "templates/b.py": "def late():\n    from . import a\n",
    })
    [loop] = cycles(imports(root))
    assert _shown(loop) == ("templates/a.py:1 (templates.a imports templates.b) -> "
                            "templates/b.py:2 (templates.b imports templates.a)")


def test_a_package_cycle_through_a_third_is_named(tmp_path):
    root = _tree(tmp_path, {
        "cdk/__init__.py": "", "cdk/app.py": "import gates.check\n",
        "gates/__init__.py": "", "gates/check.py": "from cli import lint\n",
        "cli/__init__.py": "", "cli/lint.py": "from cdk.app import build\n",
    })
    [loop] = cycles(imports(root), key=_package)
    assert [edge.where for edge in loop] == ["cdk/app.py:1", "gates/check.py:1", "cli/lint.py:1"]


@pytest.mark.parametrize(("path", "source", "named"), [
    ("templates/x.py", "from stacks.choices import A\n", "templates/x.py:1 (templates.x imports "
     "stacks.choices): the plain renderer knows no CDK renderer"),
    ("stacks/x.py", "import templates.common\n", "stacks/x.py:1 (stacks.x imports "
     "templates.common): the CDK renderer"),
    ("sizing/x.py", "def f():\n    from cli import size\n", "sizing/x.py:2 (sizing.x imports "
     "cli.size): the planner is below"),
    ("contract/x.py", "from gates import flows\n", "contract/x.py:1 (contract.x imports "
     "gates.flows)"),
    ("wa_api/x.py", "from sizing import inputs\n", "wa_api/x.py:1 (wa_api.x imports "
     "sizing.inputs): wa_api imports no other part of the project"),
])
def test_an_import_across_layers_is_named(tmp_path, path, source, named):
    packages = ("templates", "stacks", "sizing", "contract", "wa_api", "cli", "gates")
    root = _tree(tmp_path, {**{f"{p}/__init__.py": "" for p in packages},
                            "stacks/choices.py": "", "templates/common.py": "",
                            "cli/size.py": "", "gates/flows.py": "", "sizing/inputs.py": "",
                            path: source})
    found = broken_layers(imports(root))
    assert len(found) == 1 and found[0].startswith(named), found


def test_a_forbidden_package_reached_through_another_is_named(tmp_path):
    root = _tree(tmp_path, {
        "templates/__init__.py": "", "templates/x.py": "from cdk import app\n",
        "cdk/__init__.py": "", "cdk/app.py": "from stacks import network\n",
        "stacks/__init__.py": "", "stacks/network.py": "",
    })
    edges = imports(root)
    assert broken_layers(edges) == []
    assert reached_through(edges) == [
        "templates/x.py:1 (templates.x imports cdk.app) -> cdk/app.py:1 (cdk.app imports "
        "stacks.network): the plain renderer knows no CDK renderer (shared choices: contract/)"]


def test_imports_within_a_layer_and_downwards_pass(tmp_path):
    root = _tree(tmp_path, {
        "sizing/__init__.py": "", "sizing/data.py": "import json\n",
        "contract/__init__.py": "", "contract/x.py": "from sizing import data\n",
        "templates/__init__.py": "",
        "templates/y.py": "from contract import x\nimport troposphere\n",
        "wa_api/__init__.py": "from wa_api.errors import E\n", "wa_api/errors.py": "E = 1\n",
    })
    edges = imports(root)
    assert not broken_layers(edges) and not cycles(edges) and not cycles(edges, key=_package)
    assert not reached_through(edges)
    assert len(edges) == 3  # the standard library and troposphere are not the project
