"""wa-deploy's preview: which values change (deploy/changes.value_changes) and how they read
(deploy/preview.py), offline."""

from deploy import changes, preview
from deploy.changes import ABSENT, ResourceChange, value_changes

TASK = {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": [
    {"Name": "coreapp", "Image": "coreapp:v2.53.0",
     "Environment": [{"Name": "A", "Value": "1"}, {"Name": "B", "Value": "2"}]}]}}


def test_value_paths_follow_names_positions_and_keys():
    old = {"Ports": [80, 443], "Env": [{"Name": "A", "Value": "1"}, {"Name": "B", "Value": "2"}],
           "Tags": [{"Key": "k", "Value": "v"}], "Gone": True, "Ref": {"Ref": "Db"}}
    new = {"Ports": [80, 8443], "Env": [{"Name": "C", "Value": "3"}, {"Name": "A", "Value": "1"},
                                         {"Name": "B", "Value": "5"}],
           "Tags": [{"Key": "k", "Value": "w"}], "Ref": {"Ref": "Other"}, "New": {"x": 1}}
    assert value_changes(old, new) == [
        ("Env[Name=B].Value", "2", "5"), ("Env[Name=C]", ABSENT, {"Name": "C", "Value": "3"}),
        ("Gone", True, ABSENT), ("New", ABSENT, {"x": 1}), ("Ports[1]", 443, 8443),
        ("Ref", {"Ref": "Db"}, {"Ref": "Other"}),  # an intrinsic function is one value
        ("Tags[Key=k].Value", "v", "w")]
    assert value_changes([1, 2], [1, 2, 3], "L") == [("L", [1, 2], [1, 2, 3])]  # whole list
    assert value_changes(old, old) == []


def test_values_read_as_a_person_writes_them():
    shown = preview.shown
    assert shown("a\nb") == '"a\\nb"' and shown(5) == "5" and shown(ABSENT) == "(none)"
    assert shown({"Ref": "Db"}) == "!Ref Db"
    assert shown({"Fn::GetAtt": ["Db", "Endpoint.Address"]}) == "!GetAtt Db.Endpoint.Address"
    assert shown({"Fn::ImportValue": "Net:Vpc"}) == "!ImportValue Net:Vpc"
    assert shown({"Fn::Sub": "arn:${AWS::Partition}:s3"}) == '!Sub "arn:${AWS::Partition}:s3"'
    assert shown({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::",
                                    {"Fn::GetAtt": ["Role", "Arn"]}]]}) == \
        '"arn:${AWS::Partition}:iam::${Role.Arn}"'
    assert shown({"Fn::Select": [0, {"Fn::GetAZs": ""}]}) == '!Select [0, !GetAZs ""]'
    assert shown({"Name": "C", "Value": {"Ref": "X"}}) == "{Name: \"C\", Value: !Ref X}"
    long = "docker.whatsapp.biz/" + "x" * 80 + ":v2.55.1"
    assert preview.shorten(long) == long[:33] + " ... " + long[-33:]
    assert preview.shorten(long).endswith(":v2.55.1") and len(preview.shorten(long)) == 71


def test_a_task_definition_revision_is_yellow_a_database_replacement_red():
    new_task = {**TASK, "Properties": {"ContainerDefinitions": [
        {**TASK["Properties"]["ContainerDefinitions"][0], "Image": "coreapp:v2.55.1"}]}}
    task, = changes.diff("S", {"Resources": {"T": TASK}}, {"Resources": {"T": new_task}})
    assert (task.action, task.revision) == ("replace", True)
    assert preview.color_of(task) == "yellow"
    assert preview.value_lines(task, color=True) == [
        'ContainerDefinitions[Name=coreapp].Image: "coreapp:v2.53.0" -> "coreapp:v2.55.1"  '
        "\033[33m(new revision)\033[0m"]
    db = {"Type": "AWS::RDS::DBInstance", "Properties": {"Engine": "mysql", "Port": "3306"}}
    moved, = changes.diff("S", {"Resources": {"Db": db}}, {"Resources": {"Db": {
        **db, "Properties": {"Engine": "postgres", "Port": "5432"}}}})
    assert (moved.action, moved.revision, preview.color_of(moved)) == ("replace", False, "red")
    assert preview.value_lines(moved) == ['Engine: "mysql" -> "postgres"  (forces replacement)',
                                          'Port: "3306" -> "5432"']
    assert [preview.color_of(ResourceChange("S", "X", "AWS::SNS::Topic", a))
            for a in ("add", "modify", "remove")] == ["green", "yellow", "red"]


def test_many_values_are_counted_not_listed():
    values = tuple((f"P{n:02}", n, n + 1) for n in range(15))
    lines = preview.value_lines(ResourceChange("S", "X", "AWS::SNS::Topic", "modify",
                                               values=values))
    assert len(lines) == preview.MAX_VALUES + 1 == 13
    assert lines[-1] == "... and 3 more values"


def test_long_values_alike_at_both_ends_show_where_they_differ():
    """A dashboard body changed in the middle used to print the same start ... end twice."""
    old = '{"widgets": [' + '{"type": "metric"}, ' * 10 + '{"title": "Coreapps 9"}' + \
        ', {"type": "metric"}' * 10 + "]}"
    new = old.replace("Coreapps 9", "Coreapps 17")
    assert preview.shorten(old) == preview.shorten(new)  # what was printed before
    before, after = preview.shorten_pair(old, new)
    assert before != after
    assert "Coreapps 9" in before and "Coreapps 17" in after
    assert before.startswith("... ") and before.endswith(" ...")
    assert len(before) <= preview.MAX_VALUE and len(after) <= preview.MAX_VALUE
    # short values, or long ones that differ at an end, are shortened as before
    assert preview.shorten_pair("a", "b") == ("a", "b")
    assert preview.shorten_pair("x" * 100 + "1", "x" * 100 + "2") == (
        preview.shorten("x" * 100 + "1"), preview.shorten("x" * 100 + "2"))
