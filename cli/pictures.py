"""The pictures' generated files: the diagram block of docs/architecture-diagram.md and the
example SVGs docs/pictures.md shows. `python -m cli.pictures` (or `make docs`, once it calls
refresh()) rewrites them; tests/cli/test_pictures.py and tests/contract/test_diagram.py fail
when one is stale.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from contract.diagram import diagram_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"
DIAGRAM_PAGE = DOCS / "architecture-diagram.md"
DIAGRAM_BLOCK = "architecture-diagram"
# docs/ file -> the wa-size arguments that draw it (docs/pictures.md shows the commands).
EXAMPLES = {
    "pictures/layout.svg": ("--rate", "150", "--layout", "--azs", "3"),
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


def with_diagram(page: str) -> str:
    """The page with its generated block made current."""
    pattern = re.compile(rf"(<!-- BEGIN {DIAGRAM_BLOCK} -->\n)(?:.*?\n)?"
                         rf"(<!-- END {DIAGRAM_BLOCK} -->)", re.S)
    return pattern.sub(lambda m: m.group(1) + diagram_markdown() + "\n" + m.group(2), page)


def refresh() -> list[Path]:
    """Rewrite every generated picture file; the paths written."""
    written = [DIAGRAM_PAGE]
    DIAGRAM_PAGE.write_text(with_diagram(DIAGRAM_PAGE.read_text(encoding="utf-8")),
                            encoding="utf-8")
    for name, text in example_svgs().items():
        path = DOCS / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in refresh():
        print(f"wrote {path}", file=sys.stderr)
