"""Productivity and required capacity (§3.3, §8 R1 and R12): what one dedicated seller books a
year today and with the plan's levers, and how many sellers the new bookings need."""

from __future__ import annotations

from typing import Literal

from ..inputs.assessment import Assessment
from ..inputs.program import Parameters, PlanLevers
from .capacity import Conversion, Flow, Targets
from .figures import figure, stage

MIN_FTE = 0.01  # less seller time than this last year is no basis for a per-FTE rate

Binding = Literal["value", "activity"]


def lever_target(value: float, bench: float, improved: float) -> float:
    """Improve a lever only where it is below the benchmark, and never make it worse."""
    return value if value >= bench else max(value, min(bench, improved))


def _why_median(s: Productivity) -> str | None:
    if not s.from_median:
        return None
    return "new partner (R12)" if s.new_partner else "no seller FTE last year"


def _no_lever(s: Productivity) -> str | None:
    if s.decided_opps_per_fte_target is None or s.new_partner:
        return "lever not applied (new partner or no opportunity history)"
    return None


@stage
class Productivity:
    """Bookings per dedicated FTE, the plan's levers and the FTE the target needs."""

    new_partner: bool
    from_median: bool
    binding_as_is: Binding
    binding_plan: Binding
    productivity_per_fte: float = figure(
        "Productivity per FTE", "P", "currency/FTE",
        """last year's new bookings / last year's dedicated FTE (the sum of today's time-shares
        when not recorded); the vendor median for a new partner or with no seller FTE last
        year""",
        ("B_prev", "FTE_prev", "P0"), low=lambda s: s.from_median, note=_why_median,
        plain="""{bookings_prev} of new bookings last year ÷ {fte_last_year} full-time sellers on
        our line = {productivity_per_fte} per seller""",
    )  # fmt: skip
    decided_opps_per_fte: float | None = figure(
        "Decided opportunities per FTE", "OPF", "count/yr",
        "(won + lost) / last year's dedicated FTE", ("W", "L", "FTE_prev"),
        plain="""{decisions} deals decided last year ÷ {fte_last_year} full-time sellers on our
        line = {decided_opps_per_fte} a year""",
    )  # fmt: skip
    max_decided_opps_per_fte: float = figure(
        "Most decided opportunities one FTE can handle", "M", "count/yr",
        "max concurrent opportunities × 365 / cycle", ("K", "sales_cycle_days_used"),
    )  # fmt: skip
    win_rate_target: float = figure(
        "Plan win rate", "WR_t", "fraction",
        "the win rate if at benchmark, else min(benchmark, win rate + step)",
        ("win_rate_used", "WR_bench", "step"),
        plain="""Today's {win_rate_used}, raised by at most {win_rate_step} a year while it is
        below the {win_rate_benchmark} that partners like you reach, and kept where it
        is above""",
    )  # fmt: skip
    avg_deal_size_target: float = figure(
        "Plan deal size", "ADS_t", "currency",
        "the deal size if at benchmark, else min(benchmark, deal size × factor)",
        ("avg_deal_size_used", "ADS_bench", "ADS factor"),
        plain="""Today's {avg_deal_size_used}, raised by at most {deal_size_step} a year while it
        is below the {deal_size_benchmark} typical across partners, and kept where it is
        above""",
    )  # fmt: skip
    decided_opps_per_fte_target: float | None = figure(
        "Plan decided opportunities per FTE", "OPF_t", "count/yr",
        """opportunities per FTE if at benchmark, else min(benchmark, × factor, most one FTE can
        handle), never below today""",
        ("decided_opps_per_fte", "OPF_bench", "OPF factor", "max_decided_opps_per_fte"),
        note=_no_lever,
        plain="""Today's {decided_opps_per_fte} a year, raised by at most {pipeline_step} a year
        while it is below the {opps_per_fte_benchmark} typical across partners, and kept
        where it is above""",
    )  # fmt: skip
    factor_win_rate: float = figure(
        "Win-rate factor", "f_WR", "multiple", "plan win rate / win rate",
        ("win_rate_target", "win_rate_used"),
        plain='{win_rate_target} ÷ {win_rate_used} = {factor_win_rate}',
    )  # fmt: skip
    factor_deal_size: float = figure(
        "Deal-size factor", "f_ADS", "multiple", "plan deal size / deal size",
        ("avg_deal_size_target", "avg_deal_size_used"),
        plain='{avg_deal_size_target} ÷ {avg_deal_size_used} = {factor_deal_size}',
    )  # fmt: skip
    factor_pipeline_per_seller: float = figure(
        "Pipeline-per-seller factor", "f_OPF", "multiple",
        "plan opportunities per FTE / opportunities per FTE; 1 where the lever does not apply",
        ("decided_opps_per_fte_target", "decided_opps_per_fte"),
        plain="""{decided_opps_per_fte_target} ÷ {decided_opps_per_fte} opportunities decided per
        seller a year = {factor_pipeline_per_seller}""",
    )  # fmt: skip
    productivity_plan: float = figure(
        "Plan productivity per FTE", "P_plan", "currency/FTE",
        """productivity × (plan win rate / win rate) × (plan deal size / deal size) × (plan
        opportunities per FTE / opportunities per FTE)""",
        ("productivity_per_fte", "win_rate_target", "win_rate_used", "avg_deal_size_target",
         "avg_deal_size_used", "decided_opps_per_fte_target", "decided_opps_per_fte"),
        low=lambda s: s.from_median,
        plain="""{productivity_per_fte} per seller today, raised by the plan's win rate, deal
        size and opportunities per seller = {productivity_plan} per seller""",
    )  # fmt: skip
    fte_required_activity: float = figure(
        "FTE required by activity", "FTE_act", "FTE",
        "opportunities to create / most one FTE can handle",
        ("opportunities_to_create", "max_decided_opps_per_fte"),
    )  # fmt: skip
    fte_required_as_is: float = figure(
        "FTE required (as-is)", "FTE_req_asis", "FTE",
        "the larger of new bookings / productivity and the activity requirement",
        ("new_bookings_needed", "productivity_per_fte", "fte_required_activity"),
        note=lambda s: f"{s.binding_as_is}-bound",
        plain="""{new_bookings_needed} of new business ÷ {productivity_per_fte} per full-time
        seller today = {fte_required_as_is}""",
    )  # fmt: skip
    fte_required_plan: float = figure(
        "FTE required (plan)", "FTE_req_plan", "FTE",
        "the larger of new bookings / plan productivity and the activity requirement",
        ("new_bookings_needed", "productivity_plan", "fte_required_activity"),
        note=lambda s: f"{s.binding_plan}-bound",
        plain="""{new_bookings_needed} of new business ÷ {productivity_plan} per full-time seller
        with the plan = {fte_required_plan}""",
    )  # fmt: skip


def fte_last_year(a: Assessment) -> float:
    """R1: the recorded average dedicated FTE, else the sum of today's time-shares (share > 0)."""
    if a.team.fte_prev is not None:
        return a.team.fte_prev
    return sum(s.share_on_vendor for s in a.team.sellers if s.share_on_vendor > 0)


def productivity(
    a: Assessment, t: Targets, c: Conversion, f: Flow, p: Parameters, levers: PlanLevers
) -> Productivity:
    d, bench = p.defaults, p.benchmarks
    won, lost, new = a.deals.won_12m, a.deals.lost_12m, t.new_partner
    fte_prev = fte_last_year(a)
    from_median = new or fte_prev < MIN_FTE
    prod = d.productivity_new if from_median else a.revenue.new_bookings_last_12_months / fte_prev
    opf = None if fte_prev < MIN_FTE else (won + lost) / fte_prev
    m = d.max_concurrent_opps * 365.0 / c.sales_cycle_days_used
    wr, ads = c.win_rate_used, c.avg_deal_size_used
    wr_t = lever_target(wr, bench.win_rate, wr + levers.win_rate_step)
    ads_t = lever_target(ads, bench.avg_deal_size, ads * levers.deal_size_factor)
    if new or opf is None or opf <= 0:  # R12: no OPF lever; nor without a ratio to scale
        opf_t, f_opf = opf, 1.0
    else:
        improved = min(opf * levers.pipeline_per_seller_factor, m)
        opf_t = lever_target(opf, bench.decided_opps_per_fte, improved)
        f_opf = opf_t / opf
    p_plan = prod * (wr_t / wr) * (ads_t / ads) * f_opf
    activity = f.opportunities_to_create / m
    b_new = t.new_bookings_needed
    value_asis, value_plan = b_new / prod, b_new / p_plan
    return Productivity(
        new_partner=new,
        from_median=from_median,
        binding_as_is="value" if value_asis >= activity else "activity",
        binding_plan="value" if value_plan >= activity else "activity",
        productivity_per_fte=prod,
        decided_opps_per_fte=opf,
        max_decided_opps_per_fte=m,
        win_rate_target=wr_t,
        avg_deal_size_target=ads_t,
        decided_opps_per_fte_target=opf_t,
        factor_win_rate=wr_t / wr,
        factor_deal_size=ads_t / ads,
        factor_pipeline_per_seller=f_opf,
        productivity_plan=p_plan,
        fte_required_activity=activity,
        fte_required_as_is=max(value_asis, activity),
        fte_required_plan=max(value_plan, activity),
    )
