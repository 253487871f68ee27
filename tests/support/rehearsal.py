"""Deploy rehearsal with the real CDK CLI against a local moto endpoint (`make deploy-local`).

    python -m tests.support.rehearsal [-c rate=250 -c shards=32 ...] [--destroy] [--hold]

Starts moto on loopback, runs `npx cdk bootstrap` and `npx cdk deploy --all` (stack events
print as they happen), prints the stacks' outputs and what the cluster looks like, then stops
the endpoint. Nothing leaves the machine; no AWS account or credentials are read.

This lives under tests/ on purpose: it needs the moto compatibility layer, which must never
ship with what users deploy to AWS.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import click
from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from deploy import cdk_cli
from deploy import run as deploy_run
from deploy.cdk_cli import CdkFailed, stop_on_termination
from deploy.retire import RetireFailed
from tests.support import local_cloud
from tests.support.local_endpoint import Endpoint, running

ROOT = Path(__file__).resolve().parents[2]
CDK_TIMEOUT_S = 300  # a moto HTTP 500 costs the CLI ~50 s of retries: fail, do not hang
REFUSED = 3  # wa-deploy's exit code when it refuses a change
BAD_INPUT = 2  # ... and when an input is wrong (said before anything is touched)


class _Stopped(Exception):
    """The first deploy did not run: the rehearsal ends with its exit code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def cdk(endpoint: Endpoint, *args: str, capture: bool = True,
        timeout: float = CDK_TIMEOUT_S, extra_env: dict[str, str] | None = None) -> str:
    """Run `npx cdk <args>` from the project root against the endpoint (its own process group:
    an interrupt stops it too). With capture, returns its combined output; otherwise it
    streams to the terminal. Raises CdkFailed on failure."""
    return cdk_cli.run(*args, capture=capture, timeout=timeout,
                       env=dict(endpoint.env, **(extra_env or {})))


def wa_deploy(endpoint: Endpoint, *args: str, capture: bool = True,
              timeout: float = CDK_TIMEOUT_S, extra_env: dict[str, str] | None = None,
              ) -> subprocess.CompletedProcess:
    """`wa-deploy <args>` against the endpoint; exit 0, 2 (bad input) and 3 (refused) come
    back, any other raises CdkFailed."""
    return cdk_cli.run_command([sys.executable, "-m", "cli.deploy", *args],
                               f"wa-deploy {' '.join(args)}", capture=capture,
                               timeout=timeout, env=dict(endpoint.env, **(extra_env or {})),
                               accept=(0, BAD_INPUT, REFUSED))


def context_args(context: dict[str, str]) -> list[str]:
    return [arg for key, value in context.items() for arg in ("-c", f"{key}={value}")]


def bootstrap(endpoint: Endpoint, *args: str, **kwargs) -> str:
    """`cdk bootstrap` of the named environment. It needs nothing from the app, yet the CLI
    runs the app of cdk.json first (a synth, ~7 s, printing a plan nobody asked for): it is
    given a cloud assembly of one empty stack instead (one with no stack is refused)."""
    import tempfile

    import aws_cdk

    with tempfile.TemporaryDirectory(prefix="wa-bootstrap-") as folder:
        app = aws_cdk.App(outdir=folder)
        aws_cdk.Stack(app, "Bootstrap")
        app.synth()
        return cdk(endpoint, "bootstrap", endpoint.environment, "--app", folder, *args,
                   **kwargs)


def deploy(endpoint: Endpoint, context: dict[str, str], new: bool = False,
           **kwargs) -> subprocess.CompletedProcess:
    """The deployment's inputs changed by `context`, deployed the one way: wa-deploy (`new`:
    the first deploy, which creates the stacks), answering its question with --yes."""
    return wa_deploy(endpoint, *context_args(context), *(["--new"] if new else []), "--yes",
                     **kwargs)


def destroy(endpoint: Endpoint, context: dict[str, str], **kwargs) -> str:
    """As an operator must before destroying production: turn the load balancer's deletion
    protection off (CloudFormation cannot delete it otherwise), then `cdk destroy`."""
    released = release_load_balancers()
    out = cdk(endpoint, "destroy", "--all", "--force", *context_args(context), **kwargs)
    return "".join(f"deletion protection turned off: {name}\n" for name in released) + out


def retire(endpoint: Endpoint, prefix: str = "WaInfra", capture: bool = True, **kwargs):
    """Retire as an operator does, `wa-deploy destroy --prefix P --yes`, with the data proven
    kept: before it, what the engine will keep (read only) and a fingerprint of the data
    (data_marks); after it, every kept thing looked up and every mark read back. Returns
    (wa-deploy's run, the plan, the problems found: none when all is kept and readable)."""
    import boto3

    from deploy import retire as engine

    session = boto3.Session()
    plan = engine.plan_retirement(session.client("cloudformation"), prefix,
                                  session.region_name)
    marks = data_marks(plan)
    done = wa_deploy(endpoint, "destroy", "--prefix", prefix, "--yes", capture=capture,
                     **kwargs)
    return done, plan, kept_problems(plan) + marks_problems(marks)


MARK = "wa-infra rehearsal: written before the retire"


def data_marks(plan) -> dict[str, dict[str, str]]:
    """Data a retire must leave readable, written or read before it: a ciphertext of MARK
    under each kept key, each kept secret's value, a MARK event in each kept log group."""
    import boto3

    kms, secrets, logs = (boto3.client(n) for n in ("kms", "secretsmanager", "logs"))
    marks: dict[str, dict[str, str]] = {"key": {}, "secret": {}, "log": {}}
    for kept in plan.kept:
        if kept.type == "AWS::KMS::Key":
            marks["key"][kept.physical_id] = kms.encrypt(
                KeyId=kept.physical_id, Plaintext=MARK.encode())["CiphertextBlob"].hex()
        elif kept.type == "AWS::SecretsManager::Secret":
            marks["secret"][kept.physical_id] = secrets.get_secret_value(
                SecretId=kept.physical_id)["SecretString"]
        elif kept.type == "AWS::Logs::LogGroup":
            logs.create_log_stream(logGroupName=kept.physical_id, logStreamName="rehearsal")
            logs.put_log_events(logGroupName=kept.physical_id, logStreamName="rehearsal",
                                logEvents=[{"timestamp": int(time.time() * 1000),
                                            "message": MARK}])
            marks["log"][kept.physical_id] = MARK
    return marks


def marks_problems(marks: dict[str, dict[str, str]]) -> list[str]:
    """After the retire: each mark read back as it was written."""
    import boto3

    kms, secrets, logs = (boto3.client(n) for n in ("kms", "secretsmanager", "logs"))
    problems = []
    for key, blob in marks["key"].items():
        try:
            plain = kms.decrypt(CiphertextBlob=bytes.fromhex(blob))["Plaintext"].decode()
        except ClientError as error:
            plain = f"({error.response['Error']['Code']})"
        if plain != MARK:
            problems.append(f"key {key} no longer decrypts what it encrypted: {plain}")
    for arn, value in marks["secret"].items():
        try:
            now = secrets.get_secret_value(SecretId=arn)["SecretString"]
        except ClientError as error:
            now = f"({error.response['Error']['Code']})"
        if now != value:
            problems.append(f"secret {arn} no longer holds its value")
    for group in marks["log"]:
        try:
            events = logs.get_log_events(logGroupName=group, logStreamName="rehearsal")["events"]
        except ClientError:
            events = []
        if [e["message"] for e in events] != [MARK]:
            problems.append(f"log group {group} lost the event written before the retire")
    return problems


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


def kept_problems(plan) -> list[str]:
    """After a retire: each thing the plan keeps, looked up where it lives. Empty when all is
    there: the final snapshot of each database, the file systems, every key enabled (pending
    deletion is lost), the secrets not scheduled for deletion, the log groups and the
    parameters the plan keeps."""
    import boto3

    rds, efs, kms, secrets, logs, ssm = (boto3.client(n) for n in (
        "rds", "efs", "kms", "secretsmanager", "logs", "ssm"))
    problems = []
    for kept in plan.kept:
        what = f"{kept.stack}/{kept.logical_id} ({kept.type}) {kept.physical_id}"
        try:
            found = _look_up(kept, rds, efs, kms, secrets, logs, ssm)
        except ClientError:  # not found, by the API's own word
            found = []
        if found == []:
            problems.append(f"kept but not found: {what}")
    return problems


def _look_up(kept, rds, efs, kms, secrets, logs, ssm) -> list | None:
    """What the API finds of one kept thing; None: nothing to look up (no data in it)."""
    physical = kept.physical_id
    if kept.type == "AWS::RDS::DBInstance":  # kept as its final snapshot
        return [s for s in rds.describe_db_snapshots(DBInstanceIdentifier=physical)[
            "DBSnapshots"] if s["SnapshotType"] == "manual"]
    if kept.type == "AWS::RDS::DBCluster":
        return rds.describe_db_cluster_snapshots(DBClusterIdentifier=physical)[
            "DBClusterSnapshots"]
    if kept.type == "AWS::EFS::FileSystem":
        return efs.describe_file_systems(FileSystemId=physical)["FileSystems"]
    if kept.type == "AWS::KMS::Key":  # a key pending deletion is lost with what it opens
        state = kms.describe_key(KeyId=physical)["KeyMetadata"]["KeyState"]
        return [state] if state == "Enabled" else []
    if kept.type == "AWS::SecretsManager::Secret":
        secret = secrets.describe_secret(SecretId=physical)
        return [] if "DeletedDate" in secret else [secret]
    if kept.type == "AWS::Logs::LogGroup":
        return [g for g in logs.describe_log_groups(logGroupNamePrefix=physical)["logGroups"]
                if g["logGroupName"] == physical]
    if kept.type == "AWS::SSM::Parameter":
        return ssm.describe_parameters(ParameterFilters=[
            {"Key": "Name", "Values": [physical]}])["Parameters"]
    return None


def deployed_contract(prefix: str = "WaInfra"):
    """The cluster contract's flows on what the endpoint holds now (security groups, routes,
    load balancer read back through the AWS APIs), for the inputs the deployment remembers
    (synthesized here again: wa-deploy keeps no assembly)."""
    import os
    import tempfile

    import boto3

    os.environ.setdefault("CDK_VALIDATION", "false")  # the gates cover it; saves ~6 s
    from cdk import context as cdk_context
    from cdk.app import build, new_app
    from gates import renderings
    from gates.deployed import check_deployed

    remembered = deploy_run.remembered(boto3.client("cloudformation"), prefix)
    plan, deployment = cdk_context.read(remembered.get)
    with tempfile.TemporaryDirectory() as outdir:
        app = new_app(outdir=outdir)
        build(app, plan, deployment)
        app.synth()
        rendering = renderings.cdk_rendering("deployed", outdir, plan, deployment)
    names = {path: path for path in rendering.deployment.stacks}
    return check_deployed(rendering.deployment, rendering.expectation, names, boto3)


def client_start(prefix: str = "WaInfra") -> list[str]:
    """The deployed password parameter and the client tasks' roles (gates/deployed.py)."""
    import boto3

    from gates.deployed import client_start_problems

    cluster = stack_outputs()[f"{prefix}-Enterprise"]["ClusterName"]
    return client_start_problems(prefix, cluster, boto3)


def _parse_context(values: tuple[str, ...], option: str = "-c") -> dict[str, str]:
    """The same rules as wa-deploy's -c (cli/deploy.py): key=value, each key once, a known
    key with a value that can be right, and no input from cdk.context.json or ~/.cdk.json;
    refused (exit 2) before the endpoint starts."""
    from cli.deploy import _check_before_aws, _refuse_hidden_inputs, parse_changes

    context = parse_changes(values, option)
    _check_before_aws(context, (), "WaInfra", local_cloud.REGION)
    _refuse_hidden_inputs()
    return context


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-c", "--context", "contexts", multiple=True, metavar="KEY=VALUE",
              help="Inputs of the first deploy, as for `wa-deploy -c` (rate, shards, ssl, ...). "
                   "Default: the embedded plan (100 msg/s, 8 shards, production).")
@click.option("--change", "changes", multiple=True, metavar="KEY=VALUE",
              help="Then rehearse this change with wa-deploy (repeat for several keys): "
                   "exit 2 when wa-deploy finds it bad input, 3 when it refuses it to protect "
                   "data.")
@click.option("--destroy", "then_destroy", is_flag=True,
              help="Run `cdk destroy --all --force` at the end.")
@click.option("--retire", "then_retire", is_flag=True,
              help="Retire the deployment at the end with `wa-deploy destroy --yes`, then find "
                   "every kept thing again and read back data written before it (a text "
                   "encrypted with each kept key, each secret's value, an event in each kept "
                   "log group).")
@click.option("--hold", is_flag=True,
              help="Keep the endpoint up until Ctrl-C, to look around with "
                   "`aws --endpoint-url`.")
def main(contexts: tuple[str, ...], changes: tuple[str, ...], then_destroy: bool,
         then_retire: bool, hold: bool) -> None:
    """Rehearse a deploy of the wa-infra stacks (and a change) against a local moto endpoint."""
    stop_on_termination()  # a stopped runner stops wa-deploy, which stops the CDK CLI
    context = _parse_context(contexts)
    change = _parse_context(changes, "--change")  # -c and --change may name one key
    if then_destroy and then_retire:
        raise click.UsageError("--destroy and --retire both given: allowed one (--retire keeps "
                               "the data the same way and proves it)")
    started, exit_code = time.monotonic(), 0
    with running() as endpoint:
        click.echo(f"[1/3] local endpoint up at {endpoint.url} (moto, account "
                   f"{local_cloud.ACCOUNT}, {local_cloud.REGION})", err=True)
        try:
            click.echo("[2/3] cdk bootstrap", err=True)
            bootstrap(endpoint, capture=False)
            click.echo("[3/3] wa-deploy (change sets read before they run)", err=True)
            first = deploy(endpoint, context, new=True, capture=False).returncode
            if first:
                raise _Stopped(first)
            _report(endpoint)
            if change:
                click.echo(f"\nRehearsing the change: wa-deploy {' '.join(context_args(change))}",
                           err=True)
                code = deploy(endpoint, change, capture=False).returncode
                if code in (BAD_INPUT, REFUSED):
                    why = "as bad input" if code == BAD_INPUT else "to protect data"
                    click.echo(f"\nThe change was refused {why} (exit {code}): nothing was "
                               "changed.")
                    exit_code = code
                else:
                    _report(endpoint)
            if then_destroy:
                click.echo("\ncdk destroy --all --force", err=True)
                for name in release_load_balancers():
                    click.echo(f"deletion protection of load balancer {name} turned off, as "
                               "before destroying a production deployment", err=True)
                destroy(endpoint, {**context, **change}, capture=False)
                click.echo("\nKept after destroy:")
                for line in kept_view():
                    click.echo(f"  {line}")
            if then_retire:
                click.echo("\nwa-deploy destroy --prefix WaInfra --yes", err=True)
                _retire_and_prove(endpoint)
            if hold:
                click.echo(f"\nEndpoint {endpoint.url} stays up; Ctrl-C stops it.", err=True)
                while True:
                    time.sleep(3600)
        except _Stopped as stopped:
            exit_code = stopped.code
        except (CdkFailed, RetireFailed) as failure:
            click.echo(f"deploy-local: {failure}", err=True)
            exit_code = 1
        except (BotoCoreError, ClientError, ResponseParserError) as error:  # reading moto back
            click.echo(f"deploy-local: error: {' '.join(str(error).split())}", err=True)
            exit_code = 1
        except KeyboardInterrupt:
            exit_code = 130
        finally:
            click.echo(f"local endpoint stopped after {time.monotonic() - started:.0f} s",
                       err=True)
    sys.exit(exit_code)


def _retire_and_prove(endpoint: Endpoint) -> None:
    done, plan, problems = retire(endpoint, capture=False)
    found = len(plan.kept) - len([p for p in problems if p.startswith("kept but not found")])
    click.echo(f"\nAfter the retire: {found} of {len(plan.kept)} kept things found (final "
               "snapshot, file system, keys enabled, secrets, log groups); what was written "
               "before it read back: " + ("all of it" if not problems else "not all"))
    for line in problems:
        click.echo(f"  {line}")
    if problems:
        raise RetireFailed("kept data is missing after the retire (lines above)")


def _report(endpoint: Endpoint) -> None:
    """Outputs, the cluster in the plan's terms, the contract on the deployed state."""
    click.echo("\nOutputs (cross-stack exports left out):")
    for name, outputs in sorted(stack_outputs().items()):
        for key, value in sorted(outputs.items()):
            if not key.startswith("ExportsOutput") and key != deploy_run.OUTPUT:
                click.echo(f"  {name}.{key} = {value}")
    click.echo("\nWhat exists now:")
    for line in cluster_view():
        click.echo(f"  {line}")
    report = deployed_contract()
    click.echo(f"\nCluster contract on the deployed state: {report.summary()}")
    for line in report.lines():
        click.echo(f"  {line}")
    if not report.ok:
        raise CdkFailed("the deployed cluster breaks the contract (lines above)")
    password = client_start()
    click.echo("\nThe client's password lookup in AWS mode: "
               + ("ok (the parameter exists; every client task's role reads and decrypts it)"
                  if not password else f"{len(password)} problems"))
    for line in password:
        click.echo(f"  {line}")
    if password:
        raise CdkFailed("the client could not read its password (lines above)")
    click.echo("\nAccepted but not modelled by moto (checked on the templates by "
               "`make test` instead):\n  " + ", ".join(sorted(endpoint.unmodelled)))


if __name__ == "__main__":
    main()
