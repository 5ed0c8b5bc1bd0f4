"""The next-year view (§5.3): capacity needed on day 1 of next year for the partner's aspiration.

Hires made this year are fully ramped by next year; the question is whether the sellers (at the
target time-share, or at today's) plus this year's hires cover next year's new bookings at plan
productivity, and if not, how many more requisitions to open by which month.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..inputs.assessment import Assessment
from ..inputs.playbook import PlanLevers
from .capacity import CapacityResult, ratio
from .fastinit import fast_init

_EPS = 1e-9


@fast_init
@dataclass(frozen=True, slots=True)
class NextYearView:
    target: float
    base: float  # recurring base grown in proportion to this year's target / last year's revenue
    retained: float
    new_bookings: float
    fte_needed: float  # fully ramped FTE on day 1, at plan productivity
    fte_at_target_share: float  # (1 - loss) * (Σ max(share, target) + hires_with_reallocation)
    fte_at_current_share: float  # (1 - loss) * (Σ share + hires_with_reallocation)
    extra_hires_at_target_share: int
    extra_hires_at_current_share: int
    requisition_month: float  # latest month of this year to open them (0 = now)


def extra_requisitions(needed: float, available: float, keep: float, small_gap: float) -> int:
    """Hires to add for next year: none for a small shortfall, else ceil(shortfall / (1 - loss))."""
    short = needed - available
    if short <= small_gap or keep <= 0:
        return 0
    return math.ceil(short / keep - _EPS)


def next_year_view(a: Assessment, c: CapacityResult, levers: PlanLevers) -> NextYearView | None:
    """The view for ``goals.next_year_aspiration``; None when the assessment gives none."""
    aspiration = a.goals.next_year_aspiration
    if aspiration is None:
        return None
    growth = ratio(a.target_revenue, a.revenue.last_12_months)
    if growth is None:  # no revenue last year: keep the base as entered
        growth = 1.0
    base = a.revenue.recurring_base * growth
    retained = base * (a.revenue.gross_revenue_retention or 0.0)
    new_bookings = max(0.0, aspiration - retained)
    needed = new_bookings / c.productivity_plan
    keep = 1.0 - c.loss
    hires = c.hires_with_reallocation
    at_target = keep * (sum(max(s, levers.target_time_share) for s in c.shares) + hires)
    at_current = keep * (sum(c.shares) + hires)
    small = levers.small_gap_fte
    return NextYearView(
        target=aspiration,
        base=base,
        retained=retained,
        new_bookings=new_bookings,
        fte_needed=needed,
        fte_at_target_share=at_target,
        fte_at_current_share=at_current,
        extra_hires_at_target_share=extra_requisitions(needed, at_target, keep, small),
        extra_hires_at_current_share=extra_requisitions(needed, at_current, keep, small),
        requisition_month=c.requisition_month,
    )
