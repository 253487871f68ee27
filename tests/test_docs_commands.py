"""README's commands, run as written in a fresh shell with a clean PATH (the issue's acceptance).

A fenced block preceded by `<!-- run: exit N -->` is run in `bash -e` from the repository root,
after the quick start's activation line, and must exit N. Every other ```sh block of README is
named in NOT_RUN with the reason, so a new example is either run here or says why not.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNNABLE = re.compile(r"<!-- run: exit (\d+) -->\n```sh\n(.*?)\n```", re.DOTALL)
SH_BLOCK = re.compile(r"(?:<!-- run: exit \d+ -->\n)?```sh\n(.*?)\n```", re.DOTALL)
ACTIVATE = ". .venv/bin/activate"
CLEAN_PATH = "/usr/bin:/bin"  # no venv, no pyenv shims, no node_modules: what a new shell has

# README blocks not run here: (first line) -> why. Their commands run elsewhere, against the
# local emulator (tests/support/local_endpoint.py).
NOT_RUN = {
    "make deploy-local                                   # the default plan (100 msg/s, 8 "
    "shards)": "a whole rehearsal, 35-65 s a run: tests/deploy/test_cli_moto.py runs the same "
               "steps, and refuses the engine change with exit 3",
    "wa-deploy alarms list --prefix WaInfra": "needs a deployment: tests/deploy/test_cli_moto.py "
                                              "runs this README line against its rehearsal",
}


def readme() -> str:
    return (ROOT / "README.md").read_text()


def runnable() -> list[tuple[int, str]]:
    return [(int(code), body) for code, body in RUNNABLE.findall(readme())]


def shell(script: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """`bash -e -c script` in the repository with what a fresh login shell would have."""
    env = {"PATH": CLEAN_PATH, "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "TERM": os.environ.get("TERM", "dumb")}
    return subprocess.run(["bash", "-e", "-c", script], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_quick_start_activates_then_runs_the_commands():
    blocks = runnable()
    assert blocks, "README marks no runnable block"
    code, first = blocks[0]
    assert first.splitlines() == [ACTIVATE, "wa-size --rate 80", "wa-size --help"] and code == 0
    quick_start = readme().split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert first in quick_start
    assert quick_start.index("make run     #") < quick_start.index(ACTIVATE)


def test_without_activation_the_commands_are_not_on_path(tmp_path):
    """What the quick start fixes: a fresh shell finds no wa-size."""
    result = shell("wa-size --rate 80", tmp_path)
    assert result.returncode == 127 and "wa-size" in result.stderr


@pytest.mark.parametrize(("code", "body"), runnable(), ids=lambda v: str(v).split("\n")[-1])
def test_readme_command_exits_as_readme_says(code, body, tmp_path):
    script = body if body.startswith(ACTIVATE) else f"{ACTIVATE}\n{body}"
    result = shell(script, tmp_path)
    assert result.returncode == code, (body, result.stdout[-2000:], result.stderr[-2000:])
    if code == 0:
        assert result.stdout.strip(), body  # each example prints something to read
    else:  # a refusal is one line naming the command, and no traceback
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr


def test_every_other_readme_shell_block_says_why_it_is_not_run():
    text = readme()
    unmarked = [body for body in SH_BLOCK.findall(text)
                if body not in {b for _, b in runnable()}]
    assert {body.splitlines()[0] for body in unmarked} == set(NOT_RUN)


@pytest.mark.parametrize("first", sorted(NOT_RUN))
def test_blocks_not_run_are_still_valid_shell(first, tmp_path):
    body = next(b for b in SH_BLOCK.findall(readme()) if b.splitlines()[0] == first)
    result = subprocess.run(["bash", "-n", "-c", body], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for line in body.splitlines():  # each command names a program that exists here or in AWS
        assert shlex.split(line, comments=True)[0] in {"wa-deploy", "make", "aws"}, line


def test_make_run_ends_with_the_activation_line(tmp_path):
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^run: .*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    last = recipe.rstrip("\n").splitlines()[-1].strip().lstrip("@")
    printed = shell(last, tmp_path)
    assert printed.returncode == 0
    assert printed.stdout.rstrip("\n").splitlines()[-1] == ACTIVATE
    assert ACTIVATE in readme().split("## Quick start", 1)[1].split("\n## ", 1)[0]
