"""What wa-upgrade's steps name besides their commands exists: the shell variables and files
their texts point at are the ones the commands set, the AWS operations, options and fields
they cite are AWS's, the wa-deploy commands they suggest parse. Every way of getting there:
an RDS instance, an Aurora cluster, an existing database; an upgrade, a downgrade, a deployed
tag that is no version."""

import re
import shlex

import botocore.session
import pytest

from cli.deploy import parse_changes
from deploy.upgrade_steps import parse_tag, plan_upgrade
from tests.deploy.test_upgrade_shell import NOW, deployment, parsed_by_wa_deploy

WAYS = [("instance", "mysql"), ("instance", "postgres"), ("cluster", "aurora-mysql"),
        ("existing", "mysql")]
PLANS = [(database, engine, tag, to) for database, engine in WAYS
         for tag, to in (("v2.53.0", "v2.54.1"), ("v2.53.0", "v2.51.9"), ("latest", "v2.53.0"))]
OPERATOR_SETS = {"WA_API_PASSWORD"}  # named for the operator to set, as for any wa-shards call


def plan(database, engine, tag, to, prefix="WaInfra"):
    return plan_upgrade(deployment(database, engine, tag, prefix=prefix), to,
                        allow_downgrade=True, now=NOW)


def texts(step):
    return (step.title, step.why, step.check, step.on_failure)


@pytest.mark.parametrize("way", PLANS, ids=["-".join(p) for p in PLANS])
def test_every_step_says_what_it_does_why_how_to_check_it_and_what_if_it_fails(way):
    steps = plan(*way).steps
    assert steps
    for step in steps:
        assert all(isinstance(text, str) and text.strip() for text in texts(step)), step
        assert isinstance(step.commands, tuple)
        assert all(isinstance(command, str) and command for command in step.commands)
        shlex.split(" ".join(step.commands))  # balanced quotes


@pytest.mark.parametrize("way", PLANS, ids=["-".join(p) for p in PLANS])
def test_the_variables_and_files_the_steps_name_are_those_their_commands_set(way):
    steps = plan(*way).steps
    commands = "\n".join(c for step in steps for c in step.commands)
    assigned = set(re.findall(r"(?:^|[;(\s])([A-Z_]+)=\$\(", commands))
    assigned |= {name for line in re.findall(r"read -r ([A-Z_ ]+)", commands)
                 for name in line.split()}
    written = set(re.findall(r"> ([\w.-]+)", commands))
    for step in steps:
        prose = " ".join(texts(step))
        named = set(re.findall(r"\$([a-z_]+)\b", prose, re.IGNORECASE)) - OPERATOR_SETS
        assert named <= assigned, (step.title, named - assigned)
        files = set(re.findall(r"[\w-]+\.txt\b", prose, re.IGNORECASE))
        assert files <= written, (step.title, files - written)


def rds_model():
    return botocore.session.get_session().get_service_model("rds")


def operation(name):
    from botocore import xform_name

    names = {xform_name(op, "-"): op for op in rds_model().operation_names}
    assert name in names, name
    return rds_model().operation_model(names[name])


def test_the_aurora_restore_cites_rds_operations_that_exist():
    restore, = [s for s in plan("cluster", "aurora-mysql", "v2.53.0", "v2.51.9").steps
                if s.title.startswith("Restore")]
    assert restore.commands == ()  # told, not run: a cluster's restore is its own procedure
    words = {word.strip(",.;:()") for word in restore.why.split()}
    for cited in ("restore-db-cluster-from-snapshot", "create-db-instance", "modify-db-cluster"):
        assert cited in words, cited
        operation(cited)
    assert "--new-db-cluster-identifier" in words
    assert "NewDBClusterIdentifier" in operation("modify-db-cluster").input_shape.members
    assert "$SNAP" in words  # the snapshot the find step set


def test_the_swap_s_check_names_a_field_describe_db_instances_shows():
    swap, = [s for s in plan("instance", "mysql", "v2.53.0", "v2.51.9").steps
             if s.title.startswith("Swap")]
    assert "aws rds describe-db-instances --db-instance-identifier wainfra-database-ef56 " \
           "--region us-east-1" in swap.check
    field, = re.findall(r"its (\S+) is today", swap.check)
    assert field in rds_model().shape_for("DBInstance").members


def test_the_stop_s_way_out_without_alarms_is_a_wa_deploy_command():
    stop, = [s for s in plan("instance", "mysql", "v2.53.0", "v2.51.9").steps
             if s.title == "Stop the client"]
    command, = re.findall(r"wa-deploy alarms restore --all\b", stop.on_failure)
    parsed_by_wa_deploy([*command.split()[1:], "--prefix", "WaInfra"])


def test_the_run_task_hint_names_flags_of_the_run_task_it_printed():
    run_task, = [s for s in plan("instance", "mysql", "v2.53.0", "v2.54.1").steps
                 if s.title.startswith("Run the database-upgrade task")]
    dropped = re.findall(r"without (--\S+) and (--\S+) ", run_task.on_failure)
    assert dropped == [("--query", "--output")]
    words = shlex.split(run_task.commands[0][len("TASK=$("):-1])
    assert words[:3] == ["aws", "ecs", "run-task"]
    assert set(dropped[0]) <= set(words)


def test_a_deployed_tag_that_is_no_version_says_how_to_deploy_it_as_its_version():
    steps = plan("instance", "mysql", "latest", "v2.53.0", prefix="Blue2")
    hint, = [note for note in steps.notes if note.startswith("perhaps a downgrade")]
    command, = re.findall(r"\((wa-deploy [^)]*)\)", hint)
    words = shlex.split(command.replace("vX.Y.Z", "v2.52.0"))  # the version the operator knows
    parsed_by_wa_deploy(words[1:])
    assert words[words.index("--prefix") + 1] == "Blue2"
    assert words[words.index("--region") + 1] == "us-east-1"
    change = parse_changes((words[words.index("-c") + 1],))
    assert change == {"image_tag": "v2.52.0"}
    parse_tag(change["image_tag"])


def test_the_point_step_names_the_one_stack_whose_task_definition_changes():
    point, = [s for s in plan("instance", "mysql", "v2.53.0", "v2.54.1", prefix="Blue2").steps
              if s.title.startswith("Point")]
    assert "database-upgrade task definition in Blue2-Enterprise " in point.check
