"""Print the mutation score of the last `make mutate` run and its surviving mutants.

Reads mutmut's own summary (mutants/mutmut-cicd-stats.json, written by `mutmut
export-cicd-stats`) and lists the survivors by module, so that README's testing section can
quote the score and account for each survivor.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

from mutation_report import STATS, score_line


def main() -> int:
    if not STATS.exists():
        print(f"mutation score: no {STATS}: run `make mutate` first", file=sys.stderr)
        return 2
    print(score_line())
    results = subprocess.run([sys.executable, "-m", "mutmut", "results"], capture_output=True,
                             text=True, check=False).stdout.splitlines()
    survivors = [line.strip().split(":")[0] for line in results if line.strip().endswith(
        ": survived")]
    by_module = Counter(re.split(r"\.x[_\u01c1]", name)[0] for name in survivors)
    for module, count in sorted(by_module.items()):
        print(f"  {module}: {count} survived")
    return 0


if __name__ == "__main__":
    sys.exit(main())
