"""`wa-size --sweep FROM:TO[:STEP] --svg FILE`: monthly cost and hosts against the rate.

Cost (left axis) and hosts at the desired count (right axis; the maximum dashed) are drawn as
steps between the swept rates; each row where the plan steps gets a numbered marker and a line
below the chart saying what changed. Every value comes from the rows (cli/sweep.py); dots and
step lines carry data-rate so a test can compare them with `--sweep --json`.
"""

from __future__ import annotations

import math

from cli import svg
from cli.sweep import Row, Sweep, describe
from sizing.cost import dates as cost_dates

WIDTH = 900
LEFT, RIGHT = 80, 70  # room for the axes' labels
TOP, PLOT_HEIGHT = 84, 300
TICKS = 5
STEP_LINE = 16  # height of one line of the list of steps


def _nice_top(value: float) -> float:
    """The axis' top: 1, 2, 2.5 or 5 times a power of ten, at or above value."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value)


def _ticks(low: float, high: float) -> list[float]:
    """Round rates between low and high for the x axis: a step of 1, 2, 2.5 or 5 times a power
    of ten, at most TICKS + 3 of them; low and high themselves when nothing rounder fits."""
    span = high - low
    if span <= 0:
        return [low]
    step = _nice_top(span / (TICKS + 2))
    first = math.ceil(low / step - 1e-9) * step
    return [round(first + k * step, 9) for k in range(int((high - first) / step + 1e-9) + 1)]


def _steps_line(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A value holds from its rate to the next rate: horizontal, then vertical."""
    out: list[tuple[float, float]] = []
    for i, (x, y) in enumerate(points):
        if i:
            out.append((x, out[-1][1]))
        out.append((x, y))
    return out


def _legend(y: float, price_date: str) -> list[str]:
    parts, x = [], LEFT
    for colour, dashes, label in (
            (svg.COST_COLOUR, None, f"monthly cost (left axis; list prices read {price_date})"),
            (svg.HOSTS_COLOUR, None, "EC2 hosts, desired (right axis)"),
            (svg.HOSTS_COLOUR, "5,3", "EC2 hosts, max")):
        parts.append(svg.line(x, y - 4, x + 22, y - 4, stroke=colour, stroke_width=2,
                              stroke_dasharray=dashes))
        parts.append(svg.text(x + 28, y, label, 11))
        x += 40 + 6.5 * len(label)
    parts.append(svg.text(LEFT, y + 16, "Dashed grey lines: the rows where the plan steps "
                          "(numbered as in the list below the chart).", 11, fill=svg.MUTED))
    return parts


def render(sweep: Sweep, found: list[Row]) -> str:
    plans = [row.plan for row in found]
    marked = [row for row in found if row.steps]
    height = TOP + PLOT_HEIGHT + 80 + STEP_LINE * max(len(marked), 1)
    right_edge, bottom = WIDTH - RIGHT, TOP + PLOT_HEIGHT
    low, high = sweep.start_msg_s, sweep.stop_msg_s
    span = (high - low) or 1.0

    def x_of(rate: float) -> float:
        return LEFT + (rate - low) / span * (right_edge - LEFT)

    costs = [p.monthly_cost_usd for p in plans if p.monthly_cost_usd is not None]
    cost_top = _nice_top(max(costs, default=0))
    hosts_top = max(p.ec2_max for p in plans)
    hosts_top = hosts_top + (-hosts_top % TICKS)  # ticks on whole hosts

    def y_cost(value: float) -> float:
        return bottom - value / cost_top * PLOT_HEIGHT

    def y_hosts(value: float) -> float:
        return bottom - value / hosts_top * PLOT_HEIGHT

    title = f"wa-size sweep {describe(sweep, plans[0])}"
    parts = [svg.text(LEFT, 26, title, 15, font_weight="bold", class_="title"),
             *_legend(46, cost_dates())]
    for k in range(TICKS + 1):
        y = bottom - k * PLOT_HEIGHT / TICKS
        parts.append(svg.line(LEFT, y, right_edge, y, stroke=svg.GRID))
        parts.append(svg.text(LEFT - 6, y + 4, f"${cost_top * k / TICKS:,.0f}", 11,
                              text_anchor="end", fill=svg.COST_COLOUR, class_="cost-tick"))
        parts.append(svg.text(right_edge + 6, y + 4, f"{hosts_top * k // TICKS:g}", 11,
                              fill=svg.HOSTS_COLOUR, class_="hosts-tick"))
    for rate in _ticks(low, high):
        parts.append(svg.line(x_of(rate), bottom, x_of(rate), bottom + 4, stroke=svg.MUTED))
        parts.append(svg.text(x_of(rate), bottom + 18, f"{rate:g}", 11, text_anchor="middle",
                              class_="rate-tick"))
    parts.append(svg.text((LEFT + right_edge) / 2, bottom + 38, "rate (msg/s)", 12,
                          text_anchor="middle"))
    parts.append(svg.rect(LEFT, TOP, right_edge - LEFT, PLOT_HEIGHT, fill="none",
                          stroke=svg.MUTED))
    for number, row in enumerate(marked, start=1):
        x = x_of(row.plan.rate_msg_s)
        parts.append(svg.line(x, TOP, x, bottom, stroke=svg.MUTED, stroke_dasharray="4,3",
                              class_="step-line", data_rate=row.plan.rate_msg_s))
        parts.append(svg.text(x, TOP - 6, number, 10, text_anchor="middle", fill=svg.MUTED))
        parts.append(svg.text(LEFT, bottom + 62 + (number - 1) * STEP_LINE,
                              f"{number}. at {row.plan.rate_msg_s:g} msg/s: "
                              + "; ".join(row.steps), 11, class_="step",
                              data_rate=row.plan.rate_msg_s))
    if not marked:
        parts.append(svg.text(LEFT, bottom + 62, "No step: every row plans the same hosts, "
                              "host type and DB class.", 11, class_="step"))
    cost_points = [(x_of(p.rate_msg_s), y_cost(p.monthly_cost_usd)) for p in plans
                   if p.monthly_cost_usd is not None]
    parts.append(svg.polyline(_steps_line(cost_points), stroke=svg.COST_COLOUR,
                              stroke_width=2))
    parts.append(svg.polyline(_steps_line([(x_of(p.rate_msg_s), y_hosts(p.ec2_max))
                                           for p in plans]),
                              stroke=svg.HOSTS_COLOUR, stroke_width=1, stroke_dasharray="5,3"))
    parts.append(svg.polyline(_steps_line([(x_of(p.rate_msg_s), y_hosts(p.ec2_desired))
                                           for p in plans]),
                              stroke=svg.HOSTS_COLOUR, stroke_width=2))
    for p in plans:
        x = x_of(p.rate_msg_s)
        if p.monthly_cost_usd is not None:
            parts.append(svg.element("circle", cx=x, cy=y_cost(p.monthly_cost_usd), r=2.5,
                                     fill=svg.COST_COLOUR, class_="cost",
                                     data_rate=p.rate_msg_s, data_value=p.monthly_cost_usd))
        parts.append(svg.element("circle", cx=x, cy=y_hosts(p.ec2_desired), r=2.5,
                                 fill=svg.HOSTS_COLOUR, class_="hosts",
                                 data_rate=p.rate_msg_s, data_value=p.ec2_desired))
    return svg.document(WIDTH, height, title, parts)
