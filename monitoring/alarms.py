"""The alarms, each with its threshold named as a figure of the plan or the deployment.

A renderer supplies the dimension values (DIMENSIONS) and an expression for each figure
(FIGURES): the CDK app puts in the plan's numbers, the plain templates their Mappings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from probe import metrics as probe

DB_CONNECTIONS_ALARM_PCT = 80  # of max_connections: time to grow the class before refusals
DB_CPU_ALARM_PCT = 80
DB_FREE_STORAGE_ALARM_PCT = 10

# Figures a threshold may name, and what each one is.
FIGURES: dict[str, str] = {
    "shards": "active Coreapps the plan asks for (one per shard)",
    "webapps": "Webapps the plan runs",
    "masters": "Masters the plan runs",
    "coreapps": "Coreapp tasks the plan runs (active + spare)",
    "ec2_max": "the fleet's maximum (the caps table)",
    "db_connections_alarm": f"{DB_CONNECTIONS_ALARM_PCT}% of the DB class's max_connections",
    "db_storage_gib": "the storage the database was given",
}

# Dimension inputs an alarm may name: the CloudWatch dimension each one fills.
DIMENSIONS: dict[str, str] = {
    "deployment": probe.DIMENSION,
    "function": "FunctionName",
    "db_instance": "DBInstanceIdentifier",
    "db_cluster": "DBClusterIdentifier",
    "writer": "Role",  # with db_cluster: the writer alone (a reader would dilute the average)
    "load_balancer": "LoadBalancer",
    "target_group": "TargetGroup",
    "cluster": "ClusterName",
    "web_service": "ServiceName",
    "master_service": "ServiceName",
    "coreapp_service": "ServiceName",
    "hosts": "AutoScalingGroupName",
}


@dataclass(frozen=True)
class Metric:
    namespace: str
    name: str
    dimensions: tuple[str, ...]  # keys of DIMENSIONS
    statistic: str


@dataclass(frozen=True)
class Alarm:
    key: str  # the logical id is f"{key}Alarm"
    description: str
    metric: Metric
    comparison: str  # CloudFormation's ComparisonOperator
    threshold: str  # a key of FIGURES, or a number
    period_s: int
    evaluation_periods: int
    missing_data: str  # TreatMissingData
    when: str | None = None  # "own_instance_db" (RDS instance), "own_cluster_db" (Aurora)
    percent_of: str | None = None  # the metric as a percentage of this figure (GiB -> bytes)
    notify: bool = True  # False: an input of a composite alarm only, never a page itself

    @property
    def logical_id(self) -> str:
        return f"{self.key}Alarm"


def _db(name: str, statistic: str) -> tuple[Metric, Metric]:
    """The same RDS metric for an instance and for an Aurora cluster."""
    return (Metric("AWS/RDS", name, ("db_instance",), statistic),
            Metric("AWS/RDS", name, ("db_cluster", "writer"), statistic))


def _tasks(role: str) -> Metric:
    return Metric("ECS/ContainerInsights", "RunningTaskCount", ("cluster", f"{role}_service"),
                  "Minimum")


def _probe(name: str, statistic: str) -> Metric:
    return Metric(probe.NAMESPACE, name, ("deployment",), statistic)


CONNECTIONS_HIGH = (f"Database connections above {DB_CONNECTIONS_ALARM_PCT}% of the class's "
                    "max_connections: grow the class before the client is refused")
LT, GT, GE = "LessThanThreshold", "GreaterThanThreshold", "GreaterThanOrEqualToThreshold"

ALARMS: tuple[Alarm, ...] = (
    Alarm("CoreappsDisconnected", "Fewer Coreapps connected to WhatsApp than shards: some "
          "shards cannot send or receive", _probe(probe.CONNECTED, "Minimum"), LT, "shards",
          60, 5, "notBreaching"),
    Alarm("NoPrimaryMaster", "No primary Master: no failover, registration or settings "
          "changes", _probe(probe.PRIMARY_MASTERS, "Maximum"), LT, "1", 60, 3, "notBreaching"),
    Alarm("ProbeFailing", "The health probe cannot log in to the Webapp or read its health "
          "(the API may be down)", _probe(probe.ERRORS, "Minimum"), GE, "1", 60, 5,
          "notBreaching"),
    Alarm("ProbeFunctionErrors", "The health probe function itself fails (secret, metrics)",
          Metric("AWS/Lambda", "Errors", ("function",), "Sum"), GE, "1", 300, 2,
          "notBreaching"),
    # Every run publishes ProbeConfigured, configured or not: no sample is no probe at all.
    Alarm("ProbeSilent", "The health probe has not run for 10 minutes (schedule, function or "
          "quota): the alarms above are blind", _probe(probe.CONFIGURED, "SampleCount"), LT,
          "1", 60, 10, "breaching"),
    Alarm("ProbeNotConfigured", "The health probe has had no Webapp user for a day: the "
          "cluster alarms above stay silent until it has one (README: monitoring)",
          _probe(probe.CONFIGURED, "Maximum"), LT, "1", 3600, 24, "notBreaching"),
    Alarm("DbConnectionsHigh", CONNECTIONS_HIGH,
          _db("DatabaseConnections", "Maximum")[0], GT, "db_connections_alarm", 300, 3,
          "notBreaching", when="own_instance_db"),
    Alarm("DbClusterConnectionsHigh", CONNECTIONS_HIGH,
          _db("DatabaseConnections", "Maximum")[1], GT, "db_connections_alarm", 300, 3,
          "notBreaching", when="own_cluster_db"),
    Alarm("DbCpuHigh", f"Database CPU above {DB_CPU_ALARM_PCT}% for 15 minutes",
          _db("CPUUtilization", "Average")[0], GT, str(DB_CPU_ALARM_PCT), 300, 3,
          "notBreaching", when="own_instance_db"),
    Alarm("DbClusterCpuHigh", f"Database CPU above {DB_CPU_ALARM_PCT}% for 15 minutes",
          _db("CPUUtilization", "Average")[1], GT, str(DB_CPU_ALARM_PCT), 300, 3,
          "notBreaching", when="own_cluster_db"),
    Alarm("DbFreeStorageLow", f"Database free storage below {DB_FREE_STORAGE_ALARM_PCT}% of "
          "what it was given", _db("FreeStorageSpace", "Minimum")[0], LT,
          str(DB_FREE_STORAGE_ALARM_PCT), 300, 1, "notBreaching", when="own_instance_db",
          percent_of="db_storage_gib"),
    Alarm("WebappsUnhealthy", "Fewer healthy Webapps behind the load balancer than the plan "
          "runs", Metric("AWS/NetworkELB", "HealthyHostCount",
                         ("load_balancer", "target_group"), "Minimum"),
          LT, "webapps", 60, 5, "breaching"),
    *(Alarm(f"{role.title()}TasksBelowDesired", f"Fewer {role} tasks running than the plan "
            "asks for, for 10 minutes (a deployment or a host that cannot place them)",
            _tasks(role), LT, figure, 60, 10, "breaching")
      for role, figure in (("web", "webapps"), ("master", "masters"),
                           ("coreapp", "coreapps"))),
    # Many plans run at their maximum by design (desired = max): only ScalingExhausted pages.
    Alarm("FleetAtMaximum", "The fleet runs at its EC2 maximum (the caps table)",
          Metric("AWS/AutoScaling", "GroupInServiceInstances", ("hosts",), "Minimum"), GE,
          "ec2_max", 300, 1, "notBreaching", notify=False),
)
# Scaling exhausted: at the maximum while memory still asks for another host. The composite
# joins FleetAtMaximum with the scale-out alarm the hosts already scale on.
SCALING_EXHAUSTED = "ScalingExhaustedAlarm"


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
    }


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
