"""Fixtures shared across test folders."""

import pytest

from tests.stacks.conftest import MATRIX, VARIANTS
from tests.support.synth import synth_many


@pytest.fixture(scope="session")
def synths(tmp_path_factory):
    """Every shard option x env type plus the variants, synthesized once per session."""
    return synth_many({**MATRIX, **VARIANTS}, tmp_path_factory.mktemp("cdk.out"))
