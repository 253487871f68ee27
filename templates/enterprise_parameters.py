"""The root template's parameters, grouped as the console shows them."""

from __future__ import annotations

from contract import syntax
from contract.database_storage import DB_STORAGE_TYPES
from contract.deployment import MIN_ROOT_VOLUME_GIB, WIDEST_CLIENT_PREFIX
from contract.host import (
    CA,
)
from sizing import data, vendor_v3
from templates import mappings
from templates.common import (
    Params,
)
from templates.database import DB_CLASSES, add_key_choice, iops_description

AMI_PARAMETER = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
# Explicit host types on offer: those at least as large as the smallest any plan picks (an
# InstanceTypeCovers... rule refuses one smaller than the plan's).
_SMALLEST = min((data.HOST_TYPES[h] for hosts in vendor_v3.HOST_TYPES.values() for h in hosts),
                key=lambda h: (h.vcpu, h.memory_gib))
HOST_TYPES = sorted(t for t, h in data.HOST_TYPES.items()
                    if h.vcpu >= _SMALLEST.vcpu and h.memory_gib >= _SMALLEST.memory_gib)



class ParametersPart:
    """A part of templates/enterprise.py's Enterprise (its attributes are shared)."""

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
            AllowedPattern=rf"^$|^{syntax.cidr(16, 28)}$",
            ConstraintDescription="blank or an IPv4 CIDR of /16 to /28 (octets 0 to 255)",
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
            AllowedPattern=syntax.NEW_VPC_16,
            ConstraintDescription="an IPv4 /16 block such as 10.0.0.0/16 (octets 0 to 255)",
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
            AllowedPattern=rf"^$|^0\.0\.0\.0/0$|^{syntax.cidr(WIDEST_CLIENT_PREFIX, 32)}$",
            ConstraintDescription=f"blank, an IPv4 CIDR of /{WIDEST_CLIENT_PREFIX} to /32 "
            "(octets 0 to 255) or 0.0.0.0/0",
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
            AllowedPattern=syntax.REGISTRY,
            ConstraintDescription="a lower-case registry host, optional :port (1 to 65535) "
            "and /path",
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
            AllowedPattern=rf"^$|{syntax.DB_HOST}",
            ConstraintDescription="blank, a DNS name or an IPv4 address (not loopback, 0.x "
            "or link-local: the containers' own)",
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
            AllowedPattern=syntax.TEMPLATE_BASE_URL,
            ConstraintDescription="an https URL ending with /",
            **base,
        )
        p.finish()
