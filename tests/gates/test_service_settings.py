"""How ECS replaces each service's tasks, in both renderers, against a table written out by
hand: a service without circuit-breaker rollback leaves a failed image change half-deployed,
and the wrong percentages either stop a rolling deploy (no room) or run two Masters on one
host. Packed: a Coreapp shares hosts, ECS may start the new one before stopping the old;
isolated (one per host): the old one must stop first."""

import pytest

from gates import runtime
from tests.gates.test_contract_check import cdk, plain

BREAKER = {"Enable": True, "Rollback": True}
SPREAD = [{"Type": "spread", "Field": "attribute:ecs.availability-zone"},
          {"Type": "spread", "Field": "instanceId"}]
# role -> (MinimumHealthyPercent, MaximumPercent, one per host) when packed / isolated
TABLE = {
    "web": {"packed": (100, 200, False), "isolated": (100, 200, False)},
    "master": {"packed": (50, 100, True), "isolated": (50, 100, True)},
    "coreapp": {"packed": (100, 200, False), "isolated": (50, 100, True)},
}
RENDERINGS = {  # (renderer, layout) -> how to get it
    ("cdk", "packed"): lambda synths, plain_templates: cdk(synths, "Default"),
    ("cdk", "isolated"): lambda synths, plain_templates: cdk(synths, "StagingIsolated"),
    ("plain", "packed"): lambda synths, plain_templates: plain(plain_templates),
    ("plain", "isolated"): lambda synths, plain_templates: plain(plain_templates,
                                                                "staging-isolated"),
}


def service(rendering, role: str) -> dict:
    task, _ = runtime._tasks(rendering.deployment)[role]
    found = runtime._service_of(rendering.deployment, task)
    assert found, f"no service runs the {role} task"
    return found


@pytest.mark.parametrize(("renderer", "layout"), sorted(RENDERINGS))
@pytest.mark.parametrize("role", sorted(TABLE))
def test_every_service_deploys_as_the_table_says(synths, plain_templates, renderer, layout,
                                                 role):
    rendering = RENDERINGS[renderer, layout](synths, plain_templates)
    props = service(rendering, role)
    config = props["DeploymentConfiguration"]
    low, high, one_per_host = TABLE[role][layout]
    assert (int(config["MinimumHealthyPercent"]), int(config["MaximumPercent"])) == (low, high)
    assert config["DeploymentCircuitBreaker"] == BREAKER
    assert props.get("PlacementStrategies") == SPREAD
    distinct = [c for c in props.get("PlacementConstraints") or []
                if c.get("Type") == "distinctInstance"]
    assert bool(distinct) is one_per_host
    assert props.get("DeploymentController", {"Type": "ECS"}) == {"Type": "ECS"}


@pytest.mark.parametrize(("renderer", "layout"), sorted(RENDERINGS))
def test_the_table_holds_every_service_of_the_rendering(synths, plain_templates, renderer,
                                                        layout):
    """A service the table does not name would deploy as nobody checked."""
    rendering = RENDERINGS[renderer, layout](synths, plain_templates)
    rendered = list(rendering.deployment.resources("AWS::ECS::Service"))
    found = {id(service(rendering, role)) for role in TABLE}
    assert len(found) == len(TABLE) == len(rendered)
    assert found == {id(s.properties) for s in rendered}
