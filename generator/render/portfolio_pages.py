"""The portfolio pages: the overview (the programme's test, totals, the quadrant and every
partner), the grouped views with their subtotals, a page per partner manager (their week), the
capability gaps across the programme, movement over time, the charts and the CSV export.

Pure: portfolio entries in, ``{site path: content}`` out; charts are memoised by their inputs
so a rebuild after one change redraws only what it touches.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
from collections.abc import Callable, Mapping, Sequence

from jinja2 import Environment, Template
from markupsafe import Markup

from ..domain import Dimension
from ..engine.planning import PartnerPlan
from ..inputs.playbook import Playbook
from ..inputs.program import Reporting, Thresholds
from . import portfolio_charts as charts
from .calendar import WrittenEvents, calendar_ics, events, manager_slugs, written
from .pages import SiteContent, html_page
from .plandoc import build_plan_document
from .portfolio import (
    Group,
    PortfolioEntry,
    PortfolioRow,
    View,
    portfolio_entry,
    portfolio_rows,
    portfolio_views,
)
from .portfolio_csv import csv_line, partners_csv
from .programme import (
    ProgrammeTest,
    Rates,
    group_totals,
    moves,
    over_time,
    programme_test,
    totals,
    week,
)

CSV_PATH = "portfolio/partners.csv"


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


class ChartMemo:
    """Charts and table rows already drawn, by the hash of their inputs: a rebuild after one
    change redraws only the charts and rows whose data moved. Persisted by the build cache."""

    def __init__(self, saved: dict[str, str] | None = None) -> None:
        self.saved = saved or {}
        self.used: dict[str, str] = {}

    def get(self, make: Callable[..., str], *args: object) -> str:
        return self.keyed(_digest(repr((make.__qualname__, args))), lambda: make(*args))

    def keyed(self, key: str, make: Callable[[], str]) -> str:
        """What ``make`` draws, under a key the caller made from everything it depends on."""
        found = self.used.get(key) or self.saved.get(key) or make()
        self.used[key] = found
        return found


class RowRenderer:
    """A partner's row of a portfolio table (the ``partner_row`` and ``gap_row`` macros), each
    rendered once per build and kept in the memo while the partner's row is the same: a rebuild
    after one change renders one partner's rows, not every table of the programme."""

    def __init__(
        self, env: Environment, memo: ChartMemo, keys: Mapping[str, str] | None = None
    ) -> None:
        self.macros = env.get_template("portfolio-macros.html.j2").module
        self.memo = memo
        self.keys = keys or {}
        self._rows: dict[int, tuple[PortfolioRow, str]] = {}
        self._tails: dict[tuple[str, str, tuple[object, ...]], str] = {}

    def row_key(self, row: PortfolioRow) -> str:
        """What the row shows depends on: its entry (by the partner's cache key, which decides
        it, when there is one, else by all of it) and the day it is read."""
        found = self._rows.get(id(row))
        if found is None or found[0] is not row:
            entry_key = self.keys.get(row.entry.slug)
            if entry_key is None:
                key = _digest(repr(row))
            else:
                key = _digest(f"{entry_key}\0{row.age_days}\0{row.stale}\0{row.meeting_passed}")
            found = self._rows[id(row)] = (row, key)
        return found[1]

    def csv_line(self, entry: PortfolioEntry) -> str:
        """A partner's row of the CSV, kept in the memo by the partner's cache key."""
        key = self.keys.get(entry.slug)
        if key is None:
            return csv_line(entry)
        return self.memo.keyed(_digest(f"csv\0{key}"), functools.partial(csv_line, entry))

    def each(
        self,
        macro: str,
        rows: Sequence[PortfolioRow],
        up: str,
        *more: object,
        rates: Mapping[str, float] | None = None,
    ) -> Markup:
        """Every row of a table, one per line (a loop here, not in the template: a programme's
        tables have thousands of rows); ``rates`` adds each partner's currency rate."""
        make = getattr(self.macros, macro)
        used, saved, tails = self.memo.used, self.memo.saved, self._tails
        lines = []
        for row in rows:  # inline, not a call per row: tens of thousands of rows a build
            args = more if rates is None else (*more, rates[row.entry.slug])
            # The row's key and a short hash of how it is drawn: no hashing per row.
            tail = tails.get((macro, up, args))
            if tail is None:
                tail = tails[(macro, up, args)] = _digest(f"{macro}\0{up}\0{args!r}")[:16]
            key = self.row_key(row) + tail
            line = used.get(key) or saved.get(key) or str(make(row, up, *args))
            used[key] = line
            lines.append(line)
        return Markup("".join(f"{line}\n" for line in lines))


def _scale(value: float, split: float) -> float:
    """The axis end: the largest value rounded up to a half, at least twice the split, at most
    three times it (beyond that a point is drawn as a triangle at the edge with its values)."""
    top = math.ceil(max(value, 0.0) * 2) / 2
    return max(2 * split, min(top, 3 * split))


def quadrant_svg(
    rows: Sequence[PortfolioRow],
    thresholds: Thresholds,
    reporting: Reporting | None,
    memo: ChartMemo | None = None,
) -> str:
    """Capability (y) against capacity (x), split at the program thresholds, each partner's
    point sized by its revenue (in the reporting currency; equal sizes when a currency has no
    rate). Partners without a capacity index (nothing new to book) are left out."""
    plotted = [r.entry for r in rows if r.entry.capacity_index is not None]
    points = tuple((e.name, e.capacity_index or 0.0, e.capability_index) for e in plotted)
    rates = Rates(reporting)
    factors = [rates[e.currency] for e in plotted]
    same = len({currency for currency, _ in factors}) <= 1
    weights = tuple(k * e.revenue for (_, k), e in zip(factors, plotted, strict=True))
    x_split = thresholds.high_capacity
    return (memo or ChartMemo()).get(
        charts.quadrant,
        "Where does coaching time pay off? Capability against capacity, sized by revenue",
        points,
        "Capacity index (selling capacity / capacity the plan needs)",
        "Capability index (1-5)",
        x_split,
        thresholds.high_capability,
        _scale(max((x for _, x, _ in points), default=0.0), x_split),
        5.0,
        weights if same else None,
    )


def gaps_svg(test: ProgrammeTest, memo: ChartMemo | None = None) -> str:
    """The partners carrying the programme's gap, each split by what would close it."""
    currency = test.total.currency if test.total else ""
    bars = tuple((c.row.entry.name, c.gap[1:]) for c in test.carriers)
    title = "Which partners carry the gap to target, and what would close it?"
    return (memo or ChartMemo()).get(charts.gap_bars, title, bars, currency)


def _sort_keys(rows: Sequence[PortfolioRow], reporting: Reporting | None) -> dict[str, float]:
    """Each partner's factor into the reporting currency: money columns sort by value."""
    rates = Rates(reporting)
    return {r.entry.slug: rates[r.entry.currency][1] for r in rows}


def entry_pages(
    entries: Sequence[PortfolioEntry],
    model: Playbook,
    env: Environment,
    today: dt.date,
    memo: ChartMemo | None = None,
    keys: Mapping[str, str] | None = None,
    events_of: Callable[[str], WrittenEvents] = lambda slug: WrittenEvents((), ()),
) -> SiteContent:
    """Every portfolio page, its charts and the CSV. ``env`` must autoescape: the pages are
    HTML fragments. ``keys`` are the partners' cache keys (each decides its entry and its
    events); ``events_of`` gives a partner's events for the managers' calendars (none when not
    given)."""
    program = model.program
    thresholds, reporting = program.thresholds, program.reporting
    rows = portfolio_rows(entries, thresholds, today)
    views = portfolio_views(rows)
    test = programme_test(rows, reporting, thresholds.gap_carriers)
    memo = memo or ChartMemo()
    common = {
        "row_html": RowRenderer(env, memo, keys),
        "today": today,
        "stale_days": thresholds.stale_assessment_days,
        "reporting": reporting,
        "factor": _sort_keys(rows, reporting),
        "dimensions": [model.rubric.dimension(d) for d in Dimension],
    }
    out = SiteContent()
    overview = env.get_template("portfolio.html.j2").render(
        rows=rows,
        views=views,
        test=test,
        programme=totals(rows, reporting),
        thresholds=thresholds,
        plotted=sum(r.entry.capacity_index is not None for r in rows),
        csv="partners.csv",
        **common,
    )
    out.html["portfolio.md"] = html_page(
        "Portfolio", overview, f"Portfolio: {len(rows)} partners", hide_toc=True
    )
    out.assets["portfolio/quadrant.svg"] = quadrant_svg(rows, thresholds, reporting, memo)
    out.assets["portfolio/gaps.svg"] = gaps_svg(test, memo)
    row_html = common["row_html"]
    assert isinstance(row_html, RowRenderer)
    out.assets[CSV_PATH] = partners_csv(entries, row_html.csv_line)
    _views(out, env, views, common)
    _managers(out, env, views[-1], common, thresholds, events_of)
    _more(out, env, rows, thresholds, common)
    return out


def portfolio_pages(
    plans: Sequence[PartnerPlan], model: Playbook, env: Environment, today: dt.date
) -> SiteContent:
    """The portfolio pages straight from computed plans (tests and one-off use)."""
    docs = {p.slug: build_plan_document(p, model) for p in plans}
    entries = [portfolio_entry(p, docs[p.slug]) for p in plans]
    cals = {p.slug: written(events(p, docs[p.slug], model)) for p in plans}
    return entry_pages(entries, model, env, today, events_of=cals.__getitem__)


def _more(
    out: SiteContent,
    env: Environment,
    rows: Sequence[PortfolioRow],
    thresholds: Thresholds,
    common: dict[str, object],
) -> None:
    """The capability gaps across the programme, and its movement over time."""
    reporting = common["reporting"]
    assert reporting is None or isinstance(reporting, Reporting)
    template = env.get_template("portfolio-more.html.j2")
    movement = {
        "moves": moves(rows, thresholds.capability_move),
        "quarters": over_time(rows, reporting),
        "thresholds_move": thresholds.capability_move,
    }
    for path, title, kind, data in (
        ("portfolio/capabilities.md", "Capability gaps", "gaps", {}),
        ("portfolio/movement.md", "Movement", "movement", movement),
    ):
        body = template.render(kind=kind, title=title, rows=rows, **data, **common)
        out.html[path] = html_page(title, body, "", hide_toc=True)


def _views(
    out: SiteContent, env: Environment, views: Sequence[View], common: dict[str, object]
) -> None:
    template = env.get_template("portfolio-view.html.j2")
    reporting = common["reporting"]
    assert reporting is None or isinstance(reporting, Reporting)
    for view in views:
        subtotals = group_totals(view.groups, reporting)
        body = template.render(view=view, subtotals=subtotals, **common)
        out.html[view.path] = html_page(view.title, body, "", hide_toc=True)


def _managers(
    out: SiteContent,
    env: Environment,
    view: View,
    common: dict[str, object],
    thresholds: Thresholds,
    events_of: Callable[[str], WrittenEvents],
) -> None:
    """Each manager's week and calendar, drawn again only when one of their partners' rows
    (or the day) moved: a rebuild after one change redraws one manager's page."""
    template = env.get_template("portfolio-manager.html.j2")
    reporting, rows_html = common["reporting"], common["row_html"]
    assert reporting is None or isinstance(reporting, Reporting)
    assert isinstance(rows_html, RowRenderer)
    slugs = manager_slugs([g.name for g in view.groups])
    for group in view.groups:
        assert group.page is not None
        days, calendar = thresholds.week_days, f"managers/{slugs[group.name]}.ics"
        rows = tuple(rows_html.row_key(row) for row in group.rows)
        key = _digest(repr(("manager", group.name, group.page, common["today"], days, rows)))
        slugs_here = [row.entry.slug for row in group.rows]
        name = f"{group.name}: partner meetings"
        ics = functools.partial(_calendar, name, slugs_here, events_of)
        out.assets[calendar] = rows_html.memo.keyed(f"{key}.ics", ics)
        page = functools.partial(_week_page, template, group, days, calendar, reporting, common)
        body = rows_html.memo.keyed(f"{key}.html", page)
        path = f"portfolio/{group.page}.md"
        out.html[path] = html_page(f"{group.name}: the week", body, "", hide_toc=True)
        out.drawn.update({path: f"{key}.html", calendar: f"{key}.ics"})


def _calendar(name: str, slugs: Sequence[str], events_of: Callable[[str], WrittenEvents]) -> str:
    return calendar_ics(name, [events_of(slug) for slug in slugs])


def _week_page(
    template: Template,
    group: Group,
    days: int,
    calendar: str,
    reporting: Reporting | None,
    common: dict[str, object],
) -> str:
    return template.render(
        week=week(group, common["today"], days),  # type: ignore[arg-type]
        days=days,
        subtotal=totals(group.rows, reporting),
        calendar=f"../../{calendar}",
        **common,
    )
