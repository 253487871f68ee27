"""The custom resource functions' code: stacks/lambda_handlers/ as one asset, one runtime
(the plain templates inline the same modules, templates/common.py)."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import aws_lambda as lambda_

HANDLERS = Path(__file__).parent / "lambda_handlers"
RUNTIME = lambda_.Runtime.PYTHON_3_14


def handler_code() -> lambda_.Code:
    return lambda_.Code.from_asset(str(HANDLERS), exclude=["__pycache__", "*.pyc"])
