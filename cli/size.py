"""wa-size: print the cluster plan for a target message rate."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli import layout_table
from cli.aws_options import REGION, planned_region
from cli.oneline import VERSION, OneLineErrorCommand, ParsedBy
from cli.plan_options import parsed_by, plan_inputs, plan_options, sizing_option
from cli.plan_table import render
from cli.sweep_range import DEFAULT_STEP_MSG_S, FORMAT, MAX_ROWS, Sweep, parse_sweep
from sizing import data, deploy_lines, inputs, plan, regions, surfaces
from sizing.cost_step import step_below

AZ_COUNT = inputs.SIZING["az_count"]


@click.command(
    "wa-size",
    cls=OneLineErrorCommand,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example: wa-size --rate 250 --shards 32 --ssl. Every sizing option is the CDK "
    "context key of the same name in kebab case (--message-type is -c message_type=..., "
    "--az-count is -c az_count=...), as wa-deploy and `npx cdk deploy` take it.",
)
@VERSION
@plan_options(shards=True)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON (stable keys).")
@click.option("--explain", is_flag=True, help="Add the rule and source behind each number.")
@click.option("--layout", is_flag=True,
              help="Add the hosts one by one: which containers run where, in which AZ, and "
              "their reserved memory and CPU against the host's.")
# no default here: a stated count is checked against the region's AZs (_az_count fills it)
@sizing_option(AZ_COUNT, default=None)
# the old name, an option of its own so that both given with different values is refused
# rather than the last one silently winning
@click.option(*surfaces.OLD_OPTIONS["az_count"], "old_az_count", type=parsed_by(AZ_COUNT),
              hidden=True)
@click.option("--sweep", "sweep_range", type=ParsedBy("sweep", parse_sweep, FORMAT),
              help="Plan every rate from FROM to TO msg/s in steps of STEP (default "
              f"{DEFAULT_STEP_MSG_S:g}; at most {MAX_ROWS} rows) with the other "
              "options as given: hosts, host type, DB class and monthly cost per rate, the "
              "rows where the plan steps marked. Instead of --rate.")
@click.option("--region", "region", type=REGION, metavar="REGION",
              help="The region the printed deploy lines name. Default: as wa-deploy finds it "
              "($AWS_REGION, $AWS_DEFAULT_REGION, the profile's region in the AWS config, "
              "cdk.json). The cost is priced for us-east-1 whatever it is.")
@click.option("--svg", "svg_file", metavar="FILE",
              help="Also draw --layout (hosts by AZ, their containers' memory and CPU) or "
              "--sweep (cost and hosts against the rate) as an SVG picture into FILE.")
def main(shards, as_json, explain, layout, az_count, old_az_count, **options):
    """Size a WhatsApp Business API cluster (HA + Multiconnect) on AWS.

    Prints shards, Coreapps (active + spare), Masters, Webapps, EC2 min/desired/max, host
    type, what each container reserves, DB connections, the RDS class, the monthly cost and
    the vendor's v3 layout for the same load. Warnings (the vendor's limits among them) go to
    stderr. --sweep prints a row per rate instead; --svg draws --layout or --sweep
    (docs/pictures.md).

    Under the plan: the lines that deploy it (wa-deploy, `npx cdk deploy`) and the console
    parameters of templates/dist/wa-infra.yaml, with only the inputs that differ from the
    defaults; and, when a slightly lower rate costs less, that rate and the saving.

    Exit codes: 0 plan printed, 2 bad input or no class large enough.
    """
    sweep_range, svg_file = options.pop("sweep_range"), options.pop("svg_file")
    region = options.pop("region")
    stated = az_count is not None or old_az_count is not None
    az_count = _az_count(az_count, old_az_count)
    if region is not None:  # the deploy lines name it: they must not fail in the network tier
        try:
            regions.check_az_count(region, az_count, stated, "--az-count")
        except regions.SizingError as error:
            raise click.UsageError(str(error)) from None
    given = {**options, "shards": shards, "az_count": az_count}
    if sweep_range is not None:
        _sweep(sweep_range, as_json, svg_file, given, explain=explain, layout=layout)
        return
    if svg_file is not None and not layout:
        raise click.UsageError("--svg FILE draws --layout or --sweep: give one of them")
    inputs = plan_inputs(given)
    result = plan(inputs.pop("rate_msg_s"), inputs.pop("shards"), **inputs,
                  spelling=surfaces.as_option)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if svg_file is not None:
        from cli import layout_svg

        _write(svg_file, layout_svg.render(result, az_count))
    step = None
    if options["rate"] is not None:  # a rate the shards derive is not the user's to lower
        step = step_below(options["rate"], shards, **inputs)
    if as_json:
        out = result.to_dict()
        out["deploy"] = deploy_dict(result, given, _region(region))
        out["cost"]["cost_step"] = None if step is None else {
            "rate_below_msg_s": step.rate_below_msg_s,
            "monthly_saving_usd": step.monthly_saving_usd}
        if layout:
            out["layout"] = layout_table.as_dict(result, az_count)
        click.echo(json.dumps(out, indent=2, sort_keys=True))
    else:
        click.echo(render(result, explain=explain))
        if step is not None:
            click.echo(f"hint: {step.hint(result.rate_msg_s)}")
        click.echo("")
        click.echo(deploy_text(result, given, _region(region)))
        if layout:
            click.echo("")
            click.echo(layout_table.render(result, az_count))


def _az_count(new_name: int | None, old_name: int | None) -> int:
    old = surfaces.OLD_OPTIONS["az_count"][0]
    if None not in (new_name, old_name) and new_name != old_name:
        raise click.UsageError(f"--az-count {new_name} and {old} {old_name} differ: give one "
                               f"({old} is the old name of --az-count)")
    return next((n for n in (new_name, old_name) if n is not None), AZ_COUNT.default)


def _write(path: str, text: str) -> None:
    import stat

    try:  # a FIFO would block the write until some reader opens it
        fifo = stat.S_ISFIFO(Path(path).stat().st_mode)
    except OSError:
        fifo = False
    if fifo:
        raise click.UsageError(f"svg {path!r} is a FIFO: allowed a file path")
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.UsageError(f"svg {path!r} cannot be written: {error.strerror}") from None


def _sweep(spec: Sweep, as_json: bool, svg_file: str | None, given: dict, *,
           explain: bool, layout: bool) -> None:
    """The plan at every rate of the sweep (the other options apply to each row)."""
    from cli import sweep  # the rows' module: only a sweep needs it

    for flag, asked in (("--rate", given["rate"] is not None), ("--layout", layout),
                        ("--explain", explain)):
        if asked:
            raise click.UsageError(f"--sweep plans a range of rates: it takes no {flag}")
    inputs = plan_inputs(given)
    inputs.pop("rate_msg_s")
    found = sweep.rows(spec, inputs.pop("shards"), inputs)
    if svg_file is not None:
        from cli import sweep_svg

        _write(svg_file, sweep_svg.render(spec, found))
    if (summary := sweep.warning_summary(found)) is not None:
        click.echo(f"warning: {summary}", err=True)
    if as_json:
        click.echo(json.dumps(sweep.as_dict(spec, found), indent=2, sort_keys=True))
    else:
        click.echo(sweep.render(spec, found))


def _region(region: str | None) -> str:
    try:
        return planned_region(region)
    except inputs.SizingError as error:
        raise click.UsageError(str(error)) from None


def deploy_dict(result, given: dict, region: str = data.PRICE_REGION) -> dict:
    """The deploy lines and console parameters, for --json."""
    params, missing = deploy_lines.console_parameters(result)
    return {**deploy_lines.deploy_lines(given, region), "region": region, "context": {
        k: surfaces.value_text(v) for k, v in deploy_lines.given_inputs(given).items()},
        "console_parameters": params, "console_cannot": missing,
        "console_differs": deploy_lines.console_differences(result)}


def deploy_text(result, given: dict, region: str = data.PRICE_REGION) -> str:
    lines = deploy_lines.deploy_lines(given, region)
    params, missing = deploy_lines.console_parameters(result)
    shown = " ".join(f"{k}={v}" for k, v in params.items()) or "the defaults"
    text = [
        "Deploy this plan (a new deployment; an existing one keeps the inputs it remembers "
        "unless named):",
        f"  {lines['wa_deploy']}",
        f"  {lines['cdk_deploy']}",
        f"  console, templates/dist/wa-infra.yaml: {shown}",
    ]
    if region != data.PRICE_REGION:
        text.append(f"  (the cost above is priced for {data.PRICE_REGION}; {region}'s prices "
                    "differ)")
    if missing:
        text.append(f"  not on the console: {'; '.join(missing)}: use the lines above")
    if differs := deploy_lines.console_differences(result):
        throughput = deploy_lines.console_throughput(result.load_msg_s)
        text.append(f"  the console sizes for Throughput {throughput}: {'; '.join(differs)}; "
                    "the lines above deploy this plan")
    return "\n".join(text)
