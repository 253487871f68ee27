"""One name per input on every surface: wa-size's deploy lines read back by the CDK context
parser give the same plan; the console parameters exist in wa-infra.yaml and are allowed
there; advice names an input as the surface at hand takes it."""

from __future__ import annotations

import json
import shlex

import pytest
from cfnlint.decode import cfn_yaml
from click.testing import CliRunner

from cdk import context as cdk_context
from cli import aws_options
from cli.aws_options import AwsTarget, resolve
from cli.shards import main as wa_shards
from cli.size import main as wa_size
from sizing import data, deploy_lines, plan, surfaces
from templates.render import DIST

CASES = [
    [],
    ["--rate", "250", "--shards", "32"],
    ["--rate", "150.1", "--az-count", "3", "--engine", "postgres", "--receipts", "1.5"],
    ["--shards", "16", "--env", "staging", "--no-ssl", "--isolate-coreapps"],
    ["--rate", "123.456789", "--headroom", "60", "--table", "seed", "--message-type", "image",
     "--inbound", "7.5", "--spares", "0"],
    ["--rate", "40", "--message-type", "video", "--azs", "4"],
]


def size_json(args: list[str]) -> dict:
    result = CliRunner().invoke(wa_size, [*args, "--json"], prog_name="wa-size")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def console() -> dict:
    """wa-infra.yaml's parameters as committed (a test keeps it equal to a fresh render)."""
    return cfn_yaml.loads((DIST / "wa-infra.yaml").read_text())["Parameters"]


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a) or "defaults")
def test_the_printed_context_gives_the_same_plan_to_the_cdk_parser(args):
    out = size_json(args)
    line = shlex.split(out["deploy"]["wa_deploy"])  # the printed line, read as a shell would
    # the region the cost is priced for, named on both lines (wa-deploy would otherwise
    # follow $AWS_REGION or the profile, the CDK app cdk.json)
    assert line[:4] == ["wa-deploy", "--new", "--region", data.PRICE_REGION]
    assert line[4::2] == ["-c"] * len(line[5::2])
    context = dict(pair.split("=", 1) for pair in line[5::2])
    assert context == out["deploy"]["context"]
    assert out["deploy"]["cdk_deploy"] == out["deploy"]["wa_deploy"].replace(
        f"wa-deploy --new --region {data.PRICE_REGION}",
        f"npx cdk deploy --all -c region={data.PRICE_REGION}")
    assert set(context) <= cdk_context.KNOWN_KEYS
    read, deployment = cdk_context.read(context.get)
    mine = {k: v for k, v in out.items() if k not in ("deploy", "warnings")}
    del mine["cost"]["cost_step"]
    theirs = read.to_dict()
    del theirs["warnings"]
    assert mine == theirs
    assert deployment.az_count == out["inputs"]["az_count"]


def test_only_inputs_that_differ_from_the_defaults_are_printed():
    assert size_json([])["deploy"]["context"] == {}
    assert size_json(["--env", "production", "--spares", "1"])["deploy"]["context"] == {}
    assert size_json(["--rate", "250", "--no-ssl"])["deploy"]["context"] == {
        "rate": "250", "ssl": "false"}


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a) or "defaults")
def test_console_parameters_exist_and_are_allowed(args, console):
    out = size_json(args)
    params = out["deploy"]["console_parameters"]
    for name, value in params.items():
        assert name in console, name
        spec = console[name]
        if "AllowedValues" in spec:
            assert value in [str(v) for v in spec["AllowedValues"]], (name, value)
        assert value != str(spec["Default"]), f"{name}={value} is the default"
    # the Throughput offered carries the load, and the shards are the plan's
    throughput = int(params.get("Throughput", console["Throughput"]["Default"]))
    assert throughput >= out["containers"]["load_msg_s"] - 1e-9
    active = params.get("ActiveCoreapps", "auto")
    shards = out["containers"]["shards"]
    assert active == str(shards) or plan(throughput).shards == shards


def test_what_the_console_cannot_take_is_named():
    out = size_json(["--engine", "aurora-mysql", "--spares", "3"])
    assert out["deploy"]["console_cannot"] == [
        "engine aurora-mysql (the console templates run MySQL only)",
        "spares 3 (the console templates add 1 spare Coreapp)"]
    text = CliRunner().invoke(wa_size, ["--engine", "postgres"]).stdout
    assert ("  not on the console: engine postgres (the console templates run MySQL only): use "
            "the lines above") in text


def test_console_defaults_are_wa_size_defaults(console):
    """A parameter left out must mean wa-size's default."""
    for key, (name, text) in deploy_lines.CONSOLE_SAME.items():
        assert str(console[name]["Default"]) == text(deploy_lines.DEFAULTS[key]), name
    assert console["Throughput"]["Default"] == str(deploy_lines.DEFAULTS_THROUGHPUT)
    assert [int(v) for v in console["Throughput"]["AllowedValues"]] == list(
        data.CONSOLE_THROUGHPUTS)


def test_every_sizing_option_is_a_context_key_in_kebab_case():
    options = {o for p in wa_size.params for o in p.opts if o.startswith("--")}
    for key in surfaces.PLAN_KEYWORD:
        assert key in cdk_context.KNOWN_KEYS
        assert surfaces.option(key) in options
    assert "--azs" in options  # the old name keeps working
    assert size_json(["--azs", "3"])["inputs"]["az_count"] == 3


def test_az_count_is_applied_without_layout():
    out = size_json(["--az-count", "3"])
    assert out["deploy"]["context"] == {"az_count": "3"}
    assert out["deploy"]["console_parameters"] == {"AzCount": "3"}
    nat = {i["item"]: i for i in out["cost"]["cost_items"]}["NAT gateways"]
    assert nat["count"] == 3
    result = CliRunner().invoke(wa_size, ["--azs", "5"], prog_name="wa-size")
    assert result.exit_code == 2
    assert result.stderr == "wa-size: error: az_count 5 is out of range: allowed 2 to 4\n"


# --- advice spelled as each surface takes it ------------------------------------------------
ADVICE = "8 shards carry 100 msg/s, less than the load of 360 msg/s: use "


def test_wa_size_advises_its_own_option():
    result = CliRunner().invoke(wa_size, ["--rate", "360", "--shards", "8"])
    assert f"warning: {ADVICE}--shards 32\n" in result.stderr


def test_the_cdk_app_and_wa_deploy_advise_a_context_key():
    the_plan, _ = cdk_context.read({"rate": "360", "shards": "8"}.get)
    assert ADVICE + "-c shards=32" in the_plan.warnings


def test_wa_shards_plan_advises_to():
    result = CliRunner().invoke(wa_shards, ["plan", "--offline", "--from", "4", "--to", "8",
                                            "--rate", "360"])
    assert result.exit_code == 0, result.output
    assert ADVICE + "--to 32" in result.stderr
    assert "--shards" not in result.stderr


def test_values_round_trip_exactly():
    for value in (150.1, 123.456789, 250.0, 0.1):
        assert float(surfaces.value_text(value)) == value
    assert surfaces.value_text(True) == "true"
    assert surfaces.as_option("ssl", False) == "--no-ssl"


@pytest.mark.parametrize("rate", [5, 100, 130, 201, 251, 333])
def test_where_the_console_sizes_other_counts_it_says_so(rate):
    """The console sizes by its Throughput option (the next one up): at 201 msg/s that is
    250, whose Webapps the template reads from its tables; wa-size names each count that
    differs, and the difference is what the template's own Mappings hold."""
    from templates import mappings

    out = size_json(["--rate", str(rate)])
    throughput = deploy_lines.console_throughput(out["containers"]["load_msg_s"])
    table = mappings.throughput()[str(throughput)]
    webapps = table["WebappsProduction"]
    coreapps = mappings.coreapps()[str(out["containers"]["shards"])]["production"]
    expected = [f"Webapps {webapps} (this plan {out['containers']['webapps']})"] * (
        webapps != out["containers"]["webapps"])
    expected += [f"Coreapps {coreapps} (this plan {out['containers']['total_coreapps']})"] * (
        coreapps != out["containers"]["total_coreapps"])
    differs = out["deploy"]["console_differs"]
    assert [d for d in differs if not d.startswith(("Masters", "EC2"))] == expected
    text = CliRunner().invoke(wa_size, ["--rate", str(rate)]).stdout
    line = f"  the console sizes for Throughput {throughput}: "
    assert (line in text) == bool(differs)
    if rate == 201:
        assert differs == ["Webapps 4 (this plan 3)"]
        assert f"{line}Webapps 4 (this plan 3); the lines above deploy this plan" in text


def test_the_deploy_lines_name_the_region_wa_deploy_would_use(monkeypatch, tmp_path):
    """Not always us-east-1: the flag, then $AWS_REGION, then the AWS config's region, then
    cdk.json; the cost stays priced for us-east-1 and says so."""
    def lines(*args):
        return size_json(list(args))["deploy"]

    assert lines()["wa_deploy"] == "wa-deploy --new --region us-east-1"
    config = tmp_path / "config"
    config.write_text("[default]\nregion = eu-central-1\n[profile ops]\nregion = sa-east-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    assert lines()["region"] == "eu-central-1"
    monkeypatch.setenv("AWS_PROFILE", "ops")
    assert lines()["cdk_deploy"] == "npx cdk deploy --all -c region=sa-east-1"
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    assert lines()["wa_deploy"] == "wa-deploy --new --region eu-west-1"
    assert lines("--region", "ap-south-1", "--rate", "250")["wa_deploy"] == (
        "wa-deploy --new --region ap-south-1 -c rate=250")
    text = CliRunner().invoke(wa_size, []).stdout
    assert "  (the cost above is priced for us-east-1; eu-west-1's prices differ)" in text
    bad = CliRunner().invoke(wa_size, ["--region", "moon-1"], prog_name="wa-size")
    assert bad.exit_code == 2 and bad.stderr.startswith("wa-size: error: region 'moon-1' is "
                                                        "unknown: allowed ")


def test_the_profile_named_default_is_the_default_section(monkeypatch, tmp_path):
    """[default] is the default profile's section whether it is named or not, and a profile
    comes from $AWS_DEFAULT_PROFILE before $AWS_PROFILE, as botocore (wa-deploy) reads them."""
    config = tmp_path / "config"
    config.write_text("[default]\nregion = eu-west-1\n[profile ops]\nregion = sa-east-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_PROFILE", "default")
    assert size_json([])["deploy"]["region"] == "eu-west-1"
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "ops")
    assert size_json([])["deploy"]["region"] == "sa-east-1"
    assert resolve(None, None) == AwsTarget("sa-east-1", "ops")


def test_the_config_file_may_start_with_a_tilde(monkeypatch, tmp_path):
    (tmp_path / "cfg").write_text("[default]\nregion = ap-south-1\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_CONFIG_FILE", "~/cfg")
    assert size_json([])["deploy"]["region"] == "ap-south-1"


@pytest.mark.parametrize("kind", ["folder", "not ini"])
def test_an_aws_config_wa_deploy_would_refuse_is_refused_by_wa_size_too(monkeypatch, tmp_path,
                                                                       kind):
    config = tmp_path / "config"
    if kind == "folder":
        config.mkdir()
    else:
        config.write_text("region = eu-west-1 without a section\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    result = CliRunner().invoke(wa_size, [], prog_name="wa-size")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("wa-size: error: ") and str(config) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_without_cdk_json_the_fallback_region_serves(monkeypatch, tmp_path):
    """Installed as a package there is no cdk.json beside the code: no traceback."""
    monkeypatch.setattr(aws_options, "__file__", str(tmp_path / "cli" / "aws_options.py"))
    assert aws_options.project_region() is None
    assert aws_options.planned_region(None) == aws_options.FALLBACK_REGION


def test_profile_default_written_as_a_profile_section_is_the_default(monkeypatch, tmp_path):
    config = tmp_path / "config"
    config.write_text("[profile default]\nregion = eu-west-3\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    assert size_json([])["deploy"]["region"] == "eu-west-3"
    monkeypatch.setenv("AWS_PROFILE", "default")
    assert size_json([])["deploy"]["region"] == "eu-west-3"


@pytest.mark.parametrize("text", ["{bad", '{"context": []}', b"\xff"])
def test_a_broken_cdk_json_is_one_line(monkeypatch, tmp_path, text):
    project = tmp_path / "project"
    (project / "cli").mkdir(parents=True)
    path = project / "cdk.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    monkeypatch.setattr(aws_options, "__file__", str(project / "cli" / "aws_options.py"))
    result = CliRunner().invoke(wa_size, [], prog_name="wa-size")
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"wa-size: error: {path} is not a JSON object with a \"context\" "
                             "object: allowed the project's cdk.json\n")
