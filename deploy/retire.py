"""Retire a deployment and keep its data: which stacks go in which order, what each resource
becomes (deleted, or kept: retained, or a final snapshot), what keeping it costs a month, then
the deletes themselves.

    plan = plan_retirement(cloudformation, "WaInfra", "us-east-1")   # reads, changes nothing
    print(describe(plan, color=False))
    run_retirement(RetireClients.from_session(boto3.Session(), "us-east-1"), plan, watch, echo)

The plan is read from CloudFormation alone (the deployed templates and their resources), so it
says what CloudFormation will do, whatever version of this tool deployed the stacks.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

from deploy.events import latest
from deploy.keep_prices import KEEP_PRICES, READ_ON, REGION, KeepPrice
from deploy.run import TIERS, WAIT_S, _deployed_template
from sizing import data as sizing_data

# What a kept resource of a type is priced as (deploy/keep_prices.py).
KIND = {
    "AWS::KMS::Key": "kms-key", "AWS::SecretsManager::Secret": "secret",
    "AWS::EFS::FileSystem": "efs", "AWS::Logs::LogGroup": "log-group",
    "AWS::RDS::DBInstance": "db-snapshot", "AWS::RDS::DBCluster": "cluster-snapshot",
    "AWS::SSM::Parameter": "parameter",
}
# Types that hold data (or open it): deleting one loses something, so describe() flags it.
# (Not SSM parameters: ours are copies of what the DB secret holds, written again by a deploy.)
STATEFUL = frozenset(KIND) - {"AWS::SSM::Parameter"} | {
    "AWS::S3::Bucket", "AWS::DynamoDB::Table", "AWS::EC2::Volume"}
SNAPSHOT_TYPES = ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster")
RETAINED = ("Retain", "RetainExceptOnCreate")


@dataclass(frozen=True)
class CustomResourceData:
    """What a custom resource of ours writes outside CloudFormation's view, and whether its
    function's Delete removes it (stacks/lambda_handlers/)."""
    type: str
    names: Callable[[dict], list]  # the names it writes, from its properties
    delete_removes: bool
    why: str


def _db_settings_names(props: dict) -> list:
    path = props.get("ParameterPath")
    names = [*(props.get("Settings") or {}), *(props.get("SecretKeys") or [])]
    copies = [c.get("Name") for c in props.get("Copies") or [] if isinstance(c, dict)]
    return [_join(["", path, "/", name]) for name in names] + copies


CUSTOM_DATA = {
    "Custom::DbSettings": CustomResourceData(
        "AWS::SSM::Parameter", _db_settings_names, True,
        "its function deletes the parameters it wrote (the values stay in the DB secret)"),
    "Custom::RdsLogGroups": CustomResourceData(
        "AWS::Logs::LogGroup", lambda props: list(props.get("LogGroupNames") or []), False,
        "its function leaves the database's log groups on delete"),
}


@dataclass(frozen=True)
class Resource:
    stack: str
    logical_id: str
    physical_id: str
    type: str
    kept: bool
    how: str  # why it is kept or deleted, in CloudFormation's terms
    size_gib: float | None = None  # an upper bound of what is kept, when the stack says
    retention_days: int | None = None

    @property
    def kind(self) -> str | None:
        return KIND.get(self.type) if self.kept else None

    @property
    def loses_data(self) -> bool:
        return not self.kept and self.type in STATEFUL


@dataclass(frozen=True)
class RetirePlan:
    prefix: str
    region: str
    stacks: tuple[str, ...]  # in the order they are deleted
    resources: tuple[Resource, ...]

    @property
    def kept(self) -> tuple[Resource, ...]:
        return tuple(r for r in self.resources if r.kept)

    @property
    def deleted(self) -> tuple[Resource, ...]:
        return tuple(r for r in self.resources if not r.kept)


class RetireFailed(Exception):
    """A stack did not delete; str() is one line naming it, its status and the reason."""


# --- reading the deployment ----------------------------------------------------------------

def plan_retirement(cloudformation, prefix: str, region: str) -> RetirePlan:
    """The deployed tier stacks of `prefix`, in the order to delete them (each before the
    stacks it imports from; among independent stacks the reverse of the tier order), and
    every resource they hold, deleted or kept."""
    stacks = {s["StackName"]: s for page in
              cloudformation.get_paginator("describe_stacks").paginate() for s in page["Stacks"]
              if s["StackStatus"] != "DELETE_COMPLETE"}
    names = [f"{prefix}-{tier}" for tier in TIERS if f"{prefix}-{tier}" in stacks]
    templates = {name: _deployed_template(cloudformation, name) or {} for name in names}
    order = deletion_order(names, {n: stacks[n] for n in names}, templates)
    resources = []
    for name in order:
        live = {r["LogicalResourceId"]: r for page in
                cloudformation.get_paginator("list_stack_resources").paginate(StackName=name)
                for r in page["StackResourceSummaries"]
                if r["ResourceStatus"] != "DELETE_COMPLETE" and r.get("PhysicalResourceId")}
        physical = {lid: r["PhysicalResourceId"] for lid, r in live.items()}
        parameters = {p["ParameterKey"]: p.get("ResolvedValue", p.get("ParameterValue"))
                      for p in stacks[name].get("Parameters", [])}
        declared = templates[name].get("Resources", {})
        for logical_id, summary in live.items():
            body = declared.get(logical_id, {})
            resources += _fates(name, logical_id, summary["ResourceType"],
                                physical[logical_id], body, {**parameters, **physical})
    return RetirePlan(prefix, region, tuple(order), tuple(resources))


def deletion_order(names: list[str], stacks: dict[str, dict], templates: dict[str, dict],
                   ) -> list[str]:
    """The reverse of the deploy order: a stack is deployed after every stack whose exports
    it imports (ties in tier order), so it is deleted before them."""
    exporter = {o["ExportName"]: name for name, stack in stacks.items()
                for o in stack.get("Outputs", []) if o.get("ExportName")}
    needs = {name: {exporter[e] for e in _imports(templates[name]) if exporter.get(e) not in
                    (None, name)} for name in names}
    deployed: list[str] = []
    while len(deployed) < len(names):
        ready = [n for n in names if n not in deployed and needs[n] <= set(deployed)]
        deployed.append((ready or [n for n in names if n not in deployed])[0])  # a cycle: tiers
    return deployed[::-1]


def _imports(node) -> set[str]:
    """Every literal export name a template imports."""
    if isinstance(node, dict):
        found = {node["Fn::ImportValue"]} if isinstance(node.get("Fn::ImportValue"), str) else set()
        return found.union(*(_imports(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_imports(v) for v in node))
    return set()


def _join(parts: list) -> str | None:
    return None if any(p is None for p in parts) else "".join(str(p) for p in parts)


def _resolve(value, known: dict[str, str]):
    """Ref and Fn::Join over the deployed physical ids and parameters; None when unknown."""
    if isinstance(value, dict) and "Ref" in value:
        return known.get(value["Ref"])
    if isinstance(value, dict) and "Fn::Join" in value:
        delimiter, items = value["Fn::Join"]
        parts = [_resolve(v, known) for v in items]
        return None if None in parts else delimiter.join(str(p) for p in parts)
    if isinstance(value, dict):
        return {k: _resolve(v, known) for k, v in value.items()} if not any(
            k.startswith("Fn::") for k in value) else None
    if isinstance(value, list):
        return [_resolve(v, known) for v in value]
    return value


def _fates(stack: str, logical_id: str, type_: str, physical_id: str, body: dict,
           known: dict[str, str]) -> list[Resource]:
    policy = body.get("DeletionPolicy", "Delete")
    props = _resolve(body.get("Properties", {}), known) or {}
    retention = props.get("RetentionInDays")
    retention_days = int(retention) if str(retention or "").isdigit() else None
    one = Resource(stack, logical_id, physical_id, type_, False, f"DeletionPolicy {policy}",
                   retention_days=retention_days)
    if policy in RETAINED:
        one = _kept(one, f"DeletionPolicy {policy}")
    elif policy == "Snapshot" and type_ in SNAPSHOT_TYPES and not props.get(
            "DBClusterIdentifier"):  # an Aurora member: its cluster's snapshot holds the data
        storage = props.get("AllocatedStorage")
        one = _kept(one, "final snapshot (DeletionPolicy Snapshot)",
                    size_gib=float(storage) if str(storage or "").isdigit() else None)
    data = CUSTOM_DATA.get(type_)
    if data is None:
        return [one]
    kept = policy in RETAINED or not data.delete_removes
    how = f"DeletionPolicy {policy}" if policy in RETAINED else data.why
    written = [Resource(stack, logical_id, name or "(name unknown)", data.type, kept, how,
                        retention_days=retention_days) for name in data.names(props)]
    return [one, *written]


def _kept(resource: Resource, how: str, **extra) -> Resource:
    return Resource(**{**resource.__dict__, "kept": True, "how": how, **extra})


# --- what it costs -------------------------------------------------------------------------

def usd(amount: float) -> str:
    """Cents, or tenths of a cent where a unit price has them ($0.095)."""
    return f"${amount:.2f}" if round(amount, 2) == amount else f"${amount:.3f}"


@dataclass(frozen=True)
class KeepCost:
    price: KeepPrice
    count: int
    known_gib: float | None  # sized kinds: the upper bound when every one is known
    retention_days: tuple[int, ...] = ()

    @property
    def usd(self) -> float | None:
        if not self.price.sized:
            return self.count * self.price.usd
        return None if self.known_gib is None else self.known_gib * self.price.usd

    @property
    def aged_usd(self) -> float | None:
        """What it costs once age adds to the price (keys rotated twice); else the same."""
        if self.price.aged_usd is None or self.usd is None:
            return self.usd
        return self.usd / self.price.usd * self.price.aged_usd

    def line(self) -> str:
        p = self.price
        if not p.sized:
            amount = f"{self.count} x {usd(p.usd)} per {p.unit}-month = ${self.usd:.2f}"
            if p.aged_usd is not None:
                amount += (f" (${self.aged_usd:.2f} at {usd(p.aged_usd)} once a {p.unit} has "
                           f"rotated {sizing_data.KMS_PAID_ROTATIONS} times)")
        elif self.known_gib is None:
            amount = (f"{self.count}, size unknown until measured, {usd(p.usd)} per "
                      f"{p.unit}-month")
        else:
            amount = (f"{self.count}, at most {self.known_gib:g} {p.unit} x {usd(p.usd)} per "
                      f"{p.unit}-month = up to ${self.usd:.2f}")
        expiry = ""
        if self.retention_days:
            expiry = (f"; logs expire after {min(self.retention_days)}"
                      + (f"-{max(self.retention_days)}" if len(set(self.retention_days)) > 1
                         else "") + " days")
        return f"{p.what}: {amount}{expiry} ({p.source})"


def keep_costs(plan: RetirePlan) -> list[KeepCost]:
    costs = []
    for kind, price in KEEP_PRICES.items():
        kept = [r for r in plan.kept if r.kind == kind]
        if not kept:
            continue
        sizes = [r.size_gib for r in kept]
        known = None if None in sizes else sum(sizes)
        costs.append(KeepCost(price, len(kept), known,
                              tuple(sorted({r.retention_days for r in kept
                                            if r.retention_days is not None}))))
    return costs


def monthly_total(costs: list[KeepCost]) -> tuple[float, list[str]]:
    """The sum of what is priced, and the kinds whose size is unknown."""
    return (sum(c.usd for c in costs if c.usd is not None),
            [c.price.what for c in costs if c.usd is None])


def aged_total(costs: list[KeepCost]) -> float:
    """The sum once every key has rotated as often as rotations are paid."""
    return sum(c.aged_usd for c in costs if c.aged_usd is not None)


def default_keep_costs() -> list[KeepCost]:
    """What keeping a retired default deployment costs: its keys, secrets and the final
    snapshot at the database's allocated storage (the file system and logs by their size)."""
    kept = {"kms-key": (sizing_data.KMS_KEYS, None), "secret": (sizing_data.SECRETS, None),
            "db-snapshot": (1, float(sizing_data.DEFAULT_DB_STORAGE_GIB))}
    return [KeepCost(KEEP_PRICES[kind], count, gib) for kind, (count, gib) in kept.items()]


def default_keep_summary() -> str:
    """The default deployment's keep cost in a sentence (README; docs/retire.md)."""
    costs = default_keep_costs()
    total = monthly_total(costs)[0]
    keys, secrets, snapshot = costs
    return (f"about **${total:.2f}** a month in its first year (**${aged_total(costs):.2f}** "
            f"from the third, once the keys have rotated {sizing_data.KMS_PAID_ROTATIONS} times), "
            "plus the stored size of the file system and the logs: "
            f"{keys.count} keys x {usd(keys.price.usd)}, {secrets.count} secrets x "
            f"{usd(secrets.price.usd)}, and the database's final snapshot at most its allocated "
            f"storage ({snapshot.known_gib:g} GiB x {usd(snapshot.price.usd)})")


def describe(plan: RetirePlan, color: bool) -> str:
    """What is deleted, what is kept (logical id, physical id, type, and why), what keeping it
    costs a month. A stateful resource that would be deleted is marked, never hidden."""
    def style(text: str, **how) -> str:
        if not color:
            return text
        import click

        return click.style(text, **how)

    lines = [f"Retiring {plan.prefix} in {plan.region}: {len(plan.stacks)} stacks, deleted in "
             f"this order: {', '.join(plan.stacks) or '(none deployed)'}"]
    for title, group in (("Deleted", plan.deleted), ("Kept", plan.kept)):
        lines.append("")
        lines.append(style(f"{title} ({len(group)}):", bold=True))
        for stack in plan.stacks:
            rows = [r for r in group if r.stack == stack]
            if rows:
                lines.append(f"  {stack}")
            for r in rows:
                row = f"    {r.logical_id}  {r.physical_id}  {r.type}  [{r.how}]"
                if r.loses_data:
                    row = style(row + "  DATA DELETED", fg="red", bold=True)
                elif r.kept:
                    row = style(row, fg="green")
                lines.append(row)
    lost = [r for r in plan.deleted if r.loses_data]
    if lost:
        lines.append(style(f"\nwarning: {len(lost)} resources that hold data are deleted with "
                           "their stack (marked DATA DELETED above)", fg="red", bold=True))
    costs = keep_costs(plan)
    lines.append("")
    lines.append(style(f"What keeping it costs a month ({REGION} list prices read {READ_ON}"
                       + ("" if plan.region == REGION else f"; {plan.region} may differ")
                       + "):", bold=True))
    lines += [f"  {c.line()}" for c in costs]
    lines += [f"  note: {line}" for line in _after_retire(plan)]
    total, unsized = monthly_total(costs)
    aged = aged_total(costs)
    lines.append(f"  Total: ${total:.2f} a month"
                 + (f" (${aged:.2f} once the keys have rotated "
                    f"{sizing_data.KMS_PAID_ROTATIONS} times)"
                    if round(aged, 2) != round(total, 2) else "")
                 + (f", plus {' and '.join(unsized)} by their size" if unsized else ""))
    return "\n".join(lines)


def _after_retire(plan: RetirePlan) -> list[str]:
    """What goes on by itself after the retire: AWS Backup's daily recovery points of a kept
    file system (billed apart), and log groups emptying themselves after their retention."""
    notes = []
    for r in plan.kept:
        if r.type == "AWS::EFS::FileSystem":
            notes.append(
                f"{r.physical_id} keeps its automatic backups (AWS Backup, "
                f"{usd(sizing_data.PRICES['efs_backup'].usd)} per GB-month of recovery points): "
                "to keep the file system alone, `aws efs put-backup-policy --file-system-id "
                f"{r.physical_id} --backup-policy Status=DISABLED`")
    expiring = sorted({d for r in plan.kept if r.type == "AWS::Logs::LogGroup"
                       for d in ([r.retention_days] if r.retention_days else [])})
    if expiring:
        notes.append(f"the kept log groups delete their events after {expiring[0]}"
                     + (f"-{expiring[-1]}" if len(expiring) > 1 else "") + " days: to keep "
                     "them longer, `aws logs put-retention-policy --log-group-name <group> "
                     "--retention-in-days <days>` before or after the retire")
    return notes


def retire_price_table() -> str:
    """The keep prices as a Markdown table (docs/retire.md)."""
    rows = [f"| {p.what} | {usd(p.usd)} per {p.unit}-month | {p.note or '-'} | {p.source} |"
            for p in KEEP_PRICES.values()]
    return "\n".join([f"List prices in {REGION}, read {READ_ON} (`deploy/keep_prices.py`).", "",
                      "| kept | price | note | source |", "|---|---|---|---|", *rows])


# --- doing it ------------------------------------------------------------------------------

@dataclass(frozen=True)
class RetireClients:
    """The boto3 clients run_retirement uses, all in the deployment's region: cloudformation
    (delete and watch the stacks), elbv2 and rds (deletion protection off, just before the
    stack that holds the load balancer or the database is deleted)."""
    cloudformation: object
    elbv2: object
    rds: object

    @classmethod
    def from_session(cls, session, region: str) -> RetireClients:
        return cls(*(session.client(name, region_name=region)
                     for name in ("cloudformation", "elbv2", "rds")))

    @classmethod
    def from_target(cls, target) -> RetireClients:
        """The CLI's clients (cli/aws_options.py): a credential deadline, short timeouts."""
        return cls(*(target.client(name) for name in ("cloudformation", "elbv2", "rds")))


Watch = Callable[[object, str, datetime.datetime, Callable[[str], None], float], str]


def run_retirement(clients: RetireClients, plan: RetirePlan, watch: Watch,
                   echo: Callable[[str], None], deadline_s: float = WAIT_S) -> None:
    """Delete the plan's stacks in its order. Before each, turn off the deletion protection
    of its load balancers and databases (CloudFormation cannot delete them otherwise); then
    `watch(cloudformation, stack, since, echo, deadline_s)` follows the delete to its final
    status. Stops at the first stack that does not reach DELETE_COMPLETE (RetireFailed).
    What the plan keeps is never touched here: CloudFormation keeps it."""
    for stack in plan.stacks:
        mine = [r for r in plan.resources if r.stack == stack]
        for resource in mine:
            released = _release(clients, resource)
            if released:
                echo(f"{stack}: {released}")
        # read before the delete: the events of a deleted stack are found by its id only, and
        # CloudFormation's clock, not ours, says which events are new
        stack_id = clients.cloudformation.describe_stacks(StackName=stack)["Stacks"][0][
            "StackId"]
        since = latest(clients.cloudformation, stack_id) or datetime.datetime.now(
            datetime.UTC)
        echo(f"{stack}: deleting ({sum(r.kept for r in mine)} resources kept)")
        clients.cloudformation.delete_stack(StackName=stack)
        status = watch(clients.cloudformation, stack, since, echo, deadline_s,
                       stack_id=stack_id)
        if status != "DELETE_COMPLETE":
            raise RetireFailed(f"{stack} ended {status}: {_reason(clients.cloudformation, stack)}"
                               f"; the stacks after it were not deleted")
        echo(f"{stack}: deleted")


def _release(clients: RetireClients, resource: Resource) -> str | None:
    """Turn off one resource's deletion protection if it is on; says what it did."""
    if resource.type == "AWS::ElasticLoadBalancingV2::LoadBalancer":
        arn = resource.physical_id
        attributes = clients.elbv2.describe_load_balancer_attributes(
            LoadBalancerArn=arn)["Attributes"]
        if {"Key": "deletion_protection.enabled", "Value": "true"} not in attributes:
            return None
        clients.elbv2.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
            {"Key": "deletion_protection.enabled", "Value": "false"}])
        return (f"deletion protection of load balancer {arn.rsplit('/', 2)[-2]} turned off "
                "(CloudFormation cannot delete it otherwise)")
    if resource.type in SNAPSHOT_TYPES:
        cluster = resource.type == "AWS::RDS::DBCluster"
        found = (clients.rds.describe_db_clusters(DBClusterIdentifier=resource.physical_id)[
            "DBClusters"] if cluster else clients.rds.describe_db_instances(
            DBInstanceIdentifier=resource.physical_id)["DBInstances"])
        if not found or not found[0].get("DeletionProtection"):
            return None
        if cluster:
            clients.rds.modify_db_cluster(DBClusterIdentifier=resource.physical_id,
                                          DeletionProtection=False, ApplyImmediately=True)
        else:
            clients.rds.modify_db_instance(DBInstanceIdentifier=resource.physical_id,
                                           DeletionProtection=False, ApplyImmediately=True)
        return (f"deletion protection of database {resource.physical_id} turned off "
                f"(CloudFormation cannot delete it otherwise; {resource.how})")
    return None


def _reason(cloudformation, stack: str) -> str:
    """The first failed resource's reason, else the stack's own; one line."""
    try:
        events = cloudformation.describe_stack_events(StackName=stack)["StackEvents"]
        described = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
    except Exception as error:  # noqa: BLE001 - the status is the news; the reason is a bonus
        return f"no reason readable ({' '.join(str(error).split())})"
    failed = [e for e in events if e.get("ResourceStatus", "").endswith("FAILED")
              and e.get("LogicalResourceId") != stack]
    reason = (f"{failed[0]['LogicalResourceId']}: {failed[0].get('ResourceStatusReason', '')}"
              if failed else described.get("StackStatusReason") or "no reason given")
    return " ".join(reason.split())


def as_json(plan: RetirePlan) -> str:
    """The plan for scripts: stacks in order, every resource with its fate, the costs."""
    costs = keep_costs(plan)
    total, unsized = monthly_total(costs)
    return json.dumps({
        "prefix": plan.prefix, "region": plan.region, "stacks": list(plan.stacks),
        "resources": [{**r.__dict__, "data_deleted": r.loses_data} for r in plan.resources],
        "monthly_usd": {"known": round(total, 2), "unsized": unsized,
                        "prices": {"region": REGION, "read_on": READ_ON}},
    }, indent=2)
