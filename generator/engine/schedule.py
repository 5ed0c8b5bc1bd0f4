"""The plan's schedule: dated actions with owners, milestones with their figures, the operating
cadence scaled to the partner, the give/get rows and the risks that apply (§5.6-§5.11).

Decisions and dates only; the words come from plays.yaml and plan.yaml when the plan is
rendered. Every date counts from the plan start (§8 R24), none before it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..domain import Dimension, Owner, QbrDepth
from ..inputs.assessment import Assessment
from ..inputs.plantext import PlanText
from ..inputs.playbook import Playbook
from .chain import Chain
from .fastinit import fast_init
from .hiring import HiringPlan
from .phasing import Quarter
from .timeline import Timeline

ActionKind = Literal[
    "agree", "time_share", "requisitions", "ramp_plan", "collect_evidence", "rescore",
    "play_vendor", "play_partner",
]  # fmt: skip
RowKind = Literal["play", "offer", "mdf", "hiring"]


@fast_init
@dataclass(frozen=True, slots=True)
class Action:
    kind: ActionKind
    owner: Owner
    due: dt.date
    play: str | None = None  # the play whose action this is
    index: int = 0  # which of the play's partner or vendor actions
    dimension: Dimension | None = None  # the capability to collect evidence on


@fast_init
@dataclass(frozen=True, slots=True)
class Milestone:
    """A dated checkpoint: a plan.yaml day milestone, a hiring step or a quarter end."""

    kind: Literal["day", "requisitions", "first_hire", "quarter"]
    due: dt.date
    index: int  # which day milestone, or the quarter number
    opportunities_to_date: int  # phased, from the plan start to ``due``
    bookings_to_date: float
    next_quarter: int | None  # the quarter that starts after ``due``
    pipeline_next_quarter: float | None


@fast_init
@dataclass(frozen=True, slots=True)
class CadencePlan:
    runner: Literal["manager", "owner"]  # who runs the partner's reviews
    minutes: int  # of the weekly pipeline review
    review_deals: int | None  # the largest open deals reviewed; None = every open deal
    pipeline_review: dt.date
    deal_review: dt.date
    forecast_call: dt.date
    qbr: dt.date
    qbr_depth: QbrDepth
    refresh: dt.date


@fast_init
@dataclass(frozen=True, slots=True)
class GiveGetRow:
    kind: RowKind
    play: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class Schedule:
    actions: tuple[Action, ...]
    milestones: tuple[Milestone, ...]
    cadence: CadencePlan
    give_get: tuple[GiveGetRow, ...]
    first_hire_start: dt.date | None  # when the first planned hire starts selling
    requisitions_due: dt.date
    time_share_due: dt.date
    latest_requisition: dt.date  # for a seller fully ramped at next year's start


def _play_actions(focus: Sequence[str], playbook: Playbook, t: Timeline) -> list[Action]:
    rules, out = playbook.plan.actions.plays, []
    for k, pid in enumerate(focus):
        spec = playbook.plays.play(pid)
        vendor, partner = spec.vendor_actions, spec.partner_actions
        sides = (
            ("play_vendor", "Vendor", vendor[: rules.vendor_count], rules.vendor_first_day),
            ("play_partner", "Partner", partner[: rules.partner_count], rules.partner_first_day),
        )
        for kind, owner, actions, first in sides:
            for i in range(len(actions)):
                day = min(rules.last_day, first + rules.step_days * k + rules.next_days * i)
                out.append(Action(kind, owner, t.day(day), pid, i))  # type: ignore[arg-type]
    return out


def actions(
    focus: Sequence[str],
    unknown: Sequence[Dimension],
    hiring: HiringPlan,
    playbook: Playbook,
    t: Timeline,
) -> tuple[Action, ...]:
    """The 90-day actions, sorted by due date (agreeing the plan is due on the plan start)."""
    fixed = playbook.plan.actions
    out = [Action("agree", fixed.agree.owner, t.day(fixed.agree.due_day))]
    if hiring.raises_time_share:
        out.append(Action("time_share", fixed.time_share.owner, t.day(fixed.time_share.due_day)))
    if hiring.hires_planned:
        for kind in ("requisitions", "ramp_plan"):
            spec = getattr(fixed, kind)
            out.append(Action(kind, spec.owner, t.day(spec.due_day)))
    out += _play_actions(focus, playbook, t)
    for d in unknown:
        spec = fixed.collect_evidence
        out.append(Action("collect_evidence", spec.owner, t.day(spec.due_day), dimension=d))
    out.append(Action("rescore", fixed.rescore.owner, t.day(fixed.rescore.due_day)))
    order = {"Joint": 0, "Partner": 1, "Vendor": 2}
    return tuple(sorted(out, key=lambda a: (a.due, order[a.owner], a.play or "")))


def _to_date(quarters: Sequence[Quarter], t: Timeline, due: dt.date) -> tuple[float, float]:
    """Opportunities and bookings phased from the start to ``due`` (linear within a quarter)."""
    opps = money = 0.0
    for q in quarters:
        begin, end = t.quarter_start(q.number), q.ends
        if due >= end:
            opps, money = opps + q.opportunities, money + q.new_bookings
        elif due >= begin:
            part = ((due - begin).days + 1) / ((end - begin).days + 1)
            opps, money = opps + q.opportunities * part, money + q.new_bookings * part
    return opps, money


def _milestone(
    kind: Literal["day", "requisitions", "first_hire", "quarter"],
    due: dt.date,
    index: int,
    quarters: Sequence[Quarter],
    t: Timeline,
) -> Milestone:
    opps, money = _to_date(quarters, t, due)
    following = next((q for q in quarters if t.quarter_start(q.number) >= due), None)
    return Milestone(
        kind, due, index, math.floor(opps + 1e-9), money,
        None if following is None else following.number,
        None if following is None else following.pipeline_at_start,
    )  # fmt: skip


def milestones(
    quarters: Sequence[Quarter], hiring: HiringPlan, first_hire: dt.date | None,
    text: PlanText, t: Timeline,
) -> tuple[Milestone, ...]:  # fmt: skip
    out = [
        _milestone("day", t.day(m.day), i, quarters, t) for i, m in enumerate(text.milestones.days)
    ]
    if hiring.hires_planned and first_hire is not None:
        due = t.day(text.actions.requisitions.due_day)
        out.append(_milestone("requisitions", due, 0, quarters, t))
        out.append(_milestone("first_hire", first_hire, 0, quarters, t))
    out += [_milestone("quarter", q.ends, q.number, quarters, t) for q in quarters]
    return tuple(sorted(out, key=lambda m: (m.due, m.kind != "quarter")))


def cadence(a: Assessment, chain: Chain, playbook: Playbook, t: Timeline) -> CadencePlan:
    """The rhythm scaled to the partner: who runs the reviews, how long, and how many deals."""
    c, reviews = playbook.plan.cadence, playbook.program.deal_reviews
    sellers = len(chain.staffing.shares)
    small = sellers <= c.small_team_sellers
    ads = chain.conversion.avg_deal_size_used
    open_deals = round(a.pipeline.total / ads) if ads > 0 else 0
    depth = playbook.program.tiers[a.partner.tier].qbr
    return CadencePlan(
        runner="manager" if a.team.has_sales_manager else "owner",
        minutes=c.small_team_minutes if small else c.pipeline_review_minutes,
        review_deals=None if open_deals <= reviews.top_deals else reviews.top_deals,
        pipeline_review=t.day(c.pipeline_review.first_day or 0),
        deal_review=t.day(c.deal_review.first_day or 0),
        forecast_call=t.day(c.forecast_call.first_day or 0),
        qbr=t.quarter_ends[0] if depth != "light" else t.quarter_ends[1],
        qbr_depth=depth,
        refresh=t.end,
    )


def give_get(focus: Sequence[str], a: Assessment, hiring: HiringPlan) -> tuple[GiveGetRow, ...]:
    """One row per 90-day play, then the archetype's offer, MDF and the hiring support."""
    rows = [GiveGetRow("play", pid) for pid in focus]
    rows.append(GiveGetRow("offer"))
    if a.program.mdf_allocated > 0:
        rows.append(GiveGetRow("mdf"))
    if hiring.hires_planned:
        rows.append(GiveGetRow("hiring"))
    return tuple(rows)


def risks(
    chain: Chain,
    hiring: HiringPlan,
    first_quarter_gap: float,
    data_gate: bool,
    defending: bool,
    recurring: bool,
    tier_at_risk: bool,
) -> tuple[str, ...]:
    """The risks this plan names, each with a dependency, consequence and exit (plan.yaml)."""
    conv = chain.conversion
    estimates = (
        conv.win_rate_low_confidence or conv.deal_size_basis != "observed" or conv.cycle_defaulted
    )
    checks = {
        "hiring": hiring.hires_planned > 0,
        "time_share": hiring.raises_time_share,
        "conversion": chain.productivity.factor_win_rate > 1 + 1e-9,
        "pipeline": first_quarter_gap > 0,
        "forecast": data_gate,
        "capacity": hiring.route == "defer",
        "target_below": defending,
        "retention": recurring,
        "estimates": estimates,
        "tier": tier_at_risk,
    }
    return tuple(key for key, holds in checks.items() if holds)
