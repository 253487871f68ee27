"""A moto server on loopback, with the compat layer applied, for the real CDK CLI to deploy to.

The server runs in this process (a thread), so the compat patches reach it, and so do the
custom-resource handlers it runs in-process: they call AWS through boto3, which is why the
endpoint is also set in this process's environment while the server runs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import warnings
from collections.abc import Iterator
from unittest import mock

from tests.support import local_cloud, moto_compat


@dataclasses.dataclass(frozen=True)
class Endpoint:
    url: str
    env: dict[str, str]  # the whole environment for a CLI child process
    # Resource types moto accepted without modelling them (it says so once per resource).
    unmodelled: set[str] = dataclasses.field(default_factory=set)

    @property
    def environment(self) -> str:
        """`cdk bootstrap`'s target: moto's one account, the stacks' region."""
        return f"aws://{local_cloud.ACCOUNT}/{local_cloud.REGION}"


def client_environment() -> dict[str, str]:
    """What boto3 and the CDK CLI need, besides the endpoint, to talk to the local endpoint and
    nothing else: dummy credentials, and config files that do not exist so a user's profile
    cannot leak in."""
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": local_cloud.REGION,
        "AWS_REGION": local_cloud.REGION,
        "AWS_CONFIG_FILE": os.devnull + ".absent",
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull + ".absent",
        "CDK_DISABLE_VERSION_CHECK": "1",
        "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
        # The CLI's AWS SDK warns on every call that Node 20 is near its end of support.
        "NODE_NO_WARNINGS": "1",
    }


# A user's own AWS settings that could send a call elsewhere or to a real account.
_REAL_ACCOUNT_SETTINGS = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN",
                          "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")


class _UnmodelledTypes(logging.Handler):
    """Collects moto's "No Moto CloudFormation support for <type>" instead of printing it."""

    def __init__(self, types: set[str]) -> None:
        super().__init__()
        self.types = types

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "No Moto CloudFormation support for %s":
            self.types.add(str(record.args[0]))


@contextlib.contextmanager
def _moto_quiet(types: set[str]) -> Iterator[None]:
    moto_log = logging.getLogger("moto")
    handler, propagate = _UnmodelledTypes(types), moto_log.propagate
    moto_log.addHandler(handler)
    moto_log.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Tried to parse .* not supported")
            yield
    finally:
        moto_log.removeHandler(handler)
        moto_log.propagate = propagate


@contextlib.contextmanager
def running(*patches: str) -> Iterator[Endpoint]:
    """Start moto on a free loopback port with the compat patches (all, or those named);
    stop it on exit, whatever happened inside. The environment and boto3's default session
    are set aside first (moto makes a session on start) and restored on exit."""
    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    unmodelled: set[str] = set()
    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.dict(os.environ))  # restored in full on exit
        stack.enter_context(mock.patch.object(boto3, "DEFAULT_SESSION", None))
        for name in _REAL_ACCOUNT_SETTINGS:
            os.environ.pop(name, None)
        os.environ.update(client_environment())
        stack.enter_context(moto_compat.applied(*patches))
        stack.enter_context(moto_compat.symmetric_keys_make_an_rsa_key())  # 14 keys: ~3 s
        stack.enter_context(_moto_quiet(unmodelled))
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        stack.callback(server.stop)
        _, port = server.get_host_and_port()
        # `localhost`, not 127.0.0.1: moto reads the first label of a dotted-quad host as an
        # S3 bucket name when the CLI passes a template URL.
        os.environ["AWS_ENDPOINT_URL"] = url = f"http://localhost:{port}"
        yield Endpoint(url, dict(os.environ), unmodelled)
