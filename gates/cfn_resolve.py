"""Resolve CloudFormation templates offline into what a deploy would get.

Checkers (security-group flows, container definitions, user data, alarm thresholds) read the
resolved resources instead of each re-implementing intrinsics. A value that only exists after
deploy stays a symbol: `Ref` (a resource or one of its attributes), `Pseudo` (anything else
unknown) or `Text` (a string mixing literals and symbols). Two inputs: a CDK cloud assembly
(stacks linked by exports) and the plain templates (a root with nested stacks).
"""

from __future__ import annotations

import ipaddress
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sizing.data import AZ_COUNTS
from sizing.regions import AZS_EVERY_ACCOUNT_SEES


@dataclass(frozen=True)
class Ref:
    """A value only known after deploy: a resource's Ref or one of its attributes."""

    stack: str
    logical_id: str
    type: str
    attribute: str  # "Ref", or the Fn::GetAtt attribute name

    def canonical(self) -> str:
        # without stack or logical id: CDK and the plain templates name things differently
        return f"<{self.type} {self.attribute}>"


@dataclass(frozen=True)
class Pseudo:
    """A value the resolver cannot know that is not a resource (AWS::StackId, ssm:<name>)."""

    name: str

    def canonical(self) -> str:
        return f"<{self.name}>"


@dataclass(frozen=True)
class Text:
    """A string of literal parts and symbols; adjacent literals merged, never all-literal."""

    parts: tuple

    def canonical(self) -> str:
        return "".join(p if isinstance(p, str) else p.canonical() for p in self.parts)


SYMBOLS = (Ref, Pseudo, Text)


class ResolveError(Exception):
    """A template that cannot be resolved; the message names the stack and the failing part."""


class _Fail(Exception):
    """A failure inside one value; the stack adds its path and what it was resolving."""


class _NoValue:
    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE = _NoValue()  # dropped from the enclosing dict or list

# attributes that only echo a property, so a deploy gets the property's resolved value
_ECHOED_ATTRIBUTES = {("AWS::EC2::VPC", "CidrBlock"): "CidrBlock"}


@dataclass
class ResolvedResource:
    stack: str
    logical_id: str
    type: str
    properties: dict
    depends_on: tuple[str, ...]
    deletion_policy: str | None
    update_replace_policy: str | None
    metadata: dict


@dataclass
class ResolvedStack:
    path: str
    name: str  # what AWS::StackName gives
    parameters: dict
    conditions: dict[str, bool]
    resources: dict[str, ResolvedResource]  # only those whose Condition holds
    outputs: dict[str, object]  # only those whose Condition holds
    exports: dict[str, object]  # export name -> value
    children: dict[str, ResolvedStack]  # nested stacks by logical id


@dataclass
class Deployment:
    stacks: dict[str, ResolvedStack]  # by path, nested stacks included

    def resources(self, type: str | None = None) -> Iterator[ResolvedResource]:
        for stack in self.stacks.values():
            for resource in stack.resources.values():
                if type is None or resource.type == type:
                    yield resource

    def resource(self, ref: Ref) -> ResolvedResource:
        try:
            return self.stacks[ref.stack].resources[ref.logical_id]
        except KeyError:
            raise ResolveError(f"{ref.stack}: no resource {ref.logical_id} deployed") from None


def _show(value) -> str:
    if isinstance(value, SYMBOLS):
        return value.canonical()
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _scalar(value, what: str) -> str:
    """A concrete scalar as CloudFormation reads it where a string is expected."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    raise _Fail(f"{what} must be a string, got {_show(value)}")


def _piece(value, what: str):
    """One part of a string: a symbol stays, a concrete scalar becomes its text."""
    return value if isinstance(value, SYMBOLS) else _scalar(value, what)


def _text(parts: Iterable):
    """Literals and symbols as one value: all-literal -> str, a lone symbol -> that symbol."""
    flat: list = []
    for part in parts:
        for p in part.parts if isinstance(part, Text) else (part,):
            if isinstance(p, str) and flat and isinstance(flat[-1], str):
                flat[-1] += p
            elif not (isinstance(p, str) and p == ""):
                flat.append(p)
    if not flat:
        return ""
    return flat[0] if len(flat) == 1 else Text(tuple(flat))


def _split(delimiter: str, value) -> list:
    """Fn::Split, also over a Text: only its literal parts hold delimiters."""
    if isinstance(value, str):
        return value.split(delimiter)
    if not isinstance(value, Text):
        raise _Fail(f"cannot split {_show(value)}: its pieces are unknown before deploy")
    pieces, current = [], []
    for part in value.parts:
        if isinstance(part, str):
            first, *rest = part.split(delimiter)
            current.append(first)
            for segment in rest:
                pieces.append(current)
                current = [segment]
        else:
            current.append(part)
    pieces.append(current)
    return [_text(piece) for piece in pieces]


def _has_ref(value) -> bool:
    return isinstance(value, Ref) or (
        isinstance(value, Text) and any(isinstance(p, Ref) for p in value.parts))


def _concrete(value) -> bool:
    if isinstance(value, dict):
        return all(map(_concrete, value.values()))
    if isinstance(value, list):
        return all(map(_concrete, value))
    return not isinstance(value, SYMBOLS)


def _comparable(value):
    if isinstance(value, list):
        return [_scalar(item, "a compared item") for item in value]
    return _scalar(value, "a compared value")


def _equal(left, right) -> bool:
    """Fn::Equals. A resource's Ref or attribute is generated by AWS, so templates compare it
    with a literal only to test a sentinel ("" or "none": nothing given); it equals no literal.
    Any other symbol against a literal cannot be decided before deploy."""
    if _concrete(left) and _concrete(right):
        return _comparable(left) == _comparable(right)
    if left == right:
        return True
    if (_has_ref(left) and _concrete(right)) or (_has_ref(right) and _concrete(left)):
        return False
    raise _Fail(f"Fn::Equals cannot decide {_show(left)} against {_show(right)} before deploy")


def _args(arg, count: int, function: str) -> list:
    if not isinstance(arg, list) or len(arg) != count:
        raise _Fail(f"{function} takes a list of {count} arguments, got {_show(arg)}")
    return arg


def _lookup(table, key: str):
    # YAML may give unquoted map keys as numbers; CloudFormation compares them as text
    if isinstance(table, dict):
        for k, v in table.items():
            if str(k) == key:
                return v
    return None


def _optional_str(value) -> str | None:
    return None if value is None else str(value)


def _template_file(url) -> str:
    """The file name ending a TemplateURL, which may start with a deploy-time bucket."""
    tail = url.parts[-1] if isinstance(url, Text) else url
    return tail.rsplit("/", 1)[-1] if isinstance(tail, str) else ""


def _partition(region: str) -> tuple[str, str]:
    if region.startswith("cn-"):
        return "aws-cn", "amazonaws.com.cn"
    return ("aws-us-gov" if region.startswith("us-gov-") else "aws"), "amazonaws.com"


def _parameter_value(type_: str, raw, declared: dict):
    """A parameter as CloudFormation hands it to the template: text, a list, or a symbol."""
    if type_.startswith("AWS::SSM::Parameter::Value<"):
        return Pseudo(f"ssm:{_scalar(raw, 'the SSM parameter name')}")
    if not (type_ == "CommaDelimitedList" or type_.startswith("List<")):
        value = _piece(raw, "the value")
        _check(value, type_, declared)
        return value
    if isinstance(raw, list):
        items = [_piece(item, "a list item") for item in raw]
    elif isinstance(raw, Ref | Pseudo):
        items = [raw]  # one deploy-time id
    else:
        items = _split(",", _piece(raw, "the value"))  # "" gives [""], as CloudFormation does
    items = [item.strip() if isinstance(item, str) else item for item in items]
    item_type = type_[5:-1] if type_.startswith("List<") else "String"
    for item in items:
        _check(item, item_type, declared)  # constraints apply to each item of a list
    return items


def _check(value, type_: str, declared: dict) -> None:
    if not isinstance(value, str):
        return  # a symbol: only the deploy knows
    allowed = declared.get("AllowedValues")
    if allowed is not None and value not in [_scalar(a, "an allowed value") for a in allowed]:
        raise _Fail(f"{value!r} is not one of AllowedValues {[str(a) for a in allowed]}")
    pattern = declared.get("AllowedPattern")
    if pattern is not None and not re.fullmatch(str(pattern), value):
        raise _Fail(f"{value!r} does not match AllowedPattern {str(pattern)!r}")
    if type_ == "Number":
        try:
            number = float(value)
        except ValueError:
            raise _Fail(f"{value!r} is not a number") from None
        low, high = declared.get("MinValue"), declared.get("MaxValue")
        if (low is not None and number < float(low)) or (high is not None and number > float(high)):
            raise _Fail(f"{value} is outside MinValue {low} / MaxValue {high}")


@dataclass
class _Env:
    """What every stack of one deployment shares."""

    region: str
    account: str
    exports: dict = field(default_factory=dict)  # from the stacks resolved so far
    templates: dict | None = None  # nested mode: file name -> template


class _Stack:
    """One template instance. Conditions, resources and nested stacks resolve on first use
    (memoized), so order in the template never matters and untaken Fn::If branches stay
    unread."""

    def __init__(self, template: dict, given: dict, *, path: str, name: str, env: _Env):
        self.template, self.path, self.name, self.env = template, path, name, env
        if "Transform" in template:
            raise ResolveError(f"{path}: transforms are not supported ({template['Transform']})")
        self.raw_resources: dict = template.get("Resources", {})
        self._conditions: dict[str, bool | None] = {}  # None while being evaluated
        self._resources: dict[str, ResolvedResource | None] = {}
        self._children: dict[str, ResolvedStack | None] = {}
        partition, url_suffix = _partition(env.region)
        self._pseudo = {
            "AWS::Region": env.region, "AWS::AccountId": env.account,
            "AWS::Partition": partition, "AWS::URLSuffix": url_suffix,
            "AWS::StackName": name, "AWS::NoValue": NO_VALUE,
            "AWS::StackId": Pseudo("AWS::StackId"),
            "AWS::NotificationARNs": Pseudo("AWS::NotificationARNs"),
        }
        self._functions = {
            "Ref": self._ref, "Fn::GetAtt": self._get_att, "Fn::Join": self._join,
            "Fn::Sub": self._sub, "Fn::Select": self._select, "Fn::Split": self._split,
            "Fn::If": self._if, "Fn::FindInMap": self._find_in_map,
            "Fn::ImportValue": self._import_value, "Fn::GetAZs": self._get_azs,
            "Fn::Cidr": self._cidr, "Fn::Base64": self.value,
            "Fn::Length": self._length, "Fn::ToJsonString": self._to_json_string,
        }
        self.parameters = self._parameters(given)

    @contextmanager
    def _where(self, where: str):
        try:
            yield
        except _Fail as error:
            raise ResolveError(f"{self.path}: {where}: {error}") from None

    def _parameters(self, given: dict) -> dict:
        declared = self.template.get("Parameters", {})
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise ResolveError(f"{self.path}: parameters not in the template: {', '.join(unknown)}")
        values = {}
        for name, spec in declared.items():
            with self._where(f"parameter {name}"):
                if name in given:
                    raw = given[name]
                elif "Default" in spec:
                    raw = spec["Default"]
                else:
                    raise _Fail("no value given and no Default")
                values[str(name)] = _parameter_value(str(spec.get("Type", "String")), raw, spec)
        return values

    # conditions

    def condition(self, name: str) -> bool:
        if name not in self._conditions:
            declared = self.template.get("Conditions", {})
            if name not in declared:
                raise _Fail(f"unknown condition {name!r}")
            self._conditions[name] = None
            with self._where(f"condition {name}"):
                self._conditions[name] = self._truth(declared[name])
        held = self._conditions[name]
        if held is None:
            raise _Fail(f"condition {name} depends on itself")
        return held

    def _truth(self, expression) -> bool:
        if not (isinstance(expression, dict) and len(expression) == 1):
            raise _Fail(f"not a condition: {_show(expression)}")
        ((function, arg),) = expression.items()
        if function == "Condition":
            return self.condition(_scalar(arg, "a condition name"))
        if function == "Fn::Equals":
            return _equal(*(self.value(a) for a in _args(arg, 2, function)))
        if function == "Fn::Not":
            return not self._truth(_args(arg, 1, function)[0])
        if function in ("Fn::And", "Fn::Or") and isinstance(arg, list):
            decide = all if function == "Fn::And" else any  # short-circuit like a reader would
            return decide(self._truth(a) for a in arg)
        if function == "Fn::Contains":  # Rules only: a string among a list of strings
            values, value = _args(arg, 2, function)
            listed = self.value(values)
            if not isinstance(listed, list):
                raise _Fail(f"Fn::Contains takes a list first, got {_show(listed)}")
            needle = self.value(value)
            return any(_equal(item, needle) for item in listed)
        raise _Fail(f"not a condition: {_show(expression)}")

    def _require(self, logical_id: str) -> None:
        condition = self.raw_resources[logical_id].get("Condition")
        if condition is not None and not self.condition(str(condition)):
            raise _Fail(f"{logical_id} is not created (condition {condition} is false)")

    # values

    def value(self, node):
        """Resolve a template fragment: no intrinsic left, AWS::NoValue dropped."""
        if isinstance(node, dict):
            if len(node) == 1:
                ((key, arg),) = node.items()
                if key == "Ref" or key.startswith("Fn::"):
                    if key not in self._functions:
                        raise _Fail(f"unsupported intrinsic {key}")
                    return self._functions[key](arg)
            resolved = {str(k): self.value(v) for k, v in node.items()}
            return {k: v for k, v in resolved.items() if v is not NO_VALUE}
        if isinstance(node, list):
            return [v for v in map(self.value, node) if v is not NO_VALUE]
        return str(node) if isinstance(node, str) else node

    def _ref(self, arg):
        name = _scalar(arg, "the Ref target")
        if name in self._pseudo:
            return self._pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        if name in self.raw_resources:
            self._require(name)
            return Ref(self.path, name, str(self.raw_resources[name].get("Type")), "Ref")
        raise _Fail(f"Ref to unknown {name!r}")

    def _get_att(self, arg):
        if isinstance(arg, str):
            logical_id, _, attribute = arg.partition(".")
        else:
            logical_id, attribute = _args(arg, 2, "Fn::GetAtt")
            logical_id = _scalar(logical_id, "the Fn::GetAtt resource")
            attribute = _scalar(self.value(attribute), "the Fn::GetAtt attribute")
        if logical_id not in self.raw_resources:
            raise _Fail(f"Fn::GetAtt of unknown resource {logical_id!r}")
        self._require(logical_id)
        type_ = str(self.raw_resources[logical_id].get("Type"))
        if type_ == "AWS::CloudFormation::Stack" and attribute.startswith("Outputs."):
            outputs = self.child(logical_id).outputs
            output = attribute.removeprefix("Outputs.")
            if output not in outputs:
                raise _Fail(f"nested stack {logical_id} has no output {output!r}")
            return outputs[output]
        echoed = _ECHOED_ATTRIBUTES.get((type_, attribute))
        if echoed and echoed in (properties := self.resource(logical_id).properties):
            return properties[echoed]
        return Ref(self.path, logical_id, type_, attribute)

    def _join(self, arg):
        delimiter, items = _args(arg, 2, "Fn::Join")
        delimiter, items = _scalar(delimiter, "the Fn::Join delimiter"), self.value(items)
        if not isinstance(items, list):
            raise _Fail(f"Fn::Join needs a list, got {_show(items)}")
        parts = []
        for index, item in enumerate(items):
            parts += [delimiter] if index else []
            parts.append(_piece(item, "a Fn::Join item"))  # a list item is an error
        return _text(parts)

    def _sub(self, arg):
        if isinstance(arg, list):
            template, variables = _args(arg, 2, "Fn::Sub")
            variables = {str(k): self.value(v) for k, v in variables.items()}
        else:
            template, variables = arg, {}
        template = _scalar(template, "the Fn::Sub string")
        parts, position = [], 0
        for match in re.finditer(r"\$\{([^}]*)\}", template):
            parts.append(template[position:match.start()])
            position = match.end()
            name = match.group(1).strip()
            if name.startswith("!"):  # ${!Literal} writes ${Literal}
                parts.append("${" + name[1:] + "}")
            elif name in variables:
                parts.append(_piece(variables[name], f"Fn::Sub variable {name}"))
            elif "." in name:
                parts.append(_piece(self._get_att(name), f"Fn::Sub ${{{name}}}"))
            else:
                parts.append(_piece(self._ref(name), f"Fn::Sub ${{{name}}}"))
        parts.append(template[position:])
        return _text(parts)

    def _select(self, arg):
        index, items = (self.value(a) for a in _args(arg, 2, "Fn::Select"))
        try:
            index = int(_scalar(index, "the Fn::Select index"))
        except ValueError:
            raise _Fail(f"Fn::Select index {index!r} is not a number") from None
        if not isinstance(items, list):
            raise _Fail(f"Fn::Select needs a list, got {_show(items)}")
        if not 0 <= index < len(items):
            raise _Fail(f"Fn::Select index {index} is out of range for {len(items)} items")
        return items[index]

    def _split(self, arg):
        delimiter, source = (self.value(a) for a in _args(arg, 2, "Fn::Split"))
        delimiter = _scalar(delimiter, "the Fn::Split delimiter")
        if not delimiter:
            raise _Fail("Fn::Split needs a delimiter")
        return _split(delimiter, source)

    def _if(self, arg):
        name, if_true, if_false = _args(arg, 3, "Fn::If")
        return self.value(if_true if self.condition(_scalar(name, "a condition")) else if_false)

    def _find_in_map(self, arg):
        map_name, first, second = (_scalar(self.value(a), "a Fn::FindInMap key")
                                   for a in _args(arg, 3, "Fn::FindInMap"))
        mapping = self.template.get("Mappings", {}).get(map_name)
        if mapping is None:
            raise _Fail(f"Fn::FindInMap: no mapping {map_name!r}")
        found = _lookup(_lookup(mapping, first), second)
        if found is None:
            raise _Fail(f"Fn::FindInMap: mapping {map_name} has no [{first!r}][{second!r}]")
        return self.value(found)

    def _import_value(self, arg):
        name = _scalar(self.value(arg), "the Fn::ImportValue name")
        if name not in self.env.exports:
            raise _Fail(f"Fn::ImportValue of unknown export {name!r}")
        return self.env.exports[name]

    def _get_azs(self, arg):
        region = self.value(arg)
        region = region if isinstance(region, str) and region else self.env.region
        # as many as every account sees there (a Select past them fails, as in CloudFormation);
        # a region of unknown count gets the most a deployment takes
        count = AZS_EVERY_ACCOUNT_SEES.get(region, AZ_COUNTS[-1])
        return [f"{region}{letter}" for letter in "abcdef"[:count]]

    def _cidr(self, arg):
        block, count, bits = (self.value(a) for a in _args(arg, 3, "Fn::Cidr"))
        try:
            count, bits = int(_scalar(count, "the count")), int(_scalar(bits, "the cidrBits"))
        except ValueError:
            raise _Fail(f"Fn::Cidr count {count!r} or cidrBits {bits!r} is no number") from None
        if isinstance(block, SYMBOLS):
            return [Pseudo(f"Fn::Cidr({block.canonical()}, {count}, {bits})[{i}]")
                    for i in range(count)]
        try:
            network = ipaddress.ip_network(_scalar(block, "the ip block"), strict=False)
            prefix = network.max_prefixlen - bits  # cidrBits counts host bits
            blocks = [str(s) for s in itertools.islice(network.subnets(new_prefix=prefix), count)]
        except ValueError as error:
            raise _Fail(f"Fn::Cidr over {block!r}: {error}") from None
        if len(blocks) < count:
            raise _Fail(f"Fn::Cidr: {block} holds {len(blocks)} /{prefix} blocks, not {count}")
        return blocks

    def _length(self, arg):
        items = self.value(arg)
        if not isinstance(items, list):
            raise _Fail(f"Fn::Length needs a list, got {_show(items)}")
        return len(items)

    def _to_json_string(self, arg):
        value = self.value(arg)
        if not _concrete(value):
            raise _Fail(f"Fn::ToJsonString of a value known only after deploy: {_show(value)}")
        return json.dumps(value, separators=(",", ":"))  # compact, as CloudFormation writes it

    # resources, nested stacks, the whole stack

    def resource(self, logical_id: str) -> ResolvedResource:
        if logical_id not in self._resources:
            self._resources[logical_id] = None
            raw = self.raw_resources[logical_id]
            with self._where(f"resource {logical_id}"):
                properties = self.value(raw.get("Properties", {}))
                metadata = self.value(raw.get("Metadata", {}))
            depends_on = raw.get("DependsOn", ())
            self._resources[logical_id] = ResolvedResource(
                stack=self.path, logical_id=str(logical_id), type=str(raw.get("Type")),
                properties={} if properties is NO_VALUE else properties,
                depends_on=(str(depends_on),) if isinstance(depends_on, str)
                else tuple(map(str, depends_on)),
                deletion_policy=_optional_str(raw.get("DeletionPolicy")),
                update_replace_policy=_optional_str(raw.get("UpdateReplacePolicy")),
                metadata={} if metadata is NO_VALUE else metadata)
        resolved = self._resources[logical_id]
        if resolved is None:
            raise _Fail(f"resource {logical_id} depends on itself")
        return resolved

    def child(self, logical_id: str) -> ResolvedStack:
        if logical_id not in self._children:
            if self.env.templates is None:
                raise _Fail(f"nested stack {logical_id}: nested stacks resolve with resolve_nested")
            self._children[logical_id] = None
            properties = self.resource(logical_id).properties
            with self._where(f"resource {logical_id}"):
                url = properties.get("TemplateURL")
                file_name = _template_file(url)
                if file_name not in self.env.templates:
                    raise _Fail(f"no template for TemplateURL {_show(url)}")
            self._children[logical_id] = _Stack(
                self.env.templates[file_name], properties.get("Parameters", {}),
                path=f"{self.path}/{logical_id}", name=f"{self.name}-{logical_id}",
                env=self.env).resolve()
        resolved = self._children[logical_id]
        if resolved is None:
            raise _Fail(f"nested stack {logical_id} depends on itself")
        return resolved

    def resolve(self) -> ResolvedStack:
        with self._where("conditions"):
            conditions = {str(n): self.condition(n) for n in self.template.get("Conditions", {})}
        resources, children = {}, {}
        for logical_id, raw in self.raw_resources.items():
            with self._where(f"resource {logical_id}"):
                condition = raw.get("Condition")
                if condition is not None and not self.condition(str(condition)):
                    continue
                resources[str(logical_id)] = self.resource(logical_id)
                if raw.get("Type") == "AWS::CloudFormation::Stack":
                    children[str(logical_id)] = self.child(logical_id)
        outputs, exports = {}, {}
        for name, output in self.template.get("Outputs", {}).items():
            with self._where(f"output {name}"):
                condition = output.get("Condition")
                if condition is not None and not self.condition(str(condition)):
                    continue
                outputs[str(name)] = value = self.value(output.get("Value"))
                if value is NO_VALUE:
                    raise _Fail("the value is AWS::NoValue")
                if "Export" in output:
                    export = _scalar(self.value(output["Export"].get("Name")), "the export name")
                    if export in self.env.exports:
                        raise _Fail(f"export {export!r} is already exported by another stack")
                    exports[export] = self.env.exports[export] = value
        return ResolvedStack(self.path, self.name, self.parameters, conditions, resources,
                             outputs, exports, children)


def _with_children(stack: ResolvedStack) -> Iterator[tuple[str, ResolvedStack]]:
    yield stack.path, stack
    for child in stack.children.values():
        yield from _with_children(child)


def resolve_template(template: dict, parameters: dict | None = None, name: str = "stack",
                     region: str = "us-east-1", account: str = "123456789012") -> ResolvedStack:
    """One stand-alone template (no nested stacks, no imports)."""
    return _Stack(template, parameters or {}, path=name, name=name,
                  env=_Env(region, account)).resolve()


def resolve_nested(templates: dict[str, dict], root: str, parameters: dict[str, str],
                   stack_name: str = "wa", region: str = "us-east-1",
                   account: str = "123456789012") -> Deployment:
    """Plain templates: `root` (a file name of `templates`) and the nested stacks it creates,
    each found by the file name that ends its TemplateURL."""
    if root not in templates:
        raise ResolveError(f"{stack_name}: no template named {root!r}")
    env = _Env(region, account, templates=templates)
    top = _Stack(templates[root], parameters, path=stack_name, name=stack_name, env=env)
    return Deployment(dict(_with_children(top.resolve())))


def _dependency_order(artifacts: dict, wanted: Iterable[str]) -> list[str]:
    """The wanted stacks and the stacks they depend on (their exports), dependencies first."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(artifact_id: str) -> None:
        if artifact_id in order:
            return
        if artifact_id in visiting:
            raise ResolveError(f"{artifact_id}: circular stack dependencies")
        visiting.add(artifact_id)
        for dependency in artifacts[artifact_id].get("dependencies", ()):
            if dependency in artifacts:  # asset manifests are not stacks
                visit(dependency)
        order.append(artifact_id)

    for artifact_id in wanted:
        if artifact_id not in artifacts:
            raise ResolveError(f"{artifact_id}: no CloudFormation stack of that name in assembly")
        visit(artifact_id)
    return order


def resolve_assembly(outdir, stacks: Iterable[str] | None = None, region: str = "us-east-1",
                     account: str = "123456789012") -> Deployment:
    """A CDK cloud assembly: its stacks (or `stacks` and what they import from), in dependency
    order, so Fn::ImportValue reads the exporting stack's resolved output."""
    outdir = Path(outdir)
    manifest = json.loads((outdir / "manifest.json").read_text())
    artifacts = {artifact_id: artifact
                 for artifact_id, artifact in manifest.get("artifacts", {}).items()
                 if artifact.get("type") == "aws:cloudformation:stack"}
    resolved: dict[str, ResolvedStack] = {}
    env = _Env(region, account)
    for artifact_id in _dependency_order(artifacts, artifacts if stacks is None else stacks):
        properties = artifacts[artifact_id].get("properties", {})
        # a stack bound to an account and region resolves in them (else "unknown-...")
        _, _, bound = artifacts[artifact_id].get("environment", "").partition("aws://")
        bound_account, _, bound_region = bound.partition("/")
        env.account = bound_account if bound_account.isdigit() else account
        env.region = bound_region if bound_region and "unknown" not in bound_region else region
        template = json.loads((outdir / properties["templateFile"]).read_text())
        stack = _Stack(template, properties.get("parameters", {}), path=artifact_id,
                       name=properties.get("stackName", artifact_id), env=env)
        resolved.update(_with_children(stack.resolve()))
    return Deployment(resolved)
