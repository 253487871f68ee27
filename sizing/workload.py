"""What the cluster carries: the load a send rate, its receipts and inbound messages make, and
what one container of each role reserves for a message type."""

from __future__ import annotations

from typing import NamedTuple

from sizing import data, vendor_v3
from sizing.data import HostType


def message_type_of(name: str) -> str:
    """The vendor's name for a message type (today's aliases resolve to it)."""
    return data.MESSAGE_TYPE_ALIASES.get(name, name)


def load_msg_s(rate_msg_s: float, receipts: float, inbound_msg_s: float) -> float:
    """Send-rate equivalent: every event the Coreapps handle (sent, receipts, inbound), counted
    against what the benchmark's send rate brought (one receipt per sent message)."""
    events = rate_msg_s * (1 + receipts) + inbound_msg_s
    # rounded so that float noise (12.500000000000002) cannot cross a shard or host boundary
    return round(events / (1 + data.BENCHMARK_RECEIPTS_PER_MESSAGE), 9)


def rate_for_load(load: float, receipts: float, inbound_msg_s: float) -> float:
    """The send rate that makes this load (the inverse of load_msg_s), never below zero."""
    events = load * (1 + data.BENCHMARK_RECEIPTS_PER_MESSAGE)
    return max(0.0, (events - inbound_msg_s) / (1 + receipts))


def host_type(message_type: str, load: float) -> HostType:
    """The vendor's benchmarked host for this message type at the throughput covering the load."""
    name = vendor_v3.HOST_TYPES[message_type][vendor_v3.column(load)]
    return data.HOST_TYPES[name]


class Reservation(NamedTuple):
    """What one container asks ECS for, and why."""

    memory_mib: int
    cpu_units: int
    rule: str
    source: str


def coreapp(message_type: str, host: HostType) -> Reservation:
    if message_type == "text":
        return Reservation(
            data.COREAPP_MEMORY_MIB, data.TEXT_COREAPP_CPU_UNITS,
            f"text: {data.COREAPP_MEMORY_MIB} MiB and {data.TEXT_COREAPP_CPU_UNITS} CPU units",
            "memory: vendor template v2.3.5 (the seed's benchmark cluster; v3's cost-effective "
            f"mode reserves {vendor_v3.COST_EFFECTIVE_COREAPP_MIB[host.name]} MiB on "
            f"{host.name}); CPU: ours, the benchmark cluster's hosts hold it",
        )
    share = data.MEDIA_COREAPP_HOST_SHARE
    cpu = round(host.vcpu * data.CPU_UNITS_PER_VCPU * share)
    return Reservation(
        vendor_v3.COST_EFFECTIVE_COREAPP_MIB[host.name], cpu,
        f"{message_type} on {host.name}: the vendor's cost-effective memory, {share:.0%} of "
        f"the host's {host.vcpu} vCPU",
        f"memory: {vendor_v3.SOURCE}, MemoryLimits; CPU: ours (the vendor reserves none; its "
        "cost-effective layout puts two Coreapps on a host)",
    )


MASTER = Reservation(data.MASTER_MEMORY_MIB, data.MASTER_CPU_UNITS, "every message type",
                     "memory: vendor template v2.3.5; CPU: ours")
WEBAPP = Reservation(data.WEBAPP_MEMORY_MIB, data.WEBAPP_CPU_UNITS, "every message type",
                     "memory: vendor template v2.3.5; CPU: ours")
