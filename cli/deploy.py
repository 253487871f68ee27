"""wa-deploy: the one deploy path. It changes only the inputs you name, shows what every stack
would add, modify, replace or remove (with the values, deployed -> new), refuses to replace or
remove the data, the keys, the secrets, the logs or the load balancer unless asked, asks before
it changes anything, then deploys stack by stack through change sets it reads before executing,
streaming the stack events, with the deployment's alarm actions muted meanwhile
(monitoring/maintenance.py). `wa-deploy destroy` retires a deployment (deploy/retire.py);
`wa-deploy alarms mute|restore` is the same switch for the runbooks' other steps."""

from __future__ import annotations

import re
import shlex
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from cli.aws_options import AwsTarget, aws_options, resolve
from cli.oneline import VERSION, OneLineErrorGroup
from contract.deployment import Deployment

EXIT_FAILED, EXIT_REFUSED = 1, 3


def parse_changes(values: tuple[str, ...], option: str = "-c") -> dict[str, str]:
    """`-c key=value` options as a dict: the rules of every entry point that takes them
    (wa-deploy, the rehearsal's -c and --change): key=value, each key once."""
    changes: dict[str, str] = {}
    for value in values:
        key, sep, setting = value.partition("=")
        if not sep or not key.strip():
            colon = " (a colon where = belongs)" if not sep and ":" in value else ""
            raise click.UsageError(f"{option} {value!r} is not key=value{colon}: allowed e.g. "
                                   f"{option} shards=16")
        key = key.strip()
        if key in changes:
            raise click.UsageError(f"{option} {key} is given twice ({changes[key]!r} and "
                                   f"{setting.strip()!r}): allowed once")
        changes[key] = setting.strip()
    return changes


def _project_context() -> dict[str, str]:
    """cdk.json's context as the text `-c` would give (a list joined with commas, a switch
    as true or false), without the feature flags (@aws-cdk...) every app sets itself; a key
    of ours that is null, infinite or of the wrong kind is refused (SizingError)."""
    from cdk import context as cdk_context
    from deploy.cdk_cli import ROOT
    from deploy.inputs import _text
    from sizing import SizingError

    project = cdk_context.project_context(ROOT / "cdk.json")
    found = {}
    for key, value in project.items():
        if key.startswith("@"):
            continue
        if key in cdk_context.KNOWN_KEYS:
            try:
                cdk_context._check_type(key, value)
            except SizingError as error:
                raise SizingError(f"cdk.json: {error}") from None
        found[key] = ",".join(value) if isinstance(value, list) else _text(value)
    return found


def _refuse_hidden_inputs() -> None:
    """No input from cdk.context.json or ~/.cdk.json, which the CDK CLI would read for every
    key wa-deploy leaves out (cdk/context.py, refuse_context_files): bad input, exit 2."""
    import os

    from cdk import context as cdk_context
    from deploy.cdk_cli import ROOT
    from sizing import SizingError

    try:
        cdk_context.refuse_context_files(ROOT, Path(os.path.expanduser("~")))
        _project_context()
    except SizingError as error:
        raise click.UsageError(str(error)) from None


def _say(message: str) -> None:
    click.echo(message, err=True)


def _aws_errors() -> tuple[type[Exception], ...]:
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError  # an endpoint answering garbage

    return BotoCoreError, ClientError, ResponseParserError


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _check_before_aws(changes: dict[str, str], unset: tuple[str, ...], prefix: str,
                      region: str, new: bool = False) -> None:
    """What can be refused without the deployment: unknown keys, the prefix, the region, and
    a value that is wrong whatever else the deployment remembers (shards=3)."""
    from cdk import context as cdk_context

    if "prefix" in changes or "prefix" in unset:
        raise click.UsageError("-c prefix is not an input of a deployment: allowed --prefix "
                               "NAME, which picks the deployment")
    for key in [*changes, *unset]:
        # --unset of a key another version wrote (a newer wa-infra deployed) is judged once
        # the deployment is read: a name no version would give is refused now
        later = key in unset and key not in changes and REMEMBERED_KEY.fullmatch(key)
        if key not in cdk_context.KNOWN_KEYS and not later:
            raise click.UsageError(f"context key {key!r} is unknown: allowed "
                                   f"{', '.join(sorted(cdk_context.KNOWN_KEYS))}")
    for key in unset:
        if key in changes:
            raise click.UsageError(f"--unset {key} and -c {key}=... both given: allowed one")
    from sizing import SizingError
    from sizing.regions import UnknownAzCount

    # the region and the prefix, with the inputs that decide whether the region needs more
    deciding = {k: changes[k] for k in ("az_count", "ssl", "db_ca_url") if k in changes}
    try:
        cdk_context.read({"prefix": prefix, "region": region, **deciding}.get)
    except (UnknownAzCount, cdk_context.NeedsCaUrl) as error:
        if new:  # else the deployment remembers what decides it: judged with what it remembers
            raise click.UsageError(str(error)) from None
    except SizingError as error:
        raise click.UsageError(str(error)) from None
    for key, value in changes.items():
        if key in READ_WITH_OTHERS:  # the part of its rule no other input decides
            try:
                cdk_context.check_alone(key, value, region)
            except SizingError as error:
                raise click.UsageError(str(error)) from None
            continue
        try:
            cdk_context.read({"prefix": prefix, "region": region, key: value}.get)
        except SizingError as error:
            # about this value (or its absence), not a combination with other inputs
            if str(error).startswith((f"{key} ", f"context key {key!r}")):
                raise click.UsageError(str(error)) from None


REMEMBERED_KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")  # what a context key of any version is
# Keys whose values are judged with other inputs the deployment may remember (db_port with
# db_host, api_cidrs with vpc_cidr and allow_world_api, ...): checked after reading it.
READ_WITH_OTHERS = frozenset({
    "db_port", "db_secret_arn", "vpc_id", "vpc_azs", "public_subnet_ids", "private_subnet_ids",
    "vpc_cidr", "api_cidrs", "allow_world_api", "db_ca_url", "db_iops", "db_storage_type",
    "az_count"})


# --- the remembered inputs, read defensively (deploy/run.py) --------------------------------
def _written_by(remembered) -> str:
    return getattr(remembered, "written_by", None) or "a wa-infra that did not record its version"


def _output_of(remembered, region: str) -> str:
    from deploy import run

    return f"{getattr(remembered, 'stack', '') or 'the Enterprise stack'} in {region}, its " \
        f"{run.OUTPUT} output written by {_written_by(remembered)}"


def _unset_known(unset: tuple[str, ...], remembered, region: str, prefix: str) -> None:
    """An --unset of a key this version does not know names one the deployment remembers."""
    from cdk import context as cdk_context

    for key in unset:
        if key not in cdk_context.KNOWN_KEYS and key not in (remembered or {}):
            where = (f"what {_output_of(remembered, region)} remembers" if remembered
                     else f"{prefix} in {region}, which remembers no inputs")
            raise click.UsageError(f"--unset {key!r} is neither an input of this wa-infra nor "
                                   f"in {where}: allowed "
                                   f"{', '.join(sorted(cdk_context.KNOWN_KEYS))}")


def _no_way_back(remembered, wanted: dict, allow_downgrade: bool = False) -> None:
    """Changes a deploy cannot undo, refused before anything is read from AWS: an older image
    over a database the newer one upgraded (wa-upgrade restores the snapshot for that), and
    less storage than the database holds (RDS never shrinks allocated storage)."""
    from contract.deployment import Deployment
    from contract.inputs import DB_STORAGE_GIB
    from deploy.upgrade_steps import VERSION, parse_version

    default = Deployment()
    was, now = (str(d.get("image_tag") or default.image_tag) for d in (remembered, wanted))
    if not allow_downgrade and VERSION.fullmatch(was) and now != was and not VERSION.fullmatch(
            now):  # latest, 2.50.0, v2.60.0-hotfix1: no order to tell it is not older
        raise click.UsageError(
            f"image_tag {now!r} is not a version (vX.Y.Z) and the deployed {was} is: whether "
            f"it is older than {was} cannot be told; allowed a version from {was} on, or "
            "--allow-downgrade when you know it runs on this database")
    if not allow_downgrade and VERSION.fullmatch(was) and VERSION.fullmatch(now) and (
            parse_version(now) < parse_version(was)):
        raise click.UsageError(
            f"image_tag {now} is older than the deployed {was}: its containers would run on a "
            f"database {was} upgraded; allowed {was} or later, or downgrade with `wa-upgrade "
            f"plan --to {now} --allow-downgrade` (it restores the snapshot taken before, then "
            "deploys with --allow-downgrade)")
    if wanted.get("db_host") or remembered.get("db_host"):  # no database of ours to shrink
        return
    try:
        was_gib, now_gib = (int(str(d.get("db_storage_gib") or default.db_storage_gib))
                            for d in (remembered, wanted))
    except ValueError:
        return  # judged by the context reader
    if now_gib < was_gib:
        raise click.UsageError(f"db_storage_gib {now_gib} is less than the deployed {was_gib}: "
                               "RDS never shrinks allocated storage; allowed "
                               f"{was_gib} to {DB_STORAGE_GIB[1]}")


def _check_remembered(remembered, changes: dict[str, str], unset: tuple[str, ...],
                      region: str) -> None:
    """Bad input (exit 2, one line naming the stack output): a remembered key this version
    does not know (an older wa-infra than the one that deployed), unless --unset drops it,
    and a remembered value that is not text, unless -c or --unset replaces it."""
    import json

    from cdk import context as cdk_context
    from deploy.run import writer
    from sizing.inputs import _cut, shown

    def as_written(value) -> str:  # JSON's own spelling (null, not None)
        return shown(value) if isinstance(value, str) else _cut(json.dumps(value))

    _unset_known(unset, remembered, region, "")
    for key, value in remembered.items():
        if key in unset or key in changes:
            continue
        if key not in cdk_context.KNOWN_KEYS:
            by = getattr(remembered, "written_by", None)
            raise click.UsageError(
                f"the remembered input {key!r} ({as_written(value)}) is unknown to {writer()}: "
                f"{_output_of(remembered, region)} holds it: deploy with "
                f"{f'{by} or later' if by else 'the wa-infra that deployed it'}, or add "
                f"--unset {shlex.quote(key)} to drop it")
        if not isinstance(value, str):
            where = _output_of(remembered, region)
            raise click.UsageError(f"the remembered {key} {as_written(value)} is not text "
                                   f"({where}): give -c {key}=VALUE or --unset {key}")


def _attributed(message: str, kept: dict, changes: dict[str, str], remembered,
                region: str) -> str:
    """The refusal of a value nobody typed in this run says where it came from: the
    deployment's remembered inputs, or cdk.json (a new deployment)."""
    for key in sorted(kept, key=len, reverse=True):
        if key in changes or not message.startswith((f"{key} ", f"context key {key!r}")):
            continue
        if remembered:
            return (f"the remembered {key} is refused ({_output_of(remembered, region)}): "
                    f"{message}; give -c {key}=VALUE or --unset {key}")
        return f"cdk.json's {key} is refused: {message}"
    return message


def _interactive() -> bool:
    """Someone at a terminal who can answer a question."""
    return sys.stdin.isatty()


def _need_terminal(hint: str) -> None:
    """Without a terminal nobody can answer: bad input (exit 2), never a silent yes or a
    hang. `hint`: the command line with --yes."""
    if not _interactive():
        raise click.UsageError(f"nobody to confirm (stdin is not a terminal): {hint}")


def _command(prefix: str, target: AwsTarget, changes: dict[str, str], unset: tuple[str, ...],
             *extra: str) -> str:
    """This run's command line, pasteable as is (region and profile spelled out)."""
    words = ["wa-deploy", "--prefix", shlex.quote(prefix), target.flags()]
    words += [f"-c {shlex.quote(f'{k}={v}')}" for k, v in changes.items() if k != "region"]
    words += [f"--unset {shlex.quote(key)}" for key in unset]
    return " ".join([*words, *extra])


def _colors(no_color: bool) -> tuple[bool, bool]:
    from deploy.color import wanted

    return wanted(sys.stdout, no_color), wanted(sys.stderr, no_color)


@click.group("wa-deploy", cls=OneLineErrorGroup, invoke_without_command=True,
             subcommand_metavar="[destroy|alarms --prefix NAME ...]",
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog="Examples: wa-deploy -c shards=16 -c rate=100 (asks before it deploys); "
             "wa-deploy -c shards=16 --yes (CI); wa-deploy destroy --prefix Old")
@VERSION
@click.option("-c", "--context", "contexts", multiple=True, metavar="KEY=VALUE",
              help="An input to change (the context keys of the CDK app: "
              "docs/reference/inputs.md); every other input stays as the deployment remembers "
              "it.")
@click.option("--unset", multiple=True, metavar="KEY",
              help="Forget a remembered input, back to its default (e.g. --unset api_cidrs for "
              "an internal load balancer again), or one this version does not know (written "
              "by a later wa-infra).")
@click.option("--prefix", default=Deployment.prefix, show_default=True,
              help="Stack name prefix: which deployment.")
@aws_options
@click.option("--new", "create", is_flag=True,
              help="Create the deployment (required when no stack of --prefix exists in the "
              "region, so that a typo in --prefix or the region never builds a second one).")
@click.option("--allow-replace", "allowed", multiple=True, metavar="LOGICAL_ID",
              help="Let this protected resource be replaced or removed (repeat for more).")
@click.option("--dry-run", is_flag=True,
              help="Show what every stack would do and what would be refused; change nothing, "
              "ask nothing.")
@click.option("-y", "--yes", is_flag=True,
              help="Deploy without asking (CI). Without it wa-deploy asks after the preview, "
              "and refuses (exit 2) when stdin is not a terminal.")
@click.option("--allow-downgrade", is_flag=True,
              help="Let image_tag go below the deployed version: only after the database was "
              "restored from a snapshot of that version (wa-upgrade plan --allow-downgrade "
              "prints the whole path).")
@click.option("--keep-alarms", is_flag=True,
              help="Leave the alarms' notifications on while the changes run (by default "
              "they are muted meanwhile and restored after, failure or not).")
@click.option("--no-color", is_flag=True,
              help="No colour (also off when the output is not a terminal or NO_COLOR is set).")
@click.pass_context
def main(ctx, contexts, unset, prefix, region, profile, create, allowed, dry_run, yes,
         allow_downgrade, keep_alarms, no_color):
    """Deploy the CDK app through CloudFormation change sets, changing only the inputs you name.

    It previews every stack's changes (values deployed -> new), asks "Deploy these changes to
    <prefix> in <region>? [y/N]" (--yes answers for you, --dry-run stops before), then runs
    the change sets one stack at a time, printing each stack event as it happens. While they
    run, the deployment's alarms keep evaluating but notify no one (rolling tasks, a failover
    or a shard change must not page); what was muted is restored after, also when the deploy
    fails or is interrupted (--keep-alarms: not muted). Nothing to change: no question,
    exit 0. `wa-deploy destroy --prefix NAME` retires a deployment (see `wa-deploy destroy
    --help`); `wa-deploy alarms mute|restore` mutes by hand (see `wa-deploy alarms --help`).

    Exit codes: 0 deployed (or nothing to do, or a dry run with nothing refused), 1 a step
    failed or the answer was no (or the deployment's remembered inputs cannot be read), 2 bad
    input (a bad --profile; no terminal to ask and no --yes; a remembered input this version
    does not know or refuses; a key of ours in cdk.context.json or ~/.cdk.json), 3 refused:
    a protected resource (database, file system, key, secret, log group, load balancer) would
    be replaced or removed, or an export in use would change; the refused stack and those
    after it are left as they were."""
    if ctx.invoked_subcommand is not None:
        from click.core import ParameterSource

        given = [p.opts[-1] for p in ctx.command.params
                 if ctx.get_parameter_source(p.name) is not ParameterSource.DEFAULT]
        if given:
            verb = {"alarms": "alarms mute|restore"}.get(ctx.invoked_subcommand,
                                                         ctx.invoked_subcommand)
            raise click.UsageError(f"{', '.join(given)} before `{ctx.invoked_subcommand}`: "
                                   f"allowed after it (wa-deploy {verb} --prefix NAME ...)")
        return
    deploy(contexts, unset, prefix, region, profile, create, allowed, dry_run, yes, no_color,
           keep_alarms, allow_downgrade)


def deploy(contexts, unset, prefix, region, profile, create, allowed, dry_run, yes, no_color,
           keep_alarms=False, allow_downgrade=False):
    from cdk import context as cdk_context
    from deploy import cdk_cli, inputs, preview, run
    from sizing import SizingError

    cdk_cli.stop_on_termination()
    changes = parse_changes(contexts)
    _refuse_hidden_inputs()
    if region and changes.get("region", region) != region:
        raise click.UsageError(f"--region {region} and -c region={changes['region']} differ: "
                               "allowed one region")
    target = resolve(region or changes.get("region"), profile)  # a bad profile: exit 2 now
    region = target.region
    base = _project_context()
    _check_before_aws(changes, unset, prefix, region, new=create)
    if create:  # nothing remembered can complete a new deployment's inputs: judged whole now
        kept = {k: v for k, v in base.items() if k not in unset}
        try:
            cdk_context.read({**kept, **changes, "region": region, "prefix": prefix}.get,
                             known={*kept, *changes, "region", "prefix"})
        except SizingError as error:
            raise click.UsageError(_attributed(str(error), kept, changes, None, region)) from None
    if not yes and not dry_run:  # nobody could answer: said before any AWS call or synth
        _need_terminal("pass --yes to deploy without the question (or --dry-run to see the "
                       "changes first): " + _command(prefix, target, changes, unset,
                                                     *_flags(create, allowed, keep_alarms,
                                                             allow_downgrade),
                                                     "--yes"))
    color_out, color_err = _colors(no_color)
    aws_errors = _aws_errors()
    try:
        cloudformation = target.client("cloudformation")
        remembered = run.remembered(cloudformation, prefix)
        deployed = run.deployed_stacks(cloudformation, prefix) if remembered is not None else []
    except aws_errors as error:  # no credentials, no network, no access
        _say(f"wa-deploy: error: cannot read the stacks of {prefix} in {region}: "
             f"{_one_line(error)}")
        sys.exit(EXIT_FAILED)
    except run.RememberedUnreadable as error:  # not JSON, not an object, a later format
        _say(f"wa-deploy: error: {error.stack} in {region}: its {run.OUTPUT} output "
             f"{error.reason}")
        sys.exit(EXIT_FAILED)
    if remembered:
        _check_remembered(remembered, changes, unset, region)
    else:  # nothing deployed, or nothing remembered: an unknown --unset names nothing
        _unset_known(unset, remembered, region, prefix)
    kept = {k: v for k, v in (remembered or base).items() if k not in unset}
    wanted = {**kept, **changes, "region": region, "prefix": prefix}
    if remembered:
        _no_way_back(remembered, wanted, allow_downgrade)
    try:
        plan, deployment = cdk_context.read(wanted.get, known=set(wanted))
    except SizingError as error:
        raise click.UsageError(_attributed(str(error), kept, changes, remembered,
                                           region)) from None
    if remembered is None and not create and not dry_run:
        raise click.UsageError(f"no stack of {prefix} in {region}: add --new to create the "
                               "deployment there, or name the deployment's --prefix and "
                               "--region")
    if remembered is not None and create:
        raise click.UsageError(f"{prefix} already exists in {region}: leave --new out to "
                               "change it")
    if remembered == {} and "ssl" not in changes:
        # deployed before the inputs were remembered: its hosts may not hold the DB's CA
        # bundle, and TLS to the DB has since become the default
        raise click.UsageError(
            f"{prefix} exists but remembers no inputs (deployed before wa-deploy remembered "
            "them, or a first deploy that did not finish): name -c ssl=false or -c ssl=true "
            "and every input it was deployed with (docs/change.md: turning TLS on)")
    effective = inputs.effective(plan, deployment)
    if remembered is None:  # every input would read "(unset) -> ...": say what was given
        _say(f"wa-deploy: {prefix} in {region} (a new deployment); inputs other than the "
             "defaults: " + ("; ".join(_given(effective, changes, base, region, prefix))
                             or "none"))
    else:
        _say(f"wa-deploy: {prefix} in {region} (deployed); inputs changed: "
             + ("; ".join(inputs.changed(remembered, effective)) or "none"))
    cli_env, cli_args = target.cdk_env(), target.cdk_args()
    with tempfile.TemporaryDirectory(prefix="wa-deploy-") as folder:
        try:
            for line in run.synthesize(effective, Path(folder), env=cli_env, cdk_args=cli_args):
                _say(line)  # the plan, and the app's warnings (a world-open API, ...)
            plans = run.analyse(cloudformation, Path(folder), deployed)
            for line in preview.render(plans, color_out):
                click.echo(line, color=color_out or None)
            for name in sorted(set(deployed) - {p.name for p in plans}):
                _say(f"warning: {name} is deployed but no longer part of {prefix}: it stays "
                     "as it is (with what it holds) until you delete it yourself")
            run.check(plans, allowed)
            if dry_run:
                _say("dry run: nothing changed")
                return
            if all(p.unchanged for p in plans):
                _say(f"wa-deploy: {prefix} in {region}: nothing to change")
                return
            if not yes and not click.confirm(f"Deploy these changes to {prefix} in {region}?",
                                             default=False, err=True):
                _say("wa-deploy: not deployed (the answer was no): nothing changed")
                sys.exit(EXIT_FAILED)
            # A deployment with alarms (its Enterprise stack exists: never with --new) has
            # them muted whatever tier changes: tasks roll, a DB class change fails over, a
            # NAT gateway replaced cuts the probe off. The window is the change sets' alone.
            mute = not keep_alarms and f"{prefix}-{run.TIERS[-1]}" in deployed
            with _alarms_muted(target, prefix) if mute else _nothing():
                run.execute(cloudformation, Path(folder), plans, allowed, _say,
                            color=color_err, env=cli_env, cdk_args=cli_args)
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


def _given(effective: dict[str, str], changes: dict[str, str], base: dict[str, str],
           region: str, prefix: str) -> list[str]:
    """Every input of a new deployment that differs from its default, with where it came
    from: -c, cdk.json, or the other inputs (the shards a rate needs)."""
    from cdk import context as cdk_context
    from deploy import inputs

    defaults = inputs.effective(*cdk_context.read({"region": region, "prefix": prefix}.get))
    found = []
    for key in sorted(set(effective) | set(defaults)):
        if key in ("prefix", "region") or effective.get(key) == defaults.get(key):
            continue  # the line names the prefix and the region already
        source = ("-c" if key in changes else "cdk.json" if key in base
                  else "from the other inputs")
        found.append(f"{key}={effective.get(key, '(unset)')} ({source})")
    return found


def _flags(create: bool, allowed: tuple[str, ...], keep_alarms: bool = False,
           allow_downgrade: bool = False) -> list[str]:
    return [*(["--new"] if create else []),
            *(f"--allow-replace {shlex.quote(a)}" for a in allowed),
            *(["--allow-downgrade"] if allow_downgrade else []),
            *(["--keep-alarms"] if keep_alarms else [])]


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _alarms_muted(target: AwsTarget, prefix: str) -> Iterator[None]:
    """The maintenance switch around the change sets: restores exactly what it muted (an
    alarm muted by hand stays muted) however the block ends, a refusal, a failure, Ctrl-C or
    SIGTERM (stop_on_termination turns it into SystemExit) included. Muting that fails
    stops the deploy before anything changed (an AWS error: exit 1)."""
    from monitoring import maintenance

    cloudwatch = target.client("cloudwatch")
    before = maintenance.held(cloudwatch, prefix)  # muted by hand or by a runbook: kept so
    names = maintenance.mute(cloudwatch, prefix)
    if names:
        _say(f"wa-deploy: alarm actions of {len(names)} alarms muted for the deploy")
    try:
        yield
    except BaseException:
        _restore(cloudwatch, target, prefix, names, failing=True)
        _hold(cloudwatch, prefix, before)
        raise
    _restore(cloudwatch, target, prefix, names, failing=False)
    _hold(cloudwatch, prefix, before)


def _hold(cloudwatch, prefix: str, before: list[str]) -> None:
    """The alarms muted before this deploy stay muted where it rewrote them."""
    from monitoring import maintenance

    try:
        again = maintenance.hold(cloudwatch, prefix, before)
    except _aws_errors() as error:
        _say(f"wa-deploy: warning: alarms muted before the deploy may notify again "
             f"({_one_line(error)}): wa-deploy alarms mute --prefix {shlex.quote(prefix)}")
        return
    if again:
        _say(f"wa-deploy: {len(again)} alarms muted before the deploy and rewritten by it "
             "muted again")


def _restore(cloudwatch, target: AwsTarget, prefix: str, names: list[str],
             failing: bool) -> None:
    """Notify again; a restore that fails says how to finish it by hand, and fails the run
    unless it is failing already (its own error then stays the one reported)."""
    from monitoring import maintenance

    if not names:
        return
    try:
        restored = maintenance.restore(cloudwatch, prefix, names)
        firing = maintenance.alarming(cloudwatch, prefix)
    except _aws_errors() as error:
        _say(f"wa-deploy: error: alarm actions of {len(names)} alarms are still muted "
             f"({_one_line(error)}): restore them with " + " ".join(
                 ["wa-deploy alarms restore --prefix", shlex.quote(prefix), target.flags(),
                  *names]))
        if not failing:
            sys.exit(EXIT_FAILED)
        return
    _say(_restored(len(restored), firing))


def _restored(count: int, firing: list[str], of: str = "") -> str:
    """Restoring notifies nothing for an alarm already in ALARM (actions run when the state
    changes): name those, or their failure goes unpaged."""
    return (f"wa-deploy: alarm actions of {count} alarms{of} restored"
            + (f"; in ALARM now, unnotified (muted when they fired): {', '.join(firing)}"
               if firing else ""))


@main.command("destroy", cls=click.Command)
@click.option("--prefix", required=True, help="Stack name prefix: which deployment to retire.")
@aws_options
@click.option("-y", "--yes", is_flag=True,
              help="Delete without asking (CI). Without it you type the prefix to confirm; "
              "with stdin not a terminal it refuses (exit 2).")
@click.option("--dry-run", is_flag=True,
              help="Show what would be deleted and kept, and what keeping it costs; delete "
              "nothing, ask nothing.")
@click.option("--no-color", is_flag=True, help="No colour (as for a deploy).")
def destroy_command(prefix, region, profile, yes, dry_run, no_color):
    """Retire a deployment: delete its stacks in reverse tier order, keeping the data.

    Shows what is deleted, what is kept (the database's final snapshot, the file system, the
    keys, the secrets, the log groups) and what keeping it costs a month, asks you to type the
    prefix, then deletes stack by stack, printing each stack event as it happens.

    Exit codes: 0 deleted (or nothing deployed, or a dry run), 1 a stack did not delete or the
    answer was not the prefix, 2 bad input (no terminal to ask and no --yes)."""
    destroy(prefix, region, profile, yes, dry_run, no_color)


def destroy(prefix, region, profile, yes, dry_run, no_color):
    import functools

    from cdk.context import parse_existing_prefix
    from deploy import cdk_cli, events
    from sizing import SizingError

    cdk_cli.stop_on_termination()
    try:
        prefix = parse_existing_prefix(prefix)
    except SizingError as error:
        raise click.UsageError(str(error)) from None
    target = resolve(region, profile)
    if not yes and not dry_run:  # nobody could answer: said before any AWS call
        again = " ".join(["wa-deploy destroy --prefix", shlex.quote(prefix), target.flags(),
                          "--yes"])
        _need_terminal(f"pass --yes to delete without the question (or --dry-run to see what "
                       f"it deletes and keeps first): {again}")
    color_out, color_err = _colors(no_color)
    retire = _retire()
    aws_errors = _aws_errors()
    try:
        plan = retire.plan_retirement(target.client("cloudformation"), prefix, target.region)
    except aws_errors as error:
        _say(f"wa-deploy: error: cannot read the stacks of {prefix} in {target.region}: "
             f"{_one_line(error)}")
        sys.exit(EXIT_FAILED)
    if not plan.stacks:  # a typo in --prefix or the region must not report a retirement
        raise click.UsageError(f"no stack of prefix {prefix!r} in {target.region}: nothing to "
                               "delete (check --prefix and --region)")
    click.echo(retire.describe(plan, color=color_out), color=color_out or None)
    if dry_run:
        _say("dry run: nothing deleted")
        return
    if not yes:
        typed = click.prompt(f"Type {prefix} to delete its {len(plan.stacks)} stacks in "
                             f"{target.region}", default="", show_default=False, err=True)
        if typed.strip() != prefix:
            _say(f"wa-deploy: not destroyed ({typed.strip()!r} is not {prefix}): nothing "
                 "deleted")
            sys.exit(EXIT_FAILED)
    try:
        retire.run_retirement(retire.RetireClients.from_target(target),
                              plan, watch=functools.partial(events.watch, color=color_err),
                              echo=_say)
    except (retire.RetireFailed, events.StillInProgress, *aws_errors) as failed:
        _say(f"wa-deploy: error: {_one_line(failed)}")
        sys.exit(EXIT_FAILED)
    _say(f"wa-deploy: {prefix} retired; what was kept is listed above")


@main.group("alarms")
def alarms_group():
    """List a deployment's alarms in ALARM; mute or restore its alarm notifications around
    planned work that wa-deploy does not run (`wa-shards set`, a task restarted by hand): the
    switch wa-deploy itself uses. The alarms keep evaluating; the hosts' scaling alarms are
    never touched."""


def _prefix_option(function):
    from cdk.context import parse_existing_prefix
    from cli.oneline import ParsedBy

    return click.option("--prefix", required=True, type=ParsedBy("prefix", parse_existing_prefix,
                                                                  "NAME"),
                        help="Stack name prefix: which deployment.")(function)


def _switch(prefix: str, target: AwsTarget, flip):
    """`flip(cloudwatch)`, an AWS error being one line and exit 1."""
    try:
        return flip(target.client("cloudwatch"))
    except _aws_errors() as error:
        _say(f"wa-deploy: error: cannot reach the alarms of {prefix} in {target.region}: "
             f"{_one_line(error)}")
        sys.exit(EXIT_FAILED)


@alarms_group.command("list")
@_prefix_option
@aws_options
def alarms_list(prefix, region, profile):
    """The deployment's alarms in ALARM now, one name a line (none: nothing is wrong).

    Exit codes: 0 listed (even when some are in ALARM: a report, not a check), 1 an AWS error,
    2 bad input."""
    from monitoring import maintenance

    target = resolve(region, profile)
    names = _switch(prefix, target, lambda cloudwatch: maintenance.alarming(cloudwatch, prefix))
    _say(f"wa-deploy: {len(names)} alarms of {prefix} in {target.region} in ALARM")
    for name in names:
        click.echo(name)


@alarms_group.command("mute")
@_prefix_option
@aws_options
def alarms_mute(prefix, region, profile):
    """Mute the deployment's alarms; print the names muted, for `restore`.

    ALARMS=$(wa-deploy alarms mute --prefix P) stops the notifications of the alarms that
    notify now. An alarm muted before stays out of the list, so `restore` leaves it muted.
    Exit codes: 0 muted (or nothing to mute), 1 an AWS error, 2 bad input."""
    from monitoring import maintenance

    target = resolve(region, profile)
    names = _switch(prefix, target, lambda cloudwatch: maintenance.mute(cloudwatch, prefix))
    _say(f"wa-deploy: alarm actions of {len(names)} alarms of {prefix} muted")
    click.echo(" ".join(names))


@alarms_group.command("restore")
@_prefix_option
@aws_options
@click.option("--all", "everything", is_flag=True,
              help="Every alarm of the deployment, those muted by hand included (when the "
              "names `mute` printed are lost).")
@click.argument("names", nargs=-1, metavar="[NAME]...")
def alarms_restore(prefix, region, profile, everything, names):
    """Notify again: the alarms `mute` muted, or --all.

    wa-deploy alarms restore --prefix P $ALARMS restores the NAMEs `mute` printed; no NAME
    (mute found nothing to mute) restores nothing; names of other alarms are left alone.
    Exit codes: 0 restored (or nothing to restore), 1 an AWS error, 2 bad input."""
    from monitoring import maintenance

    if everything and names:
        raise click.UsageError("--all and alarm names both given: allowed one")
    target = resolve(region, profile)
    if not everything and not names:
        _say("wa-deploy: no alarm names given: nothing restored (--all restores every alarm "
             f"of {prefix})")
        return
    restored, firing = _switch(prefix, target, lambda cloudwatch: (
        maintenance.restore(cloudwatch, prefix, None if everything else list(names)),
        maintenance.alarming(cloudwatch, prefix)))
    _say(_restored(len(restored), firing, f" of {prefix}"))


def _retire():
    """deploy/retire.py, the retirement engine (a module of its own, loaded when needed)."""
    from deploy import retire

    return retire


if __name__ == "__main__":
    main()
