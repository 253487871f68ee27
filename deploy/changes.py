"""What a deploy would do to each resource, read offline from the deployed and the new
template: add, modify, replace or remove, and which property forces a replacement.

CloudFormation's change sets say the same when they can (Replacement True/Conditional); this
analysis needs no account, works against the local endpoint (moto's change sets carry no
Replacement), and is the first opinion wa-deploy asks for before it touches anything.
Replacement comes from the resource types' registry schemas (createOnlyProperties, shipped
with cfn-lint), a small table of facts the schemas leave out, a change of type under the same
logical id, and a create-only property that names a resource being replaced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

# What wa-deploy refuses to replace or remove unless asked (--allow-replace LOGICAL_ID): the
# data, what opens it, and the name every API client uses.
PROTECTED: dict[str, str] = {
    "AWS::RDS::DBInstance": "the database",
    "AWS::RDS::DBCluster": "the database",
    "AWS::EFS::FileSystem": "the media and data file system",
    "AWS::KMS::Key": "a key that encrypts data",
    "AWS::SecretsManager::Secret": "a secret (the DB credentials or the API's signing key)",
    "AWS::Logs::LogGroup": "a log group and its logs",
    "AWS::ElasticLoadBalancingV2::LoadBalancer": "the load balancer (its DNS name is what API "
    "clients use)",
}
# Replacements the registry schemas do not list. Source: RDS cannot turn one engine into
# another (a MySQL instance cannot become PostgreSQL): a different Engine is a new, empty
# database, restored at best from a snapshot.
ALSO_REPLACED_BY: dict[str, tuple[str, ...]] = {
    "AWS::RDS::DBInstance": ("Engine",),
    "AWS::RDS::DBCluster": ("Engine",),
}
# Changes that keep the resource but interrupt it: shown as maintenance events.
MAINTENANCE: dict[tuple[str, str], str] = {
    ("AWS::RDS::DBInstance", "DBInstanceClass"): "the database restarts on its new class "
    "(Multi-AZ: a failover of 1-2 minutes; Single-AZ: several minutes of downtime)",
    ("AWS::RDS::DBInstance", "EngineVersion"): "the database restarts on the new version",
}

# Types CloudFormation replaces on (nearly) every change by design, where the replacement is
# the routine way to change them: shown as such, not as the loss of something.
REVISIONS: dict[str, str] = {
    "AWS::ECS::TaskDefinition": "a new task definition revision; the services that use it "
    "roll their tasks onto it",
}


@dataclass(frozen=True)
class ResourceChange:
    stack: str
    logical_id: str
    type: str
    action: str  # "add" | "modify" | "replace" | "remove"
    properties: tuple[str, ...] = ()  # what changed (modify), or what forces it (replace)
    note: str = ""
    # (path, deployed value, new value) for each value that differs; ABSENT where one side
    # has none. Shown in the preview; two changes with the same verdict compare equal.
    values: tuple[tuple[str, object, object], ...] = field(default=(), compare=False)

    @property
    def revision(self) -> bool:
        """A replacement that is the routine way to change this type (a task definition)."""
        return self.action == "replace" and self.type in REVISIONS

    @property
    def protected(self) -> bool:
        return self.type in PROTECTED and self.action in ("replace", "remove")

    def line(self) -> str:
        what = f"{self.stack}/{self.logical_id} ({self.type})"
        if self.action == "replace":
            because = ", ".join(self.properties)
            return f"replace {what}: {because} forces a new resource{self.note}"
        if self.action == "modify":
            return f"modify  {what}: {', '.join(self.properties)}{self.note}"
        return f"{self.action:<7} {what}{self.note}"


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()  # a property or item one side of a change does not have
# List items with one of these keys are matched by it (an environment variable, a tag), not by
# position: one variable added in the middle is one change, not every one after it.
ITEM_KEYS = ("Name", "Key")


def intrinsic(value) -> bool:
    """{"Ref": ...} or {"Fn::...": ...}: a value CloudFormation works out at deploy time."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    name = next(iter(value))
    return name == "Ref" or name.startswith("Fn::")


def _keyed(items: list) -> dict | None:
    for key in ITEM_KEYS:
        names = [i.get(key) if isinstance(i, dict) else None for i in items]
        if all(isinstance(n, str) for n in names) and len(set(names)) == len(names):
            return {f"[{key}={n}]": i for n, i in zip(names, items, strict=True)}
    return None


def value_changes(old, new, path: str = "") -> list[tuple[str, object, object]]:
    """(path, old, new) for every leaf where two property values differ: into mappings by
    key, lists by item name or position; an intrinsic function is one leaf."""
    if old is not ABSENT and new is not ABSENT and _same(old, new):
        return []
    if isinstance(old, dict) and isinstance(new, dict) and not (intrinsic(old)
                                                                or intrinsic(new)):
        return [found for key in sorted(set(old) | set(new))
                for found in value_changes(old.get(key, ABSENT), new.get(key, ABSENT),
                                           f"{path}.{key}" if path else key)]
    if isinstance(old, list) and isinstance(new, list):
        before, after = _keyed(old), _keyed(new)
        if before is not None and after is not None:
            return [found for key in [*before, *(k for k in after if k not in before)]
                    for found in value_changes(before.get(key, ABSENT), after.get(key, ABSENT),
                                               path + key)]
        if len(old) == len(new):
            return [found for i, (a, b) in enumerate(zip(old, new, strict=True))
                    for found in value_changes(a, b, f"{path}[{i}]")]
    return [(path, old, new)]


@cache
def create_only(type_: str) -> tuple[str, ...]:
    """Top-level properties CloudFormation can only set by creating a new resource."""
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    try:
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", type_).schema
    except Exception:  # noqa: BLE001 - a custom resource or an unknown type: no schema
        return ()
    paths = schema.get("createOnlyProperties", [])
    return tuple(sorted({p.split("/")[2] for p in paths if p.startswith("/properties/")}))


def _nodes(value):
    """Every mapping in a template value, the value itself first (depth first)."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes(item)


# ${Name} or ${Name.Attribute} in an Fn::Sub string; ${!Literal} is text, AWS::* a pseudo
# parameter
_SUB_NAME = re.compile(r"\$\{(?!!)([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")


def _refs(value) -> set[str]:
    """Logical ids a property value points at (Ref, Fn::GetAtt, Fn::Sub's ${X})."""
    found: set[str] = set()
    for node in _nodes(value):
        if isinstance(node.get("Ref"), str):
            found.add(node["Ref"])
        if "Fn::GetAtt" in node:
            target = node["Fn::GetAtt"]
            found.add(target[0] if isinstance(target, list) else str(target).split(".")[0])
        if "Fn::Sub" in node:
            sub = node["Fn::Sub"]
            text = sub[0] if isinstance(sub, list) and sub else sub
            given = sub[1] if isinstance(sub, list) and len(sub) > 1 else {}
            if isinstance(text, str):  # names the variables map define are not resources
                found |= {n for n in _SUB_NAME.findall(text) if n not in given}
    return found


def _same(a, b) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def diff(stack: str, old: dict | None, new: dict | None) -> list[ResourceChange]:
    """Every resource that a deploy of `new` over `old` adds, modifies, replaces or removes
    (None: the stack does not exist, or goes away)."""
    before = (old or {}).get("Resources", {})
    after = (new or {}).get("Resources", {})
    changes: dict[str, ResourceChange] = {}
    for logical_id in sorted(set(before) | set(after)):
        was, now = before.get(logical_id), after.get(logical_id)
        if was is None:
            changes[logical_id] = ResourceChange(stack, logical_id, now["Type"], "add")
        elif now is None:
            kept = was.get("DeletionPolicy")
            note = f" (DeletionPolicy {kept}: kept outside the stack)" if kept in (
                "Retain", "Snapshot", "RetainExceptOnCreate") else ""
            changes[logical_id] = ResourceChange(stack, logical_id, was["Type"], "remove",
                                                 note=note)
        elif was["Type"] != now["Type"]:
            changes[logical_id] = ResourceChange(
                stack, logical_id, was["Type"], "replace", (f"Type -> {now['Type']}",),
                note=" (a different resource type under the same logical id)")
        else:
            change = _modified(stack, logical_id, was, now)
            if change is not None:
                changes[logical_id] = change
    _follow_replacements(stack, after, changes)
    return [changes[k] for k in sorted(changes)]


def _modified(stack: str, logical_id: str, was: dict, now: dict) -> ResourceChange | None:
    old_props, new_props = was.get("Properties", {}), now.get("Properties", {})
    changed = tuple(sorted(k for k in set(old_props) | set(new_props)
                           if not _same(old_props.get(k), new_props.get(k))))
    if not changed and _same({k: v for k, v in was.items() if k != "Metadata"},
                             {k: v for k, v in now.items() if k != "Metadata"}):
        return None
    type_ = now["Type"]
    values = value_changes(old_props, new_props) + [
        found for key in sorted((set(was) | set(now)) - {"Type", "Properties", "Metadata"})
        for found in value_changes(was.get(key, ABSENT), now.get(key, ABSENT), key)]
    forcing = tuple(p for p in changed
                    if p in create_only(type_) or p in ALSO_REPLACED_BY.get(type_, ()))
    if forcing:
        revision = f" ({REVISIONS[type_]})" if type_ in REVISIONS else ""
        return ResourceChange(stack, logical_id, type_, "replace", forcing, note=revision,
                              values=tuple(values))
    notes = [MAINTENANCE[(type_, p)] for p in changed if (type_, p) in MAINTENANCE]
    return ResourceChange(stack, logical_id, type_, "modify", changed or ("attributes",),
                          note=f"; maintenance event: {'; '.join(notes)}" if notes else "",
                          values=tuple(values))


def _follow_replacements(stack: str, resources: dict,
                         changes: dict[str, ResourceChange]) -> None:
    """A create-only property that names a replaced resource gets a new value at deploy time:
    its resource is replaced too (CloudFormation's "Replacement: Conditional")."""
    grew = True
    while grew:
        grew = False
        replaced = {k for k, c in changes.items() if c.action == "replace"}
        for logical_id, resource in resources.items():
            current = changes.get(logical_id)
            if logical_id in replaced or (current and current.action == "add"):
                continue
            props = resource.get("Properties", {})
            for name in create_only(resource["Type"]):
                hit = sorted(_refs(props.get(name)) & replaced)
                if hit:
                    changes[logical_id] = ResourceChange(
                        stack, logical_id, resource["Type"], "replace", (name,),
                        note=f" (it names {', '.join(hit)}, which is replaced)")
                    grew = True
                    break


def refusals(changes: Iterable[ResourceChange], allowed: Iterable[str] = ()) -> list[str]:
    """One line per protected resource a deploy would replace or remove, unless allowed."""
    allowed = set(allowed)
    return [f"{c.line()} -- {PROTECTED[c.type]}; pass --allow-replace {c.logical_id} "
            "if you mean it" for c in changes if c.protected and c.logical_id not in allowed]


def _imports(value) -> set[str]:
    """Export names a template reads with Fn::ImportValue (written as plain strings by the CDK)."""
    return {node["Fn::ImportValue"] for node in _nodes(value)
            if isinstance(node.get("Fn::ImportValue"), str)}


def export_conflicts(stack: str, old: dict | None, new: dict | None,
                     changes: Iterable[ResourceChange],
                     importers: dict[str, dict | None]) -> list[str]:
    """Exports of `stack` whose value a deploy would change or drop while another deployed
    stack imports them: CloudFormation refuses that, after the stacks before it have run,
    and what imports it (the database's subnets, the load balancer's VPC) would have to move."""
    if old is None:
        return []
    moved = {c.logical_id for c in changes if c.action in ("replace", "remove")}
    lines = []
    for key, output in sorted(old.get("Outputs", {}).items()):
        export = output.get("Export", {}).get("Name")
        users = sorted(name for name, template in importers.items()
                       if name != stack and export in _imports(template))
        if not isinstance(export, str) or not users:
            continue
        now = (new or {}).get("Outputs", {}).get(key)
        why = ("is dropped" if now is None or now.get("Export", {}).get("Name") != export else
               "changes" if not _same(now.get("Value"), output.get("Value")) else
               f"names {', '.join(sorted(_refs(output.get('Value')) & moved))}, which is "
               "replaced" if _refs(output.get("Value")) & moved else "")
        if why:
            lines.append(f"{stack} export {export} {why} while {', '.join(users)} imports it: "
                         "CloudFormation refuses to change an export in use, and what uses it "
                         "would have to be rebuilt (deploy a new prefix instead)")
    return lines
