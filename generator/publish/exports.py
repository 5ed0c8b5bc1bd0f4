"""Which PDFs a build needs, which it can reuse, and rendering the rest.

A PDF is keyed by its partner's cache key (assessment files, code, templates, playbook model,
site configuration), its kind, the paper size and the WeasyPrint version. A rebuild renders only
PDFs whose key changed; the rest come from ``.playbook-cache/pdf/``. Print documents are made
only for the PDFs that are rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..render.pages import pdf_path
from .buildcache import BuildCache, content_hash
from .pdf import PdfCache, PdfJob, render_all, weasyprint_version
from .site import Prepared

KINDS = ("plan", "coaching")
Progress = Callable[[int, int], Callable[[int], None]]


def pdf_key(partner: str, kind: str, paper: str) -> str:
    """What decides a PDF's bytes: its partner's inputs, its kind, the paper and the renderer."""
    return content_hash(f"{partner}\0{kind}\0{paper}\0{weasyprint_version()}")


@dataclass(frozen=True)
class Exports:
    files: dict[str, tuple[str, Path]]  # site path: (key, cached PDF)
    rendered: int  # PDFs rendered in this run


def prepare_pdfs(
    prepared: Prepared,
    cache: BuildCache,
    paper: str = "a4",
    workers: int | None = None,
    progress: Progress | None = None,
    render: bool = True,
) -> Exports:
    """Render the PDFs whose inputs or paper changed (on every core).

    ``progress(total, done)`` is called once with the number of PDFs to render and returns a
    callback advanced once per finished PDF. With ``render`` false, only PDFs already in the
    cache are used (a quick site-only build).
    """
    store = PdfCache(cache.folder / "pdf")
    files: dict[str, tuple[str, Path]] = {}
    missing: dict[str, list[tuple[str, Path]]] = {}
    for slug, partner in prepared.keys.items():
        for kind in KINDS:
            path, key = pdf_path(slug, kind), pdf_key(partner, kind, paper)
            target = store.path(key)
            if target.is_file():
                files[path] = (key, target)
            elif render:
                files[path] = (key, target)
                missing.setdefault(slug, []).append((path, target))
    if not render:
        return Exports(files, 0)
    jobs = [
        PdfJob(prints[path], target, paper)
        for slug, wanted in missing.items()
        for prints in [prepared.partners.prints(slug, prepared.keys[slug])]
        for path, target in wanted
    ]
    advance = progress(len(jobs), 0) if progress and jobs else None
    render_all(jobs, workers, advance)
    store.keep_only(key for key, _ in files.values())
    return Exports(files, len(jobs))
