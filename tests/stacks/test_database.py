"""Database tier: class from the plan, private, encrypted, snapshotted, TLS as planned."""

import pytest


def db_instance(synth):
    (res,) = synth["database"].find_resources("AWS::RDS::DBInstance").values()
    return res


def parameters(synth, kind="AWS::RDS::DBParameterGroup"):
    merged = {}
    for res in synth["database"].find_resources(kind).values():
        merged.update(res["Properties"]["Parameters"])
    return merged


@pytest.mark.parametrize("name", ["Default", "Big", "Postgres", "S1Staging", "S32Production"])
def test_instance_class_is_the_plans(synths, name):
    synth = synths[name]
    assert db_instance(synth)["Properties"]["DBInstanceClass"] == synth.plan.db_rds_class


def test_mysql_8_production_defaults(default):
    res = db_instance(default)
    props = res["Properties"]
    assert (props["Engine"], props["EngineVersion"]) == ("mysql", "8.0.44")
    assert props["MultiAZ"] is True
    assert props["StorageEncrypted"] is True
    assert "KmsKeyId" in props
    assert props["PubliclyAccessible"] is False
    assert props["DeletionProtection"] is True
    assert props["BackupRetentionPeriod"] >= 7
    assert (props["StorageType"], props["AllocatedStorage"]) == ("gp3", "100")
    assert res["DeletionPolicy"] == res["UpdateReplacePolicy"] == "Snapshot"
    assert "MasterUserPassword" in props and "resolve:secretsmanager" in str(
        props["MasterUserPassword"])


def test_staging_is_single_az_without_deletion_protection(synths):
    props = db_instance(synths["S8Staging"])["Properties"]
    assert props["MultiAZ"] is False
    assert props["DeletionProtection"] is False


def test_max_connections_covers_the_required_and_tls_follows_ssl(synths):
    default, big = synths["Default"], synths["Big"]
    assert int(parameters(default)["max_connections"]) >= default.plan.required_connections
    assert parameters(default)["require_secure_transport"] == "1"  # TLS by default
    assert parameters(synths["NoTls"])["require_secure_transport"] == "0"
    assert int(parameters(big)["max_connections"]) >= big.plan.required_connections
    assert parameters(big)["require_secure_transport"] == "1"
    assert parameters(synths["Postgres"])["rds.force_ssl"] == "1"


def test_database_admits_only_the_hosts_security_group(default):
    rules = default["database"].find_resources("AWS::EC2::SecurityGroupIngress")
    (rule,) = rules.values()
    props = rule["Properties"]
    assert (props["FromPort"], props["ToPort"]) == (3306, 3306)
    assert "HostsSecurityGroup" in str(props["SourceSecurityGroupId"])
    (group,) = default["database"].find_resources("AWS::EC2::SecurityGroup").values()
    assert "SecurityGroupIngress" not in group["Properties"]


def test_database_sits_in_private_subnets(default):
    (group,) = default["database"].find_resources("AWS::RDS::DBSubnetGroup").values()
    assert all("PrivateSubnet" in str(s) for s in group["Properties"]["SubnetIds"])


def test_credentials_are_generated_and_retained_without_forbidden_characters(default):
    (secret,) = default["database"].find_resources("AWS::SecretsManager::Secret").values()
    generator = secret["Properties"]["GenerateSecretString"]
    assert generator["GenerateStringKey"] == "password"
    for char in "?{}&~!()^=":
        assert char in generator["ExcludeCharacters"]
    assert secret["DeletionPolicy"] == secret["UpdateReplacePolicy"] == "Retain"
    assert not default["database"].find_parameters("*", {"NoEcho": True})


def data_keys(synth) -> list[dict]:
    return [k for name, k in synth["database"].find_resources("AWS::KMS::Key").items()
            if name.startswith("DataKey")]


def test_new_key_rotates_and_is_retained(default):
    (key,) = data_keys(default)
    assert key["Properties"]["EnableKeyRotation"] is True
    assert key["DeletionPolicy"] == "Retain"


def test_given_key_is_used_and_aws_managed_creates_none(synths):
    props = db_instance(synths["GivenKey"])["Properties"]
    assert props["KmsKeyId"].startswith("arn:aws:kms:us-east-1:123456789012:key/")
    assert not data_keys(synths["GivenKey"])  # (the database's logs keep a key of their own)


def test_aurora_runs_a_writer_and_a_reader_of_the_plans_class(synths):
    aurora = synths["Aurora"]
    (cluster,) = aurora["database"].find_resources("AWS::RDS::DBCluster").values()
    assert cluster["Properties"]["Engine"] == "aurora-mysql"
    assert cluster["DeletionPolicy"] == "Snapshot"
    members = aurora["database"].find_resources("AWS::RDS::DBInstance").values()
    assert [m["Properties"]["DBInstanceClass"] for m in members] == [aurora.plan.db_rds_class] * 2


def test_existing_database_creates_no_database_tier(synths):
    assert "database" not in synths["ExistingVpcDb"].stacks
