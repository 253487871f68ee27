"""Release gates on the synthesized templates: cfn-lint clean, cdk-nag clean (acknowledged
findings carry their reason next to the construct, see stacks/nag.py)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sns as sns
from cdk_nag import AwsSolutionsChecks

from tests.stacks.conftest import VARIANTS, synth_many

CFN_LINT = Path(sys.executable).parent / "cfn-lint"
# one of each shape the templates take (engine, network, key, layout, scale); variants that
# differ only in the plan's numbers add nothing cfn-lint reads
# (Big: Default's shape at 250 msg/s and 32 shards, numbers only)
LINTED = ("Default", "Public", "Postgres", "Aurora", "Isolated", "ExistingVpcDb", "GivenKey")


def distinct_tiers(synths) -> list[Path]:
    """Each LINTED context's tier templates, less those that read exactly like Default's once
    the context's name is Default's (a Public network tier, say): cfn-lint would say the same
    of them. From the folders the session synth wrote, not whichever cdk.out* is listed."""
    seen, files = set(), []
    for name in LINTED:
        for path in sorted(synths[name].outdir.glob(f"{name}-*.template.json")):
            # the logical ids' hash suffixes carry the context's name too
            text = re.sub(r"[0-9A-F]{8,}", "H", path.read_text().replace(name, "Default"))
            if text not in seen:
                seen.add(text)
                files.append(path)
    return files


def test_cfn_lint_reports_no_error_and_no_warning(synths):
    files = distinct_tiers(synths)
    tiers = {f.name.split("-", 1)[1] for f in files}
    assert tiers == {f"{t.title()}.template.json" for t in ("network", "database", "lambda",
                                                            "enterprise")}
    assert len(files) > 4  # the other shapes' tiers that differ are linted too
    result = subprocess.run([str(CFN_LINT), "--format", "parseable", *map(str, files)],
                            capture_output=True, text=True, timeout=600)
    assert result.stdout == "", result.stdout
    assert result.returncode == 0, result.stderr


@pytest.fixture
def validation_on(monkeypatch):
    # Validation plugins only run with validation on; the session fixture turns it off.
    monkeypatch.setenv("CDK_VALIDATION", "true")


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_cdk_nag_finds_nothing_unacknowledged(name, tmp_path, validation_on):
    try:
        synth_many({name: VARIANTS[name]}, tmp_path, nag=True)
    except RuntimeError as error:
        report = tmp_path / "validation-report.json"
        details = report.read_text() if report.exists() else str(error)
        pytest.fail(f"cdk-nag findings: {details[:4000]}")


def test_cdk_nag_gate_does_fail_on_an_unacknowledged_finding(tmp_path, validation_on):
    app = cdk.App(outdir=str(tmp_path))
    sns.Topic(cdk.Stack(app, "Probe"), "PlainTopic")  # no KMS key, no SSL: SNS2, SNS3
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    report = json.loads((tmp_path / "validation-report.json").read_text())
    assert "AwsSolutions-SNS3" in json.dumps(report)


def test_the_nist_pack_runs_on_every_synth_and_fails_on_its_own_finding(tmp_path, validation_on):
    from aws_cdk import aws_logs as logs

    from cdk.app import add_nag_packs

    app = cdk.App(outdir=str(tmp_path))
    # encrypted with a key and kept: AwsSolutions is content, NIST wants a retention period
    stack = cdk.Stack(app, "Probe")
    logs.CfnLogGroup(stack, "Group")
    add_nag_packs(app)
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    report = json.loads((tmp_path / "validation-report.json").read_text())
    rules = {v["ruleName"] for p in report["pluginReports"] for v in p["violations"]}
    assert "NIST.800.53.R5-CloudWatchLogGroupRetentionPeriod" in rules
