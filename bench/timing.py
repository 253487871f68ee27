"""Wall-time helpers shared by the benchmarks (run as scripts: `python bench/<name>.py`), and
the figures they record in bench/results.json, which `make docs` quotes (cli/docs.py)."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().with_name("results.json")


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a measured command. PYTHONDONTWRITEBYTECODE is dropped: with it set
    (as on some CI images) the project's modules are compiled from source on every run while
    site-packages have their .pyc, which measures the setting, not the code."""
    env = dict(os.environ, **extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _once(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_seconds(*commands: list[str], runs: int,
                   env: dict[str, str] | None = None) -> tuple[float, ...]:
    """Median wall time of each command over `runs` rounds, after one unmeasured warm-up
    round. The commands alternate within a round, so a slow spell of the machine hits them
    alike and their ratio stays put."""
    env = env or child_env()
    times: list[list[float]] = [[] for _ in commands]
    for round_ in range(runs + 1):
        for argv, measured in zip(commands, times, strict=True):
            elapsed = _once(argv, env)
            if round_:
                measured.append(elapsed)
    return tuple(statistics.median(t) for t in times)


@dataclass(frozen=True)
class Figure:
    """A measured command against its baseline: the ratio of their median wall times."""

    key: str  # its name in results.json
    command: str
    seconds: float
    baseline: str
    baseline_seconds: float
    runs: int
    target: float | None  # None: shown for reference, no target

    @property
    def ratio(self) -> float:
        """Rounded as it is shown: the verdict agrees with the figure printed."""
        return round(self.seconds / self.baseline_seconds, 2)

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "reference"
        return "MET" if self.ratio <= self.target else "MISSED"

    def line(self) -> str:
        target = "no target" if self.target is None else f"target <= {self.target:g}"
        return (f"{self.command}: {self.seconds * 1000:.0f} ms against {self.baseline} "
                f"{self.baseline_seconds * 1000:.0f} ms (medians of {self.runs}): ratio "
                f"{self.ratio:.2f}, {target}: {self.verdict}")


def record(*figures: Figure) -> None:
    """Print each figure with its target and verdict, and keep it in RESULTS (the figures of
    the other benchmarks stay as they were)."""
    try:
        kept = json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        kept = {}
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    for figure in figures:
        print(figure.line())
        kept[figure.key] = {**asdict(figure), "ratio": figure.ratio,
                            "verdict": figure.verdict, "measured": when,
                            "cores": os.cpu_count(), "python": platform.python_version()}
    for figure in kept.values():
        for name in ("seconds", "baseline_seconds"):
            figure[name] = round(figure[name], 3)
    RESULTS.write_text(json.dumps(dict(sorted(kept.items())), indent=1) + "\n")


def missed() -> list[str]:
    """The recorded figures that missed their target."""
    try:
        kept = json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        return []
    return [key for key, figure in kept.items() if figure["verdict"] == "MISSED"]
