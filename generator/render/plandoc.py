"""Assemble the business-development plan (shared with the partner) from a computed plan.

Pure: a :class:`PartnerPlan` and the playbook model in, a frozen :class:`PlanDocument` out, with
every row the page shows already chosen, dated and owned. The template only lays it out. Nothing
from the assessment's ``internal:`` section is read here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ..domain import Lever
from ..engine.figures import Figure
from ..engine.planning import PartnerPlan
from ..inputs.playbook import Playbook, PlaySpec
from .formatting import KEY_FIGURES, money

Owner = Literal["Partner", "Vendor", "Joint"]

LEVER_WORDS = {
    Lever.win_rate: "win rate",
    Lever.deal_size: "deal size",
    Lever.pipeline_per_seller: "pipeline per seller",
    Lever.capacity: "selling capacity",
    Lever.retention: "retention",
}


@dataclass(frozen=True)
class Action:
    text: str
    owner: Owner
    due: dt.date
    measure: str
    play: str


@dataclass(frozen=True)
class Milestone:
    when: str
    due: dt.date
    what: str


@dataclass(frozen=True)
class Kpi:
    name: str
    kind: Literal["Leading", "Lagging"]
    target: str
    red_flag: str


@dataclass(frozen=True)
class Meeting:
    name: str
    rhythm: str
    who: str
    first: dt.date | None


@dataclass(frozen=True)
class PriorityPlay:
    spec: PlaySpec
    score: float
    pinned_by: str | None
    levers: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class ScoreRow:
    code: str
    name: str
    score: int | None
    self_score: int | None
    target: int
    gap: int
    evidence: str


@dataclass(frozen=True)
class Comparison:
    label: str
    as_is: str
    plan: str


@dataclass(frozen=True)
class PlanDocument:
    plan: PartnerPlan
    period_start: dt.date
    period_end: dt.date
    multiplier: str
    plays: tuple[PriorityPlay, ...]
    scorecard: tuple[ScoreRow, ...]
    comparison: tuple[Comparison, ...]
    actions: tuple[Action, ...]
    milestones: tuple[Milestone, ...]
    kpis: tuple[Kpi, ...]
    cadence: tuple[Meeting, ...]
    next_meeting: dt.date
    gives: tuple[str, ...]
    gets: tuple[str, ...]
    risks: tuple[str, ...]
    explained: tuple[Figure, ...]


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def multiplier_story(plan: PartnerPlan) -> str:
    """'2.43x new bookings = 1.17x pipeline per seller x 2.08x selling capacity' (levers > 1)."""
    g, prod = plan.growth, plan.chain.productivity
    if g.bookings_growth is None:
        return "a first year: every figure is a target to build from zero"
    parts = [
        (LEVER_WORDS[Lever.win_rate], prod.factor_win_rate),
        (LEVER_WORDS[Lever.deal_size], prod.factor_deal_size),
        (LEVER_WORDS[Lever.pipeline_per_seller], prod.factor_pipeline_per_seller),
        (LEVER_WORDS[Lever.capacity], g.factor_capacity),
    ]
    moving = [f"{f:.2f}x {name}" for name, f in parts if f is not None and abs(f - 1) >= 0.005]
    head = f"{g.bookings_growth:.2f}x new bookings"
    return f"{head} = {' x '.join(moving)}" if moving else f"{head}, with every lever held"


def _why(score: object, spec: PlaySpec, plan: PartnerPlan) -> tuple[tuple[str, ...], str]:
    from ..engine.plays import PlayScore

    assert isinstance(score, PlayScore)
    staff = plan.chain.staffing
    levers = tuple(
        LEVER_WORDS[lever]
        for lever, a in sorted(spec.levers.items(), key=lambda kv: -kv[1])
        if a > 0 and plan.growth.weights.get(lever, 0) > 0
    )
    if score.pinned_by == "data":
        why = (
            "Comes first: until the pipeline and the forecast can be trusted, every other "
            "number in this plan rests on guesses."
        )
    elif score.pinned_by == "lead-time":
        why = (
            "Starts now because new selling capacity takes the longest to arrive: "
            f"hiring and ramp take about {staff.t_hire + staff.ramp_months_used:.1f} "
            "months."
        )
    elif score.pinned_by == "new-partner":
        why = "The first 90 days decide whether a new partnership takes off."
    elif levers:
        why = f"Moves {', '.join(levers)}, the levers this plan depends on most."
    else:
        why = "Builds a capability this plan depends on."
    if score.gap > 0:
        why += f" It also closes a capability gap of {score.gap} level(s)."
    return levers, why


def _actions(
    plan: PartnerPlan, plays: tuple[PriorityPlay, ...], start: dt.date, model: Playbook
) -> tuple[Action, ...]:
    day = start.__add__
    rows = [
        Action(
            "Agree this plan, its goals and its KPIs; name an owner on each side",
            "Joint",
            day(dt.timedelta(days=7)),
            "Plan signed off by both sides",
            "all",
        )
    ]
    for k, play in enumerate(plays):
        spec = play.spec
        for i, text in enumerate(spec.vendor_actions[:1]):
            rows.append(
                Action(
                    text,
                    "Vendor",
                    day(dt.timedelta(days=min(90, 10 + 7 * k + 14 * i))),
                    spec.measure,
                    spec.id,
                )
            )
        for i, text in enumerate(spec.partner_actions[:2]):
            rows.append(
                Action(
                    text,
                    "Partner",
                    day(dt.timedelta(days=min(90, 14 + 7 * k + 25 * i))),
                    spec.measure,
                    spec.id,
                )
            )
    for dim in plan.capability.unknown:
        name = model.rubric.dimension(dim).name
        rows.append(
            Action(
                f"Collect the evidence to score {name}",
                "Joint",
                day(dt.timedelta(days=30)),
                "A score recorded with its evidence",
                "scorecard",
            )
        )
    rows.append(
        Action(
            "Re-score the capabilities and update the assessment",
            "Joint",
            day(dt.timedelta(days=90)),
            "New dated assessment on file",
            "all",
        )
    )
    return tuple(sorted(rows, key=lambda a: (a.due, a.owner != "Joint", a.play)))


def _milestones(plan: PartnerPlan, start: dt.date) -> tuple[Milestone, ...]:
    c, cur = plan.chain, plan.assessment.partner.currency
    day = start.__add__
    rows = [
        Milestone(
            "Day 30",
            day(dt.timedelta(days=30)),
            "Weekly pipeline review running; every open deal has a dated next step",
        ),
        Milestone(
            "Day 60",
            day(dt.timedelta(days=60)),
            f"{c.flow.opportunities_per_quarter * 2 / 3:.0f} new qualified opportunities "
            "created since the start",
        ),
        Milestone(
            "Day 90",
            day(dt.timedelta(days=90)),
            "Qualified pipeline of at least "
            f"{money(c.coverage.pipeline_needed_at_quarter_start, cur)} for the next "
            "quarter; plays reviewed and re-scored",
        ),
    ]
    if c.staffing.hires > 0:
        rows.insert(
            0,
            Milestone(
                "Day 14", day(dt.timedelta(days=14)), f"{c.staffing.hires} requisition(s) open"
            ),
        )
        hire_day = round(c.staffing.t_hire * 30.4)
        rows.append(
            Milestone(
                f"Day {hire_day}",
                day(dt.timedelta(days=hire_day)),
                "First new seller starts, with a written ramp plan",
            )
        )
    for q in (2, 3, 4):
        rows.append(
            Milestone(
                f"Quarter {q}",
                day(dt.timedelta(days=round(91.25 * (q - 1)))),
                f"New bookings of {money(c.coverage.new_bookings_per_quarter * (q - 1), cur)} "
                "to date; QBR reviews the plan",
            )
        )
    return tuple(sorted(rows, key=lambda m: m.due))


def _kpis(plan: PartnerPlan) -> tuple[Kpi, ...]:
    c, a = plan.chain, plan.assessment
    cur = a.partner.currency
    flag = 0.8
    rows = [
        Kpi(
            "Qualified opportunities created per quarter",
            "Leading",
            f"{c.flow.opportunities_per_quarter:.0f}",
            f"below {c.flow.opportunities_per_quarter * flag:.0f}",
        ),
        Kpi(
            "Qualified pipeline at quarter start",
            "Leading",
            money(c.coverage.pipeline_needed_at_quarter_start, cur),
            f"below {money(c.coverage.pipeline_needed_at_quarter_start * flag, cur)}",
        ),
        Kpi("Stale share of open pipeline", "Leading", "10% or less", "above 20%"),
        Kpi("Eligible deals registered", "Leading", "95% or more", "below 80%"),
        Kpi(
            "New bookings per quarter",
            "Lagging",
            money(c.coverage.new_bookings_per_quarter, cur),
            f"below {money(c.coverage.new_bookings_per_quarter * flag, cur)}",
        ),
        Kpi(
            "Win rate",
            "Lagging",
            _pct(c.productivity.win_rate_target),
            f"below {_pct(max(0.0, c.conversion.win_rate_used - 0.03))}",
        ),
        Kpi(
            "Average deal size",
            "Lagging",
            money(c.productivity.avg_deal_size_target, cur),
            f"below {money(c.conversion.avg_deal_size_used * 0.9, cur)}",
        ),
        Kpi(
            "Sales cycle",
            "Lagging",
            f"{c.conversion.sales_cycle_days_used:.0f} days",
            f"above {c.conversion.sales_cycle_days_used * 1.25:.0f} days",
        ),
        Kpi("Forecast accuracy (commit vs actual)", "Lagging", "85% or better", "below 70%"),
    ]
    if plan.growth.recurring and a.revenue.gross_revenue_retention is not None:
        grr = a.revenue.gross_revenue_retention
        target = max(grr, plan.parameters.benchmarks.grr or grr)
        rows.append(
            Kpi("Gross revenue retention", "Lagging", _pct(target), f"below {_pct(grr - 0.05)}")
        )
    return tuple(rows)


def _cadence(plan: PartnerPlan, start: dt.date, model: Playbook) -> tuple[Meeting, ...]:
    tier = model.program.tiers[plan.assessment.partner.tier]
    first_qbr = plan.assessment.assessment.next_meeting or start + dt.timedelta(days=91)
    conv = plan.chain.conversion
    qbr = {
        "none": "Quarterly scorecard review by email or a short call",
        "light": "Light QBR twice a year",
        "full": "Quarterly business review",
        "executive": "Quarterly business review with both executives",
    }[tier.qbr]
    return (
        Meeting(
            "Pipeline review",
            "Weekly, 45 minutes",
            "Partner sales lead runs it; partner manager joins weekly for 6 weeks, then monthly",
            start + dt.timedelta(days=7),
        ),
        Meeting(
            "Deal review",
            "Every two weeks",
            "Top 5 deals, and any deal above "
            f"{money(2 * conv.avg_deal_size_used, plan.assessment.partner.currency)}",
            start + dt.timedelta(days=14),
        ),
        Meeting(
            "Forecast call",
            "Monthly",
            "Partner sales lead and partner manager",
            start + dt.timedelta(days=30),
        ),
        Meeting("QBR", qbr, "Both sides' owners of this plan", first_qbr),
        Meeting("Plan refresh", "Yearly", "Both sides", start + dt.timedelta(days=365)),
    )


def build_plan_document(plan: PartnerPlan, model: Playbook) -> PlanDocument:
    """Everything the shared plan shows, chosen, owned and dated for this partner."""
    a, c = plan.assessment, plan.chain
    start = a.assessment.date
    by_id = {s.id: s for s in plan.plays}
    plays = []
    for pid in plan.plan_90_day:
        spec, score = model.plays.play(pid), by_id[pid]
        levers, why = _why(score, spec, plan)
        plays.append(PriorityPlay(spec, score.score, score.pinned_by, levers, why))
    scorecard = tuple(
        ScoreRow(
            r.dimension.code,
            model.rubric.dimension(r.dimension).name,
            r.score,
            r.self_score,
            r.target,
            r.gap,
            a.capabilities.get(r.dimension).evidence,
        )
        for r in plan.capability.dimensions
    )
    cur = a.partner.currency
    opf_now = (
        "n/a"
        if c.productivity.decided_opps_per_fte is None
        else f"{c.productivity.decided_opps_per_fte:.0f}"
    )
    opf_plan = (
        "n/a"
        if c.productivity.decided_opps_per_fte_target is None
        else f"{c.productivity.decided_opps_per_fte_target:.0f}"
    )
    comparison = (
        Comparison(
            "Win rate", _pct(c.conversion.win_rate_used), _pct(c.productivity.win_rate_target)
        ),
        Comparison(
            "Average deal size",
            money(c.conversion.avg_deal_size_used, cur),
            money(c.productivity.avg_deal_size_target, cur),
        ),
        Comparison("Decided opportunities per seller a year", opf_now, opf_plan),
        Comparison(
            "New bookings per seller a year",
            money(c.productivity.productivity_per_fte, cur),
            money(c.productivity.productivity_plan, cur),
        ),
        Comparison(
            "Sellers needed (full-time equivalents)",
            f"{c.productivity.fte_required_as_is:.1f}",
            f"{c.productivity.fte_required_plan:.1f}",
        ),
        Comparison(
            "Sellers available today (full-time equivalents)",
            f"{c.staffing.fte_effective:.1f}",
            f"{c.staffing.fte_effective:.1f}",
        ),
        Comparison(
            "Revenue the current team can reach",
            money(c.ceilings.capacity_ceiling_as_is, cur),
            money(c.ceilings.capacity_ceiling, cur),
        ),
    )
    plays_t = tuple(plays)
    give = (
        [
            f"Market-development funds: {money(a.program.mdf_allocated, cur)} allocated, "
            "released against pipeline milestones"
        ]
        if a.program.mdf_allocated
        else []
    )
    give += [f"{p.spec.name}: {p.spec.vendor_actions[0]}" for p in plays_t if p.spec.vendor_actions]
    get = [f"{p.spec.name}: {p.spec.partner_actions[0]}" for p in plays_t if p.spec.partner_actions]
    if c.staffing.hires:
        get.insert(
            0,
            f"Hire {c.staffing.hires} seller(s) on our line, or raise time-share and hire "
            f"{c.staffing.hires_with_reallocation}",
        )
    risks = list(plan.warnings)
    if c.ceilings.capacity_ceiling_as_is < a.target_revenue:
        risks.append(
            f"If nothing changes, the current team reaches about "
            f"{money(c.ceilings.capacity_ceiling_as_is, cur)} against a goal of "
            f"{money(a.target_revenue, cur)}."
        )
    risks.append(
        "Escalation: a KPI below its red flag for two months in a row goes to the next "
        "QBR with a recovery plan."
    )
    keys = [key for _, section in KEY_FIGURES for key in section]
    explained = tuple(plan.figures[k] for k in keys if k in plan.figures)
    cadence = _cadence(plan, start, model)
    return PlanDocument(
        plan=plan,
        period_start=start,
        period_end=start + dt.timedelta(days=364),
        multiplier=multiplier_story(plan),
        plays=plays_t,
        scorecard=scorecard,
        comparison=comparison,
        actions=_actions(plan, plays_t, start, model),
        milestones=_milestones(plan, start),
        kpis=_kpis(plan),
        cadence=cadence,
        next_meeting=cadence[3].first or start,
        gives=tuple(give),
        gets=tuple(get),
        risks=tuple(risks),
        explained=explained,
    )
