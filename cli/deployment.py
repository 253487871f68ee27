"""Reading a deployment for the commands that plan work on it (`wa-upgrade plan`, `wa-shards
plan`): one CloudFormation client, AWS's failures and a remembered output that is not JSON as
one line, and the same refusal of a stack that is still changing or failed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from cli.aws_options import AwsTarget


class DeploymentUnreadable(Exception):
    """The deployment could not be read (AWS refused or is unreachable, no such stack)."""


@contextmanager
def reading(prefix: str, target: AwsTarget) -> Iterator:
    """A CloudFormation client of `target`; what fails while the deployment is read inside
    the block becomes DeploymentUnreadable, one line and no traceback."""
    from cli.deploy import _aws_errors, _one_line
    from deploy import run

    try:
        yield target.client("cloudformation")
    except _aws_errors() as error:  # no credentials, no network, no access
        raise DeploymentUnreadable(f"cannot read the stacks of {prefix} in {target.region}: "
                                   f"{_one_line(error)}") from None
    except run.RememberedUnreadable as error:  # not JSON, not an object, a later format
        raise DeploymentUnreadable(f"{error.stack} in {target.region}: its {run.OUTPUT} "
                                   f"output {error.reason}") from None


def settled(stack: dict, region: str, work: str) -> None:
    """Refuse a stack that is changing or failed: what it remembers may not be what runs."""
    status = stack["StackStatus"]
    if status.endswith(("_IN_PROGRESS", "_FAILED")):
        raise DeploymentUnreadable(f"{stack['StackName']} in {region} is {status}: plan the "
                                   f"{work} once it is complete")
