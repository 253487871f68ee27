"""Fixtures shared by the wa-shards tests."""

import pytest

from tests.cli.fake_webapp import self_signed


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory):
    """(cert.pem, key.pem): a self-signed CA certificate for 127.0.0.1."""
    return self_signed(tmp_path_factory.mktemp("tls"))
