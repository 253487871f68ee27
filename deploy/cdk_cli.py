"""The pinned CDK CLI (node_modules, `npx --no-install cdk`), run from the project root.

Each call is bounded in time and runs in a process group of its own: an interrupt or a
deadline stops the CLI and everything it started (node, the Python app), never leaving a
deploy running behind the caller's back.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 1800  # a real deploy of the database tier takes ~20 minutes


class CdkFailed(RuntimeError):
    """A command exited non-zero or ran out of time; the message holds its output."""

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def context_args(context: Mapping[str, str]) -> list[str]:
    return [arg for key, value in context.items() for arg in ("-c", f"{key}={value}")]


def run(*args: str, capture: bool = True, timeout: float = TIMEOUT_S,
        env: Mapping[str, str] | None = None) -> str:
    """`npx cdk <args>`; returns its output (captured), or streams it to the terminal."""
    npx = shutil.which("npx")
    if npx is None:
        raise CdkFailed("npx not found: install Node 20 and run `make setup`")
    done = run_command([npx, "--no-install", "cdk", *args, "--no-notices"],
                       f"cdk {' '.join(args)}", capture=capture, timeout=timeout, env=env)
    return done.stdout


def run_command(command: list[str], name: str, capture: bool = True,
                timeout: float = TIMEOUT_S, env: Mapping[str, str] | None = None,
                accept: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    """Run `command` from the project root in a process group of its own; raises CdkFailed
    (exit code and output) unless it exits with one of `accept`."""
    environment = dict(os.environ if env is None else env)
    environment.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    process = subprocess.Popen(command, cwd=ROOT, env=environment, text=True,
                               stdout=subprocess.PIPE if capture else None,
                               stderr=subprocess.STDOUT if capture else None,
                               start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(process)
        raise CdkFailed(f"`{name}` did not finish in {timeout:g} s") from None
    except BaseException:  # Ctrl-C (KeyboardInterrupt) included: take the command down too
        stop(process)
        raise
    if process.returncode not in accept:
        raise CdkFailed(f"`{name}` exited {process.returncode}\n{output or ''}",
                        process.returncode)
    return subprocess.CompletedProcess(command, process.returncode, output or "")


def stop_on_termination() -> None:
    """SIGTERM and SIGHUP end this process the way Ctrl-C does, through run_command's cleanup:
    whoever stops us (a runner's deadline, a cancelled CI job) stops the command we run too,
    which sits in a process group of its own and would not get the signal."""
    def terminated(signum, frame):
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, terminated)


def stop(process: subprocess.Popen, grace_s: float = 10) -> None:
    """SIGTERM to the whole group, SIGKILL after the grace period."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace_s)
            return
        except subprocess.TimeoutExpired:
            continue
