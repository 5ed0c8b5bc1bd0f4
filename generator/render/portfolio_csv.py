"""``portfolio/partners.csv``: the portfolio table for people who continue in a spreadsheet.

One row per partner; the columns are ``slug``, ``currency`` and the ``playbook plan --json``
keys the portfolio shows, with the same unrounded numbers and ISO dates. A text cell that a
spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence

from .portfolio import PortfolioEntry

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Column (a `plan --json` key, or slug / currency) and how the entry gives it.
COLUMNS: tuple[tuple[str, Callable[[PortfolioEntry], object]], ...] = (
    ("slug", lambda e: e.slug),
    ("currency", lambda e: e.currency),
    ("partner", lambda e: e.name),
    ("partner_manager", lambda e: e.manager),
    ("tier", lambda e: e.tier.value),
    ("segment", lambda e: e.segment),
    ("archetype", lambda e: e.archetype),
    ("date", lambda e: e.assessed),
    ("next_meeting", lambda e: e.next_meeting),
    ("plan_start", lambda e: e.plan_start),
    ("revenue_prev", lambda e: e.revenue),
    ("target_revenue", lambda e: e.target),
    ("growth_reported", lambda e: e.growth),
    ("new_bookings_needed", lambda e: e.new_bookings),
    ("pipeline_on_hand", lambda e: e.pipeline_on_hand),
    ("pipeline_needed_at_quarter_start", lambda e: e.pipeline_needed),
    ("capacity_ceiling_as_is", lambda e: e.ceiling),
    ("gap_to_target", lambda e: e.gap[0]),
    ("gap_from_capability", lambda e: e.gap[1]),
    ("gap_from_time_share", lambda e: e.gap[2]),
    ("gap_from_hires", lambda e: e.gap[3]),
    ("gap_uncovered", lambda e: e.gap[4]),
    ("hires_planned", lambda e: e.hires),
    ("capability_index", lambda e: e.capability_index),
    ("capacity_index", lambda e: e.capacity_index),
)


def cell(value: object) -> str:
    """A value as the CSV writes it: ISO dates, repr-exact numbers, empty for none, and text
    that cannot run as a formula."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def partners_csv(
    entries: Sequence[PortfolioEntry], line: Callable[[PortfolioEntry], str] | None = None
) -> str:
    """Every partner, sorted by slug, one per row, with a header row. ``line`` gives a
    partner's row as csv_line writes it (from a memo, say)."""
    rows = [line(e) if line else csv_line(e) for e in sorted(entries, key=lambda e: e.slug)]
    return _csv_row([name for name, _ in COLUMNS]) + "".join(rows)


def csv_line(entry: PortfolioEntry) -> str:
    """One partner's row of the CSV, with its line end."""
    return _csv_row([cell(get(entry)) for _, get in COLUMNS])


def _csv_row(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()
