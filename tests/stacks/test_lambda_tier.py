"""Lambda tier as deployed: runtime, scoped IAM, log retention, the custom resource's inputs."""

import json


def test_function_runs_a_current_python(default):
    (function,) = default["lambda"].find_resources("AWS::Lambda::Function").values()
    assert function["Properties"]["Runtime"] == "python3.14"
    assert function["Properties"]["Handler"] == "ssm_parameters.handler"


def test_iam_is_scoped_to_this_deployments_path_key_and_secret(default):
    (policy,) = default["lambda"].find_resources("AWS::IAM::Policy").values()
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    text = json.dumps(statements)
    for name in ("hostname", "port", "username", "password"):
        assert f"parameter/Default/db/{name}" in text
    assert "parameter/*" not in text and "db/*" not in text
    for statement in statements:
        assert statement["Resource"] != "*", statement
        assert not any(a.endswith("*") for a in statement["Action"]) if isinstance(
            statement["Action"], list) else not statement["Action"].endswith("*")


def test_custom_resource_writes_under_the_deployment_path(default):
    (resource,) = default["lambda"].find_resources("Custom::DbSettings").values()
    props = resource["Properties"]
    assert props["ParameterPath"] == "/Default/db"
    assert props["SecretKeys"] == ["username", "password"]
    assert set(props["Settings"]) == {"hostname", "port"}
    # the role may write exactly the parameters the resource writes
    (policy,) = default["lambda"].find_resources("AWS::IAM::Policy").values()
    text = json.dumps(policy)
    for name in [*props["Settings"], *props["SecretKeys"]]:
        assert f"parameter/Default/db/{name}" in text


def test_log_group_has_the_context_retention(default):
    (group,) = default["lambda"].find_resources("AWS::Logs::LogGroup").values()
    assert group["Properties"]["RetentionInDays"] == 30


def test_containers_read_the_parameters_the_function_writes(default):
    settings = default.stacks["lambda"]
    text = json.dumps(default["enterprise"].to_json())
    for name in settings.names:
        assert f"parameter/Default/db/{name}" in text
