"""The generated blocks of README.md and docs/: each one present on its page, current, and
holding what the code holds.

Freshness alone (`render(text) == text`) passes when the generator drops a block or a row, or
computes one wrongly: `make docs` writes the wrong text and the comparison agrees with it.
So every block also has a test that reads its text and checks it against the code's own data
(and a few literal values a reader relies on), not against cli/docs.py.
"""

from __future__ import annotations

import math
import re

import pytest
from click.testing import CliRunner

from cli import docs
from contract.inputs import BY_KEY

# Every block the docs carry, by page, typed here rather than read from cli/docs.py's PAGES: a
# generator that stops making one, or a block that moves without its page knowing, fails here.
BLOCKS = {
    name: page
    for page, names in {
        "README.md": (
            "commands readme-keep-cost readme-alarms readme-probe-metrics readme-bench "
            "readme-mutation-scores"
        ),
        "docs/sizing-rules.md": (
            "sample json-keys sizing-rules connection-fit message-types layout-example"
        ),
        "docs/change.md": "shards-example upgrade-example",
        "docs/probe.md": "probe-bounds probe-metrics",
        "docs/gates.md": "lint-checks nag-acknowledgements",
        "docs/runtime.md": "runtime-flows runtime-rules runtime-settings vendor-ledger",
        "docs/reference/inputs.md": "context-keys console-parameters",
        "docs/reference/cli.md": "cli-reference",
        "docs/architecture-diagram.md": "architecture-diagram",
        "docs/retire.md": "retire-prices retire-default-keep",
        "docs/size.md": "cost-table",
        "docs/ARCHITECTURE.md": "architecture-modules",
        "docs/maintainers.md": "bench-figures mutation-scores",
    }.items()
    for name in names.split()
}
MARKER = re.compile(r"^<!-- (BEGIN|END) ([a-z-]+) -->$", re.MULTILINE)


def markdown_files() -> list:
    """README.md and every page under docs/ (where a stray block could hide)."""
    return [docs.README, *sorted((docs.ROOT / "docs").rglob("*.md"))]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {str(path.relative_to(docs.ROOT)): path.read_text() for path in markdown_files()}


@pytest.fixture(scope="module")
def acknowledged():
    """The cdk-nag acknowledgements of the documented contexts (one synth, ~5 s): shared by
    the freshness test and the block's own test."""
    from cdk.grids import acknowledgements

    return acknowledgements()


def block(pages: dict[str, str], name: str) -> str:
    """The text between `<!-- BEGIN name -->` and `<!-- END name -->` on the block's page, each
    there once."""
    page = BLOCKS[name]
    text = pages[page]
    begin, end = f"<!-- BEGIN {name} -->\n", f"\n<!-- END {name} -->"
    assert text.count(begin) == 1, f"{page} has {text.count(begin)} BEGIN {name}"
    assert text.count(end) == 1, f"{page} has {text.count(end)} END {name}"
    start = text.index(begin) + len(begin)
    assert text.index(end) >= start, f"END {name} before its BEGIN"
    return text[start:text.index(end)]


def rows(table: str) -> list[list[str]]:
    """A markdown table's body rows as cells (`\\|` read back as `|`)."""
    lines = [line for line in table.splitlines() if line.startswith("|")]
    assert len(lines) >= 2 and set(lines[1]) <= set("|-"), table[:200]
    return [[cell.strip().replace("\\|", "|")
             for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            for line in lines[2:]]


def column(table: str, index: int) -> list[str]:
    return [row[index] for row in rows(table)]


def fenced(text: str) -> str:
    assert text.startswith("```\n") and text.endswith("\n```"), text[:80]
    return text[4:-4]


def cli_output(main, prog: str, *args: str, width: int | None = None) -> str:
    result = CliRunner().invoke(main, list(args), prog_name=prog, terminal_width=width)
    assert result.exit_code == 0, result.output
    return result.stdout.rstrip()


# --- every block, once, on its page, and current -----------------------------------------------
def test_every_block_is_generated_and_on_its_page_once(pages):
    assert set(docs.SECTIONS) == set(BLOCKS)
    assert {name: page for page, names in docs.PAGES.items() for name in names} == BLOCKS
    for page, text in pages.items():
        found = MARKER.findall(text)
        names = [name for _, name in found]
        assert set(names) <= set(BLOCKS), (page, set(names) - set(BLOCKS))  # nobody makes it
        expected = sorted(name for name, home in BLOCKS.items() if home == page)
        assert sorted(set(names)) == expected, page  # each on its own page, none elsewhere
        assert len(found) == 2 * len(expected), page
    for name in BLOCKS:
        assert block(pages, name).strip(), f"block {name} is empty"


@pytest.mark.parametrize("page", sorted(set(BLOCKS.values())))
def test_generated_blocks_are_current(page, pages, request, monkeypatch):
    import cdk.grids

    if page == "docs/gates.md":  # only its blocks need the synth behind the acknowledgements
        acknowledged = request.getfixturevalue("acknowledged")
        monkeypatch.setattr(cdk.grids, "acknowledgements", lambda: acknowledged)
    assert docs.render(pages[page]) == pages[page], f"{page} is stale: run `make docs`"


def test_a_stale_block_is_noticed(pages):
    """The freshness test above can fail: a block with a row dropped renders back whole."""
    text = pages[BLOCKS["connection-fit"]]
    table = block(pages, "connection-fit")
    stale = text.replace(table, table.rsplit("\n", 1)[0])
    assert stale != text and docs.render(stale) == text


def test_readme_keeps_the_two_quick_start_commands(pages):
    assert "make run     #" in pages["README.md"] and "make test    #" in pages["README.md"]


def test_gates_say_why_the_world_open_api_stands(pages):
    assert ("The user opened the API to the internet on purpose (api_cidrs 0.0.0.0/0 with "
            "allow_world_api=true): port 443 only." in block(pages, "nag-acknowledgements"))


# --- wa-size ------------------------------------------------------------------------------------
SAMPLE_LABELS = [
    "Target rate", "Load", "Shards", "Load per shard", "Coreapps", "Masters", "Webapps",
    "Host type", "Per Coreapp", "Memory reserved", "CPU reserved", "Hosts needed",
    "EC2 min/desired/max", "Memory scaling", "vs vendor v3", "DB connections",
    "Required connections", "Required DB vCPU", "RDS class", "DB instances", "Monthly cost",
    "Cost items", "Not in the cost",
]


def labelled(run: str) -> dict[str, str]:
    lines = run.splitlines()[1:]
    return dict(re.split(r"\s{2,}", line, maxsplit=1) for line in lines)


def test_sample_is_what_wa_size_prints_now(pages):
    from cli.size import main as wa_size

    default, big = fenced(block(pages, "sample")).split("\n\n$ ")
    big = "$ " + big
    assert default == "$ wa-size\n" + cli_output(wa_size, "wa-size")
    assert big == "$ wa-size --rate 250 --shards 32 --ssl\n" + cli_output(
        wa_size, "wa-size", "--rate", "250", "--shards", "32", "--ssl")
    # and what the plan is known to be (seed 000 and the vendor's 32-shard template); the
    # deploy lines follow the table after a blank line
    first, second = (labelled(run.split("\n\n")[0]) for run in (default, big))
    assert list(first) == SAMPLE_LABELS and list(second) == SAMPLE_LABELS
    assert first["Shards"].startswith("8 (")
    assert first["Coreapps"] == "9 = 8 active + 1 spare"
    assert first["RDS class"].startswith("db.m6g.2xlarge: ")
    assert second["Shards"].startswith("32 (")
    assert second["Coreapps"] == "33 = 32 active + 1 spare"
    assert second["RDS class"].startswith("db.m6g.4xlarge: ")


def test_cli_reference_is_every_command_s_help(pages):
    """A heading and the exact --help for each command pyproject installs and each subcommand."""
    import tomllib

    from cli.size import main as wa_size

    text = block(pages, "cli-reference")
    scripts = tomllib.loads((docs.ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    headings = re.findall(r"^#{2,3} (wa-[\w -]+)$", text, re.MULTILINE)
    def walk(name, command):  # groups within groups too (wa-deploy alarms mute)
        yield name
        for sub, child in getattr(command, "commands", {}).items():
            yield from walk(f"{name} {sub}", child)

    expected = [heading for name, main in docs.commands() for heading in walk(name, main)]
    assert [name for name, _ in docs.commands()] == list(scripts)
    assert sorted(headings) == sorted(expected) and len(expected) > len(scripts)
    assert "wa-shards plan" in headings and "wa-templates render" in headings
    size_help = text.split("## wa-size\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert fenced(size_help) == cli_output(wa_size, "wa-size", "--help", width=100)
    for option in wa_size.params:
        for name in option.opts:
            assert name in size_help
    assert "Exit codes: 0 plan" in size_help and "Usage: wa-size [OPTIONS]" in size_help


def test_readme_lists_every_command_with_its_reference(pages):
    table = rows(block(pages, "commands"))
    assert [row[0] for row in table] == [
        f"[`{name}`](docs/reference/cli.md#{name})" for name, _ in docs.commands()]
    assert table[0][1] == "Size a WhatsApp Business API cluster (HA + Multiconnect) on AWS."


def test_lint_checks_count_the_gates_own_data(pages, acknowledged):
    from contract.network import FLOWS
    from gates import renderings, runner

    text = block(pages, "lint-checks")
    assert f"the contract's {len(FLOWS)} flows" in text and len(FLOWS) == 16
    assert f"over {len(renderings.CDK_GRID)} contexts" in text
    assert f"over {len(renderings.PLAIN_GRID)} parameter sets" in text
    allowances = runner.allowlist()
    assert f"{len(allowances)} checks on {sum(len(a.resources) for a in allowances.values())}"\
        " resource patterns" in text
    assert column(text.split("\n\n", 1)[1], 0) == [f"`{check}`" for check in allowances]
    assert "`CKV_AWS_91`" in text
    assert f"cdk-nag: {len(acknowledged)} acknowledged findings" in text


def test_json_keys_list_every_key_of_the_json(pages):
    from sizing import plan

    doc = plan().to_dict()
    table = rows(block(pages, "json-keys"))
    assert [row[0] for row in table] == [f"`{group}`" for group in doc]
    for group, keys in table:
        name = group.strip("`")
        if isinstance(doc[name], dict) and name != "rules":
            assert keys == ", ".join(f"`{key}`" for key in doc[name]), name
    assert "`shards`" in table[1][1] and "`db_class`" in table[3][1]


SIZING_NUMBERS = [
    "Load", "Shards", "Coreapps", "Masters", "Webapps", "Host type", "Reservations",
    "Hosts needed", "EC2 min", "EC2 max", "Memory scaling", "Vendor limits", "DB connections",
    "Required connections", "Required DB vCPU", "Max connections", "RDS class", "Cost",
]


def test_sizing_rules_state_the_figures_of_sizing_data(pages):
    from sizing import data

    table = {row[0]: row for row in rows(block(pages, "sizing-rules"))}
    assert list(table) == SIZING_NUMBERS
    figures = {number: row[2] for number, row in table.items()}
    assert f"{data.RATE_PER_SHARD_MSG_S:g} msg/s per shard" in figures["Shards"]
    assert ", ".join(map(str, data.SHARD_OPTIONS)) in figures["Shards"]
    assert figures["Shards"] == "12.5 msg/s per shard; options 1, 2, 4, 8, 16, 32"
    assert figures["Coreapps"].startswith(f"{data.DEFAULT_SPARES} spare; ")
    assert f"{data.RATE_PER_WEBAPP_MSG_S:g} msg/s per Webapp" in figures["Webapps"]
    for coreapps, cap in data.EC2_MAX_BY_ACTIVE_COREAPPS.items():
        assert f"{coreapps}->{cap}" in figures["EC2 max"]
    assert figures["Reservations"] == ("Master 1024 MiB / 256 units, Webapp 512 MiB / 512 "
                                       "units; 1024 units per vCPU")
    assert figures["Vendor limits"] == ("250 msg/s (support), 350 msg/s (benchmarked on AWS)")
    assert figures["Load"].startswith("receipts 0-2 per sent message, default 1")
    assert (f"{data.CONNECTIONS_BASE} + {data.CONNECTIONS_PER_ACTIVE_COREAPP} x Coreapps"
            in figures["DB connections"])
    assert f"SSL x {data.CONNECTIONS_SSL_FACTOR:g}" in figures["DB connections"]
    assert f"{data.DEFAULT_HEADROOM_PCT:g} %" in figures["Required connections"]
    assert f"{data.RATE_PER_DB_VCPU_MSG_S:g} msg/s per vCPU" in figures["Required DB vCPU"]
    assert f"> {data.SCALE_OUT_MEMORY_PCT} %" in figures["Memory scaling"]
    assert data.PRICE_DATE in figures["RDS class"]
    assert f"x {data.HOURS_PER_MONTH} h" in table["Cost"][1]


def test_message_types_are_the_vendors_hosts_and_reservations(pages):
    table = rows(block(pages, "message-types"))
    assert [row[0] for row in table] == [
        "`text`", "`image1MB` (`image`)", "`image2MB`", "`image4MB`", "`video`", "`audio`",
        "`doc` (`document`)"]
    cells = {row[0].split("`")[1]: row[1] for row in table}
    # vendor v3.0.3 MessageTypeMapToInstanceType and MemoryLimits; CPU: half the host
    assert cells["image1MB"] == ("c5.xlarge at 10-250 msg/s: 3600 MiB, 2048 units; c5.2xlarge "
                                 "at 300-350 msg/s: 7000 MiB, 4096 units")
    assert cells["image2MB"] == ("c5.2xlarge at 10 msg/s: 7000 MiB, 4096 units; c5.4xlarge at "
                                 "20-350 msg/s: 14900 MiB, 8192 units")
    assert cells["video"] == ("c5.large at 10-120 msg/s: 1400 MiB, 1024 units; c5.xlarge at "
                              "160-350 msg/s: 3600 MiB, 2048 units")
    assert cells["text"] == "c5.large at 10-350 msg/s: 1024 MiB, 512 units"


def test_layout_example_is_what_wa_size_layout_prints(pages):
    from cli.size import main

    text = fenced(block(pages, "layout-example"))
    command, dots, *layout = text.splitlines()
    assert command == "$ wa-size --rate 120 --message-type image1MB --layout" and dots == "..."
    printed = cli_output(main, "wa-size", *command.split()[2:]).splitlines()
    assert layout == printed[-len(layout):]
    assert layout[0].startswith("Layout: 11 x c5.xlarge over 2 AZs")
    assert len(layout) == 2 + 11 + 2  # title, header, a row per host, the room, the average


def test_connection_fit_has_a_row_per_published_point_with_the_model(pages):
    from sizing import data, rules

    table = rows(block(pages, "connection-fit"))
    assert len(table) == len(data.PUBLISHED_CONNECTION_POINTS) == 3
    for row, (coreapps, rate, ssl, published) in zip(
            table, data.PUBLISHED_CONNECTION_POINTS, strict=True):
        estimate = rules.estimated_connections(coreapps, rate, ssl)
        assert row == [str(coreapps), f"{rate:g}", "on" if ssl else "off", str(published),
                       str(estimate), f"{(estimate - published) / published:+.1%}"]


# --- the CDK app and the runtime contract -------------------------------------------------------
def test_context_keys_list_every_key_the_app_reads(pages):
    from cdk.context import CONTEXT_KEYS, KNOWN_KEYS

    table = rows(block(pages, "context-keys"))
    assert [row[0] for row in table] == [f"`{key.name}`" for key in CONTEXT_KEYS]
    assert {row[0].strip("`") for row in table} == KNOWN_KEYS
    for row, key in zip(table, CONTEXT_KEYS, strict=True):
        assert row[3:6] == [str(key.default), str(key.allowed), key.effect], key.name
        row_of = BY_KEY[key.name]
        assert row[1] == (f"`--{key.name.replace('_', '-')}`" if row_of.option else "")
        assert row[2] == (f"`{row_of.console.parameter}`" if row_of.console else "")
    by_key = {row[0]: row for row in table}
    assert by_key["`shards`"][4] == "1, 2, 4, 8, 16, 32"
    assert by_key["`prefix`"][3] == "WaInfra"
    assert by_key["`az_count`"][1:3] == ["`--az-count`", "`AzCount`"]


def test_runtime_flows_list_every_flow_of_the_contract(pages):
    from contract.network import FLOWS

    table = rows(block(pages, "runtime-flows"))
    assert [row[0] for row in table] == [f"`{flow.key}`" for flow in FLOWS]
    for row, flow in zip(table, FLOWS, strict=True):
        assert row[1:4] == [", ".join(flow.sources), flow.target, flow.ports.label()], flow.key
    assert table[0][:4] == ["`api`", "clients", "load_balancer", "tcp 443"]


def test_runtime_rules_list_every_rule_of_the_contract(pages):
    from contract.network import GROUP_RULES

    table = rows(block(pages, "runtime-rules"))
    assert [row[:4] for row in table] == [
        [rule.group, rule.direction, rule.peer, rule.ports.label()] for rule in GROUP_RULES]
    assert ["load_balancer", "ingress", "clients", "tcp 443"] in [row[:4] for row in table]


def test_runtime_settings_list_every_agent_setting_and_variable(pages):
    from contract.host import AGENT_SETTINGS
    from contract.roles import ENVIRONMENT, NOT_SET, SECRETS

    agent, environment = block(pages, "runtime-settings").split("\n\n")
    assert [row[:2] for row in rows(agent)] == [
        [f"`{setting.key}`", f"`{setting.value}`"] for setting in AGENT_SETTINGS]
    names = [f"`{v.name}`" for v in ENVIRONMENT] + [f"`{s.name}`" for s in SECRETS] + [
        f"`{name}`" for name in NOT_SET]
    assert column(environment, 0) == names
    assert "`WA_DB_PASSWORD`" in names and "`ECS_CLUSTER`" in column(agent, 0)


def test_alarms_list_every_alarm_with_its_figures(pages):
    from monitoring.alarm_table import alarm_table_markdown
    from monitoring.alarms import ALARMS

    table = rows(pages["docs/alarms.md"])
    assert table == rows(alarm_table_markdown())
    assert [row[0].split()[0] for row in table] == [f"`{a.key}`" for a in ALARMS]
    coreapps = next(row for row in table if row[0] == "`CoreappTasksBelowDesired`")
    assert "(9 by default)" in coreapps[1]  # the plan's Coreapp tasks, spare included


def test_probe_bounds_state_the_probe_s_own_limits(pages):
    from monitoring.render import PROBE_SCHEDULE, PROBE_TIMEOUT_S
    from probe import handler

    text = block(pages, "probe-bounds")
    assert f"`{PROBE_SCHEDULE}`" in text and PROBE_SCHEDULE == "rate(1 minute)"
    assert f"a run ends within {handler.RUN_BOUND_S:g} s" in text
    assert f"the function's timeout is {PROBE_TIMEOUT_S} s" in text
    assert f"within {handler.HTTP_TIMEOUT_S:g} s" in text
    assert f"within {handler.AWS_CALL_BOUND_S:g} s ({handler.AWS_ATTEMPTS} attempts" in text
    assert handler.RUN_BOUND_S < PROBE_TIMEOUT_S  # what the block promises: done before killed


# --- plain templates, wa-shards, wa-upgrade, cdk-nag -------------------------------------------
def test_console_parameters_list_every_parameter_of_the_template(pages):
    from templates.enterprise import build_enterprise

    template = build_enterprise().to_dict()
    parameters = template["Parameters"]
    labels = template["Metadata"]["AWS::CloudFormation::Interface"]["ParameterLabels"]
    table = rows(block(pages, "console-parameters"))
    assert sorted(row[1].strip("`") for row in table) == sorted(parameters)
    assert len(table) == len(parameters)
    for row in table:
        name = row[1].strip("`")
        assert row[2] == labels[name]["default"], name
        assert row[3] == str(parameters[name].get("Default", "(required)")), name
        assert row[5] == parameters[name]["Description"], name
    by_name = {row[1]: row for row in table}
    assert by_name["`TemplateBaseUrl`"][3] == "(required)"
    assert by_name["`Throughput`"][3] == "100"


def test_shards_example_is_what_wa_shards_plan_prints_now(pages):
    from cli.shards import main as wa_shards

    runs = fenced(block(pages, "shards-example")).split("\n\n")
    expected = [["plan", "--offline", "--from", "8", "--to", "16", "--rate", "100"],
                ["plan", "--offline", "--from", "16", "--to", "8", "--rate", "100"]]
    assert runs == [f"$ wa-shards {' '.join(args)}\n" + cli_output(wa_shards, "wa-shards", *args)
                    for args in expected]
    assert "2. Grow the stack to 17 Coreapps (EC2 max 8)" in runs[0]
    assert "Shards 16 -> 8 (decrease)" in runs[1]


def test_upgrade_example_is_the_plan_wa_upgrade_prints(pages):
    from deploy.upgrade_steps import example_plan

    text = fenced(block(pages, "upgrade-example"))
    assert text == example_plan()
    assert "v2.53.0 -> v2.55.1" in text
    titles = re.findall(r"^(\d)\. ", text, re.MULTILINE)
    assert titles == ["1", "2", "3", "4", "5", "6"]


def test_nag_acknowledgements_list_every_acknowledged_finding(pages, acknowledged):
    table = rows(block(pages, "nag-acknowledgements"))
    assert table == [[pack, f"`{rule}`", where, reason]
                     for pack, rule, where, reason in acknowledged]
    assert {row[0] for row in table} == {"AwsSolutions", "NIST.800.53.R5"}
    assert ["AwsSolutions", "`SMG4`", "Database/DatabaseSecret"] in [row[:3] for row in table]


def test_architecture_lists_every_module_of_every_package_in_one_room(pages):
    text = block(pages, "architecture-modules")
    packages = [package for _, held in docs.ROOMS for package in held]
    on_disk = sorted(p.parent.name for p in docs.ROOT.glob("*/__init__.py")
                     if p.parent.name != "tests")
    assert sorted(packages) == on_disk  # a new package needs a room
    assert [line[4:] for line in text.splitlines() if line.startswith("### ")] == [
        room.capitalize() for room, _ in docs.ROOMS]
    for package in packages:
        folder = docs.ROOT / package
        modules = {f.relative_to(folder).as_posix() for f in folder.rglob("*.py")
                   if "__pycache__" not in f.parts} - {"__init__.py"}
        listed = set(re.findall(rf"\]\(\.\./{package}/([\w/]+\.py)\)", text))
        assert listed == modules, package
    assert ("| [plan.py](../sizing/plan.py) | plan(): the user's inputs in, one frozen Plan "
            "out. |") in text.splitlines()


def test_bench_figures_are_the_recorded_run(pages):
    import json

    recorded = json.loads((docs.ROOT / "bench" / "results.json").read_text())
    table = rows(block(pages, "bench-figures"))
    assert [row[0] for row in table] == list(recorded)
    for row in table:
        figure = recorded[row[0]]
        assert row[3] == f"{figure['ratio']:.2f}"
        assert math.isclose(figure["ratio"], figure["seconds"] / figure["baseline_seconds"],
                            rel_tol=0.02)  # from seconds rounded to the millisecond
        met = figure["target"] is None or figure["ratio"] <= figure["target"]
        assert row[5] == ("reference" if figure["target"] is None else
                          "MET" if met else "MISSED")
    line = block(pages, "readme-bench")
    for key, figure in recorded.items():
        if figure["target"] is None:  # a reference figure: in the table only
            assert f"{key} " not in line
        else:
            assert (f"{key} {figure['ratio']:.2f}x (target {figure['target']:g}: "
                    f"{figure['verdict']})") in line
