"""Enterprise tier: the ECS cluster on an EC2 Auto Scaling group sized by the plan, memory-based
host scaling as in the reference, EFS for data and media, the network load balancer, and the
web, master and coreapp services."""

from __future__ import annotations

import jsii
from aws_cdk import CfnOutput, Duration, Fn, RemovalPolicy
from aws_cdk import aws_autoscaling as autoscaling
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_efs as efs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from contract.deployment import Deployment
from contract.host import IMDS, boot_commands, file_system_policy, host_policy_statements
from contract.roles import (
    API_KEY_OUTPUT,
    API_PORT,
    DB_UPGRADE,
    GENERATED,
    ROLES,
    VOLUMES,
    WA_DB_ENGINE_BY_ENGINE,
    WEB_HEALTH_CHECK_GRACE_S,
    client_task_statements,
    environment_for,
    secrets_for,
)
from probe import metrics as probe_metrics
from sizing import Plan, data
from stacks.capacity_order import wait_for_capacity_providers
from stacks.encrypted_logs import encrypted_log_group
from stacks.host_events import host_events
from stacks.keys import grant_from_principal, rotated_key
from stacks.lambda_tier import LambdaStack
from stacks.monitoring import monitoring
from stacks.nag import (
    acknowledge,
    acknowledge_inline_policy,
    acknowledge_nist,
    acknowledge_warning,
)
from stacks.network import nat_addresses
from stacks.offline import OfflineStack
from stacks.security_groups import allow_ingress, security_group


@jsii.implements(cloudwatch.IAlarmAction)
class _ScalingPolicyAction:
    """Lets an L2 alarm trigger an L1 simple scaling policy (the reference's +1/-1 policies)."""

    def __init__(self, policy: autoscaling.CfnScalingPolicy) -> None:
        self._policy = policy

    def bind(self, _scope, _alarm) -> cloudwatch.AlarmActionConfig:
        return cloudwatch.AlarmActionConfig(alarm_action_arn=self._policy.ref)


class EnterpriseStack(OfflineStack):
    def __init__(self, scope: Construct, construct_id: str, *, plan: Plan,
                 deployment: Deployment, vpc: ec2.IVpc,
                 hosts_security_group: ec2.ISecurityGroup, db_settings: LambdaStack,
                 database=None, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.plan = plan
        self.deployment = deployment
        self.cluster = ecs.Cluster(self, "Cluster", vpc=vpc,
                                   container_insights_v2=ecs.ContainerInsights.ENABLED)
        linked_role = None
        if deployment.create_ecs_service_linked_role:  # README: the ECS service-linked role
            linked_role = iam.CfnServiceLinkedRole(self, "EcsServiceLinkedRole",
                                                   aws_service_name="ecs.amazonaws.com")
            # the account's: other clusters use it
            linked_role.apply_removal_policy(RemovalPolicy.RETAIN)
            self.cluster.node.add_dependency(linked_role)
        self.file_system = self._file_system(vpc, hosts_security_group)
        self.auto_scaling_group = self._hosts(vpc, hosts_security_group)
        self.capacity_provider = ecs.AsgCapacityProvider(
            self, "CapacityProvider",
            auto_scaling_group=self.auto_scaling_group,
            # Hosts scale on the reference's memory alarms, not ECS managed scaling; ECS drains
            # a host's tasks before the group terminates it.
            enable_managed_scaling=False,
            enable_managed_termination_protection=False,
            enable_managed_draining=True,
        )
        if linked_role is not None:  # what fails without it: the cluster and this
            self.capacity_provider.node.add_dependency(linked_role)
        self.cluster.add_asg_capacity_provider(self.capacity_provider)
        # run-task without a strategy (the upgrade task, an operator's one-off) lands here too
        self.cluster.add_default_capacity_provider_strategy([ecs.CapacityProviderStrategy(
            capacity_provider=self.capacity_provider.capacity_provider_name, weight=1)])
        self._host_permissions()
        self.file_system.node.default_child.add_property_override(
            "FileSystemPolicy", file_system_policy(self.auto_scaling_group.role.role_arn))
        self._memory_scaling()

        self.load_balancer, target_group = self._load_balancer(vpc, hosts_security_group)
        log_group = encrypted_log_group(self, "ContainerLogs", "container logs",
                                        deployment.log_retention_days)
        generated = self._generated_secrets()
        common_secrets = {f"db:{name}": ecs.Secret.from_ssm_parameter(
            db_settings.parameter(self, name)) for name in db_settings.names}
        self.services = {}
        for role in ROLES:
            task = self._task(f"{role.title()}Task", role, role, log_group, common_secrets,
                              generated, db_settings)
            self.services[role] = self._service(role, task)
            if ROLES[role].after:  # created and rolled once that service is stable
                self.services[role].node.add_dependency(self.services[ROLES[role].after])
        # Run by hand (wa-upgrade), never as a service: the coreapp image at upgrade_tag
        # (MySQL engines only: contract/roles.py).
        self.db_upgrade_task = self._task(
            "DbUpgradeTask", DB_UPGRADE.name, DB_UPGRADE.like, log_group, common_secrets,
            generated, db_settings, one_off=DB_UPGRADE,
        ) if plan.engine in DB_UPGRADE.engines else None
        wait_for_capacity_providers(self.cluster, list(self.services.values()))
        self.services["web"].attach_to_network_target_group(target_group)

        CfnOutput(self, "ApiEndpoint", description="HTTPS endpoint of the Webapps",
                  value=f"https://{self.load_balancer.load_balancer_dns_name}")
        CfnOutput(self, "ClusterName", description="ECS cluster",
                  value=self.cluster.cluster_name)
        if deployment.existing_db is not None:  # else the database tier outputs it
            existing = deployment.existing_db
            CfnOutput(self, "DbEndpoint", description="Database host:port",
                      value=f"{existing.host}:{existing.port}")
        CfnOutput(self, "Shards", description="Shard count to set with POST /v1/account/shards",
                  value=str(plan.shards))
        CfnOutput(self, "Coreapps", description="Coreapp tasks (active + spare)",
                  value=str(plan.total_coreapps))
        CfnOutput(self, "CoreappServiceName", description="Coreapp ECS service (wa-shards plan "
                  "waits on it)", value=self.services["coreapp"].service_name)
        self._upgrade_outputs()
        monitoring(self, plan=plan, deployment=deployment, vpc=vpc, cluster=self.cluster,
                   services=self.services, load_balancer=self.load_balancer,
                   target_group=target_group, hosts=self.auto_scaling_group,
                   scale_out_alarm=self.scale_out_alarm, database=database)
        self._probe_reads_api_key(*generated["api-key"])
        CfnOutput(self, "ApiKeySecret", description=API_KEY_OUTPUT,
                  value=generated["api-key"][0].secret_arn)

    def _generated_secrets(self) -> dict[str, tuple[secretsmanager.Secret, kms.IKey]]:
        """The Webapps' generated secrets (contract/roles.py GENERATED), each with its own
        retained key: the JWT signing key, and WA_API_KEY, which the health probe reads too."""
        made = {}
        for source, construct_id, purpose, rotation in (
            ("jwt-key", "WebJwtKey", ("WA_WEB_JWT_CRYPTO_KEY for the Webapps",
                                      "Webapp JWT signing key"),
             "Rotating the JWT signing key logs every API client out; rotate it during "
             "maintenance by updating the secret."),
            ("api-key", "WebApiKey", ("WA_API_KEY for the Webapps: the health probe reads "
                                      "/v1/health, /metrics and /v1/stats with it",
                                      "Webapp API key"),
             "The Webapps read WA_API_KEY at start: a rotated key locks the probe out until "
             "every Webapp restarts. Rotate it during maintenance, then restart the web "
             "service."),
        ):
            key = rotated_key(self, f"{construct_id}Key", purpose[1])
            secret = secretsmanager.Secret(
                self, construct_id, description=purpose[0], encryption_key=key,
                generate_secret_string=secretsmanager.SecretStringGenerator(
                    password_length=GENERATED[source], exclude_punctuation=True),
                removal_policy=RemovalPolicy.RETAIN,
            )
            acknowledge(secret, "SMG4", rotation)
            acknowledge_nist(secret, "SecretsManagerRotationEnabled", rotation)
            made[source] = (secret, key)
        return made

    def _probe_reads_api_key(self, secret: secretsmanager.ISecret, key: kms.IKey) -> None:
        """The health probe (stacks/monitoring.py) gets in with the Webapps' API key: its
        secret's ARN in the function's environment, GetSecretValue on that secret and
        kms:Decrypt on its key in the function's role, nothing else."""
        function = self.node.find_child("Probe")
        function.add_environment(probe_metrics.ENV_API_KEY_SECRET_ARN, secret.secret_arn)
        function.role.add_to_principal_policy(iam.PolicyStatement(
            actions=["secretsmanager:GetSecretValue"], resources=[secret.secret_arn]))
        grant_from_principal(function.role, key, "kms:Decrypt")

    def _upgrade_outputs(self) -> None:
        """What wa-upgrade plan names in its commands (the database tier outputs the DB's
        identifier)."""
        CfnOutput(self, "CapacityProviderName", description="Capacity provider for run-task",
                  value=self.capacity_provider.capacity_provider_name)
        if self.db_upgrade_task is not None:
            CfnOutput(self, "DbUpgradeTaskFamily", description="One-off database-upgrade task "
                      "(wa-upgrade)", value=self.db_upgrade_task.family)
        CfnOutput(self, "FileSystemId", description="EFS file system (backups)",
                  value=self.file_system.file_system_id)

    # --- storage -------------------------------------------------------------------------
    def _file_system(self, vpc, hosts_security_group) -> efs.FileSystem:
        group = security_group(self, "FileSystemSecurityGroup", "file_system", vpc,
                               "EFS for media and data: hosts only")
        allow_ingress(group, "file_system", {"hosts": [hosts_security_group]})
        file_system = efs.FileSystem(
            self, "FileSystem", vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnets=vpc.private_subnets),
            security_group=group,
            encrypted=True,
            kms_key=rotated_key(self, "FileSystemKey", "media and data on EFS"),
            enable_automatic_backups=True,
            throughput_mode=efs.ThroughputMode.ELASTIC,
            allow_anonymous_access=False,
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge_nist(file_system, "EFSInBackupPlan",
                         "Automatic backups put the file system in AWS Backup's default plan "
                         "for EFS (daily, kept 35 days), which the pack does not recognise.")
        return file_system

    # --- hosts ---------------------------------------------------------------------------
    def _hosts(self, vpc, hosts_security_group) -> autoscaling.AutoScalingGroup:
        plan, deployment = self.plan, self.deployment
        role = iam.Role(self, "HostRole", assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"),
                        description="ECS hosts: ECS agent, SSM Session Manager, EFS mount")
        user_data = ec2.UserData.for_linux()
        # The contract's boot script; the capacity provider appends ECS_CLUSTER after it.
        user_data.add_commands(*boot_commands(
            self.file_system.file_system_id, deployment.db_ca_url,
            "yes" if plan.ssl else "no", None))
        template = ec2.LaunchTemplate(
            self, "HostTemplate",
            machine_image=ecs.EcsOptimizedImage.amazon_linux2023(),
            instance_type=ec2.InstanceType(plan.host_type),
            security_group=hosts_security_group,
            role=role,
            user_data=user_data,
            require_imdsv2=IMDS.http_tokens == "required",
            http_put_response_hop_limit=IMDS.hop_limit,  # see contract/host.py
            block_devices=[ec2.BlockDevice(
                device_name="/dev/xvda",
                volume=ec2.BlockDeviceVolume.ebs(
                    deployment.root_volume_gib, encrypted=True,
                    volume_type=ec2.EbsDeviceVolumeType.GP3, delete_on_termination=True),
            )],
            detailed_monitoring=True,
        )
        group = autoscaling.AutoScalingGroup(
            self, "Hosts", vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnets=vpc.private_subnets),
            launch_template=template,
            min_capacity=plan.ec2_min,
            desired_capacity=plan.ec2_desired,
            max_capacity=plan.ec2_max,
            health_checks=autoscaling.HealthChecks.ec2(grace_period=Duration.minutes(5)),
            # the ScalingExhausted alarm reads the hosts in service
            group_metrics=[autoscaling.GroupMetrics(
                autoscaling.GroupMetric.IN_SERVICE_INSTANCES)],
        )
        host_events(self, group)
        group.node.add_dependency(self.file_system.mount_targets_available)
        acknowledge_warning(group, "@aws-cdk/aws-autoscaling:desiredCapacitySet",
                            "Intended: each deploy sets the fleet the plan computed; the memory "
                            "alarms move it between min and max in between.")
        return group

    def _host_permissions(self) -> None:
        """Exactly the contract's host permissions. Adding the capacity provider grants the
        hosts log and registry actions on "*" as well, which they do not use (awslogs writes
        with the task execution role, the images come from a public registry), and the CDK
        offers no way to leave them out: the host role's policy is written whole instead."""
        policy = self.auto_scaling_group.role.node.find_child("DefaultPolicy")
        policy.node.default_child.add_property_override("PolicyDocument.Statement", [
            {"Effect": s["Effect"], "Action": s["Action"], "Resource": s["Resource"],
             **({"Condition": s["Condition"]} if "Condition" in s else {})}
            for s in host_policy_statements(
                self.cluster.cluster_arn, self.file_system.file_system_arn,
                self.format_arn(service="ec2", resource="instance", resource_name="*"))])
        acknowledge_inline_policy(self.auto_scaling_group.role,
                                  "the ECS agent's calls on this cluster and the EFS mount")
        acknowledge(policy, "IAM5[Resource::*]",
                    "ECS agent calls that take no resource ARN (DiscoverPollEndpoint) or are "
                    "pinned to this cluster by the ecs:cluster condition, and the four "
                    "ssmmessages calls Session Manager needs, which take none (its registration "
                    "is pinned to this account's instances; contract/host.py).")
        acknowledge(policy, "IAM5[Action::ecs:Submit*]",
                    "cdk-nag reads the CDK's grant before the override above: the deployed "
                    "policy names the three Submit actions, on this cluster's ARN only.")

    def _memory_scaling(self) -> None:
        """The reference's two alarms on cluster MemoryReservation with +1/-1 host policies."""
        metric = cloudwatch.Metric(
            namespace="AWS/ECS", metric_name="MemoryReservation",
            dimensions_map={"ClusterName": self.cluster.cluster_name},
            statistic="Average", period=Duration.seconds(data.ALARM_PERIOD_S),
        )
        for name, adjustment, threshold, comparison in (
            ("ScaleOut", 1, data.SCALE_OUT_MEMORY_PCT,
             cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD),
            ("ScaleIn", -1, data.SCALE_IN_MEMORY_PCT,
             cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD),
        ):
            policy = autoscaling.CfnScalingPolicy(
                self, f"{name}Policy",
                auto_scaling_group_name=self.auto_scaling_group.auto_scaling_group_name,
                policy_type="SimpleScaling", adjustment_type="ChangeInCapacity",
                scaling_adjustment=adjustment, cooldown=str(data.SCALING_COOLDOWN_S),
            )
            alarm = cloudwatch.Alarm(
                self, f"{name}Alarm", metric=metric, threshold=threshold,
                comparison_operator=comparison,
                evaluation_periods=data.ALARM_EVALUATION_PERIODS,
                alarm_description=f"Cluster memory reservation: {adjustment:+d} host",
            )
            alarm.add_alarm_action(_ScalingPolicyAction(policy))
            if adjustment > 0:
                self.scale_out_alarm = alarm

    # --- load balancer ---------------------------------------------------------------------
    def _load_balancer(self, vpc, hosts_security_group):
        deployment = self.deployment
        group = security_group(
            self, "LoadBalancerSecurityGroup", "load_balancer", vpc,
            "WhatsApp Business API load balancer", egress_to={"hosts": hosts_security_group})
        clients = ([ec2.Peer.ipv4(c) for c in deployment.api_cidrs] if deployment.public_api
                   else [ec2.Peer.ipv4(vpc.vpc_cidr_block)])
        # Internet-facing: the probe arrives from the NAT gateways' addresses (an existing
        # VPC's are not known here: api_cidrs must hold them, docs/probe.md).
        nat = ([ec2.Peer.ipv4(Fn.join("", [address, "/32"])) for address in nat_addresses(vpc)]
               if deployment.public_api else [])
        allow_ingress(group, "load_balancer", {"clients": clients, "nat": nat})
        # remote_rule: the rule lives in this stack, so the network tier never refers up.
        allow_ingress(hosts_security_group, "hosts", {"load_balancer": [group]},
                      remote_rule=True)
        subnets = vpc.public_subnets if deployment.public_api else vpc.private_subnets
        load_balancer = elbv2.NetworkLoadBalancer(
            self, "LoadBalancer", vpc=vpc, internet_facing=deployment.public_api,
            vpc_subnets=ec2.SubnetSelection(subnets=subnets),
            security_groups=[group], cross_zone_enabled=True,
            # Its DNS name is what every API client uses: production keeps it on delete too.
            deletion_protection=self.plan.env == "production",
        )
        target_group = elbv2.NetworkTargetGroup(
            self, "WebTargets", vpc=vpc, port=API_PORT, protocol=elbv2.Protocol.TCP,
            target_type=elbv2.TargetType.INSTANCE,
            # traffic-port: each Webapp task listens on its own dynamic host port
            health_check=elbv2.HealthCheck(protocol=elbv2.Protocol.HTTPS, path="/",
                                           port="traffic-port", interval=Duration.seconds(30)),
            deregistration_delay=Duration.seconds(30),
        )
        acknowledge(load_balancer, "ELB2", "A TCP listener produces no access logs (NLB logs "
                    "only TLS listeners); VPC flow logs record the connections.")
        if deployment.world_api:
            acknowledge(group, "EC23", "The user opened the API to the internet on purpose "
                        f"(api_cidrs {', '.join(deployment.world_api)} with "
                        "allow_world_api=true): port 443 only.")
        elif not deployment.public_api:  # named client CIDRs do not raise the finding
            acknowledge(group, "EC23", "Ingress is the VPC's own CIDR on 443 only; the rule "
                        "cannot read the CIDR token.")
        elif nat:  # ... but the NAT addresses are tokens, which the rule cannot read
            acknowledge(group, "EC23", "Ingress is the named api_cidrs and each NAT gateway's "
                        "address as a /32 (the health probe), on 443 only; the rule cannot "
                        "read the address tokens.")
        listener = load_balancer.add_listener("Api", port=API_PORT, protocol=elbv2.Protocol.TCP,
                                              default_target_groups=[target_group])
        self._acknowledge_front(load_balancer, listener, group)
        return load_balancer, target_group

    def _acknowledge_front(self, load_balancer, listener, group) -> None:
        acknowledge_nist(load_balancer, "ELBLoggingEnabled", "A TCP listener produces no "
                         "access logs (NLB logs only TLS listeners); VPC flow logs record the "
                         "connections.")
        acknowledge_nist(listener, "ELBv2ACMCertificateRequired",
                         "TLS ends at the Webapps with the business's own certificate for "
                         "WA_WEB_SERVERNAME: the load balancer passes TCP through, so the API's "
                         "TLS is end to end.")
        for rule in ("EC2RestrictedCommonPorts", "EC2RestrictedSSH"):
            acknowledge_nist(group, rule, "The rule cannot read the client CIDR token; the "
                             "group admits port 443 only, which the cluster contract check "
                             "proves on every synth.")
        if self.plan.env != "production":
            acknowledge_nist(load_balancer, "ELBDeletionProtectionEnabled",
                             "Staging is disposable; production has deletion protection.")

    # --- tasks and services ----------------------------------------------------------------
    def _task(self, construct_id, name, role, log_group, common_secrets, generated, db_settings,
              one_off=None):
        """One container per task, exactly as the contract describes the role (a one-off
        task: as the role it is like, with its own command, tag, environment and mounts)."""
        plan, deployment, spec = self.plan, self.deployment, ROLES[role]
        task = ecs.Ec2TaskDefinition(
            self, construct_id, network_mode=ecs.NetworkMode.BRIDGE,
            family=f"{deployment.prefix}-{name}" if one_off else None)
        volumes = [v for v in VOLUMES if one_off is None or v.name in one_off.volumes]
        for volume in volumes:
            task.add_volume(name=volume.name, host=ecs.Host(source_path=volume.host_path))
        inputs = {
            "region": self.region,
            "stack_name": deployment.prefix,  # the deployment's name (contract/roles.py)
            "db_engine": WA_DB_ENGINE_BY_ENGINE[plan.engine],
            "db_idle_timeout_ms": str(deployment.db_idle_timeout_ms),
            "load_balancer_dns": self.load_balancer.load_balancer_dns_name,
            "web_db_persistent": "1",
        }
        holds = {"ssl": plan.ssl}
        variables = environment_for(role) if one_off is None else one_off.environment_of()
        environment = {v.name: v.render(inputs) for v in variables
                       if v.when is None or holds[v.when]}
        tag = deployment.image_tag
        if one_off is not None:
            environment.update(one_off.environment)
            tag = deployment.upgrade_tag or deployment.image_tag
        secrets = {s.name: ecs.Secret.from_secrets_manager(generated[s.source][0])
                   if s.source in GENERATED else common_secrets[s.source]
                   for s in secrets_for(role)}
        container = task.add_container(
            name,
            image=ecs.ContainerImage.from_registry(f"{deployment.registry}/{spec.image}:{tag}"),
            command=list(one_off.command(plan.engine) if one_off else spec.command),
            memory_reservation_mib=plan.reservation(spec.name)[0],
            cpu=plan.reservation(spec.name)[1],
            environment=environment,
            secrets=secrets,
            logging=ecs.LogDrivers.aws_logs(stream_prefix=name, log_group=log_group),
            port_mappings=None if one_off else [ecs.PortMapping(container_port=p, host_port=0)
                                                for p in spec.container_ports],
            essential=True,
        )
        acknowledge(task, "ECS2", "Only non-secret settings are plain environment variables; "
                    "credentials and keys come from SSM SecureString and Secrets Manager.")
        for volume in volumes:
            container.add_mount_points(ecs.MountPoint(
                source_volume=volume.name, container_path=volume.container_path,
                read_only=volume.read_only))
        execution = task.obtain_execution_role()
        grant_from_principal(execution, db_settings.key, "kms:Decrypt")
        acknowledge_inline_policy(execution, "this task's settings, secret, key and log stream")
        if one_off is None:  # the client in AWS mode; the upgrade task runs outside it
            for statement in client_task_statements(db_settings.password_parameter_arn,
                                                    db_settings.key.key_arn):
                task.task_role.add_to_principal_policy(iam.PolicyStatement(
                    actions=statement["Action"], resources=[statement["Resource"]],
                    conditions=statement.get("Condition")))
            acknowledge_inline_policy(task.task_role, "the client's password parameter, its "
                                      "key, and metrics outside the alarms' namespaces")
            acknowledge(task.task_role.node.find_child("DefaultPolicy"), "IAM5[Resource::*]",
                        "cloudwatch:PutMetricData takes no resource ARN; the condition keeps "
                        "the client out of every namespace an alarm reads (AWS/*, ECS/*, the "
                        "probe's).")
        return task

    def _service(self, role, task) -> ecs.Ec2Service:
        plan = self.plan
        desired = {"web": plan.webapps, "master": plan.masters,
                   "coreapp": plan.total_coreapps}[role]
        spread = [ecs.PlacementStrategy.spread_across(ecs.BuiltInAttributes.AVAILABILITY_ZONE),
                  ecs.PlacementStrategy.spread_across_instances()]
        one_per_host = ROLES[role].one_per_host or (role == "coreapp" and plan.isolate_coreapps)
        return ecs.Ec2Service(
            self, f"{role.title()}Service",
            cluster=self.cluster, task_definition=task, desired_count=desired,
            placement_strategies=spread,
            placement_constraints=[ecs.PlacementConstraint.distinct_instances()]
            if one_per_host else None,
            capacity_provider_strategies=[ecs.CapacityProviderStrategy(
                capacity_provider=self.capacity_provider.capacity_provider_name, weight=1)],
            # Replace one-per-host tasks in place instead of needing spare hosts.
            min_healthy_percent=50 if one_per_host else 100,
            max_healthy_percent=100 if one_per_host else 200,
            circuit_breaker=ecs.DeploymentCircuitBreaker(rollback=True),
            health_check_grace_period=Duration.seconds(WEB_HEALTH_CHECK_GRACE_S)
            if role == "web" else None,
        )
