"""Custom resource Custom::DbSettings: DB connection settings -> SSM SecureString parameters.

CloudFormation cannot create SecureString parameters, so this function does it on the stack's
behalf. ResourceProperties:
  ParameterPath  "/<prefix>/db" (starts with "/", no trailing "/"); the physical resource id
  KmsKeyId       key ARN or id that encrypts the parameters
  SecretArn      Secrets Manager secret whose JSON holds at least the SecretKeys
  SecretKeys     keys copied from the secret (default ["username", "password"])
  Settings       {"name": "plain string value", ...} copied as they are
Create/Update put every parameter (and drop those an update no longer lists); Delete removes
them. Values never reach the logs or the response: only names do.
"""

from __future__ import annotations

import contextlib
import json
import urllib.request

import boto3

DEFAULT_SECRET_KEYS = ("username", "password")
RESPONSE_TIMEOUT_S = 10

_clients: dict[str, object] = {}


def _client(name: str):
    """Created on first use, so tests (moto) and the runtime both get a fresh client."""
    if name not in _clients:
        _clients[name] = boto3.client(name)
    return _clients[name]


def reset_clients() -> None:
    _clients.clear()


def _names(props: dict) -> list[str]:
    keys = list(props.get("SecretKeys") or DEFAULT_SECRET_KEYS)
    return sorted(set(keys) | set((props.get("Settings") or {}).keys()))


def _path(props: dict) -> str:
    path = str(props.get("ParameterPath", ""))
    if not path.startswith("/") or path.endswith("/") or len(path) < 2:
        raise ValueError(f"ParameterPath {path!r} must start with '/' and not end with '/'")
    return path


def _values(props: dict) -> dict[str, str]:
    secret = json.loads(
        _client("secretsmanager").get_secret_value(SecretId=props["SecretArn"])["SecretString"]
    )
    values = {str(k): str(v) for k, v in (props.get("Settings") or {}).items()}
    for key in props.get("SecretKeys") or DEFAULT_SECRET_KEYS:
        if key not in secret:
            raise KeyError(f"secret has no key {key!r}")
        values[key] = str(secret[key])
    return values


def _delete(path: str, names: list[str]) -> None:
    ssm = _client("ssm")
    for name in names:
        with contextlib.suppress(ssm.exceptions.ParameterNotFound):
            ssm.delete_parameter(Name=f"{path}/{name}")
        print(f"deleted {path}/{name}")


def apply(event: dict) -> tuple[str, dict]:
    """Do what the request asks; returns (physical id, response data)."""
    props = event["ResourceProperties"]
    if event["RequestType"] == "Delete":
        physical = event.get("PhysicalResourceId", "")
        if physical.startswith("/"):  # else the create never succeeded: nothing to remove
            _delete(physical, _names(props))
        return physical, {}
    path = _path(props)
    ssm = _client("ssm")
    for name, value in sorted(_values(props).items()):
        ssm.put_parameter(Name=f"{path}/{name}", Value=value, Type="SecureString",
                          KeyId=props["KmsKeyId"], Overwrite=True)
        print(f"put {path}/{name}")
    if event["RequestType"] == "Update":
        old = event.get("OldResourceProperties") or {}
        if old.get("ParameterPath") == path:  # a new path: CloudFormation deletes the old one
            _delete(path, sorted(set(_names(old)) - set(_names(props))))
    names = [f"{path}/{name}" for name in _names(props)]
    return path, {"ParameterPath": path, "ParameterNames": ",".join(names)}


def send_response(event: dict, status: str, reason: str, physical_id: str, data: dict) -> None:
    body = json.dumps({
        "Status": status,
        "Reason": reason,
        "PhysicalResourceId": physical_id or event.get("LogicalResourceId", "DbSettings"),
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "Data": data,
    }).encode()
    request = urllib.request.Request(
        event["ResponseURL"], data=body, method="PUT",
        headers={"Content-Type": "", "Content-Length": str(len(body))},
    )
    with urllib.request.urlopen(request, timeout=RESPONSE_TIMEOUT_S) as reply:  # noqa: S310
        reply.read()


def handler(event: dict, context: object) -> None:
    print(f"{event.get('RequestType')} {event.get('LogicalResourceId')}")
    try:
        physical_id, data = apply(event)
    except Exception as error:  # noqa: BLE001 - CloudFormation must always get an answer
        # The message names what failed, never a value (values are never formatted into it).
        reason = f"{type(error).__name__}: {error}"
        print(f"FAILED {reason}")
        send_response(event, "FAILED", reason[:500], event.get("PhysicalResourceId", ""), {})
        return
    send_response(event, "SUCCESS", "OK", physical_id, data)
