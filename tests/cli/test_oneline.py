"""cli.oneline's ParsedBy, built here (the CLIs build theirs on import): a value goes through
its parser, a refusal is the parser's one-line message, the metavar is the one given."""

import click
import pytest
from click.testing import CliRunner

from cli.oneline import ParsedBy
from sizing import SizingError


def even(value):
    number = int(value)
    if number % 2:
        raise SizingError(f"count {value!r} is invalid: allowed an even number")
    return number


def test_a_value_goes_through_the_parser():
    assert ParsedBy("count", even, "N").convert("4", None, None) == 4


def test_a_refusal_is_the_parsers_message_as_it_is():
    with pytest.raises(click.BadParameter) as refused:
        ParsedBy("count", even, "N").convert("3", None, None)
    assert refused.value.format_message() == "count '3' is invalid: allowed an even number"


def test_the_usage_line_shows_the_metavar_given():
    @click.command()
    @click.option("--count", type=ParsedBy("count", even, "EVEN"))
    def command(count):
        click.echo(count)

    result = CliRunner().invoke(command, ["--help"])
    assert "--count EVEN" in result.output
