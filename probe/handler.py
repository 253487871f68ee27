"""The health probe's Lambda function: log in to the Webapp, read GET /v1/health, publish
what it saw to CloudWatch (namespace WaInfra, dimension Deployment; names in probe.metrics).

Every run prints one line, never the password, the token or the CA's PEM, and ends one of
four ways:

- not configured (the secret's "username" is empty): ProbeConfigured=0 only, a line saying
  how to configure, a normal return. No request goes to the Webapp.
- healthy or not, the Webapp answered: ProbeConfigured=1, ProbeErrors=0 and the counts as they
  are (CoreappsConnected, ShardsExpected, PrimaryMasters, NodesInError, ClusterNodes,
  ApiLatencyMs). Judging them is the alarms' work, not the probe's.
- configured but failed (unreachable, timed out, TLS refused, login refused, a bad answer, a
  bad "url" or "ca_pem" or a secret that is not the JSON object described in probe.metrics):
  ProbeConfigured=1, ProbeErrors=1, a line naming the cause, a normal return. These are the
  operator's to fix and are what the ProbeErrors alarm is for.
- the plumbing failed (the environment the stack sets is missing or invalid, GetSecretValue
  or PutMetricData failed): a line, then ProbeSetupError is raised, so the function's own
  AWS/Lambda Errors metric counts it. Nothing, or not everything, was published.

Time: each Webapp call (connect, TLS, answer, redirects) is bounded by HTTP_TIMEOUT_S, and a
run makes two (login, health): at most WEBAPP_BOUND_S. Each AWS call (the secret, then the
metrics) makes at most AWS_ATTEMPTS attempts of AWS_CONNECT_S + AWS_READ_S. RUN_BOUND_S adds
these up: the Webapp part ends within 16 s, the whole run within 38 s even when nothing
answers, well inside the function's 60 s timeout, so the run's line is always printed.

The Webapp calls use wa_api.WebappClient, the client of wa-shards: verified TLS (the system
trust store, or only the secret's "ca_pem"), size caps, redirects only within the origin.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from probe import metrics
from wa_api import ApiError, WebappClient
from wa_api.errors import InvalidInput, UntrustedCertificate, one_line
from wa_api.url import parse_base_url, parse_host_name

HTTP_TIMEOUT_S = 8.0
WEBAPP_BOUND_S = 2 * HTTP_TIMEOUT_S  # login + GET /v1/health
AWS_CONNECT_S, AWS_READ_S, AWS_ATTEMPTS = 2, 3, 2
AWS_BACKOFF_S = 1  # standard retry mode: the one retry waits at most this (jittered)
AWS_CALL_BOUND_S = AWS_ATTEMPTS * (AWS_CONNECT_S + AWS_READ_S) + AWS_BACKOFF_S
RUN_BOUND_S = WEBAPP_BOUND_S + 2 * AWS_CALL_BOUND_S  # 38 s: the Lambda timeout is 60 s
LINE = "health probe"
MAX_LINE = 1000  # a server's words in an error stay short
DIGITS = re.compile(r"[0-9]{1,6}", re.ASCII)
NAT_HINT = ("if the load balancer is out of reach: its security group must admit this "
            "function's security group on 443, and if it is internet-facing this function "
            "reaches it through the NAT gateways, whose public addresses must be in api_cidrs")
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
                   int(shards))


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


def read_secret(arn: str) -> str:
    """The secret's text; ProbeSetupError (after its line) when Secrets Manager fails."""
    try:
        answer = boto3.client("secretsmanager", config=aws_config()).get_secret_value(
            SecretId=arn)
    except (BotoCoreError, ClientError) as error:
        raise _setup_failure(f"cannot read the credentials secret {arn}: {error}") from None
    text = answer.get("SecretString")
    if not isinstance(text, str):
        raise SecretContentError(f"the credentials secret {arn} holds no text (SecretString)")
    return text


def parse_credentials(text: str, arn: str) -> Credentials:
    """The secret's JSON object -> Credentials; an empty "username" means not configured."""
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


def check_webapp(url: str, credentials: Credentials) -> dict[str, float]:
    """Login and GET /v1/health -> the counts to publish (without the run's flags).
    Raises ApiError or InvalidInput (one line each), SecretContentError for a bad ca_pem."""
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
                                  tls_name=credentials.tls_name)
        except InvalidInput:  # the url passed: the CA it is
            raise SecretContentError(f'the secret\'s "{metrics.SECRET_CA_PEM}" is invalid: '
                                     "allowed the PEM text of a CA certificate") from None
    finally:
        if ca_file is not None:
            os.unlink(ca_file)  # the TLS context holds the CA now
    started = time.monotonic()
    try:
        client.login(credentials.username, credentials.password)
    except ApiError as error:
        if "timed out" in str(error):
            raise ApiError(f"{error}: {NAT_HINT}") from None
        raise
    health = client.health()
    latency_ms = (time.monotonic() - started) * 1000
    return {metrics.CONNECTED: health.connected_coreapps,
            metrics.PRIMARY_MASTERS: health.primary_masters,
            metrics.NODES_IN_ERROR: health.nodes_in_error, metrics.NODES: health.nodes,
            metrics.LATENCY: round(latency_ms, 1)}


def publish(deployment: str, values: dict[str, float]) -> None:
    """All of a run's metrics in one PutMetricData; ProbeSetupError when that fails."""
    now = datetime.now(UTC)
    dimensions = [{"Name": metrics.DIMENSION, "Value": deployment}]
    data = [{"MetricName": name, "Dimensions": dimensions, "Timestamp": now,
             "Value": float(value), "Unit": metrics.UNITS[name]}
            for name, value in values.items()]
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
    except SecretContentError as error:
        return _finish(settings, False, str(error), secret=None)
    if not credentials.username:
        line = (f"{LINE}: not configured: create a Webapp user whose password is the "
                f'"{metrics.SECRET_PASSWORD}" of secret {settings.secret_arn}, then put its name '
                f'in the secret\'s "{metrics.SECRET_USERNAME}" (optional: '
                f'"{metrics.SECRET_TLS_NAME}" for the host name the Webapp\'s certificate holds, '
                f'"{metrics.SECRET_CA_PEM}" for the PEM of its CA, "{metrics.SECRET_URL}" for '
                "another address of the Webapps)")
        _say(line)
        values = {metrics.CONFIGURED: 0}
        publish(settings.deployment, values)
        return {"configured": False, "ok": None, "metrics": values, "line": line}
    url = credentials.url or settings.webapp_url
    source = (f'the secret\'s "{metrics.SECRET_URL}"' if credentials.url
              else metrics.ENV_WEBAPP_URL)
    try:
        counts = check_webapp(url, credentials)
    except ApiError as error:
        hint = f" {TLS_HINT}" if isinstance(error, UntrustedCertificate) else ""
        return _finish(settings, False, f"{url}: {error}{hint}", credentials.password)
    except InvalidInput as error:  # only the url is parsed in check_webapp
        return _finish(settings, False, f"{source}: {error}", credentials.password)
    except SecretContentError as error:
        return _finish(settings, False, str(error), credentials.password)
    line = (f"{url}: Coreapps connected {counts[metrics.CONNECTED]} (shards expected "
            f"{settings.shards_expected}), primary masters {counts[metrics.PRIMARY_MASTERS]}, "
            f"nodes in error {counts[metrics.NODES_IN_ERROR]} of {counts[metrics.NODES]}, "
            f"{counts[metrics.LATENCY]:.0f} ms")
    return _finish(settings, True, line, credentials.password, counts)


def _finish(settings: Settings, ok: bool, line: str, secret: str | None,
            counts: dict[str, float] | None = None) -> dict:
    """Print the run's line, publish the run's metrics, return both."""
    text = one_line(line)
    if secret:  # defence in depth: no message above holds it
        text = text.replace(secret, "***")
    if len(text) > MAX_LINE:
        text = text[:MAX_LINE - 3] + "..."
    text = f"{LINE}: {text}" if ok else f"{LINE}: FAILED: {text}"
    _say(text)
    values = {metrics.CONFIGURED: 1, metrics.ERRORS: 0 if ok else 1}
    if ok:
        values |= {metrics.SHARDS_EXPECTED: settings.shards_expected, **(counts or {})}
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
