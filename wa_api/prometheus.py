"""A small, bounded reader of the Prometheus text format, for the client's /metrics and
/v1/stats/app answers (`?format=prometheus`).

Only what the probe needs: sample lines `name{label="value",...} number [timestamp]` of the
families asked for; comments (# HELP, # TYPE) and every other family are skipped unread. The
body is already capped by the transport (MAX_BODY_BYTES); here the number of lines, a line's
length and a sample's labels are capped too, so a hostile answer costs bounded time. A line
that does not parse is skipped, never raised: one odd sample must not hide the others.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

MAX_LINES = 50_000  # the client's answers hold a few hundred; more is not a Webapp's answer
MAX_LINE_CHARS = 2_000
MAX_LABELS = 16
# name{labels} value [timestamp]; label values may hold escaped quotes and backslashes.
SAMPLE = re.compile(r"([a-zA-Z_:][a-zA-Z0-9_:]{0,199})(?:\{(.{0,1500}?)\})?[ \t]+(\S{1,40})"
                    r"(?:[ \t]+-?[0-9]{1,20})?[ \t]*", re.ASCII)
LABEL = re.compile(r'[ \t]*([a-zA-Z_][a-zA-Z0-9_]{0,99})[ \t]*=[ \t]*"((?:[^"\\]|\\.){0,500})"'
                   r'[ \t]*(,|$)', re.ASCII)
ESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n"}

Sample = tuple[dict[str, str], float]


class TooLarge(ValueError):
    """More lines than MAX_LINES: not read further."""


def _labels(text: str | None) -> dict[str, str] | None:
    """The label set, or None when it does not parse (or holds more than MAX_LABELS)."""
    if not text:
        return {}
    labels: dict[str, str] = {}
    position = 0
    while position < len(text):
        match = LABEL.match(text, position)
        if match is None or len(labels) >= MAX_LABELS:
            return None
        labels[match[1]] = re.sub(r"\\[\\\"n]", lambda m: ESCAPES[m[0]], match[2])
        position = match.end()
        if not match[3]:
            break
    return labels if position >= len(text) else None


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None  # NaN and +Inf say nothing to add up


def parse(text: str, families: Iterable[str]) -> dict[str, list[Sample]]:
    """{family: [(labels, value), ...]} for each of `families` found in `text` (a family
    with no valid sample is absent). TooLarge past MAX_LINES."""
    wanted = set(families)
    found: dict[str, list[Sample]] = {}
    for count, line in enumerate(text.splitlines(), start=1):
        if count > MAX_LINES:
            raise TooLarge(f"more than {MAX_LINES} lines")
        if not line or line.startswith("#") or len(line) > MAX_LINE_CHARS:
            continue
        match = SAMPLE.fullmatch(line)
        if match is None or match[1] not in wanted:
            continue
        labels, value = _labels(match[2]), _number(match[3])
        if labels is not None and value is not None:
            found.setdefault(match[1], []).append((labels, value))
    return found
