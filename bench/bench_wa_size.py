"""Median wall time of `wa-size --rate 250 --shards 32 --ssl` against `python -c "import click"`.

Run on demand (`make bench`); prints numbers, asserts nothing. Target: ratio <= 1.5.
"""

from __future__ import annotations

import shutil
import sys

from timing import median_seconds

RUNS = 15


def main() -> None:
    wa_size = shutil.which("wa-size") or sys.exit("wa-size is not on PATH: run `make setup`")
    baseline, command = median_seconds(
        [sys.executable, "-c", "import click"],
        [wa_size, "--rate", "250", "--shards", "32", "--ssl"],
        runs=RUNS,
    )
    print(f"python -c 'import click'        median {baseline * 1000:7.1f} ms over {RUNS} runs")
    print(f"wa-size --rate 250 --shards 32 --ssl  median {command * 1000:7.1f} ms")
    print(f"ratio {command / baseline:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
