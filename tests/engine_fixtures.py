"""Assessments for the engine tests, built inline: the two worked examples and a valid builder."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

from generator.domain import Dimension
from generator.inputs.assessment import Assessment
from generator.inputs.playbook import Playbook, load_playbook

ROOT = Path(__file__).resolve().parent.parent

_DIMENSIONS = tuple(d.value for d in Dimension)  # D1..D9, as the YAML spells them


@cache
def playbook_model() -> Playbook:
    """The shipped model (content/model), loaded once per test session."""
    return load_playbook(ROOT)


def _capabilities(*scores: int | str) -> dict[str, Any]:
    return {
        dim: {"score": score, "evidence": f"evidence for {dim}"}
        for dim, score in zip(_DIMENSIONS, scores, strict=True)
    }


def northwind_data() -> dict[str, Any]:
    """Northwind IT Solutions, exactly as in worked-examples.md §1."""
    return {
        "partner": {
            "name": "Northwind IT Solutions",
            "type": "VAR",
            "tier": "Gold",
            "tenure_months": 38,
            "partner_manager": "Sofia Marin",
            "currency": "EUR",
        },
        "assessment": {"date": "2026-10-15"},
        "revenue": {
            "last_12_months": 420000,
            "one_off_last_12_months": 0,
            "year_before": 360000,
            "new_bookings_last_12_months": 290000,
            "recurring_base": 150000,
            "gross_revenue_retention": 0.90,
        },
        "goals": {"target_revenue": 840000, "next_year_aspiration": 1260000},
        "deals": {
            "won_12m": 16,
            "lost_12m": 25,
            "avg_deal_size": 18000,
            "sales_cycle_days": 40,
            "opps_created_12m": 48,
        },
        "pipeline": {"commit": 40000, "best_case": 55000, "pipeline": 67000, "stale": 12000},
        "team": {
            "sellers": [
                {"name": "Seller A", "share_on_vendor": 0.6, "tenure_months": 50},
                {"name": "Seller B", "share_on_vendor": 0.6, "tenure_months": 26},
            ],
            "fte_prev": 1.2,
            "presales_fte": 0.5,
            "has_sales_manager": True,
            "time_to_hire_months": 2.5,
            "ramp_months": 3,
            "attrition": 0.10,
        },
        "forecast_history": [
            {"quarter": "2025-Q4", "commit": 62000, "actual": 65000},
            {"quarter": "2026-Q1", "commit": 70000, "actual": 66000},
            {"quarter": "2026-Q2", "commit": 75000, "actual": 78000},
            {"quarter": "2026-Q3", "commit": 85000, "actual": 81000},
        ],
        "program": {
            "deal_reg_submitted": 41,
            "deal_reg_approved": 39,
            "deal_reg_expired": 2,
            "mdf_allocated": 8000,
            "mdf_claimed": 8000,
        },
        "capabilities": _capabilities(4, 5, 3, 4, 4, 4, 3, 4, 4),
    }


def blueharbor_data() -> dict[str, Any]:
    """BlueHarbor Systems, exactly as in worked-examples.md §2 (program defaults for the team)."""
    tenured = [
        {"name": f"Seller {i}", "share_on_vendor": 0.5, "tenure_months": 12 + 4 * i}
        for i in range(1, 11)
    ]
    ramping = [
        {"name": "Seller 11", "share_on_vendor": 0.5, "tenure_months": 1},
        {"name": "Seller 12", "share_on_vendor": 0.5, "tenure_months": 2},
    ]
    return {
        "partner": {
            "name": "BlueHarbor Systems",
            "type": "SI",
            "tier": "Gold",
            "tenure_months": 70,
            "partner_manager": "James Okafor",
            "currency": "EUR",
        },
        "assessment": {"date": "2026-10-22"},
        "revenue": {
            "last_12_months": 1050000,
            "year_before": 980000,
            "new_bookings_last_12_months": 924000,
            "recurring_base": 160000,
            "gross_revenue_retention": 0.85,
        },
        "goals": {"target_revenue": 1400000},
        "deals": {
            "won_12m": 42,
            "lost_12m": 213,
            "avg_deal_size": 22000,
            "sales_cycle_days": 75,
            "opps_created_12m": 260,
        },
        "pipeline": {"commit": 620000, "best_case": 880000, "pipeline": 1400000, "stale": 1190000},
        "team": {
            "sellers": tenured + ramping,
            "fte_prev": 5.0,
            "presales_fte": 2,
            "has_sales_manager": True,
        },
        "forecast_history": [
            {"quarter": "2025-Q4", "commit": 380000, "actual": 240000},
            {"quarter": "2026-Q1", "commit": 400000, "actual": 210000},
            {"quarter": "2026-Q2", "commit": 350000, "actual": 230000},
            {"quarter": "2026-Q3", "commit": 420000, "actual": 244000},
        ],
        "program": {
            "deal_reg_submitted": 180,
            "deal_reg_approved": 150,
            "deal_reg_expired": 64,
            "mdf_allocated": 30000,
            "mdf_claimed": 28000,
        },
        "capabilities": _capabilities(2, 3, 4, 2, 1, 3, 2, 3, 3),
    }


def northwind() -> Assessment:
    return Assessment.model_validate(northwind_data())


def blueharbor() -> Assessment:
    return Assessment.model_validate(blueharbor_data())


def valid_data() -> dict[str, Any]:
    """An ordinary established Silver VAR with every section filled in."""
    return {
        "partner": {
            "name": "Acme IT",
            "type": "VAR",
            "tier": "Silver",
            "tenure_months": 30,
            "partner_manager": "Dana Whitfield",
            "currency": "EUR",
        },
        "assessment": {"date": "2026-09-30"},
        "revenue": {
            "last_12_months": 300000,
            "new_bookings_last_12_months": 200000,
            "recurring_base": 50000,
            "gross_revenue_retention": 0.9,
        },
        "goals": {"target_revenue": 450000},
        "deals": {
            "won_12m": 10,
            "lost_12m": 20,
            "avg_deal_size": 20000,
            "sales_cycle_days": 45,
            "opps_created_12m": 40,
        },
        "pipeline": {"commit": 30000, "best_case": 40000, "pipeline": 50000, "stale": 10000},
        "team": {
            "sellers": [
                {"name": "Seller A", "share_on_vendor": 0.5, "tenure_months": 24},
                {"name": "Seller B", "share_on_vendor": 0.7, "tenure_months": 12},
            ],
            "presales_fte": 0.5,
            "has_sales_manager": True,
        },
        "forecast_history": [
            {"quarter": "2026-Q1", "commit": 50000, "actual": 46000},
            {"quarter": "2026-Q2", "commit": 52000, "actual": 50000},
        ],
        "capabilities": _capabilities(3, 3, 2, 3, 3, 3, 3, 3, 3),
    }


def merge(data: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``data`` with ``overrides`` applied: dicts merge, anything else replaces.

    A value of None removes the key, so ``team={"fte_prev": None}`` leaves fte_prev unset.
    """
    out = copy.deepcopy(data)
    for key, value in overrides.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def valid_assessment(**overrides: Any) -> Assessment:
    """The ordinary partner of :func:`valid_data` with section overrides merged in.

    Example: ``valid_assessment(deals={"won_12m": 0}, goals={"target_revenue": 100000})``.
    """
    return Assessment.model_validate(merge(valid_data(), overrides))
