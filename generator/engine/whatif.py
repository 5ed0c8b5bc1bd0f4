"""A what-if scenario as the engine takes it (issue 13): the win rate the plan uses, planned
hires by start month and sellers leaving, in months after the plan's start. The scenario's
field changes are applied to the assessment itself (inputs/scenarios.py), so the same engine
plans the base case and every scenario."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..inputs.planyear import month_start
from ..inputs.scenarios import Changes
from .fastinit import fast_init

DAYS_PER_MONTH = 365.25 / 12


@fast_init
@dataclass(frozen=True, slots=True)
class Adjustments:
    """What a scenario sets that is not an assessment field; the defaults change nothing."""

    win_rate: float | None = None  # instead of the observed (shrunk) win rate
    hire_starts: tuple[float, ...] | None = None  # months after the plan start, as given
    leaving: tuple[tuple[str, float], ...] = ()  # (seller name, months after the plan start)


NONE = Adjustments()


def months_after(start: dt.date, month: str) -> float:
    """The first day of ``month`` in months after ``start`` (0 for the start's own month)."""
    return max(0.0, (month_start(month) - start).days / DAYS_PER_MONTH)


def adjustments(changes: Changes, start: dt.date) -> Adjustments:
    hires = None
    if changes.hires is not None:
        hires = tuple(sorted(months_after(start, m) for m in changes.hires))
    leaving = tuple((name, months_after(start, month)) for name, month in changes.leaving)
    return Adjustments(changes.win_rate, hires, leaving)
