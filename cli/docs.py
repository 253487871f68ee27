"""Doc sections generated from the code, so the docs never restate a number by hand.

`python -m cli.docs` (`make docs`) rewrites every `<!-- BEGIN name -->` ... `<!-- END name -->`
block of README.md and of the docs/ pages PAGES names, and writes docs/vendor-ledger.md whole;
tests/test_readme.py and tests/test_docs_*.py fail when a block is stale or misplaced.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import tomllib
from pathlib import Path

import click
from click.testing import CliRunner

from cli.size import main as wa_size
from sizing import data, plan, rules, vendor_v3, workload
from sizing.cost import dates as cost_dates

# Samples name the project's region, never that of whoever runs `make docs`: no region or
# profile from the environment, an empty AWS config.
NO_MACHINE_AWS = {"AWS_REGION": None, "AWS_DEFAULT_REGION": None, "AWS_PROFILE": None,
                  "AWS_DEFAULT_PROFILE": None, "AWS_CONFIG_FILE": os.devnull}

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|")


def _table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def wa_size_output(*args: str) -> str:
    result = CliRunner().invoke(wa_size, list(args), prog_name="wa-size", env=NO_MACHINE_AWS)
    return f"$ wa-size {' '.join(args)}".rstrip() + "\n" + result.stdout.rstrip()


def sample() -> str:
    return "```\n" + wa_size_output() + "\n\n" + wa_size_output(
        "--rate", "250", "--shards", "32", "--ssl") + "\n```"


def shards_example() -> str:
    from cli.shards import main as wa_shards

    blocks = []
    for args in (["plan", "--offline", "--from", "8", "--to", "16", "--rate", "100"],
                 ["plan", "--offline", "--from", "16", "--to", "8", "--rate", "100"]):
        result = CliRunner().invoke(wa_shards, args, prog_name="wa-shards", env=NO_MACHINE_AWS)
        blocks.append(f"$ wa-shards {' '.join(args)}\n{result.stdout.rstrip()}")
    return "```\n" + "\n\n".join(blocks) + "\n```"


def commands() -> list[tuple[str, click.Command]]:
    """Every wa-* command pyproject.toml installs, in its order."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    found = []
    for name, target in scripts.items():
        module, attribute = target.split(":")
        found.append((name, getattr(importlib.import_module(module), attribute)))
    return found


def _walk(name: str, command: click.Command, path: tuple[str, ...] = ()):
    """(words after the program name, command) for a command and every subcommand under it."""
    yield path, command
    if isinstance(command, click.Group):
        for sub in command.list_commands(click.Context(command, info_name=name)):
            yield from _walk(name, command.commands[sub], (*path, sub))


def help_output(main: click.Command, prog: str, *words: str) -> str:
    result = CliRunner().invoke(main, [*words, "--help"], prog_name=prog, terminal_width=100)
    return result.stdout.rstrip()


def cli_reference() -> str:
    """Each command's --help as click prints it, a heading per command and subcommand."""
    parts = []
    for name, main in commands():
        for words, _command in _walk(name, main):
            level = "##" if not words else "###"
            parts.append(f"{level} {' '.join((name, *words))}\n\n```\n"
                         f"{help_output(main, name, *words)}\n```")
    return "\n\n".join(parts)


def command_table() -> str:
    """README: one row per command, its first help sentence and its reference section."""
    rows = []
    for name, main in commands():
        summary = main.get_short_help_str(limit=200)
        rows.append((f"[`{name}`](docs/reference/cli.md#{name})", summary))
    return _table(("command", "what it does"), rows)


def connection_fit() -> str:
    rows = []
    for coreapps, rate, ssl, published in data.PUBLISHED_CONNECTION_POINTS:
        estimate = rules.estimated_connections(coreapps, rate, ssl)
        rows.append((coreapps, f"{rate:g}", "on" if ssl else "off", published, estimate,
                     f"{(estimate - published) / published:+.1%}"))
    return _table(("active Coreapps", "msg/s", "SSL", "published", "model", "error"), rows)


def sizing_rules() -> str:
    d = data
    caps = ", ".join(f"{k}->{v}" for k, v in d.EC2_MAX_BY_ACTIVE_COREAPPS.items())
    env = d.ENV_DEFAULTS
    rows = [
        ("Load", "(rate x (1 + receipts) + inbound) / (1 + the benchmark's receipts)",
         f"receipts {d.RECEIPTS_RANGE[0]:g}-{d.RECEIPTS_RANGE[1]:g} per sent message, default "
         f"{d.DEFAULT_RECEIPTS_PER_MESSAGE:g} (the benchmark's); inbound default "
         f"{d.DEFAULT_INBOUND_MSG_S:g}", "seed 004: receipts and inbound count; ours: the "
         "benchmark's send rate brought one delivery receipt per message"),
        ("Shards", "smallest option whose capacity carries the load",
         f"{d.RATE_PER_SHARD_MSG_S:g} msg/s per shard; options "
         f"{', '.join(map(str, d.SHARD_OPTIONS))}",
         "seed 000: 100-150 msg/s on 8 shards (low end)"),
        ("Coreapps", "shards + spares, at least the env default",
         f"{d.DEFAULT_SPARES} spare; production {env['production'].coreapps}, "
         f"staging {env['staging'].coreapps}", "seeds 000/001, vendor template"),
        ("Masters", "env default, never more than 3",
         f"production {env['production'].masters}, staging {env['staging'].masters}",
         "seed 003"),
        ("Webapps", "ceil(load / per-Webapp rate), at least the env default",
         f"{d.RATE_PER_WEBAPP_MSG_S:g} msg/s per Webapp; production "
         f"{env['production'].webapps}, staging {env['staging'].webapps}",
         "seed 003: 2 Webapps for 100-150 msg/s"),
        ("Host type", "the vendor's host for the message type at the benchmarked throughput at "
         "or above the load (table below)", "c5 family",
         "vendor template v3.0.3 MessageTypeMapToInstanceType"),
        ("Reservations", "memory and CPU units per container (table below)",
         f"Master {d.MASTER_MEMORY_MIB} MiB / {d.MASTER_CPU_UNITS} units, Webapp "
         f"{d.WEBAPP_MEMORY_MIB} MiB / {d.WEBAPP_CPU_UNITS} units; "
         f"{d.CPU_UNITS_PER_VCPU} units per vCPU",
         "memory: vendor templates v2.3.5 and v3.0.3; CPU: ours"),
        ("Hosts needed", "max(memory, CPU, one per Master, one per Coreapp if isolated), then "
         "more until spread placement finds room for every container with 2, 3 and 4 AZs",
         f"memory: reserved / (usable x {d.SCALE_OUT_MEMORY_PCT} %), "
         f"{d.USABLE_HOST_MEMORY_FRACTION:.0%} of host memory usable; CPU: reserved / (host "
         f"units x {d.SCALE_OUT_MEMORY_PCT} %)", "ours; threshold: vendor template v2.3.5"),
        ("EC2 min", "env default; all hosts needed when something other than memory decides "
         "them (CPU, placement, isolation): waiting tasks reserve no memory, so the memory "
         "alarm would never add their hosts",
         f"production {env['production'].ec2_min}, staging {env['staging'].ec2_min}",
         "seeds 000/001; the raise is ours"),
        ("EC2 max", "caps table by active Coreapps; 1 shard: env HA max; raised to the hosts "
         "needed", f"{caps}; 1 shard: production {env['production'].ec2_max_single_shard}, "
         f"staging {env['staging'].ec2_max_single_shard}", "seeds 000/001"),
        ("Memory scaling", "MemoryReservation average, 1 period; +1 / -1 host",
         f"> {d.SCALE_OUT_MEMORY_PCT} %, < {d.SCALE_IN_MEMORY_PCT} %, {d.ALARM_PERIOD_S} s, "
         f"cooldown {d.SCALING_COOLDOWN_S} s", "vendor template v2.3.5"),
        ("Vendor limits", "a warning on stderr when the load is above",
         f"{vendor_v3.SUPPORT_LIMIT_MSG_S} msg/s (support), {vendor_v3.BENCHMARK_LIMIT_MSG_S} "
         "msg/s (benchmarked on AWS)", "the vendor's deployment-templates README"),
        ("DB connections", "(base + per Coreapp x active + per msg/s x load) x SSL factor",
         f"{d.CONNECTIONS_BASE} + {d.CONNECTIONS_PER_ACTIVE_COREAPP} x Coreapps + "
         f"{d.CONNECTIONS_PER_MSG_S:g} x msg/s; SSL x {d.CONNECTIONS_SSL_FACTOR:g}",
         "ours, fitted to seed 000 (table below)"),
        ("Required connections", "estimate x (1 + headroom)",
         f"{d.DEFAULT_HEADROOM_PCT:g} % by default", "ours"),
        ("Required DB vCPU", "load / DB rate per vCPU",
         f"{d.RATE_PER_DB_VCPU_MSG_S:g} msg/s per vCPU",
         "seed 000: 150 msg/s on db.m4.2xlarge (8 vCPU); vendor: 250 msg/s on 16 vCPU"),
        ("Max connections", "engine default formula for the class memory",
         f"MySQL GiB x 10^9 / {d.MYSQL_BYTES_PER_CONNECTION}; PostgreSQL min(GiB x 10^9 / "
         f"{d.POSTGRES_BYTES_PER_CONNECTION}, {d.POSTGRES_MAX_CONNECTIONS_CAP}); Aurora "
         "published table", "seed 000 table; RDS/Aurora user guides"),
        ("RDS class", "cheapest candidate meeting connections and vCPU; ties to the smaller; "
         "no burstable in production", f"prices {d.PRICE_DATE}, us-east-1 on-demand",
         "RDS class list"),
        ("Cost", f"(hosts x host price + DB instances x class price) x {d.HOURS_PER_MONTH} h "
         f"+ a {d.HOST_ROOT_VOLUME_GIB} GiB root volume per host + {d.DEFAULT_DB_STORAGE_GIB} GiB "
         "storage per DB (not Aurora) + the fixed items ([the cost row](size.md#the-cost-row))",
         f"${d.DB_STORAGE_PRICE_GIB_MONTH_USD}/GiB-month gp3 DB storage, "
         f"${d.PRICES['ebs_gp3'].usd}/GB-month gp3 root volumes",
         f"list prices read {cost_dates()}"),
    ]
    return _table(("number", "rule", "figures", "source"), rows)


def message_types() -> str:
    """Per message type: the vendor's host by throughput and what a Coreapp reserves there."""
    rows = []
    aliases = {m: [a for a, n in data.MESSAGE_TYPE_ALIASES.items() if n == m]
               for m in data.MESSAGE_TYPES}
    for message_type in data.MESSAGE_TYPES:
        runs: list[list] = []  # [host, first throughput, last throughput]
        for throughput, host in zip(vendor_v3.THROUGHPUTS, vendor_v3.HOST_TYPES[message_type],
                                    strict=True):
            if runs and runs[-1][0] == host:
                runs[-1][2] = throughput
            else:
                runs.append([host, throughput, throughput])
        hosts = []
        for host, first, last in runs:
            coreapp = workload.coreapp(message_type, data.HOST_TYPES[host])
            span = f"{first}" if first == last else f"{first}-{last}"
            hosts.append(f"{host} at {span} msg/s: {coreapp.memory_mib} MiB, "
                         f"{coreapp.cpu_units} units")
        name = f"`{message_type}`" + "".join(f" (`{a}`)" for a in aliases[message_type])
        rows.append((name, "; ".join(hosts)))
    return _table(("message type (alias)", "host and per-Coreapp reservation by throughput"),
                  rows)


def layout_example() -> str:
    """wa-size --layout, the plan's table left out (the sample above shows one)."""
    args = ("--rate", "120", "--message-type", "image1MB", "--layout")
    command, *lines = wa_size_output(*args).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Layout: "))
    return "```\n" + "\n".join([command, "...", *lines[start:]]) + "\n```"


def context_keys() -> str:
    """Every input with a context key, as contract/inputs.py holds it: the key, the wa-size
    option of a sizing input and the console parameter that asks for it too."""
    from contract.inputs import INPUTS
    from sizing.surfaces import option

    return _table(("key", "wa-size option", "console parameter", "default", "allowed", "effect"),
                  [(f"`{i.key}`", f"`{option(i.key)}`" if i.option else "",
                    f"`{i.console.parameter}`" if i.console else "", i.default, i.allowed,
                    i.effect) for i in INPUTS if i.key])


def json_keys() -> str:
    doc = plan().to_dict()
    rows = [(f"`{group}`", ", ".join(f"`{k}`" for k in doc[group]))
            for group in ("inputs", "containers", "hosts", "database", "cost", "vendor_v3")]
    rows.append(("`warnings`", "list of strings (also printed on stderr)"))
    rows.append(("`rules`", "`{key: {rule, source}}` for every number above"))
    return _table(("group", "keys"), rows)


def console_parameters() -> str:
    from templates.enterprise import build_enterprise  # troposphere: only for the docs

    template = build_enterprise().to_dict()
    interface = template["Metadata"]["AWS::CloudFormation::Interface"]
    labels = interface["ParameterLabels"]
    rows = []
    for group in interface["ParameterGroups"]:
        for name in group["Parameters"]:
            parameter = template["Parameters"][name]
            allowed = parameter.get("AllowedValues")
            pattern = parameter.get("AllowedPattern")
            # a pattern as words where the template says them (a regex reads as links here)
            written = parameter.get("ConstraintDescription") or (
                f"`{pattern}`" if pattern else "")
            low, high = parameter.get("MinValue"), parameter.get("MaxValue")
            allowed_text = ", ".join(map(str, allowed)) if allowed and len(allowed) <= 8 else (
                f"{len(allowed)} values" if allowed else
                f"{low} to {high}" if low is not None and high is not None else written)
            rows.append((group["Label"]["default"], f"`{name}`", labels[name]["default"],
                         parameter.get("Default", "(required)"), allowed_text,
                         parameter["Description"]))
    return _table(("group", "parameter", "label", "default", "allowed", "what it does"), rows)


def runtime_flows() -> str:
    from contract.network import FLOWS

    return _table(("flow", "from", "to", "ports", "why", "source"),
                  [(f"`{f.key}`", ", ".join(f.sources), f.target, f.ports.label(), f.purpose,
                    f.source) for f in FLOWS])


def runtime_rules() -> str:
    from contract.network import GROUP_RULES

    return _table(("security group", "direction", "peer", "ports", "why"),
                  [(r.group, r.direction, r.peer, r.ports.label(), r.reason)
                   for r in GROUP_RULES])


def runtime_settings() -> str:
    from contract.host import AGENT_SETTINGS
    from contract.roles import ENVIRONMENT, NOT_SET, SECRETS

    agent = _table(("ECS agent setting", "value", "why", "source"),
                   [(f"`{a.key}`", f"`{a.value}`", a.reason, a.source)
                    for a in AGENT_SETTINGS])
    environment = _table(
        ("container variable", "value", "roles", "why"),
        [(f"`{v.name}`", f"`{v.value}`" + (" (with TLS to the DB)" if v.when else ""),
          ", ".join(v.roles), v.reason) for v in ENVIRONMENT]
        + [(f"`{s.name}`", "secret: " + ("SSM SecureString" if s.source.startswith("db:")
                                         else "Secrets Manager"), ", ".join(s.roles), s.reason)
           for s in SECRETS]
        + [(f"`{name}`", "not set", "", why) for name, why in NOT_SET.items()])
    return agent + "\n\n" + environment


def _covered_lines(facts) -> str:
    """Every line of the facts a decision covers, per template (the first few)."""
    shown = []
    for template in sorted({f.template for f in facts}):
        lines = sorted({n for f in facts if f.template == template for n in f.lines})
        more = f" ... ({len(lines)} lines)" if len(lines) > 6 else ""
        shown.append(f"{template}.yml:{', '.join(map(str, lines[:6]))}{more}")
    return "; ".join(shown)


def vendor_ledger() -> str:
    """docs/runtime.md: the decisions on what the client reads when it starts (the rest in
    docs/vendor-ledger.md)."""
    from contract.ledger import LEDGER, decided
    from contract.vendor_facts import VENDOR, VENDOR_COMMIT, VENDOR_VERSION

    facts = decided()
    starts = ("wa_ent/env/", "wa_ent/secret/", "wa_ent/parameter/", "wa_ent/command/WAEnt",
              "wa_ent/mount/", "wa_ent/task/WAEnt*/TaskRoleArn", "*/imds/",
              "wa_ent/boot/*/mnt_execute/03", "wa_ent/iam/EC2Role/ssm", "wa_ent/iam/EC2Role/kms",
              "wa_ent/iam/EC2Role/cloudwatch", "*/agent/ECS_ENABLE_CONTAINER")
    rows = []
    for decision in LEDGER:
        if not decision.facts.startswith(starts):
            continue
        covered = [f for f, d in facts if d is decision]
        rows.append((f"`{decision.facts}`", _covered_lines(covered), decision.verdict,
                     decision.ours, decision.reason))
    counts = {v: sum(1 for _, d in facts if d.verdict == v) for v in ("same", "different")}
    head = (f"{len(facts)} runtime facts of {VENDOR} {VENDOR_VERSION} (commit "
            f"{VENDOR_COMMIT[:12]}), {len(LEDGER)} decisions: {counts['same']} facts the same, "
            f"{counts['different']} different. What the client reads when it starts:\n\n")
    return head + _table(("vendor facts", "vendor lines", "ours", "what we do", "why"), rows)


def vendor_ledger_page() -> str:
    """docs/vendor-ledger.md: every vendor fact with its decision."""
    from contract.ledger import decided
    from contract.vendor_facts import VENDOR, VENDOR_COMMIT, VENDOR_VERSION

    rows = [(f"`{f.id}`", _covered_lines([f]), f.value, d.verdict, d.ours, d.reason)
            for f, d in decided()]
    return (f"# The vendor runtime ledger\n\nGenerated by `make docs` from `contract/ledger.py` "
            f"(our decisions) and `contract/vendor_facts.json` (the facts of {VENDOR} "
            f"{VENDOR_VERSION}, commit {VENDOR_COMMIT}, regenerated by `python -m "
            f"tools.vendor_facts`). Each fact's decision is the first pattern of the ledger "
            f"that matches its id; the tests check every decision in both renderings.\n\n"
            + _table(("fact", "vendor lines", "vendor value", "ours", "what we do", "why"),
                     rows) + "\n")


def probe_bounds() -> str:
    from monitoring.render import PROBE_SCHEDULE, PROBE_TIMEOUT_S
    from probe import handler

    return (f"The probe runs on `{PROBE_SCHEDULE}`; a run ends within {handler.RUN_BOUND_S:g} s "
            f"(the function's timeout is {PROBE_TIMEOUT_S} s): each Webapp call it needs (login, "
            f"health) within {handler.HTTP_TIMEOUT_S:g} s, each it can do without (shards, "
            f"{', '.join(handler.EXTRA_PATHS)}) within {handler.EXTRA_TIMEOUT_S:g} s, each AWS "
            f"call (a secret, the metrics) within {handler.AWS_CALL_BOUND_S:g} s "
            f"({handler.AWS_ATTEMPTS} attempts "
            f"of {handler.AWS_CONNECT_S:g} s to connect and {handler.AWS_READ_S:g} s to read). "
            "A failed run is not retried: the next one is a minute away.")


def upgrade_example() -> str:
    from deploy.upgrade_steps import example_plan

    return "```\n" + example_plan() + "\n```"


def lint_checks() -> str:
    """What a passing wa-lint run covers, counted from the gates' own data (no run needed)."""
    from cdk import grids  # synthesizes the app: only for the docs
    from contract.network import FLOWS
    from gates import renderings, runner

    allowances = runner.allowlist()
    acknowledged = grids.acknowledgements()
    packs = sorted({pack for pack, *_ in acknowledged})
    by_pack = ", ".join(f"{sum(1 for p, *_ in acknowledged if p == pack)} {pack}"
                        for pack in packs)
    plain = sorted(path.name for path in (ROOT / "templates" / "dist").glob("*.yaml"))
    patterns = sum(len(a.resources) for a in allowances.values())
    head = (f"- the contract's {len(FLOWS)} flows on the CDK app over {len(renderings.CDK_GRID)} "
            f"contexts ({', '.join(renderings.CDK_GRID)}) and on the plain templates over "
            f"{len(renderings.PLAIN_GRID)} parameter sets ({', '.join(renderings.PLAIN_GRID)})\n"
            f"- cfn-lint and checkov over the CDK app's templates and the {len(plain)} plain ones "
            f"({', '.join(f'`{n}`' for n in plain)})\n"
            f"- checkov's accepted findings: {len(allowances)} checks on {patterns} resource "
            f"patterns (`checkov-allowlist.yaml`, below)\n"
            f"- cdk-nag: {len(acknowledged)} acknowledged findings ({by_pack}; the table "
            f"further down)\n\n")
    rows = [(f"`{a.check}`", ", ".join(f"`{r}`" for r in a.resources), a.reason)
            for a in allowances.values()]
    return head + _table(("checkov check", "accepted on", "why"), rows)


def nag_acknowledgements() -> str:
    from cdk import grids  # synthesizes the app: only for the docs

    rows = [(pack, f"`{rule}`", where, reason) for pack, rule, where, reason in
            grids.acknowledgements()]
    return _table(("pack", "finding", "where", "why it stands"), rows)


def probe_metrics() -> str:
    from probe import metrics

    return metrics.markdown_table()


def architecture_diagram() -> str:
    from contract.diagram import diagram_markdown
    from sizing import plan

    return diagram_markdown(plan())


def retire_prices() -> str:
    from deploy.retire import retire_price_table

    return retire_price_table()


def retire_default_keep() -> str:
    from deploy.retire import default_keep_summary

    return (f"The monthly cost of a retired default deployment is {default_keep_summary()}. "
            "A retire prints this for the deployment at hand, from these prices:")


def readme_keep_cost() -> str:
    from deploy.retire import default_keep_costs, monthly_total

    return (f"(about ${monthly_total(default_keep_costs())[0]:.0f} a month for a default "
            "deployment in its first year, more as its keys rotate; the file system's and the "
            "logs' storage on top, [retire](docs/retire.md#what-is-kept-and-what-it-costs)).")


def cost_table() -> str:
    """The cost row's items: what each counts and its price (sizing/cost.py, data.PRICES)."""
    from sizing import data
    from sizing.cost import usd

    p = data.PRICES
    alarms = data.ALARMS_BY_ENGINE
    rows = [
        ("hosts", "EC2 desired (and max, for the second figure)", "the host type's hourly price"),
        ("host disks", f"one {data.HOST_ROOT_VOLUME_GIB} GiB gp3 root volume per host",
         f"{usd(p['ebs_gp3'].usd)}/GB-month"),
        ("database", "1 in staging, 2 in production",
         f"the class's hourly price, plus {data.DEFAULT_DB_STORAGE_GIB} GiB of gp3 storage each "
         f"({usd(data.DB_STORAGE_PRICE_GIB_MONTH_USD)}/GB-month; Aurora's storage and I/O grow "
         "with use: left out)"),
        ("NAT gateways", "one per AZ in production, one in staging",
         f"{usd(p['nat_gateway'].usd)}/h each, plus {usd(p['public_ipv4'].usd)}/h for its "
         "public IPv4 address"),
        ("load balancer", "1 (Network Load Balancer)", f"{usd(p['load_balancer'].usd)}/h"),
        ("KMS keys", str(data.KMS_KEYS),
         f"{usd(p['kms_key'].usd)} a key-month in a key's first year; each of its first "
         f"{data.KMS_PAID_ROTATIONS} yearly rotations adds {usd(p['kms_key'].usd)} (left out)"),
        ("secrets", str(data.SECRETS), f"{usd(p['secret'].usd)} a secret-month"),
        ("CloudWatch", f"{alarms['mysql']} alarms ({alarms['aurora-mysql']} with Aurora), "
         f"{data.DASHBOARDS} dashboard, the probe's {data.PROBE_METRICS} series and its "
         f"{data.PROBE_RUNS_PER_MONTH:,} PutMetricData calls",
         f"{usd(p['alarm'].usd)}, {usd(p['dashboard'].usd)} and {usd(p['custom_metric'].usd)} a "
         f"month each; {usd(p['metric_requests'].usd)} per 1,000 calls"),
    ]
    return "\n".join(["| item | count | price |", "|---|---|---|",
                      *(f"| {a} | {b} | {c} |" for a, b, c in rows)])


def readme_probe_metrics() -> str:
    """Each metric the probe publishes and the vendor Grafana panel or alert it stands for
    (not in probe/metrics.py: that module ships inside the probe's function)."""
    from probe.metrics import METRICS

    rows = ["| metric | what it counts | replaces (vendor Grafana) |", "|---|---|---|"]
    rows += [f"| `{m.name}` | {m.meaning} | {m.replaces or '- (none in the vendor set)'} |"
             for m in METRICS]
    return "\n".join(rows)


def mutation_scores() -> str:
    """Each mutation set's score, command and time, from the record `make mutate` keeps."""
    from bench.mutation_report import RUNS, load_runs, score_table

    return score_table(load_runs(ROOT / RUNS))


def readme_alarms() -> str:
    from monitoring.alarm_table import alarm_summary_markdown

    return alarm_summary_markdown()


# The rooms of docs/ARCHITECTURE.md in the order a plan flows through them, each holding the
# packages that live there (tests/test_readme.py: every package of the project is in one).
ROOMS = (
    ("plan", ("sizing",)),
    ("contract", ("contract", "monitoring")),
    ("renderers", ("cdk", "stacks", "templates")),
    ("gates", ("gates",)),
    ("run time and day 2", ("probe", "wa_api", "deploy")),
    ("commands", ("cli",)),
    ("maintainers' tools", ("tools",)),
)


def summary(path: Path) -> str:
    """A module's docstring, its first sentence (or first paragraph, when it has no stop)."""
    import ast

    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    paragraph = " ".join(doc.split("\n\n")[0].split())
    sentence = re.split(r"(?<=[a-z0-9)`])\. ", paragraph, maxsplit=1)[0]
    return sentence.rstrip(".") + "." if sentence else "(no docstring)"


def architecture_modules() -> str:
    """Every module of each room's packages with its docstring's first sentence."""
    parts = []
    for room, packages in ROOMS:
        parts.append(f"### {room.capitalize()}")
        for package in packages:
            folder = ROOT / package
            files = sorted((f.relative_to(folder) for f in folder.rglob("*.py")
                            if "__pycache__" not in f.parts),
                           key=lambda f: (len(f.parts), f.as_posix() != "__init__.py", f))
            parts.append(f"\n`{package}/`: {summary(folder / files[0])}\n")
            parts.append("| file | what it holds |\n|---|---|")
            parts += [f"| [{f.as_posix()}](../{package}/{f.as_posix()}) | "
                      f"{_cell(summary(folder / f))} |" for f in files[1:]]
        parts.append("")
    return "\n".join(parts).rstrip()


BENCH_RESULTS = ROOT / "bench" / "results.json"


def _bench() -> dict[str, dict]:
    import json

    return json.loads(BENCH_RESULTS.read_text())


def bench_figures() -> str:
    """The last `make bench` run, as bench/results.json keeps it."""
    rows = []
    for key, figure in _bench().items():
        target = "-" if figure["target"] is None else f"<= {figure['target']:g}"
        rows.append((key, f"`{figure['command']}` {figure['seconds'] * 1000:.0f} ms",
                     f"`{figure['baseline']}` {figure['baseline_seconds'] * 1000:.0f} ms",
                     f"{figure['ratio']:.2f}", target, figure["verdict"],
                     f"{figure['measured']}, {figure['cores']} cores"))
    return _table(("figure", "measured (median)", "against (median)", "ratio", "target",
                   "verdict", "when"), rows)


def readme_bench() -> str:
    figures = _bench()
    shown = "; ".join(f"{key} {f['ratio']:.2f}x (target {f['target']:g}: {f['verdict']})"
                      for key, f in figures.items() if f["target"] is not None)
    return (f"The last `make bench` run ({max(f['measured'] for f in figures.values())}; "
            f"[each figure](docs/maintainers.md#benchmarks)): {shown}.")


SECTIONS = {
    "commands": command_table,
    "cli-reference": cli_reference,
    "upgrade-example": upgrade_example,
    "probe-bounds": probe_bounds,
    "probe-metrics": probe_metrics,
    "lint-checks": lint_checks,
    "nag-acknowledgements": nag_acknowledgements,
    "runtime-flows": runtime_flows,
    "runtime-rules": runtime_rules,
    "runtime-settings": runtime_settings,
    "vendor-ledger": vendor_ledger,
    "console-parameters": console_parameters,
    "shards-example": shards_example,
    "json-keys": json_keys,
    "sample": sample,
    "connection-fit": connection_fit,
    "sizing-rules": sizing_rules,
    "message-types": message_types,
    "layout-example": layout_example,
    "context-keys": context_keys,
    "architecture-diagram": architecture_diagram,
    "retire-prices": retire_prices,
    "retire-default-keep": retire_default_keep,
    "readme-keep-cost": readme_keep_cost,
    "readme-alarms": readme_alarms,
    "readme-probe-metrics": readme_probe_metrics,
    "cost-table": cost_table,
    "architecture-modules": architecture_modules,
    "bench-figures": bench_figures,
    "readme-bench": readme_bench,
    "readme-mutation-scores": mutation_scores,
    "mutation-scores": mutation_scores,
}

# The page that carries each block (a path from the repository root): one home per block.
PAGES: dict[str, tuple[str, ...]] = {
    "README.md": ("commands", "readme-probe-metrics", "readme-alarms", "readme-keep-cost",
                  "readme-bench", "readme-mutation-scores"),
    "docs/size.md": ("cost-table",),
    "docs/sizing-rules.md": ("sample", "json-keys", "sizing-rules", "connection-fit",
                             "message-types", "layout-example"),
    "docs/change.md": ("shards-example", "upgrade-example"),
    "docs/probe.md": ("probe-metrics", "probe-bounds"),
    "docs/gates.md": ("lint-checks", "nag-acknowledgements"),
    "docs/runtime.md": ("runtime-flows", "runtime-rules", "runtime-settings", "vendor-ledger"),
    "docs/reference/inputs.md": ("context-keys", "console-parameters"),
    "docs/reference/cli.md": ("cli-reference",),
    "docs/architecture-diagram.md": ("architecture-diagram",),
    "docs/retire.md": ("retire-default-keep", "retire-prices"),
    "docs/ARCHITECTURE.md": ("architecture-modules",),
    "docs/maintainers.md": ("bench-figures", "mutation-scores"),
}


def render(text: str) -> str:
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- BEGIN {name} -->\n)(?:.*?\n)?(<!-- END {name} -->)", re.S)
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), text)
    return text


LEDGER_PAGE = ROOT / "docs" / "vendor-ledger.md"


def write(path: Path, text: str) -> str:
    """Write `text` to `path` unless it already holds it; says which."""
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    if path.exists() and path.read_text() == text:
        return f"unchanged {shown}"
    path.write_text(text)
    return f"wrote {shown}"


def _write(path: Path, text: str) -> None:
    print(write(path, text), file=sys.stderr)


def main() -> None:
    for page in PAGES:
        path = ROOT / page
        _write(path, render(path.read_text()))
    _write(LEDGER_PAGE, vendor_ledger_page())
    from monitoring.alarm_table import PAGE as ALARMS_PAGE
    from monitoring.alarm_table import alarms_page

    _write(ALARMS_PAGE, alarms_page())
    from cli.pictures import example_svgs

    for name, text in example_svgs().items():
        _write(ROOT / "docs" / name, text)


if __name__ == "__main__":
    main()
