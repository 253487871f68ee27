"""Hostile input on every surface the planner reads: wa-size's options, the CDK context keys
and wa-templates render. Each bad value ends in one line that names it and what is allowed
(exit code 2 for the commands), never a traceback, and never a file half-written."""

from __future__ import annotations

import math

import pytest
from click.testing import CliRunner

from cdk import context
from cli.size import main as wa_size
from cli.templates import main as wa_templates
from sizing import SizingError

LONG = 10_000
HOSTILE = {  # label -> text, as a shell or cdk.json would pass it
    "empty": "",
    "whitespace": " \t ",
    "negative": "-1",
    "zero": "0",
    "huge float": "1e309",
    "huge int": str(10**30),
    "nan": "nan",
    "inf": "inf",
    "-inf": "-inf",
    "non-ASCII digits": "١٢",
    "long digits": "9" * LONG,
    "long text": "x" * LONG,
    "shell": "$(reboot); `id` | rm -rf ~ && echo '\"",
    "newline": "1\n2",
    "escape": "\x1b[31mred",
}
# JSON values cdk.json can hold, where a string or a number belongs
WRONG_TYPES = {
    "list": [8],
    "nested list": [["0.0.0.0/0"]],
    "object": {"value": "8"},
    "switch": True,
    "json inf": math.inf,
    "json nan": math.nan,
    "json huge": 10**30,
    "json negative": -1,
}


def names_value(line: str, value) -> bool:
    """The message quotes the value (repr, maybe cut short) or shows the number it read."""
    text = value if isinstance(value, str) else str(value)
    return repr(value)[:40] in line or (text.strip() != "" and text.strip()[:40] in line)


# --- wa-size ------------------------------------------------------------------------------
# option -> (the name its messages use, hostile labels that are valid values for it)
OPTIONS = {
    "--rate": ("rate", set()),
    "--shards": ("shards", set()),
    "--spares": ("spares", {"zero"}),
    "--headroom": ("headroom", {"zero"}),
    "--env": ("env", set()),
    "--engine": ("engine", set()),
    "--message-type": ("message_type", set()),
    "--table": ("table", set()),
}


@pytest.mark.parametrize("option", OPTIONS)
@pytest.mark.parametrize("label", HOSTILE)
def test_wa_size_option(option, label):
    name, valid = OPTIONS[option]
    value = HOSTILE[label]
    result = CliRunner().invoke(wa_size, [option, value], prog_name="wa-size")
    if label in valid:
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    line = result.stderr
    assert line.startswith(f"wa-size: error: {name} ")
    assert names_value(line, value), line
    assert "allowed" in line
    assert "Traceback" not in line
    assert len(line) < 600  # a 10,000-character value is cut short


# --- CDK context ----------------------------------------------------------------------------
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:wa-db-AbCdEf"
EXISTING_VPC = {"vpc_id": "vpc-0123456789abcdef0", "vpc_azs": "us-east-1a,us-east-1b",
                "public_subnet_ids": "subnet-0a0a0a0a,subnet-0b0b0b0b",
                "private_subnet_ids": "subnet-1a1a1a1a,subnet-1b1b1b1b",
                "vpc_cidr": "10.20.0.0/16"}
EXISTING_DB = {"db_host": "db.internal", "db_secret_arn": SECRET}
# the context a key needs around it to be read at all
BASE = {"db_host": {"db_secret_arn": SECRET}, "db_port": EXISTING_DB,
        "db_secret_arn": {"db_host": "db.internal"}, "vpc_id": EXISTING_VPC,
        "vpc_azs": EXISTING_VPC, "public_subnet_ids": EXISTING_VPC,
        "private_subnet_ids": EXISTING_VPC, "db_iops": {"db_storage_type": "io1"}}
# hostile values that are fine values of a key: an image tag 'nan' is a tag like any other
# (JSON numbers become their text; the CDK's JSON has no inf or nan, direct callers do)
NUMBER_TEXT = {"zero", "huge int", "huge float", "nan", "inf", "json huge", "json inf",
               "json nan"}
VALID = {
    "spares": {"zero"},
    "headroom": {"zero"},
    "receipts": {"zero"},
    "inbound": {"zero"},
    "ssl": {"zero", "switch"},
    "isolate_coreapps": {"zero", "switch"},
    "allow_world_api": {"zero", "switch"},
    "create_ecs_service_linked_role": {"zero", "switch"},
    "prefix": {"nan", "inf", "json inf", "json nan"},
    "registry": NUMBER_TEXT,  # a label never starts with a hyphen (-1 is no host)
    "image_tag": NUMBER_TEXT,
    "upgrade_tag": NUMBER_TEXT,
    # digits alone are an IPv4 address or nothing (0 and 10**30 are neither)
    "db_host": NUMBER_TEXT - {"zero", "huge int", "json huge"},
}


def context_cases():
    for key in sorted(context.KNOWN_KEYS):
        for label, value in {**HOSTILE, **WRONG_TYPES}.items():
            if label not in VALID.get(key, ()):
                yield pytest.param(key, value, id=f"{key}-{label}")


@pytest.mark.parametrize(("key", "value"), context_cases())
def test_context_key(key, value):
    ctx = {**BASE.get(key, {}), key: value}
    with pytest.raises(SizingError) as caught:
        context.read(ctx.get, known=set(ctx))
    line = str(caught.value)
    assert "\n" not in line
    assert key in line, line
    assert "allowed" in line or "required" in line or "give a value" in line, line
    assert len(line) < 1200


@pytest.mark.parametrize(("key", "label"), [
    (key, label) for key, labels in VALID.items() for label in sorted(labels)
])
def test_context_values_that_only_look_hostile_are_taken(key, label):
    value = {**HOSTILE, **WRONG_TYPES}[label]
    ctx = {**BASE.get(key, {}), key: value}
    context.read(ctx.get, known=set(ctx))


# --- wa-templates render --------------------------------------------------------------------
def snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None
            for p in sorted(folder.rglob("*"))}


def render(*args):
    return CliRunner().invoke(wa_templates, ["render", *args], prog_name="wa-templates")


def assert_one_line_refusal(result, name):
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith(f"wa-templates: error: {name} ")
    assert result.stderr.count("\n") == 1
    assert "allowed" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("label", [*HOSTILE, "http", "query", "fragment", "space", "quote",
                                   "long https"])
def test_templates_base_url(label, tmp_path, monkeypatch):
    value = {**HOSTILE, "http": "http://bucket/x/", "query": "https://b/x/?a=1",
             "fragment": "https://b/x/#f", "space": "https://b/x y/", "quote": "https://b/x'/",
             "long https": "https://b/" + "x" * LONG}[label]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "wa-infra.yaml").write_text("old")
    before = snapshot(tmp_path)
    result = render("--out", "out", "--base-url", value)
    assert_one_line_refusal(result, "base url")
    assert names_value(result.stderr, value.strip())
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("label", ["empty", "whitespace", "newline", "escape", "nul",
                                   "long text", "under a file", "a file"])
def test_templates_out(label, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where an empty --out would have written
    (tmp_path / "file").write_text("keep")
    value = {**HOSTILE, "nul": "out\x00", "under a file": "file/x", "a file": "file"}[label]
    before = snapshot(tmp_path)
    result = render("--out", value)
    assert_one_line_refusal(result, "out")
    assert names_value(result.stderr, value)
    assert snapshot(tmp_path) == before
