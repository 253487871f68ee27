"""The example SVGs docs/pictures.md shows. `make docs` rewrites them (the architecture
diagram is a generated block of docs/architecture-diagram.md, rendered with the others);
tests/cli/test_pictures.py fails when one is stale.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from click.testing import CliRunner

DOCS = Path(__file__).resolve().parent.parent / "docs"
# docs/ file -> the wa-size arguments that draw it (docs/pictures.md shows the commands).
EXAMPLES = {
    "pictures/layout.svg": ("--rate", "150", "--layout", "--az-count", "3"),
    "pictures/sweep.svg": ("--sweep", "10:400:10"),
}


def example_svg(args: tuple[str, ...]) -> str:
    """What `wa-size ARGS --svg FILE` writes into FILE."""
    from cli.size import main as wa_size

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "picture.svg"
        result = CliRunner().invoke(wa_size, [*args, "--svg", str(path)], prog_name="wa-size")
        assert result.exit_code == 0, result.output
        return path.read_text(encoding="utf-8")


def example_svgs() -> dict[str, str]:
    """docs/ file -> its current text."""
    return {name: example_svg(args) for name, args in EXAMPLES.items()}
