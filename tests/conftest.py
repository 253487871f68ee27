"""Fixtures shared across test folders."""

import pytest

from tests.stacks.conftest import MATRIX, VARIANTS
from tests.support.synth import synth_many


@pytest.fixture(scope="session")
def synths(tmp_path_factory):
    """Every shard option x env type plus the variants, synthesized once per session."""
    return synth_many({**MATRIX, **VARIANTS}, tmp_path_factory.mktemp("cdk.out"))


@pytest.fixture(autouse=True)
def _signal_handlers_restored():
    """wa-deploy and the rehearsal, run in-process, turn SIGTERM/SIGHUP into an exit: give
    pytest its own handlers back after each test."""
    import signal

    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP)}
    yield
    for sig, handler in kept.items():
        signal.signal(sig, handler)
