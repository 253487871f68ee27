"""The stored Mappings (templates/mappings.json): current, equal to what the planner computes,
and only read while every file they were computed from is unchanged."""

import json

from templates import mappings


def test_the_stored_table_is_current_and_equals_a_fresh_computation():
    stored = mappings._stored()
    assert stored is not None, "templates/mappings.json is stale: run `wa-templates render " \
                               "--in-place`"
    assert stored == mappings.computed()
    recorded = json.loads(mappings.TABLE.read_text())["sources"]
    assert sorted(recorded) == sorted(p.relative_to(mappings.ROOT).as_posix()
                                      for p in mappings.sources())


def test_sources_follow_imports_into_function_bodies_and_packages():
    names = {p.relative_to(mappings.ROOT).as_posix() for p in mappings.sources()}
    # sizing/surfaces.py is imported inside plan(); sizing/__init__.py by `from sizing import`
    assert {"templates/mappings.py", "sizing/plan.py", "sizing/surfaces.py", "sizing/layout.py",
            "sizing/__init__.py", "monitoring/alarms.py"} <= names
    assert not any(n.startswith(("stacks/", "cdk/", ".venv")) for n in names)


def test_a_changed_source_file_makes_the_table_unread(tmp_path, monkeypatch):
    root = tmp_path / "root"
    (root / "sizing").mkdir(parents=True)
    source = root / "sizing" / "rule.py"
    source.write_text("LIMIT = 1\n")
    table = tmp_path / "mappings.json"
    monkeypatch.setattr(mappings, "ROOT", root)
    monkeypatch.setattr(mappings, "TABLE", table)
    digests = mappings._digests([source])
    table.write_text(json.dumps({"sources": digests, "mappings": {"M": {"a": {"b": 1}}}}))
    assert mappings._stored() == {"M": {"a": {"b": 1}}}
    source.write_text("LIMIT = 2\n")
    assert mappings._stored() is None
    source.unlink()
    assert mappings._stored() is None
    table.write_text("not json")
    assert mappings._stored() is None


def test_a_stale_table_is_computed_again_and_store_rewrites_it(tmp_path, monkeypatch):
    table = tmp_path / "mappings.json"
    monkeypatch.setattr(mappings, "TABLE", table)
    monkeypatch.setattr(mappings, "computed", lambda: {"Fresh": {"a": {"b": 2}}})
    table.write_text(json.dumps({"sources": {"sizing/plan.py": "0" * 64},
                                 "mappings": {"Old": {}}}))
    assert mappings.enterprise_mappings() == {"Fresh": {"a": {"b": 2}}}
    assert mappings.store() is True
    assert mappings._stored() == {"Fresh": {"a": {"b": 2}}}
    assert mappings.store() is False  # already current: the file is left alone


def test_the_stored_probe_bundle_is_the_bundle_of_its_files():
    from probe.bundle import inline_source

    stored = json.loads(mappings.TABLE.read_text())["probe"]
    assert sorted(stored["sources"]) == sorted(
        p.relative_to(mappings.ROOT).as_posix() for p in mappings._bundle_files())
    assert stored["text"] == inline_source() == mappings.probe_source()


def test_a_changed_probe_file_makes_the_stored_bundle_unread(tmp_path, monkeypatch):
    root = tmp_path / "root"
    (root / "probe").mkdir(parents=True)
    source = root / "probe" / "handler.py"
    source.write_text("X = 1\n")
    table = tmp_path / "mappings.json"
    monkeypatch.setattr(mappings, "ROOT", root)
    monkeypatch.setattr(mappings, "TABLE", table)
    table.write_text(json.dumps({"probe": {"sources": mappings._digests([source]),
                                           "text": "stored"}}))
    assert mappings.probe_source() == "stored"
    source.write_text("X = 2\n")
    from probe.bundle import inline_source

    assert mappings.probe_source() == inline_source()  # computed from the real files


def test_the_stored_bundle_is_unread_when_the_bundler_changes():
    """probe/bundle.py writes the text around the bundled files: its digest is stored too."""
    stored = json.loads(mappings.TABLE.read_text())["probe"]
    assert "probe/bundle.py" in stored["sources"]
