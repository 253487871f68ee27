"""Values that cannot deploy or cannot work (issue 25, class 4), refused before anything exists:
by the CDK context reader (the app and wa-deploy, before any AWS call where no remembered input
decides), by the plain templates' AllowedPatterns and Rules, and by wa-size and wa-templates.
One table per surface; each row is a case the earlier code took (the examples and more), and
a few rows of look-alikes that must stay accepted."""

from __future__ import annotations

import ipaddress
import re

import pytest
from click.testing import CliRunner

from cdk import context
from cli.deploy import main as wa_deploy
from cli.size import main as wa_size
from cli.templates import parse_base_url
from gates import renderings
from gates.cfn_resolve import ResolveError, resolve_nested
from sizing import SizingError
from sizing.regions import AZS_EVERY_ACCOUNT_SEES, REGIONS
from tests.templates.test_meaning import rule_verdicts

SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"
VPC = {"vpc_id": "vpc-0123456789abcdef0", "vpc_cidr": "10.20.0.0/16",
       "vpc_azs": "us-east-1a,us-east-1b"}
SUBNETS = {"public_subnet_ids": "subnet-11111111,subnet-22222222",
           "private_subnet_ids": "subnet-33333333,subnet-44444444"}
KEY = "1234abcd-12ab-34cd-56ef-1234567890ab"


def existing_db(host: str) -> dict:
    """The context of an existing database at host, with its secret."""
    return {"db_host": host, "db_secret_arn": SECRET}


# context -> a fragment of the one-line refusal (the value and the rule)
REFUSED = {
    # more AZs than the region offers every account (Fn::Select past Fn::GetAZs)
    "us-west-1 x3": ({"region": "us-west-1", "az_count": "3"}, "allowed 2 there"),
    "cn-north-1 x3": ({"region": "cn-north-1", "az_count": "3"}, "allowed 2 there"),
    "ap-northeast-1 x4": ({"region": "ap-northeast-1", "az_count": "4"}, "allowed 2 to 3"),
    "eu-west-1 x4": ({"region": "eu-west-1", "az_count": "4"}, "allowed 2 to 3"),
    "existing VPC, stated x3 in us-west-1": (
        {**VPC, **SUBNETS, "region": "us-west-1", "vpc_azs": "us-west-1a,us-west-1b",
         "az_count": "3"},
        "allowed 2 there"),
    "unknown region, count not stated": ({"region": "me-west-1"}, "state az_count"),
    # an existing VPC that cannot hold the cluster
    "same subnets public and private": (
        {**VPC, "public_subnet_ids": "subnet-11111111,subnet-22222222",
         "private_subnet_ids": "subnet-11111111,subnet-22222222"}, "also in public_subnet_ids"),
    "one subnet shared": (
        {**VPC, "public_subnet_ids": "subnet-11111111,subnet-22222222",
         "private_subnet_ids": "subnet-33333333,subnet-22222222"}, "'subnet-22222222' is also"),
    "no subnets": (VPC, "public_subnet_ids has 0 ids: allowed one per AZ"),
    "no AZs": ({**SUBNETS, "vpc_id": VPC["vpc_id"], "vpc_cidr": VPC["vpc_cidr"]},
               "vpc_azs '' is invalid"),
    "fewer subnets than AZs": (
        {**VPC, "public_subnet_ids": "subnet-11111111", "private_subnet_ids":
         "subnet-33333333,subnet-44444444"}, "has 1 ids: allowed one per AZ"),
    # keys: no ARN, another region, another partition
    "key id, no ARN": ({"db_key": KEY}, "allowed new, aws-managed or a KMS key ARN"),
    "key of another region": ({"db_key": f"arn:aws:kms:eu-west-1:123456789012:key/{KEY}"},
                              "is in aws eu-west-1"),
    "key of another partition": (
        {"db_key": f"arn:aws-cn:kms:us-east-1:123456789012:key/{KEY}"}, "is in aws-cn"),
    # an existing database: its secret, and a host the containers can reach
    "db host without its secret": ({"db_host": "db.example.com"}, "required with db_host"),
    "db host loopback": (existing_db("127.0.0.1"), "not loopback"),
    "db host loopback range": (existing_db("127.8.9.10"), "not loopback"),
    "db host localhost": (existing_db("localhost"), "not loopback"),
    "db host any address": (existing_db("0.0.0.0"), "not loopback"),
    "db host metadata service": (existing_db("169.254.169.254"), "link-local"),
    "db host octet 999": (existing_db("999.1.1.1"), "is invalid"),
    "db host leading hyphen": (existing_db("-db.example.com"), "is invalid"),
    # registries: no port 0, no port past 65535, a host of letters and digits (by refusal)
    **{f"registry {value}": ({"registry": value}, said) for said, values in (
        ("port 1-65535", ("registry.example.com:0", "registry.example.com:99999",
                          "registry.example.com:65536")),
        ("registry '-' is invalid", ("-",)),
        ("is invalid", ("a..b",)),
        ("lower-case letters", ("docker.whatsapp.biz/..", "registry.example.com/-x",
                                "registry.example.com/a__", "registry.example.com/WA")),
    ) for value in values},
    "CA URL port 0": ({"db_ca_url": "https://ca.example.com:0/b.pem"}, "db_ca_url"),
    "CA URL host -": ({"db_ca_url": "https://-/b.pem"}, "db_ca_url"),
    # CIDRs: octets past 255
    "vpc cidr octet 256": ({"vpc_cidr": "10.256.0.0/16"}, "not an IPv4 CIDR"),
    "api cidr octet 300": ({"api_cidrs": "300.1.2.0/24"}, "not an IPv4 CIDR"),
    # RDS storage that RDS refuses, and Aurora, which takes none
    "gp2 with IOPS": ({"db_storage_type": "gp2", "db_iops": "3000"}, "gp2 takes no"),
    "io1 below 100 GiB": ({"db_storage_type": "io1", "db_storage_gib": "50",
                           "db_iops": "1000"}, "io1 storage starts at 100 GiB"),
    "io2 without IOPS": ({"db_storage_type": "io2", "db_storage_gib": "200"}, "io2"),
    "aurora with a storage type": ({"engine": "aurora-mysql", "db_storage_type": "io1"},
                                   "Aurora manages its own storage"),
    "aurora with IOPS": ({"engine": "aurora-mysql", "db_iops": "3000"}, "Aurora"),
}
TAKEN = {
    "us-west-1 x2": {"region": "us-west-1", "az_count": "2"},
    "ap-northeast-2 x4": {"region": "ap-northeast-2", "az_count": "4"},
    "unknown region, stated": {"region": "me-west-1", "az_count": "3"},
    "existing VPC in an unknown region": {**VPC, **SUBNETS, "region": "me-west-1",
                                          "vpc_azs": "me-west-1a,me-west-1b"},
    "db host private address": existing_db("10.0.12.7"),
    "db host with 127 inside a name": existing_db("db127.example.com"),
    "db host RDS endpoint": existing_db("wa.cluster-abc.us-east-1.rds.amazonaws.com"),
    "registry with port and path": {"registry": "registry.example.com:5000/wa/images"},
    "registry port 65535": {"registry": "registry.example.com:65535"},
    "registry host upper case": {"registry": "Registry.Example.com/wa"},
    "registry path joined": {"registry": "r.example.com/a__b/c-d/e.f"},
}


def read(given: dict[str, str]):
    return context.read({"region": "us-east-1", **given}.get)


@pytest.mark.parametrize("name", REFUSED)
def test_the_context_refuses_what_cannot_deploy(name):
    given, said = REFUSED[name]
    with pytest.raises(SizingError) as refused:
        read(given)
    message = str(refused.value)
    assert said in message and "\n" not in message, message


@pytest.mark.parametrize("name", TAKEN)
def test_look_alikes_stay_accepted(name):
    read(TAKEN[name])


@pytest.mark.parametrize(("region", "azs", "said"), [
    ("us-west-1", "3", "us-west-1 offers every account"),
    ("ap-northeast-1", "4", "allowed 2 to 3"),
])
def test_wa_deploy_refuses_too_many_azs_before_any_aws_call(monkeypatch, region, azs, said):
    # no credentials: a refusal that came after an AWS call would say "Unable to locate"
    for name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    result = CliRunner().invoke(wa_deploy, ["--dry-run", "--region", region,
                                            "-c", f"az_count={azs}"])
    assert result.exit_code == 2, result.output
    assert said in result.output and "Traceback" not in result.output


def test_wa_deploy_new_asks_for_the_az_count_of_an_unknown_region(monkeypatch):
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    result = CliRunner().invoke(wa_deploy, ["--new", "--dry-run", "--region", "me-west-1"])
    assert result.exit_code == 2 and "state az_count" in result.output, result.output


def test_wa_size_refuses_more_azs_than_its_region(monkeypatch):
    result = CliRunner().invoke(wa_size, ["--region", "us-west-1", "--az-count", "3"])
    assert result.exit_code == 2
    assert "--az-count 3 is more than us-west-1 offers" in result.output


def test_every_region_has_a_count_or_is_named_unknown():
    """The AZ table covers the regions it knows with counts AWS allows (2 or more); the rest
    are the ones whose deploy must state az_count."""
    regions = {r for names in REGIONS.values() for r in names}
    assert set(AZS_EVERY_ACCOUNT_SEES) <= regions
    assert all(n >= 2 for n in AZS_EVERY_ACCOUNT_SEES.values())
    assert regions - set(AZS_EVERY_ACCOUNT_SEES) == {"me-west-1", "sa-west-1"}


def test_the_az_table_is_what_moto_models():
    """The figures are read from AWS's page; moto's zone table (its model of a new account)
    holds the same counts, so the rehearsals and the table agree."""
    from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend

    modelled = {r: len(z) for r, z in RegionsAndZonesBackend.zones.items()}
    assert {r: modelled.get(r) for r in AZS_EVERY_ACCOUNT_SEES} == AZS_EVERY_ACCOUNT_SEES


# --- the plain templates: patterns and rules -------------------------------------------------

@pytest.fixture(scope="module")
def root(plain_templates):
    return plain_templates[renderings.ROOT_TEMPLATE]


# parameter -> (refused values, taken values)
PATTERNS = {
    "VpcCidr": (["10.256.0.0/16", "300.1.0.0/16", "10.0.1.0/16", "10.0.0.0/17",
                 "255.255.0.0/16", "172.17.0.0/16"],
                ["10.0.0.0/16", "172.31.0.0/16", "223.255.0.0/16"]),
    "ExistingVpcCidr": (["10.0.0.0/15", "10.300.0.0/16", "10.0.0.0/29", "1.2.3/16"],
                        ["", "10.20.0.0/16", "10.20.30.0/24", "192.168.1.16/28"]),
    "ApiClientCidr": (["256.0.0.0/24", "203.0.113.0/7", "1.2.3.4/33", "0.0.0.0/1",
                       "10.0.0.0/8", "127.0.0.1/32", "0.0.0.0/8", "192.168.1.0/24",
                       "172.20.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "224.0.0.1/32"],
                      ["", "0.0.0.0/0", "203.0.113.0/24", "198.51.100.7/32", "172.32.0.0/16",
                       "100.128.0.0/16", "11.0.0.0/8"]),
    "ExistingVpcId": (["vpc-012345678", "vpc-0123456789abcdef", "vpc-XYZ12345"],
                      ["", "vpc-01234567", "vpc-0123456789abcdef0"]),
    "GivenKeyArn": (["arn:aws:kms:us-east-1:123456789012:key/" + "-" * 36,
                     "arn:aws:kms:us-east-1:123456789012:alias/db"],
                    ["", f"arn:aws:kms:us-east-1:123456789012:key/{KEY}",
                     "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"]),
    "ContainerRegistry": (["-", "a..b", "registry.example.com:0", "r.example.com:99999",
                           "r.example.com/WA", "-r.example.com", "r.example.com/a.",
                           "r.example.com/-x"],
                          ["docker.whatsapp.biz", "r.example.com:5000/wa", "localhost:443",
                           "Registry.example.com"]),
    "ExistingDbHost": (["127.0.0.1", "localhost", "0.0.0.0", "169.254.169.254", "999.1.1.1",
                        "-db", "db-"],
                       ["", "10.0.1.5", "db.example.com", "mydb"]),
    "DbCaBundleUrl": (["https://-/b.pem", "https://ca.example.com:0/b.pem",
                       "https://ca.example.com:70000/b.pem", "http://ca.example.com/b.pem"],
                      ["https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
                       "https://ca.example.com:8443/b.pem"]),
    "DbIops": (["1", "500", "999", "256001", "300000", "01000", "-1000"],
               ["0", "1000", "3000", "99999", "100000", "255999", "256000"]),
    "TemplateBaseUrl": (["https://-/", "https://b.example.com:0/wa/", "https://b.example.com",
                         "http://b.example.com/", "https://b.example.com/",
                         "https://s3.amazonaws.com.evil.example/b/"],
                        ["https://wa-bucket.s3.amazonaws.com/wa/infra/",
                         "https://wa-bucket.s3.eu-west-1.amazonaws.com/", "https://s3.amazonaws.com/wa-bucket/",
                         "https://s3-us-west-2.amazonaws.com/b/",
                         "https://wa-bucket.s3.cn-north-1.amazonaws.com.cn/wa/"]),
}


@pytest.mark.parametrize("parameter", PATTERNS)
def test_template_patterns_refuse_what_cannot_work(root, parameter):
    pattern = re.compile(root["Parameters"][parameter]["AllowedPattern"])
    refused, taken = PATTERNS[parameter]
    assert [v for v in refused if pattern.fullmatch(v)] == []
    assert [v for v in taken if not pattern.fullmatch(v)] == []


def test_the_nested_templates_take_the_same_syntax(plain_templates, root):
    network = plain_templates["wa-infra-network.yaml"]["Parameters"]["VpcCidr"]
    lambdas = plain_templates["wa-infra-lambda.yaml"]["Parameters"]["DbHost"]
    assert network["AllowedPattern"] == root["Parameters"]["VpcCidr"]["AllowedPattern"]
    assert not re.fullmatch(lambdas["AllowedPattern"], "127.0.0.1")


def test_the_wa_templates_base_url_takes_what_the_parameter_takes(root):
    pattern = re.compile(root["Parameters"]["TemplateBaseUrl"]["AllowedPattern"])
    for url in ("https://-/", "https://b.example.com:0/", "https://b.example.com:99999/",
                "https://b.example.com/wa/"):
        with pytest.raises(SizingError):
            parse_base_url(url)
        assert not pattern.fullmatch(url)
    assert pattern.fullmatch(parse_base_url("https://wa-bucket.s3.us-east-2.amazonaws.com/wa"))


VPC_PARAMETERS = {"ExistingVpcId": "vpc-0123456789abcdef0", "ExistingVpcCidr": "10.20.0.0/16"}
PRIVATE_1 = {"ExistingPrivateSubnet1": "subnet-33333333"}
PRIVATE_2 = {**PRIVATE_1, "ExistingPrivateSubnet2": "subnet-44444444"}
# parameters -> the rules that refuse them (region given as the deploy's)
RULES = {
    "us-west-1 x3": ({"AzCount": "3"}, "us-west-1", {"AzCountFitsRegionsOf2Azs"}),
    "cn-north-1 x4": ({"AzCount": "4", "DbConnectionEncryption": "disabled"}, "cn-north-1",
                      {"AzCountFitsRegionsOf2Azs"}),
    "GovCloud, TLS with the commercial CA": ({}, "us-gov-west-1", {"CaBundleOfThePartition"}),
    "China, TLS with the commercial CA": ({}, "cn-northwest-1", {"CaBundleOfThePartition"}),
    "given key, none named": ({"KeyChoice": "given"}, "us-east-1", {"GivenKeyIsNamed"}),
    "io1 below 100 GiB": ({"DbStorageType": "io1", "DbIops": "1000", "DbStorageGiB": "20"},
                          "us-east-1", {"Io1NeedsIops"}),
    "io2 at 99 GiB": ({"DbStorageType": "io2", "DbIops": "3000", "DbStorageGiB": "99"},
                      "us-east-1", {"Io2NeedsIops"}),
    "eu-west-1 x4": ({"AzCount": "4"}, "eu-west-1", {"AzCountFitsRegionsOf3Azs"}),
    "internal LB with public clients": ({"ApiClientCidr": "203.0.113.0/24"}, "us-east-1",
                                        {"InternalLbServesTheVpc"}),
    "existing VPC, no private subnets": (VPC_PARAMETERS, "us-east-1",
                                         {"ExistingVpcNamesPrivateSubnet1",
                                          "ExistingVpcNamesPrivateSubnet2"}),
    "existing VPC, one private subnet for 2 AZs": (
        {**VPC_PARAMETERS, **PRIVATE_1}, "us-east-1", {"ExistingVpcNamesPrivateSubnet2"}),
    "existing VPC, two private subnets for 3 AZs": (
        {**VPC_PARAMETERS, **PRIVATE_2, "AzCount": "3"}, "us-east-1",
        {"ExistingVpcNamesPrivateSubnet3"}),
    "existing VPC, three for 4 AZs": (
        {**VPC_PARAMETERS, **PRIVATE_2, "ExistingPrivateSubnet3": "subnet-55555555",
         "AzCount": "4"}, "us-east-2", {"ExistingVpcNamesPrivateSubnet4"}),
    "existing VPC, public LB, no public subnets": (
        {**VPC_PARAMETERS, **PRIVATE_2, "LbScheme": "internet-facing",
         "ApiClientCidr": "203.0.113.0/24"}, "us-east-1",
        {"ExistingVpcNamesPublicSubnet1", "ExistingVpcNamesPublicSubnet2"}),
    "existing VPC, same subnets": (
        {**VPC_PARAMETERS, **PRIVATE_2, "ExistingPublicSubnet1": "subnet-44444444",
         "ExistingPublicSubnet2": "subnet-33333333"}, "us-east-1",
        {"ExistingVpcSubnetsAreDistinct"}),
    "existing VPC, one subnet shared": (
        {**VPC_PARAMETERS, **PRIVATE_2, "ExistingPublicSubnet1": "subnet-11111111",
         "ExistingPublicSubnet2": "subnet-44444444"}, "us-east-1",
        {"ExistingVpcSubnetsAreDistinct"}),
    "existing VPC, one private subnet twice": (
        {**VPC_PARAMETERS, "ExistingPrivateSubnet1": "subnet-33333333",
         "ExistingPrivateSubnet2": "subnet-33333333"}, "us-east-1",
        {"ExistingVpcSubnetsAreDistinct"}),
    "existing DB without its secret": ({"ExistingDbHost": "db.example.com"}, "us-east-1",
                                       {"ExistingDbNamesItsSecret"}),
    "subnets without the VPC": (PRIVATE_2, "us-east-1", {"ExistingVpcPartsNeedItsId"}),
    "CIDR without the VPC": ({"ExistingVpcCidr": "10.20.0.0/16"}, "us-east-1",
                             {"ExistingVpcPartsNeedItsId"}),
}
RULES_TAKE = {
    "us-west-1 x2": ({"AzCount": "2"}, "us-west-1"),
    "us-west-2 x4": ({"AzCount": "4"}, "us-west-2"),
    "existing VPC in us-west-1 x3": (
        {**VPC_PARAMETERS, **PRIVATE_2, "AzCount": "3",
         "ExistingPrivateSubnet3": "subnet-55555555"}, "us-west-1"),
    "existing VPC, two for 2 AZs, public LB": (
        {**VPC_PARAMETERS, **PRIVATE_2, "ExistingPublicSubnet1": "subnet-11111111",
         "ExistingPublicSubnet2": "subnet-22222222", "LbScheme": "internet-facing",
         "ApiClientCidr": "203.0.113.0/24"}, "us-east-1"),
    "existing DB with its secret": (
        {"ExistingDbHost": "db.example.com", "ExistingDbSecretArn": SECRET}, "us-east-1"),
    "GovCloud with its CA": (
        {"DbCaBundleUrl": "https://truststore.pki.us-gov-west-1.rds.amazonaws.com/"
                          "us-gov-west-1/us-gov-west-1-bundle.pem"}, "us-gov-west-1"),
    "GovCloud without TLS": ({"DbConnectionEncryption": "disabled"}, "us-gov-east-1"),
    "given key named": ({"KeyChoice": "given", "GivenKeyArn": "arn:aws:kms:us-east-1:"
                         "123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}, "us-east-1"),
    "io1 at 100 GiB": ({"DbStorageType": "io1", "DbIops": "1000", "DbStorageGiB": "100"},
                       "us-east-1"),
}


@pytest.mark.parametrize("name", RULES)
def test_template_rules_refuse_before_anything_is_created(root, name):
    given, region, refused = RULES[name]
    verdicts = rule_verdicts(root, given, region)
    assert {rule for rule, holds in verdicts.items() if not holds} == refused


@pytest.mark.parametrize("name", RULES_TAKE)
def test_template_rules_take_the_look_alikes(root, name):
    given, region = RULES_TAKE[name]
    verdicts = rule_verdicts(root, given, region)
    assert all(verdicts.values()), verdicts


def test_the_resolver_fails_a_select_past_the_regions_azs(plain_templates):
    """Without the rule, us-west-1 x3 would fail in the network tier: the resolver (as
    CloudFormation) has only the AZs every account sees there."""
    given = {"TemplateBaseUrl": renderings.BASE_URL, "AzCount": "3"}
    resolve_nested(plain_templates, renderings.ROOT_TEMPLATE, given, region="us-east-1")
    with pytest.raises(ResolveError, match="Fn::Select"):
        resolve_nested(plain_templates, renderings.ROOT_TEMPLATE, given, region="us-west-1")


@pytest.mark.parametrize("rate", ["150.00001", "99.999999", "250.5", "150"])
def test_wa_shards_plan_deploys_the_rate_it_planned(rate):
    """Rounded, the printed rate could plan a smaller DB class than the one shown."""
    from cli.shards import main as wa_shards
    from sizing import plan

    result = CliRunner().invoke(wa_shards, ["plan", "--offline", "--from", "8", "--to", "16",
                                            "--rate", rate])
    assert result.exit_code == 0, result.output
    printed = re.search(r"-c rate=(\S+)", result.output).group(1)
    assert float(printed) == float(rate)
    assert plan(float(printed), 16).db_class == plan(float(rate), 16).db_class


def test_the_console_iops_pattern_is_rds_range():
    from contract.database_storage import DB_IOPS_RANGE
    from contract.syntax import DB_IOPS

    low, high = DB_IOPS_RANGE
    taken = [n for n in [*range(0, 2001), *range(high - 2000, high + 2001)]
             if re.fullmatch(DB_IOPS, str(n))]
    assert taken == [0, *range(low, 2001), *range(high - 2000, high + 1)]


@pytest.fixture
def no_aws(monkeypatch):
    for name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION",
                 "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    return monkeypatch


@pytest.mark.parametrize(("args", "refused"), [
    (["--new", "--region", "cn-north-1", "-c", "db_ca_url=https://ca.example.cn/b.pem"], None),
    (["--new", "--region", "us-gov-west-1", "-c", "ssl=false"], None),
    (["--region", "cn-north-1", "-c", "image_tag=v2.53.1"], None),  # remembers its CA
    (["--new", "--region", "cn-north-1"], "db_ca_url is missing"),
])
def test_wa_deploy_in_govcloud_and_china_asks_for_the_ca_only_when_nothing_names_it(
        no_aws, args, refused):
    result = CliRunner().invoke(wa_deploy, ["--dry-run", *args])
    if refused:
        assert result.exit_code == 2 and refused in result.output, result.output
    else:  # past every check that needs no AWS: it stops at reading the stacks
        assert result.exit_code == 1 and "cannot read the stacks" in result.output, result.output


def test_a_settings_file_that_is_no_file_is_refused_before_botocore_waits_on_it(
        no_aws, tmp_path):
    import os

    fifo = tmp_path / "config"
    os.mkfifo(fifo)
    for variable in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        no_aws.setenv(variable, str(fifo))
        result = CliRunner().invoke(wa_deploy, ["--dry-run", "-c", "image_tag=v2.53.1"])
        assert result.exit_code == 2 and f"${variable}" in result.output, result.output
        no_aws.setenv(variable, str(tmp_path))  # a folder
        result = CliRunner().invoke(wa_deploy, ["--dry-run", "-c", "image_tag=v2.53.1"])
        assert result.exit_code == 2 and "not a regular file" in result.output, result.output
        no_aws.setenv(variable, "/nonexistent")


@pytest.mark.parametrize("variable", ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDFORMATION"])
def test_a_malformed_endpoint_is_one_line(no_aws, variable):
    no_aws.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    no_aws.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    no_aws.setenv(variable, "http://[::1")
    result = CliRunner().invoke(wa_deploy, ["--dry-run", "-c", "image_tag=v2.53.1"])
    assert result.exit_code == 2, result.output
    assert "the AWS settings are invalid: Invalid IPv6 URL" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [["destroy", "--prefix", "AwsProd", "--dry-run"],
                                  ["alarms", "list", "--prefix", "EcsOld"]])
def test_stacks_an_earlier_version_left_under_a_reserved_word_can_be_retired(no_aws, args):
    """Retiring names existing stacks: the stack-name rule alone, not the reserved words that
    stop a new deployment (an earlier wa-infra let them through)."""
    result = CliRunner().invoke(wa_deploy, args)
    assert result.exit_code == 1 and "Unable to locate credentials" in result.output, (
        result.output)


@pytest.mark.parametrize("setting", ["AWS_RETRY_MODE=bogus", "AWS_DEFAULTS_MODE=bad",
                                     "AWS_STS_REGIONAL_ENDPOINTS=weird", "AWS_MAX_ATTEMPTS=abc"])
def test_a_setting_botocore_cannot_use_is_bad_input_before_any_call(no_aws, setting):
    name, _, value = setting.partition("=")
    no_aws.setenv(name, value)
    result = CliRunner().invoke(wa_deploy, ["--dry-run", "-c", "image_tag=v2.53.1"])
    assert result.exit_code == 2, result.output
    assert "the AWS settings are invalid" in result.output and name in result.output


def test_wa_size_states_the_az_count_of_a_region_it_does_not_know():
    refused = CliRunner().invoke(wa_size, ["--region", "sa-west-1"])
    assert refused.exit_code == 2 and "state --az-count" in refused.output
    stated = CliRunner().invoke(wa_size, ["--region", "sa-west-1", "--az-count", "2"])
    assert stated.exit_code == 0
    assert "wa-deploy --new --region sa-west-1 -c az_count=2" in stated.output
    known = CliRunner().invoke(wa_size, ["--region", "eu-west-1"])
    assert "wa-deploy --new --region eu-west-1\n" in known.output


def test_wa_deploy_new_judges_its_inputs_whole_before_any_aws_call(no_aws):
    for args in (["-c", "db_iops=1000"], ["-c", "db_host=db.example.com"],
                 ["-c", "vpc_id=vpc-12345678"], ["-c", "engine=aurora-mysql",
                                                  "-c", "db_storage_type=io1"]):
        result = CliRunner().invoke(wa_deploy, ["--new", "--dry-run", *args])
        assert result.exit_code == 2, (args, result.output)
        assert "Unable to locate credentials" not in result.output


@pytest.mark.parametrize("cidr", ["127.0.0.0/16", "0.0.0.0/16", "169.254.0.0/16",
                                  "224.0.0.0/16", "255.255.0.0/16", "172.17.0.0/16",
                                  "172.17.128.0/20"])
def test_a_vpc_cannot_take_these_ranges_in_either_renderer(plain_templates, cidr):
    with pytest.raises(SizingError, match="overlaps"):
        read({"vpc_cidr": cidr})
    with pytest.raises(SizingError, match="overlaps"):
        read({**VPC, **SUBNETS, "vpc_cidr": cidr})
    parameters = plain_templates[renderings.ROOT_TEMPLATE]["Parameters"]
    if cidr.endswith("/16"):
        assert not re.fullmatch(parameters["VpcCidr"]["AllowedPattern"], cidr)
    assert not re.fullmatch(parameters["ExistingVpcCidr"]["AllowedPattern"], cidr)


def test_the_two_lists_of_ranges_no_vpc_takes_agree():
    from contract.syntax import NOT_A_VPC

    for network in context.NOT_A_VPC:
        first = str(network.network_address)
        last = str(network.broadcast_address).rsplit(".", 2)[0] + ".0.0"
        assert not re.match(NOT_A_VPC, first) and not re.match(NOT_A_VPC, last), network
    for taken in ("10.0.0.0", "172.16.0.0", "172.18.0.0", "192.168.0.0", "169.253.0.0",
                  "223.255.0.0", "1.0.0.0", "126.255.0.0", "128.0.0.0"):
        assert re.match(NOT_A_VPC, taken), taken


def test_the_two_lists_of_non_public_ranges_agree():
    from contract.syntax import NOT_PUBLIC

    for network in context.NOT_PUBLIC:
        for address in (network.network_address, network.broadcast_address):
            assert not re.match(NOT_PUBLIC, str(address)), (network, address)
        ends = (int(network.network_address) - 1, int(network.broadcast_address) + 1)
        for outside in (ipaddress.IPv4Address(n) for n in ends if 0 <= n < 2 ** 32):
            if not any(outside in other for other in context.NOT_PUBLIC):
                assert re.match(NOT_PUBLIC, str(outside)), (network, outside)


@pytest.mark.parametrize("sweep", ["1:2:5e-324", "1:400:1e-300"])
def test_a_sweep_of_a_vanishing_step_is_one_line(sweep):
    result = CliRunner().invoke(wa_size, ["--sweep", sweep])
    assert result.exit_code == 2 and "allowed at most 200" in result.output, result.output


@pytest.mark.parametrize(("env", "most"), [("production", 58), ("staging", 59)])
def test_the_clients_and_the_probe_share_the_load_balancers_rule_quota(env, most):
    """60 inbound rules per security group by default: one per client CIDR, and the probe's
    one per NAT gateway of a new VPC (2 in production with 2 AZs, 1 in staging)."""
    cidrs = [f"203.0.{i}.0/24" for i in range(most + 1)]
    read({"env": env, "api_cidrs": ",".join(cidrs[:most])})
    with pytest.raises(SizingError, match=f"allowed at most {most}"):
        read({"env": env, "api_cidrs": ",".join(cidrs)})
    read({**VPC, **SUBNETS, "env": env, "api_cidrs": ",".join(cidrs[:60])})  # no NAT of ours


@pytest.mark.parametrize(("report", "said"), [
    ("[]", "holds no results"),
    ('{"summary": {}}', "holds no results"),
    ('{"results": null}', "no list of failed checks"),
    ('{"results": {"failed_checks": [{"check_id": "CKV_AWS_1"}]}}', "without its file"),
    ('{"results": {"failed_checks": "none"}}', "no list of failed checks"),
])
def test_a_checkov_report_of_another_shape_is_one_line(tmp_path, report, said):
    from gates import runner

    checkov = tmp_path / "checkov"
    checkov.write_text(f"#!/bin/sh\necho '{report}'\n")
    checkov.chmod(0o755)
    template = tmp_path / "t.yaml"
    template.write_text("Resources: {}\n")
    with pytest.raises(RuntimeError, match=said):
        runner.run_checkov([template], checkov)


@pytest.mark.parametrize(("marker", "said"), [(None, "shards 3 is not an option"),
                                              ("env,prefix,region", "env 'abc'")])
def test_run_by_wa_deploy_the_app_reads_only_the_keys_it_was_given(
        monkeypatch, capsys, tmp_path, marker, said):
    """cdk.json's keys reach the app beside wa-deploy's -c; wa-deploy passes every input and
    names them, so a key left in cdk.json (shards 3 here) is not an input of that deploy."""
    from cdk import app
    from deploy.run import GIVEN_KEYS

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    if marker is None:
        monkeypatch.delenv(GIVEN_KEYS, raising=False)
    else:
        monkeypatch.setenv(GIVEN_KEYS, marker)
    monkeypatch.setattr(app, "new_app", lambda: app.cdk.App(
        context={**app.FEATURE_FLAGS, "shards": "3", "env": "abc"},
        outdir=str(tmp_path / "out")))
    with pytest.raises(SystemExit) as done:
        app.main()
    assert done.value.code == 2
    assert said in capsys.readouterr().err


def test_wa_deploy_names_every_key_it_passes(monkeypatch, tmp_path):
    from deploy import cdk_cli, run

    seen = {}

    def fake_run(*args, env=None, **kwargs):
        seen["env"], seen["args"] = env, args
        return "wa-infra plan: x\n"

    monkeypatch.setattr(cdk_cli, "run", fake_run)
    run.synthesize({"shards": "16", "rate": "200"}, tmp_path)
    assert seen["env"][run.GIVEN_KEYS] == "rate,shards"
    assert "shards=16" in seen["args"] and "rate=200" in seen["args"]


def _proc(tmp_path, chain: list[list[str]]):
    """A /proc of processes 10, 11, ...: each the parent of the one before."""
    for i, argv in enumerate(chain):
        folder = tmp_path / str(10 + i)
        folder.mkdir()
        folder.joinpath("cmdline").write_bytes(b"\0".join(w.encode() for w in argv) + b"\0")
        folder.joinpath("status").write_text(f"Name:\tx\nPPid:\t{11 + i}\n")
    return tmp_path


@pytest.mark.parametrize(("cli", "said"), [
    (["node", "/p/node_modules/.bin/cdk", "synth", "-c", "shards:16"], "'shards:16' is not"),
    (["node", "/p/node_modules/.bin/cdk", "deploy", "--context", "rate=1",
      "--context=rate=2"], "-c rate is given twice"),
    (["node", "/p/node_modules/.bin/cdk", "synth", "-c", "shards=16", "-c", "rate=200"], None),
    (["node", "/p/node_modules/.bin/cdk", "synth", "-c", "shards=16", "-c", "shards=16"], None),
    (["node", "/p/node_modules/.bin/cdk", "synth", "-c=shards:16"], "'shards:16' is not"),
    (["node", "/p/node_modules/.bin/cdk", "synth", "-c=shards=16", "-c", "shards=32"],
     "-c shards is given twice"),
])
def test_the_app_refuses_what_the_cdk_cli_dropped_or_chose(tmp_path, cli, said):
    proc = _proc(tmp_path, [["/bin/sh", "-c", ".venv/bin/python -m cdk.app"], cli])
    found = context.cdk_cli_arguments(10, proc)
    assert found == cli
    if said is None:
        context.refuse_dropped_context(found)
    else:
        with pytest.raises(SizingError, match=said):
            context.refuse_dropped_context(found)


def test_without_the_cdk_cli_above_nothing_is_judged(tmp_path):
    proc = _proc(tmp_path, [["python", "-m", "pytest"], ["bash"], ["make", "test"]])
    assert context.cdk_cli_arguments(10, proc) is None
    assert context.cdk_cli_arguments(99, tmp_path) is None  # no such process


def test_the_app_names_every_input_it_was_given_and_where_from(monkeypatch, tmp_path):
    from cdk import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "cdk.json").write_text('{"app": "x", "context": {"env": "staging"}}')
    given = {"env": "staging", "shards": "16", "api_cidrs": "203.0.113.0/24"}
    line = app.given_line(given.get, set(given), by_wa_deploy=False)
    assert line == ("wa-infra inputs: env=staging (cdk.json); shards=16 (-c); "
                    "api_cidrs=203.0.113.0/24 (-c)")
    assert app.given_line(given.get, {"shards"}, by_wa_deploy=True) == (
        "wa-infra inputs: shards=16 (wa-deploy)")
    assert app.given_line({}.get, set(), by_wa_deploy=False).endswith("none (every input at "
                                                                       "its default)")


def test_a_named_db_class_below_the_plans_connections_is_refused(root):
    given = {"Throughput": "400", "ActiveCoreapps": "32", "DbInstanceClass": "db.t3.medium"}
    refused = {r for r, holds in rule_verdicts(root, given).items() if not holds}
    assert len(refused) == 1 and next(iter(refused)).startswith("DbInstanceClassAbove")
    assert all(rule_verdicts(root, {**given, "DbInstanceClass": "auto"}).values())


def test_every_console_combination_takes_exactly_the_classes_that_hold_its_connections(root):
    """At each throughput x active Coreapps x env x encryption: the largest class too small is
    refused and the smallest big enough is taken (wa-size's plan says what is needed)."""
    from sizing import plan

    limits = {c: row["MaxConnections"] for c, row in root["Mappings"]["DbClassLimits"].items()}
    throughputs = root["Parameters"]["Throughput"]["AllowedValues"]
    actives = root["Parameters"]["ActiveCoreapps"]["AllowedValues"]
    for rate in throughputs:
        for active in actives:
            for env in ("production", "staging"):
                for tls in ("enabled", "disabled"):
                    shards = None if active == "auto" else int(active)
                    need = plan(float(rate), shards, env=env,
                                ssl=tls == "enabled").required_connections
                    small = [c for c, n in limits.items() if n < need]
                    big = [c for c, n in limits.items() if n >= need]
                    given = {"Throughput": rate, "ActiveCoreapps": active, "EnvType": env,
                             "DbConnectionEncryption": tls}
                    for choice, taken in ((max(small, key=limits.get, default=None), False),
                                          (min(big, key=limits.get, default=None), True)):
                        if choice is None:
                            continue
                        verdicts = rule_verdicts(root, {**given, "DbInstanceClass": choice})
                        held = all(v for r, v in verdicts.items()
                                   if r.startswith("DbInstanceClassAbove"))
                        assert held is taken, (given, choice, need, limits[choice])


def test_a_credential_lookup_that_never_returns_is_one_line(no_aws, tmp_path, monkeypatch):
    from cli import aws_options

    config = tmp_path / "config"
    config.write_text("[default]\nregion = us-east-1\ncredential_process = /bin/sleep 5\n")
    no_aws.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setattr(aws_options, "CREDENTIALS_DEADLINE_S", 0.5)
    result = CliRunner().invoke(wa_deploy, ["--dry-run", "-c", "image_tag=v2.53.1"])
    assert result.exit_code == 1, result.output
    assert "no answer within 0.5 s" in result.output and result.output.count("\n") == 1


@pytest.mark.parametrize("host", ["0x7f000001", "0x7f.1", "0x1", "localhost6", "ip6-localhost",
                                  "224.0.0.1", "255.255.255.255", "172.17.0.5"])
def test_loopback_in_other_spellings_is_no_db_host(host):
    with pytest.raises(SizingError, match="db_host"):
        read(existing_db(host))


@pytest.mark.parametrize("value", [",", " , ", ",,"])
def test_a_list_of_no_item_is_refused_as_an_empty_value_is(value):
    with pytest.raises(SizingError, match="a list of no item"):
        read({"api_cidrs": value})


def test_a_password_pipe_nobody_writes_is_one_line(tmp_path, monkeypatch):
    import os
    import subprocess

    from cli import shards

    fifo = tmp_path / "pw"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"exec 3>{fifo}; sleep 5"])  # opens, never writes
    try:
        monkeypatch.setattr(shards, "SECRET_FILE_DEADLINE_S", 0.5)
        with pytest.raises(SizingError, match="gave nothing to read within 0.5 s"):
            shards._secret_file(fifo, "password")
    finally:
        writer.kill()
    piped = tmp_path / "pw2"
    os.mkfifo(piped)
    writer = subprocess.Popen(["sh", "-c", f"printf 's3cret\\n' > {piped}"])
    try:
        assert shards._secret_file(piped, "password") == "s3cret"
    finally:
        writer.wait(5)


def test_wa_size_does_not_wait_on_a_fifo_for_its_picture(tmp_path):
    import os

    fifo = tmp_path / "layout.svg"
    os.mkfifo(fifo)
    result = CliRunner().invoke(wa_size, ["--layout", "--svg", str(fifo)])
    assert result.exit_code == 2 and "is a FIFO" in result.output


def test_a_stray_wa_deploy_marker_is_refused(monkeypatch, capsys, tmp_path):
    """WA_INFRA_GIVEN_KEYS is wa-deploy's: left in a shell, it would hide every -c typed."""
    from cdk import app
    from deploy.run import GIVEN_KEYS

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(GIVEN_KEYS, "region")
    monkeypatch.setattr(app.context, "cdk_cli_arguments",
                        lambda: ["node", "cdk", "synth", "-c", "shards=16"])
    monkeypatch.setattr(app, "new_app", lambda: app.cdk.App(
        context={**app.FEATURE_FLAGS, "shards": "16"}, outdir=str(tmp_path / "out")))
    with pytest.raises(SystemExit) as done:
        app.main()
    assert done.value.code == 2
    assert "names region but the CDK CLI was given -c shards" in capsys.readouterr().err


def test_wa_size_names_the_ca_bundle_outside_the_aws_partition():
    for region, partition in (("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")):
        result = CliRunner().invoke(wa_size, ["--region", region])
        assert f"-c db_ca_url='<https URL of the RDS CA bundle of {partition}>'" in result.output
        plain = CliRunner().invoke(wa_size, ["--region", region, "--no-ssl"])
        assert "db_ca_url" not in plain.output


def test_a_profile_loop_is_bad_input(no_aws, tmp_path):
    config = tmp_path / "config"
    role = "role_arn = arn:aws:iam::123456789012:role/x\n"
    config.write_text(f"[profile a]\nsource_profile = b\n{role}[profile b]\nsource_profile = a\n"
                      f"{role}")
    no_aws.setenv("AWS_CONFIG_FILE", str(config))
    result = CliRunner().invoke(wa_deploy, ["--dry-run", "--profile", "a", "-c",
                                            "image_tag=v2.53.1"])
    assert result.exit_code == 2 and "Infinite loop" in result.output, result.output


@pytest.mark.parametrize(("stack", "base"), [
    ("WaInfra", "WaInfra"), ("awsprod", "wa-awsprod"), ("EcsProd", "wa-EcsProd"),
    ("SSMX", "wa-SSMX"), ("fargate-1", "wa-fargate-1"), ("Fargate1", "wa-Fargate1"),
    ("prodaws", "prodaws"),
])
def test_names_a_stack_name_would_give_in_reserved_words_get_a_prefix(plain_templates, stack,
                                                                       base):
    """Rules cannot read the stack name: the names derived from it (SSM path and password,
    task family, capacity provider, the client's AWS_STACK_NAME) begin with wa- instead."""
    given = {"TemplateBaseUrl": renderings.BASE_URL}
    deployment = resolve_nested(plain_templates, renderings.ROOT_TEMPLATE, given,
                                stack_name=stack)
    provider = next(deployment.resources("AWS::ECS::CapacityProvider"))
    assert provider.properties.get("Name") == (None if base == stack else f"{base}-capacity")
    families = {r.properties["Family"] for r in deployment.resources("AWS::ECS::TaskDefinition")
                if "Family" in r.properties}
    assert families == {f"{base}-dbupgrade"}
    lambdas = next(r for r in deployment.resources("AWS::CloudFormation::Stack")
                   if r.logical_id == "LambdaStack")
    assert lambdas.properties["Parameters"]["ParameterPath"] == f"/{base}/db"
    environment = [e for r in deployment.resources("AWS::ECS::TaskDefinition")
                   for c in r.properties["ContainerDefinitions"]
                   for e in c.get("Environment", []) if e["Name"] == "AWS_STACK_NAME"]
    assert environment and {e["Value"] for e in environment} == {base}
