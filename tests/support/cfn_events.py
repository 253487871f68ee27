"""CloudFormation custom resource requests, as a handler's Lambda receives them."""


def custom_resource_event(kind: str, props: dict, logical: str, *, physical=None, old=None,
                          **fields) -> dict:
    """A Create/Update/Delete request; physical and old (the properties before an Update) only
    when given, as CloudFormation sends them; fields: StackId, RequestId, ResponseURL and the
    like."""
    found = {"RequestType": kind, "ResourceProperties": props, "LogicalResourceId": logical,
             **fields}
    if physical is not None:
        found["PhysicalResourceId"] = physical
    if old is not None:
        found["OldResourceProperties"] = old
    return found


def capture_replies(monkeypatch, response_module, shown) -> list:
    """Every answer a handler's send_response PUTs to the response URL, as `shown(request,
    timeout)` records it; the URL answers with an empty body."""
    sent = []

    class Reply:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b""

    def urlopen(request, timeout=None):
        sent.append(shown(request, timeout))
        return Reply()

    monkeypatch.setattr(response_module.urllib.request, "urlopen", urlopen)
    return sent
