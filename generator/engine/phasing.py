"""The plan's volumes by quarter (§8 R25), for the documents only.

Each quarter carries the share of the year's selling capacity that is available in it: listed
sellers at the plan's time-share (a raise takes effect at the plan start) ramping from their
tenure at the assessment date, plus the planned hires from ``T_hire`` months after the start,
ramping over ``T_ramp``. The engine's flat per-quarter figures stay as they are.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .fastinit import fast_init
from .staffing import ramped_months

QUARTER_MONTHS = 3.0


def seller_months(
    share: float, tenure: float | None, q: int, t_ramp: float, until: float = 12.0
) -> float:
    """A listed seller's productive FTE-months in quarter ``q`` (tenure as at the start), up to
    ``until`` months after the start (a scenario's leaver)."""
    begin = QUARTER_MONTHS * (q - 1)
    months = max(0.0, min(QUARTER_MONTHS, until - begin))
    if tenure is None:  # R2: ramped
        return share * months
    return share * ramped_months(tenure + begin, months, t_ramp)


def hire_months(q: int, t_hire: float, t_ramp: float) -> float:
    """One hire's productive FTE-months in quarter ``q``: starts at ``t_hire``, tenure 0."""
    begin, end = QUARTER_MONTHS * (q - 1), QUARTER_MONTHS * q
    if end <= t_hire:
        return 0.0
    start = max(begin, t_hire)
    return ramped_months(start - t_hire, end - start, t_ramp)


def capacity_by_quarter(
    shares: Sequence[float],
    tenures: Sequence[float | None],
    hire_starts: Sequence[float],
    t_ramp: float,
    windows: Sequence[float] | None = None,
) -> tuple[float, float, float, float]:
    """K_q for q = 1..4, in FTE-months: the listed sellers (each for the months they work) and
    each planned hire from its start month."""
    until = windows or [12.0] * len(shares)
    starts = Counter(hire_starts)  # hires starting together count once, times how many
    k = [
        sum(
            seller_months(s, t, q, t_ramp, w)
            for s, t, w in zip(shares, tenures, until, strict=True)
        )
        + sum(n * hire_months(q, start, t_ramp) for start, n in starts.items())
        for q in (1, 2, 3, 4)
    ]
    return k[0], k[1], k[2], k[3]


def apportion(total: float, weights: Sequence[float], unit: float) -> tuple[float, ...]:
    """``total`` split in proportion to ``weights``, each part a multiple of ``unit``.

    Cumulative rounding: part k is round(running total to k) minus round(running total to
    k - 1), so the parts are never negative, sum to the total rounded to ``unit``, and the last
    part absorbs what the rounding left. Equal weights when they add up to nothing.
    """
    whole = sum(weights)
    shares = [w / whole for w in weights] if whole > 0 else [1 / len(weights)] * len(weights)
    parts, running, before = [], 0.0, 0.0
    for share in shares:
        running += total * share
        rounded = round(running / unit) * unit
        parts.append(rounded - before)
        before = rounded
    return tuple(parts)


@fast_init
@dataclass(frozen=True, slots=True)
class Quarter:
    """One quarter of the plan year, with the volumes phased to the capacity in it."""

    number: int
    ends: dt.date  # inclusive
    capacity_share: float  # K_q / ΣK
    new_bookings: float  # rounded to the money unit
    won_deals: int
    opportunities: int
    pipeline_at_start: float  # coverage x this quarter's bookings x share open on day 1


def phase(
    capacity: Sequence[float],
    ends: Sequence[dt.date],
    bookings: float,
    deals: float,
    opportunities: float,
    coverage: float,
    pre_open: float,
    money_unit: float,
) -> tuple[Quarter, ...]:
    """The four quarters: bookings, deals and opportunities phased with the same shares."""
    whole = sum(capacity)
    shares = [k / whole for k in capacity] if whole > 0 else [0.25] * 4
    money = apportion(bookings, shares, money_unit)
    won = apportion(deals, shares, 1)
    opps = apportion(opportunities, shares, 1)
    return tuple(
        Quarter(
            number=q + 1,
            ends=ends[q],
            capacity_share=shares[q],
            new_bookings=money[q],
            won_deals=int(won[q]),
            opportunities=int(opps[q]),
            pipeline_at_start=round(coverage * money[q] * pre_open / money_unit) * money_unit,
        )
        for q in range(4)
    )
