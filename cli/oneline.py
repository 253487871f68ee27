"""A click Command whose errors are one line on stderr with exit code 2, never a traceback."""

from __future__ import annotations

import os
import sys

import click

from sizing import SizingError
from wa_api.errors import InvalidInput

# Bad input of any part: the planner's and the Webapp client's (a URL, a CA file).
BAD_INPUT = (SizingError, InvalidInput)


def _print_version(ctx: click.Context, _param: click.Parameter, asked: bool) -> None:
    if asked and not ctx.resilient_parsing:
        from importlib.metadata import version

        click.echo(f"{ctx.find_root().info_name}, version {version('wa-infra')}")
        ctx.exit()


# Every command's --version, as click.version_option prints it. Not that helper: it asks
# gettext to translate its help text whenever a command is defined, and gettext's locale
# lookup is 3 ms of every wa-size start.
VERSION = click.option("--version", is_flag=True, expose_value=False, is_eager=True,
                       callback=_print_version, help="Show the version and exit.")


class OneLineErrors:
    """Usage errors and SizingError become `<prog>: error: <message>` and exit code 2;
    the errors listed in `runtime_errors` (a failed call, say) the same with exit code 1;
    Ctrl-C exits 130."""

    runtime_errors: tuple[type[Exception], ...] = ()
    hints: dict[type[Exception], str] = {}  # what to do, in this command's terms

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        name = prog_name or self.name
        if sys.stdout is None:  # started with stdout closed: whatever it prints would be lost
            click.echo(f"{name}: error: stdout is closed: nothing could be printed", err=True)
            sys.exit(1)
        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            sys.stdout.flush()  # a full disk shows here, not after exit as a traceback
            return result
        except BrokenPipeError:  # `| head`: the reader has all it wanted
            _quiet_stdout()
            sys.exit(141)  # the shell's code for SIGPIPE
        except click.exceptions.Exit as stop:  # --help, --version
            sys.exit(stop.exit_code)
        except click.exceptions.Abort:  # Ctrl-C: the shell's code for SIGINT, not a failure
            click.echo("Aborted.", err=True)
            sys.exit(130)
        except click.UsageError as error:
            click.echo(f"{name}: error: {error.format_message()}", err=True)
            sys.exit(2)
        except BAD_INPUT as error:
            click.echo(f"{name}: error: {error}", err=True)
            sys.exit(2)
        except OSError as error:
            if not _on_stdout(error):
                raise
            _quiet_stdout()
            click.echo(f"{name}: error: cannot write the output: {error.strerror or error}",
                       err=True)
            sys.exit(1)
        except Exception as error:
            if aws_settings_error(error):
                click.echo(f"{name}: error: {aws_settings_line(error)}", err=True)
                sys.exit(2)
            if not isinstance(error, self.runtime_errors):
                raise
            hint = next((f": {h}" for kind, h in self.hints.items() if isinstance(error, kind)),
                        "")
            click.echo(f"{name}: error: {error}{hint}", err=True)
            sys.exit(1)


def _on_stdout(error: OSError) -> bool:
    """Whether writing or flushing stdout raised `error` (a full disk, an I/O error)."""
    import traceback  # only on a failure: wa-size starts without it

    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and frames[-1].name in ("echo", "flush", "write", "main")


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that Python's own flush at exit raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# botocore's errors for a setting it cannot use (AWS_RETRY_MODE, AWS_DEFAULTS_MODE,
# AWS_STS_REGIONAL_ENDPOINTS, an AWS config file that is no INI)
SETTINGS_ERRORS = ("InvalidConfigError", "InvalidRetryModeError", "InvalidDefaultsMode",
                   "InvalidSTSRegionalEndpointsConfigError", "ConfigParseError",
                   "InvalidRetryConfigurationError", "InvalidMaxRetryAttemptsError",
                   "InfiniteLoopConfigError", "PartialCredentialsError")


def aws_settings_line(error: Exception) -> str:
    given = ", ".join(sorted(k for k in os.environ if k.startswith("AWS_")
                             and "SECRET" not in k and "TOKEN" not in k))
    return (f"the AWS settings are invalid: {' '.join(str(error).split())} (check the AWS config "
            f"file and the AWS_* variables set: {given or 'none'})")


def aws_settings_error(error: Exception) -> bool:
    """An error botocore raised while reading its settings (AWS_MAX_ATTEMPTS=abc, an
    AWS_ENDPOINT_URL that is no URL), not an answer from AWS: bad input."""
    if type(error).__name__ in ("ClientError", "NoCredentialsError", "EndpointConnectionError"):
        return False
    if type(error).__name__ in SETTINGS_ERRORS:
        return True
    # botocore anywhere below: urllib raises the ValueError of a malformed endpoint for it
    import traceback  # only on a failure: wa-size starts without it

    frames = traceback.extract_tb(error.__traceback__)
    through_botocore = any("/botocore/" in f.filename.replace("\\", "/") for f in frames)
    return isinstance(error, ValueError) and through_botocore


def given_twice(command: click.Command, args: list[str]) -> str | None:
    """The first option that takes one value and is given more than once (click keeps the
    last and says nothing: `--rate 100 --rate 200` would plan 200 silently)."""
    single = {opt: param for param in command.params if isinstance(param, click.Option)
              and not param.multiple and not param.is_flag and not param.count
              for opt in param.opts + param.secondary_opts}
    seen: dict[str, list[str]] = {}
    words = iter(args)
    for word in words:
        if word == "--":
            break
        name, sep, value = word.partition("=")
        param = single.get(name)
        if param is None:
            continue
        value = value if sep else next(words, "")
        seen.setdefault(param.name, []).append(f"{name} {value}")
        if len(seen[param.name]) > 1:
            return " and ".join(seen[param.name])
    return None


class OneLineErrorCommand(OneLineErrors, click.Command):
    """A command with one-line errors; an option taking one value is given at most once."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if twice := given_twice(self, args):
            raise click.UsageError(f"{twice}: an option given twice; allowed once")
        return super().parse_args(ctx, args)


class OneLineErrorGroup(OneLineErrors, click.Group):
    """A group with one-line errors (its subcommands' errors included)."""

    group_class = type  # its subgroups are of this class too (and share the help settings)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        _share_help_settings(self.context_settings, cmd)
        super().add_command(cmd, name)


def _share_help_settings(settings: dict, command: click.Command) -> None:
    """A subcommand (and its own subcommands) takes -h and the width its group gives them also
    when it runs alone (a test, the docs): click keeps the first help option it makes."""
    for key in ("help_option_names", "max_content_width"):
        if key in settings:
            command.context_settings.setdefault(key, settings[key])
    for child in getattr(command, "commands", {}).values():
        _share_help_settings(command.context_settings, child)


class InputError(click.BadParameter):
    """A bad value whose message already names it and what is allowed."""

    def format_message(self) -> str:
        return self.message


class ParsedBy(click.ParamType):
    """A click type that delegates to one of sizing.inputs' parsers (same messages as cdk/)."""

    def __init__(self, name: str, parser, metavar: str):
        self.name = name
        self._parser = parser
        self._metavar = metavar

    def get_metavar(self, param, ctx=None):  # click 8.2 added ctx
        return self._metavar

    def convert(self, value, param, ctx):
        try:
            return self._parser(value)
        except BAD_INPUT as error:
            raise InputError(str(error), ctx=ctx, param=param) from None
