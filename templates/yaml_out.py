"""A small block-style YAML writer for CloudFormation dicts (str, int, float, bool, list,
dict). Rendering spends most of its time in PyYAML's representer; templates need none of its
generality. Strings that YAML could read as anything else are written as JSON strings, which
are valid double-quoted YAML scalars."""

from __future__ import annotations

import json
import re
from functools import lru_cache

_PLAIN = re.compile(r"^[A-Za-z_/$][A-Za-z0-9_./$:<>()*-]*$")
_KEYWORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"}


@lru_cache(maxsize=None, typed=True)  # keys and Refs repeat; typed keeps True apart from 1
def _scalar(value) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _KEYWORDS and not text.endswith(":"):
        return text
    return json.dumps(text)


def _block(text: str) -> list[str] | None:
    """A multi-line string as a literal block (|), unless a line has trailing spaces."""
    if "\n" not in text:
        return None
    lines = text.splitlines()
    if any(line != line.rstrip() for line in lines):
        return None
    return lines


def _write(out: list[str], head: str, value, indent: str) -> None:
    """Append `head` (a key with its colon, a list dash, or "" at the top) and `value`; what
    `value` holds is written at `indent`."""
    if isinstance(value, dict | list) and value:
        is_dict = isinstance(value, dict)
        entries = value.items() if is_dict else ((None, item) for item in value)
        for number, (key, item) in enumerate(entries):
            mark = f"{_scalar(key)}:" if is_dict else "-"
            if number == 0 and head.endswith("-"):  # a list item's first entry: same line
                entry_head = f"{head} {mark}"
            else:
                if number == 0 and head:
                    out.append(head)
                entry_head = f"{indent}{mark}"
            _write(out, entry_head, item, indent + "  ")
        return
    if isinstance(value, str) and (lines := _block(value)) is not None:
        out.append(f"{head} |{'' if value.endswith(chr(10)) else '-'}")
        out.extend(indent + line if line else "" for line in lines)
        return
    text = "{}" if isinstance(value, dict) else "[]" if isinstance(value, list) else (
        _scalar(value))
    out.append(f"{head} {text}" if head else f"{indent}{text}")


def dump(document: dict) -> str:
    out: list[str] = []
    _write(out, "", document, "")
    return "\n".join(out) + "\n"
