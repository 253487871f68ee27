"""contract/inputs.py is the one table of inputs: the CDK context reader, the sizing options of
wa-size and `wa-shards plan`, and the root template's parameters must say what it says."""

from __future__ import annotations

import inspect
import re

import click
import pytest
from click.testing import CliRunner

from cdk import context
from cli.size import _az_count
from cli.size import main as wa_size
from contract.inputs import BY_KEY, BY_PARAMETER, INPUTS
from sizing import SizingError, plan
from sizing.inputs import SIZING_INPUTS
from sizing.surfaces import PLAN_KEYWORD, option


def parsed(**given):
    return context.read({"region": "us-east-1", **given}.get)


PLAN_FIELD = {**PLAN_KEYWORD, "receipts": "receipts_per_message"}  # the Plan's own names
# what a value needs beside it to be taken (io1 and io2 come with their IOPS)
COMPANIONS = {("db_storage_type", "io1"): {"db_storage_gib": "400", "db_iops": "3000"},
              ("db_storage_type", "io2"): {"db_storage_gib": "400", "db_iops": "3000"}}


def parser_default(key: str):
    """What the CDK parser uses when the key is absent."""
    the_plan, deployment = parsed()
    if key in PLAN_FIELD:
        return getattr(the_plan, PLAN_FIELD[key])
    return getattr(deployment, key)


def takes(key: str, value) -> bool:
    try:
        parsed(**{key: str(value)}, **COMPANIONS.get((key, str(value)), {}))
    except SizingError:
        return False
    return True


def test_every_key_the_parser_reads_is_a_row_in_table_order():
    assert [k.name for k in context.CONTEXT_KEYS] == [i.key for i in INPUTS if i.key]
    assert len(BY_KEY) == len([i for i in INPUTS if i.key])  # no key twice
    assert len(BY_PARAMETER) == len([i for i in INPUTS if i.console])


def test_the_sizing_options_are_the_option_rows():
    options = {p.name: p for p in wa_size.params if isinstance(p, click.Option)}
    for row in INPUTS:
        if row.option:
            assert row.key in options, row.key
            assert option(row.key) in options[row.key].opts, row.key
    keys = {i.key for i in INPUTS if i.option}
    # --region is the AWS target every command takes (cli/aws_options.py), not a sizing input
    sizing = {name for name in options if name in BY_KEY} - {"region"}
    assert sizing == keys


@pytest.mark.parametrize("key", [i.key for i in INPUTS if i.option])
def test_an_option_defaults_to_what_the_parser_defaults_to(key):
    found = {p.name: p for p in wa_size.params if isinstance(p, click.Option)}[key]
    if key in ("rate", "shards"):  # no default: each derives from the other
        return
    # the default as click hands it over (text the option's type reads)
    default = (_az_count(None, None) if key == "az_count"  # --azs alias
               else found.type_cast_value(click.Context(wa_size), found.default))
    assert default == parser_default(key), key


@pytest.mark.parametrize("key", [i.key for i in INPUTS if i.key and i.default
                                 and not i.default.startswith(("none", "from", "the "))
                                 and "," not in i.default and " " not in i.default])
def test_the_documented_default_is_the_parsers(key):
    value = parser_default(key)
    shown = str(value).lower() if isinstance(value, bool) else (
        f"{value:g}" if isinstance(value, float) else str(value))
    assert BY_KEY[key].default == shown


SAME = [i for i in INPUTS if i.key and i.console and not i.console_differs]


@pytest.mark.parametrize("row", SAME, ids=[i.key for i in SAME])
def test_the_console_asks_as_the_context_key_does(row):
    cfn = row.console.cfn
    if "Default" in cfn and cfn["Default"] != "":
        default = parser_default(row.key)
        default = str(default).lower() if isinstance(default, bool) else str(default)
        assert str(cfn["Default"]) == default
    if "MinValue" in cfn:
        low, high = cfn["MinValue"], cfn["MaxValue"]
        assert takes(row.key, low) and takes(row.key, high)
        assert not takes(row.key, low - 1) and not takes(row.key, high + 1)
    for value in cfn.get("AllowedValues", []):
        assert takes(row.key, value), (row.key, value)
    if "AllowedPattern" in cfn and cfn["Default"]:
        assert re.fullmatch(cfn["AllowedPattern"], str(cfn["Default"]))


def test_every_difference_says_why():
    for row in INPUTS:
        if row.console_differs:
            assert row.key and row.console, row
            assert len(row.console_differs) > 20


def test_the_rendered_parameters_are_the_tables(plain_templates):
    parameters = plain_templates["wa-infra.yaml"]["Parameters"]
    groups = plain_templates["wa-infra.yaml"]["Metadata"]["AWS::CloudFormation::Interface"]
    labels = groups["ParameterLabels"]
    expected = [i.console.parameter for i in INPUTS if i.console]
    # KeyChoice and GivenKeyArn stand for db_key, as the database tier asks for it
    assert [n for n in parameters if n not in ("KeyChoice", "GivenKeyArn")] == expected
    for name in expected:
        console = BY_PARAMETER[name].console
        assert parameters[name]["Description"] == console.description
        assert labels[name] == {"default": console.label}
        for prop, value in console.cfn.items():
            if prop == "Default" and name == "TemplateBaseUrl":
                continue
            assert parameters[name][prop] == value, (name, prop)
    grouped = {n: g["Label"]["default"] for g in groups["ParameterGroups"] for n in g["Parameters"]}
    assert {n: grouped[n] for n in expected} == {n: BY_PARAMETER[n].console.group
                                                 for n in expected}


# --- the sizing rows (sizing/inputs.py SIZING_INPUTS) ---------------------------------------------
@pytest.mark.parametrize("row", SIZING_INPUTS, ids=[r.key for r in SIZING_INPUTS])
def test_a_sizing_option_says_what_its_row_says(row):
    found = {p.name: p for p in wa_size.params if isinstance(p, click.Option)}[row.key]
    assert found.help == row.help
    assert option(row.key) in found.opts
    if row.metavar:  # a value: the row's parser reads it, with the row's metavar
        assert found.type.get_metavar(found, None) == row.metavar
    else:  # a switch: both spellings
        assert f"--no-{row.key.replace('_', '-')}" in found.secondary_opts


@pytest.mark.parametrize("row", SIZING_INPUTS, ids=[r.key for r in SIZING_INPUTS])
def test_plan_and_the_parser_default_to_the_row(row):
    keyword = inspect.signature(plan).parameters[PLAN_KEYWORD[row.key]]
    assert keyword.default == row.default
    if row.default is not None:
        assert parser_default(row.key) == row.default
        assert BY_KEY[row.key].default == row.shown_default()


@pytest.mark.parametrize("row", [r for r in SIZING_INPUTS if r.metavar],
                         ids=[r.key for r in SIZING_INPUTS if r.metavar])
def test_the_cli_and_the_parser_refuse_alike(row):
    """Past the row's range (or beside its choices) both refuse, naming the value and the
    range the row documents."""
    bad = "9999999" if row.key != "shards" else "3"
    if row.key in ("env", "engine", "message_type", "table"):
        bad = "nonesuch"
    result = CliRunner().invoke(wa_size, [option(row.key), bad], prog_name="wa-size")
    assert result.exit_code == 2
    assert bad in result.output
    with pytest.raises(SizingError) as refused:
        parsed(**{row.key: bad})
    assert bad in str(refused.value)
    first_allowed = row.allowed.split("|")[0].split(" ")[0]
    assert first_allowed in result.output and first_allowed in str(refused.value)


def test_a_deployment_remembers_every_input_of_the_table():
    """deploy/inputs.py writes each context key out: an input added to the table and not
    remembered would silently take its default on the next deploy."""
    from deploy.inputs import effective

    existing = {"vpc_id": "vpc-0123456789abcdef0", "vpc_azs": "us-east-1a,us-east-1b",
                "public_subnet_ids": "subnet-0a0a0a0a,subnet-0b0b0b0b",
                "private_subnet_ids": "subnet-1a1a1a1a,subnet-1b1b1b1b",
                "vpc_cidr": "10.20.0.0/16", "db_host": "db.example.com", "db_port": "3307",
                "db_secret_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
                "account": "123456789012", "api_cidrs": "203.0.113.0/24",
                "upgrade_tag": "v2.53.1", "db_iops": "3000", "db_storage_type": "io1",
                "db_storage_gib": "400", "create_ecs_service_linked_role": "true"}
    remembered = effective(*parsed(**existing))
    assert set(remembered) == {i.key for i in INPUTS if i.key}


def test_cdk_json_pins_no_input_away_from_the_table():
    """`npx cdk synth` without -c reads cdk.json: a key of ours there must say what the table
    says, or a changed default would leave the project's own synth on the old value."""
    import json
    from pathlib import Path

    project = json.loads((Path(__file__).resolve().parents[2] / "cdk.json").read_text())
    ours = {k: v for k, v in project["context"].items() if not k.startswith("@")}
    assert ours, "cdk.json names the project's region at least"
    for key, value in ours.items():
        default = parser_default(key)
        assert str(value).lower() == str(default).lower(), (key, value, default)


def test_the_commands_default_to_the_tables_prefix_and_region():
    from cli.aws_options import FALLBACK_REGION  # wa-size's: it cannot wait for contract/
    from cli.deploy import main as wa_deploy
    from cli.shards import main as wa_shards
    from cli.upgrade import main as wa_upgrade

    assert parser_default("region") == FALLBACK_REGION
    seen = 0
    for group in (wa_deploy, wa_shards, wa_upgrade):
        for command in [group, *getattr(group, "commands", {}).values()]:
            for param in command.params:
                if param.name == "prefix" and not param.required:  # retiring names its own
                    assert param.default == parser_default("prefix"), command.name
                    seen += 1
    assert seen >= 3
