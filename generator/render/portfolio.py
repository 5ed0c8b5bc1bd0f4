"""The portfolio's data: one small entry per partner (cached by the build with the partner's
pages), the rows of the tables as of a day, and the groups of the views.

Pure: the computed plans in, frozen values out. Every figure is the engine's (nothing is
recomputed here); money stays in the partner's currency, and the totals (programme.py) convert
it with the programme's dated rates. Group names are data and go through the templates'
escaping; they never reach a file name (a manager's page is numbered).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import get_args

from ..domain import Archetype, Dimension, Tier
from ..engine.planning import PartnerPlan
from ..inputs.program import Thresholds
from .plandoc import PlanDocument

# Archetypes as §7.2 lays them out, Scale first; tiers from the top down.
ARCHETYPES: tuple[Archetype, ...] = get_args(Archetype)
TIERS: tuple[Tier, ...] = tuple(reversed(Tier))
# (date, capability index, revenue, win rate, forecast accuracy) of one assessment
Point = tuple[dt.date, float, float, float | None, float | None]


@dataclass(frozen=True, slots=True)
class PortfolioEntry:
    """What the portfolio shows of one partner: small, so the build can cache it per partner.
    Money is in ``currency``; the gap parts are the engine's GapSplit, in its order."""

    slug: str
    name: str
    tier: Tier
    segment: str
    archetype: Archetype
    overlays: tuple[str, ...]
    manager: str
    currency: str
    capability_index: float
    capacity_index: float | None
    growth: float | None  # reported growth multiple; None for a new partner
    revenue: float
    target: float
    new_bookings: float
    pipeline_on_hand: float
    pipeline_needed: float
    ceiling: float  # as-is capacity ceiling
    gap: tuple[float, float, float, float, float]  # to target; capability, time, hires, left
    hires: int  # the plan's one hiring number (R27)
    assessed: dt.date
    next_meeting: dt.date | None
    plan_start: dt.date
    scores: tuple[int | None, ...]  # per dimension, D1..D9; None = unknown
    gaps: tuple[int, ...]  # per dimension: levels to the tier target (0 = there)
    trend: tuple[Point, ...]  # every assessment, oldest first
    plays: tuple[str, ...]  # the 90-day plays, by name
    actions: tuple[tuple[dt.date, str, str], ...]  # (due, owner, action) of the plan


def portfolio_entry(plan: PartnerPlan, doc: PlanDocument) -> PortfolioEntry:
    """The entry of one partner; ``doc`` is its plan document (the plays' names and the
    actions as the plan words them). Its calendar events are kept apart (the manager's
    calendar needs them only when one of the manager's partners moved)."""
    a, c, y, g = plan.assessment, plan.chain, plan.year, plan.gap
    scores = {r.dimension: r.score for r in plan.capability.dimensions}
    gaps = {r.dimension: r.gap for r in plan.capability.dimensions}
    return PortfolioEntry(
        slug=plan.slug,
        name=a.partner.name,
        tier=a.partner.tier,
        segment=plan.parameters.segment,
        archetype=plan.archetype,
        overlays=tuple(plan.overlays),
        manager=a.partner.partner_manager,
        currency=a.partner.currency,
        capability_index=plan.capability.capability_index,
        capacity_index=c.ceilings.capacity_index,
        growth=c.targets.growth_reported,
        revenue=a.revenue.last_12_months,
        target=a.target_revenue,
        new_bookings=c.targets.new_bookings_needed,
        pipeline_on_hand=c.coverage.pipeline_on_hand,
        pipeline_needed=c.coverage.pipeline_needed_at_quarter_start,
        ceiling=c.ceilings.capacity_ceiling_as_is,
        gap=(
            g.gap_to_target,
            g.gap_from_capability,
            g.gap_from_time_share,
            g.gap_from_hires,
            g.gap_uncovered,
        ),
        hires=y.hiring.hires_planned,
        assessed=a.assessment.date,
        next_meeting=a.assessment.next_meeting,
        plan_start=y.timeline.start,
        scores=tuple(scores.get(d) for d in Dimension),
        gaps=tuple(gaps.get(d, 0) for d in Dimension),
        trend=tuple(
            (t.date, t.capability_index, t.revenue, t.win_rate, t.forecast_accuracy)
            for t in plan.trend
        ),
        plays=doc.focus,
        actions=tuple(
            (when.due, when.owner, worded.text)
            for when, worded in zip(y.schedule.actions, doc.actions, strict=True)
        ),
    )


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """One partner as of the day the portfolio is read."""

    entry: PortfolioEntry
    age_days: int
    stale: bool
    meeting_passed: bool

    @property
    def moved(self) -> tuple[Point, Point] | None:
        """The previous and the latest assessment, for a partner assessed more than once."""
        trend = self.entry.trend
        return (trend[-2], trend[-1]) if len(trend) > 1 else None


@dataclass(frozen=True, slots=True)
class Group:
    """One section of a view page: a group name (data, escaped on output) and its rows."""

    name: str
    rows: tuple[PortfolioRow, ...]
    page: str | None = None  # a manager's own page, by number


@dataclass(frozen=True, slots=True)
class View:
    """One grouped view page."""

    path: str
    title: str  # static text, never data
    intro: str  # static text, never data
    kind: str  # "tier", "segment", "archetype" or "manager": the column the view groups by
    groups: tuple[Group, ...]


def portfolio_rows(
    entries: Sequence[PortfolioEntry], thresholds: Thresholds, today: dt.date
) -> tuple[PortfolioRow, ...]:
    """Every partner as a row, sorted by name (then slug): stale past the threshold, and
    whether its booked meeting has passed."""
    limit = thresholds.stale_assessment_days
    rows = []
    for entry in sorted(entries, key=lambda e: (e.name.casefold(), e.slug)):
        age = (today - entry.assessed).days
        passed = entry.next_meeting is not None and entry.next_meeting < today
        rows.append(PortfolioRow(entry, age, age > limit, passed))
    return tuple(rows)


def manager_key(name: str) -> str:
    """Managers are the same person whatever the case or spacing of their name."""
    return " ".join(name.split()).casefold()


def _grouped(
    rows: Sequence[PortfolioRow], key: Callable[[PortfolioRow], str]
) -> dict[str, list[PortfolioRow]]:
    out: dict[str, list[PortfolioRow]] = {}
    for row in rows:
        out.setdefault(key(row), []).append(row)
    return out


def _fixed_groups(
    rows: Sequence[PortfolioRow], order: Sequence[str], key: Callable[[PortfolioRow], str]
) -> tuple[Group, ...]:
    found = _grouped(rows, key)
    return tuple(Group(name, tuple(found[name])) for name in order if name in found)


def manager_groups(rows: Sequence[PortfolioRow]) -> tuple[Group, ...]:
    """One group per partner manager, sorted; the n-th manager's page is ``manager-<n>``, so
    no name ever becomes a file name."""
    found = _grouped(rows, lambda r: manager_key(r.entry.manager))
    return tuple(
        Group(found[key][0].entry.manager, tuple(found[key]), f"manager-{n}")
        for n, key in enumerate(sorted(found), start=1)
    )


def portfolio_views(rows: Sequence[PortfolioRow]) -> tuple[View, ...]:
    """The grouped pages: by tier (top tier first), segment, archetype and partner manager."""
    segments = sorted({r.entry.segment for r in rows}, key=str.casefold)
    return (
        View(
            "portfolio/tiers.md",
            "Portfolio by tier",
            "Every partner under its current program tier, top tier first, with the tier's totals.",
            "tier",
            _fixed_groups(rows, [t.value for t in TIERS], lambda r: r.entry.tier.value),
        ),
        View(
            "portfolio/segments.md",
            "Portfolio by segment",
            "Every partner under the segment its plan uses (benchmarks and defaults), with the "
            "segment's totals.",
            "segment",
            _fixed_groups(rows, segments, lambda r: r.entry.segment),
        ),
        View(
            "portfolio/archetypes.md",
            "Portfolio by archetype",
            "Every partner under its plan archetype: the capability x capacity quadrant.",
            "archetype",
            _fixed_groups(rows, ARCHETYPES, lambda r: r.entry.archetype),
        ),
        View(
            "portfolio/managers.md",
            "Portfolio by partner manager",
            "Every partner under its partner manager, with the manager's totals. Each manager's "
            "own page has their week: meetings in date order, what is overdue or stale, the "
            "plays in flight and where their partners' capabilities fall short.",
            "manager",
            manager_groups(rows),
        ),
    )
