"""The Lambda tier's custom resource handler, against moto and a local HTTP endpoint."""

import http.server
import json
import threading

import boto3
import pytest
from moto import mock_aws

from stacks.lambda_handlers import ssm_parameters
from tests.support import botocore_loader, moto_compat
from tests.support.cfn_events import custom_resource_event

SECRET = {"username": "waadmin", "password": "s3cr3t-Value-9", "host": "ignored"}


@pytest.fixture
def aws(monkeypatch):
    for name, value in (("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "testing"),
                        ("AWS_SECRET_ACCESS_KEY", "testing")):
        monkeypatch.setenv(name, value)
    # each mock_aws starts boto3 afresh: botocore's JSON is read once, not per test; the
    # key's unused RSA private key is not made
    with mock_aws(), botocore_loader.shared(), moto_compat.symmetric_keys_make_an_rsa_key():
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
    return custom_resource_event(kind, props, "DbSettings", physical=physical, old=old,
                                 StackId="stack", RequestId="req",
                                 ResponseURL="http://127.0.0.1:9/unused")


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


def failing_put(monkeypatch, fail_on, message=lambda kwargs: "KMS said no"):
    """Make the handler's SSM client fail when it puts the parameter named fail_on."""
    client = ssm_parameters._client("ssm")
    real = client.put_parameter

    def put(**kwargs):
        if kwargs["Name"].endswith("/" + fail_on):
            raise RuntimeError(message(kwargs))
        return real(**kwargs)

    monkeypatch.setattr(client, "put_parameter", put)


def test_missing_secret_answers_failed_and_writes_nothing(aws, responses, capsys):
    bad = event("Create", aws)
    bad["ResourceProperties"]["SecretArn"] = (
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:absent-AbCdEf")
    ssm_parameters.handler(bad, None)
    (reply,) = responses
    assert reply["Status"] == "FAILED"
    assert "ResourceNotFoundException" in reply["Reason"]
    assert reply["PhysicalResourceId"] == ""  # send_response falls back to the logical id
    assert stored(aws) == {}
    out = json.dumps(reply) + capsys.readouterr().out
    assert SECRET["password"] not in out and SECRET["username"] not in out


def test_failed_create_removes_what_it_wrote(aws, responses, monkeypatch):
    failing_put(monkeypatch, "port")  # after hostname and password (sorted order)
    ssm_parameters.handler(event("Create", aws), None)
    assert responses[0]["Status"] == "FAILED"
    assert stored(aws) == {}  # the rollback's Delete will not name /Wa/db: nothing is left


def test_error_messages_that_echo_a_secret_value_are_masked(aws, responses, monkeypatch,
                                                            capsys):
    failing_put(monkeypatch, "password", lambda kwargs: f"bad value {kwargs['Value']!r}")
    ssm_parameters.handler(event("Create", aws), None)
    (reply,) = responses
    assert reply["Status"] == "FAILED"
    assert "bad value '***'" in reply["Reason"]
    assert SECRET["password"] not in json.dumps(reply) + capsys.readouterr().out


def test_failed_update_to_a_new_path_keeps_the_old_and_cleans_the_new(aws, responses,
                                                                      monkeypatch):
    first = event("Create", aws)
    ssm_parameters.handler(first, None)
    failing_put(monkeypatch, "port")
    ssm_parameters.handler(event("Update", aws, path="/Wa2/db", old=first["ResourceProperties"],
                                 physical="/Wa/db"), None)
    assert responses[-1]["Status"] == "FAILED"
    assert responses[-1]["PhysicalResourceId"] == "/Wa/db"
    assert stored(aws, "/Wa2/db") == {}
    assert set(stored(aws)) == {"hostname", "port", "username", "password"}


def test_failed_update_in_place_leaves_the_parameters_for_the_rollback(aws, responses,
                                                                      monkeypatch):
    first = event("Create", aws)
    ssm_parameters.handler(first, None)
    failing_put(monkeypatch, "port")
    ssm_parameters.handler(event("Update", aws, settings={"hostname": "db2", "port": "1"},
                                 old=first["ResourceProperties"], physical="/Wa/db"), None)
    assert responses[-1]["Status"] == "FAILED"
    assert set(stored(aws)) == {"hostname", "port", "username", "password"}


def test_update_to_a_new_path_writes_it_and_the_old_goes_with_the_delete(aws, responses):
    first = event("Create", aws)
    ssm_parameters.handler(first, None)
    ssm_parameters.handler(event("Update", aws, path="/Wa2/db", old=first["ResourceProperties"],
                                 physical="/Wa/db"), None)
    assert responses[-1]["PhysicalResourceId"] == "/Wa2/db"
    assert set(stored(aws, "/Wa2/db")) == set(stored(aws)) == {
        "hostname", "port", "username", "password"}
    # CloudFormation then deletes the old physical id, with the old properties.
    cleanup = event("Delete", aws, physical="/Wa/db")
    ssm_parameters.handler(cleanup, None)
    assert stored(aws) == {}
    assert set(stored(aws, "/Wa2/db")) == {"hostname", "port", "username", "password"}


def test_update_picks_up_a_rotated_secret(aws, responses):
    first = event("Create", aws)
    ssm_parameters.handler(first, None)
    boto3.client("secretsmanager").put_secret_value(
        SecretId=aws["secret"], SecretString=json.dumps({**SECRET, "password": "rotated-2"}))
    ssm_parameters.handler(event("Update", aws, old=first["ResourceProperties"],
                                 physical="/Wa/db"), None)
    assert stored(aws)["password"]["Value"] == "rotated-2"


def test_delete_ignores_parameters_already_gone(aws, responses):
    ssm_parameters.handler(event("Create", aws), None)
    aws["ssm"].delete_parameter(Name="/Wa/db/port")
    ssm_parameters.handler(event("Delete", aws, physical="/Wa/db"), None)
    assert responses[-1]["Status"] == "SUCCESS"
    assert stored(aws) == {}


@pytest.mark.parametrize("props", [
    {"Settings": {"port": 3306}},
    {"Settings": "hostname=db"},
    {"SecretKeys": "username"},
    {"Settings": {"a/b": "x"}},
])
def test_malformed_properties_are_refused_before_anything_is_written(aws, responses, props):
    bad = event("Create", aws)
    bad["ResourceProperties"].update(props)
    ssm_parameters.handler(bad, None)
    assert responses[0]["Status"] == "FAILED"
    assert stored(aws) == {}


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
    server.timeout = 10  # handle_request gives up if no request arrives
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        create = event("Create", aws)
        create["ResponseURL"] = f"http://127.0.0.1:{server.server_address[1]}/response?sig=x"
        ssm_parameters.handler(create, None)
        thread.join(timeout=10)
    finally:
        server.server_close()
    assert not thread.is_alive()
    body = received["body"]
    assert body["Status"] == "SUCCESS"
    assert (body["StackId"], body["RequestId"], body["LogicalResourceId"]) == (
        "stack", "req", "DbSettings")
    assert body["Data"]["ParameterPath"] == "/Wa/db"
    assert received["content_type"] == ""


# --- Copies: the client's own lookup in AWS mode ("<AWS_STACK_NAME>-WA_DB_PASSWORD") --------

def with_copies(found, copies):
    found["ResourceProperties"]["Copies"] = (
        [{"Name": k, "From": v} for k, v in copies.items()] if isinstance(copies, dict)
        else copies)
    return found


def copy_of(aws, name):
    return aws["ssm"].get_parameter(Name=name, WithDecryption=True)["Parameter"]


def test_a_copy_holds_the_password_as_a_secure_string_with_the_key(aws, responses):
    ssm_parameters.handler(with_copies(event("Create", aws), {"Wa-WA_DB_PASSWORD": "password"}),
                           None)
    assert responses[-1]["Status"] == "SUCCESS"
    found = copy_of(aws, "Wa-WA_DB_PASSWORD")
    assert (found["Value"], found["Type"]) == (SECRET["password"], "SecureString")
    described = aws["ssm"].describe_parameters(
        ParameterFilters=[{"Key": "Name", "Values": ["Wa-WA_DB_PASSWORD"]}])["Parameters"]
    assert described[0]["KeyId"] == aws["key"]
    assert "Wa-WA_DB_PASSWORD" in responses[-1]["Data"]["ParameterNames"].split(",")


def test_delete_removes_the_copy_too(aws, responses):
    created = with_copies(event("Create", aws), {"Wa-WA_DB_PASSWORD": "password"})
    ssm_parameters.handler(created, None)
    ssm_parameters.handler(with_copies(event("Delete", aws, physical="/Wa/db"),
                                       {"Wa-WA_DB_PASSWORD": "password"}), None)
    with pytest.raises(aws["ssm"].exceptions.ParameterNotFound):
        copy_of(aws, "Wa-WA_DB_PASSWORD")


def test_an_update_that_adds_the_copy_writes_it_and_one_that_drops_it_removes_it(aws, responses):
    old = event("Create", aws)
    ssm_parameters.handler(old, None)
    added = with_copies(event("Update", aws, old=old["ResourceProperties"], physical="/Wa/db"),
                        {"Wa-WA_DB_PASSWORD": "password"})
    ssm_parameters.handler(added, None)
    assert copy_of(aws, "Wa-WA_DB_PASSWORD")["Value"] == SECRET["password"]
    dropped = event("Update", aws, old=added["ResourceProperties"], physical="/Wa/db")
    ssm_parameters.handler(dropped, None)
    with pytest.raises(aws["ssm"].exceptions.ParameterNotFound):
        copy_of(aws, "Wa-WA_DB_PASSWORD")


@pytest.mark.parametrize("copies", [{"/Wa-WA_DB_PASSWORD": "password"},
                                    {"Wa-WA_DB_PASSWORD": "pin"}, ["password"],
                                    [{"Name": "Wa-WA_DB_PASSWORD"}]])
def test_a_copy_of_an_unknown_setting_or_with_a_path_fails_the_request(aws, responses, copies):
    ssm_parameters.handler(with_copies(event("Create", aws), copies), None)
    assert responses[-1]["Status"] == "FAILED"
    assert "Copies" in responses[-1]["Reason"] or "copy" in responses[-1]["Reason"]
    assert stored(aws) == {}  # what it wrote before failing is removed


def test_a_replacement_keeping_the_copys_name_keeps_the_copy(aws, responses):
    """CloudFormation replaces the resource (a new path), then deletes the old one: the copy the
    new resource wrote under the same name stays (the cluster reads it)."""
    copies = {"Wa-WA_DB_PASSWORD": "password"}
    old = with_copies(event("Create", aws), copies)
    ssm_parameters.handler(old, None)
    new = with_copies(event("Update", aws, path="/Wa2/db", old=old["ResourceProperties"],
                            physical="/Wa/db"), copies)
    ssm_parameters.handler(new, None)
    assert responses[-1]["PhysicalResourceId"] == "/Wa2/db"
    cleanup = with_copies(event("Delete", aws, physical="/Wa/db"), copies)
    ssm_parameters.handler(cleanup, None)
    assert copy_of(aws, "Wa-WA_DB_PASSWORD")["Value"] == SECRET["password"]
    assert stored(aws, "/Wa/db") == {} and set(stored(aws, "/Wa2/db")) == {
        "hostname", "port", "username", "password"}
    # the new resource's own delete does remove it
    ssm_parameters.handler(with_copies(event("Delete", aws, path="/Wa2/db", physical="/Wa2/db"),
                                       copies), None)
    with pytest.raises(aws["ssm"].exceptions.ParameterNotFound):
        copy_of(aws, "Wa-WA_DB_PASSWORD")


# --- properties read and refused --------------------------------------------------------------

@pytest.mark.parametrize(("path", "shown"), [
    ("Wa/db", "'Wa/db'"), ("/Wa/db/", "'/Wa/db/'"), ("/", "'/'"), (None, "''")])
def test_a_path_must_start_with_a_slash_and_not_end_with_one(aws, responses, path, shown):
    bad = event("Create", aws, path=path)
    if path is None:
        del bad["ResourceProperties"]["ParameterPath"]
    ssm_parameters.handler(bad, None)
    assert responses[0]["Status"] == "FAILED"
    assert responses[0]["Reason"].startswith(f"ValueError: ParameterPath {shown} ")
    assert aws["ssm"].describe_parameters()["Parameters"] == []


def test_the_shortest_path_is_accepted(aws, responses):
    ssm_parameters.handler(event("Create", aws, path="/W"), None)
    assert (responses[0]["Status"], responses[0]["PhysicalResourceId"]) == ("SUCCESS", "/W")
    assert set(stored(aws, "/W")) == {"hostname", "port", "username", "password"}


def test_a_setting_name_with_a_slash_is_named_in_the_refusal(aws, responses):
    ssm_parameters.handler(event("Create", aws, settings={"a/b": "x"}), None)
    assert responses[0]["Reason"].startswith("ValueError: parameter name 'a/b' ")


def test_an_empty_setting_is_named_in_the_refusal(aws, responses):
    ssm_parameters.handler(event("Create", aws, settings={"hostname": ""}), None)
    assert responses[0]["Reason"].startswith("ValueError: hostname is empty")
    assert stored(aws) == {}


@pytest.mark.parametrize("keys", ["username", ["username", 5]])
def test_secret_keys_must_be_a_list_of_strings(aws, responses, keys):
    bad = event("Create", aws)
    bad["ResourceProperties"]["SecretKeys"] = keys
    ssm_parameters.handler(bad, None)
    assert responses[0]["Reason"] == "ValueError: SecretKeys must be a list of strings"


def test_without_secret_keys_the_username_and_password_are_copied(aws, responses):
    create = event("Create", aws, settings={})
    del create["ResourceProperties"]["SecretKeys"]
    ssm_parameters.handler(create, None)
    assert {n: p["Value"] for n, p in stored(aws).items()} == {
        "username": SECRET["username"], "password": SECRET["password"]}


def use_secret(aws, value):
    boto3.client("secretsmanager").put_secret_value(SecretId=aws["secret"],
                                                    SecretString=json.dumps(value))


def test_a_secret_value_that_is_not_a_string_is_stored_as_json(aws, responses):
    use_secret(aws, {**SECRET, "port": 3306})
    create = event("Create", aws, settings={})
    create["ResourceProperties"]["SecretKeys"] = ["username", "password", "port"]
    ssm_parameters.handler(create, None)
    assert stored(aws)["port"]["Value"] == "3306"


def test_a_secret_that_is_not_an_object_is_refused(aws, responses):
    use_secret(aws, ["waadmin", "s3cr3t-Value-9"])
    ssm_parameters.handler(event("Create", aws), None)
    assert responses[0]["Reason"] == (
        "ValueError: the secret's SecretString is not a JSON object")


def test_a_password_holding_another_secret_value_is_masked_whole(aws, responses, monkeypatch,
                                                                 capsys):
    # the username is inside the password: masking it first would leave the rest readable
    password = "Pw-waadmin-7"
    use_secret(aws, {**SECRET, "password": password})
    failing_put(monkeypatch, "password", lambda kwargs: f"bad value {kwargs['Value']!r}")
    ssm_parameters.handler(event("Create", aws), None)
    assert responses[0]["Reason"] == "RuntimeError: bad value '***'"
    out = capsys.readouterr().out
    assert "FAILED RuntimeError: bad value '***'" in out
    assert "Pw-" not in out and "-7" not in out


# --- what a Delete removes, and what it keeps -------------------------------------------------

def test_a_delete_logs_each_parameter_it_removes(aws, responses, capsys):
    created = with_copies(event("Create", aws), {"Wa-WA_DB_PASSWORD": "password"})
    ssm_parameters.handler(created, None)
    capsys.readouterr()
    ssm_parameters.handler(with_copies(event("Delete", aws, physical="/Wa/db"),
                                       {"Wa-WA_DB_PASSWORD": "password"}), None)
    assert capsys.readouterr().out.splitlines() == [
        "Delete DbSettings", "deleted Wa-WA_DB_PASSWORD", "deleted /Wa/db/hostname",
        "deleted /Wa/db/password", "deleted /Wa/db/port", "deleted /Wa/db/username"]


def test_a_copy_without_a_description_is_ours_to_delete(aws, responses):
    """A copy written before the handler recorded its owner has no description."""
    copies = {"Wa-WA_DB_PASSWORD": "password"}
    ssm_parameters.handler(with_copies(event("Create", aws), copies), None)
    aws["ssm"].delete_parameter(Name="Wa-WA_DB_PASSWORD")
    aws["ssm"].put_parameter(Name="Wa-WA_DB_PASSWORD", Value="old", Type="SecureString")
    ssm_parameters.handler(with_copies(event("Delete", aws, physical="/Wa/db"), copies), None)
    assert responses[-1]["Status"] == "SUCCESS"
    with pytest.raises(aws["ssm"].exceptions.ParameterNotFound):
        copy_of(aws, "Wa-WA_DB_PASSWORD")


def test_a_copy_kept_for_another_path_does_not_stop_the_rest_of_the_delete(aws, responses,
                                                                            capsys):
    copies = {"A-copy": "password", "B-copy": "username"}
    ssm_parameters.handler(with_copies(event("Create", aws), copies), None)
    # another resource (under /Other/db) has since written A-copy
    aws["ssm"].put_parameter(Name="A-copy", Value="theirs", Type="SecureString",
                             Overwrite=True, Description="wa-infra: copy of /Other/db")
    capsys.readouterr()
    ssm_parameters.handler(with_copies(event("Delete", aws, physical="/Wa/db"), copies), None)
    assert responses[-1]["Status"] == "SUCCESS"
    assert copy_of(aws, "A-copy")["Value"] == "theirs"
    with pytest.raises(aws["ssm"].exceptions.ParameterNotFound):
        copy_of(aws, "B-copy")
    assert stored(aws) == {}
    assert "kept A-copy: written for another path since" in capsys.readouterr().out


def test_a_delete_ignores_a_copy_already_gone(aws, responses):
    copies = {"Wa-WA_DB_PASSWORD": "password"}
    ssm_parameters.handler(with_copies(event("Create", aws), copies), None)
    aws["ssm"].delete_parameter(Name="Wa-WA_DB_PASSWORD")
    ssm_parameters.handler(with_copies(event("Delete", aws, physical="/Wa/db"), copies), None)
    assert responses[-1]["Status"] == "SUCCESS"
    assert stored(aws) == {}


# --- what a failed request leaves -------------------------------------------------------------

def failing_put_of(monkeypatch, fail_name):
    """Make the handler's SSM client refuse to put exactly the parameter fail_name."""
    client = ssm_parameters._client("ssm")
    real = client.put_parameter

    def put(**kwargs):
        if kwargs["Name"] == fail_name:
            raise RuntimeError("KMS said no")
        return real(**kwargs)

    monkeypatch.setattr(client, "put_parameter", put)


def test_a_failed_update_in_place_keeps_the_old_copies_and_removes_the_new(aws, responses,
                                                                          monkeypatch, capsys):
    old = with_copies(event("Create", aws), {"Wa-Keep": "password"})
    ssm_parameters.handler(old, None)
    # the update rewrites the old copy and adds two; the last one is refused
    update = with_copies(event("Update", aws, old=old["ResourceProperties"], physical="/Wa/db"),
                         {"Wa-Keep": "password", "Wa-New": "username", "Wa-Zed": "password"})
    failing_put_of(monkeypatch, "Wa-Zed")
    capsys.readouterr()
    ssm_parameters.handler(update, None)
    assert (responses[-1]["Status"], responses[-1]["PhysicalResourceId"]) == ("FAILED",
                                                                              "/Wa/db")
    assert copy_of(aws, "Wa-Keep")["Value"] == SECRET["password"]  # the rollback reads it
    with pytest.raises(aws["ssm"].exceptions.ParameterNotFound):
        copy_of(aws, "Wa-New")
    assert set(stored(aws)) == {"hostname", "port", "username", "password"}
    out = capsys.readouterr().out
    assert "removed Wa-New after the failure" in out
    assert "removed Wa-Keep" not in out and "removed /Wa/db/" not in out


def test_a_cleanup_that_fails_is_logged_and_the_first_failure_answered(aws, responses,
                                                                       monkeypatch, capsys):
    failing_put(monkeypatch, "port")

    def refuse(**kwargs):
        raise PermissionError("ssm:DeleteParameter denied")

    monkeypatch.setattr(ssm_parameters._client("ssm"), "delete_parameter", refuse)
    ssm_parameters.handler(event("Create", aws), None)
    assert responses[0]["Reason"] == "RuntimeError: KMS said no"
    out = capsys.readouterr().out
    assert "could not remove /Wa/db/hostname: PermissionError" in out
    assert "could not remove /Wa/db/password: PermissionError" in out
