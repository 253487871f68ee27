"""wa-size: print the cluster plan for a target message rate."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli import layout_table, sweep
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
@click.option("--sweep", "sweep_range", type=ParsedBy("sweep", sweep.parse_sweep, sweep.FORMAT),
              help="Plan every rate from FROM to TO msg/s in steps of STEP (default "
              f"{sweep.DEFAULT_STEP_MSG_S:g}; at most {sweep.MAX_ROWS} rows) with the other "
              "options as given: hosts, host type, DB class and monthly cost per rate, the "
              "rows where the plan steps marked. Instead of --rate.")
@click.option("--svg", "svg_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Also draw --layout (hosts by AZ, their containers' memory and CPU) or "
              "--sweep (cost and hosts against the rate) as an SVG picture into FILE.")
def main(shards, as_json, explain, layout, azs, **options):
    """Size a WhatsApp Business API cluster (HA + Multiconnect) on AWS.

    Prints shards, Coreapps (active + spare), Masters, Webapps, EC2 min/desired/max, host
    type, what each container reserves, DB connections, the RDS class, the monthly cost and
    the vendor's v3 layout for the same load. Warnings (the vendor's limits among them) go to
    stderr. --sweep prints a row per rate instead; --svg draws --layout or --sweep
    (docs/pictures.md).

    Exit codes: 0 plan printed, 2 bad input or no class large enough.
    """
    sweep_range, svg_file = options.pop("sweep_range"), options.pop("svg_file")
    if sweep_range is not None:
        _sweep(sweep_range, shards, as_json, svg_file, options, explain=explain, layout=layout)
        return
    if svg_file is not None and not layout:
        raise click.UsageError("--svg FILE draws --layout or --sweep: give one of them")
    inputs = plan_inputs(options)
    result = plan(inputs.pop("rate_msg_s"), shards, **inputs)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if svg_file is not None:
        from cli import layout_svg

        _write(svg_file, layout_svg.render(result, azs))
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


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.UsageError(f"svg {path!r} cannot be written: {error.strerror}") from None


def _sweep(spec: sweep.Sweep, shards, as_json: bool, svg_file: str | None, options: dict, *,
           explain: bool, layout: bool) -> None:
    """The plan at every rate of the sweep (the other options apply to each row)."""
    for flag, given in (("--rate", options["rate"] is not None), ("--layout", layout),
                        ("--explain", explain)):
        if given:
            raise click.UsageError(f"--sweep plans a range of rates: it takes no {flag}")
    inputs = plan_inputs(options)
    inputs.pop("rate_msg_s")
    found = sweep.rows(spec, shards, inputs)
    if svg_file is not None:
        from cli import sweep_svg

        _write(svg_file, sweep_svg.render(spec, found))
    if (summary := sweep.warning_summary(found)) is not None:
        click.echo(f"warning: {summary}", err=True)
    if as_json:
        click.echo(json.dumps(sweep.as_dict(spec, found), indent=2, sort_keys=True))
    else:
        click.echo(sweep.render(spec, found))
