"""Wall-time helpers shared by the benchmarks (run as scripts: `python bench/<name>.py`)."""

from __future__ import annotations

import os
import statistics
import subprocess
import time


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
