"""`wa-size --sweep FROM:TO[:STEP]`: the plan at each rate of a range, and where it steps.

Every row is plan() with the other options as given; a row is marked where the shards, the
hosts (min, desired, max), the host type, the DB class or so the monthly cost differ from the
row above (cost follows the hosts and the DB class, so its jumps land on those rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from cli.sweep_range import MAX_ROWS, Sweep
from sizing import Plan, SizingError, plan, surfaces
from sizing.cost import dates as cost_dates

# The row above -> this row: what a step is made of (label, Plan attribute).
WATCHED = (("shards", "shards"), ("EC2 min", "ec2_min"), ("hosts", "ec2_desired"),
           ("EC2 max", "ec2_max"), ("host type", "host_type"), ("DB", "db_class"))


@dataclass(frozen=True)
class Row:
    plan: Plan
    steps: tuple[str, ...]  # what changed from the row above; empty on the first row


def _steps(before: Plan | None, after: Plan) -> tuple[str, ...]:
    if before is None:
        return ()
    found = [f"{label} {getattr(before, key)} -> {getattr(after, key)}"
             for label, key in WATCHED if getattr(before, key) != getattr(after, key)]
    was, now = before.monthly_cost_usd, after.monthly_cost_usd
    if was != now:
        found.append("cost " + ("unknown" if None in (was, now) else
                                f"{'+' if now > was else '-'}${abs(now - was):,.2f}"))
    return tuple(found)


def rows(sweep: Sweep, shards: int | None, inputs: dict) -> list[Row]:
    """plan() at each rate with the same other inputs."""
    found: list[Row] = []
    for rate in sweep.rates():
        try:
            planned = plan(rate, shards, **inputs, spelling=surfaces.as_option)
        except SizingError as error:
            raise SizingError(f"sweep at {rate:g} msg/s: {error}") from None
        found.append(Row(planned, _steps(found[-1].plan if found else None, planned)))
    return found


def _row_dict(row: Row) -> dict:
    p = row.plan
    return {"rate_msg_s": p.rate_msg_s, "load_msg_s": p.load_msg_s, "shards": p.shards,
            "ec2_min": p.ec2_min, "ec2_desired": p.ec2_desired, "ec2_max": p.ec2_max,
            "host_type": p.host_type, "db_class": p.db_class,
            "monthly_cost_usd": p.monthly_cost_usd, "steps": list(row.steps),
            "warnings": list(p.warnings)}


def as_dict(sweep: Sweep, found: list[Row]) -> dict:
    inputs = found[0].plan.to_dict()["inputs"]
    inputs.pop("rate_msg_s")
    return {"sweep": {"from_msg_s": sweep.start_msg_s, "to_msg_s": sweep.stop_msg_s,
                      "step_msg_s": sweep.step_msg_s, "max_rows": MAX_ROWS},
            "inputs": inputs, "price_date": found[0].plan.price_date,
            "prices_read": cost_dates(),
            "rows": [_row_dict(row) for row in found]}


def _money(value: float | None) -> str:
    return "no price" if value is None else f"${value:,.2f}"


def describe(sweep: Sweep, first: Plan) -> str:
    """The sweep and the inputs every row shares, in one line."""
    return (f"{sweep.start_msg_s:g} to {sweep.stop_msg_s:g} msg/s, step {sweep.step_msg_s:g}: "
            f"{first.message_type}, {first.env}, {first.engine}, "
            f"SSL {'on' if first.ssl else 'off'}")


def render(sweep: Sweep, found: list[Row]) -> str:
    header = ("", "rate msg/s", "shards", "EC2 min/desired/max", "host type", "DB class",
              "monthly cost", "step from the row above")
    table = [header] + [
        ("*" if row.steps else "", f"{row.plan.rate_msg_s:g}", str(row.plan.shards),
         f"{row.plan.ec2_min} / {row.plan.ec2_desired} / {row.plan.ec2_max}",
         row.plan.host_type, row.plan.db_class, _money(row.plan.monthly_cost_usd),
         "; ".join(row.steps))
        for row in found]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    right = {1, 2, 6}  # numbers line up on the right
    lines = [f"Sweep {describe(sweep, found[0].plan)} (prices read {cost_dates()}; "
             "* marks a step)"]
    for cells in table:
        lines.append("  ".join(c.rjust(w) if i in right else c.ljust(w)
                               for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
                     .rstrip())
    return "\n".join(lines)


def warning_summary(found: list[Row]) -> str | None:
    """One stderr line for all rows (each row's warnings are in --json)."""
    warned = [row for row in found if row.plan.warnings]
    if not warned:
        return None
    first = warned[0].plan
    return (f"{len(warned)} of {len(found)} rows carry warnings (--json lists them); the first, "
            f"at {first.rate_msg_s:g} msg/s: {first.warnings[0]}")
