"""CloudFormation Mappings computed from sizing/, never typed by hand.

The console cannot run Python, so the planner's answer is precomputed for each choice a user
can make. A change in sizing/ changes these Mappings (and the golden test asks for a render).

Computing them plans about 2,000 clusters, each with its placement simulated: over a second,
most of a render. `wa-templates render --in-place` stores the result in mappings.json with a
hash of every source file it was computed from; a render reads it while those files are
unchanged and computes the Mappings again otherwise, so a stale table costs time, never a
wrong template (tests/templates/test_mappings_table.py asks for a refresh).
"""

from __future__ import annotations

import ast
import hashlib
import json
from functools import cache
from pathlib import Path

from monitoring.alarms import callback_backlog, db_connections_alarm, message_backlog
from sizing import data, plan, rules

THROUGHPUTS = data.CONSOLE_THROUGHPUTS  # wa-size maps a plan onto them (sizing/deploy_lines.py)
ACTIVE_OPTIONS = tuple(str(s) for s in data.SHARD_OPTIONS)


@cache  # the tables below ask for the same plan several times
def _plan(shards=None, rate=None, **kwargs):
    return plan(rate, shards, **kwargs)


def coreapps() -> dict:
    """Coreapp tasks (active + spare) by active count and env type: 2->3 ... 32->33."""
    return {
        a: {env: _plan(int(a), env=env).total_coreapps for env in data.ENVIRONMENTS}
        for a in ACTIVE_OPTIONS
    }


LAYOUTS = {"Packed": False, "Isolated": True}  # IsolateCoreapps false / true
MESSAGE_KEYS = {**{m: m for m in data.MESSAGE_TYPES}, **data.MESSAGE_TYPE_ALIASES}


def _sizing_key(rate: int, active: str) -> str:
    return f"R{rate}S{active}"


def sizing_keys() -> dict:
    """One key per throughput and active count ("auto": what the throughput needs), so that a
    single FindInMap reads a value that depends on both."""
    return {str(rate): {a: _sizing_key(rate, a) for a in ACTIVE_OPTIONS}
            | {"auto": _sizing_key(rate, str(_plan(rate=rate).shards))}
            for rate in THROUGHPUTS}


HOST_FIELDS = ("Min", "Desired", "Max")  # ec2_min, ec2_desired, ec2_max


def _case(env: str, layout: str) -> str:
    return f"{env.title()}{layout}"


def hosts_layout() -> dict:
    """The layout's key by env type and IsolateCoreapps (keys, not Fn::If: see hosts_of)."""
    return {env: {str(isolate).lower(): _case(env, layout) for layout, isolate in LAYOUTS.items()}
            for env in data.ENVIRONMENTS}


def hosts() -> dict[str, dict]:
    """HostsRow: a row name by layout (hosts_layout), then throughput and active count
    (sizing_keys); HostsMin/HostsDesired/HostsMax: hosts by row, then message type (aliases
    too). The message type and throughput pick the host type and what each Coreapp reserves,
    the throughput the Webapps. Rows with the same hosts for every message type are one row,
    named after the first case that has it: 4 layouts x 60 sizing keys would exceed the 200
    keys a mapping may have."""
    rows: dict[tuple, str] = {}  # hosts by message type -> row name
    row_of: dict[str, dict[str, str]] = {}
    for env in data.ENVIRONMENTS:
        for layout, isolate in LAYOUTS.items():
            case = _case(env, layout)
            for rate in THROUGHPUTS:
                for a in ACTIVE_OPTIONS:
                    plans = [_plan(int(a), rate, env=env, message_type=m,
                                   isolate_coreapps=isolate) for m in MESSAGE_KEYS.values()]
                    by_message = tuple((p.ec2_min, p.ec2_desired, p.ec2_max) for p in plans)
                    key = _sizing_key(rate, a)
                    row_of.setdefault(case, {})[key] = rows.setdefault(by_message, case + key)
    return {"HostsRow": row_of} | {
        f"Hosts{field}": {row: {name: by_message[j][i] for j, name in enumerate(MESSAGE_KEYS)}
                          for by_message, row in rows.items()}
        for i, field in enumerate(HOST_FIELDS)}


def env_defaults() -> dict:
    return {
        env: {
            "MinHosts": d.ec2_min,
            "Webapps": d.webapps,
            "Coreapps": d.coreapps,
            "Masters": d.masters,
            "MultiAz": str(d.multi_az).lower(),
        }
        for env, d in data.ENV_DEFAULTS.items()
    }


def throughput() -> dict:
    """Per throughput: the shards it needs (same rule as wa-size), Webapps, and the backlog
    alarms' figures."""
    rows = {}
    for rate in THROUGHPUTS:
        row: dict[str, object] = {"Shards": str(_plan(rate=rate).shards),
                                  "CallbackBacklog": callback_backlog(_plan(rate=rate)),
                                  "MessageBacklog": message_backlog(_plan(rate=rate))}
        for env in data.ENVIRONMENTS:
            row[f"Webapps{env.title()}"] = _plan(rate=rate, env=env).webapps
        rows[str(rate)] = row
    return rows


def db_sizing() -> dict:
    """Per sizing key (throughput and active Coreapps, as the hosts): the DB class wa-size
    picks, its max_connections and the connections alarm's figure, per env type and DB
    connection encryption. The connections the client opens grow with the active Coreapps,
    so a throughput alone would keep a class too small for more shards."""
    rows = {}
    for rate in THROUGHPUTS:
        for a in ACTIVE_OPTIONS:
            row: dict[str, object] = {}
            for env in data.ENVIRONMENTS:
                for ssl, label in ((False, "Plain"), (True, "Ssl")):
                    p = _plan(int(a), rate, env=env, ssl=ssl)
                    row[f"DbClass{env.title()}{label}"] = p.db_rds_class
                    # what a class the user names must hold (the DbInstanceClass rules)
                    row[f"RequiredConnections{env.title()}{label}"] = p.required_connections
                    row[f"MaxConnections{env.title()}{label}"] = p.db_max_connections
                    row[f"DbConnectionsAlarm{env.title()}{label}"] = db_connections_alarm(
                        p.db_max_connections)
            rows[_sizing_key(rate, a)] = row
    return rows


def db_class_limits() -> dict:
    """A class the user names (DbInstanceClass): its max_connections with MySQL (the plain
    templates' engine) and the connections alarm's figure."""
    rows = {}
    for db_class in sorted(data.ALL_CLASSES, key=lambda c: c.rds_name):
        limit = rules.max_connections("mysql", db_class)
        if limit is not None:
            rows[db_class.rds_name] = {"MaxConnections": limit,
                                       "DbConnectionsAlarm": db_connections_alarm(limit)}
    return rows


def _by_message(value) -> dict:
    """{message type (aliases too): {throughput: value(plan)}}, the plans at default shards."""
    return {name: {str(rate): value(_plan(rate=rate, message_type=m)) for rate in THROUGHPUTS}
            for name, m in MESSAGE_KEYS.items()}


def host_type() -> dict:
    return _by_message(lambda p: p.host_type)


def coreapp_memory() -> dict:
    return _by_message(lambda p: p.coreapp_memory_mib)


def coreapp_cpu() -> dict:
    return _by_message(lambda p: p.coreapp_cpu_units)


def memory_scaling() -> dict:
    return {
        "Memory": {
            "ScaleOutPercent": data.SCALE_OUT_MEMORY_PCT,
            "ScaleInPercent": data.SCALE_IN_MEMORY_PCT,
            "PeriodSeconds": data.ALARM_PERIOD_S,
            "EvaluationPeriods": data.ALARM_EVALUATION_PERIODS,
            "CooldownSeconds": data.SCALING_COOLDOWN_S,
        }
    }


def computed() -> dict[str, dict]:
    """Every Mapping of the enterprise template, from the planner."""
    return {
        "CoreappsByShards": coreapps(),
        "SizingKey": sizing_keys(),
        "HostsLayout": hosts_layout(),
        **hosts(),
        "EnvDefaults": env_defaults(),
        "ByThroughput": throughput(),
        "DbSizing": db_sizing(),
        "DbClassLimits": db_class_limits(),
        "HostTypeByMessage": host_type(),
        "CoreappMemoryByMessage": coreapp_memory(),
        "CoreappCpuByMessage": coreapp_cpu(),
        "MemoryScaling": memory_scaling(),
    }


ROOT = Path(__file__).resolve().parent.parent
TABLE = Path(__file__).with_name("mappings.json")


def _module_file(name: str) -> Path | None:
    """The project's source file of module `name`, or None (not the project's)."""
    base = ROOT.joinpath(*name.split("."))
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


def sources() -> list[Path]:
    """The project's files computed() depends on: this one and what it imports, transitively
    (function-level imports and the packages' __init__ too)."""
    todo, found = [Path(__file__).resolve()], set()
    while todo:
        path = todo.pop()
        if path in found:
            continue
        found.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            for name in names:
                parts = name.split(".")
                for i in range(1, len(parts) + 1):  # a.b.c runs a and a.b first
                    located = _module_file(".".join(parts[:i]))
                    if located is not None:
                        todo.append(located)
    return sorted(found)


def _digests(paths) -> dict[str, str]:
    return {path.relative_to(ROOT).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in paths}


def _stored() -> dict[str, dict] | None:
    """The stored Mappings while every file they were computed from is unchanged, else None."""
    try:
        table = json.loads(TABLE.read_text(encoding="utf-8"))
        current = _digests(ROOT / name for name in table["sources"])
    except (OSError, ValueError, KeyError):  # missing, unreadable, or a source file gone
        return None
    return table["mappings"] if current == table["sources"] else None


def enterprise_mappings() -> dict[str, dict]:
    """The enterprise template's Mappings: stored while current, computed otherwise."""
    stored = _stored()
    return stored if stored is not None else computed()


def _bundle_files() -> list[Path]:
    """The files the probe's bundle holds (probe/bundle.py walks its imports), and
    probe/bundle.py itself, which writes the bundle around them."""
    from probe import bundle

    held = {ROOT / Path(module.replace(".", "/")).with_suffix(".py")
            if not package else ROOT / module.replace(".", "/") / "__init__.py"
            for module, (_, package) in bundle.modules().items()}
    return sorted(held | {Path(bundle.__file__).resolve()})


def probe_source() -> str:
    """The probe's index.py, stored beside the Mappings while every file it bundles is
    unchanged: the bundle parses them to follow their imports, a tenth of a render."""
    try:
        stored = json.loads(TABLE.read_text(encoding="utf-8"))["probe"]
        if _digests(ROOT / name for name in stored["sources"]) == stored["sources"]:
            return stored["text"]
    except (OSError, ValueError, KeyError):  # missing, unreadable, or a bundled file gone
        pass
    from probe.bundle import inline_source

    return inline_source()


def store(path: Path | None = None) -> bool:
    """Write the Mappings and the digests of their sources to `path` (default TABLE), and the
    probe's bundle with the digests of its files; False when it already held them."""
    from probe.bundle import inline_source

    path = TABLE if path is None else path
    text = json.dumps({"sources": _digests(sources()), "mappings": enterprise_mappings(),
                       "probe": {"sources": _digests(_bundle_files()),
                                 "text": inline_source()}},
                      indent=1) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
