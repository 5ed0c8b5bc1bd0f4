"""Time the site build on synthetic partners beside stock mkdocs-material (a script, not a test).

    python benchmarks/bench_site.py --partners 1000 3000 10000

For each N, in one run:

* writes N valid synthetic assessments into a throw-away project and times a full
  `playbook build --no-pdf` (load, validate, plan, render, mkdocs, swap) in a fresh process, with
  its peak memory; then changes one assessment and times the rebuild, three times by default
  (``--rebuilds``: the first starts from a site mkdocs built, the others from a patched one);
* builds, in a fresh process, a stock mkdocs-material site (search plugin on, pages left out of
  the nav) with as many Markdown pages as the partner pages (two per partner), each of the size
  and structure of a partner page (headings, paragraphs, lists and tables), and prints our time
  as a ratio of that baseline.

Absolute times on a shared machine vary from run to run; the ratios are what to compare.
``--against COMMIT`` also times that commit's build of the same project (the code before a change).
Floors (issue 14): at 1,000 partners at most 0.2x the stock build; per-partner time at 10,000 at
most 1.1x that at 1,000 with peak memory under 1 GB; a one-assessment rebuild under 5% of a full
build at 3,000 partners.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_engine import baseline_tree, synthetic  # noqa: E402

# Each build runs in a fresh interpreter (its own peak memory, nothing warm); the first
# argument is the checkout whose `generator` builds, "" for the stock baseline.
WORKER = """
import json, resource, sys, time
tree, project = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if tree:
    sys.path.insert(0, tree)
    from generator.cli import main
    try:
        code = main(["-C", project, "build", "--no-pdf"])
    except SystemExit as stop:
        code = stop.code
else:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    build(load_config(project + "/mkdocs.yml"))
    code = 0
seconds = time.perf_counter() - start
usage = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
peak = max(u.ru_maxrss for u in usage)
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "code": code or 0}))
"""


def make_project(where: Path, partners: int, seed: int, source: Path = ROOT) -> None:
    """A playbook project with ``partners`` synthetic assessments (about 50 per manager)."""
    shutil.copy(source / "mkdocs.yml", where / "mkdocs.yml")
    shutil.copytree(source / "content", where / "content")
    rng = random.Random(seed)
    for i in range(partners):
        data = synthetic(rng, i)
        data["partner"]["partner_manager"] = f"Manager {i % 20:02d}"
        folder = where / "assessments" / f"partner-{i:05d}"
        folder.mkdir(parents=True)
        (folder / "2026-10-01.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


STOCK_CONFIG = """site_name: Stock baseline
theme:
  name: material
  font: false
plugins:
  - search
not_in_nav: |
  /pages/
markdown_extensions:
  - tables
  - toc
  - admonition
nav:
  - Home: index.md
"""


def stock_page(rng: random.Random, i: int, size: int) -> str:
    """A Markdown page of about ``size`` characters of HTML, built like a partner page:
    sections with a paragraph, a list and a table."""
    words = ("pipeline", "partner", "seller", "target", "deal", "review", "forecast", "quarter")
    out = [f"# Page {i}\n"]
    length, section = 0, 0
    while length < size:
        section += 1
        para = " ".join(rng.choice(words) for _ in range(60))
        rows = "".join(
            f"| {rng.choice(words)} | {rng.randint(1, 999)} | {rng.randint(1, 99)}% | "
            f"{rng.choice(words)} {rng.choice(words)} |\n"
            for _ in range(8)
        )
        items = "".join(f"- {' '.join(rng.choice(words) for _ in range(10))}\n" for _ in range(4))
        block = (
            f"## Section {section}\n\n{para}\n\n### Detail {section}\n\n{items}\n"
            f"| Item | Count | Share | Note |\n|---|---:|---:|---|\n{rows}\n"
        )
        out.append(block)
        length += len(block) * 2  # Markdown to HTML roughly doubles a table-heavy page
    return "\n".join(out)


def make_stock(where: Path, pages: int, size: int, seed: int) -> None:
    (where / "docs" / "pages").mkdir(parents=True)
    (where / "mkdocs.yml").write_text(STOCK_CONFIG)
    (where / "docs" / "index.md").write_text("# Stock baseline\n\nPages left out of the nav.\n")
    rng = random.Random(seed)
    for i in range(pages):
        (where / "docs" / "pages" / f"p-{i:05d}.md").write_text(stock_page(rng, i, size))


def article_size(site: Path) -> int:
    """The mean size of a partner page's content (the HTML inside <article>)."""
    sizes = []
    for page in sorted(site.glob("partners/*/index.html"))[:20]:
        found = re.search(r"<article.*?</article>", page.read_text(), re.S)
        sizes.append(len(found[0]) if found else 0)
    for page in sorted(site.glob("partners/*/coaching/index.html"))[:20]:
        found = re.search(r"<article.*?</article>", page.read_text(), re.S)
        sizes.append(len(found[0]) if found else 0)
    return sum(sizes) // max(1, len(sizes))


def run(tree: str, project: Path) -> dict[str, float]:
    os.sync()  # nothing left for the disk to write from the step before: each build alone
    done = subprocess.run(
        [sys.executable, "-c", WORKER, tree, str(project)],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(project)},
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise SystemExit(f"build failed in {project}:\n{done.stdout}\n{done.stderr}")
    result: dict[str, float] = json.loads(lines[-1])
    if result["code"]:
        raise SystemExit(f"build failed in {project}:\n{done.stdout}\n{done.stderr}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, nargs="+", default=[1000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--against", help="also time this commit's build of the same partners")
    parser.add_argument(
        "--rebuilds",
        type=int,
        default=3,
        help="one-change rebuilds to time after the full build, each changing the same "
        "assessment again (0: none); the first starts from a site mkdocs built, the next ones "
        "from a patched one, as a user's rebuilds do",
    )
    parser.add_argument(
        "--stock",
        type=int,
        nargs="*",
        help="the partner counts to build the stock baseline for (default: the smallest; it "
        "takes about five times our build)",
    )
    args = parser.parse_args()
    per_partner: dict[int, float] = {}
    stocked = set(args.stock if args.stock is not None else [min(args.partners)])
    for n in args.partners:
        with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
            where = Path(tmp)
            ours, stock = where / "ours", where / "stock"
            ours.mkdir()
            make_project(ours, n, args.seed)
            full = run(str(ROOT), ours)
            per_partner[n] = full["seconds"] / n
            print(
                f"{n:>6} partners: playbook build {full['seconds']:6.1f} s "
                f"({full['seconds'] / n * 1000:4.1f} ms/partner, peak {full['peak_mb']:5.0f} MB)",
                flush=True,
            )
            if n in stocked:
                size = article_size(ours / "site")
                make_stock(stock, 2 * n, size, args.seed)
                base = run("", stock)
                print(
                    f"        stock mkdocs-material, {2 * n} pages of ~{size // 1000} kB: "
                    f"{base['seconds']:6.1f} s (peak {base['peak_mb']:5.0f} MB); "
                    f"playbook build / stock: {full['seconds'] / base['seconds']:.2f}x",
                    flush=True,
                )
            if args.against:
                old_tree = baseline_tree(
                    args.against, where / "old", ("generator", "content", "mkdocs.yml")
                )
                old = where / "old-project"
                old.mkdir()
                make_project(old, n, args.seed, old_tree)
                before = run(str(old_tree), old)
                print(
                    f"        {args.against}: {before['seconds']:6.1f} s "
                    f"(peak {before['peak_mb']:5.0f} MB); "
                    f"now {full['seconds'] / before['seconds']:.2f}x its time",
                    flush=True,
                )
            changed = ours / "assessments" / "partner-00000" / "2026-10-01.yaml"
            original = changed.read_text()
            times = []
            for i in range(args.rebuilds):
                name = "name: Partner Zero" + (f" {i + 1}" if i else "")
                changed.write_text(original.replace("name: Partner 0", name))
                again = run(str(ROOT), ours)
                times.append(again["seconds"])
                print(
                    f"        rebuild {i + 1} after one assessment changed: "
                    f"{again['seconds']:5.2f} s, {again['seconds'] / full['seconds']:.1%} of the "
                    f"full build (peak {again['peak_mb']:5.0f} MB)",
                    flush=True,
                )
            if len(times) > 1:
                middle = statistics.median(times)
                print(f"        median rebuild: {middle:5.2f} s, {middle / full['seconds']:.1%}")
    if len(per_partner) > 1:
        lo, hi = min(per_partner), max(per_partner)
        print(f"time per partner at {hi} / at {lo}: {per_partner[hi] / per_partner[lo]:.2f}x")


if __name__ == "__main__":
    main()
