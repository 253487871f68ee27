"""wa-size's output word for word, for plans that together pass through every row, rule and
reason: the table, --explain and --layout are what operators read and quote. A change shows up
here; if it is meant, write the new output with `WA_GOLDEN_WRITE=1 pytest tests/cli/
test_wa_size_golden.py` and read the diff before committing it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.size import main

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    # the seed's benchmark cluster
    "benchmark-explain-layout": ["--explain", "--layout"],
    # media with receipts and inbound, above the vendor's support limit, packed, 3 AZs
    "image1mb-260-explain-layout": ["--rate", "200", "--receipts", "1.5", "--inbound", "20",
                                    "--message-type", "image", "--explain", "--layout",
                                    "--azs", "3"],
    # isolated media in staging, where v3 runs more shards (below it, with the reasons)
    "image4mb-200-staging-isolated": ["--rate", "200", "--message-type", "image4MB",
                                      "--env", "staging", "--isolate-coreapps", "--explain",
                                      "--layout", "--no-ssl", "--engine", "postgres"],
    # staging audio at a low rate: v3's Webapp hosts explain the difference
    "audio-20-staging": ["--rate", "20", "--message-type", "audio", "--env", "staging",
                         "--explain"],
    # too few shards, the seed's table, no spare, a send rate above the benchmark
    "warnings": ["--rate", "360", "--shards", "8", "--table", "seed", "--spares", "0",
                 "--receipts", "0", "--explain"],
    # the JSON form: the rules behind rows the table does not print (ec2_cap, ec2_min raised
    # to hosts_needed, ec2_desired, coreapp_cpu_units, db_max_connections)
    "json-isolated-50": ["--rate", "50", "--isolate-coreapps", "--json"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_wa_size_prints_exactly_this(name):
    result = CliRunner().invoke(main, CASES[name], prog_name="wa-size")
    assert result.exit_code == 0, result.output
    printed = f"$ wa-size {' '.join(CASES[name])}\n{result.stdout}--- stderr\n{result.stderr}"
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("WA_GOLDEN_WRITE") == "1":
        path.write_text(printed)
    assert printed == path.read_text()
