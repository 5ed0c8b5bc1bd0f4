"""The rows of the plan's schedule sections, worded: the engine's dated decisions (actions,
milestones, KPIs, cadence, give/get, risks) with their words from plays.yaml and plan.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..domain import Owner
from ..engine.kpis import KpiPlan
from ..engine.planning import PartnerPlan
from ..engine.schedule import Action as Scheduled
from ..engine.schedule import Milestone as Checkpoint
from ..inputs.playbook import Playbook
from ..wording import date_words, money, percent, whole

Names = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class QuarterRow:
    number: int
    ends: str
    new_bookings: str
    won_deals: str
    opportunities: str
    pipeline_at_start: str


@dataclass(frozen=True, slots=True)
class Action:
    due: str
    text: str
    owner: Owner
    done_when: str
    part_of: str  # the play's name, or "" for the plan's own steps


@dataclass(frozen=True, slots=True)
class Milestone:
    due: str
    text: str


@dataclass(frozen=True, slots=True)
class KpiRow:
    name: str
    kind: str
    today: str
    targets: tuple[str, ...]
    red_flags: tuple[tuple[str, str], ...]  # ("below", "17%") / ("above", "12%")


@dataclass(frozen=True, slots=True)
class Meeting:
    name: str
    rhythm: str
    who: str
    first: str


@dataclass(frozen=True, slots=True)
class GiveGet:
    give: str
    get: str


@dataclass(frozen=True, slots=True)
class Risk:
    risk: str
    dependency: str
    consequence: str
    exit: str


def quarters(plan: PartnerPlan, currency: str) -> tuple[QuarterRow, ...]:
    return tuple(
        QuarterRow(
            q.number,
            date_words(q.ends),
            money(q.new_bookings, currency),
            whole(q.won_deals),
            whole(q.opportunities),
            money(q.pipeline_at_start, currency),
        )
        for q in plan.year.quarters
    )


def action_words(a: Scheduled, playbook: Playbook, names: Names) -> tuple[str, str, str]:
    """The text, the measure of done and the play's name of one scheduled action."""
    if a.play is not None:
        spec = playbook.plays.play(a.play)
        steps = spec.vendor_actions if a.kind == "play_vendor" else spec.partner_actions
        step = steps[a.index]
        return step.do.format_map(names), step.done_when.format_map(names), spec.name
    fixed = getattr(playbook.plan.actions, a.kind)
    local = dict(names)
    if a.dimension is not None:
        local["capability"] = playbook.rubric.dimension(a.dimension).name.lower()
    return fixed.text.format_map(local), fixed.done_when.format_map(local), ""


def actions(plan: PartnerPlan, playbook: Playbook, names: Names) -> tuple[Action, ...]:
    out = []
    for a in plan.year.schedule.actions:
        text, done_when, part_of = action_words(a, playbook, names)
        out.append(Action(date_words(a.due), text, a.owner, done_when, part_of))
    return tuple(out)


def _checkpoint_words(m: Checkpoint, plan: PartnerPlan, playbook: Playbook, names: Names) -> str:
    currency, t = plan.assessment.partner.currency, plan.year.timeline
    local = dict(names)
    local["opportunities_to_date"] = whole(m.opportunities_to_date)
    local["bookings_to_date"] = money(m.bookings_to_date, currency)
    if m.next_quarter is not None and m.pipeline_next_quarter is not None:
        local["pipeline_next_quarter"] = money(m.pipeline_next_quarter, currency)
        local["next_quarter_start"] = date_words(t.quarter_start(m.next_quarter))
    text = playbook.plan.milestones
    template = {
        "day": text.days[m.index].text if m.kind == "day" else "",
        "requisitions": text.requisitions,
        "first_hire": text.first_hire,
        "quarter": text.quarter,
    }[m.kind]
    return sentence(template.format_map(local))


def sentence(text: str) -> str:
    """A table cell's text starting with a capital (a placeholder may lead it)."""
    return text[:1].upper() + text[1:]


def milestones(plan: PartnerPlan, playbook: Playbook, names: Names) -> tuple[Milestone, ...]:
    return tuple(
        Milestone(date_words(m.due), _checkpoint_words(m, plan, playbook, names))
        for m in plan.year.schedule.milestones
    )


def kpi_value(k: KpiPlan, value: float | None, currency: str) -> str:
    if value is None:
        return "not recorded"
    if k.unit == "currency":
        return money(value, currency)
    if k.unit == "fraction":  # small shares keep a decimal, so a close red flag reads apart
        return f"{value * 100:.1f}%" if 0 < abs(value) < 0.1 else percent(value)
    if k.unit == "days":
        return f"{whole(value)} days"
    return whole(value)


def kpis(plan: PartnerPlan, playbook: Playbook) -> tuple[KpiRow, ...]:
    currency, words = plan.assessment.partner.currency, playbook.plan.kpis.names
    out = []
    for k in plan.year.kpis:
        side = "above" if k.lower_is_better else "below"
        out.append(
            KpiRow(
                words[k.key].name,
                words[k.key].kind,
                kpi_value(k, k.today, currency),
                tuple(kpi_value(k, v, currency) for v in k.targets),
                tuple((side, kpi_value(k, v, currency)) for v in k.red_flags),
            )
        )
    return tuple(out)


def cadence(plan: PartnerPlan, playbook: Playbook, names: Names) -> tuple[Meeting, ...]:
    c, text = plan.year.schedule.cadence, playbook.plan.cadence
    rows = (
        (text.pipeline_review, c.pipeline_review),
        (text.deal_review, c.deal_review),
        (text.forecast_call, c.forecast_call),
        (text.qbr, c.qbr),
        (text.refresh, c.refresh),
    )
    return tuple(
        Meeting(
            m.name.format_map(names),
            m.rhythm.format_map(names),
            m.who.format_map(names),
            date_words(first),
        )
        for m, first in rows
    )


def give_get(plan: PartnerPlan, playbook: Playbook, names: Names) -> tuple[GiveGet, ...]:
    text, out = playbook.plan.give_get, []
    for row in plan.year.schedule.give_get:
        if row.kind == "play" and row.play is not None:
            spec = playbook.plays.play(row.play)
            give = spec.vendor_actions[0].do if spec.vendor_actions else text.offers[plan.archetype]
            get = spec.partner_actions[0].do if spec.partner_actions else spec.measure
        elif row.kind == "offer":
            give, get = text.offers[plan.archetype], text.commitments[plan.archetype]
        elif row.kind == "mdf":
            give, get = text.mdf, text.mdf_commitment
        else:
            give, get = text.hiring, text.hiring_commitment
        out.append(GiveGet(sentence(give.format_map(names)), sentence(get.format_map(names))))
    return tuple(out)


def risks(plan: PartnerPlan, playbook: Playbook, names: Names) -> tuple[Risk, ...]:
    out = []
    for key in plan.year.risks:
        r = playbook.plan.risks[key]
        out.append(
            Risk(
                *(
                    sentence(part.format_map(names))
                    for part in (r.risk, r.dependency, r.consequence, r.exit)
                )
            )
        )
    return tuple(out)
