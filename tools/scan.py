"""`make scan`: the rule packs wa-lint does not run, over the three renderings, counted side by
side (not part of `make test`: minutes of synth and a few hundred rules).

    python -m tools.scan [--vendor-git DIR] [--json]

Renderings: the CDK app with the default context (cdk.json), the plain templates
(templates/dist), and the vendor's AWS templates (src/aws/wa_ent*.yml at the vendor git's HEAD).
Packs:
- cdk-nag's NIST 800-53 rev 5, HIPAA Security and PCI DSS 3.2.1 checks. The CDK app is built as
  `cdk synth` builds it (its acknowledgements apply: NIST's are counted apart); the plain and
  vendor templates are loaded into a throwaway app with cloudformation_include.CfnInclude.
- cfn-guard with the AWS Control Tower proactive-control rules, as the PyPI package
  cdklabs.cdk-validator-cfnguard ships them (binary and rules); skipped, with a line saying so,
  when that package is not installed (`make scan` installs it).
A finding is one rule failing on one resource; "+N ack." counts findings the CDK app
acknowledges with a reason (stacks/nag.py), "+N err." rules cdk-nag could not evaluate (a value
only known at deploy time). Exit code 0: the table is a report, not a gate.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import platform
import re
import subprocess
import sys
import tarfile
import tempfile
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "templates" / "dist"
VENDOR = "WhatsApp/whatsapp-business-api-deployment-templates"
# Where the vendor's git directory lives is this machine's business, not the tree's.
VENDOR_GIT_ENV = "WA_VENDOR_GIT"
VENDOR_FILES = ("wa_ent.yml", "wa_ent_db.yml", "wa_ent_lambda.yml", "wa_ent_monitoring.yml",
                "wa_ent_net.yml")
RENDERINGS = ("CDK app", "plain templates", "vendor templates")
NAG_PACKS = ("NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321")
GUARD = "cfn-guard Control Tower"
GUARD_PACKAGE = "cdklabs.cdk_validator_cfnguard"


@dataclasses.dataclass
class Count:
    findings: int = 0  # open: not acknowledged
    acknowledged: int = 0
    errors: int = 0  # cdk-nag could not evaluate the rule (an unresolved intrinsic function)

    def cell(self) -> str:
        extra = [f"+{n} {what}" for n, what in ((self.acknowledged, "ack."),
                                                (self.errors, "err.")) if n]
        return f"{self.findings} ({', '.join(extra)})" if extra else str(self.findings)


# --- cdk-nag ------------------------------------------------------------------------------------

def _nag_plugins(app):
    from cdk_nag import HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

    return [NIST80053R5Checks(app), HIPAASecurityChecks(app), PCIDSS321Checks(app)]


def _nag_report(build) -> dict[str, Count]:
    """Synthesize an app `build(app)` fills, with the three packs as validation plugins, and
    count the report's findings per pack."""
    import aws_cdk as cdk

    from cdk.app import new_app

    with tempfile.TemporaryDirectory() as outdir:
        # aws-cdk-lib's own template validation adds nothing here and takes minutes over the
        # included templates
        app = new_app(outdir=outdir, builtin_cloud_formation_validation=False)
        build(app)
        cdk.Validations.of(app).add_plugins(*_nag_plugins(app))
        with contextlib.suppress(RuntimeError):  # findings fail the synth after the report
            app.synth()
        report = json.loads((Path(outdir) / "validation-report.json").read_text())
    return _nag_counts(report)


def _nag_counts(report: dict) -> dict[str, Count]:
    counts = {pack: Count() for pack in NAG_PACKS}
    for plugin in report.get("pluginReports", []):
        if plugin["pluginName"] not in counts:
            continue
        count = counts[plugin["pluginName"]]
        for violation in plugin.get("violations", []):
            resources = max(1, len(violation.get("violatingConstructs", [])))
            if violation.get("description", "").startswith("Rule threw an error"):
                count.errors += resources
            else:
                count.findings += resources
        count.acknowledged += len(plugin.get("suppressedViolations", []))
    return counts


def _build_cdk(app) -> None:
    from cdk import context
    from cdk.app import build

    plan, deployment = context.read({}.get)
    build(app, plan, deployment)


def _build_included(files: dict[str, Path]):
    def build(app) -> None:
        import aws_cdk as cdk
        from aws_cdk import cloudformation_include as cfn_inc

        for name, path in files.items():
            stack = cdk.Stack(app, re.sub(r"[^A-Za-z0-9-]", "-", name))
            cfn_inc.CfnInclude(stack, "Template", template_file=str(path))
    return build


# --- cfn-guard ----------------------------------------------------------------------------------

def guard_tool(cache: Path) -> tuple[Path, Path, str] | None:
    """(binary, rules folder, version) from the installed PyPI package, unpacked into `cache`;
    None when the package is not installed."""
    spec = find_spec(GUARD_PACKAGE) if find_spec("cdklabs") else None
    if spec is None or not spec.submodule_search_locations:
        return None
    bundle, = Path(next(iter(spec.submodule_search_locations)), "_jsii").glob("*.jsii.tgz")
    version = bundle.name.split("@")[-1].removesuffix(".jsii.tgz")
    folder = cache / f"cfnguard-{version}"
    machine = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64",
               "arm64": "aarch64"}[platform.machine().lower()]
    system = "macos" if sys.platform == "darwin" else "ubuntu"
    binary = folder / "package" / "bin" / system / machine / "cfn-guard"
    rules = folder / "package" / "rules" / "control-tower" / "cfn-guard"
    if not binary.exists():
        with tarfile.open(bundle) as archive:
            members = [m for m in archive.getmembers()
                       if m.name.startswith(("package/bin/", "package/rules/",
                                             "package/guard-version.json"))]
            archive.extractall(folder, members=members, filter="data")
        binary.chmod(0o755)
    guard_version = json.loads((folder / "package" / "guard-version.json").read_text())
    return binary, rules, f"cfn-guard {guard_version['version']} ({GUARD_PACKAGE} {version})"


def _failed_resources(node, found: set[str]) -> None:
    if isinstance(node, dict):
        path = node.get("path")
        if isinstance(path, str):
            match = re.match(r"/Resources/([^/]+)", path)
            if match:
                found.add(match.group(1))
        for value in node.values():
            _failed_resources(value, found)
    elif isinstance(node, list):
        for value in node:
            _failed_resources(value, found)


def guard_count(binary: Path, rules: Path, templates: list[Path]) -> Count:
    """Control Tower rules failing, one per (rule, resource), over these template files."""
    count = Count()
    for template in templates:
        result = subprocess.run(
            [str(binary), "validate", "--rules", str(rules), "--data", str(template),
             "--output-format", "json", "--structured", "--show-summary", "none"],
            capture_output=True, text=True, timeout=600)
        if not result.stdout.strip():
            raise RuntimeError(f"cfn-guard on {template.name}: {result.stderr.strip()[:400]}")
        for report in json.loads(result.stdout):
            for failure in report.get("not_compliant", []):
                resources: set[str] = set()
                _failed_resources(failure, resources)
                count.findings += max(1, len(resources))
    return count


# --- the renderings -----------------------------------------------------------------------------

def vendor_templates(git_dir: str, folder: Path) -> tuple[dict[str, Path], str]:
    commit = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=True).stdout.strip()
    files = {}
    for name in VENDOR_FILES:
        text = subprocess.run(["git", "--git-dir", git_dir, "show", f"HEAD:src/aws/{name}"],
                              capture_output=True, text=True, check=True).stdout
        files[f"Vendor-{name.removesuffix('.yml')}"] = folder / name
        (folder / name).write_text(text)
    return files, commit


def cdk_templates(folder: Path) -> list[Path]:
    from cdk.app import new_app

    app = new_app(outdir=str(folder), builtin_cloud_formation_validation=False)
    _build_cdk(app)
    app.synth()
    return sorted(folder.glob("*.template.json"))


def scan(vendor_git: str) -> tuple[dict[str, dict[str, Count]], list[str]]:
    """{pack: {rendering: Count}} and the notes to print under the table."""
    os.environ["CDK_VALIDATION"] = "true"  # the packs run as validation plugins
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    notes = []
    plain = {f"Plain-{p.stem}": p for p in sorted(DIST.glob("*.yaml"))}
    table: dict[str, dict[str, Count]] = {}
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        (work_dir / "vendor").mkdir()
        vendor, commit = vendor_templates(vendor_git, work_dir / "vendor")
        notes.append(f"vendor: {VENDOR} at {commit}; CDK app: default context; plain: "
                     "templates/dist")
        for rendering, build in zip(RENDERINGS, (_build_cdk, _build_included(plain),
                                                 _build_included(vendor)), strict=True):
            for pack, count in _nag_report(build).items():
                table.setdefault(f"cdk-nag {pack}", {})[rendering] = count
        tool = guard_tool(ROOT / ".scan-cache")
        if tool is None:
            notes.append(f"{GUARD}: skipped, {GUARD_PACKAGE.replace('_', '-')} is not installed "
                         "(make scan installs it from PyPI)")
        else:
            binary, rules, version = tool
            notes.append(f"{GUARD}: {version}, {len(list(rules.rglob('*.guard')))} rules")
            (work_dir / "cdk").mkdir()
            inputs = (cdk_templates(work_dir / "cdk"), list(plain.values()),
                      list(vendor.values()))
            table[GUARD] = {rendering: guard_count(binary, rules, files)
                            for rendering, files in zip(RENDERINGS, inputs, strict=True)}
    return table, notes


def render_table(table: dict[str, dict[str, Count]]) -> str:
    rows = [("pack", *RENDERINGS)] + [
        (pack, *(counts.get(r, Count()).cell() for r in RENDERINGS))
        for pack, counts in table.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
             for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.scan", description=__doc__.split(
        "\n\n")[0], epilog="Findings are one rule on one resource; '(+N ack.)' counts the "
        "findings the CDK app acknowledges with a reason (stacks/nag.py).")
    parser.add_argument("--vendor-git", default=os.environ.get(VENDOR_GIT_ENV),
                        help=f"the git directory of a clone of https://github.com/{VENDOR} "
                        f"(default: ${VENDOR_GIT_ENV})")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    if not args.vendor_git:
        print(f"scan: error: no vendor repository: give --vendor-git DIR or set "
              f"{VENDOR_GIT_ENV} (git clone --bare https://github.com/{VENDOR} DIR)",
              file=sys.stderr)
        return 2
    if not Path(args.vendor_git).exists():
        print(f"scan: error: --vendor-git {args.vendor_git}: no such git directory",
              file=sys.stderr)
        return 2
    table, notes = scan(args.vendor_git)
    if args.json:
        print(json.dumps({pack: {r: dataclasses.asdict(c) for r, c in counts.items()}
                          for pack, counts in table.items()}, indent=1))
    else:
        print(render_table(table))
        for note in notes:
            print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
