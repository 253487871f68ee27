"""Database tier: RDS MySQL 8.0 (or PostgreSQL, or Aurora MySQL) sized by the plan, in private
subnets, reachable only from the ECS hosts, encrypted, snapshotted on delete or replacement."""

from __future__ import annotations

from aws_cdk import (
    ArnFormat,
    CfnOutput,
    CustomResource,
    Duration,
    RemovalPolicy,
    Token,
)
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_rds as rds
from constructs import Construct

from contract.database_audit import AUDIT_PARAMETERS, MYSQL_AUDIT_OPTION, MYSQL_AUDIT_SETTINGS
from contract.database_logs import (
    DB_LOG_EXPORTS,
    DB_MONITORING_INTERVAL_S,
    SLOW_QUERY_PARAMETERS,
)
from contract.deployment import Deployment
from sizing import Plan, data
from stacks.encrypted_logs import encrypted_log_group
from stacks.functions import RUNTIME, handler_code
from stacks.keys import rotated_key
from stacks.nag import (
    acknowledge,
    acknowledge_custom_resource_function,
    acknowledge_inline_policy,
    acknowledge_nist,
)
from stacks.offline import OfflineStack
from stacks.security_groups import allow_ingress, security_group

ADMIN_USER = "waadmin"


def engine_for(engine: str):
    version = data.DB_ENGINE_VERSIONS[engine]
    major = ".".join(version.split(".")[:2]) if engine != "postgres" else version.split(".")[0]
    if engine == "mysql":
        return rds.DatabaseInstanceEngine.mysql(version=rds.MysqlEngineVersion.of(version, major))
    if engine == "postgres":
        return rds.DatabaseInstanceEngine.postgres(
            version=rds.PostgresEngineVersion.of(version, major))
    return rds.DatabaseClusterEngine.aurora_mysql(
        version=rds.AuroraMysqlEngineVersion.of(version, "8.0"))


def engine_parameters(plan: Plan) -> dict[str, str]:
    """max_connections from the plan; TLS required exactly when the plan says SSL; the
    slow-query log and the audit log on (contract/database_audit.py)."""
    # RDS takes 1/0 for an instance's require_secure_transport, Aurora's cluster ON/OFF.
    on, off = ("ON", "OFF") if plan.engine == "aurora-mysql" else ("1", "0")
    tls = ({"rds.force_ssl": on if plan.ssl else off} if plan.engine == "postgres" else
           {"require_secure_transport": on if plan.ssl else off})
    return {"max_connections": str(plan.db_max_connections), **tls,
            **SLOW_QUERY_PARAMETERS[plan.engine], **AUDIT_PARAMETERS[plan.engine]}


class DatabaseStack(OfflineStack):
    """Exposes host, port, secret (username/password) and the data key to the tiers above."""

    def __init__(self, scope: Construct, construct_id: str, *, plan: Plan,
                 deployment: Deployment, vpc: ec2.IVpc,
                 hosts_security_group: ec2.ISecurityGroup, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.port = data.DB_PORTS[plan.engine]
        self.key: kms.IKey | None = self._key(deployment)
        self.security_group = security_group(
            self, "DatabaseSecurityGroup", "database", vpc,
            "WhatsApp Business API database: ECS hosts only")
        allow_ingress(self.security_group, "database", {"hosts": [hosts_security_group]},
                      db_port=self.port)
        self.secret = rds.DatabaseSecret(
            self, "DatabaseSecret",
            username=ADMIN_USER,
            encryption_key=self.key,
            # seed 003: the client fails with these characters in the password
            exclude_characters=data.DB_PASSWORD_FORBIDDEN_CHARS + "\"'@/\\`%$#;:,<>|[] ",
        )
        # The password outlives the stack like the data it opens.
        self.secret.apply_removal_policy(RemovalPolicy.RETAIN)
        credentials = rds.Credentials.from_secret(self.secret)
        rotation = ("The client reads WA_DB_PASSWORD once at start: rotating it under running "
                    "containers would cut them off the database. Rotate during maintenance.")
        acknowledge(self.secret, "SMG4", rotation)
        acknowledge_nist(self.secret, "SecretsManagerRotationEnabled", rotation)
        if deployment.db_key == "aws-managed":
            acknowledge_nist(self.secret, "SecretsManagerUsingKMSKey",
                             "The user chose the account's AWS-managed key (db_key=aws-managed) "
                             "for the data and its credentials; still encrypted at rest.")
        subnets = ec2.SubnetSelection(subnets=vpc.private_subnets)
        production = plan.env == "production"
        instance_type = ec2.InstanceType(plan.db_rds_class.removeprefix("db."))
        if plan.engine == "aurora-mysql":
            self.host = self._aurora(plan, deployment, vpc, subnets, credentials,
                                                  instance_type, production)
        else:
            self.host = self._instance(plan, deployment, vpc, subnets, credentials,
                                                    instance_type, production)
        self._acknowledge(plan)
        CfnOutput(self, "DbEndpoint", description="Database host:port",
                  value=f"{self.host}:{self.port}")
        kind = "Cluster" if plan.engine == "aurora-mysql" else "Instance"
        CfnOutput(self, f"Db{kind}Identifier", description="Database to snapshot before an "
                  "upgrade (wa-upgrade)", value=self.identifier)

    def _acknowledge(self, plan: Plan) -> None:
        database = self.node.find_child("Database")
        acknowledge(database, "RDS11",
                    "Only the ECS hosts' security group reaches the database; a non-default port "
                    "adds no protection and the client's documented default is kept.")
        if plan.env != "production":
            single_az = "Staging runs Single-AZ by design; production is Multi-AZ."
            acknowledge(database, "RDS3", single_az)
            acknowledge_nist(database, "RDSMultiAZSupport", single_az)
            disposable = ("Staging is disposable; production has deletion protection. Both are "
                          "snapshotted on delete.")
            acknowledge(database, "RDS10", disposable)
            acknowledge_nist(database, "RDSInstanceDeletionProtectionEnabled", disposable)
        backed_up = ("RDS automated backups (7 to 35 days, point-in-time restore) and a final "
                     "snapshot on delete; an AWS Backup plan would copy the same data again.")
        acknowledge_nist(database, "RDSInBackupPlan", backed_up)  # (Aurora's members too)
        if plan.engine != "postgres":
            acknowledge_nist(database, "RDSLoggingEnabled[LogExport::general]",
                             "The general log records every statement the database receives: "
                             "the messages' data at rest a second time, at the cluster's full "
                             "rate. The error, slow-query and audit logs are exported (the "
                             "audit log: connections, DDL and DCL, no row data).")
        if plan.engine == "aurora-mysql":
            acknowledge(database, "RDS14", "Recovery is by snapshot and point-in-time restore "
                        "within the backup window; backtrack would add cost for no new guarantee.")

    def _key(self, deployment: Deployment) -> kms.IKey | None:
        if deployment.db_key == "new":
            return rotated_key(self, "DataKey", "database and its credentials")
        if deployment.db_key == "aws-managed":
            return None
        return kms.Key.from_key_arn(self, "DataKey", deployment.db_key)

    def _instance(self, plan, deployment, vpc, subnets, credentials, instance_type, production):
        engine = engine_for(plan.engine)
        instance = rds.DatabaseInstance(
            self, "Database",
            engine=engine,
            instance_type=instance_type,
            vpc=vpc, vpc_subnets=subnets, security_groups=[self.security_group],
            publicly_accessible=False,
            port=self.port,
            credentials=credentials,
            multi_az=plan.db_multi_az,
            allocated_storage=deployment.db_storage_gib,
            storage_type=rds.StorageType(deployment.db_storage_type.upper()),
            iops=deployment.db_iops,
            storage_encrypted=True,
            storage_encryption_key=self.key,
            backup_retention=Duration.days(deployment.db_backup_days),
            deletion_protection=production,
            removal_policy=RemovalPolicy.SNAPSHOT,
            parameter_group=rds.ParameterGroup(
                self, "Parameters", engine=engine, parameters=engine_parameters(plan),
                description=f"wa-infra {plan.engine}: max_connections from the plan",
            ),
            option_group=self._audit_options(plan, engine),
            cloudwatch_logs_exports=list(DB_LOG_EXPORTS[plan.engine]),
            auto_minor_version_upgrade=True,
            iam_authentication=True,
            copy_tags_to_snapshot=True,
            monitoring_interval=Duration.seconds(DB_MONITORING_INTERVAL_S),
        )
        self._acknowledge_monitoring(instance)
        self._log_groups(plan, deployment, "instance", instance, instance.instance_identifier)
        self.identifier = instance.instance_identifier  # for alarms and snapshots
        return instance.db_instance_endpoint_address

    def _audit_options(self, plan: Plan, engine) -> rds.IOptionGroup | None:
        """MySQL's audit log is a plugin installed by an option group (contract/database_audit.py).
        Adding it to a running instance modifies the instance in place, no replacement."""
        if plan.engine != "mysql":
            return None  # PostgreSQL: parameters only
        return rds.OptionGroup(
            self, "AuditOptions", engine=engine,
            description="wa-infra mysql: audit log of connections, DDL and DCL",
            configurations=[rds.OptionConfiguration(name=MYSQL_AUDIT_OPTION,
                                                    settings=dict(MYSQL_AUDIT_SETTINGS))])

    @staticmethod
    def _acknowledge_monitoring(database) -> None:
        acknowledge(database.node.find_child("MonitoringRole"),
                    "IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                    "AmazonRDSEnhancedMonitoringRole]",
                    "The AWS-maintained policy RDS enhanced monitoring requires.")

    def _aurora(self, plan, deployment, vpc, subnets, credentials, instance_type, production):
        engine = engine_for(plan.engine)
        parameters = engine_parameters(plan)
        instance_parameters = rds.ParameterGroup(
            self, "InstanceParameters", engine=engine,
            parameters={"max_connections": parameters.pop("max_connections")},
            description="wa-infra aurora-mysql: max_connections from the plan",
        )

        def member(name: str, **extra):
            return rds.ClusterInstance.provisioned(
                name, instance_type=instance_type, parameter_group=instance_parameters,
                publicly_accessible=False, **extra)

        cluster = rds.DatabaseCluster(
            self, "Database",
            engine=engine,
            writer=member("Writer"),
            readers=[member("Reader", promotion_tier=0)] if plan.db_multi_az else [],
            vpc=vpc, vpc_subnets=subnets, security_groups=[self.security_group],
            port=self.port,
            credentials=credentials,
            storage_encrypted=True,
            storage_encryption_key=self.key,
            backup=rds.BackupProps(retention=Duration.days(deployment.db_backup_days)),
            deletion_protection=production,
            removal_policy=RemovalPolicy.SNAPSHOT,
            parameter_group=rds.ParameterGroup(
                self, "Parameters", engine=engine, parameters=parameters,
                description="wa-infra aurora-mysql cluster: TLS as the plan says",
            ),
            cloudwatch_logs_exports=list(DB_LOG_EXPORTS[plan.engine]),
            iam_authentication=True,
            copy_tags_to_snapshot=True,
            monitoring_interval=Duration.seconds(DB_MONITORING_INTERVAL_S),
        )
        self._acknowledge_monitoring(cluster)
        self._log_groups(plan, deployment, "cluster", cluster, cluster.cluster_identifier)
        self.identifier = cluster.cluster_identifier
        return cluster.cluster_endpoint.hostname

    def _log_groups(self, plan: Plan, deployment: Deployment, kind: str,
                    database: Construct, identifier: str) -> None:
        """The exported logs' groups, encrypted and kept for the deployment's retention
        (stacks/lambda_handlers/rds_log_groups.py: RDS would create them without either)."""
        prefix = f"/aws/rds/{kind}/{identifier}"
        key = rotated_key(self, "DatabaseLogsKey", "database logs",
                          log_groups=f"{prefix}/*")
        own_logs = encrypted_log_group(self, "DatabaseLogGroupsLogs",
                                       "database log groups function logs",
                                       deployment.log_retention_days)
        role = iam.Role(self, "DatabaseLogGroupsRole",
                        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                        description="Keys and keeps this database's exported logs")
        own_logs.grant_write(role)
        acknowledge_inline_policy(role, "this database's log groups and its own log stream")
        groups = self.format_arn(service="logs", resource="log-group",
                                 resource_name=f"{prefix}/*",
                                 arn_format=ArnFormat.COLON_RESOURCE_NAME)
        role.add_to_policy(iam.PolicyStatement(
            actions=["logs:CreateLogGroup", "logs:AssociateKmsKey", "logs:PutRetentionPolicy"],
            resources=[groups]))
        function = lambda_.Function(
            self, "DatabaseLogGroupsFunction", runtime=RUNTIME,
            handler="rds_log_groups.handler", code=handler_code(),
            timeout=Duration.seconds(60), memory_size=128, role=role, log_group=own_logs,
            description="Creates or adopts the database's log groups: key and retention")
        acknowledge_custom_resource_function(function)
        CustomResource(self, "DatabaseLogGroups", service_token=function.function_arn,
                       resource_type="Custom::RdsLogGroups",
                       properties={
                           "LogGroupNames": [f"{prefix}/{log}"
                                             for log in DB_LOG_EXPORTS[plan.engine]],
                           "RetentionInDays": str(deployment.log_retention_days),
                           "KmsKeyArn": key.key_arn,
                       }).node.add_dependency(role)
        # cdk-nag names the resource with placeholders for what is only known at deploy time
        account = "<AWS::AccountId>" if Token.is_unresolved(self.account) else self.account
        partition = "<AWS::Partition>" if Token.is_unresolved(self.partition) else self.partition
        shown = (f"arn:{partition}:logs:{self.region}:{account}:log-group:/aws/rds/{kind}/"
                 f"<{self.get_logical_id(database.node.default_child)}>/*")
        acknowledge(role.node.find_child("DefaultPolicy"), f"IAM5[Resource::{shown}]",
                    "The log groups of this database only: RDS names them after the "
                    "database, one per exported log.")
