"""Median wall time of synthesizing the whole app (`python -m cdk.app`) against an empty CDK
app with the same settings, as a ratio. Run on demand (`make bench`); target <= 2.0."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 5
EMPTY_APP = "import aws_cdk as cdk\napp = cdk.App()\ncdk.Stack(app, 'Empty')\napp.synth()\n"


def median_seconds(argv: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as outdir:
            env = dict(os.environ, CDK_OUTDIR=outdir,
                       JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20")
            start = time.perf_counter()
            subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    for validation in ("true", "false"):
        os.environ["CDK_VALIDATION"] = validation
        empty = median_seconds([sys.executable, "-c", EMPTY_APP])
        full = median_seconds([sys.executable, "-m", "cdk.app"])
        print(f"CDK_VALIDATION={validation}: empty app {empty:.2f} s, wa-infra app {full:.2f} s "
              f"(median of {RUNS}), ratio {full / empty:.2f} (target <= 2.0)")


if __name__ == "__main__":
    main()
