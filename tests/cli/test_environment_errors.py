"""Issue 25, class 6: the environment and the output, not the input, go wrong. Each case is
one line on stderr with its exit code, never a traceback (the commands run as installed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def run(command: list[str], env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    clean.update({"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE":
                  "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true"}, **(env or {}))
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([str(BIN / command[0]), *command[1:]], env=clean, text=True,
                          stderr=subprocess.PIPE, timeout=60, **kwargs)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("command", [["wa-size", "--json"], ["wa-size"],
                                     ["wa-shards", "plan", "--offline", "--from", "8",
                                      "--to", "16", "--rate", "100"]])
def test_a_full_disk_under_stdout_is_one_line_and_exit_1(command):
    with open("/dev/full", "w") as full:
        done = run(command, stdout=full)
    assert done.returncode == 1
    assert done.stderr == (f"{command[0]}: error: cannot write the output: No space left on "
                           "device\n")


@pytest.mark.parametrize("command", [["wa-size"], ["wa-size", "--json"],
                                     ["wa-upgrade", "--help"]])
def test_a_closed_stdout_is_an_error_not_a_silent_success(command):
    done = run(command, stdout=None, preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    assert done.stderr == f"{command[0]}: error: stdout is closed: nothing could be printed\n"


@pytest.mark.parametrize("variable, value, shown", [
    ("AWS_MAX_ATTEMPTS", "abc", "invalid literal for int() with base 10: 'abc'"),
    ("AWS_ENDPOINT_URL", "notaurl", "Invalid endpoint: notaurl"),
])
@pytest.mark.parametrize("command", [
    ["wa-shards", "plan", "--to", "16"], ["wa-upgrade", "plan", "--to", "v2.55.1"],
    ["wa-deploy", "alarms", "list", "--prefix", "WaInfra"],
])
def test_an_invalid_aws_setting_is_bad_input_naming_the_variables(command, variable, value,
                                                                 shown):
    done = run(command, env={variable: value, "AWS_ACCESS_KEY_ID": "testing",
                             "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"})
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert lines[0].startswith(f"{command[0]}: error: the AWS settings are invalid: {shown}")
    assert variable in lines[0] and "testing" not in lines[0]  # names, never values
