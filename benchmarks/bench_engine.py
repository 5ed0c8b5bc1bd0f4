"""Time the planning engine on synthetic partners (a script, not a test).

    python benchmarks/bench_engine.py --partners 10000

Builds N valid, varied Assessment objects first (not timed), then times plan_assessment over all
of them on one core and prints partners per second and the total. Target: 10,000 in under 2 s.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.domain import Dimension  # noqa: E402
from generator.engine.planning import plan_assessment  # noqa: E402
from generator.inputs.assessment import Assessment  # noqa: E402
from generator.inputs.playbook import load_playbook  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    model = load_playbook(ROOT)
    rng = random.Random(args.seed)
    assessments = [Assessment.model_validate(synthetic(rng, i)) for i in range(args.partners)]

    start = time.perf_counter()
    for i, assessment in enumerate(assessments):
        plan_assessment(f"partner-{i}", assessment, model)
    seconds = time.perf_counter() - start
    print(
        f"{args.partners} partners in {seconds:.3f} s: {args.partners / seconds:,.0f} "
        "partners/s (one core)"
    )


if __name__ == "__main__":
    main()
