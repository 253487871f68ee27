"""Render a plan's hosts (sizing.layout) as a table or JSON: which containers run where."""

from __future__ import annotations

from sizing import Plan
from sizing.layout import Host, room

ORDER = ("coreapp", "master", "web")


def _containers(host: Host) -> dict[str, int]:
    return {role: host.tasks.count(role) for role in ORDER if role in host.tasks}


def _az(index: int) -> str:
    return f"AZ {index + 1}"


def _room(p: Plan, hosts: list[Host]) -> dict[str, list[int]]:
    """Hosts (numbered from 1) with room for one more task of each kind a rolling update or
    the database upgrade task starts."""
    return {extra.role: [i + 1 for i in room(hosts, extra)] for extra in p.room_for()}


def as_dict(p: Plan, azs: int) -> dict:
    hosts = p.layout(azs)
    return {
        "azs": azs,
        "room_for_one_more": _room(p, hosts),
        "host_type": p.host_type,
        "hosts": [
            {
                "host": h.index + 1,
                "az": h.az + 1,
                "containers": _containers(h),
                "memory_mib": h.reserved_mib,
                "memory_capacity_mib": h.memory_mib,
                "cpu_units": h.reserved_cpu,
                "cpu_capacity_units": h.cpu_units,
            }
            for h in hosts
        ],
    }


def render(p: Plan, azs: int) -> str:
    hosts = p.layout(azs)
    lines = [
        f"Layout: {len(hosts)} x {p.host_type} over {azs} AZs at the desired count (ECS spreads "
        "each service by AZ, then by host; reserved / what ECS can hand out)",
        f"{'host':<5} {'AZ':<5} {'containers':<28} {'memory MiB':<22} CPU units",
    ]
    for h in hosts:
        containers = ", ".join(f"{role} x{n}" if n > 1 else role
                               for role, n in _containers(h).items()) or "(empty)"
        memory = f"{h.reserved_mib} / {h.memory_mib} {h.reserved_mib / h.memory_mib:4.0%}"
        cpu = f"{h.reserved_cpu} / {h.cpu_units} {h.reserved_cpu / h.cpu_units:4.0%}"
        lines.append(f"{h.index + 1:<5} {_az(h.az):<5} {containers:<28} {memory:<22} {cpu}")
    free = _room(p, hosts)
    lines.append("room for one more (rolling update; the database upgrade task is a Coreapp): "
                 + "; ".join(f"{role} on host{'s' if len(at) > 1 else ''} "
                             f"{', '.join(map(str, at))}" for role, at in free.items()))
    total_mib = sum(h.memory_mib for h in hosts)
    lines.append(f"average memory reserved {p.reserved_memory_mib / total_mib:.0%} (the alarm "
                 f"adds a host above {p.scale_out_memory_pct} %, removes one below "
                 f"{p.scale_in_memory_pct} %)")
    return "\n".join(lines)
