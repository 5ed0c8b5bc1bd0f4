"""The portfolio's money: totals by group and for the programme, the programme's own test ("2x
this year"), movement over time and each partner manager's week.

Pure sums and selections over the engine's figures (portfolio.py entries). Money is totalled
in the programme's reporting currency with its dated rates (program.yaml ``reporting``); a
currency without a rate is totalled on its own, never mixed in.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..inputs.program import Reporting
from .portfolio import Group, Point, PortfolioRow


@dataclass(frozen=True, slots=True)
class Totals:
    """Sums over some partners, in one currency."""

    currency: str
    partners: int
    revenue: float = 0.0
    target: float = 0.0
    new_bookings: float = 0.0
    pipeline_on_hand: float = 0.0
    pipeline_needed: float = 0.0
    ceiling: float = 0.0
    gap: tuple[float, float, float, float, float] = (0.0, 0.0, 0.0, 0.0, 0.0)
    hires: int = 0

    @property
    def growth(self) -> float | None:
        """Σ target ÷ Σ last year's revenue."""
        return self.target / self.revenue if self.revenue > 0 else None

    @property
    def reached(self) -> float:
        """What today's teams reach of the targets, as they work today (each partner's as-is
        ceiling, at most its target)."""
        return self.target - self.gap[0]

    @property
    def covered(self) -> float | None:
        """The share of the targets today's teams already reach."""
        return self.reached / self.target if self.target > 0 else None


def rate(reporting: Reporting | None, currency: str) -> tuple[str, float]:
    """The currency an entry is totalled in, and the factor into it."""
    if reporting is not None:
        factor = reporting.convert(1.0, currency)
        if factor is not None:
            return reporting.currency, factor
    return currency, 1.0


class Rates(dict[str, tuple[str, float]]):
    """:func:`rate` by currency, each worked out the first time it is asked for (a programme's
    pages ask for thousands of partners, in a handful of currencies)."""

    def __init__(self, reporting: Reporting | None) -> None:
        super().__init__()
        self.reporting = reporting

    def __missing__(self, currency: str) -> tuple[str, float]:
        found = self[currency] = rate(self.reporting, currency)
        return found


Five = tuple[float, float, float, float, float]


def scaled(parts: Five, k: float, plus: Five = (0.0, 0.0, 0.0, 0.0, 0.0)) -> Five:
    """``plus + k * parts``, part by part."""
    return (
        plus[0] + k * parts[0],
        plus[1] + k * parts[1],
        plus[2] + k * parts[2],
        plus[3] + k * parts[3],
        plus[4] + k * parts[4],
    )


def totals(rows: Sequence[PortfolioRow], reporting: Reporting | None) -> tuple[Totals, ...]:
    """The rows' totals: one in the reporting currency, plus one per currency without a rate
    (reporting currency first, the others by code). Summed in the rows' order, one row at a
    time, without a Totals for every row (a programme's pages total thousands)."""
    rates = Rates(reporting)
    sums: dict[str, list[float]] = {}
    counts: dict[str, list[int]] = {}
    for row in rows:
        e = row.entry
        currency, k = rates[e.currency]
        acc = sums.get(currency)
        if acc is None:
            acc, counts[currency] = sums.setdefault(currency, [0.0] * 11), [0, 0]
        acc[0] += k * e.revenue
        acc[1] += k * e.target
        acc[2] += k * e.new_bookings
        acc[3] += k * e.pipeline_on_hand
        acc[4] += k * e.pipeline_needed
        acc[5] += k * e.ceiling
        for i, part in enumerate(e.gap, 6):
            acc[i] += k * part
        count = counts[currency]
        count[0] += 1
        count[1] += e.hires
    first = reporting.currency if reporting else ""
    return tuple(
        _totals(c, sums[c], counts[c]) for c in sorted(sums, key=lambda c: (c != first, c))
    )


def _totals(currency: str, acc: list[float], count: list[int]) -> Totals:
    gap = (acc[6], acc[7], acc[8], acc[9], acc[10])
    revenue, target, bookings, on_hand, needed, ceiling = acc[:6]
    return Totals(
        currency, count[0], revenue, target, bookings, on_hand, needed, ceiling, gap, count[1]
    )


def group_totals(
    groups: Sequence[Group], reporting: Reporting | None
) -> tuple[tuple[str, tuple[Totals, ...]], ...]:
    return tuple((g.name, totals(g.rows, reporting)) for g in groups)


@dataclass(frozen=True, slots=True)
class Carrier:
    """A partner that carries part of the programme's gap, in the reporting currency."""

    row: PortfolioRow
    gap: tuple[float, float, float, float, float]


@dataclass(frozen=True, slots=True)
class ProgrammeTest:
    """The programme's ambition against what its partners reach: ``total`` in the reporting
    currency (None when no partner is in it), the currencies left out for want of a rate,
    and the partners carrying the gap, largest first."""

    total: Totals | None
    left_out: tuple[str, ...]
    carriers: tuple[Carrier, ...]


def programme_test(
    rows: Sequence[PortfolioRow], reporting: Reporting | None, shown: int
) -> ProgrammeTest:
    every = totals(rows, reporting)
    main = every[0] if every else None
    if main is not None and reporting is None and len(every) > 1:
        main = None  # several currencies and no rates: no programme total can be made
    left_out = tuple(t.currency for t in every if t is not main)
    gapped: list[tuple[PortfolioRow, float]] = []  # with the rate into the total's currency
    rates = Rates(reporting)
    if main is not None:
        for row in rows:
            found = rates[row.entry.currency]
            if found[0] == main.currency and row.entry.gap[0] > 0:
                gapped.append((row, found[1]))
    # The largest gaps (as sorted(...)[:shown], ties in the rows' order): only those are made.
    top = heapq.nsmallest(
        shown, gapped, key=lambda g: (-(0.0 + g[1] * g[0].entry.gap[0]), g[0].entry.name.casefold())
    )
    carriers = tuple(Carrier(row, scaled(row.entry.gap, k)) for row, k in top)
    return ProgrammeTest(main, left_out, carriers)


@dataclass(frozen=True, slots=True)
class Move:
    """One partner's change between its previous and latest assessment."""

    row: PortfolioRow
    before: Point
    now: Point
    direction: str  # "improved", "slipped" or "steady" (the capability index)


def moves(rows: Sequence[PortfolioRow], step: float) -> tuple[Move, ...]:
    """Partners assessed more than once: who improved and who slipped (by at least ``step``
    of capability index), largest change first."""
    out = []
    for row in rows:
        pair = row.moved
        if pair is None:
            continue
        before, now = pair
        delta = now[1] - before[1]
        direction = "improved" if delta >= step else "slipped" if delta <= -step else "steady"
        out.append(Move(row, before, now, direction))
    return tuple(sorted(out, key=lambda m: (-abs(m.now[1] - m.before[1]), m.row.entry.slug)))


@dataclass(frozen=True, slots=True)
class Quarter:
    """The programme at a quarter's end: each partner's latest assessment by then."""

    label: str
    partners: int
    capability_index: float
    revenue: Totals
    win_rate: float | None
    forecast_accuracy: float | None


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _quarter_end(day: dt.date) -> dt.date:
    month = (day.month - 1) // 3 * 3 + 3
    following = dt.date(day.year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def over_time(
    rows: Sequence[PortfolioRow], reporting: Reporting | None, most: int = 8
) -> tuple[Quarter, ...]:
    """The programme quarter by quarter (the last ``most`` quarters with an assessment)."""
    dates = sorted({p[0] for row in rows for p in row.entry.trend})
    if not dates:
        return ()
    ends = sorted({_quarter_end(d) for d in dates})[-most:]
    rates, out = Rates(reporting), []
    for end in ends:
        latest = [
            (row, next((p for p in reversed(row.entry.trend) if p[0] <= end), None)) for row in rows
        ]
        known = [(row, p) for row, p in latest if p is not None]
        # Summed in the rows' order, without a Totals per row (thousands of partners).
        total, count, summed = reporting.currency if reporting else "", 0, 0.0
        for row, p in known:
            currency, k = rates[row.entry.currency]
            if currency == total or not total:
                total, count, summed = currency, count + 1, summed + k * p[2]
        out.append(
            Quarter(
                f"{end.year}-Q{(end.month - 1) // 3 + 1}",
                len(known),
                _mean([p[1] for _, p in known]) or 0.0,
                Totals(total, count, revenue=summed),
                _mean([p[3] for _, p in known]),
                _mean([p[4] for _, p in known]),
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Week:
    """A partner manager's week, as of a day."""

    group: Group
    meetings: tuple[PortfolioRow, ...]  # booked meetings to come, in date order
    unbooked: tuple[PortfolioRow, ...]  # no meeting booked, or it has passed
    stale: tuple[PortfolioRow, ...]
    due_soon: tuple[tuple[dt.date, PortfolioRow, str, str], ...] = field(default=())
    due_lately: tuple[tuple[dt.date, PortfolioRow, str, str], ...] = field(default=())


def week(group: Group, today: dt.date, days: int) -> Week:
    """Meetings in date order, what needs booking or re-assessing, and the plan actions due in
    the next ``days`` (and due in the last ``days``: check they are done)."""
    rows = group.rows
    booked = [r for r in rows if r.entry.next_meeting is not None and not r.meeting_passed]
    booked.sort(key=lambda r: (r.entry.next_meeting, r.entry.name.casefold()))
    soon, lately = [], []
    for row in rows:
        for due, owner, text in row.entry.actions:
            if today <= due <= today + dt.timedelta(days=days):
                soon.append((due, row, owner, text))
            elif today - dt.timedelta(days=days) <= due < today:
                lately.append((due, row, owner, text))
    return Week(
        group,
        tuple(booked),
        tuple(r for r in rows if r not in booked),
        tuple(r for r in rows if r.stale),
        tuple(sorted(soon, key=lambda a: (a[0], a[1].entry.slug))),
        tuple(sorted(lately, key=lambda a: (a[0], a[1].entry.slug))),
    )
