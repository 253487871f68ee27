"""`wa-size --sweep FROM:TO[:STEP]`: the plan at each rate of a range, and where it steps.

Every row is plan() with the other options as given; a row is marked where the shards, the
hosts (min, desired, max), the host type, the DB class or so the monthly cost differ from the
row above (cost follows the hosts and the DB class, so its jumps land on those rows).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sizing import Plan, SizingError, plan, surfaces
from sizing.cost import dates as cost_dates
from sizing.inputs import TOP_RATE_MSG_S, parse_float, parse_rate, shown

# Ours: 200 plans take well under a second, and more rows than that are a slip of the
# keyboard (a step of 1 over the whole range makes 400); a larger STEP covers any range.
MAX_ROWS = 200
DEFAULT_STEP_MSG_S = 10.0
FORMAT = "FROM:TO[:STEP]"
STEP_RANGE = f"0 < STEP <= {TOP_RATE_MSG_S:g} msg/s"
# The row above -> this row: what a step is made of (label, Plan attribute).
WATCHED = (("shards", "shards"), ("EC2 min", "ec2_min"), ("hosts", "ec2_desired"),
           ("EC2 max", "ec2_max"), ("host type", "host_type"), ("DB", "db_class"))


@dataclass(frozen=True)
class Sweep:
    start_msg_s: float
    stop_msg_s: float
    step_msg_s: float

    def rates(self) -> list[float]:
        """FROM, FROM + STEP, ... up to TO; TO itself is the last row when a step misses it."""
        count = math.floor((self.stop_msg_s - self.start_msg_s) / self.step_msg_s + 1e-9) + 1
        rates = [round(self.start_msg_s + i * self.step_msg_s, 9) for i in range(count)]
        if rates[-1] < self.stop_msg_s - 1e-9:
            rates.append(self.stop_msg_s)
        return rates


def parse_sweep(text: object) -> Sweep:
    """FROM:TO[:STEP] in msg/s; one-line SizingError naming the value and what is allowed."""
    parts = text.split(":") if isinstance(text, str) else []
    if len(parts) not in (2, 3):
        raise SizingError(f"sweep {shown(text)} is not {FORMAT}: allowed rates in msg/s, "
                          "e.g. 50:400 or 50:400:25")
    ends = []
    for name, part in zip(("FROM", "TO"), parts, strict=False):
        try:
            ends.append(parse_rate(part))
        except SizingError as error:
            raise SizingError(f"sweep {name}: {error}") from None
    start, stop = ends
    if start > stop:
        raise SizingError(f"sweep {shown(text)}: FROM {start:g} is above TO {stop:g}: allowed "
                          "FROM <= TO")
    step = DEFAULT_STEP_MSG_S
    if len(parts) == 3:
        try:
            step = parse_float("sweep STEP", parts[2], -math.inf, math.inf)
        except SizingError:
            raise SizingError(f"sweep STEP {shown(parts[2])} is not a number: allowed "
                              f"{STEP_RANGE}") from None
        if not 0 < step <= TOP_RATE_MSG_S:
            raise SizingError(f"sweep STEP {parts[2].strip()} is out of range: allowed "
                              f"{STEP_RANGE}")
    rows = (stop - start) / step + 1  # inf for a step as small as 5e-324
    if rows > MAX_ROWS + 1 or len(Sweep(start, stop, step).rates()) > MAX_ROWS:
        made = f"{math.ceil(rows)}" if rows < 1e6 else "over a million"
        raise SizingError(f"sweep {shown(text)} makes {made} rows: allowed at most "
                          f"{MAX_ROWS} (MAX_ROWS; give a larger STEP)")
    return Sweep(start, stop, step)


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
