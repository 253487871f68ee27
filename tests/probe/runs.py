"""One invocation of the probe as Lambda makes it, and what every run must show: one line,
no secret in it, and on a failure ProbeErrors=1 with a result that says the same."""

from __future__ import annotations

import socket
import time

from probe import handler as probe
from probe import metrics
from tests.cli.fake_webapp import API_KEY, PASSWORD, TOKEN
from tests.probe.conftest import published

QUICK_TIMEOUT_S = 1.0  # the Webapp calls' timeout where a test waits for it to pass
# where nothing could answer in time anyway (a peer that never accepts or never answers), the
# wait can be shorter; where a login must still answer in time, it stays QUICK_TIMEOUT_S
HANG_TIMEOUT_S = 0.25
SLACK_S = 2.0  # generous: thread start-up and a busy 2-core machine


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: a connection is refused at once."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        return listener.getsockname()[1]


def run(capsys) -> tuple[dict, str, float]:
    """One invocation: (its result, what it printed, seconds it took)."""
    started = time.monotonic()
    result = probe.handler({"source": "aws.events"}, None)
    elapsed = time.monotonic() - started
    captured = capsys.readouterr()
    assert captured.err == ""
    return result, captured.out, elapsed


def one_line(out: str, *fragments: str,
             secrets: tuple[str, ...] = (PASSWORD, TOKEN, API_KEY)) -> str:
    assert out.count("\n") == 1 and out.endswith("\n"), out
    assert "Traceback" not in out
    for fragment in fragments:
        assert fragment in out, out
    for secret in secrets:
        assert secret not in out
    return out


def failed(result: dict, out: str, *fragments: str, **kwargs) -> None:
    """A failure the operator fixes: its line, ProbeErrors=1, and the function's result (what
    an invocation returns) holding that line and what was published."""
    line = one_line(out, "health probe: FAILED: ", *fragments, **kwargs)
    values = published()
    assert values == {metrics.CONFIGURED: 1, metrics.ERRORS: 1}
    assert result == {"configured": True, "ok": False, "metrics": values,
                      "line": line.rstrip("\n")}
