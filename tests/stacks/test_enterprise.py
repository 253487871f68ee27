"""Enterprise tier: hosts, memory scaling, services, EFS, load balancer, containers."""

import pytest

from sizing import data, plan
from tests.stacks.conftest import MATRIX


def resources(template, kind):
    return list(template.find_resources(kind).values())


def only(template, kind):
    found = resources(template, kind)
    assert len(found) == 1, f"{len(found)} {kind}"
    return found[0]["Properties"]


def service(template, role):
    for logical_id, res in template.find_resources("AWS::ECS::Service").items():
        if logical_id.startswith(role.title() + "Service"):
            return res["Properties"]
    raise AssertionError(role)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_asg_and_coreapp_count_match_the_plan_for_every_shard_option_and_env(synths, name):
    ctx = MATRIX[name]
    expected = plan(shards=ctx["shards"], env=ctx["env"])
    enterprise = synths[name]["enterprise"]
    group = only(enterprise, "AWS::AutoScaling::AutoScalingGroup")
    assert (group["MinSize"], group["MaxSize"], group["DesiredCapacity"]) == (
        str(expected.ec2_min), str(expected.ec2_max), str(expected.ec2_desired))
    assert group["MaxSize"] == str(
        data.EC2_MAX_BY_ACTIVE_COREAPPS.get(ctx["shards"],
                                            data.ENV_DEFAULTS[ctx["env"]].ec2_max_single_shard))
    assert service(enterprise, "coreapp")["DesiredCount"] == expected.total_coreapps
    assert service(enterprise, "master")["DesiredCount"] == expected.masters
    assert service(enterprise, "web")["DesiredCount"] == expected.webapps


@pytest.mark.parametrize(("name", "threshold", "operator", "adjustment"), [
    ("ScaleOut", 85, "GreaterThanThreshold", 1),
    ("ScaleIn", 30, "LessThanThreshold", -1),
])
def test_memory_alarms_and_policies_match_the_reference(default, name, threshold, operator,
                                                        adjustment):
    enterprise = default["enterprise"]
    alarms = enterprise.find_resources("AWS::CloudWatch::Alarm", {"Properties": {
        "Threshold": threshold}})
    # (CapacityExhausted alarms at the scale-out threshold too, on its own metric math)
    (alarm,) = [a for k, a in alarms.items() if k.startswith(name)]
    props = alarm["Properties"]
    assert (props["Namespace"], props["MetricName"], props["Statistic"]) == (
        "AWS/ECS", "MemoryReservation", "Average")
    assert (props["Period"], props["EvaluationPeriods"], props["ComparisonOperator"]) == (
        60, 1, operator)
    assert props["Dimensions"][0]["Name"] == "ClusterName"
    assert props["AlarmActions"] == [{"Ref": f"{name}Policy"}]
    policy = enterprise.to_json()["Resources"][f"{name}Policy"]["Properties"]
    assert policy["AutoScalingGroupName"]["Ref"].startswith("HostsASG")
    assert {k: v for k, v in policy.items() if k != "AutoScalingGroupName"} == {
        "PolicyType": "SimpleScaling", "AdjustmentType": "ChangeInCapacity",
        "ScalingAdjustment": adjustment, "Cooldown": "60",
    }


def test_hosts_are_drained_before_scale_in(default):
    provider = only(default["enterprise"], "AWS::ECS::CapacityProvider")
    asg_provider = provider["AutoScalingGroupProvider"]
    assert asg_provider["ManagedDraining"] == "ENABLED"
    assert "ManagedScaling" not in asg_provider  # hosts follow the memory alarms instead
    assert asg_provider["ManagedTerminationProtection"] == "DISABLED"


def test_launch_template_requires_imdsv2_encrypted_gp3_and_no_ssh_key(default):
    data_ = only(default["enterprise"], "AWS::EC2::LaunchTemplate")["LaunchTemplateData"]
    assert data_["MetadataOptions"]["HttpTokens"] == "required"
    assert data_["MetadataOptions"]["HttpPutResponseHopLimit"] == 1
    assert "KeyName" not in data_
    (volume,) = data_["BlockDeviceMappings"]
    assert volume["Ebs"] == {"DeleteOnTermination": True, "Encrypted": True,
                             "VolumeSize": 30, "VolumeType": "gp3"}
    assert data_["InstanceType"] == "c5.large"
    image = default["enterprise"].to_json()["Parameters"]
    assert any("amazon-linux-2023" in str(p.get("Default", "")) for p in image.values())


def test_hosts_live_in_private_subnets(default):
    group = only(default["enterprise"], "AWS::AutoScaling::AutoScalingGroup")
    assert all("PrivateSubnet" in str(s) for s in group["VPCZoneIdentifier"])


def test_media_hosts_and_reservations_are_the_vendors_benchmarked_ones(synths):
    # wa-size --rate 100 --message-type image4MB --receipts 1.5 --inbound 10: a load of
    # (100 x 2.5 + 10) / 2 = 130 msg/s -> 16 shards, 17 Coreapps; the vendor's image4MB host
    # c5.4xlarge, 14900 MiB per Coreapp (its cost-effective MemoryLimits) and half the host's
    # 16 vCPU. Two such Coreapps do not fit the 29491 MiB ECS hands out, so one per host, and
    # an 18th host for the Coreapp a rolling update (or the database upgrade task) starts.
    enterprise = synths["Media"]["enterprise"]
    template = only(enterprise, "AWS::EC2::LaunchTemplate")
    assert template["LaunchTemplateData"]["InstanceType"] == "c5.4xlarge"
    found = containers(enterprise)
    assert (found["coreapp"]["MemoryReservation"], found["coreapp"]["Cpu"]) == (14900, 8192)
    assert (found["master"]["MemoryReservation"], found["master"]["Cpu"]) == (1024, 256)
    assert (found["web"]["MemoryReservation"], found["web"]["Cpu"]) == (512, 512)
    group = only(enterprise, "AWS::AutoScaling::AutoScalingGroup")
    assert (group["MinSize"], group["DesiredCapacity"], group["MaxSize"]) == ("18", "18", "18")
    assert service(enterprise, "coreapp")["DesiredCount"] == 17
    assert service(enterprise, "web")["DesiredCount"] == 3  # ceil(130 / 75) = 2, default 3


def test_coreapps_spread_across_azs_then_hosts_and_are_not_pinned(default):
    props = service(default["enterprise"], "coreapp")
    assert props["PlacementStrategies"] == [
        {"Field": "attribute:ecs.availability-zone", "Type": "spread"},
        {"Field": "instanceId", "Type": "spread"},
    ]
    assert "PlacementConstraints" not in props
    assert "memberOf" not in str(props)


def test_isolation_puts_one_coreapp_per_host(synths):
    props = service(synths["Isolated"]["enterprise"], "coreapp")
    assert props["PlacementConstraints"] == [{"Type": "distinctInstance"}]
    group = only(synths["Isolated"]["enterprise"], "AWS::AutoScaling::AutoScalingGroup")
    assert group["MinSize"] == group["MaxSize"] == "9"


def test_masters_run_one_per_host(default):
    assert service(default["enterprise"], "master")["PlacementConstraints"] == [
        {"Type": "distinctInstance"}]


def containers(template):
    found = {}
    for res in resources(template, "AWS::ECS::TaskDefinition"):
        (container,) = res["Properties"]["ContainerDefinitions"]
        found[container["Name"]] = container
    return found


def env_of(container):
    return {e["Name"]: e["Value"] for e in container.get("Environment", [])}


def test_containers_carry_the_spec_environment_and_secrets(default):
    found = containers(default["enterprise"])
    # dbupgrade (run by hand) is asserted with the upgrade task (test_monitoring.py)
    assert set(found) == {"web", "master", "coreapp", "dbupgrade"}
    for role, container in found.items():
        if role == "dbupgrade":
            continue
        env = env_of(container)
        assert env["WA_RUNNING_ENV"] == "AWS"
        assert env["WA_APP_MULTICONNECT"] == "1"
        assert env["WA_DB_ENGINE"] == "MYSQL"
        assert env["WA_CONFIG_ON_DB"] == "1"
        assert env["WA_DB_CONNECTION_IDLE_TIMEOUT"] == "180000"
        secret_names = {s["Name"] for s in container["Secrets"]}
        assert {"WA_DB_HOSTNAME", "WA_DB_PORT", "WA_DB_USERNAME", "WA_DB_PASSWORD"} <= secret_names
        assert "WA_DB_PASSWORD" not in env
        assert container["LogConfiguration"]["LogDriver"] == "awslogs"
        mounts = {m["ContainerPath"]: m["ReadOnly"] for m in container["MountPoints"]}
        assert mounts == {"/usr/local/waent/data": False, "/usr/local/wamedia": False,
                          "/opt/certs": True}
    assert found["web"]["Image"] == "docker.whatsapp.biz/web:v2.53.0"
    assert (found["web"]["MemoryReservation"], found["web"]["Cpu"]) == (512, 512)
    assert found["web"]["PortMappings"] == [{"ContainerPort": 443, "HostPort": 0,
                                              "Protocol": "tcp"}]
    assert env_of(found["web"])["WA_DB_PERSISTENT"] == "1"
    assert "WA_WEB_SERVERNAME" in env_of(found["web"])
    assert "WA_WEB_JWT_CRYPTO_KEY" in {s["Name"] for s in found["web"]["Secrets"]}
    assert env_of(found["master"])["WA_MASTER_NODE"] == "1"
    assert "WA_MASTER_NODE" not in env_of(found["coreapp"])
    for role in ("master", "coreapp"):
        assert found[role]["Image"] == "docker.whatsapp.biz/coreapp:v2.53.0"
        assert found[role]["MemoryReservation"] == 1024
        assert [p["ContainerPort"] for p in found[role]["PortMappings"]] == [6250, 6251, 6252,
                                                                             6253]
    # CPU units (ours): the seed's benchmark cluster places on its five two-vCPU hosts
    assert (found["coreapp"]["Cpu"], found["master"]["Cpu"]) == (512, 256)


def test_ssl_points_the_containers_at_the_ca_on_efs(synths):
    env = env_of(containers(synths["Big"]["enterprise"])["coreapp"])
    assert env["WA_DB_SSL_CA"] == "/opt/certs/db-ca.pem"
    assert "WA_DB_SSL_CA" not in env_of(containers(synths["NoTls"]["enterprise"])["coreapp"])


def test_postgres_engine_reaches_the_containers(synths):
    env = env_of(containers(synths["Postgres"]["enterprise"])["web"])
    assert env["WA_DB_ENGINE"] == "PGSQL"


def test_load_balancer_is_internal_tcp_443_with_https_health_check_by_default(default):
    enterprise = default["enterprise"]
    lb = only(enterprise, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    assert (lb["Type"], lb["Scheme"]) == ("network", "internal")
    listener = only(enterprise, "AWS::ElasticLoadBalancingV2::Listener")
    assert (listener["Port"], listener["Protocol"]) == (443, "TCP")
    target = only(enterprise, "AWS::ElasticLoadBalancingV2::TargetGroup")
    assert (target["HealthCheckProtocol"], target["HealthCheckPath"],
            target["HealthCheckPort"]) == ("HTTPS", "/", "traffic-port")


def test_public_endpoint_only_when_asked(synths):
    lb = only(synths["Public"]["enterprise"], "AWS::ElasticLoadBalancingV2::LoadBalancer")
    assert lb["Scheme"] == "internet-facing"


def test_efs_is_encrypted_backed_up_retained_and_hosts_only(default):
    enterprise = default["enterprise"]
    (fs_id, fs), = enterprise.find_resources("AWS::EFS::FileSystem").items()
    assert fs["Properties"]["Encrypted"] is True
    assert fs["Properties"]["BackupPolicy"] == {"Status": "ENABLED"}
    assert fs["DeletionPolicy"] == fs["UpdateReplacePolicy"] == "Retain"
    assert len(resources(enterprise, "AWS::EFS::MountTarget")) == 2  # one per AZ
    ingress = enterprise.find_resources("AWS::EC2::SecurityGroupIngress", {"Properties": {
        "FromPort": 2049}})
    (rule,) = ingress.values()
    assert "SourceSecurityGroupId" in rule["Properties"]
    assert "CidrIp" not in rule["Properties"]


def test_hosts_mount_efs_for_the_containers(default):
    user_data = str(only(default["enterprise"], "AWS::EC2::LaunchTemplate")[
        "LaunchTemplateData"]["UserData"])
    assert "efs _netdev,noresvport,tls,iam" in user_data
    assert "/mnt/wa/data /mnt/wa/media /mnt/wa/certs" in user_data


def test_container_insights_on_and_logs_encrypted_with_retention(default):
    cluster = only(default["enterprise"], "AWS::ECS::Cluster")
    assert {"Name": "containerInsights", "Value": "enabled"} in cluster["ClusterSettings"]
    for group in resources(default["enterprise"], "AWS::Logs::LogGroup"):
        assert group["Properties"]["RetentionInDays"] == 30
        assert "KmsKeyId" in group["Properties"]


def test_outputs_name_endpoint_cluster_shards_and_coreapps(synths):
    outputs = synths["Big"]["enterprise"].to_json()["Outputs"]
    assert {"ApiEndpoint", "ClusterName", "Shards", "Coreapps"} <= set(outputs)
    assert outputs["Shards"]["Value"] == "32"
    assert outputs["Coreapps"]["Value"] == "33"
    assert "DbEndpoint" in synths["Big"]["database"].to_json()["Outputs"]


def test_existing_database_endpoint_is_an_output_of_the_enterprise_tier(synths):
    outputs = synths["ExistingVpcDb"]["enterprise"].to_json()["Outputs"]
    assert outputs["DbEndpoint"]["Value"] == "db.example.internal:3306"


@pytest.mark.parametrize(("name", "wanted"), [("Default", False), ("GivenKey", True)])
def test_the_ecs_service_linked_role_is_created_only_when_asked(synths, name, wanted):
    """create_ecs_service_linked_role=true (GivenKey): the role first, then the cluster, whose
    name the hosts' user data holds (so the capacity provider on their group follows it)."""
    template = synths[name]["enterprise"]
    roles = template.find_resources("AWS::IAM::ServiceLinkedRole")
    assert [(r["Properties"], r["DeletionPolicy"], r["UpdateReplacePolicy"])
            for r in roles.values()] == ([({"AWSServiceName": "ecs.amazonaws.com"}, "Retain",
                                           "Retain")] if wanted else [])
    (cluster_id, cluster), = template.find_resources("AWS::ECS::Cluster").items()
    assert cluster.get("DependsOn", []) == list(roles)
    user_data = str(only(template, "AWS::EC2::LaunchTemplate")["LaunchTemplateData"]["UserData"])
    assert cluster_id in user_data
