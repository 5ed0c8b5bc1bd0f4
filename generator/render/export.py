"""A computed plan as one JSON-ready object (``playbook plan SLUG --json``): numbers unrounded,
money in the assessment's currency, None for n/a, never NaN or infinity."""

from __future__ import annotations

from typing import Any

from ..domain import CODE
from ..engine.capability import CapabilityResult
from ..engine.figures import figures_to_json, finite
from ..engine.nextyear import NextYearView
from ..engine.planning import PartnerPlan
from ..engine.plays import PlayScore
from ..inputs.playbook import Playbook
from .explain import values
from .facts import facts
from .plansections import action_words


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
        "base": n.next_year_base,
        "retained": n.retained,
        "new_bookings": n.next_year_new_bookings,
        "fte_needed": n.next_year_fte_needed,
        "fte_at_target_share": n.next_year_fte_at_target_share,
        "fte_at_current_share": n.next_year_fte_at_current_share,
        "extra_hires_at_target_share": n.next_year_extra_hires_at_target_share,
        "extra_hires_at_current_share": n.next_year_extra_hires_at_current_share,
        "requisition_month": n.requisition_month,
    }


def _clean(value: Any) -> Any:
    """Replace non-finite floats by None, recursively (the engine should produce none)."""
    if isinstance(value, float):
        return finite(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _year_json(plan: PartnerPlan, playbook: Playbook) -> dict[str, Any]:
    """The plan in time (issue of the documents): start and end, the dated actions, the
    quarters and the KPIs with a target and a red flag per quarter."""
    y, names = plan.year, values(plan, facts(plan, playbook))
    actions = []
    for a in y.schedule.actions:
        text, done_when, _ = action_words(a, playbook, names)
        actions.append(
            {"action": text, "owner": a.owner, "due": a.due.isoformat(), "done_when": done_when}
        )
    words = playbook.plan.kpis.names
    return {
        "plan_start": y.timeline.start.isoformat(),
        "plan_end": y.timeline.end.isoformat(),
        "hires_planned": y.hiring.hires_planned,
        "actions": actions,
        "quarters": [
            {
                "quarter": q.number,
                "ends": q.ends.isoformat(),
                "new_bookings": q.new_bookings,
                "won_deals": q.won_deals,
                "opportunities": q.opportunities,
                "pipeline_at_start": q.pipeline_at_start,
            }
            for q in y.quarters
        ],
        "kpis": [
            {
                "kpi": words[k.key].name,
                "key": k.key,
                "unit": k.unit,
                "direction": k.direction,
                "today": k.today,
                "targets": list(k.targets),
                "red_flags": list(k.red_flags),
            }
            for k in y.kpis
        ],
    }


def _movement_json(plan: PartnerPlan) -> dict[str, Any]:
    """Every assessment's figures, oldest first, and the change since the previous one."""
    out: dict[str, Any] = {}
    out["trend"] = [
        {
            "date": t.date.isoformat(),
            "capability_index": t.capability_index,
            "revenue": t.revenue,
            "win_rate": t.win_rate,
            "forecast_accuracy": t.forecast_accuracy,
        }
        for t in plan.trend
    ]
    m = plan.movement
    out["movement"] = (
        None
        if m is None
        else {
            "since": m.since.isoformat(),
            "capability_index": m.capability_index,
            "revenue": m.revenue,
            "win_rate": m.win_rate,
            "forecast_accuracy": m.forecast_accuracy,
        }
    )
    return out


def plan_to_json(plan: PartnerPlan, playbook: Playbook) -> dict[str, Any]:
    """One JSON-serialisable object for the plan: every figure's value at the top level, plus
    mode, archetype, overlays, lever shares, ranked plays, the 90-day plan, warnings and the
    explained figures."""
    a, c, s = plan.assessment, plan.chain, plan.chain.staffing
    out: dict[str, Any] = {
        "slug": plan.slug,
        "partner": a.partner.name,
        "partner_manager": a.partner.partner_manager,
        "date": a.assessment.date.isoformat(),
        "next_meeting": None
        if a.assessment.next_meeting is None
        else a.assessment.next_meeting.isoformat(),
        "currency": a.partner.currency,
        "tier": a.partner.tier.value,
        "segment": plan.parameters.segment,
        "target_revenue": a.target_revenue,
        "revenue_prev": a.revenue.last_12_months,
        "new_partner": c.targets.new_partner,
        "recurring": plan.growth.recurring,
        "mode": plan.growth.mode,
        "archetype": plan.archetype,
        "overlays": list(plan.overlays),
        "data_gate": plan.data_gate,
        "binding_as_is": c.productivity.binding_as_is,
        "binding_plan": c.productivity.binding_plan,
        "hire_route": plan.year.hiring.route,
        "hire_route_as_is": s.as_is.route,
        "reallocate_fte": s.plan.reallocate_fte,
    }
    out.update(
        {key: fig.value for key, fig in plan.figures.items() if not key.startswith("lever_share_")}
    )
    out["lever_shares"] = {lever.value: w for lever, w in plan.growth.weights.items()}
    out["plays"] = [_play_json(s) for s in plan.plays]
    out["plan_90_day"] = list(plan.plan_90_day)
    out["next_year"] = _next_year_json(plan.next_year)
    out["capability"] = _capability_json(plan.capability)
    out.update(_movement_json(plan))
    out["warnings"] = list(plan.warnings)
    out.update(_year_json(plan, playbook))
    out["figures"] = figures_to_json(plan.figures)
    cleaned: dict[str, Any] = _clean(out)
    return cleaned
