"""Which PDFs a build needs, which it can reuse, and rendering the rest.

A PDF is keyed by its partner's cache key (assessment files, code, templates, playbook model,
site configuration), its kind, the paper size and the WeasyPrint version. A rebuild renders only
PDFs whose key changed; the rest come from ``.playbook-cache/pdf/``, but only when the file still
has the content hash recorded when it was rendered (``pdf-index.json``): a truncated, replaced or
damaged PDF is rendered again, never published. Print documents are made only for the PDFs that
are rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter

from ..errors import UserError
from ..render.pages import pdf_path
from ..render.share import share_path
from ..workers import in_parallel
from . import shards
from .buildcache import BuildCache, content_hash
from .partners import Progress
from .pdf import PdfCache, render_pdf, weasyprint_version
from .reuse import file_hash
from .site import Prepared

KINDS = ("plan", "coaching")


def pdf_key(partner: str, kind: str, paper: str) -> str:
    """What decides a PDF's bytes: its partner's inputs, its kind, the paper and the renderer."""
    return content_hash(f"{partner}\0{kind}\0{paper}\0{weasyprint_version()}")


@dataclass(frozen=True)
class Exports:
    files: dict[str, tuple[str, Path]]  # site path: (key, cached PDF); bundles share a PDF
    rendered: int  # PDFs rendered in this run
    hashes: dict[str, str]  # each PDF's content hash, by key

    @property
    def documents(self) -> int:
        """Distinct PDFs (a partner's bundle carries a copy of its plan's)."""
        return len({key for key, _ in self.files.values()})


def prepare_pdfs(
    prepared: Prepared,
    cache: BuildCache,
    paper: str = "a4",
    workers: int | None = None,
    progress: Progress | None = None,
    render: bool = True,
    assemble: bool = False,
    shard: bool = False,
) -> Exports:
    """Render the PDFs whose inputs or paper changed (on every core).

    ``progress(label, total)`` is called once with the number of PDFs to render and returns a
    callback advanced once per finished PDF. With ``render`` false, only PDFs already in the
    cache are used (a quick site-only build); with ``assemble``, a PDF missing from the cache
    is an error. A ``shard`` leaves the cache's index to the assembling build (its PDFs'
    hashes are in the returned exports); otherwise the index is updated and unused PDFs go.
    """
    store = PdfCache(cache.folder / "pdf")
    own = cache.read(_INDEX_FILE, _INDEX) or {}
    index, from_shards = shards.merged_pdfs(cache, own)
    files, missing = _needed(prepared.keys, store, index, paper, render)
    if assemble and missing:
        raise UserError(_not_in_cache(missing, cache, paper))
    jobs = [
        _Job(slug, prepared.keys[slug], path, target, paper)
        for slug, wanted in missing.items()
        for path, target in wanted
    ]
    advance = progress("Rendering PDFs", len(jobs)) if progress and jobs else None
    render_all(prepared, jobs, workers, advance)
    kept = {key: index.get(key) or file_hash(target) for key, target in files.values()}
    for job in jobs:
        kept[job.target.stem] = file_hash(job.target)
    hashes = {k: v for k, v in kept.items() if v is not None}
    if not shard and render:
        cache.write(_INDEX_FILE, _INDEX, hashes)
        store.keep_only(key for key, _ in files.values())
    elif not shard and from_shards:  # a site-only build keeps the shards' PDFs for later
        cache.write(_INDEX_FILE, _INDEX, index)
    return Exports(files, len(jobs), hashes)


def _needed(
    keys: Mapping[str, str], store: PdfCache, index: dict[str, str], paper: str, render: bool
) -> tuple[dict[str, tuple[str, Path]], dict[str, list[tuple[str, Path]]]]:
    """The PDFs of the site (site path: key and file) and, by partner, those to render: the
    cached ones are used when their file still has the hash recorded when it was rendered."""
    files: dict[str, tuple[str, Path]] = {}
    missing: dict[str, list[tuple[str, Path]]] = {}
    if not render and not index:  # a site-only build with no PDF made yet: none to look for
        return files, missing
    for slug, partner in keys.items():
        for kind in KINDS:
            path, key = pdf_path(slug, kind), pdf_key(partner, kind, paper)
            if key in index and file_hash(target := store.path(key)) == index[key]:
                files[path] = (key, target)
            elif render:
                target = store.path(key)
                files[path] = (key, target)
                missing.setdefault(slug, []).append((path, target))
            if kind == "plan" and path in files:  # the partner's bundle carries the plan
                files[share_path(slug, "pdf")] = files[path]
    return files, missing


def _not_in_cache(missing: dict[str, list[tuple[str, Path]]], cache: BuildCache, paper: str) -> str:
    count = sum(len(wanted) for wanted in missing.values())
    slugs = list(missing)
    named = ", ".join(slugs[:5]) + (", ..." if len(slugs) > 5 else "")
    return (
        f"--assemble: {count} PDFs ({paper}) are not in {cache.folder} ({named}); did every "
        "shard render its PDFs on the same paper, and were their caches copied into this one?"
    )


@dataclass(frozen=True)
class _Job:
    slug: str
    key: str  # the partner's cache key
    path: str  # the PDF's site path
    target: Path
    paper: str


# What a forked worker renders from (set by the parent before the workers start), and the
# print documents of the partner it rendered last (a partner's PDFs are queued together).
_PREPARED: Prepared | None = None
_LAST: tuple[str, dict[str, str]] = ("", {})


def _render(job: _Job) -> None:
    global _LAST
    assert _PREPARED is not None
    if _LAST[0] != job.slug:
        _LAST = (job.slug, _PREPARED.partners.prints(job.slug, job.key))
    render_pdf(_LAST[1][job.path], job.target, job.paper)


def render_all(
    prepared: Prepared,
    jobs: list[_Job],
    workers: int | None = None,
    advance: Callable[[int], None] | None = None,
) -> None:
    """Render every job on every core; each worker makes the print documents it renders, so
    the build never holds every partner's print documents at once."""
    global _PREPARED, _LAST
    _PREPARED = prepared
    try:
        for _ in in_parallel(_render, jobs, workers, advance, chunksize=2):
            pass
    finally:
        _PREPARED, _LAST = None, ("", {})


_INDEX_FILE = "pdf-index.json"
_INDEX = TypeAdapter(dict[str, str])
