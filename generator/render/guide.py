"""The coaching guide (§6): what the partner manager does in the next meeting with one partner.

The words live in ``content/model/coaching.yaml`` (validated here); :func:`build_guide` picks the
lines that fit one plan (archetype, overlays, 90-day plays, named conditions) and fills them with
the partner's figures. Pure: a plan in, a frozen :class:`CoachingGuide` out; nothing is rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from jinja2 import Environment

from ..domain import CODE, Archetype, Condition, Dimension, Mode, Overlay, Pattern, QbrDepth
from ..engine.capability import TierCheck
from ..engine.planning import PartnerPlan
from ..inputs.coaching import COACHING_FILE as COACHING_FILE
from ..inputs.coaching import FACT_KEYS as FACT_KEYS
from ..inputs.coaching import CoachingLibrary as CoachingLibrary
from ..inputs.coaching import Currency, ForecastCoaching, Lines
from ..inputs.coaching import load_coaching as load_coaching
from ..inputs.playbook import PlaybookModel
from .formatting import money, percent

TEMPLATE = "coaching.html.j2"

_SELLING = (Dimension.solution_selling, Dimension.product_knowledge, Dimension.presales)
_HYGIENE = (Dimension.pipeline_management, Dimension.forecasting)


@dataclass(frozen=True, slots=True)
class Item:
    """One filled-in line with a short label: a figure to show, a currency, a note."""

    label: str
    text: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Opener:
    code: str
    name: str
    score: int | None  # None = unknown
    target: int
    self_score: int | None
    evidence: str
    question: str
    comment: str | None  # the partner manager's internal comment on this dimension


@dataclass(frozen=True, slots=True)
class QbrItem:
    title: str
    minutes: int
    detail: str


@dataclass(frozen=True, slots=True)
class CoachingGuide:
    """Everything the coaching page shows, already chosen and filled in for one partner."""

    partner: str
    partner_manager: str
    assessed: str
    next_meeting: str | None
    tier: str
    archetype: Archetype
    overlays: tuple[Overlay, ...]
    mode: Mode
    growth_story: str
    capability_index: float
    capacity_index: float | None
    high_capability: float
    high_capacity: float
    data_gate: tuple[str, ...]  # why the data gate is on; empty when off
    stance: str
    pm_hours_per_month: float
    focus: tuple[str, ...]
    goal: str
    grow: tuple[str, str, str, str]  # goal, reality, options, will: the GROW questions
    partner_goals: tuple[str, ...]
    show: tuple[Item, ...]  # label: the figure; text: what it says for this partner
    ask: tuple[str, ...]
    commit: tuple[str, ...]
    give: tuple[str, ...]
    avoid: tuple[str, ...]
    currencies: tuple[Item, ...]  # label: the family; text: how to use it here; note: offers
    openers: tuple[Opener, ...]
    review_leader: str
    facts: Mapping[str, str]  # the partner's figures as the texts quote them
    press: tuple[Item, ...]  # SMB-6 questions to press on; note: the weak capability behind it
    meddpicc: tuple[str, ...]
    pipeline_checklist: tuple[str, ...]
    forecast_pattern: Pattern
    forecast: Item  # label: the pattern's name; text: the reading with the figures
    forecast_actions: tuple[str, ...]
    qbr_depth: QbrDepth
    qbr: tuple[QbrItem, ...]
    internal_notes: str | None
    relationship: str | None
    capability_comments: tuple[Item, ...]  # label: the dimension; those without an opener
    shared_notes: str | None
    stop: tuple[str, ...]


def _fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _shares(shares: Sequence[str]) -> str:
    """Time-share in words: '60% for each of the 2 sellers', or the list when they differ."""
    if len(shares) > 1 and len(set(shares)) == 1:
        return f"{shares[0]} for each of the {len(shares)} sellers"
    return ", ".join(shares) or "nil (no sellers listed)"


def _facts(plan: PartnerPlan, model: PlaybookModel, lib: CoachingLibrary) -> dict[str, str]:
    """The partner's figures, rounded for reading, under the names coaching texts may use."""
    a, c, cap = plan.assessment, plan.chain, plan.capability
    conv, cov, prod, staff = c.conversion, c.coverage, c.productivity, c.staffing
    rev, pipe, prog, bench = a.revenue, a.pipeline, a.program, plan.parameters.benchmarks

    def cash(value: float) -> str:
        return money(value, a.partner.currency)

    def tier_needs(check: TierCheck) -> str:
        parts = [
            f"{cash(check.revenue_required)} revenue ({cash(check.revenue_short)} short)"
            if check.revenue_short > 0
            else "",
            f"a capability index of {check.index_required:.2f} ({check.index_short:.2f} short)"
            if check.index_short > 0
            else "",
            *(
                f"{model.rubric.dimension(d).name.lower()} at {need} (now {now})"
                for d, now, need in check.levels_short
            ),
        ]
        needs = ", ".join(part for part in parts if part)
        return f"{check.tier.value} needs {needs}" if needs else f"{check.tier.value} is met"

    fq, nxt, share = (
        cap.forecast,
        cap.next_tier,
        percent(model.program.plan_levers.target_time_share),
    )
    top = f"{a.partner.tier.value} is the top tier; keeping it means meeting it at every review"
    more_time = staff.fte_effective_at_target_share - staff.fte_effective > 0.005
    hire_word = "hire" if staff.hires == 1 else "hires"
    stale_share = pipe.stale / pipe.total if pipe.total > 0 else 0.0
    gap, created = cov.q1_pipeline_gap, a.deals.opps_created_12m
    grr, dr = rev.gross_revenue_retention, lib.deal_reviews
    facts = {
        "partner": a.partner.name, "tier": a.partner.tier.value,
        "tier_progress": top if nxt is None else tier_needs(nxt),
        "tier_risk": tier_needs(cap.current_tier),
        "revenue_prev": cash(rev.last_12_months), "target": cash(a.target_revenue),
        "new_bookings": cash(c.targets.new_bookings_needed),
        "bookings_prev": cash(rev.new_bookings_last_12_months),
        "bookings_growth": f"{_fmt(plan.growth.bookings_growth)}x", "growth_story": "",
        "win_rate": percent(conv.win_rate_used),
        "win_rate_observed": percent(conv.win_rate_observed),
        "win_rate_target": percent(prod.win_rate_target),
        "win_rate_benchmark": percent(bench.win_rate),
        "decisions": str(a.deals.won_12m + a.deals.lost_12m),
        "deal_size": cash(conv.avg_deal_size_used),
        "deal_size_benchmark": cash(bench.avg_deal_size),
        "review_threshold": cash(conv.avg_deal_size_used * dr.review_multiple),
        "large_deal_threshold": cash(conv.avg_deal_size_used * dr.large_deal_multiple),
        "opps_per_fte": _fmt(prod.decided_opps_per_fte, 0),
        "opps_per_fte_benchmark": _fmt(bench.decided_opps_per_fte, 0),
        "opps_per_quarter": f"{c.flow.opportunities_per_quarter:.0f}",
        "opps_per_week": f"{c.flow.opportunities_per_quarter / 13:.1f}",
        "opps_created_last_year": "an unrecorded number" if created is None else str(created),
        "pipeline_needed": cash(cov.pipeline_needed_at_quarter_start),
        "pipeline_on_hand": cash(cov.pipeline_on_hand),
        "pipeline_gap": cash(abs(gap)),
        "pipeline_position": f"{cash(gap)} short" if gap > 0 else f"{cash(-gap)} above the need",
        "open_pipeline": cash(pipe.total), "stale": cash(pipe.stale),
        "stale_share": percent(stale_share),
        "create_and_close": f"{cov.create_and_close_per_quarter:.0f}",
        "cycle_days": f"{conv.sales_cycle_days_used:.0f}",
        "forecast_summary": "no forecast history recorded" if fq.quarters == 0 else (
            f"forecast accuracy {percent(fq.accuracy)}, bias {percent(fq.bias, signed=True)} "
            f"over {fq.quarters} quarters"),
        "fte_required": _fmt(prod.fte_required_plan),
        "fte_required_as_is": _fmt(prod.fte_required_as_is),
        "fte_effective": _fmt(staff.fte_effective),
        "fte_effective_target_share": _fmt(staff.fte_effective_at_target_share),
        "fte_gap": _fmt(staff.fte_gap), "new_hire_yield": _fmt(staff.new_hire_yield),
        "target_share": share,
        "shares": _shares([percent(s) for s in staff.shares]),
        "hires": f"{staff.hires or 'no'} {hire_word}",
        "hiring_options": f"{staff.hires} {hire_word}" + (
            f", or {staff.hires_with_reallocation} if every seller moves to {share} of their "
            "time on our line" if staff.hires_with_reallocation < staff.hires else ""),
        "time_share_story": (
            f"time on our line is {_shares([percent(x) for x in staff.shares])} today; at "
            f"{share} the team gives {staff.fte_effective_at_target_share:.2f} FTE instead of "
            f"{staff.fte_effective:.2f}"
            if more_time else f"every seller already gives our line {share} or more of their time,"
            " so the gain is a named practice lead, not more hours"),
        "time_to_hire": f"{staff.t_hire:g}", "ramp": f"{staff.ramp_months_used:g}",
        "productivity_plan": cash(prod.productivity_plan),
        "capacity_ceiling": cash(c.ceilings.capacity_ceiling),
        "shortfall": cash(max(0.0, a.target_revenue - c.ceilings.capacity_ceiling)),
        "shortfall_as_is": cash(max(0.0, a.target_revenue - c.ceilings.capacity_ceiling_as_is)),
        "capability_index": f"{cap.capability_index:.2f}",
        "capacity_index": _fmt(c.ceilings.capacity_index),
        "capable_from": f"{model.program.thresholds.high_capability:.1f}",
        "retention_summary": "no recurring base" if not plan.growth.recurring else (
            f"a {cash(rev.recurring_base)} renewal base at GRR {percent(grr)}"),
        "retained": cash(c.targets.retained_revenue), "mdf_claimed": cash(prog.mdf_claimed),
        "mdf_allocated": cash(prog.mdf_allocated), "deal_reg_expired": str(prog.deal_reg_expired),
        "deal_reg_submitted": str(prog.deal_reg_submitted),
        "presales_fte": f"{staff.presales_fte:g}",
        "presales_required": _fmt(staff.presales_required),
        "plays": ", ".join(f"{p} {model.plays.play(p).name}" for p in plan.plan_90_day),
    }  # fmt: skip
    for r in cap.dimensions:
        level = "unknown" if r.score is None else f"at {r.score}"
        target = f" against a target of {r.target}" if r.gap > 0 else ", on target"
        facts[CODE[r.dimension].lower()] = level + target
    return facts


def _conditions(plan: PartnerPlan, lib: CoachingLibrary) -> frozenset[Condition]:
    a, c, cap = plan.assessment, plan.chain, plan.capability
    conv, cov, prod, staff = c.conversion, c.coverage, c.productivity, c.staffing
    t, bench, prog, pipe = lib.thresholds, plan.parameters.benchmarks, a.program, a.pipeline
    gaps = {r.dimension: r.gap for r in cap.dimensions}
    opf = prod.decided_opps_per_fte
    checks: dict[Condition, bool] = {
        "data_gate": plan.data_gate,
        "stale_high": pipe.total > 0 and pipe.stale >= t.stale_share * pipe.total,
        "pipeline_short": cov.q1_pipeline_gap > 0,
        "conversion_not_volume": conv.win_rate_used < bench.win_rate
        and opf is not None and opf >= bench.decided_opps_per_fte,
        "selling_strong": conv.win_rate_used >= bench.win_rate and not conv.win_rate_low_confidence
        and all(gaps[d] == 0 for d in _SELLING),
        "hiring": staff.hires >= 1,
        "surplus_capacity": staff.fte_gap <= 0,
        "as_is_risk": staff.fte_gap <= 0 < staff.fte_gap_as_is,
        "no_sales_manager": not a.team.has_sales_manager,
        "mdf_underused": prog.mdf_claimed < t.mdf_underused * prog.mdf_allocated,
        "registrations_expiring": prog.deal_reg_submitted > 0
        and prog.deal_reg_expired >= t.registrations_expiring * prog.deal_reg_submitted,
        "short_cycle": cov.pre_open_share < 1,
        "low_confidence_win_rate": conv.win_rate_low_confidence
        and conv.win_rate_observed is not None,
        "tier_at_risk": cap.tier_at_risk,
        "recurring": plan.growth.recurring,
    }  # fmt: skip
    return frozenset(name for name, holds in checks.items() if holds)


def forecast_pattern(accuracy: float | None, bias: float | None, f: ForecastCoaching) -> Pattern:
    """Optimistic or sandbagging by the sign of a large bias; erratic when accuracy is low."""
    if accuracy is None or bias is None:
        return "no_history"
    if bias > f.bias_threshold:
        return "optimistic"
    if bias < -f.bias_threshold:
        return "sandbagging"
    return "erratic" if accuracy < f.accuracy_threshold else "reliable"


def _gate_reasons(plan: PartnerPlan, model: PlaybookModel) -> tuple[str, ...]:
    """Why the data gate is on, in words with the figures; empty when it is off."""
    t, cap = model.program.thresholds, plan.capability
    fq, out = cap.forecast, []
    if fq.accuracy is not None and fq.accuracy < t.forecast_accuracy_gate:
        out.append(
            f"forecast accuracy {percent(fq.accuracy)} is below {percent(t.forecast_accuracy_gate)}"
        )
    if fq.bias is not None and abs(fq.bias) > t.forecast_bias_gate:
        out.append(
            f"bias {percent(fq.bias, signed=True)} is beyond ±{percent(t.forecast_bias_gate)}"
        )
    for d in _HYGIENE:
        if cap.used(d) <= t.hygiene_gate_level:
            out.append(f"{CODE[d]} {model.rubric.dimension(d).name} is at {cap.used(d)}")
    return tuple(out) if plan.data_gate else ()


def _currencies(
    plan: PartnerPlan, lib: CoachingLibrary, met: frozenset[Condition]
) -> list[tuple[Currency, str]]:
    """The best-fitting currency families (ties in library order) and the use that applies."""

    def score(cur: Currency) -> int:
        f = cur.fits
        return (
            (plan.archetype in f.archetypes)
            + sum(o in f.overlays for o in plan.overlays)
            + (plan.growth.mode in f.modes)
            + sum(w in met for w in f.when)
        )

    ranked = sorted((cur for cur in lib.currencies if score(cur) > 0), key=lambda cur: -score(cur))
    return [
        (cur, next(u.text for u in cur.uses if u.when is None or u.when in met))
        for cur in ranked[: lib.thresholds.max_currencies]
    ]


def _openers(plan: PartnerPlan, model: PlaybookModel, most: int) -> tuple[Opener, ...]:
    """Dimensions below the tier target, lowest first, then any self-score far from ours."""
    a, dims, order = plan.assessment, plan.capability.dimensions, list(Dimension)
    weak = sorted(
        (r for r in dims if r.gap > 0),
        key=lambda r: (r.used, -r.gap, -abs(r.self_gap or 0), order.index(r.dimension)),
    )
    chosen = weak[:most]
    chosen += [r for r in dims if r.opener and r not in chosen]
    return tuple(
        Opener(CODE[r.dimension], spec.name, r.score, r.target, r.self_score,
               a.capabilities.get(r.dimension).evidence, spec.opener,
               a.internal.capability_comments.get(r.dimension))
        for r in chosen for spec in [model.rubric.dimension(r.dimension)]
    )  # fmt: skip


def _press(plan: PartnerPlan, model: PlaybookModel, lib: CoachingLibrary) -> tuple[Item, ...]:
    """SMB-6 questions tied to the partner's weakest capabilities, the largest gap first."""
    gaps = {r.dimension: r for r in plan.capability.dimensions}
    scored = sorted(
        (
            (max((gaps[d].gap for d in el.dimensions), default=0), i, el)
            for i, el in enumerate(lib.deal_reviews.smb6)
        ),
        key=lambda x: (-x[0], x[1]),
    )
    return tuple(
        Item(el.name, el.question, "; ".join(
            f"{CODE[d]} {model.rubric.dimension(d).name} at {gaps[d].used} against a target of "
            f"{gaps[d].target}" for d in el.dimensions if gaps[d].gap > 0))
        for gap, _, el in scored[: lib.thresholds.max_press] if gap > 0
    )  # fmt: skip


def build_guide(plan: PartnerPlan, library: CoachingLibrary, model: PlaybookModel) -> CoachingGuide:
    """Choose and fill the coaching lines for one partner's plan."""
    a, c, cap, lib = plan.assessment, plan.chain, plan.capability, library
    facts = _facts(plan, model, lib)
    facts["growth_story"] = lib.modes[plan.growth.mode].format_map(facts)
    met = _conditions(plan, lib)

    def fill(texts: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.format_map(facts) for t in texts))

    def one(text: str) -> str:
        return text.format_map(facts)

    fq = cap.forecast
    pattern = forecast_pattern(fq.accuracy, fq.bias, lib.forecast)
    fp, depth = lib.forecast.patterns[pattern], model.program.tiers[a.partner.tier].qbr
    # Framing first (archetype, overlays), then the forecast pattern when the data gate is on,
    # the 90-day plays in plan order and the rules that hold.
    arche, overlays = lib.archetypes[plan.archetype], [lib.overlays[o] for o in plan.overlays]
    gated: list[Lines] = [fp] if plan.data_gate else []
    rest = [
        *gated,
        *(lib.plays[p] for p in plan.plan_90_day if p in lib.plays),
        *(r for r in lib.rules if r.when in met),
    ]
    sources: list[Lines] = [arche, *overlays, *rest]
    goals = [
        *(o.goal for o in overlays),
        arche.meeting_goal if arche.goal_first else None,
        *(s.goal for s in rest),
        arche.meeting_goal,
    ]

    def collect(pick: Callable[[Lines], Sequence[str]]) -> tuple[str, ...]:
        return fill(t for s in sources for t in pick(s))

    shown: dict[str, Item] = {}
    for show in (item for s in (*gated, *sources) for item in s.show):  # forecast first if gated
        shown.setdefault(show.figure, Item(show.figure, one(show.detail)))
    qbr = tuple(
        QbrItem(b.title, b.minutes, one(text))
        for b in lib.qbr
        if depth in b.depths
        for text in [b.detail if b.when is None or b.when in met else b.otherwise]
        if text
    )
    g, meeting = lib.grow, a.assessment.next_meeting
    openers = _openers(plan, model, lib.thresholds.max_openers)
    return CoachingGuide(
        partner=a.partner.name, partner_manager=a.partner.partner_manager,
        assessed=a.assessment.date.isoformat(),
        next_meeting=None if meeting is None else meeting.isoformat(),
        tier=a.partner.tier.value, archetype=plan.archetype, overlays=plan.overlays,
        mode=plan.growth.mode, growth_story=facts["growth_story"],
        capability_index=cap.capability_index, capacity_index=c.ceilings.capacity_index,
        high_capability=model.program.thresholds.high_capability,
        high_capacity=model.program.thresholds.high_capacity,
        data_gate=_gate_reasons(plan, model), stance=one(arche.stance),
        pm_hours_per_month=arche.pm_hours_per_month, focus=collect(lambda s: s.focus),
        goal=one(next(goal for goal in goals if goal)),
        grow=(one(g.goal), one(g.reality), one(g.options), one(g.will)),
        partner_goals=tuple(a.goals.partner_own),
        show=tuple(shown.values())[: lib.thresholds.max_show],
        ask=collect(lambda s: s.ask), commit=collect(lambda s: s.commit),
        give=collect(lambda s: s.give), avoid=collect(lambda s: s.avoid),
        currencies=tuple(Item(cur.family, one(use), cur.offers)
                         for cur, use in _currencies(plan, lib, met)),
        openers=openers,
        review_leader="the sales manager" if a.team.has_sales_manager else "the owner",
        facts=MappingProxyType(facts), press=_press(plan, model, lib),
        meddpicc=tuple(el.name for el in lib.deal_reviews.meddpicc),
        pipeline_checklist=fill(line.text for line in lib.pipeline_checklist
                                if line.when is None or line.when in met),
        forecast_pattern=pattern, forecast=Item(fp.name, one(fp.reading)),
        forecast_actions=fill(fp.actions), qbr_depth=depth, qbr=qbr,
        internal_notes=a.internal.notes, relationship=a.internal.relationship,
        capability_comments=tuple(  # the rest are shown with their opener
            Item(f"{CODE[d]} {model.rubric.dimension(d).name}", a.internal.capability_comments[d])
            for d in Dimension if d in a.internal.capability_comments
            and CODE[d] not in {o.code for o in openers}),
        shared_notes=a.notes, stop=collect(lambda s: s.stop),
    )  # fmt: skip


def coaching_page(
    plan: PartnerPlan, library: CoachingLibrary, model: PlaybookModel, env: Environment
) -> str:
    """The coaching guide as an HTML fragment (``env`` must autoescape), for the site path
    ``partners/<slug>/coaching.md``."""
    return env.get_template(TEMPLATE).render(
        guide=build_guide(plan, library, model), slug=plan.slug
    )
