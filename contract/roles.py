"""The three roles of a Multiconnect cluster and what each container is given: image, ports,
environment, secrets and mounts.

Values that depend on the deployment are named inputs in braces ("{region}"); each renderer
supplies its own expression for them (a CDK token, a CloudFormation intrinsic), see INPUTS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from probe.metrics import NAMESPACE

API_PORT = 443  # the Webapp's HTTPS API, behind the load balancer
COREAPP_PORTS = (6250, 6251, 6252, 6253)  # Coreapps and Masters (seed 003 compose files)
# Bridge mode maps each container port to a dynamic host port from this range (the ECS
# agent's default ephemeral range lies within it); other nodes and the load balancer use it.
HOST_PORT_RANGE = (32768, 65535)
HOST_MOUNT = "/mnt/wa"  # the shared file system on every host
# The vendor's launcher by its absolute path: newer containerd/runc no longer start it by the
# relative path the images' default command uses (vendor v3.0.3 wa_ent.yml, every container;
# setup scripts' compose files).
LAUNCHER = "/opt/whatsapp/bin/launch_within_docker.sh"
# The wait script that runs before the launcher where nothing orders the database first (the
# setup scripts' compose files, per engine; dbupgrade-compose.yml exists for MySQL only).
WAIT_ON_DB = {"mysql": "/opt/whatsapp/bin/wait_on_mysql.sh",
              "aurora-mysql": "/opt/whatsapp/bin/wait_on_mysql.sh",
              "postgres": "/opt/whatsapp/bin/wait_on_postgres.sh"}
# The uid and gid of the vendor AMI's user (ec2-user/centos, 1000), to whom both vendor
# versions hand the shared data and media folders; the client processes that are not root
# (the Webapp's PHP workers) write there.
CLIENT_UID = 1000
# Webapps answer the load balancer's health check once the client has started; a task gets
# this long before a failing check counts (the client's first start migrates the database).
WEB_HEALTH_CHECK_GRACE_S = 120
# How a service rolls, as (minimum healthy %, maximum %): one task per host leaves no host
# for a second copy, so half stop first; otherwise the new tasks start beside the old.
ROLLOUT_PERCENT = {True: (50, 100), False: (100, 200)}  # by one_per_host
# The load balancer's health check of the Webapps, and how long a stopping one drains.
LB_HEALTH_INTERVAL_S = 30
LB_DEREGISTRATION_DELAY_S = 30

ALL = ("web", "master", "coreapp")


@dataclass(frozen=True)
class Role:
    name: str
    image: str  # repository under the registry
    container_ports: tuple[int, ...]
    one_per_host: bool
    purpose: str
    source: str
    command: tuple[str, ...] = (LAUNCHER,)
    # The role whose service is created and updated first (CloudFormation DependsOn), so an
    # image change rolls Webapps, then Masters, then Coreapps, each stable before the next:
    # seed 003's upgrade order, and the vendor templates' DependsOn between the services.
    after: str | None = None


ROLES: dict[str, Role] = {
    r.name: r
    for r in (
        Role("web", "web", (API_PORT,), False,
             "HTTPS API; routes each request to the Coreapp that owns the shard",
             "seeds 001/002; vendor templates"),
        Role("master", "coreapp", COREAPP_PORTS, True,
             "primary or secondary Master: lease, shard map, heartbeats, failover",
             "seed 002; vendor templates (one Master per host)", after="web"),
        Role("coreapp", "coreapp", COREAPP_PORTS, False,
             "holds a shard's connection to WhatsApp; spares stay warm",
             "seeds 001/002", after="master"),
    )
}


def _rolled_before(role: str) -> int:
    after = ROLES[role].after
    return 0 if after is None else 1 + _rolled_before(after)


# The order an image change rolls the services in (wa-upgrade prints it).
ROLL_ORDER: tuple[str, ...] = tuple(sorted(ROLES, key=_rolled_before))


@dataclass(frozen=True)
class Volume:
    name: str  # folder under HOST_MOUNT
    container_path: str
    read_only: bool
    purpose: str

    @property
    def host_path(self) -> str:
        return f"{HOST_MOUNT}/{self.name}"


# Source: SPEC section 2 and the vendor templates (data/, media/, certs at /opt/certs).
VOLUMES: tuple[Volume, ...] = (
    Volume("data", "/usr/local/waent/data", False, "the client's data directory"),
    Volume("media", "/usr/local/wamedia", False, "media shared by every node"),
    Volume("certs", "/opt/certs", True, "TLS material: the DB CA bundle the hosts fetch"),
)
DB_SSL_CA_PATH = "/opt/certs/db-ca.pem"  # inside the containers; the hosts put it there

# The deployment inputs an environment value may name, and what each one is.
INPUTS: dict[str, str] = {
    "region": "the stack's region",
    "stack_name": "the enterprise stack's name",
    "db_engine": "MYSQL or PGSQL (WA_DB_ENGINE_BY_ENGINE)",
    "db_idle_timeout_ms": "the DB idle timeout the user chose",
    "load_balancer_dns": "the load balancer's DNS name",
    "web_db_persistent": "1 unless the user turned persistent Webapp DB connections off",
}
# WA_DB_ENGINE as the client expects it (seed 003, db.env).
WA_DB_ENGINE_BY_ENGINE: dict[str, str] = {
    "mysql": "MYSQL",
    "postgres": "PGSQL",
    "aurora-mysql": "MYSQL",
}


@dataclass(frozen=True)
class EnvVar:
    name: str
    value: str  # a literal, or "{input}"
    roles: tuple[str, ...]
    reason: str
    source: str
    when: str | None = None  # "ssl": only when the containers use TLS to the database

    @property
    def input(self) -> str | None:
        return self.value[1:-1] if self.value.startswith("{") else None

    def render(self, inputs: Mapping[str, object]) -> object:
        """The value with the renderer's expression for a named input."""
        return inputs[self.input] if self.input else self.value


ENVIRONMENT: tuple[EnvVar, ...] = (
    EnvVar("WA_RUNNING_ENV", "AWS", ALL,
           "AWS mode: each node learns its host address and mapped ports from the ECS "
           "container metadata (see the agent settings)", "vendor templates v2.3.5/v3.0.3"),
    EnvVar("WA_RUNNING_ENV_VERSION", "v3.0.0", ALL,
           "the AWS layout the vendor's latest template announces to the client; ours follows "
           "its AWS mode (the password in SSM, the DB host as a secret)",
           "vendor template v3.0.3 (every client container)"),
    EnvVar("AWS_REGION", "{region}", ALL, "given to the client in AWS mode",
           "vendor templates v2.3.5/v3.0.3"),
    EnvVar("AWS_STACK_NAME", "{stack_name}", ALL, "given to the client in AWS mode",
           "vendor templates v2.3.5/v3.0.3"),
    EnvVar("WA_DB_ENGINE", "{db_engine}", ALL, "database dialect", "seed 003 db.env"),
    EnvVar("WA_CONFIG_ON_DB", "1", ALL, "configuration lives in the shared database, so every "
           "node sees the same settings", "vendor templates"),
    EnvVar("WA_APP_MULTICONNECT", "1", ALL, "High Availability + Multiconnect cluster",
           "seed 003 compose files"),
    EnvVar("WA_DB_CONNECTION_IDLE_TIMEOUT", "{db_idle_timeout_ms}", ALL,
           "closes idle DB connections before the database does", "vendor templates"),
    EnvVar("WA_DB_SSL_CA", DB_SSL_CA_PATH, ALL, "TLS to the database: the CA bundle the hosts "
           "fetch at boot (see the CA)", "vendor templates", when="ssl"),
    EnvVar("WA_MASTER_NODE", "1", ("master",), "runs the coreapp image as a Master",
           "seed 003 compose files"),
    EnvVar("WA_DB_PERSISTENT", "{web_db_persistent}", ("web",),
           "keeps the Webapp's DB connections open", "vendor templates"),
    EnvVar("WA_WEB_SERVERNAME", "{load_balancer_dns}", ("web",),
           "the name API clients use, for the Webapp's certificate", "vendor templates"),
)

# Set outside ECS only: in AWS mode the container metadata carries the same facts.
NOT_SET: dict[str, str] = {
    "COREAPP_HOSTNAME": "in AWS mode the node reads its host address from the container "
    "metadata file (ECS_ENABLE_CONTAINER_METADATA)",
    "COREAPP_EXTERNAL_PORTS": "the dynamic host ports come from the same metadata file",
    "WEBAPP_HOSTNAME": "as COREAPP_HOSTNAME, for Webapps",
    "WEBAPP_EXTERNAL_PORTS": "as COREAPP_EXTERNAL_PORTS, for Webapps",
    "WA_DB_SSL_CERT / WA_DB_SSL_KEY": "RDS authenticates with the password, not a client "
    "certificate",
}

# The DB connection settings: written to SSM SecureString parameters by the Lambda tier
# (hostname and port as given, username and password from the credentials secret).
DB_SETTINGS_GIVEN = ("hostname", "port")
DB_SETTINGS_FROM_SECRET = ("username", "password")
DB_SETTINGS = DB_SETTINGS_GIVEN + DB_SETTINGS_FROM_SECRET


@dataclass(frozen=True)
class SecretVar:
    name: str
    source: str  # "db:<setting>" (SSM SecureString), or one of GENERATED (Secrets Manager)
    roles: tuple[str, ...]
    reason: str


SECRETS: tuple[SecretVar, ...] = (
    *(SecretVar(f"WA_DB_{s.upper()}", f"db:{s}", ALL, "DB connection, never in plain text")
      for s in DB_SETTINGS),
    SecretVar("WA_WEB_JWT_CRYPTO_KEY", "jwt-key", ("web",),
              "signs the API's bearer tokens; generated, shared by every Webapp"),
    SecretVar("WA_API_KEY", "api-key", ("web",),
              "opens /v1/health, /metrics and /v1/stats to the health probe without a Webapp "
              "user; generated, shared by every Webapp"),
)
# The generated Secrets Manager secrets the Webapps read (both renderers create each one with
# its own customer key, retained), and how long each is. WA_API_KEY: 12 to 128 characters
# (Meta, "Health", On-Premises API reference, https://developers.facebook.com/docs/whatsapp/
# on-premises/reference/health); the probe reads this secret too.
GENERATED: dict[str, int] = {"jwt-key": 64, "api-key": 64}
# The Enterprise stack's output naming the API key's secret (both renderers).
API_KEY_OUTPUT = ("The Webapps' WA_API_KEY (a secret): wa-shards health reads "
                  "/v1/health with it")


# AWS mode: the client looks its DB password up in SSM, as the SecureString
# "<AWS_STACK_NAME>-WA_DB_PASSWORD" (vendor v2.3.5 and v3.0.3 store it there and pass no
# WA_DB_PASSWORD). Both renderings write it, and still inject WA_DB_PASSWORD as a secret, so
# the client starts whichever way it reads the password. AWS_STACK_NAME is the deployment's
# name: the CDK prefix, or the plain root stack's name.
PASSWORD_PARAMETER_SUFFIX = "-WA_DB_PASSWORD"


def password_parameter_name(deployment_name: str) -> str:
    return f"{deployment_name}{PASSWORD_PARAMETER_SUFFIX}"


# The metric namespaces the client may not write: every one an alarm reads (AWS's own, Container
# Insights' ECS/ContainerInsights, the probe's), so a container cannot mask a page; the
# client's own namespace is not published, so the grant cannot name it.
# tests/stacks/test_monitoring.py checks every alarm's namespace against it.
PROTECTED_NAMESPACES = ("AWS/*", "ECS/*", f"{NAMESPACE}*")


def client_task_statements(password_parameter_arn, parameters_key_arn) -> list[dict]:
    """The client tasks' task role: what the vendor's instance role gives the client in AWS
    mode (ssm:GetParameter on its parameters, kms:Decrypt, cloudwatch:PutMetricData), narrowed
    to the one parameter and its key. The containers reach these credentials through the ECS
    agent's endpoint, which every AWS SDK's default chain reads before instance metadata."""
    return [
        {"Effect": "Allow", "Action": ["ssm:GetParameter"], "Resource": password_parameter_arn},
        {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": parameters_key_arn},
        # PutMetricData takes no resource ARN; the condition keeps the client out of the
        # namespaces alarms read.
        {"Effect": "Allow", "Action": ["cloudwatch:PutMetricData"], "Resource": "*",
         "Condition": {"StringNotLike": {"cloudwatch:namespace": list(PROTECTED_NAMESPACES)}}},
    ]


def environment_for(role: str) -> tuple[EnvVar, ...]:
    return tuple(v for v in ENVIRONMENT if role in v.roles)


def secrets_for(role: str) -> tuple[SecretVar, ...]:
    return tuple(s for s in SECRETS if role in s.roles)


@dataclass(frozen=True)
class OneOffTask:
    """A task run by hand (aws ecs run-task), not a service: it exits when its work is done."""

    name: str  # the container's name
    image: str  # repository under the registry, at the context's upgrade_tag
    like: str  # the role whose image, memory and secrets it gets
    engines: tuple[str, ...]  # the database engines it exists for
    keeps: tuple[str, ...]  # the role's environment variables it gets (the others: not)
    environment: tuple[tuple[str, str], ...]  # on top of those
    volumes: tuple[str, ...]  # of VOLUMES
    purpose: str
    source: str

    def environment_of(self) -> tuple[EnvVar, ...]:
        return tuple(v for v in environment_for(self.like) if v.name in self.keeps)

    def command(self, engine: str) -> tuple[str, ...]:
        """Wait for the database, then the launcher (the vendor's compose command)."""
        return (WAIT_ON_DB[engine], LAUNCHER)


# The vendor's database-upgrade service (its setup scripts' dbupgrade-compose.yml, seed 003):
# the coreapp image at the new version with the DB settings of db.env and WA_DB_UPGRADE=1, no
# mounts; it upgrades the schema while the old version runs and exits 0 when done. Here it also
# gets the CA bundle (and its mount) when the database requires TLS. EXIT_ON_SUCCESS stays
# unset: it is for orchestrators that restart a container on exit, and a standalone ECS task is
# never restarted, so wa-upgrade waits for the exit code instead.
# The vendor documents this service for MySQL only (no PostgreSQL dbupgrade compose file):
# with PostgreSQL no task is rendered, and wa-upgrade has no run-task step.
DB_UPGRADE = OneOffTask(
    "dbupgrade", "coreapp", "coreapp", ("mysql", "aurora-mysql"),
    ("WA_DB_ENGINE", "WA_DB_CONNECTION_IDLE_TIMEOUT", "WA_DB_SSL_CA"),
    (("WA_DB_UPGRADE", "1"),),
    ("certs",),
    "upgrades the database schema to the new client version, then exits 0",
    "seed 003 (MySQL from 2.23.x); vendor setup scripts, dbupgrade-compose.yml",
)
