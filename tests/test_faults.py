"""A build killed at named points (deterministically, by the test) leaves the old or the new
site intact, no process behind, and nothing the next build does not sweep away. SIGTERM stops a
build the way Ctrl-C does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import VALID, Project

# Run in a child process: patch the named point to kill the build there, then build.
SCRIPT = r"""
import os, pathlib, signal, sys, time
point, root = sys.argv[1], sys.argv[2]

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

if point == "loading":
    import generator.build as target
    target.load_portfolio = die
elif point == "rendering":
    import generator.publish.partners as target
    target.partner_content = die
elif point == "pdf":
    import generator.publish.exports as target
    def worker_kills_the_build(job):
        os.kill(os.getppid(), signal.SIGKILL)
        time.sleep(60)  # a worker that outlived its build would still be here
    target._render = worker_kills_the_build
elif point == "before-swap":
    import generator.publish.sitefolder as target
    target.swap_in = die
elif point == "after-swap":
    import generator.publish.sitefolder as target
    target._retire = die
elif point == "patching":  # the previous site is lent by links: nothing is written through them
    import generator.publish.patch as target
    target._copy_pdfs = die  # after the changed pages are written (reached only by a patch)
elif point == "between-renames":
    import generator.publish.outdir as target
    target._exchange = lambda a, b: False
    real = pathlib.Path.rename
    def rename(self, new):
        done = real(self, new)
        if pathlib.Path(new).name.startswith(".site.old-"):
            die()
        return done
    pathlib.Path.rename = rename
elif point == "sigterm":
    import generator.publish.exports as target
    real_run = target._render
    def slow(job):
        pathlib.Path(root, "rendering").touch()
        time.sleep(60)
        return real_run(job)
    target._render = slow

from generator.cli import main
args = ["-C", root, "build"] + ([] if point in ("pdf", "sigterm") else ["--no-pdf"])
main(args)
"""


def snapshot(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def alive(token: str) -> list[int]:
    """Processes whose command line carries ``token`` (forked workers inherit it)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if token.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def start(project: Project, point: str) -> tuple[subprocess.Popen[bytes], str]:
    script = project.root / "fault.py"
    script.write_text(SCRIPT)
    token = f"fault-{uuid.uuid4().hex}"
    child = subprocess.Popen(
        [sys.executable, str(script), point, str(project.root), token],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    return child, token


def settled(token: str) -> list[int]:
    deadline = time.monotonic() + 5
    while alive(token) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive(token)


@pytest.mark.parametrize(
    ("point", "after"),
    [
        ("loading", "old"),
        ("rendering", "old"),
        ("pdf", "old"),
        ("patching", "old"),
        ("before-swap", "old"),
        ("between-renames", "old"),
        ("after-swap", "new"),
    ],
)
def test_a_build_killed_at_any_point_leaves_a_whole_site(
    site_project: Project, point: str, after: str
) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    assert site_project.run("build", "--no-pdf").exit_code == 0
    site = site_project.root / "site"
    old = snapshot(site)
    site_project.write("acme/2026-09-30.yaml", VALID.replace("Shared context.", "New context."))
    child, token = start(site_project, point)
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == -signal.SIGKILL, stderr.decode()
    assert settled(token) == []  # no PDF worker lives on holding the pipe
    if point == "between-renames":  # the old site is aside; the next build puts it back first
        from generator.publish.outdir import sweep

        sweep(site)
    now = snapshot(site)
    if after == "old":
        assert now == old
    else:
        assert now.keys() == old.keys() and now != old
        assert b"New context." in now["partners/acme/index.html"]
    result = site_project.run("build", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert b"New context." in (site / "partners/acme/index.html").read_bytes()
    leftovers = [p.name for p in site_project.root.iterdir() if p.name.startswith(".site.")]
    assert leftovers == []


def test_sigterm_stops_a_build_like_ctrl_c(site_project: Project) -> None:
    site_project.write("acme/2026-09-30.yaml", VALID)
    assert site_project.run("build", "--no-pdf").exit_code == 0
    site = site_project.root / "site"
    old = snapshot(site)
    site_project.write("acme/2026-09-30.yaml", VALID.replace("Shared context.", "New context."))
    child, token = start(site_project, "sigterm")
    deadline = time.monotonic() + 60
    while not (site_project.root / "rendering").exists():
        assert child.poll() is None and time.monotonic() < deadline, child.stderr
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGTERM)
    _, stderr = child.communicate(timeout=30)
    assert child.returncode == 1, stderr.decode()
    assert "Traceback" not in stderr.decode()
    assert settled(token) == []
    assert snapshot(site) == old
    assert not [p for p in site_project.root.iterdir() if p.name.startswith(".site.")]
