"""wa-size through click's CliRunner and as a real process."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli.size import main
from sizing import plan
from tests.support.refusals import usage_error


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(main, list(args), prog_name="wa-size")

    return invoke


def test_table_shows_the_plan_aligned(run):
    result = run("--rate", "250", "--shards", "32", "--ssl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "Shards                32 (carry 400 msg/s)" in lines
    assert "Coreapps              33 = 32 active + 1 spare" in lines
    assert "EC2 min/desired/max   3 / 13 / 15 (cap 15)" in lines
    assert any(
        line.startswith("RDS class             db.m6g.4xlarge: 5086 max connections")
        for line in lines
    )
    label_width = len("Required connections")  # the longest label
    table = lines[:lines.index("")]  # the deploy lines follow a blank line
    assert table[-1].startswith("Not in the cost")
    assert all(
        line[label_width : label_width + 2] == "  " and line[label_width + 2] != " "
        for line in table
    )  # one column of values


def test_json_has_the_documented_stable_keys(run):
    result = run("--rate", "250", "--shards", "32", "--ssl", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    # README's keys, and vendor_v3 (added by sizing v2)
    assert set(doc) == {"inputs", "containers", "hosts", "database", "cost", "warnings", "rules",
                        "vendor_v3", "deploy"}
    assert doc["vendor_v3"]["vendor_hosts"] == [{"host_type": "c5.large", "count": 17},
                                                {"host_type": "c5.large", "count": 3}]
    assert (doc["inputs"]["receipts_per_message"], doc["inputs"]["inbound_msg_s"]) == (1, 0)
    assert (doc["hosts"]["reserved_cpu_units"], doc["containers"]["load_msg_s"]) == (19712, 250)
    assert doc["containers"]["total_coreapps"] == 33
    assert doc["hosts"]["ec2_max"] == 15
    assert doc["database"]["required_connections"] == 2113
    assert doc["database"]["db_class"] == "db.m6g.4xlarge"
    assert doc["cost"]["price_date"] == "2024-06"
    assert doc.pop("deploy")["context"] == {"rate": "250", "shards": "32"}
    assert doc["cost"].pop("cost_step") is None
    expected = plan(250, 32, ssl=True).to_dict()
    assert doc == expected


def test_explain_adds_rule_and_source_to_each_row(run):
    result = run("--explain")
    assert result.exit_code == 0
    assert result.stdout.count("rule:") == result.stdout.count("source:") == 23
    assert "fitted to seed 000" in result.stdout


def test_warning_goes_to_stderr_and_keeps_stdout_clean(run):
    result = run("--rate", "250", "--shards", "8", "--json")
    assert result.exit_code == 0
    assert (
        result.stderr
        == "warning: 8 shards carry 100 msg/s, less than the load of 250 msg/s: use --shards 32\n"
    )
    json.loads(result.stdout)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--shards", "3"], "shards 3 is not an option: allowed 1, 2, 4, 8, 16, 32"),
        (["--shards", "x"], "shards 'x' is not an option: allowed 1, 2, 4, 8, 16, 32"),
        (["--rate", "0"], "rate 0 msg/s is out of range: allowed 0 < rate <= 400 msg/s"),
        (["--rate", "-5"], "rate -5 msg/s is out of range: allowed 0 < rate <= 400 msg/s"),
        (["--rate", "abc"], "rate 'abc' is not a number: allowed 0 < rate <= 400 msg/s"),
        (["--rate", "401"], "rate 401 msg/s is out of range: allowed 0 < rate <= 400 msg/s"),
        (["--headroom", "-1"], "headroom '-1' is out of range: allowed 0 to 1000 %"),
        (["--headroom", "inf"], "headroom 'inf' is out of range: allowed 0 to 1000 %"),
        (["--headroom", "-inf"], "headroom '-inf' is out of range: allowed 0 to 1000 %"),
        (["--headroom", "1e309"], "headroom '1e309' is out of range: allowed 0 to 1000 %"),
        (["--headroom", "nan"], "headroom 'nan' is not a number: allowed 0 to 1000 %"),
        (["--headroom", "1001"], "headroom '1001' is out of range: allowed 0 to 1000 %"),
        (["--spares", "-1"], "spares -1 is out of range: allowed 0 to 32"),
        (["--spares", "1000000"], "spares 1000000 is out of range: allowed 0 to 32"),
        (["--spares", "١"], "spares '١' is not a whole number: allowed 0 to 32"),
        (["--rate", "١٢"], "rate '١٢' is not a number: allowed 0 < rate <= 400 msg/s"),
        (["--rate", "inf"], "rate inf msg/s is out of range: allowed 0 < rate <= 400 msg/s"),
        (["--rate", "1e309"], "rate 1e309 msg/s is out of range"),
        (["--rate", "nan"], "rate 'nan' is not a number"),
        (["--engine", "oracle"], "engine 'oracle' is unknown: allowed mysql, postgres"),
        (["--table", "x"], "table 'x' is unknown: allowed current, seed, all"),
        (["--message-type", "gif"], "message type 'gif' is unknown: allowed text, image"),
        (["--env", "dev"], "env 'dev' is unknown: allowed production, staging"),
        (
            [
                "--rate",
                "400",
                "--ssl",
                "--engine",
                "aurora-mysql",
                "--table",
                "current",
                "--headroom",
                "300",
            ],
            "no DB class is large enough: need",
        ),
        # the seed's table is r4 and older: Aurora MySQL 3 runs none of them
        (["--engine", "aurora-mysql", "--table", "seed"],
         "no class in this table runs engine aurora-mysql"),
        (["--bogus"], "No such option"),
    ],
)
def test_bad_input_is_one_line_with_exit_code_2(run, args, message):
    stderr = usage_error(run(*args), "wa-size")
    assert message in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(("args", "line"), [
    (["--spares", "0"], "Coreapps              8 = 8 active + 0 spare"),
    (["--headroom", "0"], "Required connections  1190 (+0 % headroom)"),
    (["--spares", "32", "--shards", "32"], "Coreapps              64 = 32 active + 32 spare"),
])
def test_zero_and_the_top_of_each_range_are_taken_as_given(run, args, line):
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert line in result.stdout.splitlines()


def test_help_states_units_and_allowed_values(run):
    result = run("--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for fragment in (
        "messages per second",
        "0 < rate <= 400 msg/s",
        "one of 1, 2, 4, 8, 16, 32",
        "0 to 32",
        "0 to 1000",
        "production|staging",
        "mysql|postgres|aurora-mysql",
        "current|seed|all",
        "text|image1MB|image2MB|image4MB|video|audio|doc|image|document",
        "image = image1MB, document = doc",
        "0 to 2",
        "--layout",
        "--json",
        "--explain",
    ):
        assert fragment in text


def test_wa_size_process_imports_no_aws_or_template_library():
    code = (
        "import sys\n"
        "sys.argv = ['wa-size', '--rate', '250', '--shards', '32', '--ssl']\n"
        "from cli.size import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('aws_cdk', 'troposphere', 'boto3', 'botocore', 'jsii',"
        " 'wa_api.client', 'http.client', 'ssl', 'subprocess', 'shutil')"  # its bench target
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout


def test_layout_prints_the_benchmark_cluster_host_by_host(run):
    result = run("--layout")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("Layout: ")))
    assert lines[start].startswith("Layout: 5 x c5.large over 2 AZs")
    rows = lines[start + 2:start + 7]
    # 9 Coreapps spread by AZ (hosts 1, 3, 5 in AZ 1; 2, 4 in AZ 2) then by host; 3 Masters
    # one per host; 3 Webapps where room is left: 2x1024 + 1024 + 512 = 3584 of 3686 MiB
    assert [row.split()[:2] for row in rows] == [
        ["1", "AZ"], ["2", "AZ"], ["3", "AZ"], ["4", "AZ"], ["5", "AZ"]]
    assert [row.split()[2] for row in rows] == ["1", "2", "1", "2", "1"]
    assert "coreapp x2, master, web" in rows[0]
    assert "3584 / 3686" in rows[0] and "1792 / 2048" in rows[0]
    # a rolling update starts one Coreapp (or Webapp) before it stops one: hosts 4 and 5 have
    # room (1024 + 1024 <= 3686 MiB - 2048, 512 + 512 <= 2048 - 1024 units)
    assert lines[start + 7] == ("room for one more (rolling update; the database upgrade task "
                                "is a Coreapp): coreapp on hosts 4, 5; web on hosts 4, 5")
    assert lines[start + 8] == ("average memory reserved 75% (the alarm adds a host above 85 %, "
                                "removes one below 30 %)")  # 13824 / (5 x 3686)


@pytest.mark.parametrize("args", [
    ("--rate", "120", "--message-type", "image2MB", "--azs", "3"),
    ("--rate", "350", "--message-type", "video", "--isolate-coreapps", "--azs", "4"),
    ("--rate", "40", "--message-type", "doc", "--env", "staging", "--receipts", "2"),
])
def test_layout_json_places_every_container_on_the_plans_hosts(run, args):
    result = run(*args, "--layout", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    hosts = doc["layout"]["hosts"]
    assert len(hosts) == doc["hosts"]["ec2_desired"]
    azs = int(args[args.index("--azs") + 1]) if "--azs" in args else 2
    assert {h["az"] for h in hosts} == set(range(1, azs + 1))
    for role, key in (("coreapp", "total_coreapps"), ("master", "masters"), ("web", "webapps")):
        assert sum(h["containers"].get(role, 0) for h in hosts) == doc["containers"][key]
    for h in hosts:
        assert h["memory_mib"] <= h["memory_capacity_mib"]
        assert h["cpu_units"] <= h["cpu_capacity_units"]
        assert h["containers"].get("master", 0) <= 1
        if doc["inputs"]["isolate_coreapps"]:
            assert h["containers"].get("coreapp", 0) <= 1
    room = doc["layout"]["room_for_one_more"]
    assert room["coreapp"] and room["web"]
    for role, size in (("coreapp", (doc["hosts"]["coreapp_memory_mib"],
                                    doc["hosts"]["coreapp_cpu_units"])), ("web", (512, 512))):
        for number in room[role]:
            h = hosts[number - 1]
            assert h["memory_mib"] + size[0] <= h["memory_capacity_mib"]
            assert h["cpu_units"] + size[1] <= h["cpu_capacity_units"]
    assert sum(h["memory_mib"] for h in hosts) == doc["hosts"]["reserved_memory_mib"]
    assert sum(h["cpu_units"] for h in hosts) == doc["hosts"]["reserved_cpu_units"]


def test_azs_out_of_range_is_one_line_exit_2(run):
    result = run("--layout", "--azs", "5")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("az count 5 is out of range: allowed 2 to 4")
