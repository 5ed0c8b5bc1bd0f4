"""The plan's KPIs (§5.8) with a target and a red flag for each quarter (§8 R26).

A rate the plan changes moves a quarter of the way each quarter, and its red flag sits half a
step behind, so a rate that stays where it is raises the flag at the first quarterly review. A
rate the plan holds flags at 90% of today (lower-is-better figures mirror this). Phased volumes
flag below 80% of their quarter's figure. The factors come from plan.yaml.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..inputs.assessment import Assessment
from ..inputs.plantext import Kpis
from ..inputs.program import Program
from .capability import CapabilityResult
from .chain import Chain
from .fastinit import fast_init
from .phasing import Quarter

Direction = Literal["raise", "hold", "lower"]
KpiUnit = Literal["count", "currency", "fraction", "days"]
Four = tuple[float, float, float, float]


@fast_init
@dataclass(frozen=True, slots=True)
class KpiPlan:
    """One KPI: where it is today and what each quarter should show."""

    key: str
    unit: KpiUnit
    direction: Direction
    today: float | None
    targets: Four
    red_flags: Four  # below these (above, where lower is better), the KPI is off track
    lower_is_better: bool = False


def _four(values: Sequence[float]) -> Four:
    return values[0], values[1], values[2], values[3]


def moving_rate(today: float, goal: float) -> tuple[Four, Four]:
    """R26: target_q = today + q·Δ/4, red flag_q = today + (q - 1/2)·Δ/4."""
    step = (goal - today) / 4
    return _four([today + q * step for q in (1, 2, 3, 4)]), _four(
        [today + (q - 0.5) * step for q in (1, 2, 3, 4)]
    )


def rate(
    key: str,
    unit: KpiUnit,
    today: float | None,
    goal: float | None,
    higher_is_better: bool,
    k: Kpis,
) -> KpiPlan:
    """A rate moved towards ``goal`` where it falls short, else held (R26)."""
    if today is None:  # nothing recorded: aim at the goal from the first quarter, flagged
        aim = goal if goal is not None else 0.0  # as a held rate would be around it
        direction: Direction = "raise" if higher_is_better else "lower"
        factor = k.held_rate_red_flag if higher_is_better else 2 - k.held_rate_red_flag
        flags = _four([aim * factor] * 4)
        return KpiPlan(key, unit, direction, None, _four([aim] * 4), flags, not higher_is_better)
    short = goal is not None and (today < goal if higher_is_better else today > goal)
    if short and goal is not None:
        targets, flags = moving_rate(today, goal)
        direction = "raise" if higher_is_better else "lower"
        return KpiPlan(key, unit, direction, today, targets, flags, not higher_is_better)
    factor = k.held_rate_red_flag if higher_is_better else 2 - k.held_rate_red_flag
    flag = today * factor if today > 0 or goal is None else goal
    held = _four([today] * 4)
    return KpiPlan(key, unit, "hold", today, held, _four([flag] * 4), not higher_is_better)


def whole_rate(plan: KpiPlan) -> KpiPlan:
    """A count held or raised in whole steps: targets and flags rounded up."""
    up = [float(math.ceil(v - 1e-9)) for v in plan.targets]
    flags = [float(math.ceil(v - 1e-9)) for v in plan.red_flags]
    return KpiPlan(plan.key, plan.unit, plan.direction, plan.today, _four(up), _four(flags), False)


def volume(
    key: str, unit: KpiUnit, today: float | None, targets: Sequence[float], k: Kpis, whole: bool
) -> KpiPlan:
    """A phased volume: the quarter's figure, flagged below ``volume_red_flag`` of it."""
    flags = [t * k.volume_red_flag for t in targets]
    if whole:
        flags = [float(math.floor(f)) for f in flags]
    direction: Direction = "raise" if today is None or targets[-1] > today else "hold"
    return KpiPlan(key, unit, direction, today, _four(targets), _four(flags))


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


def leading(
    a: Assessment, chain: Chain, quarters: Sequence[Quarter], k: Kpis, program: Program
) -> list[KpiPlan]:
    t, prog = program.thresholds, a.program
    created = a.deals.opps_created_12m
    out = [
        volume("opportunities", "count", None if created is None else created / 4,
               [q.opportunities for q in quarters], k, whole=True),
        volume("pipeline", "currency", chain.coverage.pipeline_on_hand,
               [q.pipeline_at_start for q in quarters], k, whole=False),
        rate("stale", "fraction", chain.coverage.stale_share, t.stale_share_target, False, k),
    ]  # fmt: skip
    if prog.deal_reg_submitted > 0:
        expiring = _share(prog.deal_reg_expired, prog.deal_reg_submitted)
        out.append(rate("registrations", "fraction", expiring, t.registrations_expiring, False, k))
    required = program.tiers[a.partner.tier].requirements.certified_people
    if required > 0 or a.program.certified_people is not None:
        held = a.program.certified_people
        goal = max(required, held or 0)
        out.append(whole_rate(rate("certifications", "count", held, goal, True, k)))
    if prog.mdf_allocated > 0:
        claimed = _share(prog.mdf_claimed, prog.mdf_allocated)
        out.append(rate("mdf", "fraction", claimed, k.mdf_claimed_goal, True, k))
    return out


def lagging(
    a: Assessment, cap: CapabilityResult, chain: Chain, quarters: Sequence[Quarter], k: Kpis,
    recurring: bool, grr_bench: float | None,
) -> list[KpiPlan]:  # fmt: skip
    conv, prod = chain.conversion, chain.productivity
    bias = None if cap.forecast_bias is None else abs(cap.forecast_bias)
    b_prev = a.revenue.new_bookings_last_12_months
    out = [
        volume("bookings", "currency", b_prev / 4 if b_prev > 0 else None,
               [q.new_bookings for q in quarters], k, whole=False),
        rate("win_rate", "fraction", conv.win_rate_used, prod.win_rate_target, True, k),
        rate("deal_size", "currency", conv.avg_deal_size_used, prod.avg_deal_size_target, True, k),
        rate("cycle", "days", conv.sales_cycle_days_used, None, False, k),
        rate("forecast_accuracy", "fraction", cap.forecast_accuracy, k.forecast_accuracy_goal,
             True, k),
        rate("forecast_bias", "fraction", bias, k.forecast_bias_goal, False, k),
    ]  # fmt: skip
    grr = a.revenue.gross_revenue_retention
    if recurring and grr is not None:
        goal = max(grr, grr_bench) if grr_bench is not None else grr
        out.append(rate("retention", "fraction", grr, goal, True, k))
    return out
