"""Median wall time of rendering all four templates against `python -c "import troposphere"`
(target <= 2.0), and of the `wa-templates render` command against importing the two packages
it cannot do without (click and troposphere). Run on demand (`make bench`)."""

from __future__ import annotations

import shutil
import sys
import tempfile

from timing import median_seconds

RUNS = 15
RENDER = ("import sys; from pathlib import Path; from templates.render import write_all; "
          "write_all(Path(sys.argv[1]))")


def main() -> None:
    command = shutil.which("wa-templates") or sys.exit("wa-templates is not on PATH: make setup")
    with tempfile.TemporaryDirectory() as out:
        troposphere, library, both, cli = median_seconds(
            [sys.executable, "-c", "import troposphere"],
            [sys.executable, "-c", RENDER, out],
            [sys.executable, "-c", "import click, troposphere"],
            [command, "render", "--out", out],
            runs=RUNS,
        )
    print(f"python -c 'import troposphere'         median {troposphere * 1000:6.1f} ms "
          f"over {RUNS} runs")
    print(f"render all four (templates.render)     median {library * 1000:6.1f} ms   "
          f"ratio {library / troposphere:.2f} (target <= 2.0)")
    print(f"python -c 'import click, troposphere'  median {both * 1000:6.1f} ms")
    print(f"wa-templates render --out DIR          median {cli * 1000:6.1f} ms   "
          f"ratio {cli / both:.2f} (the command, against the two packages it must load)")


if __name__ == "__main__":
    main()
