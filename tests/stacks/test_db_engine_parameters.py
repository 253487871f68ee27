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
