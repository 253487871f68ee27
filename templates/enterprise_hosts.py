"""The EC2 hosts: launch template, Auto Scaling group, capacity provider, host events and
memory-based scaling."""

from __future__ import annotations

from troposphere import (
    AccountId,
    Base64,
    FindInMap,
    GetAtt,
    If,
    Join,
    Partition,
    Ref,
    Region,
    StackName,
    Sub,
    Tags,
)
from troposphere.autoscaling import (
    AutoScalingGroup,
    LaunchTemplateSpecification,
    MetricsCollection,
    ScalingPolicy,
    Tag,
)
from troposphere.cloudwatch import Alarm, MetricDimension
from troposphere.ec2 import (
    EBSBlockDevice,
    IamInstanceProfile,
    LaunchTemplate,
    LaunchTemplateBlockDeviceMapping,
    LaunchTemplateData,
    MetadataOptions,
    Monitoring,
)
from troposphere.ecs import (
    AutoScalingGroupProvider,
    CapacityProvider,
    CapacityProviderStrategy,
    Cluster,
    ClusterCapacityProviderAssociations,
    ClusterSetting,
)
from troposphere.events import Rule, Target
from troposphere.iam import InstanceProfile, Policy, PolicyType, Role, ServiceLinkedRole
from troposphere.sns import Topic, TopicPolicy

from contract.host import (
    HOST_EVENT_TYPES,
    IMDS,
    agent_statements,
    boot_commands,
    mount_statement,
)
from templates.common import (
    SUBNET_RESOLUTION,
    assume_role,
    rotated_key,
)


class HostsPart:
    """A part of templates/enterprise.py's Enterprise (its attributes are shared)."""

    # --- hosts ------------------------------------------------------------------------------
    def hosts(self) -> None:
        t = self.t
        self.linked_role = role = t.add_resource(ServiceLinkedRole(  # README: the ECS role
            "EcsServiceLinkedRole", Condition="CreateEcsRole", DeletionPolicy="Retain",
            UpdateReplacePolicy="Retain", AWSServiceName="ecs.amazonaws.com"))
        self.cluster = t.add_resource(
            Cluster(
                "Cluster",
                ClusterSettings=[ClusterSetting(Name="containerInsights", Value="enabled")],
                # the role before the cluster (and the capacity provider, whose hosts name the
                # cluster): a DependsOn cannot name a resource whose condition may be false
                Tags=Tags({"wa-infra:ecs-service-linked-role": If(
                    "CreateEcsRole", Ref(role), "existing")}),
            )
        )
        cluster_arn = GetAtt(self.cluster, "Arn")
        fs_arn = Join(
            "",
            [
                "arn:",
                Partition,
                ":elasticfilesystem:",
                Region,
                ":",
                AccountId,
                ":file-system/",
                self.fs_id,
            ],
        )
        role = t.add_resource(
            Role(
                "HostRole",
                AssumeRolePolicyDocument=assume_role("ec2.amazonaws.com"),
                Policies=[
                    Policy(
                        PolicyName="ecs-agent",
                        PolicyDocument={  # see contract/host.py
                            "Version": "2012-10-17",
                            "Statement": agent_statements(cluster_arn, Join("", [
                                "arn:", Partition, ":ec2:", Region, ":", AccountId,
                                ":instance/*"])),
                        },
                    )
                ],
            )
        )
        # The mount's grant stands apart: the file system's policy names this role, so the
        # role itself cannot name the file system (a cycle). The hosts launch after it.
        mount_policy = t.add_resource(
            PolicyType(
                "HostMountPolicy",
                PolicyName="efs-mount",  # the EFS mount helper's calls on this file system
                Roles=[Ref(role)],
                PolicyDocument={"Version": "2012-10-17",
                                "Statement": [mount_statement(fs_arn)]},
            )
        )
        profile = t.add_resource(InstanceProfile("HostProfile", Roles=[Ref(role)]))
        # The contract's boot script; ${...} are CloudFormation's, the script uses none.
        script = ["#!/bin/bash", *boot_commands(
            "${FileSystemId}", "${DbCaUrl}", "${DbCaRequired}", "${Cluster}"), ""]
        user_data = Base64(Sub("\n".join(script), {
            "FileSystemId": self.fs_id, "DbCaUrl": Ref(self.ca_url),
            "DbCaRequired": If("Ssl", "yes", "no")}))
        template = t.add_resource(
            LaunchTemplate(
                "HostTemplate",
                LaunchTemplateData=LaunchTemplateData(
                    ImageId=Ref(self.ami),
                    InstanceType=self.host_type,
                    IamInstanceProfile=IamInstanceProfile(Arn=GetAtt(profile, "Arn")),
                    SecurityGroupIds=[self.hosts_sg],
                    UserData=user_data,
                    MetadataOptions=MetadataOptions(  # see contract/host.py
                        HttpTokens=IMDS.http_tokens,
                        HttpPutResponseHopLimit=IMDS.hop_limit,
                        HttpEndpoint="enabled",
                    ),
                    BlockDeviceMappings=[
                        LaunchTemplateBlockDeviceMapping(
                            DeviceName="/dev/xvda",
                            Ebs=EBSBlockDevice(
                                VolumeSize=Ref(self.root_gib),
                                VolumeType="gp3",
                                Encrypted=True,
                                DeleteOnTermination=True,
                            ),
                        )
                    ],
                    Monitoring=Monitoring(Enabled=True),
                ),
            )
        )
        self.group = t.add_resource(
            AutoScalingGroup(
                "Hosts",
                DependsOn=[mount_policy.title],
                Metadata=SUBNET_RESOLUTION,
                LaunchTemplate=LaunchTemplateSpecification(
                    LaunchTemplateId=Ref(template), Version=GetAtt(template, "LatestVersionNumber")
                ),
                MinSize=self.min_hosts,
                MaxSize=self.max_hosts,
                # Names the mount targets, so hosts launch only once each exists (a DependsOn
                # cannot name resources whose condition may be false).
                Tags=[Tag("wa-infra:efs-mount-targets", self.mount_targets, False)],
                DesiredCapacity=self.desired_hosts,
                VPCZoneIdentifier=self.private,
                HealthCheckType="EC2",
                HealthCheckGracePeriod=300,
                # the ScalingExhausted alarm reads the hosts in service
                MetricsCollection=[MetricsCollection(
                    Granularity="1Minute", Metrics=["GroupInServiceInstances"])],
            )
        )
        self.host_events()
        provider = t.add_resource(
            CapacityProvider(
                "CapacityProvider",
                # named only when CloudFormation's name would begin with a reserved word
                Name=If("ReservedStackName", Join("", ["wa-", StackName, "-capacity"]),
                        Ref("AWS::NoValue")),
                AutoScalingGroupProvider=AutoScalingGroupProvider(
                    AutoScalingGroupArn=Ref(self.group),
                    ManagedDraining="ENABLED",
                    ManagedTerminationProtection="DISABLED",
                ),
                # after the service-linked role too, as the cluster (see there)
                Tags=Tags({"wa-infra:ecs-service-linked-role": If(
                    "CreateEcsRole", Ref(self.linked_role), "existing")}),
            )
        )
        self.provider = provider
        self.association = t.add_resource(
            ClusterCapacityProviderAssociations(
                "CapacityProviders",
                Cluster=Ref(self.cluster),
                CapacityProviders=[Ref(provider)],
                DefaultCapacityProviderStrategy=[
                    CapacityProviderStrategy(CapacityProvider=Ref(provider), Weight=1)
                ],
            )
        )
        self.memory_scaling()

    def host_events(self) -> None:
        """Host launches and terminations (failures included) to an encrypted topic, through
        EventBridge: its service principal always exists, unlike the Auto Scaling
        service-linked role that group notifications would need in the key policy."""
        t = self.t
        key = rotated_key(t, "HostEventsKey", "host scaling notifications",
                          publishers=("events.amazonaws.com",))
        self.topic = t.add_resource(
            Topic("HostEvents", KmsMasterKeyId=GetAtt(key, "Arn"),
                  DisplayName="wa-infra host scaling events")
        )
        rule = t.add_resource(
            Rule(
                "HostEventsRule",
                Description="Host launches and terminations of this fleet",
                EventPattern={
                    "source": ["aws.autoscaling"],
                    "detail-type": list(HOST_EVENT_TYPES),
                    "detail": {"AutoScalingGroupName": [Ref(self.group)]},
                },
                State="ENABLED",
                Targets=[Target(Arn=Ref(self.topic), Id="HostEventsTopic")],
            )
        )
        t.add_resource(
            TopicPolicy(
                "HostEventsPolicy",
                Topics=[Ref(self.topic)],
                PolicyDocument={
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "EventBridgePublishes",
                            "Effect": "Allow",
                            "Principal": {"Service": "events.amazonaws.com"},
                            "Action": "sns:Publish",
                            "Resource": Ref(self.topic),
                            "Condition": {"ArnEquals": {"aws:SourceArn": GetAtt(rule, "Arn")}},
                        },
                        {
                            "Sid": "TlsOnly",
                            "Effect": "Deny",
                            "Principal": "*",
                            "Action": "sns:Publish",
                            "Resource": Ref(self.topic),
                            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                        },
                    ],
                },
            )
        )

    def memory_scaling(self) -> None:
        for name, adjustment, key, operator in (
            ("ScaleOut", 1, "ScaleOutPercent", "GreaterThanThreshold"),
            ("ScaleIn", -1, "ScaleInPercent", "LessThanThreshold"),
        ):
            policy = self.t.add_resource(
                ScalingPolicy(
                    f"{name}Policy",
                    AutoScalingGroupName=Ref(self.group),
                    PolicyType="SimpleScaling",
                    AdjustmentType="ChangeInCapacity",
                    ScalingAdjustment=adjustment,
                    Cooldown=FindInMap("MemoryScaling", "Memory", "CooldownSeconds"),
                )
            )
            self.t.add_resource(
                Alarm(
                    f"{name}Alarm",
                    AlarmDescription=f"Cluster memory reservation: {adjustment:+d} host",
                    Namespace="AWS/ECS",
                    MetricName="MemoryReservation",
                    Dimensions=[MetricDimension(Name="ClusterName", Value=Ref(self.cluster))],
                    Statistic="Average",
                    Period=FindInMap("MemoryScaling", "Memory", "PeriodSeconds"),
                    EvaluationPeriods=FindInMap("MemoryScaling", "Memory", "EvaluationPeriods"),
                    Threshold=FindInMap("MemoryScaling", "Memory", key),
                    ComparisonOperator=operator,
                    AlarmActions=[Ref(policy)],
                )
            )
