"""The site stage: generate every page (reusing cached partners), then build atomically.

The build goes into a temporary sibling folder and replaces the site only when mkdocs finished;
a failure leaves the previous site byte-identical and removes the temporary folder. When only
assessments changed since the last build, partners whose output is unchanged are hard-linked
from the previous site and mkdocs renders only the rest (its "dirty" mode); the previous site's
files are never written to, so the swap stays atomic.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..engine.planning import plan_assessment
from ..errors import UserError
from ..inputs.loading import Portfolio
from ..inputs.playbook import Playbook
from ..render.pages import HtmlPage, SiteContent, environment, model_pages, partner_content
from ..render.portfolio import ChartMemo, PortfolioEntry, entry_pages, portfolio_entry
from .buildcache import BuildCache, code_fingerprint, content_hash, partner_key, site_fingerprint
from .pdf import PdfCache, PdfJob, pdf_key, render_all


@dataclass(frozen=True)
class PartnerHead:
    """What every build needs of a partner: its portfolio entry, page titles, output hashes."""

    entry: PortfolioEntry
    pages: dict[str, HtmlPage]  # without their bodies
    digests: dict[str, str]  # every output path: hash of its content
    prints: dict[str, str]  # every PDF path: hash of its print document


@dataclass(frozen=True)
class PartnerBody:
    """A partner's rendered pages and charts, needed only when they must be written."""

    html: dict[str, HtmlPage]
    assets: dict[str, str]
    prints: dict[str, str]  # PDF path: print HTML document


def _head(body: PartnerBody, entry: PortfolioEntry) -> PartnerHead:
    digests = {p: content_hash(page.title + "\0" + page.body) for p, page in body.html.items()}
    digests.update({path: content_hash(svg) for path, svg in body.assets.items()})
    bare = {path: replace(page, body="", toc=()) for path, page in body.html.items()}
    prints = {path: content_hash(html) for path, html in body.prints.items()}
    return PartnerHead(entry, bare, digests, prints)


@dataclass
class Prepared:
    """Generated content handed from `playbook build` to the mkdocs hook."""

    fingerprint: str
    common: SiteContent  # playbook and portfolio pages: rebuilt every time
    heads: dict[str, PartnerHead]
    body: Callable[[str], PartnerBody]  # a partner's pages, rendered or from the cache
    rendered: int = 0  # partners rendered in this run (the rest came from the cache)
    unchanged: frozenset[str] = field(default_factory=frozenset)  # outputs reused as they are
    pdfs: dict[str, tuple[str, Path]] = field(default_factory=dict)  # site path: (key, file)
    _content: SiteContent | None = None

    def outputs(self) -> dict[str, str]:
        """Hashes of the partner outputs: what decides whether a previous file can be reused."""
        out = {
            path: digest for head in self.heads.values() for path, digest in head.digests.items()
        }
        out.update({path: key for path, (key, _) in self.pdfs.items()})
        return out

    def content(self) -> SiteContent:
        """Everything mkdocs gets; an unchanged partner's outputs are not even loaded."""
        if self._content is None:
            content = SiteContent(
                dict(self.common.markdown), dict(self.common.html), dict(self.common.assets)
            )
            for slug, head in self.heads.items():
                if self.unchanged.issuperset(head.digests):
                    content.html.update(head.pages)
                    content.assets.update({p: "" for p in head.digests if p not in head.pages})
                else:
                    body = self.body(slug)
                    content.html.update(body.html)
                    content.assets.update(body.assets)
            self._content = content
        return self._content


_PREPARED: dict[Path, Prepared] = {}


def prepared_for(root: Path) -> Prepared | None:
    """The content `playbook build` prepared for this project, if a build is running."""
    return _PREPARED.get(root.resolve())


def prepare_content(
    root: Path,
    model: Playbook,
    portfolio: Portfolio,
    today: dt.date,
    cache: BuildCache | None = None,
) -> Prepared:
    """Every page and chart; a partner whose inputs did not change comes from the cache."""
    fingerprint = site_fingerprint(root, code_fingerprint())
    bytecode = cache.templates() if cache else None
    env = environment(root, bytecode=bytecode)
    html_env = environment(root, html_output=True, bytecode=bytecode)
    records = {record.slug: record for record in portfolio.partners}
    keys = {slug: partner_key(fingerprint, record) for slug, record in records.items()}
    saved = cache.heads() if cache else {}
    heads: dict[str, PartnerHead] = {}
    bodies: dict[str, PartnerBody] = {}

    def render(slug: str) -> PartnerBody:
        record = records[slug]
        plan = plan_assessment(slug, record.latest.assessment, model, record.history)
        part = partner_content(plan, model, html_env)
        body = bodies[slug] = PartnerBody(part.html, part.assets, part.prints)
        heads[slug] = _head(body, portfolio_entry(plan))
        if cache:
            cache.store_body(slug, keys[slug], body)
        return body

    def body(slug: str) -> PartnerBody:
        found = bodies.get(slug) or (cache.body(slug, keys[slug]) if cache else None)
        return found if isinstance(found, PartnerBody) else render(slug)

    for slug, key in keys.items():
        hit = saved.get(slug)
        if hit is not None and hit[0] == key and isinstance(hit[1], PartnerHead):
            heads[slug] = hit[1]
        else:
            render(slug)
    rendered = len(bodies)
    common = SiteContent(markdown=model_pages(model, env))
    memo = ChartMemo(cache.charts() if cache else None)
    overview = entry_pages([heads[slug].entry for slug in keys], model, html_env, today, memo)
    if cache and set(memo.used) != set(memo.saved):
        cache.store_charts(memo.used)
    common.html.update(overview.html)
    common.assets.update(overview.assets)
    if cache and (rendered or set(saved) != set(keys)):
        cache.store_heads({slug: (keys[slug], heads[slug]) for slug in keys})
        cache.forget_partners_except(set(keys))
    return Prepared(fingerprint, common, heads, body, rendered)


def prepare_pdfs(
    prepared: Prepared,
    cache: BuildCache,
    paper: str = "a4",
    workers: int | None = None,
    progress: Callable[[int, int], Callable[[int], None]] | None = None,
    render: bool = True,
) -> int:
    """Render the PDFs whose print document or paper changed (on every core); return how many.

    ``progress(total, done)`` is called once with the number of PDFs to render and returns a
    callback advanced once per finished PDF. With ``render`` false, only PDFs already in the
    cache are used (a quick site-only build).
    """
    store = PdfCache(cache.folder / "pdf")
    jobs: list[PdfJob] = []
    for slug, head in prepared.heads.items():
        for path, digest in head.prints.items():
            key = pdf_key(digest, paper)
            target = store.path(key)
            if target.is_file():
                prepared.pdfs[path] = (key, target)
            elif render:
                prepared.pdfs[path] = (key, target)
                jobs.append(PdfJob(prepared.body(slug).prints[path], target, paper))
    if not render:
        return 0
    advance = progress(len(jobs), 0) if progress and jobs else None
    render_all(jobs, workers, advance)
    store.keep_only(key for key, _ in prepared.pdfs.values())
    return len(jobs)


def _dest(path: str, use_directory_urls: bool) -> str:
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem.endswith("index") or not use_directory_urls:
        return stem + ".html"
    return stem + "/index.html"


def _seed(staging: Path, final: Path, reuse: set[str], use_urls: bool) -> frozenset[str]:
    """Hard-link reusable outputs from the previous site; copy its theme assets (mkdocs may
    rewrite those, and must never write through a link into the previous site)."""
    linked = set()
    for path in sorted(reuse):
        source, target = final / _dest(path, use_urls), staging / _dest(path, use_urls)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, target)
        except OSError:
            continue
        linked.add(path)
    if (final / "assets").is_dir():
        shutil.copytree(final / "assets", staging / "assets", copy_function=shutil.copy2)
    return frozenset(linked)


@contextmanager
def _handing_over(root: Path, prepared: Prepared, messages: list[str]) -> Iterator[None]:
    """Give the hook the prepared content; collect mkdocs' warnings to show the user."""
    handler = _Collect(messages)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    # Our dirty builds re-render every page whose output can change (only unchanged partner
    # pages are skipped), so mkdocs' generic warning about them does not apply.
    builder = logging.getLogger("mkdocs.commands.build")
    builder.addFilter(_quiet_dirty)
    _PREPARED[root.resolve()] = prepared
    try:
        yield
    finally:
        _PREPARED.pop(root.resolve(), None)
        logger.removeHandler(handler)
        builder.removeFilter(_quiet_dirty)


def _quiet_dirty(record: logging.LogRecord) -> bool:
    return "'dirty' build" not in record.getMessage()


class _Collect(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if "MkDocs 2.0" not in text and "NO_MKDOCS_2_WARNING" not in text:
            self.messages.append(text)


def build_site(
    root: Path, prepared: Prepared, site_dir: Path | None = None, cache: BuildCache | None = None
) -> Path:
    """Run mkdocs for ``root/mkdocs.yml``; the previous site stays untouched unless all succeeds."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    final = (site_dir or root / "site").resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    discard = cache.folder / "discard" if cache else None
    cleaner = _clear(discard) if discard is not None and discard.exists() else None
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))
    outputs = prepared.outputs()
    messages: list[str] = []
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging))
        manifest = cache.manifest() if cache else {}
        incremental = (
            manifest.get("fingerprint") == prepared.fingerprint
            and manifest.get("site") == str(final)
            and final.is_dir()
        )
        if incremental:
            previous = manifest.get("outputs", {})
            reuse = {path for path, digest in outputs.items() if previous.get(path) == digest}
            prepared.unchanged = _seed(staging, final, reuse, config.use_directory_urls)
        with _handing_over(root, prepared, messages):
            build(config, dirty=incremental)
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        details = "".join(f"\n  {message}" for message in messages)
        raise UserError(f"site build failed: {exc}{details}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if cleaner is not None:
            cleaner.join()
    if cache:
        cache.store_manifest({})  # the site is about to change: no half-true manifest
    _swap(staging, final, discard)
    if cache:
        cache.store_manifest(
            {"fingerprint": prepared.fingerprint, "site": str(final), "outputs": outputs}
        )
    return final


def _swap(staging: Path, final: Path, discard: Path | None) -> None:
    """Replace ``final`` by ``staging`` with two renames. The old site is deleted now, or moved
    into ``discard`` (in the build cache) for the next build to delete while it works."""
    old: Path | None = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
        old.rmdir()
        final.rename(old)
    staging.rename(final)
    if old is None:
        return
    if discard is not None:
        try:
            discard.mkdir(parents=True, exist_ok=True)
            old.rename(discard / old.name)
            return
        except OSError:  # another file system: delete it here
            pass
    shutil.rmtree(old, ignore_errors=True)


def _clear(discard: Path) -> threading.Thread:
    """Delete earlier builds' old sites in the background: it is file-system work that
    overlaps with this build's computing."""
    worker = threading.Thread(target=shutil.rmtree, args=(discard,), kwargs={"ignore_errors": True})
    worker.start()
    return worker
