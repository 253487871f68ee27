"""`make mutate [SET=name]`: mutation testing of one set of modules against the tests that
exercise them, then the report (bench/mutation_report.py).

mutmut 3 reads its configuration from pyproject.toml or setup.cfg, one per tree; each set here
has its own (source paths, the test files that reach them, the files left unmutated and why),
so this driver hands mutmut the set's configuration in-process and keeps each set's tree in
mutants-<set>/ (`mutants` links to the one in use). `SET=all` runs every set in turn.

    python bench/mutate.py gates               # run the set, record it, write the report
    python bench/mutate.py gates --again       # re-run only the set's recorded survivors
    python bench/mutate.py gates -- show NAME  # any mutmut command on the set's tree
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/ is on the path, the root is not
    sys.path.insert(0, str(ROOT))
from bench import mutation_report  # noqa: E402

PACKAGES = ("sizing", "cli", "wa_api", "contract", "stacks", "cdk", "gates", "templates",
            "probe", "monitoring", "deploy")
OTHER_FILES = ("tests/", "docs/", "cdk.json", "package.json", "README.md")
# One process per mutant (mutmut forks); no cache: mutants must not share pytest's state.
PYTEST_ARGS = ("-n", "0", "-p", "no:cacheprovider")
# Tests that exercise these sets' modules but never run under mutation: the CDK synth (each
# skips itself, see tests/support/synth.py), cfn-lint and checkov over every template (half a
# minute each), and whole CLI rehearsals against moto (a minute each).
SLOW = ("tests/gates/test_lint.py", "tests/gates/test_lint_hostile.py",
        "tests/deploy/test_cli_moto.py", "tests/deploy/test_cdk_moto.py",
        "tests/templates/test_deploy_moto.py", "tests/templates/test_deploy_moto_default.py")


@dataclass(frozen=True)
class MutationSet:
    sources: tuple[str, ...]
    tests: tuple[str, ...]
    # file (or glob) -> why it is not mutated
    not_mutated: dict[str, str] = field(default_factory=dict)
    ignored_tests: tuple[str, ...] = ()
    # single tests left out: comparisons with committed files (a mutant of what renders them
    # fails those whatever it changes, so they would count as tests of meaning)
    deselected: tuple[str, ...] = ()
    # the plain templates are rendered once per run (tests/conftest.py): only for sets whose
    # code the render does not read
    render_once: bool = False
    # the templates set: every test renders while mutmut maps tests to functions, then a
    # mutant's run renders once (tests/conftest.py _render_per_mutant)
    render_per_test: bool = False

    def config(self) -> dict:
        copied = [f"{p}/" for p in PACKAGES if f"{p}/" not in self.sources]
        return {
            "source_paths": list(self.sources),
            "also_copy": copied + list(OTHER_FILES),
            "pytest_add_cli_args": [*PYTEST_ARGS,
                                    *(f"--ignore={t}" for t in (*SLOW, *self.ignored_tests)),
                                    *(f"--deselect={t}" for t in self.deselected)],
            "pytest_add_cli_args_test_selection": list(self.tests),
            "do_not_mutate": list(self.not_mutated),
        }


SYNTH_ONLY = "checked only by synthesizing the CDK app (tests/stacks/), seconds per mutant"
SETS = {
    "pure": MutationSet(
        sources=("sizing/", "cli/", "wa_api/", "contract/"),
        tests=("tests/sizing/", "tests/cli/", "tests/probe/", "tests/contract/test_contract.py",
               "tests/deploy/test_changes.py"),
        not_mutated={
            "cli/docs.py": "tests/test_readme.py checks it whole: every block needs a synth",
            "cli/lint.py": "runs cfn-lint and checkov over the templates "
                           "(tests/gates/test_lint.py)",
            "contract/host.py": "the boot script: tests/contract/test_boot_script.py runs bash",
            "cli/templates.py": "renders the templates, which inline wa_api's sources (mutmut "
                                "rewrites them); tests/templates/test_render_cli.py",
        },
        # the bundle tests read the sources, which mutmut has rewritten
        ignored_tests=("tests/probe/test_bundle.py",)),
    "gates": MutationSet(
        sources=("gates/",),
        tests=("tests/gates/", "tests/templates/test_meaning.py"),
        render_once=True,
        not_mutated={
            "gates/runner.py": "runs cfn-lint and checkov as processes (tests/gates/test_lint.py, "
                               "half a minute a run)",
            "gates/deployed.py": "reads a deployed stack: its tests deploy to moto "
                                 "(tests/templates/test_deploy_moto*.py, a minute a run)",
        }),
    "deploy": MutationSet(
        sources=("deploy/",),
        # wa-deploy's and wa-upgrade's own tests: the guard's check, the change sets' verdicts
        # and the upgrade steps are exercised through the commands (in-process, moto)
        tests=("tests/deploy/", "tests/gates/test_database_audit.py",
               "tests/cli/test_wa_deploy.py", "tests/cli/test_deploy_checks.py",
               "tests/cli/test_wa_upgrade.py"),
        render_once=True,
        not_mutated={
            "deploy/cdk_cli.py": "drives the CDK CLI (npx cdk) as a process",
        }),
    "monitoring": MutationSet(
        sources=("monitoring/",),
        # tests/monitoring/ calls monitoring/ directly: the CDK app's tests synthesize
        tests=("tests/monitoring/", "tests/stacks/test_alarm_scenarios.py",
               "tests/stacks/test_alarm_maintenance.py",
               "tests/templates/test_alarm_scenarios.py", "tests/templates/test_monitoring.py")),
    "probe": MutationSet(
        sources=("probe/",),
        tests=("tests/probe/",),
        not_mutated={
            "probe/bundle.py": "inlines the probe's and wa_api's sources as text, which mutmut "
                               "rewrites (tests/probe/test_bundle.py checks the bundle whole)",
        },
        ignored_tests=("tests/probe/test_bundle.py",)),
    "templates": MutationSet(
        sources=("templates/",),
        tests=("tests/templates/", "tests/gates/test_contract_check.py",
               "tests/gates/test_checker_templates.py", "tests/gates/test_service_settings.py",
               "tests/gates/test_hardening.py", "tests/gates/test_delivery_and_order.py",
               "tests/gates/test_database_audit.py", "tests/gates/test_log_keys.py",
               "tests/gates/test_probe_flows.py", "tests/stacks/test_db_engine_parameters.py"),
        not_mutated={
            "templates/render.py": "writes the four files and waits on signals "
                                   "(tests/templates/test_render_cli.py, test_render_signals.py "
                                   "run it as a process)",
        },
        ignored_tests=("tests/templates/test_render_cli.py",
                       "tests/templates/test_render_signals.py",
                       # the stored Mappings' source digests: mutmut rewrites every source
                       "tests/templates/test_mappings_table.py"),
        deselected=("tests/templates/test_structure.py::"
                    "test_committed_templates_equal_a_fresh_render",),
        render_per_test=True),
    "stacks": MutationSet(
        sources=("stacks/",),
        tests=("tests/stacks/test_handlers.py", "tests/stacks/test_ssm_parameters_handler.py",
               "tests/stacks/test_handler_answers.py",
               "tests/stacks/test_db_engine_parameters.py"),
        not_mutated={
            **{f"stacks/{name}.py": SYNTH_ONLY for name in (
                "capacity_order", "encrypted_logs", "enterprise", "enterprise_front",
                "enterprise_hosts", "functions", "host_events", "keys", "lambda_tier",
                "monitoring", "nag", "network", "offline", "security_groups")},
        }),
}
ORDER = tuple(SETS)


def use_set(name: str) -> None:
    """Point mutmut at the set: its configuration, and `mutants` linked to mutants-<name>/."""
    from mutmut import configuration

    settings = SETS[name].config()
    if SETS[name].render_once:
        os.environ["WA_MUTATION_RENDER_ONCE"] = "1"
    if SETS[name].render_per_test:
        os.environ["WA_MUTATION_RENDER_PER_TEST"] = "1"
    configuration._config_reader = lambda: (lambda key, default: settings.get(key, default))
    configuration._config = None
    link, tree = ROOT / "mutants", ROOT / f"mutants-{name}"
    if link.is_symlink():
        link.unlink()
    elif link.exists():  # a tree from before the sets: it was the pure set's
        shutil.rmtree(link)
    tree.mkdir(exist_ok=True)
    link.symlink_to(tree.name)
    # a test's subprocess that imports a mutated module loads mutmut's configuration from its
    # working directory, the tree: without one it cannot start
    (tree / "setup.cfg").write_text("[mutmut]\nsource_paths =\n" + "".join(
        f"    {path}\n" for path in settings["source_paths"]))


def mutmut(*args: str) -> int:
    from mutmut.__main__ import cli

    try:
        cli.main(list(args), prog_name="mutmut", standalone_mode=False)
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def run_set(name: str, jobs: int, again: bool, only: tuple[str, ...] = ("",)) -> None:
    if not again:
        shutil.rmtree(ROOT / f"mutants-{name}", ignore_errors=True)
    use_set(name)
    survivors = []
    if again:  # mutmut copies only what its tree lacks: give it today's tests
        shutil.rmtree(ROOT / f"mutants-{name}" / "tests", ignore_errors=True)
        survivors = sorted(m for m in mutation_report.recorded(name) if m.startswith(only))
    started = time.monotonic()
    # with no names mutmut runs every mutant without a result: after a stopped run, all the rest
    code = mutmut("run", "--max-children", str(jobs), *survivors) if survivors or not again else 0
    if code:
        raise SystemExit(f"mutmut run ({name}) exited {code}")
    minutes = (time.monotonic() - started) / 60
    mutmut("export-cicd-stats")
    command = f"make mutate SET={name}" + (f" JOBS={jobs}" if jobs != 2 else "")
    mutation_report.record(name, command, None if again else minutes,
                           rerun=survivors if again else None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", choices=(*SETS, "all"), nargs="?", default="pure")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run side by side")
    parser.add_argument("--again", action="store_true",
                        help="re-run only the set's recorded survivors (after new tests)")
    parser.add_argument("--only", action="append", default=[], metavar="PREFIX",
                        help="with --again: only the survivors whose name starts with PREFIX "
                        "(repeatable)")
    parser.add_argument("--record", type=float, metavar="MINUTES",
                        help="record the set's tree as it stands (a run stopped from outside, "
                        "which took MINUTES) without running anything")
    parser.add_argument("mutmut_args", nargs="*", help="after --: a mutmut command to run on "
                        "the set's tree instead (show NAME, results, browse)")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    os.environ["WA_MUTATION_RUN"] = "1"  # tests that synthesize skip themselves
    if args.mutmut_args:
        if args.set == "all":
            parser.error("a mutmut command needs one set")
        use_set(args.set)
        print(f"mutmut {shlex.join(args.mutmut_args)} ({args.set})", file=sys.stderr)
        return mutmut(*args.mutmut_args)
    if args.record is not None:
        use_set(args.set)
        mutmut("export-cicd-stats")
        mutation_report.record(args.set, f"make mutate SET={args.set}", args.record)
    elif args.set == "all":  # one process per set: mutmut keeps a run's test map in globals
        for name in ORDER:
            command = [sys.executable, __file__, name, "--jobs", str(args.jobs)]
            subprocess.run(command + ["--again"] * args.again, check=True)
    else:
        run_set(args.set, args.jobs, args.again, tuple(args.only) or ("",))
    mutation_report.declare(ORDER)
    return mutation_report.main([])


if __name__ == "__main__":
    sys.exit(main())
