"""Deploy the rendered plain templates into moto (in-process), for test_deploy_moto*.py."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from contract.network import FLOWS
from gates import renderings
from gates.deployed import check_deployed
from tests.support import moto_compat

BUCKET = "wa-infra-templates"
BASE_URL = f"https://{BUCKET}.s3.amazonaws.com/"
CREDENTIALS = (("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "testing"),
               ("AWS_SECRET_ACCESS_KEY", "testing"))


@contextlib.contextmanager
def mocked_aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """moto with the corrections, and the two speed-ups that change no result (a deploy
    takes a third of the time)."""
    for name, value in CREDENTIALS:
        monkeypatch.setenv(name, value)
    with (mock_aws(), moto_compat.applied(), moto_compat.templates_are_read_by_pure_python_yaml(),
          moto_compat.symmetric_keys_make_an_rsa_key()):
        yield


def deploy(rendered: dict[str, str], **parameters) -> dict[str, dict]:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    for name, text in rendered.items():
        s3.put_object(Bucket=BUCKET, Key=name, Body=text.encode())
    values = {"TemplateBaseUrl": BASE_URL, **parameters}
    cloudformation = boto3.client("cloudformation")
    cloudformation.create_stack(
        StackName="wa", TemplateURL=BASE_URL + "wa-infra.yaml",
        Parameters=[{"ParameterKey": k, "ParameterValue": str(v)} for k, v in values.items()],
        Capabilities=["CAPABILITY_IAM"])
    return {s["StackName"]: s for s in cloudformation.describe_stacks()["Stacks"]}


def assert_the_contract_is_kept(parsed: dict[str, dict], name: str) -> None:
    """The cluster contract on what moto holds after the deploy of PLAIN_GRID[name]: every
    flow the client needs is allowed by the groups and routes EC2 reports, and nothing else
    is open."""
    rendering = renderings.plain_renderings(parsed, {name: renderings.PLAIN_GRID[name]})[name]
    report = check_deployed(rendering.deployment, rendering.expectation, {"wa": "wa"}, boto3)
    assert report.ok, report.lines()
    # the probe behind an internet-facing load balancer too: each NAT address is admitted
    assert {v.flow.key for v in report.verdicts if v.allowed is not True} == set()
    assert len(report.verdicts) == len(FLOWS)
