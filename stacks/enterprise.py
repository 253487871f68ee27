"""Enterprise tier: the ECS cluster on an EC2 Auto Scaling group sized by the plan, memory-based
host scaling as in the reference, EFS for data and media, the network load balancer, and the
web, master and coreapp services."""

from __future__ import annotations

from aws_cdk import CfnOutput, Duration, RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from contract import roles
from contract.deployment import Deployment
from contract.host import file_system_policy
from probe import metrics as probe_metrics
from sizing import Plan
from stacks.capacity_order import wait_for_capacity_providers
from stacks.encrypted_logs import encrypted_log_group
from stacks.enterprise_front import LoadBalancerPart
from stacks.enterprise_hosts import HostsPart
from stacks.keys import grant_from_principal, rotated_key
from stacks.lambda_tier import LambdaStack
from stacks.monitoring import monitoring
from stacks.nag import (
    acknowledge,
    acknowledge_inline_policy,
    acknowledge_nist,
)
from stacks.offline import OfflineStack


class EnterpriseStack(HostsPart, LoadBalancerPart, OfflineStack):
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
        for role in roles.ROLES:
            task = self._task(f"{role.title()}Task", role, role, log_group, common_secrets,
                              generated, db_settings)
            self.services[role] = self._service(role, task)
            if roles.ROLES[role].after:  # created and rolled once that service is stable
                self.services[role].node.add_dependency(self.services[roles.ROLES[role].after])
        # Run by hand (wa-upgrade), never as a service: the coreapp image at upgrade_tag
        # (MySQL engines only: contract/roles.py).
        self.db_upgrade_task = self._task(
            "DbUpgradeTask", roles.DB_UPGRADE.name, roles.DB_UPGRADE.like, log_group,
            common_secrets,
            generated, db_settings, one_off=roles.DB_UPGRADE,
        ) if plan.engine in roles.DB_UPGRADE.engines else None
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
        CfnOutput(self, "ApiKeySecret", description=roles.API_KEY_OUTPUT,
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
                    password_length=roles.GENERATED[source], exclude_punctuation=True),
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

    # --- tasks and services ----------------------------------------------------------------
    def _task(self, construct_id, name, role, log_group, common_secrets, generated, db_settings,
              one_off=None):
        """One container per task, exactly as the contract describes the role (a one-off
        task: as the role it is like, with its own command, tag, environment and mounts)."""
        plan, deployment, spec = self.plan, self.deployment, roles.ROLES[role]
        task = ecs.Ec2TaskDefinition(
            self, construct_id, network_mode=ecs.NetworkMode.BRIDGE,
            family=f"{deployment.prefix}-{name}" if one_off else None)
        volumes = [v for v in roles.VOLUMES if one_off is None or v.name in one_off.volumes]
        for volume in volumes:
            task.add_volume(name=volume.name, host=ecs.Host(source_path=volume.host_path))
        inputs = {
            "region": self.region,
            "stack_name": deployment.prefix,  # the deployment's name (contract/roles.py)
            "db_engine": roles.WA_DB_ENGINE_BY_ENGINE[plan.engine],
            "db_idle_timeout_ms": str(deployment.db_idle_timeout_ms),
            "load_balancer_dns": self.load_balancer.load_balancer_dns_name,
            "web_db_persistent": "1",
        }
        holds = {"ssl": plan.ssl}
        variables = roles.environment_for(role) if one_off is None else one_off.environment_of()
        environment = {v.name: v.render(inputs) for v in variables
                       if v.when is None or holds[v.when]}
        tag = deployment.image_tag
        if one_off is not None:
            environment.update(one_off.environment)
            tag = deployment.upgrade_tag or deployment.image_tag
        secrets = {s.name: ecs.Secret.from_secrets_manager(generated[s.source][0])
                   if s.source in roles.GENERATED else common_secrets[s.source]
                   for s in roles.secrets_for(role)}
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
            for statement in roles.client_task_statements(db_settings.password_parameter_arn,
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
        one_per_host = (roles.ROLES[role].one_per_host
                        or (role == "coreapp" and plan.isolate_coreapps))
        return ecs.Ec2Service(
            self, f"{role.title()}Service",
            cluster=self.cluster, task_definition=task, desired_count=desired,
            placement_strategies=spread,
            placement_constraints=[ecs.PlacementConstraint.distinct_instances()]
            if one_per_host else None,
            capacity_provider_strategies=[ecs.CapacityProviderStrategy(
                capacity_provider=self.capacity_provider.capacity_provider_name, weight=1)],
            # Replace one-per-host tasks in place instead of needing spare hosts.
            min_healthy_percent=roles.ROLLOUT_PERCENT[one_per_host][0],
            max_healthy_percent=roles.ROLLOUT_PERCENT[one_per_host][1],
            circuit_breaker=ecs.DeploymentCircuitBreaker(rollback=True),
            health_check_grace_period=Duration.seconds(roles.WEB_HEALTH_CHECK_GRACE_S)
            if role == "web" else None,
        )
