"""Time the planning engine on synthetic partners, beside a baseline (a script, not a test).

    python benchmarks/bench_engine.py --partners 10000 [--baseline REF] [--repeat 3]

Writes N valid, varied assessments (seeded), then, in separate processes on one core each run
in turn, times planning all of them with this checkout and with the engine of git commit REF
(the implementation before the speed work of issue 14, taken with `git archive`): the ratio is
measured in the same run, so a busy machine slows both alike. Assessments are validated before
the clock starts. "every figure explained" also reads each plan's explained figures, as a site
build does for the partners it renders. Floor (issue 14): 2x the baseline.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.domain import Dimension  # noqa: E402

BASELINE = "1d49524"  # the engine before the speed work (issue 14)
# Runs in a fresh interpreter with one checkout first on sys.path: validate, then time.
WORKER = """
import json, sys, time
from pathlib import Path
tree, data, explain = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "1"
sys.path.insert(0, str(tree))
from generator.engine.planning import Planner
from generator.inputs.assessment import Assessment
from generator.inputs.playbook import load_playbook
model = load_playbook(tree)
items = [Assessment.model_validate(d) for d in json.loads(Path(data).read_text())]
planner = Planner(model)  # as a build does: one planner for every partner
start = time.process_time()
for i, a in enumerate(items):
    plan = planner.plan(f"partner-{i}", a)
    if explain:
        len(plan.figures)
print(time.process_time() - start)
"""

DIMENSIONS = tuple(d.value for d in Dimension)  # D1..D9, as the YAML spells them


def synthetic(rng: random.Random, i: int) -> dict[str, Any]:
    """One valid assessment with realistic spreads (some new, some declining, some MSPs)."""
    revenue = rng.choice([0.0, rng.uniform(50e3, 3e6)])
    bookings = revenue * rng.uniform(0.3, 0.9)
    base = rng.choice([0.0, revenue * rng.uniform(0.05, 0.5)])
    won = rng.randint(0, 80)
    lost = rng.randint(0, 250)
    sellers = [
        {
            "name": f"Seller {n}",
            "share_on_vendor": rng.choice([0.0, 0.2, 0.5, 0.6, 1.0]),
            **({"tenure_months": rng.uniform(0, 60)} if rng.random() < 0.8 else {}),
        }
        for n in range(rng.randint(0, 12))
    ]
    quarters = [
        {"quarter": f"2026-Q{q}", "commit": rng.uniform(0, 5e5), "actual": rng.uniform(0, 5e5)}
        for q in range(1, rng.randint(0, 4) + 1)
    ]
    total = rng.uniform(0, 3e6)
    return {
        "partner": {
            "name": f"Partner {i}",
            "type": rng.choice(["VAR", "MSP", "SI"]),
            "tier": rng.choice(["Registered", "Silver", "Gold", "Platinum"]),
            "tenure_months": rng.uniform(0, 120),
            "partner_manager": "PM",
            "currency": "EUR",
        },
        "assessment": {"date": "2026-10-01", "partner_exec_signed_off": rng.random() < 0.3},
        "revenue": {
            "last_12_months": revenue,
            "new_bookings_last_12_months": bookings,
            "year_before": revenue * rng.uniform(0.5, 1.5),
            "two_years_before": revenue * rng.uniform(0.5, 1.5),
            "recurring_base": base,
            **({"gross_revenue_retention": rng.uniform(0.6, 1.0)} if base else {}),
        },
        "goals": {
            "target_revenue": max(revenue, 1e5) * rng.uniform(0.7, 4.0),
            **({"next_year_aspiration": revenue * 3} if rng.random() < 0.5 else {}),
        },
        "deals": {
            "won_12m": won,
            "lost_12m": lost,
            **({"avg_deal_size": rng.uniform(2e3, 80e3)} if rng.random() < 0.9 else {}),
            **({"sales_cycle_days": rng.randint(0, 500)} if rng.random() < 0.9 else {}),
        },
        "pipeline": {
            "commit": total * 0.2,
            "best_case": total * 0.3,
            "pipeline": total * 0.5,
            "stale": total * rng.uniform(0, 0.6),
        },
        "team": {
            "sellers": sellers,
            "presales_fte": rng.uniform(0, 3),
            **({"fte_prev": rng.uniform(0.5, 8)} if rng.random() < 0.5 else {}),
        },
        "forecast_history": quarters,
        "capabilities": {
            d: {"score": rng.choice([1, 2, 3, 4, 5, "unknown"]), "evidence": "seen"}
            for d in DIMENSIONS
        },
    }


def baseline_tree(
    ref: str, where: Path, paths: tuple[str, ...] = ("generator", "content/model")
) -> Path:
    """``paths`` (default: the engine and model) of commit ``ref``, extracted into ``where``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, *paths],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(where, filter="data")
    return where


def timed(tree: Path, data: Path, explain: bool) -> float:
    """CPU seconds one worker process spends planning every assessment."""
    run = [sys.executable, "-c", WORKER, str(tree), str(data), "1" if explain else "0"]
    done = subprocess.run(run, check=True, capture_output=True, text=True)
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline", default=BASELINE, help="git commit to compare with")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest counts")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-engine-") as tmp:
        data = Path(tmp) / "assessments.json"
        data.write_text(json.dumps([synthetic(rng, i) for i in range(args.partners)]))
        old = baseline_tree(args.baseline, Path(tmp) / "baseline")
        runs: dict[str, list[float]] = {"baseline": [], "now": [], "now, explained": []}
        for _ in range(args.repeat):  # interleaved, so load changes hit every variant alike
            runs["baseline"].append(timed(old, data, explain=True))
            runs["now"].append(timed(ROOT, data, explain=False))
            runs["now, explained"].append(timed(ROOT, data, explain=True))
    best = {name: min(times) for name, times in runs.items()}
    n = args.partners
    for name, seconds in best.items():
        ratio = best["baseline"] / seconds
        print(
            f"{name:>15}: {n} partners in {seconds:6.3f} s, {n / seconds:8,.0f} partners/s "
            f"(one core), {ratio:4.2f}x the baseline ({args.baseline})"
        )


if __name__ == "__main__":
    main()
