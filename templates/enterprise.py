"""Enterprise template: the one users upload. It nests the network, database and Lambda tiers
(TemplateURL from the TemplateBaseUrl parameter) and runs the cluster: ECS on an EC2 Auto
Scaling group sized by the Mappings, memory-based host scaling, EFS, the network load balancer,
and the web, master and coreapp services."""

from __future__ import annotations

from troposphere import (
    AccountId,
    And,
    AWSHelperFn,
    Base64,
    Equals,
    FindInMap,
    GetAtt,
    If,
    Join,
    Not,
    NoValue,
    Or,
    Output,
    Partition,
    Ref,
    Region,
    Select,
    Split,
    StackName,
    Sub,
    Tags,
    Template,
)
from troposphere.autoscaling import (
    AutoScalingGroup,
    LaunchTemplateSpecification,
    MetricsCollection,
    ScalingPolicy,
    Tag,
)
from troposphere.cloudformation import Stack
from troposphere.cloudwatch import Alarm, MetricDimension
from troposphere.ec2 import (
    EBSBlockDevice,
    IamInstanceProfile,
    LaunchTemplate,
    LaunchTemplateBlockDeviceMapping,
    LaunchTemplateData,
    MetadataOptions,
    Monitoring,
    SecurityGroup,
)
from troposphere.ecs import (
    AutoScalingGroupProvider,
    CapacityProvider,
    CapacityProviderStrategy,
    CapacityProviderStrategyItem,
    Cluster,
    ClusterCapacityProviderAssociations,
    ClusterSetting,
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
from troposphere.efs import BackupPolicy, FileSystem, MountTarget
from troposphere.elasticloadbalancingv2 import (
    Action,
    Listener,
    LoadBalancerAttributes,
    Matcher,
    TargetGroup,
    TargetGroupAttribute,
)
from troposphere.elasticloadbalancingv2 import LoadBalancer as NetworkLoadBalancer
from troposphere.events import Rule, Target
from troposphere.iam import InstanceProfile, Policy, PolicyType, Role, ServiceLinkedRole
from troposphere.secretsmanager import GenerateSecretString
from troposphere.secretsmanager import Secret as SecretsManagerSecret
from troposphere.sns import Topic, TopicPolicy

from contract.host import (
    CA,
    HOST_EVENT_TYPES,
    IMDS,
    agent_statements,
    boot_commands,
    file_system_policy,
    mount_statement,
)
from contract.roles import (
    API_KEY_OUTPUT,
    API_PORT,
    DB_SETTINGS,
    DB_UPGRADE,
    GENERATED,
    PASSWORD_PARAMETER_SUFFIX,
    ROLES,
    VOLUMES,
    WA_DB_ENGINE_BY_ENGINE,
    WEB_HEALTH_CHECK_GRACE_S,
    client_task_statements,
    environment_for,
    secrets_for,
)
from probe import metrics as probe_metrics
from sizing import data, vendor_v3, workload
from stacks.choices import (
    DB_IOPS_RULES,
    DB_STORAGE_TYPES,
    GP3_BASELINE_IOPS,
    MIN_ROOT_VOLUME_GIB,
    RESERVED_PREFIXES,
)
from stacks.deployment import WIDEST_CLIENT_PREFIX
from templates import mappings
from templates.common import (
    Params,
    assume_role,
    encrypted_log_group,
    rotated_key,
    ssm_parameter_arn,
    ssm_parameter_arn_named,
)
from templates.database import DB_CLASSES, add_key_choice, iops_description
from templates.monitoring import add_monitoring
from templates.network import MAX_AZS, nat_needs
from templates.security_groups import cidr_group_ingress, cidr_ingress, egress, group_ingress

# cfn-lint resolves both branches of If(CreateNetwork, <network outputs>, <existing subnets>)
# with the parameter defaults, and the existing-subnet lists default to blank (they are only
# read when ExistingVpcId is set). These resources acknowledge exactly those two checks.
SUBNET_RESOLUTION = {"cfn-lint": {"config": {"ignore_checks": ["W1033", "W1035"]}}}

FILES = {
    "network": "wa-infra-network.yaml",
    "database": "wa-infra-database.yaml",
    "lambda": "wa-infra-lambda.yaml",
    "enterprise": "wa-infra.yaml",
}
AMI_PARAMETER = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
# Explicit host types on offer: those at least as large as the smallest any plan picks (an
# InstanceTypeCovers... rule refuses one smaller than the plan's).
_SMALLEST = min((data.HOST_TYPES[h] for hosts in vendor_v3.HOST_TYPES.values() for h in hosts),
                key=lambda h: (h.vcpu, h.memory_gib))
HOST_TYPES = sorted(t for t, h in data.HOST_TYPES.items()
                    if h.vcpu >= _SMALLEST.vcpu and h.memory_gib >= _SMALLEST.memory_gib)


class Contains(AWSHelperFn):
    """Fn::Contains (Rules only; troposphere has no class for it)."""

    def __init__(self, values: list, value) -> None:
        self.data = {"Fn::Contains": [values, value]}


class Enterprise:
    """Builds the template in small steps; each method adds one part of the cluster."""

    def __init__(self, base_url: str | None) -> None:
        self.t = Template(
            Description="wa-infra: WhatsApp Business API client (HA + "
            "Multiconnect) on ECS, sized by wa-size's tables. The stack name must not begin "
            f"with {', '.join(RESERVED_PREFIXES[:-1])} or {RESERVED_PREFIXES[-1]} (any case): "
            "the capacity provider and the SSM parameters are named after it, and AWS "
            "reserves those words"
        )
        self.t.set_version("2010-09-09")
        self.base_url = base_url
        for name, mapping in mappings.enterprise_mappings().items():
            self.t.add_mapping(name, mapping)

    # --- parameters -------------------------------------------------------------------------
    def parameters(self) -> None:
        p = self.p = Params(self.t)
        a = self.add = p.add
        self.env = a(
            "Sizing",
            "EnvType",
            "Environment type",
            "production: 3 hosts/Webapps/Masters minimum, Multi-AZ database, deletion "
            "protection; staging: 2 of each",
            Type="String",
            Default="production",
            AllowedValues=list(data.ENVIRONMENTS),
        )
        self.rate = a(
            "Sizing",
            "Throughput",
            "Throughput (msg/s)",
            "Target send rate (one receipt per message, no inbound, as wa-size's defaults); "
            "picks the shards, Webapps, DB class, host type and Coreapp reservations",
            Type="String",
            Default="100",
            AllowedValues=[str(r) for r in mappings.THROUGHPUTS],
        )
        self.active = a(
            "Sizing",
            "ActiveCoreapps",
            "Active Coreapps (shards)",
            "auto: what the throughput needs; or a shard count. One spare Coreapp is added",
            Type="String",
            Default="auto",
            AllowedValues=["auto", *mappings.ACTIVE_OPTIONS],
        )
        self.message = a(
            "Sizing",
            "MessageType",
            "Message type",
            "Dominant message type as the vendor benchmarked them (image = image1MB, "
            "document = doc); picks the host type and what each Coreapp reserves",
            Type="String",
            Default="text",
            AllowedValues=list(data.MESSAGE_TYPE_CHOICES),
        )
        self.isolate = a(
            "Sizing",
            "IsolateCoreapps",
            "One Coreapp per host",
            "true: each Coreapp on a host of its own (survives host failures; may exceed the "
            "EC2 caps)",
            Type="String",
            Default="false",
            AllowedValues=["false", "true"],
        )
        self.tls = a(
            "Sizing",
            "DbConnectionEncryption",
            "DB connection encryption",
            "enabled: TLS between containers and the database; the hosts fetch the CA "
            "bundle (DbCaBundleUrl) at boot",
            Type="String",
            Default="enabled" if data.DEFAULT_SSL else "disabled",
            AllowedValues=["enabled", "disabled"],
        )
        self.vpc_id = a(
            "Network",
            "ExistingVpcId",
            "Existing VPC",
            "Blank: create a VPC (network tier). Else the VPC to use",
            Type="String",
            Default="",
            AllowedPattern=r"^$|^vpc-[0-9a-f]{8,17}$",
        )
        self.vpc_cidr_existing = a(
            "Network",
            "ExistingVpcCidr",
            "Existing VPC CIDR",
            "CIDR of the existing VPC, required with ExistingVpcId: the clients of an internal "
            "load balancer (ignored when a VPC is created)",
            Type="String",
            Default="",
            AllowedPattern=r"^$|^\d{1,3}(\.\d{1,3}){3}/\d{1,2}$",
        )
        self.public_existing = a(
            "Network",
            "ExistingPublicSubnetIds",
            "Existing public subnets",
            "Comma list, one per AZ (internet-facing load balancer)",
            Type="CommaDelimitedList",
            Default="",
        )
        self.private_existing = a(
            "Network",
            "ExistingPrivateSubnetIds",
            "Existing private subnets",
            "Comma list, one per AZ (hosts, database, file system)",
            Type="CommaDelimitedList",
            Default="",
        )
        self.vpc_cidr = a(
            "Network",
            "VpcCidr",
            "New VPC CIDR",
            "IPv4 /16 block of a new VPC",
            Type="String",
            Default="10.0.0.0/16",
            AllowedPattern=r"^(\d{1,3})\.(\d{1,3})\.0\.0/16$",
        )
        self.az_count = a(
            "Network",
            "AzCount",
            "Availability zones",
            "AZs of a new VPC; with an existing VPC, how many of the listed subnets (the "
            "first ones) the hosts and the load balancer use",
            Type="Number",
            Default=2,
            AllowedValues=[2, 3, 4],
        )
        self.scheme = a(
            "Network",
            "LbScheme",
            "Load balancer scheme",
            "internal (default) or internet-facing",
            Type="String",
            Default="internal",
            AllowedValues=["internal", "internet-facing"],
        )
        self.api_cidr = a(
            "Network",
            "ApiClientCidr",
            "API client CIDR",
            f"Clients allowed on port 443; blank: the VPC only. /{WIDEST_CLIENT_PREFIX} to /32, "
            "or 0.0.0.0/0 with AllowWorldApi",
            Type="String",
            Default="",
            # Rules cannot parse a CIDR: the pattern keeps wide ones out but the whole internet,
            # which the rule below lets in only with AllowWorldApi.
            AllowedPattern=r"^$|^0\.0\.0\.0/0$|^\d{1,3}(\.\d{1,3}){3}/([89]|[12][0-9]|3[0-2])$",
        )
        self.allow_world = a(
            "Network",
            "AllowWorldApi",
            "Open the API to the internet",
            "true: ApiClientCidr may be 0.0.0.0/0",
            Type="String",
            Default="false",
            AllowedValues=["false", "true"],
        )
        self.instance_type = a(
            "Hosts",
            "InstanceType",
            "Instance type",
            "auto: by message type and throughput (c5 family). The Coreapps reserve what the "
            "message type needs whatever the type: choose one at least as large",
            Type="String",
            Default="auto",
            AllowedValues=["auto", *HOST_TYPES],
        )
        self.root_gib = a(
            "Hosts",
            "RootVolumeGiB",
            "Root volume (GiB)",
            "Encrypted gp3 root volume per host",
            Type="Number",
            Default=MIN_ROOT_VOLUME_GIB,
            MinValue=MIN_ROOT_VOLUME_GIB,
            MaxValue=1024,
        )
        self.ami = a(
            "Hosts",
            "EcsAmi",
            "ECS-optimized AMI",
            "Public SSM parameter of the ECS-optimized Amazon Linux 2023 AMI",
            Type="AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
            Default=AMI_PARAMETER,
        )
        self.ecs_role = a(
            "Hosts",
            "CreateEcsServiceLinkedRole",
            "Create the ECS service-linked role",
            "true: create AWSServiceRoleForECS, which an account that never used ECS lacks "
            "(the first cluster or capacity provider can fail without it); false when the "
            "account has it (creating it again fails)",
            Type="String",
            Default="false",
            AllowedValues=["false", "true"],
        )
        self.registry = a(
            "Containers",
            "ContainerRegistry",
            "Registry",
            "Registry of the web and coreapp images",
            Type="String",
            Default="docker.whatsapp.biz",
            AllowedPattern=r"^[a-z0-9.-]+(:\d+)?(/[a-z0-9._-]+)*$",
        )
        self.tag = a(
            "Containers",
            "ImageTag",
            "Image tag",
            "Tag of the web and coreapp images",
            Type="String",
            Default="v2.53.0",
            AllowedPattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
        )
        self.upgrade_tag = a(
            "Containers",
            "UpgradeImageTag",
            "Upgrade image tag",
            "Tag of the one-off database-upgrade task (wa-upgrade); blank: the image tag",
            Type="String",
            Default="",
            AllowedPattern=r"^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$",
        )
        self.log_driver = a(
            "Containers",
            "LogDriver",
            "Log driver",
            "awslogs (encrypted CloudWatch log group) or json-file on the host",
            Type="String",
            Default="awslogs",
            AllowedValues=["awslogs", "json-file"],
        )
        self.log_size = a(
            "Containers",
            "LogMaxSizeMb",
            "json-file max size (MB)",
            "Size of one json-file log",
            Type="Number",
            Default=50,
            MinValue=1,
            MaxValue=250,
        )
        self.log_files = a(
            "Containers",
            "LogMaxFiles",
            "json-file max files",
            "json-file logs kept per container",
            Type="Number",
            Default=7,
            MinValue=1,
            MaxValue=30,
        )
        self.retention = p.log_retention("Containers")
        self.db_host = a(
            "Database",
            "ExistingDbHost",
            "Existing DB host",
            "Blank: create the database tier. Else the host to use",
            Type="String",
            Default="",
            AllowedPattern=r"^$|^[A-Za-z0-9.-]+$",
        )
        self.db_secret = a(
            "Database",
            "ExistingDbSecretArn",
            "Existing DB secret",
            "Secret with username and password of the existing DB",
            Type="String",
            Default="",
            AllowedPattern=r"^$|^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:"
            r"\d{12}:secret:.+$",
        )
        self.db_port = a(
            "Database",
            "DbPort",
            "DB port",
            "Port of the database",
            Type="Number",
            Default=data.DB_PORTS["mysql"],
            MinValue=1150,
            MaxValue=65535,
        )
        self.db_class = a(
            "Database",
            "DbInstanceClass",
            "DB instance class",
            "auto: wa-size's pick for the throughput and active Coreapps; a class you name "
            "brings its own max_connections",
            Type="String",
            Default="auto",
            AllowedValues=["auto", *DB_CLASSES],
        )
        self.db_version = a(
            "Database",
            "DbEngineVersion",
            "MySQL version",
            "MySQL 8.0 engine version",
            Type="String",
            Default=data.DB_ENGINE_VERSIONS["mysql"],
            AllowedPattern=r"^8\.0\.\d+$",
        )
        self.db_storage_type = a(
            "Database",
            "DbStorageType",
            "DB storage type",
            "RDS storage type",
            Type="String",
            Default="gp3",
            AllowedValues=list(DB_STORAGE_TYPES),
        )
        self.db_storage = a(
            "Database",
            "DbStorageGiB",
            "DB storage (GiB)",
            "Allocated storage",
            Type="Number",
            Default=data.DEFAULT_DB_STORAGE_GIB,
            MinValue=20,
            MaxValue=65536,
        )
        self.db_iops = a(
            "Database",
            "DbIops",
            "DB IOPS",
            iops_description(),
            Type="Number",
            Default=0,
            MinValue=0,
            MaxValue=256000,
        )
        self.db_multi_az = a(
            "Database",
            "DbMultiAz",
            "DB Multi-AZ",
            "auto: production yes, staging no",
            Type="String",
            Default="auto",
            AllowedValues=["auto", "true", "false"],
        )
        self.idle = a(
            "Database",
            "DbIdleTimeoutMs",
            "DB idle timeout (ms)",
            "WA_DB_CONNECTION_IDLE_TIMEOUT",
            Type="Number",
            Default=180000,
            MinValue=10000,
            MaxValue=28800000,
        )
        self.persistent = a(
            "Database",
            "PersistentWebDbConnection",
            "Persistent web DB connection",
            "WA_DB_PERSISTENT of the Webapps",
            Type="String",
            Default="true",
            AllowedValues=["true", "false"],
        )
        self.ca_url = a(
            "Database",
            "DbCaBundleUrl",
            "DB CA bundle URL",
            "https URL of the CA bundle each new host fetches at boot (WA_DB_SSL_CA when DB "
            "connection encryption is enabled)",
            Type="String",
            Default=CA.url,
            AllowedPattern=CA.url_pattern,
            ConstraintDescription="an https URL without spaces or quotes",
        )
        self.key_choice, self.given_key = add_key_choice(p, "Encryption")
        self.efs_id = a(
            "Storage",
            "ExistingEfsId",
            "Existing EFS",
            "Blank: create an encrypted file system for media and data",
            Type="String",
            Default="",
            AllowedPattern=r"^$|^fs-[0-9a-f]{8,40}$",
        )
        base = {"Default": self.base_url} if self.base_url else {}
        self.base = a(
            "Templates",
            "TemplateBaseUrl",
            "Template base URL",
            "https URL of the folder holding the wa-infra-*.yaml tier templates, ending with /",
            Type="String",
            AllowedPattern=r"^https://\S+/$",
            ConstraintDescription="an https URL ending with /",
            **base,
        )
        p.finish()

    # --- conditions and derived values ------------------------------------------------------
    def conditions(self) -> None:
        c = self.t.add_condition
        c("IsProduction", Equals(Ref(self.env), "production"))
        c("AutoShards", Equals(Ref(self.active), "auto"))
        c("AutoInstanceType", Equals(Ref(self.instance_type), "auto"))
        c("AutoDbClass", Equals(Ref(self.db_class), "auto"))
        c("AutoMultiAz", Equals(Ref(self.db_multi_az), "auto"))
        c("Ssl", Equals(Ref(self.tls), "enabled"))
        c("CreateNetwork", Equals(Ref(self.vpc_id), ""))
        c("UseExistingVpc", Not(Equals(Ref(self.vpc_id), "")))
        c("CreateDatabase", Equals(Ref(self.db_host), ""))
        c("CreateEfs", Equals(Ref(self.efs_id), ""))
        c("Public", Equals(Ref(self.scheme), "internet-facing"))
        c("HasApiCidr", Not(Equals(Ref(self.api_cidr), "")))
        c("UseAwslogs", Equals(Ref(self.log_driver), "awslogs"))
        c("Isolate", Equals(Ref(self.isolate), "true"))
        c("HasUpgradeTag", Not(Equals(Ref(self.upgrade_tag), "")))
        c("UseAz3", Or(Equals(Ref(self.az_count), "3"), Equals(Ref(self.az_count), "4")))
        c("UseAz4", Equals(Ref(self.az_count), "4"))
        c("EfsInAz3", And({"Condition": "CreateEfs"}, {"Condition": "UseAz3"}))
        c("EfsInAz4", And({"Condition": "CreateEfs"}, {"Condition": "UseAz4"}))
        c("CreateEcsRole", Equals(Ref(self.ecs_role), "true"))

    def by_active(self, mapping: str, second) -> If:
        """A value keyed by active Coreapps: the throughput's shards when auto."""
        shards = FindInMap("ByThroughput", Ref(self.rate), "Shards")
        return If(
            "AutoShards",
            FindInMap(mapping, shards, second),
            FindInMap(mapping, Ref(self.active), second),
        )

    def hosts_of(self, field: str) -> FindInMap:
        """Min, Desired or Max hosts (mappings.hosts), found through key mappings alone. cfn-lint
        checks the value for each parameter combination (up to 512) once per function it goes
        through and per Fn::If branch: Select(Split(If(If(FindInMap)))) took 21 s of its 29 s.
        The message type is the last key, a plain Ref, for one function less per value."""
        layout = FindInMap("HostsLayout", Ref(self.env), Ref(self.isolate))
        sizing = FindInMap("SizingKey", Ref(self.rate), Ref(self.active))
        row = FindInMap("HostsRow", layout, sizing)
        return FindInMap(f"Hosts{field}", row, Ref(self.message))

    def by_env_ssl(self, prefix: str) -> If:
        """A DbSizing column (mappings.db_sizing) by env type and connection encryption."""
        def column(env, ssl):
            sizing = FindInMap("SizingKey", Ref(self.rate), Ref(self.active))
            return FindInMap("DbSizing", sizing, f"{prefix}{env}{ssl}")

        return If(
            "IsProduction",
            If("Ssl", column("Production", "Ssl"), column("Production", "Plain")),
            If("Ssl", column("Staging", "Ssl"), column("Staging", "Plain")),
        )

    def db_limit(self, column: str) -> If:
        """max_connections or the connections alarm's figure of the class deployed: the
        plan's (auto) or the one the user named."""
        return If("AutoDbClass", self.by_env_ssl(column),
                  FindInMap("DbClassLimits", Ref(self.db_class), column))

    def values(self) -> None:
        self.shards = If(
            "AutoShards", FindInMap("ByThroughput", Ref(self.rate), "Shards"), Ref(self.active)
        )
        self.coreapps = self.by_active("CoreappsByShards", Ref(self.env))
        self.min_hosts, self.desired_hosts, self.max_hosts = map(
            self.hosts_of, mappings.HOST_FIELDS)
        self.masters = FindInMap("EnvDefaults", Ref(self.env), "Masters")
        self.webapps = If(
            "IsProduction",
            FindInMap("ByThroughput", Ref(self.rate), "WebappsProduction"),
            FindInMap("ByThroughput", Ref(self.rate), "WebappsStaging"),
        )
        self.host_type = If(
            "AutoInstanceType",
            FindInMap("HostTypeByMessage", Ref(self.message), Ref(self.rate)),
            Ref(self.instance_type),
        )

    @staticmethod
    def first_az_count(text) -> If:
        items = Split(",", text)
        return If("UseAz4", [Select(i, items) for i in range(4)],
                  If("UseAz3", [Select(i, items) for i in range(3)],
                     [Select(i, items) for i in range(2)]))

    def rules(self) -> None:
        """Combinations CloudFormation must refuse before creating anything."""
        self.t.add_rule("PublicApiNamesItsClients", {
            "RuleCondition": Equals(Ref(self.scheme), "internet-facing"),
            "Assertions": [{
                "Assert": Not(Equals(Ref(self.api_cidr), "")),
                "AssertDescription": "An internet-facing load balancer sees its clients at "
                "public addresses: give them in ApiClientCidr",
            }],
        })
        self.t.add_rule("WorldOpenApiOnlyOnPurpose", {
            "RuleCondition": Equals(Ref(self.api_cidr), "0.0.0.0/0"),
            "Assertions": [{
                "Assert": Equals(Ref(self.allow_world), "true"),
                "AssertDescription": "ApiClientCidr 0.0.0.0/0 opens the API to the internet: set "
                "AllowWorldApi to true to do it on purpose",
            }],
        })
        self.t.add_rule("ExistingVpcNamesItsCidr", {  # the internal load balancer's clients
            "RuleCondition": And(Not(Equals(Ref(self.vpc_id), "")),
                                 Equals(Ref(self.api_cidr), "")),
            "Assertions": [{
                "Assert": Not(Equals(Ref(self.vpc_cidr_existing), "")),
                "AssertDescription": "ExistingVpcCidr is required with ExistingVpcId (the "
                "clients of an internal load balancer)",
            }],
        })
        self.host_type_rules()
        self.db_iops_rules()

    def db_iops_rules(self) -> None:
        """What Rules can say of stacks/choices.py's DB_IOPS_RULES (they compare, they cannot
        multiply: the ratio to the storage is in DbIops's description)."""
        for storage_type, rule in DB_IOPS_RULES.items():
            none = Equals(Ref(self.db_iops), "0")
            if rule is None:
                name, holds, say = "TakesNoIops", none, (
                    f"{storage_type} takes no provisioned IOPS: set DbIops to 0, or choose io1 "
                    "or io2 as DbStorageType for provisioned IOPS")
            elif rule.required:
                name, holds, say = "NeedsIops", Not(none), (
                    f"{storage_type} needs provisioned IOPS: set DbIops to {rule.min_iops} to "
                    f"{rule.max_iops}, at most {rule.max_iops_per_gib} per GiB of DbStorageGiB")
            else:  # IOPS from a storage size on, which Rules cannot compare
                name, holds, say = "IopsNeedTheCdkApp", none, (
                    f"{storage_type} IOPS need {rule.min_storage_gib} GiB or more (below, "
                    f"{storage_type} has a fixed baseline of {GP3_BASELINE_IOPS}), which the "
                    "console cannot check: set DbIops to 0, or choose io1 or io2 for "
                    "provisioned IOPS here, or use the CDK app (db_iops) for "
                    f"{storage_type} IOPS")
            self.t.add_rule(f"{storage_type.capitalize()}{name}", {
                "RuleCondition": And(Equals(Ref(self.db_host), ""),
                                     Equals(Ref(self.db_storage_type), storage_type)),
                "Assertions": [{"Assert": holds, "AssertDescription": say}],
            })

    def host_type_rules(self) -> None:
        """An explicit InstanceType at least as large as the one the plan was made for: the
        host counts and the Coreapps' reservations are sized for that one. Fn::Contains keeps
        each rule one list per parameter: as Fn::Or of Fn::Equals (about 100 of them) they
        made every satisfiability check cfn-lint runs over the template's Rules 3x slower."""
        def any_of(conditions):
            if len(conditions) == 1:
                return conditions[0]
            if len(conditions) <= 10:  # Fn::Or takes 2 to 10
                return Or(*conditions)
            return any_of([any_of(conditions[i:i + 10]) for i in range(0, len(conditions), 10)])

        planned: dict[str, dict[tuple[str, ...], list[str]]] = {}  # host -> rates -> messages
        for message, by_rate in mappings.enterprise_mappings()["HostTypeByMessage"].items():
            for host in set(by_rate.values()):
                rates = tuple(rate for rate, h in by_rate.items() if h == host)
                planned.setdefault(host, {}).setdefault(rates, []).append(message)
        for host, where in sorted(planned.items()):
            need = data.HOST_TYPES[host]
            enough = [t for t in HOST_TYPES if data.HOST_TYPES[t].vcpu >= need.vcpu
                      and data.HOST_TYPES[t].memory_gib >= need.memory_gib]
            self.t.add_rule(f"InstanceTypeCovers{host.replace('.', '').capitalize()}", {
                "RuleCondition": And(
                    Not(Equals(Ref(self.instance_type), "auto")),
                    any_of([And(Contains(sorted(messages), Ref(self.message)),
                                Contains(list(rates), Ref(self.rate)))
                            for rates, messages in sorted(where.items())])),
                "Assertions": [{
                    "Assert": Contains(enough, Ref(self.instance_type)),
                    "AssertDescription": f"this message type and throughput are sized for "
                    f"{host} hosts: choose auto or one of {', '.join(enough)}",
                }],
            })

    # --- nested tiers -----------------------------------------------------------------------
    def tiers(self) -> None:
        t = self.t

        def url(tier):
            return Join("", [Ref(self.base), FILES[tier]])

        network = t.add_resource(
            Stack(
                "NetworkStack",
                Condition="CreateNetwork",
                TemplateURL=url("network"),
                Parameters={
                    "EnvType": Ref(self.env),
                    "VpcCidr": Ref(self.vpc_cidr),
                    "AzCount": Ref(self.az_count),
                    "LogRetentionDays": Ref(self.retention),
                },
            )
        )
        self.vpc = If("CreateNetwork", GetAtt(network, "Outputs.VpcId"), Ref(self.vpc_id))
        self.cidr = If(
            "CreateNetwork", GetAtt(network, "Outputs.VpcCidr"), Ref(self.vpc_cidr_existing)
        )
        private_text = If(
            "CreateNetwork",
            GetAtt(network, "Outputs.PrivateSubnetIds"),
            Join(",", Ref(self.private_existing)),
        )
        public_text = If(
            "CreateNetwork",
            GetAtt(network, "Outputs.PublicSubnetIds"),
            Join(",", Ref(self.public_existing)),
        )
        # Every subnet listed gets an EFS mount target only up to AzCount: hosts and the load
        # balancer use exactly those, so no host boots in an AZ without its mount target.
        self.private_all = Split(",", private_text)
        self.private = self.first_az_count(private_text)
        self.public = self.first_az_count(public_text)
        existing_hosts = t.add_resource(
            SecurityGroup(
                "HostsSecurityGroup",
                Condition="UseExistingVpc",
                VpcId=Ref(self.vpc_id),
                GroupDescription="ECS hosts of the WhatsApp Business API cluster",
                SecurityGroupEgress=egress("hosts"),
            )
        )
        self.hosts_sg = If(
            "CreateNetwork", GetAtt(network, "Outputs.HostsSecurityGroupId"), Ref(existing_hosts)
        )
        # East-west, in either VPC: nodes on different hosts reach each other's containers.
        group_ingress(t, "HostsFromHosts", "hosts", self.hosts_sg, "hosts", self.hosts_sg)

        db_class = If("AutoDbClass", self.by_env_ssl("DbClass"), Ref(self.db_class))
        database = t.add_resource(
            Stack(
                "DatabaseStack",
                Condition="CreateDatabase",
                TemplateURL=url("database"),
                Parameters={
                    "EnvType": Ref(self.env),
                    "VpcId": self.vpc,
                    "PrivateSubnetIds": private_text,
                    "HostsSecurityGroupId": self.hosts_sg,
                    "DbInstanceClass": db_class,
                    "DbEngineVersion": Ref(self.db_version),
                    "DbStorageType": Ref(self.db_storage_type),
                    "DbStorageGiB": Ref(self.db_storage),
                    "DbIops": Ref(self.db_iops),
                    "DbPort": Ref(self.db_port),
                    "DbMultiAz": If(
                        "AutoMultiAz",
                        FindInMap("EnvDefaults", Ref(self.env), "MultiAz"),
                        Ref(self.db_multi_az),
                    ),
                    "MaxConnections": self.db_limit("MaxConnections"),
                    "DbConnectionEncryption": Ref(self.tls),
                    "KeyChoice": Ref(self.key_choice),
                    "GivenKeyArn": Ref(self.given_key),
                    "LogRetentionDays": Ref(self.retention),
                },
            )
        )
        self.db_endpoint = If(
            "CreateDatabase",
            GetAtt(database, "Outputs.DbEndpoint"),
            Join(":", [Ref(self.db_host), Ref(self.db_port)]),
        )
        self.parameter_path = Join("", ["/", StackName, "/db"])
        # AWS_STACK_NAME is this (root) stack's name: the deployment's name
        self.password_parameter = Join("", [StackName, PASSWORD_PARAMETER_SUFFIX])
        self.settings = t.add_resource(
            Stack(
                "LambdaStack",
                TemplateURL=url("lambda"),
                Parameters={
                    "DbHost": If(
                        "CreateDatabase", GetAtt(database, "Outputs.DbHost"), Ref(self.db_host)
                    ),
                    "DbPort": Ref(self.db_port),
                    "DbSecretArn": If(
                        "CreateDatabase",
                        GetAtt(database, "Outputs.DbSecretArn"),
                        Ref(self.db_secret),
                    ),
                    "DbSecretKeyArn": If(
                        "CreateDatabase", GetAtt(database, "Outputs.DbKeyArn"), ""
                    ),
                    "ParameterPath": self.parameter_path,
                    "AwsModeLookupName": self.password_parameter,
                    "LogRetentionDays": Ref(self.retention),
                },
            )
        )

    # --- storage ----------------------------------------------------------------------------
    def file_system(self) -> None:
        t = self.t
        group = t.add_resource(
            SecurityGroup(
                "FileSystemSecurityGroup",
                Condition="CreateEfs",
                VpcId=self.vpc,
                GroupDescription="EFS for media and data: hosts only",
                SecurityGroupEgress=egress("file_system"),
            )
        )
        group_ingress(t, "FileSystemFromHosts", "file_system", Ref(group), "hosts",
                      self.hosts_sg, Condition="CreateEfs")
        key = rotated_key(t, "FileSystemKey", "media and data on EFS", Condition="CreateEfs")
        fs = t.add_resource(
            FileSystem(
                "FileSystem",
                Condition="CreateEfs",
                Encrypted=True,
                KmsKeyId=GetAtt(key, "Arn"),
                BackupPolicy=BackupPolicy(Status="ENABLED"),
                ThroughputMode="elastic",
                FileSystemPolicy=file_system_policy(GetAtt("HostRole", "Arn")),
                FileSystemTags=Tags(Name="wa-infra media and data"),
                DeletionPolicy="Retain",
                UpdateReplacePolicy="Retain",
            )
        )
        for i in range(4):
            condition = {0: "CreateEfs", 1: "CreateEfs", 2: "EfsInAz3", 3: "EfsInAz4"}[i]
            t.add_resource(
                MountTarget(
                    f"MountTarget{i + 1}",
                    Condition=condition,
                    Metadata=SUBNET_RESOLUTION,
                    FileSystemId=Ref(fs),
                    SubnetId=Select(i, self.private_all),
                    SecurityGroups=[Ref(group)],
                )
            )
        self.fs_id = If("CreateEfs", Ref(fs), Ref(self.efs_id))
        targets = [Ref(f"MountTarget{i + 1}") for i in range(4)]
        self.mount_targets = If("CreateEfs", Join(",", If(
            "EfsInAz4", targets, If("EfsInAz3", targets[:3], targets[:2]))), "existing")

    # --- hosts ------------------------------------------------------------------------------
    def hosts(self) -> None:
        t = self.t
        self.linked_role = role = t.add_resource(ServiceLinkedRole(  # README: the ECS role
            "EcsServiceLinkedRole", Condition="CreateEcsRole", DeletionPolicy="Retain",
            UpdateReplacePolicy="Retain", AWSServiceName="ecs.amazonaws.com"))
        self.cluster = t.add_resource(
            Cluster(
                "Cluster",
                ClusterSettings=[ClusterSetting(Name="containerInsights", Value="enabled")],
                # the role before the cluster (and the capacity provider, whose hosts name the
                # cluster): a DependsOn cannot name a resource whose condition may be false
                Tags=Tags({"wa-infra:ecs-service-linked-role": If(
                    "CreateEcsRole", Ref(role), "existing")}),
            )
        )
        cluster_arn = GetAtt(self.cluster, "Arn")
        fs_arn = Join(
            "",
            [
                "arn:",
                Partition,
                ":elasticfilesystem:",
                Region,
                ":",
                AccountId,
                ":file-system/",
                self.fs_id,
            ],
        )
        role = t.add_resource(
            Role(
                "HostRole",
                AssumeRolePolicyDocument=assume_role("ec2.amazonaws.com"),
                Policies=[
                    Policy(
                        PolicyName="ecs-agent",
                        PolicyDocument={  # see contract/host.py
                            "Version": "2012-10-17",
                            "Statement": agent_statements(cluster_arn, Join("", [
                                "arn:", Partition, ":ec2:", Region, ":", AccountId,
                                ":instance/*"])),
                        },
                    )
                ],
            )
        )
        # The mount's grant stands apart: the file system's policy names this role, so the
        # role itself cannot name the file system (a cycle). The hosts launch after it.
        mount_policy = t.add_resource(
            PolicyType(
                "HostMountPolicy",
                PolicyName="efs-mount",  # the EFS mount helper's calls on this file system
                Roles=[Ref(role)],
                PolicyDocument={"Version": "2012-10-17",
                                "Statement": [mount_statement(fs_arn)]},
            )
        )
        profile = t.add_resource(InstanceProfile("HostProfile", Roles=[Ref(role)]))
        # The contract's boot script; ${...} are CloudFormation's, the script uses none.
        script = ["#!/bin/bash", *boot_commands(
            "${FileSystemId}", "${DbCaUrl}", "${DbCaRequired}", "${Cluster}"), ""]
        user_data = Base64(Sub("\n".join(script), {
            "FileSystemId": self.fs_id, "DbCaUrl": Ref(self.ca_url),
            "DbCaRequired": If("Ssl", "yes", "no")}))
        template = t.add_resource(
            LaunchTemplate(
                "HostTemplate",
                LaunchTemplateData=LaunchTemplateData(
                    ImageId=Ref(self.ami),
                    InstanceType=self.host_type,
                    IamInstanceProfile=IamInstanceProfile(Arn=GetAtt(profile, "Arn")),
                    SecurityGroupIds=[self.hosts_sg],
                    UserData=user_data,
                    MetadataOptions=MetadataOptions(  # see contract/host.py
                        HttpTokens=IMDS.http_tokens,
                        HttpPutResponseHopLimit=IMDS.hop_limit,
                        HttpEndpoint="enabled",
                    ),
                    BlockDeviceMappings=[
                        LaunchTemplateBlockDeviceMapping(
                            DeviceName="/dev/xvda",
                            Ebs=EBSBlockDevice(
                                VolumeSize=Ref(self.root_gib),
                                VolumeType="gp3",
                                Encrypted=True,
                                DeleteOnTermination=True,
                            ),
                        )
                    ],
                    Monitoring=Monitoring(Enabled=True),
                ),
            )
        )
        self.group = t.add_resource(
            AutoScalingGroup(
                "Hosts",
                DependsOn=[mount_policy.title],
                Metadata=SUBNET_RESOLUTION,
                LaunchTemplate=LaunchTemplateSpecification(
                    LaunchTemplateId=Ref(template), Version=GetAtt(template, "LatestVersionNumber")
                ),
                MinSize=self.min_hosts,
                MaxSize=self.max_hosts,
                # Names the mount targets, so hosts launch only once each exists (a DependsOn
                # cannot name resources whose condition may be false).
                Tags=[Tag("wa-infra:efs-mount-targets", self.mount_targets, False)],
                DesiredCapacity=self.desired_hosts,
                VPCZoneIdentifier=self.private,
                HealthCheckType="EC2",
                HealthCheckGracePeriod=300,
                # the ScalingExhausted alarm reads the hosts in service
                MetricsCollection=[MetricsCollection(
                    Granularity="1Minute", Metrics=["GroupInServiceInstances"])],
            )
        )
        self.host_events()
        provider = t.add_resource(
            CapacityProvider(
                "CapacityProvider",
                AutoScalingGroupProvider=AutoScalingGroupProvider(
                    AutoScalingGroupArn=Ref(self.group),
                    ManagedDraining="ENABLED",
                    ManagedTerminationProtection="DISABLED",
                ),
                # after the service-linked role too, as the cluster (see there)
                Tags=Tags({"wa-infra:ecs-service-linked-role": If(
                    "CreateEcsRole", Ref(self.linked_role), "existing")}),
            )
        )
        self.provider = provider
        self.association = t.add_resource(
            ClusterCapacityProviderAssociations(
                "CapacityProviders",
                Cluster=Ref(self.cluster),
                CapacityProviders=[Ref(provider)],
                DefaultCapacityProviderStrategy=[
                    CapacityProviderStrategy(CapacityProvider=Ref(provider), Weight=1)
                ],
            )
        )
        self.memory_scaling()

    def host_events(self) -> None:
        """Host launches and terminations (failures included) to an encrypted topic, through
        EventBridge: its service principal always exists, unlike the Auto Scaling
        service-linked role that group notifications would need in the key policy."""
        t = self.t
        key = rotated_key(t, "HostEventsKey", "host scaling notifications",
                          publishers=("events.amazonaws.com",))
        self.topic = t.add_resource(
            Topic("HostEvents", KmsMasterKeyId=GetAtt(key, "Arn"),
                  DisplayName="wa-infra host scaling events")
        )
        rule = t.add_resource(
            Rule(
                "HostEventsRule",
                Description="Host launches and terminations of this fleet",
                EventPattern={
                    "source": ["aws.autoscaling"],
                    "detail-type": list(HOST_EVENT_TYPES),
                    "detail": {"AutoScalingGroupName": [Ref(self.group)]},
                },
                State="ENABLED",
                Targets=[Target(Arn=Ref(self.topic), Id="HostEventsTopic")],
            )
        )
        t.add_resource(
            TopicPolicy(
                "HostEventsPolicy",
                Topics=[Ref(self.topic)],
                PolicyDocument={
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "EventBridgePublishes",
                            "Effect": "Allow",
                            "Principal": {"Service": "events.amazonaws.com"},
                            "Action": "sns:Publish",
                            "Resource": Ref(self.topic),
                            "Condition": {"ArnEquals": {"aws:SourceArn": GetAtt(rule, "Arn")}},
                        },
                        {
                            "Sid": "TlsOnly",
                            "Effect": "Deny",
                            "Principal": "*",
                            "Action": "sns:Publish",
                            "Resource": Ref(self.topic),
                            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                        },
                    ],
                },
            )
        )

    def memory_scaling(self) -> None:
        for name, adjustment, key, operator in (
            ("ScaleOut", 1, "ScaleOutPercent", "GreaterThanThreshold"),
            ("ScaleIn", -1, "ScaleInPercent", "LessThanThreshold"),
        ):
            policy = self.t.add_resource(
                ScalingPolicy(
                    f"{name}Policy",
                    AutoScalingGroupName=Ref(self.group),
                    PolicyType="SimpleScaling",
                    AdjustmentType="ChangeInCapacity",
                    ScalingAdjustment=adjustment,
                    Cooldown=FindInMap("MemoryScaling", "Memory", "CooldownSeconds"),
                )
            )
            self.t.add_resource(
                Alarm(
                    f"{name}Alarm",
                    AlarmDescription=f"Cluster memory reservation: {adjustment:+d} host",
                    Namespace="AWS/ECS",
                    MetricName="MemoryReservation",
                    Dimensions=[MetricDimension(Name="ClusterName", Value=Ref(self.cluster))],
                    Statistic="Average",
                    Period=FindInMap("MemoryScaling", "Memory", "PeriodSeconds"),
                    EvaluationPeriods=FindInMap("MemoryScaling", "Memory", "EvaluationPeriods"),
                    Threshold=FindInMap("MemoryScaling", "Memory", key),
                    ComparisonOperator=operator,
                    AlarmActions=[Ref(policy)],
                )
            )

    # --- load balancer ----------------------------------------------------------------------
    def load_balancer(self) -> None:
        t = self.t
        group = t.add_resource(
            SecurityGroup(
                "LoadBalancerSecurityGroup",
                # ExistingVpcCidr defaults to blank and is read only with ExistingVpcId, where
                # the ExistingVpcNamesItsCidr rule requires it: cfn-lint resolves the default.
                Metadata={"cfn-lint": {"config": {"ignore_checks": ["W1030"]}}},
                VpcId=self.vpc,
                GroupDescription="WhatsApp Business API load balancer",
                SecurityGroupIngress=cidr_ingress(
                    "load_balancer", "clients", If("HasApiCidr", Ref(self.api_cidr), self.cidr)
                ),
                SecurityGroupEgress=egress("load_balancer", {"hosts": self.hosts_sg}),
            )
        )
        group_ingress(t, "HostsFromLoadBalancer", "hosts", self.hosts_sg, "load_balancer",
                      Ref(group))
        # Internet-facing: the health probe arrives from the NAT gateways' addresses, one rule
        # each, for the NAT gateways the network tier creates (an existing VPC's are not
        # known: ApiClientCidr must hold them, docs/probe.md).
        for i in range(MAX_AZS):
            needs = ["Public", "CreateNetwork", *nat_needs(i)]
            t.add_condition(f"ProbeThroughNat{i + 1}", And(*[{"Condition": c} for c in needs]))
            cidr_group_ingress(
                t, f"LoadBalancerFromNat{i + 1}", "load_balancer", Ref(group), "nat",
                Join("", [GetAtt("NetworkStack", f"Outputs.NatPublicIp{i + 1}"), "/32"]),
                Condition=f"ProbeThroughNat{i + 1}")
        self.lb = t.add_resource(
            NetworkLoadBalancer(
                "LoadBalancer",
                Metadata=SUBNET_RESOLUTION,
                Type="network",
                Scheme=Ref(self.scheme),
                Subnets=If("Public", self.public, self.private),
                SecurityGroups=[Ref(group)],
                LoadBalancerAttributes=[
                    LoadBalancerAttributes(Key="load_balancing.cross_zone.enabled", Value="true"),
                    # Its DNS name is what every API client uses: production keeps it.
                    LoadBalancerAttributes(
                        Key="deletion_protection.enabled",
                        Value=If("IsProduction", "true", "false"),
                    ),
                ],
            )
        )
        self.targets = t.add_resource(
            TargetGroup(
                "WebTargets",
                Port=API_PORT,
                Protocol="TCP",
                TargetType="instance",
                VpcId=self.vpc,
                HealthCheckProtocol="HTTPS",
                HealthCheckPath="/",
                HealthCheckPort="traffic-port",
                HealthCheckIntervalSeconds=30,
                Matcher=Matcher(HttpCode="200-399"),
                TargetGroupAttributes=[
                    TargetGroupAttribute(Key="deregistration_delay.timeout_seconds", Value="30")
                ],
            )
        )
        self.listener = t.add_resource(
            Listener(
                "ApiListener",
                LoadBalancerArn=Ref(self.lb),
                Port=API_PORT,
                Protocol="TCP",
                DefaultActions=[Action(Type="forward", TargetGroupArn=Ref(self.targets))],
            )
        )

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
                    PasswordLength=GENERATED[source], ExcludePunctuation=True),
                DeletionPolicy="Retain", UpdateReplacePolicy="Retain")), key)
        self.api_key = generated["api-key"]
        names = DB_SETTINGS

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
                            "Statement": client_task_statements(
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
            for role in (*ROLES, DB_UPGRADE.name)
        }
        inputs = {
            "region": Region,
            "stack_name": StackName,
            "db_engine": WA_DB_ENGINE_BY_ENGINE["mysql"],
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
            spec = ROLES[role]
            volumes = [v for v in VOLUMES if one_off is None or v.name in one_off.volumes]
            environment = []
            for var in environment_for(role) if one_off is None else one_off.environment_of():
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
                    for v in secrets_for(role)
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
                task.Family = Join("-", [StackName, name])
            else:  # the client in AWS mode; the upgrade task runs outside it
                task.TaskRoleArn = GetAtt(client_role, "Arn")
            return t.add_resource(task)

        # Run by hand (wa-upgrade), never as a service: the coreapp image at UpgradeImageTag.
        self.db_upgrade_task = task_definition(
            "DbUpgradeTask", DB_UPGRADE.name, DB_UPGRADE.like,
            If("HasUpgradeTag", Ref(self.upgrade_tag), Ref(self.tag)), DB_UPGRADE)
        for role, spec in ROLES.items():
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
                    MinimumHealthyPercent=when_one_per_host(50, 100),
                    MaximumPercent=when_one_per_host(100, 200),
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
                service.HealthCheckGracePeriodSeconds = WEB_HEALTH_CHECK_GRACE_S
                service.LoadBalancers = [
                    LoadBalancer(
                        ContainerName="web",
                        ContainerPort=API_PORT,
                        TargetGroupArn=Ref(self.targets),
                    )
                ]
                service.DependsOn = [*service.DependsOn, self.listener.title]
            self.service_refs[role] = t.add_resource(service)

    # --- outputs ----------------------------------------------------------------------------
    def outputs(self) -> None:
        o = self.t.add_output
        o(
            Output(
                "ApiEndpoint",
                Description="HTTPS endpoint of the Webapps",
                Value=Join("", ["https://", GetAtt(self.lb, "DNSName")]),
            )
        )
        o(Output("ClusterName", Description="ECS cluster", Value=Ref(self.cluster)))
        # what wa-upgrade plan names in its commands
        o(Output("CapacityProviderName", Description="Capacity provider for run-task",
                 Value=Ref(self.provider)))
        o(Output("DbUpgradeTaskFamily", Description="One-off database-upgrade task "
                 "(wa-upgrade)", Value=Join("-", [StackName, DB_UPGRADE.name])))
        o(Output("FileSystemId", Description="EFS file system (backups)", Value=self.fs_id))
        o(Output("DbInstanceIdentifier", Condition="CreateDatabase",
                 Description="Database to snapshot before an upgrade",
                 Value=GetAtt("DatabaseStack", "Outputs.DbInstanceIdentifier")))
        o(Output("DbEndpoint", Description="Database host:port", Value=self.db_endpoint))
        o(
            Output(
                "Shards",
                Description="Shard count to set with POST /v1/account/shards",
                Value=self.shards,
            )
        )
        o(Output("Coreapps", Description="Coreapp tasks (active + spare)", Value=self.coreapps))
        o(
            Output(
                "CoreappServiceName",
                Description="Coreapp ECS service",
                Value=GetAtt(self.service_refs["coreapp"], "Name"),
            )
        )
        o(Output("ApiKeySecret", Description=API_KEY_OUTPUT, Value=Ref(self.api_key[0])))
        o(
            Output(
                "HostEventsTopic",
                Description="Subscribe for host scaling events",
                Value=Ref(self.topic),
            )
        )


    def probe_reads_api_key(self) -> None:
        """The health probe (templates/monitoring.py) gets in with the Webapps' API key: its
        secret's ARN in the function's environment, GetSecretValue on that secret and
        kms:Decrypt on its key in the function's role, nothing else."""
        secret, key = self.api_key
        function, role = self.t.resources["Probe"], self.t.resources["ProbeRole"]
        function.Environment.Variables[probe_metrics.ENV_API_KEY_SECRET_ARN] = Ref(secret)
        role.Policies[0].PolicyDocument["Statement"] += [
            {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
             "Resource": Ref(secret)},
            {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": GetAtt(key, "Arn")},
        ]


def build_enterprise(base_url: str | None = None) -> Template:
    """The template users upload; `base_url` becomes TemplateBaseUrl's default."""
    e = Enterprise(base_url)
    e.parameters()
    e.conditions()
    e.rules()
    e.values()
    e.tiers()
    e.file_system()
    e.hosts()
    e.load_balancer()
    e.services()
    e.outputs()
    add_monitoring(e)
    e.probe_reads_api_key()
    return e.t
