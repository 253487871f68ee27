"""The contract's flows on a deployed state, as the AWS APIs report it after a deploy (the
rehearsal's moto endpoint, or an account): the groups the hosts, the load balancer, the
database and the mount targets really carry, their rules, the routes, the listener, the
database's port and the mount targets' subnets.

The deployed rendering only names things (logical id -> physical id, for readable messages)
and says which ECS service is the web one; moto does not keep a service's load balancers, so
that attachment is taken from the rendering.
"""

from __future__ import annotations

from gates.cfn_resolve import Deployment
from gates.flows import (
    WORLD,
    Expectation,
    Network,
    Report,
    Rule,
    check,
    internet_path,
    network_of,
)


def _physical_ids(deployment: Deployment, stack_names: dict[str, str], cloudformation,
                  ) -> dict[str, tuple[str, str]]:
    """Template key (<stack path>/<logical id>) -> (physical id, type), nested stacks too."""
    names = dict(stack_names)
    found = {}
    for path in sorted(deployment.stacks, key=lambda p: p.count("/")):
        if path not in names:
            continue
        pages = cloudformation.get_paginator("list_stack_resources").paginate(
            StackName=names[path])
        for resource in (r for page in pages for r in page["StackResourceSummaries"]):
            logical, physical = resource.get("LogicalResourceId"), resource.get(
                "PhysicalResourceId")
            if not (logical and physical):
                continue  # (moto lists resource types it does not model without ids)
            found[f"{path}/{logical}"] = (physical, resource["ResourceType"])
            if resource["ResourceType"] == "AWS::CloudFormation::Stack":
                names[f"{path}/{logical}"] = physical
    return found


def _of_type(physical: dict[str, tuple[str, str]], type_: str) -> list[str]:
    return [pid for pid, t in physical.values() if t == type_]


def _rules(group: dict, name: str) -> list[Rule]:
    rules = []
    for direction, field in (("ingress", "IpPermissions"), ("egress", "IpPermissionsEgress")):
        for permission in group.get(field, []):
            protocol = str(permission.get("IpProtocol", "-1"))
            low, high = (0, 65535) if protocol == "-1" else (
                int(permission.get("FromPort", 0)), int(permission.get("ToPort", 65535)))
            peers = [p["GroupId"] for p in permission.get("UserIdGroupPairs", [])]
            peers += [r["CidrIp"] for r in permission.get("IpRanges", [])]
            peers += [r["CidrIpv6"] for r in permission.get("Ipv6Ranges", [])]
            peers += [p["PrefixListId"] for p in permission.get("PrefixListIds", [])]
            rules += [Rule(direction, protocol, low, high, peer,
                           f"{name} {group['GroupId']} (deployed)") for peer in peers]
    return rules


class _Cloud:
    """The few EC2, Auto Scaling, ELB, RDS and EFS reads the check needs."""

    def __init__(self, session, physical: dict[str, tuple[str, str]]) -> None:
        self.ec2 = session.client("ec2")
        self.physical = physical
        groups = _of_type(physical, "AWS::AutoScaling::AutoScalingGroup")
        self.groups = session.client("autoscaling").describe_auto_scaling_groups(
            AutoScalingGroupNames=groups)["AutoScalingGroups"] if groups else []
        arns = _of_type(physical, "AWS::ElasticLoadBalancingV2::LoadBalancer")
        elbv2 = session.client("elbv2")
        self.load_balancers = elbv2.describe_load_balancers(
            LoadBalancerArns=arns)["LoadBalancers"] if arns else []
        self.listeners = [listener for arn in arns for listener in elbv2.describe_listeners(
            LoadBalancerArn=arn)["Listeners"]]
        rds = session.client("rds")
        ours = set(_of_type(physical, "AWS::RDS::DBInstance"))
        self.databases = [db for page in rds.get_paginator("describe_db_instances").paginate()
                          for db in page["DBInstances"] if db["DBInstanceIdentifier"] in ours
                          and not db.get("DBClusterIdentifier")]  # a cluster's port counts
        clusters = set(_of_type(physical, "AWS::RDS::DBCluster"))
        self.databases += [dict(c, Endpoint={"Port": c["Port"]}) for c in (
            rds.describe_db_clusters()["DBClusters"] if clusters else [])
            if c["DBClusterIdentifier"] in clusters]
        lambda_ = session.client("lambda")
        self.functions = [lambda_.get_function_configuration(FunctionName=name)
                          for name in _of_type(physical, "AWS::Lambda::Function")]
        efs = session.client("efs")
        self.mount_targets = [
            dict(target, SecurityGroups=efs.describe_mount_target_security_groups(
                MountTargetId=target["MountTargetId"])["SecurityGroups"])
            for fs in _of_type(physical, "AWS::EFS::FileSystem")
            for target in efs.describe_mount_targets(FileSystemId=fs)["MountTargets"]]

    def host_groups(self) -> set[str]:
        found = set()
        for group in self.groups:
            spec = group.get("LaunchTemplate") or group.get("MixedInstancesPolicy", {}).get(
                "LaunchTemplate", {}).get("LaunchTemplateSpecification", {})
            versions = self.ec2.describe_launch_template_versions(
                LaunchTemplateId=spec["LaunchTemplateId"], Versions=[str(spec["Version"])])
            for version in versions["LaunchTemplateVersions"]:
                found |= set(version["LaunchTemplateData"].get("SecurityGroupIds", []))
        return found

    def host_subnets(self) -> list[str]:
        return [s for g in self.groups for s in g["VPCZoneIdentifier"].split(",") if s]

    def path(self, subnets: list[str], through_nat: bool) -> str | None:
        def default_route(subnet: str) -> dict | None:
            tables = self.ec2.describe_route_tables(
                Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])["RouteTables"]
            return next((r for t in tables for r in t.get("Routes", [])
                         if r.get("DestinationCidrBlock") == WORLD), None)

        def nat_subnet(nat_id: str) -> str | None:
            nats = self.ec2.describe_nat_gateways(NatGatewayIds=[nat_id])["NatGateways"] if (
                nat_id) else []
            return nats[0]["SubnetId"] if nats else None

        gateways = {g["InternetGatewayId"] for g in self.ec2.describe_internet_gateways()[
            "InternetGateways"] if any(a.get("State") in ("available", "attached")
                                       for a in g.get("Attachments", []))}
        return internet_path(subnets, default_route, nat_subnet, gateways, through_nat)


def deployed_network(deployment: Deployment, expectation: Expectation,
                     stack_names: dict[str, str], session) -> Network:
    """`stack_names`: the deployed name of each top-level stack path of `deployment`;
    `session`: a boto3 session (or the boto3 module) pointing at the deployment."""
    rendered = network_of(deployment, expectation)
    physical = _physical_ids(deployment, stack_names, session.client("cloudformation"))
    cloud = _Cloud(session, physical)
    names = {pid: key.rsplit("/", 1)[1] for key, (pid, _) in physical.items()}
    zones = {
        "hosts": cloud.host_groups(),
        "load_balancer": {g for lb in cloud.load_balancers for g in lb.get("SecurityGroups", [])},
        "database": {g["VpcSecurityGroupId"] for db in cloud.databases
                     for g in db.get("VpcSecurityGroups", [])},
        "file_system": {g for t in cloud.mount_targets for g in t["SecurityGroups"]},
        "probe": {g for f in cloud.functions
                  for g in f.get("VpcConfig", {}).get("SecurityGroupIds", [])},
    }
    ids = sorted(set().union(*zones.values()))  # (none: DescribeSecurityGroups lists all)
    described = cloud.ec2.describe_security_groups(GroupIds=ids)["SecurityGroups"] if ids else []
    groups = {g["GroupId"]: _rules(g, names.get(g["GroupId"], g["GroupId"]))
              for g in described}
    network = Network(groups, names, zones)
    # An internet-facing load balancer sees the probe at the NAT gateways' addresses.
    nat_ids = _of_type(physical, "AWS::EC2::NatGateway")
    gateways = cloud.ec2.describe_nat_gateways(NatGatewayIds=nat_ids)["NatGateways"] if (
        nat_ids) else []
    network.zones["nat"] = {f"{a['PublicIp']}/32" for g in gateways
                            for a in g.get("NatGatewayAddresses", []) if a.get("PublicIp")}
    network.gaps = {key: list(gaps) for key, gaps in rendered.gaps.items()}  # the web service
    network.gaps["api"] = [] if any(
        listener["Port"] == 443 and listener["Protocol"] == "TCP" for listener in cloud.listeners
    ) else ["no TCP listener on 443 (deployed)"]
    network.gaps["database"] = [f"the database listens on {db['Endpoint']['Port']}"
                                for db in cloud.databases
                                if db["Endpoint"]["Port"] != expectation.db_port]
    if not expectation.existing_efs:
        missing = sorted(set(cloud.host_subnets()) - {t["SubnetId"] for t in cloud.mount_targets})
        network.gaps["file-system"] = [f"no mount target in host subnet(s) {', '.join(missing)}"
                                       ] if missing else []
    if expectation.existing_vpc:
        network.internet = dict(rendered.internet)
    else:
        network.internet["hosts"] = cloud.path(cloud.host_subnets(), through_nat=True)
        for function in cloud.functions:
            subnets = function.get("VpcConfig", {}).get("SubnetIds")
            if subnets:
                network.internet["probe"] = cloud.path(subnets, through_nat=True)
    for lb in cloud.load_balancers:
        network.load_balancer_scheme = lb.get("Scheme")
        if lb.get("Scheme") == "internet-facing" and not expectation.existing_vpc:
            subnets = [z["SubnetId"] for z in lb.get("AvailabilityZones", [])]
            network.internet["load_balancer"] = cloud.path(subnets, through_nat=False)
    return network


def check_deployed(deployment: Deployment, expectation: Expectation,
                   stack_names: dict[str, str], session) -> Report:
    return check(deployed_network(deployment, expectation, stack_names, session), expectation)


# --- the client's start in AWS mode, on the deployed state -------------------------------------

def _allows(documents: list[dict], action: str, resource: str) -> bool:
    """Whether the policy documents allow `action` on `resource`: an Allow matches and no Deny
    does (wildcards as IAM reads them; conditions aside, none of the client's grants has one
    but PutMetricData's, which this is not asked about)."""
    import fnmatch

    def matches(statement) -> bool:
        actions = statement.get("Action", [])
        resources = statement.get("Resource", [])
        actions = [actions] if isinstance(actions, str) else actions
        resources = [resources] if isinstance(resources, str) else resources
        return any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in actions) and any(
            fnmatch.fnmatchcase(resource, r) for r in resources)

    statements = [s for d in documents for s in (
        d.get("Statement", []) if isinstance(d.get("Statement", []), list)
        else [d["Statement"]])]
    effects = {s.get("Effect") for s in statements if matches(s)}
    return "Allow" in effects and "Deny" not in effects


def _role_documents(iam, role_arn: str) -> list[dict]:
    import json
    from urllib.parse import unquote

    def document(value):
        return json.loads(unquote(value)) if isinstance(value, str) else value

    name = role_arn.rsplit("/", 1)[1]
    documents = [document(iam.get_role_policy(RoleName=name, PolicyName=p)["PolicyDocument"])
                 for p in iam.list_role_policies(RoleName=name)["PolicyNames"]]
    for attached in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]:
        policy = iam.get_policy(PolicyArn=attached["PolicyArn"])["Policy"]
        version = iam.get_policy_version(PolicyArn=attached["PolicyArn"],
                                         VersionId=policy["DefaultVersionId"])
        documents.append(document(version["PolicyVersion"]["Document"]))
    return documents


def client_start_problems(deployment_name: str, cluster: str, session) -> list[str]:
    """What stops the client from reading its password in AWS mode on the deployed state: the
    SecureString <deployment name>-WA_DB_PASSWORD must exist, and every client task's role
    must allow ssm:GetParameter on it and kms:Decrypt with its key (the policy documents as
    deployed, read back through IAM)."""
    from contract.roles import password_parameter_name

    ssm, ecs, iam, kms = (session.client(n) for n in ("ssm", "ecs", "iam", "kms"))
    name = password_parameter_name(deployment_name)
    found = ssm.describe_parameters(
        ParameterFilters=[{"Key": "Name", "Values": [name]}])["Parameters"]
    if not found:
        return [f"no SSM parameter {name}: the client cannot read its password in AWS mode"]
    problems = [] if found[0]["Type"] == "SecureString" else [f"{name} is not a SecureString"]
    arn = ssm.get_parameter(Name=name)["Parameter"]["ARN"]
    key_arn = kms.describe_key(KeyId=found[0]["KeyId"])["KeyMetadata"]["Arn"]
    services = ecs.list_services(cluster=cluster)["serviceArns"]
    if not services:
        return problems + [f"no services in cluster {cluster}"]
    for service in ecs.describe_services(cluster=cluster, services=services)["services"]:
        task = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])[
            "taskDefinition"]
        label = service["serviceName"]
        if not task.get("taskRoleArn"):
            problems.append(f"{label}: no task role, so no credentials for {name}")
            continue
        documents = _role_documents(iam, task["taskRoleArn"])
        if not _allows(documents, "ssm:GetParameter", arn):
            problems.append(f"{label}: its task role cannot read {name}")
        if not _allows(documents, "kms:Decrypt", key_arn):
            problems.append(f"{label}: its task role cannot decrypt {name} (key {key_arn})")
    return problems
