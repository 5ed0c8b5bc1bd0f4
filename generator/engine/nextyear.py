"""The next-year view (§5.3): capacity needed on day 1 of next year for the partner's aspiration.

Hires made this year are fully ramped by next year; the question is whether the sellers (at the
target time-share, or at today's) plus this year's hires cover next year's new bookings at plan
productivity, and if not, how many more requisitions to open by which month.
"""

from __future__ import annotations

import math

from ..inputs.assessment import Assessment
from ..inputs.program import PlanLevers
from .capacity import ratio
from .figures import figure, stage
from .productivity import Productivity
from .staffing import Staffing

_EPS = 1e-9
_EXTRA = "0 if the shortfall is small; else shortfall / (1 − loss), rounded up"


@stage
class NextYearView:
    """The next year's aspiration and the sellers it needs on its first day."""

    target: float
    retained: float  # next year's base times GRR
    requisition_month: float  # latest month of this year to open them (0 = now)
    next_year_base: float = figure(
        "Next year's recurring base", "Base_next", "currency/yr",
        "recurring base × (target revenue / last year's revenue)", ("Base", "R_tgt", "R_prev"),
    )  # fmt: skip
    next_year_new_bookings: float = figure(
        "Next year's new bookings needed", "B_new_next", "currency/yr",
        "aspiration − next year's base × GRR, not below 0",
        ("aspiration", "next_year_base", "GRR"),
        plain="""{next_year_target} wanted next year − the renewals you keep =
        {next_year_new_bookings} of new business""",
    )  # fmt: skip
    next_year_fte_needed: float = figure(
        "FTE needed on next year's day 1", "FTE_next", "FTE",
        "next year's new bookings / plan productivity",
        ("next_year_new_bookings", "productivity_plan"),
        plain="""{next_year_new_bookings} ÷ {productivity_plan} per full-time seller =
        {next_year_fte_needed} fully ramped sellers on the first day of next year""",
    )  # fmt: skip
    next_year_fte_at_target_share: float = figure(
        "FTE available (target time-share)", "FTE_avail_t", "FTE",
        "(1 − loss) × (sum of shares raised to the target + hires after raising time-share)",
        ("seat_loss", "Σ share_i", "target share", "hires_with_reallocation"),
    )  # fmt: skip
    next_year_fte_at_current_share: float = figure(
        "FTE available (current time-share)", "FTE_avail_c", "FTE",
        "(1 − loss) × (sum of shares + hires after raising time-share)",
        ("seat_loss", "Σ share_i", "hires_with_reallocation"),
    )  # fmt: skip
    next_year_extra_hires_at_target_share: int = figure(
        "Extra requisitions (target share)", "Req_t", "count", _EXTRA,
        ("next_year_fte_needed", "next_year_fte_at_target_share", "seat_loss"),
    )  # fmt: skip
    next_year_extra_hires_at_current_share: int = figure(
        "Extra requisitions (current share)", "Req_c", "count", _EXTRA,
        ("next_year_fte_needed", "next_year_fte_at_current_share", "seat_loss"),
    )  # fmt: skip


def extra_requisitions(needed: float, available: float, keep: float, small_gap: float) -> int:
    """Hires to add for next year: none for a small shortfall, else ceil(shortfall / (1 - loss))."""
    short = needed - available
    if short <= small_gap or keep <= 0:
        return 0
    return math.ceil(short / keep - _EPS)


def next_year_view(
    a: Assessment, prod: Productivity, s: Staffing, levers: PlanLevers
) -> NextYearView | None:
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
    needed = new_bookings / prod.productivity_plan
    keep = 1.0 - s.seat_loss
    hires = s.hires_with_reallocation
    at_target = keep * (sum(max(x, levers.target_time_share) for x in s.shares) + hires)
    at_current = keep * (sum(s.shares) + hires)
    small = levers.small_gap_fte
    return NextYearView(
        target=aspiration,
        retained=retained,
        requisition_month=s.latest_requisition_month,
        next_year_base=base,
        next_year_new_bookings=new_bookings,
        next_year_fte_needed=needed,
        next_year_fte_at_target_share=at_target,
        next_year_fte_at_current_share=at_current,
        next_year_extra_hires_at_target_share=extra_requisitions(needed, at_target, keep, small),
        next_year_extra_hires_at_current_share=extra_requisitions(needed, at_current, keep, small),
    )
