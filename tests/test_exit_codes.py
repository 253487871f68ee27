"""Exit codes of every command and make target, as README and each --help document them.

Every command, offline: success 0, bad input 2 in one line without a traceback, and the
runtime failure it documents (1; wa-deploy's 3, a refusal, needs a deployment and the CDK CLI:
tests/deploy/test_cli_moto.py). The table runs in-process (click's CliRunner, as the entry
points call the same `main`); the installed entry points (.venv/bin/wa-*) run too, for --help
and one failing row each, as processes. The make targets run with stand-in tools (a failing
one must fail the target and stop it), and `make deploy-local` runs for real up to a step that
fails: bad input, a value wa-deploy refuses, and a `cdk deploy` that fails (a stand-in npx);
make must exit non-zero each time.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import socket
import subprocess
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cli.fake_webapp import API_KEY, PASSWORD, Cluster, FakeWebapp, self_signed

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the virtualenv running the tests holds the entry points
MAINS = {"wa-size": "cli.size", "wa-shards": "cli.shards", "wa-deploy": "cli.deploy",
         "wa-upgrade": "cli.upgrade", "wa-templates": "cli.templates", "wa-lint": "cli.lint"}
# What each command's --help (and README) says it exits with.
DOCUMENTED = {
    "wa-size": {0, 2}, "wa-shards": {0, 1, 2}, "wa-deploy": {0, 1, 2, 3},
    "wa-upgrade": {0, 1, 2}, "wa-templates": {0, 2}, "wa-lint": {0, 1, 2},
}
# Exercised by other tests (they need a deployment, or the CDK CLI and moto): what they assert.
ELSEWHERE = {
    ("wa-deploy", 0): ("tests/deploy/test_cli_moto.py", "done.returncode == 0"),
    ("wa-deploy", 3): ("tests/deploy/test_cli_moto.py", "done.returncode == rehearsal.REFUSED"),
    ("wa-upgrade", 0): ("tests/cli/test_wa_upgrade.py", "result.exit_code == 0"),
}
TIMEOUT_S = 60
CERT_B64 = "dmVyaWZpZWQtbmFtZS1jZXJ0aWZpY2F0ZQ=="


def closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as server:
        return server.getsockname()[1]


DEAD = closed_port()  # nothing listens there: every call to it fails at once
# No real account, no proxy: AWS calls go to a port nothing listens on, once.
OFFLINE = {
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_CONFIG_FILE": os.devnull + ".absent",
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull + ".absent",
    "AWS_ENDPOINT_URL": f"http://127.0.0.1:{DEAD}", "AWS_MAX_ATTEMPTS": "1",
    "AWS_RETRY_MODE": "standard", "AWS_DEFAULT_REGION": "us-east-1",
}


def _set_aside(name: str) -> bool:
    return name.startswith(("AWS_", "WA_API_")) or name.lower() in (
        "https_proxy", "http_proxy", "all_proxy")


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


def invoke(command: str, *args: str, **env: str) -> Outcome:
    """`command args` in this process, as its entry point runs it; an exception other than
    the exit itself shows as a traceback on stderr, as it would in a terminal."""
    main = importlib.import_module(MAINS[command]).main
    environment = {k: None for k in os.environ if _set_aside(k)} | OFFLINE | env
    result = CliRunner().invoke(main, list(args), prog_name=command, env=environment)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(
            traceback.format_exception(result.exception))
    return Outcome(result.exit_code, result.stdout, stderr)


def run(command: str, *args: str, **env: str) -> Outcome:
    """`command args` as a process: the installed entry point, on this tree's code."""
    environment = {k: v for k, v in os.environ.items() if not _set_aside(k)}
    environment |= OFFLINE | {"PYTHONPATH": str(ROOT)} | env
    done = subprocess.run([str(BIN / command), *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    return Outcome(done.returncode, done.stdout, done.stderr)


@pytest.fixture(autouse=True)
def _fresh_boto3_session(monkeypatch):
    """boto3 keeps the credentials of its first default session: each test makes its own."""
    import boto3

    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)


def one_line(done: Outcome, command: str, fragment: str) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith(f"{command}: error: "), done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert fragment in done.stderr, done.stderr


@pytest.fixture(scope="module")
def stub_checkov(tmp_path_factory):
    """A stand-in checkov (its JSON report; one failed check when $STUB_FINDING is set) and a
    folder with one template cfn-lint has nothing to say about."""
    folder = tmp_path_factory.mktemp("lint")
    checkov = folder / "checkov"
    finding = {"check_id": "CKV_AWS_999", "resource": "AWS::SNS::Topic.Topic",
               "file_path": "/tiny.yaml"}
    checkov.write_text(
        "#!/bin/sh\n"
        f"if [ -n \"$STUB_FINDING\" ]; then echo '{json.dumps(_report([finding]))}'\n"
        f"else echo '{json.dumps(_report([]))}'; fi\n")
    checkov.chmod(0o755)
    templates = folder / "templates"
    templates.mkdir()
    (templates / "tiny.yaml").write_text(
        'AWSTemplateFormatVersion: "2010-09-09"\nDescription: nothing to find\nResources:\n'
        "  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n")
    return checkov, templates


def _report(failed: list[dict]) -> dict:
    return {"check_type": "cloudformation", "results": {"failed_checks": failed}}


# --- every command: --help, bad input, runtime failure ----------------------------------------
HELP = [("wa-size",), ("wa-shards",), ("wa-shards", "plan"), ("wa-shards", "get"),
        ("wa-shards", "health"), ("wa-shards", "set"), ("wa-deploy",), ("wa-upgrade",),
        ("wa-upgrade", "plan"), ("wa-templates",), ("wa-templates", "render"), ("wa-lint",)]

BAD_INPUT = [  # (command, args, extra environment, what the one line says)
    ("wa-size", ["--shards", "5"], {}, "shards 5 is not an option: allowed 1, 2, 4, 8, 16, 32"),
    ("wa-size", ["--rate", "400", "--engine", "postgres", "--table", "seed", "--headroom",
                 "1000"], {}, "no DB class is large enough"),
    ("wa-size", ["--bogus"], {}, "No such option '--bogus'"),
    ("wa-shards", ["plan", "--from", "8", "--to", "12"], {}, "shards 12 is not an option"),
    ("wa-shards", ["get", "--url", "http://127.0.0.1:9"], {"WA_API_PASSWORD": PASSWORD},
     "url 'http://127.0.0.1:9' is invalid"),
    ("wa-shards", ["get", "--url", f"https://127.0.0.1:{DEAD}"], {},
     "password is missing: allowed from $WA_API_PASSWORD or --password-file"),
    ("wa-shards", ["set", "16", "--url", f"https://127.0.0.1:{DEAD}", "--cc", "+1", "--phone",
                   "6315550000"], {"WA_API_PASSWORD": PASSWORD, "WA_API_CERT": CERT_B64},
     "cc '+1' is invalid"),
    ("wa-deploy", ["-c", "shards"], {}, "-c 'shards' is not key=value"),
    ("wa-deploy", ["-c", "nosuch=1"], {}, "context key 'nosuch' is unknown"),
    ("wa-deploy", ["-c", "shards=8", "-c", "shards=16"], {}, "-c shards is given twice"),
    # a value wrong whatever the deployment remembers: refused before any AWS call
    ("wa-deploy", ["-c", "shards=3"], {}, "shards 3 is not an option"),
    ("wa-upgrade", ["plan", "--to", "2.0"], {}, "'2.0'"),
    ("wa-upgrade", ["plan"], {}, "Missing option '--to'"),
    ("wa-templates", ["render", "--base-url", "http://bucket/"], {}, "base url"),
    ("wa-lint", ["--checkov", "/nonexistent/checkov"], {},
     "checkov /nonexistent/checkov is missing: run `make setup`"),
    # names AWS reserves (capacity provider, SSM parameters): refused before any AWS call
    ("wa-deploy", ["--prefix", "awsProd", "--new", "--dry-run"], {},
     "prefix 'awsProd' begins with the reserved word 'aws' (any case)"),
    ("wa-shards", ["plan", "--from", "8", "--to", "16", "--prefix", "EcsProd"], {},
     "prefix 'EcsProd' begins with the reserved word 'ecs'"),
    ("wa-upgrade", ["plan", "--to", "v2.60.0", "--prefix", "SSMwa"], {},
     "prefix 'SSMwa' begins with the reserved word 'ssm'"),
    # nobody to answer the question and no --yes: refused before any call
    ("wa-shards", ["set", "16", "--url", f"https://127.0.0.1:{DEAD}", "--cc", "1", "--phone",
                   "6315550000"], {"WA_API_PASSWORD": PASSWORD, "WA_API_CERT": CERT_B64},
     "nobody to confirm (stdin is not a terminal): pass --yes"),
    ("wa-shards", ["health", "--url", f"https://127.0.0.1:{DEAD}", "--expect", "0"], {},
     "expect 0 is out of range: allowed 1 to 32"),
]

RUNTIME_FAILURE = [  # (command, args, extra environment, what the one line says): exit 1
    ("wa-shards", ["get", "--url", f"https://127.0.0.1:{DEAD}"], {"WA_API_PASSWORD": PASSWORD},
     f"cannot reach https://127.0.0.1:{DEAD}"),
    ("wa-shards", ["set", "16", "--url", f"https://127.0.0.1:{DEAD}", "--cc", "1", "--phone",
                   "6315550000", "--yes"], {"WA_API_PASSWORD": PASSWORD, "WA_API_CERT": CERT_B64},
     f"cannot reach https://127.0.0.1:{DEAD}"),
    ("wa-deploy", ["-c", "shards=16", "--yes"], {},
     "cannot read the stacks of WaInfra in us-east-1"),
    ("wa-upgrade", ["plan", "--to", "v2.60.0"], {},
     "cannot read the stacks of WaInfra in us-east-1"),
    ("wa-shards", ["health", "--url", f"https://127.0.0.1:{DEAD}"], {"WA_API_KEY": API_KEY},
     f"cannot reach https://127.0.0.1:{DEAD}"),
]
# Rows that also run as processes through the installed entry points.
AS_PROCESSES = [BAD_INPUT[0], BAD_INPUT[7], BAD_INPUT[13], RUNTIME_FAILURE[0],
                RUNTIME_FAILURE[3], next(row for row in BAD_INPUT if "awsProd" in row[1])]


def test_every_command_is_covered_and_its_codes_are_the_documented_ones():
    assert {path.name for path in BIN.glob("wa-*")} == set(MAINS)
    exercised = {(row[0], 2) for row in BAD_INPUT} | {(row[0], 1) for row in RUNTIME_FAILURE}
    exercised |= {(command, 0) for command, *_ in HELP} | {("wa-lint", 1)}
    exercised |= set(ELSEWHERE)
    for command, code in exercised:
        assert code in DOCUMENTED[command], (command, code)
    assert exercised == {(c, code) for c, codes in DOCUMENTED.items() for code in codes}
    for where, asserted in ELSEWHERE.values():  # the tests named still assert the code
        assert asserted in (ROOT / where).read_text(), (where, asserted)


def test_refused_is_3_wherever_it_is_named():
    from cli import deploy
    from tests.support import rehearsal

    assert deploy.EXIT_REFUSED == rehearsal.REFUSED == 3
    readme = (ROOT / "README.md").read_text()
    change = (ROOT / "docs" / "change.md").read_text()  # wa-deploy's exit codes in full
    assert "3 refused (a dry run too)" in change
    assert 'ARGS="--change engine=postgres"   # refused (wa-deploy exit 3; make exits 2)' in readme


@pytest.mark.parametrize("args", HELP, ids=" ".join)
def test_help_exits_0(args):
    done = invoke(*args, "--help")
    assert done.code == 0, done.stderr
    assert done.stdout.startswith(f"Usage: {' '.join(args)} "), done.stdout[:100]


@pytest.mark.parametrize("command", list(MAINS))
def test_the_installed_entry_point_answers_help_with_0(command):
    done = run(command, "--help")
    assert (done.code, done.stderr) == (0, "")
    assert done.stdout.startswith(f"Usage: {command} ")


@pytest.mark.parametrize(("command", "args", "env", "fragment"), BAD_INPUT,
                         ids=[" ".join([row[0], *row[1]]).replace(str(DEAD), "<closed>")[:60]
                              for row in BAD_INPUT])
def test_bad_input_exits_2_in_one_line(command, args, env, fragment):
    done = invoke(command, *args, **env)
    assert done.code == 2, done.stderr
    assert done.stdout == ""
    one_line(done, command, fragment)


def test_an_output_folder_that_is_a_file_exits_2(tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("")
    done = invoke("wa-templates", "render", "--out", str(taken))
    assert done.code == 2
    one_line(done, "wa-templates", "is a file: allowed a folder")


@pytest.mark.parametrize(("command", "args", "env", "fragment"), RUNTIME_FAILURE,
                         ids=[" ".join([row[0], *row[1][:1]]) for row in RUNTIME_FAILURE])
def test_a_runtime_failure_exits_1_in_one_line(command, args, env, fragment):
    done = invoke(command, *args, **env)
    assert done.code == 1, done.stderr
    one_line(done, command, fragment)


@pytest.mark.parametrize(("command", "args", "env", "fragment"), AS_PROCESSES,
                         ids=[" ".join([row[0], *row[1][:1]]) for row in AS_PROCESSES])
def test_the_installed_entry_point_fails_the_same_way(command, args, env, fragment):
    done = run(command, *args, **env)
    code = 2 if (command, args, env, fragment) in BAD_INPUT else 1
    assert done.code == code, done.stderr
    one_line(done, command, fragment)


# --- success, offline ----------------------------------------------------------------------------
@pytest.mark.parametrize("args", [[], ["--json"], ["--rate", "250", "--shards", "32", "--ssl"]])
def test_wa_size_exits_0(args):
    done = invoke("wa-size", *args)
    assert done.code == 0, done.stderr
    assert "Shards" in done.stdout or '"shards"' in done.stdout


def test_wa_shards_plan_exits_0():
    done = invoke("wa-shards", "plan", "--offline", "--from", "8", "--to", "16", "--rate", "100")
    assert done.code == 0, done.stderr
    assert "4. Set shards to 16" in done.stdout


def test_wa_shards_get_set_and_health_exit_0_and_a_mismatch_exits_1(tmp_path):
    tls_files = self_signed(tmp_path)
    cluster = Cluster()
    with FakeWebapp(*tls_files, cluster) as webapp:
        api = ["--url", webapp.url, "--ca-file", str(tls_files[0])]
        env = {"WA_API_PASSWORD": PASSWORD, "WA_API_CERT": CERT_B64}
        got = invoke("wa-shards", "get", *api, **env)
        assert (got.code, got.stdout) == (0, "8\n"), got.stderr
        done = invoke("wa-shards", "set", "16", *api, "--cc", "1", "--phone", "6315550000",
                      "--yes", **env)
        assert (done.code, done.stdout) == (0, "16\n"), done.stderr
        mismatch = invoke("wa-shards", "get", *api, "--expect", "8", **env)
        healthy = invoke("wa-shards", "health", *api, "--expect", "16", WA_API_KEY=API_KEY)
        short = invoke("wa-shards", "health", *api, "--expect", "32", WA_API_KEY=API_KEY)
    assert mismatch.code == 1
    one_line(mismatch, "wa-shards", "cluster has 16 shards, expected 8")
    assert healthy.code == 0, healthy.stderr
    assert short.code == 1
    one_line(short, "wa-shards", "unhealthy: 16 Coreapps connected or connecting, fewer "
             "than 32")


def test_wa_templates_render_exits_0(tmp_path):
    done = invoke("wa-templates", "render", "--out", str(tmp_path / "out"))
    assert done.code == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "wa-infra-database.yaml", "wa-infra-lambda.yaml", "wa-infra-network.yaml",
        "wa-infra.yaml"]


def test_wa_lint_exits_0_when_clean_and_1_on_a_finding(stub_checkov):
    checkov, templates = stub_checkov
    args = ["--no-cdk", "--templates", str(templates), "--checkov", str(checkov)]
    clean = invoke("wa-lint", *args)
    found = invoke("wa-lint", *args, STUB_FINDING="1")
    assert clean.code == 0, clean.stdout + clean.stderr
    assert found.code == 1, found.stdout + found.stderr
    assert "CKV_AWS_999" in found.stdout and found.stdout.splitlines()[0].endswith("FAIL")


# --- make targets --------------------------------------------------------------------------------
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
# The set-up stamps count as done: a test never reinstalls the virtualenvs or node_modules.
MAKE = ["make", "--no-print-directory", "-o", ".venv/.installed", "-o",
        "node_modules/.installed", "-o", ".venv-checkov/.installed"]
TOOLS = ("python", "wa-size", "wa-lint", "ruff", "pytest", "npx")
STAND_IN = """#!/bin/sh
line="$(basename "$0")"
[ $# -gt 0 ] && line="$line $*"
echo "$line" >> "$SHIM_LOG"
[ "$line" = "$SHIM_FAIL" ] && exit 7
exit 0
"""
# What each documented target runs, in order (README: Quick start, Gates, Deploy rehearsal).
TARGETS = {
    "run": ["wa-size", "npx cdk synth --quiet"],
    "synth": ["npx cdk synth --quiet"],
    "test": ["ruff check .", "pytest"],
    "lint": ["wa-lint"],
    "docs": ["python -m cli.docs"],
    "bench": ["python bench/bench_wa_size.py", "python bench/bench_render.py",
              "python bench/bench_synth.py", "python bench/verdict.py"],
    "deploy-local": ["python -m tests.support.rehearsal -c shards=16"],
}


# Targets not run here, and why.
NOT_RUN = {
    "setup": "the prerequisite of every target above (its stamps count as done here)",
    "clean": "deletes the virtualenvs and node_modules",
    "lock": "re-resolves every package over the network",
    "mutate": "mutation testing, most of an hour per set",
    "help": "prints the targets (tests/cli/test_small_items.py runs it)",
    "scan": "installs the cfn-guard package, then minutes of synth and rules; a report that "
            "exits 0 (tests/tools/test_scan.py covers how it counts)",
}


def test_every_target_of_the_makefile_is_run_here_or_named_why_not():
    text = (ROOT / "Makefile").read_text()
    phony = next(line for line in text.splitlines() if line.startswith(".PHONY:"))
    assert set(phony.split(":", 1)[1].split()) == set(TARGETS) | set(NOT_RUN)


@pytest.fixture(scope="module")
def stand_ins(tmp_path_factory):
    """A folder of stand-in tools: each notes its command line, and fails (exit 7) when that
    line is $SHIM_FAIL."""
    folder = tmp_path_factory.mktemp("bin")
    for tool in TOOLS:
        (folder / tool).write_text(STAND_IN)
        (folder / tool).chmod(0o755)
    return folder


def make_with_stand_ins(folder: Path, target: str, fail: str = "") -> tuple[int, list[str], str]:
    log = folder / f"{target}.log"
    log.write_text("")
    env = {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}", "SHIM_LOG": str(log),
           "SHIM_FAIL": fail}
    done = subprocess.run([*MAKE, f"BIN={folder}", "ARGS=-c shards=16", target], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    return done.returncode, log.read_text().splitlines(), done.stderr


@needs_make
@pytest.mark.parametrize("target", TARGETS)
def test_a_target_runs_its_steps_and_stops_non_zero_at_a_failing_one(stand_ins, target):
    code, ran, stderr = make_with_stand_ins(stand_ins, target)
    assert (code, ran) == (0, TARGETS[target]), stderr
    for index, step in enumerate(ran):
        code, ran_now, stderr = make_with_stand_ins(stand_ins, target, fail=step)
        assert code != 0, f"make {target} exited 0 after `{step}` failed"
        assert ran_now == TARGETS[target][:index + 1]  # nothing after the failed step
        assert "Error 7" in stderr, stderr


def stand_in_npx(folder: Path) -> None:
    """An npx whose `cdk bootstrap` passes, whose `cdk synth` writes a one-stack assembly, and
    whose `cdk deploy` fails: a deploy that fails in the CDK CLI, without one."""
    manifest = {"version": "36.0.0", "artifacts": {"WaInfra-Network": {
        "type": "aws:cloudformation:stack", "environment": "aws://unknown-account/us-east-1",
        "properties": {"templateFile": "WaInfra-Network.template.json"}}}}
    template = {"Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}}}
    folder.mkdir()
    (folder / "npx").write_text(f"""#!/bin/sh
case " $* " in
  *" synth "*)
    out=""; previous=""
    for arg in "$@"; do [ "$previous" = "--output" ] && out="$arg"; previous="$arg"; done
    mkdir -p "$out"
    echo '{json.dumps(manifest)}' > "$out/manifest.json"
    echo '{json.dumps(template)}' > "$out/WaInfra-Network.template.json"
    echo "wa-infra plan: stand-in";;
  *" deploy "*) echo "cdk deploy failed (stand-in)"; exit 1;;
esac
exit 0
""")
    (folder / "npx").chmod(0o755)


def deploy_local(args: str, npx: Path | None = None) -> subprocess.CompletedProcess:
    path = os.environ["PATH"] if npx is None else f"{npx}:{os.environ['PATH']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return subprocess.run([*MAKE, "deploy-local", f"ARGS={args}"], cwd=ROOT,
                          env={**env, "PATH": path}, capture_output=True, text=True,
                          timeout=120)


@needs_make
@pytest.mark.parametrize(("args", "line"), [
    ("-c shards16", "'shards16' is not key=value"),
    # wa-deploy's -c rules (cli/deploy.py), applied before the endpoint starts
    ("-c shards:16", "-c 'shards:16' is not key=value (a colon where = belongs)"),
    ("-c shards=3", "shards 3 is not an option"),
])
def test_make_deploy_local_with_bad_input_exits_non_zero_before_starting_anything(args, line):
    done = deploy_local(args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert line in done.stderr
    assert "deploy-local] Error 2" in done.stderr  # the runner's own 2, reported by make
    assert "local endpoint" not in done.stderr


@needs_make
def test_make_deploy_local_exits_non_zero_when_a_step_fails(tmp_path):
    """The real runner and moto on loopback; wa-deploy refuses a value it judges with the
    deployment (its exit 2: the runner exits 2, bad input), or the CDK CLI's `cdk deploy`
    fails (the runner exits 1); make with it."""
    stand_in_npx(tmp_path / "npx")
    with ThreadPoolExecutor(2) as pool:
        refused, failed = pool.map(lambda args: deploy_local(args, tmp_path / "npx"),
                                   ["-c db_port=3306", ""])
    for done, code in ((refused, 2), (failed, 1)):
        assert done.returncode != 0, done.stdout + done.stderr
        assert f"deploy-local] Error {code}" in done.stderr, done.stderr
        assert "local endpoint stopped" in done.stderr
    assert "db_port '3306' is set without db_host" in refused.stderr
    assert "cdk deploy failed (stand-in)" in failed.stderr
    assert "WaInfra-Network: preparing change set" in failed.stderr
    assert "deploy-local: `wa-deploy --new --yes` exited 1" in failed.stderr
