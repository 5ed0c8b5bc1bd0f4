"""The plan year of an assessment (§8 R24), where the inputs need it too: the plan starts at
the next meeting when it is booked and not before the assessment, else a fixed number of days
after the assessment; it ends the day before the start plus twelve months."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later, clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def plan_start(assessed: dt.date, meeting: dt.date | None, after_days: int) -> dt.date:
    """R24: the booked next meeting, unless it is missing or before the assessment."""
    if meeting is not None and meeting >= assessed:
        return meeting
    return assessed + dt.timedelta(days=after_days)


def plan_end(start: dt.date) -> dt.date:
    """The last day of the plan year (inclusive)."""
    return add_months(start, 12) - dt.timedelta(days=1)


def month_start(month: str) -> dt.date:
    """``YYYY-MM`` as the first day of that month."""
    year, number = month.split("-")
    return dt.date(int(year), int(number), 1)
