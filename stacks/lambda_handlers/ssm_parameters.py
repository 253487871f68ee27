"""Custom resource Custom::DbSettings: DB connection settings -> SSM SecureString parameters.

CloudFormation cannot create SecureString parameters, so this function does it on the stack's
behalf. ResourceProperties:
  ParameterPath  "/<prefix>/db" (starts with "/", no trailing "/"); the physical resource id
  KmsKeyId       key ARN or id that encrypts the parameters
  SecretArn      Secrets Manager secret whose JSON holds at least the SecretKeys
  SecretKeys     keys copied from the secret (default ["username", "password"])
  Settings       {"name": "plain string value", ...} copied as they are
  Copies         [{"Name": "<full parameter name>", "From": "<a setting or secret key>"}]:
                 the same value also under a name outside the path (the client's own lookup
                 in AWS mode: "<AWS_STACK_NAME>-WA_DB_PASSWORD"); optional. A list, because a
                 template cannot compute an object's keys.
Create/Update put every parameter (and drop those an update no longer lists); Delete removes
them. A request that fails after writing under a path that is not the resource's current one
(a Create, or an Update to a new path) removes what it wrote, since the rollback's Delete will
not name that path. Values never reach the logs or the response: only names do, and secret
values are masked out of any error message.
"""

from __future__ import annotations

import contextlib
import json

import boto3

if "send_response" not in globals():  # else a plain template inlined cfn_response.py above
    try:
        from cfn_response import send_response  # the function's code root (the CDK asset)
    except ModuleNotFoundError:
        from .cfn_response import send_response  # imported as part of the project (tests)

DEFAULT_SECRET_KEYS = ("username", "password")

_clients: dict[str, object] = {}


def _client(name: str):
    """Created on first use, so tests (moto) and the runtime both get a fresh client."""
    if name not in _clients:
        _clients[name] = boto3.client(name)
    return _clients[name]


def reset_clients() -> None:
    _clients.clear()


def _settings(props: dict) -> dict[str, str]:
    settings = props.get("Settings") or {}
    if not isinstance(settings, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in settings.items()
    ):
        raise ValueError("Settings must be a JSON object of string values")
    return settings


def _secret_keys(props: dict) -> list[str]:
    keys = props.get("SecretKeys") or list(DEFAULT_SECRET_KEYS)
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise ValueError("SecretKeys must be a list of strings")
    return keys


def _names(props: dict) -> list[str]:
    names = sorted(set(_secret_keys(props)) | set(_settings(props)))
    for name in names:
        if not name or "/" in name:
            raise ValueError(f"parameter name {name!r} must be non-empty and contain no '/'")
    return names


def _copies(props: dict) -> dict[str, str]:
    """Full name -> the setting whose value it holds."""
    given = props.get("Copies") or []
    if not isinstance(given, list) or not all(
        isinstance(c, dict) and set(c) == {"Name", "From"}
        and all(isinstance(v, str) for v in c.values()) for c in given
    ):
        raise ValueError("Copies must be a list of {\"Name\": ..., \"From\": ...} objects")
    copies = {c["Name"]: c["From"] for c in given}
    known = set(_names(props))
    for full, name in copies.items():
        if not full or full.startswith("/") or name not in known:
            raise ValueError(f"copy {full!r} must be a name without a leading '/' of one of "
                             f"the settings ({', '.join(sorted(known))})")
    return copies


def _path(props: dict) -> str:
    path = str(props.get("ParameterPath", ""))
    if not path.startswith("/") or path.endswith("/") or len(path) < 2:
        raise ValueError(f"ParameterPath {path!r} must start with '/' and not end with '/'")
    return path


def _text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _values(props: dict, sensitive: set[str]) -> dict[str, str]:
    """Settings plus the SecretKeys read from the secret; secret values go into sensitive."""
    secret = json.loads(
        _client("secretsmanager").get_secret_value(SecretId=props["SecretArn"])["SecretString"]
    )
    if not isinstance(secret, dict):
        raise ValueError("the secret's SecretString is not a JSON object")
    sensitive.update(_text(v) for v in secret.values())
    values = dict(_settings(props))
    for key in _secret_keys(props):
        if key not in secret:
            raise KeyError(f"secret has no key {key!r}")
        values[key] = _text(secret[key])
    for name, value in values.items():
        if not value:
            raise ValueError(f"{name} is empty (SSM parameters cannot be empty)")
    return values


def _owner(path: str) -> str:
    """A copy's description: the path whose resource wrote it last."""
    return f"wa-infra: copy of {path}"


def _delete(path: str, names: list[str], copies: list[str] = ()) -> None:
    """The path's parameters, and the copies this path wrote last: a copy that a resource
    under another path has written since (a replacement keeping the copy's name) stays."""
    ssm = _client("ssm")
    for full in copies:
        found = ssm.describe_parameters(
            ParameterFilters=[{"Key": "Name", "Values": [full]}])["Parameters"]
        if found and found[0].get("Description", "") not in ("", _owner(path)):
            print(f"kept {full}: written for another path since")
            continue
        with contextlib.suppress(ssm.exceptions.ParameterNotFound):
            ssm.delete_parameter(Name=full)
        print(f"deleted {full}")
    for full in [f"{path}/{name}" for name in names]:
        with contextlib.suppress(ssm.exceptions.ParameterNotFound):
            ssm.delete_parameter(Name=full)
        print(f"deleted {full}")


def apply(event: dict, written: list[str] | None = None,
          sensitive: set[str] | None = None) -> tuple[str, dict]:
    """Do what the request asks; returns (physical id, response data). Records the full names
    it puts in written and the secret's values in sensitive, for the caller's error path."""
    written = [] if written is None else written
    sensitive = set() if sensitive is None else sensitive
    props = event["ResourceProperties"]
    if event["RequestType"] == "Delete":
        physical = event.get("PhysicalResourceId", "")
        if physical.startswith("/"):  # else the create never succeeded: nothing to remove
            _delete(physical, _names(props), sorted(_copies(props)))
        return physical, {}
    path = _path(props)
    names = _names(props)
    copies = _copies(props)
    ssm = _client("ssm")
    values = _values(props, sensitive)
    targets = {f"{path}/{name}": value for name, value in values.items()}
    targets |= {full: values[name] for full, name in copies.items()}
    for full, value in sorted(targets.items()):
        owner = {"Description": _owner(path)} if full in copies else {}
        ssm.put_parameter(Name=full, Value=value, Type="SecureString",
                          KeyId=props["KmsKeyId"], Overwrite=True, **owner)
        written.append(full)
        print(f"put {full}")
    if event["RequestType"] == "Update":
        old = event.get("OldResourceProperties") or {}
        if old.get("ParameterPath") == path:  # a new path: CloudFormation deletes the old one
            _delete(path, sorted(set(_names(old)) - set(names)),
                    sorted(set(_copies(old)) - set(copies)))
    full = [f"{path}/{name}" for name in names] + sorted(copies)
    return path, {"ParameterPath": path, "ParameterNames": ",".join(full)}


def _redact(text: str, sensitive: set[str]) -> str:
    for value in sorted(sensitive, key=len, reverse=True):
        if value:
            text = text.replace(value, "***")
    return text


def _undo(event: dict, written: list[str]) -> None:
    """Best effort: remove what a failed request wrote outside the resource's current path."""
    if not written:
        return
    current = event.get("PhysicalResourceId", "")
    old_copies = {c.get("Name") for c in (event.get("OldResourceProperties") or {}).get(
        "Copies") or [] if isinstance(c, dict)}
    ssm = _client("ssm")
    for name in written:
        if current.startswith("/") and name.startswith(current + "/") or name in old_copies:
            continue  # the resource's own parameters: the rollback Update rewrites them
        try:
            ssm.delete_parameter(Name=name)
            print(f"removed {name} after the failure")
        except Exception as error:  # noqa: BLE001 - the original failure is what matters
            print(f"could not remove {name}: {type(error).__name__}")


def handler(event: dict, context: object) -> None:
    print(f"{event.get('RequestType')} {event.get('LogicalResourceId')}")
    written: list[str] = []
    sensitive: set[str] = set()
    try:
        physical_id, data = apply(event, written, sensitive)
    except Exception as error:  # noqa: BLE001 - CloudFormation must always get an answer
        # Messages name what failed; secret values are masked in case a library echoed one.
        reason = _redact(f"{type(error).__name__}: {error}", sensitive)
        print(f"FAILED {reason}")
        _undo(event, written)
        send_response(event, "FAILED", reason[:500], event.get("PhysicalResourceId", ""), {})
        return
    send_response(event, "SUCCESS", "OK", physical_id, data)
