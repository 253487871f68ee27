"""The AWS regions a deployment may name, by partition: read by the CDK context reader and by
the commands that print or resolve a region (wa-size among them, which must stay light)."""

from sizing.errors import SizingError

# The regions of the commercial, GovCloud and China partitions. Source: botocore 1.44.8,
# botocore/data/partitions.json, without the *-global names (tests/stacks/test_context.py
# compares it with the installed botocore: a new region fails that test until added here).
REGIONS = {
    "aws": (
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2",
        "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2",
        "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
        "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
        "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
        "il-central-1", "me-central-1", "me-south-1", "me-west-1", "mx-central-1", "sa-east-1",
        "sa-west-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ),
    "aws-us-gov": ("us-gov-east-1", "us-gov-west-1"),
    "aws-cn": ("cn-north-1", "cn-northwest-1"),
}
PARTITION = {region: partition for partition, names in REGIONS.items() for region in names}

# The AZs every account sees in a region (a new VPC takes the first az_count of Fn::GetAZs, so
# more than this fails at deploy, after the stacks before the network tier exist). Some regions
# hold more AZs than a new account gets: us-west-1 and ap-northeast-1 hide one from accounts
# opened after the region filled up. Source: AWS, "Regions and Availability Zones"
# (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html), read
# 2026-12-07, as moto 5's zone table models them (tests/sizing/test_regions.py compares). A
# region absent here is one whose count is not known: its deploy states az_count.
AZS_EVERY_ACCOUNT_SEES = {
    "af-south-1": 3, "ap-east-1": 3, "ap-east-2": 3, "ap-northeast-1": 3, "ap-northeast-2": 4,
    "ap-northeast-3": 3, "ap-south-1": 3, "ap-south-2": 3, "ap-southeast-1": 3,
    "ap-southeast-2": 3, "ap-southeast-3": 3, "ap-southeast-4": 3, "ap-southeast-5": 3,
    "ap-southeast-6": 3, "ap-southeast-7": 3, "ca-central-1": 3, "ca-west-1": 3,
    "eu-central-1": 3, "eu-central-2": 3, "eu-north-1": 3, "eu-south-1": 3, "eu-south-2": 3,
    "eu-west-1": 3, "eu-west-2": 3, "eu-west-3": 3, "il-central-1": 3, "me-central-1": 3,
    "me-south-1": 3, "mx-central-1": 3, "sa-east-1": 3, "us-east-1": 6, "us-east-2": 3,
    "us-west-1": 2, "us-west-2": 4, "us-gov-east-1": 3, "us-gov-west-1": 3, "cn-north-1": 2,
    "cn-northwest-1": 3,
}


class UnknownAzCount(SizingError):
    """A region whose AZ count is not known, and no az_count stated."""


def check_az_count(region: str, az_count: int, stated: bool, name: str = "az_count") -> None:
    """SizingError when a new VPC of az_count AZs cannot be built in the region: more AZs than
    every account sees there, or a region whose count is not known and no stated az_count."""
    seen = AZS_EVERY_ACCOUNT_SEES.get(region)
    if seen is None:
        if not stated:
            raise UnknownAzCount(f"region {region!r} has no known AZ count (sizing/regions.py): "
                              f"state {name} (2 to 4), the number of AZs the region offers "
                              "your account (aws ec2 describe-availability-zones)")
        return
    if az_count > seen:
        raise SizingError(f"{name} {az_count} is more than {region} offers every account ({seen} "
                          "AZs, AWS Regions and Availability Zones): allowed "
                          f"{_up_to(min(seen, 4))} there, or an existing VPC (vpc_id, vpc_azs) "
                          "whose AZs you name")


def _up_to(most: int) -> str:
    return "2" if most == 2 else f"2 to {most}"
