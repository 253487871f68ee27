"""Fixtures shared across test folders."""

import os

import pytest

from tests.stacks.conftest import MATRIX, VARIANTS
from tests.support.synth import LazySynths


def _render_once() -> None:
    """Under `make mutate` for a set the render does not read (bench/mutate.py sets
    WA_MUTATION_RENDER_ONCE): the plain templates are rendered once, in the process mutmut
    forks each mutant from, instead of 2.5 s in every mutant whose tests read them."""
    import functools

    from templates import render

    rendered = functools.cache(render.render_all)
    render.render_all = lambda base_url=None: dict(rendered(base_url))


if os.environ.get("WA_MUTATION_RENDER_ONCE"):
    _render_once()


def _render_per_mutant() -> None:
    """Under `make mutate SET=templates` (WA_MUTATION_RENDER_PER_TEST): mutmut maps a function
    to the tests that run it while it collects its stats, so there every test that reads the
    templates renders (_render_for_the_stats); a mutant's run renders once and every test
    reads that (keyed by the mutant: the forked run must not reuse the unmutated render)."""
    import functools

    from templates import render

    @functools.cache
    def rendered(mutant: str, base_url):
        return render_all(base_url)

    render_all = render.render_all

    def render_once_per_mutant(base_url=None):
        mutant = os.environ.get("MUTANT_UNDER_TEST", "")
        if mutant in ("", "stats", "fail"):
            return render_all(base_url)
        return dict(rendered(mutant, base_url))

    render.render_all = render_once_per_mutant


RENDER_PER_TEST = bool(os.environ.get("WA_MUTATION_RENDER_PER_TEST"))
if RENDER_PER_TEST:
    _render_per_mutant()


@pytest.fixture(autouse=True)
def _render_for_the_stats(request):
    """While mutmut collects its stats for the templates set (see _render_per_mutant), each
    test that reads the plain templates renders them itself, so mutmut maps it to the code
    that renders (the fixture's own render belongs to the first test of its module)."""
    if (RENDER_PER_TEST and os.environ.get("MUTANT_UNDER_TEST") == "stats"
            and "plain_templates" in request.fixturenames):
        from templates.render import render_all

        render_all()


@pytest.fixture(scope="session")
def synths(tmp_path_factory):
    """Every shard option x env type plus the variants, each synthesized once per session
    when a test first reads it."""
    return LazySynths({**MATRIX, **VARIANTS}, tmp_path_factory.mktemp("cdk.out"))


@pytest.fixture(scope="module")
def plain_templates() -> dict[str, dict]:
    """The four plain templates as parsed YAML, fresh for each module (tests edit them)."""
    from cfnlint.decode import cfn_yaml

    from templates.render import render_all

    return {name: cfn_yaml.loads(text) for name, text in render_all().items()}


@pytest.fixture(autouse=True)
def _signal_handlers_restored():
    """wa-deploy and the rehearsal, run in-process, turn SIGTERM/SIGHUP into an exit: give
    pytest its own handlers back after each test."""
    import signal

    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP)}
    yield
    for sig, handler in kept.items():
        signal.signal(sig, handler)


# Tests that take most of a minute on their own (a whole CLI rehearsal, cfn-lint over every
# template): started first, so that the other worker runs the short ones meanwhile instead of
# one long test finishing the session alone (`--numprocesses` hands out tests in this order).
LONG = (
    "tests/deploy/test_cli_moto.py::",
    "tests/gates/test_lint.py::test_wa_lint_",
    "tests/stacks/test_gates.py::test_cfn_lint_",
)


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not item.nodeid.startswith(LONG))  # stable: order kept
