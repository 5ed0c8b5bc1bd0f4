"""The business-development plan shared with the partner (§5), in the partner's language.

Pure: a :class:`PartnerPlan` and the playbook in, a frozen :class:`PlanDocument` out, with every
row the page and the PDF show already chosen, dated, owned and worded; the words come from
plays.yaml and plan.yaml, every number from the engine. The template only lays it out. Nothing
from the assessment's ``internal:`` section is read here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..engine.figures import WORDS
from ..engine.planning import PartnerPlan
from ..engine.plays import PlayScore
from ..inputs.playbook import Playbook
from ..wording import date_words
from .explain import explanation, values
from .facts import facts
from .plansections import (
    Action,
    GiveGet,
    KpiRow,
    Meeting,
    Milestone,
    QuarterRow,
    Risk,
    actions,
    cadence,
    give_get,
    kpis,
    milestones,
    quarters,
    risks,
)
from .whatif import WhatIf, what_if


@dataclass(frozen=True, slots=True)
class PriorityPlay:
    name: str
    summary: str
    why: str
    measure: str


@dataclass(frozen=True, slots=True)
class ScoreRow:
    name: str
    level: int | None  # None = not known yet
    own_view: int | None
    target: int
    to_go: int
    evidence: str


@dataclass(frozen=True, slots=True)
class Comparison:
    label: str
    as_is: str
    plan: str
    keys: tuple[str, ...]  # figures explained for this row


@dataclass(frozen=True, slots=True)
class PlanDocument:
    plan: PartnerPlan
    partner: str
    period: tuple[str, str]  # plan start and end, for reading
    assessed: str
    notices: tuple[str, ...]
    goal: str
    multiplier: str
    focus: tuple[str, ...]  # the 90-day plays' names
    focus_note: str  # what the next 90 days hold when no play is needed ("" otherwise)
    next_review: str
    values: Mapping[str, str]  # every figure (and fact) as the partner reads it
    explained: Mapping[str, str]  # figure key: its plain-words explanation
    comparison: tuple[Comparison, ...]
    quarters: tuple[QuarterRow, ...]
    scorecard: tuple[ScoreRow, ...]
    plays: tuple[PriorityPlay, ...]
    actions: tuple[Action, ...]
    milestones: tuple[Milestone, ...]
    kpis: tuple[KpiRow, ...]
    cadence: tuple[Meeting, ...]
    give_get: tuple[GiveGet, ...]
    risks: tuple[Risk, ...]
    escalation: str
    key_numbers: tuple[tuple[str, str, str], ...]  # label, value, figure key
    whatif: WhatIf | None  # the shared scenarios beside the plan


def multiplier_story(plan: PartnerPlan, playbook: Playbook, names: Mapping[str, str]) -> str:
    """'2.4x new bookings = 1.2x pipeline per seller x 2.1x selling capacity' (levers that move)."""
    text, g = playbook.plan, plan.growth
    if g.bookings_growth is None:
        return text.multiplier.first_year
    if g.mode == "maintain":
        return text.multiplier.maintain.format_map(names)
    if names["factors"] == "every lever where it is today":
        return text.multiplier.held.format_map(names)
    return text.multiplier.story.format_map(names)


def _why(score: PlayScore, plan: PartnerPlan, playbook: Playbook, names: Mapping[str, str]) -> str:
    w, spec = playbook.plan.why, playbook.plays.play(score.id)
    levers = [
        playbook.plan.levers[lever]
        for lever, a in sorted(spec.levers.items(), key=lambda kv: -kv[1])
        if a > 0 and plan.growth.weights.get(lever, 0) > 0
    ]
    if score.pinned_by == "data":
        why = w.data
    elif score.pinned_by == "lead-time":
        why = w.lead_time
    elif score.pinned_by == "new-partner":
        why = w.new_partner
    elif levers:
        why = w.levers.replace("{levers}", " and ".join(levers))
    else:
        why = w.other
    gaps = [
        playbook.rubric.dimension(d).name.lower() for d in spec.builds if plan.capability.gap(d)
    ]
    if gaps:
        why += " " + w.builds.replace("{capabilities}", " and ".join(gaps))
    return why.format_map(names)


def _plays(
    plan: PartnerPlan, playbook: Playbook, names: Mapping[str, str]
) -> tuple[PriorityPlay, ...]:
    by_id = {s.id: s for s in plan.plays}
    out = []
    for pid in plan.plan_90_day:
        spec = playbook.plays.play(pid)
        why = _why(by_id[pid], plan, playbook, names)
        out.append(PriorityPlay(spec.name, spec.summary, why, spec.measure.format_map(names)))
    return tuple(out)


def _scorecard(plan: PartnerPlan, playbook: Playbook) -> tuple[ScoreRow, ...]:
    a = plan.assessment
    return tuple(
        ScoreRow(
            playbook.rubric.dimension(r.dimension).name,
            r.score,
            r.self_score,
            r.target,
            r.gap,
            a.capabilities.get(r.dimension).evidence,
        )
        for r in plan.capability.dimensions
    )


def _comparison(plan: PartnerPlan, names: Mapping[str, str]) -> tuple[Comparison, ...]:
    rows = (
        ("Win rate", "win_rate_used", "win_rate_target"),
        ("Average deal size", "avg_deal_size_used", "avg_deal_size_target"),
        ("Opportunities decided per seller a year", "decided_opps_per_fte",
         "decided_opps_per_fte_target"),
        ("New bookings per full-time seller a year", "productivity_per_fte", "productivity_plan"),
        ("Full-time sellers needed", "fte_required_as_is", "fte_required_plan"),
        ("Full-time sellers available", "fte_effective", "fte_effective"),
        ("Revenue today's team can reach", "capacity_ceiling_as_is", "capacity_ceiling"),
    )  # fmt: skip
    return tuple(
        Comparison(label, names[before], names[after], tuple(dict.fromkeys((before, after))))
        for label, before, after in rows
    )


def _goal(plan: PartnerPlan, playbook: Playbook, names: Mapping[str, str]) -> str:
    return str(getattr(playbook.plan.goal, plan.year.goal)).format_map(names)


def _notices(plan: PartnerPlan, playbook: Playbook, names: Mapping[str, str]) -> tuple[str, ...]:
    n, text = plan.year.notices, playbook.plan.notices
    found = [text.stale if n.stale else "", text.meeting_passed if n.meeting_passed else ""]
    return tuple(t.format_map(names) for t in found if t)


def build_plan_document(plan: PartnerPlan, playbook: Playbook) -> PlanDocument:
    """Everything the shared plan shows, chosen, owned, dated and worded for this partner."""
    names = values(plan, facts(plan, playbook))
    t, cur = plan.year.timeline, plan.assessment.partner.currency
    return PlanDocument(
        plan=plan,
        partner=plan.assessment.partner.name,
        period=(date_words(t.start), date_words(t.end)),
        assessed=date_words(plan.assessment.assessment.date),
        notices=_notices(plan, playbook, names),
        goal=_goal(plan, playbook, names),
        multiplier=multiplier_story(plan, playbook, names),
        focus=tuple(playbook.plays.play(p).name for p in plan.plan_90_day),
        focus_note="" if plan.plan_90_day else playbook.plan.why.none,
        next_review=date_words(plan.year.schedule.cadence.qbr),
        values=MappingProxyType(names),
        explained=MappingProxyType(
            {k: explanation(k, plan, names) for k in plan.figures if WORDS[k].plain}
        ),
        comparison=_comparison(plan, names),
        quarters=quarters(plan, cur),
        scorecard=_scorecard(plan, playbook),
        plays=_plays(plan, playbook, names),
        actions=actions(plan, playbook, names),
        milestones=milestones(plan, playbook, names),
        kpis=kpis(plan, playbook),
        cadence=cadence(plan, playbook, names),
        give_get=give_get(plan, playbook, names),
        risks=risks(plan, playbook, names),
        escalation=playbook.plan.escalation.format_map(names),
        key_numbers=tuple((k.label, names[k.figure], k.figure) for k in playbook.plan.key_numbers),
        whatif=what_if(plan, playbook, shared_only=True),
    )
