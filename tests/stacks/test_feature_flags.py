"""Every feature flag of the pinned aws-cdk-lib is set (no "flags are not configured" at
synth), at its recommended value unless a reason says why not."""

import json

from cdk import context
from cdk.app import FEATURE_FLAGS, FLAGS_NOT_RECOMMENDED, build, new_app


def flag_report(tmp_path) -> dict:
    app = new_app(outdir=str(tmp_path))
    build(app, *context.read({}.get))
    app.synth()
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    return manifest["artifacts"]["aws-cdk-lib/feature-flag-report"]["properties"]["flags"]


def test_every_flag_is_set_at_its_recommended_value_or_says_why_not(tmp_path):
    flags = flag_report(tmp_path)
    assert [name for name, flag in flags.items() if "userValue" not in flag] == []
    assert set(FEATURE_FLAGS) == set(flags)  # none that this aws-cdk-lib does not know
    differ = {name for name, flag in flags.items()
              if flag["userValue"] != flag["recommendedValue"]}
    assert differ == set(FLAGS_NOT_RECOMMENDED)
    # the ones kept back keep what a cluster deployed before the flags were set has
    for name in differ:
        assert flags[name]["userValue"] == flags[name].get("unconfiguredBehavesLike", {}).get(
            "v2", False), name
