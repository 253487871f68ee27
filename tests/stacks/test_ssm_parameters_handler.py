"""The Lambda tier's custom resource handler, against moto and a local HTTP endpoint."""

import http.server
import json
import threading

import boto3
import pytest
from moto import mock_aws

from stacks.lambda_handlers import ssm_parameters

SECRET = {"username": "waadmin", "password": "s3cr3t-Value-9", "host": "ignored"}


@pytest.fixture
def aws(monkeypatch):
    for name, value in (("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "testing"),
                        ("AWS_SECRET_ACCESS_KEY", "testing")):
        monkeypatch.setenv(name, value)
    with mock_aws():
        ssm_parameters.reset_clients()
        key = boto3.client("kms").create_key()["KeyMetadata"]["Arn"]
        secret = boto3.client("secretsmanager").create_secret(
            Name="db", SecretString=json.dumps(SECRET))["ARN"]
        yield {"key": key, "secret": secret, "ssm": boto3.client("ssm")}
        ssm_parameters.reset_clients()


@pytest.fixture
def responses(monkeypatch):
    sent = []
    monkeypatch.setattr(ssm_parameters, "send_response",
                        lambda event, status, reason, physical, data: sent.append(
                            {"Status": status, "Reason": reason, "PhysicalResourceId": physical,
                             "Data": data}))
    return sent


def event(kind, aws, settings=None, path="/Wa/db", old=None, physical=None):
    props = {"ParameterPath": path, "KmsKeyId": aws["key"], "SecretArn": aws["secret"],
             "SecretKeys": ["username", "password"],
             "Settings": settings if settings is not None else {"hostname": "db.internal",
                                                                "port": "3306"}}
    found = {"RequestType": kind, "ResourceProperties": props, "StackId": "stack",
             "RequestId": "req", "LogicalResourceId": "DbSettings",
             "ResponseURL": "http://127.0.0.1:9/unused"}
    if old is not None:
        found["OldResourceProperties"] = old
    if physical is not None:
        found["PhysicalResourceId"] = physical
    return found


def stored(aws, path="/Wa/db"):
    params = aws["ssm"].get_parameters_by_path(Path=path, WithDecryption=True)["Parameters"]
    return {p["Name"].rsplit("/", 1)[1]: p for p in params}


def test_create_stores_secure_strings_under_the_path_with_the_key(aws, responses):
    ssm_parameters.handler(event("Create", aws), None)
    params = stored(aws)
    assert {n: p["Value"] for n, p in params.items()} == {
        "hostname": "db.internal", "port": "3306", "username": "waadmin",
        "password": "s3cr3t-Value-9"}
    assert {p["Type"] for p in params.values()} == {"SecureString"}
    described = aws["ssm"].describe_parameters()["Parameters"]
    assert {d["KeyId"] for d in described} == {aws["key"]}
    (reply,) = responses
    assert reply["Status"] == "SUCCESS"
    assert reply["PhysicalResourceId"] == "/Wa/db"
    assert reply["Data"]["ParameterNames"] == (
        "/Wa/db/hostname,/Wa/db/password,/Wa/db/port,/Wa/db/username")


def test_update_rewrites_values_and_drops_settings_no_longer_listed(aws, responses):
    first = event("Create", aws)
    ssm_parameters.handler(first, None)
    update = event("Update", aws, settings={"hostname": "db2.internal"},
                   old=first["ResourceProperties"], physical="/Wa/db")
    ssm_parameters.handler(update, None)
    params = stored(aws)
    assert set(params) == {"hostname", "username", "password"}
    assert params["hostname"]["Value"] == "db2.internal"
    assert [r["Status"] for r in responses] == ["SUCCESS", "SUCCESS"]


def test_delete_removes_every_parameter(aws, responses):
    ssm_parameters.handler(event("Create", aws), None)
    ssm_parameters.handler(event("Delete", aws, physical="/Wa/db"), None)
    assert stored(aws) == {}
    assert responses[-1]["Status"] == "SUCCESS"


def test_delete_after_a_failed_create_succeeds_without_touching_ssm(aws, responses):
    ssm_parameters.handler(event("Delete", aws, physical="DbSettings"), None)
    assert responses == [{"Status": "SUCCESS", "Reason": "OK", "PhysicalResourceId": "DbSettings",
                          "Data": {}}]


def test_failure_answers_failed_without_leaking_values(aws, responses, capsys):
    bad = event("Create", aws)
    bad["ResourceProperties"]["SecretKeys"] = ["username", "password", "missing"]
    ssm_parameters.handler(bad, None)
    (reply,) = responses
    assert reply["Status"] == "FAILED"
    assert "missing" in reply["Reason"]
    assert SECRET["password"] not in json.dumps(reply) + capsys.readouterr().out


def test_bad_path_is_refused(aws, responses):
    ssm_parameters.handler(event("Create", aws, path="Wa/db/"), None)
    assert responses[0]["Status"] == "FAILED"
    assert "ParameterPath" in responses[0]["Reason"]


def test_logs_name_parameters_but_never_values(aws, responses, capsys):
    ssm_parameters.handler(event("Create", aws), None)
    out = capsys.readouterr().out
    assert "put /Wa/db/password" in out
    assert SECRET["password"] not in out and "waadmin" not in out


def test_response_is_put_to_the_presigned_url(aws):
    received = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PUT(self):  # noqa: N802 - http.server's naming
            length = int(self.headers["Content-Length"])
            received["body"] = json.loads(self.rfile.read(length))
            received["content_type"] = self.headers["Content-Type"]
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        create = event("Create", aws)
        create["ResponseURL"] = f"http://127.0.0.1:{server.server_address[1]}/response?sig=x"
        ssm_parameters.handler(create, None)
        thread.join(timeout=10)
    finally:
        server.server_close()
    body = received["body"]
    assert body["Status"] == "SUCCESS"
    assert (body["StackId"], body["RequestId"], body["LogicalResourceId"]) == (
        "stack", "req", "DbSettings")
    assert body["Data"]["ParameterPath"] == "/Wa/db"
    assert received["content_type"] == ""
