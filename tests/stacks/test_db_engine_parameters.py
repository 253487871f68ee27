"""TLS to the database as each engine spells it, against the engines' documentation, not
against our own code: RDS for MySQL takes require_secure_transport 1/0 ("Requiring SSL/TLS for
all connections to a MySQL DB instance", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/
mysql-ssl-connections.html), Aurora MySQL's cluster parameter takes ON/OFF ("Requiring a TLS
connection to an Aurora MySQL DB cluster", https://docs.aws.amazon.com/AmazonRDS/latest/
AuroraUserGuide/AuroraMySQL.Security.html), RDS for PostgreSQL takes rds.force_ssl 1/0
("Requiring an SSL connection to a PostgreSQL DB instance", https://docs.aws.amazon.com/
AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html). A parameter group holding a
value its engine does not accept is refused at deploy time."""

import dataclasses

import pytest

from stacks.database import engine_parameters
from tests.gates.test_contract_check import plain
from tests.stacks.test_database import parameters

DOCUMENTED = {  # engine -> (parameter, value with TLS required, value without)
    "mysql": ("require_secure_transport", "1", "0"),
    "aurora-mysql": ("require_secure_transport", "ON", "OFF"),
    "postgres": ("rds.force_ssl", "1", "0"),
}


@pytest.mark.parametrize("engine", sorted(DOCUMENTED))
@pytest.mark.parametrize("ssl", [True, False])
def test_each_engine_gets_its_own_spelling_of_tls(synths, engine, ssl):
    plan = dataclasses.replace(synths["Default"].plan, engine=engine, ssl=ssl)
    name, on, off = DOCUMENTED[engine]
    settings = engine_parameters(plan)
    assert settings[name] == (on if ssl else off)
    others = {n for _, (n, _, _) in DOCUMENTED.items()} - {name}
    assert not others & set(settings)  # no other engine's parameter


def test_the_aurora_cluster_parameter_group_says_on(synths):
    cluster = parameters(synths["Aurora"], "AWS::RDS::DBClusterParameterGroup")
    assert cluster["require_secure_transport"] == "ON"


# --- as deployed: each parameter group of each renderer ------------------------------------------

FAMILY = {"mysql": "mysql8.0", "aurora-mysql": "aurora-mysql8.0", "postgres": "postgres"}
# where each engine reads its TLS parameter: an Aurora cluster's TLS is a cluster parameter
TLS_GROUP = {"mysql": "AWS::RDS::DBParameterGroup", "postgres": "AWS::RDS::DBParameterGroup",
             "aurora-mysql": "AWS::RDS::DBClusterParameterGroup"}
GROUP_KINDS = ("AWS::RDS::DBParameterGroup", "AWS::RDS::DBClusterParameterGroup")
TLS_NAMES = {name for name, _, _ in DOCUMENTED.values()}


def groups(synth) -> list[tuple[str, dict]]:
    return [(kind, resource["Properties"]) for kind in GROUP_KINDS
            for resource in synth["database"].find_resources(kind).values()]


@pytest.mark.parametrize("name", ["Default", "NoTls", "Postgres", "Aurora"])
def test_each_synthesized_parameter_group_spells_tls_as_its_engine_does(synths, name):
    plan = synths[name].plan
    wanted, on, off = DOCUMENTED[plan.engine]
    found = groups(synths[name])
    assert found and all(props["Family"].startswith(FAMILY[plan.engine]) for _, props in found)
    tls = [(kind, name_, value) for kind, props in found
           for name_, value in props["Parameters"].items() if name_ in TLS_NAMES]
    # exactly one, in the group the engine reads it from, in the engine's own spelling
    assert tls == [(TLS_GROUP[plan.engine], wanted, on if plan.ssl else off)]


@pytest.mark.parametrize(("encryption", "value"), [("enabled", "1"), ("disabled", "0")])
def test_the_plain_template_spells_tls_as_rds_for_mysql_does(plain_templates, encryption,
                                                               value):
    rendering = plain(plain_templates, DbConnectionEncryption=encryption)
    database, = rendering.deployment.resources("AWS::RDS::DBInstance")
    assert database.properties["Engine"] == "mysql"
    group, = rendering.deployment.resources("AWS::RDS::DBParameterGroup")
    assert group.properties["Family"] == FAMILY["mysql"]
    tls = {k: v for k, v in group.properties["Parameters"].items() if k in TLS_NAMES}
    assert tls == {"require_secure_transport": value}
    assert not list(rendering.deployment.resources("AWS::RDS::DBClusterParameterGroup"))
