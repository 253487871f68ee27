"""Median wall time of rendering all four templates (`wa-templates render`) against
`python -c "import troposphere"`, as a ratio. Run on demand (`make bench`); target <= 2.0."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 7
RENDER = ("import sys; from pathlib import Path; from templates.render import write_all; "
          "write_all(Path(sys.argv[1]))")


def median_seconds(argv: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    baseline = median_seconds([sys.executable, "-c", "import troposphere"])
    with tempfile.TemporaryDirectory() as out:
        render = median_seconds([sys.executable, "-c", RENDER, out])
    print(f"python -c 'import troposphere'   median {baseline * 1000:7.1f} ms over {RUNS} runs")
    print(f"render all four templates        median {render * 1000:7.1f} ms")
    print(f"ratio {render / baseline:.2f} (target <= 2.0)")


if __name__ == "__main__":
    main()
