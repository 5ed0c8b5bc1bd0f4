"""Movement over time (the portfolio's trends): for every dated assessment of a partner, the
capability index (with today's weights, so the points compare like with like), the revenue on
our line, the observed win rate and the forecast accuracy; and the change since the previous
assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..domain import Dimension
from ..inputs.assessment import Assessment
from .capability import capability_index, forecast_quality
from .fastinit import fast_init


@fast_init
@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One assessment date's figures."""

    date: dt.date
    capability_index: float
    revenue: float  # revenue on our line, last 12 months
    win_rate: float | None  # won / decided in the last 12 months; None with nothing decided
    forecast_accuracy: float | None  # None without forecast history


@fast_init
@dataclass(frozen=True, slots=True)
class Movement:
    """The change from the previous assessment to this one (None where either side lacks it)."""

    since: dt.date
    capability_index: float
    revenue: float
    win_rate: float | None
    forecast_accuracy: float | None


def point(a: Assessment, weights: Mapping[Dimension, float]) -> TrendPoint:
    won, lost = a.deals.won_12m, a.deals.lost_12m
    quality = forecast_quality((q.commit, q.actual) for q in a.forecast_history)
    return TrendPoint(
        a.assessment.date,
        capability_index(a.capabilities, weights),
        a.revenue.last_12_months,
        won / (won + lost) if won + lost > 0 else None,
        quality.accuracy,
    )


def trend(
    latest: Assessment,
    history: Sequence[Assessment],
    weights: Mapping[Dimension, float],
    index: float,
    accuracy: float | None,
) -> tuple[TrendPoint, ...]:
    """Every assessment's point, oldest first, the latest last (its capability index and
    forecast accuracy as the plan computed them)."""
    won, lost = latest.deals.won_12m, latest.deals.lost_12m
    now = TrendPoint(
        latest.assessment.date,
        index,
        latest.revenue.last_12_months,
        won / (won + lost) if won + lost > 0 else None,
        accuracy,
    )
    return (*(point(a, weights) for a in history), now)


def _delta(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def movement(points: Sequence[TrendPoint]) -> Movement | None:
    """The change since the previous assessment; None for a partner assessed once."""
    if len(points) < 2:
        return None
    before, now = points[-2], points[-1]
    return Movement(
        before.date,
        now.capability_index - before.capability_index,
        now.revenue - before.revenue,
        _delta(now.win_rate, before.win_rate),
        _delta(now.forecast_accuracy, before.forecast_accuracy),
    )
