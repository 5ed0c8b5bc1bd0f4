"""Growth decomposition (§4.1) and lever weights (§4.2, §8 R18-R19), with exact values."""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ..domain import LEVERS, Lever, Mode
from ..inputs.assessment import Assessment
from ..inputs.program import Parameters, PlanLevers
from .capacity import MIN_AMOUNT, Targets
from .figures import figure, stage
from .productivity import Productivity
from .staffing import Staffing


def lever_shares(
    bookings_growth: float | None, factors: Mapping[Lever, float]
) -> dict[Lever, float]:
    """s_l = ln f_l / Σ ln f_m over the levers with f > 1; empty unless g_B > 1 (§4.1)."""
    if bookings_growth is None or bookings_growth <= 1:
        return {}
    logs = {lever: math.log(f) for lever, f in factors.items() if f > 1}
    total = sum(logs.values())
    return {lever: value / total for lever, value in logs.items()} if total > 0 else {}


def mode_for(new_partner: bool, bookings_growth: float | None) -> Mode:
    """R18: new per R12; growth when g_B > 1; otherwise maintain."""
    if new_partner or bookings_growth is None:
        return "new"
    return "growth" if bookings_growth > 1 else "maintain"


def retention_weight(
    base: float, grr: float | None, grr_bench: float | None, new_bookings: float
) -> float:
    """L_ret = min(1, Base * max(0, GRR_bench - GRR) / B_new); 0 without a GRR benchmark (R9).

    With B_new = 0 (retention-only plan) any retention shortfall takes the whole weight.
    """
    if grr_bench is None or grr is None or base <= 0:
        return 0.0
    shortfall = base * max(0.0, grr_bench - grr)
    if shortfall <= 0:
        return 0.0
    return 1.0 if new_bookings <= 0 else min(1.0, shortfall / new_bookings)


def capacity_pressure(gap_plan: float, fte_required_plan: float) -> float:
    """max(0, Gap_plan) / FTE_req_plan, 0 when nothing is required."""
    if fte_required_plan <= 0:
        return 0.0
    return min(1.0, max(0.0, gap_plan) / fte_required_plan)


def lever_weights(
    mode: Mode,
    shares: Mapping[Lever, float],
    gap_plan: float,
    fte_required_plan: float,
    l_ret: float,
    recurring: bool,
    new_weights: Mapping[Lever, float],
) -> dict[Lever, float]:
    """Lever weights L_l for every lever (0 where a lever does not apply), per R19. New mode
    (no history to decompose) takes ``new_weights`` from the program's plan levers."""
    weights = dict.fromkeys(LEVERS, 0.0)
    if mode == "new":
        weights.update(new_weights)
        return weights
    pressure = capacity_pressure(gap_plan, fte_required_plan)
    if mode == "maintain":
        applies = [Lever.win_rate, Lever.deal_size, Lever.pipeline_per_seller]
        if recurring:
            applies.append(Lever.retention)
        for lever in applies:
            weights[lever] = (1.0 - pressure) / len(applies)
        weights[Lever.capacity] = pressure
        if l_ret > 0:
            weights[Lever.retention] = l_ret
        return weights
    for lever, share in shares.items():
        weights[lever] = share * (1.0 - l_ret)
    weights[Lever.retention] += l_ret
    if pressure > weights[Lever.capacity]:
        others = sum(w for lever, w in weights.items() if lever is not Lever.capacity)
        scale = (1.0 - pressure) / others if others > 0 else 0.0
        weights = {lever: w * scale for lever, w in weights.items()}
        weights[Lever.capacity] = pressure
    return weights


_LEVER_SHARE = """growth: ln(factor) / sum of ln(factor) over the levers above 1, times (1 − L_ret),
    then capacity raised to gap / FTE required with the rest rescaled; maintain: equal shares of
    (1 − capacity pressure); new partner: fixed weights"""
_SHARE_INPUTS = ("bookings_growth", "retention_weight", "fte_gap", "fte_required_plan")


def _share(lever: str) -> Any:
    return figure(f"Lever weight: {lever}", "L", "fraction", _LEVER_SHARE, _SHARE_INPUTS)


@stage
class Growth:
    """What has to multiply (§4.1), the plan's mode (R18) and the lever weights (§4.2, R19)."""

    mode: Mode
    recurring: bool
    weights: Mapping[Lever, float]  # every lever, 0 where it does not apply
    bookings_growth: float | None = figure(
        "New-bookings growth multiple", "g_B", "multiple",
        "new bookings needed / last year's new bookings", ("new_bookings_needed", "B_prev"),
        plain="""{new_bookings_needed} of new business ÷ {bookings_prev} won last year =
        {bookings_growth}""",
    )  # fmt: skip
    factor_capacity: float | None = figure(
        "Capacity factor", "f_FTE", "multiple",
        "new-bookings growth / (win-rate × deal-size × pipeline-per-seller factors)",
        ("bookings_growth", "factor_win_rate", "factor_deal_size", "factor_pipeline_per_seller"),
        plain="""The growth in new bookings that win rate, deal size and opportunities per seller
        do not bring has to come from more selling capacity: {factor_capacity}""",
    )  # fmt: skip
    retention_weight: float = figure(
        "Retention lever weight", "L_ret", "fraction",
        """min(1, recurring base × max(0, benchmark GRR − GRR) / new bookings needed); 0 where
        the segment sets no GRR benchmark""",
        ("Base", "GRR", "GRR_bench", "new_bookings_needed"),
    )  # fmt: skip
    lever_share_win_rate: float = _share("win rate")
    lever_share_deal_size: float = _share("deal size")
    lever_share_pipeline_per_seller: float = _share("pipeline per seller")
    lever_share_capacity: float = _share("capacity")
    lever_share_retention: float = _share("retention")


def is_recurring(a: Assessment) -> bool:
    """R10: a recurring base above 0 with a GRR."""
    return a.revenue.recurring_base > 0 and a.revenue.gross_revenue_retention is not None


def growth(
    a: Assessment,
    t: Targets,
    prod: Productivity,
    s: Staffing,
    p: Parameters,
    levers: PlanLevers,
) -> Growth:
    b_prev = a.revenue.new_bookings_last_12_months
    g_b = None if b_prev < MIN_AMOUNT else t.new_bookings_needed / b_prev
    f_wr, f_ads = prod.factor_win_rate, prod.factor_deal_size
    f_opf = prod.factor_pipeline_per_seller
    f_fte = None if g_b is None else g_b / (f_wr * f_ads * f_opf)
    factors = {Lever.win_rate: f_wr, Lever.deal_size: f_ads, Lever.pipeline_per_seller: f_opf}
    if f_fte is not None:
        factors[Lever.capacity] = f_fte
    mode = mode_for(t.new_partner, g_b)
    recurring = is_recurring(a)
    rev = a.revenue
    l_ret = (
        retention_weight(
            rev.recurring_base, rev.gross_revenue_retention, p.benchmarks.grr, t.new_bookings_needed
        )
        if recurring
        else 0.0
    )
    w = lever_weights(
        mode,
        lever_shares(g_b, factors),
        s.fte_gap,
        prod.fte_required_plan,
        l_ret,
        recurring,
        levers.new_partner_weights,
    )
    return Growth(
        mode=mode,
        recurring=recurring,
        weights=MappingProxyType(w),
        bookings_growth=g_b,
        factor_capacity=f_fte,
        retention_weight=l_ret,
        lever_share_win_rate=w[Lever.win_rate],
        lever_share_deal_size=w[Lever.deal_size],
        lever_share_pipeline_per_seller=w[Lever.pipeline_per_seller],
        lever_share_capacity=w[Lever.capacity],
        lever_share_retention=w[Lever.retention],
    )
