"""monitoring/render.py's output as CloudWatch would get it, without a renderer: every figure
and dimension given a value and each Fn::Sub done here, as a deploy would do it. Everything is
computed when a test calls it (under mutation testing, what a module builds when it is
imported was built before any mutant was active)."""

from __future__ import annotations

import json
import re

from contract.deployment import Deployment
from monitoring import alarms, render
from sizing import plan

REGION = "eu-west-1"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:wa-alarms"
DB_STORAGE_GIB = 300
# A value of its own for each dimension a renderer fills in (the fixed ones as they are).
DIMENSION_VALUES = {
    "deployment": "wa", "function": "wa-probe", "db_instance": "wa-db",
    "db_cluster": "wa-aurora", "load_balancer": "net/wa-api/0123456789abcdef",
    "target_group": "targetgroup/wa-web/fedcba9876543210", "cluster": "wa-cluster",
    "web_service": "wa-web", "master_service": "wa-master", "coreapp_service": "wa-coreapp",
    "hosts": "wa-hosts", "file_system": "fs-0123456789abcdef0",
    "task_failures_rule": "wa-TaskFailuresRule", "disk_full_rule": "wa-DiskFullRule",
    **alarms.FIXED_DIMENSIONS,
}


def figures() -> dict[str, float]:
    """The default plan's figures (100 msg/s, 8 shards) for a database of DB_STORAGE_GIB."""
    return alarms.figures(plan(), Deployment(db_storage_gib=DB_STORAGE_GIB))


def sub(text: str, variables: dict) -> dict:
    return {"Fn::Sub": [text, dict(variables)]}


def substitute(text: str, variables: dict) -> str:
    """Fn::Sub: each ${Name} its variable's text; a name it is not given fails the test (a
    deploy would take it for a parameter or resource that does not exist)."""
    values = {**variables, "AWS::Region": REGION}
    return re.sub(r"\$\{([\w:]+)\}", lambda m: str(values[m.group(1)]), text)


def alarm_arn(name: str) -> str:
    return f"arn:aws:cloudwatch:{REGION}:123456789012:alarm:wa-{name}-X1"


def alarm(spec) -> dict:
    """One alarm's AWS::CloudWatch::Alarm properties, its expression's Fn::Sub done."""
    props = render.alarm_properties(spec, figures=figures(), dimensions=DIMENSION_VALUES,
                                    topic=TOPIC, sub=sub)
    for metric in props.get("Metrics", []):
        if isinstance(metric.get("Expression"), dict):
            metric["Expression"] = substitute(*metric["Expression"]["Fn::Sub"])
    return props


def dashboard_text(chosen) -> tuple[str, set[str], dict]:
    """dashboard_body's text and names for `chosen`, and the values a renderer gives them."""
    arns = sorted(f"{a.key}AlarmArn" for a in chosen)
    text, names = render.dashboard_body(chosen, arns)
    values = {alarms.variable(k): v for k, v in {**figures(), **DIMENSION_VALUES}.items()}
    values.update({arn: alarm_arn(arn.removesuffix("Arn")) for arn in arns})
    return text, names, values


def dashboard(chosen) -> list[dict]:
    """The dashboard's widgets as CloudWatch reads them (the body after Fn::Sub)."""
    text, names, values = dashboard_text(chosen)
    return json.loads(substitute(text, {n: values[n] for n in names}))["widgets"]
