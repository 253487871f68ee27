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

# Database logs exported to CloudWatch, by engine. Source: RDS user guide, "Publishing
# database logs to CloudWatch Logs" (MySQL: error, general, slowquery, audit; PostgreSQL:
# postgresql). The general log records every statement (cost, and message data at rest in a
# second place); audit needs an option group: both are left off.
DB_LOG_EXPORTS = {
    "mysql": ("error", "slowquery"),
    "aurora-mysql": ("error", "slowquery"),
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
