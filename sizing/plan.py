"""plan(): the user's inputs in, one frozen Plan out. Everything else renders a Plan."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from sizing import data, rules
from sizing.inputs import (
    MAX_HEADROOM_PCT,
    MAX_SPARES,
    check_rate,
    parse_choice,
    parse_float,
    parse_int,
    parse_shards,
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
    # containers
    shards: int
    rate_capacity_msg_s: float
    active_coreapps: int
    spare_coreapps: int
    total_coreapps: int
    masters: int
    webapps: int
    # hosts
    host_type: str
    host_vcpu: int
    host_memory_gib: float
    usable_host_memory_mib: int
    reserved_memory_mib: int
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
    warnings: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = field(default=(), repr=False)

    def rule_for(self, key: str) -> Rule:
        return next(r for r in self.rules if r.key == key)

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
            ),
            "containers": (
                "shards",
                "rate_capacity_msg_s",
                "active_coreapps",
                "spare_coreapps",
                "total_coreapps",
                "masters",
                "webapps",
            ),
            "hosts": (
                "host_type",
                "host_vcpu",
                "host_memory_gib",
                "usable_host_memory_mib",
                "reserved_memory_mib",
                "hosts_needed",
                "ec2_cap",
                "ec2_min",
                "ec2_desired",
                "ec2_max",
                "scale_out_memory_pct",
                "scale_in_memory_pct",
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
            "cost": ("monthly_cost_usd", "monthly_cost_at_max_usd", "price_date"),
        }
        out: dict = {name: {k: flat[k] for k in keys} for name, keys in groups.items()}
        out["warnings"] = list(self.warnings)
        out["rules"] = {r.key: {"rule": r.rule, "source": r.source} for r in self.rules}
        return out


def _resolve_rate_and_shards(
    rate_msg_s: float | None, shards: int | None, warnings: list[str]
) -> tuple[float, int]:
    if shards is not None:
        parse_shards(shards)
    if rate_msg_s is not None:
        check_rate(rate_msg_s)
    if rate_msg_s is None:
        rate_msg_s = DEFAULT_RATE_MSG_S if shards is None else rules.rate_capacity_msg_s(shards)
    recommended = rules.shards_for_rate(rate_msg_s)
    if shards is None:
        return rate_msg_s, recommended
    if rules.rate_capacity_msg_s(shards) < rate_msg_s:
        warnings.append(
            f"{shards} shards carry {rules.rate_capacity_msg_s(shards):g} msg/s, less than "
            f"{rate_msg_s:g} msg/s: use --shards {recommended}"
        )
    return rate_msg_s, shards


def plan(
    rate_msg_s: float | None = None,
    shards: int | None = None,
    *,
    ssl: bool = data.DEFAULT_SSL,
    env: str = "production",
    engine: str = "mysql",
    spares: int = data.DEFAULT_SPARES,
    headroom_pct: float = data.DEFAULT_HEADROOM_PCT,
    message_type: str = "text",
    table: str = "current",
    isolate_coreapps: bool = False,
) -> Plan:
    """Size a cluster. Raises SizingError (one line) on bad input or an impossible plan."""
    parse_choice("env", env, data.ENVIRONMENTS)
    parse_choice("engine", engine, data.ENGINES)
    parse_choice("message type", message_type, data.MESSAGE_TYPES)
    parse_choice("table", table, data.TABLES)
    parse_int("spares", spares, 0, MAX_SPARES)
    parse_float("headroom", headroom_pct, 0, MAX_HEADROOM_PCT, " %")

    warnings: list[str] = []
    found: list[Rule] = []

    def note(key: str, value: object, rule: str, source: str) -> object:
        found.append(Rule(key, value, rule, source))
        return value

    defaults = data.ENV_DEFAULTS[env]
    rate_given = rate_msg_s is not None
    rate_msg_s, shards = _resolve_rate_and_shards(rate_msg_s, shards, warnings)
    note(
        "rate_msg_s",
        rate_msg_s,
        "given"
        if rate_given
        else f"default: the benchmark's {DEFAULT_RATE_MSG_S:g} msg/s, or what given shards carry",
        "user input" if rate_given else "seed 000 Message Send Rates",
    )
    capacity = rules.rate_capacity_msg_s(shards)
    note(
        "shards",
        shards,
        f"smallest of {'/'.join(map(str, data.SHARD_OPTIONS))} whose capacity "
        f"(shards x {data.RATE_PER_SHARD_MSG_S:g} msg/s) carries the rate, unless given",
        "seed 000: 100-150 msg/s with 8 active shards (low end used)",
    )

    # --- containers
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
        rules.webapps_for_rate(rate_msg_s, defaults.webapps),
        f"ceil(rate / {data.RATE_PER_WEBAPP_MSG_S:g} msg/s), at least the {env} default "
        f"{defaults.webapps}",
        "seed 003: at least 2 Webapps for 100-150 msg/s; vendor template env defaults",
    )

    # --- hosts
    host = data.HOST_TYPES[data.HOST_TYPE_BY_MESSAGE_TYPE[message_type]]
    note(
        "host_type",
        host.name,
        f"host type for {message_type} messages",
        "ours, after vendor v3 (c5 family; bigger media, bigger hosts)",
    )
    usable_mib = rules.usable_host_memory_mib(host.memory_gib)
    reserved_mib = note(
        "reserved_memory_mib",
        total_coreapps * data.COREAPP_MEMORY_MIB
        + masters * data.MASTER_MEMORY_MIB
        + webapps * data.WEBAPP_MEMORY_MIB,
        f"{total_coreapps} Coreapps x {data.COREAPP_MEMORY_MIB} + {masters} Masters x "
        f"{data.MASTER_MEMORY_MIB} + {webapps} Webapps x {data.WEBAPP_MEMORY_MIB} MiB",
        "vendor template v2.3.5 memory reservations",
    )
    by_memory = rules.hosts_below_threshold(reserved_mib, usable_mib)
    hosts_needed = max(by_memory, masters)
    how = (
        f"ceil({reserved_mib} MiB / ({usable_mib} MiB usable x "
        f"{data.SCALE_OUT_MEMORY_PCT} %)) = {by_memory}, at least one host per Master"
    )
    if isolate_coreapps:
        hosts_needed = max(hosts_needed, total_coreapps)
        how += f", one host per Coreapp ({total_coreapps})"
    note(
        "hosts_needed",
        hosts_needed,
        how,
        f"ours: {data.USABLE_HOST_MEMORY_FRACTION:.0%} of {host.name}'s "
        f"{host.memory_gib:g} GiB is left to tasks",
    )
    ec2_cap = note(
        "ec2_cap",
        data.EC2_MAX_BY_ACTIVE_COREAPPS.get(shards, defaults.ec2_max_single_shard),
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
    ec2_min = defaults.ec2_min
    if isolate_coreapps:
        # With one Coreapp per host, unplaced tasks reserve no memory, so the memory alarm
        # would never add the hosts they wait for: start with all of them.
        ec2_min = hosts_needed
    note(
        "ec2_min",
        ec2_min,
        f"{env} default {defaults.ec2_min}"
        + (", raised to one host per Coreapp" if isolate_coreapps else ""),
        "seed 000/001 default instance counts",
    )
    ec2_desired = note(
        "ec2_desired",
        max(ec2_min, hosts_needed),
        "max(ec2_min, hosts_needed)",
        "ours: start with the fleet the memory alarm would settle on",
    )
    ec2_max = max(ec2_cap, hosts_needed)
    if hosts_needed > ec2_cap:
        why = (
            "one Coreapp per host"
            if isolate_coreapps
            else f"the capped fleet cannot hold {reserved_mib} MiB below "
            f"{data.SCALE_OUT_MEMORY_PCT} %"
        )
        warnings.append(f"EC2 max raised from the cap {ec2_cap} to {hosts_needed}: {why}")
    note("ec2_max", ec2_max, "max(ec2_cap, hosts_needed)", "caps table, raised when too small")

    # --- database
    estimated = note(
        "estimated_connections",
        rules.estimated_connections(shards, rate_msg_s, ssl),
        f"({data.CONNECTIONS_BASE} + {data.CONNECTIONS_PER_ACTIVE_COREAPP} x active Coreapps "
        f"+ {data.CONNECTIONS_PER_MSG_S:g} x msg/s)"
        + (f" x {data.CONNECTIONS_SSL_FACTOR:g} for SSL" if ssl else ""),
        "ours, fitted to seed 000: 700 / 1200 (SSL) at 8 x 100 msg/s, 1700 at 32 x 250 msg/s",
    )
    required = note(
        "required_connections",
        rules.with_headroom(estimated, headroom_pct),
        f"estimated x (1 + {headroom_pct:g} % headroom)",
        "ours",
    )
    exact_vcpu = rules.required_db_vcpu(rate_msg_s)  # the pick uses it unrounded
    vcpu = note(
        "required_db_vcpu",
        math.ceil(exact_vcpu * 100 - 1e-9) / 100,  # shown rounded up: never below the floor
        f"rate / {data.RATE_PER_DB_VCPU_MSG_S:g} msg/s per vCPU",
        "seed 000: 100-150 msg/s on db.m4.2xlarge (8 vCPU); vendor's 250 msg/s on 16 vCPU",
    )
    allow_burstable = env != "production"
    candidates = rules.candidate_classes(table, allow_burstable)
    chosen = rules.pick_db_class(candidates, engine, required, exact_vcpu)
    note(
        "db_class",
        chosen.name,
        f"cheapest {table}-table class"
        + ("" if allow_burstable else " (no burstable in production)")
        + " with >= required connections and >= required vCPU",
        f"RDS class list; prices {data.PRICE_DATE} us-east-1 on-demand",
    )
    db_max = rules.max_connections(engine, chosen)
    note(
        "db_max_connections",
        db_max,
        {
            "mysql": "round(memory x 10^9 / 12582880)",
            "postgres": "min(round(memory x 10^9 / 9531392), 5000)",
            "aurora-mysql": "Aurora MySQL published per-class table",
        }[engine],
        f"{engine} default max_connections",
    )
    multi_az = defaults.multi_az
    db_instances = note(
        "db_instances",
        2 if multi_az else 1,
        "writer + standby/reader in production, one in staging",
        "ours",
    )

    # --- cost
    def monthly(hosts: int) -> float | None:
        if chosen.price_hour_usd is None or host.price_hour_usd is None:
            return None
        hourly = hosts * host.price_hour_usd + db_instances * chosen.price_hour_usd
        storage = db_instances * data.DEFAULT_DB_STORAGE_GIB * data.DB_STORAGE_PRICE_GIB_MONTH_USD
        return round(hourly * data.HOURS_PER_MONTH + storage, 2)

    cost = note(
        "monthly_cost_usd",
        monthly(ec2_desired),
        f"({ec2_desired} hosts x host price + {db_instances} DB x class price) x "
        f"{data.HOURS_PER_MONTH} h + {data.DEFAULT_DB_STORAGE_GIB} GiB storage per DB; "
        "excludes EFS, load balancer, NAT and data transfer",
        f"us-east-1 on-demand list prices, {data.PRICE_DATE}",
    )
    if cost is None:
        warnings.append(f"no price known for {chosen.name}: cost not estimated")

    return Plan(
        rate_msg_s=rate_msg_s,
        ssl=ssl,
        env=env,
        engine=engine,
        headroom_pct=headroom_pct,
        message_type=message_type,
        table=table,
        isolate_coreapps=isolate_coreapps,
        spares=spares,
        shards=shards,
        rate_capacity_msg_s=capacity,
        active_coreapps=shards,
        spare_coreapps=total_coreapps - shards,
        total_coreapps=total_coreapps,
        masters=masters,
        webapps=webapps,
        host_type=host.name,
        host_vcpu=host.vcpu,
        host_memory_gib=host.memory_gib,
        usable_host_memory_mib=usable_mib,
        reserved_memory_mib=reserved_mib,
        hosts_needed=hosts_needed,
        ec2_cap=ec2_cap,
        ec2_min=ec2_min,
        ec2_desired=ec2_desired,
        ec2_max=ec2_max,
        scale_out_memory_pct=data.SCALE_OUT_MEMORY_PCT,
        scale_in_memory_pct=data.SCALE_IN_MEMORY_PCT,
        estimated_connections=estimated,
        required_connections=required,
        required_db_vcpu=vcpu,
        db_class=chosen.name,
        db_rds_class=chosen.rds_name,
        db_class_note=chosen.note,
        db_max_connections=db_max,
        db_vcpu=chosen.vcpu,
        db_memory_gib=chosen.memory_gib,
        db_generation=chosen.generation,
        db_price_hour_usd=chosen.price_hour_usd,
        db_instances=db_instances,
        db_multi_az=multi_az,
        monthly_cost_usd=cost,
        monthly_cost_at_max_usd=monthly(ec2_max),
        price_date=data.PRICE_DATE,
        warnings=tuple(warnings),
        rules=tuple(found),
    )
