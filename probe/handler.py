"""The health probe's Lambda function: read what the Webapp knows of the cluster and publish it
to CloudWatch (namespace WaInfra, dimension Deployment; the one table is probe.metrics).

How it gets in: by default with the Webapps' generated WA_API_KEY (the secret named by
API_KEY_SECRET_ARN; header "Authorization: Apikey <key>"), which opens GET /v1/health, /metrics
and /v1/stats. When an operator puts a Webapp user's name in the credentials secret's
"username" (its "password" beside it), the probe logs in as that user instead, as before, and
can then also read the client's shard count (GET /v1/account/shards). The credentials secret
also holds the options "url", "ca_pem" and "tls_name" for either way in.

Every run prints one line, never the key, the password, the token or the CA's PEM, and ends
one of three ways:

- the Webapp answered /v1/health: ProbeConfigured=1, ProbeErrors=0, the health's counts and
  the Coreapps by gateway_status, ShardsExpected (the client's when it could be read, else
  the plan's), and what /metrics and /v1/stats/app held of the families probe.metrics reads
  (a failure there is named in the line, never fatal). Judging them is the alarms' work.
- it failed in a way the operator fixes (unreachable, timed out, TLS refused, key or login
  refused, a bad answer, a bad "url" or "ca_pem", a secret that is not what probe.metrics
  describes): ProbeConfigured=1, ProbeErrors=1, a line naming the cause, a normal return.
- the plumbing failed (the environment the stack sets is missing or invalid, GetSecretValue
  or PutMetricData failed): a line, then ProbeSetupError is raised, so the function's own
  AWS/Lambda Errors metric counts it. Nothing, or not everything, was published.

Time: the calls a run needs (login, health) are each bounded by HTTP_TIMEOUT_S, the ones it
can do without (shards, /metrics, /v1/stats/app) by EXTRA_TIMEOUT_S. Each AWS call (a secret,
the metrics) makes at most AWS_ATTEMPTS attempts of AWS_CONNECT_S + AWS_READ_S. RUN_BOUND_S adds
up the longer of the two ways in (the key: two secrets, three Webapp calls; a user: one secret,
five calls): a run ends within it even when nothing answers, inside the function's 60 s
timeout, so the run's line is always printed.

The Webapp calls use wa_api.WebappClient, the client of wa-shards: verified TLS (the system
trust store, or only the secret's "ca_pem"), size caps, redirects only within the origin, so
neither the key nor the password goes to another origin.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from probe import metrics
from wa_api import ApiError, WebappClient
from wa_api.client import Health, parse_api_key
from wa_api.errors import InvalidInput, UntrustedCertificate, one_line
from wa_api.prometheus import Sample
from wa_api.url import parse_base_url, parse_host_name

HTTP_TIMEOUT_S = 6.0  # each call a run needs: the login (with a user), GET /v1/health
EXTRA_TIMEOUT_S = 4.0  # each call it can do without: shards, /metrics, /v1/stats/app
AWS_CONNECT_S, AWS_READ_S, AWS_ATTEMPTS = 2, 3, 2
AWS_BACKOFF_S = 1  # standard retry mode: the one retry waits at most this (jittered)
AWS_CALL_BOUND_S = AWS_ATTEMPTS * (AWS_CONNECT_S + AWS_READ_S) + AWS_BACKOFF_S
EXTRA_PATHS = ("/metrics", "/v1/stats/app")
# The key: health and the two extra paths; a user: login, health, shards and the extra paths.
KEY_WEBAPP_BOUND_S = HTTP_TIMEOUT_S + len(EXTRA_PATHS) * EXTRA_TIMEOUT_S
WEBAPP_BOUND_S = 2 * HTTP_TIMEOUT_S + (1 + len(EXTRA_PATHS)) * EXTRA_TIMEOUT_S
# two secrets (credentials, key) or one, then PutMetricData: 47 s, the Lambda timeout is 60 s
RUN_BOUND_S = max(KEY_WEBAPP_BOUND_S + 3 * AWS_CALL_BOUND_S,
                  WEBAPP_BOUND_S + 2 * AWS_CALL_BOUND_S)
LINE = "health probe"
MAX_LINE = 1000  # a server's words in an error stay short
DIGITS = re.compile(r"[0-9]{1,6}", re.ASCII)
NAT_HINT = ("if the load balancer is out of reach: its security group must admit this "
            "function's security group on 443, and if it is internet-facing this function "
            "reaches it from the NAT gateways' public addresses, which the stacks admit for a "
            "VPC they create (an existing VPC's must be in api_cidrs)")
TLS_HINT = (f'(for the probe: the PEM of that CA goes in the secret\'s "{metrics.SECRET_CA_PEM}",'
            f' the host name the certificate holds in its "{metrics.SECRET_TLS_NAME}")')


class ProbeSetupError(RuntimeError):
    """The environment, Secrets Manager or CloudWatch failed: the function's Errors count it."""


class SecretContentError(ValueError):
    """The secret is not what probe.metrics describes; str() never holds a value of it."""


@dataclass(frozen=True)
class Settings:
    webapp_url: str
    secret_arn: str
    deployment: str
    shards_expected: int
    api_key_secret_arn: str

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """What the stack set; ProbeSetupError (after its line) when a value is missing or bad."""
        def need(name: str) -> str:
            value = env.get(name, "").strip()
            if not value:
                raise _setup_failure(f"environment variable {name} is not set")
            return value

        shards = need(metrics.ENV_SHARDS_EXPECTED)
        if not DIGITS.fullmatch(shards):
            raise _setup_failure(f"environment variable {metrics.ENV_SHARDS_EXPECTED} is "
                                 f"{shards[:40]!r}: allowed a whole number")
        deployment = need(metrics.ENV_DEPLOYMENT)
        if len(deployment) > 255:  # a CloudWatch dimension value holds at most 1024
            raise _setup_failure(f"environment variable {metrics.ENV_DEPLOYMENT} is longer "
                                 "than 255 characters")
        return cls(need(metrics.ENV_WEBAPP_URL), need(metrics.ENV_SECRET_ARN), deployment,
                   int(shards), need(metrics.ENV_API_KEY_SECRET_ARN))


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str = ""
    url: str | None = None
    ca_pem: str | None = None
    tls_name: str | None = None

    def __repr__(self) -> str:  # never the password or the PEM, wherever it is printed
        return (f"Credentials(username={self.username!r}, url={self.url!r}, "
                f"tls_name={self.tls_name!r})")


def aws_config() -> Config:
    return Config(connect_timeout=AWS_CONNECT_S, read_timeout=AWS_READ_S,
                  retries={"total_max_attempts": AWS_ATTEMPTS, "mode": "standard"})


def read_secret(arn: str, what: str = "credentials") -> str:
    """The secret's text; ProbeSetupError (after its line) when Secrets Manager fails."""
    try:
        answer = boto3.client("secretsmanager", config=aws_config()).get_secret_value(
            SecretId=arn)
    except (BotoCoreError, ClientError) as error:
        raise _setup_failure(f"cannot read the {what} secret {arn}: {error}") from None
    text = answer.get("SecretString")
    if not isinstance(text, str):
        raise SecretContentError(f"the {what} secret {arn} holds no text (SecretString)")
    return text


def read_api_key(arn: str) -> str:
    """The Webapps' WA_API_KEY from its secret; SecretContentError (never showing it) when it
    is not a key the client takes."""
    try:
        return parse_api_key(read_secret(arn, "API key").strip())
    except InvalidInput as error:
        raise SecretContentError(f"the API key secret {arn}: {error}") from None


def parse_credentials(text: str, arn: str) -> Credentials:
    """The secret's JSON object -> Credentials; an empty "username" means the API key."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        doc = None
    if not isinstance(doc, dict):
        raise SecretContentError(f"the credentials secret {arn} is not a JSON object")
    found = {}
    for key in (metrics.SECRET_USERNAME, metrics.SECRET_PASSWORD, metrics.SECRET_URL,
                metrics.SECRET_CA_PEM, metrics.SECRET_TLS_NAME):
        value = doc.get(key)
        if value is not None and not isinstance(value, str):
            raise SecretContentError(f'the credentials secret {arn}: "{key}" is not a string')
        found[key] = value or None
    username = (found[metrics.SECRET_USERNAME] or "").strip()
    if username and not found[metrics.SECRET_PASSWORD]:
        raise SecretContentError(f'the credentials secret {arn} names user {username!r} but '
                                 f'its "{metrics.SECRET_PASSWORD}" is empty')
    return Credentials(username, found[metrics.SECRET_PASSWORD] or "",
                       (found[metrics.SECRET_URL] or "").strip() or None,
                       found[metrics.SECRET_CA_PEM],
                       (found[metrics.SECRET_TLS_NAME] or "").strip() or None)


@dataclass
class Reading:
    """What a run read: the values to publish ({name or name/dimension value: value}), the
    health, the shard count the client holds (None: not read), and the extra reads that
    failed (one short phrase each)."""

    values: dict[str, float]
    health: Health
    client_shards: int | None = None
    skipped: list[str] = field(default_factory=list)


def check_webapp(url: str, credentials: Credentials, api_key: str | None = None) -> Reading:
    """GET /v1/health (after a login when the credentials name a user, else with `api_key`),
    then what the client can tell besides. Raises ApiError or InvalidInput (one line each),
    SecretContentError for a bad ca_pem or tls_name."""
    parse_base_url(url)  # a bad url names itself now, before the CA is looked at
    if credentials.tls_name is not None:
        try:
            parse_host_name(credentials.tls_name)
        except InvalidInput as error:
            raise SecretContentError(f'the secret\'s "{metrics.SECRET_TLS_NAME}": '
                                     f"{error}") from None
    ca_file = None
    if credentials.ca_pem is not None:
        # A private file under /tmp on Lambda, gone once the TLS context has read it.
        descriptor, ca_file = tempfile.mkstemp(prefix="wa-probe-ca-", suffix=".pem")
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(credentials.ca_pem)
    try:
        try:
            client = WebappClient(url, ca_file=ca_file, timeout_s=HTTP_TIMEOUT_S,
                                  tls_name=credentials.tls_name,
                                  api_key=None if credentials.username else api_key)
        except InvalidInput:  # the url passed: the CA it is
            raise SecretContentError(f'the secret\'s "{metrics.SECRET_CA_PEM}" is invalid: '
                                     "allowed the PEM text of a CA certificate") from None
    finally:
        if ca_file is not None:
            os.unlink(ca_file)  # the TLS context holds the CA now
    started = time.monotonic()
    try:  # the first call: a timeout there is most likely the network
        if credentials.username:
            client.login(credentials.username, credentials.password)
            health = None
        else:
            health = client.health()
    except ApiError as error:
        if "timed out" in str(error):
            raise ApiError(f"{error}: {NAT_HINT}") from None
        raise
    health = health or client.health()
    latency_ms = (time.monotonic() - started) * 1000
    by_status = health.coreapps_by_status or {}
    values = {metrics.CONNECTED: health.healthy_coreapps,
              metrics.PRIMARY_MASTERS: health.primary_masters,
              metrics.NODES_IN_ERROR: health.nodes_in_error, metrics.NODES: health.nodes,
              metrics.LATENCY: round(latency_ms, 1),
              **{f"{metrics.GATEWAY_STATUS}/{status}": by_status.get(status, 0)
                 for status in metrics.GATEWAY_STATUSES}}
    reading = Reading(values, health)
    if credentials.username:  # the API key does not open /v1/account/shards
        try:
            reading.client_shards = client.get_shards(timeout_s=EXTRA_TIMEOUT_S)
        except ApiError as error:
            reading.skipped.append(f"shards: {error}")
    for path in EXTRA_PATHS:
        try:
            samples = client.prometheus(path, metrics.FAMILIES.values(),
                                        timeout_s=EXTRA_TIMEOUT_S)
        except ApiError as error:
            reading.skipped.append(str(error))
        else:
            values.update(client_metrics(samples))
    return reading


def _result_class(result: str) -> str:
    """An API result (an HTTP status) as one of metrics.API_RESULTS."""
    if len(result) == 3 and result.isascii() and result.isdigit():
        return {"1": "ok", "2": "ok", "3": "ok", "4": "4xx", "5": "5xx"}.get(result[0], "other")
    return "other"


def client_metrics(samples: dict[str, list[Sample]]) -> dict[str, float]:
    """The values probe.metrics derives from the Prometheus families found (every series of
    a node, summed; a family not found publishes nothing)."""
    values: dict[str, float] = {}
    families = metrics.FAMILIES

    def by(metric: str, classify, classes) -> dict[str, float] | None:
        found = samples.get(families[metric])
        if found is None:
            return None
        counts = dict.fromkeys(classes, 0.0)
        for labels, value in found:
            counts[classify(labels.get("result", ""))] += value
        values.update({f"{metric}/{name}": count for name, count in counts.items()})
        return counts

    def percent(metric: str, counts: dict[str, float] | None, good: str) -> None:
        total = sum((counts or {}).values())
        if total > 0:
            values[metric] = round(100 * (total - counts[good]) / total, 2)

    api = by(metrics.API_REQUESTS, _result_class, metrics.API_RESULTS)
    percent(metrics.API_ERROR_PERCENT, api, "ok")
    callbacks = by(metrics.CALLBACKS, lambda r: "success" if r == "success" else "failed",
                   metrics.CALLBACK_RESULTS)
    percent(metrics.CALLBACK_FAILURE_PERCENT, callbacks, "success")
    for metric in (metrics.CALLBACK_QUEUE, metrics.PENDING_MESSAGES):
        if families[metric] in samples:
            values[metric] = sum(value for _, value in samples[families[metric]])
    return values


def publish(deployment: str, values: dict[str, float]) -> None:
    """All of a run's metrics in one PutMetricData ("name/value" keys carry the metric's
    second dimension); ProbeSetupError when that fails."""
    now = datetime.now(UTC)
    data = []
    for key, value in values.items():
        name, _, second = key.partition("/")
        dimensions = [{"Name": metrics.DIMENSION, "Value": deployment}]
        if second:
            dimensions.append({"Name": metrics.BY_NAME[name].dimension, "Value": second})
        data.append({"MetricName": name, "Dimensions": dimensions, "Timestamp": now,
                     "Value": float(value), "Unit": metrics.UNITS[name]})
    try:
        boto3.client("cloudwatch", config=aws_config()).put_metric_data(
            Namespace=metrics.NAMESPACE, MetricData=data)
    except (BotoCoreError, ClientError) as error:
        raise _setup_failure(f"cannot publish {len(data)} metrics to {metrics.NAMESPACE}: "
                             f"{error}") from None


def handler(event: object = None, context: object = None) -> dict:
    """The Lambda entry point (index.handler). Returns what was published and the line."""
    settings = Settings.from_env(os.environ)
    try:
        credentials = parse_credentials(read_secret(settings.secret_arn), settings.secret_arn)
        api_key = None if credentials.username else read_api_key(settings.api_key_secret_arn)
    except SecretContentError as error:
        return _finish(settings, False, str(error), secrets=())
    secrets = (credentials.password, api_key)
    url = credentials.url or settings.webapp_url
    source = (f'the secret\'s "{metrics.SECRET_URL}"' if credentials.url
              else metrics.ENV_WEBAPP_URL)
    try:
        reading = check_webapp(url, credentials, api_key)
    except ApiError as error:
        hint = f" {TLS_HINT}" if isinstance(error, UntrustedCertificate) else ""
        return _finish(settings, False, f"{url}: {error}{hint}", secrets)
    except InvalidInput as error:  # only the url is parsed in check_webapp
        return _finish(settings, False, f"{source}: {error}", secrets)
    except SecretContentError as error:
        return _finish(settings, False, str(error), secrets)
    shards, whose = ((reading.client_shards, "the client's setting")
                     if reading.client_shards is not None
                     else (settings.shards_expected, "the plan's"))
    values = {metrics.SHARDS_EXPECTED: shards, **reading.values}
    status = reading.health.coreapps_by_status or {}
    way_in = f"as user {credentials.username!r}" if credentials.username else "with the API key"
    line = (f"{url} ({way_in}): Coreapps connected {values[metrics.CONNECTED]} (shards "
            f"expected {shards}, {whose}; by status "
            + ", ".join(f"{name} {status.get(name, 0)}" for name in metrics.GATEWAY_STATUSES
                        if status.get(name, 0))
            + f"), primary masters {values[metrics.PRIMARY_MASTERS]}, nodes in error "
            f"{values[metrics.NODES_IN_ERROR]} of {values[metrics.NODES]}, "
            f"{values[metrics.LATENCY]:.0f} ms"
            + (f"; not read: {'; '.join(reading.skipped)}" if reading.skipped else ""))
    return _finish(settings, True, line, secrets, values)


def _finish(settings: Settings, ok: bool, line: str, secrets: tuple[str | None, ...],
            counts: dict[str, float] | None = None) -> dict:
    """Print the run's line, publish the run's metrics, return both."""
    text = one_line(line)
    for secret in secrets:  # defence in depth: no message above holds one
        if secret:
            text = text.replace(secret, "***")
    if len(text) > MAX_LINE:
        text = text[:MAX_LINE - 3] + "..."
    text = f"{LINE}: {text}" if ok else f"{LINE}: FAILED: {text}"
    _say(text)
    values = {metrics.CONFIGURED: 1, metrics.ERRORS: 0 if ok else 1, **(counts or {})}
    publish(settings.deployment, values)
    return {"configured": True, "ok": ok, "metrics": values, "line": text}


def _setup_failure(what: str) -> ProbeSetupError:
    """Print the line, and return the error to raise (botocore's words name no secret)."""
    message = f"{LINE}: FAILED: {one_line(what)}"
    if len(message) > MAX_LINE:
        message = message[:MAX_LINE - 3] + "..."
    _say(message)
    return ProbeSetupError(message)


def _say(line: str) -> None:
    print(line, flush=True)
