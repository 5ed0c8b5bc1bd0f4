"""Time `playbook import` on a synthetic Salesforce export (a script, not a test).

    python benchmarks/bench_import.py --rows 100000

Copies the shipped project into a temporary folder, writes an export of N opportunities spread
over its ten example partners (UTF-8 with a byte-order mark, Windows line endings, en_US dates
and amounts, renewals, open deals in every forecast category), then times the import twice: with
--dry-run (read, compute, validate, show the diff) and for real (the same, then write the ten new
assessments). Prints seconds for each. Target: 100,000 rows in a few seconds.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.inputs.crm.importer import ImportRequest, import_export  # noqa: E402
from generator.inputs.yamlsafe import parse  # noqa: E402

DAY = dt.date(2026, 11, 30)
HEADER = [
    "Opportunity Owner",
    "Partner Account",
    "Account Name",
    "Opportunity Name",
    "Opportunity ID",
    "Type",
    "Stage",
    "Forecast Category",
    "Probability (%)",
    "Amount",
    "Opportunity Currency",
    "Created Date",
    "Close Date",
    "Last Activity",
]
OPEN = [("Prospecting", "Pipeline"), ("Proposal/Price Quote", "Best Case")]
OPEN += [("Negotiation/Review", "Commit"), ("Needs Analysis", "Omitted")]


def us(day: dt.date) -> str:
    return f"{day.month}/{day.day}/{day.year}"


def partners(root: Path) -> list[tuple[str, str]]:
    """(name, currency) of each shipped partner's newest assessment."""
    found = []
    for folder in sorted(p for p in (root / "assessments").iterdir() if p.is_dir()):
        newest = sorted(folder.glob("*.yaml"))[-1]
        data = parse(newest.read_bytes()).data
        found.append((data["partner"]["name"], data["partner"]["currency"]))
    return found


def row(rng: random.Random, i: int, partner: tuple[str, str]) -> list[str]:
    created = DAY - dt.timedelta(days=rng.randint(0, 500))
    close = created + dt.timedelta(days=rng.randint(5, 180))
    roll = rng.random()
    if roll < 0.25:
        stage, category = "Closed Won", "Closed"
    elif roll < 0.6:
        stage, category = "Closed Lost", "Omitted"
    else:
        stage, category = rng.choice(OPEN)
    amount = rng.choice([f"{rng.randint(1000, 90000):,}.00", str(rng.randint(500, 40000)), ""])
    if stage == "Closed Won" and not amount:
        amount = "12,500.00"
    last = created + dt.timedelta(days=rng.randint(0, 60))
    return [
        "Sofia Marin",
        partner[0],
        f"Customer {i % 5000}",
        f"Deal {i}, phase {i % 3}" if i % 97 else f'=HYPERLINK("https://x.example/{i}","Deal")',
        f"006{i:015d}",
        "Renewal" if rng.random() < 0.1 else rng.choice(["New Business", "Existing Business"]),
        stage,
        category,
        str(rng.choice([0, 10, 20, 60, 90, 100])),
        amount,
        partner[1],
        us(created),
        us(close),
        us(min(last, DAY)) if rng.random() < 0.9 else "",
    ]


def export(path: Path, rows: int, who: list[tuple[str, str]]) -> None:
    rng = random.Random(7)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADER)
    for i in range(rows):
        writer.writerow(row(rng, i, who[i % len(who)]))
    path.write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))


def timed(root: Path, file: Path, dry_run: bool) -> float:
    request = ImportRequest(file, DAY, DAY, dry_run=dry_run)
    start = time.perf_counter()
    outcome = import_export(root, request)
    seconds = time.perf_counter() - start
    if not dry_run:
        print(*[line for line in outcome.lines if line.startswith("wrote")], sep="\n")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(ROOT / "content", root / "content")
        shutil.copytree(ROOT / "assessments", root / "assessments")
        file = Path(tmp) / "opportunities.csv"
        export(file, args.rows, partners(root))
        size = file.stat().st_size / 2**20
        print(f"export: {args.rows:,} rows, {size:.1f} MiB")
        dry = timed(root, file, dry_run=True)
        print(f"playbook import --dry-run: {dry:.2f} s")
        real = timed(root, file, dry_run=False)
        print(f"playbook import (writing): {real:.2f} s ({args.rows / real:,.0f} rows/s)")


if __name__ == "__main__":
    main()
