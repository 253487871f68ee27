"""bench/mutate.py's sets and the score table make mutate writes into README."""

from pathlib import Path

from bench import mutate
from bench.mutation_report import OPEN, decide_recorded, score_table

ROOT = Path(__file__).resolve().parents[2]


def test_the_sets_mutate_each_package_once_and_name_only_files_that_exist():
    sources = [path for s in mutate.SETS.values() for path in s.sources]
    assert sorted(sources) == sorted(f"{p}/" for p in (
        "sizing", "cli", "wa_api", "contract", "gates", "deploy", "stacks", "templates",
        "monitoring", "probe"))
    for name, chosen in mutate.SETS.items():
        for path in (*chosen.sources, *chosen.tests, *chosen.not_mutated, *chosen.ignored_tests):
            assert (ROOT / path).exists(), (name, path)
        assert all(path.startswith(chosen.sources) for path in chosen.not_mutated), name
        assert all(reason for reason in chosen.not_mutated.values()), name


def test_a_set_s_configuration_never_selects_a_test_it_ignores():
    for name, chosen in mutate.SETS.items():
        config = chosen.config()
        ignored = {arg.removeprefix("--ignore=") for arg in config["pytest_add_cli_args"]
                   if arg.startswith("--ignore=")}
        assert not ignored & set(config["pytest_add_cli_args_test_selection"]), name
        # the mutated sources are mutmut's to copy; everything else the tests read is copied
        assert not set(config["also_copy"]) & set(chosen.sources), name
        assert "tests/" in config["also_copy"]


def test_the_render_is_shared_only_by_sets_whose_code_it_does_not_read():
    # templates/ inlines the probe and wa_api, and builds alarms from monitoring/
    read_by_render = {"templates/", "probe/", "wa_api/", "monitoring/", "stacks/", "sizing/",
                      "contract/"}
    for name, chosen in mutate.SETS.items():
        if chosen.render_once:
            assert not read_by_render & set(chosen.sources), name


def test_the_score_table_gives_each_set_its_figures_or_says_it_never_ran():
    runs = {
        "gates": {"command": "make mutate SET=gates", "minutes": 41.6,
                  "stats": {"killed": 90, "timeout": 5, "survived": 5, "suspicious": 0,
                            "no_tests": 7, "total": 107}, "survivors": {}},
        "stacks": {"command": "make mutate SET=stacks", "minutes": None, "stats": None,
                   "survivors": {}},
    }
    assert score_table(runs).splitlines()[2:] == [
        "| gates | 95.0 % | 95 of 100 | 5 | `make mutate SET=gates` | 42 min |",
        "| stacks | not run yet | | | `make mutate SET=stacks` | |",
    ]


def test_a_recorded_survivor_is_open_until_an_entry_for_its_change_exists():
    found = {"module": "gates.flows", "change": "'all' → 'any'", "category": None}
    assert decide_recorded("gates.flows.x_f__mutmut_1", found, {})[0].category == OPEN
    entry = {"kind": "equivalent", "change": "'all' → 'any'", "reason": "Because."}
    row, note = decide_recorded("gates.flows.x_f__mutmut_1", found,
                                {"gates.flows.x_f__mutmut_1": entry})
    assert (row.category, row.reason, note) == ("equivalent", "Because.", None)
    moved = {**found, "change": "1 → 2"}
    row, note = decide_recorded("gates.flows.x_f__mutmut_1", moved,
                                {"gates.flows.x_f__mutmut_1": entry})
    assert row.category == OPEN and "'all' → 'any'" in note
