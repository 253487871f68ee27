"""The answer a custom resource's function owes CloudFormation: a PUT of the result to the
request's presigned URL, with a deadline. Shared by the handlers next to it; the plain
templates inline this text ahead of a handler (see templates/common.py)."""

from __future__ import annotations

import json
import urllib.request

RESPONSE_TIMEOUT_S = 10


def send_response(event: dict, status: str, reason: str, physical_id: str, data: dict) -> None:
    body = json.dumps({
        "Status": status,
        "Reason": reason,
        "PhysicalResourceId": physical_id or event.get("LogicalResourceId", "resource"),
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
