"""The demand side of the capacity model (§3.3): the goal, conversion, flow and coverage.

Each stage is a small pure function returning a frozen result whose figures carry their own
words and inputs (see figures.py). Nothing here divides by zero: every denominator is either
positive by construction or guarded, and the guard is documented.
"""

from __future__ import annotations

import math
from typing import Literal

from ..inputs.assessment import Assessment
from ..inputs.program import DealReviews, Parameters
from .figures import figure, stage
from .sources import SOURCES

DAYS_PER_QUARTER = 91.25
WEEKS_PER_QUARTER = 13
MIN_WIN_RATE = 0.01  # floor for the win rate used, so a zero prior with k = 0 stays finite
MAX_SLIP = 0.95  # a slip share of 1 would mean nothing ever closes
MIN_DEAL_SIZE = 1.0  # an average deal below one currency unit counts as not recorded
MIN_AMOUNT = 1.0  # revenue or bookings below one currency unit count as none (no history)

Basis = Literal["observed", "shrunk", "default"]
_ = SOURCES  # the source names below are registered by importing sources


# --- Pure building blocks -------------------------------------------------------------------


def clamp(value: float, lo: float, hi: float) -> float:
    return min(hi, max(lo, value))


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


def is_new_partner(a: Assessment) -> bool:
    """R12: no history, meaning no revenue or no new bookings last year."""
    rev = a.revenue
    return rev.last_12_months < MIN_AMOUNT or rev.new_bookings_last_12_months < MIN_AMOUNT


# --- Growth and base ------------------------------------------------------------------------


def _no_growth(t: Targets) -> str | None:
    if t.growth_reported is not None:
        return None
    return "n/a (new partner)" if t.new_partner else "n/a (no revenue last year)"


@stage
class Targets:
    """The goal and what of it has to be new business."""

    new_partner: bool
    target: float
    growth_reported: float | None = figure(
        "Growth multiple (reported)", "g", "multiple",
        "target revenue / last 12 months' revenue", ("R_tgt", "R_prev"), note=_no_growth,
        plain='{target} goal ÷ {revenue_prev} of revenue on our line last year = {growth_reported}',
    )  # fmt: skip
    growth_normalized: float | None = figure(
        "Growth multiple (normalised)", "g_norm", "multiple",
        "target revenue / (last 12 months' revenue − one-off revenue)",
        ("R_tgt", "R_prev", "one-off"),
    )  # fmt: skip
    retained_revenue: float = figure(
        "Retained revenue", "Retained", "currency/yr",
        "recurring base × gross revenue retention", ("Base", "GRR"),
        plain="""{recurring_base} of renewals due in the plan year × the {grr} you keep =
        {retained_revenue}""",
    )  # fmt: skip
    new_bookings_needed: float = figure(
        "New bookings needed", "B_new", "currency/yr",
        "target revenue − retained revenue, not below 0", ("R_tgt", "retained_revenue"),
        plain="""{target} goal − {retained_revenue} from renewals you keep =
        {new_bookings_needed} of new business""",
    )  # fmt: skip
    retention_point: float = figure(
        "Revenue in one point of retention", "Base_1%", "currency/yr",
        "recurring base / 100: what each point of gross revenue retention is worth", ("Base",),
    )  # fmt: skip


def targets(a: Assessment) -> Targets:
    rev, target = a.revenue, a.target_revenue
    retained = rev.recurring_base * (rev.gross_revenue_retention or 0.0)
    return Targets(
        new_partner=is_new_partner(a),
        target=target,
        growth_reported=ratio(target, rev.last_12_months),
        growth_normalized=ratio(target, rev.last_12_months - rev.one_off_last_12_months),
        retained_revenue=retained,
        new_bookings_needed=max(0.0, target - retained),
        retention_point=rev.recurring_base / 100,
    )


# --- Robust conversion inputs ---------------------------------------------------------------

_ADS_NOTE = {"observed": None, "shrunk": "shrunk: few wins", "default": "vendor median"}


@stage
class Conversion:
    """Win rate, deal size, cycle and slip as the plan uses them (shrunk or defaulted)."""

    win_rate_low_confidence: bool
    deal_size_basis: Basis
    cycle_defaulted: bool
    long_cycle: bool
    slip_capped: bool
    win_rate_observed: float | None = figure(
        "Win rate (observed)", "WR_obs", "fraction", "won / (won + lost)", ("W", "L"),
        low=lambda s: s.win_rate_low_confidence,
    )  # fmt: skip
    win_rate_used: float = figure(
        "Win rate used", "WR", "fraction",
        "(won + k × prior win rate) / (won + lost + k): the observed rate shrunk towards the prior",
        ("W", "L", "k", "WR0"), low=lambda s: s.win_rate_low_confidence,
        plain="""Deals won as a share of all deals decided in the last 12 months ({won_deals} of
        {decisions}), steadied towards a typical {win_rate_prior} while few deals are
        recorded""",
    )  # fmt: skip
    avg_deal_size_used: float = figure(
        "Average deal size used", "ADS", "currency",
        """the observed average deal size once there are enough wins; with fewer wins (won ×
        observed + k × vendor median) / (won + k); the vendor median with no wins or no deal
        size recorded""",
        ("W", "ADS_obs", "ADS0", "k", "min wins"),
        low=lambda s: s.deal_size_basis != "observed", note=lambda s: _ADS_NOTE[s.deal_size_basis],
        plain="""Your average won deal over the last 12 months, outliers left out; with few wins
        it is steadied towards a typical {deal_size_default}""",
    )  # fmt: skip
    sales_cycle_days_used: float = figure(
        "Sales cycle used", "C", "days",
        "the recorded sales cycle, or the vendor default when it is missing or 0",
        ("C_obs", "C0"), low=lambda s: s.cycle_defaulted,
        plain='Days from a qualified opportunity to a won deal, from your last 12 months',
    )  # fmt: skip
    decisions_last_year: int = figure(
        "Decided opportunities last year", "W+L", "count", "won + lost", ("W", "L"),
    )  # fmt: skip
    review_threshold: float = figure(
        "Deal-review threshold", "ADS_review", "currency",
        "average deal size × the program's review multiple: larger deals are always reviewed",
        ("avg_deal_size_used", "review multiple"),
        plain='{avg_deal_size_used} average deal × {review_multiple_number} = {review_threshold}',
    )  # fmt: skip
    large_deal_threshold: float = figure(
        "Large-deal threshold", "ADS_large", "currency",
        "average deal size × the program's large-deal multiple: larger deals use MEDDPICC",
        ("avg_deal_size_used", "large-deal multiple"),
    )  # fmt: skip
    slip_share_used: float = figure(
        "Slip share used", "s", "fraction",
        "the recorded slip share, else the default; at most 0.95", ("s",),
    )  # fmt: skip


def conversion(
    a: Assessment, p: Parameters, reviews: DealReviews, win_rate: float | None = None
) -> Conversion:
    """``win_rate``: a scenario's win rate, used instead of the observed (shrunk) one."""
    d, deals = p.defaults, a.deals
    won, lost = deals.won_12m, deals.lost_12m
    k = d.shrinkage_k
    ads, basis = deal_size_used(
        won, deals.avg_deal_size, d.avg_deal_size_new, k, d.min_wins_for_observed_deal_size
    )
    cycle = float(deals.sales_cycle_days) if deals.sales_cycle_days else d.sales_cycle_days
    slip_in = deals.slip_share if deals.slip_share is not None else d.slip_share
    return Conversion(
        win_rate_low_confidence=win_rate is None
        and (won + lost < d.low_confidence_decisions or won == 0),
        deal_size_basis=basis,
        cycle_defaulted=not deals.sales_cycle_days,
        long_cycle=cycle > d.long_cycle_days,
        slip_capped=slip_in > MAX_SLIP,
        win_rate_observed=won / (won + lost) if won + lost > 0 else None,
        win_rate_used=win_rate or shrunk_win_rate(won, lost, d.win_rate_prior, k),
        avg_deal_size_used=ads,
        sales_cycle_days_used=cycle,
        decisions_last_year=won + lost,
        review_threshold=ads * reviews.review_multiple,
        large_deal_threshold=ads * reviews.large_deal_multiple,
        slip_share_used=min(slip_in, MAX_SLIP),
    )


# --- Deals, opportunities, pipeline (flow) --------------------------------------------------


@stage
class Flow:
    """How many deals and opportunities the new bookings take."""

    deals_needed: float = figure(
        "Won deals needed", "N_won", "count/yr", "new bookings needed / average deal size",
        ("new_bookings_needed", "avg_deal_size_used"),
        plain="""{new_bookings_needed} of new business ÷ {avg_deal_size_used} average deal =
        {deals_needed} deals to win""",
    )  # fmt: skip
    decided_opportunities: float = figure(
        "Decided opportunities needed", "N_decided", "count/yr", "won deals needed / win rate",
        ("deals_needed", "win_rate_used"),
        plain="""{deals_needed} deals to win ÷ {win_rate_used} win rate = {decided_opportunities}
        opportunities that reach a decision""",
    )  # fmt: skip
    opportunities_to_create: float = figure(
        "Opportunities to create", "N_create", "count/yr",
        "decided opportunities / (1 − slip share)",
        ("decided_opportunities", "slip_share_used"),
        plain="""{decided_opportunities} opportunities reaching a decision, allowing for the
        {slip_share_used} still open or pushed at the end of the year =
        {opportunities_to_create} to create""",
    )  # fmt: skip
    opportunities_per_quarter: float = figure(
        "Opportunities to create per quarter", "O_q", "count", "opportunities to create / 4",
        ("opportunities_to_create",),
        plain="""{opportunities_to_create} a year ÷ 4 = {opportunities_per_quarter} a quarter on
        average; the table by quarter follows your selling capacity""",
    )  # fmt: skip
    leads_per_quarter: float = figure(
        "Leads needed per quarter", "Leads_q", "count",
        "opportunities per quarter / lead-to-opportunity conversion",
        ("opportunities_per_quarter", "lead→opp"),
    )  # fmt: skip
    pipeline_value_to_create: float = figure(
        "Pipeline value to create", "PV_create", "currency/yr",
        "opportunities to create × average deal size",
        ("opportunities_to_create", "avg_deal_size_used"),
    )  # fmt: skip
    opportunities_per_week: float = figure(
        "Opportunities to create per week", "O_w", "count",
        "opportunities to create per quarter / 13 weeks", ("opportunities_per_quarter",),
        plain='{opportunities_per_quarter} a quarter ÷ 13 weeks = {opportunities_per_week}',
    )  # fmt: skip


def flow(t: Targets, c: Conversion, p: Parameters) -> Flow:
    n_won = t.new_bookings_needed / c.avg_deal_size_used
    n_decided = n_won / c.win_rate_used
    n_create = n_decided / (1.0 - c.slip_share_used)
    return Flow(
        deals_needed=n_won,
        decided_opportunities=n_decided,
        opportunities_to_create=n_create,
        opportunities_per_quarter=n_create / 4.0,
        leads_per_quarter=n_create / 4.0 / p.defaults.lead_to_opp,
        pipeline_value_to_create=n_create * c.avg_deal_size_used,
        opportunities_per_week=n_create / 4.0 / WEEKS_PER_QUARTER,
    )


# --- Coverage (stock), adjusted for short cycles ---------------------------------------------


def _long_note(s: Coverage) -> str | None:
    return "cycle over a year: this year's wins must already be open" if s.long_cycle else None


@stage
class Coverage:
    """How much qualified pipeline each quarter has to start with."""

    long_cycle: bool
    coverage_target: float = figure(
        "Coverage target", "CR", "multiple",
        "(1 / win rate) / (1 − slip share), kept between the program's minimum and maximum",
        ("win_rate_used", "slip_share_used", "min", "max"),
        plain="""To win one unit of business at a {win_rate_used} win rate, allowing for deals
        that slip, you need about {coverage_target} units of qualified pipeline""",
    )  # fmt: skip
    pre_open_share: float = figure(
        "Share of a quarter's wins open on day 1", "f_pre", "fraction",
        "sales cycle / 91.25 days, at most 1", ("sales_cycle_days_used",), note=_long_note,
        plain="""With a {sales_cycle_days_used} sales cycle, {pre_open_share} of a quarter's wins
        are already open on its first day; the rest are created and won inside the
        quarter""",
    )  # fmt: skip
    new_bookings_per_quarter: float = figure(
        "New bookings per quarter", "B_new_q", "currency", "new bookings needed / 4",
        ("new_bookings_needed",),
        plain='{new_bookings_needed} ÷ 4 = {new_bookings_per_quarter} a quarter on average',
    )  # fmt: skip
    pipeline_needed_at_quarter_start: float = figure(
        "Pipeline needed at quarter start", "PV_start_q", "currency",
        "coverage target × new bookings per quarter × share open on day 1",
        ("coverage_target", "new_bookings_per_quarter", "pre_open_share"),
        plain="""{new_bookings_per_quarter} of bookings a quarter × {coverage_target} pipeline
        cover × {pre_open_share} already open on day 1 =
        {pipeline_needed_at_quarter_start}""",
    )  # fmt: skip
    pipeline_on_hand: float = figure(
        "Clean pipeline on hand", "PV_now", "currency",
        "open pipeline (commit + best case + pipeline) − stale pipeline", ("open", "stale"),
        plain="""{open_pipeline} open today − {stale} with no activity for 30 days or a close
        date in the past = {pipeline_on_hand}""",
    )  # fmt: skip
    q1_pipeline_gap: float = figure(
        "Q1 pipeline gap", "Gap_PV", "currency",
        "pipeline needed at quarter start − clean pipeline on hand (negative = surplus)",
        ("pipeline_needed_at_quarter_start", "pipeline_on_hand"),
        plain="""{pipeline_needed_at_quarter_start} needed − {pipeline_on_hand} on hand =
        {q1_pipeline_gap}""",
    )  # fmt: skip
    stale_share: float | None = figure(
        "Stale share of open pipeline", "stale %", "fraction",
        "stale pipeline / open pipeline (commit + best case + pipeline); n/a with none open",
        ("stale", "open"),
    )  # fmt: skip
    create_and_close_per_quarter: float = figure(
        "Create-and-close opportunities per quarter", "CC_q", "count",
        """(new bookings per quarter / deal size) × (1 − share open on day 1) / (win rate ×
        (1 − slip share))""",
        ("new_bookings_per_quarter", "avg_deal_size_used", "pre_open_share", "win_rate_used",
         "slip_share_used"),
        plain="""The wins of a quarter not yet open on its first day ({pre_open_share} are), at a
        {win_rate_used} win rate: {create_and_close_per_quarter} opportunities created
        and won inside each quarter""",
    )  # fmt: skip


def coverage(a: Assessment, t: Targets, c: Conversion, p: Parameters) -> Coverage:
    d = p.defaults
    wr, slip, ads = c.win_rate_used, c.slip_share_used, c.avg_deal_size_used
    cover = coverage_target(wr, slip, d.coverage_min, d.coverage_max)
    f_pre = pre_open_share(c.sales_cycle_days_used)
    b_new_q = t.new_bookings_needed / 4.0
    needed = cover * b_new_q * f_pre
    on_hand = a.pipeline.total - a.pipeline.stale
    return Coverage(
        long_cycle=c.long_cycle,
        coverage_target=cover,
        pre_open_share=f_pre,
        new_bookings_per_quarter=b_new_q,
        pipeline_needed_at_quarter_start=needed,
        pipeline_on_hand=on_hand,
        q1_pipeline_gap=needed - on_hand,
        stale_share=ratio(a.pipeline.stale, a.pipeline.total),
        create_and_close_per_quarter=(b_new_q / ads) * (1.0 - f_pre) / (wr * (1.0 - slip)),
    )
