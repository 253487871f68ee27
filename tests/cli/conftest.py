"""Fixtures shared by the wa-shards tests."""

from __future__ import annotations

import functools

import pytest

from tests.cli.fake_webapp import Cluster, FakeWebapp, self_signed
from wa_api import WebappClient


@pytest.fixture(autouse=True)
def _no_aws_settings_of_the_machine(monkeypatch):
    """The region and profile a command uses (and prints) come from the test, never from the
    environment of whoever runs it: no AWS_REGION/AWS_DEFAULT_REGION/AWS_PROFILE, no config."""
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")


@pytest.fixture
def cloud(monkeypatch):
    """moto's AWS, with its test credentials and no region or profile of the machine: the
    deployments the wa-upgrade and wa-shards plans read (tests/cli/test_wa_upgrade.py
    `deployed`)."""
    import boto3
    from moto import mock_aws

    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    with mock_aws():
        yield


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory):
    """(cert.pem, key.pem): a self-signed CA certificate for 127.0.0.1."""
    return self_signed(tmp_path_factory.mktemp("tls"))


class FakeTime:
    """A monotonic clock and a sleep for WebappClient(sleep=..., clock=...).

    The clock moves only when told: `sleep` records the delay and moves the clock by it, and
    every reading of the clock moves it by `tick` afterwards (0: it stands still between
    sleeps). Nothing here waits for real.
    """

    def __init__(self, start: float = 1000.0, tick: float = 0.0) -> None:
        self.start = self.now = start
        self.tick = tick
        self.sleeps: list[float] = []  # every delay asked for, in order
        self.slept_at: list[float] = []  # the clock when each sleep began
        self.readings = 0

    def clock(self) -> float:
        self.readings += 1
        value = self.now
        self.now += self.tick
        return value

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0, f"sleep({seconds})"
        self.sleeps.append(seconds)
        self.slept_at.append(self.now - self.start)
        self.now += seconds

    @property
    def elapsed(self) -> float:
        return self.now - self.start


@pytest.fixture
def fake_time(monkeypatch) -> FakeTime:
    """FakeTime, given to every WebappClient the wa-shards CLI builds (its retries, its health
    wait and each call's deadline run on it): the test reads back what was slept."""
    import cli.shards

    fake = FakeTime()
    monkeypatch.setattr(cli.shards, "WebappClient", functools.partial(
        WebappClient, sleep=fake.sleep, clock=fake.clock))
    return fake


@pytest.fixture
def webapp(tls_files):
    """A fake Webapp on 127.0.0.1 with a fresh cluster (server.cluster)."""
    with FakeWebapp(*tls_files, Cluster()) as server:
        yield server
