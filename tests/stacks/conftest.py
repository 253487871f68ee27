"""Synthesize once per session: every shard option x env type in one app, plus a few variants."""

from __future__ import annotations

import dataclasses
import os

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
os.environ.setdefault("CDK_VALIDATION", "false")  # cfn-lint and cdk-nag tests cover it

import aws_cdk as cdk  # noqa: E402
from aws_cdk.assertions import Template  # noqa: E402
from cdk_nag import AwsSolutionsChecks  # noqa: E402

from cdk import context  # noqa: E402
from cdk.app import build, new_app  # noqa: E402
from sizing import data  # noqa: E402

TIERS = ("network", "database", "lambda", "enterprise")


@dataclasses.dataclass
class Synth:
    plan: object
    deployment: object
    stacks: dict
    templates: dict

    def __getitem__(self, tier: str) -> Template:
        return self.templates[tier]


def synth_many(named_contexts: dict[str, dict], outdir, nag: bool = False) -> dict[str, Synth]:
    """Build every context into one app (prefix = its name), synthesize once. With nag, the
    AwsSolutions pack runs as in cdk/app.py and findings raise (needs CDK_VALIDATION on)."""
    app = new_app(outdir=str(outdir))
    built = {}
    for name, ctx in named_contexts.items():
        plan, deployment = context.read(ctx.get)
        deployment = dataclasses.replace(deployment, prefix=name)
        built[name] = (plan, deployment, build(app, plan, deployment))
    if nag:
        cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    app.synth()
    return {
        name: Synth(plan, deployment, stacks,
                    {tier: Template.from_stack(stack) for tier, stack in stacks.items()})
        for name, (plan, deployment, stacks) in built.items()
    }


MATRIX = {
    f"S{shards}{env.title()}": {"shards": shards, "env": env}
    for shards in data.SHARD_OPTIONS
    for env in data.ENVIRONMENTS
}
VARIANTS = {
    "Default": {},
    "Big": {"rate": "250", "shards": "32", "ssl": "true"},
    "Public": {"api_cidrs": "0.0.0.0/0"},
    "Postgres": {"engine": "postgres", "ssl": "true"},
    "Aurora": {"engine": "aurora-mysql"},
    "Isolated": {"shards": "8", "isolate_coreapps": "true"},
    "ExistingVpcDb": {
        "vpc_id": "vpc-0123456789abcdef0", "vpc_azs": "us-east-1a,us-east-1b",
        "public_subnet_ids": "subnet-0a0a0a0a,subnet-0b0b0b0b",
        "private_subnet_ids": "subnet-1a1a1a1a,subnet-1b1b1b1b",
        "db_host": "db.example.internal",
        "db_secret_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:wa-db-AbCdEf",
        "db_key": "aws-managed",
    },
    "GivenKey": {
        "db_key": "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        "az_count": "3", "env": "staging",
    },
}


@pytest.fixture(scope="session")
def synths(tmp_path_factory) -> dict[str, Synth]:
    return synth_many({**MATRIX, **VARIANTS}, tmp_path_factory.mktemp("cdk.out"))


@pytest.fixture(scope="session")
def default(synths) -> Synth:
    return synths["Default"]
