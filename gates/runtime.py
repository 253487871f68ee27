"""Prove the rest of the contract on a resolved rendering: each role's container (image, ports,
environment, secrets, mounts) and each host's settings (agent, instance metadata, boot order,
the database's CA bundle).

`view` reduces a rendering to those facts with renderer-neutral values, so the CDK output and
the plain templates can be compared for the same inputs; `problems` compares one with the
contract.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

from contract.host import AGENT_SETTINGS, ECS_CONFIG, IMDS
from contract.roles import (
    NOT_SET,
    ROLES,
    VOLUMES,
    WA_DB_ENGINE_BY_ENGINE,
    environment_for,
    secrets_for,
)
from gates.cfn_resolve import Deployment, Pseudo, Ref, Text

STACK_NAME = "<stack name>"  # the value a stack gets for its own name, in any renderer
LOAD_BALANCER_DNS = "<AWS::ElasticLoadBalancingV2::LoadBalancer DNSName>"
CLUSTER = "<AWS::ECS::Cluster Ref>"
SSM_ARN = re.compile(r"^arn:aws[a-z-]*:ssm:[^:]+:[^:]+:parameter/[^/]+/(.+)$")


@dataclass(frozen=True)
class RuntimeInputs:
    """The deployment's choices the contract's values depend on."""

    region: str
    engine: str
    ssl: bool
    db_idle_timeout_ms: int
    ca_url: str
    registry: str
    image_tag: str
    # (memory MiB, CPU units) per role, from the plan; Coreapps one per host or not
    reservations: Mapping[str, tuple[int, int]]
    fleet: tuple[str, int, int, int]  # the plan's host type and EC2 min, desired, max
    isolate_coreapps: bool = False
    web_db_persistent: bool = True


def _text(value, stack_name: str | None = None) -> str:
    """A renderer-neutral string: symbols by their canonical form, the own stack's name as
    STACK_NAME, an SSM parameter ARN as <prefix>/<path below the prefix>."""
    if isinstance(value, Ref | Pseudo | Text):
        text = value.canonical()
    elif isinstance(value, bool):
        text = str(value).lower()
    else:
        text = str(value)
    if stack_name is not None and text == stack_name:
        return STACK_NAME
    match = SSM_ARN.match(text)
    return f"<prefix>/{match.group(1)}" if match else text


def _script(value) -> str:
    """User data as the shell sees it (symbols become placeholders without shell meaning)."""
    if isinstance(value, Text):
        return "".join(p if isinstance(p, str) else "SYMBOL" for p in value.parts)
    return value if isinstance(value, str) else "SYMBOL"


# --- the view -----------------------------------------------------------------------------------

def _tasks(deployment: Deployment) -> dict[str, tuple[object, dict]]:
    """Container name -> (its task definition resource, its container definition)."""
    found = {}
    for task in deployment.resources("AWS::ECS::TaskDefinition"):
        for container in task.properties.get("ContainerDefinitions", []):
            found[container["Name"]] = (task, container)
    return found


def _service_of(deployment: Deployment, task) -> dict:
    for service in deployment.resources("AWS::ECS::Service"):
        ref = service.properties.get("TaskDefinition")
        if isinstance(ref, Ref) and (ref.stack, ref.logical_id) == (task.stack, task.logical_id):
            return service.properties
    return {}


def _role_view(deployment: Deployment, task, container: dict, stack_name: str) -> dict:
    volumes = {v["Name"]: v.get("Host", {}).get("SourcePath")
               for v in task.properties.get("Volumes", [])}
    service = _service_of(deployment, task)
    return {
        "image": _text(container.get("Image")),
        "network_mode": task.properties.get("NetworkMode"),
        "memory_mib": int(container.get("MemoryReservation", 0)),
        "cpu_units": int(container.get("Cpu", 0)),
        "ports": sorted((int(p["ContainerPort"]), int(p.get("HostPort", 0)),
                         str(p.get("Protocol", "tcp")).lower())
                        for p in container.get("PortMappings", [])),
        "environment": {e["Name"]: _text(e.get("Value"), stack_name)
                        for e in container.get("Environment", [])},
        "secrets": {s["Name"]: _text(s.get("ValueFrom"), stack_name)
                    for s in container.get("Secrets", [])},
        "mounts": {m["ContainerPath"]: (volumes.get(m["SourceVolume"]), bool(m.get("ReadOnly")))
                   for m in container.get("MountPoints", [])},
        "log_driver": container.get("LogConfiguration", {}).get("LogDriver"),
        "desired": str(service.get("DesiredCount")),
        "one_per_host": any(c.get("Type") == "distinctInstance"
                            for c in service.get("PlacementConstraints", [])),
    }


def _agent_settings(script: str) -> list[tuple[str, str, int]]:
    """(key, value, line number) of every setting the script appends to the agent's config."""
    settings, heredoc = [], None
    for number, line in enumerate(script.splitlines()):
        stripped = line.strip()
        if heredoc is not None:
            if stripped == heredoc:
                heredoc = None
            elif "=" in stripped:
                key, _, value = stripped.partition("=")
                settings.append((key, value, number))
            continue
        match = re.match(rf"^cat >> {ECS_CONFIG} <<'?(\w+)'?$", stripped)
        if match:
            heredoc = match.group(1)
            continue
        match = re.match(rf"^echo (.+) >> {ECS_CONFIG}$", stripped)
        if match:
            words = shlex.split(match.group(1))
            key, _, value = " ".join(words).partition("=")
            settings.append((key, value, number))
    return settings


def _line_of(script: str, pattern: str) -> int | None:
    for number, line in enumerate(script.splitlines()):
        if re.search(pattern, line):
            return number
    return None


def _host_view(deployment: Deployment) -> dict:
    templates = {(t.stack, t.logical_id): t for t in
                 deployment.resources("AWS::EC2::LaunchTemplate")}
    views = []
    for group in deployment.resources("AWS::AutoScaling::AutoScalingGroup"):
        ref = group.properties.get("LaunchTemplate", {}).get("LaunchTemplateId")
        lt = templates.get((ref.stack, ref.logical_id)) if isinstance(ref, Ref) else None
        if lt is None:
            continue
        data = lt.properties["LaunchTemplateData"]
        user_data = data.get("UserData", "")
        script = _script(user_data)
        canonical = _text(user_data)
        settings = _agent_settings(canonical)
        ca = re.search(r"^db_ca_url='([^']*)'$", canonical, re.M)
        required = re.search(r"^db_ca_required='([^']*)'$", canonical, re.M)
        cluster_line = next((n for k, _, n in settings if k == "ECS_CLUSTER"), None)
        fetched = _line_of(script, r"^if fetch_db_ca; then")
        ready = [n for n in (_line_of(script, r"^mountpoint -q "), fetched) if n is not None]
        options = data.get("MetadataOptions", {})
        mount_targets = {(t.stack, t.logical_id)
                         for t in deployment.resources("AWS::EFS::MountTarget")}
        views.append({
            "fleet": (str(data.get("InstanceType")), *(
                int(float(group.properties.get(k, 0)))
                for k in ("MinSize", "DesiredCapacity", "MaxSize"))),
            "agent": {k: v for k, v, _ in settings},
            "imds": (options.get("HttpTokens"), int(options.get("HttpPutResponseHopLimit", 1))),
            "ca_url": ca.group(1) if ca else None,
            "ca_required": required.group(1) if required else None,
            "stops_on_error": bool(re.match(r"set -Eeuo pipefail\ntrap '.*shutdown -h .*' ERR\n",
                                            _body(script))),
            "joins_last": cluster_line is not None and len(ready) == 2
            and all(n < cluster_line for n in ready)
            and cluster_line == max(n for _, _, n in settings),
            "syntax_ok": _bash_syntax_ok(script),
            "after_mount_targets": mount_targets <= _depends_on(group),
        })
    return views[0] if len(views) == 1 else {"hosts": views}


def _depends_on(resource) -> set[tuple[str, str]]:
    """What CloudFormation creates before `resource`: its DependsOn and every resource its
    properties refer to."""
    found = {(resource.stack, name) for name in resource.depends_on}

    def walk(value) -> None:
        if isinstance(value, Ref):
            found.add((value.stack, value.logical_id))
        elif isinstance(value, Text):
            for part in value.parts:
                walk(part)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(resource.properties)
    return found


def _body(script: str) -> str:
    return script.split("\n", 1)[1] if script.startswith("#!") else script


def _bash_syntax_ok(script: str) -> bool:
    """bash's own parse of the script; a machine without bash (a Windows workstation)
    cannot check it and trusts the contract's tests, which run the script."""
    if shutil.which("bash") is None:
        return True
    result = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True,
                            timeout=30)
    return result.returncode == 0


def view(deployment: Deployment) -> dict:
    tasks = _tasks(deployment)
    roles = {}
    for role in ROLES:
        if role in tasks:
            task, container = tasks[role]
            roles[role] = _role_view(deployment, task, container,
                                     deployment.stacks[task.stack].name)
    return {"roles": roles, "host": _host_view(deployment)}


# --- against the contract -------------------------------------------------------------------------

def expected_role(role: str, inputs: RuntimeInputs) -> dict:
    spec = ROLES[role]
    values = {
        "region": inputs.region,
        "stack_name": STACK_NAME,
        "db_engine": WA_DB_ENGINE_BY_ENGINE[inputs.engine],
        "db_idle_timeout_ms": str(inputs.db_idle_timeout_ms),
        "load_balancer_dns": LOAD_BALANCER_DNS,
        "web_db_persistent": "1" if inputs.web_db_persistent else "0",
    }
    holds = {"ssl": inputs.ssl}
    return {
        "image": f"{inputs.registry}/{spec.image}:{inputs.image_tag}",
        "network_mode": "bridge",
        "memory_mib": inputs.reservations[role][0],
        "cpu_units": inputs.reservations[role][1],
        "one_per_host": spec.one_per_host or (role == "coreapp" and inputs.isolate_coreapps),
        "ports": sorted((p, 0, "tcp") for p in spec.container_ports),
        "environment": {v.name: str(v.render(values)) for v in environment_for(role)
                        if v.when is None or holds[v.when]},
        "secrets": {s.name: ("<AWS::SecretsManager::Secret Ref>" if s.source == "jwt-key"
                             else f"<prefix>/db/{s.source.removeprefix('db:')}")
                    for s in secrets_for(role)},
        "mounts": {v.container_path: (v.host_path, v.read_only) for v in VOLUMES},
    }


def expected_host(inputs: RuntimeInputs) -> dict:
    return {
        "fleet": inputs.fleet,
        "agent": {s.key: CLUSTER if s.value == "{cluster}" else s.value for s in AGENT_SETTINGS},
        "imds": (IMDS.http_tokens, IMDS.hop_limit),
        "ca_url": inputs.ca_url,
        "ca_required": "yes" if inputs.ssl else "no",
        "stops_on_error": True,
        "joins_last": True,
        "syntax_ok": True,
        "after_mount_targets": True,
    }


def problems(deployment: Deployment, inputs: RuntimeInputs) -> list[str]:
    """Every way the rendering differs from the contract, one line each (empty: it holds)."""
    seen = view(deployment)
    found = []
    for role in ROLES:
        actual = seen["roles"].get(role)
        if actual is None:
            found.append(f"{role}: no container of that name")
            continue
        for key, wanted in expected_role(role, inputs).items():
            found += [f"{role}: {line}" for line in _differences(key, actual[key], wanted)]
        unwanted = sorted(set(actual["environment"]) & {n for n in NOT_SET if " " not in n})
        if unwanted:
            found.append(f"{role}: sets {', '.join(unwanted)} (AWS mode reads the metadata)")
    for key, wanted in expected_host(inputs).items():
        found += [f"host: {line}" for line in _differences(key, seen["host"].get(key), wanted)]
    return found


def _differences(key: str, actual, wanted) -> list[str]:
    if actual == wanted:
        return []
    if not (isinstance(actual, dict) and isinstance(wanted, dict)):
        return [f"{key} is {actual!r}, the contract says {wanted!r}"]
    lines = [f"{key} {name} is missing (the contract says {wanted[name]!r})"
             for name in wanted if name not in actual]
    lines += [f"{key} {name} is not in the contract" for name in actual if name not in wanted]
    lines += [f"{key} {name} is {actual[name]!r}, the contract says {wanted[name]!r}"
              for name in wanted if name in actual and actual[name] != wanted[name]]
    return lines
