"""Network tier: new VPC over the asked AZs, NAT per env type, flow logs; or an existing VPC."""


def count(template, kind):
    return len(template.find_resources(kind))


def test_production_vpc_has_a_nat_per_az_and_flow_logs(default):
    network = default["network"]
    assert count(network, "AWS::EC2::VPC") == 1
    assert count(network, "AWS::EC2::Subnet") == 4  # public + private in 2 AZs
    assert count(network, "AWS::EC2::NatGateway") == 2
    (flow,) = network.find_resources("AWS::EC2::FlowLog").values()
    assert flow["Properties"]["TrafficType"] == "ALL"


def test_staging_uses_one_nat_and_az_count_is_honoured(synths):
    network = synths["GivenKey"]["network"]  # staging, 3 AZs
    assert count(network, "AWS::EC2::Subnet") == 6
    assert count(network, "AWS::EC2::NatGateway") == 1


def test_azs_are_chosen_at_deploy_time_not_looked_up(default):
    subnets = default["network"].find_resources("AWS::EC2::Subnet").values()
    assert all("Fn::GetAZs" in str(s["Properties"]["AvailabilityZone"]) for s in subnets)


def test_public_subnets_do_not_hand_out_public_ips(default):
    for subnet in default["network"].find_resources("AWS::EC2::Subnet").values():
        assert subnet["Properties"]["MapPublicIpOnLaunch"] is False


def test_existing_vpc_creates_no_vpc(synths):
    network = synths["ExistingVpcDb"]["network"]
    assert count(network, "AWS::EC2::VPC") == 0
    group = next(iter(synths["ExistingVpcDb"]["enterprise"].find_resources(
        "AWS::AutoScaling::AutoScalingGroup").values()))
    assert group["Properties"]["VPCZoneIdentifier"] == ["subnet-1a1a1a1a", "subnet-1b1b1b1b"]
