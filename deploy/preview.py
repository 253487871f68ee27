"""The preview wa-deploy prints before it asks: per stack what it adds, modifies, replaces or
removes, and under each modified or replaced resource the values that change, deployed ->
new, so that a new image tag in a task definition reads differently from a new database.

Replacements and removals are red, modifications yellow, additions green (colour only when
the caller says so: deploy/color.py decides)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from deploy.changes import ABSENT, ResourceChange, intrinsic
from deploy.color import paint

MAX_VALUE = 72  # characters of one value; the middle of a longer one is left out
MAX_VALUES = 12  # value lines under one resource; the rest are counted
COLORS = {"add": "green", "modify": "yellow", "replace": "red", "remove": "red"}


def color_of(change: ResourceChange) -> str:
    """Red for what is lost or rebuilt, yellow for a change in place or a new revision (a
    task definition), green for what is added."""
    return "yellow" if change.revision else COLORS[change.action]


def shorten(text: str, limit: int = MAX_VALUE) -> str:
    """The start and the end of a long value (an image tag or an ARN ends where it differs)."""
    if len(text) <= limit:
        return text
    keep = (limit - 5) // 2
    return f"{text[:keep]} ... {text[-keep:]}"


def shorten_pair(old: str, new: str, limit: int = MAX_VALUE) -> tuple[str, str]:
    """Both values shortened; when their starts and ends are alike (a dashboard's body, a
    policy document) the part around their first difference instead, so that the two lines
    never read the same."""
    short = shorten(old, limit), shorten(new, limit)
    if short[0] != short[1] or old == new:
        return short
    first = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                 min(len(old), len(new)))
    begin = max(0, first - limit // 4)

    def window(text: str) -> str:
        piece = text[begin:begin + limit - 8]
        return ("... " if begin else "") + piece + (
            " ..." if begin + len(piece) < len(text) else "")

    return window(old), window(new)


def _part(value) -> str | None:
    """A piece of a Join or Sub as it reads inside a string: text, or ${Name}."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Ref" in value and len(value) == 1:
        return "${" + str(value["Ref"]) + "}"
    if isinstance(value, dict) and "Fn::GetAtt" in value and len(value) == 1:
        target = value["Fn::GetAtt"]
        return "${" + (".".join(map(str, target)) if isinstance(target, list)
                       else str(target)) + "}"
    return None


def shown(value) -> str:
    """A template value as a reader wants it: strings quoted, {"Ref": "Db"} as !Ref Db, a Join
    of text and references as the one string it makes."""
    if value is ABSENT:
        return "(none)"
    if intrinsic(value):
        name, argument = next(iter(value.items()))
        short = name.removeprefix("Fn::")
        if name == "Ref":
            return f"!Ref {argument}"
        if name == "Fn::GetAtt":
            return f"!GetAtt {_part(value)[2:-1]}"
        if name == "Fn::ImportValue" and isinstance(argument, str):
            return f"!ImportValue {argument}"
        if name == "Fn::Sub" and isinstance(argument, str):
            return f"!Sub {json.dumps(argument)}"
        if name == "Fn::Join" and isinstance(argument, list) and len(argument) == 2:
            parts = [_part(p) for p in argument[1]] if isinstance(argument[1], list) else [None]
            if isinstance(argument[0], str) and None not in parts:
                return json.dumps(argument[0].join(parts))
        return f"!{short} {shown(argument)}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {shown(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    return json.dumps(value)


def value_lines(change: ResourceChange, color: bool = False) -> list[str]:
    """`path: old -> new` for each value that changes, a replacement's cause marked."""
    lines = []
    for path, old, new in change.values[:MAX_VALUES]:
        top = path.split(".")[0].split("[")[0]
        mark = ""
        if change.action == "replace" and top in change.properties:
            mark = "  " + (paint("(new revision)", "yellow", color) if change.revision
                           else paint("(forces replacement)", "red", color))
        before, after = shorten_pair(shown(old), shown(new))
        lines.append(f"{path}: {before} -> {after}{mark}")
    if len(change.values) > MAX_VALUES:
        lines.append(f"... and {len(change.values) - MAX_VALUES} more values")
    return lines


def stack_lines(plan, color: bool = False) -> list[str]:
    """A stack's summary, then (a deployed stack) each change and its values."""
    summary = plan.summary()
    name, _, rest = summary.partition(": ")
    lines = [paint(name, "bold", color) + ": "
             + (paint(rest, "dim", color) if plan.unchanged else rest)]
    if not plan.exists:
        return lines
    for change in plan.changes:
        lines.append("  " + paint(change.line(), color_of(change), color))
        lines += [f"      {line}" for line in value_lines(change, color)]
    return lines


def render(plans: Iterable, color: bool = False) -> list[str]:
    return [line for plan in plans for line in stack_lines(plan, color)]
