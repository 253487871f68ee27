"""`wa-size --layout --svg FILE`: the plan's hosts as a picture, grouped by Availability Zone.

Each host shows its containers as parts of two bars, memory and CPU, against what ECS can hand
out there. Every number comes from layout_table.as_dict (what `--layout --json` prints) or from
the Plan; the text elements carry class and data-host so a test can read them back.
"""

from __future__ import annotations

from cli import svg
from cli.layout_table import ORDER, as_dict
from sizing import Plan

NAMES = {"coreapp": "Coreapp", "master": "Master", "web": "Webapp"}
MARGIN = 20
COLUMN = 380  # one AZ
HOST_HEIGHT = 86
HOST_GAP = 10
BAR_X = 92  # from the host box's left edge
BAR_WIDTH = 176
BAR_HEIGHT = 14
TOP = 132  # below the title and the legend


def spare_slots(hosts: list[dict], spares: int) -> dict[int, int]:
    """Host number -> how many of its Coreapps are drawn as spares. Which Coreapp stands by is
    the Master's choice at run time; the picture marks the last ones placed."""
    marked: dict[int, int] = {}
    for host in reversed(hosts):
        take = min(spares, host["containers"].get("coreapp", 0))
        if take:
            marked[host["host"]] = take
            spares -= take
    return marked


def _bar(x: float, y: float, host: dict, spare: int, p: Plan, kind: str) -> list[str]:
    """Container parts of one bar (memory or CPU), in ORDER, spares last among the Coreapps."""
    capacity = host["memory_capacity_mib" if kind == "memory" else "cpu_capacity_units"]
    parts = [svg.rect(x, y, BAR_WIDTH, BAR_HEIGHT, fill="#f4f4f4", stroke=svg.MUTED,
                      stroke_width=0.5)]
    left = x
    for role in ORDER:
        count = host["containers"].get(role, 0)
        size = p.reservation(role)[0 if kind == "memory" else 1]
        width = BAR_WIDTH * size / capacity
        for n in range(count):
            is_spare = role == "coreapp" and n >= count - spare
            colour = svg.ROLE_COLOURS[role]
            parts.append(svg.rect(
                left, y, width, BAR_HEIGHT, fill="#ffffff" if is_spare else colour,
                stroke=colour if is_spare else "#ffffff",
                stroke_dasharray="3,2" if is_spare else None, stroke_width=1,
                class_=f"part {role}" + (" spare" if is_spare else ""),
                data_host=host["host"], data_kind=kind))
            if width >= 12:
                parts.append(svg.text(left + width / 2, y + BAR_HEIGHT - 3,
                                      NAMES[role][0], 9, text_anchor="middle",
                                      fill=colour if is_spare else "#ffffff"))
            left += width
    return parts


def _host(x: float, y: float, host: dict, spare: int, room: list[str], p: Plan) -> list[str]:
    n = host["host"]
    containers = ", ".join(f"{r} x{c}" if c > 1 else r for r, c in host["containers"].items())
    memory = f"{host['memory_mib']} / {host['memory_capacity_mib']}"
    cpu = f"{host['cpu_units']} / {host['cpu_capacity_units']}"
    parts = [
        svg.rect(x, y, COLUMN - 20, HOST_HEIGHT, rx=6, fill="#fafafa", stroke=svg.MUTED),
        svg.text(x + 10, y + 18, f"host {n}", 13, font_weight="bold", class_="host",
                 data_host=n),
        svg.text(x + 70, y + 18, containers or "(empty)", 12, class_="containers", data_host=n),
        svg.text(x + 10, y + 41, "memory MiB", 11, fill=svg.MUTED),
        *_bar(x + BAR_X, y + 30, host, spare, p, "memory"),
        svg.text(x + BAR_X + BAR_WIDTH + 6, y + 41, memory, 11, class_="memory", data_host=n),
        svg.text(x + 10, y + 63, "CPU units", 11, fill=svg.MUTED),
        *_bar(x + BAR_X, y + 52, host, spare, p, "cpu"),
        svg.text(x + BAR_X + BAR_WIDTH + 6, y + 63, cpu, 11, class_="cpu", data_host=n),
    ]
    if room:
        parts.append(svg.text(x + 10, y + 80, "room for one more " + " or ".join(
            NAMES[r] for r in room), 10, fill=svg.MUTED, class_="room", data_host=n))
    return parts


def _legend(y: float, p: Plan) -> list[str]:
    parts, x = [], MARGIN
    for role in ORDER:
        memory, cpu = p.reservation(role)
        parts.append(svg.rect(x, y - 10, 12, 12, fill=svg.ROLE_COLOURS[role]))
        label = f"{NAMES[role]} {memory} MiB, {cpu} CPU units"
        parts.append(svg.text(x + 16, y, label, 11, class_="reservation", data_role=role))
        x += 16 + 7 * len(label)
    x, y = MARGIN, y + 18
    parts.append(svg.rect(x, y - 10, 12, 12, fill="#ffffff", stroke=svg.ROLE_COLOURS["coreapp"],
                          stroke_dasharray="3,2"))
    parts.append(svg.text(x + 16, y, f"spare Coreapp ({p.spare_coreapps} of "
                          f"{p.total_coreapps}; the Master picks which at run time)", 11,
                          class_="spares", data_count=p.spare_coreapps))
    return parts


def render(p: Plan, azs: int) -> str:
    layout = as_dict(p, azs)
    hosts = layout["hosts"]
    spare = spare_slots(hosts, p.spare_coreapps)
    room = {n: [role for role, at in layout["room_for_one_more"].items() if n in at]
            for n in range(1, len(hosts) + 1)}
    per_az = max(sum(1 for h in hosts if h["az"] == az) for az in range(1, azs + 1))
    width = 2 * MARGIN + azs * COLUMN
    height = TOP + per_az * (HOST_HEIGHT + HOST_GAP) + 40
    total_mib = sum(h["memory_capacity_mib"] for h in hosts)
    title = (f"wa-size layout: {len(hosts)} x {p.host_type} over {azs} AZs at "
             f"{p.rate_msg_s:g} msg/s ({p.shards} shards, {p.message_type})")
    parts = [svg.text(MARGIN, 30, title, 16, font_weight="bold", class_="title"),
             svg.text(MARGIN, 52, "The hosts at the desired count; each bar: the containers' "
                      "reservations against what ECS can hand out.", 11, fill=svg.MUTED),
             *_legend(76, p)]
    for az in range(1, azs + 1):
        x = MARGIN + (az - 1) * COLUMN
        column = [h for h in hosts if h["az"] == az]
        parts.append(svg.text(x, TOP - 10, f"AZ {az}: {len(column)} host"
                              f"{'s' if len(column) != 1 else ''}", 13, font_weight="bold",
                              class_="az", data_az=az))
        for i, host in enumerate(column):
            parts += _host(x, TOP + i * (HOST_HEIGHT + HOST_GAP), host,
                           spare.get(host["host"], 0), room[host["host"]], p)
    parts.append(svg.text(
        MARGIN, height - 16,
        f"Average memory reserved {p.reserved_memory_mib / total_mib:.0%}: the alarm adds a "
        f"host above {p.scale_out_memory_pct} %, removes one below {p.scale_in_memory_pct} %.",
        11, fill=svg.MUTED, class_="average"))
    return svg.document(width, height, title, parts)
