"""wa-size: print the cluster plan for a target message rate."""

from __future__ import annotations

import json

import click

from cli.oneline import OneLineErrorCommand
from cli.plan_options import plan_inputs, plan_options
from cli.plan_table import render
from sizing import plan


@click.command(
    "wa-size",
    cls=OneLineErrorCommand,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example: wa-size --rate 250 --shards 32 --ssl",
)
@plan_options(shards=True)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON (stable keys).")
@click.option("--explain", is_flag=True, help="Add the rule and source behind each number.")
def main(shards, as_json, explain, **options):
    """Size a WhatsApp Business API cluster (HA + Multiconnect) on AWS.

    Prints shards, Coreapps (active + spare), Masters, Webapps, EC2 min/desired/max, host
    type, DB connections, the RDS class and the monthly cost. Warnings go to stderr.
    Exit codes: 0 plan printed, 2 bad input or no class large enough.
    """
    inputs = plan_inputs(options)
    result = plan(inputs.pop("rate_msg_s"), shards, **inputs)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, sort_keys=True))
    else:
        click.echo(render(result, explain=explain))
