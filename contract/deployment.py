"""Deployment choices that are not sizing: where and how the plan is deployed (the CDK app's
Deployment), and the limits the plain templates' parameters share with it."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from contract.host import CA
from sizing import data
from sizing.inputs import SIZING

MIN_ROOT_VOLUME_GIB = data.HOST_ROOT_VOLUME_GIB  # (the AMI's snapshot: sizing/data.py)

# Client CIDRs holding more than a /8 (16 million addresses) in all are the internet, not a
# list of clients: they need allow_world_api, so that 0.0.0.0/0 (or its halves, or sixty /8s)
# is never a slip.
WIDEST_CLIENT_PREFIX = 8
MAX_API_CIDRS = 60  # inbound rules of one security group (the VPC quota's default)


def addresses(cidrs: Iterable[str]) -> int:
    networks = ipaddress.collapse_addresses(ipaddress.IPv4Network(c, strict=False) for c in cidrs)
    return sum(n.num_addresses for n in networks)


def opens_to_world(cidrs: Iterable[str]) -> bool:
    return addresses(cidrs) > 2 ** (32 - WIDEST_CLIENT_PREFIX)


@dataclass(frozen=True)
class ExistingVpc:
    vpc_id: str
    availability_zones: tuple[str, ...]
    public_subnet_ids: tuple[str, ...]
    private_subnet_ids: tuple[str, ...]
    cidr: str


@dataclass(frozen=True)
class ExistingDatabase:
    host: str
    port: int
    secret_arn: str  # a Secrets Manager secret with "username" and "password"


@dataclass(frozen=True)
class Deployment:
    region: str = "us-east-1"
    account: str | None = None
    prefix: str = "WaInfra"  # stack name prefix
    az_count: int = SIZING["az_count"].default
    vpc_cidr: str = "10.0.0.0/16"
    existing_vpc: ExistingVpc | None = None
    existing_db: ExistingDatabase | None = None
    db_storage_gib: int = 100
    db_storage_type: str = "gp3"
    db_iops: int | None = None
    db_key: str = "new"  # "aws-managed" | "new" | a KMS key ARN
    db_backup_days: int = 7
    registry: str = "docker.whatsapp.biz"
    image_tag: str = "v2.53.0"
    upgrade_tag: str | None = None  # the database-upgrade task's tag; None: image_tag
    log_retention_days: int = 30
    api_cidrs: tuple[str, ...] = ()  # empty: internal load balancer, no public ingress
    allow_world_api: bool = False  # the user's own word that api_cidrs may open to the world
    root_volume_gib: int = MIN_ROOT_VOLUME_GIB
    db_idle_timeout_ms: int = 180_000
    db_ca_url: str = CA.url  # fetched by the hosts at boot when the plan uses TLS to the DB
    # AWSServiceRoleForECS: created by the Enterprise stack for an account that lacks it
    create_ecs_service_linked_role: bool = False

    @property
    def public_api(self) -> bool:
        return bool(self.api_cidrs)

    @property
    def world_api(self) -> tuple[str, ...]:
        """The api_cidrs when they open the API to the internet (allowed on purpose only)."""
        return self.api_cidrs if opens_to_world(self.api_cidrs) else ()
