"""Synthesize once per session: every shard option x env type in one app, plus a few variants."""

from __future__ import annotations

import pytest

from sizing import data
from tests.support.synth import TIERS, Synth, synth_many  # noqa: F401 (tests import them here)

MATRIX = {
    f"S{shards}{env.title()}": {"shards": shards, "env": env}
    for shards in data.SHARD_OPTIONS
    for env in data.ENVIRONMENTS
}
VARIANTS = {
    "Default": {},
    "NoTls": {"ssl": "false"},
    "Big": {"rate": "250", "shards": "32", "ssl": "true"},
    "Public": {"api_cidrs": "0.0.0.0/0", "allow_world_api": "true"},
    "Postgres": {"engine": "postgres", "ssl": "true", "db_key": "aws-managed"},
    "Aurora": {"engine": "aurora-mysql"},
    "Isolated": {"shards": "8", "isolate_coreapps": "true"},
    "ExistingVpcDb": {
        "vpc_id": "vpc-0123456789abcdef0", "vpc_azs": "us-east-1a,us-east-1b",
        "public_subnet_ids": "subnet-0a0a0a0a,subnet-0b0b0b0b",
        "private_subnet_ids": "subnet-1a1a1a1a,subnet-1b1b1b1b", "vpc_cidr": "10.20.0.0/16",
        "db_host": "db.example.internal",
        "db_secret_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:wa-db-AbCdEf",
        "db_key": "aws-managed",
    },
    "StagingIsolated": {  # staging with one Coreapp per host, TLS from a CA mirror
        "env": "staging", "isolate_coreapps": "true", "ssl": "true",
        "db_ca_url": "https://mirror.example.com/rds/global-bundle.pem",
    },
    "Upgrading": {"upgrade_tag": "v2.55.1"},  # wa-upgrade's step 2
    # media as the vendor benchmarked it, with receipts and inbound counted
    "Media": {"rate": "100", "message_type": "image4MB", "receipts": "1.5", "inbound": "10"},
    "GivenKey": {  # and a first deploy in an account that never used ECS
        "db_key": "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        "az_count": "3", "env": "staging", "create_ecs_service_linked_role": "true",
    },
}


# One context of each shape (engine, network, keys, layout, TLS, scale): what tests that read
# "every context" go through. The MATRIX contexts differ from these only in the plan's
# numbers, and synthesizing all of them in every test worker cost more than they add.
SHAPES = tuple(sorted(VARIANTS))


@pytest.fixture(scope="session")
def default(synths) -> Synth:
    return synths["Default"]
