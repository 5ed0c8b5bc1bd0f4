"""The assessment figures from one partner's opportunities: pure functions, one per figure,
exactly as definitions.py words them (and the playbook's figures page shows them)."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from .deals import Deal

Number = int | float
OUTLIER_MULTIPLE = 5  # an amount above this many times the median is an outlier
STALE_DAYS = 30  # days without activity after which an open opportunity is stale
CATEGORIES = ("commit", "best_case", "pipeline")


@dataclass(frozen=True)
class Figures:
    """The imported figures by dotted assessment field, and a note on some for the diff."""

    values: dict[str, Number | None]
    notes: dict[str, str] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)  # renewals, created later


def year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def money(value: float) -> Number:
    """An amount as the assessment writes it: whole when it is, else to the cent."""
    rounded = round(value, 2)
    return int(rounded) if rounded.is_integer() else rounded


def half_up(value: float) -> int:
    return math.floor(value + 0.5)


def compute(deals: Sequence[Deal], day: dt.date, *, activity: bool, registrations: bool) -> Figures:
    """Every figure of one partner's ``deals`` on assessment date ``day``; ``activity`` and
    ``registrations``: whether the export has those columns."""
    start = year_before(day)
    renewals = sum(1 for d in deals if d.renewal)
    later = sum(1 for d in deals if not d.renewal and d.created > day)
    kept = [d for d in deals if not d.renewal and d.created <= day]
    won = [d for d in kept if d.outcome == "won" and start < d.close <= day]
    lost = [d for d in kept if d.outcome == "lost" and start < d.close <= day]
    created = [d for d in kept if start < d.created <= day]
    amounts = [d.amount or 0.0 for d in won]
    size, size_note = average_deal_size(amounts)
    cycle, cycle_note = sales_cycle(won)
    values: dict[str, Number | None] = {
        "deals.won_12m": len(won),
        "deals.lost_12m": len(lost),
        "deals.opps_created_12m": len(created),
        "revenue.new_bookings_last_12_months": money(math.fsum(amounts)),
        "deals.avg_deal_size": size,
        "deals.sales_cycle_days": cycle,
    }
    pipeline, stale_note = open_pipeline([d for d in kept if d.outcome == "open"], day, activity)
    values.update(pipeline)
    if registrations:
        values.update(deal_registrations(created))
    notes = {"deals.avg_deal_size": size_note, "deals.sales_cycle_days": cycle_note}
    notes["pipeline.stale"] = stale_note
    return Figures(values, notes, {"renewals": renewals, "created after the date": later})


def average_deal_size(amounts: Sequence[float]) -> tuple[int | None, str]:
    """The mean of the amounts at most five times their median, rounded; None for none."""
    if not amounts:
        return None, "nothing won in the 12 months: empty means the program's benchmark"
    ceiling = OUTLIER_MULTIPLE * statistics.median(amounts)
    usual = [a for a in amounts if a <= ceiling]
    note = f"mean of {len(usual)} won deals"
    if len(usual) < len(amounts):
        note += f"; {len(amounts) - len(usual)} above {ceiling:,.0f} (5x the median) left out"
    return half_up(math.fsum(usual) / len(usual)), note


def sales_cycle(won: Sequence[Deal]) -> tuple[int | None, str]:
    """The median days from created to close of the won deals, halves up; None for none."""
    days = [(d.close - d.created).days for d in won if d.close >= d.created]
    if not days:
        return None, "no won deal to measure: empty means the program's default"
    note = f"median of {len(days)} won deals"
    if len(days) < len(won):
        note += f"; {len(won) - len(days)} closed before they were created left out"
    return half_up(statistics.median(days)), note


def open_pipeline(
    open_deals: Sequence[Deal], day: dt.date, activity: bool
) -> tuple[dict[str, Number | None], str]:
    """The open amounts by forecast category, and the stale part of the three."""
    totals = dict.fromkeys(CATEGORIES, 0.0)
    stale, past, quiet = 0.0, 0, 0
    for deal in open_deals:
        if deal.category not in totals:
            continue
        amount = deal.amount or 0.0
        totals[deal.category] += amount
        last = deal.last_activity or deal.created
        overdue = deal.close < day
        idle = activity and (day - last).days >= STALE_DAYS
        if overdue or idle:
            stale += amount
            past += overdue
            quiet += idle and not overdue
    values: dict[str, Number | None] = {f"pipeline.{k}": money(v) for k, v in totals.items()}
    values["pipeline.stale"] = money(stale)
    note = f"{past} open deal{'s' if past != 1 else ''} past the close date"
    if activity:
        note += f", {quiet} more without activity for {STALE_DAYS}+ days"
    return values, note


def deal_registrations(created: Sequence[Deal]) -> dict[str, Number | None]:
    """Registrations of the opportunities created in the 12 months, by status."""
    statuses = [d.registration for d in created if d.registration]
    return {
        "program.deal_reg_submitted": len(statuses),
        "program.deal_reg_approved": statuses.count("approved"),
        "program.deal_reg_expired": statuses.count("expired"),
    }
