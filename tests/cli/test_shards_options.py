"""wa-shards' option parsing as units: the options `get` and `set` share (`api_options`), the
seconds type, secrets read from files, and the text placed into the plan's commands.

`api_options` and `_seconds` run when cli.shards is imported; here they run again on a fresh
command, so what they build is checked itself (values, defaults, variables, refusals).
"""

import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli.oneline import OneLineErrorCommand
from cli.shards import MAX_SECRET_FILE_BYTES, _literal, _seconds, _secret_file, api_options
from cli.shards import main as shards_main
from sizing import SizingError


def fresh_command():
    """A command with api_options and what it was called with."""
    seen = {}

    @click.command("probe", cls=OneLineErrorCommand)
    @api_options
    def command(**values):
        seen.update(values)

    return command, seen


def invoke(args, env=None):
    command, seen = fresh_command()
    result = CliRunner().invoke(command, args, prog_name="probe",
                                env={"WA_API_URL": None, "WA_API_USER": None, **(env or {})})
    return result, seen


def test_each_api_option_reaches_the_command_as_given(tls_files, tmp_path):
    password = tmp_path / "password.txt"
    password.write_text("secret")
    result, seen = invoke(["--url", "https://webapp.example.com:8443", "--user", "ops",
                           "--password-file", str(password), "--ca-file", str(tls_files[0]),
                           "--timeout", "30"])
    assert result.exit_code == 0, result.output
    assert seen == {"url": "https://webapp.example.com:8443", "user": "ops",
                    "password_file": password, "ca_file": str(tls_files[0]), "timeout": 30.0}
    assert isinstance(seen["password_file"], Path)


def test_the_api_options_default_to_admin_15_s_and_no_files():
    result, seen = invoke(["--url", "https://webapp.example.com"])
    assert result.exit_code == 0, result.output
    assert seen == {"url": "https://webapp.example.com", "user": "admin",
                    "password_file": None, "ca_file": None, "timeout": 15.0}


def test_the_url_and_the_user_come_from_the_environment_too():
    result, seen = invoke([], env={"WA_API_URL": "https://lb.example.com",
                                   "WA_API_USER": "robot"})
    assert result.exit_code == 0, result.output
    assert (seen["url"], seen["user"]) == ("https://lb.example.com", "robot")


@pytest.mark.parametrize("timeout", ["1", "600"])
def test_the_timeout_range_includes_its_ends(timeout):
    result, seen = invoke(["--url", "https://h", "--timeout", timeout])
    assert (result.exit_code, seen.get("timeout")) == (0, float(timeout)), result.output


@pytest.mark.parametrize(("args", "message"), [
    ([], "probe: error: Missing option '--url'."),
    (["--url", "http://h"], "probe: error: url 'http://h' is invalid: allowed https://host"),
    (["--url", "https://h", "--timeout", "0.99"],
     "probe: error: timeout '0.99' is invalid: allowed 1 to 600 s"),
    (["--url", "https://h", "--timeout", "600.5"],
     "probe: error: timeout '600.5' is invalid: allowed 1 to 600 s"),
    (["--url", "https://h", "--ca-file", "/nonexistent/ca.pem"],
     "probe: error: ca file '/nonexistent/ca.pem' is invalid (no such file)"),
    (["--url", "https://h", "--password-file", "/nonexistent/password"],
     "probe: error: Invalid value for '--password-file': File '/nonexistent/password' does "
     "not exist."),
])
def test_bad_api_options_are_refused_in_one_line(args, message):
    result, seen = invoke(args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message), result.stderr
    assert result.stderr.count("\n") == 1 and seen == {}


def test_a_password_file_that_is_a_directory_is_refused(tmp_path):
    result, seen = invoke(["--url", "https://h", "--password-file", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert f"File '{tmp_path}' is a directory." in result.stderr and seen == {}


# --- seconds -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("low", "high", "value", "expected"), [
    (1, 600, "1", 1.0), (1, 600, "600", 600.0), (0.01, 60, "0.01", 0.01), (1, 3600, 300, 300.0),
    (1, 600, " 2.5 ", 2.5),
])
def test_seconds_within_the_range_ends_included_are_read(low, high, value, expected):
    assert _seconds("interval", low, high).convert(value, None, None) == expected


@pytest.mark.parametrize(("value", "shown"), [
    ("0.99", "'0.99'"), ("600.01", "'600.01'"), ("x", "'x'"), ("nan", "'nan'"),
    ("inf", "'inf'"), (0, "'0'"),
])
def test_seconds_out_of_range_or_not_a_number_name_the_option_and_the_range(value, shown):
    with pytest.raises(click.BadParameter) as refused:
        _seconds("health timeout", 1, 600).convert(value, None, None)
    assert refused.value.format_message() == (
        f"health timeout {shown} is invalid: allowed 1 to 600 s")


# --- secrets from files --------------------------------------------------------------------------
def test_an_endless_secret_file_is_read_only_up_to_the_limit(monkeypatch):
    """/dev/zero never ends: reading stops one byte past the limit."""
    import os

    from cli import shards

    asked = []
    real_read = os.read

    def read(fd, size):
        asked.append(size)
        return real_read(fd, size)

    monkeypatch.setattr(shards.os, "read", read)
    with pytest.raises(SizingError, match=r"^password file '/dev/zero' is larger than 64 KiB"):
        _secret_file(Path("/dev/zero"), "password")
    assert asked and sum(asked) <= 64 * 1024 + 1 and max(asked) <= 64 * 1024 + 1


def test_a_secret_file_of_exactly_the_limit_is_read(tmp_path):
    secret = tmp_path / "cert.b64"
    secret.write_bytes(b"Q" * MAX_SECRET_FILE_BYTES)
    assert _secret_file(secret, "cert") == "Q" * 65536


def test_a_secret_file_that_cannot_be_opened_names_the_file_and_why(tmp_path):
    with pytest.raises(SizingError) as refused:
        _secret_file(tmp_path, "pin")
    assert str(refused.value) == (f"pin file {str(tmp_path)!r} cannot be read (Is a directory): "
                                  "allowed a UTF-8 text file holding only the pin")


# --- text placed into the plan's commands --------------------------------------------------------
@pytest.mark.parametrize("text", ["{shards}", "a}b{c", "{{}}", "plain", ""])
def test_literal_text_survives_str_format_unchanged(text):
    assert _literal(text).format(shards=99) == text


def test_literal_doubles_each_brace():
    assert _literal("x{y}z") == "x{{y}}z"


def test_the_wait_step_reads_the_cluster_and_service_from_the_stack_outputs():
    result = CliRunner().invoke(shards_main, ["plan", "--offline", "--from", "8", "--to", "16",
                                              "--prefix", "Acme"], prog_name="wa-shards")
    assert result.exit_code == 0, result.output
    wait = next(line.split("$ ", 1)[1] for line in result.stdout.splitlines()
                if "$ aws ecs wait" in line)
    assert shlex.split(wait) == [
        "aws", "ecs", "wait", "services-stable", "--cluster",
        "$(aws", "cloudformation", "describe-stacks", "--stack-name", "Acme-Enterprise",
        "--region", "us-east-1",
        "--query", "Stacks[0].Outputs[?OutputKey=='ClusterName'].OutputValue",
        "--output", "text)",
        "--services",
        "$(aws", "cloudformation", "describe-stacks", "--stack-name", "Acme-Enterprise",
        "--region", "us-east-1",
        "--query", "Stacks[0].Outputs[?OutputKey=='CoreappServiceName'].OutputValue",
        "--output", "text)", "--region", "us-east-1"]
