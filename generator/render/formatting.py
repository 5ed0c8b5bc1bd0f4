"""Figures for reading: exact for the internal tables and the terminal, in the partner's
language (R29) for the plan. One place for every page, PDF and CLI."""

from __future__ import annotations

import math

from ..domain import Unit
from ..engine.figures import Figure
from ..wording import money, one_decimal, percent, whole


def partner_value(key: str, value: float | None, unit: Unit, currency: str) -> str:
    """A figure as the partner reads it: money to three significant digits, whole counts and
    percentages, one decimal for FTE, multiples and the capability index."""
    if value is None or not math.isfinite(value):
        return "n/a"
    if unit.startswith("currency"):
        return money(value, currency)
    if unit == "fraction":
        return percent(value, signed=key.endswith("bias"))
    if unit == "multiple":
        return f"{one_decimal(value)}x"
    if unit in ("FTE", "index"):
        return one_decimal(value)
    if unit == "days":
        return f"{whole(value)} days"
    if unit == "months":
        return f"{one_decimal(value)} months"
    return whole(value)


def format_value(fig: Figure, currency: str, exact: bool = True) -> str:
    """A figure's value for a table: exact money (EUR 250,574) or rounded (EUR 251k)."""
    value = fig.value
    if value is None or not math.isfinite(value):
        return "n/a"
    unit = fig.unit
    if unit.startswith("currency"):
        return f"{currency} {value:,.0f}" if exact else money(value, currency)
    if unit == "fraction":
        return f"{value * 100:+.1f}%" if fig.key.endswith("bias") else f"{value * 100:.1f}%"
    if unit == "multiple":
        return f"{value:.2f}x"
    if unit in ("FTE", "index"):
        return f"{value:.2f}"
    if fig.key == "latest_requisition_month":
        return f"month {value:.1f}"
    if unit == "months":
        return f"{value:.1f} months"
    if unit == "days":
        return f"{value:.0f} days"
    if fig.key.startswith("hires") or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


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
            "hires_planned",
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
