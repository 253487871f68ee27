"""Plain CloudFormation templates for console users, built with troposphere from the same
sizing tables as the CDK app. One `build_<tier>()` per tier; `render.py` writes `dist/`."""

from templates.database import build_database
from templates.enterprise import build_enterprise
from templates.lambda_tier import build_lambda
from templates.network import build_network

__all__ = ["build_database", "build_enterprise", "build_lambda", "build_network"]
