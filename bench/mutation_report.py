"""Write docs/mutation-survivors.md: every surviving mutant of the last `make mutate` run, what
it changes and why it is accepted.

Reads mutmut's results for the tree in mutants/ (run `make mutate` first; mutmut is pinned to
3.7.0 by pyproject's `mutate` extra, whose result files and mutant index this reads). Each
survivor gets a category:

- decided from its diff, where that is sound (`classify`): "wording" (a string literal of an
  error, progress or help message changed to XX...XX or to another case) and "help text only"
  (`None`, or show_default flipped, for a click option's help=, show_default=, metavar= or
  epilog=);
- otherwise from bench/mutants_accepted.toml, written by hand and reviewed: "equivalent" (the
  behaviour cannot change) or "accepted" (not worth a test), each with a reason. An entry also
  records the change it was written for: when the mutant of that name now changes something
  else (the function was edited and mutmut renumbered its mutants), the entry does not apply;
- "open" when neither: the script prints how many and exits 1.

Entries of the toml whose mutant no longer survives are reported as stale (exit code
unchanged: a killed mutant is good news, but the entry should go). `--skeleton` prints a toml
entry with the diff for each open survivor, to be completed by reading the mutant.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import textwrap
import tomllib
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

OUTPUT = Path("docs/mutation-survivors.md")
ACCEPTED = Path("bench/mutants_accepted.toml")
STATS = Path("mutants/mutmut-cicd-stats.json")
RUNS = Path("bench/mutation_runs.json")

WORDING, HELP_ONLY, EQUIVALENT, ACCEPTED_KIND, OPEN = (
    "wording", "help text only", "equivalent", "accepted", "open")
CATEGORIES = (WORDING, HELP_ONLY, EQUIVALENT, ACCEPTED_KIND, OPEN)
AUTO_REASONS = {
    WORDING: "A message's wording only: the tests match what a message must say (the value, "
             "the allowed range, one line), not every word.",
    HELP_ONLY: "Changes only what --help shows.",
}
# Calls whose string argument is a message for a person: stderr progress lines and warnings.
MESSAGE_CALLS = {"_progress", "progress", "_say", "warn", "warning"}
ECHO_CALLS = {"echo", "secho"}  # a message only with err=True; stdout is the product
MESSAGE_KEYWORDS = {"help", "epilog"}
HELP_KEYWORDS = {"help", "show_default", "metavar", "epilog"}


# --- the classifier: diff text in, category out ----------------------------------------------
def sides(diff: str) -> tuple[str, str]:
    """The original and the mutated source a unified diff was made from (its context only:
    the whole function when the diff was made with full context)."""
    old, new = [], []
    lines = diff.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("@@")), len(lines))
    for line in lines[start:]:
        if line.startswith("@@"):
            continue
        tag, text = line[:1], line[1:]
        if tag in (" ", ""):
            old.append(text)
            new.append(text)
        elif tag == "-":
            old.append(text)
        elif tag == "+":
            new.append(text)
        elif line.startswith("\\"):  # "\ No newline at end of file"
            continue
    return "\n".join(old), "\n".join(new)


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return None


@dataclass(frozen=True)
class Difference:
    """Where two trees differ: the nodes (or lists) on each side, the field they sit in,
    and the original side's ancestors as (node, field) pairs, innermost last."""

    old: object
    new: object
    ancestors: tuple[tuple[ast.AST, str], ...]


_OPERATORS = (ast.operator, ast.cmpop, ast.boolop, ast.unaryop, ast.expr_context)


def _differences(old, new, ancestors=()) -> list[Difference]:
    """Walk both trees side by side. A differing plain value (a Constant's value, a Name's
    id) is reported as the node that holds it."""
    if type(old) is not type(new):
        return [Difference(old, new, ancestors)]
    found = []
    for name in old._fields:
        a, b = getattr(old, name, None), getattr(new, name, None)
        if isinstance(a, list) and isinstance(b, list):
            if len(a) != len(b):
                found.append(Difference(a, b, (*ancestors, (old, name))))
                continue
            pairs = zip(a, b, strict=True)
        else:
            pairs = [(a, b)]
        for x, y in pairs:
            if isinstance(x, _OPERATORS) or isinstance(y, _OPERATORS):
                if type(x) is not type(y):  # shown with its operands: `a == b` -> `a != b`
                    found.append(Difference(old, new, ancestors))
            elif isinstance(x, ast.AST) or isinstance(y, ast.AST):
                found += _differences(x, y, (*ancestors, (old, name)))
            elif type(x) is not type(y) or x != y:
                found.append(Difference(old, new, ancestors))
    return found


def difference(diff: str) -> Difference | None:
    """The one place where the mutant differs from the original, or None (not parseable, or
    not exactly one difference)."""
    old_source, new_source = sides(diff)
    old, new = _parse(old_source), _parse(new_source)
    if old is None or new is None:
        return None
    found = _differences(old, new)
    return found[0] if len(found) == 1 else None


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _passes_text_on(node: ast.AST, field: str) -> bool:
    """Whether a string in `field` of `node` goes into node's value as it is."""
    return ((isinstance(node, ast.JoinedStr) and field == "values")
            or (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add))
            or (isinstance(node, ast.IfExp) and field in ("body", "orelse")))


def _message_context(ancestors) -> str | None:
    """What the string at the end of `ancestors` is part of: "message" (an exception raised,
    a stderr line), "help" (a click help/epilog text), or None. Only text that goes into the
    message as it is counts: through f-strings, `+` and the branches of `a if c else b`."""
    chain = list(ancestors)
    while chain and _passes_text_on(*chain[-1]):
        chain.pop()
    if not chain:
        return None
    node, field = chain[-1]
    if isinstance(node, ast.keyword):
        if node.arg in MESSAGE_KEYWORDS:
            return "help"
        return None
    if not (isinstance(node, ast.Call) and field == "args"):
        return None
    if len(chain) >= 2:
        parent, parent_field = chain[-2]
        if isinstance(parent, ast.Raise) and parent_field == "exc":
            return "message"
    name = _call_name(node)
    if name in MESSAGE_CALLS:
        return "message"
    # a plan's warnings: wa-size and the CDK app print them on stderr
    if (name == "append" and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "warnings"):
        return "message"
    if name in ECHO_CALLS and any(k.arg == "err" and isinstance(k.value, ast.Constant)
                                  and k.value.value is True for k in node.keywords):
        return "message"
    return None


def _reworded(old: str, new: str) -> bool:
    """mutmut's string mutations: XX around the text, or the text in another case; of one part
    of it when the literal is several written side by side ("a " "b", one string to Python)."""
    if new == old:
        return False
    if len(new) == len(old):
        return new.lower() == old.lower() or new.upper() == old.upper()
    if len(new) != len(old) + 4:
        return False
    marks = [i for i in range(len(new) - 1) if new[i:i + 2] == "XX"]
    return any(new[:i] + new[i + 2:j] + new[j + 2:] == old
               for i in marks for j in marks if j >= i + 2)


def classify(diff: str) -> str | None:
    """WORDING or HELP_ONLY when the diff shows one, soundly; None (decided by hand) else."""
    change = difference(diff)
    if change is None or not change.ancestors:
        return None
    old, new = change.old, change.new
    parent, field = change.ancestors[-1]
    # click option help: None for its value, show_default flipped, the keyword removed
    if isinstance(parent, ast.keyword) and field == "value" and parent.arg in HELP_KEYWORDS:
        if isinstance(new, ast.Constant) and new.value is None:
            return HELP_ONLY
        if (parent.arg == "show_default" and isinstance(old, ast.Constant)
                and isinstance(new, ast.Constant) and {old.value, new.value} == {True, False}):
            return HELP_ONLY
        if (parent.arg == "metavar" and isinstance(old, ast.Constant)
                and isinstance(new, ast.Constant) and isinstance(old.value, str)
                and isinstance(new.value, str) and _reworded(old.value, new.value)):
            return HELP_ONLY
    if (isinstance(parent, ast.Call) and field == "keywords" and isinstance(old, list)
            and isinstance(new, list) and len(old) == len(new) + 1):
        left = [ast.dump(k) for k in new]
        gone = [k for k in old if ast.dump(k) not in left]
        if len(gone) == 1 and gone[0].arg in HELP_KEYWORDS:
            return HELP_ONLY
    if (isinstance(old, ast.Constant) and isinstance(new, ast.Constant)
            and isinstance(old.value, str) and isinstance(new.value, str)
            and _reworded(old.value, new.value) and _message_context(change.ancestors)):
        return WORDING
    return None


def describe(diff: str) -> str:
    """`old` -> `new` for the one place that changed (source text, shortened)."""
    change = difference(diff)
    if change is not None and isinstance(change.old, ast.AST) and isinstance(change.new, ast.AST):
        return f"{_short(ast.unparse(change.old))} → {_short(ast.unparse(change.new))}"
    if change is not None and isinstance(change.old, list) and isinstance(change.new, list):
        parent, field = change.ancestors[-1]
        before = ", ".join(ast.unparse(x) for x in change.old)
        after = ", ".join(ast.unparse(x) for x in change.new)
        return f"{field}: {_short(before)} → {_short(after)}"
    removed = [line[1:].strip() for line in diff.splitlines()
               if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].strip() for line in diff.splitlines()
             if line.startswith("+") and not line.startswith("+++")]
    return f"{_short(' '.join(removed))} → {_short(' '.join(added))}"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# --- mutmut's results ----------------------------------------------------------------------
def module_of(name: str) -> str:
    return re.split(r"\.x[_\u01c1]", name, maxsplit=1)[0]


def survivors() -> dict[str, str]:
    """{mutant name: source path} of every surviving mutant of the run in mutants/."""
    from mutmut.__main__ import SourceFileMutationData, status_by_exit_code, walk_mutatable_files
    from mutmut.configuration import Config

    Config.ensure_loaded()
    found = {}
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        for name, code in data.exit_code_by_key.items():
            if status_by_exit_code[code] == "survived":
                found[name] = str(path)
    return found


def full_diff(name: str, path: str) -> str:
    """The mutant's diff with the whole function as context (what `mutmut show` prints,
    with every line of the function)."""
    from difflib import unified_diff

    import libcst as cst
    from mutmut.__main__ import (
        read_functions_from_index,
        read_mutant_function,
        read_mutants_module,
        read_original_function,
    )

    functions = read_functions_from_index(name, path)
    if functions is None:
        module = read_mutants_module(path)
        functions = (read_original_function(module, name), read_mutant_function(module, name))
    old, new = (cst.Module([f]).code.strip().split("\n") for f in functions)
    return "\n".join(unified_diff(old, new, fromfile=path, tofile=path, lineterm="",
                                  n=len(old) + len(new)))


def load_accepted(path: Path = ACCEPTED) -> dict[str, dict]:
    if not path.exists():
        return {}
    entries = tomllib.loads(path.read_text())
    for name, entry in entries.items():
        if entry.get("kind") not in (EQUIVALENT, ACCEPTED_KIND) or not entry.get("reason") \
                or not entry.get("change"):
            raise SystemExit(f"{path}: {name}: allowed kind = 'equivalent' or 'accepted', "
                             "with change and reason")
    return entries


@dataclass
class Row:
    name: str
    module: str
    change: str
    category: str
    reason: str


def decide(name: str, diff: str, accepted: dict[str, dict]) -> tuple[Row, str | None]:
    """The row of one survivor, and a note when a toml entry exists but does not apply."""
    found = {"module": module_of(name), "change": describe(diff), "category": classify(diff)}
    return decide_recorded(name, found, accepted)


def score_line(stats: dict) -> str:
    checked = stats["killed"] + stats["survived"] + stats["timeout"] + stats["suspicious"]
    caught = stats["killed"] + stats["timeout"]
    score = 100 * caught / checked if checked else 0.0
    return (f"mutation score: {score:.1f} % ({caught} of {checked} mutants caught; "
            f"{stats['survived']} survived, {stats['no_tests']} without tests, "
            f"{stats['total']} generated)")


# --- the record of each set's last run ------------------------------------------------------
def load_runs(path: Path = RUNS) -> dict[str, dict]:
    return json.loads(path.read_text()) if path.exists() else {}


def recorded(name: str) -> dict[str, dict]:
    """{mutant: its recorded survivor} of the set's last run."""
    return load_runs().get(name, {}).get("survivors", {})


def record(name: str, command: str, minutes: float | None, path: Path = RUNS,
           rerun: Collection[str] | None = None) -> None:
    """Record the set's run in mutants/ (stats from `mutmut export-cicd-stats`): its score, the
    command and how long it took (None: keep the time of the last whole run), and each
    survivor's change and the category its diff decides (None: decided by hand).

    `rerun`: the recorded survivors just run again (`--again`). The tree may hold the results
    of those only (a fresh clone has no earlier tree), so every other mutant keeps its last
    record, and the score moves by the survivors now caught."""
    runs = load_runs(path)
    stats = json.loads(STATS.read_text())
    found = {}
    for mutant, source in sorted(survivors().items(), key=lambda item: _natural(item[0])):
        if rerun is not None and mutant not in rerun:
            continue
        diff = full_diff(mutant, source)
        found[mutant] = {"module": module_of(mutant), "change": describe(diff),
                         "category": classify(diff)}
    previous = runs.get(name, {})
    counts = {key: stats[key] for key in ("killed", "survived", "timeout", "suspicious",
                                          "no_tests", "total")}
    # an interrupted run (Ctrl-C): the mutants it never reached
    not_run = stats["total"] - sum(value for key, value in stats.items() if key != "total")
    if rerun is not None and previous.get("stats"):
        before = previous["survivors"]
        caught = len(set(rerun) & set(before)) - len(found)
        kept = {m: v for m, v in before.items() if m not in rerun}
        found = dict(sorted({**kept, **found}.items(), key=lambda item: _natural(item[0])))
        command = previous.get("command", command)  # the figures are still the whole run's
        counts = {key: previous["stats"][key] for key in counts}
        counts["killed"] += caught
        counts["survived"] -= caught
        not_run = previous["stats"]["not_run"]
    runs[name] = {
        "command": command,
        "minutes": round(minutes, 1) if minutes is not None else previous.get("minutes"),
        "stats": {**counts, "not_run": not_run},
        "survivors": found,
    }
    _write_runs(runs, path)


def declare(names: tuple[str, ...], path: Path = RUNS) -> None:
    """Give every set a row, in this order: the sets never run as "not run yet"."""
    runs = load_runs(path)
    ordered = {name: runs.get(name) or {"command": f"make mutate SET={name}", "minutes": None,
                                        "stats": None, "survivors": {}} for name in names}
    _write_runs({**ordered, **runs}, path)


def _write_runs(runs: dict[str, dict], path: Path) -> None:
    path.write_text(json.dumps(runs, indent=1, ensure_ascii=False) + "\n")


def rows_of(runs: dict[str, dict], accepted: dict[str, dict]) -> tuple[list[Row], list[str]]:
    rows, notes = [], []
    for run in runs.values():
        for mutant, found in run["survivors"].items():
            row, note = decide_recorded(mutant, found, accepted)
            rows.append(row)
            if note:
                notes.append(note)
    return rows, notes


def decide_recorded(name: str, found: dict, accepted: dict[str, dict]) -> tuple[Row, str | None]:
    """decide() for a recorded survivor (its change and diff-decided category kept)."""
    change, category = found["change"], found["category"]
    if category is not None:
        return Row(name, found["module"], change, category, AUTO_REASONS[category]), None
    entry = accepted.get(name)
    if entry is None:
        return Row(name, found["module"], change, OPEN, ""), None
    if entry["change"] != change:
        note = (f"{name}: the entry was written for {entry['change']!r}, the mutant now "
                f"changes {change!r}")
        return Row(name, found["module"], change, OPEN, ""), note
    return Row(name, found["module"], change, entry["kind"], entry["reason"]), None


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{_cell(text)}{pad}{fence}"


def render(rows: list[Row], runs: dict[str, dict], stale: list[str]) -> str:
    by_module: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        by_module[row.module][row.category] += 1
    totals = Counter(row.category for row in rows)
    out = [
        "<!-- Generated by bench/mutation_report.py from the last `make mutate` run of each set "
        "(bench/mutation_runs.json): do not edit. Reasons that are not decided from the diff: "
        "bench/mutants_accepted.toml. -->",
        "",
        "# Surviving mutants",
        "",
        "Generated by `bench/mutation_report.py` (run by `make mutate`); do not edit by hand.",
        "",
        score_table(runs),
        "",
        "Categories: **wording** and **help text only** are decided from the mutant's diff "
        "(a string of an error, progress or help message changed to `XX…XX` or another case; "
        "`None` for a click option's `help=`, `show_default=`, `metavar=` or `epilog=`); "
        "**equivalent** (the behaviour cannot change) and **accepted** (not worth a test) come "
        "with a reviewed reason from `bench/mutants_accepted.toml`; **open** survivors have "
        "neither yet.",
        "",
        "| module | survived | " + " | ".join(CATEGORIES) + " |",
        "|---|---|" + "---|" * len(CATEGORIES),
    ]
    for module in sorted(by_module):
        counts = by_module[module]
        out.append(f"| `{module}` | {sum(counts.values())} | "
                   + " | ".join(str(counts[c]) for c in CATEGORIES) + " |")
    out.append(f"| all | {len(rows)} | " + " | ".join(str(totals[c]) for c in CATEGORIES)
               + " |")
    out += ["", "| mutant | module | change | category | reason |", "|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda r: (r.module, _natural(r.name))):
        out.append(f"| `{row.name}` | `{row.module}` | {_code(row.change)} | {row.category} | "
                   f"{_cell(row.reason)} |")
    if stale:
        out += ["", "Entries of `bench/mutants_accepted.toml` whose mutant no longer survives: "
                + ", ".join(f"`{name}`" for name in stale) + "."]
    return "\n".join(out) + "\n"


def score_table(runs: dict[str, dict]) -> str:
    """One row per set: its score, the command and how long its last whole run took on this
    two-core machine, or that it was never run."""
    rows = []
    for name in runs:
        run = runs[name]
        if run["stats"] is None:
            rows.append(f"| {name} | not run yet | | | `{run['command']}` | |")
            continue
        stats = run["stats"]
        checked = stats["killed"] + stats["survived"] + stats["timeout"] + stats["suspicious"]
        caught = stats["killed"] + stats["timeout"]
        minutes = f"{run['minutes']:.0f} min" if run["minutes"] is not None else "not timed"
        if stats.get("not_run"):
            minutes += f", stopped with {stats['not_run']} of {stats['total']} mutants not run"
        rows.append(f"| {name} | {100 * caught / checked:.1f} % | {caught} of {checked} | "
                    f"{stats['survived']} | `{run['command']}` | {minutes} |")
    return "\n".join(["| set | score | caught | survived | command | time (2 cores) |",
                      "|---|---|---|---|---|---|", *rows])


def _natural(name: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name))


def skeleton(row: Row) -> str:
    return (f'\n["{row.name}"]\nkind = "accepted"  # or "equivalent"\n'
            f'change = {json.dumps(row.change, ensure_ascii=False)}\nreason = ""\n')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skeleton", action="store_true",
                        help="print a toml entry for each open survivor")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    runs = load_runs()
    if not runs:
        print(f"mutation report: no {RUNS}: run `make mutate` first", file=sys.stderr)
        return 2
    for name, run in runs.items():
        print(f"{name}: " + (score_line(run["stats"]) if run["stats"] else "not run yet"))
    accepted = load_accepted()
    rows, notes = rows_of(runs, accepted)
    found = {row.name for row in rows}
    stale = sorted((name for name in accepted if name not in found), key=_natural)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(rows, runs, stale))
    totals = Counter(row.category for row in rows)
    print(f"survivors: {len(rows)} ("
          + ", ".join(f"{totals[c]} {c}" for c in CATEGORIES) + f"); written to {args.output}")
    for note in notes:
        print(f"  entry does not apply: {note}")
    if stale:
        print(f"stale entries in {ACCEPTED} (no longer surviving): {len(stale)}")
        for name in stale:
            print(f"  {name}")
    if args.skeleton:
        print("".join(skeleton(row) for row in rows if row.category == OPEN))
    if totals[OPEN]:
        by_module = Counter(row.module for row in rows if row.category == OPEN)
        print(f"open survivors (neither decided from the diff nor in {ACCEPTED}): "
              f"{totals[OPEN]}", file=sys.stderr)
        for module, count in sorted(by_module.items()):
            print(f"  {module}: {count} open", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
