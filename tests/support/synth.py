"""Synthesize the CDK app in-process: several contexts in one app, one synth."""

from __future__ import annotations

import dataclasses
import os

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
os.environ.setdefault("CDK_VALIDATION", "false")  # cfn-lint and cdk-nag tests cover it

from aws_cdk.assertions import Template  # noqa: E402

from cdk import context  # noqa: E402
from cdk.app import add_nag_packs, build, new_app  # noqa: E402

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
        add_nag_packs(app)
    app.synth()
    return {
        name: Synth(plan, deployment, stacks,
                    {tier: Template.from_stack(stack) for tier, stack in stacks.items()})
        for name, (plan, deployment, stacks) in built.items()
    }


