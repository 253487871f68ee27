"""The Enterprise stack's hosts: the file system they mount, the Auto Scaling group and its
capacity provider, the hosts' permissions and memory-based scaling."""

from __future__ import annotations

import jsii
from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_autoscaling as autoscaling
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_efs as efs
from aws_cdk import aws_iam as iam

from contract.host import IMDS, boot_commands, host_policy_statements
from sizing import data
from stacks.host_events import host_events
from stacks.keys import rotated_key
from stacks.nag import (
    acknowledge,
    acknowledge_inline_policy,
    acknowledge_nist,
    acknowledge_warning,
)
from stacks.security_groups import allow_ingress, security_group


@jsii.implements(cloudwatch.IAlarmAction)
class _ScalingPolicyAction:
    """Lets an L2 alarm trigger an L1 simple scaling policy (the reference's +1/-1 policies)."""

    def __init__(self, policy: autoscaling.CfnScalingPolicy) -> None:
        self._policy = policy

    def bind(self, _scope, _alarm) -> cloudwatch.AlarmActionConfig:
        return cloudwatch.AlarmActionConfig(alarm_action_arn=self._policy.ref)


class HostsPart:
    """A part of stacks/enterprise.py's EnterpriseStack (its attributes are shared)."""

    # --- storage -------------------------------------------------------------------------
    def _file_system(self, vpc, hosts_security_group) -> efs.FileSystem:
        group = security_group(self, "FileSystemSecurityGroup", "file_system", vpc,
                               "EFS for media and data: hosts only")
        allow_ingress(group, "file_system", {"hosts": [hosts_security_group]})
        file_system = efs.FileSystem(
            self, "FileSystem", vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnets=vpc.private_subnets),
            security_group=group,
            encrypted=True,
            kms_key=rotated_key(self, "FileSystemKey", "media and data on EFS"),
            enable_automatic_backups=True,
            throughput_mode=efs.ThroughputMode.ELASTIC,
            allow_anonymous_access=False,
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge_nist(file_system, "EFSInBackupPlan",
                         "Automatic backups put the file system in AWS Backup's default plan "
                         "for EFS (daily, kept 35 days), which the pack does not recognise.")
        return file_system

    # --- hosts ---------------------------------------------------------------------------
    def _hosts(self, vpc, hosts_security_group) -> autoscaling.AutoScalingGroup:
        plan, deployment = self.plan, self.deployment
        role = iam.Role(self, "HostRole", assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"),
                        description="ECS hosts: ECS agent, SSM Session Manager, EFS mount")
        user_data = ec2.UserData.for_linux()
        # The contract's boot script; the capacity provider appends ECS_CLUSTER after it.
        user_data.add_commands(*boot_commands(
            self.file_system.file_system_id, deployment.db_ca_url,
            "yes" if plan.ssl else "no", None))
        template = ec2.LaunchTemplate(
            self, "HostTemplate",
            machine_image=ecs.EcsOptimizedImage.amazon_linux2023(),
            instance_type=ec2.InstanceType(plan.host_type),
            security_group=hosts_security_group,
            role=role,
            user_data=user_data,
            require_imdsv2=IMDS.http_tokens == "required",
            http_put_response_hop_limit=IMDS.hop_limit,  # see contract/host.py
            block_devices=[ec2.BlockDevice(
                device_name="/dev/xvda",
                volume=ec2.BlockDeviceVolume.ebs(
                    deployment.root_volume_gib, encrypted=True,
                    volume_type=ec2.EbsDeviceVolumeType.GP3, delete_on_termination=True),
            )],
            detailed_monitoring=True,
        )
        group = autoscaling.AutoScalingGroup(
            self, "Hosts", vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnets=vpc.private_subnets),
            launch_template=template,
            min_capacity=plan.ec2_min,
            desired_capacity=plan.ec2_desired,
            max_capacity=plan.ec2_max,
            health_checks=autoscaling.HealthChecks.ec2(grace_period=Duration.minutes(5)),
            # the ScalingExhausted alarm reads the hosts in service
            group_metrics=[autoscaling.GroupMetrics(
                autoscaling.GroupMetric.IN_SERVICE_INSTANCES)],
        )
        host_events(self, group)
        group.node.add_dependency(self.file_system.mount_targets_available)
        acknowledge_warning(group, "@aws-cdk/aws-autoscaling:desiredCapacitySet",
                            "Intended: each deploy sets the fleet the plan computed; the memory "
                            "alarms move it between min and max in between.")
        return group

    def _host_permissions(self) -> None:
        """Exactly the contract's host permissions. Adding the capacity provider grants the
        hosts log and registry actions on "*" as well, which they do not use (awslogs writes
        with the task execution role, the images come from a public registry), and the CDK
        offers no way to leave them out: the host role's policy is written whole instead."""
        policy = self.auto_scaling_group.role.node.find_child("DefaultPolicy")
        policy.node.default_child.add_property_override("PolicyDocument.Statement", [
            {"Effect": s["Effect"], "Action": s["Action"], "Resource": s["Resource"],
             **({"Condition": s["Condition"]} if "Condition" in s else {})}
            for s in host_policy_statements(
                self.cluster.cluster_arn, self.file_system.file_system_arn,
                self.format_arn(service="ec2", resource="instance", resource_name="*"))])
        acknowledge_inline_policy(self.auto_scaling_group.role,
                                  "the ECS agent's calls on this cluster and the EFS mount")
        acknowledge(policy, "IAM5[Resource::*]",
                    "ECS agent calls that take no resource ARN (DiscoverPollEndpoint) or are "
                    "pinned to this cluster by the ecs:cluster condition, and the four "
                    "ssmmessages calls Session Manager needs, which take none (its registration "
                    "is pinned to this account's instances; contract/host.py).")
        acknowledge(policy, "IAM5[Action::ecs:Submit*]",
                    "cdk-nag reads the CDK's grant before the override above: the deployed "
                    "policy names the three Submit actions, on this cluster's ARN only.")

    def _memory_scaling(self) -> None:
        """The reference's two alarms on cluster MemoryReservation with +1/-1 host policies."""
        metric = cloudwatch.Metric(
            namespace="AWS/ECS", metric_name="MemoryReservation",
            dimensions_map={"ClusterName": self.cluster.cluster_name},
            statistic="Average", period=Duration.seconds(data.ALARM_PERIOD_S),
        )
        for name, adjustment, threshold, comparison in (
            ("ScaleOut", 1, data.SCALE_OUT_MEMORY_PCT,
             cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD),
            ("ScaleIn", -1, data.SCALE_IN_MEMORY_PCT,
             cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD),
        ):
            policy = autoscaling.CfnScalingPolicy(
                self, f"{name}Policy",
                auto_scaling_group_name=self.auto_scaling_group.auto_scaling_group_name,
                policy_type="SimpleScaling", adjustment_type="ChangeInCapacity",
                scaling_adjustment=adjustment, cooldown=str(data.SCALING_COOLDOWN_S),
            )
            alarm = cloudwatch.Alarm(
                self, f"{name}Alarm", metric=metric, threshold=threshold,
                comparison_operator=comparison,
                evaluation_periods=data.ALARM_EVALUATION_PERIODS,
                alarm_description=f"Cluster memory reservation: {adjustment:+d} host",
            )
            alarm.add_alarm_action(_ScalingPolicyAction(policy))
            if adjustment > 0:
                self.scale_out_alarm = alarm
