"""Apps of many contexts in one synth, for the gates: the contract grid (gates/renderings.py's
CDK_GRID) and the cdk-nag acknowledgements docs/gates.md lists. Here, not in gates/, so that
the gates check renderings without knowing the app that makes them (the app proves its own
synth with them: cdk/app.py)."""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from pathlib import Path
from unittest import mock

from gates.renderings import CDK_GRID, Rendering, cdk_rendering

# Contexts whose acknowledgements docs/gates.md lists: every engine, staging's own, and the API
# opened to the world on purpose.
ACKNOWLEDGED_CONTEXTS = {
    "Prod": {}, "Staging": {"env": "staging"}, "Pg": {"engine": "postgres"},
    "Aurora": {"engine": "aurora-mysql"},
    "World": {"api_cidrs": "0.0.0.0/0", "allow_world_api": "true"}}


def synth_grid(outdir: Path, grid: dict[str, dict[str, str]] = CDK_GRID,
               ) -> dict[str, Rendering]:
    """Every context of `grid` in one app (one synth), each under its own stack prefix."""
    from cdk import context
    from cdk.app import build, new_app

    app = new_app(outdir=str(outdir))
    built = {}
    for index, (name, ctx) in enumerate(grid.items()):
        plan, deployment = context.read(ctx.get)
        deployment = dataclasses.replace(deployment, prefix=f"Grid{index}")
        build(app, plan, deployment)
        built[name] = (plan, deployment)
    app.synth()
    return {name: cdk_rendering(name, outdir, plan, deployment)
            for name, (plan, deployment) in built.items()}


def acknowledgements(contexts: dict[str, dict] = ACKNOWLEDGED_CONTEXTS) -> list[tuple]:
    """(pack, finding, where, reason) of every acknowledged cdk-nag finding of these contexts,
    from one synth with both packs; `where` is the construct without its stack prefix."""
    # the packs only run with validation on; the switch is read when the app is made
    with mock.patch.dict(os.environ, {"CDK_VALIDATION": "true"}):
        from cdk import context
        from cdk.app import add_nag_packs, build, new_app

        with tempfile.TemporaryDirectory() as outdir:
            app = new_app(outdir=outdir)
            for name, ctx in contexts.items():
                plan, deployment = context.read(ctx.get)
                build(app, plan, dataclasses.replace(deployment, prefix=name))
            add_nag_packs(app)
            app.synth()
            report = json.loads((Path(outdir) / "validation-report.json").read_text())
    found: dict[tuple, set[str]] = {}
    for plugin in report["pluginReports"]:
        for item in plugin.get("suppressedViolations", []):
            where = item["acknowledgedAt"].split("-", 1)[1].removesuffix("/Resource")
            rule = item["ruleName"].removeprefix(f"{plugin['pluginName']}-")
            rule = rule.split("[")[0] if "[Resource::arn" in rule else rule  # one per database
            found.setdefault((plugin["pluginName"], rule, item["reason"]), set()).add(where)
    return sorted((pack, rule, ", ".join(sorted(wheres)), reason)
                  for (pack, rule, reason), wheres in found.items())
