"""What both rehearsals check after a deploy of the defaults: the health probe can report
with nothing done by hand."""

import json

import boto3

from probe import metrics


def assert_probe_reports_with_no_manual_step(outputs: dict) -> None:
    """The generated API key reaches the Webapps' task definition (WA_API_KEY) and the
    probe's configuration (its secret's ARN), and the probe's credentials name no user: it
    reads /v1/health from the first deploy, no Webapp user made by hand."""
    key_arn = outputs["ApiKeySecret"]
    ecs = boto3.client("ecs")
    definitions = [ecs.describe_task_definition(taskDefinition=arn)["taskDefinition"]
                   for arn in ecs.list_task_definitions()["taskDefinitionArns"]]
    web, = [d["containerDefinitions"][0] for d in definitions
            if d["containerDefinitions"][0]["name"] == "web"]
    assert {s["name"]: s["valueFrom"] for s in web["secrets"]}["WA_API_KEY"] == key_arn
    probe, = [f for f in boto3.client("lambda").list_functions()["Functions"]
              if metrics.ENV_API_KEY_SECRET_ARN in f.get("Environment", {}).get("Variables", {})]
    assert probe["Environment"]["Variables"][metrics.ENV_API_KEY_SECRET_ARN] == key_arn
    secrets = boto3.client("secretsmanager")
    key = secrets.get_secret_value(SecretId=key_arn)["SecretString"]
    assert 12 <= len(key) <= 128 and key.isalnum()  # what the Webapp takes (Meta: 12-128)
    credentials = json.loads(secrets.get_secret_value(
        SecretId=probe["Environment"]["Variables"][metrics.ENV_SECRET_ARN])["SecretString"])
    assert credentials[metrics.SECRET_USERNAME] == ""  # no user: the key is the way in
