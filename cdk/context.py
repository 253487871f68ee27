"""cdk.json / `-c key=value` context to a Plan and a Deployment, with wa-size's messages."""

from __future__ import annotations

import ipaddress
import json
import math
import os
import re
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from contract import database_storage as storage
from contract import names, syntax
from contract.deployment import (
    MAX_API_CIDRS,
    MIN_ROOT_VOLUME_GIB,
    WIDEST_CLIENT_PREFIX,
    Deployment,
    ExistingDatabase,
    ExistingVpc,
    addresses,
    opens_to_world,
)
from contract.host import CA
from contract.inputs import (
    DB_BACKUP_DAYS,
    DB_IDLE_TIMEOUT_MS,
    DB_STORAGE_GIB,
    IMAGE_TAG,
    INPUTS,
    MAX_ROOT_VOLUME_GIB,
    SUBNET_PREFIXES,
    smallest_new_vpc_prefix,
    subnets_fit,
)
from contract.log_groups import LOG_RETENTION_DAYS
from sizing import Plan, SizingError, data, inputs, plan, regions
from sizing.surfaces import PLAN_KEYWORD

REGIONS, PARTITION = regions.REGIONS, regions.PARTITION  # (sizing/regions.py)
ACCOUNT = re.compile(r"[0-9]{12}")
KMS_KEY = re.compile(rf"key/{syntax.KMS_KEY_ID}")
# The CDK's Secret.from_secret_complete_arn wants the 6 characters Secrets Manager appends to
# the name (`-AbCdEf`); a name is 1-512 of these characters.
SECRET = re.compile(r"secret:[A-Za-z0-9/_+=.@-]{1,512}-[A-Za-z0-9]{6}")
SECRET_ALLOWED = ("a Secrets Manager secret's complete ARN, ending in the 6 characters after "
                  "its name (arn:aws:secretsmanager:us-east-1:123456789012:secret:name-AbCdEf), "
                  "required with db_host")
CA_URL_ALLOWED = "an https URL of at most 2048 characters (no quotes, spaces or $)"
VPC_ID = re.compile(rf"^{syntax.resource_id('vpc')}$")
SUBNET_ID = re.compile(rf"^{syntax.resource_id('subnet')}$")
DB_HOST = re.compile(r"(?=.{1,253}$)" + syntax.DB_HOST)

@dataclass(frozen=True)
class ContextKey:
    name: str
    default: str
    allowed: str
    effect: str


# The keys the app reads, as contract/inputs.py describes them (the docs' table is made of it).
CONTEXT_KEYS: tuple[ContextKey, ...] = tuple(
    ContextKey(i.key, i.default, i.allowed, i.effect) for i in INPUTS if i.key)
KNOWN_KEYS = {k.name for k in CONTEXT_KEYS}
ALLOWED = {k.name: k.allowed for k in CONTEXT_KEYS}
AZ_NAMES = f"{data.AZ_COUNTS[0]} to {data.AZ_COUNTS[-1]} AZ names"
LIST_KEYS = {"vpc_azs", "public_subnet_ids", "private_subnet_ids", "api_cidrs"}
SWITCH_KEYS = {"ssl", "isolate_coreapps", "allow_world_api", "create_ecs_service_linked_role"}
# Keys that describe an existing VPC or DB: without it nothing would read them.
NEEDS = {"vpc_azs": "vpc_id", "public_subnet_ids": "vpc_id", "private_subnet_ids": "vpc_id",
         "db_port": "db_host", "db_secret_arn": "db_host"}


def _list(value) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).split(",")
    return tuple(str(item).strip() for item in items if str(item).strip())


def _check_type(name: str, value: object) -> None:
    """cdk.json holds JSON: a list, an object or a true where a single value belongs is
    refused here, before str() turns it into text that some pattern might take."""
    if value is None or (isinstance(value, str | int | float) and not isinstance(value, bool)):
        if isinstance(value, str) and not value.strip():  # `-c rate=` is a slip, not a default
            raise SizingError(f"context key {name!r} is empty: give a value or leave it out")
        return
    if isinstance(value, bool) and name in SWITCH_KEYS:
        return
    if isinstance(value, list) and name in LIST_KEYS and all(isinstance(i, str) for i in value):
        return
    kind = {bool: "a switch", list: "a list", dict: "an object"}.get(type(value), "not text")
    raise SizingError(f"context key {name!r} is {kind} ({inputs.shown(value)}): allowed "
                      f"{ALLOWED[name]}")


def _cidr(name: str, text: str, smallest: int = 32, largest: int = 0) -> str:
    try:
        network = ipaddress.IPv4Network(text, strict=True)
    except ValueError:
        raise SizingError(
            f"{name} {inputs.shown(text)} is not an IPv4 CIDR: allowed e.g. 10.0.0.0/16"
        ) from None
    if not largest <= network.prefixlen <= smallest:
        raise SizingError(f"{name} {inputs.shown(text)} is out of range: allowed /{largest} to "
                          f"/{smallest}")
    return str(network)


def _vpc_cidr(text: str) -> str:
    """A VPC's CIDR, outside the ranges no VPC of ours can use (contract/syntax.py NOT_A_VPC)."""
    cidr = _cidr("vpc_cidr", text, 28, 16)
    network = ipaddress.IPv4Network(cidr)
    clash = next((block for block in NOT_A_VPC if network.overlaps(block)), None)
    if clash is not None:
        raise SizingError(f"vpc_cidr {cidr!r} overlaps {clash} ({NOT_A_VPC[clash]}): allowed a "
                          "private range such as 10.0.0.0/16 or 192.168.0.0/16")
    return cidr


# Ranges a VPC's CIDR must not touch, and why (the templates' pattern: contract/syntax.py).
NOT_A_VPC = {
    ipaddress.IPv4Network("0.0.0.0/8"): "this network",
    ipaddress.IPv4Network("127.0.0.0/8"): "loopback",
    ipaddress.IPv4Network("169.254.0.0/16"): "link-local, the instance metadata service",
    ipaddress.IPv4Network("172.17.0.0/16"): "Docker's bridge on the hosts: containers could "
                                            "not reach the VPC there",
    ipaddress.IPv4Network("224.0.0.0/3"): "multicast and reserved",
}


def _new_vpc_cidr(text: str, az_count: int) -> str:
    """A new VPC's CIDR must hold its subnets, or the CDK stops synth with a stack trace."""
    cidr = _vpc_cidr(text)
    network = ipaddress.IPv4Network(cidr)
    if not subnets_fit(network, az_count):
        prefix = smallest_new_vpc_prefix(az_count)
        raise SizingError(
            f"vpc_cidr {cidr!r} cannot hold az_count {az_count} x (one /{SUBNET_PREFIXES[0]} "
            f"public + one /{SUBNET_PREFIXES[1]} private subnet): allowed /16 to /{prefix} for "
            f"az_count {az_count}, the smallest being {network.supernet(new_prefix=prefix)}"
        )
    return cidr


def _pattern(name: str, text: str, pattern: re.Pattern, allowed: str, longest: int = 0) -> str:
    if not pattern.fullmatch(text) or longest and len(text) > longest:
        raise SizingError(f"{name} {inputs.shown(text)} is invalid: allowed {allowed}")
    return text


def _arn(name: str, text: str, service: str, resource: re.Pattern, region: str,
         allowed: str) -> str:
    """An ARN of the service, in the region the stacks deploy to (and so in its partition):
    RDS takes keys of its own region only, and an ARN of another partition names nothing."""
    parts = text.split(":", 5)
    if (len(parts) != 6 or parts[0] != "arn" or parts[1] not in REGIONS or parts[2] != service
            or parts[3] not in PARTITION or not ACCOUNT.fullmatch(parts[4])
            or not resource.fullmatch(parts[5])):
        raise SizingError(f"{name} {inputs.shown(text)} is invalid: allowed {allowed}")
    if (parts[1], parts[3]) != (PARTITION[region], region):
        raise SizingError(f"{name} {inputs.shown(text)} is in {parts[1]} {parts[3]}: allowed an "
                          f"ARN of region {region} ({PARTITION[region]}), where the stacks deploy")
    return text


# Ranges no client of an internet-facing load balancer comes from (the documentation ranges
# stay allowed: examples and tests use them).
NOT_PUBLIC = tuple(ipaddress.IPv4Network(block) for block in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/3"))


def _api_cidrs(given: tuple[str, ...], vpc_cidr: str, allow_world: bool,
               nat_rules: int = 0) -> tuple[str, ...]:
    """Clients of an internet-facing load balancer arrive from public addresses: a CIDR
    inside the VPC would admit nobody, and one wider than a /8 admits the world, which
    needs the user's own word."""
    # the probe's rules (one per NAT gateway of a new VPC) share the group's quota
    most = MAX_API_CIDRS - nat_rules
    if len(given) > most:
        nat = f"; the health probe takes {nat_rules} more, one per NAT gateway" if nat_rules else ""
        raise SizingError(f"api_cidrs has {len(given)} CIDRs: allowed at most {most} (one "
                          f"inbound rule each in the load balancer's security group, "
                          f"{MAX_API_CIDRS} by default{nat})")
    cidrs = tuple(_cidr("api_cidrs", c) for c in given)
    vpc = ipaddress.IPv4Network(vpc_cidr, strict=False)
    for cidr in cidrs:
        if ipaddress.IPv4Network(cidr).subnet_of(vpc):
            raise SizingError(f"api_cidrs {cidr!r} lies inside the VPC ({vpc}): allowed the "
                              "public CIDRs of the API clients (leave api_cidrs out for an "
                              "internal load balancer that the VPC reaches)")
        if any(ipaddress.IPv4Network(cidr).subnet_of(block) for block in NOT_PUBLIC):
            raise SizingError(f"api_cidrs {cidr!r} is not a public range (private, loopback, "
                              "link-local or reserved): allowed the public CIDRs of the API "
                              "clients, whose addresses an internet-facing load balancer sees")
    if opens_to_world(cidrs) and not allow_world:
        shown = inputs.shown(",".join(cidrs))
        raise SizingError(f"api_cidrs {shown} open the API to the internet "
                          f"({addresses(cidrs):,} addresses): allowed at most a "
                          f"/{WIDEST_CLIENT_PREFIX} in all, or add -c allow_world_api=true "
                          "to open it on purpose")
    return cidrs


# --- where context comes from ------------------------------------------------------------
# Besides -c and cdk.json's "context", the CDK CLI fills context from two files nobody types
# into: cdk.context.json in the folder it runs from (its cache of lookups, where a key of ours
# lingers from an old run) and the "context" object of ~/.cdk.json (the user's defaults for
# every project). -c wins, then cdk.json, then cdk.context.json, then ~/.cdk.json (aws-cdk CLI,
# lib/cli/user-configuration.ts, Configuration.loadConfigFiles). A key of ours in either file
# would be an input nobody gave this deploy: the app and wa-deploy refuse it instead.
PROJECT_CONTEXT_FILE = "cdk.context.json"
USER_CONTEXT_FILE = ".cdk.json"  # in the home folder, under "context"


def _json_file(path: Path, label: str) -> object | None:
    """The JSON a context file holds, None when there is no such file."""
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise SizingError(f"{label} cannot be read as JSON ({inputs._cut(reason)}): the CDK "
                          "CLI reads context from it: fix or remove it") from None


def _line_of(path: Path, key: str) -> tuple[int, str] | None:
    """The first line that sets `key` (its number and text), for the message."""
    pattern = re.compile(r'"' + re.escape(key) + r'"\s*:')
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if pattern.search(line):
            return number, line.strip()
    return None


def _removal(path: Path, key: str) -> str:
    """How to remove `key` from the file: its line, or the key on a line it shares."""
    found = _line_of(path, key)
    if found is None:
        return f"remove {key!r} from it"
    number, line = found
    alone = line.startswith(f'"{key}"') and line.count('":') == 1
    return (f"remove line {number} ({inputs._cut(line)})" if alone
            else f"remove {key!r} from line {number} ({inputs._cut(line)})")


def _literal(path: Path, key: str) -> tuple[str, str]:
    """The value as written in the file and where ("1e999", " on line 12"), for messages."""
    found = _line_of(path, key)
    if found is None:
        return "", ""
    number, line = found
    after = line.split(f'"{key}"', 1)[1].split(":", 1)[1].strip().rstrip(",").strip()
    return (f" to {inputs._cut(after)}" if after and line.count('":') == 1 else ""), \
        f" (line {number})"


def refuse_context_files(folder: Path, home: Path) -> None:
    """SizingError (one line naming the file, the key and the line to remove) when
    cdk.context.json in `folder` (where the CDK CLI runs) or `home`/.cdk.json holds a key of
    ours; a file that is not JSON is refused too (the CDK CLI would stop on it)."""
    for path, label, section in (
            (folder / PROJECT_CONTEXT_FILE, PROJECT_CONTEXT_FILE, None),
            (home / USER_CONTEXT_FILE, f"~/{USER_CONTEXT_FILE} ({home / USER_CONTEXT_FILE})",
             "context")):
        found = _json_file(path, label)
        if section is not None and isinstance(found, dict):
            found = found.get(section)
        if not isinstance(found, dict):
            continue
        ours = [key for key in found if key in KNOWN_KEYS]
        if not ours:
            continue
        more = f", then {', '.join(map(repr, ours[1:]))} too" if ours[1:] else ""
        raise SizingError(
            f"{label} sets the context key {ours[0]!r}, an input the CDK CLI would hand to the "
            f"app unseen: {_removal(path, ours[0])}{more}; give inputs with -c or in cdk.json")


def _unfit(value: object) -> str | None:
    """What JSON turns into a value the app cannot tell from absent: null, and a number
    beyond a double (1e999), which the CDK CLI (JavaScript) reads as Infinity and hands to
    the app as null."""
    if value is None:
        return "JSON null reaches the app as no value at all (the default)"
    if isinstance(value, float) and not math.isfinite(value):
        return ("a number beyond what JSON holds, which the CDK CLI hands to the app as null "
                "(the default)")
    return None


def project_context(path: Path) -> dict[str, object]:
    """cdk.json's "context" (feature flags and all), refusing a key of ours that is null or
    infinite (one line naming the file, the key and its line)."""
    found = _json_file(path, path.name)
    context = found.get("context", {}) if isinstance(found, dict) else {}
    if not isinstance(context, dict):
        raise SizingError(f"{path.name}: its \"context\" is not an object: allowed "
                          "{\"key\": value, ...}")
    for key, value in context.items():
        unfit = key in KNOWN_KEYS and _unfit(value)
        if unfit:
            written, line = _literal(path, key)
            raise SizingError(f"{path.name} sets the context key {key!r}{written}{line}: "
                              f"{unfit}: allowed {ALLOWED[key]}, or leave the key out for its "
                              "default")
    return context


def handed_over_nulls(environ: Mapping[str, str]) -> list[str]:
    """Keys of ours the CDK CLI handed to the app as null (CDK_CONTEXT_JSON, and the file it
    writes when the context does not fit the environment): the app sees them as absent."""
    handed: dict = {}
    for text in (environ.get("CDK_CONTEXT_JSON"),
                 _read(environ.get("CONTEXT_OVERFLOW_LOCATION_ENV"))):
        try:
            found = json.loads(text) if text else {}
        except (ValueError, RecursionError):
            continue
        if isinstance(found, dict):
            handed.update(found)
    return sorted(key for key, value in handed.items() if key in KNOWN_KEYS and value is None)


def _read(path: str | None) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8") if path else None
    except (OSError, UnicodeDecodeError):
        return None


def read(get: Callable[[str], object], known: set[str] | None = None) -> tuple[Plan, Deployment]:
    """Build the plan and the deployment from a context getter (node.try_get_context)."""
    if known is not None:
        unknown = sorted(known - KNOWN_KEYS)
        if unknown:
            raise SizingError(f"context key {inputs.shown(unknown[0])} is unknown: allowed "
                              f"{', '.join(sorted(KNOWN_KEYS))}")
    for name in sorted(KNOWN_KEYS):
        _check_type(name, get(name))
        if name in LIST_KEYS and get(name) is not None and not _list(get(name)):
            raise SizingError(f"context key {name!r} is {inputs.shown(get(name))}, a list of "
                              f"no item: allowed {ALLOWED[name]}, or leave it out")
    for name, needed in NEEDS.items():
        if _list(get(name)) and get(needed) is None:
            raise SizingError(f"{name} {inputs.shown(get(name))} is set without {needed}: allowed "
                              f"only with {needed}, which it describes")

    # every sizing key, as sizing/inputs.py reads it (0 and false are values, None is unset)
    the_plan = plan(**{PLAN_KEYWORD[key]: inputs.read(key, get(key)) for key in inputs.SIZING})
    return the_plan, _deployment(get, the_plan)


def _deployment(get: Callable[[str], object], the_plan: Plan) -> Deployment:
    def text(name: str, default: str = "") -> str:
        value = get(name)
        return default if value is None else str(value).strip()

    defaults = Deployment()
    region = inputs.parse_choice("region", text("region", defaults.region), tuple(PARTITION))
    account = text("account") or None
    if account is not None:
        _pattern("account", account, ACCOUNT, "12 digits")
    prefix = parse_prefix(text("prefix", defaults.prefix))
    az_count = the_plan.az_count

    existing_vpc = None
    if text("vpc_id"):
        existing_vpc = _existing_vpc(get, text, region)
    if existing_vpc is None or get("az_count") is not None:
        # Fn::GetAZs past the region's last AZ fails in the network tier, after the others;
        # an existing VPC names its AZs, but a stated count is judged all the same
        regions.check_az_count(region, az_count, get("az_count") is not None)

    existing_db = None
    if text("db_host"):
        existing_db = ExistingDatabase(
            host=_db_host(text("db_host")),
            port=inputs.parse_int(
                "db_port", text("db_port") or data.DB_PORTS[the_plan.engine], *syntax.PORTS
            ),
            secret_arn=_arn(
                "db_secret_arn", text("db_secret_arn"), "secretsmanager", SECRET, region,
                SECRET_ALLOWED,
            ),
        )

    db_key = text("db_key", defaults.db_key)
    if db_key not in ("new", "aws-managed"):
        _arn("db_key", db_key, "kms", KMS_KEY, region,
             "new, aws-managed or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)")
    storage_type = inputs.parse_choice(
        "db_storage_type", text("db_storage_type", defaults.db_storage_type),
        storage.DB_STORAGE_TYPES
    )
    storage_gib = inputs.parse_int(
        "db_storage_gib", text("db_storage_gib", str(defaults.db_storage_gib)), *DB_STORAGE_GIB
    )
    iops = inputs.parse_int("db_iops", text("db_iops"), *storage.DB_IOPS_RANGE) if text(
        "db_iops") else None
    if existing_db is None:  # an existing database's storage is not ours to check
        _storage_takes(the_plan.engine, storage_type, storage_gib, iops,
                       defaults.db_storage_type)
    retention = _log_retention(text("log_retention_days", str(defaults.log_retention_days)))
    allow_world = inputs.parse_bool("allow_world_api", get("allow_world_api") or False)
    vpc_cidr = existing_vpc.cidr if existing_vpc else _new_vpc_cidr(
        text("vpc_cidr", defaults.vpc_cidr), az_count)
    return Deployment(
        region=region,
        account=account,
        prefix=prefix,
        az_count=az_count,
        vpc_cidr=vpc_cidr,
        existing_vpc=existing_vpc,
        existing_db=existing_db,
        db_storage_gib=storage_gib,
        db_storage_type=storage_type,
        db_iops=iops,
        db_key=db_key,
        db_backup_days=inputs.parse_int(
            "db_backup_days", text("db_backup_days", str(defaults.db_backup_days)),
            *DB_BACKUP_DAYS),
        registry=_pattern(
            "registry",
            text("registry", defaults.registry),
            re.compile(syntax.REGISTRY),
            "a registry host (a DNS name, optional :port 1-65535, /path of lower-case letters and "
            "digits joined by . _ __ or -), at most 255 characters",
            255,  # an image reference's name is at most 255 characters
        ),
        image_tag=_tag("image_tag", text("image_tag", defaults.image_tag)),
        upgrade_tag=_tag("upgrade_tag", text("upgrade_tag")) if text("upgrade_tag") else None,
        log_retention_days=retention,
        api_cidrs=_api_cidrs(_list(get("api_cidrs")), vpc_cidr, allow_world, 0 if existing_vpc
                             else az_count if the_plan.env == "production" else 1),
        allow_world_api=allow_world,
        root_volume_gib=inputs.parse_int(
            "root_volume_gib",
            text("root_volume_gib", str(MIN_ROOT_VOLUME_GIB)),
            MIN_ROOT_VOLUME_GIB,
            MAX_ROOT_VOLUME_GIB,
        ),
        db_idle_timeout_ms=inputs.parse_int(
            "db_idle_timeout_ms", text("db_idle_timeout_ms", str(defaults.db_idle_timeout_ms)),
            *DB_IDLE_TIMEOUT_MS
        ),
        db_ca_url=_pattern("db_ca_url", _ca_url(text("db_ca_url"), region, the_plan.ssl),
                           # a presigned URL is well below; user data holds 16 KB
                           re.compile(CA.url_pattern), CA_URL_ALLOWED, 2048),
        create_ecs_service_linked_role=inputs.parse_bool(
            "create_ecs_service_linked_role", get("create_ecs_service_linked_role") or False),
    )


def check_alone(key: str, value: object, region: str) -> None:
    """SizingError for a value of `key` that is wrong whatever else the deployment holds: the
    part of the key's rule that needs no other input (its syntax, its range). wa-deploy
    refuses it before reading the deployment (exit 2, no AWS call); what depends on other
    inputs (db_port without db_host, api_cidrs inside the VPC) waits for them."""
    _check_type(key, value)
    text = "" if value is None else str(value).strip()
    items = _list(value)
    hex_id = "<8 or 17 hex digits>"
    if key == "db_port":
        inputs.parse_int(key, text, *syntax.PORTS)
    elif key == "db_secret_arn":
        _arn(key, text, "secretsmanager", SECRET, region, SECRET_ALLOWED)
    elif key == "vpc_id":
        _pattern(key, text, VPC_ID, f"vpc-{hex_id}")
    elif key in ("vpc_azs", "public_subnet_ids", "private_subnet_ids"):
        if key == "vpc_azs" and not data.AZ_COUNTS[0] <= len(items) <= data.AZ_COUNTS[-1]:
            raise SizingError(f"vpc_azs {inputs.shown(','.join(items))} is invalid: allowed "
                              f"{AZ_NAMES}")
        pattern, allowed = ((re.compile(re.escape(region) + "[a-z]"),
                             f"AZ names of region {region} ({region}a, {region}b, ...)")
                            if key == "vpc_azs" else (SUBNET_ID, f"subnet-{hex_id}"))
        for item in items:
            _pattern(key, item, pattern, allowed)
        twice = sorted({item for item in items if items.count(item) > 1})
        if twice:
            raise SizingError(f"{key} lists {twice[0]!r} twice: allowed distinct values")
    elif key == "vpc_cidr":
        _vpc_cidr(text)
    elif key == "api_cidrs":
        _api_cidrs(items, "0.0.0.0/32", True)  # the VPC and allow_world_api: judged later
    elif key == "allow_world_api":
        inputs.parse_bool(key, value)
    elif key == "db_ca_url":
        _pattern(key, text, re.compile(CA.url_pattern), CA_URL_ALLOWED, 2048)
    elif key == "db_iops":
        inputs.parse_int(key, text, *storage.DB_IOPS_RANGE)
    elif key == "db_storage_type":
        inputs.parse_choice(key, text, storage.DB_STORAGE_TYPES)
    elif key == "az_count":  # more AZs than the region has is wrong for any VPC of ours
        regions.check_az_count(
            region, inputs.parse_int(key, text, data.AZ_COUNTS[0], data.AZ_COUNTS[-1]), True)


def _storage_takes(engine: str, storage_type: str, gib: int, iops: int | None,
                   default_type: str) -> None:
    """What RDS would refuse at create time (contract/database_storage.py, DB_IOPS_RULES),
    refused before anything is created; Aurora manages its own storage and takes neither."""
    if engine == "aurora-mysql":
        if iops is not None:
            raise SizingError(f"db_iops {iops} is set with engine aurora-mysql: allowed only "
                              "with mysql or postgres (Aurora manages its own storage and "
                              "IOPS): leave db_iops out")
        if storage_type != default_type:
            raise SizingError(f"db_storage_type {storage_type!r} is set with engine "
                              f"aurora-mysql: allowed only with mysql or postgres (Aurora "
                              "manages its own storage): leave db_storage_type out")
        return
    rule = storage.DB_IOPS_RULES[storage_type]
    if rule is None:
        if iops is not None:
            takes = ", ".join(t for t, r in storage.DB_IOPS_RULES.items() if r)
            raise SizingError(f"db_iops {iops} is set with {storage_type} (db_storage_gib "
                              f"{gib}): allowed only with {takes}; {storage_type} takes no "
                              "provisioned IOPS")
        return
    if rule.required and gib < rule.min_storage_gib:
        raise SizingError(f"db_storage_gib {gib} is too small for {storage_type}: allowed "
                          f"{rule.min_storage_gib} to {DB_STORAGE_GIB[1]} ({storage_type} "
                          f"storage starts at {rule.min_storage_gib} GiB)")
    least = max(rule.min_iops, math.ceil(rule.min_iops_per_gib * gib))
    most = min(rule.max_iops, rule.max_iops_per_gib * gib)
    if iops is None:
        if rule.required:
            raise SizingError(f"db_iops is missing: allowed {least} to {most}, required "
                              f"with {storage_type} (db_storage_gib {gib})")
        return
    if gib < rule.min_storage_gib:
        raise SizingError(f"db_iops {iops} is set with {storage_type} and db_storage_gib {gib}: "
                          f"allowed only from db_storage_gib {rule.min_storage_gib} ("
                          f"{storage_type} below {rule.min_storage_gib} GiB has a fixed "
                          f"baseline of {storage.GP3_BASELINE_IOPS} IOPS): leave db_iops out, "
                          "or use io1 or io2 for provisioned IOPS")
    if not least <= iops <= most:
        per_gib = (f"at least {rule.min_iops_per_gib:g} and " if rule.min_iops_per_gib
                   else "")
        raise SizingError(f"db_iops {iops} is out of range for {storage_type} and "
                          f"db_storage_gib {gib}: allowed {least} to {most} "
                          f"({rule.min_iops} to {rule.max_iops}, {per_gib}at most "
                          f"{rule.max_iops_per_gib} IOPS per GiB)")


PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,31}$")  # stack names and the probe's dimension


def parse_prefix(value: str) -> str:
    """The deployment's stack name prefix (the CLIs' --prefix takes the same). Every name the
    stacks derive from it must be one AWS takes (contract/names.py: each name, its rule and
    AWS's source): none begins with a reserved word, none breaks a rule of its kind."""
    prefix = _pattern("prefix", value, PREFIX, "a letter, then letters and digits, 32 at most")
    refused = names.refusal(prefix)
    if refused:
        raise SizingError(refused)
    return prefix


def parse_existing_prefix(value: str) -> str:
    """The prefix of stacks that may already exist: the stack-name rule alone. An earlier
    wa-infra let a reserved word through and left stacks half-created under it; retiring them
    (or reading their alarms) must still name them."""
    return _pattern("prefix", value, PREFIX, "a letter, then letters and digits, 32 at most")


def _db_host(text: str) -> str:
    """A host the containers reach in the VPC. The resolver reads 0x7f000001, 127.1 and
    2130706433 as 127.0.0.1 (inet_aton): such a spelling is judged as the address it is."""
    host = _pattern("db_host", text, DB_HOST, ALLOWED["db_host"])
    try:
        address = ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        address = None
    if host.lower() in ("localhost6", "ip6-localhost", "ip6-loopback") or address is not None and (
            address.is_loopback or address.is_unspecified or address.is_link_local
            or address.is_multicast or address.is_reserved or address == _BROADCAST
            or address in _THIS_NETWORK or address in _DOCKER_BRIDGE):
        raise SizingError(f"db_host {inputs.shown(host)} is the containers' own address, "
                          f"{address or 'loopback'}, or none a database has: allowed "
                          f"{ALLOWED['db_host']}")
    return host


_BROADCAST = ipaddress.IPv4Address("255.255.255.255")
_THIS_NETWORK = ipaddress.IPv4Network("0.0.0.0/8")
_DOCKER_BRIDGE = ipaddress.IPv4Network("172.17.0.0/16")  # the containers' own bridge network


def _tag(key: str, value: str) -> str:
    return _pattern(key, value, re.compile(IMAGE_TAG),
                    "an image tag: letters, digits, _ . -, 128 at most, not starting with . or -")


class NeedsCaUrl(SizingError):
    """TLS to the database outside the aws partition, and no db_ca_url."""


def _ca_url(given: str, region: str, ssl: bool) -> str:
    """The RDS global bundle serves the commercial partition; GovCloud and China have CAs of
    their own, so there the user names the bundle (a wrong one fails every TLS connection)."""
    if given or PARTITION[region] == "aws" or not ssl:
        return given or Deployment().db_ca_url
    raise NeedsCaUrl(f"db_ca_url is missing: required with ssl=true in region {region} "
                      f"({PARTITION[region]}): allowed an https URL of the RDS CA bundle of that "
                      "partition (the default bundle serves the aws partition only)")


def _log_retention(text: str) -> int:
    allowed = ", ".join(map(str, LOG_RETENTION_DAYS))
    try:
        days = inputs.parse_int("log_retention_days", text, 1, LOG_RETENTION_DAYS[-1])
    except SizingError:
        days = None
    if days not in LOG_RETENTION_DAYS:  # CloudWatch Logs takes these values only
        given = inputs.shown(text if days is None else days)
        raise SizingError(f"log_retention_days {given} is not an option: allowed {allowed}")
    return days


def _existing_vpc(get: Callable[[str], object], text, region: str) -> ExistingVpc:
    azs = _list(get("vpc_azs"))
    public = _list(get("public_subnet_ids"))
    private = _list(get("private_subnet_ids"))
    if not data.AZ_COUNTS[0] <= len(azs) <= data.AZ_COUNTS[-1]:
        raise SizingError(f"vpc_azs {inputs.shown(','.join(azs))} is invalid: allowed {AZ_NAMES}")
    az_name = re.compile(re.escape(region) + "[a-z]")
    for name, items, pattern, allowed in (
        ("vpc_azs", azs, az_name, f"AZ names of region {region} ({region}a, {region}b, ...)"),
        ("public_subnet_ids", public, SUBNET_ID, "subnet-<8 or 17 hex digits>"),
        ("private_subnet_ids", private, SUBNET_ID, "subnet-<8 or 17 hex digits>"),
    ):
        for item in items:
            _pattern(name, item, pattern, allowed)
        twice = sorted({item for item in items if items.count(item) > 1})
        if twice:
            raise SizingError(f"{name} lists {twice[0]!r} twice: allowed distinct values")
    for name, ids in (("public_subnet_ids", public), ("private_subnet_ids", private)):
        if len(ids) != len(azs):
            raise SizingError(
                f"{name} has {len(ids)} ids: allowed one per AZ in vpc_azs ({len(azs)})"
            )
    both = sorted(set(public) & set(private))
    if both:  # the CDK's Vpc.from_vpc_attributes stops synth with a stack trace on it
        raise SizingError(f"private_subnet_ids {both[0]!r} is also in public_subnet_ids: "
                          "allowed subnets of their own (public ones for the load balancer, "
                          "private ones for the hosts and the database)")
    if not text("vpc_cidr"):  # the internal load balancer admits the VPC's own CIDR
        raise SizingError("vpc_cidr is missing: required with vpc_id, the existing VPC's "
                          "IPv4 CIDR (/16 to /28)")
    return ExistingVpc(
        vpc_id=_pattern("vpc_id", text("vpc_id"), VPC_ID, "vpc-<8 or 17 hex digits>"),
        availability_zones=azs,
        public_subnet_ids=public,
        private_subnet_ids=private,
        cidr=_vpc_cidr(text("vpc_cidr")),
    )


def cdk_cli_arguments(pid: int | None = None, proc: Path = Path("/proc")) -> list[str] | None:
    """The argv of the CDK CLI that runs this app: the nearest ancestor whose command line
    holds `cdk` and a verb (it runs the app through a shell). None where /proc is not there
    (not Linux) or no ancestor is the CLI (the app run by itself, by a test)."""
    pid = os.getppid() if pid is None else pid
    for _ in range(4):  # the shell, the CLI; npx and make above it
        try:
            argv = (proc / str(pid) / "cmdline").read_bytes().split(b"\0")
            status = (proc / str(pid) / "status").read_text()
        except OSError:
            return None
        words = [w.decode(errors="replace") for w in argv if w]
        if any(Path(w).name in ("cdk", "cdk.js") for w in words[:3]):
            return words
        ppid = re.search(r"^PPid:\s*(\d+)", status, re.MULTILINE)
        if ppid is None or int(ppid.group(1)) <= 1:
            return None
        pid = int(ppid.group(1))
    return None


def refuse_dropped_context(argv: list[str] | None) -> None:
    """The CDK CLI drops `-c key:value` with a warning and keeps the last of a key given twice:
    the app would plan without the input, or with one of two. Both refused (SizingError)."""
    if argv is None:
        return
    seen: dict[str, str] = {}
    words = iter(argv)
    for word in words:
        if word in ("-c", "--context"):
            value = next(words, "")
        elif word.startswith(("--context=", "-c=")):
            value = word.partition("=")[2]
        else:
            continue
        key, sep, setting = value.partition("=")
        if not sep:
            raise SizingError(f"context argument {value!r} is not key=value (the CDK CLI drops "
                              f"it and would deploy without it): allowed e.g. -c shards=16")
        if key in KNOWN_KEYS and key in seen and seen[key] != setting:
            raise SizingError(f"-c {key} is given twice ({seen[key]!r} and {setting!r}; the "
                              "CDK CLI keeps the last): allowed once")
        seen[key] = setting


def context_keys_given(argv: list[str]) -> set[str]:
    """The keys of every -c in the CDK CLI's arguments."""
    keys, words = set(), iter(argv)
    for word in words:
        if word in ("-c", "--context"):
            keys.add(next(words, "").partition("=")[0])
        elif word.startswith(("--context=", "-c=")):
            keys.add(word.partition("=")[2].partition("=")[0])
    return keys


def refuse_hidden_inputs(folder: Path, home: Path, environ) -> None:
    """Inputs nobody typed are refused (SizingError): a key of ours in cdk.context.json or
    ~/.cdk.json, and a null or infinite value in cdk.json, which the CDK CLI hands over as
    null, the same as absent (cdk/context.py). `folder`: where the CLI runs (its cdk.json)."""
    refuse_context_files(folder, home)
    refuse_dropped_context(cdk_cli_arguments())
    if (folder / "cdk.json").is_file():
        project_context(folder / "cdk.json")
    nulls = handed_over_nulls(environ)
    if nulls:
        raise SizingError(f"context key {nulls[0]!r} is null (JSON null, or a number beyond "
                          "what JSON holds such as 1e999): allowed "
                          f"{ALLOWED[nulls[0]]}, or leave the key out for its default")
