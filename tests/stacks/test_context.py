"""Context in, plan out: the app's own validation, with wa-size's one-line messages."""

import json
import os
import subprocess
import sys

import pytest

from cdk import context
from sizing import SizingError, plan
from tests.support.refusals import one_line_refusal


def read(**ctx):
    return context.read(ctx.get, known=set(ctx))


def test_defaults_give_the_seeds_benchmark_cluster():
    the_plan, deployment = read()
    assert the_plan == plan()
    assert (the_plan.shards, the_plan.env) == (8, "production")
    assert (deployment.region, deployment.api_cidrs, deployment.existing_db) == (
        "us-east-1", (), None)


def test_workload_context_reaches_the_plan_as_wa_size_reads_it():
    the_plan, _ = read(rate="100", message_type="image", receipts="2", inbound="20")
    assert the_plan == plan(100, message_type="image", receipts=2, inbound_msg_s=20)
    assert (the_plan.message_type, the_plan.load_msg_s, the_plan.host_type) == (
        "image1MB", 160, "c5.xlarge")  # (100 x 3 + 20) / 2


def test_context_values_arrive_as_strings_or_json():
    the_plan, deployment = read(rate="250", shards=32, ssl="true", api_cidrs="198.51.100.0/24")
    assert (the_plan.shards, the_plan.ssl) == (32, True)
    assert deployment.api_cidrs == ("198.51.100.0/24",)


# (context, a fragment of its one-line refusal): these three tables feed one test below
BAD_CONTEXT = [
    ({"shards": "3"}, "shards 3 is not an option: allowed 1, 2, 4, 8, 16, 32"),
    ({"rate": "-1"}, "rate -1 msg/s is out of range: allowed 0 < rate <= 400 msg/s"),
    ({"rate": "fast"}, "rate 'fast' is not a number: allowed 0 < rate <= 400 msg/s"),
    ({"ssl": "maybe"}, "ssl 'maybe' is not a switch: allowed true or false"),
    ({"engine": "oracle"}, "engine 'oracle' is unknown: allowed mysql, postgres, aurora-mysql"),
    ({"az_count": "5"}, "az_count 5 is out of range: allowed 2 to 4"),
    ({"api_cidrs": "everyone"}, "api_cidrs 'everyone' is not an IPv4 CIDR"),
    ({"log_retention_days": "10"}, "log_retention_days 10 is not an option"),
    ({"db_key": "mine"}, "db_key 'mine' is invalid: allowed new, aws-managed or a KMS key ARN"),
    ({"db_storage_type": "io1"}, "db_iops is missing: allowed 1000 to 5000, required with io1"),
    ({"db_host": "db.internal"}, "db_secret_arn '' is invalid"),
    ({"vpc_id": "vpc-0123456789abcdef0"}, "vpc_azs '' is invalid: allowed 2 to 4 AZ names"),
    ({"root_volume_gib": "8"}, "root_volume_gib 8 is out of range: allowed 30 to 1024"),
    ({"region": "mars"}, "region 'mars' is unknown: allowed af-south-1, ap-east-1,"),
    ({"shard": "8"}, "context key 'shard' is unknown"),
    ({"db_ca_url": "http://truststore.example.com/ca.pem"},
     "db_ca_url 'http://truststore.example.com/ca.pem' is invalid: allowed an https URL"),
    ({"db_ca_url": "https://example.com/ca.pem';reboot"}, "db_ca_url "),
    ({"api_cidrs": "10.0.8.0/24"}, "api_cidrs '10.0.8.0/24' lies inside the VPC (10.0.0.0/16)"),
    ({"rate": ""}, "context key 'rate' is empty: give a value or leave it out"),
    ({"receipts": "3"}, "receipts '3' is out of range: allowed 0 to 2"),
    ({"inbound": "lots"}, "inbound 'lots' is not a number: allowed 0 to 400 msg/s"),
    ({"message_type": "gif"}, "message_type 'gif' is unknown: allowed text, image1MB, image2MB"),
    ({"rate": "300", "receipts": "2"}, "load 450 msg/s (rate 300 x (1 + 2 receipts) + 0 inbound"),
    ({"api_cidrs": "  "}, "context key 'api_cidrs' is empty"),
    ({"vpc_id": "vpc-0123456789abcdef0", "vpc_azs": "us-east-1a,us-east-1b",
      "public_subnet_ids": "subnet-0a0a0a0a,subnet-0b0b0b0b",
      "private_subnet_ids": "subnet-1a1a1a1a,subnet-1b1b1b1b"},
     "vpc_cidr is missing: required with vpc_id"),
    ({"vpc_id": "vpc-0123456789abcdef0", "vpc_azs": "us-east-1a,us-east-1b",
      "public_subnet_ids": "subnet-1,subnet-2", "private_subnet_ids": "subnet-3,subnet-4"},
     "public_subnet_ids 'subnet-1' is invalid: allowed subnet-<8 or 17 hex digits>"),
]


# RDS's storage rules for MySQL and PostgreSQL (Amazon RDS User Guide, "Amazon RDS DB instance
# storage"), written out: gp3 takes 12,000-64,000 IOPS from 400 GiB (below: a fixed 3,000),
# at most 500 per GiB; io1/io2 take 1,000-256,000, at most 50 / 1,000 per GiB; gp2 none.
def test_the_iops_table_holds_the_rds_user_guides_figures():
    from contract.database_storage import DB_IOPS_RULES, GP3_BASELINE_IOPS

    assert GP3_BASELINE_IOPS == 3000
    assert {t: r and tuple(r) for t, r in DB_IOPS_RULES.items()} == {
        "gp3": (False, 400, 12000, 64000, 500, 0), "gp2": None,
        "io1": (True, 100, 1000, 256000, 50, 0.5), "io2": (True, 100, 1000, 256000, 1000, 0.5)}


# storage RDS would refuse, caught before any AWS call
STORAGE_RDS_WOULD_REFUSE = [
    ({"db_iops": "3000"}, "db_iops 3000 is set with gp3 and db_storage_gib 100: allowed only "
     "from db_storage_gib 400 (gp3 below 400 GiB has a fixed baseline of 3000 IOPS)"),
    ({"db_iops": "12000", "db_storage_gib": "399"},
     "db_iops 12000 is set with gp3 and db_storage_gib 399: allowed only from db_storage_gib 400"),
    ({"db_iops": "11999", "db_storage_gib": "400"},
     "db_iops 11999 is out of range for gp3 and db_storage_gib 400: allowed 12000 to 64000"),
    ({"db_iops": "64001", "db_storage_gib": "2000"},
     "db_iops 64001 is out of range for gp3 and db_storage_gib 2000: allowed 12000 to 64000"),
    ({"db_storage_type": "io1", "db_iops": "5001"},  # 50 x 100 GiB
     "db_iops 5001 is out of range for io1 and db_storage_gib 100: allowed 1000 to 5000"),
    ({"db_storage_type": "io1", "db_iops": "256000", "db_storage_gib": "5119"},
     "db_iops 256000 is out of range for io1 and db_storage_gib 5119: allowed 2560 to 255950"),
    # io1/io2 start at 100 GiB and take at least 0.5 IOPS per GiB (the review's two cases)
    ({"db_storage_type": "io1", "db_iops": "1000", "db_storage_gib": "20"},
     "db_storage_gib 20 is too small for io1: allowed 100 to 65536"),
    ({"db_storage_type": "io2", "db_iops": "1000", "db_storage_gib": "10000"},
     "db_iops 1000 is out of range for io2 and db_storage_gib 10000: allowed 5000 to 256000"),
    ({"db_storage_type": "io2", "db_iops": "100001"},  # 1000 x 100 GiB
     "db_iops 100001 is out of range for io2 and db_storage_gib 100: allowed 1000 to 100000"),
    ({"db_storage_type": "io2"}, "db_iops is missing: allowed 1000 to 100000, required with io2 "
     "(db_storage_gib 100)"),
    ({"db_storage_type": "io1", "db_iops": "999"}, "db_iops 999 is out of range: allowed 1000"),
    ({"db_storage_type": "gp2", "db_iops": "1000"},
     "db_iops 1000 is set with gp2 (db_storage_gib 100): allowed only with gp3, io1, io2"),
    ({"engine": "aurora-mysql", "db_iops": "3000"},
     "db_iops 3000 is set with engine aurora-mysql: allowed only with mysql or postgres"),
    ({"engine": "aurora-mysql", "db_storage_type": "io1", "db_iops": "1000"},
     "db_iops 1000 is set with engine aurora-mysql"),
    ({"engine": "aurora-mysql", "db_storage_type": "gp2"},
     "db_storage_type 'gp2' is set with engine aurora-mysql: allowed only with mysql or postgres"),
]


@pytest.mark.parametrize(("ctx", "iops"), [
    ({"db_iops": "12000", "db_storage_gib": "400"}, 12000),
    ({"db_iops": "64000", "db_storage_gib": "400"}, 64000),
    ({"db_storage_type": "io1", "db_iops": "5000"}, 5000),
    ({"db_storage_type": "io2", "db_iops": "256000", "db_storage_gib": "256"}, 256000),
    ({"engine": "postgres", "db_storage_type": "io2", "db_iops": "1000"}, 1000),
    ({"db_storage_type": "gp2"}, None),
    ({}, None),  # gp3's baseline
    ({"engine": "aurora-mysql", "db_storage_type": "gp3"}, None),  # as wa-deploy remembers it
])
def test_storage_rds_takes_passes(ctx, iops):
    assert read(**ctx)[1].db_iops == iops


@pytest.mark.parametrize(("prefix", "word", "names"), [
    ("awsProd", "aws", "the SSM parameter name '/awsProd/db/hostname' (AWS Systems Manager "
     "API Reference, PutParameter: Name) and the ECS capacity provider name"),
    ("AWS", "aws", "the SSM parameter name '/AWS/db/hostname'"),
    ("EcsProd", "ecs", "the ECS capacity provider name 'EcsProd-Enterprise-<id>' (Amazon ECS "
     "API Reference, CreateCapacityProvider: name)"),
    ("FARGATE2", "fargate", "the ECS capacity provider name"),
    ("ssmWa", "ssm", "the SSM parameter name '/ssmWa/db/hostname'"),
    ("SsM", "ssm", "the SSM parameter name"),
])
def test_a_prefix_aws_reserves_is_refused_in_one_line(prefix, word, names):
    for parse in (lambda: context.parse_prefix(prefix), lambda: read(prefix=prefix)):
        with pytest.raises(SizingError) as caught:
            parse()
        line = str(caught.value)
        assert line.startswith(f"prefix {prefix!r} begins with the reserved word {word!r} "
                               "(any case)"), line
        assert names in line
        assert line.endswith("allowed a prefix not beginning with aws, ecs, fargate or ssm")
        assert "\n" not in line


@pytest.mark.parametrize("prefix", ["WaInfra", "Awesome", "Aw", "ProdAws", "Ec2Prod", "Fargo",
                                    "Sms", "S"])
def test_a_prefix_near_a_reserved_word_passes(prefix):
    assert context.parse_prefix(prefix) == prefix
    assert read(prefix=prefix)[1].prefix == prefix


@pytest.mark.parametrize(("ctx", "wanted"), [
    ({}, False), ({"create_ecs_service_linked_role": "true"}, True),
    ({"create_ecs_service_linked_role": True}, True),
    ({"create_ecs_service_linked_role": "false"}, False)])
def test_the_ecs_service_linked_role_is_opt_in_and_remembered(ctx, wanted):
    from deploy.inputs import effective

    the_plan, deployment = read(**ctx)
    assert deployment.create_ecs_service_linked_role is wanted
    remembered = effective(the_plan, deployment)
    assert remembered.get("create_ecs_service_linked_role") == ("true" if wanted else None)
    assert read(**remembered)[1] == deployment


GOOD_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:wa-db-AbCdEf"
GOOD_KEY = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
EXISTING_VPC = {"vpc_id": "vpc-0123456789abcdef0", "vpc_azs": "us-east-1a,us-east-1b",
                "public_subnet_ids": "subnet-0a0a0a0a,subnet-0b0b0b0b",
                "private_subnet_ids": "subnet-1a1a1a1a,subnet-1b1b1b1b", "vpc_cidr": "10.20.0.0/16"}


@pytest.mark.parametrize(("ctx", "spares", "headroom"), [
    ({"spares": 0}, 0, 25),
    ({"spares": "0"}, 0, 25),
    ({"headroom": 0}, 1, 0),
    ({"headroom": "0"}, 1, 0),
    ({"spares": 0, "headroom": 0.0}, 0, 0),
])
def test_zero_is_a_value_not_the_default(ctx, spares, headroom):
    the_plan, _ = read(**ctx)
    assert (the_plan.spare_coreapps, the_plan.headroom_pct) == (spares, headroom)


def test_false_and_zero_switches_are_values_not_the_default():
    the_plan, _ = read(ssl=False, isolate_coreapps=0)
    assert (the_plan.ssl, the_plan.isolate_coreapps) == (False, False)
    the_plan, _ = read(ssl=0)
    assert the_plan.ssl is False


# values meant to harm, or that would be silently ignored
HOSTILE_OR_SILENTLY_IGNORED = [
    # non-finite and huge numbers: a message, not an OverflowError
    ({"headroom": "inf"}, "headroom 'inf' is out of range: allowed 0 to 1000 %"),
    ({"headroom": "-inf"}, "headroom '-inf' is out of range"),
    ({"headroom": "nan"}, "headroom 'nan' is not a number: allowed 0 to 1000 %"),
    ({"headroom": "1e309"}, "headroom '1e309' is out of range"),
    ({"headroom": float("inf")}, "headroom inf is out of range"),
    ({"rate": "inf"}, "rate inf msg/s is out of range"),
    ({"spares": 1_000_000}, "spares 1000000 is out of range: allowed 0 to 32"),
    ({"spares": "33"}, "spares 33 is out of range: allowed 0 to 32"),
    ({"headroom": "1000.5"}, "headroom '1000.5' is out of range: allowed 0 to 1000 %"),
    # values that are not those of any key's type
    ({"env": 0}, "env 0 is unknown: allowed production, staging"),
    ({"rate": True}, "context key 'rate' is a switch (True): allowed 0 < rate <= 400 msg/s"),
    ({"shards": [8]}, "context key 'shards' is a list ([8]): allowed 1, 2, 4, 8, 16, 32"),
    ({"region": {"name": "us-east-1"}}, "context key 'region' is an object"),
    ({"api_cidrs": [["0.0.0.0/0"]]}, "context key 'api_cidrs' is a list ([['0.0.0.0/0']])"),
    # CIDRs the new VPC's subnets cannot fit in (the CDK would stop with a stack trace)
    ({"vpc_cidr": "10.0.0.0/24"},
     "vpc_cidr '10.0.0.0/24' cannot hold az_count 2 x (one /24 public + one /22 private "
     "subnet): allowed /16 to /20 for az_count 2, the smallest being 10.0.0.0/20"),
    ({"vpc_cidr": "10.0.0.0/20", "az_count": "4"},
     "vpc_cidr '10.0.0.0/20' cannot hold az_count 4 x (one /24 public + one /22 private "
     "subnet): allowed /16 to /19 for az_count 4, the smallest being 10.0.0.0/19"),
    ({"vpc_cidr": "10.0.0.0/29"}, "vpc_cidr '10.0.0.0/29' is out of range: allowed /16 to /28"),
    # regions that do not exist, ARNs of another region or partition
    ({"region": "us-east-7"}, "region 'us-east-7' is unknown"),
    ({"region": "us-iso-east-1"}, "region 'us-iso-east-1' is unknown"),
    ({"db_key": GOOD_KEY.replace("us-east-1", "eu-west-1")},
     "db_key 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' is "
     "in aws eu-west-1: allowed an ARN of region us-east-1 (aws), where the stacks deploy"),
    ({"db_key": GOOD_KEY.replace("us-east-1", "us-gov-west-1"), "region": "us-gov-west-1"},
     "is in aws us-gov-west-1: allowed an ARN of region us-gov-west-1 (aws-us-gov)"),
    ({"db_key": GOOD_KEY.replace("arn:aws:", "arn:aws-cn:")}, "is in aws-cn us-east-1"),
    ({"db_key": GOOD_KEY.replace("0f1e", "0F1E")}, "is invalid: allowed new, aws-managed or"),
    ({"db_host": "db.internal", "db_secret_arn": GOOD_SECRET.replace("us-east-1", "us-west-2")},
     "is in aws us-west-2: allowed an ARN of region us-east-1"),
    # the CDK's from_secret_complete_arn wants the 6-character suffix
    ({"db_host": "db.internal",
      "db_secret_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:wa-db"},
     "db_secret_arn 'arn:aws:secretsmanager:us-east-1:123456789012:secret:wa-db' is invalid: "
     "allowed a Secrets Manager secret's complete ARN, ending in the 6 characters"),
    ({"db_host": "db.internal",
      "db_secret_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:wa-db-AbCd"},
     "is invalid: allowed a Secrets Manager secret's complete ARN"),
    ({"db_host": "db.internal; reboot", "db_secret_arn": GOOD_SECRET},
     "db_host 'db.internal; reboot' is invalid: allowed a DNS name or IPv4 address"),
    # keys of an existing DB or VPC, without it
    ({"db_port": "5432"}, "db_port '5432' is set without db_host: allowed only with db_host"),
    ({"db_secret_arn": GOOD_SECRET}, "db_secret_arn 'arn:aws:secretsmanager"),
    ({"vpc_azs": "us-east-1a,us-east-1b"}, "vpc_azs 'us-east-1a,us-east-1b' is set without vpc_id"),
    ({**EXISTING_VPC, "vpc_azs": "us-west-2a,us-west-2b"},
     "vpc_azs 'us-west-2a' is invalid: allowed AZ names of region us-east-1"),
    ({**EXISTING_VPC, "vpc_azs": "us-east-1a,us-east-1a"}, "vpc_azs lists 'us-east-1a' twice"),
    ({"api_cidrs": ",".join(f"1.2.3.{i}/32" for i in range(61))},
     "api_cidrs has 61 CIDRs: allowed at most 58"),
    ({"registry": "r" * 256}, "registry 'rrrrrr"),
    ({"db_ca_url": "https://x.example.com/" + "a" * 2048}, "db_ca_url 'https://"),
    ({"account": "١٢٣٤٥٦٧٨٩٠١٢"}, "account '١٢٣٤٥٦٧٨٩٠١٢' is invalid: allowed 12 digits"),
    # the default CA bundle serves the commercial partition only
    ({"region": "us-gov-west-1"}, "db_ca_url is missing: required with ssl=true in region "
     "us-gov-west-1 (aws-us-gov): allowed an https URL of the RDS CA bundle of that partition"),
    ({"region": "cn-northwest-1"}, "db_ca_url is missing: required with ssl=true in region "
     "cn-northwest-1 (aws-cn)"),
    ({"api_cidrs": "0.0.0.0/0", "allow_world_api": "yes please"},
     "allow_world_api 'yes please' is not a switch"),
]


@pytest.mark.parametrize(
    ("ctx", "message"), BAD_CONTEXT + STORAGE_RDS_WOULD_REFUSE + HOSTILE_OR_SILENTLY_IGNORED
)
def test_bad_context_is_refused_in_one_line(ctx, message):
    assert message in one_line_refusal(read, **ctx)


# the world only on purpose (two halves are the world too), and only public ranges
@pytest.mark.parametrize(("cidrs", "message"), [
    ("0.0.0.0/0", "api_cidrs '0.0.0.0/0' open the API to the internet "
     "(4,294,967,296 addresses): allowed at most a /8 in all, or add -c allow_world_api=true"),
    ("0.0.0.0/1,128.0.0.0/1", "api_cidrs '0.0.0.0/1,128.0.0.0/1' open the API"),
    ("203.0.113.0/24,64.0.0.0/7", "api_cidrs '203.0.113.0/24,64.0.0.0/7' open"),
    ("11.0.0.0/8,12.0.0.0/8", "(33,554,432 addresses): allowed at most a /8"),
    ("192.168.0.0/16", "api_cidrs '192.168.0.0/16' is not a public range"),
    ("127.0.0.1/32", "api_cidrs '127.0.0.1/32' is not a public range"),
    ("169.254.0.0/16", "is not a public range"),
    ("0.0.0.0/8", "api_cidrs '0.0.0.0/8' is not a public range"),
])
def test_api_cidrs_open_to_the_world_or_not_public_are_refused_in_one_line(cidrs, message):
    assert message in one_line_refusal(read, api_cidrs=cidrs)


@pytest.mark.parametrize("ctx", [
    {"db_host": "db.internal", "db_secret_arn": GOOD_SECRET, "db_port": "5433"},
    {"db_host": "10.1.2.3", "db_secret_arn": GOOD_SECRET},
    {"db_key": GOOD_KEY},
    {"db_key": "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"},
    {"region": "us-gov-west-1", "db_ca_url": "https://ca.example.com/gov-bundle.pem",
     "db_key": GOOD_KEY.replace("arn:aws:", "arn:aws-us-gov:").replace("us-east-1",
                                                                       "us-gov-west-1")},
    {"region": "cn-north-1", "ssl": "false", "db_host": "db.internal",
     "db_secret_arn": GOOD_SECRET.replace("arn:aws:", "arn:aws-cn:").replace("us-east-1",
                                                                             "cn-north-1")},
    {"vpc_cidr": "10.0.0.0/20", "az_count": 3},
    {"vpc_cidr": "10.0.0.0/19", "az_count": 4},
    {"api_cidrs": ["203.0.113.0/24", "198.51.100.7/32"]},
    {"api_cidrs": "11.0.0.0/8"},  # a /8 in all is still a list of clients
    {"api_cidrs": "0.0.0.0/1,128.0.0.0/1", "allow_world_api": "true"},
    EXISTING_VPC,
])
def test_valid_context_still_passes(ctx):
    read(**ctx)


def test_the_world_open_api_is_taken_on_purpose_and_remembered():
    from deploy.inputs import effective

    the_plan, deployment = read(api_cidrs="203.0.113.0/24,0.0.0.0/0", allow_world_api="true")
    assert deployment.world_api == ("203.0.113.0/24", "0.0.0.0/0")  # all of them, named
    assert effective(the_plan, deployment)["allow_world_api"] == "true"
    assert read(api_cidrs="203.0.113.0/24")[1].world_api == ()


def test_region_table_matches_the_installed_botocore():
    import importlib.util
    from pathlib import Path

    botocore = Path(importlib.util.find_spec("botocore").origin).parent  # data only, no import
    doc = json.loads((botocore / "data" / "partitions.json").read_text())
    regions = {p["id"]: {r for r in p["regions"] if not r.endswith("-global")}
               for p in doc["partitions"]}
    assert {p: set(names) for p, names in context.REGIONS.items()} == {
        p: regions[p] for p in context.REGIONS}


@pytest.mark.parametrize("az_count", [2, 3, 4])
def test_smallest_vpc_is_what_the_cdk_network_stack_accepts(az_count):
    """The subnet arithmetic agrees with the real NetworkStack: the smallest CIDR builds, one
    size smaller stops the CDK (which is why read() refuses it first)."""
    import dataclasses

    from cdk.app import new_app
    from stacks.network import NetworkStack

    prefix = context.smallest_new_vpc_prefix(az_count)
    the_plan, deployment = read(az_count=str(az_count), vpc_cidr=f"10.0.0.0/{prefix}")
    NetworkStack(new_app(), "Fits", plan=the_plan, deployment=deployment)
    too_small = dataclasses.replace(deployment, vpc_cidr=f"10.0.0.0/{prefix + 1}")
    with pytest.raises(RuntimeError, match="exceeds remaining space"):
        NetworkStack(new_app(), "TooSmall", plan=the_plan, deployment=too_small)
    with pytest.raises(SizingError, match=f"allowed /16 to /{prefix} for az_count {az_count}"):
        read(az_count=str(az_count), vpc_cidr=f"10.0.0.0/{prefix + 1}")


def test_documented_vpc_cidr_range_is_computed():
    allowed = context.ALLOWED["vpc_cidr"]
    assert context.smallest_new_vpc_prefix(2) == context.smallest_new_vpc_prefix(3)
    assert allowed.startswith(f"an IPv4 CIDR: /16 to /{context.smallest_new_vpc_prefix(3)} for a "
                              f"new VPC of 2-3 AZs (/{context.smallest_new_vpc_prefix(4)} for 4)")


def run_app(ctx: dict, tmp_path):
    env = dict(os.environ, CDK_CONTEXT_JSON=json.dumps(ctx), CDK_OUTDIR=str(tmp_path),
               JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20")
    return subprocess.run([sys.executable, "-m", "cdk.app"], env=env, capture_output=True,
                          text=True, timeout=120)


def test_app_exits_2_with_the_message_and_no_traceback(tmp_path):
    result = run_app({"shards": "5"}, tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "wa-infra: error: shards 5 is not an option: allowed 1, 2, 4, 8, 16, 32\n")
    assert not list(tmp_path.glob("*.template.json"))


@pytest.mark.parametrize(("ctx", "message"), [
    ({"headroom": "inf"}, "headroom 'inf' is out of range: allowed 0 to 1000 %"),
    ({"vpc_cidr": "10.0.0.0/24"}, "vpc_cidr '10.0.0.0/24' cannot hold az_count 2"),
    ({"db_host": "db.internal",
      "db_secret_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:wa-db"},
     "db_secret_arn 'arn:aws:secretsmanager:us-east-1:123456789012:secret:wa-db' is invalid"),
    # RDS would refuse it half-way through a deploy (README: db_iops)
    ({"db_iops": "3000"}, "db_iops 3000 is set with gp3 and db_storage_gib 100"),
])
def test_app_refuses_what_used_to_end_in_a_stack_trace(ctx, message, monkeypatch, capsys):
    # the app's main in this process (the test above runs it as `cdk synth` does): the
    # context arrives as the CLI's would, and any exception but the exit fails the test
    from cdk import app

    new_app = app.new_app
    monkeypatch.setattr(app, "new_app", lambda: new_app(post_cli_context=ctx))
    with pytest.raises(SystemExit) as exited:
        app.main()
    assert exited.value.code == 2
    stderr = capsys.readouterr().err
    assert stderr.startswith(f"wa-infra: error: {message}")
    assert stderr.count("\n") == 1


def test_app_prints_the_plan_it_used(tmp_path):
    # with the account given, the CDK caches its lookups in the context under keys of its own;
    # the world-open API (asked for on purpose) is warned about
    result = run_app({"rate": "250", "shards": "32", "ssl": "true", "account": "123456789012",
                      "availability-zones:account=123456789012:region=us-east-1": [
                          "us-east-1a", "us-east-1b"],
                      "api_cidrs": "0.0.0.0/0", "allow_world_api": True}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("wa-infra plan: 250 msg/s (text, load 250), 32 shards, 33 Coreapps, 3 Masters, "
            "4 Webapps, EC2 3/13/15 c5.large (Coreapp 1024 MiB, 512 CPU units), DB mysql "
            "db.m6g.4xlarge") in result.stderr
    assert ("warning: the API on port 443 is open to the internet (api_cidrs 0.0.0.0/0, "
            "allow_world_api=true)") in result.stderr
    assert "WARNING" not in result.stderr  # every CDK warning is fixed or acknowledged
    assert sorted(p.name for p in tmp_path.glob("*.template.json")) == [
        "WaInfra-Database.template.json", "WaInfra-Enterprise.template.json",
        "WaInfra-Lambda.template.json", "WaInfra-Network.template.json"]


def test_an_account_needs_no_lookup_and_no_credentials(tmp_path):
    """`-c account=...` used to make the Network stack look its AZs up (credentials at synth);
    every tier picks them at deploy time instead, account or not."""
    from cdk.app import build, new_app

    app = new_app(outdir=str(tmp_path))
    stacks = build(app, *read(account="123456789012"))
    app.synth()
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest.get("missing", []) == []
    subnets = [r for r in json.loads((tmp_path / "WaInfra-Network.template.json").read_text())[
        "Resources"].values() if r["Type"] == "AWS::EC2::Subnet"]
    assert all("Fn::GetAZs" in json.dumps(s["Properties"]["AvailabilityZone"]) for s in subnets)
    assert {s.account for s in stacks.values()} == {"123456789012"}


def test_an_existing_databases_storage_is_not_checked():
    """Its storage is not ours: io1 without db_iops beside db_host is no refusal (the review
    found a misleading 'db_iops is missing' there)."""
    _, deployment = read(db_host="db.example.internal", db_storage_type="io1",
                         db_secret_arn=GOOD_SECRET)
    assert deployment.existing_db is not None
