"""Median wall time of `wa-size --rate 250 --shards 32 --ssl` against `python -c "import click"`.
Run on demand (`make bench`)."""

from __future__ import annotations

import shutil
import sys

from timing import Figure, median_seconds, record

RUNS = 15
TARGET = 1.5
ARGS = ("--rate", "250", "--shards", "32", "--ssl")


def main() -> None:
    wa_size = shutil.which("wa-size") or sys.exit("wa-size is not on PATH: run `make setup`")
    baseline, command = median_seconds(
        [sys.executable, "-c", "import click"], [wa_size, *ARGS], runs=RUNS)
    record(Figure("wa-size", f"wa-size {' '.join(ARGS)}", command,
                  "python -c 'import click'", baseline, RUNS, TARGET))


if __name__ == "__main__":
    main()
