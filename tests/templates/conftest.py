"""Render the four templates once per session; parse them as CloudFormation YAML."""

from __future__ import annotations

import pytest
from cfnlint.decode import cfn_yaml

from templates.render import DIST, render_all


@pytest.fixture(scope="session")
def rendered() -> dict[str, str]:
    return render_all()


@pytest.fixture(scope="session")
def parsed(rendered) -> dict[str, dict]:
    return {name: cfn_yaml.loads(text) for name, text in rendered.items()}


@pytest.fixture(scope="session")
def enterprise(parsed) -> dict:
    return parsed["wa-infra.yaml"]


@pytest.fixture(scope="session")
def dist():
    return DIST
