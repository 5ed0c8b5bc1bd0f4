"""mkdocs hooks: validate, plan and add the generated pages, so plain `mkdocs build` works.

Thin adapter: loading, planning and page rendering are library functions tested without mkdocs.
Partner pages are HTML fragments: their Markdown source is only front matter, and the body is put
in place after mkdocs has converted that (empty) Markdown. Their search entries are written by
us, from the same data, instead of re-parsing each large page.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.errors import ValidationFailed
from generator.inputs.loading import ASSESSMENTS_DIR, load_portfolio
from generator.inputs.playbook import load_playbook
from generator.publish.buildcache import BuildCache
from generator.publish.site import Prepared, prepare_content, prepared_for
from generator.render.pages import HtmlPage, TocEntry, search_entry

_HTML_PAGES: dict[str, HtmlPage] = {}


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


def _prepare(root: Path) -> Prepared:
    """Plain `mkdocs build` or `mkdocs serve`: load, validate and generate here."""
    try:
        model = load_playbook(root)
        portfolio = load_portfolio([root / ASSESSMENTS_DIR], model)
    except ValidationFailed as exc:
        raise PluginError(f"invalid input:\n{exc}") from None
    cache = BuildCache.for_project(root)  # unchanged partners are not rendered again
    return prepare_content(root, model, portfolio, dt.date.today(), cache)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page; an invalid assessment stops the build with its diagnostics."""
    root = _root(config)
    prepared = prepared_for(root) or _prepare(root)
    content = prepared.content()
    _HTML_PAGES.clear()
    _HTML_PAGES.update(content.html)
    generated: list[tuple[str, str]] = list(content.markdown.items())
    generated += [(path, _front_matter(page)) for path, page in content.html.items()]
    generated += list(content.assets.items())
    for path, text in generated:
        file = _GeneratedFile.generated(config, path, content=text)
        assert isinstance(file, _GeneratedFile)
        file.modified = path not in prepared.unchanged
        files.append(file)
    for path, (_, pdf) in prepared.pdfs.items():  # rendered by `playbook build`
        file = _GeneratedFile.generated(config, path, abs_src_path=str(pdf))
        assert isinstance(file, _GeneratedFile)
        file.modified = path not in prepared.unchanged
        files.append(file)
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Keep the theme's compiled templates between builds (a fixed cost of every build)."""
    env.bytecode_cache = BuildCache.for_project(_root(config)).templates()
    return env


def _toc_tokens(entries: tuple[TocEntry, ...]) -> list[Any]:
    tokens: list[dict[str, Any]] = []
    for entry in entries:
        token = {"level": entry.level, "id": entry.id, "name": entry.name, "children": []}
        if entry.level > 2 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put a partner page's rendered HTML in place of its (empty) converted Markdown."""
    generated = _HTML_PAGES.get(page.file.src_uri)
    if generated is None:
        return html
    page.toc = get_toc(_toc_tokens(generated.toc))
    return generated.body


def on_post_build(config: MkDocsConfig) -> None:
    """Add the partner pages to the search index (they are excluded from its HTML parsing)."""
    index = Path(config.site_dir) / "search" / "search_index.json"
    if not index.is_file() or not _HTML_PAGES:
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    use_urls = config.use_directory_urls
    for path, page in sorted(_HTML_PAGES.items()):
        if not page.search_text:  # internal pages (coaching guides) stay out of search
            continue
        data["docs"].append(search_entry(_url(path, use_urls), page))
    index.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


def _url(path: str, use_directory_urls: bool) -> str:
    """The site URL of a page's source path, as mkdocs makes it."""
    stem = path.removesuffix(".md")
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild when an assessment, the model data or a template changes."""
    root = _root(config)
    server.watch(str(root / ASSESSMENTS_DIR))
    server.watch(str(root / "content" / "model"))
    server.watch(str(Path(__file__).parent / "render" / "templates"))
    return server
