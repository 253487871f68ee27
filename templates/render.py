"""Render the four templates to YAML files (templates/dist/ is what users download)."""

from __future__ import annotations

import os
import shutil
import signal
import uuid
from contextlib import contextmanager
from pathlib import Path

from templates import yaml_out
from templates.common import FILES
from templates.database import build_database
from templates.enterprise import build_enterprise
from templates.lambda_tier import build_lambda
from templates.network import build_network

DIST = Path(__file__).resolve().parent / "dist"


def to_yaml(template) -> str:
    return yaml_out.dump(template.to_dict())


def render_all(base_url: str | None = None) -> dict[str, str]:
    """File name -> YAML text for every tier."""
    built = {
        "network": build_network(),
        "database": build_database(),
        "lambda": build_lambda(),
        "enterprise": build_enterprise(base_url),
    }
    return {FILES[tier]: to_yaml(template) for tier, template in built.items()}


def write_all(out: Path = DIST, base_url: str | None = None) -> list[Path]:
    """Write the four files, all or none: a nested template of another render would deploy a
    mix. They go to a temporary folder next to the target first, then into place; an OSError
    leaves the target as it was."""
    texts = render_all(base_url)
    out = Path(out)
    if out.is_dir():
        _replace_files(out, texts)
    else:
        _new_folder(out, texts)
    return [out / name for name in texts]


def _staging(parent: Path) -> Path:
    # mkdir, not tempfile.mkdtemp: a folder that becomes `out` keeps the umask's permissions
    path = parent / f".wa-templates-{uuid.uuid4().hex}.tmp"
    path.mkdir()
    return path


def _new_folder(out: Path, texts: dict[str, str]) -> None:
    """Fill a staging folder beside `out`, then rename it to `out` (atomic)."""
    missing = [p for p in (out.parent, *out.parent.parents) if not p.exists()]
    staging = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = _staging(out.parent)
        for name, text in texts.items():
            (staging / name).write_text(text)
        with _signals_held():
            staging.rename(out)
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        for folder in missing:  # innermost first: leave no empty parents behind
            try:
                folder.rmdir()
            except OSError:
                break
        raise


@contextmanager
def _signals_held():
    """Hold Ctrl-C and SIGTERM while files move: a signal that lands between two renames
    would leave a mix of two renders (or a file missing). It arrives once the block ends."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal mask to hold them with
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _replace_files(out: Path, texts: dict[str, str]) -> None:
    """Fill a staging folder inside `out` (same file system), then swap the files in one by
    one, keeping the old ones until all four are in place."""
    for name in texts:
        target = out / name
        if target.is_dir() and not target.is_symlink():
            raise IsADirectoryError(21, "Is a directory", str(target))
    staging = _staging(out)
    swapped: list[tuple[Path, Path | None]] = []
    try:
        for name, text in texts.items():
            (staging / name).write_text(text)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with _signals_held():  # the swap and the clean-up: a signal waits until both are done
        try:
            for name in texts:
                target = out / name
                old = None
                if target.exists() or target.is_symlink():  # a link is replaced, not followed
                    old = staging / f"{name}.old"
                    os.replace(target, old)
                swapped.append((target, old))
                os.replace(staging / name, target)
        except BaseException:
            for target, old in reversed(swapped):
                if old is not None:
                    os.replace(old, target)
                else:
                    target.unlink(missing_ok=True)
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
