"""Median wall time of synthesizing the whole app (`python -m cdk.app`) against an empty CDK
app with the same settings, as a ratio. Run on demand (`make bench`). The target holds for
the CDK's default, validation on; without it the ratio is shown for reference (most of a
full synth is then the jsii round trips of building the resources, which the empty app does
not pay)."""

from __future__ import annotations

import sys
import tempfile

from timing import Figure, child_env, median_seconds, record

RUNS = 5
TARGET = 2.0
EMPTY_APP = "import aws_cdk as cdk\napp = cdk.App()\ncdk.Stack(app, 'Empty')\napp.synth()\n"


def main() -> None:
    figures = []
    for validation, target in (("true", TARGET), ("false", None)):
        with tempfile.TemporaryDirectory() as outdir:
            env = child_env(CDK_OUTDIR=outdir, CDK_VALIDATION=validation,
                            JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20")
            empty, full = median_seconds([sys.executable, "-c", EMPTY_APP],
                                         [sys.executable, "-m", "cdk.app"], runs=RUNS, env=env)
        figures.append(Figure(f"synth-validation-{validation}",
                              f"CDK_VALIDATION={validation} python -m cdk.app", full,
                              "an empty CDK app", empty, RUNS, target))
    record(*figures)


if __name__ == "__main__":
    main()
