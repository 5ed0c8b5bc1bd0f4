"""The program configuration (``content/model/program.yaml``): benchmarks, defaults, plan levers,
thresholds, play scoring, deal reviews, weights, segments and tiers.

Every heuristic number the engine uses lives here as data, so a vendor tunes the playbook
without touching Python; each knob exists once and drives every page that mentions it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..domain import Dimension, Lever, PartnerType, Tier
from .fields import MAX_COUNT, MAX_DAYS, MAX_MONEY, MAX_MONTHS, MAX_MULTIPLE

Positive = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]
Unit = Annotated[float, Field(ge=0, le=1)]
# Benchmarks and defaults an assessment may override (overrides.py): each bounded like the
# assessment's own fields, so a partner's override stays within what the engine can compute.
Amount = Annotated[float, Field(gt=0, le=MAX_MONEY)]
Many = Annotated[float, Field(gt=0, le=MAX_COUNT)]
Some = Annotated[float, Field(ge=0, le=MAX_COUNT)]
Days = Annotated[float, Field(gt=0, le=MAX_DAYS)]
Months = Annotated[float, Field(ge=0, le=MAX_MONTHS)]
Multiple = Annotated[float, Field(gt=0, le=MAX_MULTIPLE)]


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Benchmarks(_Config):
    """Vendor medians per segment (§3.2): the plan improves a lever only where it is below these."""

    win_rate: Unit
    avg_deal_size: Amount
    decided_opps_per_fte: Many
    productivity_per_fte: Amount
    grr: Unit | None = None


class Defaults(_Config):
    """Defaults used where an assessment leaves a field empty, or the partner has no history."""

    win_rate_prior: Unit
    shrinkage_k: Some
    slip_share: Annotated[float, Field(ge=0, lt=1)]
    coverage_min: Multiple
    coverage_max: Multiple
    sales_cycle_days: Days
    ramp_months: Months
    new_partner_ramp_months: Months
    new_partner_tenure_months: Months
    time_to_hire_months: Months
    attrition: Unit
    max_concurrent_opps: Many
    sellers_per_presales: Many
    sellers_per_manager: Many
    lead_to_opp: Annotated[float, Field(gt=0, le=1)]
    avg_deal_size_new: Amount
    productivity_new: Amount
    min_wins_for_observed_deal_size: Some
    low_confidence_decisions: Some
    long_cycle_days: Days


class PlanLevers(_Config):
    """How far one plan year may move each lever, and the hiring thresholds (§3.3)."""

    win_rate_step: NonNegative
    deal_size_factor: Annotated[float, Field(ge=1)]
    pipeline_per_seller_factor: Annotated[float, Field(ge=1)]
    target_time_share: Unit
    small_gap_fte: NonNegative
    min_hire_yield: NonNegative
    stretch_growth: Positive
    new_partner_weights: dict[Lever, Unit]


class Thresholds(_Config):
    high_capability: Positive
    high_capacity: Positive
    forecast_accuracy_gate: Unit
    forecast_bias_gate: NonNegative
    hygiene_gate_level: Annotated[int, Field(ge=1, le=5)]
    stale_assessment_days: Annotated[int, Field(ge=1)]
    capability_move: Positive  # the portfolio's "improved" / "slipped" step of capability index
    week_days: Annotated[int, Field(ge=1, le=90)]  # a manager's week: actions this far ahead
    gap_carriers: Annotated[int, Field(ge=1, le=100)]  # partners shown carrying the gap
    decline_per_year: Unit
    self_score_gap: Annotated[int, Field(ge=1, le=4)]
    stale_share_target: Unit
    stale_share_high: Unit
    mdf_underused: Unit
    registrations_expiring: Unit

    @model_validator(mode="after")
    def _stale_order(self) -> Thresholds:
        if self.stale_share_target > self.stale_share_high:
            raise ValueError("stale_share_target must not be above stale_share_high")
        return self


class PlayScoring(_Config):
    """The constants of §4.4-§4.5: S_p = Σ L·a x (1 + gap_factor·G) x T x K x U / E."""

    gap_factor: NonNegative
    confidence_unknown: Unit  # K when the play builds a dimension scored unknown
    confidence_default: Unit
    confidence_signed_off: Unit  # the partner's executive signed off and no score is unknown
    urgency: Annotated[float, Field(ge=1)]  # U when the play acts on a lever short right now
    focus_size: Annotated[int, Field(ge=1)]  # plays in the 90-day plan
    focus_size_pinned: Annotated[int, Field(ge=1)]  # ... when two or more plays are pinned
    max_heavy_plays: Annotated[int, Field(ge=0)]  # plays of the highest effort in the focus


class DealReviews(_Config):
    """Which deals the partner's sales leader reviews, for the plan's cadence and the guide."""

    top_deals: Annotated[int, Field(ge=1)]
    review_multiple: Positive  # and any deal above this many times the average deal
    large_deal_multiple: Positive  # deals from this many times the average use MEDDPICC


class BenchmarksPatch(_Config):
    win_rate: Unit | None = None
    avg_deal_size: Amount | None = None
    decided_opps_per_fte: Many | None = None
    productivity_per_fte: Amount | None = None
    grr: Unit | None = None


class Segment(_Config):
    description: str
    benchmarks: BenchmarksPatch = Field(default_factory=BenchmarksPatch)
    defaults: dict[str, float] = Field(default_factory=dict)
    weights: dict[Dimension, Unit] | None = None


class TierRequirements(_Config):
    revenue_min: NonNegative = 0
    certified_people: Annotated[int, Field(ge=0)] = 0
    min_capability_index: NonNegative = 0
    min_levels: dict[Dimension, Annotated[int, Field(ge=1, le=5)]] = Field(default_factory=dict)


class TierSpec(_Config):
    capability_target: Annotated[int, Field(ge=1, le=5)]
    signature_targets: dict[Dimension, Annotated[int, Field(ge=1, le=5)]] = Field(
        default_factory=dict
    )
    requirements: TierRequirements
    plan_depth: str
    cadence: str
    qbr: Literal["none", "light", "full", "executive"]


class Source(_Config):
    value: str
    source: str


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class Rate(_Config):
    """What one unit of a currency is worth in the reporting currency, as of a date."""

    rate: Annotated[float, Field(gt=0, le=1e6)]
    date: dt.date
    source: Annotated[str, Field(min_length=1, max_length=200)]


class Reporting(_Config):
    """The portfolio's totals: one reporting currency and the rates into it. A currency without
    a rate is totalled on its own, never mixed in."""

    currency: Currency
    rates: dict[Currency, Rate] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _no_self_rate(self) -> Reporting:
        if self.currency in self.rates:
            raise ValueError(f"rates: {self.currency} is the reporting currency; give no rate")
        return self

    def convert(self, amount: float, currency: str) -> float | None:
        """``amount`` in the reporting currency; None when there is no rate for ``currency``."""
        if currency == self.currency:
            return amount
        found = self.rates.get(currency)
        return None if found is None else amount * found.rate


class Program(_Config):
    defaults: Defaults
    benchmarks: Benchmarks
    plan_levers: PlanLevers
    thresholds: Thresholds
    play_scoring: PlayScoring
    deal_reviews: DealReviews
    weights: dict[Dimension, Unit]
    segments: dict[str, Segment]
    type_segments: dict[PartnerType, str] = Field(
        default_factory=dict, description="Segment used when an assessment names none."
    )
    tiers: dict[Tier, TierSpec]
    reporting: Reporting | None = None
    sources: dict[str, Source] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _coherent(self) -> Program:
        if set(self.weights) != set(Dimension):
            raise ValueError("weights must give every dimension")
        if abs(sum(self.weights.values()) - 1) > 1e-6:
            raise ValueError("weights must sum to 1")
        for name, seg in self.segments.items():
            if seg.weights is not None and (
                set(seg.weights) != set(Dimension) or abs(sum(seg.weights.values()) - 1) > 1e-6
            ):
                raise ValueError(f"segment {name}: weights must give every dimension and sum to 1")
            unknown = set(seg.defaults) - set(Defaults.model_fields)
            if unknown:
                raise ValueError(f"segment {name}: unknown defaults {sorted(unknown)}")
        for ptype, seg_name in self.type_segments.items():
            if seg_name not in self.segments:
                raise ValueError(f"type_segments.{ptype}: no segment named {seg_name!r}")
        if set(self.tiers) != set(Tier):
            raise ValueError("tiers must define " + ", ".join(Tier))
        return self

    def segment_name(self, requested: str | None, partner_type: PartnerType) -> str:
        """The segment an assessment plans against: its own, else its type's, else default."""
        if requested:
            return requested
        return self.type_segments.get(partner_type, "default")

    def resolve(self, segment: str) -> Parameters:
        """Benchmarks, defaults and weights with the segment's overrides applied."""
        seg = self.segments.get(segment)
        if seg is None:
            return Parameters(
                segment="default",
                defaults=self.defaults,
                benchmarks=self.benchmarks,
                weights=self.weights,
            )
        return Parameters(
            segment=segment,
            defaults=self.defaults.model_copy(update=seg.defaults),
            benchmarks=self.benchmarks.model_copy(
                update=seg.benchmarks.model_dump(exclude_none=True)
            ),
            weights=seg.weights or self.weights,
        )


class Parameters(_Config):
    """The resolved values for one segment (and one partner's overrides, if any): what the
    engine's pure functions take."""

    segment: str
    defaults: Defaults
    benchmarks: Benchmarks
    weights: dict[Dimension, float]
    overridden: dict[str, str] = Field(default_factory=dict)  # setting: the partner's reason

    def with_overrides(self, overrides: Sequence[tuple[str, float, str]]) -> Parameters:
        """These parameters with one partner's (setting, value, reason) overrides applied."""
        update: dict[str, dict[str, float]] = {"defaults": {}, "benchmarks": {}}
        for setting, value, _ in overrides:
            section, name = setting.split(".", 1)
            update[section][name] = value
        return self.model_copy(
            update={
                "defaults": self.defaults.model_copy(update=update["defaults"]),
                "benchmarks": self.benchmarks.model_copy(update=update["benchmarks"]),
                "overridden": {setting: reason for setting, _, reason in overrides},
            }
        )
