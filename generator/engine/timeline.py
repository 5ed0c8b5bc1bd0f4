"""The plan in time (§8 R24): the plan starts at the meeting where it is agreed, and every date
in the plan and the guide counts from there; and what a reader must know on the day (an
assessment gone stale, a next meeting already past)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..inputs.assessment import Assessment
from ..inputs.planyear import add_months, plan_start
from .fastinit import fast_init

DAYS_PER_MONTH = 365.25 / 12


@fast_init
@dataclass(frozen=True, slots=True)
class Timeline:
    """The plan year: from ``start`` (inclusive) to ``end`` (inclusive), in four quarters."""

    start: dt.date
    end: dt.date
    quarter_ends: tuple[dt.date, dt.date, dt.date, dt.date]  # inclusive
    assessed: dt.date
    from_meeting: bool  # the start is the booked next meeting (else assessment + N days)
    quarter_starts: tuple[dt.date, dt.date, dt.date, dt.date]

    def day(self, n: int) -> dt.date:
        """Day ``n`` of the plan (day 0 is the start)."""
        return self.start + dt.timedelta(days=n)

    def after_months(self, months: float) -> dt.date:
        """The date ``months`` (possibly fractional) after the start."""
        whole = int(months)
        return add_months(self.start, whole) + dt.timedelta(
            days=round((months - whole) * DAYS_PER_MONTH)
        )

    def quarter_start(self, q: int) -> dt.date:
        """The first day of quarter ``q`` (1-4)."""
        return self.quarter_starts[q - 1]


def timeline(a: Assessment, start_after_days: int) -> Timeline:
    """R24: the next meeting when booked and not before the assessment, else the assessment
    date plus ``start_after_days``; the year ends the day before the start plus 12 months."""
    assessed, meeting = a.assessment.date, a.assessment.next_meeting
    start = plan_start(assessed, meeting, start_after_days)
    from_meeting = start == meeting
    ends = tuple(add_months(start, 3 * q) - dt.timedelta(days=1) for q in (1, 2, 3, 4))
    assert len(ends) == 4
    one = dt.timedelta(days=1)
    starts = (start, ends[0] + one, ends[1] + one, ends[2] + one)
    return Timeline(start, ends[3], ends, assessed, from_meeting, starts)


@fast_init
@dataclass(frozen=True, slots=True)
class Notices:
    """What the reader must know on the day the documents are read (``as_of``)."""

    as_of: dt.date
    stale: bool  # the assessment is older than the program's limit
    age_days: int
    meeting_passed: bool  # the booked next meeting lies before ``as_of``

    @property
    def key(self) -> str:
        """What of the notices shows on a page (a cache key: not the date itself)."""
        return f"stale={self.stale};passed={self.meeting_passed}"


def notices(
    assessed: dt.date, meeting: dt.date | None, as_of: dt.date, stale_after_days: int
) -> Notices:
    """Stale past ``stale_after_days``; the next meeting passed when it lies before ``as_of``."""
    age = (as_of - assessed).days
    return Notices(as_of, age > stale_after_days, age, meeting is not None and meeting < as_of)
