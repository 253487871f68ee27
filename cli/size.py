"""wa-size: print the cluster plan for a target message rate."""

from __future__ import annotations

import json

import click

from cli.oneline import OneLineErrorCommand, ParsedBy
from cli.plan_table import render
from sizing import data, inputs, plan

CHOICES = {
    "env": data.ENVIRONMENTS,
    "engine": data.ENGINES,
    "message_type": data.MESSAGE_TYPES,
    "table": data.TABLES,
}


def _choice(name: str) -> ParsedBy:
    allowed = CHOICES[name]
    label = name.replace("_", " ")
    return ParsedBy(name, lambda v: inputs.parse_choice(label, v, allowed), "|".join(allowed))


@click.command(
    "wa-size",
    cls=OneLineErrorCommand,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example: wa-size --rate 250 --shards 32 --ssl",
)
@click.option(
    "--rate",
    type=ParsedBy("rate", inputs.parse_rate, "MSG_S"),
    help=f"Target send rate in messages per second ({inputs.RATE_RANGE}). Default: "
    f"{data.BENCHMARK_RATE_LOW_MSG_S:g}, or what --shards carry when only --shards is given.",
)
@click.option(
    "--shards",
    type=ParsedBy("shards", inputs.parse_shards, "N"),
    help=f"Active shards, one of {inputs.SHARDS_ALLOWED}. Default: the smallest that carries "
    f"--rate at {data.RATE_PER_SHARD_MSG_S:g} msg/s per shard.",
)
@click.option(
    "--ssl/--no-ssl",
    default=False,
    help="TLS between containers and the DB (about 1.7x the connections). Default: off.",
)
@click.option(
    "--env",
    type=_choice("env"),
    default="production",
    show_default=True,
    help="Environment type: sets the minimum counts and Multi-AZ.",
)
@click.option(
    "--engine",
    type=_choice("engine"),
    default="mysql",
    show_default=True,
    help="Database engine; decides max connections per class.",
)
@click.option(
    "--spares",
    type=ParsedBy("spares", lambda v: inputs.parse_int("spares", v, 0), "N"),
    default=data.DEFAULT_SPARES,
    show_default=True,
    help="Spare Coreapps beyond the shards (survive that many Coreapp failures).",
)
@click.option(
    "--headroom",
    type=ParsedBy("headroom", lambda v: inputs.parse_float("headroom", v, 0, " %"), "PCT"),
    default=data.DEFAULT_HEADROOM_PCT,
    show_default=True,
    help="Percent added to the estimated DB connections (>= 0).",
)
@click.option(
    "--message-type",
    type=_choice("message_type"),
    default="text",
    show_default=True,
    help="Dominant message type; picks the host instance type.",
)
@click.option(
    "--table",
    type=_choice("table"),
    default="current",
    show_default=True,
    help="RDS classes to choose from: current generation, the seed's table, or all.",
)
@click.option(
    "--isolate-coreapps",
    is_flag=True,
    help="One Coreapp per host (survives host failures; may exceed the EC2 caps).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON (stable keys).")
@click.option("--explain", is_flag=True, help="Add the rule and source behind each number.")
def main(
    rate,
    shards,
    ssl,
    env,
    engine,
    spares,
    headroom,
    message_type,
    table,
    isolate_coreapps,
    as_json,
    explain,
):
    """Size a WhatsApp Business API cluster (HA + Multiconnect) on AWS.

    Prints shards, Coreapps (active + spare), Masters, Webapps, EC2 min/desired/max, host
    type, DB connections, the RDS class and the monthly cost. Warnings go to stderr.
    Exit codes: 0 plan printed, 2 bad input or no class large enough.
    """
    result = plan(
        rate,
        shards,
        ssl=ssl,
        env=env,
        engine=engine,
        spares=spares,
        headroom_pct=headroom,
        message_type=message_type,
        table=table,
        isolate_coreapps=isolate_coreapps,
    )
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, sort_keys=True))
    else:
        click.echo(render(result, explain=explain))
