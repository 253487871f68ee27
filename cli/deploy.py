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
        key = key.strip()
        if key in changes:
            raise click.UsageError(f"-c {key} is given twice ({changes[key]!r} and "
                                   f"{setting.strip()!r}): allowed once")
        changes[key] = setting.strip()
    return changes


def _project_context() -> dict[str, str]:
    from deploy.cdk_cli import ROOT

    # the project's own defaults; the feature flags (@aws-cdk...) every app sets itself
    return {k: str(v) for k, v in json.loads((ROOT / "cdk.json").read_text()).get(
        "context", {}).items() if not k.startswith("@")}


def _say(message: str) -> None:
    click.echo(message, err=True)


def _aws_errors() -> tuple[type[Exception], ...]:
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError  # an endpoint answering garbage

    return BotoCoreError, ClientError, ResponseParserError


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _check_before_aws(changes: dict[str, str], unset: tuple[str, ...], prefix: str,
                      region: str) -> None:
    """What can be refused without the deployment: unknown keys, the prefix, the region, and
    a value that is wrong whatever else the deployment remembers (shards=3)."""
    from cdk import context as cdk_context

    if "prefix" in changes or "prefix" in unset:
        raise click.UsageError("-c prefix is not an input of a deployment: allowed --prefix "
                               "NAME, which picks the deployment")
    for key in [*changes, *unset]:
        if key not in cdk_context.KNOWN_KEYS:
            raise click.UsageError(f"context key {key!r} is unknown: allowed "
                                   f"{', '.join(sorted(cdk_context.KNOWN_KEYS))}")
    for key in unset:
        if key in changes:
            raise click.UsageError(f"--unset {key} and -c {key}=... both given: allowed one")
    from sizing import SizingError

    try:
        cdk_context.read({"prefix": prefix, "region": region}.get)
    except SizingError as error:
        raise click.UsageError(str(error)) from None
    for key, value in changes.items():
        if key in READ_WITH_OTHERS:
            continue
        try:
            cdk_context.read({"prefix": prefix, "region": region, key: value}.get)
        except SizingError as error:
            if str(error).startswith(f"{key} "):  # about this value, not a combination
                raise click.UsageError(str(error)) from None


# Keys whose values are judged with other inputs the deployment may remember (db_port with
# db_host, api_cidrs with vpc_cidr and allow_world_api, ...): checked after reading it.
READ_WITH_OTHERS = frozenset({
    "db_port", "db_secret_arn", "vpc_id", "vpc_azs", "public_subnet_ids", "private_subnet_ids",
    "vpc_cidr", "api_cidrs", "allow_world_api", "db_ca_url", "db_iops", "db_storage_type",
    "az_count"})


@click.command("wa-deploy", cls=OneLineErrorCommand,
               context_settings={"help_option_names": ["-h", "--help"]},
               epilog="Example: wa-deploy -c shards=16 -c rate=100")
@click.version_option(package_name="wa-infra")
@click.option("-c", "--context", "contexts", multiple=True, metavar="KEY=VALUE",
              help="An input to change (the context keys of the CDK app, see README); every "
              "other input stays as the deployment remembers it.")
@click.option("--unset", multiple=True, metavar="KEY",
              help="Forget a remembered input, back to its default (e.g. --unset api_cidrs for "
              "an internal load balancer again).")
@click.option("--prefix", default="WaInfra", show_default=True,
              help="Stack name prefix: which deployment.")
@click.option("--new", "create", is_flag=True,
              help="Create the deployment (required when no stack of --prefix exists in the "
              "region, so that a typo in --prefix or the region never builds a second one).")
@click.option("--allow-replace", "allowed", multiple=True, metavar="LOGICAL_ID",
              help="Let this protected resource be replaced or removed (repeat for more).")
@click.option("--dry-run", is_flag=True,
              help="Show what every stack would do and what would be refused; change nothing.")
def main(contexts, unset, prefix, create, allowed, dry_run):
    """Deploy the CDK app through CloudFormation change sets, changing only the inputs you name.

    Exit codes: 0 deployed (or nothing to do, or a dry run with nothing refused), 1 a step
    failed, 2 bad input, 3 refused: a protected resource (database, file system, key, secret,
    log group, load balancer) would be replaced or removed, or an export in use would change;
    the refused stack and those after it are left as they were."""
    import boto3

    from cdk import context as cdk_context
    from deploy import cdk_cli, inputs, run
    from sizing import SizingError

    cdk_cli.stop_on_termination()
    changes = parse_changes(contexts)
    base = _project_context()
    region = changes.get("region") or base.get("region") or "us-east-1"
    _check_before_aws(changes, unset, prefix, region)
    aws_errors = _aws_errors()
    try:
        cloudformation = boto3.client("cloudformation", region_name=region)
        remembered = run.remembered(cloudformation, prefix)
        deployed = run.deployed_stacks(cloudformation, prefix) if remembered is not None else []
    except aws_errors as error:  # no credentials, no network, no access
        _say(f"wa-deploy: error: cannot read the stacks of {prefix} in {region}: "
             f"{_one_line(error)}")
        sys.exit(EXIT_FAILED)
    kept = {k: v for k, v in (remembered or base).items() if k not in unset}
    wanted = {**kept, **changes, "prefix": prefix}
    try:
        plan, deployment = cdk_context.read(wanted.get, known=set(wanted))
    except SizingError as error:
        raise click.UsageError(str(error)) from None
    if remembered is None and not create and not dry_run:
        raise click.UsageError(f"no stack of {prefix} in {region}: add --new to create the "
                               "deployment there, or name the deployment's --prefix and "
                               "-c region")
    if remembered is not None and create:
        raise click.UsageError(f"{prefix} already exists in {region}: leave --new out to "
                               "change it")
    if remembered == {} and "ssl" not in changes:
        # deployed before the inputs were remembered: its hosts may not hold the DB's CA
        # bundle, and TLS to the DB has since become the default
        raise click.UsageError(
            f"{prefix} exists but remembers no inputs (deployed before wa-deploy remembered "
            "them, or a first deploy that did not finish): name -c ssl=false or -c ssl=true "
            "and every input it was deployed with (README: turning TLS on)")
    effective = inputs.effective(plan, deployment)
    if remembered is None:  # every input would read "(unset) -> ...": say what was given
        _say(f"wa-deploy: {prefix} in {region} (a new deployment); inputs given: "
             + ("; ".join(f"{k}={v}" for k, v in changes.items())
                or "none (cdk.json and the defaults)"))
    else:
        _say(f"wa-deploy: {prefix} in {region} (deployed); inputs changed: "
             + ("; ".join(inputs.changed(remembered, effective)) or "none"))
    with tempfile.TemporaryDirectory(prefix="wa-deploy-") as folder:
        try:
            for line in run.synthesize(effective, Path(folder)):
                _say(line)  # the plan, and the app's warnings (a world-open API, ...)
            plans = run.analyse(cloudformation, Path(folder), deployed)
            for stack in plans:
                click.echo(stack.summary())
                for change in stack.changes:
                    if stack.exists:
                        click.echo(f"  {change.line()}")
            for name in sorted(set(deployed) - {p.name for p in plans}):
                _say(f"warning: {name} is deployed but no longer part of {prefix}: it stays "
                     "as it is (with what it holds) until you delete it yourself")
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
        except aws_errors as error:
            _say(f"wa-deploy: error: {_one_line(error)}")
            sys.exit(EXIT_FAILED)
        except (cdk_cli.CdkFailed, run.DeployFailed) as failed:
            lines = str(failed).strip().splitlines()
            _say(f"wa-deploy: error: {lines[0]}" + "".join(f"\n  {x}" for x in lines[-15:][1:]))
            sys.exit(EXIT_FAILED)
    _say(f"wa-deploy: {prefix} deployed")


if __name__ == "__main__":
    main()
