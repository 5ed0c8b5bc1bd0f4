"""Where a partner's gap to target would come from (the portfolio's programme test): the gap
between the target and what today's team reaches as it works today, split into what the
capability plays, more seller time on our line and the planned hires each close, in that
order, and what stays uncovered."""

from __future__ import annotations

from .ceilings import Ceilings
from .figures import figure, stage
from .hiring import HiringPlan
from .productivity import Productivity
from .staffing import Staffing


@stage
class GapSplit:
    """The gap to target, split by what closes it."""

    gap_to_target: float = figure(
        "Gap to target (as-is)", "Gap", "currency/yr",
        "target revenue − as-is capacity ceiling, not below 0", ("revenue_shortfall_as_is",),
    )  # fmt: skip
    gap_from_capability: float = figure(
        "Gap closed by the capability plays", "Gap_cap", "currency/yr",
        "effective FTE × (plan productivity − productivity), at most the gap",
        ("gap_to_target", "fte_effective", "productivity_plan", "productivity_per_fte"),
    )  # fmt: skip
    gap_from_time_share: float = figure(
        "Gap closed by more seller time", "Gap_ts", "currency/yr",
        """seller time the plan moves onto our line (the time-share gain, or the smaller
        reallocation) × plan productivity, at most the gap left""",
        ("gap_to_target", "time_share_gain", "productivity_plan"),
    )  # fmt: skip
    gap_from_hires: float = figure(
        "Gap closed by the planned hires", "Gap_hire", "currency/yr",
        "plan-year FTE from the planned hires × plan productivity, at most the gap left",
        ("gap_to_target", "hire_fte", "productivity_plan"),
    )  # fmt: skip
    gap_uncovered: float = figure(
        "Gap left uncovered", "Gap_left", "currency/yr",
        "gap − the parts closed by capability plays, seller time and hires",
        ("gap_to_target", "gap_from_capability", "gap_from_time_share", "gap_from_hires"),
    )  # fmt: skip
    reach_with_plan: float = figure(
        "Revenue the plan can reach", "Reach_plan", "currency/yr",
        """retained revenue + (effective FTE + the seller time the plan moves onto our line +
        FTE from the planned hires) × plan productivity""",
        ("retained_revenue", "fte_effective", "time_share_gain", "hire_fte", "productivity_plan"),
        plain="""{retained_revenue} from renewals + the full-time sellers the plan counts on, at
        {productivity_plan} each = {reach_with_plan}""",
    )  # fmt: skip


def gap_split(
    ceil: Ceilings, prod: Productivity, s: Staffing, hiring: HiringPlan, retained: float
) -> GapSplit:
    """Each lever closes what it can of the gap the levers before it left."""
    gap = max(0.0, ceil.revenue_shortfall_as_is)
    p, p_plan = prod.productivity_per_fte, prod.productivity_plan
    moved = 0.0
    if hiring.raises_time_share:
        moved = s.time_share_gain
    elif hiring.route == "reallocate":
        moved = s.plan.reallocate_fte or 0.0
    parts, left = [], gap
    for amount in (
        s.fte_effective * max(0.0, p_plan - p),
        max(0.0, moved) * p_plan,
        hiring.hire_fte * p_plan,
    ):
        part = min(left, amount)
        parts.append(part)
        left -= part
    reach = retained + (s.fte_effective + max(0.0, moved) + hiring.hire_fte) * p_plan
    return GapSplit(gap, parts[0], parts[1], parts[2], left, reach)
