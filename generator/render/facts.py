"""The partner's figures as the texts of the playbook model quote them: every {placeholder} of
``inputs/placeholders.py`` with its value, rounded for reading. Formatting only: each number
comes from the engine's result; nothing is computed here."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..domain import CODE
from ..engine.capability import TierCheck
from ..engine.planning import PartnerPlan
from ..inputs.playbook import Playbook
from ..wording import money, percent, times

Facts = dict[str, str]


def _fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def shares_in_words(shares: Sequence[str]) -> str:
    """Time-share in words: '60% for each of the 2 sellers', or the list when they differ."""
    if len(shares) > 1 and len(set(shares)) == 1:
        return f"{shares[0]} for each of the {len(shares)} sellers"
    return ", ".join(shares) or "nil (no sellers listed)"


def _tier_needs(check: TierCheck, cash: Callable[[float], str], playbook: Playbook) -> str:
    parts = [
        f"{cash(check.revenue_required)} revenue ({cash(check.revenue_short)} short)"
        if check.revenue_short > 0
        else "",
        f"a capability index of {check.index_required:.2f} ({check.index_short:.2f} short)"
        if check.index_short > 0
        else "",
        *(
            f"{playbook.rubric.dimension(d).name.lower()} at {need} (now {now})"
            for d, now, need in check.levels_short
        ),
    ]
    needs = ", ".join(part for part in parts if part)
    return f"{check.tier.value} needs {needs}" if needs else f"{check.tier.value} is met"


def _goal_facts(plan: PartnerPlan, playbook: Playbook, cash: Callable[[float], str]) -> Facts:
    a, t, cap = plan.assessment, plan.chain.targets, plan.capability
    top = f"{a.partner.tier.value} is the top tier; keeping it means meeting it at every review"
    nxt, grr = cap.next_tier, a.revenue.gross_revenue_retention
    return {
        "partner": a.partner.name,
        "tier": a.partner.tier.value,
        "tier_progress": top if nxt is None else _tier_needs(nxt, cash, playbook),
        "tier_risk": _tier_needs(cap.current_tier, cash, playbook),
        "revenue_prev": cash(a.revenue.last_12_months),
        "target": cash(t.target),
        "new_bookings": cash(t.new_bookings_needed),
        "bookings_prev": cash(a.revenue.new_bookings_last_12_months),
        "bookings_growth": f"{_fmt(plan.growth.bookings_growth)}x",
        "retention_summary": "no recurring base"
        if not plan.growth.recurring
        else f"a {cash(a.revenue.recurring_base)} renewal base at GRR {percent(grr)}",
        "retained": cash(t.retained_revenue),
        "capability_index": f"{cap.capability_index:.2f}",
        "capacity_index": _fmt(plan.chain.ceilings.capacity_index),
        "capable_from": f"{playbook.program.thresholds.high_capability:.1f}",
        "plays": ", ".join(f"{p} {playbook.plays.play(p).name}" for p in plan.plan_90_day),
    }


def _conversion_facts(plan: PartnerPlan, playbook: Playbook, cash: Callable[[float], str]) -> Facts:
    conv, prod, bench = plan.chain.conversion, plan.chain.productivity, plan.parameters.benchmarks
    reviews = playbook.program.deal_reviews
    fq = plan.capability.forecast
    return {
        "win_rate": percent(conv.win_rate_used),
        "win_rate_observed": percent(conv.win_rate_observed),
        "win_rate_target": percent(prod.win_rate_target),
        "win_rate_benchmark": percent(bench.win_rate),
        "decisions": str(conv.decisions_last_year),
        "deal_size": cash(conv.avg_deal_size_used),
        "deal_size_benchmark": cash(bench.avg_deal_size),
        "review_threshold": cash(conv.review_threshold),
        "large_deal_threshold": cash(conv.large_deal_threshold),
        "review_multiple": times(reviews.review_multiple),
        "large_deal_multiple": times(reviews.large_deal_multiple),
        "top_deals": str(reviews.top_deals),
        "opps_per_fte": _fmt(prod.decided_opps_per_fte, 0),
        "opps_per_fte_benchmark": _fmt(bench.decided_opps_per_fte, 0),
        "cycle_days": f"{conv.sales_cycle_days_used:.0f}",
        "forecast_summary": "no forecast history recorded"
        if fq.quarters == 0
        else (
            f"forecast accuracy {percent(fq.accuracy)}, bias {percent(fq.bias, signed=True)} "
            f"over {fq.quarters} quarters"
        ),
    }


def _pipeline_facts(plan: PartnerPlan, playbook: Playbook, cash: Callable[[float], str]) -> Facts:
    a, flow, cov = plan.assessment, plan.chain.flow, plan.chain.coverage
    gap, created, thresholds = (
        cov.q1_pipeline_gap,
        a.deals.opps_created_12m,
        playbook.program.thresholds,
    )
    return {
        "opps_per_quarter": f"{flow.opportunities_per_quarter:.0f}",
        "opps_per_week": f"{flow.opportunities_per_week:.1f}",
        "opps_created_last_year": "an unrecorded number" if created is None else str(created),
        "pipeline_needed": cash(cov.pipeline_needed_at_quarter_start),
        "pipeline_on_hand": cash(cov.pipeline_on_hand),
        "pipeline_gap": cash(abs(gap)),
        "pipeline_position": f"{cash(gap)} short" if gap > 0 else f"{cash(-gap)} above the need",
        "open_pipeline": cash(a.pipeline.total),
        "stale": cash(a.pipeline.stale),
        "stale_share": percent(cov.stale_share or 0.0),
        "stale_target": percent(thresholds.stale_share_target),
        "stale_high": percent(thresholds.stale_share_high),
        "create_and_close": f"{cov.create_and_close_per_quarter:.0f}",
        "mdf_claimed": cash(a.program.mdf_claimed),
        "mdf_allocated": cash(a.program.mdf_allocated),
        "deal_reg_expired": str(a.program.deal_reg_expired),
        "deal_reg_submitted": str(a.program.deal_reg_submitted),
    }


def _capacity_facts(plan: PartnerPlan, playbook: Playbook, cash: Callable[[float], str]) -> Facts:
    prod, s, ceil = plan.chain.productivity, plan.chain.staffing, plan.chain.ceilings
    share = percent(playbook.program.plan_levers.target_time_share)
    hire_word = "hire" if s.hires == 1 else "hires"
    today = shares_in_words([percent(x) for x in s.shares])
    options = f"{s.hires} {hire_word}"
    if s.hires_with_reallocation < s.hires:
        options += (
            f", or {s.hires_with_reallocation} if every seller moves to {share} of their "
            "time on our line"
        )
    story = (
        f"time on our line is {today} today; at {share} the team gives "
        f"{s.fte_effective_at_target_share:.2f} FTE instead of {s.fte_effective:.2f}"
        if s.time_share_gain > 0.005
        else f"every seller already gives our line {share} or more of their time, so the gain "
        "is a named practice lead, not more hours"
    )
    return {
        "fte_required": _fmt(prod.fte_required_plan),
        "fte_required_as_is": _fmt(prod.fte_required_as_is),
        "fte_effective": _fmt(s.fte_effective),
        "fte_effective_target_share": _fmt(s.fte_effective_at_target_share),
        "fte_gap": _fmt(s.fte_gap),
        "new_hire_yield": _fmt(s.new_hire_yield),
        "target_share": share,
        "shares": today,
        "time_share_story": story,
        "hires": f"{s.hires or 'no'} {hire_word}",
        "hiring_options": options,
        "time_to_hire": f"{s.t_hire:g}",
        "ramp": f"{s.ramp_months_used:g}",
        "productivity_plan": cash(prod.productivity_plan),
        "capacity_ceiling": cash(ceil.capacity_ceiling),
        "shortfall": cash(max(0.0, ceil.revenue_shortfall)),
        "shortfall_as_is": cash(max(0.0, ceil.revenue_shortfall_as_is)),
        "presales_fte": f"{s.presales_fte:g}",
        "presales_required": _fmt(s.presales_required),
    }


def facts(plan: PartnerPlan, playbook: Playbook) -> Facts:
    """Every placeholder's value for one partner (``growth_story`` is filled by the guide)."""

    def cash(value: float) -> str:
        return money(value, plan.assessment.partner.currency)

    out: Facts = {"growth_story": ""}
    for part in (_goal_facts, _conversion_facts, _pipeline_facts, _capacity_facts):
        out.update(part(plan, playbook, cash))
    for r in plan.capability.dimensions:
        level = "unknown" if r.score is None else f"at {r.score}"
        target = f" against a target of {r.target}" if r.gap > 0 else ", on target"
        out[CODE[r.dimension].lower()] = level + target
    return out
