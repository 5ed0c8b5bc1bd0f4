"""Which PDFs a build needs, which it can reuse, and rendering the rest.

A PDF is keyed by its partner's cache key (assessment files, code, templates, playbook model,
site configuration), its kind, the paper size and the WeasyPrint version. A rebuild renders only
PDFs whose key changed; the rest come from ``.playbook-cache/pdf/``, but only when the file still
has the content hash recorded when it was rendered (``pdf-index.json``): a truncated, replaced or
damaged PDF is rendered again, never published. Print documents are made only for the PDFs that
are rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter

from ..render.pages import pdf_path
from ..render.share import share_path
from .buildcache import BuildCache, content_hash
from .partners import Progress
from .pdf import PdfCache, PdfJob, render_all, weasyprint_version
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
) -> Exports:
    """Render the PDFs whose inputs or paper changed (on every core).

    ``progress(label, total)`` is called once with the number of PDFs to render and returns a
    callback advanced once per finished PDF. With ``render`` false, only PDFs already in the
    cache are used (a quick site-only build).
    """
    store = PdfCache(cache.folder / "pdf")
    index = cache.read(_INDEX_FILE, _INDEX) or {}
    files: dict[str, tuple[str, Path]] = {}
    missing: dict[str, list[tuple[str, Path]]] = {}
    for slug, partner in prepared.keys.items():
        for kind in KINDS:
            path, key = pdf_path(slug, kind), pdf_key(partner, kind, paper)
            target = store.path(key)
            if key in index and file_hash(target) == index[key]:
                files[path] = (key, target)
            elif render:
                files[path] = (key, target)
                missing.setdefault(slug, []).append((path, target))
            if kind == "plan" and path in files:  # the partner's bundle carries the plan
                files[share_path(slug, "pdf")] = files[path]
    if not render:
        return Exports(files, 0)
    jobs = [
        PdfJob(prints[path], target, paper)
        for slug, wanted in missing.items()
        for prints in [prepared.partners.prints(slug, prepared.keys[slug])]
        for path, target in wanted
    ]
    advance = progress("Rendering PDFs", len(jobs)) if progress and jobs else None
    render_all(jobs, workers, advance)
    kept = {key: index.get(key) or file_hash(target) for key, target in files.values()}
    for job in jobs:
        kept[job.target.stem] = file_hash(job.target)
    cache.write(_INDEX_FILE, _INDEX, {k: v for k, v in kept.items() if v is not None})
    store.keep_only(key for key, _ in files.values())
    return Exports(files, len(jobs))


_INDEX_FILE = "pdf-index.json"
_INDEX = TypeAdapter(dict[str, str])
