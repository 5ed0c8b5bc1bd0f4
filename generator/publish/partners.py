"""Each partner's pages: planned and rendered on every core, kept in the build cache.

A partner's *body* (its pages, bundle and calendars) is written to the cache as it is rendered
and read back one partner at a time when the site is written, so a build's memory does not grow
with the programme; its *head* (portfolio entry, page titles and tables of contents, output
hashes) is what every build keeps in memory.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import msgspec
from pydantic import TypeAdapter

from ..engine.planning import PartnerPlan, Planner
from ..inputs.loading import Portfolio
from ..inputs.playbook import Playbook
from ..render.calendar import WrittenEvents, events, written
from ..render.pages import HtmlPage, environment, partner_content, print_documents, searched
from ..render.plandoc import build_plan_document
from ..render.portfolio import PortfolioEntry, portfolio_entry
from ..workers import in_parallel
from .buildcache import BuildCache, content_hash
from .cachefile import Fast

Advance = Callable[[int], None] | None
# progress(label, total) starts a progress display and returns what advances it by n
Progress = Callable[[str, int], Callable[[int], None]]


@dataclass(frozen=True)
class PartnerHead:
    """What every build needs of a partner: its portfolio entry, output hashes and what the
    search index takes of its pages. Its pages' titles and tables of contents, which only the
    partners whose pages are written need, stay JSON until ``pages`` is asked for: decoding
    every partner's headings was a third of a one-partner rebuild's reading of the cache."""

    entry: PortfolioEntry
    digests: dict[str, str]  # every output path: hash of its content
    searched: tuple[tuple[str, str, str], ...]  # pages in the search: (path, title, text)
    # (escaped, as render.pages.searched gives them)
    outline: msgspec.Raw  # {path: HtmlPage without its body}, as JSON
    calendar: msgspec.Raw  # the partner's events as written (WrittenEvents), as JSON

    @functools.cached_property
    def pages(self) -> dict[str, HtmlPage]:
        """The partner's pages without their bodies."""
        return _PAGES.decode(self.outline)

    @functools.cached_property
    def events(self) -> WrittenEvents:
        """The partner's events, for its manager's calendar (drawn again only when one of
        the manager's partners moved)."""
        return _EVENTS.decode(self.calendar)


@dataclass(frozen=True)
class PartnerBody:
    """A partner's rendered pages and charts, needed only when they must be written."""

    html: dict[str, HtmlPage]
    assets: dict[str, str]


_BODY = TypeAdapter(PartnerBody)
_PAGES = msgspec.json.Decoder(dict[str, HtmlPage])
_EVENTS = msgspec.json.Decoder(WrittenEvents)
HEADS: Fast[dict[str, tuple[str, PartnerHead]]] = Fast(dict[str, tuple[str, PartnerHead]])


def _head(body: PartnerBody, entry: PortfolioEntry, cal: WrittenEvents) -> PartnerHead:
    digests = {p: content_hash(page.title + "\0" + page.body) for p, page in body.html.items()}
    digests.update({path: content_hash(svg) for path, svg in body.assets.items()})
    bare = {path: replace(page, body="") for path, page in body.html.items()}
    found = tuple((path, title, text) for path, (title, text) in searched(bare).items())
    outline, calendar = msgspec.json.encode(bare), msgspec.json.encode(cal)
    return PartnerHead(entry, digests, found, msgspec.Raw(outline), msgspec.Raw(calendar))


# The renderer a forked worker renders with (set by the parent before the workers start).
_RENDERER: PartnerRenderer | None = None


def _render_in_worker(job: tuple[str, str]) -> PartnerHead:
    assert _RENDERER is not None
    return _head(*_RENDERER.render(*job))


# Below this many partners to render, forking workers costs more than it saves.
PARALLEL_FROM = 24


class PartnerRenderer:
    """Plans and renders one partner on demand, or reads its pages from the build cache."""

    def __init__(
        self,
        root: Path,
        playbook: Playbook,
        portfolio: Portfolio,
        cache: BuildCache | None,
        as_of: dt.date,
    ) -> None:
        self.playbook, self.portfolio, self.cache = playbook, portfolio, cache
        self.planner = Planner(playbook, as_of)
        self.env = environment(
            root, html_output=True, bytecode=cache.templates() if cache else None
        )
        self._bodies: dict[str, PartnerBody] = {}

    def plan(self, slug: str) -> PartnerPlan:
        record = self.portfolio.partner(slug)
        assert record is not None
        latest, history = self.portfolio.latest(record), self.portfolio.history(record)
        return self.planner.plan(slug, latest, history)

    def render(self, slug: str, key: str) -> tuple[PartnerBody, PortfolioEntry, WrittenEvents]:
        """Plan and render one partner. Its pages go to the build cache (read back one partner
        at a time when they are written: a build's memory does not grow with the programme),
        or stay in memory when there is no cache."""
        plan = self.plan(slug)
        doc = build_plan_document(plan, self.playbook)
        cal = written(events(plan, doc, self.playbook))
        part = partner_content(plan, self.playbook, self.env, doc, cal)
        body = PartnerBody(part.html, part.assets)
        if self.cache:
            self.cache.write(f"partners/{slug}.json", _BODY, body, key)
        else:
            self._bodies[slug] = body
        return body, portfolio_entry(plan, doc), cal

    def render_all(
        self, jobs: list[tuple[str, str]], workers: int | None = None, progress: Advance = None
    ) -> list[PartnerHead]:
        """Render (slug, key) jobs on every core when there are enough of them (the workers
        write the pages into the cache; only the heads come back), else here."""
        global _RENDERER
        if self.cache is None or len(jobs) < PARALLEL_FROM:
            workers = 1
        _RENDERER = self
        try:
            return list(in_parallel(_render_in_worker, jobs, workers, progress, chunksize=4))
        finally:
            _RENDERER = None

    def body(self, slug: str, key: str) -> PartnerBody:
        found = self._bodies.get(slug)
        if found is None and self.cache:
            found = self.cache.read(f"partners/{slug}.json", _BODY, key)
        return found if found is not None else self.render(slug, key)[0]

    def prints(self, slug: str, key: str) -> dict[str, str]:
        """The print documents of a partner's PDFs (only when they must be rendered)."""
        pages = self.body(slug, key).html
        return print_documents(self.plan(slug), self.playbook, self.env, pages)
