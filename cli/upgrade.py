"""wa-upgrade: plan a client upgrade of a deployment (backup, database upgrade, services)."""

from __future__ import annotations

import json

import click

from cli.aws_options import AwsTarget, aws_options, resolve
from cli.deployment import DeploymentUnreadable, reading, settled
from cli.oneline import VERSION, OneLineErrorGroup, ParsedBy
from contract.deployment import Deployment
from deploy.upgrade_steps import MissingOutputs, parse_tag

TAG = ParsedBy("tag", parse_tag, "vX.Y.Z")

def _prefix(value: str) -> str:
    from cdk.context import parse_prefix

    return parse_prefix(value)


@click.group("wa-upgrade", cls=OneLineErrorGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@VERSION
def main():
    """Upgrade the WhatsApp Business API client of a deployment to a new version.

    `plan` prints the ordered steps with the exact commands. Exit codes: 0 plan printed (or
    nothing to do), 1 the deployment could not be read, 2 bad input.
    """


main.runtime_errors = (DeploymentUnreadable,)


def read_deployment(prefix: str, target: AwsTarget):
    """The Enterprise stack's outputs and the inputs the deployment remembers."""
    from deploy import run
    from deploy.upgrade_steps import Deployed

    stack_name = f"{prefix}-{run.TIERS[-1]}"
    region = target.region
    with reading(prefix, target) as cloudformation:
        remembered = run.remembered(cloudformation, prefix)
        stack, database = None, []
        if remembered:
            stack, = cloudformation.describe_stacks(StackName=stack_name)["Stacks"]
            database = _database_outputs(cloudformation, prefix)
    if remembered is None:
        raise DeploymentUnreadable(f"no stack of {prefix} in {region}: name the deployment's "
                                   "--prefix and --region")
    if not isinstance(remembered, dict) or not remembered.get("image_tag"):
        raise DeploymentUnreadable(
            f"{stack_name} in {region} remembers no inputs (no {run.OUTPUT} output with "
            "image_tag: deployed before wa-deploy remembered them, or a first deploy that did "
            "not finish): deploy it with wa-deploy first (docs/deploy.md)")
    settled(stack, region, "upgrade")
    _, partition, _, _, account, _ = stack["StackId"].split(":", 5)
    outputs = {o["OutputKey"]: o["OutputValue"]
               for o in [*database, *stack.get("Outputs", [])]}
    return Deployed(prefix, region, partition, account, outputs,
                    {k: str(v) for k, v in remembered.items()}, target.profile)


def _database_outputs(cloudformation, prefix: str) -> list[dict]:
    """The database tier's outputs (its instance or cluster identifier); none with an
    existing database, which has no such stack."""
    from botocore.exceptions import ClientError

    try:
        stacks = cloudformation.describe_stacks(StackName=f"{prefix}-Database")["Stacks"]
    except ClientError as error:
        if "does not exist" in str(error):
            return []
        raise
    return [o for s in stacks for o in s.get("Outputs", [])]


@main.command("plan")
@click.option("--to", "to_tag", type=TAG, required=True,
              help="Version to upgrade to: v<major>.<minor>.<patch> (e.g. v2.53.1).")
@click.option("--prefix", type=ParsedBy("prefix", _prefix, "PREFIX"), default=Deployment.prefix,
              show_default=True, help="Stack name prefix: which deployment.")
@aws_options
@click.option("--allow-downgrade", is_flag=True,
              help="Plan it even when --to is older than the deployed version (or the "
              "deployed tag is not a version).")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
def plan_command(to_tag, prefix, region, profile, allow_downgrade, as_json):
    """Ordered steps from the deployed image_tag to --to, with the command for each step.

    Back up the database and the file system; point the database-upgrade task at --to
    (wa-deploy -c upgrade_tag), run it and wait for exit code 0 (MySQL and Aurora MySQL: seed
    003 documents that service for MySQL only); roll the services (wa-deploy -c image_tag:
    Webapps, then Masters, then Coreapps, each stable before the next); check /v1/health
    (wa-shards health). A downgrade (--allow-downgrade) restores the snapshot taken before
    the upgrade instead and rolls the services back on it. It reads the deployment (its
    Enterprise stack) and changes nothing.
    Exit codes: 0 plan printed (or nothing to do), 1 the deployment could not be read, 2 bad
    input (a tag not vX.Y.Z, a downgrade without --allow-downgrade).
    """
    from deploy.upgrade_steps import plan_upgrade

    deployed = read_deployment(prefix, resolve(region, profile))
    try:
        plan = plan_upgrade(deployed, to_tag, allow_downgrade)
    except MissingOutputs as missing:
        raise DeploymentUnreadable(str(missing)) from None
    if as_json:
        click.echo(json.dumps(plan.to_dict(), indent=2))
        return
    click.echo(plan.text())

if __name__ == "__main__":
    main()
