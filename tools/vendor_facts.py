"""List every runtime fact in the vendor's AWS CloudFormation templates.

Reads the five templates (src/aws/wa_ent*.yml) from a vendor git directory or checkout, walks
them as YAML nodes (so every fact keeps its line numbers; CloudFormation short tags such as
!Ref or !Sub stay as node tags) and writes contract/vendor_facts.json: one fact per
runtime fact, each with a stable id that does not depend on line numbers.

    python -m tools.vendor_facts --vendor-git <vendor>.git            # regenerate
    python -m tools.vendor_facts --vendor-git <vendor>.git --check    # exit 1 when stale

Values are short normalised statements or bare values (names, paths, numbers, actions): the
vendor's scripts and prose are summarised, never copied. The pure part is `facts_from_text`.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shlex
import subprocess
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import yaml

from contract.vendor_facts import VendorFact  # the one shape: the generated data holds it

VENDOR = "WhatsApp/whatsapp-business-api-deployment-templates"
TEMPLATES = ("wa_ent", "wa_ent_db", "wa_ent_lambda", "wa_ent_monitoring", "wa_ent_net")
TEMPLATE_DIR = "src/aws"
OUT = Path(__file__).resolve().parent.parent / "contract" / "vendor_facts.json"
# Where the vendor's git directory lives is this machine's business, not the tree's.
GIT_ENV = "WA_VENDOR_GIT"
CLONE_HINT = "<git directory of a clone of https://github.com/WhatsApp/whatsapp-business-api-deployment-templates>"

KINDS = (
    "agent", "boot", "command", "container", "db", "entrypoint", "env", "health", "host",
    "iam", "imds", "log", "memory", "mount", "net", "parameter", "port", "secret", "service",
    "task", "ulimit",
)


# ---------------------------------------------------------------------------------------------
# YAML: a loader that tolerates the short tags, and node helpers that keep line numbers

SHORT_TAGS = (
    "Ref", "Sub", "GetAtt", "If", "Join", "FindInMap", "Select", "ImportValue", "Equals",
    "Not", "And", "Or", "Split", "Base64", "Cidr", "GetAZs", "Condition", "Transform",
)


class CfnLoader(yaml.SafeLoader):
    """SafeLoader that reads CloudFormation short tags as {"Fn::X": ...} (or {"Ref": ...})."""


def _construct_short(loader: CfnLoader, tag_suffix: str, node: yaml.Node) -> dict:
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    key = tag_suffix if tag_suffix in ("Ref", "Condition") else f"Fn::{tag_suffix}"
    return {key: value}


CfnLoader.add_multi_constructor("!", _construct_short)


def compose(text: str) -> yaml.Node:
    """The template as YAML nodes (tags kept, marks give line numbers)."""
    return yaml.compose(text, Loader=CfnLoader)


def load(text: str) -> dict:
    """The template as plain data (short tags as their long forms)."""
    return yaml.load(text, Loader=CfnLoader)  # noqa: S506 - CfnLoader is a SafeLoader


Node = yaml.Node


def ln(node: Node) -> int:
    return node.start_mark.line + 1


def is_map(node: Node | None) -> bool:
    return isinstance(node, yaml.MappingNode)


def is_seq(node: Node | None) -> bool:
    return isinstance(node, yaml.SequenceNode)


def is_scalar(node: Node | None) -> bool:
    return isinstance(node, yaml.ScalarNode)


def entries(node: Node | None) -> list[tuple[str, Node, Node]]:
    """(key, key node, value node) of a mapping node; [] for anything else."""
    if not is_map(node):
        return []
    return [(k.value, k, v) for k, v in node.value]


def get(node: Node | None, *path: str) -> Node | None:
    for key in path:
        found = None
        for name, _, value in entries(node):
            if name == key:
                found = value
        node = found
        if node is None:
            return None
    return node


def key_line(node: Node | None, key: str) -> int | None:
    for name, knode, _ in entries(node):
        if name == key:
            return ln(knode)
    return None


def items(node: Node | None) -> list[Node]:
    return list(node.value) if is_seq(node) else []


def intrinsic(node: Node | None) -> tuple[str | None, Node | None]:
    """(function name, argument node) when the node is an intrinsic function."""
    if node is None:
        return None, None
    tag = node.tag or ""
    if tag.startswith("!") and tag[1:] in SHORT_TAGS:
        return tag[1:], node
    if is_map(node) and len(node.value) == 1:
        key = node.value[0][0].value
        if key in ("Ref", "Condition"):
            return key, node.value[0][1]
        if isinstance(key, str) and key.startswith("Fn::"):
            return key[4:], node.value[0][1]
    return None, None


def text(node: Node | None) -> str | None:
    """A plain scalar's text (None for intrinsics and collections)."""
    if is_scalar(node) and intrinsic(node)[0] is None:
        return node.value
    return None


# ---------------------------------------------------------------------------------------------
# Rendering values: intrinsics as short normalised statements


class Template:
    def __init__(self, name: str, text_: str):
        self.name = name
        self.text = text_
        self.root = compose(text_)
        self.data = load(text_)
        self.params = {k: v for k, _, v in entries(get(self.root, "Parameters"))}
        self.param_lines = {k: ln(kn) for k, kn, _ in entries(get(self.root, "Parameters"))}
        self.mappings = self.data.get("Mappings") or {}
        self.resources = [(k, kn, v) for k, kn, v in entries(get(self.root, "Resources"))]
        self.types = {k: text(get(v, "Type")) or "" for k, _, v in self.resources}
        match = re.search(r"CFN Version (\d+(?:\.\d+)+)", text_[:2000])
        self.version = match.group(1) if match else None

    # -- values
    def ref(self, name: str) -> str:
        if name == "AWS::NoValue":
            return "(no value)"
        param = self.params.get(name)
        if param is not None:
            default = get(param, "Default")
            if default is not None:
                shown = text(default)
                return f"Ref {name} (default {shown!s})" if shown else f'Ref {name} (default "")'
        return f"Ref {name}"

    def literal(self, node: Node | None) -> str | None:
        """The node's value when it is fixed in the template (a scalar or a resolvable map)."""
        if node is None:
            return None
        plain = text(node)
        if plain is not None:
            return plain
        fn, arg = intrinsic(node)
        if fn == "FindInMap" and is_seq(arg) and len(arg.value) == 3:
            keys = [self.literal(k) for k in arg.value]
            if all(k is not None for k in keys):
                found = self.mappings.get(keys[0], {}).get(keys[1], {}).get(keys[2])
                if found is not None and not isinstance(found, dict | list):
                    return str(found)
        return None

    def render(self, node: Node | None) -> str:
        if node is None:
            return "(not set)"
        fn, arg = intrinsic(node)
        if fn is None:
            if is_scalar(node):
                return node.value if node.value != "" else '""'
            if is_seq(node):
                return "[" + ", ".join(self.render(n) for n in node.value) + "]"
            return "{" + ", ".join(f"{k}: {self.render(v)}" for k, _, v in entries(node)) + "}"
        args = items(arg) if is_seq(arg) else []
        if fn == "Ref":
            return self.ref(arg.value)
        if fn == "Condition":
            return f"Condition {arg.value}"
        if fn == "GetAtt":
            if is_scalar(arg):
                return f"GetAtt {arg.value}"
            return "GetAtt " + ".".join(self.render(a) for a in args)
        if fn == "Sub":
            return self.sub(arg)
        if fn == "If" and len(args) == 3:
            cond, yes, no = args
            return f"If {self.render(cond)} {self.render(yes)} else {self.render(no)}"
        if fn == "Join" and len(args) == 2:
            sep = self.literal(args[0]) or ""
            parts = items(args[1])
            if not parts:
                return f"Join({sep!r}, {self.render(args[1])})"
            shown = [self.literal(p) or ("{" + self.render(p) + "}") for p in parts]
            joined = sep.join(shown)
            if len(parts) == 1 and joined.startswith("{") and joined.endswith("}"):
                return joined[1:-1]
            return joined
        if fn == "FindInMap" and len(args) == 3:
            value = self.literal(node)
            path = "[" + "][".join(self.render(a) for a in args[1:]) + "]"
            if value is not None:
                return f"{value} (map {args[0].value}{path})"
            return f"FindInMap {self.render(args[0])}{path}"
        if fn == "Select" and len(args) == 2:
            return f"Select {self.render(args[0])} of {self.render(args[1])}"
        if fn == "GetAZs":
            inner = self.render(arg) if not (is_scalar(arg) and arg.value == "") else "region"
            return f"GetAZs {inner}"
        return f"{fn} {self.render(arg)}"

    def sub_vars(self, arg: Node) -> tuple[str, dict[str, Node]]:
        """A Sub's template string and its variable map."""
        if is_seq(arg) and arg.value:
            string = arg.value[0].value
            variables = {k: v for k, _, v in entries(arg.value[1])} if len(arg.value) > 1 else {}
            return string, variables
        return arg.value, {}

    def sub(self, arg: Node) -> str:
        string, variables = self.sub_vars(arg)

        def replace(match: re.Match) -> str:
            name = match.group(1)
            if name in variables:
                fixed = self.literal(variables[name])
                return fixed if fixed is not None else "{" + self.render(variables[name]) + "}"
            return match.group(0)

        return re.sub(r"\$\{([^}!]+)\}", replace, string)


# ---------------------------------------------------------------------------------------------
# Collecting facts: one accumulator per id; a fact seen in several places keeps each line


class Facts:
    def __init__(self, template: str):
        self.template = template
        self.found: dict[str, dict] = {}

    def add(self, suffix: str, kind: str, subject: str, value: str, *lines: int | None) -> None:
        assert kind in KINDS, kind
        fid = f"{self.template}/{kind}/{suffix}"
        entry = self.found.setdefault(fid, {"kind": kind, "subjects": [], "values": {},
                                            "lines": set()})
        if subject not in entry["subjects"]:
            entry["subjects"].append(subject)
        holders = entry["values"].setdefault(" ".join(value.split()), [])
        if subject not in holders:
            holders.append(subject)
        entry["lines"].update(x for x in lines if x)

    def result(self) -> list[VendorFact]:
        out = []
        for fid, entry in self.found.items():
            values = entry["values"]
            if len(values) == 1 or len(entry["subjects"]) == 1:
                value = "; ".join(values)
            else:
                value = "; ".join(f"{v} [{', '.join(s)}]" for v, s in values.items())
            out.append(VendorFact(fid, entry["kind"], self.template,
                                  ", ".join(entry["subjects"]), value,
                                  tuple(sorted(entry["lines"]))))
        return out


# ---------------------------------------------------------------------------------------------
# Containers and task definitions

CONTAINER_HANDLED = {
    "Name", "Environment", "Secrets", "Command", "EntryPoint", "MountPoints", "VolumesFrom",
    "PortMappings", "HealthCheck", "Ulimits", "LogConfiguration", "MemoryReservation", "Memory",
    "Cpu",
}
TASK_ALWAYS = ("NetworkMode", "TaskRoleArn", "ExecutionRoleArn")
TASK_DEFAULTS = {
    "NetworkMode": "not set: bridge (the ECS default on EC2)",
    "TaskRoleArn": "not set: no task role (containers get no task credentials)",
    "ExecutionRoleArn": "not set",
}


def task_facts(t: Template, f: Facts, name: str, knode: Node, res: Node) -> None:
    props = get(res, "Properties")
    volumes = {}
    for vol in items(get(props, "Volumes")):
        vname = text(get(vol, "Name")) or "?"
        source = get(vol, "Host", "SourcePath")
        volumes[vname] = t.render(source) if source is not None else "(task-managed volume)"
        f.add(f"volume/{vname}", "task", name, f"host {volumes[vname]}", ln(vol))
    condition = get(res, "Condition")
    if condition is not None:
        f.add(f"{name}/Condition", "task", name, t.render(condition),
              key_line(res, "Condition"))
    for key in TASK_ALWAYS:
        node = get(props, key)
        value = t.render(node) if node is not None else TASK_DEFAULTS[key]
        f.add(f"{name}/{key}", "task", name, value, key_line(props, key) or ln(knode))
    for key, kn, value in entries(props):
        if key in ("ContainerDefinitions", "Volumes", *TASK_ALWAYS):
            continue
        f.add(f"{name}/{key}", "task", name, t.render(value), ln(kn))
    no_health, no_ulimit = [], []
    for c in items(get(props, "ContainerDefinitions")):
        cname = text(get(c, "Name")) or "?"
        container_facts(t, f, name, cname, c, volumes)
        if get(c, "HealthCheck") is None:
            no_health.append((f"{name}/{cname}", ln(c)))
        if get(c, "Ulimits") is None:
            no_ulimit.append((f"{name}/{cname}", ln(c)))
    for subject, line in no_health:
        f.add("none", "health", subject, "no container health check (none set)", line)
    for subject, line in no_ulimit:
        f.add("none", "ulimit", subject, "no ulimits set (Docker daemon defaults)", line)


def container_facts(t: Template, f: Facts, task: str, cname: str, c: Node,
                    volumes: dict[str, str]) -> None:
    who = f"{task}/{cname}"
    for env in items(get(c, "Environment")):
        var = text(get(env, "Name")) or "?"
        f.add(var, "env", who, t.render(get(env, "Value")), ln(env))
    for sec in items(get(c, "Secrets")):
        var = text(get(sec, "Name")) or "?"
        source = get(sec, "ValueFrom")
        shown = t.render(source)
        fn, arg = intrinsic(source)
        if fn == "Ref" and arg.value in t.types:
            shown += f" [{t.types[arg.value]}]"
        f.add(var, "secret", who, f"from {shown}", ln(sec))
    for key, kind in (("Command", "command"), ("EntryPoint", "entrypoint")):
        node = get(c, key)
        if node is not None:
            f.add(who, kind, who, t.render(node), key_line(c, key))
        elif kind == "command":
            f.add(who, kind, who, "not set: the image's default command", ln(c))
    for mp in items(get(c, "MountPoints")):
        path = text(get(mp, "ContainerPath")) or "?"
        vol = text(get(mp, "SourceVolume")) or "?"
        ro = " read-only" if (text(get(mp, "ReadOnly")) or "").lower() == "true" else ""
        host = volumes.get(vol, "(volume not declared)")
        f.add(f"{vol}:{path}", "mount", who, f"{path} -> {vol} -> host {host}{ro}", ln(mp))
    for vf in items(get(c, "VolumesFrom")):
        src = text(get(vf, "SourceContainer")) or "?"
        ro = " read-only" if (text(get(vf, "ReadOnly")) or "").lower() == "true" else ""
        f.add(f"volumes-from:{src}", "mount", who, f"all volumes of container {src}{ro}",
              ln(vf))
    for pm in items(get(c, "PortMappings")):
        cport = t.render(get(pm, "ContainerPort"))
        host = get(pm, "HostPort")
        hport = t.render(host) if host is not None else "not set (dynamic in bridge mode)"
        proto = text(get(pm, "Protocol")) or "tcp"
        f.add(token(t, get(pm, "ContainerPort")), "port", who,
              f"container {cport}/{proto}, host {hport}", ln(pm))
    health = get(c, "HealthCheck")
    if health is not None:
        f.add(who, "health", who, t.render(health), key_line(c, "HealthCheck"))
    for ul in items(get(c, "Ulimits")):
        uname = text(get(ul, "Name")) or "?"
        f.add(f"{who}/{uname}", "ulimit", who,
              f"soft {t.render(get(ul, 'SoftLimit'))}, hard {t.render(get(ul, 'HardLimit'))}",
              ln(ul))
    logc = get(c, "LogConfiguration")
    if logc is not None:
        f.add("LogDriver", "log", who, t.render(get(logc, "LogDriver")),
              key_line(logc, "LogDriver"))
        for opt, kn, value in entries(get(logc, "Options")):
            f.add(f"option/{opt}", "log", who, t.render(value), ln(kn))
    else:
        f.add("LogDriver", "log", who, "not set: the Docker daemon's default driver", ln(c))
    sizes = [f"{k} {t.render(get(c, k))}" for k in ("MemoryReservation", "Memory", "Cpu")
             if get(c, k) is not None]
    lines = [key_line(c, k) for k in ("MemoryReservation", "Memory", "Cpu")]
    if not any(x == "Cpu" or x.startswith("Cpu ") for x in sizes):
        sizes.append("Cpu not set")
    if not any(x.startswith("Memory ") for x in sizes):
        sizes.append("Memory (hard limit) not set")
    f.add(who, "memory", who, ", ".join(sizes), *lines)
    for key, kn, value in entries(c):
        if key not in CONTAINER_HANDLED:
            f.add(f"{who}/{key}", "container", who, t.render(value), ln(kn))


def service_facts(t: Template, f: Facts, name: str, knode: Node, res: Node) -> None:
    props = get(res, "Properties")
    condition = get(res, "Condition")
    if condition is not None:
        f.add(f"{name}/Condition", "service", name, t.render(condition),
              key_line(res, "Condition"))
    depends = get(res, "DependsOn")
    if depends is not None:  # the order CloudFormation creates and updates the services in
        f.add(f"{name}/DependsOn", "service", name, render_list(t, depends),
              key_line(res, "DependsOn"))
    for key, kn, value in entries(props):
        if key == "DeploymentConfiguration":
            shown = ", ".join(f"{k} {t.render(v)}" for k, _, v in entries(value))
        elif key in ("PlacementConstraints", "PlacementStrategies", "LoadBalancers"):
            shown = render_list(t, value)
        else:
            shown = t.render(value)
        f.add(f"{name}/{key}", "service", name, shown, ln(kn))
    for key in ("HealthCheckGracePeriodSeconds", "LaunchType", "PlacementConstraints",
                "PlacementStrategies", "DeploymentConfiguration"):
        if get(props, key) is None:
            f.add(f"{name}/{key}", "service", name, "not set (ECS default)", ln(knode))


def render_list(t: Template, node: Node) -> str:
    fn, _ = intrinsic(node)
    if fn is not None or not is_seq(node):
        return t.render(node)
    return "; ".join(
        ", ".join(f"{k} {t.render(v)}" for k, _, v in entries(x)) if is_map(x) else t.render(x)
        for x in node.value
    )


# ---------------------------------------------------------------------------------------------
# Shell summaries: programs, paths and settings, in our words (never the script itself)

LOG_FILE = re.compile(r"^/var/log/")


def strip_comment(line: str) -> str:
    """The line without a trailing shell comment (a # that starts a word outside quotes)."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip()
    return line.rstrip()


def shell_steps(lines: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """Group script lines into steps: (first line number, the step's lines). if/for/while
    blocks, here-documents and continued lines are one step; comments and blanks are
    skipped."""
    steps: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    depth = 0
    heredoc: str | None = None
    for number, raw in lines:
        if heredoc is not None:
            current.append(raw)
            if raw.strip() == heredoc:
                heredoc = None
                if depth == 0:
                    steps.append((start, current))
                    current = []
            continue
        line = strip_comment(raw)
        if not line.strip():
            continue
        if not current:
            start = number
        current.append(line)
        words = line.replace(";", " ; ").split()
        depth += sum(w in ("if", "do", "case") for w in words)
        depth -= sum(w in ("fi", "done", "esac") for w in words)
        here = re.search(r"<<-?\s*'?\"?(\w+)", line)
        if here:
            heredoc = here.group(1)
            continue
        if line.endswith("\\") or depth > 0:
            continue
        steps.append((start, current))
        current = []
    if current:
        steps.append((start, current))
    return steps


def split_commands(line: str) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """Simple commands of one line: (words, redirections) each, split at && || ; |."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        tokens = list(lexer)
    except ValueError:
        tokens = line.split()
    commands = []
    words: list[str] = []
    redirects: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in ("&&", "||", ";", "|", "&"):
            if words:
                commands.append((words, redirects))
            words, redirects = [], []
        elif tok in (">", ">>", "<", "<<", ">&") and i + 1 < len(tokens):
            redirects.append((tok, tokens[i + 1]))
            i += 1
        elif tok in ("2", "1") and i + 1 < len(tokens) and tokens[i + 1] in (">", ">>", ">&"):
            pass  # a file descriptor number of the next redirection
        else:
            words.append(tok)
        i += 1
    if words:
        commands.append((words, redirects))
    return commands


def non_flags(words: list[str]) -> list[str]:
    return [w for w in words if not w.startswith("-")]


def option(words: list[str], name: str) -> str | None:
    for i, w in enumerate(words):
        if w == name and i + 1 < len(words):
            return words[i + 1]
        if w.startswith(name + "="):
            return w.split("=", 1)[1]
    return None


def summarise_command(words: list[str], redirects: list[tuple[str, str]],
                      self_name: str | None) -> tuple[str, str]:
    """(slug, summary) of one simple command."""
    out = [target for op, target in redirects if op in (">", ">>")]
    appends = [target for op, target in redirects if op == ">>"]
    prog = words[0]
    args = words[1:]
    if re.match(r"^[A-Za-z_]\w*=", prog) or prog == "export":
        assign = args[0] if prog == "export" and args else prog
        var, _, value = assign.partition("=")
        how = "exports" if prog == "export" else "sets"
        return f"set:{var}", f"{how} {var}={value}"
    if prog in ("echo", "printf"):
        said = " ".join(a for a in args if not a.startswith("-"))
        if appends and appends[0] == "/etc/ecs/ecs.config":
            key = said.split("=", 1)[0]
            return f"ecs.config:{key}", f"appends {said} to /etc/ecs/ecs.config"
        if out and LOG_FILE.match(out[0]):
            return f"log:{out[0]}", f"logs a status line to {out[0]}"
        if out:
            return f"append:{out[0]}", f"appends '{said}' to {out[0]}"
        return "echo", "prints a message"
    if prog in ("yum", "dnf", "apt-get"):
        sub = non_flags(args)
        verb = sub[0] if sub else "?"
        pkgs = sub[1:]
        return (f"{prog}-{verb}",
                f"{prog} {verb}" + (": " + ", ".join(pkgs) if pkgs else ""))
    if prog in ("pip", "pip3"):
        pkgs = non_flags(args[1:])
        upgrade = " (upgrade)" if "--upgrade" in args or "-U" in args else ""
        return f"{prog}-install:{pkgs[0] if pkgs else '?'}", \
            f"{prog} install{upgrade}: {', '.join(pkgs)}"
    if prog == "yum-config-manager":
        repo = option(args, "--add-repo")
        return "yum-config-manager", f"adds yum repository {repo}"
    if prog == "mkdir":
        dirs = non_flags(args)
        return f"mkdir:{dirs[0] if dirs else '?'}", f"creates directories {', '.join(dirs)}"
    if prog == "touch":
        return f"touch:{args[-1] if args else '?'}", f"creates file {', '.join(args)}"
    if prog == "chown":
        rest = non_flags(args)
        return f"chown:{rest[1] if len(rest) > 1 else '?'}", \
            f"owner {rest[0]} on {', '.join(rest[1:])}"
    if prog == "chmod":
        rest = non_flags(args)
        recursive = " (recursive)" if "-R" in args else ""
        return f"chmod:{rest[1] if len(rest) > 1 else '?'}", \
            f"mode {rest[0]} on {', '.join(rest[1:])}{recursive}"
    if prog == "systemctl":
        rest = non_flags(args)
        return f"systemctl-{rest[0]}:{rest[1] if len(rest) > 1 else ''}", \
            f"systemctl {' '.join(rest)}"
    if prog in ("wget", "curl"):
        urls = [a for a in args if "://" in a or a.startswith("${")]
        dest = option(args, "-O") or option(args, "-o")
        return f"{prog}:{urls[0] if urls else '?'}", \
            f"downloads {', '.join(urls)}" + (f" to {dest}" if dest else "")
    if prog == "rpm":
        files = non_flags(args)
        return "rpm", f"installs the package file {', '.join(files)}"
    if prog == "mount":
        fstype = option(args, "-t")
        opts = option(args, "-o")
        rest = [a for a in non_flags(args) if a not in (fstype, opts)]
        return f"mount:{rest[-1] if rest else '?'}", \
            f"mounts {' on '.join(rest)} (type {fstype}, options {opts})"
    if prog in ("cfn-init", "/opt/aws/bin/cfn-init"):
        configsets = option(args, "--configsets") or option(args, "-c")
        resource = option(args, "--resource")
        if resource == self_name:
            resource = "this resource"
        return f"cfn-init:{configsets}", f"cfn-init runs configset {configsets} of {resource}"
    if prog in ("cfn-signal", "/opt/aws/bin/cfn-signal"):
        resource = option(args, "--resource")
        status = option(args, "-e")
        return f"cfn-signal:{resource}", f"cfn-signal sends exit status {status} to {resource}"
    if prog == "crontab":
        if "-l" in args:
            return f"crontab-list:{out[0] if out else ''}", \
                f"saves the current crontab to {', '.join(out)}"
        return f"crontab:{args[-1] if args else ''}", f"installs crontab from {args[-1]}"
    if prog == "sed":
        target = non_flags(args)[-1] if non_flags(args) else "?"
        expr = next((a for a in args if a.startswith("s")), "")
        setting = re.match(r"s(.)(\w+)=.*?\1(\w+=[^\1]*?)\1", expr)
        if setting:
            return f"sed:{target}:{setting.group(2)}", f"sets {setting.group(3)} in {target}"
        return f"sed:{target}", f"edits {target} in place"
    if prog == "cat" and ("<<", "EOF") in redirects or any(op == "<<" for op, _ in redirects):
        return f"write:{out[0] if out else '?'}", f"writes {', '.join(out)}"
    if prog == "aws" and args[:2] == ["s3", "cp"]:
        return f"aws-s3-cp:{args[2] if len(args) > 2 else '?'}", \
            f"copies {' to '.join(args[2:4])}"
    if prog == "sysctl":
        return f"sysctl:{args[-1] if args else ''}", \
            f"applies the kernel settings of {args[-1] if args else 'the system'}"
    if prog in ("iptables", "iptables-save"):
        chain = option(args, "-A") or ""
        if prog == "iptables-save":
            return prog, f"saves the firewall rules to {', '.join(out) or 'stdout'}"
        to = option(args, "--to-destination") or option(args, "--to-ports") or "?"
        return f"{prog}:{chain}".rstrip(":"), (
            f"adds a {option(args, '-t') or 'filter'} {chain} rule: "
            f"{option(args, '-d') or 'any'} port {option(args, '--dport') or 'any'} to {to}")
    if prog == "cd":
        return f"cd:{args[0] if args else ''}", f"changes to {args[0] if args else '~'}"
    if prog == "ls":
        return f"ls:{non_flags(args)[-1] if non_flags(args) else ''}", \
            f"lists {' '.join(non_flags(args))}"
    if prog == "docker":
        images = [a for a in non_flags(args[1:]) if "/" in a or ":" in a]
        return f"docker-{args[0] if args else ''}", \
            f"docker {args[0] if args else ''}" + (f" of {images[-1]}" if images else "")
    # any other program: what it is, how many arguments, where its output goes (facts, not
    # the command line)
    tail = "".join(f"; output to {target}" for op, target in redirects if op in (">", ">>"))
    mode = option(args, "-a")
    what = f" (action {mode})" if mode else ""
    return f"run:{prog}", f"runs {prog}{what} with {len(args)} arguments{tail}"


def summarise_step(step: list[str], self_name: str | None) -> tuple[str, str]:
    """(slug, summary) of a step (one line, a block or a here-document)."""
    first = step[0].strip()
    if first.startswith("if "):
        cond = re.sub(r"^if\s+|\s*;\s*then$", "", first).strip()
        cond = cond.strip("[] ")
        names = re.findall(r"\$\{?(\w+)", cond)
        parts, branch = [], "then"
        body = {"then": [], "else": []}
        for line in step[1:]:
            word = line.strip().split()[0]
            if word in ("then", "fi"):
                continue
            if word == "else":
                branch = "else"
                continue
            for words, redirects in split_commands(line.strip()):
                body[branch].append(summarise_command(words, redirects, self_name)[1])
        parts.append(f"when [{cond}]: " + "; ".join(dict.fromkeys(body["then"])))
        if body["else"]:
            parts.append("otherwise: " + "; ".join(dict.fromkeys(body["else"])))
        return f"if:{','.join(names) or cond}", " ".join(parts)
    if any("<<" in line for line in step[:1]):
        words_redirects = split_commands(first.split("<<")[0] + " " +
                                         first.split("<<", 1)[1].split(None, 1)[-1])
        targets = [t for _, r in words_redirects for op, t in r if op in (">", ">>")]
        target = targets[0] if targets else "?"
        settings = doc_settings("\n".join(step[1:-1]))
        return f"write:{target}", f"writes {target}" + (f": {settings}" if settings else "")
    joined = ""
    for line in step:
        joined += line.strip()[:-1] + " " if line.rstrip().endswith("\\") else line.strip() + "; "
    joined = joined.strip().rstrip(";").strip()
    assign = re.match(r"^(export\s+)?([A-Za-z_]\w*)=(.*)$", joined)
    if assign:
        how = "exports" if assign.group(1) else "sets"
        var, value = assign.group(2), assign.group(3)
        if re.fullmatch(rf"\$\(\(\s*\${var}\s*\+\s*\$\?\s*\)\)", value):
            return f"set:{var}", f"adds the last exit status to {var}"
        return f"set:{var}", f"{how} {var}={value}"
    if re.search(r"(^|[;|&]\s*|\s)(while|for)\s", joined) and re.search(r"\bdone$", joined):
        head = re.split(r"(?:^|\s)(?:while|for)\s", joined, maxsplit=1)[0]
        body = re.split(r"(?:^|[;\s])do(?:[;\s]|$)", joined, maxsplit=1)[-1]
        body = re.sub(r"[;\s]*done$", "", body)
        head_cmds = [summarise_command(w, r, self_name) for w, r in split_commands(head)]
        body_cmds = [summarise_command(w, r, self_name)[1]
                     for w, r in split_commands(body.replace(";", " ; "))]
        slug = head_cmds[0][0] if head_cmds else "loop"
        return slug, ("; ".join(s for _, s in head_cmds) + " piped into a loop that: "
                      + "; ".join(dict.fromkeys(body_cmds)))
    commands = split_commands(joined)
    if not commands:
        return "noop", "nothing"
    summaries = [summarise_command(w, r, self_name) for w, r in commands]
    slug = summaries[0][0]
    return slug, "; ".join(dict.fromkeys(s for _, s in summaries))


def doc_settings(body: str) -> str:
    """Settings a file body makes: KEY=VALUE lines, "key": value pairs (JSON)."""
    found: dict[str, list[str]] = {}
    for key, value in re.findall(r'"([\w.-]+)"\s*:\s*("[^"]*"|\[[^\]\[{}]*\]|[^,{}\[\n]+)', body):
        shown = value.strip().strip('"')
        if not shown:
            continue
        found.setdefault(key, [])
        if shown not in found[key]:
            found[key].append(shown)
    for key, value in re.findall(r"^\s*([A-Za-z_][\w.]*)\s*=\s*(.+?)\s*$", body, re.M):
        found.setdefault(key, [])
        if value not in found[key]:
            found[key].append(value)
    return ", ".join(f"{k}={'|'.join(v)}" for k, v in found.items())


def script_summary(body: str, self_name: str | None) -> tuple[str, list[tuple[str, str]]]:
    """Whole-script summary (for a cfn-init command or a file) and its steps' (slug, text)."""
    lines = list(enumerate(body.splitlines(), start=1))
    steps = shell_steps([(n, s) for n, s in lines if not s.startswith("#!")])
    summaries = [summarise_step(step, self_name) for _, step in steps]
    return "; ".join(dict.fromkeys(s for _, s in summaries)), summaries


def file_summary(path: str, body: str) -> str:
    if body.startswith("#!") and "python" in body.splitlines()[0]:
        calls = sorted(set(re.findall(r"\.(describe_\w+|get_\w+|put_\w+|delete_\w+)\(", body)))
        return f"python script calling {', '.join(calls)}" if calls else "python script"
    if path.endswith(".sh"):
        return "shell script: " + script_summary(body, None)[0]
    if path.endswith(".json"):
        return "JSON settings: " + doc_settings(body)
    settings = doc_settings(body)
    if "ExecStart" in body:
        exec_line = re.search(r"ExecStart=(\S+)(.*?)(?:\n\S|\n\n|$)", body, re.S)
        if exec_line:
            words = exec_line.group(2).replace("\\\n", " ").split()
            # the flags' names only (how many volumes, not the command line)
            named = [w.split("=", 1)[0] for w in words if w.startswith("--")]
            flags = [f"{f} x{named.count(f)}" if named.count(f) > 1 else f
                     for f in dict.fromkeys(named)]
            image = next((w for w in reversed(words) if ":" in w and "/" in w
                          and not w.startswith("-")), "")
            runs = " ".join(x for x in (exec_line.group(1), " ".join(words[:1]), image) if x)
            settings = (f"service runs {runs}"
                        + (f" with {' '.join(flags)}" if flags else "") + "; "
                        + ", ".join(f"{k}={v}" for k, v in re.findall(
                            r"^(Restart|Requires|After|WantedBy|ExecStop)=(.*)$", body, re.M)))
    return settings or "file"


# ---------------------------------------------------------------------------------------------
# Hosts: cfn-init, user data, agent settings, metadata options


def cfn_init_steps(t: Template, lt: str, res: Node) -> list[dict]:
    """Every cfn-init step of a launch template/configuration, with its slug."""
    init = get(res, "Metadata", "AWS::CloudFormation::Init")
    steps = []
    configsets = get(init, "configSets")
    in_sets = set()
    for cs, kn, members in entries(configsets):
        names = [t.render(m) for m in items(members)]
        in_sets.update(names)
        steps.append({"slug": f"configsets/{cs}", "value": "runs configs " + ", ".join(names),
                      "lines": [ln(kn)], "agent": []})
    for config, _, body in entries(init):
        if config == "configSets":
            continue
        blocks = [(config, body, config in in_sets)]
        for key, _, nested in entries(body):
            if key not in ("packages", "groups", "users", "sources", "files", "commands",
                           "services") and is_map(nested):
                blocks.append((f"{config}/{key}", nested, False))
        for label, block, runs in blocks:
            note = "" if runs else " (not in any configSet: cfn-init never runs it)"
            for manager, _, pkgs in entries(get(block, "packages")):
                for pkg, pkn, ver in entries(pkgs):
                    shown = t.render(ver) if items(ver) else "any version"
                    steps.append({"slug": f"{label}/packages/{manager}:{pkg}",
                                  "value": f"{manager} package {pkg} ({shown}){note}",
                                  "lines": [ln(pkn)], "agent": []})
            for path, kn, spec in entries(get(block, "files")):
                content = get(spec, "content")
                fn, arg = intrinsic(content)
                body_text = (t.sub_vars(arg)[0] if fn == "Sub" else
                             content.value if is_scalar(content) else t.render(content))
                mode = text(get(spec, "mode"))
                owner = text(get(spec, "owner"))
                group = text(get(spec, "group"))
                perms = (f"mode {mode}" if mode else "mode not set") + ", " + (
                    f"owner {owner}:{group}" if owner or group else "owner not set")
                literal = ""
                if fn == "Sub" and re.search(r"!(Ref|GetAtt|Sub)\b", body_text):
                    literal = " (holds a literal '!' tag: not substituted inside Sub)"
                value = f"{perms}; {file_summary(path, body_text)}{literal}{note}"
                agent = []
                if path == "/etc/ecs/ecs.config" and is_scalar(content):
                    first = ln(content) + 1 if content.style in ("|", ">") else ln(content)
                    for i, line in enumerate(body_text.splitlines()):
                        m = re.match(r"^\s*([A-Z][A-Z0-9_]*)=(.*)$", line)
                        if m:
                            agent.append((m.group(1), m.group(2), first + i,
                                          f"cfn-init file {path} ({label})"))
                steps.append({"slug": f"{label}/file:{path}", "value": value,
                              "lines": [ln(kn)], "agent": agent})
            for cmd, kn, spec in entries(get(block, "commands")):
                command = get(spec, "command")
                fn, arg = intrinsic(command)
                if fn == "Sub":
                    body_text, variables = t.sub_vars(arg)
                elif is_seq(command):
                    body_text, variables = " ".join(t.render(x) for x in command.value), {}
                else:
                    body_text, variables = (command.value if is_scalar(command) else ""), {}
                summary, _ = script_summary(body_text, lt)
                summary = resolve_vars(t, summary, variables)
                extra = [f"{k} {t.render(v)}" for k, _, v in entries(spec) if k != "command"]
                value = summary + (f" ({', '.join(extra)})" if extra else "") + note
                steps.append({"slug": f"{label}/{cmd}", "value": value, "lines": [ln(kn)],
                              "agent": []})
    return steps


def resolve_vars(t: Template, summary: str, variables: dict[str, Node]) -> str:
    """Put fixed Sub variables into a summary; name the rest with their sources."""
    named = []
    for name, node in variables.items():
        fixed = t.literal(node)
        if fixed is not None:
            summary = summary.replace("${" + name + "}", fixed)
        elif "${" + name + "}" in summary:
            named.append(f"{name} = {t.render(node)}")
    return summary + (f" [{'; '.join(named)}]" if named else "")


def user_data_steps(t: Template, lt: str, user_data: Node | None) -> list[dict]:
    """Every step of a launch template's user data (MIME boilerplate skipped)."""
    if user_data is None:
        return []
    fn, arg = intrinsic(user_data)
    if fn == "Base64":
        user_data = arg
        fn, arg = intrinsic(arg)
    variables: dict[str, Node] = {}
    if fn == "Sub":
        if is_seq(arg):
            body_node = arg.value[0]
            variables = {k: v for k, _, v in entries(arg.value[1])} if len(arg.value) > 1 else {}
        else:
            body_node = arg
    else:
        body_node = user_data
    if not is_scalar(body_node):
        return []
    first = ln(body_node) + 1 if body_node.style in ("|", ">") else ln(body_node)
    raw = list(enumerate(body_node.value.splitlines(), start=first))
    parts = mime_parts(raw)
    steps = []
    for ctype, lines in parts:
        if ctype == "text/cloud-config":
            body = "\n".join(s for _, s in lines)
            data = yaml.safe_load(body) or {}
            for key, value in data.items():
                line = next((n for n, s in lines if s.startswith(f"{key}:")), lines[0][0])
                shown = "(empty)" if value is None else json.dumps(value)
                steps.append({"slug": f"cloud-config:{key}",
                              "value": f"cloud-config {key}: {shown}", "lines": [line],
                              "agent": []})
            continue
        shebang = next(((n, s) for n, s in lines if s.startswith("#!")), None)
        if shebang:
            steps.append({"slug": "shebang", "value": f"interpreter {shebang[1][2:].strip()}",
                          "lines": [shebang[0]], "agent": []})
        for start, step in shell_steps([(n, s) for n, s in lines if not s.startswith("#!")]):
            slug, summary = summarise_step(step, lt)
            agent = []
            m = re.match(r"ecs\.config:(\w+)", slug)
            if m:
                value = re.search(rf"{m.group(1)}=(\S+)", summary)
                agent.append((m.group(1), value.group(1) if value else "?", start,
                              "user data"))
            m = re.match(r"sed:/etc/ecs/ecs\.config:(\w+)", slug)
            if m:
                value = re.search(rf"{m.group(1)}=(\S+)", summary)
                shown = resolve_vars(t, value.group(1), variables)
                shown = re.sub(r"\$\{(\w+)\}", lambda x: "{Ref " + x.group(1) + "}", shown)
                agent.append((m.group(1), shown, start, "user data (sed)"))
            steps.append({"slug": f"userdata/{slug}",
                          "value": resolve_vars(t, summary, variables),
                          "lines": [start], "agent": agent})
    return steps


def mime_parts(raw: list[tuple[int, str]]) -> list[tuple[str, list[tuple[int, str]]]]:
    """(content type, lines) of each MIME part; the whole text as one shell part otherwise."""
    if not raw or not raw[0][1].lower().startswith("content-type: multipart"):
        return [("text/x-shellscript", raw)]
    boundary = re.search(r'boundary="?([^";]+)"?', raw[0][1]).group(1)
    parts, current, ctype, in_headers = [], [], None, False
    for number, line in raw:
        if line.strip() in (f"--{boundary}", f"--{boundary}--"):
            if ctype is not None:
                parts.append((ctype, current))
            current, ctype, in_headers = [], "", True
            continue
        if ctype is None:
            continue
        if in_headers:
            if not line.strip():
                in_headers = False
            elif line.lower().startswith("content-type:"):
                ctype = line.split(":", 1)[1].split(";")[0].strip()
            continue
        current.append((number, line))
    return parts


def host_facts(t: Template, f: Facts, hosts: list[tuple[str, Node, Node]]) -> None:
    """Boot steps, agent settings, IMDS and instance settings of the launch templates;
    a step that is the same in several launch templates is one fact."""
    per_host: dict[str, dict[str, dict]] = {}
    for name, knode, res in hosts:
        props = get(res, "Properties")
        data = get(props, "LaunchTemplateData") or props
        data_line = key_line(props, "LaunchTemplateData") or ln(knode)
        steps = cfn_init_steps(t, name, res) + user_data_steps(t, name, get(data, "UserData"))
        merged: dict[str, dict] = {}
        for step in steps:
            entry = merged.setdefault(step["slug"], {"values": [], "lines": [], "agent": []})
            if step["value"] not in entry["values"]:
                entry["values"].append(step["value"])
            entry["lines"] += step["lines"]
            entry["agent"] += step["agent"]
        per_host[name] = merged
        metadata = get(data, "MetadataOptions")
        if metadata is None:
            f.add(name, "imds", name, "MetadataOptions not set: the AWS defaults apply",
                  data_line)
        else:
            f.add(name, "imds", name, t.render(metadata), key_line(data, "MetadataOptions"))
        for key, kn, value in entries(data):
            if key in ("UserData", "MetadataOptions"):
                continue
            f.add(f"{name}/{key}", "host", name, t.render(value), ln(kn))
    names = [n for n, _, _ in hosts]
    for name in names:
        for slug, entry in per_host[name].items():
            value = "; ".join(entry["values"])
            same = [n for n in names
                    if slug in per_host[n] and "; ".join(per_host[n][slug]["values"]) == value]
            if same[0] != name and len(same) > 1:
                continue  # reported with the first launch template that has it
            owner = same[0] if len(same) > 1 else name
            for holder in same if len(same) > 1 else [name]:
                held = per_host[holder][slug]
                f.add(f"{owner}/{slug}", "boot", holder, value, *held["lines"])
                for key, setting, line, source in held["agent"]:
                    f.add(key, "agent", f"{holder} {source}", setting, line)


# ---------------------------------------------------------------------------------------------
# IAM, parameters, database, network


def actions_of(node: Node | None) -> list[tuple[str, int]]:
    if node is None:
        return []
    if is_seq(node):
        return [(x.value, ln(x)) for x in node.value if is_scalar(x)]
    return [(node.value, ln(node))] if is_scalar(node) else []


def statement_facts(t: Template, f: Facts, owners: list[str], doc: Node | None,
                    where: str) -> None:
    for st in items(get(doc, "Statement")):
        effect = text(get(st, "Effect")) or "Allow"
        resource = get(st, "Resource")
        shown = render_resource(t, resource) if resource is not None else "(no resource)"
        principal = get(st, "Principal")
        extra = f", principal {t.render(principal)}" if principal is not None else ""
        cond = get(st, "Condition")
        extra += f", condition {t.render(cond)}" if cond is not None else ""
        effect_note = "" if effect == "Allow" else f"{effect}: "
        for action, line in actions_of(get(st, "Action")):
            for owner in owners:
                f.add(f"{owner}/{action}", "iam", owner,
                      f"{effect_note}{shown} ({where}{extra})", line)
        for action, line in actions_of(get(st, "NotAction")):
            for owner in owners:
                f.add(f"{owner}/not:{action}", "iam", owner,
                      f"{effect} all but this on {shown} ({where}{extra})", line)


def render_resource(t: Template, node: Node) -> str:
    if is_seq(node):
        return ", ".join(t.render(x) for x in node.value)
    return t.render(node)


def refs(t: Template, node: Node | None) -> list[str]:
    out = []
    for x in items(node):
        fn, arg = intrinsic(x)
        out.append(arg.value if fn == "Ref" and is_scalar(arg) else t.render(x))
    return out


def iam_facts(t: Template, f: Facts, name: str, knode: Node, res: Node, rtype: str) -> None:
    props = get(res, "Properties")
    if rtype == "AWS::IAM::Role":
        for st in items(get(props, "AssumeRolePolicyDocument", "Statement")):
            for action, line in actions_of(get(st, "Action")):
                f.add(f"{name}/{action}", "iam", name,
                      f"trusts {t.render(get(st, 'Principal'))}", line)
        for arn in items(get(props, "ManagedPolicyArns")):
            shown = t.render(arn)
            f.add(f"{name}/managed:{shown.rsplit('/', 1)[-1]}", "iam", name,
                  f"AWS managed policy {shown}", ln(arn))
        for pol in items(get(props, "Policies")):
            pname = t.render(get(pol, "PolicyName"))
            statement_facts(t, f, [name], get(pol, "PolicyDocument"), f"inline {pname}")
        for key in ("Path", "PermissionsBoundary", "RoleName"):
            if get(props, key) is not None:
                f.add(f"{name}/{key}", "iam", name, t.render(get(props, key)),
                      key_line(props, key))
    elif rtype in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        owners = refs(t, get(props, "Roles")) + refs(t, get(props, "Users")) + \
            refs(t, get(props, "Groups"))
        pname = t.render(get(props, "PolicyName")) if get(props, "PolicyName") else name
        where = f"policy {pname}" if pname == name else f"policy {pname} [{name}]"
        statement_facts(t, f, owners or [name], get(props, "PolicyDocument"), where)
    elif rtype == "AWS::IAM::InstanceProfile":
        roles = ", ".join(refs(t, get(props, "Roles")))
        path = t.render(get(props, "Path"))
        f.add(f"{name}/roles", "iam", name, f"roles {roles}, path {path}",
              key_line(props, "Roles"))
    elif rtype == "AWS::KMS::Key":
        statement_facts(t, f, [name], get(props, "KeyPolicy"), "key policy")
        for key, kn, value in entries(props):
            if key != "KeyPolicy":
                f.add(f"{name}/{key}", "iam", name, t.render(value), ln(kn))


def parameter_facts(t: Template, f: Facts, name: str, knode: Node, res: Node,
                    rtype: str) -> None:
    props = get(res, "Properties")
    fields = []
    for key, _, value in entries(props):
        if key in ("Description", "Tags"):
            continue
        if key == "SecretString":
            keys = re.findall(r'"(\w+)":', " ".join(
                x.value for x in walk(value) if is_scalar(x)))
            sources = sorted(set(re.findall(r"Ref (\w+)", t.render(value))))
            fields.append(f"SecretString JSON keys {', '.join(keys)} "
                          f"from {', '.join(sources)}")
        else:
            fields.append(f"{key} {t.render(value)}")
    f.add(name, "parameter", name, f"{rtype}: " + "; ".join(fields), ln(knode))


def walk(node: Node | None):
    if node is None:
        return
    yield node
    if is_seq(node):
        for x in node.value:
            yield from walk(x)
    elif is_map(node):
        for k, v in node.value:
            yield from walk(k)
            yield from walk(v)


def lambda_facts(t: Template, f: Facts, name: str, knode: Node, res: Node) -> None:
    props = get(res, "Properties")
    for key, kn, value in entries(props):
        if key == "Code":
            code = get(value, "ZipFile")
            body = code.value if is_scalar(code) else ""
            clients = sorted(set(re.findall(r"client\(\s*['\"](\w+)['\"]", body)))
            calls = sorted(set(re.findall(r"\.(put_\w+|get_\w+|delete_\w+|describe_\w+)\(",
                                          body)))
            types = sorted(set(re.findall(r"Type\s*=\s*['\"](\w+)['\"]", body)))
            props_used = sorted(set(re.findall(r"props\[['\"]([\w-]+)['\"]\]", body)))
            shown = (f"inline code: boto3 clients {', '.join(clients)}; calls "
                     f"{', '.join(calls)}; parameter type {', '.join(types) or '?'}; "
                     f"reads properties {', '.join(props_used)}")
            if "Overwrite=True" in body:
                shown += "; overwrites"
            f.add(f"{name}/Code", "parameter", name, shown, ln(kn))
        else:
            f.add(f"{name}/{key}", "parameter", name, t.render(value), ln(kn))


DB_PARAM = re.compile(r"^(DB|EncryptDBConn|PersistDBConn|ConfigOnDB)")


def db_facts(t: Template, f: Facts, name: str, knode: Node, res: Node, rtype: str) -> None:
    props = get(res, "Properties")
    for key, kn, value in entries(props):
        if key in ("Tags",):
            continue
        f.add(f"{name}/{key}", "db", name, t.render(value), ln(kn))
    for key in ("DeletionPolicy", "Condition"):
        if get(res, key) is not None:
            f.add(f"{name}/{key}", "db", name, t.render(get(res, key)), key_line(res, key))
    if rtype == "AWS::RDS::DBCluster":
        for key, default in (("DBClusterParameterGroupName",
                              "not set: the engine's default cluster parameter group "
                              "(require_secure_transport at its default)"),
                             ("StorageEncrypted", "not set: unencrypted"),
                             ("BackupRetentionPeriod", "not set (1 day)")):
            if get(props, key) is None:
                f.add(f"{name}/{key}", "db", name, default, ln(knode))
    if rtype == "AWS::RDS::DBInstance" and get(props, "DBParameterGroupName") is None:
        f.add(f"{name}/DBParameterGroupName", "db", name,
              "not set: the engine's default parameter group", ln(knode))


def db_parameter_facts(t: Template, f: Facts) -> None:
    for pname, pnode in t.params.items():
        if not DB_PARAM.match(pname):
            continue
        shown = [f"{k} {t.render(v)}" for k, _, v in entries(pnode)
                 if k not in ("Description", "ConstraintDescription")]
        f.add(f"param/{pname}", "db", f"parameter {pname}", "; ".join(shown),
              t.param_lines[pname])


def net_facts(t: Template, f: Facts, name: str, knode: Node, res: Node, rtype: str) -> None:
    props = get(res, "Properties")
    skip = {"Tags", "GroupDescription", "Description", "VpcId", "Subnets", "SubnetId",
            "VPCZoneIdentifier", "RouteTableId"}
    if rtype == "AWS::EC2::SecurityGroup":
        for rule in items(get(props, "SecurityGroupIngress")):
            f.add(f"{name}/ingress/{rule_key(t, rule)}", "net", name, rule_text(t, rule),
                  ln(rule))
        for rule in items(get(props, "SecurityGroupEgress")):
            f.add(f"{name}/egress/{rule_key(t, rule)}", "net", name, rule_text(t, rule),
                  ln(rule))
        if get(props, "SecurityGroupEgress") is None:
            f.add(f"{name}/egress", "net", name, "not set: all outbound allowed", ln(knode))
        return
    if rtype in ("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"):
        group = t.render(get(props, "GroupId"))
        f.add(name, "net", name, f"{group}: {rule_text(t, props)}", ln(knode))
        return
    for key, kn, value in entries(props):
        if key in skip:
            continue
        f.add(f"{name}/{key}", "net", name, t.render(value), ln(kn))


def token(t: Template, node: Node | None) -> str:
    """A short id part: a literal, or the name a Ref points at."""
    fn, arg = intrinsic(node)
    if fn == "Ref" and is_scalar(arg):
        return arg.value
    return t.literal(node) or t.render(node)


def rule_key(t: Template, rule: Node) -> str:
    proto = token(t, get(rule, "IpProtocol"))
    low, high = token(t, get(rule, "FromPort")), token(t, get(rule, "ToPort"))
    return f"{proto}:{low}" if low == high else f"{proto}:{low}-{high}"


def rule_shown(t: Template, rule: Node) -> str:
    proto = t.render(get(rule, "IpProtocol"))
    low, high = t.render(get(rule, "FromPort")), t.render(get(rule, "ToPort"))
    return f"{proto} {low}" if low == high else f"{proto} {low}-{high}"


def rule_text(t: Template, rule: Node) -> str:
    peer = next((f"{k} {t.render(v)}" for k, _, v in entries(rule)
                 if k in ("CidrIp", "CidrIpv6", "SourceSecurityGroupId",
                          "DestinationSecurityGroupId", "SourcePrefixListId")), "?")
    return f"{rule_shown(t, rule)} from {peer}"


# ---------------------------------------------------------------------------------------------
# Which resource gives which facts

HOST_TYPES = ("AWS::EC2::LaunchTemplate", "AWS::AutoScaling::LaunchConfiguration")
IAM_TYPES = ("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
             "AWS::IAM::InstanceProfile", "AWS::KMS::Key")
PARAM_TYPES = ("AWS::SSM::Parameter", "AWS::SecretsManager::Secret")
DB_TYPES = ("AWS::RDS::DBCluster", "AWS::RDS::DBInstance", "AWS::RDS::DBSubnetGroup",
            "AWS::RDS::DBClusterParameterGroup", "AWS::RDS::DBParameterGroup")
NET_TYPES = ("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress",
             "AWS::EC2::SecurityGroupEgress", "AWS::ElasticLoadBalancingV2::LoadBalancer",
             "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::TargetGroup",
             "AWS::ElasticLoadBalancing::LoadBalancer", "AWS::EC2::VPC", "AWS::EC2::DHCPOptions",
             "AWS::EC2::Subnet", "AWS::EC2::Route")
# Generic "host" resources: every property is a fact (the hosts, their file system, scaling).
GENERIC_HOST_TYPES = ("AWS::AutoScaling::AutoScalingGroup", "AWS::EFS::FileSystem",
                      "AWS::EFS::MountTarget", "AWS::AutoScaling::ScalingPolicy",
                      "AWS::CloudWatch::Alarm", "AWS::ECS::Cluster")
# Plumbing with no runtime setting of its own (listed, not extracted).
SKIPPED_TYPES = ("AWS::CloudFormation::Stack", "AWS::EC2::NatGateway", "AWS::EC2::RouteTable",
                 "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::EIP",
                 "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment",
                 "AWS::EC2::VPCDHCPOptionsAssociation")


def facts_from_text(name: str, text_: str) -> list[VendorFact]:
    """Every runtime fact of one template (its text), sorted by id."""
    t = Template(name, text_)
    f = Facts(name)
    hosts = []
    for rname, knode, res in t.resources:
        rtype = t.types[rname]
        props = get(res, "Properties")
        if rtype == "AWS::ECS::TaskDefinition":
            task_facts(t, f, rname, knode, res)
        elif rtype == "AWS::ECS::Service":
            service_facts(t, f, rname, knode, res)
        elif rtype in HOST_TYPES:
            hosts.append((rname, knode, res))
        elif rtype in IAM_TYPES:
            iam_facts(t, f, rname, knode, res, rtype)
        elif rtype in PARAM_TYPES or rtype.startswith("Custom::"):
            parameter_facts(t, f, rname, knode, res, rtype)
        elif rtype == "AWS::Lambda::Function":
            lambda_facts(t, f, rname, knode, res)
        elif rtype in DB_TYPES:
            db_facts(t, f, rname, knode, res, rtype)
        elif rtype in NET_TYPES:
            net_facts(t, f, rname, knode, res, rtype)
        elif rtype == "AWS::Logs::LogGroup":
            for key, kn, value in entries(props):
                f.add(f"{rname}/{key}", "log", rname, t.render(value), ln(kn))
            if get(props, "RetentionInDays") is None:
                f.add(f"{rname}/RetentionInDays", "log", rname, "not set: kept forever",
                      ln(knode))
        elif rtype in GENERIC_HOST_TYPES:
            for key in ("Condition", "CreationPolicy", "UpdatePolicy", "DependsOn"):
                if get(res, key) is not None and key != "DependsOn":
                    f.add(f"{rname}/{key}", "host", rname, t.render(get(res, key)),
                          key_line(res, key))
            for key, kn, value in entries(props):
                if key not in ("Tags", "AlarmDescription", "FileSystemTags",
                               "VPCZoneIdentifier", "SubnetId"):
                    f.add(f"{rname}/{key}", "host", rname, t.render(value), ln(kn))
            if not entries(props):
                f.add(rname, "host", rname, "no properties (all defaults)", ln(knode))
    if hosts:
        host_facts(t, f, hosts)
    if any(t.types[r] in HOST_TYPES for r in t.types):
        ami = get(t.root, "Mappings", "AWSRegionToAMI")
        shown = ", ".join(f"{region} {t.render(get(v, 'AMIID'))}" for region, _, v in
                          entries(ami))
        if shown:
            f.add("AWSRegionToAMI", "host", "Mappings AWSRegionToAMI", shown,
                  *(ln(k) for _, k, _ in entries(ami)))
    if any(t.types[r] in DB_TYPES for r in t.types) or any(
            t.types[r] == "AWS::ECS::TaskDefinition" for r in t.types):
        db_parameter_facts(t, f)
    return sorted(f.result(), key=lambda fact: fact.id)


def unclassified(name: str, text_: str) -> list[str]:
    """Resource types the extractor does not look into (besides the deliberately skipped)."""
    t = Template(name, text_)
    known = (HOST_TYPES + IAM_TYPES + PARAM_TYPES + DB_TYPES + NET_TYPES + GENERIC_HOST_TYPES
             + ("AWS::ECS::TaskDefinition", "AWS::ECS::Service", "AWS::Lambda::Function",
                "AWS::Logs::LogGroup"))
    return sorted({f"{r} ({ty})" for r, ty in t.types.items()
                   if ty not in known and ty not in SKIPPED_TYPES
                   and not ty.startswith("Custom::")})


# ---------------------------------------------------------------------------------------------
# Reading the vendor repository and writing contract/vendor_facts.json


def read_vendor(git_dir: str | None, checkout: str | None, rev: str) -> tuple[str, dict]:
    texts = {}
    if git_dir:
        base = ["git", f"--git-dir={git_dir}"]
        commit = subprocess.run([*base, "rev-parse", f"{rev}^{{commit}}"], check=True,
                                capture_output=True, text=True).stdout.strip()
        for name in TEMPLATES:
            texts[name] = subprocess.run([*base, "show", f"{commit}:{TEMPLATE_DIR}/{name}.yml"],
                                         check=True, capture_output=True, text=True).stdout
        return commit, texts
    root = Path(checkout)
    commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    for name in TEMPLATES:
        texts[name] = (root / TEMPLATE_DIR / f"{name}.yml").read_text()
    return commit, texts


def render_data(commit: str, versions: dict[str, str], facts: list[VendorFact]) -> str:
    """contract/vendor_facts.json: where the facts come from, then one object per fact."""
    document = {
        "generated": "by python -m tools.vendor_facts from the vendor's templates: do not edit",
        "vendor": VENDOR,
        "commit": commit,
        "templates": f"{TEMPLATE_DIR}/{{{','.join(TEMPLATES)}}}.yml",
        # the CFN version wa_ent.yml's header comment names (its CHANGELOG.md is empty)
        "version": f"v{versions.get('wa_ent')}",
        "template_versions": dict(sorted(versions.items())),
        "kinds": list(KINDS),
        "facts": [asdict(fact) for fact in facts],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def generate(commit: str, texts: dict[str, str]) -> tuple[str, list[VendorFact]]:
    facts = []
    versions = {}
    for name in TEMPLATES:
        facts += facts_from_text(name, texts[name])
        version = Template(name, texts[name]).version
        if version:
            versions[name] = version
    facts.sort(key=lambda fact: fact.id)
    return render_data(commit, versions, facts), facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--vendor-git", default=os.environ.get(GIT_ENV),
                        help=f"the vendor repository's git directory (default: ${GIT_ENV})")
    source.add_argument("--vendor-dir", help="a checkout of the vendor repository")
    parser.add_argument("--rev", default="HEAD", help="commit to read (with --vendor-git)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 and show the difference when the committed file is stale")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    git_dir = None if args.vendor_dir else args.vendor_git
    if not git_dir and not args.vendor_dir:
        parser.error(f"give --vendor-git, --vendor-dir or ${GIT_ENV}")
    commit, texts = read_vendor(git_dir, args.vendor_dir, args.rev)
    module, facts = generate(commit, texts)
    out = Path(args.out)
    if args.check:
        current = out.read_text() if out.exists() else ""
        if current == module:
            print(f"{out}: up to date ({len(facts)} facts, {commit[:12]})")
            return 0
        sys.stdout.writelines(difflib.unified_diff(
            current.splitlines(True), module.splitlines(True), str(out), "regenerated"))
        print(f"{out} is stale: regenerate with python -m tools.vendor_facts", file=sys.stderr)
        return 1
    out.write_text(module)
    counts = Counter((fact.template, fact.kind) for fact in facts)
    print(f"wrote {out}: {len(facts)} facts from {commit[:12]}", file=sys.stderr)
    for name in TEMPLATES:
        row = ", ".join(f"{k} {counts[name, k]}" for k in KINDS if counts[name, k])
        print(f"  {name}: {row}", file=sys.stderr)
        left = unclassified(name, texts[name])
        if left:
            print(f"    not classified: {', '.join(left)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
