"""Every sizing figure in one place.

Each block names its source. Nothing else in the project types these numbers: the planner,
the CDK stacks, the troposphere Mappings and the README tables all read them from here.
The planner's records are NamedTuples (here and in the modules beside): wa-size defines them at
every start, and a frozen dataclass takes ~0.5 ms to define against ~0.08 ms (bench/).
"""

from __future__ import annotations

from typing import NamedTuple

# --- Shards and container counts -----------------------------------------------------------
# Source: seeds 000/001 (Multiconnect: "static sharding with a shard number of 1, 2, 4, 8, 16,
# or 32") and the vendor template (one spare Coreapp).
SHARD_OPTIONS: tuple[int, ...] = (1, 2, 4, 8, 16, 32)
DEFAULT_SPARES = 1

# Source: seed 000 "Message Send Rates": 100-150 msg/s with 8 active shards, db.m4.2xlarge
# (8 vCPU), c4.large hosts, text message templates.
BENCHMARK_SHARDS = 8
BENCHMARK_RATE_LOW_MSG_S = 100.0
BENCHMARK_RATE_HIGH_MSG_S = 150.0
BENCHMARK_DB_VCPU = 8
# The low end of the range, so a shard is never asked to carry more than was measured.
RATE_PER_SHARD_MSG_S = BENCHMARK_RATE_LOW_MSG_S / BENCHMARK_SHARDS  # 12.5
# The DB carried the high end of the range on 8 vCPU; the vendor's own 32-shard choice
# (db.m4.4xlarge, 16 vCPU, for 250 msg/s) sits on the same line.
RATE_PER_DB_VCPU_MSG_S = BENCHMARK_RATE_HIGH_MSG_S / BENCHMARK_DB_VCPU  # 18.75

# Source: seed 003 "Number of Webapps": at least 2 Webapps for 100-150 msg/s.
RATE_PER_WEBAPP_MSG_S = BENCHMARK_RATE_HIGH_MSG_S / 2  # 75

# Source: seed 000/001 "AWS Deployment Details": default instance counts per environment type.
ENVIRONMENTS: tuple[str, ...] = ("production", "staging")


class EnvDefaults(NamedTuple):
    ec2_min: int
    webapps: int
    coreapps: int
    masters: int
    ec2_max_single_shard: int  # vendor template max for plain HA (1 shard)
    multi_az: bool  # ours: production databases get a standby


ENV_DEFAULTS: dict[str, EnvDefaults] = {
    "production": EnvDefaults(3, 3, 3, 3, 4, True),
    "staging": EnvDefaults(2, 2, 2, 2, 3, False),
}

# Source: seed 000/001 "Maximum EC2 Instances" by active Coreapps.
EC2_MAX_BY_ACTIVE_COREAPPS: dict[int, int] = {2: 3, 4: 4, 8: 5, 16: 8, 32: 15}

# Source: vendor Enterprise template v2.3.5: MemoryReservation average over 60 s, 1 period,
# 60 s cooldown; > 85 % adds a host, < 30 % removes one.
SCALE_OUT_MEMORY_PCT = 85
SCALE_IN_MEMORY_PCT = 30
ALARM_PERIOD_S = 60
ALARM_EVALUATION_PERIODS = 1
SCALING_COOLDOWN_S = 60

# Source: vendor Enterprise template v2.3.5 task definitions (memory reservations, MiB); the
# Coreapp figure is for text (media: sizing/workload.py).
COREAPP_MEMORY_MIB = 1024
MASTER_MEMORY_MIB = 1024
WEBAPP_MEMORY_MIB = 512

# Availability Zones a new VPC may span (cdk/context.py, the plain network template); a plan's
# hosts hold its containers for each of these.
AZ_COUNTS: tuple[int, ...] = (2, 3, 4)

# Ours: share of a host's memory that ECS can hand to tasks after the OS, the ECS agent and
# the EFS client (ECS registers less than the instance's nominal memory).
USABLE_HOST_MEMORY_FRACTION = 0.90

# --- DB connection model (ours, fitted to seed 000 "RDS Instance Sizing") -------------------
# Published points: 8 active Coreapps at 100 msg/s -> ~700 (no SSL), ~1200 (SSL);
# 32 active Coreapps at 250 msg/s -> ~1700 (taken as SSL on, as the vendor's DB had it).
PUBLISHED_CONNECTION_POINTS: tuple[tuple[int, float, bool, int], ...] = (
    (8, 100.0, False, 700),
    (8, 100.0, True, 1200),
    (32, 250.0, True, 1700),
)
CONNECTIONS_BASE = 552  # pools that do not grow with shards (Masters, Webapps, admin)
CONNECTIONS_PER_ACTIVE_COREAPP = 6
CONNECTIONS_PER_MSG_S = 1.0
CONNECTIONS_SSL_FACTOR = 1.7  # 1200 / 700 = 1.71: TLS sessions are held longer
# Source: both vendor templates (v2.3.5, v3.0.3) default "DB connection encryption" to enabled;
# the hosts fetch the CA bundle at boot (contract/host.py), so TLS costs no manual step.
DEFAULT_SSL = True
DEFAULT_HEADROOM_PCT = 25.0

# --- Workload: message types, receipts, inbound ---------------------------------------------
# Message types as the vendor's v3 template names them (sizing/vendor_v3.py picks their hosts);
# the names this tool used before stay as aliases.
MESSAGE_TYPES: tuple[str, ...] = (
    "text", "image1MB", "image2MB", "image4MB", "video", "audio", "doc")
MESSAGE_TYPE_ALIASES: dict[str, str] = {"image": "image1MB", "document": "doc"}
MESSAGE_TYPE_CHOICES: tuple[str, ...] = MESSAGE_TYPES + tuple(MESSAGE_TYPE_ALIASES)
# Source: seed 004: received messages and delivery and read receipts count against throughput,
# and each sent message causes 1-2 receipt events.
RECEIPTS_RANGE = (0.0, 2.0)
# Ours: the seed's benchmark states a send rate, with the delivery receipt each sent message
# brings; one receipt per message is the load that benchmark carried, and the default.
BENCHMARK_RECEIPTS_PER_MESSAGE = 1.0
DEFAULT_RECEIPTS_PER_MESSAGE = BENCHMARK_RECEIPTS_PER_MESSAGE
DEFAULT_INBOUND_MSG_S = 0.0

# --- CPU reservations (ours: the vendor's templates reserve memory only) ------------------------
# ECS counts CPU in units, 1024 per vCPU, and places a task only where its units are free.
CPU_UNITS_PER_VCPU = 1024
# The seed's benchmark ran 9 Coreapps, 3 Masters and 2 Webapps on 5 two-vCPU hosts: these
# reserve 6.25 of its 10 vCPU, so the benchmark cluster places as it ran.
TEXT_COREAPP_CPU_UNITS = 512
MASTER_CPU_UNITS = 256
WEBAPP_CPU_UNITS = 512
# Media Coreapps: the vendor's cost-effective layout gives each Coreapp about half of its
# host's memory (vendor_v3.COST_EFFECTIVE_COREAPP_MIB); we reserve half its vCPU to match.
MEDIA_COREAPP_HOST_SHARE = 0.5


class HostType(NamedTuple):
    name: str
    vcpu: int
    memory_gib: float
    price_hour_usd: float | None


# Source: EC2 instance type specs; prices = us-east-1 Linux on-demand list (see PRICE_DATE).
HOST_TYPES: dict[str, HostType] = {
    h.name: h
    for h in (
        HostType("c5.large", 2, 4, 0.085),
        HostType("c5.xlarge", 4, 8, 0.17),
        HostType("c5.2xlarge", 8, 16, 0.34),
        HostType("c5.4xlarge", 16, 32, 0.68),
        HostType("c4.large", 2, 3.75, 0.10),
    )
}

# --- RDS classes -----------------------------------------------------------------------------
ENGINES: tuple[str, ...] = ("mysql", "postgres", "aurora-mysql")
TABLES: tuple[str, ...] = ("current", "seed", "all")
HOURS_PER_MONTH = 730
# Prices: us-east-1, on-demand, Single-AZ, RDS for MySQL list prices as recorded on this date.
# They are an estimate for comparing classes, not a quote; None means "no price known".
PRICE_DATE = "2024-06"

# RDS for MySQL default: max_connections = {DBInstanceClassMemory/12582880}
MYSQL_BYTES_PER_CONNECTION = 12_582_880
# RDS for PostgreSQL default: LEAST({DBInstanceClassMemory/9531392}, 5000)
POSTGRES_BYTES_PER_CONNECTION = 9_531_392
POSTGRES_MAX_CONNECTIONS_CAP = 5000
# The seed's table (and the formula above) counts a GiB as 10^9 bytes: every seed figure equals
# round(memory_GiB * 10^9 / 12582880).
BYTES_PER_TABLE_GIB = 10**9
# Source: Aurora MySQL user guide, "Maximum connections to an Aurora MySQL DB instance"
# (per-class published figures, by size).
AURORA_MYSQL_MAX_CONNECTIONS_BY_SIZE: dict[str, int] = {
    "large": 1000,
    "xlarge": 2000,
    "2xlarge": 3000,
    "4xlarge": 4000,
    "8xlarge": 5000,
    "12xlarge": 6000,
    "16xlarge": 6000,
    "24xlarge": 7000,
}
# Aurora MySQL 3 (the engine version deployed) runs on r5 and later: r4 was Aurora MySQL 1-2 only
# (Aurora user guide, "Supported DB engines for DB instance classes").
AURORA_FAMILIES = ("r5", "r6g", "r6i", "r7g")


class DbClass(NamedTuple):
    name: str  # as the user sees it (the seed's names are kept)
    rds_name: str  # the class RDS knows
    vcpu: int
    memory_gib: float
    generation: str  # "current" | "previous"
    price_hour_usd: float | None
    seed_max_connections: int | None = None  # the figure printed in seed 000
    note: str = ""

    def __hash__(self) -> int:  # the generated one hashes every field; the planner hashes a lot
        return hash(self.name)

    @property
    def family(self) -> str:
        return self.rds_name.split(".")[1]

    @property
    def size(self) -> str:
        return self.rds_name.split(".")[2]

    @property
    def burstable(self) -> bool:
        return self.family.startswith("t")


# Source: seed 000 "RDS Instance Sizing" (names and figures); memory/vCPU from the RDS
# previous-generation class list.
SEED_CLASSES: tuple[DbClass, ...] = (
    DbClass("db.t2.medium", "db.t2.medium", 2, 4, "previous", 0.068, 318),
    DbClass("db.t2.large", "db.t2.large", 2, 8, "previous", 0.136, 636),
    DbClass("db.t2.xlarge", "db.t2.xlarge", 4, 16, "previous", 0.272, 1272),
    DbClass("db.t2.2xlarge", "db.t2.2xlarge", 8, 32, "previous", 0.544, 2543),
    DbClass("db.r4.large", "db.r4.large", 2, 15.25, "previous", 0.24, 1212),
    DbClass("db.r4.xlarge", "db.r4.xlarge", 4, 30.5, "previous", 0.48, 2424),
    DbClass("db.r4.2xlarge", "db.r4.2xlarge", 8, 61, "previous", 0.96, 4848),
    DbClass("db.r4.4xlarge", "db.r4.4xlarge", 16, 122, "previous", 1.92, 9696),
    DbClass(
        "db.r4.10xlarge",
        "db.r4.8xlarge",
        32,
        244,
        "previous",
        3.84,
        19391,
        note="the seed says db.r4.10xlarge, which does not exist; 19391 is db.r4.8xlarge",
    ),
    DbClass("db.r4.16xlarge", "db.r4.16xlarge", 64, 488, "previous", 7.68, 38783),
    DbClass("db.m4.large", "db.m4.large", 2, 8, "previous", 0.175, 636),
    DbClass("db.m4.xlarge", "db.m4.xlarge", 4, 16, "previous", 0.35, 1272),
    DbClass("db.m4.2xlarge", "db.m4.2xlarge", 8, 32, "previous", 0.70, 2543),
    DbClass("db.m4.4xlarge", "db.m4.4xlarge", 16, 64, "previous", 1.40, 5086),
    DbClass("db.m4.10xlarge", "db.m4.10xlarge", 40, 160, "previous", 3.50, 12716),
    DbClass("db.m4.16xlarge", "db.m4.16xlarge", 64, 256, "previous", 5.60, 20345),
    DbClass("db.m3.medium", "db.m3.medium", 1, 3.75, "previous", 0.09, 298),
    DbClass("db.m3.large", "db.m3.large", 2, 7.5, "previous", 0.185, 596),
    DbClass("db.m3.xlarge", "db.m3.xlarge", 4, 15, "previous", 0.37, 1192),
    DbClass("db.m3.2xlarge", "db.m3.2xlarge", 8, 30, "previous", 0.74, 2384),
)

# Source: RDS current-generation class list (vCPU, memory); prices see PRICE_DATE.
# (size, vCPU, GiB for the m family; r doubles the memory, t3/t4g stop at 2xlarge)
_SIZES = (
    ("large", 2, 8),
    ("xlarge", 4, 16),
    ("2xlarge", 8, 32),
    ("4xlarge", 16, 64),
    ("8xlarge", 32, 128),
    ("12xlarge", 48, 192),
    ("16xlarge", 64, 256),
)
# Price of the .large size per family (USD/hour); larger sizes scale with vCPU.
_LARGE_PRICE: dict[str, float | None] = {
    "m5": 0.171,
    "m6g": 0.152,
    "m6i": 0.171,
    "m7g": None,
    "r5": 0.25,
    "r6g": 0.225,
    "r6i": 0.25,
    "r7g": None,
}
_BURSTABLE = {  # size: (vCPU, GiB, t3 price, t4g price)
    "medium": (2, 4, 0.068, 0.065),
    "large": (2, 8, 0.136, 0.129),
    "xlarge": (4, 16, 0.272, 0.258),
    "2xlarge": (8, 32, 0.544, 0.517),
}


def _current_classes() -> tuple[DbClass, ...]:
    classes: list[DbClass] = []
    for size, (vcpu, gib, t3_price, t4g_price) in _BURSTABLE.items():
        for family, price in (("t3", t3_price), ("t4g", t4g_price)):
            name = f"db.{family}.{size}"
            classes.append(DbClass(name, name, vcpu, gib, "current", price))
    for family, large_price in _LARGE_PRICE.items():
        memory_factor = 2 if family.startswith("r") else 1
        for size, vcpu, gib in _SIZES:
            name = f"db.{family}.{size}"
            price = None if large_price is None else round(large_price * vcpu / 2, 3)
            classes.append(DbClass(name, name, vcpu, gib * memory_factor, "current", price))
    return tuple(classes)


CURRENT_CLASSES: tuple[DbClass, ...] = _current_classes()
ALL_CLASSES: tuple[DbClass, ...] = CURRENT_CLASSES + SEED_CLASSES

# Ours: the engine defaults the stacks deploy (full versions: cfn-lint's allowed values).
DEFAULT_DB_STORAGE_GIB = 100
DB_STORAGE_PRICE_GIB_MONTH_USD = 0.115  # gp3, Single-AZ, us-east-1 (see PRICE_DATE)

# --- Prices of everything else the stacks create (the cost row) -----------------------------
# One row per billed kind: list price in PRICE_REGION, on-demand, as read on `date` from the
# AWS pricing page `url`. Hosts and DB classes carry their own hourly prices above.
PRICE_REGION = "us-east-1"


class Price(NamedTuple):
    usd: float
    unit: str
    date: str
    url: str


_READ = "2026-12"
_VPC = "https://aws.amazon.com/vpc/pricing/"
_CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/"
_AURORA = "https://aws.amazon.com/rds/aurora/pricing/"
PRICES: dict[str, Price] = {
    "ec2_host": Price(0.0, "per host-hour (HOST_TYPES)", PRICE_DATE,
                      "https://aws.amazon.com/ec2/pricing/on-demand/"),
    "rds_instance": Price(0.0, "per instance-hour (the class tables)", PRICE_DATE,
                          "https://aws.amazon.com/rds/mysql/pricing/"),
    "rds_storage": Price(DB_STORAGE_PRICE_GIB_MONTH_USD, "GB-month (gp3)", PRICE_DATE,
                         "https://aws.amazon.com/rds/mysql/pricing/"),
    "nat_gateway": Price(0.045, "hour", _READ, _VPC),
    "nat_data": Price(0.045, "GB processed", _READ, _VPC),
    "public_ipv4": Price(0.005, "address-hour", _READ, _VPC),
    "load_balancer": Price(0.0225, "hour (Network Load Balancer)", _READ,
                           "https://aws.amazon.com/elasticloadbalancing/pricing/"),
    "load_balancer_lcu": Price(0.006, "NLCU-hour", _READ,
                               "https://aws.amazon.com/elasticloadbalancing/pricing/"),
    "efs_storage": Price(0.30, "GB-month (Standard)", _READ, "https://aws.amazon.com/efs/pricing/"),
    "kms_key": Price(1.00, "key-month", _READ, "https://aws.amazon.com/kms/pricing/"),
    "secret": Price(0.40, "secret-month", _READ, "https://aws.amazon.com/secrets-manager/pricing/"),
    "alarm": Price(0.10, "standard alarm-month", _READ, _CLOUDWATCH),
    "composite_alarm": Price(0.50, "composite alarm-month", _READ, _CLOUDWATCH),
    "dashboard": Price(3.00, "dashboard-month", _READ, _CLOUDWATCH),
    "custom_metric": Price(0.30, "metric-month", _READ, _CLOUDWATCH),
    "logs_ingest": Price(0.50, "GB ingested", _READ, _CLOUDWATCH),
    "logs_storage": Price(0.03, "GB-month", _READ, _CLOUDWATCH),
    "metric_requests": Price(0.01, "1,000 PutMetricData requests", _READ, _CLOUDWATCH),
    "ebs_gp3": Price(0.08, "GB-month (gp3)", _READ, "https://aws.amazon.com/ebs/pricing/"),
    "efs_backup": Price(0.05, "GB-month (AWS Backup, warm)", _READ,
                        "https://aws.amazon.com/backup/pricing/"),
    "aurora_storage": Price(0.10, "GB-month (Aurora Standard)", _READ, _AURORA),
    "aurora_io": Price(0.20, "million I/O requests (Aurora Standard)", _READ, _AURORA),
    "efs_elastic_read": Price(0.03, "GB read (Elastic throughput)", _READ,
                              "https://aws.amazon.com/efs/pricing/"),
    "efs_elastic_write": Price(0.06, "GB written (Elastic throughput)", _READ,
                               "https://aws.amazon.com/efs/pricing/"),
    "secret_api": Price(0.05, "10,000 API calls", _READ,
                        "https://aws.amazon.com/secrets-manager/pricing/"),
    "kms_requests": Price(0.03, "10,000 requests", _READ, "https://aws.amazon.com/kms/pricing/"),
}
# A customer managed key costs one more key-month for each of its first two rotations (ours
# rotate yearly): a key in its third year costs three times its first year's price.
KMS_PAID_ROTATIONS = 2

# What one deployment (new VPC, new database, db_key new) creates, counted in the synthesized
# stacks (tests/sizing/test_cost.py counts them again): KMS keys, Secrets Manager secrets,
# CloudWatch alarms (standard: the monitoring alarms and the two host-scaling alarms; Aurora
# has one fewer), composite alarms and dashboards, and the series the health probe publishes.
KMS_KEYS = 14
SECRETS = 4
ALARMS_BY_ENGINE: dict[str, int] = {"mysql": 23, "postgres": 23, "aurora-mysql": 22}
COMPOSITE_ALARMS = 0
DASHBOARDS = 1
PROBE_METRICS = 24  # series the probe publishes: probe/metrics.py series()
PROBE_RUNS_PER_MONTH = 60 * HOURS_PER_MONTH  # once a minute, one PutMetricData call a run
# The hosts' root volume (gp3, encrypted): the ECS-optimized Amazon Linux 2023 AMI's root
# snapshot is 30 GiB, so a smaller volume fails; the default, and the least allowed.
HOST_ROOT_VOLUME_GIB = 30

# Throughput values (msg/s) the plain enterprise template offers: every shard option is
# reachable. wa-size maps a plan onto the nearest one at or above its load.
CONSOLE_THROUGHPUTS: tuple[int, ...] = (10, 25, 50, 100, 150, 200, 250, 300, 350, 400)

# --- Engines as deployed (ours) ----------------------------------------------------------------
# Full versions, not major aliases: cfn-lint rejects "8.0" (its EngineVersion allowed
# values). The CDK stacks and the plain templates both read these.
DB_ENGINE_VERSIONS: dict[str, str] = {
    "mysql": "8.0.44",
    "postgres": "16.9",
    "aurora-mysql": "8.0.mysql_aurora.3.10.3",
}
DB_PORTS: dict[str, int] = {"mysql": 3306, "postgres": 5432, "aurora-mysql": 3306}
# Seed 003: the client's DB password must not contain these characters.
DB_PASSWORD_FORBIDDEN_CHARS = "?{}&~!()^="
