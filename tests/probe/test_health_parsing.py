"""What the probe counts in a /v1/health answer (seed 003's format): only what the client's
documented fields say, nothing that merely looks like it."""

from __future__ import annotations

import json

import pytest

from wa_api.client import WebappClient


def health_of(nodes: dict):
    client = WebappClient("https://127.0.0.1:1")
    client._call = lambda method, path, body=None, auth=None: (200, json.dumps(
        {"health": nodes}).encode())
    return client.health()


@pytest.mark.parametrize(("node", "connected", "primaries", "in_error"), [
    ({"role": "coreapp", "gateway_status": "connected"}, 1, 0, 0),
    ({"role": "coreapp", "gateway_status": "disconnected"}, 0, 0, 0),
    ({"role": "primary_master", "gateway_status": "connected"}, 0, 1, 0),  # not a Coreapp
    ({"role": "secondary_master", "gateway_status": "disconnected"}, 0, 0, 0),
    ({"role": "primary", "gateway_status": "connected"}, 0, 0, 0),  # not the documented role
    ({"role": "Primary_Master"}, 0, 0, 0),
    ({"errors": [{"code": 1011, "title": "Service not ready"}]}, 0, 0, 1),
    ({"errors": []}, 0, 0, 0),
    ({"errors": "Service not ready"}, 0, 0, 0),  # not the documented list
    ({"errors": {"code": 1011}}, 0, 0, 0),
])
def test_each_node_counts_only_by_its_documented_fields(node, connected, primaries, in_error):
    health = health_of({"host:1": node})
    assert (health.connected_coreapps, health.primary_masters, health.nodes_in_error) == (
        connected, primaries, in_error)
    assert health.nodes == 1


def test_the_seed_answer_counts_one_primary_and_the_connected_coreapp():
    # seed 003, "Perform a Second Health Check": one Coreapp connected, one primary Master
    health = health_of({
        "master1:85cd": {"gateway_status": "disconnected", "role": "secondary_master"},
        "master2:8dd3": {"gateway_status": "disconnected", "role": "primary_master"},
        "coreapp1:753e": {"gateway_status": "connected", "role": "coreapp"},
        "coreapp2:75d7": {"gateway_status": "disconnected", "role": "coreapp"},
        "odd": "not an object",
    })
    assert (health.connected_coreapps, health.primary_masters, health.nodes_in_error,
            health.nodes) == (1, 1, 0, 5)
