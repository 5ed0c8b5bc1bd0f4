"""What today's team can reach (§3.3 capacity ceiling, §8 R15), the shortfall against the
target, the capacity index (§7.2) and the lead time for new capacity."""

from __future__ import annotations

from ..inputs.program import Parameters
from .capacity import Conversion, Targets, ratio
from .figures import figure, stage
from .productivity import Productivity
from .staffing import Staffing


@stage
class Ceilings:
    """What today's team can reach, the shortfall and the capacity index."""

    capacity_ceiling: float = figure(
        "Capacity ceiling (plan productivity)", "Ceiling", "currency/yr",
        "retained revenue + effective FTE × plan productivity (no hires)",
        ("retained_revenue", "fte_effective", "productivity_plan"),
        plain="""{retained_revenue} from renewals + {fte_effective} full-time sellers ×
        {productivity_plan} = {capacity_ceiling}""",
    )  # fmt: skip
    capacity_ceiling_as_is: float = figure(
        "Capacity ceiling (as-is)", "Ceiling_asis", "currency/yr",
        "retained revenue + effective FTE × productivity",
        ("retained_revenue", "fte_effective", "productivity_per_fte"),
        plain="""{retained_revenue} from renewals + {fte_effective} full-time sellers ×
        {productivity_per_fte} = {capacity_ceiling_as_is}""",
    )  # fmt: skip
    revenue_shortfall: float = figure(
        "Target minus capacity ceiling", "Shortfall", "currency/yr",
        "target revenue − capacity ceiling (negative = surplus)", ("R_tgt", "capacity_ceiling"),
    )  # fmt: skip
    revenue_shortfall_as_is: float = figure(
        "Target minus as-is capacity ceiling", "Shortfall_asis", "currency/yr",
        "target revenue − as-is capacity ceiling (negative = surplus)",
        ("R_tgt", "capacity_ceiling_as_is"),
        plain='{target} goal − {capacity_ceiling_as_is} = {revenue_shortfall_as_is}',
    )  # fmt: skip
    capacity_index: float | None = figure(
        "Capacity index (KI)", "KI", "index",
        "effective FTE × benchmark productivity / new bookings needed",
        ("fte_effective", "P_bench", "new_bookings_needed"),
        note=lambda s: "n/a: no new bookings needed" if s.capacity_index is None else None,
    )  # fmt: skip
    lead_time_months: float = figure(
        "Lead time for new capacity", "lead time", "months",
        "time to hire + ramp + sales cycle / 30",
        ("T_hire", "ramp_months_used", "sales_cycle_days_used"),
    )  # fmt: skip


def ceilings(t: Targets, c: Conversion, prod: Productivity, s: Staffing, p: Parameters) -> Ceilings:
    plan = t.retained_revenue + s.fte_effective * prod.productivity_plan
    as_is = t.retained_revenue + s.fte_effective * prod.productivity_per_fte
    bench = p.benchmarks.productivity_per_fte
    return Ceilings(
        capacity_ceiling=plan,
        capacity_ceiling_as_is=as_is,
        revenue_shortfall=t.target - plan,
        revenue_shortfall_as_is=t.target - as_is,
        capacity_index=ratio(s.fte_effective * bench, t.new_bookings_needed),
        lead_time_months=s.t_hire + s.ramp_months_used + c.sales_cycle_days_used / 30.0,
    )
