"""The last step of `make bench`: exit 1 when a recorded figure missed its target, so that a
missed target fails the target instead of scrolling by."""

from __future__ import annotations

import sys

from timing import RESULTS, missed


def main() -> None:
    print(f"README.md and docs/maintainers.md quote {RESULTS.name}: `make docs` brings them up "
          "to date")
    late = missed()
    if late:
        sys.exit(f"bench: MISSED {', '.join(late)} (figures in {RESULTS.name})")
    print(f"bench: every target MET ({RESULTS.name})")


if __name__ == "__main__":
    main()
