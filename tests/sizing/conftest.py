"""Fixtures of the sizing tests."""

import pytest


@pytest.fixture(autouse=True)
def _no_aws_settings_of_the_machine(monkeypatch):
    """wa-size's deploy lines name the region found as wa-deploy finds it: here always the
    project's (no AWS_REGION/AWS_DEFAULT_REGION/AWS_PROFILE, an empty AWS config)."""
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
