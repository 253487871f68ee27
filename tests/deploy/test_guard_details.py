"""What the guard says when CloudFormation's change set names the properties that force a
replacement (each ResourceChangeDetail's Target.RequiresRecreation: Never, Conditionally,
Always), and the change set's own replacements that wa-deploy shows before executing it."""

from deploy.run import _aws_refusals, _aws_replacements


def detail(name: str | None, recreation: str) -> dict:
    target = {"Attribute": "Properties", "RequiresRecreation": recreation}
    if name is not None:
        target["Name"] = name
    return {"Target": target}


def db_change(replacement: str, details: list) -> dict:
    return {"ResourceChange": {"Action": "Modify", "LogicalResourceId": "Db",
                               "ResourceType": "AWS::RDS::DBInstance",
                               "Replacement": replacement, "Details": details}}


def test_the_refusal_names_each_property_that_may_force_the_replacement():
    change_set = {"Changes": [db_change("Conditional", [
        detail("StorageEncrypted", "Always"), detail("DBSubnetGroupName", "Conditionally"),
        detail("AllocatedStorage", "Never"), detail(None, "Always"),
        {"Evaluation": "Static"}])]}
    assert _aws_refusals(change_set, "Db", set()) == [
        "replace (Conditional) Db/Db (AWS::RDS::DBInstance) according to CloudFormation: "
        "?, DBSubnetGroupName, StorageEncrypted -- the database; pass --allow-replace Db "
        "if you mean it"]


def test_without_details_the_refusal_names_no_property():
    assert _aws_refusals({"Changes": [db_change("True", [])]}, "Db", set()) == [
        "replace (True) Db/Db (AWS::RDS::DBInstance) according to CloudFormation -- the "
        "database; pass --allow-replace Db if you mean it"]
    bare = {"ResourceChange": {"Action": "Remove", "LogicalResourceId": "Db",
                               "ResourceType": "AWS::RDS::DBInstance"}}
    assert _aws_refusals({"Changes": [bare]}, "Db", set()) == [
        "remove Db/Db (AWS::RDS::DBInstance) according to CloudFormation -- the database; "
        "pass --allow-replace Db if you mean it"]


def test_an_empty_change_set_refuses_and_replaces_nothing():
    for change_set in ({}, {"Changes": []}, {"Changes": [{"Type": "Resource"}]}):
        assert _aws_refusals(change_set, "Db", set()) == []
        assert _aws_replacements(change_set) == []


def test_the_change_set_s_own_replacements_are_listed_true_and_conditional():
    change_set = {"Changes": [db_change("True", []), db_change("Conditional", []),
                              db_change("False", []),
                              {"ResourceChange": {"LogicalResourceId": "Q",
                                                  "ResourceType": "AWS::SQS::Queue"}}]}
    assert _aws_replacements(change_set) == [
        "replace Db (AWS::RDS::DBInstance): Replacement True",
        "replace Db (AWS::RDS::DBInstance): Replacement Conditional"]
