"""Every input of a deployment, once: its CDK context key (`-c key=value`, cdk.json, wa-deploy;
wa-size and `wa-shards plan` spell the sizing ones `--key-name`), its default, what is allowed,
what it does, and how the plain templates' console asks for it (parameter, group, label,
description, type and constraints).

The CDK context reader (cdk/context.py CONTEXT_KEYS), the root template's Parameters and console
Metadata (templates/enterprise_parameters.py) and the docs' input tables are made from INPUTS;
the sizing inputs' rows take their default, range and effect from sizing/inputs.py
SIZING_INPUTS, which also makes wa-size's options, plan()'s defaults and the context parser's
sizing keys (wa-size cannot wait for this module). tests/contract/test_inputs.py holds each
surface to the tables.
Numbers are not typed here: each comes from where its rule lives (sizing/data.py, the
Deployment's defaults, contract/database_storage.py, ...). Rows follow the console's order;
inputs the console has no parameter for sit beside their neighbours."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from contract import syntax
from contract.database_storage import (
    DB_IOPS_RANGE,
    DB_IOPS_RULES,
    DB_STORAGE_TYPES,
    GP3_BASELINE_IOPS,
)
from contract.deployment import (
    MAX_API_CIDRS,
    MIN_ROOT_VOLUME_GIB,
    WIDEST_CLIENT_PREFIX,
    Deployment,
)
from contract.host import AMI_PARAMETER, CA
from contract.log_groups import LOG_RETENTION_DAYS
from contract.names import RESERVED_PREFIXES
from sizing import data, vendor_v3
from sizing.inputs import SIZING

DEPLOYMENT = Deployment()  # the deployment inputs' defaults
SWITCH = ["false", "true"]
MAX_ROOT_VOLUME_GIB = 1024
DB_STORAGE_GIB = (20, 65536)  # RDS: gp2/gp3 from 20 GiB; io1/io2 start higher (DB_IOPS_RULES)
DB_BACKUP_DAYS = (7, 35)  # a week at least (the seed's runbooks restore from it); RDS's most
DB_IDLE_TIMEOUT_MS = (10_000, 28_800_000)  # MySQL's wait_timeout default is the top
IMAGE_TAG = r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"  # the Docker reference grammar's tag
SUBNET_ID = rf"^$|^{syntax.resource_id('subnet')}$"
MAX_AZS = data.AZ_COUNTS[-1]
# Explicit host types on offer: those at least as large as the smallest any plan picks (an
# InstanceTypeCovers... rule refuses one smaller than the plan's).
_SMALLEST = min((data.HOST_TYPES[h] for hosts in vendor_v3.HOST_TYPES.values() for h in hosts),
                key=lambda h: (h.vcpu, h.memory_gib))
CONSOLE_HOST_TYPES = sorted(t for t, h in data.HOST_TYPES.items()
                            if h.vcpu >= _SMALLEST.vcpu and h.memory_gib >= _SMALLEST.memory_gib)
# A new VPC's subnets (stacks/network.py): per AZ one public /24, then per AZ one private /22.
SUBNET_PREFIXES = (24, 22)


def subnets_fit(network: ipaddress.IPv4Network, az_count: int) -> bool:
    """Whether the CDK can carve the subnets out of the network: as its NetworkBuilder, one
    after the other in configuration order, each starting at the next multiple of its size."""
    end = int(network.network_address)
    for prefix in SUBNET_PREFIXES:
        size = 2 ** (32 - prefix)
        for _ in range(az_count):
            end = -(-end // size) * size + size
    return end <= int(network.broadcast_address) + 1


def smallest_new_vpc_prefix(az_count: int) -> int:
    """The longest prefix (the smallest VPC) that holds the subnets of az_count AZs."""
    return max(p for p in range(16, 29)
               if subnets_fit(ipaddress.IPv4Network(f"10.0.0.0/{p}"), az_count))


def iops_description() -> str:
    """DbIops's description from DB_IOPS_RULES: what the root template's Rules check, and the
    ratio to the storage that they cannot (Rules have no arithmetic)."""
    required = [t for t, r in DB_IOPS_RULES.items() if r and r.required]
    none = [t for t, r in DB_IOPS_RULES.items() if not r or not r.required]
    ratios = ", ".join(f"{t} at most {DB_IOPS_RULES[t].max_iops_per_gib} per GiB"
                       for t in required)
    first = DB_IOPS_RULES[required[0]]
    gp3 = DB_IOPS_RULES["gp3"]
    return (f"Provisioned IOPS, required with {' and '.join(required)}: {first.min_iops} to "
            f"{first.max_iops}, at least {first.min_iops_per_gib:g} and {ratios} of DbStorageGiB, "
            f"which must be {first.min_storage_gib} GiB or more (the console cannot check these: "
            f"RDS refuses them when it creates the database). 0 with {' and '.join(none)} (gp3 "
            f"has a fixed {GP3_BASELINE_IOPS} IOPS below {gp3.min_storage_gib} GiB; provisioned "
            f"gp3 IOPS, from {gp3.min_storage_gib} GiB, are a CDK app option: db_iops)")


@dataclass(frozen=True)
class Console:
    """How the root template's console asks for an input: `cfn` holds the Parameter's
    properties (Type, Default, AllowedValues or AllowedPattern, ...) in the order they print."""

    parameter: str
    group: str
    label: str
    description: str
    cfn: dict = field(hash=False)


@dataclass(frozen=True)
class Input:
    key: str | None  # CDK context key; None: the console alone asks for it
    default: str = ""  # as the docs and the refusals show it
    allowed: str = ""
    effect: str = ""
    console: Console | None = None
    option: bool = False  # wa-size and `wa-shards plan` take it as --key-name
    # where the console asks otherwise than the context key does, and why (tests hold every
    # other console default and range to the CDK parser's)
    console_differs: str = ""

    @classmethod
    def sizing(cls, key: str, console: Console | None = None, console_differs: str = ""):
        """A sizing input: its default, range and effect are sizing/inputs.py's row."""
        row = SIZING[key]
        return cls(key, row.shown_default(), row.allowed, row.effect, console, option=True,
                   console_differs=console_differs)


def _number(value: int, low: int, high: int) -> dict:
    return {"Type": "Number", "Default": value, "MinValue": low, "MaxValue": high}


def _choice(value: str, choices) -> dict:
    return {"Type": "String", "Default": value, "AllowedValues": list(choices)}


def _text(pattern: str, default: str = "", constraint: str | None = None) -> dict:
    cfn = {"Type": "String", "Default": default, "AllowedPattern": pattern}
    return cfn if constraint is None else {**cfn, "ConstraintDescription": constraint}


def console_only(parameter: str, group: str, label: str, description: str,
                 cfn: dict) -> Input:
    """An input the root template's console alone asks for (no CDK context key)."""
    return Input(None, console=Console(parameter, group, label, description, cfn))


def _switch(value: bool) -> dict:
    return _choice(str(value).lower(), SWITCH)


INPUTS: tuple[Input, ...] = (
    # --- sizing --------------------------------------------------------------------------------
    Input.sizing("env", console=Console(
        "EnvType", "Sizing", "Environment type",
        "production: 3 hosts/Webapps/Masters minimum, Multi-AZ database, deletion protection; "
        "staging: 2 of each",
        _choice(SIZING["env"].default, data.ENVIRONMENTS))),
    Input.sizing(
        "rate", console_differs="the console offers the throughputs its Mappings are made for",
        console=Console(
            "Throughput", "Sizing", "Throughput (msg/s)",
            "Target send rate (one receipt per message, no inbound, as wa-size's defaults); "
            "picks the shards, Webapps, DB class, host type and Coreapp reservations",
            _choice(f"{data.BENCHMARK_RATE_LOW_MSG_S:g}",
                    [str(r) for r in data.CONSOLE_THROUGHPUTS]))),
    Input.sizing(
        "shards", console_differs="auto stands for the shards the throughput needs",
        console=Console(
            "ActiveCoreapps", "Sizing", "Active Coreapps (shards)",
            "auto: what the throughput needs; or a shard count. Spare Coreapps are added: "
            f"{data.DEFAULT_SPARES}, or more to reach the environment's least Coreapps "
            f"({', '.join(f'{e} {d.coreapps}' for e, d in data.ENV_DEFAULTS.items())})",
            _choice("auto", ["auto", *(str(s) for s in data.SHARD_OPTIONS)]))),
    Input.sizing("message_type", console=Console(
        "MessageType", "Sizing", "Message type",
        "Dominant message type as the vendor benchmarked them (image = image1MB, document = "
        "doc); picks the host type and what each Coreapp reserves",
        _choice(SIZING["message_type"].default, data.MESSAGE_TYPE_CHOICES))),
    Input.sizing("isolate_coreapps", console=Console(
        "IsolateCoreapps", "Sizing", "One Coreapp per host",
        "true: each Coreapp on a host of its own (survives host failures; may exceed the EC2 "
        "caps)",
        _switch(SIZING["isolate_coreapps"].default))),
    Input.sizing(
        "ssl", console_differs="the console says enabled|disabled for true|false",
        console=Console(
            "DbConnectionEncryption", "Sizing", "DB connection encryption",
            "enabled: TLS between containers and the database; the hosts fetch the CA bundle "
            "(DbCaBundleUrl) at boot",
            _choice("enabled" if SIZING["ssl"].default else "disabled",
                    ["enabled", "disabled"]))),
    *(Input.sizing(key) for key in ("engine", "spares", "headroom", "receipts", "inbound",
                                     "table")),
    # --- where -------------------------------------------------------------------------------
    Input("region", DEPLOYMENT.region, "a commercial, GovCloud or China region name",
          "region the stacks target"),
    Input("account", "none", "12 digits", "account the stacks target (optional)"),
    Input("prefix", DEPLOYMENT.prefix, "a letter, then letters and digits (32 at most), not "
          f"beginning with {', '.join(RESERVED_PREFIXES[:-1])} or {RESERVED_PREFIXES[-1]}",
          "stack name prefix"),
    # --- network ---------------------------------------------------------------------------
    Input("vpc_id", "none (new VPC)", "vpc-...", "use an existing VPC (with the next keys)",
          console=Console(
              "ExistingVpcId", "Network", "Existing VPC",
              "Blank: create a VPC (network tier). Else the VPC to use",
              _text(rf"^$|^{syntax.resource_id('vpc')}$"))),
    console_only(
        "ExistingVpcCidr", "Network", "Existing VPC CIDR",
        "CIDR of the existing VPC, required with ExistingVpcId: the clients of an internal "
        "load balancer (ignored when a VPC is created)",
        _text(rf"^$|^{syntax.NOT_A_VPC}{syntax.cidr(16, 28)}$", "",
              "blank or an IPv4 CIDR of /16 to /28 (octets 0 to 255), outside 0/8, 127/8, "
              "169.254/16, 172.17/16 and 224/3")),
    Input("vpc_azs", "", "comma list of the region's AZ names", "AZs of the existing VPC"),
    # The console asks one subnet per AZ: Rules cannot count a list, but they can see that
    # each of the first AzCount subnets is given (and that no two are the same).
    Input("public_subnet_ids", "", "comma list, one per AZ", "existing public subnets"),
    *(console_only(
        f"ExistingPublicSubnet{n}", "Network", f"Existing public subnet, AZ {n}",
        f"Public subnet of the existing VPC in its AZ {n} (internet-facing load balancer); "
        "the first AzCount are used", _text(SUBNET_ID)) for n in range(1, MAX_AZS + 1)),
    Input("private_subnet_ids", "", "comma list, one per AZ", "existing private subnets"),
    *(console_only(
        f"ExistingPrivateSubnet{n}", "Network", f"Existing private subnet, AZ {n}",
        f"Private subnet of the existing VPC in its AZ {n} (hosts, database, file system); "
        "the first AzCount are used", _text(SUBNET_ID)) for n in range(1, MAX_AZS + 1)),
    Input("vpc_cidr", DEPLOYMENT.vpc_cidr,
          f"an IPv4 CIDR: /16 to /{smallest_new_vpc_prefix(3)} for a new VPC of 2-3 AZs "
          f"(/{smallest_new_vpc_prefix(4)} for 4), /16 to /28 with vpc_id",
          "CIDR of the new VPC, or of the existing one (required with vpc_id)",
          console_differs="the console's new VPC is a /16; ExistingVpcCidr names an existing one",
          console=Console(
              "VpcCidr", "Network", "New VPC CIDR", "IPv4 /16 block of a new VPC",
              _text(syntax.NEW_VPC_16, DEPLOYMENT.vpc_cidr,
                    "an IPv4 /16 block such as 10.0.0.0/16 (octets 0 to 255), outside 0/8, "
                    "127/8, 169.254/16, 172.17/16 and 224/3"))),
    Input.sizing("az_count", console=Console(
        "AzCount", "Network", "Availability zones",
        "AZs of a new VPC; with an existing VPC, how many of the listed subnets (the first "
        "ones) the hosts and the load balancer use",
        {"Type": "Number", "Default": SIZING["az_count"].default,
         "AllowedValues": list(data.AZ_COUNTS)})),
    console_only(
        "LbScheme", "Network", "Load balancer scheme", "internal (default) or internet-facing",
        _choice("internal", ["internal", "internet-facing"])),
    Input("api_cidrs", "none (internal LB)",
          f"comma list of at most {MAX_API_CIDRS} public CIDRs",
          "clients allowed on 443; makes the load balancer internet-facing",
          console_differs="the console takes one CIDR, and LbScheme picks the scheme",
          console=Console(
              "ApiClientCidr", "Network", "API client CIDR",
              f"Clients allowed on port 443; blank: the VPC only. /{WIDEST_CLIENT_PREFIX} to "
              "/32, or 0.0.0.0/0 with AllowWorldApi",
              # Rules cannot parse a CIDR: the pattern keeps wide ones out but the whole
              # internet, which a rule lets in only with AllowWorldApi.
              _text(rf"^$|^0\.0\.0\.0/0$|^{syntax.NOT_PUBLIC}"
                    rf"{syntax.cidr(WIDEST_CLIENT_PREFIX, 32)}$", "",
                    f"blank, a public IPv4 CIDR of /{WIDEST_CLIENT_PREFIX} to /32 (octets 0 to "
                    "255; not private, shared, loopback, link-local or multicast) or "
                    "0.0.0.0/0"))),
    Input("allow_world_api", "false", "true|false",
          f"let api_cidrs hold more than a /{WIDEST_CLIENT_PREFIX} in all (e.g. 0.0.0.0/0)",
          console=Console(
              "AllowWorldApi", "Network", "Open the API to the internet",
              "true: ApiClientCidr may be 0.0.0.0/0", _switch(DEPLOYMENT.allow_world_api))),
    # --- hosts ---------------------------------------------------------------------------------
    console_only(
        "InstanceType", "Hosts", "Instance type",
        "auto: by message type and throughput (c5 family). The Coreapps reserve what the "
        "message type needs whatever the type: choose one at least as large",
        _choice("auto", ["auto", *CONSOLE_HOST_TYPES])),
    Input("root_volume_gib", str(MIN_ROOT_VOLUME_GIB),
          f"{MIN_ROOT_VOLUME_GIB} to {MAX_ROOT_VOLUME_GIB}", "encrypted gp3 root volume per host",
          console=Console(
              "RootVolumeGiB", "Hosts", "Root volume (GiB)", "Encrypted gp3 root volume per host",
              _number(DEPLOYMENT.root_volume_gib, MIN_ROOT_VOLUME_GIB, MAX_ROOT_VOLUME_GIB))),
    console_only(
        "EcsAmi", "Hosts", "ECS-optimized AMI",
        "Public SSM parameter of the ECS-optimized Amazon Linux 2023 AMI",
        {"Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "Default": AMI_PARAMETER}),
    Input("create_ecs_service_linked_role", "false", "true|false",
          "create AWSServiceRoleForECS (an account that never used ECS lacks it)",
          console=Console(
              "CreateEcsServiceLinkedRole", "Hosts", "Create the ECS service-linked role",
              "true: create AWSServiceRoleForECS, which an account that never used ECS lacks "
              "(the first cluster or capacity provider can fail without it); false when the "
              "account has it (creating it again fails)",
              _switch(DEPLOYMENT.create_ecs_service_linked_role))),
    # --- containers ----------------------------------------------------------------------------
    Input("registry", DEPLOYMENT.registry, "a registry host[:port 1-65535][/path]",
          "container registry", console=Console(
              "ContainerRegistry", "Containers", "Registry",
              "Registry of the web and coreapp images",
              _text(syntax.REGISTRY, DEPLOYMENT.registry,
                    "a registry host, optional :port (1 to 65535) and /path (lower-case "
                    "components)"))),
    Input("image_tag", DEPLOYMENT.image_tag, "an image tag", "web and coreapp image tag",
          console=Console(
              "ImageTag", "Containers", "Image tag", "Tag of the web and coreapp images",
              _text(IMAGE_TAG, DEPLOYMENT.image_tag))),
    Input("upgrade_tag", "none (image_tag)", "an image tag",
          "image tag of the one-off database-upgrade task (wa-upgrade)", console=Console(
              "UpgradeImageTag", "Containers", "Upgrade image tag",
              "Tag of the one-off database-upgrade task (wa-upgrade); blank: the image tag",
              _text(f"^({IMAGE_TAG[1:-1]})?$"))),
    console_only(
        "LogDriver", "Containers", "Log driver",
        "awslogs (encrypted CloudWatch log group) or json-file on the host",
        _choice("awslogs", ["awslogs", "json-file"])),
    console_only(
        "LogMaxSizeMb", "Containers", "json-file max size (MB)", "Size of one json-file log",
        _number(50, 1, 250)),
    console_only(
        "LogMaxFiles", "Containers", "json-file max files", "json-file logs kept per container",
        _number(7, 1, 30)),
    Input("log_retention_days", str(DEPLOYMENT.log_retention_days),
          ", ".join(map(str, LOG_RETENTION_DAYS)), "container, flow and Lambda log retention",
          console=Console(
              "LogRetentionDays", "Containers", "Log retention (days)",
              "Days to keep the logs of this tier",
              {"Type": "Number", "Default": DEPLOYMENT.log_retention_days,
               "AllowedValues": list(LOG_RETENTION_DAYS)})),
    # --- database ------------------------------------------------------------------------------
    Input("db_host", "none (new DB)", "a DNS name or IPv4 address, not loopback, 0.x or "
          "link-local (the containers' own)", "use an existing DB (no DB tier)", console=Console(
              "ExistingDbHost", "Database", "Existing DB host",
              "Blank: create the database tier. Else the host to use",
              _text(rf"^$|{syntax.DB_HOST}", "",
                    "blank, a DNS name or an IPv4 address (not loopback, 0.x or link-local: "
                    "the containers' own)"))),
    Input("db_secret_arn", "", "complete Secrets Manager ARN (name-AbCdEf) in the region",
          "credentials of the existing DB",
          console_differs="a pattern cannot hold the ARN to the region: CloudFormation does",
          console=Console(
              "ExistingDbSecretArn", "Database", "Existing DB secret",
              "Secret with username and password of the existing DB",
              _text(r"^$|^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$"))),
    Input("db_port", "engine default", f"{syntax.PORTS[0]} to {syntax.PORTS[1]}, with db_host",
          "port of the existing DB",
          console_differs=f"DbPort is the new database's port too, and RDS takes "
          f"{syntax.RDS_PORTS[0]} and up",
          console=Console(
              "DbPort", "Database", "DB port", "Port of the database",
              _number(data.DB_PORTS["mysql"], *syntax.RDS_PORTS))),
    console_only(
        "DbInstanceClass", "Database", "DB instance class",
        "auto: wa-size's pick for the throughput and active Coreapps; a class you name "
        "brings its own max_connections",
        _choice("auto", ["auto", *sorted({c.rds_name for c in data.ALL_CLASSES})])),
    console_only(
        "DbEngineVersion", "Database", "MySQL version", "MySQL 8.0 engine version",
        _text(r"^8\.0\.[0-9]{1,3}$", data.DB_ENGINE_VERSIONS["mysql"])),
    Input("db_storage_type", DEPLOYMENT.db_storage_type, "|".join(DB_STORAGE_TYPES),
          "DB storage type", console=Console(
              "DbStorageType", "Database", "DB storage type", "RDS storage type",
              _choice(DEPLOYMENT.db_storage_type, DB_STORAGE_TYPES))),
    Input("db_storage_gib", str(DEPLOYMENT.db_storage_gib),
          f"{DB_STORAGE_GIB[0]} to {DB_STORAGE_GIB[1]}", "allocated DB storage",
          console=Console(
              "DbStorageGiB", "Database", "DB storage (GiB)", "Allocated storage",
              _number(DEPLOYMENT.db_storage_gib, *DB_STORAGE_GIB))),
    Input("db_iops", "none", f"{DB_IOPS_RANGE[0]} to {DB_IOPS_RANGE[1]}, per storage type "
          "and size (below the table)", "provisioned IOPS (io1/io2; gp3 from 400 GiB)",
          console_differs="0 stands for none; provisioned gp3 IOPS are the CDK app's only",
          console=Console("DbIops", "Database", "DB IOPS", iops_description(),
                          _text(syntax.DB_IOPS, "0", f"0, or {DB_IOPS_RANGE[0]} to "
                                f"{DB_IOPS_RANGE[1]}"))),
    Input("db_backup_days", str(DEPLOYMENT.db_backup_days),
          f"{DB_BACKUP_DAYS[0]} to {DB_BACKUP_DAYS[1]}", "DB backup retention"),
    console_only(
        "DbMultiAz", "Database", "DB Multi-AZ", "auto: production yes, staging no",
        _choice("auto", ["auto", "true", "false"])),
    Input("db_idle_timeout_ms", str(DEPLOYMENT.db_idle_timeout_ms),
          f"{DB_IDLE_TIMEOUT_MS[0]} to {DB_IDLE_TIMEOUT_MS[1]}", "WA_DB_CONNECTION_IDLE_TIMEOUT",
          console=Console(
              "DbIdleTimeoutMs", "Database", "DB idle timeout (ms)",
              "WA_DB_CONNECTION_IDLE_TIMEOUT",
              _number(DEPLOYMENT.db_idle_timeout_ms, *DB_IDLE_TIMEOUT_MS))),
    console_only(
        "PersistentWebDbConnection", "Database", "Persistent web DB connection",
        "WA_DB_PERSISTENT of the Webapps", _choice("true", ["true", "false"])),
    Input("db_ca_url", "the RDS global bundle", "an https URL (required with ssl=true "
          "outside the aws partition)",
          "CA bundle each new host fetches at boot (WA_DB_SSL_CA with ssl=true)", console=Console(
              "DbCaBundleUrl", "Database", "DB CA bundle URL",
              "https URL of the CA bundle each new host fetches at boot (WA_DB_SSL_CA when DB "
              "connection encryption is enabled)",
              _text(CA.url_pattern, CA.url, "an https URL without spaces or quotes"))),
    # --- encryption, storage, templates --------------------------------------------------------
    Input("db_key", DEPLOYMENT.db_key, "new|aws-managed|<KMS key ARN in the region>",
          "encryption key of the data"),  # the console: KeyChoice and GivenKeyArn
    console_only(
        "ExistingEfsId", "Storage", "Existing EFS",
        "Blank: create an encrypted file system for media and data",
        _text(rf"^$|^{syntax.resource_id('fs')}$")),
    console_only(
        "TemplateBaseUrl", "Templates", "Template base URL",
        "https URL of the folder holding the wa-infra-*.yaml tier templates, ending with /",
        {"Type": "String", "AllowedPattern": syntax.TEMPLATE_BASE_URL,
         "ConstraintDescription": "an https URL of an S3 folder, ending with /"}),
)
BY_KEY = {i.key: i for i in INPUTS if i.key}
BY_PARAMETER = {i.console.parameter: i for i in INPUTS if i.console}
