"""The site stage's content: every page and chart, partners reused from the cache.

Partners whose inputs did not change come from the cache (their heads from ``heads.json``, their
pages when written); the rest are rendered on every core. The portfolio and playbook pages are
made again each build (their charts and rows from a memo). What is prepared here is published by
sitefolder.py (atomically, patched or by mkdocs) and by the mkdocs plugin.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from ..engine.timeline import notices
from ..errors import UserError
from ..inputs.loading import ASSESSMENTS_DIR, PartnerRecord, Portfolio
from ..inputs.playbook import Playbook
from ..render.calendar import WrittenEvents
from ..render.pages import (
    SiteContent,
    environment,
    figures_page,
    model_pages,
)
from ..render.portfolio import PortfolioEntry
from ..render.portfolio_pages import ChartMemo, entry_pages
from . import shards
from .buildcache import (
    BuildCache,
    code_fingerprint,
    content_hash,
    partner_key,
    site_fingerprint,
)
from .cachefile import Codec, Fast
from .frames import Frame
from .outdir import check_site_dir, mark, sweep
from .partners import HEADS, PartnerBody, PartnerHead, PartnerRenderer, Progress
from .skeleton import Shape, Skeleton

_CHARTS: Fast[dict[str, str]] = Fast(dict[str, str])
T = TypeVar("T")


@dataclass(frozen=True)
class Prepared:
    """Every page and chart of a build, before mkdocs runs."""

    fingerprint: str
    common: SiteContent  # playbook and portfolio pages: rebuilt every time
    heads: Mapping[str, PartnerHead]
    keys: Mapping[str, str]  # each partner's cache key
    partners: PartnerRenderer
    rendered: int  # partners rendered in this run (the rest came from the cache)

    def outputs(self, pdfs: Mapping[str, tuple[str, Path]]) -> dict[str, str]:
        """Hashes of the partner outputs: what decides whether a previous file can be reused.
        A page's hash includes which of its partner's PDFs exist: a page links a PDF that
        exists and says so when it does not."""
        out: dict[str, str] = {}
        by_partner: dict[str, list[str]] = {}
        for path in sorted(pdfs):
            by_partner.setdefault(path.split("/")[1] if "/" in path else "", []).append(path)
        for slug, head in self.heads.items():
            present = by_partner.get(slug)
            if not present:  # no PDF to link: the page is its content (no hashing again)
                out.update(head.digests)
                continue
            also = content_hash(",".join(present))
            out.update({p: f"{d}+{also}" for p, d in head.digests.items()})
        out.update({path: key for path, (key, _) in pdfs.items()})
        return out

    def body(self, slug: str) -> PartnerBody:
        """A partner's rendered pages and files (from the cache; rendered again if lost)."""
        return self.partners.body(slug, self.keys[slug])


Charts = Callable[[], dict[str, str] | None]  # the memo of drawn charts and rows, when read
Heads = Callable[[], dict[str, tuple[str, PartnerHead]] | None]


@dataclass(frozen=True)
class Ahead:
    """The large cache entries every build reads (tens of MB in a large programme: the
    partners' heads, the portfolio's drawn charts and rows), read in threads while the build
    loads the assessments; for :func:`prepare_content`."""

    heads: Heads
    charts: Charts


def read_ahead(root: Path, cache: BuildCache) -> Ahead:
    heads = cache.read_later("heads.json", HEADS)
    charts = cache.read_later("charts.json", _CHARTS, site_fingerprint(root, code_fingerprint()))
    return Ahead(heads, charts)


def prepare_content(
    root: Path,
    playbook: Playbook,
    portfolio: Portfolio,
    as_of: dt.date,
    cache: BuildCache | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    assemble: bool = False,
    ahead: Ahead | None = None,
) -> Prepared:
    """Every page and chart; a partner whose inputs did not change comes from the cache
    (including partners rendered by shards, see shards.py). Partners are rendered on
    ``workers`` processes (default: every core); with ``assemble``, a partner missing from the
    cache is an error instead. ``ahead``, from :func:`read_ahead`, saves reading the large
    entries here."""
    heads_read = ahead.heads if ahead else functools.partial(_read, cache, "heads.json", HEADS)
    own = heads_read() or {}
    saved, from_shards = shards.merged_heads(cache, own) if cache else (own, False)
    found = _partners(root, playbook, portfolio, as_of, cache, saved, progress, workers, assemble)
    if cache and (found.rendered or set(own) != set(found.keys) or from_shards):
        heads = {slug: (found.keys[slug], head) for slug, head in found.heads.items()}
        # while the common pages are made; only what changed when it is a few partners and
        # the entry was read whole (a damaged one is written again whole)
        cache.write_later("heads.json", HEADS, heads, since=None if from_shards else own or None)
        cache.forget_partners_except(set(found.keys))
    entries = [head.entry for head in found.heads.values()]
    common = _common_pages(
        root,
        playbook,
        entries,
        as_of,
        cache,
        found.fingerprint,
        found.keys,
        ahead.charts if ahead else None,
        lambda slug: found.heads[slug].events,
    )
    return replace(found, common=common)


def _read(cache: BuildCache | None, name: str, codec: Codec[T], key: str = "") -> T | None:
    return cache.read(name, codec, key) if cache else None


def prepare_shard(
    root: Path,
    playbook: Playbook,
    portfolio: Portfolio,
    as_of: dt.date,
    cache: BuildCache,
    shard: shards.Shard,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Prepared:
    """The pages of the partners in ``shard``, rendered into the cache (no common pages)."""
    saved, _ = shards.merged_heads(cache, cache.read("heads.json", HEADS) or {})
    mine = [record for record in portfolio.partners if shard.takes(record.slug)]
    return _partners(root, playbook, portfolio, as_of, cache, saved, progress, workers, only=mine)


def _partners(
    root: Path,
    playbook: Playbook,
    portfolio: Portfolio,
    as_of: dt.date,
    cache: BuildCache | None,
    saved: Mapping[str, tuple[str, PartnerHead]],
    progress: Progress | None,
    workers: int | None,
    assemble: bool = False,
    only: list[PartnerRecord] | None = None,
) -> Prepared:
    """The partners' heads (``only`` some of them), from ``saved`` when their key is unchanged,
    else rendered; the common pages are left empty."""
    fingerprint = site_fingerprint(root, code_fingerprint())
    partners = PartnerRenderer(root, playbook, portfolio, cache, as_of)
    limit = playbook.program.thresholds.stale_assessment_days
    keys = {
        r.slug: partner_key(
            fingerprint, r, notices(r.latest.date, r.latest.next_meeting, as_of, limit).key
        )
        for r in (portfolio.partners if only is None else only)
    }
    heads = {slug: hit[1] for slug, hit in saved.items() if keys.get(slug) == hit[0]}
    jobs = [(slug, key) for slug, key in keys.items() if slug not in heads]
    if assemble and jobs:
        missing = ", ".join(slug for slug, _ in jobs[:5]) + (", ..." if len(jobs) > 5 else "")
        raise UserError(
            f"--assemble: {len(jobs)} of {len(keys)} partners are not in "
            f"{cache.folder if cache else 'the cache'} for these inputs ({missing}); did every "
            "shard finish with the same code, content and --as-of, and were their caches "
            "copied into this one?"
        )
    advance = progress("Rendering partners", len(jobs)) if progress and jobs else None
    heads.update(
        zip([s for s, _ in jobs], partners.render_all(jobs, workers, advance), strict=True)
    )
    in_order = MappingProxyType({slug: heads[slug] for slug in keys})  # the portfolio's order
    return Prepared(fingerprint, SiteContent(), in_order, keys, partners, len(jobs))


def _common_pages(
    root: Path,
    playbook: Playbook,
    entries: list[PortfolioEntry],
    today: dt.date,
    cache: BuildCache | None,
    fingerprint: str,
    keys: Mapping[str, str],
    charts: Charts | None,
    events_of: Callable[[str], WrittenEvents],
) -> SiteContent:
    """The playbook's model pages and the portfolio (charts and table rows drawn only when
    their data moved; ``keys``, the partners' cache keys, say whose did)."""
    bytecode = cache.templates() if cache else None
    env = environment(root, bytecode=bytecode)
    html_env = environment(root, html_output=True, bytecode=bytecode)
    common = SiteContent(markdown=model_pages(playbook, env))
    # Charts are keyed by their inputs; the fingerprint (code, model) decides how they look.
    charts = charts or functools.partial(_read, cache, "charts.json", _CHARTS, fingerprint)
    saved = charts() or {}
    memo = ChartMemo(saved)
    overview = entry_pages(entries, playbook, html_env, today, memo, keys, events_of)
    if cache and set(memo.used) != set(memo.saved):
        cache.write_later("charts.json", _CHARTS, memo.used, fingerprint, since=memo.saved or None)
    common.html.update(overview.html)
    common.html["playbook/figures.md"] = figures_page(html_env)
    common.assets.update(overview.assets)
    common.drawn.update(overview.drawn)
    return common


@dataclass(frozen=True)
class Handover:
    """What the mkdocs plugin adds to a build. mkdocs renders the common pages; a partner's
    pages are registered with it (navigation, links, sitemap) but their bodies are read one
    partner at a time, when written (see mkdocs_plugin.py)."""

    content: SiteContent  # the playbook and portfolio pages
    heads: Mapping[str, PartnerHead]  # every partner's pages, without their bodies
    body: Callable[[str], PartnerBody]  # a partner's pages and files, by slug
    pdfs: Mapping[str, Path]  # site path: the PDF file to copy there
    unchanged: frozenset[str]  # outputs hard-linked from the previous site
    skeleton: bool = True  # fill one themed page per shape, instead of theming every page
    # Filled in by the build, for the next one (patch.py):
    written: dict[str, str] = field(default_factory=dict)  # site file: its hash
    frames: dict[str, Frame] = field(default_factory=dict)  # common HTML page: its frame
    skeletons: dict[Shape, Skeleton] = field(default_factory=dict)
    tocs: dict[str, str] = field(default_factory=dict)  # toc_key: the rendered toc
    search_base: list[str] = field(default_factory=list)  # the theme's search index


def handover(
    prepared: Prepared,
    pdfs: Mapping[str, tuple[str, Path]],
    unchanged: frozenset[str],
    skeleton: bool = True,
) -> Handover:
    files = MappingProxyType({path: file for path, (_, file) in pdfs.items()})
    return Handover(prepared.common, prepared.heads, prepared.body, files, unchanged, skeleton)


@dataclass(frozen=True)
class Settings:
    """What a build needs of mkdocs.yml before it knows whether mkdocs will run: where the site
    and the docs are, and how pages are addressed. ``config`` loads the whole configuration
    (mkdocs' plugins and theme: a tenth of a second) only when it is needed."""

    site_dir: str
    docs_dir: str
    use_directory_urls: bool
    site_url: str
    config: Callable[[], Any] = field(compare=False, repr=False)
    # What they were read from: the project's place and mkdocs.yml's bytes when the build
    # began ("" when unreadable), so that a file edited during the build is read again next.
    source: str = ""

    def record(self, root: Path) -> dict[str, Any]:
        """For the manifest: the next build takes these instead of loading mkdocs.yml, while
        the file and the project's place are the same."""
        values = {k: getattr(self, k) for k in ("site_dir", "docs_dir", "site_url")}
        return {**values, "use_directory_urls": self.use_directory_urls, "from": self.source}


def _source(root: Path, text: bytes) -> str:
    return content_hash(f"{root.resolve()}\0{text.decode('utf-8', 'replace')}")


def settings(root: Path, recorded: Any = None) -> Settings:
    """mkdocs.yml's settings: as ``recorded`` by the last build (Settings.record) when they
    still hold, else from mkdocs' own loading. A file that takes values from the environment
    (``!ENV``) or another file (``INHERIT``) is always loaded."""
    loaded = functools.cache(functools.partial(mkdocs_config, root))
    source = ""
    try:
        text = (root / "mkdocs.yml").read_bytes()
        source = _source(root, text)
        fresh = (
            isinstance(recorded, dict)
            and b"!ENV" not in text
            and b"INHERIT" not in text
            and recorded.get("from") == source
        )
        if fresh:
            return Settings(
                str(recorded["site_dir"]),
                str(recorded["docs_dir"]),
                bool(recorded["use_directory_urls"]),
                str(recorded["site_url"]),
                loaded,
                source,
            )
    except (OSError, KeyError, TypeError):
        pass
    config = loaded()
    return Settings(
        str(config.site_dir),
        str(config.docs_dir),
        bool(config.use_directory_urls),
        str(config.site_url or ""),
        loaded,
        source,
    )


def mkdocs_config(root: Path) -> Any:
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(str(root / "mkdocs.yml"))
    except ConfigurationError as exc:
        raise UserError(f"{root / 'mkdocs.yml'}: {exc}") from None


def guarded_site(root: Path, site: Path, docs: Path, cache: BuildCache | None) -> Path:
    """The site folder after the guard's checks, with the leftovers of killed builds swept.
    Checked before any long work; ``docs`` is mkdocs.yml's ``docs_dir``."""
    from .. import __file__ as package

    inputs = [docs, root / ASSESSMENTS_DIR, root / "mkdocs.yml", Path(package).parent]
    if cache:
        inputs.append(cache.folder)
    final = check_site_dir(site, root, inputs)
    sweep(final)
    if final.is_dir() and any(final.iterdir()):
        mark(final)  # adopt a site an older version built (checked by check_site_dir)
    return final
