"""Median wall time of synthesizing the whole app (`python -m cdk.app`) against an empty CDK
app with the same settings, as a ratio. Run on demand (`make bench`); target <= 2.0."""

from __future__ import annotations

import sys
import tempfile

from timing import child_env, median_seconds

RUNS = 5
EMPTY_APP = "import aws_cdk as cdk\napp = cdk.App()\ncdk.Stack(app, 'Empty')\napp.synth()\n"


def main() -> None:
    for validation in ("true", "false"):
        with tempfile.TemporaryDirectory() as outdir:
            env = child_env(CDK_OUTDIR=outdir, CDK_VALIDATION=validation,
                            JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20")
            empty, full = median_seconds([sys.executable, "-c", EMPTY_APP],
                                         [sys.executable, "-m", "cdk.app"], runs=RUNS, env=env)
        print(f"CDK_VALIDATION={validation}: empty app {empty:.2f} s, wa-infra app {full:.2f} s "
              f"(median of {RUNS}), ratio {full / empty:.2f} (target <= 2.0)")


if __name__ == "__main__":
    main()
