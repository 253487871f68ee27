"""Independent oracles for plan(): hand-computed tables and a brute-force DB class search.

Nothing here imports sizing.rules or reuses the planner's ranking. Each expected value comes from
the sources: the seed's tables and figures (seed 000, docs/sources.md), the vendor figures in
SPEC.md and the rule table in README "How each number is decided" (which states the figures that
are ours: 12.5 msg/s per shard, 75 msg/s per Webapp, 18.75 msg/s per DB vCPU, the connection
model 552 + 6 x Coreapps + 1 x msg/s, x 1.7 with SSL, 25 % headroom, 90 % usable host memory).
The only thing read from sizing/ is data: the raw RDS class list (name, vCPU, memory, price).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sizing import SizingError, data, plan
from tests.sizing.seed_tables import SEED_FIGURES

# --- Figures written out from their sources -------------------------------------------------

# Seed 000 "RDS Instance Sizing", as printed.
SEED_CONNECTION_TABLE = SEED_FIGURES
# SPEC: Aurora MySQL's published per-class figures, the guide's two columns in its order. Typed
# here again on purpose (not read from sizing/data.py), so a slip in either copy fails a test.
AURORA_BY_SIZE = dict(
    zip(
        ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"),
        (1000, 2000, 3000, 4000, 5000, 6000, 6000, 7000),
        strict=True,
    )
)
SHARD_OPTIONS = (1, 2, 4, 8, 16, 32)  # seed 000: POST /v1/account/shards options
MSG_S_PER_DB_VCPU = 150 / 8  # seed 000: 150 msg/s (top of the range) on db.m4.2xlarge, 8 vCPU


# --- Oracle: the DB class, by brute force over the raw class list ---------------------------


def _family_and_size(db_class: data.DbClass) -> tuple[str, str]:
    # The class RDS knows ("db.r4.8xlarge" for the seed's "db.r4.10xlarge", SPEC).
    _, family, size = db_class.rds_name.split(".")
    return family, size


def oracle_max_connections(engine: str, db_class: data.DbClass) -> int | None:
    """The engine's default max_connections, from SPEC; None if the engine cannot run the class.

    sizing/data.py keeps memory in "GiB" as the class lists print it, and SPEC says the seed's
    table counts that GiB as 10^9 bytes: every figure = round(GiB x 10^9 / 12,582,880).
    """
    memory_bytes = db_class.memory_gib * 10**9
    if engine == "mysql":  # {DBInstanceClassMemory/12582880}
        return math.floor(memory_bytes / 12_582_880 + 0.5)
    if engine == "postgres":  # LEAST({DBInstanceClassMemory/9531392}, 5000)
        return min(math.floor(memory_bytes / 9_531_392 + 0.5), 5000)
    # Aurora MySQL: only the memory-optimised r families; the SPEC's table starts at "large"
    # and has no figures for the burstable t classes, and Aurora has no m classes. Aurora
    # MySQL 3 (the version deployed) runs r5 and later: not the seed's r3 and r4.
    family, size = _family_and_size(db_class)
    if not family.startswith("r") or family in ("r3", "r4"):
        return None
    return AURORA_BY_SIZE.get(size)


def oracle_db_class(
    connections: int, vcpu: float, engine: str, table: str, env: str
) -> data.DbClass | None:
    """The cheapest class with >= connections and >= vCPU, or None when none is large enough.

    README: current generation by default, "seed" = the seed's table, "all" = both; no burstable
    (t) class in production; cheapest by on-demand price; classes without a known price rank
    after priced ones; ties go to the smaller class: less memory, then fewer vCPU, then (for a
    deterministic answer) the name.
    """
    pool = {
        "current": data.CURRENT_CLASSES,
        "seed": data.SEED_CLASSES,
        "all": data.CURRENT_CLASSES + data.SEED_CLASSES,
    }[table]
    feasible = []
    for db_class in pool:
        if env == "production" and _family_and_size(db_class)[0].startswith("t"):
            continue
        most = oracle_max_connections(engine, db_class)
        if most is None or most < connections or db_class.vcpu < vcpu:
            continue
        feasible.append(db_class)
    if not feasible:
        return None
    priced = [c for c in feasible if c.price_hour_usd is not None]
    if priced:
        lowest = min(c.price_hour_usd for c in priced)
        feasible = [c for c in priced if c.price_hour_usd == lowest]
    smallest = min(c.memory_gib for c in feasible)
    feasible = [c for c in feasible if c.memory_gib == smallest]
    fewest = min(c.vcpu for c in feasible)
    return min((c for c in feasible if c.vcpu == fewest), key=lambda c: c.name)


# --- Oracle: the required connections, from the README's formula ----------------------------


def readme_estimate(active_coreapps: int, rate: float, ssl: bool) -> int:
    plain = 552 + 6 * active_coreapps + rate
    return math.ceil(plain * 1.7) if ssl else math.ceil(plain)


def readme_required(estimate: int, headroom_pct: float) -> int:
    return math.ceil(estimate * (1 + headroom_pct / 100))


def readme_shards(rate: float) -> int:
    return next(s for s in SHARD_OPTIONS if s * 12.5 >= rate)


# --- The oracle itself, held against its sources --------------------------------------------


@pytest.mark.parametrize("db_class", data.SEED_CLASSES, ids=lambda c: c.name)
def test_oracle_formula_reproduces_the_seed_connection_table(db_class):
    assert oracle_max_connections("mysql", db_class) == SEED_CONNECTION_TABLE[db_class.name]


def test_oracle_reads_every_seed_class_and_its_known_current_figures():
    assert {c.name for c in data.SEED_CLASSES} == set(SEED_CONNECTION_TABLE)
    by_name = {c.name: c for c in data.CURRENT_CLASSES}
    # memory from the RDS class lists: m6g.large 8 GiB, r6g.large 16, m6g.4xlarge 64
    assert oracle_max_connections("mysql", by_name["db.m6g.large"]) == 636
    assert oracle_max_connections("postgres", by_name["db.m6g.large"]) == 839  # 8e9/9531392
    assert oracle_max_connections("postgres", by_name["db.r6g.large"]) == 1679  # 16e9/9531392
    assert oracle_max_connections("postgres", by_name["db.m6g.4xlarge"]) == 5000  # 6715 capped
    assert oracle_max_connections("aurora-mysql", by_name["db.r6g.4xlarge"]) == 4000
    assert oracle_max_connections("aurora-mysql", by_name["db.m6g.4xlarge"]) is None


def test_oracle_picks_the_vendors_own_classes_from_the_seed_table():
    # seed 000: db.m4.2xlarge for 8 active Coreapps at 100 msg/s, no SSL (~700 connections);
    # db.m4.4xlarge for 32 at 250 msg/s, SSL (~1700); vCPU floors 100/18.75 and 250/18.75.
    assert oracle_db_class(700, 100 / 18.75, "mysql", "seed", "production").name == (
        "db.m4.2xlarge"
    )
    assert oracle_db_class(1700, 250 / 18.75, "mysql", "seed", "production").name == (
        "db.m4.4xlarge"
    )


# --- Literal plan tables, computed by hand ---------------------------------------------------
# Host memory for tasks: floor(GiB x 1024 x 0.9): c5.large 4 GiB -> floor(3686.4) = 3686 MiB,
# c5.xlarge 8 -> floor(7372.8) = 7372, c5.2xlarge 16 -> floor(14745.6) = 14745. At the 85 %
# scale-out threshold a host holds 3686 x 0.85 = 3133.1 MiB (c5.large), 6266.2 (c5.xlarge),
# 12533.25 (c5.2xlarge). Memory: Coreapp 1024, Master 1024, Webapp 512 MiB (vendor v2.3.5).
# Caps (seed 000): 2->3, 4->4, 8->5, 16->8, 32->15; 1 shard: production 4, staging 3.
# Env defaults (seed 000): production EC2 3, Web 3, Coreapp 3, Master 3; staging 2/2/2/2.
# Prices (USD/h): m6g.large 0.152 (xlarge 0.304, 2xlarge 0.608, 4xlarge 1.216, 8xlarge 2.432),
# m5/m6i 0.171 per large, r6g.large 0.225 (xlarge 0.45), r5/r6i 0.25, t4g 0.065/0.129/0.258/
# 0.517, t3 0.068/0.136/0.272/0.544, m4.2xlarge 0.70, m3.2xlarge 0.74, r4.2xlarge 0.96,
# m4.4xlarge 1.40, r4.4xlarge 1.92, t2.2xlarge 0.544. MySQL max connections by memory:
# 8 GiB 636, 16 GiB 1272, 32 GiB 2543, 64 GiB 5086, 128 GiB 10173.


class Expect(NamedTuple):
    shards: int
    total_coreapps: int
    masters: int
    webapps: int
    host_type: str
    reserved_memory_mib: int
    hosts_needed: int
    ec2_cap: int
    ec2: tuple[int, int, int]  # min, desired, max
    estimated_connections: int
    required_connections: int
    db_class: str
    db_max_connections: int


def _actual(p) -> Expect:
    return Expect(
        p.shards,
        p.total_coreapps,
        p.masters,
        p.webapps,
        p.host_type,
        p.reserved_memory_mib,
        p.hosts_needed,
        p.ec2_cap,
        (p.ec2_min, p.ec2_desired, p.ec2_max),
        p.estimated_connections,
        p.required_connections,
        p.db_class,
        p.db_max_connections,
    )


def _case(case_id: str, kwargs: dict, *expected):
    # one row per case: the id, plan()'s inputs, then Expect's fields in order
    return pytest.param(kwargs, Expect(*expected), id=case_id)


PLAN_TABLE = [
    # Seed benchmark, README sample 1 (100 msg/s, SSL on, production, mysql, current).
    # shards: 100 / 12.5 = 8 -> 8; Coreapps 8 + 1 = 9; Masters 3; Webapps max(3, ceil(100/75)=2)
    # = 3; memory 9x1024 + 3x1024 + 3x512 = 13824 -> ceil(13824/3133.1 = 4.41) = 5 hosts;
    # cap(8) = 5; EC2 3 / max(3,5) = 5 / max(5,5) = 5.
    # connections (552 + 6x8 + 100) = 700 x 1.7 = 1190; x 1.25 = 1487.5 -> 1488;
    # vCPU 100/18.75 = 5.33 -> an 8-vCPU class: m6g.2xlarge 0.608 (2543) is the cheapest.
    _case("benchmark-100-ssl", {},
        8, 9, 3, 3, "c5.large", 13824, 5, 5, (3, 5, 5), 1190, 1488, "db.m6g.2xlarge", 2543),
    # As above without TLS: 700 (the seed's figure) x 1.25 = 875; still the vCPU floor decides.
    _case("benchmark-100-plain", {"rate_msg_s": 100, "ssl": False},
        8, 9, 3, 3, "c5.large", 13824, 5, 5, (3, 5, 5), 700, 875, "db.m6g.2xlarge", 2543),
    # The seed's own table: 8-vCPU non-burstable seed classes are m4.2xlarge 0.70, m3.2xlarge
    # 0.74, r4.2xlarge 0.96 -> db.m4.2xlarge, the vendor's choice.
    _case("seed-table-100", {"rate_msg_s": 100, "shards": 8, "ssl": False, "table": "seed"},
        8, 9, 3, 3, "c5.large", 13824, 5, 5, (3, 5, 5), 700, 875, "db.m4.2xlarge", 2543),
    # README sample 2: 250 msg/s on 32 shards, SSL. Coreapps 33; Webapps ceil(250/75 = 3.33) = 4;
    # memory 33x1024 + 3x1024 + 4x512 = 38912 -> ceil(38912/3133.1 = 12.42) = 13 hosts; cap 15.
    # (552 + 192 + 250) = 994 x 1.7 = 1689.8 -> 1690; x 1.25 = 2112.5 -> 2113;
    # vCPU 250/18.75 = 13.33 -> 16 vCPU: m6g.4xlarge 1.216 (5086).
    _case("readme-250-32", {"rate_msg_s": 250, "shards": 32, "ssl": True},
        32, 33, 3, 4, "c5.large", 38912, 13, 15, (3, 13, 15), 1690, 2113, "db.m6g.4xlarge", 5086),
    # Same on the seed's table: 16 vCPU seed classes m4.4xlarge 1.40, r4.4xlarge 1.92 ->
    # db.m4.4xlarge, the vendor's 32-Coreapp choice.
    _case("seed-table-250-32", {"rate_msg_s": 250, "shards": 32, "ssl": True, "table": "seed"},
        32, 33, 3, 4, "c5.large", 38912, 13, 15, (3, 13, 15), 1690, 2113, "db.m4.4xlarge", 5086),
    # 75 msg/s: 75/12.5 = 6 -> next option 8 shards; Webapps max(3, ceil(1.0) = 1) = 3; hosts as
    # the benchmark. (552 + 48 + 75) = 675 x 1.7 = 1147.5 -> 1148; x 1.25 = 1435.
    # vCPU 75/18.75 = 4.0 exactly: a 4-vCPU class must do. m6g.xlarge 0.304 and m5/m6i.xlarge
    # 0.342 hold 1272 < 1435; r6g.xlarge 0.45 holds 2543 -> db.r6g.xlarge.
    _case("75-ssl", {"rate_msg_s": 75},
        8, 9, 3, 3, "c5.large", 13824, 5, 5, (3, 5, 5), 1148, 1435, "db.r6g.xlarge", 2543),
    # 75 msg/s without TLS: 675 x 1.25 = 843.75 -> 844; 4 vCPU: m6g.xlarge 0.304 (1272).
    _case("75-plain", {"rate_msg_s": 75, "ssl": False},
        8, 9, 3, 3, "c5.large", 13824, 5, 5, (3, 5, 5), 675, 844, "db.m6g.xlarge", 1272),
    # 75 msg/s staging: Masters 2, Webapps max(2, 1) = 2; memory 9x1024 + 2x1024 + 2x512 = 12288
    # -> ceil(12288/3133.1 = 3.92) = 4 hosts; EC2 2/4/5. 1435 connections on 4 vCPU, burstable
    # allowed: t4g.xlarge 0.258 and t3.xlarge 0.272 hold 1272 (16 GiB), m6g.xlarge too;
    # r6g.xlarge 0.45 beats t4g.2xlarge 0.517 -> db.r6g.xlarge.
    _case("75-staging-ssl", {"rate_msg_s": 75, "env": "staging"},
        8, 9, 2, 2, "c5.large", 12288, 4, 5, (2, 4, 5), 1148, 1435, "db.r6g.xlarge", 2543),
    # 150 msg/s: 150/12.5 = 12 -> 16 shards; Coreapps 17; Webapps max(3, 2) = 3; memory
    # 17x1024 + 3x1024 + 3x512 = 22016 -> ceil(22016/3133.1 = 7.03) = 8 hosts; cap(16) = 8.
    # (552 + 96 + 150) = 798 x 1.7 = 1356.6 -> 1357; x 1.25 = 1696.25 -> 1697;
    # vCPU 150/18.75 = 8.0 exactly -> 8 vCPU: m6g.2xlarge 0.608 (2543).
    _case("150-ssl", {"rate_msg_s": 150},
        16, 17, 3, 3, "c5.large", 22016, 8, 8, (3, 8, 8), 1357, 1697, "db.m6g.2xlarge", 2543),
    # 150 msg/s staging, no TLS: Masters 2, Webapps max(2, 2) = 2; memory 17x1024 + 2x1024 +
    # 2x512 = 20480 -> ceil(20480/3133.1 = 6.54) = 7 hosts; EC2 2/7/8. 798 x 1.25 = 997.5 ->
    # 998; 8 vCPU with burstable: t4g.2xlarge 0.517 (32 GiB, 2543) -> db.t4g.2xlarge.
    _case("150-staging-plain", {"rate_msg_s": 150, "ssl": False, "env": "staging"},
        16, 17, 2, 2, "c5.large", 20480, 7, 8, (2, 7, 8), 798, 998, "db.t4g.2xlarge", 2543),
    # 300 msg/s: 300/12.5 = 24 -> 32 shards; Coreapps 33; Webapps max(3, ceil(4.0)) = 4; memory
    # 33x1024 + 3x1024 + 4x512 = 38912 -> 13 hosts; cap 15. (552 + 192 + 300) = 1044 x 1.7 =
    # 1774.8 -> 1775; x 1.25 = 2218.75 -> 2219; vCPU 300/18.75 = 16.0 exactly -> m6g.4xlarge.
    _case("300-ssl", {"rate_msg_s": 300},
        32, 33, 3, 4, "c5.large", 38912, 13, 15, (3, 13, 15), 1775, 2219, "db.m6g.4xlarge", 5086),
    # 300 msg/s staging, no TLS: Masters 2, Webapps 4; memory 33792 + 2048 + 2048 = 37888 ->
    # ceil(37888/3133.1 = 12.09) = 13; EC2 2/13/15. 1044 x 1.25 = 1305; 16 vCPU: burstable stops
    # at 8 vCPU, so m6g.4xlarge 1.216.
    _case("300-staging-plain", {"rate_msg_s": 300, "ssl": False, "env": "staging"},
        32, 33, 2, 4, "c5.large", 37888, 13, 15, (2, 13, 15), 1044, 1305, "db.m6g.4xlarge", 5086),
    # 1 shard (rate 12.5): Coreapps max(1 + 1, 3) = 3; Webapps 3; memory 3x1024 + 3x1024 + 3x512
    # = 7680 -> ceil(2.45) = 3 hosts; cap: production HA max 4. (552 + 6 + 12.5) = 570.5 x 1.7 =
    # 969.85 -> 970; x 1.25 = 1212.5 -> 1213; vCPU 0.67: m6g.large/m5.large hold 636;
    # r6g.large 0.225 holds 1272.
    _case("1-shard", {"shards": 1},
        1, 3, 3, 3, "c5.large", 7680, 3, 4, (3, 3, 4), 970, 1213, "db.r6g.large", 1272),
    # 2 shards (rate 25): Coreapps max(3, 3) = 3; memory 7680 -> 3 hosts; cap(2) = 3.
    # (552 + 12 + 25) = 589 x 1.7 = 1001.3 -> 1002; x 1.25 = 1252.5 -> 1253 <= 1272: r6g.large.
    _case("2-shards", {"shards": 2},
        2, 3, 3, 3, "c5.large", 7680, 3, 3, (3, 3, 3), 1002, 1253, "db.r6g.large", 1272),
    # 4 shards (rate 50): Coreapps 5; memory 5x1024 + 3072 + 1536 = 9728 -> ceil(3.10) = 4;
    # cap(4) = 4. (552 + 24 + 50) = 626 x 1.7 = 1064.2 -> 1065; x 1.25 = 1331.25 -> 1332;
    # vCPU 2.67 -> 4 vCPU: m6g.xlarge holds 1272 < 1332; r6g.xlarge 0.45.
    _case("4-shards", {"shards": 4},
        4, 5, 3, 3, "c5.large", 9728, 4, 4, (3, 4, 4), 1065, 1332, "db.r6g.xlarge", 2543),
    # 16 shards (rate 200): Coreapps 17; Webapps max(3, ceil(2.67) = 3) = 3; memory 22016 -> 8;
    # cap 8. (552 + 96 + 200) = 848 x 1.7 = 1441.6 -> 1442; x 1.25 = 1802.5 -> 1803;
    # vCPU 10.67 -> 16 vCPU: m6g.4xlarge.
    _case("16-shards", {"shards": 16},
        16, 17, 3, 3, "c5.large", 22016, 8, 8, (3, 8, 8), 1442, 1803, "db.m6g.4xlarge", 5086),
    # 32 shards (rate 400): Webapps ceil(5.33) = 6; memory 33792 + 3072 + 6x512 = 39936 ->
    # ceil(12.75) = 13; cap 15. (552 + 192 + 400) = 1144 x 1.7 = 1944.8 -> 1945; x 1.25 =
    # 2431.25 -> 2432; vCPU 21.33 -> 32 vCPU: m6g.8xlarge 2.432 (128 GiB, 10173).
    _case("32-shards", {"shards": 32},
        32, 33, 3, 6, "c5.large", 39936, 13, 15, (3, 13, 15), 1945, 2432, "db.m6g.8xlarge", 10173),
    # Spares 0 on 4 shards: Coreapps max(4 + 0, 3) = 4; memory 4096 + 3072 + 1536 = 8704 ->
    # ceil(2.78) = 3 hosts; EC2 3/3/4. Connections and DB as for 4 shards.
    _case("4-shards-0-spares", {"shards": 4, "spares": 0},
        4, 4, 3, 3, "c5.large", 8704, 3, 4, (3, 3, 4), 1065, 1332, "db.r6g.xlarge", 2543),
    # Spares 0 on 1 shard in staging: Coreapps max(1, 2) = 2; Masters 2; Webapps 2; memory
    # 2048 + 2048 + 1024 = 5120 -> ceil(1.63) = 2; cap: staging HA max 3. No TLS:
    # (552 + 6 + 12.5) = 570.5 -> 571; x 1.25 = 713.75 -> 714: t4g.large/t3.large/m6g.large hold
    # 636, r6g.large 0.225 (1272) beats t4g.xlarge 0.258 -> db.r6g.large.
    _case("1-shard-staging-0-spares", {"shards": 1, "spares": 0, "env": "staging", "ssl": False},
        1, 2, 2, 2, "c5.large", 5120, 2, 3, (2, 2, 3), 571, 714, "db.r6g.large", 1272),
    # 3 spares on 8 shards, no TLS: Coreapps 11; memory 11264 + 3072 + 1536 = 15872 ->
    # ceil(5.07) = 6 > cap 5, so EC2 max raised to 6. 700 x 1.25 = 875 on 8 vCPU.
    _case("8-shards-3-spares", {"shards": 8, "spares": 3, "ssl": False},
        8, 11, 3, 3, "c5.large", 15872, 6, 5, (3, 6, 6), 700, 875, "db.m6g.2xlarge", 2543),
    # 7 spares on 16 shards (rate 200): Coreapps 23; memory 23552 + 3072 + 1536 = 28160 ->
    # 28160/3133.1 = 8.99 -> 9 hosts (at an 84 % threshold it would be 10) > cap 8 -> max 9.
    _case("16-shards-7-spares", {"shards": 16, "spares": 7},
        16, 23, 3, 3, "c5.large", 28160, 9, 8, (3, 9, 9), 1442, 1803, "db.m6g.4xlarge", 5086),
    # One Coreapp per host: hosts max(5, 3, 9) = 9; EC2 min raised to 9; max(5, 9) = 9.
    _case("8-shards-isolated", {"shards": 8, "isolate_coreapps": True},
        8, 9, 3, 3, "c5.large", 13824, 9, 5, (9, 9, 9), 1190, 1488, "db.m6g.2xlarge", 2543),
    # Video at 100 msg/s: the vendor's throughput at or above it is 120, where video runs on
    # c5.large; a Coreapp reserves the vendor's cost-effective 1400 MiB and half of 2 vCPU (1024
    # units). Memory 9x1400 + 3x1024 + 3x512 = 17208 / 3133.1 = 5.49 -> 6; CPU 9x1024 + 3x256 +
    # 3x512 = 11520 / (2048 x 0.85 = 1740.8) = 6.62 -> 7. CPU decides, so the memory alarm alone
    # would not hold them: EC2 min raised to 7; max(5, 7) = 7.
    _case("video-100", {"message_type": "video"},
        8, 9, 3, 3, "c5.large", 17208, 7, 5, (7, 7, 7), 1190, 1488, "db.m6g.2xlarge", 2543),
    # Images (image1MB) at 250 msg/s, no TLS: c5.xlarge, 3600 MiB and 2048 units per Coreapp.
    # Memory 33x3600 + 3x1024 + 4x512 = 123920 / (7372 x 0.85 = 6266.2) = 19.78 -> 20; CPU
    # 33x2048 + 3x256 + 4x512 = 70400 / (4096 x 0.85 = 3481.6) = 20.22 -> 21; EC2 21/21/21.
    # 994 x 1.25 = 1242.5 -> 1243; vCPU 13.33 -> m6g.4xlarge.
    _case("image-250-plain", {"rate_msg_s": 250, "ssl": False, "message_type": "image"},
        32, 33, 3, 4, "c5.xlarge", 123920, 21, 15, (21, 21, 21), 994, 1243, "db.m6g.4xlarge", 5086),
    # PostgreSQL, 250/32 SSL: m6g.4xlarge has 64e9/9531392 = 6715 -> capped at 5000 >= 2113.
    _case("postgres-250-32", {"rate_msg_s": 250, "shards": 32, "engine": "postgres"},
        32, 33, 3, 4, "c5.large", 38912, 13, 15, (3, 13, 15), 1690, 2113, "db.m6g.4xlarge", 5000),
    # Aurora MySQL, 250/32 SSL: r families only; 16 vCPU: r6g.4xlarge 1.8 (4000) < r5 2.0.
    _case("aurora-250-32", {"rate_msg_s": 250, "shards": 32, "engine": "aurora-mysql"},
        32, 33, 3, 4, "c5.large", 38912, 13, 15, (3, 13, 15), 1690, 2113, "db.r6g.4xlarge", 4000),
    # Staging, seed table, 100 msg/s no TLS: Masters 2, Webapps 2, memory 12288 -> 4; EC2 2/4/5.
    # 875 on 8 vCPU with burstable: t2.2xlarge 0.544 (2543) < m4.2xlarge 0.70.
    _case("staging-seed-100", {"rate_msg_s": 100, "ssl": False, "env": "staging", "table": "seed"},
        8, 9, 2, 2, "c5.large", 12288, 4, 5, (2, 4, 5), 700, 875, "db.t2.2xlarge", 2543),
    # Same on both tables: t4g.2xlarge 0.517 < t2.2xlarge 0.544.
    _case("staging-all-100", {"rate_msg_s": 100, "ssl": False, "env": "staging", "table": "all"},
        8, 9, 2, 2, "c5.large", 12288, 4, 5, (2, 4, 5), 700, 875, "db.t4g.2xlarge", 2543),
    # --- connections exactly at a class's max_connections, and one more (headroom 0)
    # 36 msg/s on 8 shards, no TLS: 552 + 48 + 36 = 636 = m6g.large's max; vCPU 1.92 <= 2.
    _case("at-636-m6g.large", {"rate_msg_s": 36, "shards": 8, "ssl": False, "headroom_pct": 0},
        8, 9, 3, 3, "c5.large", 13824, 5, 5, (3, 5, 5), 636, 636, "db.m6g.large", 636),
    # 37 msg/s: 637 > 636 (m6g/m5/m6i.large) -> r6g.large 0.225 (1272).
    _case("at-637-r6g.large", {"rate_msg_s": 37, "shards": 8, "ssl": False, "headroom_pct": 0},
        8, 9, 3, 3, "c5.large", 13824, 5, 5, (3, 5, 5), 637, 637, "db.r6g.large", 1272),
    # 4 msg/s on 32 shards, TLS: (552 + 192 + 4) = 748 x 1.7 = 1271.6 -> 1272 = r6g.large's max.
    # Webapps max(3, 1) = 3; memory 33792 + 3072 + 1536 = 38400 -> ceil(12.26) = 13.
    _case("at-1272-r6g.large", {"rate_msg_s": 4, "shards": 32, "headroom_pct": 0},
        32, 33, 3, 3, "c5.large", 38400, 13, 15, (3, 13, 15), 1272, 1272, "db.r6g.large", 1272),
    # 4.5 msg/s: 748.5 x 1.7 = 1272.45 -> 1273 -> r6g.xlarge 0.45 (2543) < m6g.2xlarge 0.608.
    _case("at-1273-r6g.xlarge", {"rate_msg_s": 4.5, "shards": 32, "headroom_pct": 0},
        32, 33, 3, 3, "c5.large", 38400, 13, 15, (3, 13, 15), 1273, 1273, "db.r6g.xlarge", 2543),
    # PostgreSQL: 23 msg/s on 16 shards, no TLS: 552 + 96 + 23 = 671; x 1.25 = 838.75 -> 839 =
    # m6g.large's 8e9/9531392 = 839.3 -> 839. Memory 22016 -> 8 hosts.
    _case(
        "postgres-at-839-m6g.large",
        {"rate_msg_s": 23, "shards": 16, "ssl": False, "engine": "postgres"},
        16, 17, 3, 3, "c5.large", 22016, 8, 8, (3, 8, 8), 671, 839, "db.m6g.large", 839),
    # 24 msg/s: 672 x 1.25 = 840 -> r6g.large, 16e9/9531392 = 1678.7 -> 1679.
    _case(
        "postgres-at-840-r6g.large",
        {"rate_msg_s": 24, "shards": 16, "ssl": False, "engine": "postgres"},
        16, 17, 3, 3, "c5.large", 22016, 8, 8, (3, 8, 8), 672, 840, "db.r6g.large", 1679),
    # Staging: 636 = t4g.large's max (0.129, 2 vCPU); memory 9216 + 2048 + 1024 = 12288 -> 4.
    _case(
        "staging-at-636-t4g.large",
        {"rate_msg_s": 36, "shards": 8, "ssl": False, "headroom_pct": 0, "env": "staging"},
        8, 9, 2, 2, "c5.large", 12288, 4, 5, (2, 4, 5), 636, 636, "db.t4g.large", 636),
    # 637: r6g.large 0.225 (1272) < t4g.xlarge 0.258.
    _case(
        "staging-at-637-r6g.large",
        {"rate_msg_s": 37, "shards": 8, "ssl": False, "headroom_pct": 0, "env": "staging"},
        8, 9, 2, 2, "c5.large", 12288, 4, 5, (2, 4, 5), 637, 637, "db.r6g.large", 1272),
    # --- the vCPU floor exactly at 2 vCPU: 37.5 / 18.75 = 2.0
    # 37.5 / 12.5 = 3 -> 4 shards; Coreapps 5; memory 9728 -> 4 hosts; cap 4.
    # 552 + 24 + 37.5 = 613.5 -> 614 <= 636: m6g.large (2 vCPU) is feasible.
    _case("vcpu-at-2", {"rate_msg_s": 37.5, "ssl": False, "headroom_pct": 0},
        4, 5, 3, 3, "c5.large", 9728, 4, 4, (3, 4, 4), 614, 614, "db.m6g.large", 636),
    # 37.6 / 18.75 = 2.005 -> 4 vCPU: m6g.xlarge 0.304.
    _case("vcpu-above-2", {"rate_msg_s": 37.6, "ssl": False, "headroom_pct": 0},
        4, 5, 3, 3, "c5.large", 9728, 4, 4, (3, 4, 4), 614, 614, "db.m6g.xlarge", 1272),
]


@pytest.mark.parametrize(("kwargs", "expected"), PLAN_TABLE)
def test_plan_matches_the_hand_computed_table(kwargs, expected):
    p = plan(**kwargs)
    assert _actual(p) == expected
    # active = shards; every Coreapp beyond them is a spare (the env minimum may add some)
    spare = expected.total_coreapps - expected.shards
    assert (p.active_coreapps, p.spare_coreapps) == (expected.shards, spare)


def test_scaling_thresholds_are_the_vendor_templates():
    p = plan()
    # vendor v2.3.5: > 85 % MemoryReservation adds a host, < 30 % removes one
    assert (p.scale_out_memory_pct, p.scale_in_memory_pct) == (85, 30)


@pytest.mark.parametrize(
    ("rate", "at_floor", "above_floor"),
    [
        # rate = vCPU x 18.75 exactly, then 0.1 msg/s more (same shards, same connections)
        (75, "db.r6g.xlarge", "db.m6g.2xlarge"),  # 4 vCPU, 1435 conns; then 8 vCPU
        (150, "db.m6g.2xlarge", "db.m6g.4xlarge"),  # 8 vCPU, 1697 conns; then 16 vCPU
        (300, "db.m6g.4xlarge", "db.m6g.8xlarge"),  # 16 vCPU, 2219 conns; then 32 vCPU
    ],
)
def test_vcpu_floor_is_inclusive_at_75_150_and_300_msg_s(rate, at_floor, above_floor):
    at, above = plan(rate), plan(rate + 0.1)
    assert at.required_db_vcpu == rate / 18.75
    assert (at.db_class, at.db_vcpu) == (at_floor, rate / 18.75)
    assert (above.shards, above.required_connections) == (at.shards, at.required_connections)
    assert above.db_class == above_floor


@pytest.mark.parametrize(
    ("rate", "kwargs"),
    [
        # the pick once used the floor rounded to 2 decimals: 2.0027 passed as 2.0
        (37.55, {"ssl": False}),  # floor 2.0027: more than db.r6g.large's 2 vCPU
        (75.05, {}),  # floor 4.0027
        (150.05, {}),  # floor 8.0027
        (300.05, {}),  # floor 16.0027
    ],
)
def test_db_vcpu_meets_the_unrounded_floor(rate, kwargs):
    chosen = plan(rate, **kwargs)
    assert chosen.db_vcpu >= rate / 18.75
    assert chosen.required_db_vcpu >= rate / 18.75  # shown rounded up, never below


# --- Exactly at each class's max_connections (and the vCPU floor), found by search ----------


def _inputs_requiring(target: int, rate: float) -> dict | None:
    """Plan inputs at this rate that need exactly `target` connections by the README formula."""
    for ssl in (False, True):
        for shards in SHARD_OPTIONS:
            estimate = readme_estimate(shards, rate, ssl)
            if not estimate <= target <= 11 * estimate:  # headroom 0 to 1000 %
                continue
            # aim at the middle of (target - 1, target], where the round-up lands on target
            headroom = math.floor(((target - 0.5) / estimate - 1) * 100 * 10**6) / 10**6
            headroom = max(headroom, 0.0)
            if readme_required(estimate, headroom) == target:
                return {"rate_msg_s": rate, "shards": shards, "ssl": ssl, "headroom_pct": headroom}
    return None


COMBOS = [
    (engine, table, env)
    for engine in ("mysql", "postgres", "aurora-mysql")
    for table in ("current", "seed", "all")
    for env in ("production", "staging")
    if (engine, table) != ("aurora-mysql", "seed")  # r4 and older: Aurora MySQL 3 runs none
]


@pytest.mark.parametrize("env", ["production", "staging"])
def test_aurora_runs_no_class_of_the_seeds_table(env):
    with pytest.raises(SizingError, match="no class in this table runs engine aurora-mysql"):
        plan(100, engine="aurora-mysql", table="seed", env=env)


@pytest.mark.parametrize(("engine", "table", "env"), COMBOS)
def test_connections_equal_to_a_class_max_still_fit_and_one_more_does_not(engine, table, env):
    pool = {"current": data.CURRENT_CLASSES, "seed": data.SEED_CLASSES}.get(
        table, data.CURRENT_CLASSES + data.SEED_CLASSES
    )
    checked = exact = 0
    for db_class in pool:
        most = oracle_max_connections(engine, db_class)
        if most is None:
            continue
        # the rate whose vCPU floor is exactly this class's vCPU, where the range allows it
        rate = min(db_class.vcpu * MSG_S_PER_DB_VCPU, 400.0)
        for target in (most, most + 1):
            inputs = _inputs_requiring(target, rate)
            if inputs is None:  # beyond what any input reaches (or below the fixed pool)
                continue
            expected = oracle_db_class(target, rate / 18.75, engine, table, env)
            if expected is None:
                with pytest.raises(SizingError, match="no DB class is large enough"):
                    plan(**inputs, engine=engine, table=table, env=env)
                continue
            p = plan(**inputs, engine=engine, table=table, env=env)
            assert p.required_connections == target, inputs
            assert p.db_class == expected.name, (db_class.name, target, inputs)
            checked += 1
            exact += oracle_max_connections(engine, expected) == target
    assert checked >= 4
    assert exact >= 1  # some pick holds exactly the connections asked for


# --- Hypothesis over the input grid, against the oracles ------------------------------------

EXAMPLE_FIELDS = ("rate", "shards", "ssl", "env", "engine", "table", "headroom", "spares")
BOUNDARY_EXAMPLES = [
    # one row per example, in EXAMPLE_FIELDS order
    (100.0, None, True, "production", "mysql", "current", 25.0, 1),
    (100.0, 8, False, "production", "mysql", "seed", 25.0, 1),
    (250.0, 32, True, "production", "mysql", "seed", 25.0, 1),
    (75.0, None, True, "production", "mysql", "current", 25.0, 1),
    (75.0, None, False, "production", "mysql", "current", 25.0, 1),
    (150.0, None, True, "production", "mysql", "current", 25.0, 1),
    (150.0, None, False, "staging", "mysql", "current", 25.0, 0),
    (300.0, None, True, "production", "mysql", "current", 25.0, 1),
    (37.5, None, False, "production", "mysql", "current", 0.0, 1),
    (36.0, 8, False, "production", "mysql", "current", 0.0, 1),
    (37.0, 8, False, "production", "mysql", "current", 0.0, 1),
    (4.0, 32, True, "production", "mysql", "current", 0.0, 1),
    (4.5, 32, True, "production", "mysql", "current", 0.0, 1),
    (23.0, 16, False, "production", "postgres", "current", 25.0, 1),
    (24.0, 16, False, "production", "postgres", "current", 25.0, 1),
    (36.0, 8, False, "staging", "mysql", "current", 0.0, 1),
    (250.0, 32, True, "production", "aurora-mysql", "current", 25.0, 1),
    (400.0, None, True, "production", "aurora-mysql", "seed", 300.0, 1),
]


def _with_examples(test):
    for row in BOUNDARY_EXAMPLES:
        given_args = dict(zip(EXAMPLE_FIELDS, row, strict=True))
        # the strategy draws rates on a 0.1 msg/s grid, as whole tenths
        given_args["tenths"] = round(given_args.pop("rate") * 10)
        test = example(**given_args)(test)
    return test


@settings(max_examples=200, deadline=None)
@given(
    # Rates on a 0.1 msg/s grid: the grid holds every vCPU boundary (37.5, 75, 150, 300) and
    # steps over the (floor, floor + 0.09375] gaps of the rounding bug pinned above.
    tenths=st.integers(min_value=1, max_value=4000),
    shards=st.none() | st.sampled_from(SHARD_OPTIONS),
    ssl=st.booleans(),
    env=st.sampled_from(("production", "staging")),
    engine=st.sampled_from(("mysql", "postgres", "aurora-mysql")),
    table=st.sampled_from(("current", "seed", "all")),
    headroom=st.sampled_from((0.0, 25.0)) | st.floats(min_value=0, max_value=1000),
    spares=st.integers(min_value=0, max_value=32),
)
@_with_examples
def test_plan_db_class_is_the_cheapest_feasible_by_brute_force(
    tenths, shards, ssl, env, engine, table, headroom, spares
):
    rate = tenths / 10
    active = shards if shards is not None else readme_shards(rate)
    required = readme_required(readme_estimate(active, rate, ssl), headroom)
    expected = oracle_db_class(required, rate / 18.75, engine, table, env)
    kwargs = {"ssl": ssl, "env": env, "engine": engine, "table": table,
              "headroom_pct": headroom, "spares": spares}
    if expected is None:
        with pytest.raises(SizingError,
                           match="no DB class is large enough|no class in this table runs"):
            plan(rate, shards, **kwargs)
        return
    p = plan(rate, shards, **kwargs)
    assert (p.shards, p.required_connections) == (active, required)
    assert p.db_class == expected.name
    assert p.db_max_connections == oracle_max_connections(engine, expected)
