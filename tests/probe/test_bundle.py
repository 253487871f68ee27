"""The probe as the one file CloudFormation inlines (index.py): it holds every module verbatim,
is the same on every build, and runs on its own: the scenarios run through it, with this
repository's packages out of reach."""

from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from probe import bundle, metrics
from tests.probe.conftest import SHARDS, credentials, published

ROOT = Path(__file__).resolve().parents[2]
FIRST_PARTY = ("probe", "sizing", "wa_api")
# what the probe's client imports: no wa_api.fields (the CLI's shards body)
WA_API = ["__init__", "client", "errors", "transport", "url"]


@pytest.fixture(scope="module")
def source():
    return bundle.inline_source()


def sources_of(text: str) -> dict[str, str]:
    """The _SOURCES dict of the file, read from its syntax tree (nothing executed)."""
    found = {}
    for node in ast.parse(text).body:
        if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript)
                and node.targets[0].value.id == "_SOURCES"):
            found[node.targets[0].slice.value] = node.value.value
    return found


# --- 7. the file ------------------------------------------------------------------------------
def test_the_file_compiles_and_holds_every_module_verbatim(source):
    compile(source, "index.py", "exec", dont_inherit=True)
    held = sources_of(source)
    for stem in WA_API:
        name = "wa_api" if stem == "__init__" else f"wa_api.{stem}"
        assert held[name] == (ROOT / "wa_api" / f"{stem}.py").read_text(), name
    for name in ("probe", "probe.metrics", "probe.handler"):
        path = ROOT / name.replace(".", "/")
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        assert held[name] == path.read_text(), name
    assert "probe.bundle" not in held and "wa_api.fields" not in held  # not imported
    assert not [name for name in held if name.split(".")[0] == "sizing"]  # the planner stays
    assert list(held) == sorted(held)
    assert set(held) == set(bundle.modules())


def test_the_file_is_ascii_without_paths_of_this_host(source):
    assert source.isascii()
    for path in {str(ROOT), sys.prefix, str(Path.home()), os.getcwd()}:
        assert path not in source
    assert len(source) < 200_000  # far below the 4 MB Lambda accepts inline


def test_the_file_is_the_same_on_every_build(source, tmp_path):
    """Same text in another process, with other hash seeds and from another directory."""
    program = ("import hashlib, probe.bundle as b; "
               "print(hashlib.sha256(b.inline_source().encode()).hexdigest())")
    digests = {
        subprocess.run([sys.executable, "-c", program], cwd=tmp_path, check=True, text=True,
                       capture_output=True, timeout=60,
                       env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
                       ).stdout.strip()
        for seed in ("1", "2")
    }
    assert digests == {hashlib.sha256(source.encode()).hexdigest()}
    assert bundle.inline_source() == source


@given(st.text())
def test_every_text_survives_as_a_literal(text):
    written = bundle.literal(text)
    assert written.isascii()
    assert ast.literal_eval(written) == text


@pytest.mark.parametrize("text", ["", "'", "''", "'''", "a'''b''''", "\\'", "x\\", "\r\n\t\0",
                                  "\u0661\U0001f600", '"""doc"""'])
def test_tricky_texts_survive_as_literals(text):
    assert ast.literal_eval(bundle.literal(text)) == text


@given(st.text(alphabet=st.characters(max_codepoint=0x7f)))
def test_ascii_text_takes_a_faster_path_to_the_same_literal(text):
    assert bundle.literal(text) == "'''" + bundle._escaped(text) + "'''"


def test_an_import_neither_bundled_nor_in_the_runtime_is_refused(monkeypatch):
    real = bundle._imports
    monkeypatch.setattr(bundle, "_imports", lambda name, tree, package: (
        real(name, tree, package) | ({"click"} if name == "wa_api.client" else set())))
    with pytest.raises(bundle.BundleError, match="'click'"):
        bundle.modules()


# --- 6. the scenarios through the file --------------------------------------------------------
class _Blocked:
    """A finder that refuses this repository's packages: only the bundle may provide them."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in FIRST_PARTY:
            raise ImportError(f"{name} is not in the bundle")
        return None


def _ours() -> list[str]:
    return [name for name in sys.modules if name.split(".")[0] in FIRST_PARTY]


@pytest.fixture
def index(source):
    """The file executed as Lambda imports index.py, with the repository's packages taken out
    of sys.modules and out of reach; all put back afterwards."""
    kept_modules = {name: sys.modules.pop(name) for name in _ours()}
    kept_path = list(sys.meta_path)
    sys.meta_path.insert(0, _Blocked())  # the bundle puts its finder in front of this one
    namespace = {"__name__": "index"}
    try:
        exec(compile(source, "index.py", "exec", dont_inherit=True), namespace)
        yield namespace
    finally:
        sys.meta_path[:] = kept_path
        for name in _ours():
            del sys.modules[name]
        sys.modules.update(kept_modules)


def _all_from_the_bundle(index) -> None:
    loaded = _ours()
    assert {"probe.handler", "probe.metrics", "wa_api.client", "wa_api.transport"} <= set(loaded)
    for name in loaded:
        assert sys.modules[name].__spec__.loader is index["_FINDER"], name
    assert index["handler"].__code__.co_filename == "<bundle>/probe/handler.py"


def test_bundled_a_healthy_cluster_publishes_every_count(index, deploy, webapp, ca_pem, capsys):
    deploy(credentials(webapp, ca_pem))
    result = index["handler"]({}, None)
    _all_from_the_bundle(index)
    values = published()
    assert values.pop(metrics.LATENCY) > 0
    assert {k: v for k, v in values.items() if k in metrics.SUCCESSFUL_RUN} == {
        metrics.CONFIGURED: 1, metrics.ERRORS: 0, metrics.CONNECTED: SHARDS,
        metrics.SHARDS_EXPECTED: SHARDS, metrics.PRIMARY_MASTERS: 1,
        metrics.NODES_IN_ERROR: 0, metrics.NODES: SHARDS + 1 + 1 + 2,
    }
    assert values[metrics.CALLBACK_QUEUE] == 450  # the Prometheus reader is bundled too
    assert result["ok"] is True
    assert capsys.readouterr().out.startswith(f"health probe: {webapp.url} (as user 'admin'): "
                                              "Coreapps connected")


def test_bundled_the_generated_key_is_enough(index, deploy, webapp, ca_pem, capsys):
    deploy(credentials(webapp, ca_pem, username=""))
    result = index["handler"]({}, None)
    _all_from_the_bundle(index)
    assert published()[metrics.ERRORS] == 0 and result["configured"] is True
    assert ("POST", "/v1/users/login") not in webapp.cluster.seen
    out = capsys.readouterr().out
    assert out.startswith(f"health probe: {webapp.url} (with the API key)") and out.count(
        "\n") == 1


def test_lambda_imports_index_in_a_process_of_its_own(source, tmp_path):
    """`import index` as the runtime does, from a directory holding only index.py: every module
    of this project comes from the file, and a missing environment is one line and the error."""
    (tmp_path / "index.py").write_text(source)
    program = (
        "import sys, index\n"
        f"ours = [n for n in sys.modules if n.split('.')[0] in {FIRST_PARTY!r}]\n"
        "assert all(sys.modules[n].__spec__.loader is index._FINDER for n in ours), ours\n"
        "try:\n"
        "    index.handler({}, None)\n"
        "except Exception as error:\n"
        "    print(type(error).__name__)\n"
    )
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", metrics.ENV_DEPLOYMENT, metrics.ENV_SECRET_ARN,
                          metrics.ENV_WEBAPP_URL, metrics.ENV_SHARDS_EXPECTED)}
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, env=env, text=True,
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "health probe: FAILED: environment variable SHARDS_EXPECTED is not set",
        "ProbeSetupError"]
