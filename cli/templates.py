"""wa-templates: render the plain CloudFormation templates for console users."""

from __future__ import annotations

import re
from pathlib import Path

import click

from cli.oneline import OneLineErrorGroup, ParsedBy
from sizing import SizingError

BASE_URL = re.compile(r"^https://[^\s/]+(/\S*)?$")


def parse_base_url(value: object) -> str:
    text = str(value).strip()
    if not BASE_URL.match(text):
        raise SizingError(f"base url {text!r} is invalid: allowed https://host/path/ "
                          "(the folder the four templates are uploaded to)")
    return text if text.endswith("/") else text + "/"


@click.group("wa-templates", cls=OneLineErrorGroup,
             context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """Plain CloudFormation templates (network, database, Lambda, enterprise) for the
    console, generated from the same sizing tables as wa-size and the CDK app."""


@main.command("render")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into. Default: templates/dist in the project.")
@click.option("--base-url", type=ParsedBy("base url", parse_base_url, "URL"),
              help="https URL of the folder you upload the templates to; becomes the default "
              "of the enterprise template's TemplateBaseUrl parameter.")
def render_command(out, base_url):
    """Write wa-infra.yaml and its three nested tier templates."""
    from templates.render import DIST, write_all  # troposphere: only when rendering

    for path in write_all(out or DIST, base_url):
        click.echo(str(path))
