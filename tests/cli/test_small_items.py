"""Issue 22's small items, each pinned: --version everywhere, `make help`, wa-templates render
leaves the tracked templates alone unless asked, `make docs` says what it left unchanged,
the rehearsal's bootstrap prints the plan asked for, the dashboard's variables in order."""

from __future__ import annotations

import contextlib
import re
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner

import templates.mappings
import templates.render
from cli import deploy, docs, lint, shards, size, upgrade
from cli import templates as wa_templates
from tests.support import rehearsal

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = {"wa-size": size.main, "wa-templates": wa_templates.main, "wa-shards": shards.main,
            "wa-lint": lint.main, "wa-deploy": deploy.main, "wa-upgrade": upgrade.main}


def test_every_command_of_the_package_is_here():
    scripts = re.findall(r'^(wa-[a-z]+) = "', (ROOT / "pyproject.toml").read_text(), re.M)
    assert sorted(scripts) == sorted(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_version(name):
    result = CliRunner().invoke(COMMANDS[name], ["--version"], prog_name=name)
    assert result.exit_code == 0
    assert result.stdout == f"{name}, version {version('wa-infra')}\n"


def test_make_help_lists_every_documented_target():
    documented = re.findall(r"^## ([a-z-]+):", (ROOT / "Makefile").read_text(), re.M)
    out = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    listed = [line.split()[0] for line in out.splitlines() if not line.startswith("   ")]
    assert listed == documented and "help" in listed and "test" in listed
    assert "  test          set up, lint the code, run every test" in out


def test_render_without_out_writes_a_build_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    tracked = {p.name: p.stat().st_mtime_ns for p in templates.render.DIST.glob("*.yaml")}
    result = CliRunner().invoke(wa_templates.main, ["render"], prog_name="wa-templates")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "build" / "templates").iterdir()) == sorted(tracked)
    assert result.stdout.splitlines()[0].startswith("build/templates/")
    assert {p.name: p.stat().st_mtime_ns
            for p in templates.render.DIST.glob("*.yaml")} == tracked


def test_render_in_place_writes_the_tracked_folder_and_not_with_out(tmp_path, monkeypatch):
    monkeypatch.setattr(templates.render, "DIST", tmp_path / "dist")
    monkeypatch.setattr(templates.mappings, "TABLE", tmp_path / "mappings.json")
    out = CliRunner().invoke(wa_templates.main, ["render", "--out", str(tmp_path / "out")])
    assert out.exit_code == 0, out.output
    assert not (tmp_path / "mappings.json").exists()  # the stored Mappings: --in-place only
    result = CliRunner().invoke(wa_templates.main, ["render", "--in-place"])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "dist").glob("*.yaml"))) == 4
    assert templates.mappings._stored() == templates.mappings.computed()
    both = CliRunner().invoke(wa_templates.main, ["render", "--in-place", "--out", "x"],
                              prog_name="wa-templates")
    assert both.exit_code == 2
    assert both.stderr == ("wa-templates: error: out 'x' is given with --in-place: allowed one "
                           "of them (--in-place writes templates/dist)\n")


def test_docs_says_unchanged_when_nothing_changed(tmp_path):
    page = tmp_path / "page.md"
    assert docs.write(page, "a\n") == f"wrote {page}"
    before = page.stat().st_mtime_ns
    assert docs.write(page, "a\n") == f"unchanged {page}"
    assert page.stat().st_mtime_ns == before
    assert docs.write(page, "b\n") == f"wrote {page}"


def test_the_rehearsal_bootstraps_without_running_the_app(monkeypatch):
    """The default plan used to be printed first while rehearsing -c rate=200: the bootstrap
    now reads an empty cloud assembly instead of running the app, and the deploy gets the
    context."""
    ran = []

    @contextlib.contextmanager
    def endpoint():
        yield type("Endpoint", (), {"url": "http://127.0.0.1:1", "environment": "aws://1/r",
                                    "env": {}})()

    monkeypatch.setattr(rehearsal, "running", endpoint)
    monkeypatch.setattr(rehearsal, "stop_on_termination", lambda: None)
    monkeypatch.setattr(rehearsal, "cdk", lambda _e, *args, **_k: ran.append(args) or "")
    monkeypatch.setattr(rehearsal, "deploy", lambda _e, context, **_k: ran.append(context) or
                        subprocess.CompletedProcess([], 0))
    monkeypatch.setattr(rehearsal, "_report", lambda _e: None)
    result = CliRunner().invoke(rehearsal.main, ["-c", "rate=200"])
    assert result.exit_code == 0, result.output
    bootstrap, context = ran
    assert bootstrap[:3] == ("bootstrap", "aws://1/r", "--app") and len(bootstrap) == 4
    assert context == {"rate": "200"}


def test_old_and_new_az_count_names_that_differ_are_refused():
    def run(*args):
        return CliRunner().invoke(size.main, [*args, "--json"], prog_name="wa-size")

    refused = run("--azs", "3", "--az-count", "2")
    assert refused.exit_code == 2
    assert refused.stderr == ("wa-size: error: --az-count 2 and --azs 3 differ: give one "
                              "(--azs is the old name of --az-count)\n")
    import json

    for args, expected in ((["--azs", "3", "--az-count", "3"], 3), (["--azs", "4"], 4),
                           (["--az-count", "3"], 3), ([], 2)):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["inputs"]["az_count"] == expected


def test_an_svg_path_that_is_a_folder_is_one_line(tmp_path):
    result = CliRunner().invoke(size.main, ["--layout", "--svg", str(tmp_path)],
                                prog_name="wa-size")
    assert result.exit_code == 2
    assert result.stderr == f"wa-size: error: svg '{tmp_path}' cannot be written: Is a directory\n"


def test_the_dashboard_variables_are_written_in_order(synths):
    """They came from a set: their order, and so the template, changed from synth to synth."""
    resources = synths["Default"]["enterprise"].to_json()["Resources"]
    body = resources["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    assert len(body[1]) > 10
    assert list(body[1]) == sorted(body[1])


@pytest.mark.parametrize("args", [["--rate", "100", "--rate", "200"],
                                  ["--rate=100", "--shards", "8", "--rate", "100"]])
def test_an_option_given_twice_is_refused_not_the_last_one_kept(args):
    result = CliRunner().invoke(size.main, args, prog_name="wa-size")
    assert result.exit_code == 2
    assert result.stderr.startswith("wa-size: error: --rate 100 and --rate ")
    assert result.stderr.endswith(": an option given twice; allowed once\n")
    assert CliRunner().invoke(size.main, ["--json", "--json"]).exit_code == 0  # a flag: harmless


def test_a_subcommand_run_alone_takes_the_help_options_of_its_group():
    """click keeps the first help option it makes for a command: a subcommand first run alone
    (a test, a script) must still offer -h, or the docs rendered after it would lose it."""
    from cli.deploy import main as wa_deploy

    def leaves(command):
        subs = getattr(command, "commands", {})
        return [c for s in subs.values() for c in leaves(s)] if subs else [command]

    found = [c for group in (wa_deploy, *COMMANDS.values()) for c in leaves(group)]
    assert len(found) >= 10
    for command in found:
        shown = CliRunner().invoke(command, ["-h"], prog_name=command.name)
        assert shown.exit_code == 0 and "-h, --help" in shown.output, command.name
