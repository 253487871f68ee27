"""What CloudWatch holds for a deployment: the AWS metrics the alarms and the dashboard read,
with the dimensions each service publishes them under (the services' CloudWatch metrics pages
in the AWS documentation), and every series the health probe publishes (probe/metrics.py).
Written here apart from monitoring/, so that a metric, dimension or statistic monitoring/
misspells is one that does not exist."""

from __future__ import annotations

import re

from probe import metrics as probe

_RDS_INSTANCE, _RDS_WRITER = ("DBInstanceIdentifier",), ("DBClusterIdentifier", "Role")
_SERVICE = ("ClusterName", "ServiceName")
# namespace -> metric -> the dimension names it is published with
AWS: dict[str, dict[str, set[tuple[str, ...]]]] = {
    "AWS/RDS": {"DatabaseConnections": {_RDS_INSTANCE, _RDS_WRITER},
                "CPUUtilization": {_RDS_INSTANCE, _RDS_WRITER},
                "FreeStorageSpace": {_RDS_INSTANCE}},
    "AWS/Lambda": {"Errors": {("FunctionName",)}},
    "AWS/NetworkELB": {"HealthyHostCount": {("LoadBalancer", "TargetGroup")},
                       "UnHealthyHostCount": {("LoadBalancer", "TargetGroup")}},
    "ECS/ContainerInsights": {"RunningTaskCount": {_SERVICE}},
    "AWS/ECS": {"MemoryReservation": {("ClusterName",)},
                "CPUUtilization": {("ClusterName",), _SERVICE},
                "MemoryUtilization": {("ClusterName",), _SERVICE}},
    "AWS/Events": {"TriggeredRules": {("RuleName",)}},
    "AWS/EFS": {"PercentIOLimit": {("FileSystemId",)}},
    "AWS/AutoScaling": {"GroupInServiceInstances": {("AutoScalingGroupName",)}},
}
# The values a fixed dimension takes: an Aurora instance's role, the probe's second dimension.
FIXED_VALUES = {"Role": {"WRITER", "READER"}, probe.STATUS: set(probe.GATEWAY_STATUSES),
                probe.RESULT: set(probe.API_RESULTS) | set(probe.CALLBACK_RESULTS)}
# A metric math id (an alarm's or a graph's): it starts with a lowercase letter.
METRIC_ID = re.compile(r"^[a-z][A-Za-z0-9_]*$")
# CloudWatch's statistics (case matters); percentiles are not used here.
STATISTICS = {"SampleCount", "Average", "Sum", "Minimum", "Maximum"}


def probe_series() -> dict[str, set[tuple[str, ...]]]:
    """Metric -> dimension names of each series the probe publishes."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for name, second, _ in probe.series():
        out.setdefault(name, set()).add((probe.DIMENSION, *((second,) if second else ())))
    return out


def dimension_sets(namespace: str, name: str) -> set[tuple[str, ...]]:
    """The dimension names `name` is published with in `namespace` (empty: no such metric)."""
    if namespace == probe.NAMESPACE:
        return probe_series().get(name, set())
    return AWS.get(namespace, {}).get(name, set())


def valid_period(seconds) -> bool:
    """Every metric here is standard resolution (one datapoint a minute): a period is a whole
    number of minutes."""
    return isinstance(seconds, int) and seconds > 0 and seconds % 60 == 0
