"""The portfolio pages: every partner in one sortable table, the quadrant, and grouped views.

Pure: the computed plans in, ``{site path: content}`` out. The overview (``portfolio.md``) carries
the counts, the capability x capacity quadrant and the full table; ``portfolio/tiers.md``,
``archetypes.md`` and ``managers.md`` repeat each partner's row once, under its group, and the
managers' view adds one partners x capabilities heatmap per manager. Group names are data and go
through the ``text`` filter in the templates; they never reach a file name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import get_args

from jinja2 import Environment

from ..domain import Archetype, Dimension, Tier
from ..engine.planning import PartnerPlan
from ..inputs.playbook import Playbook
from ..inputs.program import Thresholds
from . import charts
from .pages import SiteContent, html_page

# Above this many partners the quadrant's points carry no names: labels would only collide.
LABEL_LIMIT = 40
# Archetypes as §7.2 lays them out, Scale first; tiers from the top down.
ARCHETYPES: tuple[Archetype, ...] = get_args(Archetype)
TIERS: tuple[Tier, ...] = tuple(reversed(Tier))


@dataclass(frozen=True, slots=True)
class PortfolioEntry:
    """What the portfolio shows of one partner: small, so the build can cache it per partner."""

    slug: str
    name: str
    tier: Tier
    segment: str
    archetype: Archetype
    overlays: tuple[str, ...]
    capability_index: float
    capacity_index: float | None
    growth: float | None  # reported growth multiple; None for a new partner
    hires: int
    assessed: dt.date
    manager: str
    scores: tuple[int | None, ...]  # per dimension, D1..D9; None = unknown


def portfolio_entry(plan: PartnerPlan) -> PortfolioEntry:
    a, c = plan.assessment, plan.chain
    scores = {r.dimension: r.score for r in plan.capability.dimensions}
    return PortfolioEntry(
        slug=plan.slug,
        name=a.partner.name,
        tier=a.partner.tier,
        segment=plan.parameters.segment,
        archetype=plan.archetype,
        overlays=tuple(plan.overlays),
        capability_index=plan.capability.capability_index,
        capacity_index=c.ceilings.capacity_index,
        growth=c.targets.growth_reported,
        hires=c.staffing.hires,
        assessed=a.assessment.date,
        manager=a.partner.partner_manager,
        scores=tuple(scores.get(d) for d in Dimension),
    )


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """One partner in a portfolio table, with everything the row shows."""

    entry: PortfolioEntry
    assessed: dt.date
    age_days: int
    stale: bool


@dataclass(frozen=True, slots=True)
class Group:
    """One ``##`` section of a view page: a group name (data, escaped on output) and its rows."""

    name: str
    rows: tuple[PortfolioRow, ...]
    heatmap: str | None = None  # file name beside the page, for the managers' view


@dataclass(frozen=True, slots=True)
class View:
    """One grouped view page."""

    path: str
    title: str  # static text, never data
    intro: str  # static text, never data
    kind: str  # "tier", "archetype" or "manager": lets a template describe the groups
    groups: tuple[Group, ...]


def portfolio_rows(
    entries: Sequence[PortfolioEntry], thresholds: Thresholds, today: dt.date
) -> tuple[PortfolioRow, ...]:
    """Every partner as a row, sorted by name (then slug), stale past the threshold."""
    limit = thresholds.stale_assessment_days
    rows = []
    for entry in sorted(entries, key=lambda e: (e.name.casefold(), e.slug)):
        age = (today - entry.assessed).days
        rows.append(PortfolioRow(entry, entry.assessed, age, age > limit))
    return tuple(rows)


def _manager_key(row: PortfolioRow) -> str:
    return " ".join(row.entry.manager.split()).casefold()


def _grouped(
    rows: Sequence[PortfolioRow], key: Callable[[PortfolioRow], str]
) -> dict[str, list[PortfolioRow]]:
    out: dict[str, list[PortfolioRow]] = {}
    for row in rows:
        out.setdefault(key(row), []).append(row)
    return out


def _fixed_groups(
    rows: Sequence[PortfolioRow], order: Sequence[str], key: Callable[[PortfolioRow], str]
) -> tuple[Group, ...]:
    found = _grouped(rows, key)
    return tuple(Group(name, tuple(found[name])) for name in order if name in found)


def manager_groups(rows: Sequence[PortfolioRow]) -> tuple[Group, ...]:
    """One group per partner manager (names compared without case or extra spaces), sorted;
    the n-th manager's heatmap is ``heatmap-<n>.svg``, so no name ever becomes a file name."""
    found = _grouped(rows, _manager_key)
    return tuple(
        Group(
            found[key][0].entry.manager,
            tuple(found[key]),
            f"heatmap-{n}.svg",
        )
        for n, key in enumerate(sorted(found))
    )


def _scale(value: float, split: float) -> float:
    """The axis end: the largest value rounded up to a half, at least twice the split, at most
    three times it (beyond that a point is drawn as a triangle at the edge with its values)."""
    top = math.ceil(max(value, 0.0) * 2) / 2
    return max(2 * split, min(top, 3 * split))


class ChartMemo:
    """Charts already drawn, by the hash of their inputs: a rebuild after one change redraws
    only the heatmap of that partner's manager. Persisted by the build cache."""

    def __init__(self, saved: dict[str, str] | None = None) -> None:
        self.saved = saved or {}
        self.used: dict[str, str] = {}

    def get(self, make: Callable[..., str], *args: object) -> str:
        key = hashlib.blake2b(repr((make.__qualname__, args)).encode(), digest_size=16).hexdigest()
        svg = self.used.get(key) or self.saved.get(key) or make(*args)
        self.used[key] = svg
        return svg


def quadrant_svg(
    rows: Sequence[PortfolioRow], thresholds: Thresholds, memo: ChartMemo | None = None
) -> str:
    """Capability (y) against capacity (x), split at the program thresholds; partners without a
    capacity index (nothing new to book) are left out."""
    plotted = [r.entry for r in rows if r.entry.capacity_index is not None]
    named = len(plotted) <= LABEL_LIMIT
    points = [
        (e.name if named else "", e.capacity_index or 0.0, e.capability_index) for e in plotted
    ]
    x_split = thresholds.high_capacity
    return (memo or ChartMemo()).get(
        charts.quadrant,
        "Where does coaching time pay off? Capability against capacity",
        tuple(points),
        "Capacity index (selling capacity / capacity the plan needs)",
        "Capability index (1-5)",
        x_split,
        thresholds.high_capability,
        _scale(max((x for _, x, _ in points), default=0.0), x_split),
        5.0,
    )


def heatmap_svg(group: Group, memo: ChartMemo | None = None) -> str:
    """One manager's partners (rows, in table order) against the nine capabilities."""
    columns = tuple(f"{d.code} {d.value.replace('_', ' ').capitalize()}" for d in Dimension)
    rows = tuple((row.entry.name, row.entry.scores) for row in group.rows)
    title = f"Where can coaching lift {group.name}'s partners? Capability scores"
    return (memo or ChartMemo()).get(charts.heatmap, title, rows, columns)


def portfolio_views(rows: Sequence[PortfolioRow]) -> tuple[View, ...]:
    """The three grouped pages: by tier (top tier first), by archetype and by partner manager."""
    return (
        View(
            "portfolio/tiers.md",
            "Portfolio by tier",
            "Every partner under its current program tier, top tier first.",
            "tier",
            _fixed_groups(rows, [t.value for t in TIERS], lambda r: r.entry.tier.value),
        ),
        View(
            "portfolio/archetypes.md",
            "Portfolio by archetype",
            "Every partner under its plan archetype: the capability x capacity quadrant.",
            "archetype",
            _fixed_groups(rows, ARCHETYPES, lambda r: r.entry.archetype),
        ),
        View(
            "portfolio/managers.md",
            "Portfolio by partner manager",
            "Every partner under its partner manager, with a heatmap of the partners' capability "
            "scores: the darker the cell, the higher the score; light rows are where coaching "
            "time pays off.",
            "manager",
            manager_groups(rows),
        ),
    )


def portfolio_pages(
    plans: Sequence[PartnerPlan], model: Playbook, env: Environment, today: dt.date
) -> SiteContent:
    """The portfolio pages for computed plans (see :func:`entry_pages`)."""
    return entry_pages([portfolio_entry(p) for p in plans], model, env, today)


def entry_pages(
    entries: Sequence[PortfolioEntry],
    model: Playbook,
    env: Environment,
    today: dt.date,
    memo: ChartMemo | None = None,
) -> SiteContent:
    """The overview, the quadrant, the three grouped views and one heatmap per manager.

    ``env`` must autoescape (``environment(root, html_output=True)``): the pages are HTML.
    """
    thresholds = model.program.thresholds
    rows = portfolio_rows(entries, thresholds, today)
    views = portfolio_views(rows)
    plotted = sum(r.entry.capacity_index is not None for r in rows)
    overview = env.get_template("portfolio.html.j2").render(
        rows=rows,
        tiers=[(t.value, sum(r.entry.tier is t for r in rows)) for t in TIERS],
        archetypes=[(a, sum(r.entry.archetype == a for r in rows)) for a in ARCHETYPES],
        managers=len(views[2].groups),
        stale=sum(r.stale for r in rows),
        stale_days=thresholds.stale_assessment_days,
        today=today,
        plotted=plotted,
        labelled=plotted <= LABEL_LIMIT,
        label_limit=LABEL_LIMIT,
        thresholds=thresholds,
    )
    out = SiteContent()
    out.html["portfolio.md"] = html_page(
        "Portfolio", overview, f"Portfolio: {len(rows)} partners", hide_toc=True
    )
    out.assets["portfolio/quadrant.svg"] = quadrant_svg(rows, thresholds, memo)
    view_template = env.get_template("portfolio-view.html.j2")
    for view in views:
        body = view_template.render(
            view=view, stale_days=thresholds.stale_assessment_days, today=today
        )
        out.html[view.path] = html_page(view.title, body, "")
        for group in view.groups:
            if group.heatmap is not None:
                out.assets[f"portfolio/{group.heatmap}"] = heatmap_svg(group, memo)
    return out
