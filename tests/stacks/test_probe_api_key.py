"""WA_API_KEY in both renderers: one generated, retained secret with a key of its own, given to
the Webapps (and no other container) and readable by the health probe alone, which finds its
ARN in its environment."""

from __future__ import annotations

from contract.roles import GENERATED
from gates.cfn_resolve import Ref
from probe import metrics
from tests.gates.test_contract_check import cdk, plain


def _of(rendering, type_: str, prefix: str):
    return [r for r in rendering.deployment.resources(type_) if r.logical_id.startswith(prefix)]


def _wiring(rendering) -> dict:
    (secret,) = _of(rendering, "AWS::SecretsManager::Secret", "WebApiKey")
    (key,) = _of(rendering, "AWS::KMS::Key", "WebApiKeyKey")
    containers = {c["Name"]: c for t in rendering.deployment.resources("AWS::ECS::TaskDefinition")
                  for c in t.properties["ContainerDefinitions"]}
    given_to = {name for name, c in containers.items() for s in c.get("Secrets", [])
                if s["Name"] == "WA_API_KEY"}
    web_key = next(s["ValueFrom"] for s in containers["web"]["Secrets"]
                   if s["Name"] == "WA_API_KEY")
    (probe,) = [f for f in rendering.deployment.resources("AWS::Lambda::Function")
                if f.properties.get("VpcConfig")]
    statements = [s for p in rendering.deployment.resources("AWS::IAM::Policy")
                  for s in p.properties["PolicyDocument"]["Statement"]
                  if any(isinstance(r, Ref) and r.logical_id.startswith("ProbeRole")
                         for r in p.properties.get("Roles", []))]
    statements += [s for r in _of(rendering, "AWS::IAM::Role", "ProbeRole")
                   for p in r.properties.get("Policies", [])
                   for s in p["PolicyDocument"]["Statement"]]

    def granted(action, resource) -> bool:
        return any(action in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
                   and resource in ([s["Resource"]] if not isinstance(s["Resource"], list)
                                    else s["Resource"]) for s in statements)

    generated = secret.properties["GenerateSecretString"]
    return {
        "retained": (secret.deletion_policy, key.deletion_policy) == ("Retain", "Retain"),
        "own key": secret.properties["KmsKeyId"].logical_id == key.logical_id,
        "length": int(generated["PasswordLength"]),
        "no punctuation": str(generated["ExcludePunctuation"]).lower() == "true",
        "given to": given_to,
        "web reads this secret": isinstance(web_key, Ref) and web_key.logical_id
        == secret.logical_id,
        "probe env": probe.properties["Environment"]["Variables"][
            metrics.ENV_API_KEY_SECRET_ARN].logical_id == secret.logical_id,
        "probe reads it": granted("secretsmanager:GetSecretValue",
                                  Ref(secret.stack, secret.logical_id, secret.type, "Ref")),
        "probe decrypts it": granted("kms:Decrypt",
                                     Ref(key.stack, key.logical_id, key.type, "Arn")),
    }


EXPECTED = {"retained": True, "own key": True, "length": GENERATED["api-key"],
            "no punctuation": True, "given to": {"web"}, "web reads this secret": True,
            "probe env": True, "probe reads it": True, "probe decrypts it": True}


def test_the_cdk_app_generates_the_key_for_the_webapps_and_the_probe(synths):
    assert _wiring(cdk(synths, "Default")) == EXPECTED


def test_the_plain_templates_generate_the_key_for_the_webapps_and_the_probe(plain_templates):
    assert _wiring(plain(plain_templates)) == EXPECTED


def test_the_key_fits_what_the_client_takes():
    from wa_api.client import API_KEY_LENGTH

    low, high = API_KEY_LENGTH
    assert low <= GENERATED["api-key"] <= high
