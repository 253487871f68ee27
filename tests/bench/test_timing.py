"""bench/timing.py: each figure's verdict against its target, and the file the docs quote."""

import json

from bench import timing
from bench.timing import Figure


def figure(key: str, seconds: float, target: float | None) -> Figure:
    return Figure(key, "cmd", seconds, "base", 1.0, 3, target)


def test_the_verdict_reads_the_ratio_as_printed():
    assert (figure("a", 1.504, 1.5).ratio, figure("a", 1.504, 1.5).verdict) == (1.5, "MET")
    assert figure("a", 1.506, 1.5).verdict == "MISSED"
    assert figure("a", 9.0, None).verdict == "reference"
    assert figure("a", 1.506, 1.5).line().endswith("ratio 1.51, target <= 1.5: MISSED")


def test_record_keeps_the_other_figures_and_missed_names_the_late_ones(tmp_path, monkeypatch,
                                                                       capsys):
    monkeypatch.setattr(timing, "RESULTS", tmp_path / "results.json")
    assert timing.missed() == []
    timing.record(figure("wa-size", 1.2, 1.5), figure("render", 3.5, 3.0))
    timing.record(figure("wa-size", 1.7, 1.5), figure("synth-off", 4.0, None))
    kept = json.loads((tmp_path / "results.json").read_text())
    assert list(kept) == ["render", "synth-off", "wa-size"]
    assert kept["wa-size"]["ratio"] == 1.7 and kept["render"]["verdict"] == "MISSED"
    assert sorted(timing.missed()) == ["render", "wa-size"]
    assert "ratio 3.50, target <= 3: MISSED\n" in capsys.readouterr().out
