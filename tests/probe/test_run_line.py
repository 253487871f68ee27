"""The one line a run prints, as the function's log shows it: capped at MAX_LINE characters
with an ellipsis (a failure's and the plumbing's alike), secrets blanked, written out before
the function returns, and a Webapp's refusal told in the client's own words."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable

import boto3
import pytest

from probe import handler as probe
from probe import metrics
from tests.cli.fake_webapp import PASSWORD, USER
from tests.probe.conftest import credentials, with_key
from tests.probe.runs import closed_port, failed, run
from wa_api import ApiError, WebappClient

FAILED = "health probe: FAILED: "


def put_secret(secret: dict) -> None:
    boto3.client("secretsmanager").put_secret_value(
        SecretId=probe.os.environ[metrics.ENV_SECRET_ARN], SecretString=json.dumps(secret))


def assert_capped_at_max_line(monkeypatch, shown: Callable[[int], str]) -> None:
    """`shown(n)`: the capped text of a message that grows by one character with n. The
    message that just fits is shown whole; one more character and it is cut to MAX_LINE,
    the last three an ellipsis."""
    cap = probe.MAX_LINE
    with monkeypatch.context() as lifted:
        lifted.setattr(probe, "MAX_LINE", 10 ** 6)
        fits = cap - (len(shown(1)) - 1)
        whole = {n: shown(n) for n in (fits, fits + 1)}
    assert len(whole[fits]) == cap
    assert shown(fits) == whole[fits]
    assert shown(fits + 1) == whole[fits + 1][:cap - 3] + "..."


def test_a_long_failure_line_is_cut_at_max_line(deploy, webapp, ca_pem, capsys, monkeypatch):
    deploy(credentials(webapp, ca_pem))

    def shown(n: int) -> str:  # a bad url in the secret is shown in its error, whole
        put_secret(credentials(webapp, ca_pem, url="http://" + "a" * n))
        result, out, _ = run(capsys)
        assert out.startswith(FAILED) and "http://a" in out
        assert result["line"] == out.rstrip("\n")
        return result["line"].removeprefix(FAILED)

    assert_capped_at_max_line(monkeypatch, shown)
    assert webapp.cluster.seen == []


def test_a_long_setup_failure_is_cut_at_max_line_too(deploy, monkeypatch, capsys):
    deploy({"username": ""})

    def shown(n: int) -> str:  # a secret that does not exist is named in the error
        monkeypatch.setenv(metrics.ENV_SECRET_ARN, "s" * n)
        with pytest.raises(probe.ProbeSetupError) as raised:
            probe.handler({}, None)
        out = capsys.readouterr().out
        assert out == f"{raised.value}\n" and "ResourceNotFoundException" in out
        return str(raised.value)

    assert_capped_at_max_line(monkeypatch, shown)


def test_a_secret_in_a_message_is_blanked(deploy, capsys):
    # an operator's url that holds the password (as a path prefix) is echoed by the error
    url = f"https://127.0.0.1:{closed_port()}/{PASSWORD}"
    deploy({"username": USER, "password": PASSWORD, "url": url})
    result, out, _ = run(capsys)
    failed(result, out, f"{url.replace(PASSWORD, '***')}: POST /v1/users/login")


class Unflushed(io.TextIOWrapper):
    """stdout with a buffer a run's line fits in: it reaches `raw` only on a flush."""

    def __init__(self) -> None:
        self.raw_bytes = io.BytesIO()
        super().__init__(io.BufferedWriter(self.raw_bytes, buffer_size=1 << 16),
                         encoding="utf-8", line_buffering=False)

    def written(self) -> str:
        return self.raw_bytes.getvalue().decode()


@pytest.mark.parametrize("way", ["success", "setup failure"])
def test_the_line_is_written_out_before_the_function_returns(deploy, webapp, ca_pem,
                                                            monkeypatch, way):
    # Lambda may freeze the process once the handler returns: a buffered line would be lost
    deploy(with_key(webapp, ca_pem))
    stdout = Unflushed()
    monkeypatch.setattr(sys, "stdout", stdout)
    if way == "success":
        result = probe.handler({}, None)
        assert stdout.written() == result["line"] + "\n"
    else:
        monkeypatch.delenv(metrics.ENV_DEPLOYMENT)
        with pytest.raises(probe.ProbeSetupError) as raised:
            probe.handler({}, None)
        assert stdout.written() == f"{raised.value}\n"


def test_a_refusal_is_the_clients_own_words_after_the_url(deploy, webapp, ca_pem, tls_files,
                                                         capsys):
    deploy(credentials(webapp, ca_pem, password="Wrong-Horse-77"))
    result, out, _ = run(capsys)
    with pytest.raises(ApiError) as refused:  # what wa-shards would say of the same login
        WebappClient(webapp.url, ca_file=str(tls_files[0])).login(USER, "Wrong-Horse-77")
    assert out == f"{FAILED}{webapp.url}: {refused.value}\n"  # no hint: not a TLS failure
    failed(result, out, secrets=("Wrong-Horse-77",))
