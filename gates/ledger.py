"""The vendor runtime ledger's checks (contract/ledger.py) against a resolved rendering.

Each check reads the renderer-neutral view of gates/runtime.py, so one ledger holds both
renderings to the same decision; `problems` names every check that does not hold.
"""

from __future__ import annotations

import fnmatch
import re

from contract.ledger import (
    PRESENT,
    Agent,
    Boot,
    ClusterSetting,
    Command,
    Container,
    Env,
    HostGrant,
    Imds,
    LogDriver,
    Mount,
    Port,
    Secret,
    ServiceSetting,
    TaskGrant,
)


def _roles(view: dict, roles) -> list[tuple[str, dict]]:
    return [(r, view["roles"][r]) for r in roles if r in view["roles"]]


def _is(actual, wanted) -> bool:
    return actual not in (None, "", "None") if wanted is PRESENT else actual == wanted


def problem(check, view: dict) -> str | None:
    """Why `check` does not hold in `view` (gates.runtime.view), or None."""
    roles = getattr(check, "roles", ())
    if roles and len(_roles(view, roles)) != len(roles):
        return f"{check}: a role has no container"
    if isinstance(check, Env):
        bad = [r for r, v in _roles(view, roles)
               if not _is(v["environment"].get(check.name), check.value)]
    elif isinstance(check, Secret):
        bad = [r for r, v in _roles(view, roles) if (check.name in v["secrets"]) != check.present]
    elif isinstance(check, Command):
        bad = [r for r, v in _roles(view, roles) if tuple(v["command"]) != check.value]
    elif isinstance(check, Mount):
        bad = [r for r, v in _roles(view, roles)
               if (check.container_path in v["mounts"]) != check.present]
    elif isinstance(check, Port):
        bad = [r for r, v in _roles(view, roles)
               if (check.host_port is None) == any(p[0] == check.container_port
                                                   for p in v["ports"])
               or check.host_port is not None and (check.container_port, check.host_port,
                                                   "tcp") not in v["ports"]]
    elif isinstance(check, Container):
        bad = [] if (check.name in view["containers"]) == check.present else [check.name]
    elif isinstance(check, LogDriver):
        bad = [r for r, v in _roles(view, roles) if not _is(v["log_driver"], check.value)]
    elif isinstance(check, Agent):
        agent = view["host"].get("agent", {})
        bad = [] if (agent.get(check.key) is None if check.value is None
                     else _is(agent.get(check.key), check.value)) else [check.key]
    elif isinstance(check, Boot):
        found = any(re.search(check.pattern, line)
                    for line in view["boot_script"].splitlines())
        bad = [] if found == check.present else ["boot script"]
    elif isinstance(check, HostGrant):
        bad = [] if _granted(view["host"].get("role_grants", []), check.action) == check.present \
            else ["host role"]
    elif isinstance(check, TaskGrant):
        bad = [r for r, v in _roles(view, roles)
               if _granted(v["task_role"], check.action) != check.present]
    elif isinstance(check, Imds):
        bad = [] if view["host"].get("imds") == (check.http_tokens, check.hop_limit) \
            else ["host"]
    elif isinstance(check, ServiceSetting):
        bad = [r for r, v in _roles(view, roles) if not _is(v[check.key], check.value)]
    elif isinstance(check, ClusterSetting):
        actual = view["cluster"].get(check.key)
        holds = bool(actual) == check.present and (check.value is PRESENT
                                                   or actual == check.value)
        bad = [] if holds else [f"cluster ({actual!r})"]
    else:
        raise TypeError(f"not a ledger check: {check!r}")
    return f"{check} does not hold for {', '.join(bad)}" if bad else None


def _granted(grants: list[tuple], action: str) -> bool:
    if action.startswith("managed:"):
        return ("managed", action.removeprefix("managed:")) in grants
    return any(g[0] == "Allow" and fnmatch.fnmatchcase(g[1], action) for g in grants)


def problems(rendering) -> list[str]:
    """Every ledger check that does not hold in `rendering` (gates.renderings.Rendering), one
    line each naming the decision's facts."""
    from contract.ledger import LEDGER
    from gates import runtime

    view = runtime.view(rendering.deployment)
    view["boot_script"] = runtime.boot_script(rendering.deployment)
    view["cluster"]["flows_ok"] = rendering.verify().flows.ok
    found = []
    for decision in LEDGER:
        for check in decision.checks:
            reason = problem(check, view)
            if reason is not None:
                found.append(f"{decision.facts}: {reason}")
    return found
