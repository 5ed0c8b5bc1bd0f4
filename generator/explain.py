"""Explainable figures for the capacity chain, the growth decomposition and the next-year view.

Each figure says in words how it was computed and lists its inputs with their sources, so a page
can show "how this was computed" next to every number. Computed inputs point at the figure they
came from (``computed: <key>``).
"""

from __future__ import annotations

from collections.abc import Mapping

from . import figures as fx
from .capacity import CapacityResult
from .config import Lever, Parameters, PlanLevers
from .figures import Figure, Input, Unit
from .growth import Decomposition
from .model import Assessment
from .nextyear import NextYearView


_LEVER_TEXT = {
    lever: (f"lever_share_{lever.value}", f"Lever weight: {lever.value.replace('_', ' ')}",
            f"L_{lever.value}")
    for lever in Lever
}


class Book:
    """Collects figures in order; :meth:`add` returns the figure as an input for later ones."""

    def __init__(self) -> None:
        self.figures: dict[str, Figure] = {}

    def add(
        self, key: str, label: str, symbol: str, value: float | None, unit: Unit, formula: str,
        *inputs: Input, low: bool = False, note: str | None = None,
    ) -> Input:
        self.figures[key] = Figure(key, label, value, unit, formula, inputs, low, note)
        return Input(symbol, value, unit, "computed: " + key)


def _either(name: str, entered: float | None, fallback: float, unit: Unit, field: str,
            key: str) -> Input:
    if entered is not None:
        return fx.assessment(name, entered, unit, field)
    return fx.default(name, fallback, unit, key)


def capacity_figures(
    book: Book, a: Assessment, p: Parameters, lv: PlanLevers, c: CapacityResult
) -> dict[str, Input]:
    """Add the §3.3 figures to ``book``; returns the inputs later figures refer to."""
    d, b, rev, deals, team = p.defaults, p.benchmarks, a.revenue, a.deals, a.team
    r_prev = fx.assessment("R_prev", rev.last_12_months, "currency/yr", "revenue.last_12_months")
    if a.goals.target_revenue is not None:
        tgt = fx.assessment("R_tgt", a.target_revenue, "currency/yr", "goals.target_revenue")
    else:
        tgt = fx.assessment("R_tgt", a.target_revenue, "currency/yr",
                            "goals.growth_multiple × revenue.last_12_months")
    won = fx.assessment("W", deals.won_12m, "count", "deals.won_12m")
    lost = fx.assessment("L", deals.lost_12m, "count", "deals.lost_12m")
    k = fx.default("k", d.shrinkage_k, "count", "shrinkage_k")
    slip_in = _either("s", deals.slip_share, d.slip_share, "fraction", "deals.slip_share",
                      "slip_share")
    t_hire = _either("T_hire", team.time_to_hire_months, d.time_to_hire_months, "months",
                     "team.time_to_hire_months", "time_to_hire_months")
    ramp_entered = _either("T_ramp entered", team.ramp_months, d.ramp_months, "months",
                           "team.ramp_months", "ramp_months")
    shares = fx.assessment("Σ share_i", sum(c.shares), "FTE", "team.sellers[].share_on_vendor")
    sellers = fx.assessment("sellers", len(c.shares), "count", "team.sellers (share above 0)")
    target_share = fx.lever("target share", lv.target_time_share, "fraction",
                            "target_time_share")
    new_note = "new partner: vendor median used (R12)" if c.new_partner else None

    g = book.add("growth_reported", "Growth multiple (reported)", "g", c.growth_reported,
                 "multiple", "target revenue / last 12 months' revenue", tgt, r_prev,
                 note="n/a (new partner)" if c.growth_reported is None else None)
    book.add("growth_normalized", "Growth multiple (normalised)", "g_norm", c.growth_normalized,
             "multiple", "target revenue / (last 12 months' revenue − one-off revenue)", tgt,
             r_prev, fx.assessment("one-off", rev.one_off_last_12_months, "currency/yr",
                                   "revenue.one_off_last_12_months"),
             note="n/a (no recurring revenue last year)" if c.growth_normalized is None else None)
    retained = book.add(
        "retained_revenue", "Retained revenue", "Retained", c.retained, "currency/yr",
        "recurring base × gross revenue retention",
        fx.assessment("Base", rev.recurring_base, "currency/yr", "revenue.recurring_base"),
        fx.assessment("GRR", rev.gross_revenue_retention, "fraction",
                      "revenue.gross_revenue_retention"))
    b_new = book.add("new_bookings_needed", "New bookings needed", "B_new", c.new_bookings,
                     "currency/yr", "target revenue − retained revenue, not below 0", tgt,
                     retained)
    book.add("win_rate_observed", "Win rate (observed)", "WR_obs", c.win_rate_observed,
             "fraction", "won / (won + lost)", won, lost, low=c.win_rate_low_confidence,
             note="no decided opportunities" if c.win_rate_observed is None else None)
    wr = book.add(
        "win_rate_used", "Win rate used", "WR", c.win_rate, "fraction",
        "(won + k × prior win rate) / (won + lost + k): the observed rate shrunk towards the prior",
        won, lost, k, fx.default("WR0", d.win_rate_prior, "fraction", "win_rate_prior"),
        low=c.win_rate_low_confidence,
        note="fewer than 10 decisions or no wins: low confidence"
        if c.win_rate_low_confidence else None)
    ads_words = {
        "observed": "the observed average deal size (enough wins to trust it)",
        "shrunk": "(won × observed deal size + k × vendor median) / (won + k)",
        "default": "the vendor median deal size (no wins or no deal size recorded)",
    }[c.deal_size_basis]
    ads = book.add(
        "avg_deal_size_used", "Average deal size used", "ADS", c.deal_size, "currency",
        ads_words, won, fx.assessment("ADS_obs", deals.avg_deal_size, "currency",
                                      "deals.avg_deal_size"),
        fx.default("ADS0", d.avg_deal_size_new, "currency", "avg_deal_size_new"), k,
        fx.default("min wins", d.min_wins_for_observed_deal_size, "count",
                   "min_wins_for_observed_deal_size"),
        low=c.deal_size_basis != "observed")
    cyc = book.add(
        "sales_cycle_days_used", "Sales cycle used", "C", c.cycle, "days",
        "the recorded sales cycle, or the vendor default when it is missing or 0",
        fx.assessment("C_obs", deals.sales_cycle_days, "days", "deals.sales_cycle_days"),
        fx.default("C0", d.sales_cycle_days, "days", "sales_cycle_days"),
        low=c.cycle_defaulted)
    slip = book.add("slip_share_used", "Slip share used", "s", c.slip, "fraction",
                    "the recorded slip share, else the default; at most 0.95", slip_in)
    n_won = book.add("deals_needed", "Won deals needed", "N_won", c.deals_needed, "count/yr",
                     "new bookings needed / average deal size", b_new, ads)
    n_dec = book.add("decided_opportunities", "Decided opportunities needed", "N_decided",
                     c.decided_needed, "count/yr", "won deals needed / win rate", n_won, wr)
    n_cr = book.add("opportunities_to_create", "Opportunities to create", "N_create",
                    c.opps_to_create, "count/yr", "decided opportunities / (1 − slip share)",
                    n_dec, slip)
    o_q = book.add("opportunities_per_quarter", "Opportunities to create per quarter", "O_q",
                   c.opps_per_quarter, "count", "opportunities to create / 4", n_cr)
    book.add("leads_per_quarter", "Leads needed per quarter", "Leads_q", c.leads_per_quarter,
             "count", "opportunities per quarter / lead-to-opportunity conversion", o_q,
             fx.default("lead→opp", d.lead_to_opp, "fraction", "lead_to_opp"))
    book.add("pipeline_value_to_create", "Pipeline value to create", "PV_create",
             c.pipeline_to_create, "currency/yr", "opportunities to create × average deal size",
             n_cr, ads)
    cr = book.add("coverage_target", "Coverage target", "CR", c.coverage, "multiple",
                  "(1 / win rate) / (1 − slip share), kept between the program's minimum and "
                  "maximum", wr, slip,
                  fx.default("min", d.coverage_min, "multiple", "coverage_min"),
                  fx.default("max", d.coverage_max, "multiple", "coverage_max"))
    f_pre = book.add("pre_open_share", "Share of a quarter's wins open on day 1", "f_pre",
                     c.pre_open, "fraction", "sales cycle / 91.25 days, at most 1", cyc,
                     note="cycle over a year: this year's wins must already be in the pipeline"
                     if c.long_cycle else None)
    b_q = book.add("new_bookings_per_quarter", "New bookings per quarter", "B_new_q",
                   c.new_bookings_per_quarter, "currency", "new bookings needed / 4", b_new)
    pv = book.add("pipeline_needed_at_quarter_start", "Pipeline needed at quarter start",
                  "PV_start_q", c.pipeline_needed, "currency",
                  "coverage target × new bookings per quarter × share open on day 1", cr, b_q,
                  f_pre)
    on_hand = book.add(
        "pipeline_on_hand", "Clean pipeline on hand", "PV_now", c.pipeline_on_hand, "currency",
        "open pipeline (commit + best case + pipeline) − stale pipeline",
        fx.assessment("open", a.pipeline.total, "currency", "pipeline.commit+best_case+pipeline"),
        fx.assessment("stale", a.pipeline.stale, "currency", "pipeline.stale"))
    book.add("q1_pipeline_gap", "Q1 pipeline gap", "Gap_PV", c.q1_pipeline_gap, "currency",
             "pipeline needed at quarter start − clean pipeline on hand (negative = surplus)",
             pv, on_hand)
    book.add("create_and_close_per_quarter", "Create-and-close opportunities per quarter",
             "CC_q", c.create_and_close, "count",
             "(new bookings per quarter / deal size) × (1 − share open on day 1) / "
             "(win rate × (1 − slip share))", b_q, ads, f_pre, wr, slip)
    fte_prev = (fx.assessment("FTE_prev", c.fte_prev, "FTE", "team.fte_prev")
                if not c.fte_prev_from_sellers else shares)
    b_prev = fx.assessment("B_prev", rev.new_bookings_last_12_months, "currency/yr",
                           "revenue.new_bookings_last_12_months")
    if c.productivity_from_median:
        prod = book.add("productivity_per_fte", "Productivity per FTE", "P", c.productivity,
                        "currency/FTE", "the vendor median bookings per dedicated FTE-year",
                        fx.default("P0", d.productivity_new, "currency/FTE", "productivity_new"),
                        low=True, note=new_note or "no seller FTE last year")
    else:
        prod = book.add("productivity_per_fte", "Productivity per FTE", "P", c.productivity,
                        "currency/FTE", "last year's new bookings / last year's dedicated FTE",
                        b_prev, fte_prev)
    opf = book.add("decided_opps_per_fte", "Decided opportunities per FTE", "OPF",
                   c.opps_per_fte, "count/yr", "(won + lost) / last year's dedicated FTE",
                   won, lost, fte_prev)
    m = book.add("max_decided_opps_per_fte", "Most decided opportunities one FTE can handle",
                 "M", c.max_opps_per_fte, "count/yr", "max concurrent opportunities × 365 / cycle",
                 fx.default("K", d.max_concurrent_opps, "count", "max_concurrent_opps"), cyc)
    wr_t = book.add(
        "win_rate_target", "Plan win rate", "WR_t", c.win_rate_target, "fraction",
        "the win rate if at benchmark, else min(benchmark, win rate + step)", wr,
        fx.benchmark("WR_bench", b.win_rate, "fraction", "win_rate"),
        fx.lever("step", lv.win_rate_step, "fraction", "win_rate_step"))
    ads_t = book.add(
        "avg_deal_size_target", "Plan deal size", "ADS_t", c.deal_size_target, "currency",
        "the deal size if at benchmark, else min(benchmark, deal size × factor)", ads,
        fx.benchmark("ADS_bench", b.avg_deal_size, "currency", "avg_deal_size"),
        fx.lever("factor", lv.deal_size_factor, "multiple", "deal_size_factor"))
    opf_t = book.add(
        "decided_opps_per_fte_target", "Plan decided opportunities per FTE", "OPF_t",
        c.opps_per_fte_target, "count/yr",
        "opportunities per FTE if at benchmark, else min(benchmark, × factor, most one FTE can "
        "handle), never below today", opf,
        fx.benchmark("OPF_bench", b.decided_opps_per_fte, "count/yr", "decided_opps_per_fte"),
        fx.lever("factor", lv.pipeline_per_seller_factor, "multiple",
                 "pipeline_per_seller_factor"), m,
        note="lever not applied (new partner or no opportunity history)"
        if c.f_opps_per_fte == 1.0 and c.opps_per_fte_target != c.opps_per_fte else None)
    p_plan = book.add(
        "productivity_plan", "Plan productivity per FTE", "P_plan", c.productivity_plan,
        "currency/FTE", "productivity × (plan win rate / win rate) × (plan deal size / deal size)"
        " × (plan opportunities per FTE / opportunities per FTE)", prod, wr_t, wr, ads_t, ads,
        opf_t, opf, low=c.productivity_from_median)
    act = book.add("fte_required_activity", "FTE required by activity", "FTE_act",
                   c.activity_fte, "FTE", "opportunities to create / most one FTE can handle",
                   n_cr, m)
    asis = book.add("fte_required_as_is", "FTE required (as-is)", "FTE_req_asis",
                    c.fte_required_as_is, "FTE",
                    "the larger of new bookings / productivity and the activity requirement",
                    b_new, prod, act, note=f"{c.binding_as_is}-bound")
    req = book.add("fte_required_plan", "FTE required (plan)", "FTE_req_plan",
                   c.fte_required_plan, "FTE",
                   "the larger of new bookings / plan productivity and the activity requirement",
                   b_new, p_plan, act, note=f"{c.binding_plan}-bound")
    ramp = book.add("ramp_months_used", "Ramp used", "T_ramp", c.t_ramp, "months",
                    "the entered ramp, raised to the new-partner floor in the first months",
                    ramp_entered, fx.default("floor", d.new_partner_ramp_months, "months",
                                             "new_partner_ramp_months"),
                    note="new-partner ramp floor applied" if c.ramp_floor_applied else None)
    loss = book.add(
        "seat_loss", "Share of a seat-year lost to attrition", "loss", c.loss, "fraction",
        "attrition × (time to hire + ramp / 2) / 12",
        _either("α", team.attrition, d.attrition, "fraction", "team.attrition", "attrition"),
        t_hire, ramp)
    eff = book.add(
        "fte_effective", "Effective FTE", "FTE_eff", c.fte_effective, "FTE",
        "(1 − loss) × sum over sellers of share × productive months / 12, ramping linearly",
        loss, shares, fx.assessment("tenures", None, "months", "team.sellers[].tenure_months"),
        ramp, note="nobody assigned to our line" if c.fte_effective == 0 else None)
    book.add("fte_effective_at_target_share", "Effective FTE at the target time-share",
             "FTE_eff_t", c.fte_effective_target_share, "FTE",
             "effective FTE with every seller raised to the target time-share", eff, target_share)
    gap = book.add("fte_gap", "FTE gap (plan)", "Gap", c.gap_plan, "FTE",
                   "FTE required (plan) − effective FTE", req, eff)
    book.add("fte_gap_as_is", "FTE gap (as-is)", "Gap_asis", c.gap_as_is, "FTE",
             "FTE required (as-is) − effective FTE", asis, eff)
    e_new = book.add("new_hire_yield", "Plan-year FTE from one hire", "e_new", c.new_hire_yield,
                     "FTE", "(1 − loss) × productive months of a hire opened at month 0 / 12",
                     loss, t_hire, ramp)
    realloc = book.add("reallocation_capacity", "FTE from raising time-share", "Realloc",
                       c.reallocation, "FTE",
                       "(1 − loss) × sum over sellers of max(0, target share − share)", loss,
                       target_share)
    rules = ("0 if the gap is small or time-share covers it; else the gap / one hire's yield, "
             "rounded up")
    small = fx.lever("small gap", lv.small_gap_fte, "FTE", "small_gap_fte")
    min_yield = fx.lever("min yield", lv.min_hire_yield, "FTE", "min_hire_yield")
    hires = book.add("hires", "Hires (plan)", "Hires", c.hires, "count", rules, gap, realloc,
                     e_new, small, min_yield, note=f"route: {c.plan.route}")
    book.add("hires_with_reallocation", "Hires after raising time-share", "Hires_realloc",
             c.hires_with_reallocation, "count",
             "(gap − time-share capacity) / one hire's yield, rounded up", gap, realloc, e_new)
    book.add("hires_as_is", "Hires (as-is)", "Hires_asis", c.as_is.hires, "count", rules,
             realloc, e_new, small, min_yield, note=f"route: {c.as_is.route}")
    book.add("latest_requisition_month", "Latest requisition month", "month_req",
             c.requisition_month, "months",
             "12 − time to hire − ramp, not before month 0: a seller opened then is fully ramped "
             "at next year's start", t_hire, ramp,
             note="already late: open now" if c.requisition_month_raw < 0 else None)
    book.add("presales_required", "Presales FTE required", "Presales_req", c.presales_required,
             "FTE", "FTE required (plan) / sellers per presales FTE", req,
             fx.default("r_SE", d.sellers_per_presales, "count", "sellers_per_presales"),
             note=f"the partner has {c.presales_fte:g}")
    book.add("managers_required", "Sales managers required", "Managers_req",
             c.managers_required, "count",
             "(sellers + plan hires) / sellers per manager, rounded up", sellers, hires,
             fx.default("per manager", d.sellers_per_manager, "count", "sellers_per_manager"))
    ceil = book.add("capacity_ceiling", "Capacity ceiling (plan productivity)", "Ceiling",
                    c.capacity_ceiling, "currency/yr",
                    "retained revenue + effective FTE × plan productivity (no hires)",
                    retained, eff, p_plan)
    ceil_asis = book.add("capacity_ceiling_as_is", "Capacity ceiling (as-is)", "Ceiling_asis",
                         c.capacity_ceiling_as_is, "currency/yr",
                         "retained revenue + effective FTE × productivity", retained, eff, prod)
    book.add("revenue_shortfall", "Target minus capacity ceiling", "Shortfall",
             a.target_revenue - c.capacity_ceiling, "currency/yr",
             "target revenue − capacity ceiling (negative = surplus)", tgt, ceil)
    book.add("revenue_shortfall_as_is", "Target minus as-is capacity ceiling", "Shortfall_asis",
             a.target_revenue - c.capacity_ceiling_as_is, "currency/yr",
             "target revenue − as-is capacity ceiling (negative = surplus)", tgt, ceil_asis)
    book.add("capacity_index", "Capacity index (KI)", "KI", c.capacity_index, "index",
             "effective FTE × benchmark productivity / new bookings needed", eff,
             fx.benchmark("P_bench", b.productivity_per_fte, "currency/FTE",
                          "productivity_per_fte"), b_new,
             note="n/a: no new bookings needed" if c.capacity_index is None else None)
    book.add("lead_time_months", "Lead time for new capacity", "lead time",
             c.lead_time_months, "months", "time to hire + ramp + sales cycle / 30", t_hire,
             ramp, cyc)
    return {"g": g, "B_new": b_new, "WR": wr, "WR_t": wr_t, "ADS": ads, "ADS_t": ads_t,
            "OPF": opf, "OPF_t": opf_t, "FTE_req_plan": req, "Gap": gap, "P_plan": p_plan,
            "loss": loss, "Hires_realloc": book.figures["hires_with_reallocation"].as_input(
                "Hires_realloc"), "shares": shares, "target_share": target_share,
            "b_prev": b_prev, "tgt": tgt, "r_prev": r_prev}


def growth_figures(
    book: Book, d: Decomposition, weights: Mapping[Lever, float], l_ret: float,
    refs: Mapping[str, Input],
) -> None:
    """g_B, its factors (§4.1) and the lever weights (§4.2)."""
    g_b = book.add("bookings_growth", "New-bookings growth multiple", "g_B", d.bookings_growth,
                   "multiple", "new bookings needed / last year's new bookings", refs["B_new"],
                   refs["b_prev"])
    f_wr = book.add("factor_win_rate", "Win-rate factor", "f_WR", d.f_win_rate, "multiple",
                    "plan win rate / win rate", refs["WR_t"], refs["WR"])
    f_ads = book.add("factor_deal_size", "Deal-size factor", "f_ADS", d.f_deal_size, "multiple",
                     "plan deal size / deal size", refs["ADS_t"], refs["ADS"])
    f_opf = book.add("factor_pipeline_per_seller", "Pipeline-per-seller factor", "f_OPF",
                     d.f_opps_per_fte, "multiple",
                     "plan opportunities per FTE / opportunities per FTE; 1 where the lever "
                     "does not apply", refs["OPF_t"], refs["OPF"])
    book.add("factor_capacity", "Capacity factor", "f_FTE", d.f_capacity, "multiple",
             "new-bookings growth / (win-rate × deal-size × pipeline-per-seller factors)", g_b,
             f_wr, f_ads, f_opf)
    ret = book.add("retention_weight", "Retention lever weight", "L_ret", l_ret, "fraction",
                   "min(1, recurring base × max(0, benchmark GRR − GRR) / new bookings needed); "
                   "0 where the segment sets no GRR benchmark", refs["B_new"])
    for lever, weight in weights.items():
        key, label, symbol = _LEVER_TEXT[lever]
        book.add(key, label, symbol, weight, "fraction",
                 "ln(factor) / sum of ln(factor) over levers above 1, scaled by (1 − L_ret), "
                 "then the capacity override (growth); equal shares (maintain); fixed (new)",
                 g_b, ret, refs["Gap"], refs["FTE_req_plan"])


def next_year_figures(book: Book, n: NextYearView, refs: Mapping[str, Input]) -> None:
    """The next-year view as figures."""
    tgt = fx.assessment("aspiration", n.target, "currency/yr", "goals.next_year_aspiration")
    base = book.add("next_year_base", "Next year's recurring base", "Base_next", n.base,
                    "currency/yr", "recurring base × (target revenue / last year's revenue)",
                    refs["tgt"], refs["r_prev"])
    b_next = book.add("next_year_new_bookings", "Next year's new bookings needed", "B_new_next",
                      n.new_bookings, "currency/yr",
                      "aspiration − next year's base × GRR, not below 0", tgt, base)
    need = book.add("next_year_fte_needed", "FTE needed on next year's day 1", "FTE_next",
                    n.fte_needed, "FTE", "next year's new bookings / plan productivity",
                    b_next, refs["P_plan"])
    hires = refs["Hires_realloc"]
    at_t = book.add("next_year_fte_at_target_share", "FTE available (target time-share)",
                    "FTE_avail_t", n.fte_at_target_share, "FTE",
                    "(1 − loss) × (sum of shares raised to the target + hires after raising "
                    "time-share)", refs["loss"], refs["shares"], refs["target_share"], hires)
    at_c = book.add("next_year_fte_at_current_share", "FTE available (current time-share)",
                    "FTE_avail_c", n.fte_at_current_share, "FTE",
                    "(1 − loss) × (sum of shares + hires after raising time-share)",
                    refs["loss"], refs["shares"], hires)
    words = "0 if the shortfall is small; else shortfall / (1 − loss), rounded up"
    book.add("next_year_extra_hires_at_target_share", "Extra requisitions (target share)",
             "Req_t", n.extra_hires_at_target_share, "count", words, need, at_t, refs["loss"])
    book.add("next_year_extra_hires_at_current_share", "Extra requisitions (current share)",
             "Req_c", n.extra_hires_at_current_share, "count", words, need, at_c, refs["loss"])
