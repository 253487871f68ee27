"""Median wall time of rendering all four templates against `python -c "import troposphere"`,
and of the `wa-templates render` command against importing the two packages it cannot do
without (click and troposphere). Run on demand (`make bench`)."""

from __future__ import annotations

import shutil
import sys
import tempfile

from timing import Figure, median_seconds, record

RUNS = 15
TARGET = 3.0  # each render against its baseline
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
    record(
        Figure("render", "templates.render.write_all()", library,
               "python -c 'import troposphere'", troposphere, RUNS, TARGET),
        Figure("render-command", "wa-templates render --out DIR", cli,
               "python -c 'import click, troposphere'", both, RUNS, TARGET),
    )


if __name__ == "__main__":
    main()
