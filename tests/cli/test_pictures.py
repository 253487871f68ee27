"""wa-size's pictures and its sweep: `--layout --svg` and `--sweep --svg` hold the numbers
`--json` prints, every SVG is valid XML and renders to a picture that is not blank, bad
ranges are one line with exit code 2, and docs/pictures/ holds the current examples."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import resvg_py
from click.testing import CliRunner

from cli import pictures
from cli.size import main
from cli.sweep_range import MAX_ROWS, parse_sweep
from sizing import SizingError, plan
from tests.cli.png_pixels import pixels
from tests.support.refusals import usage_error

SVG = "{http://www.w3.org/2000/svg}"


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="wa-size")


def drawn(tmp_path: Path, *args: str) -> tuple[dict, ET.Element, str]:
    """(the --json output, the SVG's root, the SVG's text) of one run."""
    path = tmp_path / "picture.svg"
    result = run(*args, "--json", "--svg", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text()
    root = ET.fromstring(text)  # well-formed XML, or this raises
    assert root.tag == f"{SVG}svg"
    return json.loads(result.stdout), root, text


def texts(root: ET.Element, cls: str) -> dict[str, str]:
    """data-host (or data-role, data-rate) -> text of the text elements of one class."""
    found = {}
    for el in root.iter(f"{SVG}text"):
        if el.get("class") == cls:
            key = next((el.get(f"data-{k}") for k in ("host", "role", "rate", "az")
                        if el.get(f"data-{k}")), "")
            assert key not in found, (cls, key)
            found[key] = el.text
    return found


def assert_renders(svg_text: str) -> None:
    """resvg draws it (a fifth of its size keeps the pixel check fast): some pixels differ
    from the background, in several colours."""
    png = bytes(resvg_py.svg_to_bytes(svg_string=svg_text, zoom=0.2))
    width, height, found = pixels(png)
    assert width > 50 and height > 50
    background = found[0]
    drawn_pixels = sum(1 for p in found if p != background)
    assert drawn_pixels > 0.02 * len(found), f"{drawn_pixels} of {len(found)} pixels drawn"
    assert len(set(found)) >= 5


# --- wa-size --layout --svg ----------------------------------------------------------------
@pytest.mark.parametrize("args", [
    (),
    ("--rate", "350", "--message-type", "video", "--isolate-coreapps", "--azs", "4"),
    ("--rate", "40", "--env", "staging", "--spares", "3", "--azs", "3"),
])
def test_layout_svg_holds_the_numbers_of_layout_json(tmp_path, args):
    doc, root, text = drawn(tmp_path, "--layout", *args)
    hosts = doc["layout"]["hosts"]
    memory, cpu, containers = (texts(root, c) for c in ("memory", "cpu", "containers"))
    assert set(memory) == set(cpu) == set(containers) == {str(h["host"]) for h in hosts}
    for h in hosts:
        n = str(h["host"])
        assert memory[n] == f"{h['memory_mib']} / {h['memory_capacity_mib']}"
        assert cpu[n] == f"{h['cpu_units']} / {h['cpu_capacity_units']}"
        assert containers[n] == ", ".join(f"{r} x{c}" if c > 1 else r
                                          for r, c in h["containers"].items())
        for kind in ("memory", "cpu"):
            parts = [el.get("class").split()[1:] for el in root.iter(f"{SVG}rect")
                     if el.get("data-host") == n and el.get("data-kind") == kind]
            assert {r: sum(1 for p in parts if p[0] == r) for r in h["containers"]} \
                == h["containers"]
            assert len(parts) == sum(h["containers"].values())
    spares = [el for el in root.iter(f"{SVG}rect") if "spare" in (el.get("class") or "")]
    assert len(spares) == 2 * doc["containers"]["spare_coreapps"]  # memory and CPU bar
    legend = texts(root, "reservation")
    h = doc["hosts"]
    assert legend == {
        "coreapp": f"Coreapp {h['coreapp_memory_mib']} MiB, {h['coreapp_cpu_units']} CPU units",
        "master": f"Master {h['master_memory_mib']} MiB, {h['master_cpu_units']} CPU units",
        "web": f"Webapp {h['webapp_memory_mib']} MiB, {h['webapp_cpu_units']} CPU units"}
    azs = doc["layout"]["azs"]
    assert sorted(texts(root, "az").values()) == sorted(
        f"AZ {az}: {n} host{'s' if n != 1 else ''}"
        for az in range(1, azs + 1) for n in [sum(1 for x in hosts if x["az"] == az)])
    room = doc["layout"]["room_for_one_more"]
    assert set(texts(root, "room")) == {str(n) for at in room.values() for n in at}
    assert f"{len(hosts)} x {h['host_type']} over {azs} AZs" in texts(root, "title")[""]
    assert_renders(text)


def test_svg_without_layout_or_sweep_and_an_unwritable_file_are_one_line_exit_2(tmp_path):
    for args, message in (
        (["--svg", str(tmp_path / "x.svg")],
         "--svg FILE draws --layout or --sweep: give one of them"),
        (["--layout", "--svg", str(tmp_path / "no" / "x.svg")],
         f"svg '{tmp_path / 'no' / 'x.svg'}' cannot be written: No such file or directory"),
    ):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == f"wa-size: error: {message}\n"


# --- wa-size --sweep -----------------------------------------------------------------------
def test_sweep_json_rows_are_the_plans_at_each_rate_with_the_other_options(tmp_path):
    doc, _, _ = drawn(tmp_path, "--sweep", "20:140:40", "--message-type", "image2MB",
                      "--env", "staging", "--engine", "postgres", "--spares", "2")
    rows = doc["rows"]
    assert [r["rate_msg_s"] for r in rows] == [20, 60, 100, 140]
    assert doc["inputs"]["message_type"] == "image2MB" and doc["inputs"]["spares"] == 2
    for row in rows:
        p = plan(row["rate_msg_s"], message_type="image2MB", env="staging", engine="postgres",
                 spares=2)
        assert (row["shards"], row["ec2_min"], row["ec2_desired"], row["ec2_max"],
                row["host_type"], row["db_class"], row["monthly_cost_usd"]) == (
            p.shards, p.ec2_min, p.ec2_desired, p.ec2_max, p.host_type, p.db_class,
            p.monthly_cost_usd)
        assert row["warnings"] == list(p.warnings)


def test_sweep_marks_the_rows_where_hosts_the_db_class_or_the_cost_step(tmp_path):
    doc, root, text = drawn(tmp_path, "--sweep", "10:400:10")
    rows = doc["rows"]
    assert len(rows) == 40 and rows[0]["steps"] == []
    for before, row in zip(rows, rows[1:], strict=False):
        for label, key in (("hosts", "ec2_desired"), ("DB", "db_class"),
                           ("host type", "host_type"), ("shards", "shards")):
            changed = before[key] != row[key]
            assert (f"{label} {before[key]} -> {row[key]}" in row["steps"]) is changed
        delta = row["monthly_cost_usd"] - before["monthly_cost_usd"]
        assert any(s.startswith("cost ") for s in row["steps"]) is (delta != 0)
        if delta:
            assert f"cost +${delta:,.2f}" in row["steps"]
    stepped = [r for r in rows if r["steps"]]
    assert any("DB " in s for r in stepped for s in r["steps"])
    assert any("hosts " in s for r in stepped for s in r["steps"])
    # the chart: a dot per row and series, a dashed line and a line of text per step
    for cls, key in (("cost", "monthly_cost_usd"), ("hosts", "ec2_desired")):
        dots = {float(el.get("data-rate")): float(el.get("data-value"))
                for el in root.iter(f"{SVG}circle") if el.get("class") == cls}
        assert dots == {r["rate_msg_s"]: r[key] for r in rows}
    lines = [float(el.get("data-rate")) for el in root.iter(f"{SVG}line")
             if el.get("class") == "step-line"]
    assert lines == [r["rate_msg_s"] for r in stepped]
    assert list(texts(root, "step").values()) == [
        f"{n}. at {r['rate_msg_s']:g} msg/s: {'; '.join(r['steps'])}"
        for n, r in enumerate(stepped, start=1)]
    assert_renders(text)


def test_sweep_table_has_a_row_per_rate_and_a_star_per_step():
    result = run("--sweep", "50:125:25", "--shards", "16")
    assert result.exit_code == 0, result.output
    header, columns, *lines = result.stdout.splitlines()
    assert header.startswith("Sweep 50 to 125 msg/s, step 25: text, production, mysql, SSL on")
    assert columns.split()[:2] == ["rate", "msg/s"]
    assert [line.split()[0] for line in lines] == ["50", "75", "*", "125"]
    assert [line.lstrip("* ").split()[1] for line in lines] == ["16"] * 4  # --shards: each row
    assert "DB db.r6g.xlarge -> db.m6g.2xlarge" in lines[2]
    assert result.stderr == ""


def test_sweep_ends_on_to_when_the_step_misses_it_and_caps_the_rows():
    assert parse_sweep("10:35:10").rates() == [10, 20, 30, 35]
    assert parse_sweep("50:50").rates() == [50]
    assert len(parse_sweep(f"1:{MAX_ROWS}:1").rates()) == MAX_ROWS
    with pytest.raises(SizingError, match=f"makes {MAX_ROWS + 1} rows: allowed at most "
                                          f"{MAX_ROWS}"):
        parse_sweep(f"1:{MAX_ROWS + 1}:1")


@pytest.mark.parametrize(("args", "message"), [
    (["--sweep", "100:50"], "sweep '100:50': FROM 100 is above TO 50: allowed FROM <= TO"),
    (["--sweep", "10:50:0"], "sweep STEP 0 is out of range: allowed 0 < STEP <= 400 msg/s"),
    (["--sweep", "10:50:-5"], "sweep STEP -5 is out of range: allowed 0 < STEP <= 400 msg/s"),
    (["--sweep", "10:50:nan"], "sweep STEP 'nan' is not a number: allowed 0 < STEP <= 400"),
    (["--sweep", "10:50:x"], "sweep STEP 'x' is not a number: allowed 0 < STEP <= 400"),
    (["--sweep", "0:50"], "sweep FROM: rate 0 msg/s is out of range: allowed 0 < rate <= 400"),
    (["--sweep", "10:401"], "sweep TO: rate 401 msg/s is out of range: allowed 0 < rate <= 400"),
    (["--sweep", "1:400:1"], "sweep '1:400:1' makes 400 rows: allowed at most 200"),
    (["--sweep", "1:400:1e-300"], "rows: allowed at most 200 (give a larger STEP)"),
    (["--sweep", "10"], "sweep '10' is not FROM:TO[:STEP]: allowed rates in msg/s"),
    (["--sweep", "1:2:3:4"], "sweep '1:2:3:4' is not FROM:TO[:STEP]"),
    (["--sweep", "10:50", "--rate", "20"], "--sweep plans a range of rates: it takes no --rate"),
    (["--sweep", "10:50", "--layout"], "--sweep plans a range of rates: it takes no --layout"),
    (["--sweep", "10:50", "--explain"], "--sweep plans a range of rates: it takes no --explain"),
    (["--sweep", "390:400", "--engine", "aurora-mysql", "--headroom", "300"],
     "sweep at 390 msg/s: no DB class is large enough"),
])
def test_bad_sweeps_are_one_line_with_exit_code_2(args, message):
    assert message in usage_error(run(*args), "wa-size")


def test_pictures_import_no_aws_or_template_library(tmp_path):
    code = (
        "import sys\n"
        "from cli.size import main\n"
        f"for args in (['--layout', '--svg', {str(tmp_path / 'a.svg')!r}],"
        f" ['--sweep', '50:100', '--svg', {str(tmp_path / 'b.svg')!r}]):\n"
        "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
        "print('HEAVY', [m for m in ('aws_cdk', 'troposphere', 'boto3', 'botocore', 'jsii')"
        " if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert "HEAVY []" in out.stdout
    assert (tmp_path / "a.svg").stat().st_size > 0 and (tmp_path / "b.svg").stat().st_size > 0


# --- docs/pictures/ ------------------------------------------------------------------------
def test_the_example_pictures_are_current_and_render():
    for name, text in pictures.example_svgs().items():
        path = pictures.DOCS / name
        assert path.read_text() == text, f"docs/{name} is stale: run `make docs`"
        ET.fromstring(text)
        assert_renders(text)
    page = (pictures.DOCS / "pictures.md").read_text()
    for name, args in pictures.EXAMPLES.items():
        assert f"wa-size {' '.join(args)} --svg docs/{name}" in page
        assert f"]({name})" in page  # shown on the page


def test_sweep_advice_is_spelled_as_wa_size_takes_it():
    from cli.size import main as wa_size

    result = CliRunner().invoke(wa_size, ["--sweep", "10:400:30", "--shards", "2"])
    assert result.exit_code == 0
    assert "use --shards 4" in result.stderr and "-c shards" not in result.stderr
