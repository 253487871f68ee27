"""Issue 25, class 1: every name the stacks derive from the prefix follows AWS's rule for its
kind (contract/names.py), and a prefix that breaks one is refused by the one prefix parser, so
by every entry point, in one line that names the input, the rule and its source, exit 2,
before any AWS call."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cdk import context
from cli.deploy import main as wa_deploy
from cli.shards import main as wa_shards
from cli.upgrade import main as wa_upgrade
from contract import names
from deploy import run
from sizing import SizingError
from tests.support.no_aws import forbid_aws

# prefix -> (the reserved word, the kinds of name the line must name), cases beyond the issue's
REFUSED = {
    "AwsProd": ("aws", ("SSM parameter name '/AwsProd/db/", "ECS capacity provider name "
                        "'AwsProd-Enterprise-")),
    "aws": ("aws", ("SSM parameter name", "ECS capacity provider name")),
    "aWS1": ("aws", ("SSM parameter name", "ECS capacity provider name")),
    "awsome": ("aws", ("SSM parameter name", "ECS capacity provider name")),
    "ssm": ("ssm", ("SSM parameter name '/ssm/db/",)),
    "Ssmall": ("ssm", ("SSM parameter name",)),  # a word that only looks harmless
    "SSMwa": ("ssm", ("SSM parameter name",)),
    "ecs": ("ecs", ("ECS capacity provider name 'ecs-Enterprise-",)),
    "EcsProd": ("ecs", ("ECS capacity provider name",)),
    "ECS2": ("ecs", ("ECS capacity provider name",)),
    "fargate": ("fargate", ("ECS capacity provider name",)),
    "FARGATEx": ("fargate", ("ECS capacity provider name",)),
}
SOURCES = {"SSM parameter name": "AWS Systems Manager API Reference, PutParameter: Name",
           "ECS capacity provider name": "Amazon ECS API Reference, CreateCapacityProvider: "
                                         "name"}
PASSES = ["WaInfra", "Awesome", "Aw", "As", "ProdAws", "Ec2Prod", "Ecommerce", "Fargo",
          "Farga", "Sms", "Sm", "S", "A" * 32, "Z9"]


def _check_line(line: str, prefix: str) -> None:
    word, kinds = REFUSED[prefix]
    assert "\n" not in line.rstrip("\n") and "Traceback" not in line, line
    assert f"prefix {prefix!r} begins with the reserved word {word!r} (any case)" in line, line
    for kind in kinds:
        assert kind in line, line
        assert SOURCES[kind.split(" '")[0]] in line, line  # the rule's source
    assert line.rstrip().endswith("allowed a prefix not beginning with aws, ecs, fargate or "
                                  "ssm"), line


@pytest.mark.parametrize("prefix", REFUSED)
def test_the_prefix_parser_refuses_names_aws_reserves(prefix):
    for parse in (lambda: context.parse_prefix(prefix),
                  lambda: context.read({"prefix": prefix}.get)):
        with pytest.raises(SizingError) as caught:
            parse()
        _check_line(str(caught.value), prefix)


@pytest.mark.parametrize("prefix", PASSES)
def test_a_prefix_whose_names_aws_takes_passes(prefix):
    assert context.parse_prefix(prefix) == prefix
    assert names.refusal(prefix) is None
    for rule, name in names.derived_names(prefix):
        assert rule.broken(name) is None, (rule.kind, name)


@pytest.fixture
def no_aws(monkeypatch, tmp_path):
    """Any AWS call fails the test: the refusal comes first (HOME: the test's own)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    forbid_aws(monkeypatch, "the prefix was checked")


# name -> (command, arguments before --prefix). `wa-deploy destroy` and `alarms` take such a
# prefix: an earlier version left half-created stacks under it, and they must be retired
# (tests/test_cannot_deploy.py).
ENTRY_POINTS = {
    "wa-deploy --new --dry-run": (wa_deploy, ["--new", "--dry-run"]),
    "wa-deploy --yes": (wa_deploy, ["-c", "shards=16", "--yes"]),
    "wa-shards plan": (wa_shards, ["plan", "--from", "8", "--to", "16"]),
    "wa-upgrade plan": (wa_upgrade, ["plan", "--to", "v2.60.0"]),
}


@pytest.mark.parametrize("prefix", ["AwsProd", "Ssmall", "ECS2", "fargate"])
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_every_cli_refuses_it_before_any_aws_call(entry, prefix, no_aws):
    command, args = ENTRY_POINTS[entry]
    result = CliRunner().invoke(command, [*args, "--prefix", prefix], prog_name=entry.split()[0])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    _check_line(result.stderr, prefix)


@pytest.mark.parametrize(("prefix", "word"), [("awsProd", "aws"), ("SsmX", "ssm"),
                                              ("Fargate1", "fargate")])
def test_the_cdk_app_refuses_it(prefix, word, monkeypatch, capsys, tmp_path):
    """The app as `npx cdk synth -c prefix=...` runs it (the context the CLI hands over is
    given to the App here: the jsii process started before the test, with its environment)."""
    from cdk import app

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(app, "new_app", lambda: app.cdk.App(
        context={**app.FEATURE_FLAGS, "prefix": prefix}, outdir=str(tmp_path / "out")))
    with pytest.raises(SystemExit) as done:
        app.main()
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("wa-infra: error: prefix "), err
    assert f"begins with the reserved word {word!r} (any case)" in err
    assert "API Reference" in err


# --- each rule on its own (names no valid prefix gives, for the rules themselves) ----------
X = names.GENERATED
RULE_CASES = [  # (rule, name, what the phrase says or None)
    (names.STACK_NAME, "WaInfra-Network", None),
    (names.STACK_NAME, "1Wa-Network", "shape AWS refuses"),
    (names.STACK_NAME, "Wa_Infra-Network", "shape AWS refuses"),
    (names.STACK_NAME, "W" + "a" * 127, None),
    (names.STACK_NAME, "W" + "a" * 128, "longer than 128"),
    (names.SSM_PARAMETER, "/WaInfra/db/hostname", None),
    (names.SSM_PARAMETER, "WaInfra-WA_DB_PASSWORD", None),
    (names.SSM_PARAMETER, "/AWSx/db/port", "begins with 'aws'"),
    (names.SSM_PARAMETER, "ssm-WA_DB_PASSWORD", "begins with 'ssm'"),
    (names.SSM_PARAMETER, "/Wa Infra/db", "shape AWS refuses"),
    (names.SSM_PARAMETER, "/Wa//db", "shape AWS refuses"),
    (names.SSM_PARAMETER, "/" + "/".join("abcdefghijklmno"), None),  # 15 levels
    (names.SSM_PARAMETER, "/" + "/".join("abcdefghijklmnop"), "more than 15 levels"),
    (names.SSM_PARAMETER, "/" + "a" * 1010, None),
    (names.SSM_PARAMETER, "/" + "a" * 1011, "longer than 1011"),
    (names.CAPACITY_PROVIDER, f"WaInfra-Enterprise-{X}", None),
    (names.CAPACITY_PROVIDER, f"EcsWa-Enterprise-{X}", "begins with 'ecs'"),
    (names.CAPACITY_PROVIDER, f"fargateWa-Enterprise-{X}", "begins with 'fargate'"),
    (names.CAPACITY_PROVIDER, f"Wa.Infra-Enterprise-{X}", "shape AWS refuses"),
    (names.TASK_FAMILY, "WaInfra-dbupgrade", None),
    (names.TASK_FAMILY, "W" * 255, None),
    (names.TASK_FAMILY, "W" * 256, "longer than 255"),
    (names.TASK_FAMILY, "Wa:Infra", "shape AWS refuses"),
    (names.RDS_IDENTIFIER, f"wainfra-database-{X}", None),
    (names.RDS_IDENTIFIER, f"9wa-database-{X}", "shape AWS refuses"),
    (names.RDS_IDENTIFIER, f"wa--database-{X}", "shape AWS refuses"),
    (names.LOG_GROUP, f"WaInfra-Network-{X}", None),
    (names.LOG_GROUP, f"Wa Infra-Network-{X}", "shape AWS refuses"),
]


@pytest.mark.parametrize(("rule", "name", "phrase"), RULE_CASES,
                         ids=[f"{r.kind}:{n[:24]}" for r, n, _ in RULE_CASES])
def test_each_rule_takes_what_aws_takes(rule, name, phrase):
    broken = rule.broken(name)
    if phrase is None:
        assert broken is None
    else:
        assert broken is not None and phrase in broken, broken


def test_a_rule_broken_by_other_than_a_reserved_word_is_named_with_its_source(monkeypatch):
    monkeypatch.setattr(names, "TIERS", ("Network", "Data_base"))
    line = names.refusal("WaInfra")
    assert line == ("prefix 'WaInfra' gives the CloudFormation stack name 'WaInfra-Data_base', "
                    "which has characters or a shape AWS refuses (AWS CloudFormation API "
                    "Reference, CreateStack: StackName): allowed a letter, then letters and "
                    "digits, 32 at most")


# --- the table is the stacks' own names -----------------------------------------------------
NAME_PROPERTIES = {  # resource type -> the property that holds its physical name
    "AWS::SSM::Parameter": "Name", "AWS::ECS::TaskDefinition": "Family",
    "AWS::ECS::CapacityProvider": "Name", "AWS::RDS::DBInstance": "DBInstanceIdentifier",
    "AWS::RDS::DBCluster": "DBClusterIdentifier", "AWS::Logs::LogGroup": "LogGroupName",
    "AWS::KMS::Alias": "AliasName", "AWS::ECS::Cluster": "ClusterName",
}


def test_the_tiers_are_the_deploy_tools_tiers():
    assert names.TIERS == run.TIERS


@pytest.mark.parametrize("shape", ["Default", "Aurora", "ExistingVpcDb"])
def test_every_name_the_stacks_give_from_the_prefix_is_in_the_table(synths, shape):
    synth = synths[shape]
    prefix = synth.deployment.prefix
    derived = {name for _, name in names.derived_names(prefix)}
    assert {stack.stack_name for stack in synth.stacks.values()} <= derived
    given = []
    for template in synth.templates.values():
        for resource in template.to_json()["Resources"].values():
            assert resource["Type"] != "AWS::KMS::Alias"  # no alias: nothing to check
            name = resource.get("Properties", {}).get(NAME_PROPERTIES.get(resource["Type"]))
            if isinstance(name, str) and prefix in name:
                given.append(name)
    generated = tuple(name.split(names.GENERATED)[0] for name in derived
                      if names.GENERATED in name)
    assert not [n for n in given if n not in derived and not n.startswith(generated)], given
    lam = synth.templates["lambda"].to_json()["Resources"]
    settings, = [r["Properties"] for r in lam.values() if r["Type"] == "Custom::DbSettings"]
    written = {f"{settings['ParameterPath']}/{name}" for name in
               [*settings["Settings"], *settings["SecretKeys"]]}
    written |= {copy["Name"] for copy in settings["Copies"]}
    assert written <= derived, written - derived


def test_the_plain_templates_create_no_kms_alias(plain_templates):
    for template in plain_templates.values():
        assert not [r for r in template["Resources"].values() if r["Type"] == "AWS::KMS::Alias"]
