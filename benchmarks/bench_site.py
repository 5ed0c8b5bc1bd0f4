"""Time the whole site build on synthetic partners (a script, not a test).

    python benchmarks/bench_site.py --partners 300 1000 3000

For each N: writes N valid synthetic assessments into a throw-away project, runs a full
`playbook build --no-pdf` (validate, plan, generate, mkdocs; the PDFs have bench_pdf.py),
reports seconds, seconds per partner and the site's size; then changes one assessment and
times the rebuild. Floors (issue 4): 1,000 partners under 25 s and 150 MB; per-partner time at
3,000 at most 1.3x that at 300; a rebuild after one change under 10% of the full build.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_engine import synthetic  # noqa: E402

from generator.cli import cli  # noqa: E402


def make_project(where: Path, partners: int, seed: int) -> None:
    shutil.copy(ROOT / "mkdocs.yml", where / "mkdocs.yml")
    shutil.copytree(ROOT / "content", where / "content")
    rng = random.Random(seed)
    for i in range(partners):
        data = synthetic(rng, i)
        data["partner"]["partner_manager"] = f"Manager {i % 20:02d}"  # about 50 partners each
        folder = where / "assessments" / f"partner-{i:05d}"
        folder.mkdir(parents=True)
        (folder / "2026-10-01.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def build(where: Path) -> float:
    start = time.perf_counter()
    # The site alone: PDFs have their own benchmark (bench_pdf.py).
    result = CliRunner().invoke(
        cli, ["-C", str(where), "build", "--no-pdf"], catch_exceptions=False
    )
    elapsed = time.perf_counter() - start
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return elapsed


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    per_partner: dict[int, float] = {}
    for n in args.partners:
        with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
            where = Path(tmp)
            make_project(where, n, args.seed)
            full = build(where)
            per_partner[n] = full / n
            site = size_mb(where / "site")
            changed = where / "assessments" / "partner-00000" / "2026-10-01.yaml"
            changed.write_text(changed.read_text().replace("name: Partner 0", "name: Partner Zero"))
            rebuild = build(where)
            print(
                f"{n:>6} partners: full build {full:6.1f} s ({full / n * 1000:5.1f} ms/partner), "
                f"site {site:6.1f} MB, rebuild after one change {rebuild:5.1f} s "
                f"({rebuild / full:.0%} of full)",
                flush=True,
            )
    if len(per_partner) > 1:
        lo, hi = min(per_partner), max(per_partner)
        print(f"time per partner at {hi} / at {lo}: {per_partner[hi] / per_partner[lo]:.2f}x")


if __name__ == "__main__":
    main()
