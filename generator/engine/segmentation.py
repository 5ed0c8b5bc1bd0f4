"""Plan archetype (§7.2 quadrant, §8 R23) and the overlays listed beside it."""

from __future__ import annotations

from ..domain import Archetype, Overlay, PartnerType
from ..inputs.assessment import Assessment
from ..inputs.program import Thresholds


def archetype(
    capability_index: float, capacity_index: float | None, thresholds: Thresholds
) -> Archetype:
    """The capability * capacity quadrant.

    A capacity index of None (nothing new to book: a retention-only plan) counts as enough
    people, since no seller capacity is needed.
    """
    capable = capability_index >= thresholds.high_capability
    staffed = capacity_index is None or capacity_index >= thresholds.high_capacity
    if capable:
        return "Scale" if staffed else "Invest in capacity"
    return "Enable" if staffed else "Incubate or exit review"


def never_won(a: Assessment) -> bool:
    """No won deal ever, as far as the assessment shows: no wins, bookings or revenue on record."""
    rev = a.revenue
    history = (
        rev.last_12_months,
        rev.new_bookings_last_12_months,
        rev.year_before or 0.0,
        rev.two_years_before or 0.0,
    )
    return a.deals.won_12m == 0 and not any(history)


def declining(a: Assessment, decline: float) -> bool:
    """Revenue down by at least ``decline`` in each of the last two years."""
    rev = a.revenue
    if rev.year_before is None or rev.two_years_before is None:
        return False
    factor = 1.0 - decline
    return (
        rev.two_years_before > 0
        and rev.year_before <= factor * rev.two_years_before
        and rev.last_12_months <= factor * rev.year_before
    )


def overlays(
    a: Assessment, new_tenure_months: float, thresholds: Thresholds, tier_at_risk: bool
) -> tuple[Overlay, ...]:
    """New, Turnaround, Defend and Recurring/MSP, in that order; they pin no play (R23)."""
    found: list[Overlay] = []
    if a.partner.tenure_months < new_tenure_months or never_won(a):
        found.append("New")
    if declining(a, thresholds.decline_per_year) or tier_at_risk:
        found.append("Turnaround")
    if a.target_revenue < a.revenue.last_12_months:
        found.append("Defend")
    if a.partner.type is PartnerType.MSP or a.revenue.plan_metric == "arr":
        found.append("Recurring/MSP")
    return tuple(found)
