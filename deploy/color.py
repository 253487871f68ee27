"""ANSI colour for what wa-deploy prints, and when to use it: only on a terminal, never with
NO_COLOR set (https://no-color.org) or --no-color given, so that logs and pipes stay plain."""

from __future__ import annotations

import os
from typing import TextIO

CODES = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2"}


def wanted(stream: TextIO, disabled: bool = False) -> bool:
    """Colour for `stream`: a terminal, NO_COLOR unset (any non-empty value turns it off, as
    the convention says) and no --no-color."""
    if disabled or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, color: str | None, on: bool) -> str:
    """`text` in `color` (a key of CODES) when `on`, as it is otherwise."""
    if not on or not color:
        return text
    return f"\033[{CODES[color]}m{text}\033[0m"


def for_status(status: str) -> str | None:
    """The colour of a CloudFormation status: failures and rollbacks red, a finished step
    green, work under way yellow."""
    if "FAILED" in status or "ROLLBACK" in status:
        return "red"
    if status.endswith("_COMPLETE"):
        return "green"
    return "yellow" if status.endswith("_IN_PROGRESS") else None
