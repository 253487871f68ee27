"""wa-lint: cfn-lint, checkov and cdk-nag over every generated template, one line each."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from cli.oneline import OneLineErrorCommand
from gates import runner


@click.command("wa-lint", cls=OneLineErrorCommand,
               context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path),
              default=runner.ROOT / "templates" / "dist", show_default=True,
              help="Folder of plain templates (*.yaml) to lint.")
@click.option("--cdk/--no-cdk", default=True, show_default=True,
              help="Synthesize the CDK app (default context, cdk-nag on) and lint its output.")
@click.option("--checkov", "checkov_path", type=click.Path(dir_okay=False, path_type=Path),
              default=runner.CHECKOV, show_default=True,
              help="checkov executable (its own virtualenv, made by `make setup`).")
def main(templates_dir, cdk, checkov_path):
    """Fail (exit 1) on any finding: cfn-lint errors or warnings, checkov failed checks not in
    checkov-allowlist.yaml, unacknowledged cdk-nag findings. Exit 2: a tool is missing."""
    if not checkov_path.exists():
        raise click.UsageError(f"checkov {checkov_path} is missing: run `make setup`")
    plain = sorted(templates_dir.glob("*.yaml"))
    with tempfile.TemporaryDirectory() as outdir:
        nag, cdk_templates = None, []
        if cdk:
            click.echo("synthesizing the CDK app with cdk-nag ...", err=True)
            nag = runner.synth_with_nag(Path(outdir))
            cdk_templates = sorted(Path(outdir).glob("*.template.json"))
        if not plain and not cdk_templates:
            raise click.UsageError(f"no templates in {templates_dir}")
        click.echo(f"linting {len(cdk_templates) + len(plain)} templates ...", err=True)
        reports = runner.lint(cdk_templates, plain, nag, checkov_path)
    for line in runner.summary(reports):
        click.echo(line)
    totals = runner.counted(reports)
    click.echo(f"total: cfn-lint {totals['cfn_lint']}, checkov {totals['checkov']} "
               f"({totals['allowed']} allow-listed), cdk-nag {totals['nag']}")
    if not all(r.ok for r in reports):
        raise SystemExit(1)
