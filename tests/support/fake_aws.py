"""A stand-in `aws` command for running printed shell steps: it parses each call the way the
AWS CLI does (the operation, waiter and option names come from botocore's service models, so
a misspelt or unknown one is refused), answers from a small world kept in a JSON file, and
logs each call as the API operation and parameters it amounts to.

Run as a script: `python fake_aws.py STATE_DIR aws-arguments...`; STATE_DIR holds spec.json
(from `write_spec`), world.json (the resources) and calls.jsonl (the log, written here).
`install` puts `aws`, `wa-deploy` and `wa-shards` on a bin directory: the two wa- commands
only log their arguments (and the environment variables named in FAKE_LOGGED_ENV).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SERVICES = ("rds", "ecs", "backup", "secretsmanager")
GLOBAL = ("--region", "--profile", "--query", "--output")
OUTPUTS = ("json", "text", "table", "yaml", "yaml-stream")
REFUSED = 252  # the AWS CLI's exit code for a command it cannot parse


# --- the spec: botocore's models, as the AWS CLI names them ------------------------------------
def _param(shape) -> dict:
    kind = shape.type_name
    entry = {"type": kind}
    if kind == "list":
        entry["member"] = shape.member.type_name
        if shape.member.type_name == "structure":
            entry["keys"] = list(shape.member.members)
    return entry


def write_spec(path: Path) -> None:
    """Every operation and waiter of SERVICES with its options, as `aws` spells them."""
    import botocore.session
    from botocore import xform_name
    from botocore.exceptions import UnknownServiceError

    session = botocore.session.get_session()
    spec = {}
    for service in SERVICES:
        model = session.get_service_model(service)
        operations = {}
        for name in model.operation_names:
            shape = model.operation_model(name).input_shape
            members = shape.members if shape else {}
            operations[xform_name(name, "-")] = {
                "api": name,
                "params": {xform_name(m, "-"): {"name": m, **_param(s)}
                           for m, s in members.items()},
                "required": list(shape.required_members) if shape else []}
        try:
            waiters = session.get_waiter_model(service)
        except UnknownServiceError:  # a service without waiters
            waiters = None
        spec[service] = {
            "operations": operations,
            "waiters": {xform_name(w, "-"): {"api": w, "operation": xform_name(
                waiters.get_waiter(w).operation, "-")} for w in waiters.waiter_names}
            if waiters else {}}
    path.write_text(json.dumps(spec))


def install(bin_dir: Path, state: Path, world: dict) -> None:
    bin_dir.mkdir(parents=True, exist_ok=True)
    (state / "world.json").write_text(json.dumps(world))
    (state / "calls.jsonl").touch()
    scripts = {
        "aws": f'exec {sys.executable} {Path(__file__).resolve()} {state} "$@"',
        "wa-deploy": _logging("wa-deploy", state) + (
            '\n[ "$1 $2" = "alarms mute" ] && echo "WaInfra-Alarm-1 WaInfra-Alarm-2"; exit 0'),
        "wa-shards": _logging("wa-shards", state),
    }
    for name, body in scripts.items():
        script = bin_dir / name
        script.write_text("#!/bin/bash\n" + body + "\n")
        script.chmod(0o755)


def _logging(name: str, state: Path) -> str:
    """A shell line appending {"command": name, "argv": [...], "env": {...}} to the log."""
    return (f'{sys.executable} -I -S -c "import json, os, sys; '
            "print(json.dumps({'command': sys.argv[1], 'argv': sys.argv[2:], 'env': "
            "{k: os.environ.get(k) for k in os.environ.get('FAKE_LOGGED_ENV', '').split()}}))"
            f'" {name} "$@" >> {state}/calls.jsonl')


def calls(state: Path) -> list[dict]:
    return [json.loads(line) for line in (state / "calls.jsonl").read_text().splitlines()]


# --- the command line -------------------------------------------------------------------------
class Refused(Exception):
    """What the AWS CLI would refuse (exit 252), or an answer the world cannot give."""


def _value(entry: dict, words: list[str], option: str):
    kind = entry["type"]
    if kind == "boolean":
        return None  # a flag: set by its name
    if not words:
        raise Refused(f"{option} expects a value")
    if kind == "list":
        return [_item(entry, word) for word in words]
    if len(words) != 1:
        raise Refused(f"{option} takes one value, got {words}")
    if kind in ("integer", "long"):
        return int(words[0])
    return words[0]


def _item(entry: dict, word: str):
    if entry["member"] != "structure":
        return word
    item = dict(part.split("=", 1) for part in word.split(","))
    unknown = set(item) - set(entry["keys"])
    if unknown:
        raise Refused(f"unknown keys {sorted(unknown)} in {word!r}")
    return {k: int(v) if v.isdigit() else v for k, v in item.items()}


def parse(spec: dict, argv: list[str]) -> tuple[str, str, dict, dict]:
    """(service, API operation or waiter, {API parameter: value}, {global option: value})."""
    if len(argv) < 2 or argv[0] not in spec:
        raise Refused(f"unknown service in {argv[:2]}")
    service, words = spec[argv[0]], argv[1:]
    if words[0] == "wait":
        waiter = service["waiters"].get(words[1] if len(words) > 1 else "")
        if waiter is None:
            raise Refused(f"unknown waiter {words[1:2]}")
        operation, name, words = service["operations"][waiter["operation"]], waiter["api"], \
            words[2:]
    else:
        operation = service["operations"].get(words[0])
        if operation is None:
            raise Refused(f"unknown operation {words[0]!r} of {argv[0]}")
        name, words = operation["api"], words[1:]
    params, options, i = {}, {}, 0
    while i < len(words):
        option = words[i]
        j = i + 1
        while j < len(words) and not words[j].startswith("--"):
            j += 1
        values = words[i + 1:j]
        if option in GLOBAL:
            if len(values) != 1:
                raise Refused(f"{option} takes one value")
            options[option[2:]] = values[0]
        elif option.startswith("--no-") and option[5:] in operation["params"] and not values:
            params[operation["params"][option[5:]]["name"]] = False
        elif option[2:] in operation["params"]:
            entry = operation["params"][option[2:]]
            value = _value(entry, values, option)
            if entry["type"] == "boolean":
                if values:
                    raise Refused(f"{option} is a flag, given {values}")
                value = True
            params[entry["name"]] = value
        else:
            raise Refused(f"unknown option {option!r} of {argv[0]} {argv[1]}")
        i = j
    if options.get("output", "json") not in OUTPUTS:
        raise Refused(f"--output {options['output']}: allowed {', '.join(OUTPUTS)}")
    missing = [m for m in operation["required"] if m not in params]
    if missing:
        raise Refused(f"{name} needs {missing}")
    return argv[0], name, params, options


def text(value) -> str:
    """--output text: scalars as Python prints them, a list's items tab-separated."""
    if isinstance(value, list):
        if value and all(isinstance(v, list) for v in value):
            return "\n".join(text(v) for v in value)
        return "\t".join(text(v) for v in value)
    return str(value)


# --- the world's answers ----------------------------------------------------------------------
def _one(items: list[dict], key: str, value: str, what: str) -> dict:
    found = [item for item in items if item[key] == value]
    if not found:
        raise Refused(f"{what} {value} not found")
    return found[0]


def answer(world: dict, service: str, name: str, p: dict):
    """The API's answer to one call (the world changed as the call would change it)."""
    instances, clusters = world.setdefault("instances", []), world.setdefault("clusters", [])
    snapshots = world.setdefault("snapshots", [])
    cluster_snapshots = world.setdefault("cluster_snapshots", [])
    world["clock"] = world.get("clock", 0) + 1
    now = f"2026-11-25T10:{world['clock']:02d}:00+00:00"
    if service == "rds":
        if name == "CreateDBSnapshot":
            _one(instances, "DBInstanceIdentifier", p["DBInstanceIdentifier"], "instance")
            snapshots.append({"DBSnapshotIdentifier": p["DBSnapshotIdentifier"],
                              "DBInstanceIdentifier": p["DBInstanceIdentifier"],
                              "SnapshotType": "manual", "SnapshotCreateTime": now,
                              "TagList": p.get("Tags", [])})
            return {"DBSnapshot": snapshots[-1]}
        if name == "CreateDBClusterSnapshot":
            _one(clusters, "DBClusterIdentifier", p["DBClusterIdentifier"], "cluster")
            cluster_snapshots.append({
                "DBClusterSnapshotIdentifier": p["DBClusterSnapshotIdentifier"],
                "DBClusterIdentifier": p["DBClusterIdentifier"], "SnapshotType": "manual",
                "SnapshotCreateTime": now, "TagList": p.get("Tags", [])})
            return {"DBClusterSnapshot": cluster_snapshots[-1]}
        if name == "DBSnapshotAvailable":
            return _one(snapshots, "DBSnapshotIdentifier", p["DBSnapshotIdentifier"], "snapshot")
        if name == "DBClusterSnapshotAvailable":
            return _one(cluster_snapshots, "DBClusterSnapshotIdentifier",
                        p["DBClusterSnapshotIdentifier"], "cluster snapshot")
        if name == "DescribeDBSnapshots":
            return {"DBSnapshots": [s for s in snapshots if s["DBInstanceIdentifier"] == p.get(
                "DBInstanceIdentifier") and s["SnapshotType"] == p.get("SnapshotType")]}
        if name == "DescribeDBClusterSnapshots":
            return {"DBClusterSnapshots": [
                s for s in cluster_snapshots if s["DBClusterIdentifier"] == p.get(
                    "DBClusterIdentifier") and s["SnapshotType"] == p.get("SnapshotType")]}
        if name in ("DescribeDBInstances", "DBInstanceAvailable"):
            return {"DBInstances": [_one(instances, "DBInstanceIdentifier",
                                         p["DBInstanceIdentifier"], "instance")]}
        if name == "RestoreDBInstanceFromDBSnapshot":
            _one(snapshots, "DBSnapshotIdentifier", p["DBSnapshotIdentifier"], "snapshot")
            instances.append({"DBInstanceIdentifier": p["DBInstanceIdentifier"],
                              "DBInstanceStatus": "creating", "InstanceCreateTime": now})
            return {"DBInstance": instances[-1]}
        if name == "ModifyDBInstance":
            instance = _one(instances, "DBInstanceIdentifier", p["DBInstanceIdentifier"],
                            "instance")
            if "NewDBInstanceIdentifier" in p:
                if any(i["DBInstanceIdentifier"] == p["NewDBInstanceIdentifier"]
                       for i in instances):
                    raise Refused(f"DBInstanceAlreadyExists: {p['NewDBInstanceIdentifier']}")
                instance["DBInstanceIdentifier"] = p["NewDBInstanceIdentifier"]
            instance["DBInstanceStatus"] = "modifying"
            return {"DBInstance": instance}
    if service == "backup":
        if name == "StartBackupJob":
            return {"BackupJobId": "job-0d1e2f"}
        if name == "DescribeBackupJob":
            if p["BackupJobId"] != "job-0d1e2f":
                raise Refused(f"backup job {p['BackupJobId']} not found")
            return {"BackupJobId": p["BackupJobId"], "State": "COMPLETED"}
    if service == "secretsmanager" and name == "GetSecretValue":
        return {"SecretString": world["secrets"][p["SecretId"]]}
    if service == "ecs":
        return _ecs(world, name, p)
    raise Refused(f"the fake has no answer for {service} {name}")


def _ecs(world: dict, name: str, p: dict):
    if p.get("cluster") != world["cluster"]:
        raise Refused(f"cluster {p.get('cluster')} not found")
    services = world["services"]  # {arn: desired count}
    if name == "RunTask":
        world["task"] = f"arn:aws:ecs:us-east-1:123456789012:task/{p['cluster']}/0a1b2c"
        return {"tasks": [{"taskArn": world["task"]}], "failures": []}
    if name in ("TasksStopped", "DescribeTasks"):
        if p["tasks"] != [world.get("task")]:
            raise Refused(f"tasks {p['tasks']} not found")
        return {"tasks": [{"taskArn": world["task"], "lastStatus": "STOPPED",
                           "containers": [{"exitCode": 0}]}]}
    if name == "ListServices":
        return {"serviceArns": list(services)}
    if name in ("DescribeServices", "ServicesStable"):
        named = {arn.rsplit("/", 1)[1]: arn for arn in services}
        found = [named.get(s, s) for s in p["services"]]
        if any(arn not in services for arn in found):
            raise Refused(f"services {p['services']} not found")
        return {"services": [{"serviceArn": arn, "serviceName": arn.rsplit("/", 1)[1],
                              "desiredCount": services[arn]} for arn in found]}
    if name == "UpdateService":
        if p["service"] not in services:
            raise Refused(f"service {p['service']} not found")
        services[p["service"]] = p["desiredCount"]
        return {"service": {"serviceName": p["service"].rsplit("/", 1)[1]}}
    raise Refused(f"the fake has no answer for ecs {name}")


def main(state: Path, argv: list[str]) -> int:
    import jmespath

    try:
        service, name, params, options = parse(json.loads((state / "spec.json").read_text()),
                                               argv)
    except Refused as refused:
        print(f"aws: error: {refused}", file=sys.stderr)
        _log(state, {"command": "aws", "refused": str(refused), "argv": argv})
        return REFUSED
    _log(state, {"command": "aws", "service": service, "operation": name, "params": params,
                 "region": options.get("region"), "profile": options.get("profile")})
    world = json.loads((state / "world.json").read_text())
    try:
        result = answer(world, service, name, params)
    except Refused as refused:
        print(f"An error occurred: {refused}", file=sys.stderr)
        _log(state, {"command": "aws", "failed": str(refused), "argv": argv})
        return 254
    (state / "world.json").write_text(json.dumps(world))
    if "query" in options:
        result = jmespath.search(options["query"], result)
    if options.get("output") == "text":
        print(text(result))
    else:
        print(json.dumps(result))
    return 0


def _log(state: Path, entry: dict) -> None:
    with (state / "calls.jsonl").open("a") as log:
        log.write(json.dumps(entry) + "\n")


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
