"""wa-templates: render the plain CloudFormation templates for console users."""

from __future__ import annotations

import re
from pathlib import Path

import click

from cli.oneline import VERSION, OneLineErrorGroup, ParsedBy
from contract import syntax
from sizing import SizingError
from sizing.inputs import shown

# The file names are appended to it, so no query or fragment; characters a URL path takes
# without quoting. CloudFormation reads a TemplateURL of at most 1024 characters.
BASE_URL = re.compile(f"https://{syntax.S3_HOST}{syntax.TEMPLATE_FOLDER_PATH}")
BASE_URL_MAX = 1000
BASE_URL_ALLOWED = ("https://<bucket>.s3.<region>.amazonaws.com/path/ (the S3 folder the four "
                    "templates are uploaded to: CloudFormation takes nested templates from S3)")


def parse_base_url(value: object) -> str:
    text = str(value).strip()
    if "?" in text or "#" in text:
        raise SizingError(f"base url {shown(text)} has a query or fragment: allowed "
                          f"{BASE_URL_ALLOWED}, without ? or #")
    if not BASE_URL.fullmatch(text):
        raise SizingError(f"base url {shown(text)} is invalid: allowed {BASE_URL_ALLOWED}")
    if len(text) > BASE_URL_MAX:
        raise SizingError(f"base url {shown(text)} is too long: allowed at most {BASE_URL_MAX} "
                          "characters")
    return text if text.endswith("/") else text + "/"


def parse_out(value: object) -> Path:
    text = str(value)
    if not text.strip():  # Path('') is the current folder
        raise SizingError(f"out {shown(text)} is empty: allowed a folder path")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):  # NUL, and lines in the printed list
        raise SizingError(f"out {shown(text)} holds control characters: allowed a folder path")
    path = Path(text)
    for folder in (path, *path.parents):  # the nearest one that exists must be a folder
        try:
            if not folder.exists():
                continue
        except OSError as error:  # a name too long, say
            raise SizingError(f"out {shown(text)} cannot be used: {_one_line(error)}; allowed "
                              "a folder path") from None
        if not folder.is_dir():
            where = "is" if folder == path else f"lies under {shown(str(folder))}, which is"
            raise SizingError(f"out {shown(text)} {where} a file: allowed a folder (new or "
                              "existing)")
        break
    return path


def _one_line(error: OSError) -> str:
    """strerror and the file, but not the staging folder's name (an internal detail)."""
    reason = error.strerror or str(error)
    named = error.filename and ".wa-templates-" not in str(error.filename)
    return " ".join(f"{reason} ({shown(str(error.filename))})".split() if named else
                    reason.split())


@click.group("wa-templates", cls=OneLineErrorGroup,
             context_settings={"help_option_names": ["-h", "--help"]})
@VERSION
def main():
    """Plain CloudFormation templates (network, database, Lambda, enterprise) for the
    console, generated from the same sizing tables as wa-size and the CDK app."""


# Without --out the files go to a build folder: templates/dist is tracked, and rewriting it is
# a maintainer's deliberate act (--in-place), not a side effect of trying the command.
DEFAULT_OUT = Path("build") / "templates"


@main.command("render")
@click.option("--out", type=ParsedBy("out", parse_out, "DIR"),
              help=f"Folder to write into. Default: {DEFAULT_OUT} under the current folder.")
@click.option("--in-place", is_flag=True,
              help="Rewrite the project's tracked templates/dist (maintainers, after a change "
              "that alters the templates; a test fails while it is stale).")
@click.option("--base-url", type=ParsedBy("base url", parse_base_url, "URL"),
              help="https URL of the folder you upload the templates to; becomes the default "
              "of the enterprise template's TemplateBaseUrl parameter.")
def render_command(out, in_place, base_url):
    """Write wa-infra.yaml and its three nested tier templates (all four or none)."""
    if out is not None and in_place:
        raise SizingError(f"out {shown(str(out))} is given with --in-place: allowed one of "
                          "them (--in-place writes templates/dist)")
    from templates.render import DIST, write_all  # troposphere: only when rendering

    target = DIST if in_place else out or parse_out(str(DEFAULT_OUT))
    try:
        written = write_all(target, base_url)
        if in_place:  # the Mappings as of this render, so that the next one reads them
            from templates import mappings

            mappings.store()
    except OSError as error:
        raise SizingError(f"out {shown(str(target))} cannot be written: {_one_line(error)}; "
                          "allowed a folder you can create or write to (nothing was written)"
                          ) from None
    for path in written:
        click.echo(str(path))
