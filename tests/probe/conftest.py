"""Fixtures for the health probe: fake AWS (moto), the local HTTPS Webapp, the function's
environment and secret, and what reached CloudWatch."""

from __future__ import annotations

import datetime
import json

import boto3
import pytest
from moto import mock_aws

from probe import metrics
from tests.cli.fake_webapp import API_KEY, PASSWORD, USER, Cluster, FakeWebapp, self_signed
from tests.support import botocore_loader

DEPLOYMENT = "WaProd"
SHARDS = 8
PLACEHOLDER_URL = "https://internal-wa-lb.invalid"  # .invalid never resolves: never reached


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory):
    """(cert.pem, key.pem): a self-signed CA certificate for 127.0.0.1."""
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def ca_pem(tls_files):
    return tls_files[0].read_text()


@pytest.fixture(autouse=True)
def _botocore_read_once():
    # each test's mock_aws starts boto3 afresh: botocore's JSON is read once, not per test
    with botocore_loader.shared():
        yield


@pytest.fixture
def aws(monkeypatch):
    """moto for every AWS call of the test, with fake credentials and no config files."""
    for name, value in (("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "testing"),
                        ("AWS_SECRET_ACCESS_KEY", "testing"), ("AWS_SESSION_TOKEN", "testing"),
                        ("AWS_CONFIG_FILE", "/dev/null"),
                        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_PROFILE", raising=False)
    with mock_aws():
        yield


@pytest.fixture
def cluster():
    return Cluster(shards=SHARDS, coreapps=SHARDS + 1, secondary_masters=2)


@pytest.fixture
def webapp(tls_files, cluster):
    with FakeWebapp(*tls_files, cluster) as server:
        yield server


@pytest.fixture
def deploy(aws, monkeypatch):
    """deploy(secret, api_key=...) -> the credentials secret's ARN: both secrets exist (the
    API key's as the stacks generate it, plain text) and the function's environment is set as
    the stack sets it (WEBAPP_URL the placeholder unless given)."""
    def make(secret: dict | str, webapp_url: str = PLACEHOLDER_URL,
             api_key: str = API_KEY) -> str:
        text = secret if isinstance(secret, str) else json.dumps(secret)
        client = boto3.client("secretsmanager")
        arn = client.create_secret(Name=f"{DEPLOYMENT}-probe-credentials",
                                   SecretString=text)["ARN"]
        key_arn = client.create_secret(Name=f"{DEPLOYMENT}-web-api-key",
                                       SecretString=api_key)["ARN"]
        for name, value in ((metrics.ENV_WEBAPP_URL, webapp_url),
                            (metrics.ENV_SECRET_ARN, arn),
                            (metrics.ENV_API_KEY_SECRET_ARN, key_arn),
                            (metrics.ENV_DEPLOYMENT, DEPLOYMENT),
                            (metrics.ENV_SHARDS_EXPECTED, str(SHARDS))):
            monkeypatch.setenv(name, value)
        return arn
    return make


AS_CREATED = {"username": "", "password": "Generated-Pass-1"}  # the stacks' credentials secret


def credentials(webapp, ca, **changes) -> dict:
    """The secret an operator who named a user holds (with `changes`)."""
    return {"username": USER, "password": PASSWORD, "url": webapp.url, "ca_pem": ca, **changes}


def with_key(webapp, ca, **changes) -> dict:
    """The secret as the stacks create it, with the test Webapp's address and CA added."""
    return {**AS_CREATED, "url": webapp.url, "ca_pem": ca, **changes}


def published() -> dict[str, float]:
    """{metric name, or name/second dimension's value: value} of what reached CloudWatch
    (moto): exactly one datapoint each, every metric in the namespace with the dimension
    Deployment=DEPLOYMENT first and, for the metrics probe.metrics gives one, its second."""
    cloudwatch = boto3.client("cloudwatch")
    now = datetime.datetime.now(datetime.UTC)
    found = {}
    for metric in cloudwatch.list_metrics(Namespace=metrics.NAMESPACE)["Metrics"]:
        name = metric["MetricName"]
        first, *second = metric["Dimensions"]
        assert first == {"Name": metrics.DIMENSION, "Value": DEPLOYMENT}
        spec = metrics.BY_NAME[name]
        assert [d["Name"] for d in second] == ([spec.dimension] if spec.dimension else [])
        assert all(d["Value"] in metrics.VALUES[name] for d in second)
        points = cloudwatch.get_metric_statistics(
            Namespace=metrics.NAMESPACE, MetricName=metric["MetricName"],
            Dimensions=metric["Dimensions"], StartTime=now - datetime.timedelta(hours=1),
            EndTime=now + datetime.timedelta(hours=1), Period=60,
            Statistics=["Maximum", "SampleCount"])["Datapoints"]
        assert len(points) == 1 and points[0]["SampleCount"] == 1, points
        assert points[0]["Unit"] == metrics.UNITS[metric["MetricName"]]
        key = "/".join([name, *(d["Value"] for d in second)])
        found[key] = points[0]["Maximum"]
    return found
