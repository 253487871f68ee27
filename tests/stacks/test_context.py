"""Context in, plan out: the app's own validation, with wa-size's one-line messages."""

import json
import os
import subprocess
import sys

import pytest

from cdk import context
from sizing import SizingError, plan


def read(**ctx):
    return context.read(ctx.get, known=set(ctx))


def test_defaults_give_the_seeds_benchmark_cluster():
    the_plan, deployment = read()
    assert the_plan == plan()
    assert (the_plan.shards, the_plan.env) == (8, "production")
    assert (deployment.region, deployment.api_cidrs, deployment.existing_db) == (
        "us-east-1", (), None)


def test_context_values_arrive_as_strings_or_json():
    the_plan, deployment = read(rate="250", shards=32, ssl="true", api_cidrs="10.1.0.0/16")
    assert (the_plan.shards, the_plan.ssl) == (32, True)
    assert deployment.api_cidrs == ("10.1.0.0/16",)


@pytest.mark.parametrize(("ctx", "message"), [
    ({"shards": "3"}, "shards 3 is not an option: allowed 1, 2, 4, 8, 16, 32"),
    ({"rate": "-1"}, "rate -1 msg/s is out of range: allowed 0 < rate <= 400 msg/s"),
    ({"rate": "fast"}, "rate 'fast' is not a number: allowed 0 < rate <= 400 msg/s"),
    ({"ssl": "maybe"}, "ssl 'maybe' is not a switch: allowed true or false"),
    ({"engine": "oracle"}, "engine 'oracle' is unknown: allowed mysql, postgres, aurora-mysql"),
    ({"az_count": "5"}, "az_count 5 is out of range: allowed 2 to 4"),
    ({"api_cidrs": "everyone"}, "api_cidrs 'everyone' is not an IPv4 CIDR"),
    ({"log_retention_days": "10"}, "log_retention_days 10 is not an option"),
    ({"db_key": "mine"}, "db_key 'mine' is invalid: allowed new, aws-managed or a KMS key ARN"),
    ({"db_storage_type": "io1"}, "db_iops is missing: allowed 1000 to 256000, required with io1"),
    ({"db_host": "db.internal"}, "db_secret_arn '' is invalid"),
    ({"vpc_id": "vpc-0123456789abcdef0"}, "vpc_azs '' is invalid: allowed 2 to 4 AZ names"),
    ({"root_volume_gib": "8"}, "root_volume_gib 8 is out of range: allowed 30 to 1024"),
    ({"region": "mars"}, "region 'mars' is invalid"),
    ({"shard": "8"}, "context key 'shard' is unknown"),
    ({"db_ca_url": "http://truststore.example.com/ca.pem"},
     "db_ca_url 'http://truststore.example.com/ca.pem' is invalid: allowed an https URL"),
    ({"db_ca_url": "https://example.com/ca.pem';reboot"}, "db_ca_url "),
    ({"api_cidrs": "10.0.8.0/24"}, "api_cidrs '10.0.8.0/24' lies inside the VPC (10.0.0.0/16)"),
    ({"rate": ""}, "context key 'rate' is empty: give a value or leave it out"),
    ({"api_cidrs": "  "}, "context key 'api_cidrs' is empty"),
    ({"vpc_id": "vpc-0123456789abcdef0", "vpc_azs": "us-east-1a,us-east-1b",
      "public_subnet_ids": "subnet-0a0a0a0a,subnet-0b0b0b0b",
      "private_subnet_ids": "subnet-1a1a1a1a,subnet-1b1b1b1b"},
     "vpc_cidr is missing: required with vpc_id"),
    ({"vpc_id": "vpc-0123456789abcdef0", "vpc_azs": "us-east-1a,us-east-1b",
      "public_subnet_ids": "subnet-1,subnet-2", "private_subnet_ids": "subnet-3,subnet-4"},
     "public_subnet_ids 'subnet-1' is invalid: allowed subnet-<8 or 17 hex digits>"),
])
def test_bad_context_is_refused_in_one_line(ctx, message):
    with pytest.raises(SizingError) as caught:
        read(**ctx)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


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


def test_app_prints_the_plan_it_used(tmp_path):
    # with the account given, the CDK caches its lookups in the context under keys of its own
    result = run_app({"rate": "250", "shards": "32", "ssl": "true", "account": "123456789012",
                      "availability-zones:account=123456789012:region=us-east-1": [
                          "us-east-1a", "us-east-1b"]}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("wa-infra plan: 250 msg/s, 32 shards, 33 Coreapps, 3 Masters, 4 Webapps, "
            "EC2 3/13/15 c5.large, DB mysql db.m6g.4xlarge") in result.stderr
    assert "WARNING" not in result.stderr  # every CDK warning is fixed or acknowledged
    assert sorted(p.name for p in tmp_path.glob("*.template.json")) == [
        "WaInfra-Database.template.json", "WaInfra-Enterprise.template.json",
        "WaInfra-Lambda.template.json", "WaInfra-Network.template.json"]
