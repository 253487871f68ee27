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
