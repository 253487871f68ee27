"""What CloudFormation hears from each custom resource handler, through the real send_response:
the answer to every request type when AWS refuses, the id it holds kept, the reason's size,
the function's log, and the PUT itself (its headers, its deadline) at a local endpoint."""

import http.server
import json
import socket
import threading
import urllib.error
from types import SimpleNamespace

import pytest

from stacks.lambda_handlers import (
    cfn_response,
    default_security_group,
    rds_log_groups,
    ssm_parameters,
)
from tests.support.cfn_events import capture_replies, custom_resource_event

TOKEN = "arn:aws:lambda:us-east-1:123456789012:function:f"
# (module, logical id, properties a Create accepts up to its first AWS call)
HANDLERS = {
    "ssm": (ssm_parameters, "DbSettings",
            {"ParameterPath": "/Wa/db", "KmsKeyId": "alias/wa",
             "SecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}),
    "logs": (rds_log_groups, "DatabaseLogGroups",
             {"LogGroupNames": ["/aws/rds/instance/db1/error"], "RetentionInDays": "30",
              "KmsKeyArn": ""}),
    "sg": (default_security_group, "DefaultSecurityGroupClosed",
           {"GroupId": "sg-0123456789abcdef0"}),
}
REFUSAL = "not authorized: " + "x" * 1200  # longer than a reason may be


class Refused(Exception):
    pass


class RefusingClient:
    """Every AWS call fails with REFUSAL (the handlers' except clauses name these)."""

    exceptions = SimpleNamespace(ResourceAlreadyExistsException=Refused,
                                 ParameterNotFound=Refused)

    def __getattr__(self, name):
        def call(**kwargs):
            raise RuntimeError(REFUSAL)
        return call


@pytest.fixture
def answers(monkeypatch):
    """The requests send_response makes, with their JSON bodies; AWS refuses every call."""
    sent = capture_replies(monkeypatch, cfn_response,
                           lambda request, timeout: json.loads(request.data))
    refusing = SimpleNamespace(client=lambda service, **kwargs: RefusingClient())
    for module, _, _ in HANDLERS.values():
        monkeypatch.setattr(module, "boto3", refusing)
    ssm_parameters.reset_clients()
    yield sent
    ssm_parameters.reset_clients()


def request(name, kind, props=None, **fields):
    _, logical, valid = HANDLERS[name]
    return custom_resource_event(
        kind, {"ServiceToken": TOKEN, **(valid if props is None else props)}, logical,
        StackId="stack-arn", RequestId="req-1", ResponseURL="https://example.invalid/r",
        **fields)


def run(name, event):
    HANDLERS[name][0].handler(event, None)


@pytest.mark.parametrize("name", HANDLERS)
@pytest.mark.parametrize(("kind", "held"), [("Create", None), ("Update", "held-id")])
def test_a_refused_request_answers_failed_with_a_capped_reason(
        answers, capsys, name, kind, held):
    fields = {} if held is None else {"PhysicalResourceId": held,
                                      "OldResourceProperties": HANDLERS[name][2]}
    run(name, request(name, kind, **fields))
    (answer,) = answers
    # no id yet on a Create: the logical id; on an Update, the one CloudFormation holds
    assert answer["PhysicalResourceId"] == (held or HANDLERS[name][1])
    assert (answer["Status"], answer["Data"]) == ("FAILED", {})
    assert answer["Reason"].startswith("RuntimeError: not authorized: xxx")
    assert len(answer["Reason"]) == 500
    out = capsys.readouterr().out.splitlines()
    # the log opens with the request and keeps the whole reason the answer cuts short
    assert out[0] == f"{kind} {HANDLERS[name][1]}"
    (failed,) = [line for line in out if line.startswith("FAILED ")]
    assert failed.startswith("FAILED " + answer["Reason"])
    assert len(failed) > len("FAILED " + answer["Reason"])


@pytest.mark.parametrize("name", HANDLERS)
def test_the_delete_after_a_failed_create_succeeds_without_calling_aws(answers, capsys, name):
    logical = HANDLERS[name][1]
    run(name, request(name, "Delete", PhysicalResourceId=logical))
    assert answers == [{"Status": "SUCCESS", "Reason": "OK", "PhysicalResourceId": logical,
                        "StackId": "stack-arn", "RequestId": "req-1",
                        "LogicalResourceId": logical, "Data": {}}]
    assert capsys.readouterr().out.splitlines()[0] == f"Delete {logical}"


@pytest.mark.parametrize("name", HANDLERS)
def test_a_delete_naming_no_physical_id_answers_with_the_logical_id(answers, name):
    run(name, request(name, "Delete", {}))
    (answer,) = answers
    assert (answer["Status"], answer["PhysicalResourceId"], answer["Data"]) == (
        "SUCCESS", HANDLERS[name][1], {})


def test_a_group_request_without_properties_still_gets_an_answer(answers):
    event = request("sg", "Create")
    del event["ResourceProperties"]
    run("sg", event)
    event["RequestType"] = "Delete"
    run("sg", event)
    assert [(a["Status"], a["Reason"], a["PhysicalResourceId"]) for a in answers] == [
        ("FAILED", "ValueError: GroupId '' is not a security group id",
         "DefaultSecurityGroupClosed"),
        ("SUCCESS", "OK", "DefaultSecurityGroupClosed")]


def test_a_missing_group_id_is_named_as_empty(answers):
    run("sg", request("sg", "Create", {}))
    assert answers[0]["Reason"] == "ValueError: GroupId '' is not a security group id"


# --- the PUT itself ---------------------------------------------------------------------------

RESPONSE_EVENT = {"StackId": "stack-arn", "RequestId": "req-1", "LogicalResourceId": "Res",
                  "ResponseURL": None}


def test_the_answer_is_a_plain_put_the_presigned_url_accepts():
    received = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PUT(self):  # noqa: N802 - http.server's naming
            received["path"] = self.path
            received["headers"] = dict(self.headers)
            received["raw"] = self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 10
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/stack?X-Amz-Signature=abc"
        cfn_response.send_response({**RESPONSE_EVENT, "ResponseURL": url}, "SUCCESS", "OK",
                                   "phys", {"Key": "v"})
        thread.join(timeout=10)
    finally:
        server.server_close()
    assert received["path"] == "/stack?X-Amz-Signature=abc"
    # the URL was signed for no content type and a known length: any other header is noise
    # that a signature check may refuse
    headers = {k.lower(): v for k, v in received["headers"].items()}
    assert set(headers) <= {"host", "accept-encoding", "user-agent", "connection",
                            "content-type", "content-length"}
    assert headers["content-type"] == ""
    assert int(headers["content-length"]) == len(received["raw"])
    assert json.loads(received["raw"]) == {
        "Status": "SUCCESS", "Reason": "OK", "PhysicalResourceId": "phys",
        "StackId": "stack-arn", "RequestId": "req-1", "LogicalResourceId": "Res",
        "Data": {"Key": "v"}}


def test_an_endpoint_that_never_answers_does_not_hold_the_function(monkeypatch):
    """The function's own timeout would end it with no answer and no log of why."""
    monkeypatch.setattr(cfn_response, "RESPONSE_TIMEOUT_S", 0.3)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/r"
    outcome = []

    def send():
        try:
            cfn_response.send_response({**RESPONSE_EVENT, "ResponseURL": url}, "SUCCESS", "OK",
                                       "phys", {})
        except (TimeoutError, urllib.error.URLError) as error:
            outcome.append(error)

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    connection, _ = listener.accept()  # accepted, never answered
    try:
        sender.join(timeout=5)
        assert not sender.is_alive(), "send_response waited past its deadline"
        assert outcome, "the silent endpoint must surface as an error"
    finally:
        connection.close()
        listener.close()
