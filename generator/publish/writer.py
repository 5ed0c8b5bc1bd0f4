"""Writing the partner outputs mkdocs leaves to the plugin, on every core.

Each partner's pages are filled into the skeleton of their shape (skeleton.py); its bundle and
calendars are written as they are. Partners are read from the cache one at a time and written
by forked workers, which hash what they write, so the build never reads its own output back.
A file lent by the previous site (unchanged) is never written to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template
from mkdocs.structure.toc import get_toc

from ..render.pages import HtmlPage, TocEntry
from ..render.share import SHARE_DIR, without_pdf
from ..workers import in_parallel
from .frames import TOC_TEMPLATE, TocRenderer, toc_key, toc_tokens
from .partners import PartnerBody
from .reuse import data_hash, dest
from .skeleton import Shape, Skeleton, shape


def bundled(path: str, text: str, pdfs: Mapping[str, Path]) -> str:
    """A partner bundle's page says so when its PDF is not made yet."""
    if not path.startswith(f"{SHARE_DIR}/") or not path.endswith(".html") or not text:
        return text
    return text if path.removesuffix(".html") + ".pdf" in pdfs else without_pdf(text)


_DOWNLOAD = re.compile(r'<p class="pp-download"><!--pp-pdf:(plan|coaching)-->.*?</p>')
_MISSING = (
    '<p class="pp-download pp-missing">No PDF of this {what} yet: run '
    "<code>playbook build</code> to make one.</p>"
)


def without_missing_pdfs(body: str, src_uri: str, pdfs: Mapping[str, Path]) -> str:
    """Replace the download button of a partner page whose PDF is not in this build."""
    folder = src_uri.rsplit("/", 1)[0]
    slug = folder.rsplit("/", 1)[-1]

    def swap(match: re.Match[str]) -> str:
        kind = match.group(1)
        if f"{folder}/{slug}-{kind}.pdf" in pdfs:
            return match.group(0)
        return _MISSING.format(what="plan" if kind == "plan" else "guide")

    return _DOWNLOAD.sub(swap, body)


@dataclass
class _Frame:
    """A shape's skeleton, and the themed page and template context its toc renders in (none
    when the skeleton comes from the last build's record: its tables of contents do too)."""

    skeleton: Skeleton
    page: Any = None  # mkdocs Page
    context: Any = None  # mkdocs TemplateContext


def frame_of(skeleton: Skeleton) -> _Frame:
    """A shape's frame from a recorded skeleton (its tables of contents come recorded too)."""
    return _Frame(skeleton)


@dataclass
class PartnerWriter:
    """The skeletons of one build and what is needed to write each partner's outputs."""

    env: Environment | None  # the theme's (none when every toc is known: see patch.py)
    heads: Mapping[str, Mapping[str, Any]]  # slug: {output path: page or None}
    body: Callable[[str], PartnerBody]
    pdfs: Mapping[str, Path]
    unchanged: frozenset[str]
    fix_downloads: Callable[[str, str, Mapping[str, Path]], str]
    pages_too: bool  # write the partner pages (skeleton) or only their other files (themed)
    frames: dict[Shape, _Frame] = field(default_factory=dict)
    _toc: Template | None = None
    tocs: dict[str, str] = field(default_factory=dict)  # toc_key(headings): rendered toc
    render_toc: TocRenderer | None = None  # for recorded skeletons (no themed page here)
    _folders: set[Path] = field(default_factory=set)

    def toc(self, context: Any) -> str:
        """The theme's table of contents for ``context["page"]``, as its page includes it."""
        if self._toc is None:
            assert self.env is not None
            self._toc = self.env.from_string(TOC_TEMPLATE)
        return self._toc.render(context)

    def keep(self, form: Shape, output: str, page: Any, context: Any) -> None:
        """A marked page as mkdocs wrote it: the skeleton of its shape."""
        self.frames[form] = _Frame(Skeleton.cut(output, self.toc(context)), page, context)

    def toc_of(self, form: Shape, entries: tuple[TocEntry, ...]) -> str:
        """The rendered table of contents of a page of shape ``form`` with these headings."""
        key = toc_key(entries)
        toc = self.tocs.get(key)  # most partners' pages share their headings
        if toc is None:
            frame = self.frames[form]
            if frame.context is None:  # a recorded skeleton: rendered without a themed page
                assert self.render_toc is not None
                toc = self.tocs[key] = self.render_toc(entries)
                return toc
            frame.page.toc = get_toc(toc_tokens(entries))
            toc = self.tocs[key] = self.toc(frame.context)
        return toc

    def themed(self, path: str, page: HtmlPage, use_urls: bool) -> str:
        form = shape(dest(path, use_urls), page)
        body = self.fix_downloads(page.body, path, self.pdfs)
        return self.frames[form].skeleton.fill(page, body, self.toc_of(form, page.toc))

    def can_theme(self, path: str, page: HtmlPage, use_urls: bool) -> bool:
        """Whether ``themed`` has what it needs without a themed page: its shape's skeleton."""
        return shape(dest(path, use_urls), page) in self.frames

    def record_tocs(self, use_urls: bool) -> None:
        """Render the tables of contents of every partner page whose shape has a frame here
        (the workers rendered theirs in their own memory), for the next build's record."""
        for outputs in self.heads.values():
            for path, page in outputs.items():
                if page is None:
                    continue
                form = shape(dest(path, use_urls), page)
                if form in self.frames:
                    self.toc_of(form, page.toc)

    def write_partner(self, slug: str, site: Path, use_urls: bool) -> dict[str, str]:
        """Write a partner's outputs that are not lent by the previous site; their hashes."""
        outputs = self.heads[slug]
        todo = [p for p in outputs if p not in self.unchanged]
        if not self.pages_too:
            todo = [p for p in todo if outputs[p] is None]
        if not todo:
            return {}
        body, written = self.body(slug), {}
        for path in todo:
            page = body.html.get(path)
            if page is None:
                text = bundled(path, body.assets[path], self.pdfs)
            else:
                text = self.themed(path, page, use_urls)
            data = text.encode("utf-8", errors="xmlcharrefreplace")
            where = dest(path, use_urls)
            target = site / where
            if target.parent not in self._folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(target.parent)
            # Never a file lent by the previous site (those are unchanged, skipped above): a
            # new file, or a shape's marked page that mkdocs just wrote.
            target.write_bytes(data)
            written[where] = data_hash(data)
        return written

    def write_all(self, site: Path, use_urls: bool, workers: int | None = None) -> dict[str, str]:
        """Every partner's outputs, on every core; the hashes of what was written."""
        global _WRITING
        slugs = [s for s, outputs in self.heads.items() if not self.unchanged.issuperset(outputs)]
        _WRITING = (self, site, use_urls)
        written: dict[str, str] = {}
        try:
            if len(slugs) < _PARALLEL_FROM:
                workers = 1
            for found in in_parallel(_write_in_worker, slugs, workers, chunksize=16):
                written.update(found)
        finally:
            _WRITING = None
        return written


# The writer a forked worker writes with (set by the parent before the workers start).
_WRITING: tuple[PartnerWriter, Path, bool] | None = None
_PARALLEL_FROM = 48  # below this many partners, forking costs more than it saves


def _write_in_worker(slug: str) -> dict[str, str]:
    assert _WRITING is not None
    writer, site, use_urls = _WRITING
    return writer.write_partner(slug, site, use_urls)
