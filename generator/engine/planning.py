"""Plan assembly: run every engine stage for one assessment into a frozen :class:`PartnerPlan`.

This is pure computation (no I/O). :func:`plan_to_json` turns a plan into one JSON-ready dict
(numbers unrounded, money in the assessment's currency, None for n/a, never NaN or infinity).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..domain import Archetype, Dimension, Lever, Mode, Overlay
from ..inputs.assessment import Assessment
from ..inputs.playbook import Parameters, PlaybookModel, Program
from . import figures as fx
from .alerts import plan_warnings
from .capability import (
    CODE,
    CapabilityResult,
    assess_capability,
    capability_figures,
    capability_index,
)
from .capacity import CapacityResult, plan_capacity
from .explain import Book, capacity_figures, growth_figures, next_year_figures
from .fastinit import fast_init
from .figures import Figure
from .growth import Decomposition, decompose, lever_weights, mode_for, retention_weight
from .nextyear import NextYearView, next_year_view
from .plays import PlayContext, PlayScore, data_gate, rank_plays
from .segmentation import archetype, overlays


@fast_init
@dataclass(frozen=True, slots=True)
class TrendPoint:
    date: dt.date
    capability_index: float


@fast_init
@dataclass(frozen=True, slots=True)
class PartnerPlan:
    """Everything computed for one partner, with every named figure explained."""

    slug: str
    assessment: Assessment
    parameters: Parameters
    capability: CapabilityResult
    capacity: CapacityResult
    decomposition: Decomposition
    retention_weight: float
    lever_weights: Mapping[Lever, float]
    mode: Mode
    recurring: bool
    data_gate: bool
    archetype: Archetype
    overlays: tuple[Overlay, ...]
    plays: tuple[PlayScore, ...]  # ranked
    plan_90_day: tuple[str, ...]
    next_year: NextYearView | None
    trend: tuple[TrendPoint, ...]  # capability index per assessment date, oldest first
    warnings: tuple[str, ...]
    figures: Mapping[str, Figure]  # ordered: the chain as the plan explains it

    def figure(self, key: str) -> Figure:
        return self.figures[key]


_PARAMS: dict[tuple[int, str], tuple[Program, Parameters]] = {}


def parameters_for(program: Program, a: Assessment) -> Parameters:
    """The resolved segment parameters for an assessment, cached per program and segment."""
    segment = program.segment_name(a.partner.segment, a.partner.type)
    key = (id(program), segment)
    hit = _PARAMS.get(key)
    if hit is not None and hit[0] is program:
        return hit[1]
    if len(_PARAMS) > 64:
        _PARAMS.clear()
    params = program.resolve(segment)
    _PARAMS[key] = (program, params)
    return params


def is_recurring(a: Assessment) -> bool:
    """R10: a recurring base above 0 with a GRR."""
    return a.revenue.recurring_base > 0 and a.revenue.gross_revenue_retention is not None


def plan_assessment(
    slug: str, assessment: Assessment, model: PlaybookModel, history: Sequence[Assessment] = ()
) -> PartnerPlan:
    """Compute the full plan for one partner.

    ``history`` holds the partner's earlier assessments, oldest first; the plan keeps their
    capability index per date (with this segment's weights, so the trend compares like with like).
    """
    a, program = assessment, model.program
    p, levers, thresholds = parameters_for(program, a), program.plan_levers, program.thresholds
    cap = assess_capability(a, p.weights, program)
    c = plan_capacity(a, p, levers)
    recurring = is_recurring(a)
    dec = decompose(
        c.new_bookings,
        a.revenue.new_bookings_last_12_months,
        c.f_win_rate,
        c.f_deal_size,
        c.f_opps_per_fte,
    )
    mode = mode_for(c.new_partner, dec.bookings_growth)
    l_ret = (
        retention_weight(
            a.revenue.recurring_base,
            a.revenue.gross_revenue_retention,
            p.benchmarks.grr,
            c.new_bookings,
        )
        if recurring
        else 0.0
    )
    weights = lever_weights(
        mode, dec, c.gap_plan, c.fte_required_plan, l_ret, recurring, levers.new_partner_weights
    )
    gate = data_gate(
        cap.forecast.accuracy,
        cap.forecast.bias,
        cap.used(Dimension.pipeline_management),
        cap.used(Dimension.forecasting),
        thresholds,
    )
    ctx = PlayContext(
        weights=weights,
        gaps={r.dimension: r.gap for r in cap.dimensions},
        unknown=frozenset(cap.unknown),
        signed_off=a.assessment.partner_exec_signed_off,
        q1_pipeline_gap=c.q1_pipeline_gap,
        hires=c.hires,
        gap_plan=c.gap_plan,
        reallocation=c.reallocation,
        t_hire=c.t_hire,
        t_ramp=c.t_ramp,
        cycle_days=c.cycle,
        mode=mode,
        recurring=recurring,
        data_gate=gate,
        small_gap_fte=levers.small_gap_fte,
    )
    ranked, focus = rank_plays(model.plays.plays, ctx)
    nxt = next_year_view(a, c, levers)

    book = Book()
    refs = capacity_figures(book, a, p, levers, c)
    growth_figures(book, dec, weights, l_ret, refs)
    if nxt is not None:
        next_year_figures(book, nxt, refs)
    for fig in capability_figures(a, cap, p.segment):
        book.figures[fig.key] = fig

    trend = (
        *(
            TrendPoint(h.assessment.date, capability_index(h.capabilities, p.weights))
            for h in history
        ),
        TrendPoint(a.assessment.date, cap.index),
    )
    return PartnerPlan(
        slug=slug,
        assessment=a,
        parameters=p,
        capability=cap,
        capacity=c,
        decomposition=dec,
        retention_weight=l_ret,
        lever_weights=MappingProxyType(weights),
        mode=mode,
        recurring=recurring,
        data_gate=gate,
        archetype=archetype(cap.index, c.capacity_index, thresholds),
        overlays=overlays(a, p.defaults.new_partner_tenure_months, thresholds, cap.tier_at_risk),
        plays=ranked,
        plan_90_day=focus,
        next_year=nxt,
        trend=trend,
        warnings=plan_warnings(a, p, levers, c, cap),
        figures=MappingProxyType(book.figures),
    )


def _play_json(s: PlayScore) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "rank": s.rank,
        "score": s.score,
        "pinned_by": s.pinned_by,
        "in_plan_90_day": s.in_plan,
        "eligible": s.eligible,
        "ineligible_reason": s.ineligible_reason,
        "lever_sum": s.lever_sum,
        "gap": s.gap,
        "gap_factor": s.gap_factor,
        "months_to_impact": s.months,
        "timing": s.timing,
        "confidence": s.confidence,
        "urgency": s.urgency,
        "effort": s.effort,
    }


def _capability_json(cap: CapabilityResult) -> dict[str, Any]:
    def tier(check: Any) -> dict[str, Any] | None:
        if check is None:
            return None
        return {
            "tier": check.tier.value,
            "met": check.met,
            "revenue_required": check.revenue_required,
            "revenue_short": check.revenue_short,
            "capability_index_required": check.index_required,
            "capability_index_short": check.index_short,
            "levels_short": [
                {"dimension": d.value, "code": CODE[d], "level": now, "required": need}
                for d, now, need in check.levels_short
            ],
        }

    return {
        "dimensions": [
            {
                "dimension": r.dimension.value,
                "code": CODE[r.dimension],
                "score": r.score,
                "used": r.used,
                "weight": r.weight,
                "target": r.target,
                "gap": r.gap,
                "self_score": r.self_score,
                "self_gap": r.self_gap,
                "opener": r.opener,
            }
            for r in cap.dimensions
        ],
        "unknown": [d.value for d in cap.unknown],
        "openers": [d.value for d in cap.openers],
        "tier_at_risk": cap.tier_at_risk,
        "current_tier": tier(cap.current_tier),
        "next_tier": tier(cap.next_tier),
    }


def _next_year_json(n: NextYearView | None) -> dict[str, Any] | None:
    if n is None:
        return None
    return {
        "target": n.target,
        "base": n.base,
        "retained": n.retained,
        "new_bookings": n.new_bookings,
        "fte_needed": n.fte_needed,
        "fte_at_target_share": n.fte_at_target_share,
        "fte_at_current_share": n.fte_at_current_share,
        "extra_hires_at_target_share": n.extra_hires_at_target_share,
        "extra_hires_at_current_share": n.extra_hires_at_current_share,
        "requisition_month": n.requisition_month,
    }


def _clean(value: Any) -> Any:
    """Replace non-finite floats by None, recursively (the engine should produce none)."""
    if isinstance(value, float):
        return fx.finite(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def plan_to_json(plan: PartnerPlan) -> dict[str, Any]:
    """One JSON-serialisable object for the plan: every figure's value at the top level, plus
    mode, archetype, overlays, lever shares, ranked plays, the 90-day plan, warnings and the
    explained figures."""
    a, c = plan.assessment, plan.capacity
    out: dict[str, Any] = {
        "slug": plan.slug,
        "partner": a.partner.name,
        "date": a.assessment.date.isoformat(),
        "currency": a.partner.currency,
        "tier": a.partner.tier.value,
        "segment": plan.parameters.segment,
        "target_revenue": a.target_revenue,
        "revenue_prev": a.revenue.last_12_months,
        "new_partner": c.new_partner,
        "recurring": plan.recurring,
        "mode": plan.mode,
        "archetype": plan.archetype,
        "overlays": list(plan.overlays),
        "data_gate": plan.data_gate,
        "binding_as_is": c.binding_as_is,
        "binding_plan": c.binding_plan,
        "hire_route": c.plan.route,
        "hire_route_as_is": c.as_is.route,
        "reallocate_fte": c.plan.reallocate_fte,
    }
    out.update(
        {key: fig.value for key, fig in plan.figures.items() if not key.startswith("lever_share_")}
    )
    out["lever_shares"] = {lever.value: w for lever, w in plan.lever_weights.items()}
    out["plays"] = [_play_json(s) for s in plan.plays]
    out["plan_90_day"] = list(plan.plan_90_day)
    out["next_year"] = _next_year_json(plan.next_year)
    out["capability"] = _capability_json(plan.capability)
    out["trend"] = [
        {"date": t.date.isoformat(), "capability_index": t.capability_index} for t in plan.trend
    ]
    out["warnings"] = list(plan.warnings)
    out["figures"] = fx.figures_to_json(plan.figures)
    cleaned: dict[str, Any] = _clean(out)
    return cleaned
