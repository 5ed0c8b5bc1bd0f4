"""What each figure is called and how it is computed, in words: the engine's glossary.

One entry per figure: ``key | label | symbol | unit`` and, indented below, the formula in words.
The symbol is the domain model's name for the figure (§3.3, §4.1); other figures list it among
their inputs. Kept as a table so the whole chain reads in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast, get_args

from ..domain import Unit


@dataclass(frozen=True, slots=True)
class FigureSpec:
    key: str
    label: str
    symbol: str
    unit: Unit
    formula: str


_TABLE = """
growth_reported | Growth multiple (reported) | g | multiple
    target revenue / last 12 months' revenue
growth_normalized | Growth multiple (normalised) | g_norm | multiple
    target revenue / (last 12 months' revenue − one-off revenue)
retained_revenue | Retained revenue | Retained | currency/yr
    recurring base × gross revenue retention
new_bookings_needed | New bookings needed | B_new | currency/yr
    target revenue − retained revenue, not below 0
win_rate_observed | Win rate (observed) | WR_obs | fraction
    won / (won + lost)
win_rate_used | Win rate used | WR | fraction
    (won + k × prior win rate) / (won + lost + k): the observed rate shrunk towards the prior
avg_deal_size_used | Average deal size used | ADS | currency
    the observed average deal size once there are enough wins; with fewer wins (won × observed
    + k × vendor median) / (won + k); the vendor median with no wins or no deal size recorded
sales_cycle_days_used | Sales cycle used | C | days
    the recorded sales cycle, or the vendor default when it is missing or 0
slip_share_used | Slip share used | s | fraction
    the recorded slip share, else the default; at most 0.95
deals_needed | Won deals needed | N_won | count/yr
    new bookings needed / average deal size
decided_opportunities | Decided opportunities needed | N_decided | count/yr
    won deals needed / win rate
opportunities_to_create | Opportunities to create | N_create | count/yr
    decided opportunities / (1 − slip share)
opportunities_per_quarter | Opportunities to create per quarter | O_q | count
    opportunities to create / 4
leads_per_quarter | Leads needed per quarter | Leads_q | count
    opportunities per quarter / lead-to-opportunity conversion
pipeline_value_to_create | Pipeline value to create | PV_create | currency/yr
    opportunities to create × average deal size
coverage_target | Coverage target | CR | multiple
    (1 / win rate) / (1 − slip share), kept between the program's minimum and maximum
pre_open_share | Share of a quarter's wins open on day 1 | f_pre | fraction
    sales cycle / 91.25 days, at most 1
new_bookings_per_quarter | New bookings per quarter | B_new_q | currency
    new bookings needed / 4
pipeline_needed_at_quarter_start | Pipeline needed at quarter start | PV_start_q | currency
    coverage target × new bookings per quarter × share open on day 1
pipeline_on_hand | Clean pipeline on hand | PV_now | currency
    open pipeline (commit + best case + pipeline) − stale pipeline
q1_pipeline_gap | Q1 pipeline gap | Gap_PV | currency
    pipeline needed at quarter start − clean pipeline on hand (negative = surplus)
create_and_close_per_quarter | Create-and-close opportunities per quarter | CC_q | count
    (new bookings per quarter / deal size) × (1 − share open on day 1) / (win rate × (1 − slip
    share))
productivity_per_fte | Productivity per FTE | P | currency/FTE
    last year's new bookings / last year's dedicated FTE (the sum of today's time-shares when
    not recorded); the vendor median for a new partner or with no seller FTE last year
decided_opps_per_fte | Decided opportunities per FTE | OPF | count/yr
    (won + lost) / last year's dedicated FTE
max_decided_opps_per_fte | Most decided opportunities one FTE can handle | M | count/yr
    max concurrent opportunities × 365 / cycle
win_rate_target | Plan win rate | WR_t | fraction
    the win rate if at benchmark, else min(benchmark, win rate + step)
avg_deal_size_target | Plan deal size | ADS_t | currency
    the deal size if at benchmark, else min(benchmark, deal size × factor)
decided_opps_per_fte_target | Plan decided opportunities per FTE | OPF_t | count/yr
    opportunities per FTE if at benchmark, else min(benchmark, × factor, most one FTE can
    handle), never below today
productivity_plan | Plan productivity per FTE | P_plan | currency/FTE
    productivity × (plan win rate / win rate) × (plan deal size / deal size) × (plan
    opportunities per FTE / opportunities per FTE)
fte_required_activity | FTE required by activity | FTE_act | FTE
    opportunities to create / most one FTE can handle
fte_required_as_is | FTE required (as-is) | FTE_req_asis | FTE
    the larger of new bookings / productivity and the activity requirement
fte_required_plan | FTE required (plan) | FTE_req_plan | FTE
    the larger of new bookings / plan productivity and the activity requirement
ramp_months_used | Ramp used | T_ramp | months
    the entered ramp, raised to the new-partner floor in the first months
seat_loss | Share of a seat-year lost to attrition | loss | fraction
    attrition × (time to hire + ramp / 2) / 12
fte_effective | Effective FTE | FTE_eff | FTE
    (1 − loss) × sum over sellers of share × productive months / 12, ramping linearly
fte_effective_at_target_share | Effective FTE at the target time-share | FTE_eff_t | FTE
    effective FTE with every seller raised to the target time-share
fte_gap | FTE gap (plan) | Gap | FTE
    FTE required (plan) − effective FTE
fte_gap_as_is | FTE gap (as-is) | Gap_asis | FTE
    FTE required (as-is) − effective FTE
new_hire_yield | Plan-year FTE from one hire | e_new | FTE
    (1 − loss) × productive months of a hire opened at month 0 / 12
reallocation_capacity | FTE from raising time-share | Realloc | FTE
    (1 − loss) × sum over sellers of max(0, target share − share)
hires | Hires (plan) | Hires | count
    0 if the gap is small or time-share covers it; else the gap / one hire's yield, rounded up
hires_with_reallocation | Hires after raising time-share | Hires_realloc | count
    (gap − time-share capacity) / one hire's yield, rounded up
hires_as_is | Hires (as-is) | Hires_asis | count
    0 if the gap is small or time-share covers it; else the gap / one hire's yield, rounded up
latest_requisition_month | Latest requisition month | month_req | months
    12 − time to hire − ramp, not before month 0: a seller opened then is fully ramped at next
    year's start
presales_required | Presales FTE required | Presales_req | FTE
    FTE required (plan) / sellers per presales FTE
managers_required | Sales managers required | Managers_req | count
    (sellers + plan hires) / sellers per manager, rounded up
capacity_ceiling | Capacity ceiling (plan productivity) | Ceiling | currency/yr
    retained revenue + effective FTE × plan productivity (no hires)
capacity_ceiling_as_is | Capacity ceiling (as-is) | Ceiling_asis | currency/yr
    retained revenue + effective FTE × productivity
revenue_shortfall | Target minus capacity ceiling | Shortfall | currency/yr
    target revenue − capacity ceiling (negative = surplus)
revenue_shortfall_as_is | Target minus as-is capacity ceiling | Shortfall_asis | currency/yr
    target revenue − as-is capacity ceiling (negative = surplus)
capacity_index | Capacity index (KI) | KI | index
    effective FTE × benchmark productivity / new bookings needed
lead_time_months | Lead time for new capacity | lead time | months
    time to hire + ramp + sales cycle / 30
bookings_growth | New-bookings growth multiple | g_B | multiple
    new bookings needed / last year's new bookings
factor_win_rate | Win-rate factor | f_WR | multiple
    plan win rate / win rate
factor_deal_size | Deal-size factor | f_ADS | multiple
    plan deal size / deal size
factor_pipeline_per_seller | Pipeline-per-seller factor | f_OPF | multiple
    plan opportunities per FTE / opportunities per FTE; 1 where the lever does not apply
factor_capacity | Capacity factor | f_FTE | multiple
    new-bookings growth / (win-rate × deal-size × pipeline-per-seller factors)
lever_share | Lever weight | L | fraction
    growth: ln(factor) / sum of ln(factor) over the levers above 1, times (1 − L_ret), then
    capacity raised to gap / FTE required with the rest rescaled; maintain: equal shares of
    (1 − capacity pressure); new partner: fixed weights
retention_weight | Retention lever weight | L_ret | fraction
    min(1, recurring base × max(0, benchmark GRR − GRR) / new bookings needed); 0 where the
    segment sets no GRR benchmark
next_year_base | Next year's recurring base | Base_next | currency/yr
    recurring base × (target revenue / last year's revenue)
next_year_new_bookings | Next year's new bookings needed | B_new_next | currency/yr
    aspiration − next year's base × GRR, not below 0
next_year_fte_needed | FTE needed on next year's day 1 | FTE_next | FTE
    next year's new bookings / plan productivity
next_year_fte_at_target_share | FTE available (target time-share) | FTE_avail_t | FTE
    (1 − loss) × (sum of shares raised to the target + hires after raising time-share)
next_year_fte_at_current_share | FTE available (current time-share) | FTE_avail_c | FTE
    (1 − loss) × (sum of shares + hires after raising time-share)
next_year_extra_hires_at_target_share | Extra requisitions (target share) | Req_t | count
    0 if the shortfall is small; else shortfall / (1 − loss), rounded up
next_year_extra_hires_at_current_share | Extra requisitions (current share) | Req_c | count
    0 if the shortfall is small; else shortfall / (1 − loss), rounded up
"""


def _parse(text: str) -> dict[str, FigureSpec]:
    units = set(get_args(Unit))
    specs: dict[str, FigureSpec] = {}
    head: list[str] = []
    words: list[str] = []

    def close() -> None:
        if head:
            key, label, symbol, unit = head
            if unit not in units or key in specs:
                raise ValueError(f"glossary entry {key!r}: bad unit {unit!r} or duplicate key")
            specs[key] = FigureSpec(key, label, symbol, cast(Unit, unit), " ".join(words))

    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith(" "):
            words.append(line.strip())
            continue
        close()
        head, words = [part.strip() for part in line.split(" | ")], []
    close()
    return specs


GLOSSARY: Mapping[str, FigureSpec] = _parse(_TABLE)


# The figures a reader looks at first, by section: the terminal summary shows them, and the
# shared plan explains each of them.
KEY_FIGURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Goal",
        (
            "growth_reported",
            "growth_normalized",
            "retained_revenue",
            "new_bookings_needed",
            "bookings_growth",
        ),
    ),
    (
        "Conversion",
        (
            "win_rate_observed",
            "win_rate_used",
            "avg_deal_size_used",
            "deals_needed",
            "decided_opportunities",
            "opportunities_to_create",
            "opportunities_per_quarter",
        ),
    ),
    (
        "Pipeline",
        (
            "coverage_target",
            "pipeline_needed_at_quarter_start",
            "q1_pipeline_gap",
            "create_and_close_per_quarter",
        ),
    ),
    (
        "Capacity",
        (
            "productivity_per_fte",
            "productivity_plan",
            "fte_required_as_is",
            "fte_required_plan",
            "fte_effective",
            "fte_gap",
            "hires",
            "hires_with_reallocation",
            "new_hire_yield",
            "latest_requisition_month",
            "presales_required",
            "capacity_ceiling",
            "capacity_ceiling_as_is",
        ),
    ),
    ("Indices", ("capability_index", "capacity_index", "forecast_accuracy", "forecast_bias")),
)
