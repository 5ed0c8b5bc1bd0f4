"""The partner's figures as the texts of the playbook model quote them: every {placeholder} of
``inputs/placeholders.py`` with its value, rounded for reading. Formatting only: each number
comes from the engine's result; nothing is computed here."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..domain import CODE, Lever
from ..engine.capability import TierCheck
from ..engine.planning import PartnerPlan
from ..engine.productivity import fte_last_year
from ..inputs.playbook import Playbook
from ..wording import (
    counted,
    date_words,
    money,
    month_words,
    one_decimal,
    per_week,
    percent,
    times,
)
from .plansections import action_words

Facts = dict[str, str]


def _fmt(value: float | None, digits: int = 1) -> str:
    """FTE, multiples and indices as every document shows them: one decimal (R29)."""
    return "n/a" if value is None else f"{value:.{digits}f}"


def shares_in_words(shares: Sequence[str]) -> str:
    """Time-share in words: '60% for each of the 2 sellers', or the list when they differ."""
    if len(shares) > 1 and len(set(shares)) == 1:
        return f"{shares[0]} for each of the {len(shares)} sellers"
    return ", ".join(shares) or "nil (no sellers listed)"


def tier_needs(check: TierCheck, cash: Callable[[float], str], playbook: Playbook) -> str:
    """Each requirement the partner misses, with its value and the threshold (R30): 'revenue
    EUR 620k, Gold needs EUR 750k'; certified people unrecorded are said to be."""
    tier = check.tier.value
    parts = []
    if check.revenue_short > 0:
        parts.append(f"revenue {cash(check.revenue)}, {tier} needs {cash(check.revenue_required)}")
    if check.index_short > 0:
        parts.append(f"capability index {check.index:.1f}, {tier} needs {check.index_required:.1f}")
    parts += [
        f"{playbook.rubric.dimension(d).name.lower()} at level {now}, {tier} needs {need}"
        for d, now, need in check.levels_short
    ]
    if check.certified_short > 0:
        parts.append(f"{check.certified} certified people, {tier} needs {check.certified_required}")
    elif check.certified is None and check.certified_required > 0:
        parts.append(f"certified people not recorded ({tier} needs {check.certified_required})")
    return "; ".join(parts) if parts else f"{tier} is met"


def _goal_facts(plan: PartnerPlan, playbook: Playbook, cash: Callable[[float], str]) -> Facts:
    a, t, cap = plan.assessment, plan.chain.targets, plan.capability
    top = f"{a.partner.tier.value} is the top tier; keeping it means meeting it at every review"
    nxt, grr = cap.next_tier, a.revenue.gross_revenue_retention
    return {
        "partner": a.partner.name,
        "currency": a.partner.currency,
        "tier": a.partner.tier.value,
        "tier_progress": top if nxt is None else tier_needs(nxt, cash, playbook),
        "tier_risk": tier_needs(cap.current_tier, cash, playbook),
        "revenue_prev": cash(a.revenue.last_12_months),
        "target": cash(t.target),
        "new_bookings": cash(t.new_bookings_needed),
        "bookings_prev": cash(a.revenue.new_bookings_last_12_months),
        "bookings_growth": f"{_fmt(plan.growth.bookings_growth)}x",
        "retention_summary": "no recurring base"
        if not plan.growth.recurring
        else f"a {cash(a.revenue.recurring_base)} renewal base at GRR {percent(grr)}",
        "retained": cash(t.retained_revenue),
        "recurring_base": cash(a.revenue.recurring_base),
        "grr": percent(grr),
        "next_year_target": cash(a.goals.next_year_aspiration)
        if a.goals.next_year_aspiration is not None
        else "n/a",
        "capability_index": _fmt(cap.capability_index),
        "capacity_index": _fmt(plan.chain.ceilings.capacity_index),
        "capable_from": f"{playbook.program.thresholds.high_capability:.1f}",
        "plays": ", ".join(f"{p} {playbook.plays.play(p).name}" for p in plan.plan_90_day),
    }


def _conversion_facts(plan: PartnerPlan, playbook: Playbook, cash: Callable[[float], str]) -> Facts:
    conv, prod, bench = plan.chain.conversion, plan.chain.productivity, plan.parameters.benchmarks
    reviews, levers = playbook.program.deal_reviews, playbook.program.plan_levers
    fq = plan.capability.forecast
    return {
        "win_rate": percent(conv.win_rate_used),
        "win_rate_observed": percent(conv.win_rate_observed),
        "win_rate_target": percent(prod.win_rate_target),
        "win_rate_benchmark": percent(bench.win_rate),
        "decisions": str(conv.decisions_last_year),
        "won_deals": str(plan.assessment.deals.won_12m),
        "win_rate_prior": percent(plan.parameters.defaults.win_rate_prior),
        "deal_size_default": cash(plan.parameters.defaults.avg_deal_size_new),
        "review_multiple_number": f"{reviews.review_multiple:g}",
        "fte_last_year": one_decimal(fte_last_year(plan.assessment)),
        "win_rate_step": f"{levers.win_rate_step * 100:g} points",
        "deal_size_step": percent(levers.deal_size_factor - 1),
        "pipeline_step": percent(levers.pipeline_per_seller_factor - 1),
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
    gap, created = plan.year.first_quarter_gap, a.deals.opps_created_12m
    thresholds = playbook.program.thresholds
    return {
        "opps_per_quarter": f"{flow.opportunities_per_quarter:.0f}",
        "opps_per_week": per_week(flow.opportunities_per_week),
        "opps_created_last_year": "an unrecorded number" if created is None else str(created),
        "pipeline_needed": cash(plan.year.quarters[0].pipeline_at_start),
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
    hiring = plan.year.hiring
    planned = hiring.hires_planned
    hire_word = "hire" if planned == 1 else "hires"
    today = shares_in_words([percent(x) for x in s.shares])
    options = f"{planned} {hire_word}"  # the plan's one hiring number (R27) ...
    if hiring.route == "time-share-then-hire":  # ... and the other route as the alternative
        options += (
            f" with every seller at {share} of their time on our line ({s.hires} without the "
            "time-share change)"
        )
    story = (
        f"time on our line is {today} today; at {share} the team gives "
        f"{_fmt(s.fte_effective_at_target_share)} FTE instead of {_fmt(s.fte_effective)}"
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
        "hires": f"{planned or 'no'} {hire_word}",
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


def _protect(plan: PartnerPlan, cash: Callable[[float], str]) -> str:
    """What a plan below last year must protect (R28): the renewal base and the win rate."""
    a, conv = plan.assessment, plan.chain.conversion
    win = f"a win rate of {percent(conv.win_rate_used)}"
    if plan.growth.recurring:
        return f"your renewal base of {cash(a.revenue.recurring_base)} and {win}"
    return f"{win} and an average deal of {cash(conv.avg_deal_size_used)}"


def _year_facts(plan: PartnerPlan, playbook: Playbook, cash: Callable[[float], str]) -> Facts:
    y, a, text = plan.year, plan.assessment, playbook.plan
    t, s, c = y.timeline, y.schedule, y.schedule.cadence
    hires = y.hiring.hires_planned
    runner = text.cadence.runner[c.runner]
    flags = {k.key: k.red_flags for k in y.kpis}
    q2 = y.quarters[1]
    meeting = a.assessment.next_meeting
    return {
        "growth": "n/a" if plan.chain.targets.growth_reported is None
        else f"{one_decimal(plan.chain.targets.growth_reported)}x",
        "plan_start": date_words(t.start), "plan_end": date_words(t.end),
        "q1_end": date_words(t.quarter_ends[0]), "day_90": date_words(t.day(90)),
        "assessed": date_words(a.assessment.date),
        "next_meeting": "not booked" if meeting is None else date_words(meeting),
        "protect": _protect(plan, cash),
        "requisitions_words": counted(hires, "requisition", words=True),
        "hires_planned_words": counted(hires, "new seller", words=True),
        "capability": "each capability",
        "opportunities_to_date": f"{sum(q.opportunities for q in y.quarters):,}",
        "bookings_to_date": cash(sum(q.new_bookings for q in y.quarters)),
        "pipeline_next_quarter": cash(q2.pipeline_at_start),
        "next_quarter_start": date_words(t.quarter_start(2)),
        "minutes": str(c.minutes), "review_runner": runner,
        "review_runner_cap": runner[:1].upper() + runner[1:],
        "partner_manager": a.partner.partner_manager,
        "weeks_joined": str(text.cadence.weeks_joined),
        "qbr_rhythm": text.cadence.qbr_rhythm[c.qbr_depth],
        "requisitions_due": date_words(s.requisitions_due),
        "time_share_due": date_words(s.time_share_due),
        "first_hire_start": "n/a" if s.first_hire_start is None
        else date_words(s.first_hire_start),
        "latest_requisition_date": month_words(s.latest_requisition),
        "hire_bookings_per_month": cash(y.hiring.hire_bookings_per_month),
        "first_deal_review": date_words(c.deal_review),
        "win_rate_flag_q1": percent(flags["win_rate"][0]),
        "forecast_flag_q1": percent(flags["forecast_accuracy"][0]),
        "pipeline_flag_q2": cash(flags["pipeline"][1]),
        "capacity_ceiling_as_is": cash(plan.chain.ceilings.capacity_ceiling_as_is),
        "opportunities_per_week_words": per_week(plan.chain.flow.opportunities_per_week),
        "retention_point": cash(plan.chain.targets.retention_point),
        "lead_time": f"{one_decimal(plan.chain.staffing.hire_lead_months)} months",
        "levers": "what this plan depends on most",
        "capabilities": "the capabilities this plan builds",
        "stale_days": str(playbook.program.thresholds.stale_assessment_days),
        "first_qbr": date_words(c.qbr),
        "actions_before_qbr": str(sum(1 for act in s.actions if act.due <= c.qbr)),
    }  # fmt: skip


def factors_in_words(plan: PartnerPlan, playbook: Playbook) -> str:
    """The levers that have to move, with their multiples: '1.2x pipeline per seller x 2.1x
    selling capacity' (a lever within 5% of today does not move)."""
    g, prod, words = plan.growth, plan.chain.productivity, playbook.plan.levers
    parts = [
        (Lever.win_rate, prod.factor_win_rate),
        (Lever.deal_size, prod.factor_deal_size),
        (Lever.pipeline_per_seller, prod.factor_pipeline_per_seller),
        (Lever.capacity, g.factor_capacity),
    ]
    moving = [
        f"{one_decimal(f)}x {words[lever]}"
        for lever, f in parts
        if f is not None and abs(f - 1) >= 0.05
    ]
    return " × ".join(moving) or "every lever where it is today"


def _next_partner_step(plan: PartnerPlan, playbook: Playbook, names: Facts) -> Facts:
    """The partner's first action after agreeing the plan: where the meeting's 'will' starts."""
    steps = [a for a in plan.year.schedule.actions if a.owner == "Partner"]
    if not steps:
        return {"next_partner_action": "the first step", "next_partner_due": "the plan start"}
    text, _, _ = action_words(steps[0], playbook, names)
    return {"next_partner_action": text.rstrip("."), "next_partner_due": date_words(steps[0].due)}


def facts(plan: PartnerPlan, playbook: Playbook) -> Facts:
    """Every placeholder's value for one partner (``growth_story`` is filled by the guide)."""

    def cash(value: float) -> str:
        return money(value, plan.assessment.partner.currency)

    out: Facts = {"growth_story": ""}
    for part in (_goal_facts, _conversion_facts, _pipeline_facts, _capacity_facts, _year_facts):
        out.update(part(plan, playbook, cash))
    reviews = playbook.plan.cadence
    which = (
        reviews.review_deals_all
        if plan.year.schedule.cadence.review_deals is None
        else reviews.review_deals_top
    )
    out["review_deals"] = which.format_map(out)
    for r in plan.capability.dimensions:
        level = "unknown" if r.score is None else f"at {r.score}"
        target = f" against a target of {r.target}" if r.gap > 0 else ", on target"
        out[CODE[r.dimension].lower()] = level + target
    out.update(_next_partner_step(plan, playbook, out))
    out["factors"] = factors_in_words(plan, playbook)
    return out
