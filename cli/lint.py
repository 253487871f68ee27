"""wa-lint: cfn-lint, checkov, cdk-nag and the cluster contract over every generated template."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from cli.oneline import VERSION, OneLineErrorCommand
from gates import runner


def _contract(cdk: bool, templates_dir: Path, nag_outdir: Path | None, workdir: Path):
    """Verifications of the contract over both grids, and of the default renderings whose
    templates the table lists (the CDK app as wa-lint synthesized it, the plain folder)."""
    from gates import renderings

    verified, defaults = {}, {}
    if cdk:
        from cdk import context, grids

        click.echo("synthesizing the contract grid ...", err=True)
        verified.update({r.name: r.verify() for r in grids.synth_grid(workdir).values()})
        plan, deployment = context.read(lambda _key: None)
        defaults["cdk"] = renderings.cdk_rendering(
            "default", nag_outdir, plan, deployment).verify().ok
    try:
        plain = renderings.load_plain(templates_dir)
    except Exception as error:  # a file that does not parse: cfn-lint names the error
        click.echo(f"contract: cannot read {templates_dir}: {str(error).splitlines()[0]}",
                   err=True)
        plain = {}
    if renderings.ROOT_TEMPLATE in plain:
        grid = renderings.verify_plain(plain)
        verified.update(grid)
        defaults["plain"] = grid["plain default"].ok
    return verified, defaults


@click.command("wa-lint", cls=OneLineErrorCommand,
               context_settings={"help_option_names": ["-h", "--help"]})
@VERSION
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path),
              default=runner.ROOT / "templates" / "dist",
              show_default="templates/dist of this project",
              help="Folder of plain templates (*.yaml) to lint.")
@click.option("--cdk/--no-cdk", default=True, show_default=True,
              help="Synthesize the CDK app (default context, cdk-nag on) and lint its output, "
              "and check the contract on the app over a grid of contexts.")
@click.option("--checkov", "checkov_path", type=click.Path(dir_okay=False, path_type=Path),
              default=runner.CHECKOV, show_default=".venv-checkov/bin/checkov of this project",
              help="checkov executable (its own virtualenv, made by `make setup`).")
def main(templates_dir, cdk, checkov_path):
    """Fail (exit 1) on any finding: cfn-lint errors or warnings, checkov failed checks not in
    checkov-allowlist.yaml, unacknowledged cdk-nag findings, or a rendering that breaks the
    cluster contract (a flow the client needs is blocked, a rule opens more than it asks for,
    a container or host setting differs). Exit 2: a tool is missing."""
    if not checkov_path.exists():
        raise click.UsageError(f"checkov {checkov_path} is missing: run `make setup`")
    plain = sorted(templates_dir.glob("*.yaml"))
    odd = [path.name for path in plain if not path.is_file()]  # a folder, a FIFO, a device
    if odd:
        raise click.UsageError(f"{', '.join(odd)} in {templates_dir} is not a regular file: "
                               "allowed plain template files (*.yaml) only")
    too_big = [path.name for path in plain if path.stat().st_size > runner.MAX_TEMPLATE_BYTES]
    if too_big:  # CloudFormation takes 1 MB from S3; a bigger file is no template
        raise click.UsageError(f"{', '.join(too_big)} is larger than "
                               f"{runner.MAX_TEMPLATE_BYTES // 1_000_000} MB: allowed a "
                               "CloudFormation template (1 MB at most)")
    for path in plain:
        _refuse_aliases(path)
    with tempfile.TemporaryDirectory() as outdir, tempfile.TemporaryDirectory() as griddir:
        nag, cdk_templates = None, []
        if cdk:
            click.echo("synthesizing the CDK app with cdk-nag ...", err=True)
            nag = runner.synth_with_nag(Path(outdir))
            cdk_templates = sorted(Path(outdir).glob("*.template.json"))
        if not plain and not cdk_templates:
            raise click.UsageError(f"no templates in {templates_dir}")
        click.echo(f"linting {len(cdk_templates) + len(plain)} templates ...", err=True)
        reports = runner.lint(cdk_templates, plain, nag, checkov_path)
        verified, defaults = _contract(cdk, templates_dir, Path(outdir), Path(griddir))
    for report in reports:
        report.contract = defaults.get("cdk" if report.nag is not None else "plain")
    for line in runner.summary(reports):
        click.echo(line)
    totals = runner.counted(reports)
    click.echo(f"total: cfn-lint {totals['cfn_lint']}, checkov {totals['checkov']} "
               f"({totals['allowed']} allow-listed), cdk-nag {totals['nag']}")
    if verified:
        click.echo("contract: every flow the client needs allowed, nothing else open, "
                   "containers and hosts as the contract says")
        width = max(map(len, verified))
        for name, verification in verified.items():
            status = "ok" if verification.ok else "FAIL"
            click.echo(f"{name:<{width}}  {verification.summary()}  {status}")
            for line in verification.lines():
                click.echo(f"    {line}")
    if not all(r.ok for r in reports) or not all(v.ok for v in verified.values()):
        raise SystemExit(1)


def _refuse_aliases(path: Path) -> None:
    """CloudFormation takes no YAML aliases, and a few nested ones expand into billions of nodes
    (a "billion laughs" file hangs every tool that walks it): the parser's events show an alias
    without expanding it. A file that does not parse is cfn-lint's to report."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open("rb") as stream:
            for event in yaml.parse(stream, Loader=loader):
                if isinstance(event, yaml.AliasEvent):
                    line = event.start_mark.line + 1 if event.start_mark else "?"
                    raise click.UsageError(
                        f"{path.name} uses a YAML alias (*{event.anchor}, line {line}): allowed "
                        "a CloudFormation template, which takes no aliases")
    except yaml.YAMLError:
        return


# A tool that fails to run (cdk synth, checkov without a report): one line, exit 1.
main.runtime_errors = (RuntimeError,)


if __name__ == "__main__":
    main()
