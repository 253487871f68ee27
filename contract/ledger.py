"""The vendor runtime ledger: every runtime fact of the vendor's AWS templates
(contract/vendor_facts.json, generated from v3.0.3) with our decision, "same" or "different"
with the reason, and the checks that hold both renderings to it (gates/ledger.py reads them
against the CDK output and the plain templates; tests/contract/test_ledger.py runs them).

A decision covers the facts its pattern matches (fnmatch over the fact ids); the first
decision that matches a fact is its decision. Every fact needs one, and every decision must
match a fact: a vendor fact added by a regenerated vendor_facts.json fails the tests until it
is decided here. Values are our words; the vendor's own text stays in its repository.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from contract.host import AGENT_SETTINGS, CA, IMDS
from contract.roles import (
    ALL,
    CLIENT_UID,
    LAUNCHER,
    WEB_HEALTH_CHECK_GRACE_S,
)
from contract.vendor_facts import FACTS, VendorFact


class _Present:
    def __repr__(self) -> str:
        return "PRESENT"


PRESENT = _Present()  # any value


@dataclass(frozen=True)
class Env:
    """A container environment variable: its value, PRESENT, or None for absent."""

    name: str
    value: object = PRESENT
    roles: tuple[str, ...] = ALL


@dataclass(frozen=True)
class Secret:
    name: str
    present: bool = True
    roles: tuple[str, ...] = ALL


@dataclass(frozen=True)
class Command:
    value: tuple[str, ...]
    roles: tuple[str, ...] = ALL


@dataclass(frozen=True)
class Mount:
    container_path: str
    present: bool = True
    roles: tuple[str, ...] = ALL


@dataclass(frozen=True)
class Port:
    container_port: int
    host_port: int | None  # None: no such mapping at all
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Container:
    """A container of that name exists in some task definition, or not."""

    name: str
    present: bool


@dataclass(frozen=True)
class LogDriver:
    value: object  # a driver name, or PRESENT
    roles: tuple[str, ...] = ALL


@dataclass(frozen=True)
class Agent:
    """An ECS agent setting the boot script writes: its value, PRESENT, or None (absent)."""

    key: str
    value: object = PRESENT


@dataclass(frozen=True)
class Boot:
    """A line of the boot script matching `pattern` (a regular expression), or none."""

    pattern: str
    present: bool = True


@dataclass(frozen=True)
class HostGrant:
    """An action (glob) the host role allows, or not; "managed:<name>" for a managed policy."""

    action: str
    present: bool = True


@dataclass(frozen=True)
class TaskGrant:
    action: str
    present: bool = True
    roles: tuple[str, ...] = ALL


@dataclass(frozen=True)
class Imds:
    http_tokens: str
    hop_limit: int


@dataclass(frozen=True)
class ServiceSetting:
    """A service setting of the role's view ("deployment", "health_check_grace_s",
    "one_per_host", "after": the roles whose services come first)."""

    key: str
    value: object
    roles: tuple[str, ...]


@dataclass(frozen=True)
class ClusterSetting:
    """A value of the cluster view: "password_copies", "default_strategy" (non-empty),
    "file_system_policies", "memory_scaling" ((comparison, threshold, period s, periods) of
    the alarms on the cluster's MemoryReservation), "flows_ok"; `value` when it must equal."""

    key: str
    present: bool = True
    value: object = PRESENT


CHECKS = (Env, Secret, Command, Mount, Port, Container, LogDriver, Agent, Boot, HostGrant,
          TaskGrant, Imds, ServiceSetting, ClusterSetting)



@dataclass(frozen=True)
class Decision:
    facts: str  # fnmatch pattern over vendor fact ids
    verdict: str  # "same" or "different"
    ours: str  # what we do, in words
    reason: str  # why (for "same": what it is for)
    checks: tuple = ()  # held by every rendering (gates/ledger.py)


SAME, DIFFERENT = "same", "different"
NOT_BUILT = "different"  # a part of the vendor's set we do not build (the reason says why)
CLIENT = ALL
WEB, MASTER, COREAPP = ("web",), ("master",), ("coreapp",)
_AGENT = {s.key: s.value for s in AGENT_SETTINGS}

LEDGER: tuple[Decision, ...] = (
    # --- the client's containers: environment ----------------------------------------------------
    Decision("wa_ent/env/WA_RUNNING_ENV", SAME, "AWS on every client container",
             "AWS mode: each node reads its address and host ports from the ECS container "
             "metadata", (Env("WA_RUNNING_ENV", "AWS"),)),
    Decision("wa_ent/env/WA_RUNNING_ENV_VERSION", SAME, "v3.0.0 on every client container",
             "the layout version the vendor's AWS templates announce; ours follows v3's AWS "
             "mode (password in SSM, host name as a secret), so the client gets the same "
             "signal as under the vendor's own template", (Env("WA_RUNNING_ENV_VERSION",
                                                              "v3.0.0"),)),
    Decision("wa_ent/env/AWS_REGION", SAME, "the stack's region", "AWS mode's SDK calls",
             (Env("AWS_REGION"),)),
    Decision("wa_ent/env/AWS_STACK_NAME", DIFFERENT,
             "the deployment's name (the CDK prefix, the plain root stack's name)",
             "the client only builds its SSM parameter name from it (the vendor grants nothing "
             "else on it); the CDK app has four stacks, so the deployment's name, not a tier's, "
             "is what both renderings can agree on", (Env("AWS_STACK_NAME", "<deployment name>"),)),
    Decision("wa_ent/env/WA_APP_MULTICONNECT", DIFFERENT,
             "1 on Webapps, Masters and Coreapps",
             "v3 leaves it off the Webapp; the setup scripts' Multiconnect compose files set it "
             "on every node, and a Webapp routes requests by shard", (Env("WA_APP_MULTICONNECT",
                                                                          "1"),)),
    Decision("wa_ent/env/WA_CONFIG_ON_DB", SAME, "1 (ConfigOnDB on, the vendor's default)",
             "every node reads the same settings from the shared database",
             (Env("WA_CONFIG_ON_DB", "1"),)),
    Decision("wa_ent/env/WA_DB_CONNECTION_IDLE_TIMEOUT", DIFFERENT,
             "the chosen timeout (default 180000 ms) on every client container",
             "v3 leaves it off the Webapp; its connections are idle as long as the others'",
             (Env("WA_DB_CONNECTION_IDLE_TIMEOUT"),)),
    Decision("wa_ent/env/WA_DB_ENGINE", SAME, "MYSQL (PGSQL with PostgreSQL)",
             "the client's database dialect", (Env("WA_DB_ENGINE"),)),
    Decision("wa_ent/env/WA_DB_PERSISTENT", SAME, "1 unless turned off, on the Webapps",
             "keeps the Webapps' DB connections open", (Env("WA_DB_PERSISTENT", roles=WEB),)),
    Decision("wa_ent/env/WA_DB_PORT", DIFFERENT, "an ECS secret from SSM, not plain text",
             "the DB settings live in one place (SSM SecureStrings the Lambda tier writes), "
             "so an existing database's settings change without a new task definition",
             (Env("WA_DB_PORT", None), Secret("WA_DB_PORT"))),
    Decision("wa_ent/env/WA_DB_USERNAME", DIFFERENT, "an ECS secret from SSM, not plain text",
             "the username comes from the database's generated credentials secret",
             (Env("WA_DB_USERNAME", None), Secret("WA_DB_USERNAME"))),
    Decision("wa_ent/env/WA_DB_SSL_CA", SAME, f"{CA.container_path} when TLS to the database "
             "is on (unset when off)", "the CA bundle the hosts fetch onto the shared file "
             "system (not per host: every host sees the bundle any host fetched)",
             (Mount("/opt/certs"),)),
    Decision("wa_ent/env/WA_DB_SSL_[CK]E[RY]*", DIFFERENT, "not set",
             "RDS authenticates the client with its password, never a client certificate",
             (Env("WA_DB_SSL_CERT", None), Env("WA_DB_SSL_KEY", None))),
    Decision("wa_ent/env/WA_MASTER_NODE", SAME, "1 on Masters only",
             "runs the coreapp image as a Master", (Env("WA_MASTER_NODE", "1", MASTER),
                                                   Env("WA_MASTER_NODE", None, COREAPP))),
    Decision("wa_ent/env/WA_WEB_SERVERNAME", SAME, "the load balancer's DNS name, on Webapps",
             "the name API clients use", (Env("WA_WEB_SERVERNAME", roles=WEB),)),
    Decision("wa_ent/env/WACORE_HOSTNAME", NOT_BUILT, "not set",
             "single-container mode only (a Webapp linked to one Coreapp); in HA the Webapp "
             "finds Coreapps through the database", (Env("WACORE_HOSTNAME", None),)),
    # --- secrets and the password ----------------------------------------------------------------
    Decision("wa_ent/secret/WA_DB_HOSTNAME", SAME, "an ECS secret from SSM",
             "the DB host, read at task start", (Secret("WA_DB_HOSTNAME"),)),
    Decision("wa_ent/secret/WA_WEB_JWT_CRYPTO_KEY", SAME,
             "an ECS secret from a generated Secrets Manager secret (64 characters), Webapps "
             "only", "signs the API's tokens", (Secret("WA_WEB_JWT_CRYPTO_KEY", roles=WEB),
                                                Secret("WA_WEB_JWT_CRYPTO_KEY", False,
                                                       MASTER + COREAPP))),
    Decision("wa_ent/parameter/StorePassword", DIFFERENT,
             "SecureString <AWS_STACK_NAME>-WA_DB_PASSWORD, written by the Lambda tier with its "
             "own rotated key, AND WA_DB_PASSWORD injected as an ECS secret",
             "AWS mode's own lookup is satisfied, and a client that reads the environment "
             "starts too; the password comes from the generated credentials secret, never a "
             "template parameter", (ClusterSetting("password_copies"),
                                    Secret("WA_DB_PASSWORD"))),
    Decision("wa_ent/parameter/StoreHostName", DIFFERENT,
             "SecureString /<name>/db/hostname, injected as WA_DB_HOSTNAME",
             "one path for all four DB settings, encrypted like the password",
             (Secret("WA_DB_HOSTNAME"),)),
    Decision("wa_ent/parameter/StoreJWTSecret", SAME, "generated Secrets Manager secret, 64 "
             "characters without punctuation, encrypted with its own rotated key",
             "the Webapps' JWT signing key", (Secret("WA_WEB_JWT_CRYPTO_KEY", roles=WEB),)),
    # --- process, mounts, ports ------------------------------------------------------------------
    Decision("wa_ent/command/WAEnt*", SAME, f"[{LAUNCHER}] on every client container",
             "newer containerd/runc no longer start the launcher by the image's relative path",
             (Command((LAUNCHER,)),)),
    Decision("wa_ent/command/HostExporter*", NOT_BUILT, "no exporter containers",
             "host metrics come from Container Insights and CloudWatch (see Monitoring)",
             (Container("node-exporter", False), Container("cadvisor", False))),
    Decision("wa_ent/container/WAEnt*/Image", SAME,
             "<registry>/coreapp or /web at the chosen tag (docker.whatsapp.biz by default)",
             "the vendor's images", (Container("web", True),)),
    Decision("wa_ent/container/HostExporter*", NOT_BUILT, "no exporter images",
             "see the exporters' command", (Container("node-exporter", False),)),
    Decision("wa_ent/mount/data-vol:*", SAME, "/usr/local/waent/data from /mnt/wa/data",
             "the client's data on the shared file system",
             (Mount("/usr/local/waent/data"),)),
    Decision("wa_ent/mount/media-vol:*", SAME, "/usr/local/wamedia from /mnt/wa/media",
             "media every node serves", (Mount("/usr/local/wamedia"),)),
    Decision("wa_ent/mount/cert-vol:*", DIFFERENT,
             "/opt/certs from /mnt/wa/certs (the shared file system), read-only",
             "one bundle for every host, kept when a later fetch fails; the containers only "
             "read it", (Mount("/opt/certs"),)),
    Decision("wa_ent/mount/volumes-from:*", NOT_BUILT, "no volumes-from",
             "single-container mode only: every HA container mounts its own volumes",
             (Mount("/usr/local/wamedia", roles=WEB),)),
    Decision("wa_ent/mount/*", NOT_BUILT, "no host-system mounts",
             "only the exporters mount /, /sys, /proc, /dev/disk, docker and /var/run; none "
             "runs here", (Mount("/rootfs", False), Mount("/sys", False))),
    Decision("wa_ent/task/volume/[dmc]*-vol", SAME, "host volumes data, media, certs",
             "see the mounts", (Mount("/usr/local/waent/data"),)),
    Decision("wa_ent/task/volume/*", NOT_BUILT, "none", "the exporters' volumes",
             (Mount("/rootfs", False),)),
    Decision("wa_ent/port/625[0-3]", SAME, "6250-6253 on Masters and Coreapps, dynamic host "
             "ports in bridge mode", "node-to-node traffic; the metadata tells each node its "
             "host ports", tuple(Port(p, 0, MASTER + COREAPP) for p in range(6250, 6254))),
    Decision("wa_ent/port/443", DIFFERENT, "443 on Webapps with a dynamic host port",
             "several Webapps can share a host; the load balancer targets each task's port",
             (Port(443, 0, WEB),)),
    Decision("wa_ent/port/*", NOT_BUILT, "no exporter ports", "no exporters",
             (Port(8080, None, CLIENT), Port(9100, None, CLIENT))),
    Decision("wa_ent/memory/WAEnt*", DIFFERENT,
             "reservations from the plan (Coreapp 1024 MiB or the v3 cost-effective memory "
             "for media; Master 1024; Webapp 512) and CPU units", "sized per message type and "
             "host (docs/stacks.md); CPU units so ECS never packs more than a host runs",
             (ServiceSetting("memory_mib", PRESENT, CLIENT),)),
    Decision("wa_ent/memory/HostExporter*", NOT_BUILT, "none", "no exporters",
             (Container("cadvisor", False),)),
    Decision("wa_ent/health/none", SAME, "no container health check",
             "the load balancer's HTTPS check on the Webapps, and the probe's /v1/health, "
             "watch the client; the images define no health command",
             (ServiceSetting("container_health_check", False, CLIENT),)),
    Decision("wa_ent/ulimit/none", SAME, "no ulimits (the Docker defaults)",
             "nothing documents a limit the client needs", (ServiceSetting("ulimits", False,
                                                                           CLIENT),)),
    Decision("wa_ent/log/LogDriver", SAME, "awslogs (plain: or json-file with size and count)",
             "the container logs in an encrypted log group", (LogDriver(PRESENT),)),
    Decision("wa_ent/log/option/*", SAME, "group, region and a stream prefix per role",
             "one encrypted group, a stream per task", (LogDriver(PRESENT),)),
    Decision("wa_ent/log/WALogGroup/*", DIFFERENT, "30 days by default, KMS-encrypted",
             "a month of logs for a post-mortem; the vendor's group is unencrypted",
             (LogDriver(PRESENT),)),
    # --- task definitions ------------------------------------------------------------------------
    Decision("wa_ent/task/WAEnt*/TaskRoleArn", DIFFERENT,
             "a task role: ssm:GetParameter on the password parameter only, kms:Decrypt on its "
             "key, cloudwatch:PutMetricData outside the namespaces the alarms read",
             "the vendor hands these to the containers through instance metadata (IMDSv1, no "
             "hop limit); we keep instance metadata closed to containers (IMDSv2, one hop), so "
             "the same grants come as the task's own credentials, which every AWS SDK reads "
             "from the ECS agent before instance metadata",
             (TaskGrant("ssm:GetParameter"), TaskGrant("kms:Decrypt"),
              TaskGrant("cloudwatch:PutMetricData"), TaskGrant("ssm:GetParameters", False),
              Imds(IMDS.http_tokens, IMDS.hop_limit))),
    Decision("wa_ent/task/WAEnt*/ExecutionRoleArn", SAME, "an execution role per rendering",
             "reads the task's secrets and writes its logs",
             (Secret("WA_DB_PASSWORD"),)),
    Decision("wa_ent/task/WAEnt*/NetworkMode", SAME, "bridge", "dynamic host ports; AWS mode "
             "reads them from the container metadata", (ServiceSetting("network_mode",
                                                                       "bridge", CLIENT),)),
    Decision("wa_ent/task/WAEnt*/Family", DIFFERENT, "one family per role (CDK: generated; "
             "plain: the stack's)", "a family per role lets each roll on its own",
             (Container("coreapp", True),)),
    Decision("wa_ent/task/WAEntTaskdefinition/*", NOT_BUILT, "no single-container task",
             "HA + Multiconnect only", (Container("wa-coreapp", False),)),
    Decision("wa_ent/task/WAEntHA*/Condition", SAME, "always (HA is the only mode)",
             "HA + Multiconnect only", (Container("master", True),)),
    Decision("wa_ent/task/HostExporter*", NOT_BUILT, "none", "no exporters",
             (Container("node-exporter", False),)),
    # --- services --------------------------------------------------------------------------------
    Decision("wa_ent/service/WAEntService/*", NOT_BUILT, "no single-container service",
             "HA + Multiconnect only", (Container("wa-web", False),)),
    Decision("wa_ent/service/HostExporterService/*", NOT_BUILT, "no exporter daemon",
             "no exporters", (Container("cadvisor", False),)),
    Decision("wa_ent/service/*/HealthCheckGracePeriodSeconds", DIFFERENT,
             f"{WEB_HEALTH_CHECK_GRACE_S} s on the Webapp service (behind the load balancer), "
             "none on the others", "a Webapp's first start migrates the database before it "
             "answers the load balancer's check",
             (ServiceSetting("health_check_grace_s", WEB_HEALTH_CHECK_GRACE_S, WEB),
              ServiceSetting("health_check_grace_s", None, MASTER + COREAPP))),
    Decision("wa_ent/service/*/DeploymentConfiguration", DIFFERENT,
             "one per host (Masters, isolated Coreapps): 50-100 %; packed: 100-200 %; circuit "
             "breaker with rollback", "never fewer than the active shards during a roll; the "
             "plan keeps room for one more Coreapp and Webapp",
             (ServiceSetting("deployment", (50, 100), MASTER),)),
    Decision("wa_ent/service/*/PlacementConstraints", DIFFERENT,
             "distinct hosts for Masters (and Coreapps when isolated); no AZ pinning",
             "v3 pins every Coreapp to the first AZ and Masters/Webapps to the second: one AZ "
             "outage would stop every shard", (ServiceSetting("one_per_host", True, MASTER),)),
    Decision("wa_ent/service/*/PlacementStrategies", DIFFERENT,
             "spread over AZs, then over hosts", "an AZ or a host lost takes as few nodes as "
             "possible", (ServiceSetting("spread", True, CLIENT),)),
    Decision("wa_ent/service/*/LaunchType", DIFFERENT, "the capacity provider (also the "
             "cluster's default strategy)", "hosts drain before they terminate; run-task without "
             "a strategy lands on the same hosts", (ClusterSetting("default_strategy"),)),
    Decision("wa_ent/service/*/Role", DIFFERENT, "no service role",
             "ECS uses its service-linked role; the vendor's role allows ingress changes on any "
             "group", (HostGrant("ec2:AuthorizeSecurityGroupIngress", False),)),
    Decision("wa_ent/service/*/DependsOn", SAME,
             "the Masters' service after the Webapps', the Coreapps' after the Masters' "
             "(hosts come through the capacity provider, not a DependsOn on a group)",
             "CloudFormation then creates and updates them in that order, each stable before "
             "the next: an image change rolls Webapps, Masters, Coreapps, seed 003's upgrade "
             "order", (ServiceSetting("after", ["web"], MASTER),
                       ServiceSetting("after", ["master"], COREAPP),
                       ServiceSetting("after", [], WEB))),
    Decision("wa_ent/service/*/DesiredCount", DIFFERENT, "the plan's counts (wa-size)",
             "sized by rate and shards; Masters 3 in production, never more",
             (ServiceSetting("desired", PRESENT, CLIENT),)),
    Decision("wa_ent/service/*", SAME, "one service per role on this cluster",
             "Webapps behind the load balancer, Masters, Coreapps", (Container("web", True),)),
    # --- the ECS agent and the hosts -------------------------------------------------------------
    Decision("*/agent/ECS_ENABLE_CONTAINER_METADATA", SAME, "true",
             "AWS mode reads each node's host address and ports from the metadata file",
             (Agent("ECS_ENABLE_CONTAINER_METADATA", "true"),)),
    Decision("*/agent/ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION", SAME,
             _AGENT["ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION"],
             "stopped containers kept 3 days for diagnosis (the root-disk alarm watches the "
             "cost)", (Agent("ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION", "72h"),)),
    Decision("*/agent/ECS_AVAILABLE_LOGGING_DRIVERS", SAME, _AGENT[
        "ECS_AVAILABLE_LOGGING_DRIVERS"], "the drivers the tasks use",
             (Agent("ECS_AVAILABLE_LOGGING_DRIVERS", '["json-file","awslogs"]'),)),
    Decision("*/agent/ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE", SAME, "true",
             "awslogs writes with each task's execution role, so the host role has no log "
             "grants", (Agent("ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE", "true"),)),
    Decision("*/agent/ECS_CLUSTER", DIFFERENT, "this cluster, written last",
             "a host whose boot failed never joins (the vendor writes a placeholder, then "
             "edits it)", (Agent("ECS_CLUSTER"),)),
    Decision("*/agent/ECS_ENABLE_TASK_IAM_ROLE", SAME, "true",
             "the client's task role (AWS mode's password lookup) reaches the containers "
             "through the agent", (Agent("ECS_ENABLE_TASK_IAM_ROLE", "true"),)),
    Decision("*/agent/ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST", DIFFERENT, "not set",
             "no task uses host networking (bridge mode)",
             (Agent("ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST", None),)),
    Decision("*/agent/*", DIFFERENT, "the ECS-optimized AMI's defaults",
             "the vendor runs the agent as its own container on CentOS and sets its folders "
             "and log level; the AMI's agent is configured already",
             (Agent("ECS_DATADIR", None), Agent("ECS_LOGFILE", None),
              Agent("ECS_LOGLEVEL", None))),
    Decision("*/imds/*", DIFFERENT, f"IMDSv2 only ({IMDS.http_tokens}), hop limit "
             f"{IMDS.hop_limit}", "containers in bridge mode cannot reach the host role; the "
             "client's AWS calls use the task role instead (see TaskRoleArn)",
             (Imds(IMDS.http_tokens, IMDS.hop_limit),)),
    # --- boot steps ------------------------------------------------------------------------------
    Decision("wa_ent/boot/*/mnt_execute/03_permissions", DIFFERENT,
             f"data and media owned by uid {CLIENT_UID} and world-writable (mode 777), not "
             "recursive", "the vendor's hand-over (v2: owner; v3: owner and a+rw, recursive); a "
             "recursive walk of a large media store at every boot would slow each host, and "
             "the client creates what lies below",
             (Boot(rf"^chown {CLIENT_UID}:{CLIENT_UID} /mnt/wa/data /mnt/wa/media$"),
              Boot(r"^chmod 777 /mnt/wa/data /mnt/wa/media$"))),
    Decision("wa_ent/boot/*/mnt_execute/02_subdirs", SAME, "mkdir data, media (and certs)",
             "the client's folders on the shared file system", (Boot(r"^mkdir -p /mnt/wa/"),)),
    Decision("wa_ent/boot/*/mnt_execute/01_mount", DIFFERENT,
             "the EFS mount helper with TLS and IAM, from /etc/fstab, retried for 5 minutes",
             "encrypted NFS, authorised by the host role; a host that cannot mount never "
             "joins", (Boot(r"efs _netdev,noresvport,tls,iam"), Boot(r"^mountpoint -q /mnt/wa"))),
    Decision("wa_ent/boot/*/mnt_setup/*", DIFFERENT, "amazon-efs-utils; mkdir /mnt/wa",
             "the mount helper brings TLS", (Boot(r"^dnf install -y amazon-efs-utils$"),
                                             Boot(r"^mkdir -p /mnt/wa$"))),
    Decision("wa_ent/boot/*/configsets/MountConfig", DIFFERENT, "the mount in the script",
             "no cfn-init", (Boot(r"^mountpoint -q /mnt/wa"),)),
    Decision("wa_ent/boot/*/userdata/cfn-init:MountConfig", DIFFERENT, "the mount in the "
             "script", "no cfn-init", (Boot(r"cfn-init", False),)),
    Decision("wa_ent/boot/*/userdata/if:DBCaUrl", DIFFERENT,
             "the CA bundle fetched over https only, with deadlines, a size cap and retries, "
             "checked as PEM, onto the shared file system; a host with TLS on and no bundle "
             "never joins", "a failed download in the vendor's script goes unnoticed and the "
             "client fails at its first connection", (Boot(r"^if fetch_db_ca; then$"),)),
    Decision("wa_ent/boot/*/userdata/if:DB[CK]e*Url", DIFFERENT, "not fetched",
             "no client certificate (see WA_DB_SSL_CERT)", (Boot(r"db-cert|db-key", False),)),
    Decision("wa_ent/boot/*/userdata/mkdir:/opt/certs", DIFFERENT,
             "the certs folder on the shared file system", "see the CA bundle",
             (Boot(r"^mkdir -p .*/mnt/wa/certs"),)),
    Decision("*/boot/*/userdata/ecs.config:*", SAME, "the same settings, appended to the "
             "agent's configuration", "see the agent settings",
             (Agent("ECS_ENABLE_CONTAINER_METADATA", "true"),)),
    Decision("*/boot/*/userdata/sed:/etc/ecs/ecs.config:ECS_CLUSTER", DIFFERENT,
             "ECS_CLUSTER appended last", "see ECS_CLUSTER", (Agent("ECS_CLUSTER"),)),
    Decision("*/boot/*/ecs_agent_setup/file:/etc/ecs/ecs.config", DIFFERENT,
             "our settings appended to the AMI's file", "see the agent settings",
             (Agent("ECS_ENABLE_CONTAINER_METADATA", "true"),)),
    Decision("*/boot/*/shebang", DIFFERENT, "bash that stops at the first failure and powers "
             "the host off after 5 minutes", "a half-configured host never takes tasks",
             (Boot(r"^set -Eeuo pipefail$"),)),
    Decision("*/boot/*/userdata/set:result", DIFFERENT, "none: the script stops at the first "
             "failure", "see the shebang", (Boot(r"^trap '"),)),
    Decision("*/boot/*/userdata/if:HAMode", DIFFERENT, "no creation signal",
             "hosts join the cluster; the services' circuit breakers and the alarms report "
             "what fails", (Boot(r"cfn-signal", False),)),
    Decision("*/boot/*/userdata/cfn-signal:*", DIFFERENT, "no creation signal",
             "hosts join the cluster instead of signalling CloudFormation",
             (Boot(r"cfn-signal", False),)),
    Decision("*/boot/*/userdata/append:/etc/hosts", DIFFERENT, "not done",
             "a pinned address for a registry the client does not pull from here; DNS "
             "decides", (Boot(r"/etc/hosts", False),)),
    Decision("*/boot/*/userdata/write:/etc/docker/daemon.json", DIFFERENT,
             "the AMI's Docker settings; log size and count on the json-file driver's options "
             "(plain templates)", "no insecure registry; awslogs by default",
             (Boot(r"daemon.json", False),)),
    Decision("*/boot/*/ecs_agent_setup/01_ecs_related", DIFFERENT, "the AMI's own rules",
             "the ECS-optimized AMI routes 169.254.170.2 (task credentials) itself",
             (Boot(r"iptables", False),)),
    Decision("*/boot/*/ecs_agent_setup/04_weekly_auto_update", DIFFERENT, "not done",
             "a new AMI comes with each deploy (the SSM-published ECS-optimized image); no "
             "script from a vendor bucket", (Boot(r"crontab", False),)),
    Decision("*/boot/*/log_setup/05_cronjob_docker_cleanup", DIFFERENT, "not done",
             "the agent's task cleanup and the root-disk alarm; no cron", (Boot(r"crontab",
                                                                               False),)),
    Decision("*/boot/*/log_setup/*", DIFFERENT, "no CloudWatch agent or cfn-hup on the hosts",
             "container logs go through awslogs, host metrics through Container Insights",
             (Boot(r"amazon-cloudwatch-agent|cfn-hup", False),)),
    Decision("*/boot/*/userdata/run:*", DIFFERENT, "not done",
             "network facts come from the contract check before deploy, not a log at boot",
             (Boot(r"ec2.py|^ping ", False),)),
    Decision("*/boot/*/userdata/log:*", DIFFERENT, "boot failures to the instance's console "
             "(stderr)", "one place an operator reads through Session Manager",
             (Boot(r"whatsapp.log", False),)),
    Decision("*/boot/*/userdata/mkdir:*", DIFFERENT, "the AMI's folders",
             "the ECS-optimized AMI has them", (Boot(r"^mkdir -p /etc/", False),)),
    Decision("*/boot/*", DIFFERENT, "none of it: the ECS-optimized Amazon Linux 2023 AMI has "
             "Docker and the agent", "the vendor builds a CentOS host by hand (packages, "
             "Docker, the agent as a container, cfn-init); the AMI's are patched by AWS",
             (Boot(r"yum |pip3 |systemctl ", False),)),
    Decision("wa_ent/host/AWSRegionToAMI", DIFFERENT, "the ECS-optimized Amazon Linux 2023 "
             "AMI from SSM", "a hard-coded map goes stale", (Boot(r"^dnf install"),)),
    Decision("wa_ent/host/ContainerInstances/IamInstanceProfile", DIFFERENT,
             "the host role: the ECS agent on this cluster, the EFS mount, Session Manager's "
             "five calls",
             "least privilege; no password or metric grants on the hosts (the task role has "
             "them)", (HostGrant("ssm:GetParameter", False), HostGrant("kms:Decrypt", False),
                      HostGrant("ecs:RegisterContainerInstance"))),
    Decision("wa_ent/host/*ContainerInstances/KeyName", DIFFERENT, "no key pair",
             "Session Manager instead of SSH",
             (HostGrant("ssmmessages:OpenDataChannel"),
              HostGrant("managed:AmazonSSMManagedInstanceCore", False))),
    Decision("wa_ent/host/Web*", NOT_BUILT, "one host group for every role",
             "Webapps share the hosts the plan sizes", (Container("web", True),)),
    Decision("wa_ent/host/HAECSAutoScalingGroupWeb/*", NOT_BUILT, "one host group",
             "see the Webapp hosts", (Container("web", True),)),
    Decision("wa_ent/host/Single*", NOT_BUILT, "no single-host group", "HA + Multiconnect only",
             (Container("master", True),)),
    Decision("wa_ent/host/ClusterMemory*", SAME, "MemoryReservation average over 60 s, > 85 % "
             "adds a host, < 30 % removes one, 60 s cooldown", "the vendor's scaling (SPEC)",
             (ClusterSetting("memory_scaling", value=[
                 ("GreaterThanThreshold", 85.0, 60, 1), ("LessThanThreshold", 30.0, 60, 1)]),)),
    Decision("wa_ent/host/*", DIFFERENT, "the plan's host type and counts, encrypted gp3 root "
             "volume, private subnets, EFS encrypted with its own rotated key and a policy "
             "(TLS only; the mount granted to the hosts' role, none to anonymous clients) "
             "unless an existing one is given", "sized and "
             "hardened (docs/stacks.md)", (Boot(r"efs _netdev,noresvport,tls,iam"),)),
    # --- IAM -------------------------------------------------------------------------------------
    Decision("wa_ent/iam/EC2Role/ssm:GetParameter", DIFFERENT, "on the task role, the password "
             "parameter only", "see TaskRoleArn", (TaskGrant("ssm:GetParameter"),
                                                   HostGrant("ssm:GetParameter", False))),
    Decision("wa_ent/iam/EC2Role/kms:Decrypt", DIFFERENT, "on the task role, the parameters' "
             "key only", "see TaskRoleArn", (TaskGrant("kms:Decrypt"),)),
    Decision("wa_ent/iam/EC2Role/cloudwatch:PutMetricData", DIFFERENT,
             "on the task role, outside the namespaces the alarms read", "see TaskRoleArn",
             (TaskGrant("cloudwatch:PutMetricData"),
              HostGrant("cloudwatch:PutMetricData", False))),
    Decision("wa_ent/iam/EC2Role/ecs:*", SAME, "the agent's calls, on this cluster",
             "the ECS agent", (HostGrant("ecs:RegisterContainerInstance"),
                               HostGrant("ecs:Poll"), HostGrant("ecs:DiscoverPollEndpoint"))),
    Decision("wa_ent/iam/EC2Role/managed:*", DIFFERENT, "no managed policy: the five calls "
             "Session Manager needs", "no registry (public images), no log grants (execution "
             "role), no EC2 read, and no SSM parameter reads (AmazonSSMManagedInstanceCore "
             "reads every parameter in the account)",
             (HostGrant("managed:AmazonEC2ReadOnlyAccess", False),
              HostGrant("managed:CloudWatchLogsFullAccess", False))),
    Decision("wa_ent/iam/EC2Role/*", DIFFERENT, "not granted", "the hosts pull public images, "
             "log through the execution role and read no bucket",
             (HostGrant("logs:*", False), HostGrant("ecr:*", False), HostGrant("s3:*", False))),
    Decision("wa_ent/iam/ECSTaskExecRole/*", DIFFERENT,
             "per task: ssm:GetParameters on this deployment's DB settings, its key, the JWT "
             "secret (Webapps), its log group", "the vendor's role reads every parameter of the "
             "account (AmazonSSMReadOnlyAccess)", (Secret("WA_DB_HOSTNAME"),)),
    Decision("wa_ent/iam/*", DIFFERENT, "no such role", "ECS's service-linked role does the "
             "load balancer and scaling work; keys have policies of their own",
             (HostGrant("ec2:AuthorizeSecurityGroupIngress", False),)),
    Decision("wa_ent_lambda/iam/*", DIFFERENT,
             "the DB settings function: put/get/delete on this deployment's parameters and the "
             "password's copy, encrypt with its key, read the DB secret, its own log stream",
             "the vendor's function may change any parameter of the account",
             (ClusterSetting("password_copies"),)),
    Decision("wa_ent_lambda/*", DIFFERENT, "a maintained Python runtime, 60 s, 128 MB, an "
             "encrypted log group", "python3.8 is retired",
             (ClusterSetting("password_copies"),)),
    # --- network and database (the cluster contract proves the flows) ----------------------------
    Decision("wa_ent/net/EcsSecurityGroupEWTraffic", DIFFERENT,
             "the hosts reach each other on the containers' host ports only",
             "what the nodes need, proven by the contract check",
             (ClusterSetting("flows_ok"),)),
    Decision("wa_ent/net/*", DIFFERENT, "no SSH or exporter ports; the API on 443 from the VPC "
             "(or named CIDRs); EFS from the hosts; egress as the contract lists",
             "the vendor opens 22, 443, 8080, 9100 to the world", (ClusterSetting("flows_ok"),)),
    Decision("wa_ent/db/param/DBPassword", DIFFERENT, "generated in Secrets Manager",
             "never a parameter default", (Secret("WA_DB_PASSWORD"),)),
    Decision("wa_ent/db/param/EncryptDBConn", SAME, "TLS to the database on by default",
             "the vendor's default", (Mount("/opt/certs"),)),
    Decision("wa_ent/db/param/*", DIFFERENT, "context keys and template parameters of ours "
             "(docs/reference/inputs.md)", "see each input", (Env("WA_CONFIG_ON_DB", "1"),)),
    Decision("wa_ent_db/*", DIFFERENT, "RDS MySQL 8.0 by default (Aurora MySQL or PostgreSQL "
             "by choice), encrypted, private, 7-day backups, snapshot on delete, TLS enforced "
             "when on, its own security group from the hosts", "sized by the plan; the vendor's "
             "database is open to 0.0.0.0/0 with 1-day backups", (ClusterSetting("flows_ok"),)),
    Decision("wa_ent_net/*", DIFFERENT, "our network tier: private subnets with a NAT per AZ, "
             "flow logs", "the contract check proves every flow", (ClusterSetting("flows_ok"),)),
    # --- the vendor's monitoring stack -----------------------------------------------------------
    Decision("wa_ent_monitoring/[es]*/WA_WEB_[UP]*", DIFFERENT, "no Webapp user: WA_API_KEY, a "
             "generated Secrets Manager secret on the Webapps, which the health probe alone "
             "may read (a user stays an option, docs/probe.md)",
             "we generate the key so the probe needs no user: the client opens /v1/health, "
             "/metrics and /v1/stats to it (Meta, \"Health\", On-Premises API reference, "
             "https://developers.facebook.com/docs/whatsapp/on-premises/reference/health)",
             (Secret("WA_API_KEY", roles=WEB), Secret("WA_API_KEY", False, roles=MASTER),
              Secret("WA_API_KEY", False, roles=COREAPP))),
    Decision("wa_ent_monitoring/*", NOT_BUILT, "not built: the health probe, alarms and "
             "dashboard in CloudWatch (docs/monitor.md)", "no servers to patch, no SSH, no "
             "admin password in a parameter", (Container("prometheus", False),
                                               Container("grafana", False))),
)


def decision_for(fact_id: str) -> Decision | None:
    return next((d for d in LEDGER if fnmatch.fnmatchcase(fact_id, d.facts)), None)


def decided() -> list[tuple[VendorFact, Decision | None]]:
    return [(fact, decision_for(fact.id)) for fact in FACTS]


# How many facts each decision covers, as reviewed: a regenerated vendor_facts.json that
# adds a fact under a pattern changes its count, and the tests name the decision to review.
COVERS: dict[str, int] = {
    'wa_ent/env/WA_RUNNING_ENV': 1,
    'wa_ent/env/WA_RUNNING_ENV_VERSION': 1,
    'wa_ent/env/AWS_REGION': 1,
    'wa_ent/env/AWS_STACK_NAME': 1,
    'wa_ent/env/WA_APP_MULTICONNECT': 1,
    'wa_ent/env/WA_CONFIG_ON_DB': 1,
    'wa_ent/env/WA_DB_CONNECTION_IDLE_TIMEOUT': 1,
    'wa_ent/env/WA_DB_ENGINE': 1,
    'wa_ent/env/WA_DB_PERSISTENT': 1,
    'wa_ent/env/WA_DB_PORT': 1,
    'wa_ent/env/WA_DB_USERNAME': 1,
    'wa_ent/env/WA_DB_SSL_CA': 1,
    'wa_ent/env/WA_DB_SSL_[CK]E[RY]*': 2,
    'wa_ent/env/WA_MASTER_NODE': 1,
    'wa_ent/env/WA_WEB_SERVERNAME': 1,
    'wa_ent/env/WACORE_HOSTNAME': 1,
    'wa_ent/secret/WA_DB_HOSTNAME': 1,
    'wa_ent/secret/WA_WEB_JWT_CRYPTO_KEY': 1,
    'wa_ent/parameter/StorePassword': 1,
    'wa_ent/parameter/StoreHostName': 1,
    'wa_ent/parameter/StoreJWTSecret': 1,
    'wa_ent/command/WAEnt*': 5,
    'wa_ent/command/HostExporter*': 2,
    'wa_ent/container/WAEnt*/Image': 5,
    'wa_ent/container/HostExporter*': 2,
    'wa_ent/mount/data-vol:*': 1,
    'wa_ent/mount/media-vol:*': 1,
    'wa_ent/mount/cert-vol:*': 1,
    'wa_ent/mount/volumes-from:*': 1,
    'wa_ent/mount/*': 7,
    'wa_ent/task/volume/[dmc]*-vol': 5,
    'wa_ent/task/volume/*': 4,
    'wa_ent/port/625[0-3]': 4,
    'wa_ent/port/443': 1,
    'wa_ent/port/*': 2,
    'wa_ent/memory/WAEnt*': 5,
    'wa_ent/memory/HostExporter*': 2,
    'wa_ent/health/none': 1,
    'wa_ent/ulimit/none': 1,
    'wa_ent/log/LogDriver': 1,
    'wa_ent/log/option/*': 3,
    'wa_ent/log/WALogGroup/*': 1,
    'wa_ent/task/WAEnt*/TaskRoleArn': 4,
    'wa_ent/task/WAEnt*/ExecutionRoleArn': 4,
    'wa_ent/task/WAEnt*/NetworkMode': 4,
    'wa_ent/task/WAEnt*/Family': 4,
    'wa_ent/task/WAEntTaskdefinition/*': 1,
    'wa_ent/task/WAEntHA*/Condition': 3,
    'wa_ent/task/HostExporter*': 4,
    'wa_ent/service/WAEntService/*': 12,
    'wa_ent/service/HostExporterService/*': 9,
    'wa_ent/service/*/HealthCheckGracePeriodSeconds': 4,
    'wa_ent/service/*/DeploymentConfiguration': 4,
    'wa_ent/service/*/PlacementConstraints': 4,
    'wa_ent/service/*/PlacementStrategies': 4,
    'wa_ent/service/*/LaunchType': 4,
    'wa_ent/service/*/Role': 1,
    'wa_ent/service/*/DependsOn': 4,
    'wa_ent/service/*/DesiredCount': 4,
    'wa_ent/service/*': 13,
    '*/agent/ECS_ENABLE_CONTAINER_METADATA': 2,
    '*/agent/ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION': 2,
    '*/agent/ECS_AVAILABLE_LOGGING_DRIVERS': 2,
    '*/agent/ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE': 2,
    '*/agent/ECS_CLUSTER': 2,
    '*/agent/ECS_ENABLE_TASK_IAM_ROLE': 2,
    '*/agent/ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST': 2,
    '*/agent/*': 6,
    '*/imds/*': 3,
    'wa_ent/boot/*/mnt_execute/03_permissions': 2,
    'wa_ent/boot/*/mnt_execute/02_subdirs': 1,
    'wa_ent/boot/*/mnt_execute/01_mount': 1,
    'wa_ent/boot/*/mnt_setup/*': 2,
    'wa_ent/boot/*/configsets/MountConfig': 1,
    'wa_ent/boot/*/userdata/cfn-init:MountConfig': 1,
    'wa_ent/boot/*/userdata/if:DBCaUrl': 1,
    'wa_ent/boot/*/userdata/if:DB[CK]e*Url': 2,
    'wa_ent/boot/*/userdata/mkdir:/opt/certs': 1,
    '*/boot/*/userdata/ecs.config:*': 5,
    '*/boot/*/userdata/sed:/etc/ecs/ecs.config:ECS_CLUSTER': 2,
    '*/boot/*/ecs_agent_setup/file:/etc/ecs/ecs.config': 3,
    '*/boot/*/shebang': 2,
    '*/boot/*/userdata/set:result': 2,
    '*/boot/*/userdata/if:HAMode': 1,
    '*/boot/*/userdata/cfn-signal:*': 2,
    '*/boot/*/userdata/append:/etc/hosts': 1,
    '*/boot/*/userdata/write:/etc/docker/daemon.json': 1,
    '*/boot/*/ecs_agent_setup/01_ecs_related': 2,
    '*/boot/*/ecs_agent_setup/04_weekly_auto_update': 2,
    '*/boot/*/log_setup/05_cronjob_docker_cleanup': 1,
    '*/boot/*/log_setup/*': 12,
    '*/boot/*/userdata/run:*': 2,
    '*/boot/*/userdata/log:*': 2,
    '*/boot/*/userdata/mkdir:*': 2,
    '*/boot/*': 38,
    'wa_ent/host/AWSRegionToAMI': 1,
    'wa_ent/host/ContainerInstances/IamInstanceProfile': 1,
    'wa_ent/host/*ContainerInstances/KeyName': 2,
    'wa_ent/host/Web*': 5,
    'wa_ent/host/HAECSAutoScalingGroupWeb/*': 8,
    'wa_ent/host/Single*': 8,
    'wa_ent/host/ClusterMemory*': 38,
    'wa_ent/host/*': 22,
    'wa_ent/iam/EC2Role/ssm:GetParameter': 1,
    'wa_ent/iam/EC2Role/kms:Decrypt': 1,
    'wa_ent/iam/EC2Role/cloudwatch:PutMetricData': 1,
    'wa_ent/iam/EC2Role/ecs:*': 7,
    'wa_ent/iam/EC2Role/managed:*': 3,
    'wa_ent/iam/EC2Role/*': 16,
    'wa_ent/iam/ECSTaskExecRole/*': 12,
    'wa_ent/iam/*': 18,
    'wa_ent_lambda/iam/*': 11,
    'wa_ent_lambda/*': 8,
    'wa_ent/net/EcsSecurityGroupEWTraffic': 1,
    'wa_ent/net/*': 58,
    'wa_ent/db/param/DBPassword': 1,
    'wa_ent/db/param/EncryptDBConn': 1,
    'wa_ent/db/param/*': 9,
    'wa_ent_db/*': 38,
    'wa_ent_net/*': 40,
    'wa_ent_monitoring/[es]*/WA_WEB_[UP]*': 2,
    'wa_ent_monitoring/*': 118,
}
