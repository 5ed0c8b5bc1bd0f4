"""The capacity model (§3.3), in execution order, with the §8 resolutions applied.

Small pure functions take plain numbers; :func:`plan_capacity` runs the whole chain for one
assessment and returns a frozen :class:`CapacityResult`. Nothing here divides by zero: every
denominator is either positive by construction or guarded, and the guard is documented.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ..inputs.assessment import Assessment
from ..inputs.playbook import Parameters, PlanLevers
from .fastinit import fast_init
from .staffing import (
    HireDecision,
    clamp,
    effective_fte,
    hires_for_gap,
    new_hire_yield,
    reallocation,
    seat_loss,
)

DAYS_PER_QUARTER = 91.25
MIN_WIN_RATE = 0.01  # floor for the win rate used, so a zero prior with k = 0 stays finite
MAX_SLIP = 0.95  # a slip share of 1 would mean nothing ever closes
MIN_FTE = 0.01  # less seller time than this last year is no basis for a per-FTE rate
MIN_DEAL_SIZE = 1.0  # an average deal below one currency unit counts as not recorded
MIN_AMOUNT = 1.0  # revenue or bookings below one currency unit count as none (no history)
_EPS = 1e-9  # absorbs float noise before rounding up

Basis = Literal["observed", "shrunk", "default"]


# --- Pure building blocks -------------------------------------------------------------------


def ratio(numerator: float, denominator: float, minimum: float = MIN_AMOUNT) -> float | None:
    """numerator / denominator, or None (n/a) when the denominator is below ``minimum``."""
    if denominator < minimum:
        return None
    value = numerator / denominator
    return value if math.isfinite(value) else None


def shrunk_win_rate(won: int, lost: int, prior: float, k: float) -> float:
    """WR = (W + k·WR0) / (W + L + k), the prior when there is nothing to shrink."""
    decided = won + lost + k
    wr = (won + k * prior) / decided if decided > 0 else prior
    return max(MIN_WIN_RATE, min(1.0, wr))


def deal_size_used(
    won: int, observed: float | None, prior: float, k: float, min_wins: float
) -> tuple[float, Basis]:
    """Observed ADS when W ≥ min_wins, else shrunk towards ADS0; ADS0 when W = 0 or ADS missing."""
    if won == 0 or observed is None or observed < MIN_DEAL_SIZE:
        return prior, "default"
    if won >= min_wins:
        return observed, "observed"
    return (won * observed + k * prior) / (won + k), "shrunk"


def coverage_target(win_rate: float, slip: float, lo: float, hi: float) -> float:
    """CR = clamp((1/WR)/(1 - s), lo, hi)."""
    return clamp((1.0 / win_rate) / (1.0 - slip), lo, hi)


def pre_open_share(cycle_days: float) -> float:
    """f_pre = min(1, C / 91.25): share of a quarter's wins already open on its first day."""
    return min(1.0, cycle_days / DAYS_PER_QUARTER)


def lever_target(value: float, bench: float, improved: float) -> float:
    """Improve a lever only where it is below the benchmark, and never make it worse."""
    return value if value >= bench else max(value, min(bench, improved))


# --- The chain for one assessment ------------------------------------------------------------


@fast_init
@dataclass(frozen=True, slots=True)
class CapacityResult:
    """Every figure of §3.3 for one partner, unrounded."""

    # resolved inputs
    new_partner: bool
    shares: tuple[float, ...]
    tenures: tuple[float | None, ...]
    fte_prev: float
    fte_prev_from_sellers: bool
    t_hire: float
    t_ramp: float
    ramp_floor_applied: bool
    attrition: float
    slip: float
    slip_capped: bool
    # growth and base
    growth_reported: float | None
    growth_normalized: float | None
    retained: float
    new_bookings: float
    # conversion
    win_rate_observed: float | None
    win_rate: float
    win_rate_low_confidence: bool
    deal_size: float
    deal_size_basis: Basis
    cycle: float
    cycle_defaulted: bool
    long_cycle: bool
    # flow
    deals_needed: float
    decided_needed: float
    opps_to_create: float
    opps_per_quarter: float
    leads_per_quarter: float
    pipeline_to_create: float
    # coverage
    coverage: float
    pre_open: float
    new_bookings_per_quarter: float
    pipeline_needed: float
    pipeline_on_hand: float
    q1_pipeline_gap: float
    create_and_close: float
    # productivity
    productivity: float
    productivity_from_median: bool
    opps_per_fte: float | None
    max_opps_per_fte: float
    win_rate_target: float
    deal_size_target: float
    opps_per_fte_target: float | None
    f_win_rate: float
    f_deal_size: float
    f_opps_per_fte: float
    productivity_plan: float
    activity_fte: float
    fte_required_as_is: float
    fte_required_plan: float
    binding_as_is: Literal["value", "activity"]
    binding_plan: Literal["value", "activity"]
    # effective capacity and hiring
    loss: float
    fte_effective: float
    fte_effective_target_share: float
    gap_plan: float
    gap_as_is: float
    new_hire_yield: float
    reallocation: float
    plan: HireDecision
    as_is: HireDecision
    requisition_month: float
    requisition_month_raw: float
    presales_required: float
    presales_fte: float
    managers_required: int
    capacity_ceiling: float
    capacity_ceiling_as_is: float
    capacity_index: float | None
    lead_time_months: float

    @property
    def hires(self) -> int:
        return self.plan.hires

    @property
    def hires_with_reallocation(self) -> int:
        return self.plan.hires_with_reallocation


def is_new_partner(a: Assessment) -> bool:
    """R12: no history, meaning no revenue or no new bookings last year."""
    rev = a.revenue
    return rev.last_12_months < MIN_AMOUNT or rev.new_bookings_last_12_months < MIN_AMOUNT


def ramp_months(a: Assessment, p: Parameters) -> tuple[float, bool]:
    """T_ramp, raised to the new-partner floor while the partner is in its first months (R12)."""
    d = p.defaults
    entered = a.team.ramp_months if a.team.ramp_months is not None else d.ramp_months
    floor = d.new_partner_ramp_months
    if a.partner.tenure_months < d.new_partner_tenure_months and entered < floor:
        return floor, True
    return entered, False


def plan_capacity(a: Assessment, p: Parameters, levers: PlanLevers) -> CapacityResult:
    """Run §3.3 in execution order for one assessment."""
    d, bench, team, deals, rev = p.defaults, p.benchmarks, a.team, a.deals, a.revenue
    new = is_new_partner(a)
    sellers = [s for s in team.sellers if s.share_on_vendor > 0]  # R2: share 0 is ignored
    shares = tuple(s.share_on_vendor for s in sellers)
    tenures = tuple(s.tenure_months for s in sellers)
    t_hire = d.time_to_hire_months if team.time_to_hire_months is None else team.time_to_hire_months
    t_ramp, floored = ramp_months(a, p)
    attrition = team.attrition if team.attrition is not None else d.attrition
    slip_in = deals.slip_share if deals.slip_share is not None else d.slip_share
    slip = min(slip_in, MAX_SLIP)

    # Growth and base
    r_prev, target = rev.last_12_months, a.target_revenue
    r_norm = r_prev - rev.one_off_last_12_months
    retained = rev.recurring_base * (rev.gross_revenue_retention or 0.0)
    b_new = max(0.0, target - retained)

    # Robust conversion inputs
    won, lost = deals.won_12m, deals.lost_12m
    wr = shrunk_win_rate(won, lost, d.win_rate_prior, d.shrinkage_k)
    ads, ads_basis = deal_size_used(
        won,
        deals.avg_deal_size,
        d.avg_deal_size_new,
        d.shrinkage_k,
        d.min_wins_for_observed_deal_size,
    )
    cycle_in = deals.sales_cycle_days
    cycle = float(cycle_in) if cycle_in else d.sales_cycle_days

    # Deals, opportunities, pipeline (flow)
    n_won = b_new / ads
    n_decided = n_won / wr
    n_create = n_decided / (1.0 - slip)
    o_q = n_create / 4.0

    # Coverage (stock)
    coverage = coverage_target(wr, slip, d.coverage_min, d.coverage_max)
    f_pre = pre_open_share(cycle)
    b_new_q = b_new / 4.0
    pv_start = coverage * b_new_q * f_pre
    on_hand = a.pipeline.total - a.pipeline.stale
    cc_q = (b_new_q / ads) * (1.0 - f_pre) / (wr * (1.0 - slip))

    # Productivity (R1, R12): last year's bookings per dedicated FTE, else the vendor median
    fte_from_sellers = team.fte_prev is None
    fte_prev = sum(shares) if team.fte_prev is None else team.fte_prev
    from_median = new or fte_prev < MIN_FTE
    productivity = d.productivity_new if from_median else rev.new_bookings_last_12_months / fte_prev
    opf = None if fte_prev < MIN_FTE else (won + lost) / fte_prev
    m = d.max_concurrent_opps * 365.0 / cycle
    wr_t = lever_target(wr, bench.win_rate, wr + levers.win_rate_step)
    ads_t = lever_target(ads, bench.avg_deal_size, ads * levers.deal_size_factor)
    if new or opf is None or opf <= 0:  # R12: no OPF lever; nor without a ratio to scale
        opf_t, f_opf = opf, 1.0
    else:
        opf_t = lever_target(
            opf, bench.decided_opps_per_fte, min(opf * levers.pipeline_per_seller_factor, m)
        )
        f_opf = opf_t / opf
    f_wr, f_ads = wr_t / wr, ads_t / ads
    p_plan = productivity * f_wr * f_ads * f_opf
    activity = n_create / m
    value_asis, value_plan = b_new / productivity, b_new / p_plan

    # Effective capacity for the plan year
    loss = seat_loss(attrition, t_hire, t_ramp)
    fte_eff = effective_fte(shares, tenures, t_ramp, loss)
    raised = tuple(max(s, levers.target_time_share) for s in shares)
    fte_eff_target = effective_fte(raised, tenures, t_ramp, loss)
    fte_req_asis, fte_req_plan = max(value_asis, activity), max(value_plan, activity)
    gap_plan, gap_asis = fte_req_plan - fte_eff, fte_req_asis - fte_eff

    # Hiring
    e_new = new_hire_yield(t_hire, t_ramp, loss)
    realloc = reallocation(shares, levers.target_time_share, loss)
    plan = hires_for_gap(gap_plan, realloc, e_new, loss, levers)
    if target < r_prev and retained + fte_eff * p_plan >= target:  # §3.4: no hire in a surplus
        plan = HireDecision(gap_plan, "surplus", 0, 0, None)
    as_is = hires_for_gap(gap_asis, realloc, e_new, loss, levers)
    req_raw = 12.0 - t_hire - t_ramp
    headcount = len(shares) + plan.hires

    return CapacityResult(
        new_partner=new,
        shares=shares,
        tenures=tenures,
        fte_prev=fte_prev,
        fte_prev_from_sellers=fte_from_sellers,
        t_hire=t_hire,
        t_ramp=t_ramp,
        ramp_floor_applied=floored,
        attrition=attrition,
        slip=slip,
        slip_capped=slip < slip_in,
        growth_reported=ratio(target, r_prev),
        growth_normalized=ratio(target, r_norm),
        retained=retained,
        new_bookings=b_new,
        win_rate_observed=won / (won + lost) if won + lost > 0 else None,
        win_rate=wr,
        win_rate_low_confidence=won + lost < d.low_confidence_decisions or won == 0,
        deal_size=ads,
        deal_size_basis=ads_basis,
        cycle=cycle,
        cycle_defaulted=not cycle_in,
        long_cycle=cycle > d.long_cycle_days,
        deals_needed=n_won,
        decided_needed=n_decided,
        opps_to_create=n_create,
        opps_per_quarter=o_q,
        leads_per_quarter=o_q / d.lead_to_opp,
        pipeline_to_create=n_create * ads,
        coverage=coverage,
        pre_open=f_pre,
        new_bookings_per_quarter=b_new_q,
        pipeline_needed=pv_start,
        pipeline_on_hand=on_hand,
        q1_pipeline_gap=pv_start - on_hand,
        create_and_close=cc_q,
        productivity=productivity,
        productivity_from_median=from_median,
        opps_per_fte=opf,
        max_opps_per_fte=m,
        win_rate_target=wr_t,
        deal_size_target=ads_t,
        opps_per_fte_target=opf_t,
        f_win_rate=f_wr,
        f_deal_size=f_ads,
        f_opps_per_fte=f_opf,
        productivity_plan=p_plan,
        activity_fte=activity,
        fte_required_as_is=fte_req_asis,
        fte_required_plan=fte_req_plan,
        binding_as_is="value" if value_asis >= activity else "activity",
        binding_plan="value" if value_plan >= activity else "activity",
        loss=loss,
        fte_effective=fte_eff,
        fte_effective_target_share=fte_eff_target,
        gap_plan=gap_plan,
        gap_as_is=gap_asis,
        new_hire_yield=e_new,
        reallocation=realloc,
        plan=plan,
        as_is=as_is,
        requisition_month=max(0.0, req_raw),
        requisition_month_raw=req_raw,
        presales_required=fte_req_plan / d.sellers_per_presales,
        presales_fte=team.presales_fte,
        managers_required=math.ceil(headcount / d.sellers_per_manager - _EPS),
        capacity_ceiling=retained + fte_eff * p_plan,
        capacity_ceiling_as_is=retained + fte_eff * productivity,
        capacity_index=ratio(fte_eff * bench.productivity_per_fte, b_new),
        lead_time_months=t_hire + t_ramp + cycle / 30.0,
    )
