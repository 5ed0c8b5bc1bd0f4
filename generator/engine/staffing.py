"""Seller capacity over the plan year: attrition, linear ramp, time-share and the hiring rule.

The second half of §3.3 with §8 R2 (missing tenure = ramped), R13 (reallocation) and R14 (hires
for a gap). Pure functions of plain numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..domain import HireRoute
from ..inputs.playbook import PlanLevers
from .fastinit import fast_init

_EPS = 1e-9  # absorbs float noise before rounding hires up


def clamp(value: float, lo: float, hi: float) -> float:
    return min(hi, max(lo, value))


def seat_loss(attrition: float, t_hire: float, t_ramp: float) -> float:
    """loss = alpha * (T_hire + T_ramp/2) / 12, kept within 0..1."""
    return clamp(attrition * (t_hire + t_ramp / 2.0) / 12.0, 0.0, 1.0)


def ramped_months(start_tenure: float, months: float, t_ramp: float) -> float:
    """Full-productivity months in a window of ``months`` for someone at ``start_tenure``.

    Productivity ramps linearly from 0 at tenure 0 to 1 at T_ramp (§3.3). This is the exact
    integral, so it equals ``prod_i`` and ``prod_new`` of §3.3 where those apply, and stays
    correct when a ramp is longer than the window.
    """
    if months <= 0:
        return 0.0
    if t_ramp <= 0 or start_tenure >= t_ramp:
        return months
    end = start_tenure + months
    if end <= t_ramp:
        return months * (start_tenure + end) / (2.0 * t_ramp)
    rest = t_ramp - start_tenure
    return rest * (start_tenure + t_ramp) / (2.0 * t_ramp) + (end - t_ramp)


def effective_fte(
    shares: tuple[float, ...], tenures: tuple[float | None, ...], t_ramp: float, loss: float
) -> float:
    """FTE_eff = (1 - loss) * Σ share_i * prod_i / 12; a missing tenure means ramped (R2)."""
    total = 0.0
    for share, tenure in zip(shares, tenures, strict=True):
        total += share * (12.0 if tenure is None else ramped_months(tenure, 12.0, t_ramp))
    return (1.0 - loss) * total / 12.0


def new_hire_yield(t_hire: float, t_ramp: float, loss: float) -> float:
    """e_new = (1 - loss) * prod_new / 12 for a requisition opened at month 0."""
    return (1.0 - loss) * ramped_months(0.0, max(0.0, 12.0 - t_hire), t_ramp) / 12.0


def reallocation(shares: tuple[float, ...], target_share: float, loss: float) -> float:
    """Realloc = (1 - loss) * Σ max(0, target - share_i) over the listed sellers (R13)."""
    return (1.0 - loss) * sum(max(0.0, target_share - s) for s in shares)


@fast_init
@dataclass(frozen=True, slots=True)
class HireDecision:
    """How a capacity gap is closed (§8 R14)."""

    gap: float
    route: HireRoute
    hires: int
    hires_with_reallocation: int
    reallocate_fte: float | None  # seller time to move when the gap is small (route reallocate)


def hires_for_gap(
    gap: float, realloc: float, e_new: float, loss: float, levers: PlanLevers
) -> HireDecision:
    """R14: no hire for a small gap or one that time-share covers; else ceil(G / e_new)."""
    if gap <= 0:
        return HireDecision(gap, "none", 0, 0, None)
    if gap <= levers.small_gap_fte:
        moved = gap / (1.0 - loss) if loss < 1 else None
        return HireDecision(gap, "reallocate", 0, 0, moved)
    if gap <= realloc:
        return HireDecision(gap, "time-share", 0, 0, None)
    if e_new < levers.min_hire_yield or e_new <= 0:
        return HireDecision(gap, "defer", 0, 0, None)
    hires = math.ceil(gap / e_new - _EPS)
    with_realloc = min(hires, math.ceil((gap - realloc) / e_new - _EPS))
    return HireDecision(gap, "hire", hires, max(0, with_realloc), None)
