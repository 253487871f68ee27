"""The replacement guard against a table: every protected type x every Action and Replacement
value CloudFormation documents for a change set's ResourceChange (Add, Modify, Remove, Import,
Dynamic; True, False, Conditional), the run that executes or refuses the change set
CloudFormation prepared, and the offline analysis for the same types. Source:
AWS CloudFormation API Reference, "ResourceChange"
(https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChange.html)."""

import pytest

from deploy import run
from deploy.changes import diff, refusals
from deploy.run import _aws_refusals

# Written out, not read from deploy/changes.py: a type dropped from the guard must fail here.
PROTECTED_TYPES = (
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::EFS::FileSystem",
    "AWS::KMS::Key",
    "AWS::SecretsManager::Secret",
    "AWS::Logs::LogGroup",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
)
UNPROTECTED_TYPES = ("AWS::ECS::TaskDefinition", "AWS::ECS::Service", "AWS::IAM::Role")
ACTIONS = ("Add", "Modify", "Remove", "Import", "Dynamic")
REPLACEMENTS = ("True", "False", "Conditional", None)


def change_set(type_: str, action: str, replacement: str | None) -> dict:
    change = {"Action": action, "LogicalResourceId": "Thing", "ResourceType": type_,
              "Details": [{"Target": {"Attribute": "Properties", "Name": "Name",
                                      "RequiresRecreation": "Always"}}]}
    if replacement is not None:
        change["Replacement"] = replacement
    return {"Changes": [{"Type": "Resource", "ResourceChange": change}]}


@pytest.mark.parametrize("type_", PROTECTED_TYPES + UNPROTECTED_TYPES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("replacement", REPLACEMENTS)
def test_cloudformation_says_replace_or_remove_and_the_guard_refuses(type_, action,
                                                                       replacement):
    lines = _aws_refusals(change_set(type_, action, replacement), "Stack", set())
    dangerous = action == "Remove" or replacement in ("True", "Conditional")
    assert bool(lines) is (type_ in PROTECTED_TYPES and dangerous)
    if lines:
        line, = lines
        assert "Stack/Thing" in line and "--allow-replace Thing" in line
        assert line.startswith("remove " if action == "Remove" else f"replace ({replacement})")
    # asked for by name: let through
    assert _aws_refusals(change_set(type_, action, replacement), "Stack", {"Thing"}) == []


def template(type_: str, **properties) -> dict:
    return {"Resources": {"Thing": {"Type": type_, "Properties": properties}}}


# a create-only property of each type (the registry schemas cfn-lint ships), or None
REPLACING = {
    "AWS::RDS::DBInstance": "DBInstanceIdentifier",
    "AWS::RDS::DBCluster": "DBClusterIdentifier",
    "AWS::EFS::FileSystem": "PerformanceMode",
    "AWS::KMS::Key": None,
    "AWS::SecretsManager::Secret": "Name",
    "AWS::Logs::LogGroup": "LogGroupName",
    "AWS::ElasticLoadBalancingV2::LoadBalancer": "Scheme",
}


@pytest.mark.parametrize("type_", PROTECTED_TYPES)
def test_offline_the_guard_refuses_every_protected_replacement_and_removal(type_):
    removed = refusals(diff("Stack", template(type_), None))
    assert len(removed) == 1 and removed[0].startswith("remove ")
    assert refusals(diff("Stack", template(type_), template("AWS::SNS::Topic"))) != []
    name = REPLACING[type_]
    if name is not None:
        replaced = refusals(diff("Stack", template(type_, **{name: "a"}),
                                 template(type_, **{name: "b"})))
        assert len(replaced) == 1 and replaced[0].startswith("replace ") and name in replaced[0]
    assert refusals(diff("Stack", template(type_), None), allowed=["Thing"]) == []


def test_offline_a_modification_in_place_is_not_refused():
    old = template("AWS::RDS::DBInstance", DBInstanceClass="db.r6g.large")
    new = template("AWS::RDS::DBInstance", DBInstanceClass="db.r6g.xlarge")
    changes = diff("Stack", old, new)
    assert [c.action for c in changes] == ["modify"] and refusals(changes) == []


# --- wa-deploy's run: the change set CloudFormation prepared is executed or refused -------------

class ChangeSets:
    """What execute() asks of CloudFormation, each stack's change set given here."""

    def __init__(self, change_sets: dict[str, dict]):
        self.change_sets, self.calls = change_sets, []

    def describe_change_set(self, ChangeSetName, StackName):  # noqa: N803 - boto3's spelling
        return self.change_sets[StackName]

    def delete_change_set(self, ChangeSetName, StackName):  # noqa: N803
        self.calls.append(("delete", StackName))

    def execute_change_set(self, ChangeSetName, StackName):  # noqa: N803
        self.calls.append(("execute", StackName))


@pytest.fixture
def offline_run(monkeypatch):
    """execute() without the CDK CLI, without waiting for events."""
    monkeypatch.setattr(run.cdk_cli, "run", lambda *args, **kwargs: "")
    monkeypatch.setattr(run.events, "latest", lambda *args: None)
    monkeypatch.setattr(run, "_watch", lambda *args, **kwargs: None)


# Action and Replacement as change sets combine them: Replacement comes with Modify
DOCUMENTED_CHANGES = [("Modify", "True"), ("Modify", "Conditional"), ("Modify", "False"),
                      ("Remove", None), ("Add", None), ("Import", None), ("Dynamic", None)]


@pytest.mark.parametrize("type_", PROTECTED_TYPES + UNPROTECTED_TYPES)
@pytest.mark.parametrize(("action", "replacement"), DOCUMENTED_CHANGES)
def test_wa_deploy_executes_no_change_set_that_replaces_or_removes_a_protected_resource(
        tmp_path, offline_run, type_, action, replacement):
    cloudformation = ChangeSets({"Network": change_set("AWS::EC2::VPC", "Modify", "False"),
                                 "Database": change_set(type_, action, replacement)})
    plans = [run.StackPlan(name, True, sections=("Resources",))
             for name in ("Network", "Database")]
    refused = type_ in PROTECTED_TYPES and (action == "Remove"
                                            or replacement in ("True", "Conditional"))
    if refused:
        with pytest.raises(run.Refused) as raised:
            run.execute(cloudformation, tmp_path, plans, (), lambda line: None)
        assert "Database/Thing" in str(raised.value) and raised.value.done == ("Network",)
        assert cloudformation.calls == [("execute", "Network"), ("delete", "Database")]
    else:
        run.execute(cloudformation, tmp_path, plans, (), lambda line: None)
        assert cloudformation.calls == [("execute", "Network"), ("execute", "Database")]
    # --allow-replace Thing: executed
    cloudformation.calls.clear()
    run.execute(cloudformation, tmp_path, plans, ("Thing",), lambda line: None)
    assert cloudformation.calls == [("execute", "Network"), ("execute", "Database")]
