"""wa-deploy's input checks that need no AWS: `-c key=value` parsing and what is refused before
the deployment is read (here, not in tests/deploy/, so that `make mutate` runs them against
cli.deploy)."""

import click
import pytest

from cli.deploy import _check_before_aws, _project_context, parse_changes

KEY_EU = "arn:aws:kms:eu-west-1:123456789012:key/12345678-1234-1234-1234-123456789012"


def test_a_value_may_hold_an_equals_sign():
    url = "https://truststore.example.com/ca.pem?version=2"
    assert parse_changes((f"db_ca_url={url}", " shards = 16 ")) == {
        "db_ca_url": url, "shards": "16"}


@pytest.mark.parametrize(("changes", "unset", "region", "message"), [
    ({"prefix": "Acme"}, (), "us-east-1",
     "-c prefix is not an input of a deployment: allowed --prefix NAME, which picks the "
     "deployment"),
    ({}, ("prefix",), "us-east-1", "-c prefix is not an input of a deployment"),
    ({}, (), "mars-1", "region 'mars-1' is unknown: allowed af-south-1, "),
    ({"shards": "3"}, (), "us-east-1", "shards 3 is not an option: allowed 1, 2, 4, 8, 16, 32"),
    # a key judged with others comes first: the keys after it are still checked alone
    ({"db_port": "3306", "shards": "3"}, (), "us-east-1",
     "shards 3 is not an option: allowed 1, 2, 4, 8, 16, 32"),
])
def test_refused_before_the_deployment_is_read(changes, unset, region, message):
    with pytest.raises(click.UsageError) as refused:
        _check_before_aws(changes, unset, "WaInfra", region)
    assert refused.value.format_message().startswith(message)


@pytest.mark.parametrize(("changes", "region"), [
    # needs db_host, which the deployment may remember: judged after reading it
    ({"db_port": "3306"}, "us-east-1"),
    # judged against the region the deploy goes to, not the default one
    ({"db_key": KEY_EU}, "eu-west-1"),
])
def test_values_that_depend_on_the_deployment_or_the_region_pass_the_early_check(changes,
                                                                                  region):
    _check_before_aws(changes, (), "WaInfra", region)


def test_the_project_defaults_are_cdk_json_context_without_feature_flags():
    project = _project_context()
    assert project["region"] == "us-east-1"
    assert not [key for key in project if key.startswith("@")]
