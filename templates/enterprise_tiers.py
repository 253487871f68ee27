"""The nested network, database and Lambda tiers, and the file system."""

from __future__ import annotations

from troposphere import (
    FindInMap,
    GetAtt,
    If,
    Join,
    Ref,
    Select,
    Split,
    Tags,
)
from troposphere.cloudformation import Stack
from troposphere.ec2 import (
    SecurityGroup,
)
from troposphere.efs import BackupPolicy, FileSystem, MountTarget

from contract.host import (
    file_system_policy,
)
from contract.roles import (
    PASSWORD_PARAMETER_SUFFIX,
)
from templates.common import (
    AZ_COUNTS,
    FILES,
    MAX_AZS,
    SUBNET_RESOLUTION,
    by_az_count,
    rotated_key,
)
from templates.security_groups import egress, group_ingress


class TiersPart:
    """A part of templates/enterprise.py's Enterprise (its attributes are shared)."""

    # --- nested tiers -----------------------------------------------------------------------
    def tiers(self) -> None:
        t = self.t

        def tier_stack(tier: str, parameters: dict, **condition) -> Stack:
            """The nested stack of a tier template (templates/dist), given its parameters."""
            return t.add_resource(Stack(
                f"{tier.title()}Stack", TemplateURL=Join("", [Ref(self.base), FILES[tier]]),
                Parameters=parameters, **condition))

        network = tier_stack("network", {
            "EnvType": Ref(self.env), "VpcCidr": Ref(self.vpc_cidr),
            "AzCount": Ref(self.az_count), "LogRetentionDays": Ref(self.retention),
        }, Condition="CreateNetwork")
        self.vpc = If("CreateNetwork", GetAtt(network, "Outputs.VpcId"), Ref(self.vpc_id))
        self.cidr = If(
            "CreateNetwork", GetAtt(network, "Outputs.VpcCidr"), Ref(self.vpc_cidr_existing)
        )
        private_text = If(
            "CreateNetwork",
            GetAtt(network, "Outputs.PrivateSubnetIds"),
            Join(",", [Ref(s) for s in self.private_existing]),
        )
        public_text = If(
            "CreateNetwork",
            GetAtt(network, "Outputs.PublicSubnetIds"),
            Join(",", [Ref(s) for s in self.public_existing]),
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
        database = tier_stack("database", {
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
        }, Condition="CreateDatabase")
        self.db_endpoint = If(
            "CreateDatabase",
            GetAtt(database, "Outputs.DbEndpoint"),
            Join(":", [Ref(self.db_host), Ref(self.db_port)]),
        )
        self.parameter_path = Join("", ["/", self.name_base, "/db"])
        # AWS_STACK_NAME is the deployment's name: this (root) stack's, as the names take it
        self.password_parameter = Join("", [self.name_base, PASSWORD_PARAMETER_SUFFIX])
        self.settings = tier_stack("lambda", {
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
        })

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
        for i in range(MAX_AZS):
            condition = "CreateEfs" if i < AZ_COUNTS[0] else f"EfsInAz{i + 1}"
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
        targets = [Ref(f"MountTarget{i + 1}") for i in range(MAX_AZS)]
        self.mount_targets = If("CreateEfs", Join(",", by_az_count(
            lambda n: targets[:n], prefix="EfsInAz")), "existing")
