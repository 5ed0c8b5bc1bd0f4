"""Growth decomposition (§4.1) and lever weights (§4.2, §8 R18-R19), with exact values."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ..domain import LEVERS, Lever, Mode
from .capacity import MIN_AMOUNT
from .fastinit import fast_init


@fast_init
@dataclass(frozen=True, slots=True)
class Decomposition:
    """g_B = f_WR * f_ADS * f_OPF * f_FTE, capacity being the residual."""

    bookings_growth: float | None  # g_B = B_new / B_prev; None when B_prev = 0
    f_win_rate: float
    f_deal_size: float
    f_opps_per_fte: float
    f_capacity: float | None  # None when g_B is None
    shares: Mapping[Lever, float]  # ln f_l / Σ ln f_m over levers with f > 1; empty unless g_B > 1


def decompose(
    new_bookings: float, bookings_prev: float, f_wr: float, f_ads: float, f_opf: float
) -> Decomposition:
    """Split the bookings growth multiple into its levers (§4.1)."""
    if bookings_prev < MIN_AMOUNT:
        return Decomposition(None, f_wr, f_ads, f_opf, None, {})
    g_b = new_bookings / bookings_prev
    f_fte = g_b / (f_wr * f_ads * f_opf)
    shares: dict[Lever, float] = {}
    if g_b > 1:
        factors = {
            Lever.win_rate: f_wr,
            Lever.deal_size: f_ads,
            Lever.pipeline_per_seller: f_opf,
            Lever.capacity: f_fte,
        }
        logs = {lever: math.log(f) for lever, f in factors.items() if f > 1}
        total = sum(logs.values())
        if total > 0:
            shares = {lever: value / total for lever, value in logs.items()}
    return Decomposition(g_b, f_wr, f_ads, f_opf, f_fte, shares)


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
    decomposition: Decomposition,
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
    for lever, share in decomposition.shares.items():
        weights[lever] = share * (1.0 - l_ret)
    weights[Lever.retention] += l_ret
    if pressure > weights[Lever.capacity]:
        others = sum(w for lever, w in weights.items() if lever is not Lever.capacity)
        scale = (1.0 - pressure) / others if others > 0 else 0.0
        weights = {lever: w * scale for lever, w in weights.items()}
        weights[Lever.capacity] = pressure
    return weights
