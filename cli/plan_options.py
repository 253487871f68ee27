"""The sizing options shared by `wa-size` and `wa-shards plan`, made from the sizing inputs'
table (sizing/inputs.py SIZING_INPUTS): one name, default, range and help per input."""

from __future__ import annotations

import click

from cli.oneline import ParsedBy
from sizing.inputs import SIZING, SIZING_INPUTS, SizingInput
from sizing.surfaces import PLAN_KEYWORD, option


def parsed_by(row: SizingInput) -> ParsedBy:
    """The input's click type: its parser, refusing as the CDK context reader does (the
    message names the context key)."""
    return ParsedBy(row.key, lambda value: row.parse(row.key, value), row.metavar)


_TABLE = object()


def sizing_option(row: SizingInput, default: object = _TABLE, remembered: bool = False):
    """The click option of a sizing input (a switch is --key / --no-key), with the table's
    default unless the command resolves it itself. `remembered`: left out, the option takes
    the deployment's value (wa-shards plan), the table's only offline; --help says so."""
    flag = option(row.key)
    default = row.default if default is _TABLE else default
    if not row.metavar:
        return click.option(f"{flag}/--no-{flag[2:]}", row.key, default=default, help=row.help)
    # given as text, which the type reads: --help shows 25, not 25.0
    shown = None if default is None else row.shown_default()
    said = f"as deployed; --offline: {shown}" if remembered and shown is not None else shown
    return click.option(flag, row.key, type=parsed_by(row), default=shown,
                        show_default=said if said is not None else False, help=row.help)


# wa-size's own: --az-count plans the NAT gateways and the layout, which wa-shards plan does not
PLANNED = tuple(row.key for row in SIZING_INPUTS if row.key != "az_count")


def plan_options(*, shards: bool, remembered: bool = False):
    """Decorator: the sizing options in help order, --shards only where asked."""
    options = [sizing_option(SIZING[key], remembered=remembered) for key in PLANNED
               if shards or key != "shards"]

    def add(function):
        for decorate in reversed(options):
            function = decorate(function)
        return function

    return add


def plan_inputs(options: dict) -> dict:
    """click's option values (named as the context keys) -> plan() keywords."""
    return {PLAN_KEYWORD[name]: options[name] for name in PLAN_KEYWORD if name in options}
