"""wa-deploy's steps: the inputs the deployment remembers, one synth, an offline look at what
every stack would do, then stack by stack a change set that is read before it is executed.

Nothing is changed until every stack's offline analysis is clean; then each change set is
also read as CloudFormation sees it (Replacement True or Conditional) before it runs.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from deploy import cdk_cli, events
from deploy.changes import PROTECTED, ResourceChange, diff, export_conflicts, refusals

# An output of the last stack (Enterprise): the inputs of the last deploy that went through
# to the end (a run that fails half-way leaves the inputs before it remembered).
OUTPUT = "DeploymentContext"
TIERS = ("Network", "Database", "Lambda", "Enterprise")
WAIT_S = events.WAIT_S  # per stack


class Refused(Exception):
    """A protected resource would be replaced or removed; str() holds one line per resource,
    `done` the stacks this run had already deployed (none when the offline look refused)."""

    def __init__(self, message: str, done: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.done = done


class DeployFailed(Exception):
    """A stack did not reach a complete state; str() says which and why."""


@dataclass
class StackPlan:
    name: str
    exists: bool
    changes: list[ResourceChange] = field(default_factory=list)
    sections: tuple[str, ...] = ()  # other parts of the template that change (Outputs, ...)
    blocked: list[str] = field(default_factory=list)  # exports in use that would change

    @property
    def unchanged(self) -> bool:
        return self.exists and not self.changes and not self.sections

    def summary(self) -> str:
        if not self.exists:
            return f"{self.name}: new stack, {len(self.changes)} resources"
        if self.unchanged:
            return f"{self.name}: no change"
        counts = {a: sum(c.action == a for c in self.changes)
                  for a in ("add", "modify", "replace", "remove")}
        parts = [f"{n} {a}" for a, n in counts.items() if n]
        parts += [f"{section} change" for section in self.sections]
        return f"{self.name}: " + ", ".join(parts)


def _stack(cloudformation, name: str) -> dict | None:
    from botocore.exceptions import ClientError

    try:
        stack, = cloudformation.describe_stacks(StackName=name)["Stacks"]
    except ClientError as error:
        if "does not exist" in str(error):
            return None
        raise
    return stack


def deployed_stacks(cloudformation, prefix: str) -> list[str]:
    """The tier stacks of this deployment that exist."""
    return [f"{prefix}-{tier}" for tier in TIERS
            if _stack(cloudformation, f"{prefix}-{tier}") is not None]


# The remembered inputs are data another version of wa-infra may read: a JSON object of
# context keys and their values as text, with two entries of its own, the format (FORMAT) and
# the wa-infra that wrote it (a deployment remembers what wrote its inputs, so that a key an
# older version does not know can be reported with the version that knows it). An output
# without them is format 0, written before either was recorded; the keys are the same.
FORMAT = 1
FORMAT_KEY, WRITER_KEY = "_format", "_written_by"


def writer() -> str:
    """This wa-infra, as the remembered inputs name what wrote them."""
    from importlib import metadata

    try:
        return f"wa-infra {metadata.version('wa-infra')}"
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "wa-infra (version unknown)"


def remembered_text(inputs: Mapping[str, str]) -> str:
    """The value of the OUTPUT: the inputs, the format and what wrote them."""
    return json.dumps({**inputs, FORMAT_KEY: str(FORMAT), WRITER_KEY: writer()},
                      sort_keys=True, separators=(",", ":"))


class RememberedUnreadable(ValueError):
    """The OUTPUT cannot be read as remembered inputs; `reason` completes "its
    DeploymentContext output ..." in one line."""

    def __init__(self, stack: str, reason: str) -> None:
        super().__init__(f"{stack}: its {OUTPUT} output {reason}")
        self.stack, self.reason = stack, reason


class Remembered(dict):
    """The remembered inputs, key -> value as written (text, unless something other than
    wa-infra wrote it), and what wrote them (None: a version that did not record itself)."""

    written_by: str | None = None
    stack: str = ""


_KINDS = {list: "a list", dict: "an object", str: "text", bool: "true or false",
          int: "a number", float: "a number", type(None): "null"}


def parse_remembered(text: object, stack: str) -> Remembered:
    """The OUTPUT's value read defensively: RememberedUnreadable (one line) when it is not a
    JSON object or is of a format this version does not read."""
    try:
        found = json.loads(text) if isinstance(text, str) else text
    except ValueError as error:
        raise RememberedUnreadable(stack, f"is not JSON ({error})") from None
    except RecursionError:
        raise RememberedUnreadable(stack, "is not JSON (nested too deeply)") from None
    if not isinstance(found, dict):
        kind = _KINDS.get(type(found), type(found).__name__)
        raise RememberedUnreadable(stack, f"is {kind}, not an object of inputs "
                                          "({\"key\": \"value\", ...})")
    written_by = found.pop(WRITER_KEY, None)
    written_by = None if written_by is None else " ".join(str(written_by).split())[:80]
    version = found.pop(FORMAT_KEY, "0")
    number = (int(version) if isinstance(version, str) and version.isascii()
              and version.isdigit() else version if type(version) is int and version >= 0
              else None)
    if number is None:
        raise RememberedUnreadable(stack, f"has {FORMAT_KEY} {version!r}, not a format "
                                          f"number (written by {written_by or 'an unknown tool'})")
    if number > FORMAT:
        raise RememberedUnreadable(
            stack, f"is in format {number} (written by {written_by or 'an unknown tool'}); "
            f"{writer()} reads format {FORMAT} at most: deploy with that version or later")
    remembered = Remembered(found)
    remembered.written_by, remembered.stack = written_by, stack
    return remembered


def remembered(cloudformation, prefix: str) -> Remembered | None:
    """The inputs of the last complete deploy; None: nothing deployed yet, {}: stacks exist
    but none remembers them (deployed before they were remembered, or a first deploy that
    did not finish). RememberedUnreadable when the output cannot be read."""
    name = f"{prefix}-{TIERS[-1]}"
    last = _stack(cloudformation, name)
    for output in (last or {}).get("Outputs", []):
        if output.get("OutputKey") == OUTPUT:
            return parse_remembered(output.get("OutputValue"), name)
    if last is not None or deployed_stacks(cloudformation, prefix):
        nothing = Remembered()
        nothing.stack = name
        return nothing
    return None


GIVEN_KEYS = "WA_INFRA_GIVEN_KEYS"  # wa-deploy -> the app: the context keys it passed


def synthesize(context: dict[str, str], outdir: Path, env: Mapping[str, str] | None = None,
               cdk_args: Iterable[str] = ()) -> list[str]:
    """Synthesize into `outdir`; returns what the app says of the plan (its plan line and
    warnings: a world-open API, a rate above what the shards carry). `env`, `cdk_args`: the
    CLI's environment and extra arguments (region, --profile: cli/aws_options.py)."""
    # The keys given here are every input: the app ignores any other key of ours the CDK CLI
    # fills in from cdk.json (an api_cidrs left there would open the load balancer unasked).
    given = {**(os.environ if env is None else env), GIVEN_KEYS: ",".join(sorted(context))}
    output = cdk_cli.run("synth", "--quiet", "--output", str(outdir),
                         *cdk_cli.context_args(context), *cdk_args, env=given)
    return [line for line in output.splitlines()
            if line.startswith(("wa-infra plan:", "warning:"))]


def stacks_in_order(outdir: Path) -> list[tuple[str, Path]]:
    """The assembly's stacks, each after the stacks it depends on."""
    manifest = json.loads((outdir / "manifest.json").read_text())
    artifacts = {k: v for k, v in manifest["artifacts"].items()
                 if v.get("type") == "aws:cloudformation:stack"}
    order: list[str] = []

    def visit(name: str) -> None:
        if name not in order:
            for dependency in artifacts[name].get("dependencies", []):
                if dependency in artifacts:
                    visit(dependency)
            order.append(name)

    for name in sorted(artifacts):
        visit(name)
    return [(n, outdir / artifacts[n]["properties"]["templateFile"]) for n in order]


def _deployed_template(cloudformation, name: str) -> dict | None:
    from botocore.exceptions import ClientError

    try:
        body = cloudformation.get_template(StackName=name)["TemplateBody"]
    except ClientError as error:
        if "does not exist" in str(error):
            return None
        raise
    if isinstance(body, dict):
        return body
    from cfnlint.decode import cfn_yaml  # JSON or YAML, short forms included

    return cfn_yaml.loads(body)


def analyse(cloudformation, outdir: Path, deployed: Iterable[str] = ()) -> list[StackPlan]:
    """Every stack of the assembly against its deployed template; `deployed` names stacks of
    the deployment the assembly may no longer have (their imports count too)."""
    ordered = stacks_in_order(outdir)
    new = {name: json.loads(path.read_text()) for name, path in ordered}
    old = {name: _deployed_template(cloudformation, name)
           for name in dict.fromkeys([*new, *deployed])}
    plans = []
    for name in new:
        sections = () if old[name] is None else tuple(
            k for k in sorted(set(old[name]) | set(new[name])) if k != "Resources"
            and json.dumps(old[name].get(k), sort_keys=True)
            != json.dumps(new[name].get(k), sort_keys=True))
        changes = diff(name, old[name], new[name])
        plans.append(StackPlan(name, old[name] is not None, changes, sections,
                               export_conflicts(name, old[name], new[name], changes, old)))
    return plans


def check(plans: Iterable[StackPlan], allowed: Iterable[str]) -> None:
    plans = list(plans)
    refused = [line for plan in plans for line in refusals(plan.changes, allowed)]
    refused += [line for plan in plans for line in plan.blocked]
    if refused:
        raise Refused("\n".join(refused))


def _aws_refusals(change_set: dict, stack: str, allowed: set[str]) -> list[str]:
    """Protected resources CloudFormation itself says it would replace or remove."""
    lines = []
    for change in change_set.get("Changes", []):
        resource = change.get("ResourceChange", {})
        kind, logical_id = resource.get("ResourceType"), resource.get("LogicalResourceId")
        replaced = resource.get("Replacement") in ("True", "Conditional")
        removed = resource.get("Action") == "Remove"
        if kind in PROTECTED and (replaced or removed) and logical_id not in allowed:
            forcing = sorted({d["Target"].get("Name", "?") for d in resource.get("Details", [])
                              if d.get("Target", {}).get("RequiresRecreation") in (
                                  "Always", "Conditionally")})
            what = "remove" if removed else f"replace ({resource['Replacement']})"
            lines.append(f"{what} {stack}/{logical_id} ({kind}) according to CloudFormation"
                         f"{': ' + ', '.join(forcing) if forcing else ''} -- {PROTECTED[kind]}"
                         f"; pass --allow-replace {logical_id} if you mean it")
    return lines


def _aws_replacements(change_set: dict) -> list[str]:
    """What CloudFormation itself says it replaces (the preview's verdict came from the
    resource schemas; this is the change set's own)."""
    return [f"replace {r.get('LogicalResourceId')} ({r.get('ResourceType')}): Replacement "
            f"{r['Replacement']}" for r in (c.get("ResourceChange", {})
                                             for c in change_set.get("Changes", []))
            if r.get("Replacement") in ("True", "Conditional")]


def _watch(cloudformation, name: str, since, say: Callable[[str], None], color: bool) -> None:
    """The stack's events until it settles; DeployFailed unless it ended complete."""
    try:
        status = events.watch(cloudformation, name, since, say, WAIT_S, color=color)
    except events.StillInProgress as late:
        raise DeployFailed(str(late)) from None
    if status not in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
        reason = events.first_failure(cloudformation, name, since)
        raise DeployFailed(f"{name} ended {status}" + (f": {reason}" if reason else ""))


def execute(cloudformation, outdir: Path, plans: list[StackPlan], allowed: Iterable[str],
            say: Callable[[str], None], color: bool = False,
            env: Mapping[str, str] | None = None, cdk_args: Iterable[str] = ()) -> None:
    """Stack by stack: a change set prepared by the CDK CLI, read, then executed while its
    events stream to `say`. `env`, `cdk_args`: as for synthesize."""
    from botocore.exceptions import ClientError

    allowed, done, cdk_args = set(allowed), [], tuple(cdk_args)
    for plan in plans:
        if plan.unchanged:
            say(f"{plan.name}: no change")
            continue
        name = f"wa-deploy-{time.strftime('%Y%m%d%H%M%S')}"
        say(f"{plan.name}: preparing change set {name}")
        cdk_cli.run("deploy", plan.name, "--app", str(outdir), "--exclusively",
                    "--method=prepare-change-set", "--change-set-name", name,
                    # the question was wa-deploy's, after its preview; the CLI, captured
                    # here, has nobody to ask
                    "--require-approval", "never", *cdk_args, env=env)
        try:
            change_set = cloudformation.describe_change_set(ChangeSetName=name,
                                                            StackName=plan.name)
        except ClientError as error:  # the CDK deletes a change set with nothing in it
            if error.response.get("Error", {}).get("Code") != "ChangeSetNotFound":
                raise
            say(f"{plan.name}: no change set (nothing to change)")
            continue
        refused = _aws_refusals(change_set, plan.name, allowed)
        if refused:
            cloudformation.delete_change_set(ChangeSetName=name, StackName=plan.name)
            raise Refused("\n".join(refused), tuple(done))
        say(f"{plan.name}: executing {len(change_set.get('Changes', []))} changes")
        for line in _aws_replacements(change_set):
            say(f"{plan.name}: CloudFormation: {line}")
        since = events.latest(cloudformation, plan.name)
        cloudformation.execute_change_set(ChangeSetName=name, StackName=plan.name)
        _watch(cloudformation, plan.name, since, say, color)
        done.append(plan.name)
        say(f"{plan.name}: done")
