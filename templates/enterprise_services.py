"""The Webapp, Master and Coreapp task definitions and services, and the one-off upgrade task."""

from __future__ import annotations

from troposphere import (
    Equals,
    FindInMap,
    GetAtt,
    If,
    Join,
    NoValue,
    Ref,
    Region,
)
from troposphere.ecs import (
    CapacityProviderStrategyItem,
    ContainerDefinition,
    DeploymentCircuitBreaker,
    DeploymentConfiguration,
    Environment,
    Host,
    LoadBalancer,
    LogConfiguration,
    MountPoint,
    PlacementConstraint,
    PlacementStrategy,
    PortMapping,
    Secret,
    Service,
    TaskDefinition,
    Volume,
)
from troposphere.iam import Policy, Role
from troposphere.secretsmanager import GenerateSecretString
from troposphere.secretsmanager import Secret as SecretsManagerSecret

from contract import roles
from sizing import workload
from templates.common import (
    assume_role,
    encrypted_log_group,
    rotated_key,
    ssm_parameter_arn,
    ssm_parameter_arn_named,
)


class ServicesPart:
    """A part of templates/enterprise.py's Enterprise (its attributes are shared)."""

    # --- tasks and services -----------------------------------------------------------------
    def services(self) -> None:
        t = self.t
        logs = encrypted_log_group(t, "ContainerLogs", "container logs", Ref(self.retention))
        # The Webapps' generated secrets (contract/roles.py GENERATED), each with its own key.
        generated = {}
        for source, title, description, purpose in (
            ("jwt-key", "WebJwtKey", "WA_WEB_JWT_CRYPTO_KEY for the Webapps",
             "Webapp JWT signing key"),
            ("api-key", "WebApiKey", "WA_API_KEY for the Webapps: the health probe reads "
             "/v1/health, /metrics and /v1/stats with it", "Webapp API key"),
        ):
            key = rotated_key(t, f"{title}Key", purpose)
            generated[source] = (t.add_resource(SecretsManagerSecret(
                title, Description=description, KmsKeyId=GetAtt(key, "Arn"),
                GenerateSecretString=GenerateSecretString(
                    PasswordLength=roles.GENERATED[source], ExcludePunctuation=True),
                DeletionPolicy="Retain", UpdateReplacePolicy="Retain")), key)
        self.api_key = generated["api-key"]
        names = roles.DB_SETTINGS

        def parameter_arn(name):
            return ssm_parameter_arn(self.parameter_path, name)

        def execution_role(title: str, jwt_key_too: bool) -> Role:
            """What a task's agent reads for it: the DB settings, their key, its log stream;
            and the JWT secret for the Webapps only (as the CDK app grants per task)."""
            keys = [GetAtt(self.settings, "Outputs.ParametersKeyArn")]
            web = list(generated.values()) if jwt_key_too else []
            statements = [
                {"Effect": "Allow", "Action": "ssm:GetParameters",
                 "Resource": [parameter_arn(n) for n in names]},
                {"Effect": "Allow", "Action": "kms:Decrypt",
                 "Resource": [*keys, *(GetAtt(key, "Arn") for _, key in web)]},
                *([{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                    "Resource": [Ref(secret) for secret, _ in web]}] if web else []),
                {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                 "Resource": GetAtt(logs, "Arn")},
            ]
            return t.add_resource(Role(
                title,
                AssumeRolePolicyDocument=assume_role("ecs-tasks.amazonaws.com"),
                Policies=[Policy(PolicyName="read-settings-and-log",
                                 PolicyDocument={"Version": "2012-10-17",
                                                 "Statement": statements})],
            ))

        # the Masters', Coreapps' and the upgrade task's; the Webapps' own adds the JWT key
        execution = execution_role("TaskExecutionRole", False)
        web_execution = execution_role("WebTaskExecutionRole", True)
        client_role = t.add_resource(
            Role(
                "ClientTaskRole",
                AssumeRolePolicyDocument=assume_role("ecs-tasks.amazonaws.com"),
                Policies=[
                    Policy(
                        PolicyName="client-in-aws-mode",
                        PolicyDocument={
                            "Version": "2012-10-17",
                            "Statement": roles.client_task_statements(
                                ssm_parameter_arn_named(self.password_parameter),
                                GetAtt(self.settings, "Outputs.ParametersKeyArn"),
                            ),
                        },
                    )
                ],
            )
        )
        logging = {
            role: If(
                "UseAwslogs",
                LogConfiguration(
                    LogDriver="awslogs",
                    Options={
                        "awslogs-group": Ref(logs),
                        "awslogs-region": Region,
                        "awslogs-stream-prefix": role,
                    },
                ),
                LogConfiguration(
                    LogDriver="json-file",
                    Options={
                        "max-size": Join("", [Ref(self.log_size), "m"]),
                        "max-file": Ref(self.log_files),
                    },
                ),
            )
            for role in (*roles.ROLES, roles.DB_UPGRADE.name)
        }
        inputs = {
            "region": Region,
            "stack_name": self.name_base,
            "db_engine": roles.WA_DB_ENGINE_BY_ENGINE["mysql"],
            "db_idle_timeout_ms": Ref(self.idle),
            "load_balancer_dns": GetAtt(self.lb, "DNSName"),
            "web_db_persistent": If("PersistentWeb", "1", "0"),
        }
        conditions = {"ssl": "Ssl"}
        secret_sources = {f"db:{n}": parameter_arn(n) for n in names} | {
            source: Ref(secret) for source, (secret, _) in generated.items()}
        t.add_condition("PersistentWeb", Equals(Ref(self.persistent), "true"))
        desired = {"web": self.webapps, "master": self.masters, "coreapp": self.coreapps}
        reservations = {  # (memory MiB, CPU units) per container
            "web": (workload.WEBAPP.memory_mib, workload.WEBAPP.cpu_units),
            "master": (workload.MASTER.memory_mib, workload.MASTER.cpu_units),
            "coreapp": (FindInMap("CoreappMemoryByMessage", Ref(self.message), Ref(self.rate)),
                        FindInMap("CoreappCpuByMessage", Ref(self.message), Ref(self.rate))),
        }
        self.service_refs = {}
        def task_definition(title, name, role, tag, one_off=None):
            """One container per task, as the contract describes the role (a one-off task:
            as the role it is like, with its own command, tag, environment and mounts)."""
            spec = roles.ROLES[role]
            volumes = [v for v in roles.VOLUMES if one_off is None or v.name in one_off.volumes]
            environment = []
            for var in roles.environment_for(role) if one_off is None else one_off.environment_of():
                item = Environment(Name=var.name, Value=var.render(inputs))
                environment.append(If(conditions[var.when], item, NoValue) if var.when else item)
            if one_off is not None:
                environment += [Environment(Name=k, Value=v) for k, v in one_off.environment]
            container = ContainerDefinition(
                Name=name,
                Essential=True,
                Image=Join("", [Ref(self.registry), f"/{spec.image}:", tag]),
                MemoryReservation=reservations[spec.name][0],
                Cpu=reservations[spec.name][1],
                Environment=environment,
                Secrets=[
                    Secret(Name=v.name, ValueFrom=secret_sources[v.source])
                    for v in roles.secrets_for(role)
                ],
                LogConfiguration=logging[name],
                MountPoints=[
                    MountPoint(
                        SourceVolume=v.name,
                        ContainerPath=v.container_path,
                        ReadOnly=v.read_only,
                    )
                    for v in volumes
                ],
            )
            if one_off is None:
                container.PortMappings = [PortMapping(ContainerPort=p, HostPort=0, Protocol="tcp")
                                          for p in spec.container_ports]
                container.Command = list(spec.command)
            else:
                container.Command = list(one_off.command("mysql"))
            task = TaskDefinition(
                title,
                NetworkMode="bridge",
                ExecutionRoleArn=GetAtt(web_execution if role == "web" else execution, "Arn"),
                RequiresCompatibilities=["EC2"],
                Volumes=[Volume(Name=v.name, Host=Host(SourcePath=v.host_path)) for v in volumes],
                ContainerDefinitions=[container],
            )
            if one_off is not None:
                task.Family = Join("-", [self.name_base, name])
            else:  # the client in AWS mode; the upgrade task runs outside it
                task.TaskRoleArn = GetAtt(client_role, "Arn")
            return t.add_resource(task)

        # Run by hand (wa-upgrade), never as a service: the coreapp image at UpgradeImageTag.
        self.db_upgrade_task = task_definition(
            "DbUpgradeTask", roles.DB_UPGRADE.name, roles.DB_UPGRADE.like,
            If("HasUpgradeTag", Ref(self.upgrade_tag), Ref(self.tag)), roles.DB_UPGRADE)
        for role, spec in roles.ROLES.items():
            task = task_definition(f"{role.title()}Task", role, role, Ref(self.tag))
            one_per_host = spec.one_per_host

            def when_one_per_host(yes, no, role=role, one_per_host=one_per_host):
                # Coreapps run one per host when IsolateCoreapps is true
                if role == "coreapp":
                    return If("Isolate", yes, no)
                return yes if one_per_host else no

            service = Service(
                f"{role.title()}Service",
                Cluster=Ref(self.cluster),
                TaskDefinition=Ref(task),
                DesiredCount=desired[role],
                CapacityProviderStrategy=[
                    CapacityProviderStrategyItem(CapacityProvider=Ref(self.provider), Weight=1)
                ],
                PlacementStrategies=[
                    PlacementStrategy(Type="spread", Field="attribute:ecs.availability-zone"),
                    PlacementStrategy(Type="spread", Field="instanceId"),
                ],
                DeploymentConfiguration=DeploymentConfiguration(
                    MinimumHealthyPercent=when_one_per_host(
                        *(roles.ROLLOUT_PERCENT[one][0] for one in (True, False))),
                    MaximumPercent=when_one_per_host(
                        *(roles.ROLLOUT_PERCENT[one][1] for one in (True, False))),
                    DeploymentCircuitBreaker=DeploymentCircuitBreaker(Enable=True, Rollback=True),
                ),
                # created and rolled once the service before it is stable (contract/roles.py)
                DependsOn=[self.association.title, self.settings.title,
                           *([self.service_refs[spec.after].title] if spec.after else [])],
            )
            distinct = [PlacementConstraint(Type="distinctInstance")]
            if role == "coreapp":
                service.PlacementConstraints = If("Isolate", distinct, NoValue)
            elif one_per_host:
                service.PlacementConstraints = distinct
            if role == "web":
                service.HealthCheckGracePeriodSeconds = roles.WEB_HEALTH_CHECK_GRACE_S
                service.LoadBalancers = [
                    LoadBalancer(
                        ContainerName="web",
                        ContainerPort=roles.API_PORT,
                        TargetGroupArn=Ref(self.targets),
                    )
                ]
                service.DependsOn = [*service.DependsOn, self.listener.title]
            self.service_refs[role] = t.add_resource(service)
