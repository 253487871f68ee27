"""What each ECS host must be before a container starts: the agent's settings, instance
metadata options, the shared file system, and the database's CA bundle.

`boot_commands` is the one boot script both renderers put in the launch template's user data.
The ECS agent on the ECS-optimized AMI starts after cloud-init has run the user data, so
everything written here is in place before the first task. The script stops at the first
failure, before ECS_CLUSTER is written: a host without its file system or CA never joins the
cluster, so no container starts half-configured.
"""

from __future__ import annotations

from dataclasses import dataclass

from contract import syntax
from contract.roles import CLIENT_UID, DB_SSL_CA_PATH, HOST_MOUNT, VOLUMES

ECS_CONFIG = "/etc/ecs/ecs.config"
FAILED_BOOT_GRACE_MIN = 5  # a host whose boot failed stays this long for a look, then stops
HANDED_OVER = f"{HOST_MOUNT}/.wa-infra-folders-handed-over"  # see boot_commands


@dataclass(frozen=True)
class AgentSetting:
    key: str
    value: str  # a literal, or "{cluster}"
    reason: str
    source: str


AGENT_SETTINGS: tuple[AgentSetting, ...] = (
    AgentSetting("ECS_ENABLE_CONTAINER_METADATA", "true",
                 "in AWS mode each node reads its host's private address and the host ports "
                 "of its container ports from the container metadata file, and registers them "
                 "for the other nodes (what COREAPP_HOSTNAME/COREAPP_EXTERNAL_PORTS say "
                 "outside ECS)", "vendor templates v2.3.5/v3.0.3"),
    AgentSetting("ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION", "72h",
                 "a stopped container and its files stay 3 days for diagnosis after a crash "
                 "or failover (the agent's default is 3 hours)", "vendor templates"),
    AgentSetting("ECS_AVAILABLE_LOGGING_DRIVERS", '["json-file","awslogs"]',
                 "the log drivers the tasks use, independent of the AMI's default",
                 "vendor templates; ECS agent configuration"),
    AgentSetting("ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE", "true",
                 "awslogs writes with each task's execution role, so the host role needs no "
                 "log permissions", "vendor template v3.0.3; ECS agent configuration"),
    AgentSetting("ECS_ENABLE_TASK_IAM_ROLE", "true",
                 "the client's task role reaches its containers through the agent's credentials "
                 "endpoint (AWS mode's password lookup): written, not left to the AMI's default",
                 "vendor templates v3.0.3; ECS agent configuration"),
    AgentSetting("ECS_CLUSTER", "{cluster}",
                 "joins this cluster; written last, so a host whose boot failed takes no tasks",
                 "ECS agent configuration"),
)


# EventBridge detail types of a host's launch and termination, failures included: every one
# reaches the operators' encrypted topic.
HOST_EVENT_TYPES = (
    "EC2 Instance Launch Successful",
    "EC2 Instance Launch Unsuccessful",
    "EC2 Instance Terminate Successful",
    "EC2 Instance Terminate Unsuccessful",
)


# What the ECS agent calls, and nothing else: no log or registry grants, because awslogs
# writes with each task's execution role (ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE) and the
# images come from the vendor's public registry. Source: the ECS agent's IAM policy
# (AmazonEC2ContainerServiceforEC2Role) narrowed to this cluster.
AGENT_ACTIONS_ON_THE_CLUSTER = (
    "ecs:RegisterContainerInstance",
    "ecs:DeregisterContainerInstance",
    "ecs:SubmitAttachmentStateChanges",
    "ecs:SubmitContainerStateChange",
    "ecs:SubmitTaskStateChange",
)
AGENT_ACTIONS_FOR_THE_CLUSTER = (  # resource "*", limited by the ecs:cluster condition key
    "ecs:Poll",
    "ecs:StartTelemetrySession",
    "ecs:UpdateContainerInstancesState",
)
AGENT_ACTIONS_WITHOUT_RESOURCE = ("ecs:DiscoverPollEndpoint",)
# Session Manager (which replaces SSH) and nothing else of Systems Manager: the agent registers
# the instance and opens the session channels. Source: AWS Systems Manager User Guide, "Step 2:
# Verify or add instance permissions for Session Manager" (the minimal custom policy, without
# session logging to S3/CloudWatch or KMS-encrypted sessions, which are not used). None of the
# four ssmmessages calls takes a resource (the service has no resource types); the agent's
# registration is pinned to the instances of this account and region.
SESSION_MANAGER_ON_THE_INSTANCE = ("ssm:UpdateInstanceInformation",)  # this account's hosts
SESSION_MANAGER_ACTIONS = (
    *SESSION_MANAGER_ON_THE_INSTANCE,
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
)
MOUNT_ACTIONS = (  # the EFS mount helper with IAM authorization (the "iam" mount option)
    "elasticfilesystem:ClientMount",
    "elasticfilesystem:ClientWrite",
    "elasticfilesystem:ClientRootAccess",
)


def agent_statements(cluster_arn, instances_arn) -> list[dict]:
    """What the ECS agent calls on this cluster and the SSM agent needs for Session Manager,
    and nothing else (no AmazonSSMManagedInstanceCore: it reads every parameter)."""
    return [
        {"Effect": "Allow", "Action": list(AGENT_ACTIONS_ON_THE_CLUSTER),
         "Resource": cluster_arn},
        {"Effect": "Allow", "Action": list(AGENT_ACTIONS_FOR_THE_CLUSTER), "Resource": "*",
         "Condition": {"ArnEquals": {"ecs:cluster": cluster_arn}}},
        {"Effect": "Allow", "Action": list(AGENT_ACTIONS_WITHOUT_RESOURCE), "Resource": "*"},
        {"Effect": "Allow", "Action": list(SESSION_MANAGER_ON_THE_INSTANCE),
         "Resource": instances_arn},
        {"Effect": "Allow", "Resource": "*", "Action": [
            a for a in SESSION_MANAGER_ACTIONS if a not in SESSION_MANAGER_ON_THE_INSTANCE]},
    ]


def mount_statement(file_system_arn) -> dict:
    return {"Effect": "Allow", "Action": list(MOUNT_ACTIONS), "Resource": file_system_arn}


def host_policy_statements(cluster_arn, file_system_arn, instances_arn) -> list[dict]:
    """The hosts' own permissions, Session Manager's included. `instances_arn`:
    arn:<partition>:ec2:<region>:<account>:instance/*"""
    return [*agent_statements(cluster_arn, instances_arn), mount_statement(file_system_arn)]


def file_system_policy(host_role_arn) -> dict:
    """The file system's own policy, the same in both renderings: it grants the mount to the
    hosts' role, through a mount target, so an anonymous NFS client past the security group
    gets nothing (another principal of the account needs its own IAM grant), and nothing
    reaches it without TLS (the hosts mount with "tls,iam"). Source: EFS user guide, "Using IAM
    to control file system data access"."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "HostsOnly", "Effect": "Allow", "Principal": {"AWS": host_role_arn},
             "Action": list(MOUNT_ACTIONS),
             "Condition": {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}}},
            {"Sid": "TlsOnly", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        ],
    }


@dataclass(frozen=True)
class MetadataOptions:
    http_tokens: str = "required"  # IMDSv2 only
    hop_limit: int = 1
    reason: str = (
        "the client in AWS mode reads the container metadata file (and could read the task "
        "metadata endpoint, 169.254.170.2, which the agent serves and the hop limit does not "
        "touch), never instance metadata; with one hop, bridge-mode containers cannot reach "
        "instance metadata or the host role's credentials")


IMDS = MetadataOptions()


@dataclass(frozen=True)
class CaBundle:
    url: str = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem"
    host_path: str = f"{HOST_MOUNT}/certs/db-ca.pem"  # the certs volume: /opt/certs inside
    container_path: str = DB_SSL_CA_PATH
    connect_timeout_s: int = 10
    deadline_s: int = 30  # per attempt
    attempts: int = 5
    retry_window_s: int = 90  # all attempts, so an unneeded fetch costs a boot 2 minutes at most
    max_bytes: int = 1_048_576  # the global bundle is ~170 KB
    source: str = ("RDS user guide: the global certificate bundle for every commercial region; "
                   "the vendor's DBConnCA default")
    # A URL the boot script can single-quote safely: https, host, optional port, path and
    # query (a presigned URL works); no quote, space, $ or newline. Match it whole.
    url_pattern: str = rf"^{syntax.HTTPS_HOST}(/[A-Za-z0-9._~%+/=?&:@,-]*)?$"


CA = CaBundle()
# The hosts' image: AWS's public SSM parameter of the ECS-optimized Amazon Linux 2023 AMI.
AMI_PARAMETER = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"


def agent_config_lines() -> list[str]:
    """Every setting but ECS_CLUSTER, which comes last (see boot_commands)."""
    return [f"{s.key}={s.value}" for s in AGENT_SETTINGS if s.key != "ECS_CLUSTER"]


def boot_commands(file_system_id: str, ca_url: str, ca_required: str,
                  cluster: str | None) -> list[str]:
    """The user data (without the #! line). The CA bundle is fetched on every boot, so it is
    on the shared file system before TLS to the database is ever turned on; `ca_required`
    "yes" (TLS on) makes a failed fetch fatal. `cluster` None: the renderer writes ECS_CLUSTER
    itself, after these lines (the CDK does, when the capacity provider is added). Values are
    pasted as given (CDK tokens or CloudFormation ${} variables), so the script itself never
    uses ${...}."""
    folders = " ".join(v.host_path for v in VOLUMES)
    written = " ".join(v.host_path for v in VOLUMES if not v.read_only)
    read_only = " ".join(v.host_path for v in VOLUMES if v.read_only)
    certs = CA.host_path.rsplit("/", 1)[0]
    count = "$(grep -c '{} CERTIFICATE' \"$staged\")"
    lines = [
        "set -Eeuo pipefail",
        # A host that cannot finish its boot never joins; it powers off after 5 minutes (time
        # to look with Session Manager) and the Auto Scaling group replaces it.
        "trap 'echo \"wa-infra: boot failed at line $LINENO\" >&2; "
        f"shutdown -h +{FAILED_BOOT_GRACE_MIN}' ERR",
        f"cat >> {ECS_CONFIG} <<'EOF'",
        *agent_config_lines(),
        "EOF",
        "dnf install -y amazon-efs-utils",
        f"mkdir -p {HOST_MOUNT}",
        f"echo '{file_system_id}:/ {HOST_MOUNT} efs _netdev,noresvport,tls,iam 0 0' >> /etc/fstab",
        f"for i in $(seq 1 60); do mount {HOST_MOUNT} && break; sleep 5; done",
        f"mountpoint -q {HOST_MOUNT}",
        f"mkdir -p {folders}",  # one command a line: a failure in an && list goes unseen
        f"chmod 755 {HOST_MOUNT} {read_only}",
        # The client's folders belong to the AMI's user, as both vendor versions hand them,
        # and every node's processes may write there (v3: world-writable). Only the folders
        # themselves: a recursive walk of a large media store would slow every boot.
        f"chown {CLIENT_UID}:{CLIENT_UID} {written}",
        f"chmod 777 {written}",
        # Once per file system, what lies inside too (v3 hands the folders over recursively;
        # an earlier version or a root process may have left 755 folders there): the marker
        # keeps later boots from walking a large media store again. Best effort: a file that
        # another host's client removes during the walk must not stop this host's boot.
        f"if [ ! -e {HANDED_OVER} ]; then",
        f"  chown -R {CLIENT_UID}:{CLIENT_UID} {written} 2>/dev/null"
        " || echo 'wa-infra: some files changed during the hand-over' >&2",
        f"  chmod -R a+rwX {written} 2>/dev/null"
        " || echo 'wa-infra: some files changed during the hand-over' >&2",
        f"  touch {HANDED_OVER}",
        "fi",
        f"db_ca_url='{ca_url}'",
        f"db_ca_required='{ca_required}'",
        "fetch_db_ca() {",
        "  local staged",
        f"  staged=$(mktemp {certs}/.db-ca.XXXXXX) || return 1  # unique on the shared folder",
        f"  if curl --fail --silent --show-error --proto '=https' --tlsv1.2 "
        f"--connect-timeout {CA.connect_timeout_s} --max-time {CA.deadline_s} "
        f"--max-filesize {CA.max_bytes} --retry {CA.attempts - 1} --retry-all-errors "
        f'--retry-max-time {CA.retry_window_s} --output "$staged" "$db_ca_url" \\',
        f'    && [ {count.format("BEGIN")} -gt 0 ] \\',
        f'    && [ {count.format("BEGIN")} = {count.format("END")} ] \\',
        f'    && chmod 644 "$staged" && mv -f "$staged" {CA.host_path}; then',
        "    return 0",
        "  fi",
        '  rm -f "$staged"',
        "  return 1",
        "}",
        # A bundle another host fetched stays good when this fetch fails (an expired
        # presigned URL, the truststore unreachable): only no bundle at all stops a TLS host.
        "if fetch_db_ca; then",
        '  echo "wa-infra: DB CA bundle fetched" >&2',
        f"elif [ -s {CA.host_path} ]; then",
        '  echo "wa-infra: DB CA bundle not fetched, keeping the one on the file system" >&2',
        'elif [ "$db_ca_required" = yes ]; then',
        "  false  # TLS to the database is on and there is no bundle: stop here",
        "else",
        '  echo "wa-infra: no DB CA bundle yet (TLS to the database is off)" >&2',
        "fi",
    ]
    if cluster is not None:
        lines.append(f"echo 'ECS_CLUSTER={cluster}' >> {ECS_CONFIG}")
    return lines
