"""The alarms, each with its threshold named as a figure of the plan or the deployment.

A renderer supplies the dimension values (DIMENSIONS) and an expression for each figure
(FIGURES): the CDK app puts in the plan's numbers, the plain templates their Mappings.

What an on-call engineer needs from each one (docs/alarms.md, generated): nothing in alarm on
a healthy cluster at its plan, during a rolling deploy, an upgrade or a shard change, and a
page within minutes of a real failure. Hence M-of-N datapoints wherever one odd minute (a
probe run lost, a Master failing over, Coreapps restarting on a shard change) must neither
page nor reset a failure in progress, and thresholds relative to what the client runs where
the plan's figure moves before the client does (the shard count).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from probe import metrics as probe
from sizing import data

DB_CONNECTIONS_ALARM_PCT = 80  # of max_connections: time to grow the class before refusals
DB_CPU_ALARM_PCT = 80
DB_FREE_STORAGE_ALARM_PCT = 10
EFS_IO_LIMIT_ALARM_PCT = 90  # of a General Purpose file system's I/O limit
# The client's own queues (the probe reads them from /v1/stats/app): a backlog pages when it
# holds more than BACKLOG_S seconds of what the plan expects for 10 of 15 minutes. Callbacks:
# a status for each sent message and each receipt it brings, and each received message (seed
# 004 counts receipts and received messages as events); pending received messages: the
# planned inbound rate. A healthy queue drains, so the floor keeps a quiet cluster's few
# waiting items from paging.
BACKLOG_S = 60
BACKLOG_FLOOR = 100
# Minutes a Coreapp restart, a Master failover or a lost probe run may take before a page.
PROBE_WINDOW = (3, 5)  # 3 bad minutes of the last 5

# Figures a threshold may name, and what each one is.
FIGURES: dict[str, str] = {
    "shards": "active Coreapps the plan asks for (one per shard)",
    "webapps": "Webapps the plan runs",
    "masters": "Masters the plan runs",
    "coreapps": "Coreapp tasks the plan runs (active + spare)",
    "ec2_max": "the fleet's maximum (the caps table)",
    "db_connections_alarm": f"{DB_CONNECTIONS_ALARM_PCT}% of the DB class's max_connections",
    "db_storage_gib": "the storage the database was given",
    "callback_backlog": f"{BACKLOG_S} s of the plan's callbacks (rate x (1 + receipts) + "
                        f"inbound), at least {BACKLOG_FLOOR}",
    "message_backlog": f"{BACKLOG_S} s of the plan's inbound messages, at least "
                       f"{BACKLOG_FLOOR}",
}

# Dimension inputs an alarm may name: the CloudWatch dimension each one fills.
DIMENSIONS: dict[str, str] = {
    "deployment": probe.DIMENSION,
    "function": "FunctionName",
    "db_instance": "DBInstanceIdentifier",
    "db_cluster": "DBClusterIdentifier",
    "writer": "Role",  # with db_cluster: the writer alone (a reader would dilute the average)
    "unregistered": probe.STATUS,  # CoreappGatewayStatus of one gateway_status
    "load_balancer": "LoadBalancer",
    "target_group": "TargetGroup",
    "cluster": "ClusterName",
    "web_service": "ServiceName",
    "master_service": "ServiceName",
    "coreapp_service": "ServiceName",
    "hosts": "AutoScalingGroupName",
    "file_system": "FileSystemId",
    "task_failures_rule": "RuleName",
    "disk_full_rule": "RuleName",
}


# Dimensions whose value is the same in every rendering.
FIXED_DIMENSIONS: dict[str, str] = {"writer": "WRITER", "unregistered": "unregistered"}


@dataclass(frozen=True)
class Metric:
    namespace: str
    name: str
    dimensions: tuple[str, ...]  # keys of DIMENSIONS
    statistic: str


@dataclass(frozen=True)
class Alarm:
    key: str  # the logical id is f"{key}Alarm"
    description: str  # what it means (the first clause titles its dashboard graph)
    metric: Metric  # m1 in an expression
    comparison: str  # CloudFormation's ComparisonOperator
    threshold: str  # a key of FIGURES, or a number
    period_s: int
    evaluation_periods: int  # N
    missing_data: str  # TreatMissingData
    action: str = ""  # what the on-call engineer does (docs/alarms.md)
    datapoints: int | None = None  # M of N (None: every one of the N)
    when: str | None = None  # "own_instance_db" (RDS instance), "own_cluster_db" (Aurora)
    percent_of: str | None = None  # the metric as a percentage of this figure (GiB -> bytes)
    others: tuple[Metric, ...] = ()  # m2, m3, ... of `expression`
    expression: str | None = None  # metric math over m1..; ${Var} is a figure (variable())

    @property
    def logical_id(self) -> str:
        return f"{self.key}Alarm"

    @property
    def datapoints_to_alarm(self) -> int:
        return self.datapoints or self.evaluation_periods

    @property
    def inputs(self) -> tuple[Metric, ...]:
        return (self.metric, *self.others)


def _db(name: str, statistic: str) -> tuple[Metric, Metric]:
    """The same RDS metric for an instance and for an Aurora cluster."""
    return (Metric("AWS/RDS", name, ("db_instance",), statistic),
            Metric("AWS/RDS", name, ("db_cluster", "writer"), statistic))


def _tasks(role: str) -> Metric:
    return Metric("ECS/ContainerInsights", "RunningTaskCount", ("cluster", f"{role}_service"),
                  "Minimum")


def _probe(name: str, statistic: str) -> Metric:
    return Metric(probe.NAMESPACE, name, ("deployment",), statistic)


def _rule(dimension: str) -> Metric:
    """Events an EventBridge rule of monitoring/task_events.py matched (its target ran)."""
    return Metric("AWS/Events", "TriggeredRules", (dimension,), "Sum")


CONNECTIONS_HIGH = (f"Database connections above {DB_CONNECTIONS_ALARM_PCT}% of the class's "
                    "max_connections: the client will soon be refused")
CONNECTIONS_ACTION = ("Find who holds them (SHOW PROCESSLIST / pg_stat_activity); if the load "
                      "is real, grow the class (wa-size --rate, then deploy) before refusals.")
DB_CPU_ACTION = ("Look for long queries and for a message rate above the plan; grow the class "
                 "if the load is real.")
LT, GT, GE = "LessThanThreshold", "GreaterThanThreshold", "GreaterThanOrEqualToThreshold"
M_OF_N = {"datapoints": PROBE_WINDOW[0], "evaluation_periods": PROBE_WINDOW[1]}

ALARMS: tuple[Alarm, ...] = (
    # Relative to the shard count the probe reads from the client (ShardsExpected), so a shard
    # change pages no one: the plan's count moves with the deploy, the client's with `set`.
    Alarm("CoreappsDisconnected", "Fewer Coreapps connected to WhatsApp than shards: some "
          "shards cannot send or receive", _probe(probe.CONNECTED, "Minimum"), GE, "1",
          60, missing_data="notBreaching", others=(_probe(probe.SHARDS_EXPECTED, "Maximum"),),
          expression="m2 - m1", action="Read /v1/health: a Coreapp in error or "
          "disconnected names the shard; check its task (stopped reason, logs) and the "
          "number's registration; TasksBelowDesired and TasksCrashLooping say whether ECS "
          "can run it.", **M_OF_N),
    Alarm("NoPrimaryMaster", "No primary Master: no failover, registration or settings "
          "changes", _probe(probe.PRIMARY_MASTERS, "Maximum"), LT, "1", 60,
          missing_data="notBreaching", action="Check the Master service's tasks and their "
          "logs; a Master that cannot reach the database cannot take the lease.", **M_OF_N),
    Alarm("ProbeFailing", "The health probe cannot read the Webapps' health (the API may be "
          "down or flapping, or refuses the probe's API key)",
          _probe(probe.ERRORS, "Maximum"), GE, "1", 60,
          missing_data="notBreaching", action="Call the API yourself (/v1/health through the "
          "load balancer); read the probe's log for the failing step; check the Webapp "
          "targets' health.", **M_OF_N),
    # The cause behind many a CoreappsDisconnected: Meta's gateway_status "unregistered".
    Alarm("NumberUnregistered", "Coreapps report the phone number unregistered (gateway_status "
          "unregistered) in 3 of 5 minutes: its registration is gone (an expired or revoked "
          "certificate, a deleted number); no message is sent or received",
          Metric(probe.NAMESPACE, probe.GATEWAY_STATUS, ("deployment", "unregistered"),
                 "Maximum"), GE, "1", 60, missing_data="notBreaching",
          action="Check the number and its certificate in Business Manager; register it again "
          "(POST /v1/account, then /v1/account/verify), then set the shards as before "
          "(wa-shards set).", **M_OF_N),
    Alarm("ProbeFunctionErrors", "The health probe function itself fails (secret, metrics)",
          Metric("AWS/Lambda", "Errors", ("function",), "Sum"), GE, "1", 300, 2,
          "notBreaching", action="Read the probe's log group: a secret it cannot read or "
          "a metric it cannot publish."),
    # Every run publishes ProbeConfigured, configured or not: no sample is no probe at all.
    Alarm("ProbeSilent", "The health probe has not run for 10 minutes (schedule, function or "
          "quota): the alarms above are blind", _probe(probe.CONFIGURED, "SampleCount"), LT,
          "1", 60, 10, "breaching", action="Check the probe's schedule rule is enabled, the "
          "function's throttles and the account's Lambda concurrency."),
    Alarm("NodesInError", "A Master or Coreapp reports errors in /v1/health for 10 of 15 "
          "minutes: high availability is silently lost (a spare that cannot take over)",
          _probe(probe.NODES_IN_ERROR, "Minimum"), GE, "1", 60, 15, "notBreaching",
          datapoints=10, action="Read /v1/health: the node's errors name it (1011: the "
          "node cannot reach another); restart its task; check the hosts' security group "
          "and the database."),
    Alarm("DbConnectionsHigh", CONNECTIONS_HIGH,
          _db("DatabaseConnections", "Maximum")[0], GT, "db_connections_alarm", 60,
          missing_data="notBreaching", when="own_instance_db", action=CONNECTIONS_ACTION,
          **M_OF_N),
    Alarm("DbClusterConnectionsHigh", CONNECTIONS_HIGH,
          _db("DatabaseConnections", "Maximum")[1], GT, "db_connections_alarm", 60,
          missing_data="notBreaching", when="own_cluster_db", action=CONNECTIONS_ACTION,
          **M_OF_N),
    Alarm("DbCpuHigh", f"Database CPU above {DB_CPU_ALARM_PCT}% for 15 minutes",
          _db("CPUUtilization", "Average")[0], GT, str(DB_CPU_ALARM_PCT), 300, 3,
          "notBreaching", when="own_instance_db", action=DB_CPU_ACTION),
    Alarm("DbClusterCpuHigh", f"Database CPU above {DB_CPU_ALARM_PCT}% for 15 minutes",
          _db("CPUUtilization", "Average")[1], GT, str(DB_CPU_ALARM_PCT), 300, 3,
          "notBreaching", when="own_cluster_db", action=DB_CPU_ACTION),
    Alarm("DbFreeStorageLow", f"Database free storage below {DB_FREE_STORAGE_ALARM_PCT}% of "
          "what it was given", _db("FreeStorageSpace", "Minimum")[0], LT,
          str(DB_FREE_STORAGE_ALARM_PCT), 300, 1, "notBreaching", when="own_instance_db",
          percent_of="db_storage_gib", action="Grow the storage (DbStorageGiB / "
          "db_storage_gib, then deploy); RDS events report storage-full on the topic too."),
    Alarm("WebappsUnhealthy", "Fewer healthy Webapps behind the load balancer than the plan "
          "runs", Metric("AWS/NetworkELB", "HealthyHostCount",
                         ("load_balancer", "target_group"), "Minimum"),
          LT, "webapps", 60, 5, "breaching", action="Check the Web service's tasks and the "
          "target group's health reasons; an AZ lost shows here first."),
    Alarm("WebappTargetsUnhealthy", "A Webapp target fails the load balancer's health check "
          "in 6 of 10 minutes (down or flapping)",
          Metric("AWS/NetworkELB", "UnHealthyHostCount", ("load_balancer", "target_group"),
                 "Maximum"), GE, "1", 60, 10, "notBreaching", datapoints=6,
          action="Find the target in the target group's health reasons and read that "
          "Webapp's log; stop its task if it flaps (ECS replaces it)."),
    *(Alarm(f"{role.title()}TasksBelowDesired", f"Fewer {role} tasks running than the plan "
            "asks for, for 10 minutes (a deployment or a host that cannot place them)",
            _tasks(role), LT, figure, 60, 10, "breaching", action="Read the service's "
            "events (why ECS cannot place the task: memory, a host lost, a stopped reason).")
      for role, figure in (("web", "webapps"), ("master", "masters"),
                           ("coreapp", "coreapps"))),
    Alarm("TasksCrashLooping", "Tasks keep stopping on their own (a container exited or a "
          "task failed to start) in 3 of 6 five-minute periods: a crash loop",
          _rule("task_failures_rule"), GE, "1", 300, 6, "notBreaching", datapoints=3,
          action="The host events topic carries each stopped task with its reason; read the "
          "container's log; a deploy that crash-loops is rolled back by the circuit breaker."),
    Alarm("RootDiskFull", "A host's root disk is full: a task stopped with 'no space left on "
          "device'", _rule("disk_full_rule"), GE, "1", 300, 1, "notBreaching",
          action="Find the host in the stopped task (host events topic); drain it "
          "(the group replaces it) or prune stopped containers and images there."),
    Alarm("EfsIoLimit", f"The shared file system above {EFS_IO_LIMIT_ALARM_PCT}% of its "
          "General Purpose I/O limit for 15 minutes: media and data slow down",
          Metric("AWS/EFS", "PercentIOLimit", ("file_system",), "Average"), GE,
          str(EFS_IO_LIMIT_ALARM_PCT), 300, 3, "notBreaching",
          action="Look for a media burst or a backup; a steady load needs a Max I/O file "
          "system (a migration)."),
    # The client's own queues: a webhook that is down or slow, Coreapps that cannot keep up.
    # Published only when the Webapp answers /v1/stats/app: no data is no evidence.
    Alarm("CallbacksBacklogged", "The client's webhook callbacks are backing up: more than a "
          "minute of the plan's callbacks waiting for 10 of 15 minutes (the webhook is down, "
          "slow or refusing them; at a fraction of the plan's traffic the queue takes longer "
          "to get there)", _probe(probe.CALLBACK_QUEUE, "Minimum"), GE,
          "callback_backlog", 60, 15, "notBreaching", datapoints=10,
          action="Call the webhook URL yourself (GET /v1/settings/application names it); "
          "read CallbackFailurePercent on the dashboard and the Coreapp logs for the callback "
          "errors; the business misses messages and statuses until the queue drains."),
    Alarm("MessagesBacklogged", "Received messages are waiting to be processed: more than a "
          "minute of the plan's inbound messages pending for 10 of 15 minutes (the Coreapps "
          "cannot keep up)", _probe(probe.PENDING_MESSAGES, "Minimum"), GE, "message_backlog", 60,
          15, "notBreaching", datapoints=10,
          action="Compare the message rate with the plan (wa-size --rate); check the "
          "Coreapps' CPU and memory, the database's CPU and connections; grow the plan if the "
          "load is real."),
    # At the maximum while memory asks for another host, for 30 minutes: a rolling deploy at
    # 200 % holds the reservation at 92-97 % for minutes, not half an hour (docs/alarms.md).
    # One metric-math alarm: an input "at maximum" alarm would be red on every plan that runs
    # at its maximum by design (desired = max).
    Alarm("CapacityExhausted", "Scaling exhausted: the fleet is at its EC2 maximum and memory "
          "reservation is still above the scale-out threshold",
          Metric("AWS/AutoScaling", "GroupInServiceInstances", ("hosts",), "Minimum"), GT,
          str(data.SCALE_OUT_MEMORY_PCT), 300, 6, "notBreaching",
          others=(Metric("AWS/ECS", "MemoryReservation", ("cluster",), "Average"),),
          expression="IF(m1 >= ${Ec2Max}, m2, 0)",
          action="Raise the caps or shrink the plan (wa-size); tasks that cannot be placed "
          "also show in TasksBelowDesired."),
)
# What the RDS event subscription sends to the alarm topic (RDS's event categories).
RDS_INSTANCE_EVENTS = ("failover", "failure", "low storage", "maintenance")
RDS_CLUSTER_EVENTS = ("failover", "failure", "maintenance")


def applies(alarm: Alarm, *, own_db: bool, aurora: bool) -> bool:
    return {None: True, "own_instance_db": own_db and not aurora,
            "own_cluster_db": own_db and aurora}[alarm.when]


def figures(plan, deployment) -> dict[str, float]:
    """Each figure for a plan and a deployment (the CDK app; templates/mappings.py)."""
    return {
        "shards": plan.shards,
        "webapps": plan.webapps,
        "masters": plan.masters,
        "coreapps": plan.total_coreapps,
        "ec2_max": plan.ec2_max,
        "db_connections_alarm": db_connections_alarm(plan.db_max_connections),
        "db_storage_gib": deployment.db_storage_gib,
        "callback_backlog": callback_backlog(plan),
        "message_backlog": message_backlog(plan),
    }


def message_backlog(plan) -> int:
    return max(math.ceil(plan.inbound_msg_s * BACKLOG_S), BACKLOG_FLOOR)


def callback_backlog(plan) -> int:
    per_s = plan.rate_msg_s * (1 + plan.receipts_per_message) + plan.inbound_msg_s
    return max(math.ceil(per_s * BACKLOG_S), BACKLOG_FLOOR)


def db_connections_alarm(max_connections: int) -> int:
    return math.floor(max_connections * DB_CONNECTIONS_ALARM_PCT / 100)


def threshold(alarm: Alarm, values: dict) -> object:
    """The alarm's threshold: a figure's value (renderer's expression) or a number."""
    return values[alarm.threshold] if alarm.threshold in FIGURES else float(alarm.threshold)


def variable(key: str) -> str:
    """A figure's or dimension's name as an Fn::Sub variable (letters and digits only)."""
    return "".join(part.title() for part in key.split("_"))


def percent_expression(alarm: Alarm) -> str:
    """Metric math for a percent_of alarm; the figure is an Fn::Sub variable."""
    return f"100 * m1 / (${{{variable(alarm.percent_of)}}} * 1073741824)"


def math_expression(alarm: Alarm) -> str | None:
    """The alarm's metric math (Fn::Sub text), or None for a plain metric alarm."""
    return percent_expression(alarm) if alarm.percent_of else alarm.expression


def expression_figures(alarm: Alarm) -> list[str]:
    """The figures (keys of FIGURES) an alarm's expression names."""
    named = set(re.findall(r"\$\{(\w+)\}", math_expression(alarm) or ""))
    return [key for key in FIGURES if variable(key) in named]
