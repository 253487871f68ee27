"""The release gates: checkov over every generated template (allow-list aside), and wa-lint's
verdicts and exit codes."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.lint import main
from gates import renderings, runner
from templates.common import FILES
from templates.database import build_database
from templates.enterprise import build_enterprise
from templates.lambda_tier import build_lambda
from templates.network import build_network
from templates.render import to_yaml

OPEN_SSH = """AWSTemplateFormatVersion: "2010-09-09"
Description: a template that opens SSH to the world
Resources:
  Open:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: ssh from anywhere
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: 0.0.0.0/0
          Description: ssh
"""


def _lambda_role(name: str, policy: str, action: str) -> str:
    # a role Lambda can assume, allowed one action on every resource
    return f"""  {name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {{Effect: Allow, Principal: {{Service: lambda.amazonaws.com}}, Action: sts:AssumeRole}}
      Policies:
        - PolicyName: {policy}
          PolicyDocument:
            Statement:
              - {{Effect: Allow, Action: {action}, Resource: "*"}}
"""


# A wildcard role and a new function beside the allow-listed ones, and the probe's network
# interface grant back on "*" (the fix removed): each is a finding although its check is on the
# allow-list for other resources (or was, by check id alone).
SIDE_DOOR = (
    """AWSTemplateFormatVersion: "2010-09-09"
Description: resources the allow-list does not name
Resources:
"""
    + _lambda_role("Wildcard", "everything", "ec2:TerminateInstances")
    + _lambda_role("ProbeRole", "enis", "ec2:CreateNetworkInterface")
    + """  Backdoor:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Wildcard.Arn
      Code: {ZipFile: "def handler(event, context): pass"}
"""
)


@pytest.fixture(scope="module")
def checkov():
    assert runner.CHECKOV.exists(), "checkov is missing: run `make setup`"
    return runner.CHECKOV


@pytest.fixture(scope="module")
def quiet_checkov(tmp_path_factory):
    """A stand-in checkov that finds nothing: for the tests about the contract column, which
    the real one (about 15 s a run) has no say in."""
    path = tmp_path_factory.mktemp("checkov") / "checkov"
    report = '{"check_type": "cloudformation", "results": {"failed_checks": []}}'
    path.write_text(f"#!/bin/sh\necho '{report}'\n")
    path.chmod(0o755)
    return path


def test_every_allow_list_entry_has_a_reason_and_names_its_resources():
    entries = runner.allowlist()
    assert entries and all(len(e.reason.split()) >= 8 for e in entries.values())
    assert all(e.resources and all("." in r for r in e.resources) for e in entries.values())


def test_an_allow_listed_check_on_another_resource_is_a_finding():
    """The check alone is not enough: CKV_AWS_115 is accepted on the functions named, not on
    a new one."""
    entries = runner.allowlist()
    named = {"check_id": "CKV_AWS_115", "resource": "AWS::Lambda::Function.ProbeB22986FB"}
    other = {"check_id": "CKV_AWS_115", "resource": "AWS::Lambda::Function.Backdoor"}
    assert runner.allowed(entries, named) and not runner.allowed(entries, other)
    assert not runner.allowed(entries, {"check_id": "CKV_AWS_111",
                                        "resource": "AWS::IAM::Role.ProbeRole"})


def test_checkov_passes_every_template_but_the_allow_list(synths, checkov):
    # the folders the session synth wrote, not whichever cdk.out* the file system lists first
    # (other tests synthesize into cdk.out.8, cdk.out.16, ...)
    cdk_templates = [path for name in ("Default", "Big")
                     for path in sorted(synths[name].outdir.glob(f"{name}-*.template.json"))]
    assert len(cdk_templates) == 8  # four tiers each
    # (the plain templates: test_wa_lint_passes_the_shipped_templates runs checkov on them)
    found = runner.run_checkov(cdk_templates, checkov)
    allowances = runner.allowlist()
    failures = [f"{name}: {f['check_id']} {f['resource']}" for name, items in found.items()
                for f in items if not runner.allowed(allowances, f)]
    assert failures == []


def test_wa_lint_fails_on_a_finding_and_names_it(tmp_path, checkov):
    (tmp_path / "open.yaml").write_text(OPEN_SSH)
    (tmp_path / "side-door.yaml").write_text(SIDE_DOOR)
    result = CliRunner().invoke(main, ["--no-cdk", "--templates", str(tmp_path),
                                       "--checkov", str(checkov)], prog_name="wa-lint")
    assert result.exit_code == 1
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("open.yaml"))
    assert line.endswith("FAIL")
    assert "CKV_AWS_24" in result.stdout  # SSH open to the world
    assert "total: cfn-lint" in result.stdout
    findings = {ln.strip() for ln in result.stdout.splitlines() if ln.startswith("    CKV_")}
    # allow-listed checks, but not on these resources
    assert "CKV_AWS_115 AWS::Lambda::Function.Backdoor" in findings
    assert "CKV_AWS_116 AWS::Lambda::Function.Backdoor" in findings
    # write access on "*": the wildcard role, and the probe's grant without its fix
    assert "CKV_AWS_111 AWS::IAM::Role.Wildcard" in findings
    assert "CKV_AWS_111 AWS::IAM::Role.ProbeRole" in findings


def test_wa_lint_passes_the_shipped_templates(quiet_checkov):
    # cfn-lint over the shipped templates, errors and warnings alike (each file's row and the
    # total say 0), the contract, and what wa-lint prints; checkov itself over the same
    # templates: test_checkov_passes_every_template_but_the_allow_list, and `make lint` in CI
    result = CliRunner().invoke(main, ["--no-cdk", "--checkov", str(quiet_checkov)],
                                prog_name="wa-lint")
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert all(line.endswith("contract ok  ok") for line in lines[:4])
    assert lines[4].startswith("total: cfn-lint 0, checkov 0")
    grid = [line for line in lines if line.startswith("plain ")]
    assert [line.split()[1] for line in grid] == list(renderings.PLAIN_GRID)
    assert all("0 extra, runtime ok  ok" in line for line in grid)
    # under a row only what is not plainly allowed: here the flows another owner must open
    notes = [line.split()[0] for line in lines[6:] if line.startswith("    ")]
    assert notes and set(notes) == {"outside"}
    assert len(lines) == 6 + len(grid) + len(notes)


def test_wa_lint_fails_when_a_plain_template_breaks_the_contract(tmp_path, quiet_checkov,
                                                                monkeypatch):
    """The east-west rule gone: the nodes on different hosts cannot reach each other. cfn-lint
    (10 s a run) has no say in the contract column: a stand-in that finds nothing."""
    monkeypatch.setattr(runner, "run_cfn_lint", lambda files: {})
    for name, template in {"network": build_network(), "database": build_database(),
                           "lambda": build_lambda(), "enterprise": build_enterprise()}.items():
        if name == "enterprise":
            del template.resources["HostsFromHosts"]
        (tmp_path / FILES[name]).write_text(to_yaml(template))
    result = CliRunner().invoke(main, ["--no-cdk", "--templates", str(tmp_path),
                                       "--checkov", str(quiet_checkov)], prog_name="wa-lint")
    assert result.exit_code == 1
    assert "wa-infra.yaml" in result.stdout and "contract FAIL  FAIL" in result.stdout
    blocked = [line.split()[1] for line in result.stdout.splitlines()
               if line.strip().startswith("BLOCKED")]
    assert set(blocked) == {"web-coreapp", "web-master", "master-coreapp", "coreapp-master",
                            "master-web"}


def test_wa_lint_without_checkov_is_a_setup_error(tmp_path):
    result = CliRunner().invoke(main, ["--no-cdk", "--checkov", str(tmp_path / "nope")],
                                prog_name="wa-lint")
    assert result.exit_code == 2
    assert "is missing: run `make setup`" in result.stderr
    assert Path(tmp_path / "nope").exists() is False
