"""The database logs both renderers export to CloudWatch, and the slow-query log that makes one
of them exist (the audit log's settings: contract/database_audit.py)."""

# Database logs exported to CloudWatch, by engine. Source: RDS user guide, "Publishing
# database logs to CloudWatch Logs" (MySQL: error, general, slowquery, audit; PostgreSQL:
# postgresql). The general log records every statement (cost, and message data at rest in a
# second place): left off. The audit log records connections, DDL and DCL only
# (contract/database_audit.py; PostgreSQL writes them into its one log).
DB_LOG_EXPORTS = {
    "mysql": ("error", "slowquery", "audit"),
    "aurora-mysql": ("error", "slowquery", "audit"),
    "postgres": ("postgresql", "upgrade"),
}
# OS metrics every minute (Enhanced Monitoring): connection storms show as memory/CPU first.
DB_MONITORING_INTERVAL_S = 60
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
