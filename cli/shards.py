"""wa-shards: plan a shard change; read the shard count and the health, or set the count,
through the Webapp API."""

from __future__ import annotations

import json
import math
import os
import shlex
from pathlib import Path

import click

from cli.aws_options import aws_options, resolve
from cli.deploy import _need_terminal
from cli.deployment import DeploymentUnreadable
from cli.oneline import BAD_INPUT, VERSION, OneLineErrorGroup, ParsedBy
from cli.plan_options import plan_inputs, plan_options
from contract.deployment import Deployment
from sizing import SizingError, data, inputs
from sizing.change import plan_change
from sizing.surfaces import PLAN_KEYWORD, as_context, value_text
from wa_api import ApiError, WebappClient
from wa_api.client import OTHER_STATUS, Health
from wa_api.errors import UntrustedCertificate
from wa_api.fields import shards_body
from wa_api.transport import tls_context
from wa_api.url import parse_base_url

SHARDS = ParsedBy("shards", inputs.parse_shards, "N")
# Coreapps connected: one per shard (the others stand by), so never more than the most shards.
CONNECTED = ParsedBy("expect", lambda value: inputs.parse_int(
    "expect", value, 1, max(data.SHARD_OPTIONS)), "N")
PASSWORD_ENV, PIN_ENV, CERT_ENV = "WA_API_PASSWORD", "WA_API_PIN", "WA_API_CERT"
API_KEY_ENV = "WA_API_KEY"  # the Webapps' generated key: it reads /v1/health, no login
URL_PLACEHOLDER = "https://<load-balancer>"
# A password, a PIN or a base64 certificate is far smaller; /dev/zero would never end.
MAX_SECRET_FILE_BYTES = 64 * 1024


def _prefix(value: str) -> str:
    from cdk.context import parse_prefix

    return parse_prefix(value)


def _url(value: str) -> str:
    parse_base_url(value)  # bad input (exit 2), before any secret is read
    return value


def _plan_url(value: str) -> str:
    return value if value == URL_PLACEHOLDER else _url(value)


def _seconds(name: str, low: float, high: float) -> ParsedBy:
    """A finite number of seconds in [low, high]: click's FloatRange lets nan through."""
    def parse(value: object) -> float:
        try:
            number = float(str(value))
        except ValueError:
            number = math.nan
        if not low <= number <= high:  # also catches nan; inf is above high
            raise SizingError(f"{name} {str(value)!r} is invalid: allowed {low:g} to {high:g} s")
        return number
    return ParsedBy(name, parse, "SECONDS")


def _ca_file(value: str) -> str:
    tls_context(value)  # a missing file, a directory or no PEM in it: one line now, exit 2
    return value


@click.group(
    "wa-shards", cls=OneLineErrorGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@VERSION
def main():
    """Change the number of shards safely.

    `plan` prints the ordered steps between two shard counts, read from the deployment; `get`,
    `health` and `set` talk to a Webapp (`set` checks /v1/health and asks before it changes
    anything). Exit codes: 0 done, 1 the API call failed, the cluster's health is not what was
    expected, the deployment could not be read or a change was not confirmed, 2 bad input.
    """


class NotConfirmed(Exception):
    """The question before a change was answered no: nothing was changed (exit 1)."""


main.runtime_errors = (ApiError, DeploymentUnreadable, NotConfirmed)
main.hints = {UntrustedCertificate: "pass --ca-file with the Webapp's CA certificate"}


def _progress(message: str) -> None:
    click.echo(message, err=True)


# --- plan -----------------------------------------------------------------------------------
def _stack_output(stack: str, key: str, aws: str) -> str:
    query = f"Stacks[0].Outputs[?OutputKey=='{key}'].OutputValue"
    return (f"$(aws cloudformation describe-stacks --stack-name {shlex.quote(stack)} {aws} "
            f"--query \"{query}\" --output text)")


def _literal(text: str) -> str:
    """Text placed in a str.format template as it is (a brace would be a field)."""
    return text.replace("{", "{{").replace("}", "}}")


def _given(options: dict) -> list[str]:
    """The sizing options given on the command line (not left at their defaults)."""
    from click.core import ParameterSource

    context = click.get_current_context()
    return [name for name in options
            if context.get_parameter_source(name) is not ParameterSource.DEFAULT]


def _given_options(options: dict) -> str:
    """` -c key=value` for each sizing option given on the command line (the defaults are
    left to what the deployment remembers)."""
    def text(value) -> str:  # as the context reads it back
        if isinstance(value, bool):
            return str(value).lower()
        return f"{value:g}" if isinstance(value, float) else str(value)

    return "".join(f" -c {name}={shlex.quote(text(options[name]))}"
                   for name in _given(options) if name != "rate")


# plan() keyword -> the Plan field that holds it, where the two names differ
_PLAN_FIELD = {"receipts": "receipts_per_message"}


def _running(now) -> dict:
    """The sizing inputs (by context key) of the plan a deployment runs, shards aside."""
    return {key: getattr(now, _PLAN_FIELD.get(keyword, keyword))
            for key, keyword in PLAN_KEYWORD.items() if key != "shards"}


def _deployment(prefix: str, target) -> tuple:
    """(the plan the deployment runs, its Enterprise stack's outputs): the plan is read from
    the inputs its last complete deploy remembers, as the CDK app reads them."""
    from cdk import context as cdk_context
    from cli.deployment import reading, settled
    from deploy import run

    name, where = f"{prefix}-{run.TIERS[-1]}", f"{prefix} in {target.region}"
    with reading(prefix, target) as cloudformation:
        remembered = run.remembered(cloudformation, prefix)
        stack = (cloudformation.describe_stacks(StackName=name)["Stacks"][0]
                 if remembered else None)
    # bad input (exit 2): the plan needs a deployment, or --offline and the options
    if remembered is None:
        raise SizingError(f"no stack of {where}: name the deployment's --prefix and --region, "
                          "or plan without a deployment with --offline")
    if not isinstance(remembered, dict) or "shards" not in remembered:
        raise SizingError(f"{name} in {target.region} remembers no inputs (deployed before "
                          "wa-deploy remembered them, or a first deploy that did not finish): "
                          "plan with --offline and the sizing options it was deployed with")
    settled(stack, target.region, "shard change")
    try:
        now, _ = cdk_context.read({**remembered, "prefix": prefix,
                                   "region": target.region}.get)
    except SizingError as error:
        raise SizingError(f"{name} in {target.region} remembers inputs this wa-infra "
                          f"refuses: {error}") from None
    return now, {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def _same(key: str, a, b) -> bool:
    if key == "message_type":  # an alias (image) is the vendor's name (image1MB)
        a, b = (data.MESSAGE_TYPE_ALIASES.get(v, v) for v in (a, b))
    return a == b


def _endpoint(outputs: dict) -> str:
    """The deployment's API URL for the `wa-shards get/set` lines, when it is one."""
    try:
        return _url(outputs["ApiEndpoint"])
    except (KeyError, *BAD_INPUT):
        return URL_PLACEHOLDER


@main.command("plan")
@click.option("--from", "from_shards", type=SHARDS,
              help="Shards set now. Default: the deployment's (required with --offline).")
@click.option("--to", "to_shards", type=SHARDS, required=True, help="Shards wanted.")
@plan_options(shards=False, remembered=True)
@click.option("--prefix", type=ParsedBy("prefix", _prefix, "PREFIX"), default=Deployment.prefix,
              show_default=True,
              help="Stack name prefix of the deployment (the `prefix` context key).")
@aws_options
@click.option("--offline", is_flag=True,
              help="Read nothing from AWS: plan from the options alone (those left out take "
              "their defaults, not the deployment's inputs).")
@click.option("--url", type=ParsedBy("url", _plan_url, "URL"),
              help="Webapp base URL to put in the `wa-shards get/set` commands. Default: the "
              f"deployment's ApiEndpoint ({URL_PLACEHOLDER} with --offline).")
@click.option("--json", "as_json", is_flag=True, help="Print the steps as JSON.")
def plan_command(from_shards, to_shards, prefix, region, profile, offline, url, as_json,
                 **options):
    """Ordered steps from --from to --to shards, with the command for each step.

    Increase: grow the stack, wait, then set shards. Decrease: set shards, then shrink the
    stack. Coreapps stay >= shards at every step. It reads the inputs the deployment
    (--prefix, --region, --profile) remembers from its last deploy and plans the shard change
    with them: only the shards change, and every printed command carries the deployment's
    prefix, region and profile. A sizing option given (--rate 300) changes that input too: it
    is named under "Inputs changed" and goes into the deploy command. --offline reads nothing
    and plans from the options alone. Exit codes: 0 planned, 1 the deployment could not be
    read (AWS), 2 bad input (no deployment under --prefix in the region; --from other than
    the deployed shards).
    """
    enterprise = f"{prefix}-Enterprise"
    target = resolve(region, profile)
    aws = target.flags()
    alarms = f"--prefix {shlex.quote(prefix)} {aws}"
    changed: dict = {}
    if offline:
        if from_shards is None:
            raise click.UsageError("Missing option '--from': required with --offline "
                                   "(without it, the deployment's shards are read)")
        planned, running, url = plan_inputs(options), None, url or URL_PLACEHOLDER
        named = "" if prefix == Deployment.prefix else f"--prefix {shlex.quote(prefix)} "
        target_flags = named + aws
        # wa-deploy keeps every other input as the deployment remembers it; the rate and every
        # sizing option given here are pinned so the deploy sizes exactly what this plan shows.
        deploy = (f"wa-deploy {_literal(target_flags)} -c shards={{shards}} -c rate={{rate}}"
                  + _literal(_given_options(options)))
    else:
        now, outputs = _deployment(prefix, target)
        if from_shards is not None and from_shards != now.shards:
            raise SizingError(f"--from {from_shards}, but {prefix} in {target.region} was "
                              f"deployed with {now.shards} shards: leave --from out, or plan "
                              "without the deployment with --offline")
        from_shards, remembered = now.shards, _running(now)
        changed = {key: options[key] for key in _given(options)
                   if not _same(key, options[key], remembered[key])}
        running = plan_inputs(remembered)
        planned = plan_inputs({**remembered, **changed})
        url = url or _endpoint(outputs)
        # wa-deploy keeps every input the deployment remembers (its rate among them): the
        # deploy changes the shards and only the inputs given here that differ.
        deploy = _literal(f"wa-deploy --prefix {shlex.quote(prefix)} {aws} ") + (
            "-c shards={shards}") + "".join(
                " " + _literal(as_context(key, value)) for key, value in changed.items())
    change = plan_change(
        from_shards, to_shards, deploy_command=deploy,
        # muted from the first step to the last check: between the deploy and the set, the
        # plan's shard count (what the probe compares with, without a user) is not the
        # client's; restored (only what was muted) after the check, whatever it says
        mute_command=f"ALARMS=$(wa-deploy alarms mute {_literal(alarms)})",
        set_command=f"wa-shards set {{shards}} --url {_literal(shlex.quote(url))} --cc <cc> "
        "--phone <phone> --cert-file <cert.b64>",
        check_command=f"wa-shards health --url {_literal(shlex.quote(url))} --expect "
        f"{{shards}} --within 300; wa-deploy alarms restore {_literal(alarms)} $ALARMS",
        wait_command=(f"aws ecs wait services-stable --cluster "
                      f"{_stack_output(enterprise, 'ClusterName', aws)} --services "
                      f"{_stack_output(enterprise, 'CoreappServiceName', aws)} {aws}"),
        running=running, **planned,
    )
    for warning in change.after.warnings:
        _progress(f"warning: {warning}")
    inputs_changed = [f"{key}: {value_text(_running(change.before)[key])} -> "
                      f"{value_text(value)}" for key, value in changed.items()]
    key_secret = None if offline else outputs.get("ApiKeySecret")
    check_first = [f"wa-shards health --url {shlex.quote(url)} --expect {change.before.shards}"]
    if key_secret:  # the Webapps' generated key opens /v1/health: no user needed
        check_first.insert(0, f"export WA_API_KEY=\"$(aws secretsmanager get-secret-value "
                           f"--secret-id {shlex.quote(key_secret)} {aws} --query SecretString "
                           "--output text)\"")
    if as_json:
        doc = {"check_first": check_first, **change.to_dict()}
        if not offline:
            doc["deployment"] = {"prefix": prefix, "region": target.region,
                                 "profile": target.profile, "inputs_changed": inputs_changed}
        click.echo(json.dumps(doc, indent=2))
        return
    if not offline:
        before = change.before
        click.echo(f"Deployment {prefix} in {target.region}, as its last deploy remembers it: "
                   f"{before.shards} shards, {before.rate_msg_s:g} msg/s, engine "
                   f"{before.engine}, DB class {before.db_class}")
        click.echo("Inputs changed besides the shards: " + ("; ".join(inputs_changed)
                                                            or "none"))
    click.echo(f"Shards {change.before.shards} -> {change.after.shards} ({change.direction}); "
               f"expected API downtime {change.downtime_s[0]}-{change.downtime_s[1]} s")
    if key_secret:
        click.echo("0. The key wa-shards health reads, then check the cluster first (from where "
                   "the load balancer is reached):")
        for command in check_first:
            click.echo(f"   $ {command}")
    else:
        click.echo(f"0. Check the cluster first: {check_first[0]}")
    for number, step in enumerate(change.steps, start=1):
        click.echo(f"{number}. {step.title}")
        click.echo(f"   $ {step.command}")
        line = f"   invariant: {step.invariant}"
        if step.downtime:
            line += f"; downtime {step.downtime}"
        click.echo(line)
    if change.changes:
        click.echo("Also changes: " + "; ".join(change.changes))
    for warning in change.maintenance:
        click.echo(f"MAINTENANCE: {warning}")


# --- get / set ------------------------------------------------------------------------------
def _secret(env: str, file: Path | None, what: str, required: bool = True) -> str | None:
    if file is not None:
        return _secret_file(file, what)
    value = os.environ.get(env, "").strip()
    if value:
        return value
    if required:
        raise SizingError(f"{what} is missing: allowed from ${env} or --{what}-file")
    return None


SECRET_FILE_DEADLINE_S = 30


def _read_bounded(file: Path, limit: int, deadline_s: float) -> bytes:
    """Up to `limit` bytes of a file or a pipe (`--password-file <(pass show wa)`), waiting at
    most `deadline_s` for a pipe whose writer never writes."""
    import select
    import stat
    import time

    fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    fifo = stat.S_ISFIFO(os.fstat(fd).st_mode)
    try:
        chunks, size, end = [], 0, time.monotonic() + deadline_s
        while size < limit:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError
            if not select.select([fd], [], [], left)[0]:
                continue
            try:
                chunk = os.read(fd, limit - size)
            except BlockingIOError:
                continue
            if not chunk and fifo and not chunks:  # no writer yet: one may be opening it
                time.sleep(0.05)
                continue
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _secret_file(file: Path, what: str) -> str:
    """The file's text, stripped; its content never goes into a message."""
    allowed = f"allowed a UTF-8 text file holding only the {what}"
    try:
        raw = _read_bounded(file, MAX_SECRET_FILE_BYTES + 1, SECRET_FILE_DEADLINE_S)
    except TimeoutError:
        raise SizingError(f"{what} file {str(file)!r} gave nothing to read within "
                          f"{SECRET_FILE_DEADLINE_S} s (a pipe nobody writes): {allowed}") from None
    except OSError as error:
        raise SizingError(f"{what} file {str(file)!r} cannot be read ({error.strerror}): "
                          f"{allowed}") from None
    if len(raw) > MAX_SECRET_FILE_BYTES:
        raise SizingError(f"{what} file {str(file)!r} is larger than "
                          f"{MAX_SECRET_FILE_BYTES // 1024} KiB: {allowed}")
    try:
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise SizingError(f"{what} file {str(file)!r} is not UTF-8 text: {allowed}") from None
    if not text:  # an empty password would be sent as one
        raise SizingError(f"{what} file {str(file)!r} is empty: {allowed}")
    return text


def api_options(function):
    for option in reversed((
        click.option("--url", envvar="WA_API_URL", required=True,
                     type=ParsedBy("url", _url, "URL"),
                     help="Webapp base URL, https://host[:port] (or $WA_API_URL)."),
        click.option("--user", envvar="WA_API_USER", default="admin", show_default=True,
                     help="API user (or $WA_API_USER)."),
        click.option("--password-file", type=click.Path(exists=True, dir_okay=False,
                                                        path_type=Path),
                     help=f"File holding the password (default: ${PASSWORD_ENV})."),
        click.option("--ca-file", type=ParsedBy("ca file", _ca_file, "PEM"),
                     help="Trust this CA certificate (PEM) for the Webapp's TLS; the system "
                     "CAs otherwise. TLS is always verified."),
        click.option("--timeout", type=_seconds("timeout", 1, 600), default=15,
                     show_default=True,
                     help="Seconds for each HTTP call as a whole (connect, answer, body)."),
    )):
        function = option(function)
    return function


def _client(url, user, password_file, ca_file, timeout) -> WebappClient:
    password = _secret(PASSWORD_ENV, password_file, "password")
    client = WebappClient(url, ca_file=ca_file, timeout_s=timeout)
    client.login(user, password)
    return client


def _health_client(url, user, password_file, api_key_file, ca_file, timeout) -> WebappClient:
    """A client that may read /v1/health: with the API key (no login) when one is given, by
    its file or by $WA_API_KEY, else logged in with the user and password. A file named on
    the command line comes before the environment."""
    if api_key_file is not None and password_file is not None:
        raise SizingError("--api-key-file and --password-file are both given: allowed one (the "
                          "API key reads /v1/health without a login)")
    if api_key_file is not None:
        key = _secret_file(api_key_file, "api key")
    elif password_file is None:
        key = os.environ.get(API_KEY_ENV, "").strip() or None
    else:
        key = None
    if key is not None:  # checked by the client (exit 2, never shown) before anything is sent
        return WebappClient(url, ca_file=ca_file, timeout_s=timeout, api_key=key)
    if password_file is None and not os.environ.get(PASSWORD_ENV, "").strip():
        raise SizingError(f"api key and password are missing: allowed the API key from "
                          f"${API_KEY_ENV} or --api-key-file, or the password from "
                          f"${PASSWORD_ENV} or --password-file")
    return _client(url, user, password_file, ca_file, timeout)


def _problems(health: Health, connected_at_least: int) -> list[str]:
    """What keeps the cluster from good health, one phrase each: too few Coreapps connected,
    not exactly one primary Master, nodes in error. Empty when healthy."""
    problems = []
    # connected or connecting: good health, as Meta says and as the probe counts
    if health.healthy_coreapps < connected_at_least:
        problems.append(f"{health.healthy_coreapps} Coreapps connected or connecting, fewer "
                        f"than {connected_at_least}")
    if health.primary_masters == 0:
        problems.append("no primary Master")
    elif health.primary_masters > 1:
        problems.append(f"{health.primary_masters} primary Masters, one expected")
    if health.nodes_in_error:
        problems.append(f"{health.nodes_in_error} node{'s' * (health.nodes_in_error > 1)} "
                        "in error")
    return problems


def _health_doc(health: Health) -> dict:
    return {"connected_coreapps": health.connected_coreapps,
            "healthy_coreapps": health.healthy_coreapps,
            "primary_masters": health.primary_masters, "nodes": health.nodes,
            "nodes_in_error": health.nodes_in_error,
            "coreapps_by_status": dict(health.coreapps_by_status or {})}


def _health_lines(health: Health, problems: list[str]) -> list[str]:
    by_status = health.coreapps_by_status or {}
    lines = [f"primary Masters: {health.primary_masters}",
             f"Coreapps connected: {health.connected_coreapps}"]
    lines += [f"Coreapps {status}: {count}" if status != OTHER_STATUS
              else f"Coreapps with another gateway_status: {count}"
              for status, count in by_status.items() if count and status != "connected"]
    lines.append(f"nodes in error: {health.nodes_in_error}")
    lines.append("verdict: " + ("healthy" if not problems
                                else "unhealthy: " + "; ".join(problems)))
    return lines


@main.command("get")
@api_options
@click.option("--expect", type=SHARDS, help="Exit 1 unless the cluster has this many shards.")
@click.option("--json", "as_json", is_flag=True, help='Print {"shards": N}.')
def get_command(url, user, password_file, ca_file, timeout, expect, as_json):
    """Print the shard count (GET /v1/account/shards)."""
    shards = _client(url, user, password_file, ca_file, timeout).get_shards()
    click.echo(json.dumps({"shards": shards}) if as_json else str(shards))
    if expect is not None and shards != expect:
        raise ApiError(f"cluster has {shards} shards, expected {expect}")


@main.command("health")
@api_options
@click.option("--api-key-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=f"File holding the Webapps' WA_API_KEY (default: ${API_KEY_ENV}): read "
              "/v1/health with it, without a login. Without a key: the user and password.")
@click.option("--expect", type=CONNECTED,
              help="Exit 1 unless at least N Coreapps report connected or connecting (good "
              "health, as Meta says), there is exactly one primary Master and no node is in "
              "error.")
@click.option("--within", type=_seconds("within", 0, 3600), default=0, show_default=True,
              help="Seconds to keep reading (every --interval) until the cluster is healthy; "
              "0: read once. For right after a roll or a shard change.")
@click.option("--interval", type=_seconds("interval", 0.01, 60), default=5, show_default=True,
              help="Seconds between reads with --within.")
@click.option("--json", "as_json", is_flag=True,
              help='Print the counts as a JSON object (with "ok" when --expect is given).')
def health_command(url, user, password_file, ca_file, timeout, api_key_file, expect, within,
                   interval, as_json):
    """Print the cluster's health (GET /v1/health) and a verdict.

    One line each: primary Masters, Coreapps by gateway_status, nodes in error, the verdict.
    Healthy: at least --expect Coreapps connected or connecting (one without --expect),
    exactly one primary Master and no node in error; --within keeps reading until it is.
    With an API key (--api-key-file or $WA_API_KEY) no login is done. Exit codes: 0 read
    (and healthy, with --expect), 1 the API call failed or --expect is not met (the line
    names what failed), 2 bad input.
    """
    client = _health_client(url, user, password_file, api_key_file, ca_file, timeout)
    deadline = client._clock() + within
    while True:
        try:
            health = client.health()
        except ApiError as error:  # Webapps restart too after a roll
            if client._clock() + interval > deadline:
                raise
            _progress(f"health: {error}")
        else:
            problems = _problems(health, 1 if expect is None else expect)
            if not problems or client._clock() + interval > deadline:
                break
            _progress("not yet: " + "; ".join(problems))
        client._sleep(interval)
    if as_json:
        doc = _health_doc(health)
        if expect is not None:
            doc["ok"] = not problems
        click.echo(json.dumps(doc, indent=2))
    else:
        for line in _health_lines(health, problems):
            click.echo(line)
    if expect is not None and problems:
        raise ApiError("unhealthy: " + "; ".join(problems))


@main.command("set")
@click.argument("shards", type=SHARDS)
@api_options
@click.option("--cc", required=True, help="Country code of the registered number, digits.")
@click.option("--phone", required=True, help="Phone number without the country code.")
@click.option("--cert-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=f"Base64 certificate from Business Manager (default: ${CERT_ENV}).")
@click.option("--pin-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=f"Two-step verification PIN, if enabled (default: ${PIN_ENV}).")
@click.option("-y", "--yes", is_flag=True,
              help="Set without the question (scripts). Without it, stdin must be a terminal.")
@click.option("--skip-preflight", is_flag=True,
              help="Set even when /v1/health shows no primary Master, a node in error or fewer "
              "Coreapps connected than the shards set now (the question is still asked).")
@click.option("--wait/--no-wait", default=True, show_default=True,
              help="Wait until SHARDS Coreapps report connected on /v1/health.")
@click.option("--health-timeout", type=_seconds("health timeout", 1, 3600), default=300,
              show_default=True, help="Seconds to wait for the Coreapps.")
@click.option("--interval", type=_seconds("interval", 0.01, 60), default=5, show_default=True,
              help="Seconds between health checks.")
def set_command(shards, url, user, password_file, ca_file, timeout, cc, phone, cert_file,
                pin_file, yes, skip_preflight, wait, health_timeout, interval):
    """Set the shard count (POST /v1/account/shards); every Coreapp restarts (45-60 s).

    Run it after growing the stack (increase) or before shrinking it (decrease): see `plan`.
    In order: every input is checked; without --yes stdin must be a terminal (someone to
    ask); it logs in and reads the shards set now (the same count: nothing changes); the
    preflight reads /v1/health and refuses when there is not exactly one primary Master, a
    node is in error or fewer Coreapps are connected than the shards set now
    (--skip-preflight goes on anyway); it asks before it sets (--yes answers yes); then it
    sets and waits for SHARDS Coreapps connected. Exit codes: 0 set (or already SHARDS), 1
    the API call failed, the preflight refused, the Coreapps did not connect in time or the
    question was answered no, 2 bad input (no terminal to ask and no --yes included).
    """
    body = shards_body(cc, phone, shards, _secret(PIN_ENV, pin_file, "pin", required=False),
                       _secret(CERT_ENV, cert_file, "cert"))
    password = _secret(PASSWORD_ENV, password_file, "password")
    client = WebappClient(url, ca_file=ca_file, timeout_s=timeout)
    if not yes:  # before anything is sent: nobody to ask is bad input, never a silent yes
        _need_terminal("pass --yes")
    client.login(user, password)
    current = client.get_shards()
    if current == shards:
        _progress(f"{client.base_url} has {shards} shards already: nothing changes")
        click.echo(str(shards))
        return
    if not skip_preflight:
        problems = _problems(client.health(), current)
        if problems:
            raise ApiError(f"preflight refused the change: {'; '.join(problems)} (on "
                           f"/v1/health, with {current} shards set now): fix it, or pass "
                           "--skip-preflight to go on anyway")
    question = (f"Set {client.base_url} from {current} to {shards} shards? Every Coreapp "
                "restarts: about 45-60 s with no messages.")
    if yes:
        _progress(f"Setting {client.base_url} from {current} to {shards} shards (--yes)")
    elif not click.confirm(question, default=False, err=True):
        raise NotConfirmed(f"not confirmed: nothing changed ({current} shards set)")
    attempts = client.set_shards(body, progress=_progress)
    _progress(f"shards set to {shards} (attempt {attempts}); Coreapps restart")
    if wait:
        health = client.wait_connected(shards, health_timeout, interval, progress=_progress)
        _progress(f"{health.connected_coreapps} Coreapps connected")
    click.echo(str(shards))
