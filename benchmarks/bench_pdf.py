"""Time the PDF exports beside plain WeasyPrint (a script, not a test).

    python benchmarks/bench_pdf.py --partners 200

Writes N synthetic partners into a throw-away project and builds its site without PDFs; then,
each in a fresh process with its peak memory:

* ``playbook build`` renders every plan and guide as PDF (two per partner), on every core, and
  the PDF stage is timed;
* plain WeasyPrint renders the same print documents in one process, one by one
  (``HTML(string=...).write_pdf(...)``), the way a script without this project would.

Prints PDFs per second of both and the ratio, and checks that a PDF rendered again is
byte-identical. Floor (issue 14): at least 2x plain WeasyPrint on two cores for 200 partners.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_site import make_project  # noqa: E402

OURS = """
import json, resource, sys, time
import generator.build as build
from generator.cli import main
stage = []
real = build.prepare_pdfs
def timed(*args, **kwargs):
    start = time.perf_counter()
    found = real(*args, **kwargs)
    stage.append((time.perf_counter() - start, found.rendered))
    return found
build.prepare_pdfs = timed
try:
    main(["-C", sys.argv[1], "build"])
except SystemExit as stop:
    assert not stop.code, stop.code
usage = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
peak = max(u.ru_maxrss for u in usage)
print(json.dumps({"seconds": stage[-1][0], "pdfs": stage[-1][1], "peak_mb": peak / 1024}))
"""

# The print documents, made by the project's own code (not timed), then plain WeasyPrint.
PLAIN = """
import json, resource, sys, time, datetime as dt
from pathlib import Path
from generator.build import load, plan_partner
from generator.render.pages import environment, partner_content, print_documents
root, out = Path(sys.argv[1]), Path(sys.argv[2])
loaded = load(root)
env = environment(root, html_output=True)
documents = []
for record in loaded.portfolio.partners:
    plan = plan_partner(loaded, record.slug)
    pages = partner_content(plan, loaded.playbook, env).html
    documents += list(print_documents(plan, loaded.playbook, env, pages).values())
from weasyprint import HTML
start = time.perf_counter()
for n, document in enumerate(documents):
    HTML(string=document).write_pdf(out / f"{n}.pdf")
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "pdfs": len(documents), "peak_mb": peak / 1024}))
"""


def run(script: str, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": args[0]},
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise SystemExit(f"failed:\n{done.stdout}\n{done.stderr}")
    result: dict[str, float] = json.loads(lines[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        where = Path(tmp)
        project, plain_out = where / "project", where / "plain"
        project.mkdir()
        plain_out.mkdir()
        make_project(project, args.partners, args.seed)
        playbook(project, "build", "--no-pdf")
        ours = run(OURS, str(project))
        plain = run(PLAIN, str(project), str(plain_out))
        for label, found in (("playbook build", ours), ("plain WeasyPrint, one by one", plain)):
            print(
                f"{label:>30}: {int(found['pdfs'])} PDFs in {found['seconds']:6.1f} s, "
                f"{found['pdfs'] / found['seconds']:5.1f} PDFs/s, peak {found['peak_mb']:4.0f} MB",
                flush=True,
            )
        rate = (ours["pdfs"] / ours["seconds"]) / (plain["pdfs"] / plain["seconds"])
        print(f"playbook build / plain WeasyPrint: {rate:.2f}x the PDFs per second")
        deterministic(project)


def playbook(project: Path, *args: str) -> None:
    command = [str(Path(sys.executable).parent / "playbook"), "-C", str(project), *args]
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(project)}
    subprocess.run(command, check=True, capture_output=True, env=env)


def deterministic(project: Path) -> None:
    """A PDF rendered again from the same inputs (`playbook pdf`, another process) is the same
    file as the build's."""
    built = project / "site" / "partners" / "partner-00000" / "partner-00000-plan.pdf"
    again = project / "again.pdf"
    playbook(project, "pdf", "partner-00000", "-o", str(again))
    same = again.read_bytes() == built.read_bytes()
    print(f"rendered again: {'byte-identical' if same else 'DIFFERENT'} ({built.name})")


if __name__ == "__main__":
    main()
