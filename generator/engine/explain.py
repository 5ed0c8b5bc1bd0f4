"""Explainable figures for the capacity chain, the growth decomposition and the next-year view.

Each figure carries its formula in words (from the glossary) and its inputs with their sources,
so a page can show "how this was computed" next to every number. Computed inputs point at the
figure they came from (``computed: <key>``).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..domain import Lever, Unit
from ..inputs.assessment import Assessment
from ..inputs.playbook import Parameters, PlanLevers
from . import figures as fx
from .capacity import CapacityResult
from .figures import Figure, Input
from .glossary import GLOSSARY
from .growth import Decomposition
from .nextyear import NextYearView

_LEVER_SHARE = GLOSSARY["lever_share"]
_LEVERS = {
    lever: (f"lever_share_{lever.value}", f"Lever weight: {lever.value.replace('_', ' ')}")
    for lever in Lever
}


class Book:
    """Collects figures in order; :meth:`ref` also returns the figure as an input."""

    def __init__(self) -> None:
        self.figures: dict[str, Figure] = {}

    def add(
        self,
        key: str,
        value: float | None,
        *inputs: Input,
        low: bool = False,
        note: str | None = None,
    ) -> None:
        """Add the glossary's figure ``key`` with its value and inputs."""
        spec = GLOSSARY[key]
        self.figures[key] = Figure(
            key, spec.label, value, spec.unit, spec.formula, inputs, low, note
        )

    def ref(
        self,
        key: str,
        value: float | None,
        *inputs: Input,
        low: bool = False,
        note: str | None = None,
    ) -> Input:
        """Add a figure and return it as an input (named by its symbol) for later figures."""
        spec = GLOSSARY[key]
        self.figures[key] = Figure(
            key, spec.label, value, spec.unit, spec.formula, inputs, low, note
        )
        return Input(spec.symbol, value, spec.unit, "computed: " + key)

    def lever_weight(self, lever: Lever, weight: float, *inputs: Input) -> None:
        key, label = _LEVERS[lever]
        spec = _LEVER_SHARE
        self.figures[key] = Figure(key, label, weight, spec.unit, spec.formula, inputs)


_STATIC: dict[tuple[int, int], tuple[Parameters, PlanLevers, Mapping[str, Input]]] = {}


def _static(p: Parameters, lv: PlanLevers) -> Mapping[str, Input]:
    """The segment's defaults, benchmarks and plan levers as inputs, built once per segment."""
    hit = _STATIC.get((id(p), id(lv)))
    if hit is not None and hit[0] is p and hit[1] is lv:
        return hit[2]
    d, b, default, bench, lever = p.defaults, p.benchmarks, fx.default, fx.benchmark, fx.lever
    items = [
        default("k", d.shrinkage_k, "count", "shrinkage_k"),
        default("WR0", d.win_rate_prior, "fraction", "win_rate_prior"),
        default("s", d.slip_share, "fraction", "slip_share"),
        default("ADS0", d.avg_deal_size_new, "currency", "avg_deal_size_new"),
        default(
            "min wins",
            d.min_wins_for_observed_deal_size,
            "count",
            "min_wins_for_observed_deal_size",
        ),
        default("C0", d.sales_cycle_days, "days", "sales_cycle_days"),
        default("lead→opp", d.lead_to_opp, "fraction", "lead_to_opp"),
        default("min", d.coverage_min, "multiple", "coverage_min"),
        default("max", d.coverage_max, "multiple", "coverage_max"),
        default("P0", d.productivity_new, "currency/FTE", "productivity_new"),
        default("K", d.max_concurrent_opps, "count", "max_concurrent_opps"),
        default("floor", d.new_partner_ramp_months, "months", "new_partner_ramp_months"),
        default("T_hire", d.time_to_hire_months, "months", "time_to_hire_months"),
        default("T_ramp entered", d.ramp_months, "months", "ramp_months"),
        default("α", d.attrition, "fraction", "attrition"),
        default("r_SE", d.sellers_per_presales, "count", "sellers_per_presales"),
        default("per manager", d.sellers_per_manager, "count", "sellers_per_manager"),
        bench("WR_bench", b.win_rate, "fraction", "win_rate"),
        bench("ADS_bench", b.avg_deal_size, "currency", "avg_deal_size"),
        bench("OPF_bench", b.decided_opps_per_fte, "count/yr", "decided_opps_per_fte"),
        bench("P_bench", b.productivity_per_fte, "currency/FTE", "productivity_per_fte"),
        bench("GRR_bench", b.grr, "fraction", "grr"),
        lever("target share", lv.target_time_share, "fraction", "target_time_share"),
        lever("step", lv.win_rate_step, "fraction", "win_rate_step"),
        lever("ADS factor", lv.deal_size_factor, "multiple", "deal_size_factor"),
        lever(
            "OPF factor", lv.pipeline_per_seller_factor, "multiple", "pipeline_per_seller_factor"
        ),
        lever("small gap", lv.small_gap_fte, "FTE", "small_gap_fte"),
        lever("min yield", lv.min_hire_yield, "FTE", "min_hire_yield"),
    ]
    static = {item.name: item for item in items}
    if len(_STATIC) > 64:
        _STATIC.clear()
    _STATIC[(id(p), id(lv))] = (p, lv, static)
    return static


def _either(entered: float | None, unit: Unit, field: str, fallback: Input) -> Input:
    """The assessment's value when entered, else the program default."""
    return fallback if entered is None else fx.assessment(fallback.name, entered, unit, field)


_ADS_NOTE = {"observed": None, "shrunk": "shrunk: few wins", "default": "vendor median"}


def capacity_figures(
    book: Book, a: Assessment, p: Parameters, lv: PlanLevers, c: CapacityResult
) -> dict[str, Input]:
    """Add the §3.3 figures to ``book``; returns the inputs later figures refer to."""
    st, rev, deals, team, pipe = _static(p, lv), a.revenue, a.deals, a.team, a.pipeline
    made = fx.assessment
    r_prev = made("R_prev", rev.last_12_months, "currency/yr", "revenue.last_12_months")
    given = (
        "goals.target_revenue" if a.goals.target_revenue is not None else "goals.growth_multiple"
    )
    tgt = made("R_tgt", a.target_revenue, "currency/yr", given)
    won = made("W", deals.won_12m, "count", "deals.won_12m")
    lost = made("L", deals.lost_12m, "count", "deals.lost_12m")
    one_off = made(
        "one-off", rev.one_off_last_12_months, "currency/yr", "revenue.one_off_last_12_months"
    )
    base = made("Base", rev.recurring_base, "currency/yr", "revenue.recurring_base")
    grr = made("GRR", rev.gross_revenue_retention, "fraction", "revenue.gross_revenue_retention")
    ads_obs = made("ADS_obs", deals.avg_deal_size, "currency", "deals.avg_deal_size")
    cycle_in = made("C_obs", deals.sales_cycle_days, "days", "deals.sales_cycle_days")
    slip_in = _either(deals.slip_share, "fraction", "deals.slip_share", st["s"])
    t_hire = _either(team.time_to_hire_months, "months", "team.time_to_hire_months", st["T_hire"])
    ramp_in = _either(team.ramp_months, "months", "team.ramp_months", st["T_ramp entered"])
    attrition = _either(team.attrition, "fraction", "team.attrition", st["α"])
    shares = made("Σ share_i", sum(c.shares), "FTE", "team.sellers[].share_on_vendor")
    tenures = made("tenures", None, "months", "team.sellers[].tenure_months")
    sellers = made("sellers", len(c.shares), "count", "team.sellers (share above 0)")
    open_pv = made("open", pipe.total, "currency", "pipeline.commit+best_case+pipeline")
    stale = made("stale", pipe.stale, "currency", "pipeline.stale")
    b_prev = made(
        "B_prev",
        rev.new_bookings_last_12_months,
        "currency/yr",
        "revenue.new_bookings_last_12_months",
    )
    fte_prev = (
        shares if c.fte_prev_from_sellers else made("FTE_prev", c.fte_prev, "FTE", "team.fte_prev")
    )
    k, target_share = st["k"], st["target share"]

    # Growth and base
    new_note = "n/a (new partner)" if c.new_partner else "n/a (no revenue last year)"
    g_note = None if c.growth_reported is not None else new_note
    book.add("growth_reported", c.growth_reported, tgt, r_prev, note=g_note)
    book.add("growth_normalized", c.growth_normalized, tgt, r_prev, one_off)
    retained = book.ref("retained_revenue", c.retained, base, grr)
    b_new = book.ref("new_bookings_needed", c.new_bookings, tgt, retained)
    # Conversion inputs
    wr_low = c.win_rate_low_confidence
    book.add("win_rate_observed", c.win_rate_observed, won, lost, low=wr_low)
    wr = book.ref("win_rate_used", c.win_rate, won, lost, k, st["WR0"], low=wr_low)
    ads = book.ref(
        "avg_deal_size_used",
        c.deal_size,
        won,
        ads_obs,
        st["ADS0"],
        k,
        st["min wins"],
        low=c.deal_size_basis != "observed",
        note=_ADS_NOTE[c.deal_size_basis],
    )
    cyc = book.ref("sales_cycle_days_used", c.cycle, cycle_in, st["C0"], low=c.cycle_defaulted)
    slip = book.ref("slip_share_used", c.slip, slip_in)
    # Flow
    n_won = book.ref("deals_needed", c.deals_needed, b_new, ads)
    n_dec = book.ref("decided_opportunities", c.decided_needed, n_won, wr)
    n_cr = book.ref("opportunities_to_create", c.opps_to_create, n_dec, slip)
    o_q = book.ref("opportunities_per_quarter", c.opps_per_quarter, n_cr)
    book.add("leads_per_quarter", c.leads_per_quarter, o_q, st["lead→opp"])
    book.add("pipeline_value_to_create", c.pipeline_to_create, n_cr, ads)
    # Coverage
    cr = book.ref("coverage_target", c.coverage, wr, slip, st["min"], st["max"])
    long_note = "cycle over a year: this year's wins must already be open" if c.long_cycle else None
    f_pre = book.ref("pre_open_share", c.pre_open, cyc, note=long_note)
    b_q = book.ref("new_bookings_per_quarter", c.new_bookings_per_quarter, b_new)
    pv = book.ref("pipeline_needed_at_quarter_start", c.pipeline_needed, cr, b_q, f_pre)
    on_hand = book.ref("pipeline_on_hand", c.pipeline_on_hand, open_pv, stale)
    book.add("q1_pipeline_gap", c.q1_pipeline_gap, pv, on_hand)
    book.add("create_and_close_per_quarter", c.create_and_close, b_q, ads, f_pre, wr, slip)
    # Productivity
    median = c.productivity_from_median
    why = None
    if median:
        why = "new partner (R12)" if c.new_partner else "no seller FTE last year"
    prod = book.ref(
        "productivity_per_fte", c.productivity, b_prev, fte_prev, st["P0"], low=median, note=why
    )
    opf = book.ref("decided_opps_per_fte", c.opps_per_fte, won, lost, fte_prev)
    m = book.ref("max_decided_opps_per_fte", c.max_opps_per_fte, st["K"], cyc)
    wr_t = book.ref("win_rate_target", c.win_rate_target, wr, st["WR_bench"], st["step"])
    ads_t = book.ref(
        "avg_deal_size_target", c.deal_size_target, ads, st["ADS_bench"], st["ADS factor"]
    )
    no_opf = None
    if c.opps_per_fte_target is None or c.new_partner:
        no_opf = "lever not applied (new partner or no opportunity history)"
    opf_t = book.ref(
        "decided_opps_per_fte_target",
        c.opps_per_fte_target,
        opf,
        st["OPF_bench"],
        st["OPF factor"],
        m,
        note=no_opf,
    )
    p_plan = book.ref(
        "productivity_plan", c.productivity_plan, prod, wr_t, wr, ads_t, ads, opf_t, opf, low=median
    )
    act = book.ref("fte_required_activity", c.activity_fte, n_cr, m)
    asis = book.ref(
        "fte_required_as_is",
        c.fte_required_as_is,
        b_new,
        prod,
        act,
        note=f"{c.binding_as_is}-bound",
    )
    req = book.ref(
        "fte_required_plan", c.fte_required_plan, b_new, p_plan, act, note=f"{c.binding_plan}-bound"
    )
    # Effective capacity
    floor_note = "new-partner ramp floor applied" if c.ramp_floor_applied else None
    ramp = book.ref("ramp_months_used", c.t_ramp, ramp_in, st["floor"], note=floor_note)
    loss = book.ref("seat_loss", c.loss, attrition, t_hire, ramp)
    nobody = "nobody assigned to our line" if c.fte_effective == 0 else None
    eff = book.ref("fte_effective", c.fte_effective, loss, shares, tenures, ramp, note=nobody)
    book.add("fte_effective_at_target_share", c.fte_effective_target_share, eff, target_share)
    gap = book.ref("fte_gap", c.gap_plan, req, eff)
    book.add("fte_gap_as_is", c.gap_as_is, asis, eff)
    # Hiring
    e_new = book.ref("new_hire_yield", c.new_hire_yield, loss, t_hire, ramp)
    realloc = book.ref("reallocation_capacity", c.reallocation, loss, target_share)
    small, min_yield = st["small gap"], st["min yield"]
    hires = book.ref(
        "hires", c.hires, gap, realloc, e_new, small, min_yield, note=f"route: {c.plan.route}"
    )
    hires_r = book.ref("hires_with_reallocation", c.hires_with_reallocation, gap, realloc, e_new)
    route = f"route: {c.as_is.route}"
    book.add("hires_as_is", c.as_is.hires, realloc, e_new, small, min_yield, note=route)
    late = None
    if c.plan.route == "defer":
        late = "for next year: a hire cannot close this year's gap"
    if c.requisition_month_raw < 0:
        late = "already late for next year's start: open now"
    book.add("latest_requisition_month", c.requisition_month, t_hire, ramp, note=late)
    have = f"the partner has {c.presales_fte:g}"
    book.add("presales_required", c.presales_required, req, st["r_SE"], note=have)
    book.add("managers_required", c.managers_required, sellers, hires, st["per manager"])
    # Ceilings and indices
    ceil = book.ref("capacity_ceiling", c.capacity_ceiling, retained, eff, p_plan)
    ceil_asis = book.ref("capacity_ceiling_as_is", c.capacity_ceiling_as_is, retained, eff, prod)
    book.add("revenue_shortfall", a.target_revenue - c.capacity_ceiling, tgt, ceil)
    book.add("revenue_shortfall_as_is", a.target_revenue - c.capacity_ceiling_as_is, tgt, ceil_asis)
    ki_note = "n/a: no new bookings needed" if c.capacity_index is None else None
    book.add("capacity_index", c.capacity_index, eff, st["P_bench"], b_new, note=ki_note)
    book.add("lead_time_months", c.lead_time_months, t_hire, ramp, cyc)
    return {
        "B_new": b_new,
        "WR": wr,
        "WR_t": wr_t,
        "ADS": ads,
        "ADS_t": ads_t,
        "OPF": opf,
        "OPF_t": opf_t,
        "FTE_req_plan": req,
        "Gap": gap,
        "P_plan": p_plan,
        "loss": loss,
        "Hires_realloc": hires_r,
        "shares": shares,
        "target_share": target_share,
        "b_prev": b_prev,
        "tgt": tgt,
        "r_prev": r_prev,
        "base": base,
        "grr": grr,
        "GRR_bench": st["GRR_bench"],
    }


def growth_figures(
    book: Book,
    d: Decomposition,
    weights: Mapping[Lever, float],
    l_ret: float,
    refs: Mapping[str, Input],
) -> None:
    """g_B, its factors (§4.1) and the lever weights (§4.2)."""
    g_b = book.ref("bookings_growth", d.bookings_growth, refs["B_new"], refs["b_prev"])
    f_wr = book.ref("factor_win_rate", d.f_win_rate, refs["WR_t"], refs["WR"])
    f_ads = book.ref("factor_deal_size", d.f_deal_size, refs["ADS_t"], refs["ADS"])
    f_opf = book.ref("factor_pipeline_per_seller", d.f_opps_per_fte, refs["OPF_t"], refs["OPF"])
    book.add("factor_capacity", d.f_capacity, g_b, f_wr, f_ads, f_opf)
    ret = book.ref(
        "retention_weight", l_ret, refs["base"], refs["grr"], refs["GRR_bench"], refs["B_new"]
    )
    for lever, weight in weights.items():
        book.lever_weight(lever, weight, g_b, ret, refs["Gap"], refs["FTE_req_plan"])


def next_year_figures(book: Book, n: NextYearView, refs: Mapping[str, Input]) -> None:
    """The next-year view (§5.3) as figures."""
    aspiration = fx.assessment("aspiration", n.target, "currency/yr", "goals.next_year_aspiration")
    base = book.ref("next_year_base", n.base, refs["base"], refs["tgt"], refs["r_prev"])
    b_next = book.ref("next_year_new_bookings", n.new_bookings, aspiration, base, refs["grr"])
    need = book.ref("next_year_fte_needed", n.fte_needed, b_next, refs["P_plan"])
    loss, shares, hires = refs["loss"], refs["shares"], refs["Hires_realloc"]
    at_t = book.ref(
        "next_year_fte_at_target_share",
        n.fte_at_target_share,
        loss,
        shares,
        refs["target_share"],
        hires,
    )
    at_c = book.ref("next_year_fte_at_current_share", n.fte_at_current_share, loss, shares, hires)
    book.add(
        "next_year_extra_hires_at_target_share", n.extra_hires_at_target_share, need, at_t, loss
    )
    book.add(
        "next_year_extra_hires_at_current_share", n.extra_hires_at_current_share, need, at_c, loss
    )
