"""The database audit log, per engine (both renderers read it; no CDK here).

What it records: who connected and disconnected, and the statements that change the schema
(DDL) or the grants (DCL). What it leaves out on purpose: reads and writes of rows (DML). The
client's tables hold its users' messages and contacts; logging DML would put that message data
at rest a second time, under another key and retention, at the cluster's full message rate.

Sources (as of 2026-12):
- Amazon RDS User Guide, "MariaDB Audit Plugin support for MySQL"
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.MySQL.Options.AuditPlugin.html):
  an option group with MARIADB_AUDIT_PLUGIN on MySQL 8.0.28 and later 8.0 versions (and 8.4);
  SERVER_AUDIT_EVENTS picks among CONNECT, QUERY, TABLE, QUERY_DDL, QUERY_DML,
  QUERY_DML_NO_SELECT and QUERY_DCL; the log is exported as `audit`.
- Amazon Aurora User Guide, "Using Advanced Auditing with an Amazon Aurora MySQL DB cluster"
  (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Auditing.html):
  the cluster parameters server_audit_logging and server_audit_events; exported as `audit`.
- Amazon RDS User Guide, "Publishing database logs to Amazon CloudWatch Logs"
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html).
- PostgreSQL documentation, "Error Reporting and Logging"
  (https://www.postgresql.org/docs/16/runtime-config-logging.html): log_connections,
  log_disconnections, log_statement (`ddl` also covers GRANT, REVOKE and role changes).

PostgreSQL uses its own logging, not pgaudit: pgaudit needs shared_preload_libraries (a static
parameter: a reboot when it changes) and an `rds_pgaudit` role created by SQL inside the
database, which a stack cannot do without a function in the VPC holding the admin password; what
pgaudit adds beyond connections and DDL is object-level read/write logging, the message data
left out above. The events land in the `postgresql` log, already exported.

Either way the log holds statement text: a password given in CREATE USER / ALTER ROLE can
appear in it. The groups are encrypted with the database logs' own key (stacks/database.py).
"""

AUDIT_EVENTS = ("CONNECT", "QUERY_DDL", "QUERY_DCL")

# RDS for MySQL: an option group (MySQL 8.0 has no audit parameter of its own).
MYSQL_AUDIT_OPTION = "MARIADB_AUDIT_PLUGIN"
MYSQL_AUDIT_MIN_VERSION = (8, 0, 28)
MYSQL_AUDIT_SETTINGS = {"SERVER_AUDIT_EVENTS": ",".join(AUDIT_EVENTS)}

# Parameters that turn the audit log on, by engine (Aurora: the cluster's parameter group).
AUDIT_PARAMETERS: dict[str, dict[str, str]] = {
    "mysql": {},
    "aurora-mysql": {"server_audit_logging": "1", "server_audit_events": ",".join(AUDIT_EVENTS)},
    "postgres": {"log_connections": "1", "log_disconnections": "1", "log_statement": "ddl"},
}
