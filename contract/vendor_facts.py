"""Runtime facts of the vendor's AWS CloudFormation templates (generated: do not edit).

Source: WhatsApp/whatsapp-business-api-deployment-templates at f7fc72591336:
src/aws/{wa_ent,wa_ent_db,wa_ent_lambda,wa_ent_monitoring,wa_ent_net}.yml.
Version: the CFN version that wa_ent.yml's header comment names (3.0.3); the
repository's CHANGELOG.md is empty at this commit.
Regenerate (with --check: exit 1 and show the difference when stale):

    python -m tools.vendor_facts [--check] \
        --vendor-git <git directory of a clone of https://github.com/WhatsApp/whatsapp-business-api-deployment-templates>

Each fact: a stable id (template/kind/...), the resources it holds for, a short
normalised value in our words or a bare value, and its 1-based lines in the template.
"""

from __future__ import annotations

from dataclasses import dataclass

VENDOR = "WhatsApp/whatsapp-business-api-deployment-templates"
VENDOR_COMMIT = "f7fc72591336c9aebafe1abb15530d303c76534f"
VENDOR_VERSION = "v3.0.3"
TEMPLATE_VERSIONS = {"wa_ent": "3.0.3", "wa_ent_monitoring": "1.0.2"}
KINDS = (
    "agent", "boot", "command", "container", "db", "entrypoint", "env", "health", "host", "iam",
    "imds", "log", "memory", "mount", "net", "parameter", "port", "secret", "service", "task",
    "ulimit",
)


@dataclass(frozen=True)
class VendorFact:
    """One runtime fact of the vendor's templates: `lines` are 1-based lines in `template`."""

    id: str
    kind: str
    template: str
    subject: str
    value: str
    lines: tuple[int, ...]


FACTS: tuple[VendorFact, ...] = (
    VendorFact(
        id="wa_ent/agent/ECS_AVAILABLE_LOGGING_DRIVERS",
        kind="agent",
        template="wa_ent",
        subject=(
            "ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup), "
            "WebContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)"
        ),
        value="[\"json-file\",\"awslogs\"]",
        lines=(1511, 2018),
    ),
    VendorFact(
        id="wa_ent/agent/ECS_CLUSTER",
        kind="agent",
        template="wa_ent",
        subject=(
            "ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup), "
            "ContainerInstances user data (sed), WebContainerInstances user data (sed), "
            "WebContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)"
        ),
        value=(
            "default [ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup), "
            "WebContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)]; {Ref "
            "ECSCluster} [ContainerInstances user data (sed), WebContainerInstances user data "
            "(sed)]"
        ),
        lines=(1513, 1944, 2020, 2438),
    ),
    VendorFact(
        id="wa_ent/agent/ECS_DATADIR",
        kind="agent",
        template="wa_ent",
        subject=(
            "ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup), "
            "WebContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)"
        ),
        value="/data",
        lines=(1507, 2014),
    ),
    VendorFact(
        id="wa_ent/agent/ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE",
        kind="agent",
        template="wa_ent",
        subject=(
            "ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup), "
            "ContainerInstances user data, WebContainerInstances user data"
        ),
        value="true",
        lines=(1514, 1941, 2435),
    ),
    VendorFact(
        id="wa_ent/agent/ECS_ENABLE_CONTAINER_METADATA",
        kind="agent",
        template="wa_ent",
        subject="ContainerInstances user data, WebContainerInstances user data",
        value="true",
        lines=(1942, 2436),
    ),
    VendorFact(
        id="wa_ent/agent/ECS_ENABLE_TASK_IAM_ROLE",
        kind="agent",
        template="wa_ent",
        subject=(
            "ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup), "
            "WebContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)"
        ),
        value="true",
        lines=(1508, 2015),
    ),
    VendorFact(
        id="wa_ent/agent/ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST",
        kind="agent",
        template="wa_ent",
        subject=(
            "ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup), "
            "WebContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)"
        ),
        value="true",
        lines=(1509, 2016),
    ),
    VendorFact(
        id="wa_ent/agent/ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION",
        kind="agent",
        template="wa_ent",
        subject="ContainerInstances user data, WebContainerInstances user data",
        value="72h",
        lines=(1943, 2437),
    ),
    VendorFact(
        id="wa_ent/agent/ECS_LOGFILE",
        kind="agent",
        template="wa_ent",
        subject=(
            "ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup), "
            "WebContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)"
        ),
        value="/log/ecs-agent.log",
        lines=(1510, 2017),
    ),
    VendorFact(
        id="wa_ent/agent/ECS_LOGLEVEL",
        kind="agent",
        template="wa_ent",
        subject=(
            "ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup), "
            "WebContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)"
        ),
        value="info",
        lines=(1512, 2019),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/cloud-config:bootcmd",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="cloud-config bootcmd: (empty)",
        lines=(1856, 2350),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/cloud-config:output",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="cloud-config output: {\"all\": \"| tee -a /var/log/cloud-init-output.log\"}",
        lines=(1860, 2354),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/configsets/DockerConfig",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="runs configs pkg_install, ecs_agent_setup",
        lines=(1484, 1991),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/configsets/LogsConfig",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="runs configs log_setup",
        lines=(1490, 1997),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/configsets/MountConfig",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="runs configs mnt_setup, mnt_execute",
        lines=(1487, 1994),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/ecs_agent_setup/01_ecs_related",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "appends 'net.ipv4.conf.all.route_localnet = 1' to /etc/sysctl.conf; applies the "
            "kernel settings of /etc/sysctl.conf; adds a nat PREROUTING rule: 169.254.170.2 port "
            "80 to 127.0.0.1:51679; adds a nat OUTPUT rule: 169.254.170.2 port 80 to 51679; saves "
            "the firewall rules to /etc/sysconfig/iptables"
        ),
        lines=(1552, 2058),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/ecs_agent_setup/02_disable_docker_ecs",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="systemctl disable docker; systemctl disable docker-container@ecs-agent.service",
        lines=(1559, 2065),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/ecs_agent_setup/03_create_log_dir",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="creates directories /var/log/ecs, /var/lib/ecs/data",
        lines=(1563, 2069),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/ecs_agent_setup/04_weekly_auto_update",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "copies s3://wa-biz-cfn/scripts/update_ecs_agent.sh to "
            "/opt/whatsapp/bin/update_ecs_agent.sh; mode +x on "
            "/opt/whatsapp/bin/update_ecs_agent.sh; saves the current crontab to "
            "/tmp/crontab_update_ecs.txt; appends '0 0 * * 0 "
            "/opt/whatsapp/bin/update_ecs_agent.sh' to /tmp/crontab_update_ecs.txt; installs "
            "crontab from /tmp/crontab_update_ecs.txt"
        ),
        lines=(1566, 2072),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/ecs_agent_setup/file:/etc/ecs/ecs.config",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances",
        value=(
            "mode 000644, owner root:root; ECS_DATADIR=/data, ECS_ENABLE_TASK_IAM_ROLE=true, "
            "ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST=true, ECS_LOGFILE=/log/ecs-agent.log, "
            "ECS_AVAILABLE_LOGGING_DRIVERS=[\"json-file\",\"awslogs\"], ECS_LOGLEVEL=info, "
            "ECS_CLUSTER=default, ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true"
        ),
        lines=(1505,),
    ),
    VendorFact(
        id=(
            "wa_ent/boot/ContainerInstances/ecs_agent_setup/file:/etc/systemd/system/docker-contain"
            "er@ecs-agent.service"
        ),
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "mode 000644, owner root:root; service runs /usr/bin/docker run "
            "amazon/amazon-ecs-agent:latest with --name --privileged --restart --volume x4 --net "
            "--env-file; Requires=docker.service, After=docker.service, Restart=always, "
            "ExecStop=/usr/bin/docker rm -f %i, WantedBy=default.target"
        ),
        lines=(1518, 2024),
    ),
    VendorFact(
        id=(
            "wa_ent/boot/ContainerInstances/ecs_agent_setup/file:/opt/whatsapp/bin/update_ecs_agent"
            ".sh"
        ),
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "mode 000755, owner root:root; shell script: prints a message; systemctl stop "
            "docker-container@ecs-agent.service; docker pull of amazon/amazon-ecs-agent:latest; "
            "systemctl start docker-container@ecs-agent.service"
        ),
        lines=(1544, 2050),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/log_setup/01_create_state_directory",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "creates directories /var/awslogs/state; creates directories /var/log/whatsapp/archive"
        ),
        lines=(1761, 2265),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/log_setup/01_setupCfnHup/01enable_cfn_hup",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="systemctl enable cfn-hup.service (not in any configSet: cfn-init never runs it)",
        lines=(1814, 2318),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/log_setup/01_setupCfnHup/02start_cfn_hup",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="systemctl start cfn-hup.service (not in any configSet: cfn-init never runs it)",
        lines=(1816, 2320),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/log_setup/01_setupCfnHup/file:/etc/cfn/cfn-hup.conf",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "mode 000400, owner root:root; stack=${AWS::StackId}, region=${AWS::Region}, "
            "interval=1 (not in any configSet: cfn-init never runs it)"
        ),
        lines=(1784, 2288),
    ),
    VendorFact(
        id=(
            "wa_ent/boot/ContainerInstances/log_setup/01_setupCfnHup/file:/etc/cfn/hooks.d/amazon-c"
            "loudwatch-agent-auto-reloader.conf"
        ),
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "mode 000400, owner root:root; triggers=post.update, "
            "path=Resources.EC2Instance.Metadata.AWS::CloudFormation::Init.02_config-amazon-cloudwa"
            "tch-agent, action=/opt/aws/bin/cfn-init -v --stack ${AWS::StackId} --resource "
            "EC2Instance --region ${AWS::Region} --configsets UpdateEnvironment, runas=root (not "
            "in any configSet: cfn-init never runs it)"
        ),
        lines=(1793, 2297),
    ),
    VendorFact(
        id=(
            "wa_ent/boot/ContainerInstances/log_setup/01_setupCfnHup/file:/lib/systemd/system/cfn-h"
            "up.service"
        ),
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "mode not set, owner not set; service runs /opt/aws/bin/cfn-hup; Restart=always, "
            "WantedBy=multi-user.target (not in any configSet: cfn-init never runs it)"
        ),
        lines=(1803, 2307),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/log_setup/02_run_awslogs_agent_setup",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "downloads https://s3.amazonaws.com/amazoncloudwatch-agent/centos/amd64/latest/amazon-c"
            "loudwatch-agent.rpm; installs the package file ./amazon-cloudwatch-agent.rpm"
        ),
        lines=(1766, 2270),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/log_setup/03_stop_service",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "runs /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl (action stop) "
            "with 2 arguments"
        ),
        lines=(1770, 2274),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/log_setup/04_start_service",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "runs /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl (action "
            "fetch-config) with 7 arguments"
        ),
        lines=(1772, 2276),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/log_setup/05_cronjob_docker_cleanup",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "saves the current crontab to /tmp/crontab_docker_cleanup.txt; appends '0 0 * * * "
            "/opt/whatsapp/bin/docker_log_cleanup.sh' to /tmp/crontab_docker_cleanup.txt; installs "
            "crontab from /tmp/crontab_docker_cleanup.txt"
        ),
        lines=(1774, 2278),
    ),
    VendorFact(
        id=(
            "wa_ent/boot/ContainerInstances/log_setup/file:/opt/aws/amazon-cloudwatch-agent/etc/ama"
            "zon-cloudwatch-agent.json"
        ),
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "mode 000644, owner root:root; JSON settings: run_as_user=root, "
            "file_path=/var/log/cloud-init.log|/var/log/cloud-init-output.log|/var/log/cfn-init.log"
            "|/var/log/cfn-hup.log|/var/log/cfn-wire.log|/var/log/whatsapp.log, "
            "log_group_name=!Ref WALogGroup, log_stream_name={instance_id}/cloud-init.log|{instance"
            "_id}/cloud-init-output.log|{instance_id}/cfn-init.log|{instance_id}/cfn-hup.log|{insta"
            "nce_id}/cfn-wire.log|{instance_id}/whatsapp.log, timezone=local (holds a literal '!' "
            "tag: not substituted inside Sub)"
        ),
        lines=(1611, 2115),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/log_setup/file:/opt/whatsapp/bin/docker_log_cleanup.sh",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "mode 000755, owner root:root; shell script: docker ps; runs grep with 2 arguments; "
            "runs cut with 4 arguments piped into a loop that: prints a message; docker exec of "
            "/opt/whatsapp/bin/cleanup.sh"
        ),
        lines=(1750, 2254),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/log_setup/file:/opt/whatsapp/bin/ec2.py",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "mode 000755, owner root:root; python script calling describe_dhcp_options, "
            "describe_subnets, describe_vpc_attribute, describe_vpcs"
        ),
        lines=(1665, 2169),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/mnt_execute/01_mount",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "mounts ${EFSName}.efs.${AWS::Region}.amazonaws.com:/ on /mnt/wa (type nfs4, options "
            "nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2); appends "
            "'${EFSName}.efs.${AWS::Region}.amazonaws.com:/ /mnt/wa nfs4 "
            "nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2 0 0' to /etc/fstab; "
            "logs a status line to /var/log/whatsapp.log; when [$? -ne 0]: runs exit with 1 "
            "arguments [EFSName = If CreateEFS Ref FileSystem else Ref EFSId (default \"\")]"
        ),
        lines=(1585, 2091),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/mnt_execute/02_subdirs",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="changes to /mnt/wa; creates directories data, media",
        lines=(1599, 2105),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/mnt_execute/03_permissions",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances",
        value=(
            "owner ec2-user:ec2-user on /mnt/wa/data, /mnt/wa/media; mode a+rw on /mnt/wa/data, "
            "/mnt/wa/media (recursive)"
        ),
        lines=(1603,),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/mnt_setup/01_createdir",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="creates directories /mnt/wa",
        lines=(1579, 2085),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/mnt_setup/packages/yum:nfs-utils",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="yum package nfs-utils (any version)",
        lines=(1577, 2083),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/pkg_install/01_update_and_prepare",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "yum update; yum install: wget, yum-utils; adds yum repository "
            "https://download.docker.com/linux/centos/docker-ce.repo; yum makecache"
        ),
        lines=(1494, 2001),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/pkg_install/02_pkg_install",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="yum install: docker-ce, mysql, epel-release, python-boto3, awscli",
        lines=(1500, 2007),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/shebang",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="interpreter /bin/bash -xe",
        lines=(1868, 2362),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/append:/etc/hosts",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="appends '54.242.69.11 registry.whatsapp.net' to /etc/hosts",
        lines=(1950, 2444),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/cfn-init:DockerConfig",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="cfn-init runs configset DockerConfig of this resource",
        lines=(1879, 2373),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/cfn-init:LogsConfig",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="cfn-init runs configset LogsConfig of this resource",
        lines=(1884, 2378),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/cfn-init:MountConfig",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="cfn-init runs configset MountConfig of this resource",
        lines=(1917, 2411),
    ),
    VendorFact(
        id=(
            "wa_ent/boot/ContainerInstances/userdata/ecs.config:ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OV"
            "ERRIDE"
        ),
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="appends ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true to /etc/ecs/ecs.config",
        lines=(1941, 2435),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/ecs.config:ECS_ENABLE_CONTAINER_METADATA",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="appends ECS_ENABLE_CONTAINER_METADATA=true to /etc/ecs/ecs.config",
        lines=(1942, 2436),
    ),
    VendorFact(
        id=(
            "wa_ent/boot/ContainerInstances/userdata/ecs.config:ECS_ENGINE_TASK_CLEANUP_WAIT_DURATI"
            "ON"
        ),
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="appends ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION=72h to /etc/ecs/ecs.config",
        lines=(1943, 2437),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/if:DBCaUrl",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "when [! -z ${DBCaUrl}]: logs a status line to /var/log/whatsapp.log; changes to "
            "/opt/certs; downloads ${DBCaUrl} to db-ca.pem; lists /opt/certs/db-ca.pem [DBCaUrl = "
            "If IsDBConnEncrypted Ref DBConnCA (default https://truststore.pki.rds.amazonaws.com/gl"
            "obal/global-bundle.pem) else \"\"]"
        ),
        lines=(1895, 2389),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/if:DBCertUrl",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "when [! -z ${DBCertUrl}]: logs a status line to /var/log/whatsapp.log; changes to "
            "/opt/certs; downloads ${DBCertUrl} to db-cert.pem; lists /opt/certs/db-cert.pem "
            "[DBCertUrl = If IsDBConnEncrypted Ref DBConnCert (default \"\") else \"\"]"
        ),
        lines=(1902, 2396),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/if:DBKeyUrl",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "when [! -z ${DBKeyUrl}]: logs a status line to /var/log/whatsapp.log; changes to "
            "/opt/certs; downloads ${DBKeyUrl} to db-key.pem; lists /opt/certs/db-key.pem "
            "[DBKeyUrl = If IsDBConnEncrypted Ref DBConnKey (default \"\") else \"\"]"
        ),
        lines=(1909, 2403),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/if:HAMode",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances",
        value=(
            "when [${HAMode} == 'Yes']: cfn-signal sends exit status $result to "
            "HAECSAutoScalingGroup otherwise: cfn-signal sends exit status $result to "
            "SingleECSAutoScalingGroup [HAMode = If IsHA Yes else No]"
        ),
        lines=(1953,),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/log:/var/log/whatsapp.log",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="logs a status line to /var/log/whatsapp.log",
        lines=(
            1881, 1886, 1890, 1919, 1936, 1948, 1951, 1959, 2375, 2380, 2384, 2413, 2430, 2442,
            2445, 2449,
        ),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/mkdir:/etc/docker",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="creates directories /etc/docker",
        lines=(1921, 2415),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/mkdir:/etc/ecs",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="creates directories /etc/ecs; creates file /etc/ecs/ecs.config",
        lines=(1940, 2434),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/mkdir:/opt/certs",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="creates directories /opt/certs",
        lines=(1893, 2387),
    ),
    VendorFact(
        id=(
            "wa_ent/boot/ContainerInstances/userdata/pip3-install:https://s3.amazonaws.com/cloudfor"
            "mation-examples/aws-cfn-bootstrap-py3-latest.tar.gz"
        ),
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "pip3 install: https://s3.amazonaws.com/cloudformation-examples/aws-cfn-bootstrap-py3-l"
            "atest.tar.gz"
        ),
        lines=(1874, 2368),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/pip3-install:pip",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="pip3 install (upgrade): pip",
        lines=(1872, 2366),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/pip3-install:setuptools",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="pip3 install (upgrade): setuptools",
        lines=(1873, 2367),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/run:/opt/whatsapp/bin/ec2.py",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="runs /opt/whatsapp/bin/ec2.py with 3 arguments; output to /var/log/whatsapp.log",
        lines=(1889, 2383),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/run:ping",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="runs ping with 5 arguments; output to /var/log/whatsapp.log",
        lines=(1891, 2385),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/sed:/etc/ecs/ecs.config:ECS_CLUSTER",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="sets ECS_CLUSTER=${ECSCluster} in /etc/ecs/ecs.config",
        lines=(1944, 2438),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/set:PATH",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="exports PATH=$PATH:/usr/local/bin",
        lines=(1876, 2370),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/set:result",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="adds the last exit status to result; sets result=0",
        lines=(1880, 1885, 1916, 1918, 1935, 1947, 2374, 2379, 2410, 2412, 2429, 2441),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/systemctl-enable:docker",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="systemctl enable docker",
        lines=(1933, 2427),
    ),
    VendorFact(
        id=(
            "wa_ent/boot/ContainerInstances/userdata/systemctl-enable:docker-container@ecs-agent.se"
            "rvice"
        ),
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="systemctl enable docker-container@ecs-agent.service",
        lines=(1945, 2439),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/systemctl-start:docker",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="systemctl start docker",
        lines=(1934, 2428),
    ),
    VendorFact(
        id=(
            "wa_ent/boot/ContainerInstances/userdata/systemctl-start:docker-container@ecs-agent.ser"
            "vice"
        ),
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="systemctl start docker-container@ecs-agent.service",
        lines=(1946, 2440),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/write:/etc/docker/daemon.json",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value=(
            "writes /etc/docker/daemon.json: insecure-registries=[\"registry.whatsapp.net:443\"], "
            "live-restore=true, max-size=${LogMaxSize}m, max-file=${LogMaxFiles} [LogMaxSize = Ref "
            "ContainerLogMaxSize (default 50); LogMaxFiles = Ref ContainerLogMaxFiles (default 7)]"
        ),
        lines=(1922, 2416),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/yum-install",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="yum install: epel-release, python3-pip",
        lines=(1871, 2365),
    ),
    VendorFact(
        id="wa_ent/boot/ContainerInstances/userdata/yum-update",
        kind="boot",
        template="wa_ent",
        subject="ContainerInstances, WebContainerInstances",
        value="yum update",
        lines=(1870, 2364),
    ),
    VendorFact(
        id="wa_ent/boot/WebContainerInstances/ecs_agent_setup/file:/etc/ecs/ecs.config",
        kind="boot",
        template="wa_ent",
        subject="WebContainerInstances",
        value=(
            "mode 000644, owner root:root; ECS_DATADIR=/data, ECS_ENABLE_TASK_IAM_ROLE=true, "
            "ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST=true, ECS_LOGFILE=/log/ecs-agent.log, "
            "ECS_AVAILABLE_LOGGING_DRIVERS=[\"json-file\",\"awslogs\"], ECS_LOGLEVEL=info, "
            "ECS_CLUSTER=default"
        ),
        lines=(2012,),
    ),
    VendorFact(
        id="wa_ent/boot/WebContainerInstances/mnt_execute/03_permissions",
        kind="boot",
        template="wa_ent",
        subject="WebContainerInstances",
        value="owner ec2-user:ec2-user on /mnt/wa/data, /mnt/wa/media",
        lines=(2109,),
    ),
    VendorFact(
        id="wa_ent/boot/WebContainerInstances/userdata/cfn-signal:HAECSAutoScalingGroupWeb",
        kind="boot",
        template="wa_ent",
        subject="WebContainerInstances",
        value="cfn-signal sends exit status $result to HAECSAutoScalingGroupWeb",
        lines=(2447,),
    ),
    VendorFact(
        id="wa_ent/command/HostExporterTaskDefinition/cadvisor",
        kind="command",
        template="wa_ent",
        subject="HostExporterTaskDefinition/cadvisor",
        value="not set: the image's default command",
        lines=(2616,),
    ),
    VendorFact(
        id="wa_ent/command/HostExporterTaskDefinition/node-exporter",
        kind="command",
        template="wa_ent",
        subject="HostExporterTaskDefinition/node-exporter",
        value="not set: the image's default command",
        lines=(2646,),
    ),
    VendorFact(
        id="wa_ent/command/WAEntHACoreappTaskdefinition/wa-coreapp",
        kind="command",
        template="wa_ent",
        subject="WAEntHACoreappTaskdefinition/wa-coreapp",
        value="[/opt/whatsapp/bin/launch_within_docker.sh]",
        lines=(1158,),
    ),
    VendorFact(
        id="wa_ent/command/WAEntHAMasterTaskdefinition/wa-master",
        kind="command",
        template="wa_ent",
        subject="WAEntHAMasterTaskdefinition/wa-master",
        value="[/opt/whatsapp/bin/launch_within_docker.sh]",
        lines=(1071,),
    ),
    VendorFact(
        id="wa_ent/command/WAEntHAWebTaskdefinition/wa-web",
        kind="command",
        template="wa_ent",
        subject="WAEntHAWebTaskdefinition/wa-web",
        value="[/opt/whatsapp/bin/launch_within_docker.sh]",
        lines=(984,),
    ),
    VendorFact(
        id="wa_ent/command/WAEntTaskdefinition/wa-coreapp",
        kind="command",
        template="wa_ent",
        subject="WAEntTaskdefinition/wa-coreapp",
        value="[/opt/whatsapp/bin/launch_within_docker.sh]",
        lines=(847,),
    ),
    VendorFact(
        id="wa_ent/command/WAEntTaskdefinition/wa-web",
        kind="command",
        template="wa_ent",
        subject="WAEntTaskdefinition/wa-web",
        value="[/opt/whatsapp/bin/launch_within_docker.sh]",
        lines=(901,),
    ),
    VendorFact(
        id="wa_ent/container/HostExporterTaskDefinition/cadvisor/Image",
        kind="container",
        template="wa_ent",
        subject="HostExporterTaskDefinition/cadvisor",
        value="google/cadvisor:v0.49.1",
        lines=(2617,),
    ),
    VendorFact(
        id="wa_ent/container/HostExporterTaskDefinition/node-exporter/Image",
        kind="container",
        template="wa_ent",
        subject="HostExporterTaskDefinition/node-exporter",
        value="prom/node-exporter:v0.16.0",
        lines=(2647,),
    ),
    VendorFact(
        id="wa_ent/container/WAEntHACoreappTaskdefinition/wa-coreapp/Image",
        kind="container",
        template="wa_ent",
        subject="WAEntHACoreappTaskdefinition/wa-coreapp",
        value=(
            "{Ref WAEntContRegistry (default docker.whatsapp.biz)}/coreapp:{Ref WAEntContTag "
            "(default v2.57.2)}"
        ),
        lines=(1159,),
    ),
    VendorFact(
        id="wa_ent/container/WAEntHAMasterTaskdefinition/wa-master/Image",
        kind="container",
        template="wa_ent",
        subject="WAEntHAMasterTaskdefinition/wa-master",
        value=(
            "{Ref WAEntContRegistry (default docker.whatsapp.biz)}/coreapp:{Ref WAEntContTag "
            "(default v2.57.2)}"
        ),
        lines=(1072,),
    ),
    VendorFact(
        id="wa_ent/container/WAEntHAWebTaskdefinition/wa-web/Image",
        kind="container",
        template="wa_ent",
        subject="WAEntHAWebTaskdefinition/wa-web",
        value=(
            "{Ref WAEntContRegistry (default docker.whatsapp.biz)}/web:{Ref WAEntContTag (default "
            "v2.57.2)}"
        ),
        lines=(985,),
    ),
    VendorFact(
        id="wa_ent/container/WAEntTaskdefinition/wa-coreapp/Image",
        kind="container",
        template="wa_ent",
        subject="WAEntTaskdefinition/wa-coreapp",
        value=(
            "{Ref WAEntContRegistry (default docker.whatsapp.biz)}/coreapp:{Ref WAEntContTag "
            "(default v2.57.2)}"
        ),
        lines=(848,),
    ),
    VendorFact(
        id="wa_ent/container/WAEntTaskdefinition/wa-web/Image",
        kind="container",
        template="wa_ent",
        subject="WAEntTaskdefinition/wa-web",
        value=(
            "{Ref WAEntContRegistry (default docker.whatsapp.biz)}/web:{Ref WAEntContTag (default "
            "v2.57.2)}"
        ),
        lines=(902,),
    ),
    VendorFact(
        id="wa_ent/db/param/ConfigOnDB",
        kind="db",
        template="wa_ent",
        subject="parameter ConfigOnDB",
        value="Default true; Type String; AllowedValues [true, false]",
        lines=(316,),
    ),
    VendorFact(
        id="wa_ent/db/param/DBConnCA",
        kind="db",
        template="wa_ent",
        subject="parameter DBConnCA",
        value=(
            "Default https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem; Type String"
        ),
        lines=(247,),
    ),
    VendorFact(
        id="wa_ent/db/param/DBConnCert",
        kind="db",
        template="wa_ent",
        subject="parameter DBConnCert",
        value="Default \"\"; Type String",
        lines=(251,),
    ),
    VendorFact(
        id="wa_ent/db/param/DBConnKey",
        kind="db",
        template="wa_ent",
        subject="parameter DBConnKey",
        value="Default \"\"; Type String",
        lines=(255,),
    ),
    VendorFact(
        id="wa_ent/db/param/DBHostname",
        kind="db",
        template="wa_ent",
        subject="parameter DBHostname",
        value="Type String; Default \"\"",
        lines=(189,),
    ),
    VendorFact(
        id="wa_ent/db/param/DBIdleConnectionTimeoutMS",
        kind="db",
        template="wa_ent",
        subject="parameter DBIdleConnectionTimeoutMS",
        value="Type Number; Default 180000; MinValue 10000; MaxValue 28800000",
        lines=(217,),
    ),
    VendorFact(
        id="wa_ent/db/param/DBPassword",
        kind="db",
        template="wa_ent",
        subject="parameter DBPassword",
        value="NoEcho true; Default user123pwd; Type String; MinLength 8; MaxLength 41",
        lines=(209,),
    ),
    VendorFact(
        id="wa_ent/db/param/DBPort",
        kind="db",
        template="wa_ent",
        subject="parameter DBPort",
        value="Type Number; Default 3306; MinValue 1025; MaxValue 65535",
        lines=(193,),
    ),
    VendorFact(
        id="wa_ent/db/param/DBUser",
        kind="db",
        template="wa_ent",
        subject="parameter DBUser",
        value=(
            "NoEcho true; Type String; Default user123; MinLength 1; MaxLength 16; AllowedPattern "
            "[a-zA-Z][a-zA-Z0-9]*"
        ),
        lines=(200,),
    ),
    VendorFact(
        id="wa_ent/db/param/EncryptDBConn",
        kind="db",
        template="wa_ent",
        subject="parameter EncryptDBConn",
        value="Default enabled; Type String; AllowedValues [enabled, disabled]",
        lines=(242,),
    ),
    VendorFact(
        id="wa_ent/db/param/PersistDBConn",
        kind="db",
        template="wa_ent",
        subject="parameter PersistDBConn",
        value="Default enabled; Type String; AllowedValues [enabled, disabled]",
        lines=(237,),
    ),
    VendorFact(
        id="wa_ent/env/AWS_REGION",
        kind="env",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="Ref AWS::Region",
        lines=(863, 915, 1005, 1092, 1192),
    ),
    VendorFact(
        id="wa_ent/env/AWS_STACK_NAME",
        kind="env",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="Ref AWS::StackName",
        lines=(865, 917, 1007, 1094, 1194),
    ),
    VendorFact(
        id="wa_ent/env/WACORE_HOSTNAME",
        kind="env",
        template="wa_ent",
        subject="WAEntTaskdefinition/wa-web",
        value="wa-coreapp",
        lines=(932,),
    ),
    VendorFact(
        id="wa_ent/env/WA_APP_MULTICONNECT",
        kind="env",
        template="wa_ent",
        subject=(
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="1",
        lines=(999, 1098, 1196),
    ),
    VendorFact(
        id="wa_ent/env/WA_CONFIG_ON_DB",
        kind="env",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="If ConfigOnDBEnabled 1 else 0",
        lines=(878, 930, 1020, 1111, 1209),
    ),
    VendorFact(
        id="wa_ent/env/WA_DB_CONNECTION_IDLE_TIMEOUT",
        kind="env",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="Ref DBIdleConnectionTimeoutMS (default 180000)",
        lines=(886, 1119, 1217),
    ),
    VendorFact(
        id="wa_ent/env/WA_DB_ENGINE",
        kind="env",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="MYSQL",
        lines=(867, 919, 1009, 1100, 1198),
    ),
    VendorFact(
        id="wa_ent/env/WA_DB_PERSISTENT",
        kind="env",
        template="wa_ent",
        subject="WAEntTaskdefinition/wa-web, WAEntHAWebTaskdefinition/wa-web",
        value="If IsDBConnPersisted 1 else 0",
        lines=(942, 1030),
    ),
    VendorFact(
        id="wa_ent/env/WA_DB_PORT",
        kind="env",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="If CreateDBInstance GetAtt dbStack.Outputs.DBPort else Ref DBPort (default 3306)",
        lines=(869, 921, 1011, 1102, 1200),
    ),
    VendorFact(
        id="wa_ent/env/WA_DB_SSL_CA",
        kind="env",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="If IsDBConnCAConfigured /opt/certs/db-ca.pem else \"\"",
        lines=(880, 936, 1024, 1113, 1211),
    ),
    VendorFact(
        id="wa_ent/env/WA_DB_SSL_CERT",
        kind="env",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="If IsDBConnCertConfigured /opt/certs/db-cert.pem else \"\"",
        lines=(882, 938, 1026, 1115, 1213),
    ),
    VendorFact(
        id="wa_ent/env/WA_DB_SSL_KEY",
        kind="env",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="If IsDBConnKeyConfigured /opt/certs/db-key.pem else \"\"",
        lines=(884, 940, 1028, 1117, 1215),
    ),
    VendorFact(
        id="wa_ent/env/WA_DB_USERNAME",
        kind="env",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="Ref DBUser (default user123)",
        lines=(876, 928, 1018, 1109, 1207),
    ),
    VendorFact(
        id="wa_ent/env/WA_MASTER_NODE",
        kind="env",
        template="wa_ent",
        subject="WAEntHAMasterTaskdefinition/wa-master",
        value="1",
        lines=(1096,),
    ),
    VendorFact(
        id="wa_ent/env/WA_RUNNING_ENV",
        kind="env",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="AWS",
        lines=(859, 911, 1001, 1088, 1188),
    ),
    VendorFact(
        id="wa_ent/env/WA_RUNNING_ENV_VERSION",
        kind="env",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="v3.0.0",
        lines=(861, 913, 1003, 1090, 1190),
    ),
    VendorFact(
        id="wa_ent/env/WA_WEB_SERVERNAME",
        kind="env",
        template="wa_ent",
        subject="WAEntTaskdefinition/wa-web, WAEntHAWebTaskdefinition/wa-web",
        value="GetAtt WAEntLB.DNSName",
        lines=(934, 1022),
    ),
    VendorFact(
        id="wa_ent/health/none",
        kind="health",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp, HostExporterTaskDefinition/cadvisor, "
            "HostExporterTaskDefinition/node-exporter"
        ),
        value="no container health check (none set)",
        lines=(846, 900, 983, 1070, 1157, 2616, 2646),
    ),
    VendorFact(
        id="wa_ent/host/AWSRegionToAMI",
        kind="host",
        template="wa_ent",
        subject="Mappings AWSRegionToAMI",
        value=(
            "ap-south-1 ami-064ac61091898694e, eu-north-1 ami-0e82a733fb827a38f, eu-west-3 "
            "ami-0e5736be34608455b, eu-west-2 ami-0aa938b5c246ef111, eu-west-1 "
            "ami-009f51225716cb42f, ap-northeast-3 ami-0bc54ca5eea7bb7b6, ap-northeast-2 "
            "ami-05ca84b0f62b22685, ap-northeast-1 ami-074c801439a538a43, ca-central-1 "
            "ami-0e9d8898441d3540d, sa-east-1 ami-02108349336c623e5, ap-southeast-1 "
            "ami-07dc7fbc73bffbeb5, ap-southeast-2 ami-0c0883406ea68dedc, eu-central-1 "
            "ami-049842bfd58f656fb, us-east-1 ami-0df2a11dd1fe1f8e3, us-east-2 "
            "ami-011d59a275b482a49, us-west-1 ami-084c852d3275c2e20, us-west-2 "
            "ami-094cc0ced7b91fcf0"
        ),
        lines=(561, 563, 565, 567, 569, 571, 573, 575, 577, 579, 581, 583, 585, 587, 589, 591, 593),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryHighUtilization/ActionsEnabled",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryHighUtilization",
        value="true",
        lines=(2707,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryHighUtilization/AlarmActions",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryHighUtilization",
        value="[Ref ClusterMemoryScaleUpPolicy]",
        lines=(2708,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryHighUtilization/AlarmName",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryHighUtilization",
        value="ClusterMemHighUtil-${AWS::StackName}",
        lines=(2711,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryHighUtilization/ComparisonOperator",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryHighUtilization",
        value="GreaterThanThreshold",
        lines=(2712,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryHighUtilization/Condition",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryHighUtilization",
        value="IsHA",
        lines=(2703,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryHighUtilization/Dimensions",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryHighUtilization",
        value="[{Name: ClusterName, Value: Ref ECSCluster}]",
        lines=(2713,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryHighUtilization/EvaluationPeriods",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryHighUtilization",
        value="1",
        lines=(2716,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryHighUtilization/MetricName",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryHighUtilization",
        value="MemoryReservation",
        lines=(2717,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryHighUtilization/Namespace",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryHighUtilization",
        value="AWS/ECS",
        lines=(2718,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryHighUtilization/Period",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryHighUtilization",
        value="60",
        lines=(2719,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryHighUtilization/Statistic",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryHighUtilization",
        value="Average",
        lines=(2720,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryHighUtilization/Threshold",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryHighUtilization",
        value="85 (map Constants[Values][HiMemoryUtilPercent])",
        lines=(2721,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryHighUtilization/Unit",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryHighUtilization",
        value="Percent",
        lines=(2722,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryLowUtilization/ActionsEnabled",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryLowUtilization",
        value="true",
        lines=(2729,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryLowUtilization/AlarmActions",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryLowUtilization",
        value="[Ref ClusterMemoryScaleDownPolicy]",
        lines=(2730,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryLowUtilization/AlarmName",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryLowUtilization",
        value="ClusterMemLowUtil-${AWS::StackName}",
        lines=(2733,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryLowUtilization/ComparisonOperator",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryLowUtilization",
        value="LessThanThreshold",
        lines=(2734,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryLowUtilization/Condition",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryLowUtilization",
        value="IsHA",
        lines=(2725,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryLowUtilization/Dimensions",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryLowUtilization",
        value="[{Name: ClusterName, Value: Ref ECSCluster}]",
        lines=(2735,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryLowUtilization/EvaluationPeriods",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryLowUtilization",
        value="1",
        lines=(2738,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryLowUtilization/MetricName",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryLowUtilization",
        value="MemoryReservation",
        lines=(2739,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryLowUtilization/Namespace",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryLowUtilization",
        value="AWS/ECS",
        lines=(2740,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryLowUtilization/Period",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryLowUtilization",
        value="60",
        lines=(2741,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryLowUtilization/Statistic",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryLowUtilization",
        value="Average",
        lines=(2742,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryLowUtilization/Threshold",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryLowUtilization",
        value="30 (map Constants[Values][LoMemoryUtilPercent])",
        lines=(2743,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryLowUtilization/Unit",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryLowUtilization",
        value="Percent",
        lines=(2744,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryScaleDownPolicy/AdjustmentType",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryScaleDownPolicy",
        value="ChangeInCapacity",
        lines=(2762,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryScaleDownPolicy/AutoScalingGroupName",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryScaleDownPolicy",
        value="Ref HAECSAutoScalingGroup",
        lines=(2763,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryScaleDownPolicy/Condition",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryScaleDownPolicy",
        value="IsHA",
        lines=(2758,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryScaleDownPolicy/Cooldown",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryScaleDownPolicy",
        value="60",
        lines=(2764,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryScaleDownPolicy/PolicyType",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryScaleDownPolicy",
        value="SimpleScaling",
        lines=(2765,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryScaleDownPolicy/ScalingAdjustment",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryScaleDownPolicy",
        value="-1",
        lines=(2766,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryScaleUpPolicy/AdjustmentType",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryScaleUpPolicy",
        value="ChangeInCapacity",
        lines=(2751,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryScaleUpPolicy/AutoScalingGroupName",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryScaleUpPolicy",
        value="Ref HAECSAutoScalingGroup",
        lines=(2752,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryScaleUpPolicy/Condition",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryScaleUpPolicy",
        value="IsHA",
        lines=(2747,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryScaleUpPolicy/Cooldown",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryScaleUpPolicy",
        value="60",
        lines=(2753,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryScaleUpPolicy/PolicyType",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryScaleUpPolicy",
        value="SimpleScaling",
        lines=(2754,),
    ),
    VendorFact(
        id="wa_ent/host/ClusterMemoryScaleUpPolicy/ScalingAdjustment",
        kind="host",
        template="wa_ent",
        subject="ClusterMemoryScaleUpPolicy",
        value="1",
        lines=(2755,),
    ),
    VendorFact(
        id="wa_ent/host/ContainerInstances/BlockDeviceMappings",
        kind="host",
        template="wa_ent",
        subject="ContainerInstances",
        value=(
            "[{DeviceName: /dev/sda1, Ebs: {DeleteOnTermination: true, VolumeSize: Ref "
            "EBSVolumeSize (default 32), VolumeType: gp2}}]"
        ),
        lines=(1833,),
    ),
    VendorFact(
        id="wa_ent/host/ContainerInstances/IamInstanceProfile",
        kind="host",
        template="wa_ent",
        subject="ContainerInstances",
        value="{Name: Ref EC2InstanceProfile}",
        lines=(1839,),
    ),
    VendorFact(
        id="wa_ent/host/ContainerInstances/ImageId",
        kind="host",
        template="wa_ent",
        subject="ContainerInstances",
        value="FindInMap AWSRegionToAMI[Ref AWS::Region][AMIID]",
        lines=(1821,),
    ),
    VendorFact(
        id="wa_ent/host/ContainerInstances/InstanceType",
        kind="host",
        template="wa_ent",
        subject="ContainerInstances",
        value=(
            "FindInMap InstanceTypeMapping[InstanceTypeValues][FindInMap "
            "MessageTypeMapToInstanceType[Ref MessageType (default text)][Ref EnvThroughput "
            "(default 20)]]"
        ),
        lines=(1823,),
    ),
    VendorFact(
        id="wa_ent/host/ContainerInstances/KeyName",
        kind="host",
        template="wa_ent",
        subject="ContainerInstances",
        value="Ref KeyName",
        lines=(1841,),
    ),
    VendorFact(
        id="wa_ent/host/ContainerInstances/SecurityGroupIds",
        kind="host",
        template="wa_ent",
        subject="ContainerInstances",
        value="[GetAtt EcsSecurityGroup.GroupId]",
        lines=(1822,),
    ),
    VendorFact(
        id="wa_ent/host/ECSCluster",
        kind="host",
        template="wa_ent",
        subject="ECSCluster",
        value="no properties (all defaults)",
        lines=(833,),
    ),
    VendorFact(
        id="wa_ent/host/FileSystem/Condition",
        kind="host",
        template="wa_ent",
        subject="FileSystem",
        value="CreateEFS",
        lines=(786,),
    ),
    VendorFact(
        id="wa_ent/host/FileSystem/Encrypted",
        kind="host",
        template="wa_ent",
        subject="FileSystem",
        value="If IsUnencrypted False else True",
        lines=(789,),
    ),
    VendorFact(
        id="wa_ent/host/FileSystem/KmsKeyId",
        kind="host",
        template="wa_ent",
        subject="FileSystem",
        value=(
            "If IsCreateNewKey Ref KMSKey else If IsUserProvidedKey Ref UserCryptoKeyId (default "
            "\"\") else (no value)"
        ),
        lines=(790,),
    ),
    VendorFact(
        id="wa_ent/host/FileSystem/PerformanceMode",
        kind="host",
        template="wa_ent",
        subject="FileSystem",
        value="generalPurpose",
        lines=(796,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroup/Condition",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroup",
        value="IsHA",
        lines=(1349,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroup/CreationPolicy",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroup",
        value="{ResourceSignal: {Timeout: PT15M}}",
        lines=(1408,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroup/DesiredCapacity",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroup",
        value=(
            "If IsCE FindInMap EnvConfig[NumCoreappInstancesForCE][FindInMap "
            "EnvConfig[ThroughputMapToShards][Ref EnvThroughput (default 20)]] else FindInMap "
            "EnvConfig[NumCoreappInstancesForNotCE][FindInMap EnvConfig[ThroughputMapToShards][Ref "
            "EnvThroughput (default 20)]]"
        ),
        lines=(1393,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroup/LaunchTemplate",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroup",
        value=(
            "{LaunchTemplateId: Ref ContainerInstances, Version: GetAtt "
            "ContainerInstances.LatestVersionNumber}"
        ),
        lines=(1362,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroup/MaxSize",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroup",
        value=(
            "If IsCE FindInMap EnvConfig[NumCoreappInstancesForCE][FindInMap "
            "EnvConfig[ThroughputMapToShards][Ref EnvThroughput (default 20)]] else FindInMap "
            "EnvConfig[NumCoreappInstancesForNotCE][FindInMap EnvConfig[ThroughputMapToShards][Ref "
            "EnvThroughput (default 20)]]"
        ),
        lines=(1379,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroup/MinSize",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroup",
        value=(
            "If IsCE FindInMap EnvConfig[NumCoreappInstancesForCE][FindInMap "
            "EnvConfig[ThroughputMapToShards][Ref EnvThroughput (default 20)]] else FindInMap "
            "EnvConfig[NumCoreappInstancesForNotCE][FindInMap EnvConfig[ThroughputMapToShards][Ref "
            "EnvThroughput (default 20)]]"
        ),
        lines=(1365,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroup/TargetGroupARNs",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroup",
        value="[Ref WAEntTargetGroup]",
        lines=(1407,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroup/UpdatePolicy",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroup",
        value="{AutoScalingReplacingUpdate: {WillReplace: true}}",
        lines=(1411,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroupWeb/Condition",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroupWeb",
        value="IsHA",
        lines=(1416,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroupWeb/CreationPolicy",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroupWeb",
        value="{ResourceSignal: {Timeout: PT15M}}",
        lines=(1439,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroupWeb/DesiredCapacity",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroupWeb",
        value="FindInMap EnvConfig[ThroughputMapToWebApps][Ref EnvThroughput (default 20)]",
        lines=(1436,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroupWeb/LaunchTemplate",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroupWeb",
        value=(
            "{LaunchTemplateId: Ref WebContainerInstances, Version: GetAtt "
            "WebContainerInstances.LatestVersionNumber}"
        ),
        lines=(1429,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroupWeb/MaxSize",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroupWeb",
        value="FindInMap EnvConfig[ThroughputMapToWebApps][Ref EnvThroughput (default 20)]",
        lines=(1434,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroupWeb/MinSize",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroupWeb",
        value="FindInMap EnvConfig[ThroughputMapToWebApps][Ref EnvThroughput (default 20)]",
        lines=(1432,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroupWeb/TargetGroupARNs",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroupWeb",
        value="[Ref WAEntTargetGroup]",
        lines=(1438,),
    ),
    VendorFact(
        id="wa_ent/host/HAECSAutoScalingGroupWeb/UpdatePolicy",
        kind="host",
        template="wa_ent",
        subject="HAECSAutoScalingGroupWeb",
        value="{AutoScalingReplacingUpdate: {WillReplace: true}}",
        lines=(1442,),
    ),
    VendorFact(
        id="wa_ent/host/MountTarget/FileSystemId",
        kind="host",
        template="wa_ent",
        subject="MountTarget",
        value="If CreateEFS Ref FileSystem else Ref EFSId (default \"\")",
        lines=(803,),
    ),
    VendorFact(
        id="wa_ent/host/MountTarget/SecurityGroups",
        kind="host",
        template="wa_ent",
        subject="MountTarget",
        value="[Ref MountTargetSecurityGroup]",
        lines=(812,),
    ),
    VendorFact(
        id="wa_ent/host/MountTarget2/Condition",
        kind="host",
        template="wa_ent",
        subject="MountTarget2",
        value="CreateMountTarget2",
        lines=(814,),
    ),
    VendorFact(
        id="wa_ent/host/MountTarget2/FileSystemId",
        kind="host",
        template="wa_ent",
        subject="MountTarget2",
        value="If CreateEFS Ref FileSystem else Ref EFSId (default \"\")",
        lines=(817,),
    ),
    VendorFact(
        id="wa_ent/host/MountTarget2/SecurityGroups",
        kind="host",
        template="wa_ent",
        subject="MountTarget2",
        value="[Ref MountTargetSecurityGroup]",
        lines=(826,),
    ),
    VendorFact(
        id="wa_ent/host/SingleECSAutoScalingGroup/Condition",
        kind="host",
        template="wa_ent",
        subject="SingleECSAutoScalingGroup",
        value="IsNotHA",
        lines=(1448,),
    ),
    VendorFact(
        id="wa_ent/host/SingleECSAutoScalingGroup/CreationPolicy",
        kind="host",
        template="wa_ent",
        subject="SingleECSAutoScalingGroup",
        value="{ResourceSignal: {Timeout: PT15M}}",
        lines=(1472,),
    ),
    VendorFact(
        id="wa_ent/host/SingleECSAutoScalingGroup/DesiredCapacity",
        kind="host",
        template="wa_ent",
        subject="SingleECSAutoScalingGroup",
        value="1 (map Constants[Values][DesiredCapacity])",
        lines=(1461,),
    ),
    VendorFact(
        id="wa_ent/host/SingleECSAutoScalingGroup/LaunchTemplate",
        kind="host",
        template="wa_ent",
        subject="SingleECSAutoScalingGroup",
        value=(
            "{LaunchTemplateId: Ref ContainerInstances, Version: GetAtt "
            "ContainerInstances.LatestVersionNumber}"
        ),
        lines=(1456,),
    ),
    VendorFact(
        id="wa_ent/host/SingleECSAutoScalingGroup/MaxSize",
        kind="host",
        template="wa_ent",
        subject="SingleECSAutoScalingGroup",
        value="2 (map Constants[Values][MaxSize])",
        lines=(1460,),
    ),
    VendorFact(
        id="wa_ent/host/SingleECSAutoScalingGroup/MinSize",
        kind="host",
        template="wa_ent",
        subject="SingleECSAutoScalingGroup",
        value="1 (map Constants[Values][MinSize])",
        lines=(1459,),
    ),
    VendorFact(
        id="wa_ent/host/SingleECSAutoScalingGroup/TargetGroupARNs",
        kind="host",
        template="wa_ent",
        subject="SingleECSAutoScalingGroup",
        value=(
            "If CreateLBListenerForHostExporterPorts [Ref WAEntTargetGroup] else [Ref "
            "WAEntTargetGroup, Ref WAEntTargetGroupExport8080, Ref WAEntTargetGroupExport9100]"
        ),
        lines=(1462,),
    ),
    VendorFact(
        id="wa_ent/host/SingleECSAutoScalingGroup/UpdatePolicy",
        kind="host",
        template="wa_ent",
        subject="SingleECSAutoScalingGroup",
        value="{AutoScalingReplacingUpdate: {WillReplace: true}}",
        lines=(1475,),
    ),
    VendorFact(
        id="wa_ent/host/WebContainerInstances/BlockDeviceMappings",
        kind="host",
        template="wa_ent",
        subject="WebContainerInstances",
        value=(
            "[{DeviceName: /dev/sda1, Ebs: {DeleteOnTermination: true, VolumeSize: Ref "
            "EBSVolumeSize (default 32), VolumeType: gp2}}]"
        ),
        lines=(2327,),
    ),
    VendorFact(
        id="wa_ent/host/WebContainerInstances/IamInstanceProfile",
        kind="host",
        template="wa_ent",
        subject="WebContainerInstances",
        value="{Name: Ref EC2InstanceProfile}",
        lines=(2333,),
    ),
    VendorFact(
        id="wa_ent/host/WebContainerInstances/ImageId",
        kind="host",
        template="wa_ent",
        subject="WebContainerInstances",
        value="FindInMap AWSRegionToAMI[Ref AWS::Region][AMIID]",
        lines=(2324,),
    ),
    VendorFact(
        id="wa_ent/host/WebContainerInstances/InstanceType",
        kind="host",
        template="wa_ent",
        subject="WebContainerInstances",
        value="c5.large",
        lines=(2326,),
    ),
    VendorFact(
        id="wa_ent/host/WebContainerInstances/KeyName",
        kind="host",
        template="wa_ent",
        subject="WebContainerInstances",
        value="Ref KeyName",
        lines=(2335,),
    ),
    VendorFact(
        id="wa_ent/host/WebContainerInstances/SecurityGroupIds",
        kind="host",
        template="wa_ent",
        subject="WebContainerInstances",
        value="[GetAtt EcsSecurityGroup.GroupId]",
        lines=(2325,),
    ),
    VendorFact(
        id="wa_ent/iam/AutoscalingRole/Path",
        kind="iam",
        template="wa_ent",
        subject="AutoscalingRole",
        value="/whatsapp/",
        lines=(2850,),
    ),
    VendorFact(
        id="wa_ent/iam/AutoscalingRole/application-autoscaling:*",
        kind="iam",
        template="wa_ent",
        subject="AutoscalingRole",
        value="* (inline service-autoscaling)",
        lines=(2857,),
    ),
    VendorFact(
        id="wa_ent/iam/AutoscalingRole/cloudwatch:DescribeAlarms",
        kind="iam",
        template="wa_ent",
        subject="AutoscalingRole",
        value="* (inline service-autoscaling)",
        lines=(2858,),
    ),
    VendorFact(
        id="wa_ent/iam/AutoscalingRole/cloudwatch:PutMetricAlarm",
        kind="iam",
        template="wa_ent",
        subject="AutoscalingRole",
        value="* (inline service-autoscaling)",
        lines=(2859,),
    ),
    VendorFact(
        id="wa_ent/iam/AutoscalingRole/ecs:DescribeServices",
        kind="iam",
        template="wa_ent",
        subject="AutoscalingRole",
        value="* (inline service-autoscaling)",
        lines=(2860,),
    ),
    VendorFact(
        id="wa_ent/iam/AutoscalingRole/ecs:UpdateService",
        kind="iam",
        template="wa_ent",
        subject="AutoscalingRole",
        value="* (inline service-autoscaling)",
        lines=(2861,),
    ),
    VendorFact(
        id="wa_ent/iam/AutoscalingRole/sts:AssumeRole",
        kind="iam",
        template="wa_ent",
        subject="AutoscalingRole",
        value="trusts {Service: [application-autoscaling.amazonaws.com]}",
        lines=(2849,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2InstanceProfile/roles",
        kind="iam",
        template="wa_ent",
        subject="EC2InstanceProfile",
        value="roles EC2Role, path /whatsapp/",
        lines=(3007,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/Path",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="/whatsapp/",
        lines=(2908,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/cloudwatch:PutMetricData",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (policy CWPolicy)",
        lines=(2999,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecr:BatchCheckLayerAvailability",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy)",
        lines=(2897,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecr:BatchGetImage",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy)",
        lines=(2903,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecr:DescribeImages",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy)",
        lines=(2902,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecr:DescribeRepositories",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy)",
        lines=(2900,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecr:GetAuthorizationToken",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy)",
        lines=(2896,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecr:GetDownloadUrlForLayer",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy)",
        lines=(2898,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecr:GetRepositoryPolicy",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy)",
        lines=(2899,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecr:ListImages",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy)",
        lines=(2901,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecs:DeregisterContainerInstance",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy); GetAtt ECSCluster.Arn (policy ECSManagementPolicy)",
        lines=(2887, 2919),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecs:DiscoverPollEndpoint",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy); * (policy ECSManagementPolicy)",
        lines=(2891, 2930),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecs:Poll",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value=(
            "* (inline ECSManagementPolicy); arn:aws:ecs:${AWS::Region}:${AWS::AccountId}:container"
            "-instance/* (policy ECSManagementPolicy)"
        ),
        lines=(2889, 2926),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecs:RegisterContainerInstance",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy); GetAtt ECSCluster.Arn (policy ECSManagementPolicy)",
        lines=(2886, 2920),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecs:StartTelemetrySession",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value=(
            "* (inline ECSManagementPolicy); arn:aws:ecs:${AWS::Region}:${AWS::AccountId}:container"
            "-instance/* (policy ECSManagementPolicy)"
        ),
        lines=(2890, 2925),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecs:Submit*",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy); GetAtt ECSCluster.Arn (policy ECSManagementPolicy)",
        lines=(2888, 2921),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ecs:UpdateContainerInstancesState",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy)",
        lines=(2892,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/kms:Decrypt",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/* (policy KMSPolicy)",
        lines=(2986,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/logs:CreateLogGroup",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="arn:aws:logs:*:*:* (policy LogPolicy)",
        lines=(2943,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/logs:CreateLogStream",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy); arn:aws:logs:*:*:* (policy LogPolicy)",
        lines=(2904, 2944),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/logs:DescribeLogStreams",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="arn:aws:logs:*:*:* (policy LogPolicy)",
        lines=(2946,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/logs:PutLogEvents",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="* (inline ECSManagementPolicy); arn:aws:logs:*:*:* (policy LogPolicy)",
        lines=(2905, 2945),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/managed:AmazonEC2ContainerRegistryReadOnly",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="AWS managed policy arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
        lines=(2877,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/managed:AmazonEC2ReadOnlyAccess",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="AWS managed policy arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
        lines=(2876,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/managed:CloudWatchLogsFullAccess",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="AWS managed policy arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
        lines=(2878,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/s3:GetObject",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="arn:aws:s3:::wa-biz-cfn/* (policy S3Policy)",
        lines=(2959,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/s3:GetObjectVersion",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="arn:aws:s3:::wa-biz-cfn/* (policy S3Policy)",
        lines=(2960,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/ssm:GetParameter",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value=(
            "arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${AWS::StackName}-WA* (policy "
            "SSMPolicy)"
        ),
        lines=(2973,),
    ),
    VendorFact(
        id="wa_ent/iam/EC2Role/sts:AssumeRole",
        kind="iam",
        template="wa_ent",
        subject="EC2Role",
        value="trusts {Service: ec2.amazonaws.com (map Constants[Values][EC2Principal])}",
        lines=(2874,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSScalingRole/Path",
        kind="iam",
        template="wa_ent",
        subject="ECSScalingRole",
        value="/whatsapp/",
        lines=(2820,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSScalingRole/ec2:AuthorizeSecurityGroupIngress",
        kind="iam",
        template="wa_ent",
        subject="ECSScalingRole",
        value="* (policy ECSScalingPolicy)",
        lines=(2837,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSScalingRole/ec2:Describe*",
        kind="iam",
        template="wa_ent",
        subject="ECSScalingRole",
        value="* (policy ECSScalingPolicy)",
        lines=(2836,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSScalingRole/elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
        kind="iam",
        template="wa_ent",
        subject="ECSScalingRole",
        value="* (policy ECSScalingPolicy)",
        lines=(2832,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSScalingRole/elasticloadbalancing:DeregisterTargets",
        kind="iam",
        template="wa_ent",
        subject="ECSScalingRole",
        value="* (policy ECSScalingPolicy)",
        lines=(2833,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSScalingRole/elasticloadbalancing:Describe*",
        kind="iam",
        template="wa_ent",
        subject="ECSScalingRole",
        value="* (policy ECSScalingPolicy)",
        lines=(2831,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSScalingRole/elasticloadbalancing:RegisterInstancesWithLoadBalancer",
        kind="iam",
        template="wa_ent",
        subject="ECSScalingRole",
        value="* (policy ECSScalingPolicy)",
        lines=(2834,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSScalingRole/elasticloadbalancing:RegisterTargets",
        kind="iam",
        template="wa_ent",
        subject="ECSScalingRole",
        value="* (policy ECSScalingPolicy)",
        lines=(2835,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSScalingRole/sts:AssumeRole",
        kind="iam",
        template="wa_ent",
        subject="ECSScalingRole",
        value="trusts {Service: [ecs.amazonaws.com]}",
        lines=(2819,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSTaskExecRole/Path",
        kind="iam",
        template="wa_ent",
        subject="ECSTaskExecRole",
        value="/whatsapp/",
        lines=(2783,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSTaskExecRole/ecr:BatchCheckLayerAvailability",
        kind="iam",
        template="wa_ent",
        subject="ECSTaskExecRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(2795,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSTaskExecRole/ecr:BatchGetImage",
        kind="iam",
        template="wa_ent",
        subject="ECSTaskExecRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(2797,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSTaskExecRole/ecr:GetAuthorizationToken",
        kind="iam",
        template="wa_ent",
        subject="ECSTaskExecRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(2794,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSTaskExecRole/ecr:GetDownloadUrlForLayer",
        kind="iam",
        template="wa_ent",
        subject="ECSTaskExecRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(2796,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSTaskExecRole/logs:CreateLogStream",
        kind="iam",
        template="wa_ent",
        subject="ECSTaskExecRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(2798,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSTaskExecRole/logs:PutLogEvents",
        kind="iam",
        template="wa_ent",
        subject="ECSTaskExecRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(2799,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSTaskExecRole/managed:AmazonECSTaskExecutionRolePolicy",
        kind="iam",
        template="wa_ent",
        subject="ECSTaskExecRole",
        value=(
            "AWS managed policy arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePoli"
            "cy"
        ),
        lines=(2772,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSTaskExecRole/managed:AmazonSSMReadOnlyAccess",
        kind="iam",
        template="wa_ent",
        subject="ECSTaskExecRole",
        value="AWS managed policy arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess",
        lines=(2773,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSTaskExecRole/secretsmanager:GetSecretValue",
        kind="iam",
        template="wa_ent",
        subject="ECSTaskExecRole",
        value="Ref StoreJWTSecret (policy ECSSecretsManagerPolicy)",
        lines=(2804,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSTaskExecRole/ssm:GetParameters",
        kind="iam",
        template="wa_ent",
        subject="ECSTaskExecRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(2800,),
    ),
    VendorFact(
        id="wa_ent/iam/ECSTaskExecRole/sts:AssumeRole",
        kind="iam",
        template="wa_ent",
        subject="ECSTaskExecRole",
        value="trusts {Service: [ecs-tasks.amazonaws.com]}",
        lines=(2782,),
    ),
    VendorFact(
        id="wa_ent/iam/KMSKey/kms:*",
        kind="iam",
        template="wa_ent",
        subject="KMSKey",
        value="* (key policy, principal {AWS: arn:aws:iam::{Ref AWS::AccountId}:root})",
        lines=(629,),
    ),
    VendorFact(
        id="wa_ent/imds/ContainerInstances",
        kind="imds",
        template="wa_ent",
        subject="ContainerInstances",
        value="MetadataOptions not set: the AWS defaults apply",
        lines=(1820,),
    ),
    VendorFact(
        id="wa_ent/imds/WebContainerInstances",
        kind="imds",
        template="wa_ent",
        subject="WebContainerInstances",
        value="MetadataOptions not set: the AWS defaults apply",
        lines=(2323,),
    ),
    VendorFact(
        id="wa_ent/log/LogDriver",
        kind="log",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp, HostExporterTaskDefinition/cadvisor, "
            "HostExporterTaskDefinition/node-exporter"
        ),
        value="Ref ContainerLogDriver (default awslogs)",
        lines=(892, 950, 1038, 1125, 1223, 2620, 2650),
    ),
    VendorFact(
        id="wa_ent/log/WALogGroup/RetentionInDays",
        kind="log",
        template="wa_ent",
        subject="WALogGroup",
        value="Ref LogRetentionDays (default 7)",
        lines=(831,),
    ),
    VendorFact(
        id="wa_ent/log/option/awslogs-group",
        kind="log",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp, HostExporterTaskDefinition/cadvisor, "
            "HostExporterTaskDefinition/node-exporter"
        ),
        value="If IsAWSLogDriver Ref WALogGroup else (no value)",
        lines=(894, 952, 1040, 1127, 1225, 2622, 2652),
    ),
    VendorFact(
        id="wa_ent/log/option/awslogs-region",
        kind="log",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp, HostExporterTaskDefinition/cadvisor, "
            "HostExporterTaskDefinition/node-exporter"
        ),
        value="If IsAWSLogDriver Ref AWS::Region else (no value)",
        lines=(896, 954, 1042, 1129, 1227, 2624, 2654),
    ),
    VendorFact(
        id="wa_ent/log/option/awslogs-stream-prefix",
        kind="log",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp, HostExporterTaskDefinition/cadvisor, "
            "HostExporterTaskDefinition/node-exporter"
        ),
        value=(
            "If IsAWSLogDriver coreapp else (no value) [WAEntTaskdefinition/wa-coreapp, "
            "WAEntHACoreappTaskdefinition/wa-coreapp]; If IsAWSLogDriver web else (no value) "
            "[WAEntTaskdefinition/wa-web, WAEntHAWebTaskdefinition/wa-web]; If IsAWSLogDriver "
            "master else (no value) [WAEntHAMasterTaskdefinition/wa-master]; If IsAWSLogDriver "
            "cadvisor else (no value) [HostExporterTaskDefinition/cadvisor]; If IsAWSLogDriver "
            "node-exporter else (no value) [HostExporterTaskDefinition/node-exporter]"
        ),
        lines=(898, 956, 1044, 1131, 1229, 2626, 2656),
    ),
    VendorFact(
        id="wa_ent/memory/HostExporterTaskDefinition/cadvisor",
        kind="memory",
        template="wa_ent",
        subject="HostExporterTaskDefinition/cadvisor",
        value="MemoryReservation 128, Cpu not set, Memory (hard limit) not set",
        lines=(2618,),
    ),
    VendorFact(
        id="wa_ent/memory/HostExporterTaskDefinition/node-exporter",
        kind="memory",
        template="wa_ent",
        subject="HostExporterTaskDefinition/node-exporter",
        value="MemoryReservation 32, Cpu not set, Memory (hard limit) not set",
        lines=(2648,),
    ),
    VendorFact(
        id="wa_ent/memory/WAEntHACoreappTaskdefinition/wa-coreapp",
        kind="memory",
        template="wa_ent",
        subject="WAEntHACoreappTaskdefinition/wa-coreapp",
        value=(
            "MemoryReservation If IsCE FindInMap InstanceTypeMapping[MemoryLimits][FindInMap "
            "MessageTypeMapToInstanceType[Ref MessageType (default text)][Ref EnvThroughput "
            "(default 20)]] else 1024, Cpu not set, Memory (hard limit) not set"
        ),
        lines=(1161,),
    ),
    VendorFact(
        id="wa_ent/memory/WAEntHAMasterTaskdefinition/wa-master",
        kind="memory",
        template="wa_ent",
        subject="WAEntHAMasterTaskdefinition/wa-master",
        value="MemoryReservation 1024, Cpu not set, Memory (hard limit) not set",
        lines=(1074,),
    ),
    VendorFact(
        id="wa_ent/memory/WAEntHAWebTaskdefinition/wa-web",
        kind="memory",
        template="wa_ent",
        subject="WAEntHAWebTaskdefinition/wa-web",
        value="MemoryReservation 512, Cpu not set, Memory (hard limit) not set",
        lines=(987,),
    ),
    VendorFact(
        id="wa_ent/memory/WAEntTaskdefinition/wa-coreapp",
        kind="memory",
        template="wa_ent",
        subject="WAEntTaskdefinition/wa-coreapp",
        value="MemoryReservation 1024, Cpu not set, Memory (hard limit) not set",
        lines=(850,),
    ),
    VendorFact(
        id="wa_ent/memory/WAEntTaskdefinition/wa-web",
        kind="memory",
        template="wa_ent",
        subject="WAEntTaskdefinition/wa-web",
        value="MemoryReservation 512, Cpu not set, Memory (hard limit) not set",
        lines=(904,),
    ),
    VendorFact(
        id="wa_ent/mount/cert-vol:/opt/certs",
        kind="mount",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntHAWebTaskdefinition/wa-web, "
            "WAEntHAMasterTaskdefinition/wa-master, WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="/opt/certs -> cert-vol -> host /opt/certs",
        lines=(856, 996, 1085, 1185),
    ),
    VendorFact(
        id="wa_ent/mount/data-vol:/usr/local/waent/data",
        kind="mount",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntHAWebTaskdefinition/wa-web, "
            "WAEntHAMasterTaskdefinition/wa-master, WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="/usr/local/waent/data -> data-vol -> host /mnt/wa/data",
        lines=(852, 992, 1081, 1181),
    ),
    VendorFact(
        id="wa_ent/mount/device-vol:/dev/disk",
        kind="mount",
        template="wa_ent",
        subject="HostExporterTaskDefinition/cadvisor",
        value="/dev/disk -> device-vol -> host /dev/disk read-only",
        lines=(2638,),
    ),
    VendorFact(
        id="wa_ent/mount/docker-vol:/var/lib/docker",
        kind="mount",
        template="wa_ent",
        subject="HostExporterTaskDefinition/cadvisor",
        value="/var/lib/docker -> docker-vol -> host /var/lib/docker read-only",
        lines=(2635,),
    ),
    VendorFact(
        id="wa_ent/mount/media-vol:/usr/local/wamedia",
        kind="mount",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntHAWebTaskdefinition/wa-web, "
            "WAEntHAMasterTaskdefinition/wa-master, WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="/usr/local/wamedia -> media-vol -> host /mnt/wa/media",
        lines=(854, 994, 1083, 1183),
    ),
    VendorFact(
        id="wa_ent/mount/proc-vol:/host/proc",
        kind="mount",
        template="wa_ent",
        subject="HostExporterTaskDefinition/node-exporter",
        value="/host/proc -> proc-vol -> host /proc read-only",
        lines=(2665,),
    ),
    VendorFact(
        id="wa_ent/mount/root-vol:/rootfs",
        kind="mount",
        template="wa_ent",
        subject="HostExporterTaskDefinition/cadvisor, HostExporterTaskDefinition/node-exporter",
        value="/rootfs -> root-vol -> host / read-only",
        lines=(2629, 2659),
    ),
    VendorFact(
        id="wa_ent/mount/sys-vol:/host/sys",
        kind="mount",
        template="wa_ent",
        subject="HostExporterTaskDefinition/node-exporter",
        value="/host/sys -> sys-vol -> host /sys read-only",
        lines=(2662,),
    ),
    VendorFact(
        id="wa_ent/mount/sys-vol:/sys",
        kind="mount",
        template="wa_ent",
        subject="HostExporterTaskDefinition/cadvisor",
        value="/sys -> sys-vol -> host /sys read-only",
        lines=(2632,),
    ),
    VendorFact(
        id="wa_ent/mount/tmpfs:/var/run",
        kind="mount",
        template="wa_ent",
        subject="HostExporterTaskDefinition/cadvisor",
        value="/var/run -> tmpfs -> host /var/run",
        lines=(2641,),
    ),
    VendorFact(
        id="wa_ent/mount/volumes-from:wa-coreapp",
        kind="mount",
        template="wa_ent",
        subject="WAEntTaskdefinition/wa-web",
        value="all volumes of container wa-coreapp",
        lines=(906,),
    ),
    VendorFact(
        id="wa_ent/net/EcsSecurityGroup/egress",
        kind="net",
        template="wa_ent",
        subject="EcsSecurityGroup",
        value="not set: all outbound allowed",
        lines=(726,),
    ),
    VendorFact(
        id="wa_ent/net/EcsSecurityGroupCadvisorinbound",
        kind="net",
        template="wa_ent",
        subject="EcsSecurityGroupCadvisorinbound",
        value="Ref EcsSecurityGroup: tcp 8080 from CidrIp 0.0.0.0/0",
        lines=(755,),
    ),
    VendorFact(
        id="wa_ent/net/EcsSecurityGroupEWTraffic",
        kind="net",
        template="wa_ent",
        subject="EcsSecurityGroupEWTraffic",
        value="Ref EcsSecurityGroup: -1 (not set) from SourceSecurityGroupId Ref EcsSecurityGroup",
        lines=(748,),
    ),
    VendorFact(
        id="wa_ent/net/EcsSecurityGroupHTTPSinbound",
        kind="net",
        template="wa_ent",
        subject="EcsSecurityGroupHTTPSinbound",
        value="Ref EcsSecurityGroup: tcp 443 from CidrIp 0.0.0.0/0",
        lines=(732,),
    ),
    VendorFact(
        id="wa_ent/net/EcsSecurityGroupNodeExporterinbound",
        kind="net",
        template="wa_ent",
        subject="EcsSecurityGroupNodeExporterinbound",
        value="Ref EcsSecurityGroup: tcp 9100 from CidrIp 0.0.0.0/0",
        lines=(764,),
    ),
    VendorFact(
        id="wa_ent/net/EcsSecurityGroupSSHinbound",
        kind="net",
        template="wa_ent",
        subject="EcsSecurityGroupSSHinbound",
        value="Ref EcsSecurityGroup: tcp 22 from CidrIp 0.0.0.0/0",
        lines=(740,),
    ),
    VendorFact(
        id="wa_ent/net/MountTargetSecurityGroup/egress",
        kind="net",
        template="wa_ent",
        subject="MountTargetSecurityGroup",
        value="not set: all outbound allowed",
        lines=(773,),
    ),
    VendorFact(
        id="wa_ent/net/MountTargetSecurityGroup/ingress/tcp:2049",
        kind="net",
        template="wa_ent",
        subject="MountTargetSecurityGroup",
        value="tcp 2049 from SourceSecurityGroupId Ref EcsSecurityGroup",
        lines=(780,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLB/Name",
        kind="net",
        template="wa_ent",
        subject="WAEntLB",
        value="{Ref AWS::StackName}-LB",
        lines=(1249,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLB/Scheme",
        kind="net",
        template="wa_ent",
        subject="WAEntLB",
        value="Ref LBScheme (default internet-facing)",
        lines=(1250,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLB/Type",
        kind="net",
        template="wa_ent",
        subject="WAEntLB",
        value="network",
        lines=(1251,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLBListner/DefaultActions",
        kind="net",
        template="wa_ent",
        subject="WAEntLBListner",
        value="[{Type: forward, TargetGroupArn: Ref WAEntTargetGroup}]",
        lines=(1262,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLBListner/LoadBalancerArn",
        kind="net",
        template="wa_ent",
        subject="WAEntLBListner",
        value="Ref WAEntLB",
        lines=(1265,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLBListner/Port",
        kind="net",
        template="wa_ent",
        subject="WAEntLBListner",
        value="443",
        lines=(1266,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLBListner/Protocol",
        kind="net",
        template="wa_ent",
        subject="WAEntLBListner",
        value="TCP",
        lines=(1267,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLBListnerExport8080/DefaultActions",
        kind="net",
        template="wa_ent",
        subject="WAEntLBListnerExport8080",
        value="[{Type: forward, TargetGroupArn: Ref WAEntTargetGroupExport8080}]",
        lines=(1291,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLBListnerExport8080/LoadBalancerArn",
        kind="net",
        template="wa_ent",
        subject="WAEntLBListnerExport8080",
        value="Ref WAEntLB",
        lines=(1294,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLBListnerExport8080/Port",
        kind="net",
        template="wa_ent",
        subject="WAEntLBListnerExport8080",
        value="8080",
        lines=(1295,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLBListnerExport8080/Protocol",
        kind="net",
        template="wa_ent",
        subject="WAEntLBListnerExport8080",
        value="TCP",
        lines=(1296,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLBListnerExport9100/DefaultActions",
        kind="net",
        template="wa_ent",
        subject="WAEntLBListnerExport9100",
        value="[{Type: forward, TargetGroupArn: Ref WAEntTargetGroupExport9100}]",
        lines=(1321,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLBListnerExport9100/LoadBalancerArn",
        kind="net",
        template="wa_ent",
        subject="WAEntLBListnerExport9100",
        value="Ref WAEntLB",
        lines=(1324,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLBListnerExport9100/Port",
        kind="net",
        template="wa_ent",
        subject="WAEntLBListnerExport9100",
        value="9100",
        lines=(1325,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntLBListnerExport9100/Protocol",
        kind="net",
        template="wa_ent",
        subject="WAEntLBListnerExport9100",
        value="TCP",
        lines=(1326,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroup/HealthCheckEnabled",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroup",
        value="True",
        lines=(1272,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroup/HealthCheckIntervalSeconds",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroup",
        value="30",
        lines=(1273,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroup/HealthCheckPath",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroup",
        value="/",
        lines=(1274,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroup/HealthCheckPort",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroup",
        value="443",
        lines=(1275,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroup/HealthCheckProtocol",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroup",
        value="HTTPS",
        lines=(1276,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroup/HealthyThresholdCount",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroup",
        value="2",
        lines=(1277,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroup/IpAddressType",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroup",
        value="ipv4",
        lines=(1279,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroup/Name",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroup",
        value="{Ref AWS::StackName}-TG",
        lines=(1280,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroup/Port",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroup",
        value="443",
        lines=(1281,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroup/Protocol",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroup",
        value="TCP",
        lines=(1282,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroup/TargetType",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroup",
        value="instance",
        lines=(1283,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroup/UnhealthyThresholdCount",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroup",
        value="2",
        lines=(1278,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport8080/HealthCheckEnabled",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport8080",
        value="True",
        lines=(1302,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport8080/HealthCheckIntervalSeconds",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport8080",
        value="30",
        lines=(1303,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport8080/HealthCheckPath",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport8080",
        value="/",
        lines=(1304,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport8080/HealthCheckPort",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport8080",
        value="8080",
        lines=(1305,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport8080/HealthCheckProtocol",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport8080",
        value="HTTP",
        lines=(1306,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport8080/HealthyThresholdCount",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport8080",
        value="2",
        lines=(1307,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport8080/IpAddressType",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport8080",
        value="ipv4",
        lines=(1309,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport8080/Name",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport8080",
        value="{Ref AWS::StackName}-TG-Export8080",
        lines=(1310,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport8080/Port",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport8080",
        value="8080",
        lines=(1311,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport8080/Protocol",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport8080",
        value="TCP",
        lines=(1312,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport8080/TargetType",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport8080",
        value="instance",
        lines=(1313,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport8080/UnhealthyThresholdCount",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport8080",
        value="2",
        lines=(1308,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport9100/HealthCheckEnabled",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport9100",
        value="True",
        lines=(1332,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport9100/HealthCheckIntervalSeconds",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport9100",
        value="30",
        lines=(1333,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport9100/HealthCheckPath",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport9100",
        value="/",
        lines=(1334,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport9100/HealthCheckPort",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport9100",
        value="9100",
        lines=(1335,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport9100/HealthCheckProtocol",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport9100",
        value="HTTP",
        lines=(1336,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport9100/HealthyThresholdCount",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport9100",
        value="2",
        lines=(1337,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport9100/IpAddressType",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport9100",
        value="ipv4",
        lines=(1339,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport9100/Name",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport9100",
        value="{Ref AWS::StackName}-TG-Export9100",
        lines=(1340,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport9100/Port",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport9100",
        value="9100",
        lines=(1341,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport9100/Protocol",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport9100",
        value="TCP",
        lines=(1342,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport9100/TargetType",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport9100",
        value="instance",
        lines=(1343,),
    ),
    VendorFact(
        id="wa_ent/net/WAEntTargetGroupExport9100/UnhealthyThresholdCount",
        kind="net",
        template="wa_ent",
        subject="WAEntTargetGroupExport9100",
        value="2",
        lines=(1338,),
    ),
    VendorFact(
        id="wa_ent/parameter/StoreHostName",
        kind="parameter",
        template="wa_ent",
        subject="StoreHostName",
        value=(
            "AWS::SSM::Parameter: Name ${AWS::StackName}-WA_DB_HOSTNAME; Type String; Value If "
            "CreateDBInstance GetAtt dbStack.Outputs.DBHostname else Ref DBHostname (default \"\")"
        ),
        lines=(714,),
    ),
    VendorFact(
        id="wa_ent/parameter/StoreJWTSecret",
        kind="parameter",
        template="wa_ent",
        subject="StoreJWTSecret",
        value=(
            "AWS::SecretsManager::Secret: Name ${AWS::StackName}-WA_WEB_JWT_CRYPTO_KEY; "
            "GenerateSecretString {PasswordLength: 64, ExcludePunctuation: True}"
        ),
        lines=(706,),
    ),
    VendorFact(
        id="wa_ent/parameter/StorePassword",
        kind="parameter",
        template="wa_ent",
        subject="StorePassword",
        value=(
            "Custom::StoreDBPassword: ServiceToken GetAtt lambdaStack.Outputs.StoreParameterLambdaA"
            "rn; crypto-arn GetAtt KMSKey.Arn; key ${AWS::StackName}-WA_DB_PASSWORD; value Ref "
            "DBPassword (default user123pwd)"
        ),
        lines=(698,),
    ),
    VendorFact(
        id="wa_ent/port/443",
        kind="port",
        template="wa_ent",
        subject="WAEntTaskdefinition/wa-web, WAEntHAWebTaskdefinition/wa-web",
        value="container 443/tcp, host 443",
        lines=(908, 989),
    ),
    VendorFact(
        id="wa_ent/port/6250",
        kind="port",
        template="wa_ent",
        subject="WAEntHAMasterTaskdefinition/wa-master, WAEntHACoreappTaskdefinition/wa-coreapp",
        value="container 6250/tcp, host not set (dynamic in bridge mode)",
        lines=(1076, 1176),
    ),
    VendorFact(
        id="wa_ent/port/6251",
        kind="port",
        template="wa_ent",
        subject="WAEntHAMasterTaskdefinition/wa-master, WAEntHACoreappTaskdefinition/wa-coreapp",
        value="container 6251/tcp, host not set (dynamic in bridge mode)",
        lines=(1077, 1177),
    ),
    VendorFact(
        id="wa_ent/port/6252",
        kind="port",
        template="wa_ent",
        subject="WAEntHAMasterTaskdefinition/wa-master, WAEntHACoreappTaskdefinition/wa-coreapp",
        value="container 6252/tcp, host not set (dynamic in bridge mode)",
        lines=(1078, 1178),
    ),
    VendorFact(
        id="wa_ent/port/6253",
        kind="port",
        template="wa_ent",
        subject="WAEntHAMasterTaskdefinition/wa-master, WAEntHACoreappTaskdefinition/wa-coreapp",
        value="container 6253/tcp, host not set (dynamic in bridge mode)",
        lines=(1079, 1179),
    ),
    VendorFact(
        id="wa_ent/port/8080",
        kind="port",
        template="wa_ent",
        subject="HostExporterTaskDefinition/cadvisor",
        value="container 8080/tcp, host 8080",
        lines=(2644,),
    ),
    VendorFact(
        id="wa_ent/port/9100",
        kind="port",
        template="wa_ent",
        subject="HostExporterTaskDefinition/node-exporter",
        value="container 9100/tcp, host 9100",
        lines=(2669,),
    ),
    VendorFact(
        id="wa_ent/secret/WA_DB_HOSTNAME",
        kind="secret",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp"
        ),
        value="from Ref StoreHostName [AWS::SSM::Parameter]",
        lines=(889, 945, 1033, 1122, 1220),
    ),
    VendorFact(
        id="wa_ent/secret/WA_WEB_JWT_CRYPTO_KEY",
        kind="secret",
        template="wa_ent",
        subject="WAEntTaskdefinition/wa-web, WAEntHAWebTaskdefinition/wa-web",
        value="from Ref StoreJWTSecret [AWS::SecretsManager::Secret]",
        lines=(947, 1035),
    ),
    VendorFact(
        id="wa_ent/service/HostExporterService/Cluster",
        kind="service",
        template="wa_ent",
        subject="HostExporterService",
        value="Ref ECSCluster",
        lines=(2695,),
    ),
    VendorFact(
        id="wa_ent/service/HostExporterService/Condition",
        kind="service",
        template="wa_ent",
        subject="HostExporterService",
        value="IsHostExporterEnabled",
        lines=(2692,),
    ),
    VendorFact(
        id="wa_ent/service/HostExporterService/DeploymentConfiguration",
        kind="service",
        template="wa_ent",
        subject="HostExporterService",
        value="MaximumPercent 100, MinimumHealthyPercent 0",
        lines=(2698,),
    ),
    VendorFact(
        id="wa_ent/service/HostExporterService/HealthCheckGracePeriodSeconds",
        kind="service",
        template="wa_ent",
        subject="HostExporterService",
        value="not set (ECS default)",
        lines=(2691,),
    ),
    VendorFact(
        id="wa_ent/service/HostExporterService/LaunchType",
        kind="service",
        template="wa_ent",
        subject="HostExporterService",
        value="not set (ECS default)",
        lines=(2691,),
    ),
    VendorFact(
        id="wa_ent/service/HostExporterService/PlacementConstraints",
        kind="service",
        template="wa_ent",
        subject="HostExporterService",
        value="not set (ECS default)",
        lines=(2691,),
    ),
    VendorFact(
        id="wa_ent/service/HostExporterService/PlacementStrategies",
        kind="service",
        template="wa_ent",
        subject="HostExporterService",
        value="not set (ECS default)",
        lines=(2691,),
    ),
    VendorFact(
        id="wa_ent/service/HostExporterService/SchedulingStrategy",
        kind="service",
        template="wa_ent",
        subject="HostExporterService",
        value="DAEMON",
        lines=(2696,),
    ),
    VendorFact(
        id="wa_ent/service/HostExporterService/TaskDefinition",
        kind="service",
        template="wa_ent",
        subject="HostExporterService",
        value="Ref HostExporterTaskDefinition",
        lines=(2697,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntCECoreappService/Cluster",
        kind="service",
        template="wa_ent",
        subject="WAEntCECoreappService",
        value="Ref ECSCluster",
        lines=(2557,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntCECoreappService/Condition",
        kind="service",
        template="wa_ent",
        subject="WAEntCECoreappService",
        value="IsCE",
        lines=(2551,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntCECoreappService/DependsOn",
        kind="service",
        template="wa_ent",
        subject="WAEntCECoreappService",
        value="HAECSAutoScalingGroup; WAEntMasterService",
        lines=(2553,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntCECoreappService/DeploymentConfiguration",
        kind="service",
        template="wa_ent",
        subject="WAEntCECoreappService",
        value="MaximumPercent 200, MinimumHealthyPercent 100",
        lines=(2574,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntCECoreappService/DesiredCount",
        kind="service",
        template="wa_ent",
        subject="WAEntCECoreappService",
        value=(
            "FindInMap EnvConfig[NumCoreappContainers][FindInMap "
            "EnvConfig[ThroughputMapToShards][Ref EnvThroughput (default 20)]]"
        ),
        lines=(2558,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntCECoreappService/HealthCheckGracePeriodSeconds",
        kind="service",
        template="wa_ent",
        subject="WAEntCECoreappService",
        value="not set (ECS default)",
        lines=(2550,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntCECoreappService/LaunchType",
        kind="service",
        template="wa_ent",
        subject="WAEntCECoreappService",
        value="not set (ECS default)",
        lines=(2550,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntCECoreappService/PlacementConstraints",
        kind="service",
        template="wa_ent",
        subject="WAEntCECoreappService",
        value=(
            "Type memberOf, Expression attribute:ecs.availability-zone in [{Select 0 of GetAZs Ref "
            "AWS::Region}]"
        ),
        lines=(2566,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntCECoreappService/PlacementStrategies",
        kind="service",
        template="wa_ent",
        subject="WAEntCECoreappService",
        value="Type spread, Field instanceId",
        lines=(2571,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntCECoreappService/TaskDefinition",
        kind="service",
        template="wa_ent",
        subject="WAEntCECoreappService",
        value="Ref WAEntHACoreappTaskdefinition",
        lines=(2565,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntMasterService/Cluster",
        kind="service",
        template="wa_ent",
        subject="WAEntMasterService",
        value="Ref ECSCluster",
        lines=(2537,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntMasterService/Condition",
        kind="service",
        template="wa_ent",
        subject="WAEntMasterService",
        value="IsHA",
        lines=(2531,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntMasterService/DependsOn",
        kind="service",
        template="wa_ent",
        subject="WAEntMasterService",
        value="HAECSAutoScalingGroupWeb; WAEntWebService",
        lines=(2533,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntMasterService/DeploymentConfiguration",
        kind="service",
        template="wa_ent",
        subject="WAEntMasterService",
        value="MaximumPercent 100, MinimumHealthyPercent 50",
        lines=(2541,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntMasterService/DesiredCount",
        kind="service",
        template="wa_ent",
        subject="WAEntMasterService",
        value="2",
        lines=(2538,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntMasterService/HealthCheckGracePeriodSeconds",
        kind="service",
        template="wa_ent",
        subject="WAEntMasterService",
        value="not set (ECS default)",
        lines=(2530,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntMasterService/LaunchType",
        kind="service",
        template="wa_ent",
        subject="WAEntMasterService",
        value="not set (ECS default)",
        lines=(2530,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntMasterService/PlacementConstraints",
        kind="service",
        template="wa_ent",
        subject="WAEntMasterService",
        value=(
            "Type memberOf, Expression attribute:ecs.availability-zone in [{Select 1 of GetAZs Ref "
            "AWS::Region}]"
        ),
        lines=(2544,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntMasterService/PlacementStrategies",
        kind="service",
        template="wa_ent",
        subject="WAEntMasterService",
        value="not set (ECS default)",
        lines=(2530,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntMasterService/TaskDefinition",
        kind="service",
        template="wa_ent",
        subject="WAEntMasterService",
        value="Ref WAEntHAMasterTaskdefinition",
        lines=(2540,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntNotCECoreappService/Cluster",
        kind="service",
        template="wa_ent",
        subject="WAEntNotCECoreappService",
        value="Ref ECSCluster",
        lines=(2585,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntNotCECoreappService/Condition",
        kind="service",
        template="wa_ent",
        subject="WAEntNotCECoreappService",
        value="IsNotCE",
        lines=(2579,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntNotCECoreappService/DependsOn",
        kind="service",
        template="wa_ent",
        subject="WAEntNotCECoreappService",
        value="HAECSAutoScalingGroup; WAEntMasterService",
        lines=(2581,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntNotCECoreappService/DeploymentConfiguration",
        kind="service",
        template="wa_ent",
        subject="WAEntNotCECoreappService",
        value="MaximumPercent 100, MinimumHealthyPercent 25",
        lines=(2603,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntNotCECoreappService/DesiredCount",
        kind="service",
        template="wa_ent",
        subject="WAEntNotCECoreappService",
        value=(
            "FindInMap EnvConfig[NumCoreappContainers][FindInMap "
            "EnvConfig[ThroughputMapToShards][Ref EnvThroughput (default 20)]]"
        ),
        lines=(2586,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntNotCECoreappService/HealthCheckGracePeriodSeconds",
        kind="service",
        template="wa_ent",
        subject="WAEntNotCECoreappService",
        value="not set (ECS default)",
        lines=(2578,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntNotCECoreappService/LaunchType",
        kind="service",
        template="wa_ent",
        subject="WAEntNotCECoreappService",
        value="not set (ECS default)",
        lines=(2578,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntNotCECoreappService/PlacementConstraints",
        kind="service",
        template="wa_ent",
        subject="WAEntNotCECoreappService",
        value=(
            "Type memberOf, Expression attribute:ecs.availability-zone in [{Select 0 of GetAZs Ref "
            "AWS::Region}]; Type distinctInstance"
        ),
        lines=(2594,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntNotCECoreappService/PlacementStrategies",
        kind="service",
        template="wa_ent",
        subject="WAEntNotCECoreappService",
        value="Type spread, Field instanceId",
        lines=(2600,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntNotCECoreappService/TaskDefinition",
        kind="service",
        template="wa_ent",
        subject="WAEntNotCECoreappService",
        value="Ref WAEntHACoreappTaskdefinition",
        lines=(2593,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntService/Cluster",
        kind="service",
        template="wa_ent",
        subject="WAEntService",
        value="Ref ECSCluster",
        lines=(2483,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntService/Condition",
        kind="service",
        template="wa_ent",
        subject="WAEntService",
        value="IsNotHA",
        lines=(2478,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntService/DependsOn",
        kind="service",
        template="wa_ent",
        subject="WAEntService",
        value="SingleECSAutoScalingGroup",
        lines=(2480,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntService/DeploymentConfiguration",
        kind="service",
        template="wa_ent",
        subject="WAEntService",
        value="MaximumPercent 100, MinimumHealthyPercent 0",
        lines=(2501,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntService/DesiredCount",
        kind="service",
        template="wa_ent",
        subject="WAEntService",
        value="1",
        lines=(2484,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntService/HealthCheckGracePeriodSeconds",
        kind="service",
        template="wa_ent",
        subject="WAEntService",
        value="not set (ECS default)",
        lines=(2477,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntService/LaunchType",
        kind="service",
        template="wa_ent",
        subject="WAEntService",
        value="not set (ECS default)",
        lines=(2477,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntService/LoadBalancers",
        kind="service",
        template="wa_ent",
        subject="WAEntService",
        value=(
            "If CreateLBListenerForHostExporterPorts [{ContainerName: wa-web, ContainerPort: 443, "
            "TargetGroupArn: Ref WAEntTargetGroup}] else [{ContainerName: wa-web, ContainerPort: "
            "443, TargetGroupArn: Ref WAEntTargetGroup}, {ContainerName: wa-web, ContainerPort: "
            "443, TargetGroupArn: Ref WAEntTargetGroupExport8080}, {ContainerName: wa-web, "
            "ContainerPort: 443, TargetGroupArn: Ref WAEntTargetGroupExport9100}]"
        ),
        lines=(2485,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntService/PlacementConstraints",
        kind="service",
        template="wa_ent",
        subject="WAEntService",
        value="not set (ECS default)",
        lines=(2477,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntService/PlacementStrategies",
        kind="service",
        template="wa_ent",
        subject="WAEntService",
        value="not set (ECS default)",
        lines=(2477,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntService/Role",
        kind="service",
        template="wa_ent",
        subject="WAEntService",
        value="GetAtt ECSScalingRole.Arn",
        lines=(2499,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntService/TaskDefinition",
        kind="service",
        template="wa_ent",
        subject="WAEntService",
        value="Ref WAEntTaskdefinition",
        lines=(2500,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntWebService/Cluster",
        kind="service",
        template="wa_ent",
        subject="WAEntWebService",
        value="Ref ECSCluster",
        lines=(2511,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntWebService/Condition",
        kind="service",
        template="wa_ent",
        subject="WAEntWebService",
        value="IsHA",
        lines=(2506,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntWebService/DependsOn",
        kind="service",
        template="wa_ent",
        subject="WAEntWebService",
        value="HAECSAutoScalingGroupWeb",
        lines=(2508,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntWebService/DeploymentConfiguration",
        kind="service",
        template="wa_ent",
        subject="WAEntWebService",
        value="MaximumPercent 100, MinimumHealthyPercent 25",
        lines=(2526,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntWebService/DesiredCount",
        kind="service",
        template="wa_ent",
        subject="WAEntWebService",
        value="FindInMap EnvConfig[ThroughputMapToWebApps][Ref EnvThroughput (default 20)]",
        lines=(2512,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntWebService/HealthCheckGracePeriodSeconds",
        kind="service",
        template="wa_ent",
        subject="WAEntWebService",
        value="not set (ECS default)",
        lines=(2505,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntWebService/LaunchType",
        kind="service",
        template="wa_ent",
        subject="WAEntWebService",
        value="not set (ECS default)",
        lines=(2505,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntWebService/LoadBalancers",
        kind="service",
        template="wa_ent",
        subject="WAEntWebService",
        value="ContainerName wa-web, ContainerPort 443, TargetGroupArn Ref WAEntTargetGroup",
        lines=(2514,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntWebService/PlacementConstraints",
        kind="service",
        template="wa_ent",
        subject="WAEntWebService",
        value=(
            "Type memberOf, Expression attribute:ecs.availability-zone in [{Select 1 of GetAZs Ref "
            "AWS::Region}]; Type distinctInstance"
        ),
        lines=(2520,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntWebService/PlacementStrategies",
        kind="service",
        template="wa_ent",
        subject="WAEntWebService",
        value="not set (ECS default)",
        lines=(2505,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntWebService/Role",
        kind="service",
        template="wa_ent",
        subject="WAEntWebService",
        value="GetAtt ECSScalingRole.Arn",
        lines=(2518,),
    ),
    VendorFact(
        id="wa_ent/service/WAEntWebService/TaskDefinition",
        kind="service",
        template="wa_ent",
        subject="WAEntWebService",
        value="Ref WAEntHAWebTaskdefinition",
        lines=(2519,),
    ),
    VendorFact(
        id="wa_ent/task/HostExporterTaskDefinition/Condition",
        kind="task",
        template="wa_ent",
        subject="HostExporterTaskDefinition",
        value="IsHostExporterEnabled",
        lines=(2612,),
    ),
    VendorFact(
        id="wa_ent/task/HostExporterTaskDefinition/ExecutionRoleArn",
        kind="task",
        template="wa_ent",
        subject="HostExporterTaskDefinition",
        value="not set",
        lines=(2611,),
    ),
    VendorFact(
        id="wa_ent/task/HostExporterTaskDefinition/NetworkMode",
        kind="task",
        template="wa_ent",
        subject="HostExporterTaskDefinition",
        value="not set: bridge (the ECS default on EC2)",
        lines=(2611,),
    ),
    VendorFact(
        id="wa_ent/task/HostExporterTaskDefinition/TaskRoleArn",
        kind="task",
        template="wa_ent",
        subject="HostExporterTaskDefinition",
        value="not set: no task role (containers get no task credentials)",
        lines=(2611,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHACoreappTaskdefinition/Condition",
        kind="task",
        template="wa_ent",
        subject="WAEntHACoreappTaskdefinition",
        value="IsHA",
        lines=(1149,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHACoreappTaskdefinition/ExecutionRoleArn",
        kind="task",
        template="wa_ent",
        subject="WAEntHACoreappTaskdefinition",
        value="GetAtt ECSTaskExecRole.Arn",
        lines=(1154,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHACoreappTaskdefinition/Family",
        kind="task",
        template="wa_ent",
        subject="WAEntHACoreappTaskdefinition",
        value="wa-ent-{Ref AWS::StackName}",
        lines=(1155,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHACoreappTaskdefinition/NetworkMode",
        kind="task",
        template="wa_ent",
        subject="WAEntHACoreappTaskdefinition",
        value="not set: bridge (the ECS default on EC2)",
        lines=(1148,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHACoreappTaskdefinition/TaskRoleArn",
        kind="task",
        template="wa_ent",
        subject="WAEntHACoreappTaskdefinition",
        value="not set: no task role (containers get no task credentials)",
        lines=(1148,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHAMasterTaskdefinition/Condition",
        kind="task",
        template="wa_ent",
        subject="WAEntHAMasterTaskdefinition",
        value="IsHA",
        lines=(1062,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHAMasterTaskdefinition/ExecutionRoleArn",
        kind="task",
        template="wa_ent",
        subject="WAEntHAMasterTaskdefinition",
        value="GetAtt ECSTaskExecRole.Arn",
        lines=(1067,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHAMasterTaskdefinition/Family",
        kind="task",
        template="wa_ent",
        subject="WAEntHAMasterTaskdefinition",
        value="wa-ent-{Ref AWS::StackName}",
        lines=(1068,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHAMasterTaskdefinition/NetworkMode",
        kind="task",
        template="wa_ent",
        subject="WAEntHAMasterTaskdefinition",
        value="not set: bridge (the ECS default on EC2)",
        lines=(1061,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHAMasterTaskdefinition/TaskRoleArn",
        kind="task",
        template="wa_ent",
        subject="WAEntHAMasterTaskdefinition",
        value="not set: no task role (containers get no task credentials)",
        lines=(1061,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHAWebTaskdefinition/Condition",
        kind="task",
        template="wa_ent",
        subject="WAEntHAWebTaskdefinition",
        value="IsHA",
        lines=(974,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHAWebTaskdefinition/ExecutionRoleArn",
        kind="task",
        template="wa_ent",
        subject="WAEntHAWebTaskdefinition",
        value="GetAtt ECSTaskExecRole.Arn",
        lines=(980,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHAWebTaskdefinition/Family",
        kind="task",
        template="wa_ent",
        subject="WAEntHAWebTaskdefinition",
        value="wa-ent-{Ref AWS::StackName}",
        lines=(981,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHAWebTaskdefinition/NetworkMode",
        kind="task",
        template="wa_ent",
        subject="WAEntHAWebTaskdefinition",
        value="not set: bridge (the ECS default on EC2)",
        lines=(973,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntHAWebTaskdefinition/TaskRoleArn",
        kind="task",
        template="wa_ent",
        subject="WAEntHAWebTaskdefinition",
        value="not set: no task role (containers get no task credentials)",
        lines=(973,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntTaskdefinition/Condition",
        kind="task",
        template="wa_ent",
        subject="WAEntTaskdefinition",
        value="IsNotHA",
        lines=(837,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntTaskdefinition/ExecutionRoleArn",
        kind="task",
        template="wa_ent",
        subject="WAEntTaskdefinition",
        value="GetAtt ECSTaskExecRole.Arn",
        lines=(843,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntTaskdefinition/Family",
        kind="task",
        template="wa_ent",
        subject="WAEntTaskdefinition",
        value="wa-ent-{Ref AWS::StackName}",
        lines=(844,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntTaskdefinition/NetworkMode",
        kind="task",
        template="wa_ent",
        subject="WAEntTaskdefinition",
        value="not set: bridge (the ECS default on EC2)",
        lines=(836,),
    ),
    VendorFact(
        id="wa_ent/task/WAEntTaskdefinition/TaskRoleArn",
        kind="task",
        template="wa_ent",
        subject="WAEntTaskdefinition",
        value="not set: no task role (containers get no task credentials)",
        lines=(836,),
    ),
    VendorFact(
        id="wa_ent/task/volume/cert-vol",
        kind="task",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition, WAEntHAWebTaskdefinition, WAEntHAMasterTaskdefinition, "
            "WAEntHACoreappTaskdefinition"
        ),
        value="host /opt/certs",
        lines=(969, 1057, 1144, 1242),
    ),
    VendorFact(
        id="wa_ent/task/volume/data-vol",
        kind="task",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition, WAEntHAWebTaskdefinition, WAEntHAMasterTaskdefinition, "
            "WAEntHACoreappTaskdefinition"
        ),
        value="host /mnt/wa/data",
        lines=(959, 1047, 1134, 1232),
    ),
    VendorFact(
        id="wa_ent/task/volume/device-vol",
        kind="task",
        template="wa_ent",
        subject="HostExporterTaskDefinition",
        value="host /dev/disk",
        lines=(2684,),
    ),
    VendorFact(
        id="wa_ent/task/volume/docker-vol",
        kind="task",
        template="wa_ent",
        subject="HostExporterTaskDefinition",
        value="host /var/lib/docker",
        lines=(2681,),
    ),
    VendorFact(
        id="wa_ent/task/volume/media-vol",
        kind="task",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition, WAEntHAWebTaskdefinition, WAEntHAMasterTaskdefinition, "
            "WAEntHACoreappTaskdefinition"
        ),
        value="host /mnt/wa/media",
        lines=(964, 1052, 1139, 1237),
    ),
    VendorFact(
        id="wa_ent/task/volume/proc-vol",
        kind="task",
        template="wa_ent",
        subject="HostExporterTaskDefinition",
        value="host /proc",
        lines=(2687,),
    ),
    VendorFact(
        id="wa_ent/task/volume/root-vol",
        kind="task",
        template="wa_ent",
        subject="HostExporterTaskDefinition",
        value="host /",
        lines=(2672,),
    ),
    VendorFact(
        id="wa_ent/task/volume/sys-vol",
        kind="task",
        template="wa_ent",
        subject="HostExporterTaskDefinition",
        value="host /sys",
        lines=(2678,),
    ),
    VendorFact(
        id="wa_ent/task/volume/tmpfs",
        kind="task",
        template="wa_ent",
        subject="HostExporterTaskDefinition",
        value="host /var/run",
        lines=(2675,),
    ),
    VendorFact(
        id="wa_ent/ulimit/none",
        kind="ulimit",
        template="wa_ent",
        subject=(
            "WAEntTaskdefinition/wa-coreapp, WAEntTaskdefinition/wa-web, "
            "WAEntHAWebTaskdefinition/wa-web, WAEntHAMasterTaskdefinition/wa-master, "
            "WAEntHACoreappTaskdefinition/wa-coreapp, HostExporterTaskDefinition/cadvisor, "
            "HostExporterTaskDefinition/node-exporter"
        ),
        value="no ulimits set (Docker daemon defaults)",
        lines=(846, 900, 983, 1070, 1157, 2616, 2646),
    ),
    VendorFact(
        id="wa_ent_db/db/DBSubnetGroup/DBSubnetGroupDescription",
        kind="db",
        template="wa_ent_db",
        subject="DBSubnetGroup",
        value="Subnets the database belongs to",
        lines=(121,),
    ),
    VendorFact(
        id="wa_ent_db/db/DBSubnetGroup/SubnetIds",
        kind="db",
        template="wa_ent_db",
        subject="DBSubnetGroup",
        value="Ref SubnetIDs",
        lines=(122,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/BackupRetentionPeriod",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="not set (1 day)",
        lines=(142,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/CopyTagsToSnapshot",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="true",
        lines=(146,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/DBClusterIdentifier",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="${AWS::StackName}",
        lines=(145,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/DBClusterParameterGroupName",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value=(
            "not set: the engine's default cluster parameter group (require_secure_transport at "
            "its default)"
        ),
        lines=(142,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/DBSubnetGroupName",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="Ref DBSubnetGroup",
        lines=(147,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/DeletionPolicy",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="Snapshot",
        lines=(168,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/EnableCloudwatchLogsExports",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="[error, general, slowquery]",
        lines=(148,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/Engine",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="aurora-mysql",
        lines=(149,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/EngineMode",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="provisioned",
        lines=(150,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/EngineVersion",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="Ref DBEngineVersion (default 8.0.mysql_aurora.3.03.1)",
        lines=(151,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/KmsKeyId",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value=(
            "If IsCreateNewKey Ref KMSKey else If IsUserProvidedKey Ref EncryptionKeyId (default "
            "\"\") else (no value)"
        ),
        lines=(152,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/MasterUserPassword",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="Ref DBPassword",
        lines=(159,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/MasterUsername",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="Ref DBUser",
        lines=(158,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/Port",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="Ref DBPort (default 3306)",
        lines=(160,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/StorageEncrypted",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="If IsUnencrypted false else true",
        lines=(161,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSCluster/VpcSecurityGroupIds",
        kind="db",
        template="wa_ent_db",
        subject="RDSCluster",
        value="[Ref DBSecurityGroup]",
        lines=(167,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSDBInstance1/DBClusterIdentifier",
        kind="db",
        template="wa_ent_db",
        subject="RDSDBInstance1",
        value="Ref RDSCluster",
        lines=(173,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSDBInstance1/DBInstanceClass",
        kind="db",
        template="wa_ent_db",
        subject="RDSDBInstance1",
        value="Ref DBInstanceClass",
        lines=(175,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSDBInstance1/DBParameterGroupName",
        kind="db",
        template="wa_ent_db",
        subject="RDSDBInstance1",
        value="not set: the engine's default parameter group",
        lines=(170,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSDBInstance1/DBSubnetGroupName",
        kind="db",
        template="wa_ent_db",
        subject="RDSDBInstance1",
        value="Ref DBSubnetGroup",
        lines=(176,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSDBInstance1/Engine",
        kind="db",
        template="wa_ent_db",
        subject="RDSDBInstance1",
        value="aurora-mysql",
        lines=(178,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSDBInstance1/PubliclyAccessible",
        kind="db",
        template="wa_ent_db",
        subject="RDSDBInstance1",
        value="false",
        lines=(179,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSDBInstance2/DBClusterIdentifier",
        kind="db",
        template="wa_ent_db",
        subject="RDSDBInstance2",
        value="Ref RDSCluster",
        lines=(189,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSDBInstance2/DBInstanceClass",
        kind="db",
        template="wa_ent_db",
        subject="RDSDBInstance2",
        value="Ref DBInstanceClass",
        lines=(191,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSDBInstance2/DBParameterGroupName",
        kind="db",
        template="wa_ent_db",
        subject="RDSDBInstance2",
        value="not set: the engine's default parameter group",
        lines=(186,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSDBInstance2/Engine",
        kind="db",
        template="wa_ent_db",
        subject="RDSDBInstance2",
        value="aurora-mysql",
        lines=(192,),
    ),
    VendorFact(
        id="wa_ent_db/db/RDSDBInstance2/PubliclyAccessible",
        kind="db",
        template="wa_ent_db",
        subject="RDSDBInstance2",
        value="false",
        lines=(193,),
    ),
    VendorFact(
        id="wa_ent_db/db/param/DBEncryptionKeyType",
        kind="db",
        template="wa_ent_db",
        subject="parameter DBEncryptionKeyType",
        value=(
            "Type String; Default Default-Key; AllowedValues [Unencrypted, Default-Key, "
            "Create-New-Key, User-Provided-Key]"
        ),
        lines=(42,),
    ),
    VendorFact(
        id="wa_ent_db/db/param/DBEngineVersion",
        kind="db",
        template="wa_ent_db",
        subject="parameter DBEngineVersion",
        value="Type String; Default 8.0.mysql_aurora.3.03.1",
        lines=(88,),
    ),
    VendorFact(
        id="wa_ent_db/db/param/DBInstanceClass",
        kind="db",
        template="wa_ent_db",
        subject="parameter DBInstanceClass",
        value=(
            "Type String; AllowedValues [db.r5.large, db.r5.xlarge, db.r5.2xlarge, db.r5.4xlarge, "
            "db.r5.8xlarge, db.r5.12xlarge]"
        ),
        lines=(77,),
    ),
    VendorFact(
        id="wa_ent_db/db/param/DBPassword",
        kind="db",
        template="wa_ent_db",
        subject="parameter DBPassword",
        value="NoEcho true; Type String; MinLength 8; MaxLength 41",
        lines=(63,),
    ),
    VendorFact(
        id="wa_ent_db/db/param/DBPort",
        kind="db",
        template="wa_ent_db",
        subject="parameter DBPort",
        value="Type Number; Default 3306; MinValue 1025; MaxValue 65535",
        lines=(70,),
    ),
    VendorFact(
        id="wa_ent_db/db/param/DBUser",
        kind="db",
        template="wa_ent_db",
        subject="parameter DBUser",
        value=(
            "NoEcho true; Type String; MinLength 1; MaxLength 16; AllowedPattern "
            "[a-zA-Z][a-zA-Z0-9]*"
        ),
        lines=(55,),
    ),
    VendorFact(
        id="wa_ent_db/iam/KMSKey/kms:*",
        kind="iam",
        template="wa_ent_db",
        subject="KMSKey",
        value="* (key policy, principal {AWS: arn:aws:iam::{Ref AWS::AccountId}:root})",
        lines=(139,),
    ),
    VendorFact(
        id="wa_ent_db/net/DBSecurityGroup/egress",
        kind="net",
        template="wa_ent_db",
        subject="DBSecurityGroup",
        value="not set: all outbound allowed",
        lines=(104,),
    ),
    VendorFact(
        id="wa_ent_db/net/DBSecurityGroup/ingress/tcp:DBPort",
        kind="net",
        template="wa_ent_db",
        subject="DBSecurityGroup",
        value="tcp Ref DBPort (default 3306) from CidrIp 0.0.0.0/0",
        lines=(110,),
    ),
    VendorFact(
        id="wa_ent_lambda/iam/LambdaRole/Path",
        kind="iam",
        template="wa_ent_lambda",
        subject="LambdaRole",
        value="/whatsapp/",
        lines=(170,),
    ),
    VendorFact(
        id="wa_ent_lambda/iam/LambdaRole/cloudformation:DescribeStacks",
        kind="iam",
        template="wa_ent_lambda",
        subject="LambdaRole",
        value="arn:aws:cloudformation:${AWS::Region}:${AWS::AccountId}:* (policy CFNPolicy)",
        lines=(181,),
    ),
    VendorFact(
        id="wa_ent_lambda/iam/LambdaRole/kms:Encrypt",
        kind="iam",
        template="wa_ent_lambda",
        subject="LambdaRole",
        value="arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/* (policy KMSPolicy)",
        lines=(209,),
    ),
    VendorFact(
        id="wa_ent_lambda/iam/LambdaRole/kms:ReEncrypt*",
        kind="iam",
        template="wa_ent_lambda",
        subject="LambdaRole",
        value="arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/* (policy KMSPolicy)",
        lines=(210,),
    ),
    VendorFact(
        id="wa_ent_lambda/iam/LambdaRole/logs:CreateLogGroup",
        kind="iam",
        template="wa_ent_lambda",
        subject="LambdaRole",
        value="arn:aws:logs:${AWS::Region}:${AWS::AccountId}:* (policy LogPolicy)",
        lines=(195,),
    ),
    VendorFact(
        id="wa_ent_lambda/iam/LambdaRole/logs:CreateLogStream",
        kind="iam",
        template="wa_ent_lambda",
        subject="LambdaRole",
        value="arn:aws:logs:${AWS::Region}:${AWS::AccountId}:* (policy LogPolicy)",
        lines=(194,),
    ),
    VendorFact(
        id="wa_ent_lambda/iam/LambdaRole/logs:PutLogEvents",
        kind="iam",
        template="wa_ent_lambda",
        subject="LambdaRole",
        value="arn:aws:logs:${AWS::Region}:${AWS::AccountId}:* (policy LogPolicy)",
        lines=(196,),
    ),
    VendorFact(
        id="wa_ent_lambda/iam/LambdaRole/ssm:DeleteParameter",
        kind="iam",
        template="wa_ent_lambda",
        subject="LambdaRole",
        value="arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/* (policy SSMPolicy)",
        lines=(225,),
    ),
    VendorFact(
        id="wa_ent_lambda/iam/LambdaRole/ssm:GetParameter",
        kind="iam",
        template="wa_ent_lambda",
        subject="LambdaRole",
        value="arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/* (policy SSMPolicy)",
        lines=(224,),
    ),
    VendorFact(
        id="wa_ent_lambda/iam/LambdaRole/ssm:PutParameter",
        kind="iam",
        template="wa_ent_lambda",
        subject="LambdaRole",
        value="arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/* (policy SSMPolicy)",
        lines=(223,),
    ),
    VendorFact(
        id="wa_ent_lambda/iam/LambdaRole/sts:AssumeRole",
        kind="iam",
        template="wa_ent_lambda",
        subject="LambdaRole",
        value="trusts {Service: lambda.amazonaws.com}",
        lines=(169,),
    ),
    VendorFact(
        id="wa_ent_lambda/log/LambdaLogGroup/LogGroupName",
        kind="log",
        template="wa_ent_lambda",
        subject="LambdaLogGroup",
        value="/aws/lambda/{Ref StoreParameterLambda}",
        lines=(156,),
    ),
    VendorFact(
        id="wa_ent_lambda/log/LambdaLogGroup/RetentionInDays",
        kind="log",
        template="wa_ent_lambda",
        subject="LambdaLogGroup",
        value="Ref LogRetentionDays (default 7)",
        lines=(157,),
    ),
    VendorFact(
        id="wa_ent_lambda/parameter/StoreParameterLambda/Code",
        kind="parameter",
        template="wa_ent_lambda",
        subject="StoreParameterLambda",
        value=(
            "inline code: boto3 clients ssm; calls delete_parameter, put_parameter; parameter type "
            "SecureString; reads properties crypto-arn, key, value; overwrites"
        ),
        lines=(39,),
    ),
    VendorFact(
        id="wa_ent_lambda/parameter/StoreParameterLambda/Handler",
        kind="parameter",
        template="wa_ent_lambda",
        subject="StoreParameterLambda",
        value="index.handler",
        lines=(34,),
    ),
    VendorFact(
        id="wa_ent_lambda/parameter/StoreParameterLambda/MemorySize",
        kind="parameter",
        template="wa_ent_lambda",
        subject="StoreParameterLambda",
        value="128",
        lines=(36,),
    ),
    VendorFact(
        id="wa_ent_lambda/parameter/StoreParameterLambda/Role",
        kind="parameter",
        template="wa_ent_lambda",
        subject="StoreParameterLambda",
        value="GetAtt LambdaRole.Arn",
        lines=(35,),
    ),
    VendorFact(
        id="wa_ent_lambda/parameter/StoreParameterLambda/Runtime",
        kind="parameter",
        template="wa_ent_lambda",
        subject="StoreParameterLambda",
        value="python3.8",
        lines=(38,),
    ),
    VendorFact(
        id="wa_ent_lambda/parameter/StoreParameterLambda/Timeout",
        kind="parameter",
        template="wa_ent_lambda",
        subject="StoreParameterLambda",
        value="60",
        lines=(37,),
    ),
    VendorFact(
        id="wa_ent_monitoring/agent/ECS_AVAILABLE_LOGGING_DRIVERS",
        kind="agent",
        template="wa_ent_monitoring",
        subject="ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)",
        value="[\"json-file\",\"awslogs\"]",
        lines=(414,),
    ),
    VendorFact(
        id="wa_ent_monitoring/agent/ECS_CLUSTER",
        kind="agent",
        template="wa_ent_monitoring",
        subject=(
            "ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup), "
            "ContainerInstances user data (sed)"
        ),
        value=(
            "default [ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)]; "
            "{Ref ECSCluster} [ContainerInstances user data (sed)]"
        ),
        lines=(416, 510),
    ),
    VendorFact(
        id="wa_ent_monitoring/agent/ECS_DATADIR",
        kind="agent",
        template="wa_ent_monitoring",
        subject="ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)",
        value="/data",
        lines=(410,),
    ),
    VendorFact(
        id="wa_ent_monitoring/agent/ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE",
        kind="agent",
        template="wa_ent_monitoring",
        subject="ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)",
        value="true",
        lines=(417,),
    ),
    VendorFact(
        id="wa_ent_monitoring/agent/ECS_ENABLE_CONTAINER_METADATA",
        kind="agent",
        template="wa_ent_monitoring",
        subject="ContainerInstances user data",
        value="true",
        lines=(508,),
    ),
    VendorFact(
        id="wa_ent_monitoring/agent/ECS_ENABLE_TASK_IAM_ROLE",
        kind="agent",
        template="wa_ent_monitoring",
        subject="ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)",
        value="true",
        lines=(411,),
    ),
    VendorFact(
        id="wa_ent_monitoring/agent/ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST",
        kind="agent",
        template="wa_ent_monitoring",
        subject="ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)",
        value="true",
        lines=(412,),
    ),
    VendorFact(
        id="wa_ent_monitoring/agent/ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION",
        kind="agent",
        template="wa_ent_monitoring",
        subject="ContainerInstances user data",
        value="72h",
        lines=(509,),
    ),
    VendorFact(
        id="wa_ent_monitoring/agent/ECS_LOGFILE",
        kind="agent",
        template="wa_ent_monitoring",
        subject="ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)",
        value="/log/ecs-agent.log",
        lines=(413,),
    ),
    VendorFact(
        id="wa_ent_monitoring/agent/ECS_LOGLEVEL",
        kind="agent",
        template="wa_ent_monitoring",
        subject="ContainerInstances cfn-init file /etc/ecs/ecs.config (ecs_agent_setup)",
        value="info",
        lines=(415,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/configsets/DockerConfig",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="runs configs pkg_install, ecs_agent_setup",
        lines=(391,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/ecs_agent_setup/01_ecs_related",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value=(
            "appends 'net.ipv4.conf.all.route_localnet = 1' to /etc/sysctl.conf; applies the "
            "kernel settings of /etc/sysctl.conf; adds a nat PREROUTING rule: 169.254.170.2 port "
            "80 to 127.0.0.1:51679; adds a nat OUTPUT rule: 169.254.170.2 port 80 to 51679; saves "
            "the firewall rules to /etc/sysconfig/iptables"
        ),
        lines=(455,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/ecs_agent_setup/02_disable_docker_ecs",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="systemctl disable docker; systemctl disable docker-container@ecs-agent.service",
        lines=(462,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/ecs_agent_setup/03_create_log_dir",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="creates directories /var/log/ecs, /var/lib/ecs/data",
        lines=(466,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/ecs_agent_setup/04_weekly_auto_update",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value=(
            "copies s3://wa-biz-cfn-dev/scripts/update_ecs_agent.sh to "
            "/opt/whatsapp/bin/update_ecs_agent.sh; mode +x on "
            "/opt/whatsapp/bin/update_ecs_agent.sh; saves the current crontab to "
            "/tmp/crontab_update_ecs.txt; appends '0 0 * * 0 "
            "/opt/whatsapp/bin/update_ecs_agent.sh' to /tmp/crontab_update_ecs.txt; installs "
            "crontab from /tmp/crontab_update_ecs.txt"
        ),
        lines=(469,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/ecs_agent_setup/file:/etc/ecs/ecs.config",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value=(
            "mode 000644, owner root:root; ECS_DATADIR=/data, ECS_ENABLE_TASK_IAM_ROLE=true, "
            "ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST=true, ECS_LOGFILE=/log/ecs-agent.log, "
            "ECS_AVAILABLE_LOGGING_DRIVERS=[\"json-file\",\"awslogs\"], ECS_LOGLEVEL=info, "
            "ECS_CLUSTER=default, ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true"
        ),
        lines=(408,),
    ),
    VendorFact(
        id=(
            "wa_ent_monitoring/boot/ContainerInstances/ecs_agent_setup/file:/etc/systemd/system/doc"
            "ker-container@ecs-agent.service"
        ),
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value=(
            "mode 000644, owner root:root; service runs /usr/bin/docker run "
            "amazon/amazon-ecs-agent:latest with --name --privileged --restart --volume x4 --net "
            "--env-file; Requires=docker.service, After=docker.service, Restart=always, "
            "ExecStop=/usr/bin/docker rm -f %i, WantedBy=default.target"
        ),
        lines=(421,),
    ),
    VendorFact(
        id=(
            "wa_ent_monitoring/boot/ContainerInstances/ecs_agent_setup/file:/opt/whatsapp/bin/updat"
            "e_ecs_agent.sh"
        ),
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value=(
            "mode 000755, owner root:root; shell script: prints a message; systemctl stop "
            "docker-container@ecs-agent.service; docker pull of amazon/amazon-ecs-agent:latest; "
            "systemctl start docker-container@ecs-agent.service"
        ),
        lines=(447,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/pkg_install/01_update_and_prepare",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value=(
            "yum update; yum install: wget, yum-utils; adds yum repository "
            "https://download.docker.com/linux/centos/docker-ce.repo; yum makecache"
        ),
        lines=(396,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/pkg_install/02_pkg_install",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="yum install: docker-ce, mysql, epel-release, python-boto3, awscli",
        lines=(402,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/shebang",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="interpreter /bin/bash -ex",
        lines=(491,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/userdata/cfn-init:DockerConfig",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="cfn-init runs configset DockerConfig of this resource",
        lines=(502,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/userdata/cfn-signal:ECSAutoScalingGroup",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="cfn-signal sends exit status $result to ECSAutoScalingGroup",
        lines=(516,),
    ),
    VendorFact(
        id=(
            "wa_ent_monitoring/boot/ContainerInstances/userdata/ecs.config:ECS_ENABLE_CONTAINER_MET"
            "ADATA"
        ),
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="appends ECS_ENABLE_CONTAINER_METADATA=true to /etc/ecs/ecs.config",
        lines=(508,),
    ),
    VendorFact(
        id=(
            "wa_ent_monitoring/boot/ContainerInstances/userdata/ecs.config:ECS_ENGINE_TASK_CLEANUP_"
            "WAIT_DURATION"
        ),
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="appends ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION=72h to /etc/ecs/ecs.config",
        lines=(509,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/userdata/log:/var/log/whatsapp.log",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="logs a status line to /var/log/whatsapp.log",
        lines=(504, 514, 517, 519),
    ),
    VendorFact(
        id=(
            "wa_ent_monitoring/boot/ContainerInstances/userdata/pip3-install:https://s3.amazonaws.c"
            "om/cloudformation-examples/aws-cfn-bootstrap-py3-latest.tar.gz"
        ),
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value=(
            "pip3 install: https://s3.amazonaws.com/cloudformation-examples/aws-cfn-bootstrap-py3-l"
            "atest.tar.gz"
        ),
        lines=(497,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/userdata/pip3-install:pip",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="pip3 install (upgrade): pip",
        lines=(495,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/userdata/pip3-install:setuptools",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="pip3 install (upgrade): setuptools",
        lines=(496,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/userdata/sed:/etc/ecs/ecs.config:ECS_CLUSTER",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="sets ECS_CLUSTER=${ECSCluster} in /etc/ecs/ecs.config",
        lines=(510,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/userdata/set:PATH",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="exports PATH=$PATH:/usr/local/bin",
        lines=(499,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/userdata/set:result",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="adds the last exit status to result",
        lines=(503, 513),
    ),
    VendorFact(
        id=(
            "wa_ent_monitoring/boot/ContainerInstances/userdata/systemctl-enable:docker-container@e"
            "cs-agent.service"
        ),
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="systemctl enable docker-container@ecs-agent.service",
        lines=(511,),
    ),
    VendorFact(
        id=(
            "wa_ent_monitoring/boot/ContainerInstances/userdata/systemctl-start:docker-container@ec"
            "s-agent.service"
        ),
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="systemctl start docker-container@ecs-agent.service",
        lines=(512,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/userdata/yum-install",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="yum install: epel-release, python3, python3-pip",
        lines=(494,),
    ),
    VendorFact(
        id="wa_ent_monitoring/boot/ContainerInstances/userdata/yum-update",
        kind="boot",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="yum update",
        lines=(493,),
    ),
    VendorFact(
        id="wa_ent_monitoring/command/WAMonitoringTaskDefinition/grafana",
        kind="command",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/grafana",
        value="not set: the image's default command",
        lines=(304,),
    ),
    VendorFact(
        id="wa_ent_monitoring/command/WAMonitoringTaskDefinition/mysqld-exporter",
        kind="command",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/mysqld-exporter",
        value="not set: the image's default command",
        lines=(251,),
    ),
    VendorFact(
        id="wa_ent_monitoring/command/WAMonitoringTaskDefinition/prometheus",
        kind="command",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="not set: the image's default command",
        lines=(266,),
    ),
    VendorFact(
        id="wa_ent_monitoring/container/WAMonitoringTaskDefinition/grafana/Image",
        kind="container",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/grafana",
        value="${WAEntContRegistry}/grafana:${WAEntContTag}",
        lines=(305,),
    ),
    VendorFact(
        id="wa_ent_monitoring/container/WAMonitoringTaskDefinition/grafana/Links",
        kind="container",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/grafana",
        value="[prometheus]",
        lines=(313,),
    ),
    VendorFact(
        id="wa_ent_monitoring/container/WAMonitoringTaskDefinition/mysqld-exporter/Image",
        kind="container",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/mysqld-exporter",
        value="prom/mysqld-exporter:v0.14.0",
        lines=(252,),
    ),
    VendorFact(
        id="wa_ent_monitoring/container/WAMonitoringTaskDefinition/prometheus/Image",
        kind="container",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="${WAEntContRegistry}/prometheus:${WAEntContTag}",
        lines=(267,),
    ),
    VendorFact(
        id="wa_ent_monitoring/container/WAMonitoringTaskDefinition/prometheus/Links",
        kind="container",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="[mysqld-exporter]",
        lines=(276,),
    ),
    VendorFact(
        id="wa_ent_monitoring/container/WAMonitoringTaskDefinition/prometheus/User",
        kind="container",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="root",
        lines=(275,),
    ),
    VendorFact(
        id="wa_ent_monitoring/db/param/DBHostname",
        kind="db",
        template="wa_ent_monitoring",
        subject="parameter DBHostname",
        value="Type String",
        lines=(84,),
    ),
    VendorFact(
        id="wa_ent_monitoring/db/param/DBPassword",
        kind="db",
        template="wa_ent_monitoring",
        subject="parameter DBPassword",
        value="NoEcho true; Type String; MinLength 8; MaxLength 41",
        lines=(102,),
    ),
    VendorFact(
        id="wa_ent_monitoring/db/param/DBPort",
        kind="db",
        template="wa_ent_monitoring",
        subject="parameter DBPort",
        value="Type Number; Default 3306; MinValue 1025; MaxValue 65535",
        lines=(87,),
    ),
    VendorFact(
        id="wa_ent_monitoring/db/param/DBUser",
        kind="db",
        template="wa_ent_monitoring",
        subject="parameter DBUser",
        value=(
            "NoEcho true; Type String; MinLength 1; MaxLength 16; AllowedPattern "
            "[a-zA-Z][a-zA-Z0-9]*"
        ),
        lines=(94,),
    ),
    VendorFact(
        id="wa_ent_monitoring/env/GF_SMTP_ENABLED",
        kind="env",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/grafana",
        value="Ref GrafanaEnableSmtp (default 0)",
        lines=(323,),
    ),
    VendorFact(
        id="wa_ent_monitoring/env/GF_SMTP_HOST",
        kind="env",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/grafana",
        value="Ref GrafanaSmtpHost",
        lines=(325,),
    ),
    VendorFact(
        id="wa_ent_monitoring/env/GF_SMTP_SKIP_VERIFY",
        kind="env",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/grafana",
        value="1",
        lines=(329,),
    ),
    VendorFact(
        id="wa_ent_monitoring/env/GF_SMTP_USER",
        kind="env",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/grafana",
        value="Ref GrafanaSmtpUser",
        lines=(327,),
    ),
    VendorFact(
        id="wa_ent_monitoring/env/WA_CADVISOR_PORT",
        kind="env",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="8080",
        lines=(297,),
    ),
    VendorFact(
        id="wa_ent_monitoring/env/WA_CORE_ENDPOINT",
        kind="env",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="Ref WAEntLB",
        lines=(293,),
    ),
    VendorFact(
        id="wa_ent_monitoring/env/WA_MYSQLD_EXPORTER_ENDPOINT",
        kind="env",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="mysqld-exporter:9104",
        lines=(291,),
    ),
    VendorFact(
        id="wa_ent_monitoring/env/WA_NODE_EXPORTER_PORT",
        kind="env",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="9100",
        lines=(295,),
    ),
    VendorFact(
        id="wa_ent_monitoring/env/WA_PROMETHEUS_ENDPOINT",
        kind="env",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/grafana",
        value="http://prometheus:9090",
        lines=(321,),
    ),
    VendorFact(
        id="wa_ent_monitoring/env/WA_PROMETHEUS_STORAGE_TSDB_RETENTION",
        kind="env",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="15d",
        lines=(299,),
    ),
    VendorFact(
        id="wa_ent_monitoring/env/WA_WEB_ENDPOINT",
        kind="env",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="{Ref WAEntLB}:443",
        lines=(284,),
    ),
    VendorFact(
        id="wa_ent_monitoring/env/WA_WEB_USERNAME",
        kind="env",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="Ref WAWebUsername",
        lines=(289,),
    ),
    VendorFact(
        id="wa_ent_monitoring/health/none",
        kind="health",
        template="wa_ent_monitoring",
        subject=(
            "WAMonitoringTaskDefinition/mysqld-exporter, WAMonitoringTaskDefinition/prometheus, "
            "WAMonitoringTaskDefinition/grafana"
        ),
        value="no container health check (none set)",
        lines=(251, 266, 304),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/AWSRegionToAMI",
        kind="host",
        template="wa_ent_monitoring",
        subject="Mappings AWSRegionToAMI",
        value=(
            "ap-south-1 ami-064ac61091898694e, eu-north-1 ami-0e82a733fb827a38f, eu-west-3 "
            "ami-0e5736be34608455b, eu-west-2 ami-0aa938b5c246ef111, eu-west-1 "
            "ami-009f51225716cb42f, ap-northeast-3 ami-0bc54ca5eea7bb7b6, ap-northeast-2 "
            "ami-05ca84b0f62b22685, ap-northeast-1 ami-074c801439a538a43, ca-central-1 "
            "ami-0e9d8898441d3540d, sa-east-1 ami-02108349336c623e5, ap-southeast-1 "
            "ami-07dc7fbc73bffbeb5, ap-southeast-2 ami-0c0883406ea68dedc, eu-central-1 "
            "ami-049842bfd58f656fb, us-east-1 ami-0df2a11dd1fe1f8e3, us-east-2 "
            "ami-011d59a275b482a49, us-west-1 ami-084c852d3275c2e20, us-west-2 "
            "ami-094cc0ced7b91fcf0"
        ),
        lines=(143, 145, 147, 149, 151, 153, 155, 157, 159, 161, 163, 165, 167, 169, 171, 173, 175),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ContainerInstances/BlockDeviceMappings",
        kind="host",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value=(
            "[{DeviceName: /dev/sda1, Ebs: {DeleteOnTermination: true, VolumeSize: 50, VolumeType: "
            "gp2}}]"
        ),
        lines=(483,),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ContainerInstances/IamInstanceProfile",
        kind="host",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="Ref EC2InstanceProfile",
        lines=(478,),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ContainerInstances/ImageId",
        kind="host",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="FindInMap AWSRegionToAMI[Ref AWS::Region][AMIID]",
        lines=(479,),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ContainerInstances/InstanceType",
        kind="host",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="t2.medium",
        lines=(480,),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ContainerInstances/KeyName",
        kind="host",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="Ref KeyName",
        lines=(481,),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ContainerInstances/SecurityGroups",
        kind="host",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="[Ref EcsSecurityGroup]",
        lines=(482,),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ECSAutoScalingGroup/CreationPolicy",
        kind="host",
        template="wa_ent_monitoring",
        subject="ECSAutoScalingGroup",
        value="{ResourceSignal: {Timeout: PT15M}}",
        lines=(379,),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ECSAutoScalingGroup/DesiredCapacity",
        kind="host",
        template="wa_ent_monitoring",
        subject="ECSAutoScalingGroup",
        value="1",
        lines=(377,),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ECSAutoScalingGroup/LaunchConfigurationName",
        kind="host",
        template="wa_ent_monitoring",
        subject="ECSAutoScalingGroup",
        value="Ref ContainerInstances",
        lines=(374,),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ECSAutoScalingGroup/LoadBalancerNames",
        kind="host",
        template="wa_ent_monitoring",
        subject="ECSAutoScalingGroup",
        value="[Ref WAMonitoringLB]",
        lines=(378,),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ECSAutoScalingGroup/MaxSize",
        kind="host",
        template="wa_ent_monitoring",
        subject="ECSAutoScalingGroup",
        value="1",
        lines=(376,),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ECSAutoScalingGroup/MinSize",
        kind="host",
        template="wa_ent_monitoring",
        subject="ECSAutoScalingGroup",
        value="1",
        lines=(375,),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ECSAutoScalingGroup/UpdatePolicy",
        kind="host",
        template="wa_ent_monitoring",
        subject="ECSAutoScalingGroup",
        value="{AutoScalingReplacingUpdate: {WillReplace: true}}",
        lines=(382,),
    ),
    VendorFact(
        id="wa_ent_monitoring/host/ECSCluster",
        kind="host",
        template="wa_ent_monitoring",
        subject="ECSCluster",
        value="no properties (all defaults)",
        lines=(179,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2InstanceProfile/roles",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2InstanceProfile",
        value="roles EC2Role, path /whatsapp/",
        lines=(670,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2Role/Path",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2Role",
        value="/whatsapp/",
        lines=(624,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2Role/ecs:DeregisterContainerInstance",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2Role",
        value="GetAtt ECSCluster.Arn (policy ECSManagementPolicy)",
        lines=(635,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2Role/ecs:DiscoverPollEndpoint",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2Role",
        value="* (policy ECSManagementPolicy)",
        lines=(646,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2Role/ecs:Poll",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2Role",
        value=(
            "arn:aws:ecs:${AWS::Region}:${AWS::AccountId}:container-instance/* (policy "
            "ECSManagementPolicy)"
        ),
        lines=(642,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2Role/ecs:RegisterContainerInstance",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2Role",
        value="GetAtt ECSCluster.Arn (policy ECSManagementPolicy)",
        lines=(636,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2Role/ecs:StartTelemetrySession",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2Role",
        value=(
            "arn:aws:ecs:${AWS::Region}:${AWS::AccountId}:container-instance/* (policy "
            "ECSManagementPolicy)"
        ),
        lines=(641,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2Role/ecs:Submit*",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2Role",
        value="GetAtt ECSCluster.Arn (policy ECSManagementPolicy)",
        lines=(637,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2Role/logs:CreateLogGroup",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2Role",
        value="arn:aws:logs:*:*:* (policy LogPolicy)",
        lines=(659,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2Role/logs:CreateLogStream",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2Role",
        value="arn:aws:logs:*:*:* (policy LogPolicy)",
        lines=(660,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2Role/logs:DescribeLogStreams",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2Role",
        value="arn:aws:logs:*:*:* (policy LogPolicy)",
        lines=(662,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2Role/logs:PutLogEvents",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2Role",
        value="arn:aws:logs:*:*:* (policy LogPolicy)",
        lines=(661,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2Role/managed:AmazonEC2ReadOnlyAccess",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2Role",
        value="AWS managed policy arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
        lines=(623,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/EC2Role/sts:AssumeRole",
        kind="iam",
        template="wa_ent_monitoring",
        subject="EC2Role",
        value="trusts {Service: [ec2.amazonaws.com]}",
        lines=(621,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSServiceRole/Path",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSServiceRole",
        value="/whatsapp/",
        lines=(588,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSServiceRole/ec2:AuthorizeSecurityGroupIngress",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSServiceRole",
        value="* (policy ECSServicePolicy)",
        lines=(605,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSServiceRole/ec2:Describe*",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSServiceRole",
        value="* (policy ECSServicePolicy)",
        lines=(604,),
    ),
    VendorFact(
        id=(
            "wa_ent_monitoring/iam/ECSServiceRole/elasticloadbalancing:DeregisterInstancesFromLoadB"
            "alancer"
        ),
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSServiceRole",
        value="* (policy ECSServicePolicy)",
        lines=(600,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSServiceRole/elasticloadbalancing:DeregisterTargets",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSServiceRole",
        value="* (policy ECSServicePolicy)",
        lines=(601,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSServiceRole/elasticloadbalancing:Describe*",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSServiceRole",
        value="* (policy ECSServicePolicy)",
        lines=(599,),
    ),
    VendorFact(
        id=(
            "wa_ent_monitoring/iam/ECSServiceRole/elasticloadbalancing:RegisterInstancesWithLoadBal"
            "ancer"
        ),
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSServiceRole",
        value="* (policy ECSServicePolicy)",
        lines=(602,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSServiceRole/elasticloadbalancing:RegisterTargets",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSServiceRole",
        value="* (policy ECSServicePolicy)",
        lines=(603,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSServiceRole/sts:AssumeRole",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSServiceRole",
        value="trusts {Service: [ecs.amazonaws.com]}",
        lines=(587,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSTaskExecutionRole/Path",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSTaskExecutionRole",
        value="/whatsapp/",
        lines=(550,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSTaskExecutionRole/ecr:BatchCheckLayerAvailability",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSTaskExecutionRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(562,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSTaskExecutionRole/ecr:BatchGetImage",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSTaskExecutionRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(564,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSTaskExecutionRole/ecr:GetAuthorizationToken",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSTaskExecutionRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(561,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSTaskExecutionRole/ecr:GetDownloadUrlForLayer",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSTaskExecutionRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(563,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSTaskExecutionRole/logs:CreateLogStream",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSTaskExecutionRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(565,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSTaskExecutionRole/logs:PutLogEvents",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSTaskExecutionRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(566,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSTaskExecutionRole/secretsmanager:GetSecretValue",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSTaskExecutionRole",
        value="Ref WAMonitoringSecret (policy ECSSecretsManagerPolicy)",
        lines=(571,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSTaskExecutionRole/ssm:GetParameters",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSTaskExecutionRole",
        value="* (policy ECSSecretsManagerPolicy)",
        lines=(567,),
    ),
    VendorFact(
        id="wa_ent_monitoring/iam/ECSTaskExecutionRole/sts:AssumeRole",
        kind="iam",
        template="wa_ent_monitoring",
        subject="ECSTaskExecutionRole",
        value="trusts {Service: [ecs-tasks.amazonaws.com]}",
        lines=(549,),
    ),
    VendorFact(
        id="wa_ent_monitoring/imds/ContainerInstances",
        kind="imds",
        template="wa_ent_monitoring",
        subject="ContainerInstances",
        value="MetadataOptions not set: the AWS defaults apply",
        lines=(386,),
    ),
    VendorFact(
        id="wa_ent_monitoring/log/CloudwatchLogsGroup/RetentionInDays",
        kind="log",
        template="wa_ent_monitoring",
        subject="CloudwatchLogsGroup",
        value="14",
        lines=(218,),
    ),
    VendorFact(
        id="wa_ent_monitoring/log/LogDriver",
        kind="log",
        template="wa_ent_monitoring",
        subject=(
            "WAMonitoringTaskDefinition/mysqld-exporter, WAMonitoringTaskDefinition/prometheus, "
            "WAMonitoringTaskDefinition/grafana"
        ),
        value="awslogs",
        lines=(255, 270, 308),
    ),
    VendorFact(
        id="wa_ent_monitoring/log/option/awslogs-group",
        kind="log",
        template="wa_ent_monitoring",
        subject=(
            "WAMonitoringTaskDefinition/mysqld-exporter, WAMonitoringTaskDefinition/prometheus, "
            "WAMonitoringTaskDefinition/grafana"
        ),
        value="Ref CloudwatchLogsGroup",
        lines=(257, 272, 310),
    ),
    VendorFact(
        id="wa_ent_monitoring/log/option/awslogs-region",
        kind="log",
        template="wa_ent_monitoring",
        subject=(
            "WAMonitoringTaskDefinition/mysqld-exporter, WAMonitoringTaskDefinition/prometheus, "
            "WAMonitoringTaskDefinition/grafana"
        ),
        value="Ref AWS::Region",
        lines=(258, 273, 311),
    ),
    VendorFact(
        id="wa_ent_monitoring/log/option/awslogs-stream-prefix",
        kind="log",
        template="wa_ent_monitoring",
        subject=(
            "WAMonitoringTaskDefinition/mysqld-exporter, WAMonitoringTaskDefinition/prometheus, "
            "WAMonitoringTaskDefinition/grafana"
        ),
        value=(
            "mysql-exporter [WAMonitoringTaskDefinition/mysqld-exporter]; prometheus "
            "[WAMonitoringTaskDefinition/prometheus]; grafana [WAMonitoringTaskDefinition/grafana]"
        ),
        lines=(259, 274, 312),
    ),
    VendorFact(
        id="wa_ent_monitoring/memory/WAMonitoringTaskDefinition/grafana",
        kind="memory",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/grafana",
        value="MemoryReservation 1024, Cpu not set, Memory (hard limit) not set",
        lines=(306,),
    ),
    VendorFact(
        id="wa_ent_monitoring/memory/WAMonitoringTaskDefinition/mysqld-exporter",
        kind="memory",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/mysqld-exporter",
        value="MemoryReservation 1024, Cpu not set, Memory (hard limit) not set",
        lines=(253,),
    ),
    VendorFact(
        id="wa_ent_monitoring/memory/WAMonitoringTaskDefinition/prometheus",
        kind="memory",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="MemoryReservation 1024, Cpu not set, Memory (hard limit) not set",
        lines=(268,),
    ),
    VendorFact(
        id="wa_ent_monitoring/mount/grafana-vol:/var/lib/grafana",
        kind="mount",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/grafana",
        value="/var/lib/grafana -> grafana-vol -> host /var/lib/grafana",
        lines=(318,),
    ),
    VendorFact(
        id="wa_ent_monitoring/mount/prom-vol:/prometheus-data",
        kind="mount",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="/prometheus-data -> prom-vol -> host /prometheus-data",
        lines=(278,),
    ),
    VendorFact(
        id="wa_ent_monitoring/net/EcsSecurityGroup/egress",
        kind="net",
        template="wa_ent_monitoring",
        subject="EcsSecurityGroup",
        value="not set: all outbound allowed",
        lines=(182,),
    ),
    VendorFact(
        id="wa_ent_monitoring/net/EcsSecurityGroupGrafanaPorts",
        kind="net",
        template="wa_ent_monitoring",
        subject="EcsSecurityGroupGrafanaPorts",
        value="Ref EcsSecurityGroup: tcp 3000 from CidrIp 0.0.0.0/0",
        lines=(197,),
    ),
    VendorFact(
        id="wa_ent_monitoring/net/EcsSecurityGroupPrometheusPorts",
        kind="net",
        template="wa_ent_monitoring",
        subject="EcsSecurityGroupPrometheusPorts",
        value="Ref EcsSecurityGroup: tcp 9090 from CidrIp 0.0.0.0/0",
        lines=(206,),
    ),
    VendorFact(
        id="wa_ent_monitoring/net/EcsSecurityGroupSSHinbound",
        kind="net",
        template="wa_ent_monitoring",
        subject="EcsSecurityGroupSSHinbound",
        value="Ref EcsSecurityGroup: tcp 22 from CidrIp 0.0.0.0/0",
        lines=(188,),
    ),
    VendorFact(
        id="wa_ent_monitoring/net/WAMonitoringLB/ConnectionDrainingPolicy",
        kind="net",
        template="wa_ent_monitoring",
        subject="WAMonitoringLB",
        value="{Enabled: true, Timeout: 15}",
        lines=(347,),
    ),
    VendorFact(
        id="wa_ent_monitoring/net/WAMonitoringLB/ConnectionSettings",
        kind="net",
        template="wa_ent_monitoring",
        subject="WAMonitoringLB",
        value="{IdleTimeout: 30}",
        lines=(350,),
    ),
    VendorFact(
        id="wa_ent_monitoring/net/WAMonitoringLB/HealthCheck",
        kind="net",
        template="wa_ent_monitoring",
        subject="WAMonitoringLB",
        value=(
            "{Target: TCP:3000, HealthyThreshold: 2, UnhealthyThreshold: 3, Interval: 5, Timeout: "
            "2}"
        ),
        lines=(352,),
    ),
    VendorFact(
        id="wa_ent_monitoring/net/WAMonitoringLB/Listeners",
        kind="net",
        template="wa_ent_monitoring",
        subject="WAMonitoringLB",
        value=(
            "[{LoadBalancerPort: 3000, InstancePort: 3000, Protocol: TCP}, {LoadBalancerPort: "
            "9090, InstancePort: 9090, Protocol: TCP}]"
        ),
        lines=(359,),
    ),
    VendorFact(
        id="wa_ent_monitoring/net/WAMonitoringLB/LoadBalancerName",
        kind="net",
        template="wa_ent_monitoring",
        subject="WAMonitoringLB",
        value="${AWS::StackName}-LB",
        lines=(358,),
    ),
    VendorFact(
        id="wa_ent_monitoring/net/WAMonitoringLB/Scheme",
        kind="net",
        template="wa_ent_monitoring",
        subject="WAMonitoringLB",
        value="Ref LBScheme (default internet-facing)",
        lines=(366,),
    ),
    VendorFact(
        id="wa_ent_monitoring/net/WAMonitoringLB/SecurityGroups",
        kind="net",
        template="wa_ent_monitoring",
        subject="WAMonitoringLB",
        value="[Ref EcsSecurityGroup]",
        lines=(367,),
    ),
    VendorFact(
        id="wa_ent_monitoring/parameter/WAMonitoringSecret",
        kind="parameter",
        template="wa_ent_monitoring",
        subject="WAMonitoringSecret",
        value=(
            "AWS::SecretsManager::Secret: Name ${AWS::StackName}-Secret; SecretString JSON keys "
            "wa_web_pwd, grafana_pwd, grafana_smtp_pwd, data_src_name from DBHostname, DBPassword, "
            "DBPort, DBUser, GrafanaAdminPassword, GrafanaSmtpPassword, WAWebPassword"
        ),
        lines=(220,),
    ),
    VendorFact(
        id="wa_ent_monitoring/port/3000",
        kind="port",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/grafana",
        value="container 3000/tcp, host 3000",
        lines=(315,),
    ),
    VendorFact(
        id="wa_ent_monitoring/port/9090",
        kind="port",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="container 9090/tcp, host 9090",
        lines=(281,),
    ),
    VendorFact(
        id="wa_ent_monitoring/port/9104",
        kind="port",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/mysqld-exporter",
        value="container 9104/tcp, host 9104",
        lines=(261,),
    ),
    VendorFact(
        id="wa_ent_monitoring/secret/DATA_SOURCE_NAME",
        kind="secret",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/mysqld-exporter",
        value="from ${WAMonitoringSecret}:data_src_name::",
        lines=(264,),
    ),
    VendorFact(
        id="wa_ent_monitoring/secret/GF_SECURITY_ADMIN_PASSWORD",
        kind="secret",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/grafana",
        value="from ${WAMonitoringSecret}:grafana_pwd::",
        lines=(332,),
    ),
    VendorFact(
        id="wa_ent_monitoring/secret/GF_SMTP_PASSWORD",
        kind="secret",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/grafana",
        value="from ${WAMonitoringSecret}:grafana_smtp_pwd::",
        lines=(334,),
    ),
    VendorFact(
        id="wa_ent_monitoring/secret/WA_WEB_PASSWORD",
        kind="secret",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition/prometheus",
        value="from ${WAMonitoringSecret}:wa_web_pwd::",
        lines=(302,),
    ),
    VendorFact(
        id="wa_ent_monitoring/service/WAMonitoringService/Cluster",
        kind="service",
        template="wa_ent_monitoring",
        subject="WAMonitoringService",
        value="Ref ECSCluster",
        lines=(526,),
    ),
    VendorFact(
        id="wa_ent_monitoring/service/WAMonitoringService/DependsOn",
        kind="service",
        template="wa_ent_monitoring",
        subject="WAMonitoringService",
        value="ECSAutoScalingGroup",
        lines=(523,),
    ),
    VendorFact(
        id="wa_ent_monitoring/service/WAMonitoringService/DeploymentConfiguration",
        kind="service",
        template="wa_ent_monitoring",
        subject="WAMonitoringService",
        value="MaximumPercent 100, MinimumHealthyPercent 0",
        lines=(534,),
    ),
    VendorFact(
        id="wa_ent_monitoring/service/WAMonitoringService/DesiredCount",
        kind="service",
        template="wa_ent_monitoring",
        subject="WAMonitoringService",
        value="1",
        lines=(527,),
    ),
    VendorFact(
        id="wa_ent_monitoring/service/WAMonitoringService/HealthCheckGracePeriodSeconds",
        kind="service",
        template="wa_ent_monitoring",
        subject="WAMonitoringService",
        value="not set (ECS default)",
        lines=(521,),
    ),
    VendorFact(
        id="wa_ent_monitoring/service/WAMonitoringService/LaunchType",
        kind="service",
        template="wa_ent_monitoring",
        subject="WAMonitoringService",
        value="not set (ECS default)",
        lines=(521,),
    ),
    VendorFact(
        id="wa_ent_monitoring/service/WAMonitoringService/LoadBalancers",
        kind="service",
        template="wa_ent_monitoring",
        subject="WAMonitoringService",
        value="ContainerName grafana, ContainerPort 3000, LoadBalancerName Ref WAMonitoringLB",
        lines=(528,),
    ),
    VendorFact(
        id="wa_ent_monitoring/service/WAMonitoringService/PlacementConstraints",
        kind="service",
        template="wa_ent_monitoring",
        subject="WAMonitoringService",
        value="not set (ECS default)",
        lines=(521,),
    ),
    VendorFact(
        id="wa_ent_monitoring/service/WAMonitoringService/PlacementStrategies",
        kind="service",
        template="wa_ent_monitoring",
        subject="WAMonitoringService",
        value="not set (ECS default)",
        lines=(521,),
    ),
    VendorFact(
        id="wa_ent_monitoring/service/WAMonitoringService/Role",
        kind="service",
        template="wa_ent_monitoring",
        subject="WAMonitoringService",
        value="GetAtt ECSServiceRole.Arn",
        lines=(532,),
    ),
    VendorFact(
        id="wa_ent_monitoring/service/WAMonitoringService/TaskDefinition",
        kind="service",
        template="wa_ent_monitoring",
        subject="WAMonitoringService",
        value="Ref WAMonitoringTaskDefinition",
        lines=(533,),
    ),
    VendorFact(
        id="wa_ent_monitoring/task/WAMonitoringTaskDefinition/ExecutionRoleArn",
        kind="task",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition",
        value="GetAtt ECSTaskExecutionRole.Arn",
        lines=(249,),
    ),
    VendorFact(
        id="wa_ent_monitoring/task/WAMonitoringTaskDefinition/NetworkMode",
        kind="task",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition",
        value="not set: bridge (the ECS default on EC2)",
        lines=(246,),
    ),
    VendorFact(
        id="wa_ent_monitoring/task/WAMonitoringTaskDefinition/TaskRoleArn",
        kind="task",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition",
        value="not set: no task role (containers get no task credentials)",
        lines=(246,),
    ),
    VendorFact(
        id="wa_ent_monitoring/task/volume/grafana-vol",
        kind="task",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition",
        value="host /var/lib/grafana",
        lines=(340,),
    ),
    VendorFact(
        id="wa_ent_monitoring/task/volume/prom-vol",
        kind="task",
        template="wa_ent_monitoring",
        subject="WAMonitoringTaskDefinition",
        value="host /prometheus-data",
        lines=(337,),
    ),
    VendorFact(
        id="wa_ent_monitoring/ulimit/none",
        kind="ulimit",
        template="wa_ent_monitoring",
        subject=(
            "WAMonitoringTaskDefinition/mysqld-exporter, WAMonitoringTaskDefinition/prometheus, "
            "WAMonitoringTaskDefinition/grafana"
        ),
        value="no ulimits set (Docker daemon defaults)",
        lines=(251, 266, 304),
    ),
    VendorFact(
        id="wa_ent_net/net/DHCPOptions/DomainName",
        kind="net",
        template="wa_ent_net",
        subject="DHCPOptions",
        value="If CondNVirginiaRegion ec2.internal else {Ref AWS::Region}.compute.internal",
        lines=(185,),
    ),
    VendorFact(
        id="wa_ent_net/net/DHCPOptions/DomainNameServers",
        kind="net",
        template="wa_ent_net",
        subject="DHCPOptions",
        value="[AmazonProvidedDNS]",
        lines=(192,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet1/AvailabilityZone",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet1",
        value="Select 0 of Ref AZs",
        lines=(228,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet1/CidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet1",
        value="Ref PrivateSubnet1Cidr (default 10.0.0.0/19)",
        lines=(229,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet1/MapPublicIpOnLaunch",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet1",
        value="false",
        lines=(230,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet1Route/DestinationCidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet1Route",
        value="0.0.0.0/0",
        lines=(429,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet1Route/NatGatewayId",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet1Route",
        value="Ref NATGateway1",
        lines=(430,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet2/AvailabilityZone",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet2",
        value="Select 1 of Ref AZs",
        lines=(241,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet2/CidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet2",
        value="Ref PrivateSubnet2Cidr (default 10.0.32.0/19)",
        lines=(242,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet2/MapPublicIpOnLaunch",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet2",
        value="false",
        lines=(243,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet2Route/DestinationCidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet2Route",
        value="0.0.0.0/0",
        lines=(450,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet2Route/NatGatewayId",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet2Route",
        value="Ref NATGateway2",
        lines=(451,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet3/AvailabilityZone",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet3",
        value="Select 2 of Ref AZs",
        lines=(254,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet3/CidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet3",
        value="Ref PrivateSubnet3Cidr (default 10.0.64.0/19)",
        lines=(255,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet3/MapPublicIpOnLaunch",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet3",
        value="false",
        lines=(256,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet3Route/DestinationCidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet3Route",
        value="0.0.0.0/0",
        lines=(471,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet3Route/NatGatewayId",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet3Route",
        value="Ref NATGateway3",
        lines=(472,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet4/AvailabilityZone",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet4",
        value="Select 3 of Ref AZs",
        lines=(267,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet4/CidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet4",
        value="Ref PrivateSubnet4Cidr (default 10.0.96.0/19)",
        lines=(268,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet4/MapPublicIpOnLaunch",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet4",
        value="false",
        lines=(269,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet4Route/DestinationCidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet4Route",
        value="0.0.0.0/0",
        lines=(492,),
    ),
    VendorFact(
        id="wa_ent_net/net/PrivateSubnet4Route/NatGatewayId",
        kind="net",
        template="wa_ent_net",
        subject="PrivateSubnet4Route",
        value="Ref NATGateway4",
        lines=(493,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnet1/AvailabilityZone",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnet1",
        value="Select 0 of Ref AZs",
        lines=(279,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnet1/CidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnet1",
        value="Ref PublicSubnet1Cidr (default 10.0.128.0/20)",
        lines=(280,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnet1/MapPublicIpOnLaunch",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnet1",
        value="true",
        lines=(281,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnet2/AvailabilityZone",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnet2",
        value="Select 1 of Ref AZs",
        lines=(291,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnet2/CidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnet2",
        value="Ref PublicSubnet2Cidr (default 10.0.144.0/20)",
        lines=(292,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnet2/MapPublicIpOnLaunch",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnet2",
        value="true",
        lines=(293,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnet3/AvailabilityZone",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnet3",
        value="Select 2 of Ref AZs",
        lines=(304,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnet3/CidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnet3",
        value="Ref PublicSubnet3Cidr (default 10.0.160.0/20)",
        lines=(305,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnet3/MapPublicIpOnLaunch",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnet3",
        value="true",
        lines=(306,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnet4/AvailabilityZone",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnet4",
        value="Select 3 of Ref AZs",
        lines=(317,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnet4/CidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnet4",
        value="Ref PublicSubnet4Cidr (default 10.0.176.0/20)",
        lines=(318,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnet4/MapPublicIpOnLaunch",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnet4",
        value="true",
        lines=(319,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnetRoute/DestinationCidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnetRoute",
        value="0.0.0.0/0",
        lines=(340,),
    ),
    VendorFact(
        id="wa_ent_net/net/PublicSubnetRoute/GatewayId",
        kind="net",
        template="wa_ent_net",
        subject="PublicSubnetRoute",
        value="Ref InternetGateway",
        lines=(341,),
    ),
    VendorFact(
        id="wa_ent_net/net/VPC/CidrBlock",
        kind="net",
        template="wa_ent_net",
        subject="VPC",
        value="Ref VPCCidr (default 10.0.0.0/16)",
        lines=(197,),
    ),
    VendorFact(
        id="wa_ent_net/net/VPC/EnableDnsHostnames",
        kind="net",
        template="wa_ent_net",
        subject="VPC",
        value="true",
        lines=(199,),
    ),
    VendorFact(
        id="wa_ent_net/net/VPC/EnableDnsSupport",
        kind="net",
        template="wa_ent_net",
        subject="VPC",
        value="true",
        lines=(198,),
    ),
    VendorFact(
        id="wa_ent_net/net/VPC/InstanceTenancy",
        kind="net",
        template="wa_ent_net",
        subject="VPC",
        value="Ref VPCTenancy (default default)",
        lines=(200,),
    ),
)
