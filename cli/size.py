"""wa-size: print the cluster plan for a target message rate."""

from __future__ import annotations

import json

import click

from cli import layout_table
from cli.oneline import OneLineErrorCommand, ParsedBy
from cli.plan_options import plan_inputs, plan_options
from cli.plan_table import render
from sizing import data, inputs, plan

AZS = ParsedBy("azs", lambda v: inputs.parse_int("azs", v, data.AZ_COUNTS[0], data.AZ_COUNTS[-1]),
               "N")


@click.command(
    "wa-size",
    cls=OneLineErrorCommand,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example: wa-size --rate 250 --shards 32 --ssl",
)
@plan_options(shards=True)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON (stable keys).")
@click.option("--explain", is_flag=True, help="Add the rule and source behind each number.")
@click.option("--layout", is_flag=True,
              help="Add the hosts one by one: which containers run where, in which AZ, and "
              "their reserved memory and CPU against the host's.")
@click.option("--azs", type=AZS, default=data.AZ_COUNTS[0], show_default=True,
              help=f"Availability Zones for --layout ({data.AZ_COUNTS[0]} to "
              f"{data.AZ_COUNTS[-1]}, as the network's az_count); the plan holds for each.")
def main(shards, as_json, explain, layout, azs, **options):
    """Size a WhatsApp Business API cluster (HA + Multiconnect) on AWS.

    Prints shards, Coreapps (active + spare), Masters, Webapps, EC2 min/desired/max, host
    type, what each container reserves, DB connections, the RDS class, the monthly cost and
    the vendor's v3 layout for the same load. Warnings (the vendor's limits among them) go to
    stderr.

    Exit codes: 0 plan printed, 2 bad input or no class large enough.
    """
    inputs = plan_inputs(options)
    result = plan(inputs.pop("rate_msg_s"), shards, **inputs)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        out = result.to_dict()
        if layout:
            out["layout"] = layout_table.as_dict(result, azs)
        click.echo(json.dumps(out, indent=2, sort_keys=True))
    else:
        click.echo(render(result, explain=explain))
        if layout:
            click.echo("")
            click.echo(layout_table.render(result, azs))
