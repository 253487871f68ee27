"""Allowed values of deployment choices, shared by the CDK context reader and the plain
templates' Parameters (which import this module alone: it has no CDK and no dataclasses)."""

from typing import NamedTuple

from sizing import data
from stacks import names

LOG_RETENTION_DAYS = (
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1827,
    3653,
)
DB_STORAGE_TYPES = ("gp3", "gp2", "io1", "io2")
MIN_ROOT_VOLUME_GIB = data.HOST_ROOT_VOLUME_GIB  # (the AMI's snapshot: sizing/data.py)

# Database logs exported to CloudWatch, by engine. Source: RDS user guide, "Publishing
# database logs to CloudWatch Logs" (MySQL: error, general, slowquery, audit; PostgreSQL:
# postgresql). The general log records every statement (cost, and message data at rest in a
# second place): left off. The audit log records connections, DDL and DCL only
# (stacks/database_audit.py; PostgreSQL writes them into its one log).
DB_LOG_EXPORTS = {
    "mysql": ("error", "slowquery", "audit"),
    "aurora-mysql": ("error", "slowquery", "audit"),
    "postgres": ("postgresql", "upgrade"),
}
SLOW_QUERY_SECONDS = 2  # ours: well above the client's usual statement, well below a stall
# The parameters that make the slow-query log exist (MySQL writes it to a file that RDS
# exports; PostgreSQL logs statements slower than the limit into its one log).
SLOW_QUERY_PARAMETERS = {
    "mysql": {"slow_query_log": "1", "long_query_time": str(SLOW_QUERY_SECONDS),
              "log_output": "FILE"},
    "aurora-mysql": {"slow_query_log": "1", "long_query_time": str(SLOW_QUERY_SECONDS),
                     "log_output": "FILE"},
    "postgres": {"log_min_duration_statement": str(SLOW_QUERY_SECONDS * 1000)},
}

# Provisioned IOPS that RDS for MySQL and PostgreSQL takes, by storage type. Source: Amazon RDS
# User Guide, "Amazon RDS DB instance storage"
# (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html), as of 2026-12-06:
# gp3 below 400 GiB has a fixed baseline of 3,000 IOPS and takes no provisioned IOPS; from
# 400 GiB it takes 12,000 to 64,000 IOPS, at most 500 per GiB. io1 and io2 take 1,000 to
# 256,000 IOPS on 100 GiB or more, at least 0.5 IOPS per GiB, io1 at most 50 per GiB, io2 at
# most 1,000 per GiB. gp2 takes none (its IOPS follow its size). Read by cdk/context.py
# (db_iops) and the plain templates' Rules.
class IopsRule(NamedTuple):
    required: bool  # the storage type needs provisioned IOPS
    min_storage_gib: int  # below it, no provisioned IOPS
    min_iops: int
    max_iops: int
    max_iops_per_gib: int
    min_iops_per_gib: float = 0  # at least this many IOPS per GiB


GP3_BASELINE_IOPS = 3_000  # gp3 below its min_storage_gib
DB_IOPS_RULES: dict[str, IopsRule | None] = {
    "gp3": IopsRule(False, 400, 12_000, 64_000, 500),
    "gp2": None,
    "io1": IopsRule(True, 100, 1_000, 256_000, 50, 0.5),
    "io2": IopsRule(True, 100, 1_000, 256_000, 1_000, 0.5),
}
DB_IOPS_RANGE = (min(r.min_iops for r in DB_IOPS_RULES.values() if r),
                 max(r.max_iops for r in DB_IOPS_RULES.values() if r))

# Name prefixes AWS reserves (any case) in the names the stacks derive from the deployment's
# prefix: the capacity provider's generated name (<prefix>-Enterprise-...) and the SSM
# parameters (<prefix>-WA_DB_PASSWORD, /<prefix>/db/...). Every derived name, its rule and
# AWS's source: stacks/names.py.
RESERVED_NAME_PREFIXES, RESERVED_PREFIXES = names.RESERVED_NAME_PREFIXES, names.RESERVED_PREFIXES
