"""plan(): the user's inputs in, one frozen Plan out. Everything else renders a Plan."""

from __future__ import annotations

import math
from collections import namedtuple
from dataclasses import asdict, dataclass, field, fields
from functools import cache

from sizing import cost as costs
from sizing import data, layout, rules, vendor_v3, workload
from sizing.errors import SizingError
from sizing.inputs import (
    SIZING,
    TOP_RATE_MSG_S,
    check_rate,
    parse_shards,
    read,
)

DEFAULT_RATE_MSG_S = data.BENCHMARK_RATE_LOW_MSG_S  # the seed's benchmark cluster


@dataclass(frozen=True)
class Rule:
    """Why a number in the plan has the value it has."""

    key: str
    value: object
    rule: str
    source: str


@dataclass(frozen=True)
class Plan:
    # inputs, as resolved
    rate_msg_s: float
    ssl: bool
    env: str
    engine: str
    headroom_pct: float
    message_type: str
    table: str
    isolate_coreapps: bool
    spares: int
    receipts_per_message: float
    inbound_msg_s: float
    az_count: int
    # containers
    shards: int
    rate_capacity_msg_s: float
    active_coreapps: int
    spare_coreapps: int
    total_coreapps: int
    masters: int
    webapps: int
    load_msg_s: float
    load_per_shard_msg_s: float
    shard_benchmark_msg_s: float
    # hosts
    host_type: str
    host_vcpu: int
    host_memory_gib: float
    usable_host_memory_mib: int
    reserved_memory_mib: int
    host_cpu_units: int
    reserved_cpu_units: int
    coreapp_memory_mib: int
    coreapp_cpu_units: int
    master_memory_mib: int
    master_cpu_units: int
    webapp_memory_mib: int
    webapp_cpu_units: int
    hosts_by_memory: int
    hosts_by_cpu: int
    hosts_needed: int
    ec2_cap: int
    ec2_min: int
    ec2_desired: int
    ec2_max: int
    scale_out_memory_pct: int
    scale_in_memory_pct: int
    # database
    estimated_connections: int
    required_connections: int
    required_db_vcpu: float
    db_class: str
    db_rds_class: str
    db_class_note: str
    db_max_connections: int
    db_vcpu: int
    db_memory_gib: float
    db_generation: str
    db_price_hour_usd: float | None
    db_instances: int
    db_multi_az: bool
    # cost
    monthly_cost_usd: float | None
    monthly_cost_at_max_usd: float | None
    price_date: str
    cost_items: tuple[tuple[str, int, float], ...]  # (what, how many, USD a month)
    cost_left_out: tuple[str, ...]  # billed by use, not estimated
    # the vendor's v3 cost-effective layout for the same message type and load
    vendor_throughput_msg_s: int
    vendor_shards: int
    vendor_hosts: tuple[tuple[str, int], ...]
    vendor_vcpu: int
    vendor_memory_gib: float
    hosts_vcpu: int
    hosts_memory_gib: float
    warnings: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = field(default=(), repr=False)

    def rule_for(self, key: str) -> Rule:
        return next(r for r in self.rules if r.key == key)

    def reservation(self, role: str) -> tuple[int, int]:
        """(memory MiB, CPU units) one container of a contract role reserves."""
        return {
            "coreapp": (self.coreapp_memory_mib, self.coreapp_cpu_units),
            "master": (self.master_memory_mib, self.master_cpu_units),
            "web": (self.webapp_memory_mib, self.webapp_cpu_units),
        }[role]

    def services(self) -> tuple[layout.Service, ...]:
        """The three services as ECS places them: count and reservation per task."""
        return _services(self.total_coreapps, self.masters, self.webapps,
                         self.reservation("coreapp"), self.isolate_coreapps)

    def room_for(self) -> tuple[layout.Service, ...]:
        return _room_for(self.services())

    def layout(self, azs: int) -> list[layout.Host]:
        """The hosts at the desired count, spread over azs Availability Zones."""
        placed = layout.place(self.services(), self.ec2_desired, azs,
                              self.usable_host_memory_mib, self.host_cpu_units, self.room_for())
        assert placed is not None, "plan() sized the hosts to hold every container"
        return placed

    def to_dict(self) -> dict:
        """JSON-ready form; the keys are documented in README ("wa-size --json")."""
        flat = asdict(self)
        groups = {
            "inputs": (
                "rate_msg_s",
                "ssl",
                "env",
                "engine",
                "headroom_pct",
                "message_type",
                "table",
                "isolate_coreapps",
                "spares",
                "receipts_per_message",
                "inbound_msg_s",
                "az_count",
            ),
            "containers": (
                "shards",
                "rate_capacity_msg_s",
                "active_coreapps",
                "spare_coreapps",
                "total_coreapps",
                "masters",
                "webapps",
                "load_msg_s",
                "load_per_shard_msg_s",
                "shard_benchmark_msg_s",
            ),
            "hosts": (
                "host_type",
                "host_vcpu",
                "host_memory_gib",
                "usable_host_memory_mib",
                "reserved_memory_mib",
                "host_cpu_units",
                "reserved_cpu_units",
                "coreapp_memory_mib",
                "coreapp_cpu_units",
                "master_memory_mib",
                "master_cpu_units",
                "webapp_memory_mib",
                "webapp_cpu_units",
                "hosts_by_memory",
                "hosts_by_cpu",
                "hosts_needed",
                "ec2_cap",
                "ec2_min",
                "ec2_desired",
                "ec2_max",
                "scale_out_memory_pct",
                "scale_in_memory_pct",
                "hosts_vcpu",
                "hosts_memory_gib",
            ),
            "database": (
                "estimated_connections",
                "required_connections",
                "required_db_vcpu",
                "db_class",
                "db_rds_class",
                "db_class_note",
                "db_max_connections",
                "db_vcpu",
                "db_memory_gib",
                "db_generation",
                "db_price_hour_usd",
                "db_instances",
                "db_multi_az",
            ),
            "cost": ("monthly_cost_usd", "monthly_cost_at_max_usd", "price_date", "cost_items",
                     "cost_left_out"),
            "vendor_v3": (
                "vendor_throughput_msg_s",
                "vendor_shards",
                "vendor_hosts",
                "vendor_vcpu",
                "vendor_memory_gib",
            ),
        }
        out: dict = {name: {k: flat[k] for k in keys} for name, keys in groups.items()}
        out["vendor_v3"]["vendor_hosts"] = [
            {"host_type": t, "count": n} for t, n in self.vendor_hosts]
        out["cost"]["cost_items"] = [
            {"item": what, "count": n, "monthly_usd": usd} for what, n, usd in self.cost_items]
        out["cost"]["cost_left_out"] = list(self.cost_left_out)
        out["warnings"] = list(self.warnings)
        out["rules"] = {r.key: {"rule": r.rule, "source": r.source} for r in self.rules}
        return out


def _resolve_load(
    rate_msg_s: float | None, shards: int | None, receipts: float, inbound_msg_s: float
) -> tuple[float, float]:
    """The send rate (given, the benchmark's, or what given shards carry) and its load."""
    if shards is not None:
        parse_shards(shards)
    if rate_msg_s is not None:
        check_rate(rate_msg_s)
    elif shards is None:
        rate_msg_s = DEFAULT_RATE_MSG_S
    else:
        capacity = rules.rate_capacity_msg_s(shards)
        # at most the highest rate anyone may give: with few receipts the shards would carry
        # more, and a rate beyond it could not be given back (wa-deploy remembers it)
        rate_msg_s = min(workload.rate_for_load(capacity, receipts, inbound_msg_s),
                         TOP_RATE_MSG_S)
        if rate_msg_s <= 0:
            raise SizingError(
                f"inbound {inbound_msg_s:g} msg/s alone fills what {shards} shards carry "
                f"({capacity:g} msg/s): give --rate, or more shards"
            )
    load = workload.load_msg_s(rate_msg_s, receipts, inbound_msg_s)
    if load > TOP_RATE_MSG_S:
        raise SizingError(
            f"load {load:g} msg/s (rate {rate_msg_s:g} x (1 + {receipts:g} receipts) + "
            f"{inbound_msg_s:g} inbound, over {1 + data.BENCHMARK_RECEIPTS_PER_MESSAGE:g} "
            f"events per benchmark message) is out of range: allowed load <= "
            f"{TOP_RATE_MSG_S:g} msg/s (what {data.SHARD_OPTIONS[-1]} shards carry)"
        )
    return rate_msg_s, load


def _services(coreapps: int, masters: int, webapps: int, coreapp: tuple[int, int],
              isolate_coreapps: bool) -> tuple[layout.Service, ...]:
    """Coreapps (one per host when isolated), Masters (always one per host) and Webapps."""
    return (
        layout.Service("coreapp", coreapps, *coreapp, isolate_coreapps),
        layout.Service("master", masters, workload.MASTER.memory_mib, workload.MASTER.cpu_units,
                       True),
        layout.Service("web", webapps, workload.WEBAPP.memory_mib, workload.WEBAPP.cpu_units,
                       False),
    )


def _room_for(services: tuple[layout.Service, ...]) -> tuple[layout.Service, ...]:
    """The tasks a running cluster must still have room for, one at a time: a rolling update
    of the Webapps, and one Coreapp-sized task: a rolling update of packed Coreapps, or the
    database upgrade task, which runs whatever the layout (isolated Coreapps replace in place)."""
    by_role = {s.role: s for s in services}
    coreapp, web = by_role["coreapp"], by_role["web"]
    return (
        layout.Service("coreapp", 1, coreapp.memory_mib, coreapp.cpu_units, False),
        layout.Service("web", 1, web.memory_mib, web.cpu_units, False),
    )


def _vendor_warnings(rate_msg_s: float, load: float) -> list[str]:
    """The vendor's limits against the send rate or the load, whichever is higher."""
    what, value = ("load", load) if load >= rate_msg_s else ("send rate", rate_msg_s)
    found = []
    for limit, name, source in (
        (vendor_v3.SUPPORT_LIMIT_MSG_S, "the vendor's support limit", vendor_v3.SUPPORT_SOURCE),
        (vendor_v3.BENCHMARK_LIMIT_MSG_S, "the highest load the vendor benchmarked",
         vendor_v3.BENCHMARK_SOURCE),
    ):
        if value > limit:
            found.append(f"{what} {value:g} msg/s is above {name}, {limit} msg/s ({source})")
    return found


def below_vendor_reasons(vendor: vendor_v3.Layout, message_type: str, shards: int,
                         vcpu: int, gib: float) -> list[str]:
    """Why a plan with `vcpu` and `gib` of hosts may hold less than the vendor's cost-effective
    layout at the same load; empty when nothing known explains it."""
    reasons = []
    if vendor.shards > shards:
        reasons.append(
            f"v3 runs {vendor.shards} shards at {vendor.throughput} msg/s "
            f"({vendor.throughput / vendor.shards:g} msg/s each) where {shards} carry the load "
            f"at the {data.RATE_PER_SHARD_MSG_S:g} msg/s per shard the seed measured")
    coreapp_host = data.HOST_TYPES[vendor.host_type]
    if (vcpu >= vendor.coreapp_hosts * coreapp_host.vcpu
            and gib >= vendor.coreapp_hosts * coreapp_host.memory_gib):
        reasons.append(
            f"v3 gives its Webapps and Masters {vendor.web_hosts} x {vendor_v3.WEB_HOST_TYPE} of "
            "their own; ours share the Coreapps' hosts, which alone hold at least v3's "
            f"{vendor.coreapp_hosts} x {vendor.host_type}")
    if message_type == "text":
        reasons.append(
            f"text Coreapps keep the {data.COREAPP_MEMORY_MIB} MiB the seed's benchmark ran with "
            f"(v3: {vendor_v3.COST_EFFECTIVE_COREAPP_MIB[vendor.host_type]})")
    return reasons


def _versus_vendor(vendor: vendor_v3.Layout, message_type: str, shards: int, hosts: int,
                   host: data.HostType) -> str:
    vendor_host = data.HOST_TYPES[vendor.host_type]
    vcpu, gib = vendor.vcpu(), vendor.memory_gib()
    share = 2 * vendor_v3.COST_EFFECTIVE_COREAPP_MIB[vendor.host_type] / (
        vendor_host.memory_gib * 1024)
    above = share > data.USABLE_HOST_MEMORY_FRACTION * data.SCALE_OUT_MEMORY_PCT / 100
    text = (
        f"{hosts} x {host.name}; vendor v3 cost-effective at {vendor.throughput} msg/s: "
        + " + ".join(f"{n} x {t}" for t, n in vendor.hosts())
        + f" = {vcpu} vCPU, {gib:g} GiB; it puts two Coreapps on a host ({share:.0%} of its "
        "memory" + (f", above our {data.SCALE_OUT_MEMORY_PCT} % scale-out threshold" if above
                    else "") + ") and the Webapps and Masters on hosts of their own"
    )
    ours_vcpu, ours_gib = hosts * host.vcpu, hosts * host.memory_gib
    if ours_vcpu < vcpu or ours_gib < gib:
        text += "; below it because " + "; and ".join(below_vendor_reasons(
            vendor, message_type, shards, ours_vcpu, ours_gib) or ["(no reason known)"])
    return text


def plan(
    rate_msg_s: float | None = None,
    shards: int | None = None,
    *,
    ssl: bool = SIZING["ssl"].default,
    env: str = SIZING["env"].default,
    engine: str = SIZING["engine"].default,
    spares: int = SIZING["spares"].default,
    headroom_pct: float = SIZING["headroom"].default,
    message_type: str = SIZING["message_type"].default,
    table: str = SIZING["table"].default,
    isolate_coreapps: bool = SIZING["isolate_coreapps"].default,
    receipts: float = SIZING["receipts"].default,
    inbound_msg_s: float = SIZING["inbound"].default,
    az_count: int = SIZING["az_count"].default,
    spelling=None,
) -> Plan:
    """Size a cluster. Raises SizingError (one line) on bad input or an impossible plan.
    `spelling(key, value)` writes an input the way the caller's surface takes it in advice
    (default: `-c key=value`, as wa-deploy and the CDK app take it)."""
    rate_msg_s, shards = read("rate", rate_msg_s), read("shards", shards)
    given = _inputs(ssl, env, engine, spares, headroom_pct, message_type, table,
                    isolate_coreapps, receipts, inbound_msg_s, az_count)
    load = _load(rate_msg_s, shards, receipts, inbound_msg_s)
    sharding = _shards(shards, load.load_msg_s, given.message_type)
    containers = _containers(given.env, sharding.shards, given.spares, load.load_msg_s,
                             sharding.vendor)
    hosts = _hosts(given.message_type, load.load_msg_s, containers, given.isolate_coreapps,
                   sharding.vendor)
    needed = _hosts_needed(hosts, containers, given.isolate_coreapps)
    fleet = _fleet(given.env, sharding, hosts, needed, given.message_type)
    database = _database(given, load.load_msg_s, sharding)
    cost = _cost(given, hosts.host, database, fleet)
    warnings = _warnings(load, sharding, hosts, needed, fleet, database, cost,
                         given.isolate_coreapps, spelling)
    stages = (given, load, sharding, containers, hosts, needed, fleet, database, cost)
    return Plan(**_plan_fields(stages), warnings=warnings,
                rules=tuple(rule for stage in stages for rule in stage.notes))


class _Notes(list):
    """A stage's rules, in the order it fixes its numbers: note(...) keeps one and returns its
    value."""

    def __call__(self, key: str, value: object, rule: str, source: str):
        self.append(Rule(key, value, rule, source))
        return value


_PLAN_FIELDS = frozenset(f.name for f in fields(Plan)) - {"warnings", "rules"}


def _plan_fields(stages) -> dict[str, object]:
    """The Plan's fields, each from the one stage that fixes it (a stage's other fields are the
    working values later stages take)."""
    found: dict[str, object] = {}
    for stage in stages:
        for name in stage._fields:
            if name in _PLAN_FIELDS:
                assert name not in found, f"two stages fix {name}"
                found[name] = getattr(stage, name)
    assert found.keys() == _PLAN_FIELDS, _PLAN_FIELDS - found.keys()
    return found


# The stages' results are named tuples, not dataclasses: a dataclass costs wa-size about a
# millisecond of import each (its target is 1.5x `import click`).
_Inputs = namedtuple("_Inputs", "ssl env engine headroom_pct message_type table isolate_coreapps "
                     "spares receipts_per_message inbound_msg_s az_count notes", defaults=((),))


def _inputs(ssl, env, engine, spares, headroom_pct, message_type, table, isolate_coreapps,
            receipts, inbound_msg_s, az_count) -> _Inputs:
    """The inputs that need no other: each read as its row of the inputs table reads it
    (typed and checked: plan(ssl="false") is no switch on)."""
    (ssl, env, engine, spares, headroom_pct, message_type, table, isolate_coreapps, receipts,
     inbound_msg_s, az_count) = (read(key, value) for key, value in (
        ("ssl", ssl), ("env", env), ("engine", engine), ("spares", spares),
        ("headroom", headroom_pct), ("message_type", message_type), ("table", table),
        ("isolate_coreapps", isolate_coreapps), ("receipts", receipts),
        ("inbound", inbound_msg_s), ("az_count", az_count)))
    return _Inputs(ssl, env, engine, headroom_pct, workload.message_type_of(message_type), table,
                   isolate_coreapps, spares, float(receipts), float(inbound_msg_s), az_count)


_Load = namedtuple("_Load", "rate_msg_s load_msg_s notes")


def _load(rate_msg_s: float | None, shards: int | None, receipts: float,
          inbound_msg_s: float) -> _Load:
    """The send rate (given, the benchmark's, or what given shards carry) and the load it
    makes with its receipts and the inbound messages."""
    note = _Notes()
    rate_given = rate_msg_s is not None
    rate_msg_s, load = _resolve_load(rate_msg_s, shards, receipts, inbound_msg_s)
    note(
        "rate_msg_s",
        rate_msg_s,
        "given"
        if rate_given
        else f"default: the benchmark's {DEFAULT_RATE_MSG_S:g} msg/s, or what given shards carry",
        "user input" if rate_given else "seed 000 Message Send Rates",
    )
    benchmark_receipts = data.BENCHMARK_RECEIPTS_PER_MESSAGE
    note(
        "load_msg_s",
        load,
        f"(rate x (1 + {receipts:g} receipts) + {inbound_msg_s:g} inbound) / "
        f"{1 + benchmark_receipts:g}: every event counts, the benchmark's send rate brought "
        f"{benchmark_receipts:g} receipt per message",
        "seed 004: received messages and delivery/read receipts count; 1-2 receipts per sent "
        "message",
    )
    return _Load(rate_msg_s, load, tuple(note))


# recommended: the shards the load needs; vendor: the vendor's v3 layout for the same load
_Shards = namedtuple("_Shards", "shards given recommended rate_capacity_msg_s active_coreapps "
                     "load_per_shard_msg_s shard_benchmark_msg_s vendor vendor_throughput_msg_s "
                     "vendor_shards vendor_hosts vendor_vcpu vendor_memory_gib notes")


def _shards(given: int | None, load: float, message_type: str) -> _Shards:
    """The shards: the fewest that carry the load, unless given."""
    note = _Notes()
    recommended = rules.shards_for_rate(load)
    shards = recommended if given is None else given
    vendor = vendor_v3.layout(message_type, load)
    differs = (
        f"; vendor v3 chose {vendor.shards} at {vendor.throughput} msg/s "
        f"({vendor.throughput / vendor.shards:g} msg/s per shard)"
        if vendor.shards != recommended else f"; vendor v3 chose the same at "
        f"{vendor.throughput} msg/s"
    )
    note(
        "shards",
        shards,
        f"smallest of {'/'.join(map(str, data.SHARD_OPTIONS))} whose capacity "
        f"(shards x {data.RATE_PER_SHARD_MSG_S:g} msg/s) carries the load, unless given"
        + differs,
        "seed 000: 100-150 msg/s with 8 active shards (low end used); " + vendor_v3.SOURCE,
    )
    note(
        "load_per_shard_msg_s",
        load / shards,
        f"load / shards, against {data.RATE_PER_SHARD_MSG_S:g} msg/s per shard benchmarked",
        "seed 000: 100 msg/s on 8 shards",
    )
    return _Shards(shards, given is not None, recommended, rules.rate_capacity_msg_s(shards),
                   shards, load / shards, data.RATE_PER_SHARD_MSG_S, vendor, vendor.throughput,
                   vendor.shards, vendor.hosts(), vendor.vcpu(), vendor.memory_gib(), tuple(note))


_Containers = namedtuple("_Containers", "total_coreapps spare_coreapps masters webapps notes")


def _containers(env: str, shards: int, spares: int, load: float,
                vendor: vendor_v3.Layout) -> _Containers:
    """Coreapps (a spare for each failure to survive), Masters and Webapps."""
    note = _Notes()
    defaults = data.ENV_DEFAULTS[env]
    total_coreapps = note(
        "total_coreapps",
        max(shards + spares, defaults.coreapps),
        f"shards + spares ({shards} + {spares}), at least the {env} default {defaults.coreapps}",
        "seed 001: shard number + X Coreapps survive X failures; vendor template: 1 spare",
    )
    masters = note(
        "masters",
        defaults.masters,
        f"{env} default; never more than 3",
        "seed 003: 3 Masters in production, no reason for more",
    )
    webapps = note(
        "webapps",
        rules.webapps_for_rate(load, defaults.webapps),
        f"ceil(load / {data.RATE_PER_WEBAPP_MSG_S:g} msg/s), at least the {env} default "
        f"{defaults.webapps}; vendor v3: {vendor.webapps} at {vendor.throughput} msg/s",
        "seed 003: at least 2 Webapps for 100-150 msg/s; vendor template env defaults",
    )
    return _Containers(total_coreapps, total_coreapps - shards, masters, webapps, tuple(note))


_Hosts = namedtuple("_Hosts", "host services host_type host_vcpu host_memory_gib "
                    "usable_host_memory_mib reserved_memory_mib host_cpu_units reserved_cpu_units "
                    "coreapp_memory_mib coreapp_cpu_units master_memory_mib master_cpu_units "
                    "webapp_memory_mib webapp_cpu_units notes")


def _hosts(message_type: str, load: float, containers: _Containers, isolate_coreapps: bool,
           vendor: vendor_v3.Layout) -> _Hosts:
    """The host type, what each container reserves on it, and what they reserve in all."""
    note = _Notes()
    host = workload.host_type(message_type, load)
    note(
        "host_type",
        host.name,
        f"the vendor's host for {message_type} at {vendor.throughput} msg/s (the benchmarked "
        "throughput at or above the load)",
        vendor_v3.SOURCE + ", MessageTypeMapToInstanceType",
    )
    coreapp = workload.coreapp(message_type, host)
    note("coreapp_memory_mib", coreapp.memory_mib, coreapp.rule, coreapp.source)
    note("coreapp_cpu_units", coreapp.cpu_units, coreapp.rule, coreapp.source)
    services = _services(containers.total_coreapps, containers.masters, containers.webapps,
                         (coreapp.memory_mib, coreapp.cpu_units), isolate_coreapps)
    reserved_mib = note(
        "reserved_memory_mib",
        sum(s.count * s.memory_mib for s in services),
        " + ".join(f"{s.count} {s.role} x {s.memory_mib}" for s in services) + " MiB",
        "Coreapps: as coreapp_memory_mib; Masters, Webapps: vendor template v2.3.5",
    )
    reserved_cpu = note(
        "reserved_cpu_units",
        sum(s.count * s.cpu_units for s in services),
        " + ".join(f"{s.count} {s.role} x {s.cpu_units}" for s in services)
        + f" CPU units ({data.CPU_UNITS_PER_VCPU} per vCPU)",
        "ours: Coreapps as coreapp_cpu_units; Masters and Webapps alike for every message type",
    )
    return _Hosts(host, services, host.name, host.vcpu, host.memory_gib,
                  rules.usable_host_memory_mib(host.memory_gib), reserved_mib,
                  host.vcpu * data.CPU_UNITS_PER_VCPU, reserved_cpu, coreapp.memory_mib,
                  coreapp.cpu_units, workload.MASTER.memory_mib, workload.MASTER.cpu_units,
                  workload.WEBAPP.memory_mib, workload.WEBAPP.cpu_units, tuple(note))


_Needed = namedtuple("_Needed", "hosts_by_memory hosts_by_cpu hosts_needed notes")


def _hosts_needed(hosts: _Hosts, containers: _Containers, isolate_coreapps: bool) -> _Needed:
    """Hosts to keep the reservations below the scale-out threshold, one per Master (and per
    isolated Coreapp), and as many more as placement needs to find room for every task."""
    masters, coreapps = containers.masters, containers.total_coreapps
    reserved_mib, usable_mib = hosts.reserved_memory_mib, hosts.usable_host_memory_mib
    reserved_cpu, host_cpu = hosts.reserved_cpu_units, hosts.host_cpu_units
    by_memory = rules.hosts_below_threshold(reserved_mib, usable_mib)
    by_cpu = rules.hosts_below_threshold(reserved_cpu, host_cpu)
    first_try = max(by_memory, by_cpu, masters)
    how = (
        f"max(memory ceil({reserved_mib} MiB / ({usable_mib} MiB x {data.SCALE_OUT_MEMORY_PCT} %)) "
        f"= {by_memory}, CPU ceil({reserved_cpu} units / ({host_cpu} units x "
        f"{data.SCALE_OUT_MEMORY_PCT} %)) = {by_cpu}, one host per Master ({masters})"
    )
    if isolate_coreapps:
        first_try = max(first_try, coreapps)
        how += f", one host per Coreapp ({coreapps})"
    how += ")"
    hosts_needed = _placed_hosts(hosts.services, first_try, usable_mib, host_cpu,
                                 data.AZ_COUNTS)
    if hosts_needed > first_try:
        how += (f", + {hosts_needed - first_try} so that spread placement finds room for every "
                f"container with {'/'.join(map(str, data.AZ_COUNTS))} AZs, and then for one "
                "more Coreapp and one more Webapp (a rolling update starts the new task before "
                "it stops the old; the database upgrade task is Coreapp-sized)")
    host = hosts.host
    rule = Rule(
        "hosts_needed",
        hosts_needed,
        how,
        f"ours: {data.USABLE_HOST_MEMORY_FRACTION:.0%} of {host.name}'s "
        f"{host.memory_gib:g} GiB and all its {host.vcpu} vCPU are left to tasks; the scale-out "
        "threshold applies to both",
    )
    return _Needed(by_memory, by_cpu, hosts_needed, (rule,))


@cache  # pure, and the templates' Mappings ask for the same fleets many times
def _placed_hosts(services: tuple[layout.Service, ...], hosts: int, usable_mib: int,
                  host_cpu: int, az_counts: tuple[int, ...]) -> int:
    """The fewest hosts, from `hosts` up, on which spread placement finds room for every task
    with each AZ count, and then for the extra tasks a running cluster must have room for."""
    extras = _room_for(services)
    while not layout.fits_everywhere(services, hosts, usable_mib, host_cpu, az_counts, extras):
        hosts += 1
    return hosts


_Fleet = namedtuple("_Fleet", "ec2_cap ec2_min ec2_desired ec2_max scale_out_memory_pct "
                    "scale_in_memory_pct hosts_vcpu hosts_memory_gib notes")


def _fleet(env: str, sharding: _Shards, hosts: _Hosts, needed: _Needed,
           message_type: str) -> _Fleet:
    """The Auto Scaling group: its cap, minimum, desired and maximum hosts, and its scaling."""
    note = _Notes()
    defaults = data.ENV_DEFAULTS[env]
    hosts_needed = needed.hosts_needed
    ec2_cap = note(
        "ec2_cap",
        data.EC2_MAX_BY_ACTIVE_COREAPPS.get(sharding.shards, defaults.ec2_max_single_shard),
        "caps table by active Coreapps (2->3, 4->4, 8->5, 16->8, 32->15); 1 shard: the "
        f"{env} HA maximum",
        "seed 000/001 Maximum EC2 Instances; vendor template",
    )
    note(
        "memory_scaling",
        (data.SCALE_OUT_MEMORY_PCT, data.SCALE_IN_MEMORY_PCT),
        f"cluster MemoryReservation average over {data.ALARM_PERIOD_S} s, "
        f"{data.ALARM_EVALUATION_PERIODS} period: > {data.SCALE_OUT_MEMORY_PCT} % adds a host, "
        f"< {data.SCALE_IN_MEMORY_PCT} % removes one, {data.SCALING_COOLDOWN_S} s cooldown",
        "vendor Enterprise template v2.3.5",
    )
    # Tasks that wait for a host (one per host, CPU, room) reserve no memory, so the memory
    # alarm would never add the hosts they wait for: start with all of them.
    pinned = hosts_needed > needed.hosts_by_memory
    ec2_min = note(
        "ec2_min",
        hosts_needed if pinned else defaults.ec2_min,
        f"{env} default {defaults.ec2_min}"
        + (", raised to hosts_needed: the memory alarm alone would not hold them"
           if pinned else ""),
        "seed 000/001 default instance counts",
    )
    ec2_desired = note(
        "ec2_desired",
        max(ec2_min, hosts_needed),
        "max(ec2_min, hosts_needed)",
        "ours: start with the fleet the memory alarm would settle on",
    )
    ec2_max = note("ec2_max", max(ec2_cap, hosts_needed), "max(ec2_cap, hosts_needed)",
                   "caps table, raised when too small")
    host = hosts.host
    note(
        "hosts_vcpu",
        ec2_desired * host.vcpu,
        _versus_vendor(sharding.vendor, message_type, sharding.shards, ec2_desired, host),
        vendor_v3.SOURCE,
    )
    return _Fleet(ec2_cap, ec2_min, ec2_desired, ec2_max, data.SCALE_OUT_MEMORY_PCT,
                  data.SCALE_IN_MEMORY_PCT, ec2_desired * host.vcpu,
                  ec2_desired * host.memory_gib, tuple(note))


_Database = namedtuple("_Database", "chosen estimated_connections required_connections "
                       "required_db_vcpu db_class db_rds_class db_class_note db_max_connections "
                       "db_vcpu db_memory_gib db_generation db_price_hour_usd db_instances "
                       "db_multi_az notes")


def _database(given: _Inputs, load: float, sharding: _Shards) -> _Database:
    """The connections the client opens, with headroom, and the cheapest class that takes
    them with the vCPU the load needs."""
    note = _Notes()
    ssl, engine, table, vendor = given.ssl, given.engine, given.table, sharding.vendor
    estimated = note(
        "estimated_connections",
        rules.estimated_connections(sharding.shards, load, ssl),
        f"({data.CONNECTIONS_BASE} + {data.CONNECTIONS_PER_ACTIVE_COREAPP} x active Coreapps "
        f"+ {data.CONNECTIONS_PER_MSG_S:g} x load msg/s)"
        + (f" x {data.CONNECTIONS_SSL_FACTOR:g} for SSL" if ssl else ""),
        "ours, fitted to seed 000: 700 / 1200 (SSL) at 8 x 100 msg/s, 1700 at 32 x 250 msg/s",
    )
    required = note("required_connections", rules.with_headroom(estimated, given.headroom_pct),
                    f"estimated x (1 + {given.headroom_pct:g} % headroom)", "ours")
    exact_vcpu = rules.required_db_vcpu(load)  # the pick uses it unrounded
    vcpu = note(
        "required_db_vcpu",
        math.ceil(exact_vcpu * 100 - 1e-9) / 100,  # shown rounded up: never below the floor
        f"load / {data.RATE_PER_DB_VCPU_MSG_S:g} msg/s per vCPU",
        "seed 000: 100-150 msg/s on db.m4.2xlarge (8 vCPU); vendor's 250 msg/s on 16 vCPU",
    )
    allow_burstable = given.env != "production"
    chosen = rules.pick_db_class(rules.candidate_classes(table, allow_burstable), engine,
                                 required, exact_vcpu)
    note(
        "db_class",
        chosen.name,
        f"cheapest {table}-table class"
        + ("" if allow_burstable else " (no burstable in production)")
        + " with >= required connections and >= required vCPU; vendor v3 at "
        f"{vendor.throughput} msg/s: {vendor_v3.DB_INSTANCES} x Aurora MySQL {vendor.db_class}",
        f"RDS class list; prices {data.PRICE_DATE} us-east-1 on-demand",
    )
    db_max = note("db_max_connections", rules.max_connections(engine, chosen), {
        "mysql": "round(memory x 10^9 / 12582880)",
        "postgres": "min(round(memory x 10^9 / 9531392), 5000)",
        "aurora-mysql": "Aurora MySQL published per-class table",
    }[engine], f"{engine} default max_connections")
    multi_az = data.ENV_DEFAULTS[given.env].multi_az
    db_instances = note("db_instances", 2 if multi_az else 1,
                        "writer + standby/reader in production, one in staging", "ours")
    return _Database(chosen, estimated, required, vcpu, chosen.name, chosen.rds_name,
                     chosen.note, db_max, chosen.vcpu, chosen.memory_gib, chosen.generation,
                     chosen.price_hour_usd, db_instances, multi_az, tuple(note))


_Cost = namedtuple("_Cost", "monthly_cost_usd monthly_cost_at_max_usd price_date cost_items "
                   "cost_left_out notes")


def _cost(given: _Inputs, host: data.HostType, database: _Database, fleet: _Fleet) -> _Cost:
    """A month at the desired hosts (and at the maximum): hosts, their disks, the database
    and the fixed items; None without a price for the host or the class."""
    note = _Notes()
    env, engine, az_count = given.env, given.engine, given.az_count
    chosen, db_instances = database.chosen, database.db_instances
    fixed = costs.fixed_items(env, engine, az_count)

    def total(hosts: int) -> float | None:
        if chosen.price_hour_usd is None or host.price_hour_usd is None:
            return None
        hourly = hosts * host.price_hour_usd + db_instances * chosen.price_hour_usd
        monthly = round(hourly * data.HOURS_PER_MONTH + costs.db_storage(engine, db_instances)
                        + costs.host_disks(hosts), 2)
        return round(monthly + sum(item.monthly_usd for item in fixed), 2)

    cost = note(
        "monthly_cost_usd",
        total(fleet.ec2_desired),
        "the cost items at ec2_desired hosts (and at ec2_max hosts), a month of "
        f"{data.HOURS_PER_MONTH} h; a new VPC and database, no reserved or savings plans",
        costs.sources(),
    )
    note(
        "cost_items",
        None,
        f"hosts x host price; a {data.HOST_ROOT_VOLUME_GIB} GiB gp3 root volume per host x "
        f"{costs.usd(data.PRICES['ebs_gp3'].usd)}/GB-month; {db_instances} DB x class price"
        + ("" if engine == "aurora-mysql" else
           f" + {data.DEFAULT_DB_STORAGE_GIB} GiB storage per DB") + "; "
        + costs.fixed_rule(env, engine, az_count),
        "counts: the synthesized stacks (tests/sizing/test_cost.py); prices: sizing/data.py "
        "PRICES",
    )
    hosts = fleet.ec2_desired
    items: tuple[tuple[str, int, float], ...] = () if cost is None else (
        ("hosts", hosts, round(hosts * host.price_hour_usd * data.HOURS_PER_MONTH, 2)),
        ("host disks", hosts, round(costs.host_disks(hosts), 2)),
        ("database", db_instances, round(db_instances * chosen.price_hour_usd
                                         * data.HOURS_PER_MONTH
                                         + costs.db_storage(engine, db_instances), 2)),
        *((i.name, i.count, round(i.monthly_usd, 2)) for i in fixed),
    )
    left_out = note("cost_left_out", costs.left_out(engine), "billed by use: traffic, stored "
                    "data, metrics that grow with tasks; each with its unit price",
                    costs.sources())
    return _Cost(cost, total(fleet.ec2_max), data.PRICE_DATE, items, left_out, tuple(note))


def _warnings(load: _Load, sharding: _Shards, hosts: _Hosts, needed: _Needed, fleet: _Fleet,
              database: _Database, cost: _Cost, isolate_coreapps: bool,
              spelling) -> tuple[str, ...]:
    """What the user should know: too few shards given, the vendor's limits, a raised EC2
    maximum, no price."""
    if spelling is None:
        from sizing.surfaces import as_context as spelling
    found = []
    capacity, load_msg_s = sharding.rate_capacity_msg_s, load.load_msg_s
    if sharding.given and capacity < load_msg_s:
        found.append(
            f"{sharding.shards} shards carry {capacity:g} msg/s, less than the load of "
            f"{load_msg_s:g} msg/s: use {spelling('shards', sharding.recommended)}")
    found += _vendor_warnings(load.rate_msg_s, load_msg_s)
    if needed.hosts_needed > fleet.ec2_cap:
        found.append(f"EC2 max raised from the cap {fleet.ec2_cap} to {needed.hosts_needed}: "
                     + _why_raised(hosts, needed, isolate_coreapps))
    if cost.monthly_cost_usd is None:
        found.append(f"no price known for {database.db_class}: cost not estimated")
    return tuple(found)


def _why_raised(hosts: _Hosts, needed: _Needed, isolate_coreapps: bool) -> str:
    """Why the hosts needed are more than the caps table allows."""
    if isolate_coreapps:
        return "one Coreapp per host"
    memory, cpu = hosts.coreapp_memory_mib, hosts.coreapp_cpu_units
    if needed.hosts_needed > max(needed.hosts_by_memory, needed.hosts_by_cpu):
        per_host = min(hosts.usable_host_memory_mib // memory, hosts.host_cpu_units // cpu)
        return (f"placement needs them to find room for every container (a {hosts.host_type} "
                f"holds at most {per_host} Coreapp{'s' if per_host > 1 else ''} of "
                f"{memory} MiB and {cpu} CPU units)")
    return (f"the capped fleet cannot hold {hosts.reserved_memory_mib} MiB and "
            f"{hosts.reserved_cpu_units} CPU units below {data.SCALE_OUT_MEMORY_PCT} %")
