"""Deploy synthesized CDK stacks into in-process moto the way `cdk deploy` would: bootstrap
parameter, asset bucket with the Lambda zips, then CloudFormation stacks in tier order."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import boto3

ACCOUNT = "123456789012"  # moto's default account
REGION = "us-east-1"
QUALIFIER = "hnb659fds"  # the CDK's default bootstrap qualifier
ASSET_BUCKET = f"cdk-{QUALIFIER}-assets-{ACCOUNT}-{REGION}"
TIER_ORDER = ("Network", "Database", "Lambda", "Enterprise")
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"]


def bootstrap() -> None:
    """What `cdk bootstrap` leaves that the templates read: the version and the asset bucket."""
    boto3.client("ssm").put_parameter(Name=f"/cdk-bootstrap/{QUALIFIER}/version", Value="30",
                                      Type="String")
    boto3.client("s3").create_bucket(Bucket=ASSET_BUCKET)


def _zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder))
    return buffer.getvalue()


def publish_assets(outdir: Path) -> None:
    s3 = boto3.client("s3")
    for manifest in outdir.glob("*.assets.json"):
        for asset in json.loads(manifest.read_text()).get("files", {}).values():
            source = outdir / asset["source"]["path"]
            body = _zip(source) if asset["source"].get("packaging") == "zip" else (
                source.read_bytes())
            for destination in asset["destinations"].values():
                s3.put_object(Bucket=ASSET_BUCKET, Key=destination["objectKey"], Body=body)


def deploy(outdir: Path, prefix: str) -> dict[str, dict]:
    """Create the stacks, or update them when they exist; returns describe_stacks by tier."""
    publish_assets(outdir)
    cloudformation, s3 = boto3.client("cloudformation"), boto3.client("s3")
    existing = {s["StackName"] for s in cloudformation.describe_stacks()["Stacks"]}
    result = {}
    for tier in TIER_ORDER:
        name = f"{prefix}-{tier}"
        template = outdir / f"{name}.template.json"
        if not template.exists():  # e.g. no database tier with an existing DB
            continue
        key = f"templates/{name}.json"  # too large for TemplateBody
        s3.put_object(Bucket=ASSET_BUCKET, Key=key, Body=template.read_bytes())
        url = f"https://{ASSET_BUCKET}.s3.amazonaws.com/{key}"
        action = cloudformation.update_stack if name in existing else (
            cloudformation.create_stack)
        action(StackName=name, TemplateURL=url, Capabilities=CAPABILITIES)
        result[tier.lower()] = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
    return result


def cluster_state() -> dict:
    """What is deployed, in the plan's terms: the Auto Scaling group (min, desired, max), the
    ECS services' desired counts by logical name (CoreappService, ...), the RDS instances."""
    group, = boto3.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]
    ecs = boto3.client("ecs")
    services = {}
    for cluster in ecs.list_clusters()["clusterArns"]:
        arns = ecs.list_services(cluster=cluster)["serviceArns"]
        for service in ecs.describe_services(cluster=cluster, services=arns)["services"]:
            # physical names are <stack>-<LogicalId><8-char hash>-<suffix>
            services[service["serviceName"].split("-")[2][:-8]] = service["desiredCount"]
    return {
        "ec2": (group["MinSize"], group["DesiredCapacity"], group["MaxSize"]),
        "services": services,
        "databases": boto3.client("rds").describe_db_instances()["DBInstances"],
    }


def planned_state(plan) -> dict:
    """`cluster_state()`'s ec2 and services as the plan says they should be."""
    return {
        "ec2": (plan.ec2_min, plan.ec2_desired, plan.ec2_max),
        "services": {"CoreappService": plan.total_coreapps, "MasterService": plan.masters,
                     "WebService": plan.webapps},
    }


def outputs(stack: dict) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def default_group_rules() -> tuple[list, list]:
    """Ingress and egress rules of the (one) non-default VPC's default security group."""
    ec2 = boto3.client("ec2")
    vpc, = (v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v["IsDefault"])
    group, = ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]},
    ])["SecurityGroups"]
    return group["IpPermissions"], group["IpPermissionsEgress"]


def db_log_groups() -> dict[str, tuple[int, bool]]:
    """The database's exported log groups: log name -> (retention days, has a KMS key)."""
    groups = boto3.client("logs").describe_log_groups(logGroupNamePrefix="/aws/rds/")
    return {g["logGroupName"].rsplit("/", 1)[1]: (g.get("retentionInDays"),
                                                   bool(g.get("kmsKeyId")))
            for g in groups["logGroups"]}


def db_audit_options() -> dict[str, str]:
    """Settings of the audit plugin in the option group the (one) database instance uses."""
    rds = boto3.client("rds")
    instance, = rds.describe_db_instances()["DBInstances"]
    name, = (m["OptionGroupName"] for m in instance["OptionGroupMemberships"])
    group, = rds.describe_option_groups(OptionGroupName=name)["OptionGroupsList"]
    option, = (o for o in group["Options"] if o["OptionName"] == "MARIADB_AUDIT_PLUGIN")
    return {s["Name"]: s["Value"] for s in option["OptionSettings"]}
