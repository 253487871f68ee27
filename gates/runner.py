"""Run the three linters and count findings per template."""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = ROOT / "checkov-allowlist.yaml"
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
CFN_LINT = Path(sys.executable).parent / "cfn-lint"


@dataclass
class Report:
    name: str
    cfn_lint: list[str] = field(default_factory=list)
    checkov: list[str] = field(default_factory=list)
    allowed: int = 0
    nag: list[str] | None = None  # None: not a CDK template
    contract: bool | None = None  # the default rendering it belongs to; None: not checked

    @property
    def ok(self) -> bool:
        return not (self.cfn_lint or self.checkov or self.nag) and self.contract is not False


@dataclass(frozen=True)
class Allowance:
    """A checkov check accepted on the named resources only."""

    check: str
    resources: tuple[str, ...]  # fnmatch patterns over checkov's "<type>.<logical id>"
    reason: str

    def covers(self, check: str, resource: str) -> bool:
        return check == self.check and any(fnmatch.fnmatchcase(resource, pattern)
                                           for pattern in self.resources)


def allowlist(path: Path = ALLOWLIST) -> dict[str, Allowance]:
    entries = yaml.safe_load(path.read_text())
    return {check: Allowance(check, tuple(entry["resources"]), " ".join(entry["reason"].split()))
            for check, entry in entries.items()}


def allowed(allowances: dict[str, Allowance], failure: dict) -> bool:
    entry = allowances.get(failure["check_id"])
    return entry is not None and entry.covers(failure["check_id"], failure["resource"])


def synth_with_nag(outdir: Path) -> list[str]:
    """Synthesize the default app with the AwsSolutions pack; returns unacknowledged findings."""
    env = dict(os.environ, CDK_OUTDIR=str(outdir), CDK_VALIDATION="true",
               JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20")
    env.pop("CDK_CONTEXT_JSON", None)
    result = _run_tool("cdk synth", [sys.executable, "-m", "cdk.app"], env=env, cwd=ROOT)
    if result.returncode == 0:
        return []
    report = outdir / "validation-report.json"
    if not report.exists():
        raise RuntimeError(f"cdk synth failed: {result.stderr.strip().splitlines()[-1]}")
    doc = json.loads(report.read_text())
    return [f"{v['ruleName']} {resource.get('resourceLogicalId', '?')}"
            for plugin in doc.get("pluginReports", [])
            for v in plugin.get("violations", [])
            for resource in v.get("violatingResources", [{}])]


# Every external tool gets a deadline: a tool that never returns is one line, not a hang (a
# full cfn-lint or checkov run takes well under a minute here; five leave room for a slow CI).
TOOL_DEADLINE_S = 300
MAX_TEMPLATE_BYTES = 1_000_000  # CloudFormation's largest template (from S3)


def _run_tool(name: str, command: list[str], **kwargs) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, capture_output=True, text=True,
                              timeout=TOOL_DEADLINE_S, **kwargs)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"{name} did not finish within {TOOL_DEADLINE_S} s") from None
    except OSError as error:
        raise RuntimeError(f"{name} cannot run: {error.strerror or error}") from None


def run_cfn_lint(files: list[Path]) -> dict[str, list[str]]:
    result = _run_tool("cfn-lint", [str(CFN_LINT), "--format", "parseable", *map(str, files)],
                       cwd=ROOT)
    found: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        path, _, rest = line.partition(":")
        found.setdefault(Path(path).name, []).append(rest.split(":", 4)[-1])
    return found


def run_checkov(files: list[Path], checkov: Path) -> dict[str, list[dict]]:
    with tempfile.TemporaryDirectory() as folder:
        for path in files:
            shutil.copy(path, Path(folder) / path.name)
        result = _run_tool(
            "checkov", [str(checkov), "-d", folder, "--framework", "cloudformation", "--quiet",
                        "--compact", "-o", "json", "--skip-download"])
    if not result.stdout.strip():
        raise RuntimeError(f"checkov produced no report: {result.stderr.strip()[-300:]}")
    try:
        reports = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise RuntimeError("checkov's report is not JSON: "
                           f"{result.stdout.strip().splitlines()[0][:200]!r}") from None
    reports = reports if isinstance(reports, list) else [reports]
    if not any(isinstance(r, dict) and "results" in r for r in reports):  # [] or a summary only
        raise RuntimeError(f"checkov's report holds no results: {result.stdout.strip()[:200]!r}")
    found: dict[str, list[dict]] = {}
    for report in reports:
        if not isinstance(report, dict) or "results" not in report:
            continue
        results = report["results"]
        failures = results.get("failed_checks") if isinstance(results, dict) else None
        if not isinstance(failures, list):
            raise RuntimeError(f"checkov's report has no list of failed checks: "
                               f"{json.dumps(results)[:200]}")
        for failure in failures:
            if not (isinstance(failure, dict) and all(
                    isinstance(failure.get(k), str)
                    for k in ("file_path", "check_id", "resource"))):
                raise RuntimeError("checkov's report names a failed check without its file, "
                                   f"check id or resource: {json.dumps(failure)[:200]}")
            found.setdefault(Path(failure["file_path"]).name, []).append(failure)
    return found


def lint(cdk_templates: list[Path], plain_templates: list[Path], nag: list[str] | None,
         checkov: Path = CHECKOV) -> list[Report]:
    files = cdk_templates + plain_templates
    lint_found = run_cfn_lint(files)
    checkov_found = run_checkov(files, checkov)
    allowances = allowlist()
    reports = []
    for path in files:
        report = Report(path.name, cfn_lint=lint_found.get(path.name, []))
        for failure in checkov_found.get(path.name, []):
            if allowed(allowances, failure):
                report.allowed += 1
            else:
                report.checkov.append(f"{failure['check_id']} {failure['resource']}")
        if path in cdk_templates:
            report.nag = [f for f in (nag or []) if f]
        reports.append(report)
    return reports


def summary(reports: list[Report]) -> list[str]:
    width = max(len(r.name) for r in reports)
    lines = []
    for r in reports:
        nag = "-" if r.nag is None else str(len(r.nag))
        contract = {None: "-", True: "ok", False: "FAIL"}[r.contract]
        status = "ok" if r.ok else "FAIL"
        lines.append(f"{r.name:<{width}}  cfn-lint {len(r.cfn_lint)}  checkov {len(r.checkov)} "
                     f"({r.allowed} allow-listed)  cdk-nag {nag}  contract {contract}  {status}")
        lines += [f"    {finding}" for finding in r.cfn_lint + r.checkov + (r.nag or [])]
    return lines


def counted(reports: list[Report]) -> Counter:
    return Counter(cfn_lint=sum(len(r.cfn_lint) for r in reports),
                   checkov=sum(len(r.checkov) for r in reports),
                   allowed=sum(r.allowed for r in reports),
                   nag=sum(len(r.nag or []) for r in reports))
