"""Allowed values of deployment choices, shared by the CDK context reader and the plain
templates' Parameters (which import this module alone: it has no CDK and no dataclasses)."""

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
# The ECS-optimized Amazon Linux 2023 AMI's root snapshot is 30 GiB: a smaller volume fails.
MIN_ROOT_VOLUME_GIB = 30
