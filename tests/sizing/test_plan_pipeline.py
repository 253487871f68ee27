"""plan() reads as its stages: a short function that calls one stage per step, each stage
short, in the order the rules apply."""

import ast
import importlib
import inspect

plan_module = importlib.import_module("sizing.plan")  # the package's `plan` is the function

TREE = ast.parse(inspect.getsource(plan_module))
FUNCTIONS = {node.name: node for node in TREE.body if isinstance(node, ast.FunctionDef)}


def _length(node: ast.FunctionDef) -> int:
    return node.end_lineno - node.lineno + 1


def _stages() -> list[str]:
    """The stage functions plan() calls, in the order it calls them."""
    calls = [node for node in ast.walk(FUNCTIONS["plan"]) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS]
    return [call.func.id for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset))]


def test_plan_is_short_and_names_its_stages_in_order():
    assert _length(FUNCTIONS["plan"]) < 40
    assert _stages() == ["_inputs", "_load", "_shards", "_containers", "_hosts", "_hosts_needed",
                         "_fleet", "_database", "_cost", "_warnings", "_plan_fields"]


def test_every_stage_is_under_sixty_lines():
    long = {name: _length(FUNCTIONS[name]) for name in _stages()
            if _length(FUNCTIONS[name]) >= 60}
    assert long == {}


def test_the_rules_come_in_the_order_the_stages_fix_them():
    keys = [rule.key for rule in plan_module.plan(100).rules]
    assert keys[:4] == ["rate_msg_s", "load_msg_s", "shards", "load_per_shard_msg_s"]
    assert keys.index("total_coreapps") < keys.index("host_type") < keys.index("hosts_needed") \
        < keys.index("ec2_cap") < keys.index("estimated_connections") \
        < keys.index("monthly_cost_usd") == len(keys) - 3
    assert len(keys) == len(set(keys))


def test_the_placement_search_is_computed_once_for_the_same_fleet():
    plan_module._placed_hosts.cache_clear()
    first = plan_module.plan(150, message_type="image", isolate_coreapps=True)
    assert plan_module._placed_hosts.cache_info().misses == 1
    again = plan_module.plan(150, message_type="image", isolate_coreapps=True, ssl=True)
    assert plan_module._placed_hosts.cache_info().hits == 1
    assert again.hosts_needed == first.hosts_needed
