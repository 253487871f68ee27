"""One name per sizing input on every surface, and how each surface writes a value.

An input's name is its CDK context key (cdk/context.py CONTEXT_KEYS: `az_count`), which
`wa-deploy -c` and `npx cdk deploy -c` take as is; wa-size and `wa-shards plan` spell the same
name as an option in kebab case (`--az-count`). The plain templates name their parameters in
the console's CamelCase (sizing/deploy_lines.py maps a plan onto them). No plan() here: the
planner spells its advice with these.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable

from sizing.inputs import SIZING_INPUTS

# context key -> plan() keyword, from the inputs table (the only place the two differ)
PLAN_KEYWORD: dict[str, str] = {row.key: row.keyword for row in SIZING_INPUTS}
# Names an older release used for the same input; they keep working as aliases.
OLD_OPTIONS: dict[str, tuple[str, ...]] = {"az_count": ("--azs",)}

Spelling = Callable[[str, object], str]  # (context key, value) -> how a surface writes it


def option(key: str) -> str:
    """The wa-size / wa-shards plan option of a context key."""
    return "--" + key.replace("_", "-")


def value_text(value: object) -> str:
    """A value as the context parser reads it back exactly (floats by repr, not rounded)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def as_option(key: str, value: object) -> str:
    if isinstance(value, bool):  # switches: --ssl / --no-ssl, --isolate-coreapps
        return option(key) if value else "--no-" + option(key)[2:]
    return f"{option(key)} {value_text(value)}"


def as_context(key: str, value: object) -> str:
    return f"-c {key}={shlex.quote(value_text(value))}"


def renamed(spelling: Spelling, **options: str) -> Spelling:
    """A spelling where some keys are other options (wa-shards plan's --to for shards)."""
    def spell(key: str, value: object) -> str:
        if key in options:
            return f"{options[key]} {value_text(value)}"
        return spelling(key, value)
    return spell
