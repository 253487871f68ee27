"""The shard change planner over every pair of shard options."""

import itertools

import pytest

from sizing import SizingError, data
from sizing.change import plan_change

COMMANDS = {"deploy_command": "deploy {shards} {rate}", "set_command": "set {shards}",
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


# Coreapps = shards + spares (one spare by default): 8 shards -> 9, 16 -> 17; with 3 spares
# 8 -> 11 and 16 -> 19.
@pytest.mark.parametrize(("old", "new", "spares", "expected"), [
    (8, 16, 3, [("deploy 16 200", 19, 8), ("wait", 19, 8), ("set 16 19", 19, 16)]),
    (16, 8, 3, [("set 8 19", 19, 8), ("deploy 8 100", 11, 8), ("wait", 11, 8)]),
    (8, 16, 1, [("deploy 16 200", 17, 8), ("wait", 17, 8), ("set 16 17", 17, 16)]),
    (16, 8, 1, [("set 8 17", 17, 8), ("deploy 8 100", 9, 8), ("wait", 9, 8)]),
])
def test_each_step_runs_its_command_with_the_coreapps_of_both_plans(old, new, spares, expected):
    """Both plans get the sizing inputs (spares here); the set command learns the Coreapps
    running when it is run; every wait step runs the wait command."""
    commands = {**COMMANDS, "set_command": "set {shards} {coreapps}"}
    change = plan_change(old, new, spares=spares, **commands)
    assert [(s.command, s.coreapps, s.shards) for s in change.steps] == expected


def test_only_a_shrink_has_downtime_in_its_deploy_step():
    assert [s.downtime for s in plan_change(8, 16, **COMMANDS).steps] == ["", "", "45-60 s"]
    assert [s.downtime for s in plan_change(16, 8, **COMMANDS).steps] == [
        "45-60 s", "up to ~35 s if a serving Coreapp stops", ""]


def test_a_given_rate_sizes_both_plans():
    change = plan_change(8, 16, rate_msg_s=120, **COMMANDS)
    assert (change.before.rate_msg_s, change.after.rate_msg_s) == (120, 120)
    default = plan_change(8, 16, **COMMANDS)  # 12.5 msg/s per shard when no rate is given
    assert (default.before.rate_msg_s, default.after.rate_msg_s) == (100, 200)


def test_the_running_inputs_size_the_plan_before_and_the_planned_ones_the_plan_after():
    """An input changed with the shards (a new rate): "before" is what runs now."""
    change = plan_change(8, 16, rate_msg_s=300, engine="postgres",
                         running={"rate_msg_s": 250, "engine": "postgres"}, **COMMANDS)
    assert (change.before.rate_msg_s, change.after.rate_msg_s) == (250, 300)
    assert change.before.engine == change.after.engine == "postgres"
    assert change.steps[0].command == "deploy 16 300"
    same = plan_change(8, 16, rate_msg_s=250, engine="postgres", **COMMANDS)
    assert (same.before.rate_msg_s, same.before.engine) == (250, "postgres")


def test_the_changes_name_each_figure_that_moves_and_only_those():
    assert plan_change(8, 16, **COMMANDS).changes[0] == "Coreapps: 9 -> 17"
    lines = plan_change(8, 16, **COMMANDS).changes
    assert "EC2 max: 5 -> 8" in lines and "DB class: db.m6g.2xlarge -> db.m6g.4xlarge" in lines
    assert [line.split(":")[0] for line in lines] == [
        "Coreapps", "EC2 desired", "EC2 max", "required DB connections", "DB class"]
    # one Coreapp per host: the host figures move with the Coreapps, and 32 shards need more
    # Webapps
    isolated = plan_change(1, 32, isolate_coreapps=True, **COMMANDS).changes
    assert [line.split(":")[0] for line in isolated] == [
        "Coreapps", "EC2 min", "EC2 desired", "EC2 max", "Webapps", "required DB connections",
        "DB class"]


def test_the_planner_refuses_steps_that_would_leave_fewer_coreapps_than_shards(monkeypatch):
    """The guard behind the ordering: were sizing ever to give fewer Coreapps than shards,
    no plan is printed."""
    import dataclasses

    import sizing.change

    real = sizing.change.plan

    def short_by_one(rate, shards, **inputs):
        sized = real(rate, shards, **inputs)
        return dataclasses.replace(sized, total_coreapps=shards - 1)

    monkeypatch.setattr(sizing.change, "plan", short_by_one)
    with pytest.raises(SizingError) as refused:
        plan_change(8, 16, **COMMANDS)
    assert str(refused.value) == ("step 'Set shards to 16 (every Coreapp restarts)' would leave "
                                  "Coreapps 15 < shards 16")
