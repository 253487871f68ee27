"""A small block-style YAML writer for CloudFormation dicts (str, int, float, bool, list,
dict). Rendering spends most of its time in PyYAML's representer; templates need none of its
generality. Strings that YAML could read as anything else are written as JSON strings, which
are valid double-quoted YAML scalars."""

from __future__ import annotations

import json
import re

_PLAIN = re.compile(r"^[A-Za-z_/$][A-Za-z0-9_./$:<>()*-]*$")
_KEYWORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"}


def _scalar(value) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _KEYWORDS and not text.endswith(":"):
        return text
    return json.dumps(text)


def _lines(value, indent: str) -> list[str]:
    if isinstance(value, dict):
        if not value:
            return [indent + "{}"]
        out = []
        for key, item in value.items():
            out.extend(_entry(f"{indent}{_scalar(key)}:", item, indent + "  "))
        return out
    if isinstance(value, list):
        if not value:
            return [indent + "[]"]
        out = []
        for item in value:
            out.extend(_entry(f"{indent}-", item, indent + "  "))
        return out
    return [indent + _scalar(value)]


def _entry(head: str, value, indent: str) -> list[str]:
    if (
        isinstance(value, str)
        and "\n" in value
        and not any(line != line.rstrip() for line in value.splitlines())
    ):
        keep = "" if value.endswith("\n") else "-"
        body = [indent + line if line else "" for line in value.splitlines()]
        return [f"{head} |{keep}", *body]
    if isinstance(value, dict | list) and value:
        nested = _lines(value, indent)
        if head.endswith("-"):  # list item: first key on the dash line
            first = nested[0][len(indent) :]
            return [f"{head} {first}", *nested[1:]]
        return [head, *nested]
    return [f"{head} {_lines(value, '')[0]}"]


def dump(document: dict) -> str:
    return "\n".join(_lines(document, "")) + "\n"
