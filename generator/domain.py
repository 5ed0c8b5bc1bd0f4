"""The domain's words: dimensions, tiers, levers, modes, archetypes, overlays and the other names
every stage shares. A small module with no project imports, so any module may import it."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal


class Dimension(StrEnum):
    """The nine capability dimensions (§2.3), in rubric order D1..D9."""

    solution_selling = "solution_selling"
    product_knowledge = "product_knowledge"
    demand_generation = "demand_generation"
    pipeline_management = "pipeline_management"
    forecasting = "forecasting"
    presales = "presales"
    sales_leadership = "sales_leadership"
    customer_success = "customer_success"
    program_engagement = "program_engagement"

    @property
    def code(self) -> str:
        """The rubric code, D1..D9."""
        return CODE[self]


DIMENSIONS: tuple[Dimension, ...] = tuple(Dimension)
CODE: dict[Dimension, str] = {d: f"D{i}" for i, d in enumerate(DIMENSIONS, start=1)}


class PartnerType(StrEnum):
    VAR = "VAR"
    MSP = "MSP"
    SI = "SI"
    consultancy = "consultancy"
    referral = "referral"


class Tier(StrEnum):
    Registered = "Registered"
    Silver = "Silver"
    Gold = "Gold"
    Platinum = "Platinum"


TIERS: tuple[Tier, ...] = tuple(Tier)


class Lever(StrEnum):
    """What a play moves in the revenue identity (§0.2), plus retention."""

    win_rate = "win_rate"
    deal_size = "deal_size"
    pipeline_per_seller = "pipeline_per_seller"
    capacity = "capacity"
    retention = "retention"


LEVERS: tuple[Lever, ...] = tuple(Lever)

# How the plan year is read (§8 R18).
Mode = Literal["new", "growth", "maintain"]
# The capability x capacity quadrant (§7.2) and the overlays listed beside it (§8 R23).
Archetype = Literal["Scale", "Invest in capacity", "Enable", "Incubate or exit review"]
Overlay = Literal["New", "Turnaround", "Defend", "Recurring/MSP"]
# How a capacity gap is closed (§8 R14).
HireRoute = Literal["none", "reallocate", "time-share", "hire", "defer", "surplus"]
# The plan's one hiring route (§8 R27): R14's, or time-share first and then the rest hired.
PlanRoute = Literal[
    "none", "reallocate", "time-share", "hire", "defer", "surplus", "time-share-then-hire"
]
# The gates of §4.5 that pin a play into the 90-day focus; a play names its gate in plays.yaml.
Gate = Literal["data", "hiring", "time-share", "new-partner"]
PinnedBy = Literal["data", "lead-time", "new-partner"]
# Forecast patterns the coaching guide coaches differently (§6.6).
Pattern = Literal["optimistic", "sandbagging", "erratic", "reliable", "no_history"]
QbrDepth = Literal["none", "light", "full", "executive"]
# Named facts about a plan that select coaching lines (content/model/coaching.yaml).
Condition = Literal[
    "data_gate", "stale_high", "pipeline_short", "conversion_not_volume", "selling_strong",
    "hiring", "surplus_capacity", "as_is_risk", "no_sales_manager", "mdf_underused",
    "registrations_expiring", "short_cycle", "low_confidence_win_rate", "tier_at_risk",
    "recurring",
]  # fmt: skip
# How the goal reads (§8 R28): growth, a target held or below last year, a first year.
GoalKind = Literal["grow", "hold", "below", "new"]
# Who owns an action in the plan (§5.6).
Owner = Literal["Partner", "Vendor", "Joint"]
# Units of the engine's figures: what decides how a value is formatted.
Unit = Literal[
    "currency",
    "currency/yr",
    "currency/FTE",
    "fraction",
    "count",
    "count/yr",
    "FTE",
    "months",
    "days",
    "multiple",
    "index",
]
