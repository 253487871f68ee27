"""--region and --profile, the same on every command that talks to AWS or prints commands
that do: one help text, one order of precedence, one place that builds the boto3 session and
the CDK CLI's environment, and the flags a printed command carries so it can be pasted as is.

Region: --region, then $AWS_REGION, $AWS_DEFAULT_REGION, the profile's region in the AWS
config (the [default] section when no profile is named), then cdk.json's `region`, then
us-east-1.
Profile: --profile, then $AWS_DEFAULT_PROFILE, $AWS_PROFILE (botocore's order), then none (the
default credential chain).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import click

from cli.oneline import ParsedBy
from sizing import SizingError, inputs

FALLBACK_REGION = "us-east-1"  # as cdk/context.py's default for the `region` key
# botocore reads the profile from these, the first set winning; the CDK CLI gets it as
# --profile (cdk_args), so both act as one identity
PROFILE_VARIABLES = ("AWS_DEFAULT_PROFILE", "AWS_PROFILE")
REGION_HELP = ("AWS region of the deployment (default: $AWS_REGION, $AWS_DEFAULT_REGION, the "
               "profile's region, cdk.json's region, us-east-1).")
PROFILE_HELP = ("Named profile of the AWS config for credentials (default: $AWS_DEFAULT_PROFILE, "
                "$AWS_PROFILE, then the default credential chain).")


def parse_region(value: object) -> str:
    from sizing.regions import PARTITION

    return inputs.parse_choice("region", value, tuple(PARTITION))


def parse_profile(value: object) -> str:
    text = str(value)
    if not text.strip() or any(c.isspace() or not c.isprintable() for c in text):
        raise SizingError(f"profile {inputs.shown(value)} is invalid: allowed the name of a "
                          "profile in the AWS config (no spaces)")
    return text


REGION = ParsedBy("region", parse_region, "REGION")
PROFILE = ParsedBy("profile", parse_profile, "NAME")


def aws_options(function):
    """Add --region and --profile to a click command (as `region`, `profile`)."""
    function = click.option("--profile", type=PROFILE, help=PROFILE_HELP)(function)
    return click.option("--region", type=REGION, help=REGION_HELP)(function)


def project_region() -> str | None:
    """cdk.json's `region` context (the project's own default)."""
    import json

    # the project root, as deploy.cdk_cli names it: importing that module here would load
    # subprocess and shutil (with bz2 and lzma), 5 ms of every wa-size, for one path
    cdk_json = Path(__file__).resolve().parent.parent / "cdk.json"
    if not cdk_json.is_file():  # installed as a package: no project around it
        return None
    try:
        region = json.loads(cdk_json.read_text(encoding="utf-8"))["context"].get("region")
    except (ValueError, KeyError, TypeError, AttributeError):  # UnicodeDecodeError too
        raise SizingError(f"{cdk_json} is not a JSON object with a \"context\" object: allowed "
                          "the project's cdk.json") from None
    return region


CREDENTIALS_DEADLINE_S = 60
CONNECT_TIMEOUT_S, READ_TIMEOUT_S = 10, 30


@dataclass(frozen=True)
class AwsTarget:
    """Where the commands go: a region, and the profile named (None: the default chain)."""

    region: str
    profile: str | None = None

    def session(self):
        import boto3

        return boto3.Session(profile_name=self.profile, region_name=self.region)

    def client(self, service: str):
        """A client; a setting botocore cannot use (retry or defaults mode, an endpoint, the
        config file), found as the client is made, before its first request, is bad input."""
        import threading

        from botocore.config import Config
        from botocore.exceptions import CredentialRetrievalError

        from cli.oneline import aws_settings_error, aws_settings_line

        # Making a client looks the credentials up: a credential_process, SSO or the metadata
        # service may never answer, and botocore waits without a deadline. A silent endpoint
        # gets one answer window per request instead of botocore's 60 s x 3.
        made: dict[str, object] = {}
        config = Config(connect_timeout=CONNECT_TIMEOUT_S, read_timeout=READ_TIMEOUT_S)

        def make() -> None:
            try:
                made["client"] = self.session().client(service, region_name=self.region,
                                                       config=config)
            except Exception as error:  # handed to the caller's thread
                made["error"] = error

        worker = threading.Thread(target=make, daemon=True)
        worker.start()
        worker.join(CREDENTIALS_DEADLINE_S)
        if worker.is_alive():
            raise CredentialRetrievalError(
                provider="the credential lookup",
                error_msg=f"no answer within {CREDENTIALS_DEADLINE_S} s (a credential_process, "
                "SSO or the instance metadata service that does not return)")
        if "error" in made:
            error = made["error"]
            if aws_settings_error(error):
                raise SizingError(aws_settings_line(error)) from None
            raise error
        return made["client"]

    def flags(self) -> str:
        """`--region R [--profile P]`, quoted for a shell: what a printed command carries."""
        return " ".join(["--region", shlex.quote(self.region)]
                        + (["--profile", shlex.quote(self.profile)] if self.profile else []))

    def cdk_args(self) -> list[str]:
        """For `npx cdk`: the profile goes through as the CLI's own --profile."""
        return ["--profile", self.profile] if self.profile else []

    def cdk_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The CDK CLI's environment: the region set, so the CLI and the app agree on it."""
        env = dict(os.environ if base is None else base)
        env["AWS_REGION"] = env["AWS_DEFAULT_REGION"] = self.region
        return env


def _profile_region(profile: str) -> str | None:
    import botocore.session

    return botocore.session.Session(profile=profile).get_config_variable("region")


def _default_profile_region(profile: str | None = None) -> str | None:
    """A profile's region in the AWS config file ([default] when none is named), as the AWS
    and CDK CLIs read it (read here without botocore: planning commands stay light)."""
    path = Path(os.environ.get("AWS_CONFIG_FILE") or Path.home() / ".aws" / "config")
    path = path.expanduser()  # as botocore reads $AWS_CONFIG_FILE
    if not path.is_file():  # none (no configparser to import); a FIFO or folder is refused
        return None
    import configparser

    config = configparser.RawConfigParser()
    try:
        config.read(path, encoding="utf-8")
    except (OSError, configparser.Error, UnicodeDecodeError) as error:
        raise SizingError(f"the AWS config {str(path)!r} cannot be read "
                          f"({type(error).__name__}): allowed an AWS settings file") from None
    # the default profile is the [default] section (or [profile default], which botocore
    # reads too), whether named or not
    sections = (f"profile {profile}",) if profile not in (None, "default") else (
        "default", "profile default")
    return next((config.get(s, "region") for s in sections
                 if config.get(s, "region", fallback=None)), None)


def named_profile() -> tuple[str | None, str]:
    """The profile the environment names, and where from, in botocore's order."""
    for variable in PROFILE_VARIABLES:
        if os.environ.get(variable):
            return os.environ[variable], f"${variable}"
    return None, ""


def planned_region(region: str | None) -> str:
    """The region a printed deploy line names, found as the deploy commands find theirs (the
    flag, $AWS_REGION, $AWS_DEFAULT_REGION, the profile's region in the AWS config, cdk.json),
    without botocore and without checking the profile: wa-size only prints."""
    _settings_files_readable()
    chosen = (region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
              or _default_profile_region(named_profile()[0])
              or project_region() or FALLBACK_REGION)
    try:
        return parse_region(chosen)
    except SizingError as error:
        raise SizingError(f"{error} (from --region, $AWS_REGION, $AWS_DEFAULT_REGION or the "
                          "AWS config)") from None


def _settings_files_readable() -> None:
    """botocore opens the AWS config and credentials files without a deadline: a FIFO there
    waits for a writer forever, a folder gives a traceback. Refused before it reads them."""
    for variable in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        path = os.environ.get(variable)
        if not path:
            continue
        try:
            found = Path(path).expanduser()
            # /dev/null reads as empty at once: the usual way to ignore the file
            odd = found.exists() and not found.is_file() and str(found) != os.devnull
        except OSError as error:
            raise SizingError(f"${variable} {path!r} cannot be read: {error.strerror}: allowed "
                              "a file") from None
        if odd:
            raise SizingError(f"${variable} {path!r} is not a regular file (a folder, FIFO or "
                              "device): allowed an AWS settings file, or leave it unset")


def resolve(region: str | None, profile: str | None) -> AwsTarget:
    """The target of a command from its flags, the environment and the config. A profile the
    AWS config does not hold is bad input (SizingError: one line, exit 2), found here before
    anything else is read or done."""
    _settings_files_readable()
    named = "--profile"
    if not profile:
        profile, named = named_profile()
    configured = None
    if profile is not None:
        from botocore.exceptions import ProfileNotFound

        try:
            parse_profile(profile)
            configured = _profile_region(profile)
        except (ProfileNotFound, SizingError):
            raise SizingError(f"profile {profile!r} (from {named}) is not in the AWS config: "
                              "allowed a profile that `aws configure list-profiles` "
                              "lists") from None
    if profile is None:
        configured = _default_profile_region()
    chosen = (region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
              or configured or project_region() or FALLBACK_REGION)
    try:
        return AwsTarget(parse_region(chosen), profile)
    except SizingError as error:  # from the environment or the config: say where to look
        raise SizingError(f"{error} (from $AWS_REGION, $AWS_DEFAULT_REGION or the AWS "
                          "config)") from None
