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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .buildcache import BuildCache, code_fingerprint, content_hash, partner_key, site_fingerprint
from .coaching import CoachingLibrary
from .config import PlaybookModel
from .errors import UserError
from .loading import Portfolio
from .pages import HtmlPage, SiteContent, environment, model_pages, partner_content
from .planning import plan_assessment
from .portfolio import PortfolioEntry, entry_pages, portfolio_entry

PARTNERS = "partners/"


@dataclass(frozen=True)
class PartnerBundle:
    """One partner's generated output, as cached between builds."""

    html: dict[str, HtmlPage]
    assets: dict[str, str]
    entry: PortfolioEntry


@dataclass
class Prepared:
    """Generated content handed from `playbook build` to the mkdocs hook."""

    content: SiteContent
    fingerprint: str
    rendered: int = 0  # partners rendered in this run (the rest came from the cache)
    unchanged: frozenset[str] = field(default_factory=frozenset)  # outputs reused as they are


_PREPARED: dict[Path, Prepared] = {}


def prepared_for(root: Path) -> Prepared | None:
    """The content `playbook build` prepared for this project, if a build is running."""
    return _PREPARED.get(root.resolve())


def prepare_content(
    root: Path,
    model: PlaybookModel,
    library: CoachingLibrary,
    portfolio: Portfolio,
    today: dt.date,
    cache: BuildCache | None = None,
) -> Prepared:
    """Every page and chart; a partner whose inputs did not change comes from the cache."""
    fingerprint = site_fingerprint(root, code_fingerprint())
    env, html_env = environment(root), environment(root, html_output=True)
    content = SiteContent(markdown=model_pages(model, env))
    entries: list[PortfolioEntry] = []
    rendered = 0
    for record in portfolio.partners:
        key = partner_key(fingerprint, record)
        bundle = cache.partner(record.slug, key) if cache else None
        if not isinstance(bundle, PartnerBundle):
            plan = plan_assessment(record.slug, record.latest.assessment, model, record.history)
            part = partner_content(plan, model, library, html_env)
            bundle = PartnerBundle(part.html, part.assets, portfolio_entry(plan))
            rendered += 1
            if cache:
                cache.store_partner(record.slug, key, bundle)
        content.html.update(bundle.html)
        content.assets.update(bundle.assets)
        entries.append(bundle.entry)
    overview = entry_pages(entries, model, html_env, today)
    content.html.update(overview.html)
    content.assets.update(overview.assets)
    if cache:
        cache.forget_partners_except({record.slug for record in portfolio.partners})
    return Prepared(content, fingerprint, rendered)


def _outputs(content: SiteContent) -> dict[str, str]:
    """Hashes of the partner outputs: what decides whether last build's file can be reused."""
    out = {path: content_hash(page.title + "\0" + page.body) for path, page in content.html.items()}
    out.update({path: content_hash(svg) for path, svg in content.assets.items()})
    return {path: digest for path, digest in out.items() if path.startswith(PARTNERS)}


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
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))
    outputs = _outputs(prepared.content)
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
    if cache:
        cache.store_manifest({})  # the site is about to change: no half-true manifest
    _swap(staging, final)
    if cache:
        cache.store_manifest(
            {"fingerprint": prepared.fingerprint, "site": str(final), "outputs": outputs}
        )
    return final


def _swap(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging`` with two renames; the old site is removed afterwards."""
    old: Path | None = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
        old.rmdir()
        final.rename(old)
    staging.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
