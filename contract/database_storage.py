"""The database's storage choices and the provisioned IOPS RDS takes for each: read by the CDK
context reader (db_iops) and by the plain templates' Parameters and Rules."""

from typing import NamedTuple

DB_STORAGE_TYPES = ("gp3", "gp2", "io1", "io2")


# Provisioned IOPS that RDS for MySQL and PostgreSQL takes, by storage type. Source: Amazon RDS
# User Guide, "Amazon RDS DB instance storage"
# (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html), as of 2026-12-06:
# gp3 below 400 GiB has a fixed baseline of 3,000 IOPS and takes no provisioned IOPS; from
# 400 GiB it takes 12,000 to 64,000 IOPS, at most 500 per GiB. io1 and io2 take 1,000 to
# 256,000 IOPS on 100 GiB or more, at least 0.5 IOPS per GiB, io1 at most 50 per GiB, io2 at
# most 1,000 per GiB. gp2 takes none (its IOPS follow its size).
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
