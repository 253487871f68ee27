"""The AWS regions a deployment may name, by partition: read by the CDK context reader and by
the commands that print or resolve a region (wa-size among them, which must stay light)."""

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
