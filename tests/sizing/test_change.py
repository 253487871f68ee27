"""The shard change planner over every pair of shard options."""

import itertools

import pytest

from sizing import SizingError, data
from sizing.change import plan_change

COMMANDS = {"deploy_command": "deploy {shards} {rate:g}", "set_command": "set {shards}",
            "wait_command": "wait"}
PAIRS = [(a, b) for a, b in itertools.permutations(data.SHARD_OPTIONS, 2)]


@pytest.mark.parametrize(("old", "new"), PAIRS)
@pytest.mark.parametrize("spares", [0, 1, 3])
def test_coreapps_never_fall_below_the_shards_set(old, new, spares):
    change = plan_change(old, new, spares=spares, **COMMANDS)
    assert all(step.coreapps >= step.shards for step in change.steps)
    assert change.steps[-1].shards == new
    assert change.steps[-1].coreapps == change.after.total_coreapps


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_increase_deploys_first_and_decrease_sets_first(old, new):
    commands = [step.command for step in plan_change(old, new, **COMMANDS).steps]
    if new > old:
        assert commands[0].startswith(f"deploy {new}") and commands[2] == f"set {new}"
    else:
        assert commands[0] == f"set {new}" and commands[1].startswith(f"deploy {new}")


def test_downtime_adds_the_shrink_failover_on_decrease():
    assert plan_change(8, 16, **COMMANDS).downtime_s == (45, 60)
    assert plan_change(16, 8, **COMMANDS).downtime_s == (45, 95)


def test_the_deploy_pins_the_rate_the_new_plan_uses():
    assert plan_change(8, 16, **COMMANDS).steps[0].command == "deploy 16 200"
    assert plan_change(8, 16, rate_msg_s=120, **COMMANDS).steps[0].command == "deploy 16 120"


def test_same_count_and_bad_options_are_refused():
    with pytest.raises(SizingError, match="changes nothing"):
        plan_change(4, 4, **COMMANDS)
    with pytest.raises(SizingError, match="shards 3 is not an option"):
        plan_change(3, 4, **COMMANDS)
