"""Database tier template: RDS MySQL 8.0 in private subnets, reachable only from the ECS hosts,
encrypted with the key you choose, generated credentials, snapshot on delete or replacement."""

from __future__ import annotations

from troposphere import (
    AccountId,
    And,
    Equals,
    GetAtt,
    If,
    Join,
    Not,
    Partition,
    Ref,
    Region,
    Sub,
    Template,
)
from troposphere.cloudformation import CustomResource
from troposphere.ec2 import SecurityGroup
from troposphere.iam import Role
from troposphere.rds import (
    DBInstance,
    DBParameterGroup,
    DBSubnetGroup,
    OptionConfiguration,
    OptionGroup,
    OptionSetting,
)
from troposphere.secretsmanager import GenerateSecretString, Secret, SecretTargetAttachment

from contract import syntax
from contract.database_audit import MYSQL_AUDIT_OPTION, MYSQL_AUDIT_SETTINGS
from contract.database_logs import (
    DB_LOG_EXPORTS,
    DB_MONITORING_INTERVAL_S,
    SLOW_QUERY_PARAMETERS,
)
from contract.database_storage import DB_IOPS_RANGE
from contract.inputs import DB_BACKUP_DAYS, DEPLOYMENT, iops_description
from sizing import data, plan
from templates.common import (
    Params,
    add_outputs,
    assume_role,
    encrypted_log_group,
    handler_function,
    rotated_key,
    tier,
)
from templates.security_groups import egress, group_ingress

KEY_CHOICES = ("new", "aws-managed", "given")
DEFAULT_PLAN = plan()  # the tier's defaults are the default plan's (wa-size with no options)
KMS_ARN_PATTERN = rf"^$|^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{{12}}:key/{syntax.KMS_KEY_ID}$"
ADMIN_USER = "waadmin"
DB_CLASSES = sorted({c.rds_name for c in data.ALL_CLASSES})
# MySQL 8.0 versions that take the audit plugin: MYSQL_AUDIT_MIN_VERSION (8.0.28) and later
# (a test holds the two together).
MYSQL_VERSION_PATTERN = r"^8\.0\.(2[89]|[3-9]\d|\d{3,})$"


def add_key_choice(p: Params, group: str):
    choice = p.add(
        group,
        "KeyChoice",
        "Encryption key",
        "Key for data at rest: new (a customer key with rotation, created here), "
        "aws-managed (the account's AWS-managed key) or given (GivenKeyArn)",
        Type="String",
        Default="new",
        AllowedValues=list(KEY_CHOICES),
    )
    given = p.add(
        group,
        "GivenKeyArn",
        "Given key ARN",
        "KMS key ARN when KeyChoice is given, of a key in this stack's region (RDS takes no "
        "other); leave blank otherwise",
        Type="String",
        Default="",
        AllowedPattern=KMS_ARN_PATTERN,
        ConstraintDescription="blank or a KMS key ARN",
    )
    return choice, given


class RdsLogGroups(CustomResource):
    resource_type = "Custom::RdsLogGroups"


def keep_log_groups(t: Template, database, retention) -> None:
    """The exported logs' groups, encrypted and kept for LogRetentionDays
    (stacks/lambda_handlers/rds_log_groups.py: RDS would create them without either)."""
    prefix = Join("", ["/aws/rds/instance/", Ref(database)])
    key = rotated_key(t, "DatabaseLogsKey", "database logs",
                      log_groups=Join("", [prefix, "/*"]))
    own_logs = encrypted_log_group(t, "DatabaseLogGroupsLogs",
                                   "database log groups function logs", retention)
    groups = Join("", ["arn:", Partition, ":logs:", Region, ":", AccountId, ":log-group:",
                       prefix, "/*"])
    function = handler_function(
        t, "DatabaseLogGroups", "rds_log_groups", own_logs, "keep-database-logs",
        [{"Effect": "Allow", "Resource": groups, "Action": [
            "logs:CreateLogGroup", "logs:AssociateKmsKey", "logs:PutRetentionPolicy"]}],
        "Creates or adopts the database's log groups: key and retention")
    t.add_resource(RdsLogGroups(
        "DatabaseLogGroups", ServiceToken=GetAtt(function, "Arn"),
        LogGroupNames=[Join("", [prefix, f"/{log}"]) for log in DB_LOG_EXPORTS["mysql"]],
        RetentionInDays=retention, KmsKeyArn=GetAtt(key, "Arn")))


def build_database() -> Template:
    t, p = tier(
        "wa-infra database tier: RDS MySQL 8.0 for the WhatsApp Business "
        "API client, private, encrypted, snapshotted"
    )
    env = p.input("Environment", "EnvType", "Environment type",
                  "production: deletion protection on")
    vpc = p.add("Network", "VpcId", "VPC", "VPC of the cluster", Type="AWS::EC2::VPC::Id")
    subnets = p.add(
        "Network",
        "PrivateSubnetIds",
        "Private subnets",
        "Private subnets for the database, one per AZ (2 to 4)",
        Type="List<AWS::EC2::Subnet::Id>",
    )
    hosts = p.add(
        "Network",
        "HostsSecurityGroupId",
        "ECS hosts' security group",
        "Only this security group may connect to the database",
        Type="AWS::EC2::SecurityGroup::Id",
    )
    db_class = p.add(
        "Database",
        "DbInstanceClass",
        "Instance class",
        "RDS class (wa-size picks it from the throughput and active Coreapps)",
        Type="String",
        Default=DEFAULT_PLAN.db_rds_class,
        AllowedValues=DB_CLASSES,
    )
    version = p.add(
        "Database",
        "DbEngineVersion",
        "MySQL version",
        "MySQL 8.0 engine version (8.0.28 or later: the audit plugin needs it)",
        Type="String",
        Default=data.DB_ENGINE_VERSIONS["mysql"],
        AllowedPattern=MYSQL_VERSION_PATTERN,
        ConstraintDescription="8.0.28 or a later 8.0.x",
    )
    storage_type = p.input("Database", "DbStorageType", "Storage type", "RDS storage type")
    storage = p.input("Database", "DbStorageGiB", "Storage (GiB)", "Allocated storage in GiB")
    iops = p.add(
        "Database",
        "DbIops",
        "Provisioned IOPS",
        iops_description(),
        Type="Number",
        Default=0,
        MinValue=0,
        MaxValue=DB_IOPS_RANGE[1],
    )
    port = p.input("Database", "DbPort", "Port", "Database port")
    multi_az = p.add(
        "Database",
        "DbMultiAz",
        "Multi-AZ",
        "Run a standby in another AZ",
        Type="String",
        Default="true",
        AllowedValues=["true", "false"],
    )
    max_connections = p.add(
        "Database",
        "MaxConnections",
        "max_connections",
        "max_connections of the parameter group (at least the plan's required connections)",
        Type="Number",
        Default=DEFAULT_PLAN.db_max_connections,
        MinValue=100,
        MaxValue=100000,
    )
    tls = p.input("Database", "DbConnectionEncryption", "Connection encryption",
                  "enabled: the database refuses connections without TLS")
    backups = p.add(
        "Database",
        "BackupRetentionDays",
        "Backup retention (days)",
        "Automated backup retention",
        Type="Number",
        Default=DEPLOYMENT.db_backup_days,
        MinValue=DB_BACKUP_DAYS[0],
        MaxValue=DB_BACKUP_DAYS[1],
    )
    choice, given = add_key_choice(p, "Encryption")
    retention = p.log_retention("Logging")
    p.finish()

    t.add_condition("IsProduction", Equals(Ref(env), "production"))
    t.add_condition("NewKey", Equals(Ref(choice), "new"))
    t.add_condition("GivenKey", And(Equals(Ref(choice), "given"), Not(Equals(Ref(given), ""))))
    t.add_condition("HasIops", Not(Equals(Ref(iops), "0")))
    t.add_condition("TlsRequired", Equals(Ref(tls), "enabled"))
    rotated_key(t, "DataKey", "database and its credentials", Condition="NewKey")
    key = If("NewKey", GetAtt("DataKey", "Arn"), If("GivenKey", Ref(given), Ref("AWS::NoValue")))

    group = t.add_resource(
        SecurityGroup(
            "DatabaseSecurityGroup",
            VpcId=Ref(vpc),
            GroupDescription="WhatsApp Business API database: ECS hosts only",
            SecurityGroupEgress=egress("database"),
        )
    )
    group_ingress(t, "DatabaseFromHosts", "database", Ref(group), "hosts", Ref(hosts),
                  db_port=Ref(port))
    subnet_group = t.add_resource(
        DBSubnetGroup(
            "DatabaseSubnets",
            DBSubnetGroupDescription="wa-infra private subnets",
            SubnetIds=Ref(subnets),
        )
    )
    parameters = t.add_resource(
        DBParameterGroup(
            "DatabaseParameters",
            Family="mysql8.0",
            Description="wa-infra: max_connections from the plan, TLS as chosen",
            Parameters={
                "max_connections": Ref(max_connections),
                # an instance takes 1/0 (ON/OFF is the Aurora cluster's spelling)
                "require_secure_transport": If("TlsRequired", "1", "0"),
                **SLOW_QUERY_PARAMETERS["mysql"],
            },
        )
    )
    # The audit log of connections, DDL and DCL (contract/database_audit.py: no row data).
    audit_options = t.add_resource(
        OptionGroup(
            "DatabaseAuditOptions",
            EngineName="mysql",
            MajorEngineVersion="8.0",
            OptionGroupDescription="wa-infra mysql: audit log of connections, DDL and DCL",
            OptionConfigurations=[OptionConfiguration(
                OptionName=MYSQL_AUDIT_OPTION,
                OptionSettings=[OptionSetting(Name=name, Value=value)
                                for name, value in MYSQL_AUDIT_SETTINGS.items()])],
        )
    )
    secret = t.add_resource(
        Secret(
            "DatabaseSecret",
            Description="WhatsApp Business API database administrator",
            KmsKeyId=key,
            GenerateSecretString=GenerateSecretString(
                SecretStringTemplate=f'{{"username": "{ADMIN_USER}"}}',
                GenerateStringKey="password",
                PasswordLength=30,
                ExcludeCharacters=data.DB_PASSWORD_FORBIDDEN_CHARS + "\"'@/\\`%$#;:,<>|[] ",
            ),
            DeletionPolicy="Retain",
            UpdateReplacePolicy="Retain",
        )
    )
    monitoring = t.add_resource(
        Role(
            "MonitoringRole",
            AssumeRolePolicyDocument=assume_role("monitoring.rds.amazonaws.com"),
            ManagedPolicyArns=[
                Join(
                    "",
                    [
                        "arn:",
                        Partition,
                        ":iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
                    ],
                )
            ],
        )
    )
    database = t.add_resource(
        DBInstance(
            "Database",
            Engine="mysql",
            EngineVersion=Ref(version),
            DBInstanceClass=Ref(db_class),
            AllocatedStorage=Ref(storage),
            StorageType=Ref(storage_type),
            Iops=If("HasIops", Ref(iops), Ref("AWS::NoValue")),
            MultiAZ=Ref(multi_az),
            Port=Ref(port),
            PubliclyAccessible=False,
            DBSubnetGroupName=Ref(subnet_group),
            VPCSecurityGroups=[Ref(group)],
            DBParameterGroupName=Ref(parameters),
            OptionGroupName=Ref(audit_options),
            MasterUsername=ADMIN_USER,
            MasterUserPassword=Sub(
                "{{resolve:secretsmanager:${DatabaseSecret}:SecretString:password}}"
            ),
            StorageEncrypted=True,
            KmsKeyId=key,
            BackupRetentionPeriod=Ref(backups),
            CopyTagsToSnapshot=True,
            DeletionProtection=If("IsProduction", True, False),
            EnableIAMDatabaseAuthentication=True,
            AutoMinorVersionUpgrade=True,
            EnableCloudwatchLogsExports=list(DB_LOG_EXPORTS["mysql"]),
            MonitoringInterval=DB_MONITORING_INTERVAL_S,
            MonitoringRoleArn=GetAtt(monitoring, "Arn"),
            DeletionPolicy="Snapshot",
            UpdateReplacePolicy="Snapshot",
        )
    )
    keep_log_groups(t, database, Ref(retention))
    t.add_resource(
        SecretTargetAttachment(
            "DatabaseSecretAttachment",
            SecretId=Ref(secret),
            TargetId=Ref(database),
            TargetType="AWS::RDS::DBInstance",
        )
    )

    address, serves_on = GetAtt(database, "Endpoint.Address"), GetAtt(database, "Endpoint.Port")
    add_outputs(
        t,
        DbHost=("Database host name", address),
        DbPort=("Database port", serves_on),
        DbInstanceIdentifier=("Database instance (alarms, snapshots)", Ref(database)),
        DbSecretArn=("Secret with the username and password", Ref(secret)),
        DbKeyArn=("Key of the data and secret (blank: AWS key)",
                  If("NewKey", GetAtt("DataKey", "Arn"), If("GivenKey", Ref(given), ""))),
        DbEndpoint=("Database host:port", Join(":", [address, serves_on])),
    )
    return t
