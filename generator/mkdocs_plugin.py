"""The mkdocs plugin (``plugins: [playbook]`` in mkdocs.yml): adds the generated pages.

A thin adapter. ``playbook build`` hands it the prepared pages (a :class:`Handover`); plain
``mkdocs build`` and ``mkdocs serve`` make it prepare them itself through the same library
build (generator/build.py). Partner pages are HTML fragments: their Markdown source is only
front matter, and the body is put in place after mkdocs has converted that (empty) Markdown.
Their search entries are written from the same data instead of re-parsing each large page.
State lives on the plugin instance and is reset for each build (mkdocs keeps the instance).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from .errors import UserError, ValidationFailed
from .publish.buildcache import BuildCache
from .publish.frames import cut_frame, toc_key, toc_tokens
from .publish.outdir import build_lock, mark, staging_folder, swap_in
from .publish.partners import PartnerBody
from .publish.patch import search_index
from .publish.reuse import dest
from .publish.site import Handover, guarded_site
from .publish.skeleton import Shape, marked, shape
from .publish.writer import PartnerWriter, bundled, without_missing_pdfs
from .render.pages import HtmlPage, searched


class _GeneratedFile(File):
    """A generated file that says whether it differs from the last build's output."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _front_matter(page: HtmlPage) -> str:
    hide = "hide:\n  - toc\n" if page.hide_toc else ""
    return f"---\ntitle: {json.dumps(page.title)}\n{hide}search:\n  exclude: true\n---\n"


class PlaybookPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Adds the portfolio, the partner pages, their charts and PDFs to an mkdocs build."""

    def __init__(self) -> None:
        self.handover: Handover | None = None  # set by `playbook build`, for one build
        self._dirty = False
        self._command = ""
        self._held = ExitStack()  # plain `mkdocs build`: the build lock
        self._swap: tuple[Path, Path] | None = None  # (staging, site) of a plain `mkdocs build`
        self._reset()

    def _reset(self) -> None:
        """Forget one build's state: mkdocs keeps a plugin that has ``on_startup`` for every
        build in the process (`mkdocs serve`, or `playbook build` run twice)."""
        self._pages: dict[str, HtmlPage] = {}  # partner pages, without bodies
        self._owner: dict[str, str] = {}  # partner page: its partner's slug
        self._common: dict[str, HtmlPage] = {}  # the portfolio's and playbook's HTML pages
        self._pdfs: Mapping[str, Path] = {}
        self._proxies: dict[str, Shape] = {}  # page themed with markers: its shape
        self._writer: PartnerWriter | None = None
        self._context: TemplateContext | None = None
        self._body: tuple[str, PartnerBody] | None = None  # the last partner read

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command, self._dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Plain `mkdocs build` gets what `playbook build` has: the guarded site folder, the
        build lock and an atomic swap (mkdocs alone empties the site first, and a failure
        leaves it half-written). `playbook build` does this itself; `mkdocs serve` builds into
        a temporary folder of its own."""
        if self.handover is not None or self._command != "build":
            return config
        root = _root(config)
        cache = BuildCache.for_project(root)
        try:
            self._held.enter_context(build_lock(cache.folder))
            site = guarded_site(root, Path(config.site_dir), Path(config.docs_dir), cache)
        except UserError as exc:
            self._held.close()
            raise PluginError(str(exc)) from None
        staging = staging_folder(site)
        self._swap = (staging, site)
        config.site_dir = str(staging)
        return config

    def _prepare(self, root: Path) -> Handover:
        """Plain `mkdocs build` or `mkdocs serve`: the library build, without rendering PDFs.
        Only a "dirty" mkdocs build leaves the partner pages to this plugin."""
        from .build import prepare_handover

        try:
            return prepare_handover(root, skeleton=self._dirty)
        except ValidationFailed as exc:
            raise PluginError(f"invalid input:\n{exc}") from None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add every generated page; an invalid assessment stops the build with its diagnostics.
        Partner pages are registered with front matter only; with a skeleton, mkdocs themes one
        page of each shape (with markers) and this plugin writes the rest in on_post_build."""
        self._reset()
        handover = self.handover = self.handover or self._prepare(_root(config))
        content, unchanged = handover.content, handover.unchanged
        self._common, self._pdfs = dict(content.html), handover.pdfs
        heads = handover.heads.values()
        self._pages = {p: page for head in heads for p, page in head.pages.items()}
        self._owner = {p: slug for slug, head in handover.heads.items() for p in head.pages}
        generated: list[tuple[str, str]] = list(content.markdown.items())
        generated += [(path, _front_matter(page)) for path, page in content.html.items()]
        generated += [
            (path, bundled(path, text, handover.pdfs)) for path, text in content.assets.items()
        ]
        made = [_GeneratedFile.generated(config, path, content=text) for path, text in generated]
        made += [
            _GeneratedFile.generated(config, path, abs_src_path=str(pdf))
            for path, pdf in handover.pdfs.items()
        ]
        for file in made:
            assert isinstance(file, _GeneratedFile)
            file.modified = file.src_uri not in unchanged
            files.append(file)
        use_urls, shapes = config.use_directory_urls, set()
        for path, page in sorted(self._pages.items()):
            modified = path not in unchanged
            if modified and handover.skeleton:
                form = shape(dest(path, use_urls), page)
                modified = form not in shapes  # the first page to write of each shape
                if modified:
                    shapes.add(form)
                    self._proxies[path] = form
                    page = marked(page)
            file = _GeneratedFile.generated(config, path, content=_front_matter(page))
            assert isinstance(file, _GeneratedFile)
            file.modified = modified
            files.append(file)
        return files

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Keep the theme's compiled templates between builds (a fixed cost of every build)."""
        env.bytecode_cache = BuildCache.for_project(_root(config)).templates()
        handover = self.handover
        assert handover is not None
        self._writer = PartnerWriter(
            env,
            {s: {p: h.pages.get(p) for p in h.digests} for s, h in handover.heads.items()},
            handover.body,
            handover.pdfs,
            handover.unchanged,
            without_missing_pdfs,
            handover.skeleton,
        )
        return env

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put a generated page's HTML in place of its (empty) converted Markdown; a download
        button whose PDF has not been made yet says so instead."""
        path = page.file.src_uri
        if path in self._proxies:
            stand_in = marked(self._pages[path])
            page.toc = get_toc(toc_tokens(stand_in.toc))
            return stand_in.body
        generated = self._common.get(path)
        if generated is None and path in self._pages:
            generated = self._partner(self._owner[path]).html[path]
        if generated is None:
            return html
        page.toc = get_toc(toc_tokens(generated.toc))
        return without_missing_pdfs(generated.body, path, self._pdfs)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Keep a marked page's template context, and a common page's: the tables of contents
        are rendered in it."""
        if page.file.src_uri in self._proxies or page.file.src_uri in self._common:
            self._context = context
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Keep a marked page, cut at its markers, as the skeleton of its shape; keep the frame
        around each generated common page for the next build (patch.py)."""
        path = page.file.src_uri
        form = self._proxies.get(path)
        if form is not None:
            assert self._writer is not None and self._context is not None
            self._writer.keep(form, output, page, self._context)
        generated = self._common.get(path)
        if generated is not None and self.handover is not None:
            assert self._writer is not None and self._context is not None
            toc = self._writer.toc(self._context)
            frame = cut_frame(output, page.content or "", toc, generated)
            if frame is not None:
                self.handover.frames[path] = frame
                self.handover.tocs[toc_key(generated.toc)] = toc
        return output

    def _partner(self, slug: str) -> PartnerBody:
        """A partner's pages and files, read once for all of its outputs."""
        if self._body is None or self._body[0] != slug:
            assert self.handover is not None
            self._body = (slug, self.handover.body(slug))
        return self._body[1]

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the partner outputs, add the partner pages to the search index (they are
        excluded from its HTML parsing); then, for plain `mkdocs build`, swap the finished
        site in."""
        assert self._writer is not None and self.handover is not None
        use_urls = config.use_directory_urls
        written = self._writer.write_all(Path(config.site_dir), use_urls)
        self.handover.written.update(written)
        self._writer.record_tocs(use_urls)
        self.handover.skeletons.update(
            {form: frame.skeleton for form, frame in self._writer.frames.items()}
        )
        self.handover.tocs.update(self._writer.tocs)
        self._index_generated_pages(config)
        if self._swap is not None:
            staging, site = self._swap
            self._swap = None
            mark(staging)
            old = swap_in(staging, site)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        self._finish()

    def _finish(self) -> None:
        self.handover = None
        self._reset()
        self._held.close()

    def on_build_error(self, *, error: Exception) -> None:
        """A failed plain `mkdocs build` leaves the previous site as it was."""
        if self._swap is not None:
            shutil.rmtree(self._swap[0], ignore_errors=True)
            self._swap = None
        self._finish()

    def on_shutdown(self) -> None:
        self._held.close()

    def _index_generated_pages(self, config: MkDocsConfig) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        pages = {**self._common, **self._pages}
        if not index.is_file() or not pages:
            return
        base = index.read_text(encoding="utf-8")
        assert self.handover is not None
        self.handover.search_base.append(base)
        text = search_index(base, searched(pages), config.use_directory_urls)
        index.write_text(text, encoding="utf-8")

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when an assessment, the model data or a template changes."""
        from .inputs.loading import ASSESSMENTS_DIR

        root = _root(config)
        server.watch(str(root / ASSESSMENTS_DIR))
        server.watch(str(root / "content" / "model"))
        server.watch(str(Path(__file__).parent / "render" / "templates"))
        return server
