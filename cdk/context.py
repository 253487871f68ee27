"""cdk.json / `-c key=value` context to a Plan and a Deployment, with wa-size's messages."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass

from contract.host import CA
from sizing import Plan, SizingError, data, inputs, plan
from stacks.choices import DB_STORAGE_TYPES, LOG_RETENTION_DAYS, MIN_ROOT_VOLUME_GIB
from stacks.deployment import Deployment, ExistingDatabase, ExistingVpc

KMS_ARN = re.compile(r"^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[0-9a-f-]{36}$")
SECRET_ARN = re.compile(r"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$")
VPC_ID = re.compile(r"^vpc-([0-9a-f]{8}|[0-9a-f]{17})$")
SUBNET_ID = re.compile(r"^subnet-([0-9a-f]{8}|[0-9a-f]{17})$")
REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$")


@dataclass(frozen=True)
class ContextKey:
    name: str
    default: str
    allowed: str
    effect: str


def _opt(value):
    return value is not None and str(value) != ""


CONTEXT_KEYS: tuple[ContextKey, ...] = (
    ContextKey("rate", "100, or what `shards` carry", inputs.RATE_RANGE,
               "target send rate; picks shards, Webapps, DB"),
    ContextKey("shards", "from rate", inputs.SHARDS_ALLOWED, "active Coreapps"),
    ContextKey("ssl", str(data.DEFAULT_SSL).lower(), "true|false",
               "TLS to the DB; parameter group requires it"),
    ContextKey(
        "env",
        "production",
        "|".join(data.ENVIRONMENTS),
        "minimum counts, Multi-AZ, deletion protection, NAT per AZ",
    ),
    ContextKey("engine", "mysql", "|".join(data.ENGINES), "RDS engine"),
    ContextKey("spares", str(data.DEFAULT_SPARES), "0 or more", "spare Coreapps"),
    ContextKey(
        "headroom",
        f"{data.DEFAULT_HEADROOM_PCT:g}",
        "0 or more (%)",
        "added to the DB connection estimate",
    ),
    ContextKey("message_type", "text", "|".join(data.MESSAGE_TYPES), "host instance type"),
    ContextKey("table", "current", "|".join(data.TABLES), "RDS classes to choose from"),
    ContextKey("isolate_coreapps", "false", "true|false", "one Coreapp per host"),
    ContextKey("region", "us-east-1", "an AWS region name", "region the stacks target"),
    ContextKey("account", "none", "12 digits", "account the stacks target (optional)"),
    ContextKey("prefix", "WaInfra", "letters and digits", "stack name prefix"),
    ContextKey("az_count", "2", "2 to 4", "AZs of a new VPC"),
    ContextKey("vpc_cidr", "10.0.0.0/16", "an IPv4 CIDR: /16 to /24 for a new VPC, /16 to /28 "
               "with vpc_id", "CIDR of the new VPC, or of the existing one (required with "
               "vpc_id)"),
    ContextKey("vpc_id", "none (new VPC)", "vpc-...", "use an existing VPC (with the next keys)"),
    ContextKey("vpc_azs", "", "comma list", "AZs of the existing VPC"),
    ContextKey("public_subnet_ids", "", "comma list, one per AZ", "existing public subnets"),
    ContextKey("private_subnet_ids", "", "comma list, one per AZ", "existing private subnets"),
    ContextKey("db_host", "none (new DB)", "a host name", "use an existing DB (no DB tier)"),
    ContextKey("db_port", "engine default", "1 to 65535", "port of the existing DB"),
    ContextKey("db_secret_arn", "", "Secrets Manager ARN", "credentials of the existing DB"),
    ContextKey(
        "db_storage_gib", str(data.DEFAULT_DB_STORAGE_GIB), "20 to 65536", "allocated DB storage"
    ),
    ContextKey("db_storage_type", "gp3", "|".join(DB_STORAGE_TYPES), "DB storage type"),
    ContextKey("db_iops", "none", "1000 to 256000", "provisioned IOPS (io1/io2, gp3)"),
    ContextKey("db_key", "new", "new|aws-managed|<KMS key ARN>", "encryption key of the data"),
    ContextKey("db_backup_days", "7", "7 to 35", "DB backup retention"),
    ContextKey("registry", "docker.whatsapp.biz", "a registry host", "container registry"),
    ContextKey("image_tag", "v2.53.0", "an image tag", "web and coreapp image tag"),
    ContextKey(
        "log_retention_days",
        "30",
        ", ".join(map(str, LOG_RETENTION_DAYS)),
        "container, flow and Lambda log retention",
    ),
    ContextKey(
        "api_cidrs",
        "none (internal LB)",
        "comma list of CIDRs",
        "clients allowed on 443; makes the load balancer internet-facing",
    ),
    ContextKey(
        "root_volume_gib",
        str(MIN_ROOT_VOLUME_GIB),
        f"{MIN_ROOT_VOLUME_GIB} to 1024",
        "encrypted gp3 root volume per host",
    ),
    ContextKey(
        "db_idle_timeout_ms", "180000", "10000 to 28800000", "WA_DB_CONNECTION_IDLE_TIMEOUT"
    ),
    ContextKey("db_ca_url", "the RDS global bundle", "an https URL",
               "CA bundle each new host fetches at boot (WA_DB_SSL_CA with ssl=true)"),
)
KNOWN_KEYS = {k.name for k in CONTEXT_KEYS}


def _list(value) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).split(",")
    return tuple(str(item).strip() for item in items if str(item).strip())


def _cidr(name: str, text: str, smallest: int = 32, largest: int = 0) -> str:
    try:
        network = ipaddress.IPv4Network(text, strict=True)
    except ValueError:
        raise SizingError(
            f"{name} {text!r} is not an IPv4 CIDR: allowed e.g. 10.0.0.0/16"
        ) from None
    if not largest <= network.prefixlen <= smallest:
        raise SizingError(f"{name} {text!r} is out of range: allowed /{largest} to /{smallest}")
    return str(network)


def _pattern(name: str, text: str, pattern: re.Pattern, allowed: str) -> str:
    if not pattern.fullmatch(text):
        raise SizingError(f"{name} {text!r} is invalid: allowed {allowed}")
    return text


def _api_cidrs(given: tuple[str, ...], vpc_cidr: str) -> tuple[str, ...]:
    """Clients of an internet-facing load balancer arrive from public addresses: a CIDR
    inside the VPC would admit nobody."""
    cidrs = tuple(_cidr("api_cidrs", c) for c in given)
    vpc = ipaddress.IPv4Network(vpc_cidr, strict=False)
    for cidr in cidrs:
        if ipaddress.IPv4Network(cidr).subnet_of(vpc):
            raise SizingError(f"api_cidrs {cidr!r} lies inside the VPC ({vpc}): allowed the "
                              "public CIDRs of the API clients (leave api_cidrs out for an "
                              "internal load balancer that the VPC reaches)")
    return cidrs


def read(get: Callable[[str], object], known: set[str] | None = None) -> tuple[Plan, Deployment]:
    """Build the plan and the deployment from a context getter (node.try_get_context)."""
    if known is not None:
        unknown = sorted(known - KNOWN_KEYS)
        if unknown:
            raise SizingError(
                f"context key {unknown[0]!r} is unknown: allowed {', '.join(sorted(KNOWN_KEYS))}"
            )
    for name in sorted(KNOWN_KEYS):  # `-c rate=` is a slip, not a request for the default
        value = get(name)
        if isinstance(value, str) and not value.strip():
            raise SizingError(f"context key {name!r} is empty: give a value or leave it out")
    rate = get("rate")
    shards = get("shards")
    the_plan = plan(
        inputs.parse_rate(rate) if _opt(rate) else None,
        inputs.parse_shards(shards) if _opt(shards) else None,
        ssl=inputs.parse_bool("ssl", data.DEFAULT_SSL if get("ssl") is None else get("ssl")),
        env=inputs.parse_choice("env", get("env") or "production", data.ENVIRONMENTS),
        engine=inputs.parse_choice("engine", get("engine") or "mysql", data.ENGINES),
        spares=inputs.parse_int("spares", get("spares") or data.DEFAULT_SPARES, 0),
        headroom_pct=inputs.parse_float(
            "headroom", get("headroom") or data.DEFAULT_HEADROOM_PCT, 0, " %"
        ),
        message_type=inputs.parse_choice(
            "message type", get("message_type") or "text", data.MESSAGE_TYPES
        ),
        table=inputs.parse_choice("table", get("table") or "current", data.TABLES),
        isolate_coreapps=inputs.parse_bool("isolate_coreapps", get("isolate_coreapps") or False),
    )
    return the_plan, _deployment(get, the_plan)


def _deployment(get: Callable[[str], object], the_plan: Plan) -> Deployment:
    def text(name: str, default: str = "") -> str:
        value = get(name)
        return default if value is None else str(value).strip()

    defaults = Deployment()
    region = _pattern("region", text("region", defaults.region), REGION, "e.g. us-east-1")
    account = text("account") or None
    if account is not None:
        _pattern("account", account, re.compile(r"^\d{12}$"), "12 digits")
    prefix = _pattern(
        "prefix",
        text("prefix", defaults.prefix),
        re.compile(r"^[A-Za-z][A-Za-z0-9]{0,31}$"),
        "letters and digits, 1-32",
    )

    existing_vpc = None
    if text("vpc_id"):
        azs = _list(get("vpc_azs"))
        public = _list(get("public_subnet_ids"))
        private = _list(get("private_subnet_ids"))
        if not 2 <= len(azs) <= 4:
            raise SizingError(f"vpc_azs {','.join(azs)!r} is invalid: allowed 2 to 4 AZ names")
        for name, ids in (("public_subnet_ids", public), ("private_subnet_ids", private)):
            for subnet_id in ids:
                _pattern(name, subnet_id, SUBNET_ID, "subnet-<8 or 17 hex digits>")
            if len(ids) != len(azs):
                raise SizingError(
                    f"{name} has {len(ids)} ids: allowed one per AZ in vpc_azs ({len(azs)})"
                )
        if not text("vpc_cidr"):  # the internal load balancer admits the VPC's own CIDR
            raise SizingError("vpc_cidr is missing: required with vpc_id, the existing VPC's "
                              "IPv4 CIDR (/16 to /28)")
        existing_vpc = ExistingVpc(
            vpc_id=_pattern("vpc_id", text("vpc_id"), VPC_ID, "vpc-<8 or 17 hex digits>"),
            availability_zones=azs,
            public_subnet_ids=public,
            private_subnet_ids=private,
            cidr=_cidr("vpc_cidr", text("vpc_cidr"), 28, 16),
        )

    existing_db = None
    if text("db_host"):
        secret = _pattern(
            "db_secret_arn",
            text("db_secret_arn"),
            SECRET_ARN,
            "a Secrets Manager secret ARN (required with db_host)",
        )
        existing_db = ExistingDatabase(
            host=text("db_host"),
            port=inputs.parse_int(
                "db_port", text("db_port") or data.DB_PORTS[the_plan.engine], 1, 65535
            ),
            secret_arn=secret,
        )

    db_key = text("db_key", defaults.db_key)
    if db_key not in ("new", "aws-managed"):
        _pattern("db_key", db_key, KMS_ARN, "new, aws-managed or a KMS key ARN")
    storage_type = inputs.parse_choice(
        "db_storage_type", text("db_storage_type", defaults.db_storage_type), DB_STORAGE_TYPES
    )
    iops = inputs.parse_int("db_iops", text("db_iops"), 1000, 256_000) if text("db_iops") else None
    if storage_type in ("io1", "io2") and iops is None:
        raise SizingError(
            f"db_iops is missing: allowed 1000 to 256000, required with {storage_type}"
        )
    if storage_type == "gp2" and iops is not None:
        raise SizingError("db_iops is set with gp2: allowed only with gp3, io1 or io2")
    retention = inputs.parse_int("log_retention_days", text("log_retention_days", "30"), 1, 3653)
    if retention not in LOG_RETENTION_DAYS:
        raise SizingError(
            f"log_retention_days {retention} is not an option: allowed "
            f"{', '.join(map(str, LOG_RETENTION_DAYS))}"
        )
    return Deployment(
        region=region,
        account=account,
        prefix=prefix,
        az_count=inputs.parse_int("az_count", text("az_count", "2"), 2, 4),
        vpc_cidr=existing_vpc.cidr if existing_vpc else _cidr(
            "vpc_cidr", text("vpc_cidr", defaults.vpc_cidr), 24, 16),
        existing_vpc=existing_vpc,
        existing_db=existing_db,
        db_storage_gib=inputs.parse_int(
            "db_storage_gib", text("db_storage_gib", str(defaults.db_storage_gib)), 20, 65536
        ),
        db_storage_type=storage_type,
        db_iops=iops,
        db_key=db_key,
        db_backup_days=inputs.parse_int("db_backup_days", text("db_backup_days", "7"), 7, 35),
        registry=_pattern(
            "registry",
            text("registry", defaults.registry),
            re.compile(r"^[a-z0-9.-]+(:\d+)?(/[a-z0-9._-]+)*$"),
            "a registry host",
        ),
        image_tag=_pattern(
            "image_tag",
            text("image_tag", defaults.image_tag),
            re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"),
            "an image tag",
        ),
        log_retention_days=retention,
        api_cidrs=_api_cidrs(_list(get("api_cidrs")), existing_vpc.cidr if existing_vpc
                             else text("vpc_cidr", defaults.vpc_cidr)),
        root_volume_gib=inputs.parse_int(
            "root_volume_gib",
            text("root_volume_gib", str(MIN_ROOT_VOLUME_GIB)),
            MIN_ROOT_VOLUME_GIB,
            1024,
        ),
        db_idle_timeout_ms=inputs.parse_int(
            "db_idle_timeout_ms", text("db_idle_timeout_ms", "180000"), 10_000, 28_800_000
        ),
        db_ca_url=_pattern("db_ca_url", text("db_ca_url", defaults.db_ca_url),
                           re.compile(CA.url_pattern), "an https URL (no quotes, spaces or $)"),
    )
