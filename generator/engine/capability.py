"""Capability scoring (§2): the capability index, gaps to the tier target, forecast quality and
distance to the next tier. Unknown scores count as 1 (§8 R17)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from ..domain import CODE, DIMENSIONS, TIERS, Dimension, Tier
from ..inputs.assessment import Assessment, Capabilities, Capability
from ..inputs.program import Program, TierSpec
from .fastinit import fast_init
from .figures import figure, stage
from .sources import SOURCES

_NAME = {d: d.value for d in DIMENSIONS}
_ = SOURCES  # registers the source names the figures below use
MIN_ACTUALS = 1.0  # actuals adding up to less than one currency unit give no bias


@fast_init
@dataclass(frozen=True)
class DimensionResult:
    """One dimension: our score, the tier target, the gap and the partner's self-score."""

    dimension: Dimension
    score: int | None  # None = unknown
    used: int  # the score the maths uses (unknown counts as 1)
    weight: float
    target: int
    gap: int  # max(0, target - used)
    self_score: int | None
    self_gap: int | None  # self-score minus our score; None when either is unknown or missing
    opener: bool  # |self_gap| at or above the threshold: a coaching opener (§2.2)


@fast_init
@dataclass(frozen=True, slots=True)
class ForecastQuality:
    """Forecast accuracy and bias over the recorded quarters (§8 R16); None without history."""

    accuracy: float | None
    bias: float | None
    quarters: int


@fast_init
@dataclass(frozen=True, slots=True)
class TierCheck:
    """How far the partner is from one tier's requirements, each with the partner's value and
    the threshold (R30). Certified people are checked when the assessment records them."""

    tier: Tier
    revenue: float
    revenue_required: float
    revenue_short: float
    index: float
    index_required: float
    index_short: float
    levels_short: tuple[tuple[Dimension, int, int], ...]  # (dimension, level now, level required)
    certified: int | None  # None: not recorded, so not checked
    certified_required: int
    certified_short: int

    @property
    def met(self) -> bool:
        return (
            self.revenue_short <= 0
            and self.index_short <= 0
            and not self.levels_short
            and self.certified_short <= 0
        )


def _no_history(r: CapabilityResult) -> str | None:
    return "no forecast history recorded" if r.forecast.quarters == 0 else None


def _unknown_note(r: CapabilityResult) -> str | None:
    unknown = ", ".join(CODE[d] for d in r.unknown)
    return f"unknown, counted as 1: {unknown}" if unknown else None


@stage
class CapabilityResult:
    """The capability index and the forecast's accuracy and bias."""

    dimensions: tuple[DimensionResult, ...]
    unknown: tuple[Dimension, ...]
    openers: tuple[Dimension, ...]
    forecast: ForecastQuality
    current_tier: TierCheck  # not met = tier at risk
    next_tier: TierCheck | None  # None at the top tier
    capability_index: float = figure(
        "Capability index (CI)", "CI", "index",
        "sum over the nine dimensions of weight × score, an unknown score counting as 1",
        ("scores and weights",), low=lambda r: bool(r.unknown), note=_unknown_note,
        plain="""The nine capability levels, weighted by how much each one moves revenue:
        {capability_index} out of 5""",
    )  # fmt: skip
    forecast_accuracy: float | None = figure(
        "Forecast accuracy (FA)", "FA", "fraction",
        "mean over the quarters of 1 − |actual − commit| / actual, kept between 0 and 1",
        ("forecast history",), note=_no_history,
        plain="""How close each quarter's committed forecast came to the result, on average over
        the quarters recorded""",
    )  # fmt: skip
    forecast_bias: float | None = figure(
        "Forecast bias", "bias", "fraction",
        "(sum of commits − sum of actuals) / sum of actuals; positive = over-forecasting",
        ("forecast history",), note=_no_history,
    )  # fmt: skip

    def used(self, dimension: Dimension) -> int:
        return self.dimensions[DIMENSIONS.index(dimension)].used

    def gap(self, dimension: Dimension) -> int:
        return self.dimensions[DIMENSIONS.index(dimension)].gap

    @property
    def tier_at_risk(self) -> bool:
        return not self.current_tier.met


def score_used(score: int | Literal["unknown"] | None) -> int:
    """The score gap maths uses: unknown (or missing) counts as 1 (§8 R17)."""
    return score if isinstance(score, int) else 1


def capability_index(capabilities: Capabilities, weights: Mapping[Dimension, float]) -> float:
    """CI = Σ w_d * score_d over the nine dimensions (§2.4), unknown counting as 1."""
    return sum(weights[d] * score_used(getattr(capabilities, _NAME[d]).score) for d in DIMENSIONS)


def dimension_target(spec: TierSpec, dimension: Dimension) -> int:
    """The tier's target level for one dimension: its signature target, else the tier target."""
    return spec.signature_targets.get(dimension, spec.capability_target)


def forecast_quality(quarters: Iterable[tuple[float, float]]) -> ForecastQuality:
    """Mean of clamp(1 - |A - F| / A, 0, 1) and bias Σ(F - A) / ΣA over (forecast, actual) pairs.

    A quarter with A = 0 scores 1 when F = 0 too, else 0. Bias is None when the actuals add up
    to less than one currency unit (nothing to compare with) unless the commits match them.
    """
    accuracies: list[float] = []
    total_f = total_a = 0.0
    for forecast, actual in quarters:
        if actual > 0:
            accuracies.append(min(1.0, max(0.0, 1.0 - abs(actual - forecast) / actual)))
        else:
            accuracies.append(1.0 if forecast == 0 else 0.0)
        total_f += forecast
        total_a += actual
    if not accuracies:
        return ForecastQuality(None, None, 0)
    if total_a >= MIN_ACTUALS:
        bias: float | None = (total_f - total_a) / total_a
    else:
        bias = 0.0 if total_f == total_a else None
    return ForecastQuality(sum(accuracies) / len(accuracies), bias, len(accuracies))


def tier_check(
    tier: Tier,
    spec: TierSpec,
    revenue: float,
    index: float,
    levels: Mapping[Dimension, int],
    certified: int | None = None,
) -> TierCheck:
    """Distance to one tier's revenue, capability-index, minimum-level and certification
    requirements (certifications only when recorded)."""
    req = spec.requirements
    short = tuple((d, levels[d], need) for d, need in req.min_levels.items() if levels[d] < need)
    return TierCheck(
        tier=tier,
        revenue=revenue,
        revenue_required=req.revenue_min,
        revenue_short=max(0.0, req.revenue_min - revenue),
        index=index,
        index_required=req.min_capability_index,
        index_short=max(0.0, req.min_capability_index - index),
        levels_short=short,
        certified=certified,
        certified_required=req.certified_people,
        certified_short=0 if certified is None else max(0, req.certified_people - certified),
    )


def assess_capability(
    a: Assessment, weights: Mapping[Dimension, float], program: Program
) -> CapabilityResult:
    """Score the nine dimensions against the partner's tier and check tier requirements."""
    spec = program.tiers[a.partner.tier]
    threshold = program.thresholds.self_score_gap
    dims: list[DimensionResult] = []
    for d in DIMENSIONS:
        cap: Capability = getattr(a.capabilities, _NAME[d])
        score = cap.score if isinstance(cap.score, int) else None
        used = score_used(score)
        target = dimension_target(spec, d)
        self_score = cap.self_score if isinstance(cap.self_score, int) else None
        self_gap = None if score is None or self_score is None else self_score - score
        dims.append(
            DimensionResult(
                dimension=d,
                score=score,
                used=used,
                weight=weights[d],
                target=target,
                gap=max(0, target - used),
                self_score=self_score,
                self_gap=self_gap,
                opener=self_gap is not None and abs(self_gap) >= threshold,
            )
        )
    index = sum(r.weight * r.used for r in dims)
    levels = {r.dimension: r.used for r in dims}
    revenue, certified = a.revenue.last_12_months, a.program.certified_people
    position = TIERS.index(a.partner.tier)
    next_tier = TIERS[position + 1] if position + 1 < len(TIERS) else None
    fq = forecast_quality((q.commit, q.actual) for q in a.forecast_history)
    return CapabilityResult(
        capability_index=index,
        forecast_accuracy=fq.accuracy,
        forecast_bias=fq.bias,
        dimensions=tuple(dims),
        unknown=tuple(r.dimension for r in dims if r.score is None),
        openers=tuple(r.dimension for r in dims if r.opener),
        forecast=fq,
        current_tier=tier_check(a.partner.tier, spec, revenue, index, levels, certified),
        next_tier=None
        if next_tier is None
        else tier_check(next_tier, program.tiers[next_tier], revenue, index, levels, certified),
    )
