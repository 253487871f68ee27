"""Deploy rehearsal with the real CDK CLI against a local moto endpoint (`make deploy-local`).

    python -m tests.support.rehearsal [-c rate=250 -c shards=32 ...] [--destroy] [--hold]

Starts moto on loopback, runs `npx cdk bootstrap` and `npx cdk deploy --all` (stack events
print as they happen), prints the stacks' outputs and what the cluster looks like, then stops
the endpoint. Nothing leaves the machine; no AWS account or credentials are read.

This lives under tests/ on purpose: it needs the moto compatibility layer, which must never
ship with what users deploy to AWS.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import click

from tests.support import local_cloud
from tests.support.local_endpoint import Endpoint, running

ROOT = Path(__file__).resolve().parents[2]
CDK_TIMEOUT_S = 300  # a moto HTTP 500 costs the CLI ~50 s of retries: fail, do not hang


class CdkFailed(RuntimeError):
    """A CDK CLI command exited non-zero; the message holds its exit code and output."""


def cdk(endpoint: Endpoint, *args: str, capture: bool = True,
        timeout: float = CDK_TIMEOUT_S, extra_env: dict[str, str] | None = None) -> str:
    """Run `npx cdk <args>` from the project root against the endpoint. With capture, returns
    its combined output; otherwise it streams to the terminal. Raises CdkFailed on failure."""
    npx = shutil.which("npx")
    if npx is None:
        raise CdkFailed("npx not found: install Node 20 and run `make setup`")
    command = [npx, "--no-install", "cdk", *args, "--no-notices"]
    env = dict(endpoint.env, **(extra_env or {}))
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, timeout=timeout, text=True,
                              stdout=subprocess.PIPE if capture else None,
                              stderr=subprocess.STDOUT if capture else None)
    except subprocess.TimeoutExpired as expired:
        raise CdkFailed(f"`cdk {' '.join(args)}` did not finish in {timeout:g} s\n"
                        f"{expired.output or ''}") from None
    if done.returncode != 0:
        raise CdkFailed(f"`cdk {' '.join(args)}` exited {done.returncode}\n{done.stdout or ''}")
    return done.stdout or ""


def context_args(context: dict[str, str]) -> list[str]:
    return [arg for key, value in context.items() for arg in ("-c", f"{key}={value}")]


def bootstrap(endpoint: Endpoint, **kwargs) -> str:
    return cdk(endpoint, "bootstrap", endpoint.environment, **kwargs)


def deploy(endpoint: Endpoint, context: dict[str, str], **kwargs) -> str:
    return cdk(endpoint, "deploy", "--all", "--require-approval", "never",
               "--progress", "events", *context_args(context), **kwargs)


def destroy(endpoint: Endpoint, context: dict[str, str], **kwargs) -> str:
    """As an operator must before destroying production: turn the load balancer's deletion
    protection off (CloudFormation cannot delete it otherwise), then `cdk destroy`."""
    released = release_load_balancers()
    out = cdk(endpoint, "destroy", "--all", "--force", *context_args(context), **kwargs)
    return "".join(f"deletion protection turned off: {name}\n" for name in released) + out


def release_load_balancers() -> list[str]:
    """Turn deletion protection off on every load balancer that has it; returns their names."""
    import boto3

    elbv2 = boto3.client("elbv2")
    released = []
    for balancer in elbv2.describe_load_balancers()["LoadBalancers"]:
        arn = balancer["LoadBalancerArn"]
        attributes = elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]
        if {"Key": "deletion_protection.enabled", "Value": "true"} in attributes:
            elbv2.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
                {"Key": "deletion_protection.enabled", "Value": "false"}])
            released.append(balancer["LoadBalancerName"])
    return released


def stack_outputs() -> dict[str, dict[str, str]]:
    """Every stack's outputs by stack name, read from the endpoint with boto3."""
    import boto3

    stacks = boto3.client("cloudformation").describe_stacks()["Stacks"]
    return {s["StackName"]: local_cloud.outputs(s) for s in stacks
            if s["StackName"] != "CDKToolkit"}


def cluster_view() -> list[str]:
    """What was created, in the plan's terms: the Auto Scaling group, ECS services, RDS."""
    state = local_cloud.cluster_state()
    low, desired, high = state["ec2"]
    lines = [f"EC2 hosts (Auto Scaling group): min {low}, desired {desired}, max {high}"]
    lines += [f"ECS {name}: desired {count}" for name, count in state["services"].items()]
    lines += [f"RDS {db['Engine']} {db['DBInstanceClass']}, Multi-AZ {db['MultiAZ']}, "
              f"encrypted {db['StorageEncrypted']}" for db in state["databases"]]
    return lines


def kept_view() -> list[str]:
    """What a destroy leaves behind on purpose: the data and the keys that open it."""
    import boto3

    rds, efs, kms = (boto3.client(n) for n in ("rds", "efs", "kms"))
    lines = [f"RDS snapshot {s['DBSnapshotIdentifier']}"
             for s in rds.describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]]
    lines += [f"EFS file system {f['FileSystemId']} (retained)"
              for f in efs.describe_file_systems()["FileSystems"]]
    keys = [k for k in kms.list_keys()["Keys"]
            if kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"]
    secrets = boto3.client("secretsmanager").list_secrets()["SecretList"]
    lines.append(f"{len(keys)} KMS keys and {len(secrets)} secrets (retained)")
    return lines


def deployed_contract(context: dict[str, str]):
    """The cluster contract's flows on what the endpoint holds now (security groups, routes,
    load balancer read back through the AWS APIs), for the app as `cdk deploy` synthesized it."""
    import boto3

    from cdk import context as cdk_context
    from gates import renderings
    from gates.deployed import check_deployed

    settings = {**json.loads((ROOT / "cdk.json").read_text()).get("context", {}), **context}
    plan, deployment = cdk_context.read(settings.get)
    rendering = renderings.cdk_rendering("deployed", ROOT / "cdk.out", plan, deployment)
    names = {path: path for path in rendering.deployment.stacks}
    return check_deployed(rendering.deployment, rendering.expectation, names, boto3)


def _parse_context(values: tuple[str, ...]) -> dict[str, str]:
    context = {}
    for value in values:
        key, sep, setting = value.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{value!r} is not key=value (e.g. shards=16)",
                                     param_hint="-c/--context")
        context[key] = setting
    return context


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-c", "--context", "contexts", multiple=True, metavar="KEY=VALUE",
              help="CDK context for the app, as for `cdk deploy -c` (rate, shards, ssl, ...). "
                   "Default: the embedded plan (100 msg/s, 8 shards, production).")
@click.option("--destroy", "then_destroy", is_flag=True,
              help="Run `cdk destroy --all --force` after the deploy.")
@click.option("--hold", is_flag=True,
              help="Keep the endpoint up until Ctrl-C, to look around with "
                   "`aws --endpoint-url`.")
def main(contexts: tuple[str, ...], then_destroy: bool, hold: bool) -> None:
    """Rehearse `cdk deploy` of the wa-infra stacks against a local moto endpoint."""
    context = _parse_context(contexts)
    started = time.monotonic()
    with running() as endpoint:
        click.echo(f"[1/3] local endpoint up at {endpoint.url} (moto, account "
                   f"{local_cloud.ACCOUNT}, {local_cloud.REGION})", err=True)
        try:
            click.echo("[2/3] cdk bootstrap", err=True)
            bootstrap(endpoint, capture=False)
            click.echo("[3/3] cdk deploy --all (stack events as they happen)", err=True)
            deploy(endpoint, context, capture=False)
            click.echo("\nOutputs (cross-stack exports left out):")
            for name, outputs in sorted(stack_outputs().items()):
                for key, value in sorted(outputs.items()):
                    if not key.startswith("ExportsOutput"):
                        click.echo(f"  {name}.{key} = {value}")
            click.echo("\nWhat exists now:")
            for line in cluster_view():
                click.echo(f"  {line}")
            report = deployed_contract(context)
            click.echo(f"\nCluster contract on the deployed state: {report.summary()}")
            for line in report.lines():
                click.echo(f"  {line}")
            if not report.ok:
                raise CdkFailed("the deployed cluster breaks the contract (lines above)")
            click.echo("\nAccepted but not modelled by moto (checked on the templates by "
                       "`make test` instead):\n  " + ", ".join(sorted(endpoint.unmodelled)))
            if then_destroy:
                click.echo("\ncdk destroy --all --force", err=True)
                for name in release_load_balancers():
                    click.echo(f"deletion protection of load balancer {name} turned off, as "
                               "before destroying a production deployment", err=True)
                destroy(endpoint, context, capture=False)
                click.echo("\nKept after destroy:")
                for line in kept_view():
                    click.echo(f"  {line}")
            if hold:
                click.echo(f"\nEndpoint {endpoint.url} stays up; Ctrl-C stops it.", err=True)
                while True:
                    time.sleep(3600)
        except CdkFailed as failure:
            click.echo(f"deploy-local: {failure}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            pass
        finally:
            click.echo(f"local endpoint stopped after {time.monotonic() - started:.0f} s",
                       err=True)


if __name__ == "__main__":
    main()
