"""The sizing options' types, built again on a fresh command (cli.plan_options builds them
when it is imported), and the documented keys of `wa-size --layout --json`.

`parsed_by` and `plan_options` run at import time; here they run again, so what they build is
checked itself: the values allowed, the label in the one-line refusal, the metavar in --help.
"""

import json

import click
import pytest
from click.testing import CliRunner

from cli.oneline import OneLineErrorCommand
from cli.plan_options import parsed_by, plan_options
from cli.size import main as size_main
from sizing.inputs import SIZING


def fresh_command(shards: bool):
    """A command with plan_options and what it was called with."""
    seen = {}

    @click.command("probe", cls=OneLineErrorCommand)
    @plan_options(shards=shards)
    def command(**values):
        seen.update(values)

    return command, seen


def invoke(args, shards=True):
    command, seen = fresh_command(shards)
    result = CliRunner().invoke(command, args, prog_name="probe")
    return result, seen


def _choice(name):
    return parsed_by(SIZING[name])


# --- choices -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "value"), [
    ("env", "staging"), ("engine", "aurora-mysql"), ("message_type", "document"),
    ("table", "all"),
])
def test_a_choice_accepts_an_allowed_value_as_given(name, value):
    assert _choice(name).convert(value, None, None) == value


@pytest.mark.parametrize(("name", "value", "message"), [
    ("env", "prod", "env 'prod' is unknown: allowed production, staging"),
    ("engine", "oracle", "engine 'oracle' is unknown: allowed mysql, postgres, aurora-mysql"),
    ("message_type", "gif", "message_type 'gif' is unknown: allowed text, image1MB, image2MB, "
                            "image4MB, video, audio, doc, image, document"),
    ("table", "old", "table 'old' is unknown: allowed current, seed, all"),
])
def test_a_choice_refuses_other_values_naming_the_context_key(name, value, message):
    with pytest.raises(click.BadParameter) as refused:
        _choice(name).convert(value, None, None)
    assert refused.value.format_message() == message


@pytest.mark.parametrize(("name", "metavar"), [
    ("env", "production|staging"), ("engine", "mysql|postgres|aurora-mysql"),
    ("message_type", "text|image1MB|image2MB|image4MB|video|audio|doc|image|document"),
    ("table", "current|seed|all"),
])
def test_a_choice_shows_its_values_as_the_metavar(name, metavar):
    assert _choice(name).get_metavar(None, None) == metavar


# --- the options on a fresh command -------------------------------------------------------------
def test_the_options_reach_a_fresh_command_as_given():
    result, seen = invoke(["--rate", "120", "--shards", "16", "--no-ssl", "--env", "staging",
                           "--engine", "postgres", "--spares", "2", "--headroom", "10",
                           "--message-type", "video", "--receipts", "1", "--inbound", "5",
                           "--table", "seed", "--isolate-coreapps"])
    assert result.exit_code == 0, result.output
    assert seen == {"rate": 120.0, "shards": 16, "ssl": False, "env": "staging",
                    "engine": "postgres", "spares": 2, "headroom": 10.0,
                    "message_type": "video", "receipts": 1.0, "inbound": 5.0,
                    "table": "seed", "isolate_coreapps": True}


def test_without_shards_the_command_has_no_shards_option():
    result, seen = invoke(["--rate", "50"], shards=False)
    assert result.exit_code == 0, result.output
    assert seen["rate"] == 50.0 and "shards" not in seen
    assert (seen["env"], seen["engine"], seen["message_type"], seen["table"]) == (
        "production", "mysql", "text", "current")
    result, seen = invoke(["--shards", "8"], shards=False)
    assert result.exit_code == 2 and seen == {}
    assert result.stderr.startswith("probe: error: No such option '--shards'.")


def test_a_bad_choice_on_a_fresh_command_is_one_line_naming_it():
    result, seen = invoke(["--message-type", "gif"])
    assert result.exit_code == 2 and seen == {}
    assert result.stderr == ("probe: error: message_type 'gif' is unknown: allowed text, "
                             "image1MB, image2MB, image4MB, video, audio, doc, image, "
                             "document\n")


def test_the_fresh_commands_help_lists_each_choices_values():
    command, _ = fresh_command(True)
    result = CliRunner().invoke(command, ["--help"], prog_name="probe")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    for fragment in ("--env production|staging", "--engine mysql|postgres|aurora-mysql",
                     "--table current|seed|all",
                     "--message-type text|image1MB|image2MB|image4MB|video|audio|doc|image|"
                     "document",
                     "--rate MSG_S", "--shards N"):
        assert fragment in text, fragment


# --- wa-size --layout --json: the documented keys ----------------------------------------------
def test_layout_json_names_azs_host_type_and_numbers_hosts_from_1():
    result = CliRunner().invoke(size_main, ["--layout", "--json"], prog_name="wa-size")
    assert result.exit_code == 0, result.output
    layout = json.loads(result.stdout)["layout"]
    assert sorted(layout) == ["azs", "host_type", "hosts", "room_for_one_more"]
    assert layout["azs"] == 2
    assert layout["host_type"] == "c5.large"
    assert [h["host"] for h in layout["hosts"]] == [1, 2, 3, 4, 5]
    assert layout["hosts"][0] == {
        "host": 1, "az": 1, "containers": {"coreapp": 2, "master": 1, "web": 1},
        "memory_mib": 3584, "memory_capacity_mib": 3686,
        "cpu_units": 1792, "cpu_capacity_units": 2048,
    }
    assert layout["room_for_one_more"] == {"coreapp": [4, 5], "web": [4, 5]}
