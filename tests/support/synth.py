"""Synthesize the CDK app in-process: several contexts in one app, one synth."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path

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

    @property
    def outdir(self) -> Path:
        """The cloud assembly folder this context was synthesized into."""
        return Path(next(iter(self.stacks.values())).node.root.outdir)


class LazySynths(Mapping):
    """{name: Synth}, each context synthesized on first use in an app and folder of its own:
    a test worker builds only the contexts its tests read (a whole app per context costs
    about 0.9 s; every context in every worker cost 25 s each)."""

    def __init__(self, named_contexts: dict[str, dict], base: Path):
        self._contexts, self._base, self._done = named_contexts, Path(base), {}

    def __getitem__(self, name: str) -> Synth:
        if name not in self._done:
            ctx = self._contexts[name]  # KeyError for an unknown name, as a dict
            self._done[name] = synth_many({name: ctx}, self._base / name)[name]
        return self._done[name]

    def __iter__(self):
        return iter(self._contexts)

    def __len__(self) -> int:
        return len(self._contexts)


def synth_many(named_contexts: dict[str, dict], outdir, nag: bool = False) -> dict[str, Synth]:
    """Build every context into one app (prefix = its name), synthesize once. With nag, the
    AwsSolutions pack runs as in cdk/app.py and findings raise (needs CDK_VALIDATION on).

    Skipped under mutation testing (bench/mutate.py sets WA_MUTATION_RUN): mutmut forks one
    child per mutant from a process whose jsii kernel (one node process, one pipe) they would
    share, and two children synthesizing at once read each other's replies."""
    if os.environ.get("WA_MUTATION_RUN"):
        import pytest

        pytest.skip("synthesizes the CDK app: not run under mutation testing")
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


