"""Render a Plan as an aligned text table, optionally with the rule behind each row."""

from __future__ import annotations

from sizing import Plan, cost, data


def _money(value: float | None) -> str:
    return "no price" if value is None else f"${value:,.2f}"


def rows(p: Plan) -> list[tuple[str, str, str]]:
    """(label, value, rule key) for each row of the table."""
    ssl = "SSL on" if p.ssl else "SSL off"
    price = "no price" if p.db_price_hour_usd is None else f"${p.db_price_hour_usd:g}/h"
    db_note = f"  ({p.db_class_note})" if p.db_class_note else ""
    return [
        ("Target rate", f"{p.rate_msg_s:g} msg/s ({ssl}, {p.env}, {p.engine})", "rate_msg_s"),
        (
            "Load",
            f"{p.load_msg_s:g} msg/s (receipts per message {p.receipts_per_message:g}, "
            f"inbound {p.inbound_msg_s:g} msg/s)",
            "load_msg_s",
        ),
        ("Shards", f"{p.shards} (carry {p.rate_capacity_msg_s:g} msg/s)", "shards"),
        (
            "Load per shard",
            f"{p.load_per_shard_msg_s:.2f} msg/s (benchmarked {p.shard_benchmark_msg_s:g})",
            "load_per_shard_msg_s",
        ),
        (
            "Coreapps",
            f"{p.total_coreapps} = {p.active_coreapps} active + {p.spare_coreapps} spare",
            "total_coreapps",
        ),
        ("Masters", str(p.masters), "masters"),
        ("Webapps", str(p.webapps), "webapps"),
        (
            "Host type",
            f"{p.host_type} ({p.host_vcpu} vCPU, {p.host_memory_gib:g} GiB, "
            f"{p.usable_host_memory_mib} MiB for tasks)",
            "host_type",
        ),
        (
            "Per Coreapp",
            f"{p.coreapp_memory_mib} MiB, {p.coreapp_cpu_units} CPU units ({p.message_type})",
            "coreapp_memory_mib",
        ),
        ("Memory reserved", f"{p.reserved_memory_mib} MiB by containers", "reserved_memory_mib"),
        (
            "CPU reserved",
            f"{p.reserved_cpu_units} units by containers ({p.host_cpu_units} per host)",
            "reserved_cpu_units",
        ),
        (
            "Hosts needed",
            f"{p.hosts_needed} (memory {p.hosts_by_memory}, CPU {p.hosts_by_cpu})",
            "hosts_needed",
        ),
        (
            "EC2 min/desired/max",
            f"{p.ec2_min} / {p.ec2_desired} / {p.ec2_max} (cap {p.ec2_cap})",
            "ec2_max",
        ),
        (
            "Memory scaling",
            f"+1 host > {p.scale_out_memory_pct} %, -1 host < {p.scale_in_memory_pct} % "
            "MemoryReservation",
            "memory_scaling",
        ),
        (
            "vs vendor v3",
            f"{p.hosts_vcpu} vCPU, {p.hosts_memory_gib:g} GiB of hosts; v3 cost-effective "
            f"{p.vendor_vcpu} vCPU, {p.vendor_memory_gib:g} GiB at {p.vendor_throughput_msg_s} "
            f"msg/s ({p.vendor_shards} shards)",
            "hosts_vcpu",
        ),
        ("DB connections", f"{p.estimated_connections} estimated", "estimated_connections"),
        (
            "Required connections",
            f"{p.required_connections} (+{p.headroom_pct:g} % headroom)",
            "required_connections",
        ),
        ("Required DB vCPU", f"{p.required_db_vcpu:g}", "required_db_vcpu"),
        (
            "RDS class",
            f"{p.db_class}: {p.db_max_connections} max connections, {p.db_vcpu} vCPU, "
            f"{p.db_memory_gib:g} GiB, {p.db_generation} generation, {price}{db_note}",
            "db_class",
        ),
        (
            "DB instances",
            f"{p.db_instances}" + (" (Multi-AZ)" if p.db_multi_az else " (Single-AZ)"),
            "db_instances",
        ),
        (
            "Monthly cost",
            f"{_money(p.monthly_cost_usd)} ({_money(p.monthly_cost_at_max_usd)} at max hosts), "
            f"{data.PRICE_REGION} on-demand, prices read {cost.dates()}",
            "monthly_cost_usd",
        ),
        (
            "Cost items",
            "; ".join(f"{what} {n} = {_money(usd)}" for what, n, usd in p.cost_items)
            or "no price known",
            "cost_items",
        ),
        ("Not in the cost", "; ".join(p.cost_left_out), "cost_left_out"),
    ]


def render(p: Plan, explain: bool = False) -> str:
    table = rows(p)
    width = max(len(label) for label, _, _ in table)
    lines = []
    for label, value, key in table:
        lines.append(f"{label:<{width}}  {value}")
        if explain:
            rule = p.rule_for(key)
            lines.append(f"{'':<{width}}    rule:   {rule.rule}")
            lines.append(f"{'':<{width}}    source: {rule.source}")
    return "\n".join(lines)
