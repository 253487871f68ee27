"""Prove the rest of the contract on a resolved rendering: each role's container (image, ports,
environment, secrets, mounts) and each host's settings (agent, instance metadata, boot order,
the database's CA bundle).

`view` reduces a rendering to those facts with renderer-neutral values, so the CDK output and
the plain templates can be compared for the same inputs; `problems` compares one with the
contract.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

from contract import roles as client
from contract.host import AGENT_SETTINGS, ECS_CONFIG, IMDS, file_system_policy
from gates.cfn_resolve import Deployment, Pseudo, Ref, Text

# The deployment's name in any renderer (the CDK prefix, the plain root stack's name): the
# first segment of the DB settings' parameter path, which both renderings derive from it.
DEPLOYMENT_NAME = "<deployment name>"
PASSWORD_PARAMETER = "<password parameter>"
PARAMETERS_KEY = "<parameters key>"  # the key the DB settings resource writes with
HOST_ROLE = "<host role>"  # the role of the hosts' instance profile
LOAD_BALANCER_DNS = "<AWS::ElasticLoadBalancingV2::LoadBalancer DNSName>"
CLUSTER = "<AWS::ECS::Cluster Ref>"
EFS_ARN = re.compile(r"^arn:aws[a-z-]*:elasticfilesystem:[^:]+:[0-9]+:file-system/"
                     r"<AWS::EFS::FileSystem Ref>$")
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


def _text(value, name: str | None = None) -> str:
    """A renderer-neutral string: symbols by their canonical form, the deployment's `name` as
    DEPLOYMENT_NAME, its password parameter (or that parameter's ARN) as PASSWORD_PARAMETER,
    an SSM parameter ARN under a path as <prefix>/<path below the prefix>."""
    if isinstance(value, Ref | Pseudo | Text):
        text = value.canonical()
    elif isinstance(value, bool):
        text = str(value).lower()
    else:
        text = str(value)
    if name is not None:
        if text == name:
            return DEPLOYMENT_NAME
        if text == client.password_parameter_name(name) or text.endswith(
                f":parameter/{client.password_parameter_name(name)}"):
            return PASSWORD_PARAMETER
    match = SSM_ARN.match(text)
    if match:
        return f"<prefix>/{match.group(1)}"
    # the plain templates build the file system's ARN from its id
    return EFS_ARN.sub("<AWS::EFS::FileSystem Arn>", text)


def deployment_name(deployment: Deployment) -> str | None:
    """The deployment's name, read from its DB settings' parameter path ("/<name>/db")."""
    for resource in deployment.resources("Custom::DbSettings"):
        path = resource.properties.get("ParameterPath")
        if isinstance(path, str) and path.count("/") == 2:
            return path.split("/")[1]
    return None


def _statements(deployment: Deployment, role_ref, name: str | None) -> list[tuple]:
    """A role's grants, renderer-neutral: (action, resource, condition) sorted, from its
    inline policies and the separate policies attached to it."""
    if not isinstance(role_ref, Ref):
        return []
    role = deployment.resource(role_ref)
    documents = [p["PolicyDocument"] for p in role.properties.get("Policies", [])]
    for policy in deployment.resources("AWS::IAM::Policy"):
        roles = policy.properties.get("Roles", [])
        if any(isinstance(r, Ref) and (r.stack, r.logical_id) == (role.stack, role.logical_id)
               for r in roles):
            documents.append(policy.properties["PolicyDocument"])
    keys = [r.properties.get("KmsKeyId") for r in deployment.resources("Custom::DbSettings")]
    return _grants([s for d in documents for s in d["Statement"]], name, keys)


def _grants(statements: list[dict], name: str | None, keys=()) -> list[tuple]:
    """(effect, action, resource, condition) of each grant; a resource among `keys` (the DB
    settings' key) as PARAMETERS_KEY."""
    found = set()
    for statement in statements:
        actions = statement["Action"]
        resources = statement.get("Resource", [])
        condition = statement.get("Condition")
        condition = (json.dumps(condition, sort_keys=True, default=lambda v: _text(v, name))
                     if condition else None)
        for action in [actions] if isinstance(actions, str) else actions:
            for resource in resources if isinstance(resources, list) else [resources]:
                shown = PARAMETERS_KEY if resource in keys else _text(resource, name)
                found.add((statement["Effect"], action, shown, condition))
    return sorted(found)


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


def _service_resource(deployment: Deployment, task):
    for service in deployment.resources("AWS::ECS::Service"):
        ref = service.properties.get("TaskDefinition")
        if isinstance(ref, Ref) and (ref.stack, ref.logical_id) == (task.stack, task.logical_id):
            return service
    return None


def _service_of(deployment: Deployment, task) -> dict:
    service = _service_resource(deployment, task)
    return {} if service is None else service.properties


def _role_view(deployment: Deployment, task, container: dict, stack_name: str) -> dict:
    volumes = {v["Name"]: v.get("Host", {}).get("SourcePath")
               for v in task.properties.get("Volumes", [])}
    service = _service_of(deployment, task)
    grace = service.get("HealthCheckGracePeriodSeconds")
    return {
        "command": [str(c) for c in container.get("Command", [])],
        "container_health_check": bool(container.get("HealthCheck")),
        "ulimits": bool(container.get("Ulimits")),
        "spread": [s.get("Field") for s in service.get("PlacementStrategies", [])
                   if s.get("Type") == "spread"] == ["attribute:ecs.availability-zone",
                                                     "instanceId"],
        "deployment": (service.get("DeploymentConfiguration", {}).get("MinimumHealthyPercent"),
                       service.get("DeploymentConfiguration", {}).get("MaximumPercent")),
        "task_role": _statements(deployment, task.properties.get("TaskRoleArn"), stack_name),
        "health_check_grace_s": None if grace is None else int(grace),
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
            "role_grants": _host_role_grants(deployment, data),
        })
    return views[0] if len(views) == 1 else {"hosts": views}


def boot_script(deployment: Deployment) -> str:
    """The hosts' user data as the shell sees it (one launch template per rendering)."""
    return "\n".join(_script(t.properties["LaunchTemplateData"].get("UserData", ""))
                     for t in deployment.resources("AWS::EC2::LaunchTemplate"))


def _profile_roles(deployment: Deployment, data: dict) -> list[Ref]:
    """The roles of a launch template's instance profile (`data`: its LaunchTemplateData)."""
    arn = data.get("IamInstanceProfile", {}).get("Arn")
    if not isinstance(arn, Ref):
        return []
    return [r for r in deployment.resource(arn).properties.get("Roles", [])
            if isinstance(r, Ref)]


def _host_roles(deployment: Deployment) -> set[tuple[str, str]]:
    """(stack, logical id) of the roles the launch templates' instance profiles carry."""
    return {(r.stack, r.logical_id)
            for t in deployment.resources("AWS::EC2::LaunchTemplate")
            for r in _profile_roles(deployment, t.properties["LaunchTemplateData"])}


def _host_role_grants(deployment: Deployment, data: dict) -> list[tuple]:
    """The host role's grants, through the launch template's instance profile; its managed
    policies as ("managed", <policy name>)."""
    grants = []
    for role_ref in _profile_roles(deployment, data):
        grants += _statements(deployment, role_ref, None)
        grants += [("managed", _text(m).rsplit("/", 1)[-1]) for m in
                   deployment.resource(role_ref).properties.get("ManagedPolicyArns", [])]
    return sorted(grants, key=str)


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


def _cluster_view(deployment: Deployment, name: str | None) -> dict:
    """What the client's start depends on beside its containers: the password parameter the
    DB settings resource writes, the cluster's default capacity provider, the file system's
    policy."""
    copies = [(_text(c.get("Name"), name), c.get("From"))
              for r in deployment.resources("Custom::DbSettings")
              for c in r.properties.get("Copies", [])]
    strategies = [[(_text(s.get("CapacityProvider")), int(s.get("Weight", 0)))
                   for s in a.properties.get("DefaultCapacityProviderStrategy", [])]
                  for a in deployment.resources("AWS::ECS::ClusterCapacityProviderAssociations")]
    hosts = _host_roles(deployment)

    def shown(value):
        if isinstance(value, Ref) and (value.stack, value.logical_id) in hosts:
            return HOST_ROLE
        return _text(value, name)

    policies = [json.loads(json.dumps(f.properties.get("FileSystemPolicy"), default=shown))
                for f in deployment.resources("AWS::EFS::FileSystem")]
    scaling = sorted((a.properties.get("ComparisonOperator"), float(a.properties["Threshold"]),
                      int(a.properties.get("Period", 0)),
                      int(a.properties.get("EvaluationPeriods", 0)))
                     for a in deployment.resources("AWS::CloudWatch::Alarm")
                     if a.properties.get("MetricName") == "MemoryReservation"
                     and a.properties.get("Namespace") == "AWS/ECS")
    return {"password_copies": copies, "default_strategy": strategies,
            "file_system_policies": policies, "memory_scaling": scaling}


def _add_roll_order(deployment: Deployment, tasks: dict, roles: dict) -> None:
    """Each client role's "after": the roles whose service CloudFormation must have created
    (or updated) before this role's service, through DependsOn or a reference."""
    services = {role: _service_resource(deployment, tasks[role][0])
                for role in client.ROLES if role in tasks}
    keys = {role: (s.stack, s.logical_id) for role, s in services.items() if s is not None}
    for role, service in services.items():
        before = _depends_on(service) if service is not None else set()
        roles[role]["after"] = [other for other, key in keys.items() if key in before]


def view(deployment: Deployment) -> dict:
    tasks = _tasks(deployment)
    name = deployment_name(deployment)
    roles = {}
    for role in (*client.ROLES, client.DB_UPGRADE.name):
        if role in tasks:
            task, container = tasks[role]
            roles[role] = _role_view(deployment, task, container, name)
    _add_roll_order(deployment, tasks, roles)
    return {"roles": roles, "containers": sorted(tasks), "host": _host_view(deployment),
            "cluster": _cluster_view(deployment, name)}


# --- against the contract -------------------------------------------------------------------------

def expected_role(role: str, inputs: RuntimeInputs) -> dict:
    spec = client.ROLES[role]
    values = {
        "region": inputs.region,
        "stack_name": DEPLOYMENT_NAME,
        "db_engine": client.WA_DB_ENGINE_BY_ENGINE[inputs.engine],
        "db_idle_timeout_ms": str(inputs.db_idle_timeout_ms),
        "load_balancer_dns": LOAD_BALANCER_DNS,
        "web_db_persistent": "1" if inputs.web_db_persistent else "0",
    }
    holds = {"ssl": inputs.ssl}
    return {
        "command": list(spec.command),
        "task_role": _grants(
            client.client_task_statements(PASSWORD_PARAMETER, PARAMETERS_KEY), None),
        "health_check_grace_s": client.WEB_HEALTH_CHECK_GRACE_S if role == "web" else None,
        "image": f"{inputs.registry}/{spec.image}:{inputs.image_tag}",
        "network_mode": "bridge",
        "memory_mib": inputs.reservations[role][0],
        "cpu_units": inputs.reservations[role][1],
        "one_per_host": spec.one_per_host or (role == "coreapp" and inputs.isolate_coreapps),
        "after": [spec.after] if spec.after else [],
        "ports": sorted((p, 0, "tcp") for p in spec.container_ports),
        "environment": {v.name: str(v.render(values)) for v in client.environment_for(role)
                        if v.when is None or holds[v.when]},
        "secrets": {s.name: ("<AWS::SecretsManager::Secret Ref>" if s.source in client.GENERATED
                             else f"<prefix>/db/{s.source.removeprefix('db:')}")
                    for s in client.secrets_for(role)},
        "mounts": {v.container_path: (v.host_path, v.read_only) for v in client.VOLUMES},
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


def expected_cluster() -> dict:
    return {
        "password_copies": [(PASSWORD_PARAMETER, "password")],
        "default_strategy": [[("<AWS::ECS::CapacityProvider Ref>", 1)]],
    }


def expected_upgrade_task(inputs: RuntimeInputs) -> dict | None:
    """The one-off upgrade task's command and grants, or None where none is rendered."""
    if inputs.engine not in client.DB_UPGRADE.engines:
        return None
    return {"command": list(client.DB_UPGRADE.command(inputs.engine)), "task_role": []}


def problems(deployment: Deployment, inputs: RuntimeInputs) -> list[str]:
    """Every way the rendering differs from the contract, one line each (empty: it holds)."""
    seen = view(deployment)
    found = []
    for role in client.ROLES:
        actual = seen["roles"].get(role)
        if actual is None:
            found.append(f"{role}: no container of that name")
            continue
        for key, wanted in expected_role(role, inputs).items():
            found += [f"{role}: {line}" for line in _differences(key, actual[key], wanted)]
        unwanted = sorted(set(actual["environment"]) & {n for n in client.NOT_SET if " " not in n})
        if unwanted:
            found.append(f"{role}: sets {', '.join(unwanted)} (AWS mode reads the metadata)")
    for key, wanted in expected_host(inputs).items():
        found += [f"host: {line}" for line in _differences(key, seen["host"].get(key), wanted)]
    for key, wanted in expected_cluster().items():
        found += [f"cluster: {line}"
                  for line in _differences(key, seen["cluster"].get(key), wanted)]
    policy = json.loads(json.dumps(file_system_policy(HOST_ROLE)))
    found += [f"cluster: file system policy is {actual!r}, the contract says {policy!r}"
              for actual in seen["cluster"]["file_system_policies"] if actual != policy]
    upgrade, wanted = seen["roles"].get(client.DB_UPGRADE.name), expected_upgrade_task(inputs)
    if (upgrade is None) != (wanted is None):
        found.append(f"{client.DB_UPGRADE.name}: {'missing' if upgrade is None else 'rendered'} "
                     f"with engine {inputs.engine}")
    elif wanted is not None:
        for key, value in wanted.items():
            found += [f"{client.DB_UPGRADE.name}: {line}"
                      for line in _differences(key, upgrade[key], value)]
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
