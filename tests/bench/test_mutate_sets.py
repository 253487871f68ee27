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


def test_a_rerun_of_some_survivors_keeps_the_rest_of_the_last_whole_run(tmp_path, monkeypatch):
    """--again in a tree holding only the re-run mutants' results (a fresh clone): the other
    survivors and the score are the last whole run's, moved by the survivors now caught."""
    import json

    from bench import mutation_report

    runs = tmp_path / "runs.json"
    kept = {"module": "m", "change": "a → b", "category": None}
    runs.write_text(json.dumps({"deploy": {
        "command": "make mutate SET=deploy", "minutes": 13.2,
        "stats": {"killed": 10, "survived": 3, "timeout": 1, "suspicious": 0, "no_tests": 2,
                  "total": 20, "not_run": 4},
        "survivors": {"m.x_f__mutmut_1": kept, "m.x_f__mutmut_2": kept,
                      "m.x_g__mutmut_9": kept}}}))
    stats = tmp_path / "stats.json"
    stats.write_text(json.dumps({"killed": 1, "survived": 1, "timeout": 0, "suspicious": 0,
                                 "no_tests": 0, "total": 25}))
    monkeypatch.setattr(mutation_report, "STATS", stats)
    monkeypatch.setattr(mutation_report, "survivors", lambda: {"m.x_f__mutmut_2": "m.py"})
    monkeypatch.setattr(mutation_report, "full_diff",
                        lambda name, path: "@@ -1 +1 @@\n-x = 1\n+x = 2\n")
    mutation_report.record("deploy", "make mutate SET=deploy JOBS=1", None, runs,
                           rerun=["m.x_f__mutmut_1", "m.x_f__mutmut_2"])
    run = json.loads(runs.read_text())["deploy"]
    assert run["survivors"] == {"m.x_f__mutmut_2": {"module": "m", "change": "1 → 2",
                                                    "category": None},
                                "m.x_g__mutmut_9": kept}
    assert run["stats"] == {"killed": 11, "survived": 2, "timeout": 1, "suspicious": 0,
                            "no_tests": 2, "total": 20, "not_run": 4}
    assert (run["command"], run["minutes"]) == ("make mutate SET=deploy", 13.2)
