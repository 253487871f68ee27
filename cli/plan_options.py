"""The sizing options shared by `wa-size` and `wa-shards plan` (one definition, one help)."""

from __future__ import annotations

import click

from cli.oneline import ParsedBy
from sizing import data, inputs
from sizing.surfaces import PLAN_KEYWORD

CHOICES = {
    "env": data.ENVIRONMENTS,
    "engine": data.ENGINES,
    "message_type": data.MESSAGE_TYPE_CHOICES,
    "table": data.TABLES,
}
# An option's name is its context key (sizing/surfaces.py): --message-type is message_type.
_ALIASES = ", ".join(f"{a} = {m}" for a, m in data.MESSAGE_TYPE_ALIASES.items())


def _choice(name: str) -> ParsedBy:
    allowed = CHOICES[name]
    label = name.replace("_", " ")
    return ParsedBy(name, lambda v: inputs.parse_choice(label, v, allowed), "|".join(allowed))


RATE = click.option(
    "--rate", type=ParsedBy("rate", inputs.parse_rate, "MSG_S"),
    help=f"Target send rate in messages per second ({inputs.RATE_RANGE}). Default: "
    f"{data.BENCHMARK_RATE_LOW_MSG_S:g}, or what the shards carry when only shards are given.",
)
SHARDS = click.option(
    "--shards", type=ParsedBy("shards", inputs.parse_shards, "N"),
    help=f"Active shards, one of {inputs.SHARDS_ALLOWED}. Default: the smallest that carries "
    f"--rate at {data.RATE_PER_SHARD_MSG_S:g} msg/s per shard.",
)
OPTIONS = (
    click.option("--ssl/--no-ssl", default=data.DEFAULT_SSL,
                 help="TLS between containers and the DB "
                 f"({data.CONNECTIONS_SSL_FACTOR:g}x the connections). Default: "
                 f"{'on' if data.DEFAULT_SSL else 'off'}, as in the vendor's templates."),
    click.option("--env", type=_choice("env"), default="production", show_default=True,
                 help="Environment type: sets the minimum counts and Multi-AZ."),
    click.option("--engine", type=_choice("engine"), default="mysql", show_default=True,
                 help="Database engine; decides max connections per class."),
    click.option(
        "--spares",
        type=ParsedBy("spares", lambda v: inputs.parse_int("spares", v, 0, inputs.MAX_SPARES), "N"),
        default=data.DEFAULT_SPARES, show_default=True,
        help=f"Spare Coreapps beyond the shards, 0 to {inputs.MAX_SPARES} (survive that many "
        "Coreapp failures).",
    ),
    click.option(
        "--headroom",
        type=ParsedBy(
            "headroom",
            lambda v: inputs.parse_float("headroom", v, 0, inputs.MAX_HEADROOM_PCT, " %"),
            "PCT",
        ),
        default=data.DEFAULT_HEADROOM_PCT, show_default=True,
        help=f"Percent added to the estimated DB connections (0 to {inputs.MAX_HEADROOM_PCT:g}).",
    ),
    click.option("--message-type", type=_choice("message_type"), default="text",
                 show_default=True,
                 help="Dominant message type, as the vendor benchmarked them (aliases: "
                 f"{_ALIASES}); picks the host type and what each Coreapp reserves."),
    click.option(
        "--receipts",
        type=ParsedBy("receipts", lambda v: inputs.parse_float("receipts", v,
                                                               *data.RECEIPTS_RANGE), "N"),
        default=data.DEFAULT_RECEIPTS_PER_MESSAGE, show_default=True,
        help=f"Receipt events per sent message ({data.RECEIPTS_RANGE[0]:g} to "
        f"{data.RECEIPTS_RANGE[1]:g}: delivered, read). The benchmark's rate brought "
        f"{data.BENCHMARK_RECEIPTS_PER_MESSAGE:g}; each event counts as load.",
    ),
    click.option(
        "--inbound",
        type=ParsedBy("inbound", lambda v: inputs.parse_float(
            "inbound", v, 0, inputs.TOP_RATE_MSG_S, " msg/s"), "MSG_S"),
        default=data.DEFAULT_INBOUND_MSG_S, show_default=True,
        help="Messages received per second. Each is one event, a sent message 1 + receipts; "
        f"the load is the events over {1 + data.BENCHMARK_RECEIPTS_PER_MESSAGE:g} (the "
        "benchmark's mix).",
    ),
    click.option("--table", type=_choice("table"), default="current", show_default=True,
                 help="RDS classes to choose from: current generation, the seed's table, or all."),
    click.option("--isolate-coreapps", is_flag=True,
                 help="One Coreapp per host (survives host failures; may exceed the EC2 caps)."),
)


def plan_options(*, shards: bool):
    """Decorator: --rate, optionally --shards, and the other sizing options, in help order."""
    options = (RATE, SHARDS, *OPTIONS) if shards else (RATE, *OPTIONS)

    def add(function):
        for option in reversed(options):
            function = option(function)
        return function

    return add


def plan_inputs(options: dict) -> dict:
    """click's option values (named as the context keys) -> plan() keywords."""
    return {PLAN_KEYWORD[name]: options[name] for name in PLAN_KEYWORD if name in options}
