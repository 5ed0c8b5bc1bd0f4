"""The plan's one hiring route and its one hiring number (§8 R27)."""

from __future__ import annotations

from collections import Counter

from ..domain import PlanRoute
from .figures import figure, stage
from .staffing import Staffing, ramped_months

RAISES_TIME_SHARE: frozenset[PlanRoute] = frozenset({"time-share", "time-share-then-hire"})


@stage
class HiringPlan:
    """How the plan closes its capacity gap: one route, one number of hires."""

    route: PlanRoute
    hire_starts: tuple[float, ...]  # each planned hire's start, in months after the plan start
    hires_planned: int = figure(
        "Hires planned", "Hires_plan", "count",
        """the plan's one hiring number: the hires left after raising time-share where the plan
        raises time-share first (P10 in the 90 days), else the plan-case hires; 0 where the
        route hires nobody""",
        ("hires", "hires_with_reallocation"),
        plain="""{hires_planned_words} to add the selling capacity today's team cannot give: each
        new seller brings about {new_hire_yield} of a full year in this plan year, after
        {time_to_hire} months to hire and {ramp} to ramp up""",
    )  # fmt: skip
    hire_fte: float = figure(
        "Plan-year FTE from the planned hires", "FTE_hires", "FTE",
        """the sum over the planned hires of (1 − loss) × productive months from their start to
        the plan year's end / 12, ramping linearly""",
        ("hires_planned", "seat_loss", "ramp_months_used"),
    )  # fmt: skip
    hire_bookings_per_month: float = figure(
        "New bookings a month from the planned hires", "B_hire_month", "currency",
        "hires planned × plan productivity × (1 − loss) / 12: what a month's delay costs",
        ("hires_planned", "productivity_plan", "seat_loss"),
    )  # fmt: skip

    @property
    def raises_time_share(self) -> bool:
        return self.route in RAISES_TIME_SHARE


def hiring_plan(
    s: Staffing, p_plan: float, time_share_in_focus: bool, starts: tuple[float, ...] | None = None
) -> HiringPlan:
    """R27: time-share-then-hire where R14 hires, time-share can add capacity and the time-share
    play is in the 90-day focus; otherwise R14's route, hiring only where it hires. A scenario's
    ``starts`` (months after the plan start) replace the count and its timing."""
    route: PlanRoute = s.plan.route
    hires = s.hires if route == "hire" else 0
    if s.plan.route == "hire" and s.reallocation_capacity > 0 and time_share_in_focus:
        route, hires = "time-share-then-hire", s.hires_with_reallocation
    if starts is None:
        starts = (s.t_hire,) * hires
    else:
        raises = route in RAISES_TIME_SHARE
        route = ("time-share-then-hire" if starts else "time-share") if raises else (
            "hire" if starts else "none"
        )  # fmt: skip
    loss, ramp = s.seat_loss, s.ramp_months_used
    fte = sum(
        n * (1 - loss) * ramped_months(0.0, 12.0 - m, ramp) for m, n in Counter(starts).items()
    )
    n = len(starts)
    return HiringPlan(route, starts, n, fte / 12, n * p_plan * (1 - s.seat_loss) / 12)
