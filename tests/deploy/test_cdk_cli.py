"""The CDK CLI runner: a deadline or an interrupt takes down everything the command started
(the defect: an interrupted `make deploy-local` left `cdk deploy` running)."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from deploy import cdk_cli
from tests.support import rehearsal

# the shell starts a grandchild (as npx starts node, and node the Python app) and waits on it
FAMILY = 'sleep 60 & echo $! > "$0"; wait'
# The deadlines below need only outlast starting the family (a few ms for the shell, about
# 0.1 s for the Python in the middle): each test waits them out.


def exited(pid: int) -> bool:
    """No such process, or a zombie: it has exited and waits for init to reap it (which in a
    container can take a second)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:  # no /proc (macOS), or reaped just now: the next kill(0) tells
        return False


def gone(pid: int, within_s: float = 5) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if exited(pid):
            return True
        time.sleep(0.05)
    return False


def grandchild(pid_file) -> int:
    deadline = time.monotonic() + 5
    while not pid_file.exists() or not pid_file.read_text().strip():
        assert time.monotonic() < deadline, "the command never started its child"
        time.sleep(0.05)
    return int(pid_file.read_text())


def test_a_deadline_stops_the_command_and_its_children(tmp_path):
    pid_file = tmp_path / "pid"
    with pytest.raises(cdk_cli.CdkFailed, match=r"`family` did not finish in 0\.5 s"):
        cdk_cli.run_command(["sh", "-c", FAMILY, str(pid_file)], "family", timeout=0.5)
    assert gone(grandchild(pid_file))


def test_an_interrupt_stops_the_command_and_its_children(tmp_path):
    pid_file = tmp_path / "pid"

    def interrupt(*_):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        with pytest.raises(KeyboardInterrupt):
            cdk_cli.run_command(["sh", "-c", FAMILY, str(pid_file)], "family", timeout=30)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert gone(grandchild(pid_file))


def test_a_stopped_runner_stops_the_command_it_runs(tmp_path):
    """The chain of the rehearsal: runner -> wa-deploy -> cdk, each in a group of its own. The
    runner's deadline stops wa-deploy, whose cleanup must stop its own command."""
    import sys

    pid_file = tmp_path / "pid"
    middle = ("from deploy import cdk_cli; cdk_cli.stop_on_termination(); "
              f"cdk_cli.run_command(['sh', '-c', {FAMILY!r}, {str(pid_file)!r}], 'inner')")
    with pytest.raises(cdk_cli.CdkFailed, match=r"did not finish in 1\.5 s"):
        cdk_cli.run_command([sys.executable, "-c", middle], "middle", timeout=1.5)
    assert gone(grandchild(pid_file))


def test_a_failing_command_names_its_exit_code_and_output():
    with pytest.raises(cdk_cli.CdkFailed) as failed:
        cdk_cli.run_command(["sh", "-c", "echo boom; exit 4"], "boom")
    assert failed.value.exit_code == 4
    assert str(failed.value) == "`boom` exited 4\nboom\n"


def test_a_refused_change_ends_the_rehearsal_with_exit_3(monkeypatch):
    """The plumbing of `make deploy-local ARGS="--change ..."` (the real refusal against moto
    is in test_cli_moto.py): the first deploy gets -c, the change gets --change only."""
    from contextlib import contextmanager

    calls = []

    @contextmanager
    def running():
        yield type("Endpoint", (), {"url": "http://127.0.0.1:1"})()

    def deploy(endpoint, context, new=False, **kwargs):
        calls.append(context)
        return subprocess.CompletedProcess([], rehearsal.REFUSED if len(calls) == 2 else 0)

    monkeypatch.setattr(rehearsal, "running", running)
    monkeypatch.setattr(rehearsal, "bootstrap", lambda *a, **k: "")
    monkeypatch.setattr(rehearsal, "deploy", deploy)
    monkeypatch.setattr(rehearsal, "_report", lambda endpoint: None)
    result = CliRunner().invoke(rehearsal.main, ["-c", "shards=8", "--change", "engine=postgres"])
    assert result.exit_code == rehearsal.REFUSED
    assert calls == [{"shards": "8"}, {"engine": "postgres"}]
    assert "The change was refused to protect data (exit 3): nothing was changed." in result.stdout
    assert "Rehearsing the change: wa-deploy -c engine=postgres" in result.stderr

    calls.clear()
    monkeypatch.setattr(rehearsal, "deploy", lambda e, c, new=False, **k: calls.append(c) or
                        subprocess.CompletedProcess([], 0))
    result = CliRunner().invoke(rehearsal.main, ["--change", "shards=16"])
    assert result.exit_code == 0 and calls == [{}, {"shards": "16"}]

    # wa-deploy's bad input (exit 2): the change, and a first deploy that never ran
    for refused_call, said in ((2, "refused as bad input (exit 2)"), (1, None)):
        calls.clear()

        def bad(endpoint, context, new=False, refused_call=refused_call, **kwargs):
            calls.append(context)
            return subprocess.CompletedProcess([], 2 if len(calls) == refused_call else 0)

        monkeypatch.setattr(rehearsal, "deploy", bad)
        result = CliRunner().invoke(rehearsal.main, ["--change", "db_storage_gib=50"])
        assert result.exit_code == 2, result.output
        assert len(calls) == refused_call  # nothing after a first deploy that did not run
        if said:
            assert said in result.stdout
