"""Shard change planner: the ordered, safe steps between two shard counts.

Source: seed 000 "Configuration". Coreapps >= shards at every moment; increase = grow the
stack first, then set shards; decrease = set shards first, then shrink the stack. Setting
shards restarts every Coreapp (45-60 s of downtime); shrinking after a decrease may stop a
Coreapp that serves a shard (about 35 s more while a spare takes over).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sizing.errors import SizingError
from sizing.inputs import parse_shards
from sizing.plan import Plan, plan
from sizing.surfaces import as_option, renamed, value_text

SET_SHARDS_DOWNTIME_S = (45, 60)  # seed 000: "about 45 seconds to 1 minute"
SHRINK_EXTRA_DOWNTIME_S = 35  # seed 000/001: a shard fails over in about 35 s
# RDS applies a class change by restarting the instance; with Multi-AZ it fails over first.
DB_CLASS_CHANGE_DOWNTIME = {True: "about 1-2 minutes (Multi-AZ failover)",
                            False: "several minutes (Single-AZ restart)"}


@dataclass(frozen=True)
class Step:
    title: str
    command: str
    coreapps: int  # Coreapp tasks running once the step is done
    shards: int  # shard count set in the client once the step is done
    downtime: str = ""

    @property
    def invariant(self) -> str:
        return f"Coreapps {self.coreapps} >= shards {self.shards}"


@dataclass(frozen=True)
class ChangePlan:
    before: Plan
    after: Plan
    steps: tuple[Step, ...]
    downtime_s: tuple[int, int]
    changes: tuple[str, ...]
    maintenance: tuple[str, ...] = field(default=())

    @property
    def direction(self) -> str:
        return "increase" if self.after.shards > self.before.shards else "decrease"

    def to_dict(self) -> dict:
        return {
            "from_shards": self.before.shards,
            "to_shards": self.after.shards,
            "direction": self.direction,
            "downtime_s": {"min": self.downtime_s[0], "max": self.downtime_s[1]},
            "steps": [
                {"title": s.title, "command": s.command, "coreapps": s.coreapps,
                 "shards": s.shards, "invariant": s.invariant, "downtime": s.downtime}
                for s in self.steps
            ],
            "changes": list(self.changes),
            "maintenance": list(self.maintenance),
        }


def _differences(before: Plan, after: Plan) -> list[str]:
    fields = (
        ("total_coreapps", "Coreapps"), ("ec2_min", "EC2 min"),
        ("ec2_desired", "EC2 desired"), ("ec2_max", "EC2 max"), ("webapps", "Webapps"),
        ("required_connections", "required DB connections"), ("db_class", "DB class"),
    )
    return [
        f"{label}: {getattr(before, name)} -> {getattr(after, name)}"
        for name, label in fields
        if getattr(before, name) != getattr(after, name)
    ]


def plan_change(from_shards: object, to_shards: object, *, deploy_command: str,
                set_command: str, wait_command: str, running: dict | None = None,
                mute_command: str | None = None, check_command: str | None = None,
                **plan_inputs) -> ChangePlan:
    """Steps from one shard count to another. `deploy_command` is formatted with shards=N
    and rate=R (the rate the new plan sizes for);
    `set_command` with shards=N and coreapps=M (the Coreapps running when it is run);
    `wait_command` is printed as it is. `running`: the plan() keywords the cluster runs with
    now, when the change also changes one of them (default: `plan_inputs`, the same).
    `mute_command` (printed as it is) opens the change and `check_command` (formatted with
    shards=N) closes it: the alarms stay muted from the first deploy to the last check, since
    the plan's shard count and the client's differ in between."""
    old, new = parse_shards(from_shards), parse_shards(to_shards)
    if old == new:
        raise SizingError(f"shards {old} -> {new} changes nothing: allowed a different count")
    now = dict(plan_inputs if running is None else running)
    rate = plan_inputs.pop("rate_msg_s", None)
    # advice names the shards as this command takes them: --from and --to
    before = plan(now.pop("rate_msg_s", None), old, **now,
                  spelling=renamed(as_option, shards="--from"))
    after = plan(rate, new, **plan_inputs, spelling=renamed(as_option, shards="--to"))
    grow = new > old
    deploy = Step(
        f"{'Grow' if grow else 'Shrink'} the stack to {after.total_coreapps} Coreapps "
        f"(EC2 max {after.ec2_max})",
        # the rate exactly as planned: rounded, it could deploy a smaller DB class
        deploy_command.format(shards=new, rate=value_text(after.rate_msg_s)),
        coreapps=after.total_coreapps, shards=old if grow else new,
        downtime="" if grow else f"up to ~{SHRINK_EXTRA_DOWNTIME_S} s if a serving Coreapp stops",
    )
    wait = Step("Wait until the coreapp service is stable", wait_command,
                coreapps=after.total_coreapps if grow else before.total_coreapps,
                shards=old)
    running = after.total_coreapps if grow else before.total_coreapps  # when shards are set
    set_shards = Step(
        f"Set shards to {new} (every Coreapp restarts)",
        set_command.format(shards=new, coreapps=running),
        coreapps=running, shards=new,
        downtime=f"{SET_SHARDS_DOWNTIME_S[0]}-{SET_SHARDS_DOWNTIME_S[1]} s",
    )
    if grow:
        steps = (deploy, wait, set_shards)
    else:
        wait_after = Step("Wait until the coreapp service is stable", wait_command,
                          coreapps=after.total_coreapps, shards=new)
        steps = (set_shards, deploy, wait_after)
    if mute_command:
        steps = (Step("Mute the alarms for the whole change (the plan's and the client's shard "
                      "counts differ until the end)", mute_command,
                      coreapps=before.total_coreapps, shards=old), *steps)
    if check_command:
        steps = (*steps, Step(f"Check that {new} Coreapps connect, then notify again",
                              check_command.format(shards=new),
                              coreapps=after.total_coreapps, shards=new))
    for step in steps:  # the planner's own guard: never order steps below the shard count
        if step.coreapps < step.shards:
            broken = step.invariant.replace(">=", "<")
            raise SizingError(f"step {step.title!r} would leave {broken}")
    low, high = SET_SHARDS_DOWNTIME_S
    if not grow:
        high += SHRINK_EXTRA_DOWNTIME_S
    maintenance = []
    if before.db_class != after.db_class:
        maintenance.append(
            f"DB class {before.db_class} -> {after.db_class} is applied in the same deploy as a "
            f"maintenance event: downtime {DB_CLASS_CHANGE_DOWNTIME[after.db_multi_az]}. "
            "Run that deploy in a maintenance window."
        )
    return ChangePlan(before, after, steps, (low, high), tuple(_differences(before, after)),
                      tuple(maintenance))
