"""Seed 000's published tables, written out once for the sizing tests (not read from
sizing/data.py, whose figures they check)."""

# seed 000, "RDS Instance Sizing", verbatim names: max connections by class
SEED_FIGURES = {
    "db.t2.medium": 318,
    "db.t2.large": 636,
    "db.t2.xlarge": 1272,
    "db.t2.2xlarge": 2543,
    "db.r4.large": 1212,
    "db.r4.xlarge": 2424,
    "db.r4.2xlarge": 4848,
    "db.r4.4xlarge": 9696,
    "db.r4.10xlarge": 19391,
    "db.r4.16xlarge": 38783,
    "db.m4.large": 636,
    "db.m4.xlarge": 1272,
    "db.m4.2xlarge": 2543,
    "db.m4.4xlarge": 5086,
    "db.m4.10xlarge": 12716,
    "db.m4.16xlarge": 20345,
    "db.m3.medium": 298,
    "db.m3.large": 596,
    "db.m3.xlarge": 1192,
    "db.m3.2xlarge": 2384,
}
