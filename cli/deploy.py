"""wa-deploy: the one deploy path. It changes only the inputs you name, shows what every stack
would add, modify, replace or remove, refuses to replace or remove the data, the keys, the
secrets, the logs or the load balancer unless asked, then deploys stack by stack through
change sets it reads before executing."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click

from cli.oneline import OneLineErrorCommand

EXIT_FAILED, EXIT_REFUSED = 1, 3


def parse_changes(values: tuple[str, ...]) -> dict[str, str]:
    changes: dict[str, str] = {}
    for value in values:
        key, sep, setting = value.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(f"-c {value!r} is not key=value: allowed e.g. -c shards=16")
        if key in changes:
            raise click.UsageError(f"-c {key} is given twice ({changes[key]!r} and "
                                   f"{setting!r}): allowed once")
        changes[key.strip()] = setting.strip()
    return changes


def _project_context() -> dict[str, str]:
    from deploy.cdk_cli import ROOT

    # the project's own defaults; the feature flags (@aws-cdk...) every app sets itself
    return {k: str(v) for k, v in json.loads((ROOT / "cdk.json").read_text()).get(
        "context", {}).items() if not k.startswith("@")}


def _say(message: str) -> None:
    click.echo(message, err=True)


@click.command("wa-deploy", cls=OneLineErrorCommand,
               context_settings={"help_option_names": ["-h", "--help"]},
               epilog="Example: wa-deploy -c shards=16 -c rate=100")
@click.option("-c", "--context", "contexts", multiple=True, metavar="KEY=VALUE",
              help="An input to change (the context keys of the CDK app, see README); every "
              "other input stays as the deployment remembers it.")
@click.option("--prefix", default="WaInfra", show_default=True,
              help="Stack name prefix of the deployment.")
@click.option("--allow-replace", "allowed", multiple=True, metavar="LOGICAL_ID",
              help="Let this protected resource be replaced or removed (repeat for more).")
@click.option("--dry-run", is_flag=True,
              help="Show what every stack would do and what would be refused; change nothing.")
def main(contexts, prefix, allowed, dry_run):
    """Deploy the CDK app through CloudFormation change sets, changing only the inputs you name.

    Exit codes: 0 deployed (or nothing to do, or a dry run), 1 a step failed, 2 bad input,
    3 refused: a protected resource (database, file system, key, secret, log group, load
    balancer) would be replaced or removed, and nothing was changed."""
    import boto3

    from cdk import context as cdk_context
    from deploy import cdk_cli, inputs, run
    from sizing import SizingError

    changes = parse_changes(contexts)
    base = _project_context()
    region = changes.get("region") or base.get("region") or "us-east-1"
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        cloudformation = boto3.client("cloudformation", region_name=region)
        remembered = run.remembered(cloudformation, prefix)
    except (BotoCoreError, ClientError) as error:  # no credentials, no network, no access
        _say(f"wa-deploy: error: cannot read stack {prefix}-Network in {region}: "
             f"{' '.join(str(error).split())}")
        sys.exit(EXIT_FAILED)
    if remembered == {} and "ssl" not in changes:
        # deployed before the inputs were remembered: its hosts may not hold the DB's CA
        # bundle, and TLS to the DB has since become the default
        raise click.UsageError(
            f"{prefix} was deployed before it remembered its inputs: name -c ssl=false or "
            "-c ssl=true (the default is now true; README: turning TLS on for a running "
            "cluster)")
    wanted = {**(remembered or base), **changes, "prefix": prefix}
    try:
        plan, deployment = cdk_context.read(wanted.get, known=set(wanted))
    except SizingError as error:
        raise click.UsageError(str(error)) from None
    effective = inputs.effective(plan, deployment)
    state = "a new deployment" if remembered is None else "deployed"
    _say(f"wa-deploy: {prefix} in {region} ({state}); inputs changed: "
         + ("; ".join(inputs.changed(remembered, effective)) or "none"))
    with tempfile.TemporaryDirectory(prefix="wa-deploy-") as folder:
        try:
            run.synthesize(effective, Path(folder))
            plans = run.analyse(cloudformation, Path(folder))
            for stack in plans:
                click.echo(stack.summary())
                for change in stack.changes:
                    if stack.exists:
                        click.echo(f"  {change.line()}")
            run.check(plans, allowed)
            if dry_run:
                _say("dry run: nothing changed")
                return
            run.execute(cloudformation, Path(folder), plans, allowed, _say)
        except run.Refused as refused:
            for line in str(refused).splitlines():
                click.echo(f"refused: {line}", err=True)
            _say("wa-deploy: " + (f"already deployed by this run: {', '.join(refused.done)}"
                                  if refused.done else "nothing was changed by this run"))
            sys.exit(EXIT_REFUSED)
        except (BotoCoreError, ClientError) as error:
            _say(f"wa-deploy: error: {' '.join(str(error).split())}")
            sys.exit(EXIT_FAILED)
        except (cdk_cli.CdkFailed, run.DeployFailed) as failed:
            lines = str(failed).strip().splitlines()
            _say(f"wa-deploy: error: {lines[0]}" + "".join(f"\n  {x}" for x in lines[-15:][1:]))
            sys.exit(EXIT_FAILED)
    _say(f"wa-deploy: {prefix} deployed")


if __name__ == "__main__":
    main()
