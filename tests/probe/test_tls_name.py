"""The load balancer's DNS name is not what the Webapp's certificate holds: the secret's
"tls_name" keeps the probe on WEBAPP_URL and verifies the certificate against that name."""

from __future__ import annotations

import pytest

from probe import metrics
from tests.cli.fake_webapp import FakeWebapp, self_signed
from tests.probe.conftest import SHARDS, credentials, published
from tests.probe.runs import failed, run

NAME = "wa-api.example.internal"


@pytest.fixture(scope="module")
def named_tls(tmp_path_factory):
    return self_signed(tmp_path_factory.mktemp("named"), dns_name=NAME)


@pytest.fixture
def named_webapp(named_tls, cluster):
    with FakeWebapp(*named_tls, cluster) as server:
        yield server


def test_the_certificate_is_checked_against_tls_name_on_the_load_balancers_address(
        deploy, named_webapp, named_tls, capsys):
    ca = named_tls[0].read_text()
    deploy(credentials(named_webapp, ca, url="", tls_name=NAME), webapp_url=named_webapp.url)
    result, out, _ = run(capsys)
    assert result["ok"] is True, out
    assert published()[metrics.CONNECTED] == SHARDS
    assert named_webapp.cluster.seen[:2] == [("POST", "/v1/users/login"), ("GET", "/v1/health")]
    assert len(named_webapp.cluster.seen) == 5 and "not read" not in out  # all to that name


def test_without_tls_name_the_address_does_not_match_the_certificate(
        deploy, named_webapp, named_tls, capsys):
    ca = named_tls[0].read_text()
    deploy(credentials(named_webapp, ca, url=""), webapp_url=named_webapp.url)
    run(capsys)
    assert published()[metrics.ERRORS] == 1
    assert named_webapp.cluster.seen == []


@pytest.mark.parametrize("name", ["wa api.example", "-bad.example", "a" * 300, "x.example."])
def test_a_tls_name_that_is_no_dns_name_is_one_line(deploy, webapp, ca_pem, capsys, name):
    deploy(credentials(webapp, ca_pem, tls_name=name))
    result, out, _ = run(capsys)
    failed(result, out, '"tls_name"', "allowed a DNS name")
    assert webapp.cluster.seen == []
