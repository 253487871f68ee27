"""Issue 25, class 6, for wa-lint: what is not a template, a tool that prints garbage or
never returns. Each is one line with its exit code, never a traceback or a hang."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from cli.lint import main
from gates import runner

TINY = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  T:\n    Type: AWS::SNS::Topic\n"


def stub(tmp_path, body: str):
    path = tmp_path / "checkov"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


def lint(templates, checkov):
    return CliRunner().invoke(main, ["--no-cdk", "--templates", str(templates), "--checkov",
                                     str(checkov)], prog_name="wa-lint")


@pytest.mark.parametrize("make", ["folder", "fifo"])
def test_a_yaml_name_that_is_no_regular_file_is_refused(tmp_path, make):
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "ok.yaml").write_text(TINY)
    odd = templates / "odd.yaml"
    odd.mkdir() if make == "folder" else os.mkfifo(odd)
    result = lint(templates, stub(tmp_path, "echo '{}'"))
    assert result.exit_code == 2
    assert result.stderr == (f"wa-lint: error: odd.yaml in {templates} is not a regular file: "
                             "allowed plain template files (*.yaml) only\n")


def test_a_file_larger_than_any_template_is_refused(tmp_path):
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "huge.yaml").write_text("# " + "x" * runner.MAX_TEMPLATE_BYTES)
    result = lint(templates, stub(tmp_path, "echo '{}'"))
    assert result.exit_code == 2
    assert "huge.yaml is larger than 1 MB" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("body, line", [
    ("echo 'garbage, not json'", "checkov's report is not JSON: 'garbage, not json'"),
    ("sleep 5", "checkov did not finish within 1 s"),
    ("exit 3", "checkov produced no report: "),
])
def test_a_misbehaving_checkov_is_one_line_and_exit_1(tmp_path, monkeypatch, body, line):
    monkeypatch.setattr(runner, "run_cfn_lint", lambda files: {})  # the tool under test
    monkeypatch.setattr(runner, "TOOL_DEADLINE_S", 1)
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "ok.yaml").write_text(TINY)
    result = lint(templates, stub(tmp_path, body))
    assert result.exit_code == 1
    progress, error = result.stderr.splitlines()  # "linting 1 templates ...", the error
    assert progress == "linting 1 templates ..."
    assert error.startswith(f"wa-lint: error: {line}") and "Traceback" not in result.output


def test_a_tool_that_cannot_start_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "CFN_LINT", tmp_path / "no-such-cfn-lint")
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "ok.yaml").write_text(TINY)
    result = lint(templates, stub(tmp_path, "echo '{}'"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("wa-lint: error: cfn-lint cannot run: ")
