"""README.md and docs/: every relative link and #anchor resolves, every `see "..."` names a
heading that exists, and no tracked file points outside the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^```.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6}) +(.+?) *#*$", re.MULTILINE)
SEE = re.compile(r"\bsee \"([^\"\n]+)\"", re.IGNORECASE)


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def prose(text: str) -> str:
    """The text with fenced blocks and code spans blanked: links and headings in code are not."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: markup dropped, lower case, punctuation other than `-` and
    `_` removed, each space a `-`."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = text.replace("`", "").replace("*", "").lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every heading's anchor, a repeated one numbered as GitHub does (`x`, `x-1`, ...)."""
    seen: dict[str, int] = {}
    found = set()
    for _, title in HEADING.findall(FENCE.sub("", text)):
        base = slug(title)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def headings(text: str) -> set[str]:
    return {re.sub(r"[`*]", "", title).strip().lower()
            for _, title in HEADING.findall(FENCE.sub("", text))}


def broken_links(path: Path) -> list[str]:
    broken = []
    for target in LINK.findall(prose(path.read_text())):
        if re.match(r"[a-z]+:", target):  # https:, mailto: ...: not ours to check offline
            continue
        file_part, _, anchor = target.partition("#")
        where = (path.parent / file_part).resolve() if file_part else path
        if not where.exists():
            broken.append(f"{target}: no file {_outside(where)}")
        elif anchor and (where.suffix != ".md" or anchor not in anchors(where.read_text())):
            broken.append(f"{target}: no heading with anchor #{anchor}")
    return broken


def test_the_slug_rules_are_github_s():
    assert slug("Status of the On-Premises API") == "status-of-the-on-premises-api"
    assert slug("Prerequisite: the ECS service-linked role") == (
        "prerequisite-the-ecs-service-linked-role")
    assert slug("wa-shards plan") == "wa-shards-plan"
    assert slug("The deploy rehearsal (local, no AWS account)") == (
        "the-deploy-rehearsal-local-no-aws-account")
    assert anchors("## A\n\n## A\n\n```\n## not a heading\n```\n") == {"a", "a-1"}


@pytest.mark.parametrize("path", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_resolves(path):
    assert broken_links(path) == []


def test_a_broken_link_is_noticed(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n[ok](#title) [gone](#nowhere) [file](missing.md) "
                    "`[code](#ignored)`\n")
    assert broken_links(page) == ["#nowhere: no heading with anchor #nowhere",
                                  f"missing.md: no file {_outside(tmp_path / 'missing.md')}"]


def _outside(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def test_every_see_names_a_heading_that_exists():
    """`see "X"` in prose must name a heading of some page (a link is checked above)."""
    every = set().union(*(headings(path.read_text()) for path in pages()))
    missing = [(str(path.relative_to(ROOT)), name) for path in pages()
               for name in SEE.findall(prose(path.read_text()))
               if name.strip().lower() not in every]
    assert missing == []


def test_readme_links_every_task_page_and_the_reference():
    readme = (ROOT / "README.md").read_text()
    targets = set(LINK.findall(prose(readme)))
    for page in ("docs/size.md", "docs/deploy.md", "docs/change.md", "docs/monitor.md",
                 "docs/retire.md", "docs/reference/cli.md", "docs/reference/inputs.md",
                 "docs/gates.md", "docs/sizing-rules.md", "docs/maintainers.md",
                 "docs/sources.md", "docs/pictures.md", "docs/architecture-diagram.md"):
        assert any(t.split("#")[0] == page for t in targets), page
    tasks = [title for level, title in HEADING.findall(readme) if level == "##"]
    assert tasks[3:8] == ["Size", "Deploy", "Change", "Monitor", "Retiring a deployment"]
    assert len(readme.splitlines()) < 300


def test_no_tracked_file_points_outside_the_repository():
    """Sources are cited by public title and address (docs/sources.md), never by a path on the
    machine the project was written on."""
    outside = ("../" + "shared", "/" + "work/")  # split: this file must not match itself
    listed = subprocess.run(["git", "grep", "-n", "-I", "-F", "-e", outside[0], "-e",
                             outside[1]], cwd=ROOT, capture_output=True, text=True)
    assert listed.returncode in (0, 1), listed.stderr  # 1: nothing found
    assert listed.stdout == ""
