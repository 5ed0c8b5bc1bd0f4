"""Time the PDF exports of a full build (a script, not a test).

    python benchmarks/bench_pdf.py --partners 200

Writes N synthetic partners into a throw-away project, runs `playbook build` with an empty cache
(every plan and guide rendered as PDF, on every core) and reports PDFs per second of the PDF
stage; then rebuilds unchanged (no PDF may be rendered) and after one assessment changes (two).
Floor (issue 5): at least 5 PDFs per second on a 2-core machine for 200 partners.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_site import make_project  # noqa: E402

import generator.publish.site  # noqa: E402
from generator.cli import cli  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    stage: list[float] = []
    real = generator.publish.site.prepare_pdfs

    def timed(*a: object, **k: object) -> int:
        start = time.perf_counter()
        count = real(*a, **k)  # type: ignore[arg-type]
        stage.append(time.perf_counter() - start)
        return count

    generator.publish.site.prepare_pdfs = timed  # type: ignore[assignment]
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        where = Path(tmp)
        make_project(where, args.partners, args.seed)
        for label in ("full build", "unchanged rebuild", "one assessment changed"):
            if label == "one assessment changed":
                one = where / "assessments" / "partner-00000" / "2026-10-01.yaml"
                one.write_text(one.read_text().replace("name: Partner 0", "name: Partner Zero"))
            start = time.perf_counter()
            result = CliRunner().invoke(cli, ["-C", str(where), "build"], catch_exceptions=False)
            total = time.perf_counter() - start
            found = re.search(r"(\d+) of (\d+) PDFs rendered", result.output)
            if result.exit_code != 0 or not found:
                raise SystemExit(result.output)
            rendered = int(found[1])
            rate = f", {rendered / stage[-1]:.1f} PDFs/s" if rendered else ""
            print(
                f"{label}: {rendered} of {found[2]} PDFs rendered in {stage[-1]:.1f} s{rate}; "
                f"whole build {total:.1f} s",
                flush=True,
            )


if __name__ == "__main__":
    main()
