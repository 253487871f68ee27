"""The cost row: every billed resource the stacks create, counted in the stacks themselves,
priced from one table; what is billed by use is named; the hint below a cost step."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from cli.size import main as wa_size
from probe import metrics
from sizing import cost, data, plan
from sizing.cost_step import step_below


def counts(synth) -> Counter:
    return Counter(r["Type"] for t in synth.templates.values()
                   for r in t.to_json()["Resources"].values())


@pytest.mark.parametrize("name", ["Default", "S8Staging", "Aurora", "Postgres"])
def test_the_counts_are_those_of_the_synthesized_stacks(synths, name):
    synth = synths[name]
    found = counts(synth)
    items = {what: n for what, n, _ in synth.plan.cost_items}
    assert found["AWS::KMS::Key"] == data.KMS_KEYS - (name == "Postgres")  # db_key aws-managed
    assert found["AWS::SecretsManager::Secret"] == items["secrets"] == data.SECRETS
    assert found["AWS::EC2::NatGateway"] == items["NAT gateways"] == found["AWS::EC2::EIP"]
    assert found["AWS::CloudWatch::Alarm"] == data.ALARMS_BY_ENGINE[synth.plan.engine]
    assert found["AWS::CloudWatch::CompositeAlarm"] == data.COMPOSITE_ALARMS
    assert found["AWS::CloudWatch::Dashboard"] == data.DASHBOARDS
    assert items["CloudWatch"] == found["AWS::CloudWatch::Alarm"] + data.COMPOSITE_ALARMS
    assert found["AWS::ElasticLoadBalancingV2::LoadBalancer"] == items["load balancer"] == 1
    assert found["AWS::AutoScaling::AutoScalingGroup"] == 1
    assert found["AWS::EFS::FileSystem"] == 1  # billed by use: named on the row
    assert len(metrics.series()) == data.PROBE_METRICS


def test_container_insights_is_on_and_named_as_left_out(synths):
    cluster = next(r for r in synths["Default"]["enterprise"].to_json()["Resources"].values()
                   if r["Type"] == "AWS::ECS::Cluster")
    assert {"Name": "containerInsights", "Value": "enabled"} in cluster["Properties"][
        "ClusterSettings"]
    left = " ".join(cost.left_out("mysql"))
    for billed in ("Container Insights", "EFS storage ($0.30/GB-month)", "NAT $0.045/GB",
                   "CloudWatch Logs", "NLCU", "AWS Backup copies ($0.05/GB-month)",
                   "KMS key rotation", "$14.00 more from the second year, $28.00 from the third"):
        assert billed in left
    assert "Aurora" not in left and "Aurora storage" in " ".join(cost.left_out("aurora-mysql"))


@pytest.mark.parametrize("name", ["Default", "Aurora"])
def test_host_disks_and_db_storage_are_priced_as_the_stacks_create_them(synths, name):
    """A gp3 root volume of HOST_ROOT_VOLUME_GIB per host (the launch template's); allocated
    DB storage for an RDS instance, none for Aurora (it grows with use: named as left out)."""
    synth = synths[name]
    template, = synth["enterprise"].find_resources("AWS::EC2::LaunchTemplate").values()
    disk, = template["Properties"]["LaunchTemplateData"]["BlockDeviceMappings"]
    assert (disk["Ebs"]["VolumeSize"], disk["Ebs"]["VolumeType"]) == (
        data.HOST_ROOT_VOLUME_GIB, "gp3")
    p = synth.plan
    items = {what: (n, usd) for what, n, usd in p.cost_items}
    assert items["host disks"] == (p.ec2_desired, pytest.approx(
        p.ec2_desired * data.HOST_ROOT_VOLUME_GIB * data.PRICES["ebs_gp3"].usd, abs=0.01))
    storage = items["database"][1] - items["database"][0] * p.db_price_hour_usd * 730
    assert storage == pytest.approx(0 if name == "Aurora" else items["database"][0] * (
        data.DEFAULT_DB_STORAGE_GIB * data.DB_STORAGE_PRICE_GIB_MONTH_USD), abs=0.01)


def test_the_items_add_up_to_the_cost():
    for p in (plan(), plan(250, 32), plan(40, env="staging"), plan(300, az_count=4)):
        assert round(sum(usd for _, _, usd in p.cost_items), 2) == pytest.approx(
            p.monthly_cost_usd, abs=0.02)
    fixed = {i.name: i for i in cost.fixed_items("production", "mysql", 3)}
    assert fixed["NAT gateways"].count == 3
    assert fixed["NAT gateways"].monthly_usd == pytest.approx(3 * 730 * (0.045 + 0.005))
    assert fixed["load balancer"].monthly_usd == pytest.approx(730 * 0.0225)
    assert fixed["KMS keys"].monthly_usd == 14
    assert cost.nat_gateways("staging", 4) == 1
    assert plan(az_count=4).monthly_cost_usd - plan(az_count=2).monthly_cost_usd == (
        pytest.approx(2 * 730 * 0.05))


def test_every_price_names_its_page_date_and_region():
    for name, price in data.PRICES.items():
        assert price.url.startswith("https://aws.amazon.com/"), name
        assert len(price.date) == 7 and price.date[4] == "-", name
    assert data.PRICE_REGION in cost.sources()


def test_a_rate_just_above_a_step_names_the_rate_below_and_the_saving():
    step = step_below(150.1)
    assert step.rate_below_msg_s == 150
    assert step.monthly_saving_usd == pytest.approx(
        plan(150.1).monthly_cost_usd - plan(150).monthly_cost_usd)
    assert step.monthly_saving_usd > 800  # a shard count, a Webapp and a DB class
    assert plan(150.01).monthly_cost_usd == plan(150.1).monthly_cost_usd  # the step is at 150
    assert step_below(150) is None and step_below(100) is None
    result = CliRunner().invoke(wa_size, ["--rate", "150.1"])
    assert ("hint: 150.1 msg/s is just above a cost step: 150 msg/s costs "
            f"${step.monthly_saving_usd:,.2f} a month less") in result.stdout
    out = json.loads(CliRunner().invoke(wa_size, ["--rate", "150.1", "--json"]).stdout)
    assert out["cost"]["cost_step"] == {"rate_below_msg_s": 150.0,
                                        "monthly_saving_usd": step.monthly_saving_usd}
    # rates the shards derive are not the user's to lower: no hint
    assert "hint:" not in CliRunner().invoke(wa_size, ["--shards", "16"]).stdout
