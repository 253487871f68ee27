"""Small sizing rules. Each takes plain numbers and returns plain numbers; plan() composes them."""

from __future__ import annotations

import math
from functools import cache

from sizing import data
from sizing.data import DbClass
from sizing.errors import SizingError


def rate_capacity_msg_s(shards: int) -> float:
    """Rate a shard count carries, at the benchmark's per-shard figure."""
    return shards * data.RATE_PER_SHARD_MSG_S


def shards_for_rate(rate_msg_s: float) -> int:
    """Smallest shard option that carries the rate."""
    for shards in data.SHARD_OPTIONS:
        if rate_capacity_msg_s(shards) >= rate_msg_s:
            return shards
    top = data.SHARD_OPTIONS[-1]
    raise SizingError(
        f"rate {rate_msg_s:g} msg/s is beyond what {top} shards carry: allowed 0 < rate <= "
        f"{rate_capacity_msg_s(top):g} msg/s ({data.RATE_PER_SHARD_MSG_S:g} msg/s per shard)"
    )


def estimated_connections(active_coreapps: int, rate_msg_s: float, ssl: bool) -> int:
    """DB connections the cluster holds: a fixed pool, one per active Coreapp, one per msg/s."""
    plain = (
        data.CONNECTIONS_BASE
        + data.CONNECTIONS_PER_ACTIVE_COREAPP * active_coreapps
        + data.CONNECTIONS_PER_MSG_S * rate_msg_s
    )
    return math.ceil(plain * (data.CONNECTIONS_SSL_FACTOR if ssl else 1.0))


def with_headroom(value: float, headroom_pct: float) -> int:
    return math.ceil(value * (1 + headroom_pct / 100))


def required_db_vcpu(rate_msg_s: float) -> float:
    """vCPU floor: the benchmark DB carried 150 msg/s on 8 vCPU."""
    return rate_msg_s / data.RATE_PER_DB_VCPU_MSG_S


def webapps_for_rate(rate_msg_s: float, env_minimum: int) -> int:
    return max(env_minimum, math.ceil(rate_msg_s / data.RATE_PER_WEBAPP_MSG_S))


def max_connections(engine: str, db_class: DbClass) -> int | None:
    """The engine's default max_connections for a class, or None if the engine lacks it."""
    table_bytes = db_class.memory_gib * data.BYTES_PER_TABLE_GIB
    if engine == "mysql":
        return round(table_bytes / data.MYSQL_BYTES_PER_CONNECTION)
    if engine == "postgres":
        return min(
            round(table_bytes / data.POSTGRES_BYTES_PER_CONNECTION),
            data.POSTGRES_MAX_CONNECTIONS_CAP,
        )
    if engine == "aurora-mysql":
        if db_class.family not in data.AURORA_FAMILIES:
            return None
        return data.AURORA_MYSQL_MAX_CONNECTIONS_BY_SIZE.get(db_class.size)
    raise SizingError(f"engine {engine!r} is unknown: allowed {', '.join(data.ENGINES)}")


@cache
def candidate_classes(table: str, allow_burstable: bool) -> tuple[DbClass, ...]:
    by_table = {
        "current": data.CURRENT_CLASSES,
        "seed": data.SEED_CLASSES,
        "all": data.ALL_CLASSES,
    }
    if table not in by_table:
        raise SizingError(f"table {table!r} is unknown: allowed {', '.join(data.TABLES)}")
    return tuple(c for c in by_table[table] if allow_burstable or not c.burstable)


def pick_key(db_class: DbClass) -> tuple:
    """Cheapest first where a price is known; unpriced classes after, smallest memory first."""
    priced = db_class.price_hour_usd is not None
    return (
        0 if priced else 1,
        db_class.price_hour_usd if priced else 0.0,
        db_class.memory_gib,
        db_class.vcpu,
        db_class.name,
    )


@cache
def _ranked(engine: str, candidates: tuple[DbClass, ...]) -> tuple[tuple[DbClass, int], ...]:
    """The candidates that run the engine with their max_connections, in pick order."""
    usable = ((c, max_connections(engine, c)) for c in candidates)
    return tuple(sorted(((c, m) for c, m in usable if m is not None),
                        key=lambda pair: pick_key(pair[0])))


def pick_db_class(
    candidates: tuple[DbClass, ...], engine: str, connections: int, vcpu: float
) -> DbClass:
    """Cheapest candidate with enough connections and vCPU; ties go to the smaller class."""
    usable = _ranked(engine, candidates)
    for db_class, most in usable:
        if most >= connections and db_class.vcpu >= vcpu:
            return db_class
    if not usable:
        raise SizingError(f"no class in this table runs engine {engine}")
    largest, most = max(usable, key=lambda pair: (pair[1], pair[0].vcpu))
    raise SizingError(
        f"no DB class is large enough: need {connections} connections and {vcpu:.1f} vCPU "
        f"({engine}); the largest available is {largest.name} with "
        f"{most} connections and {largest.vcpu} vCPU"
    )


def usable_host_memory_mib(host_memory_gib: float) -> int:
    return math.floor(host_memory_gib * 1024 * data.USABLE_HOST_MEMORY_FRACTION)


def hosts_below_threshold(reserved_mib: int, usable_mib: int) -> int:
    """Hosts needed so the average reservation stays at or below the scale-out threshold."""
    return math.ceil(reserved_mib / (usable_mib * data.SCALE_OUT_MEMORY_PCT / 100))
