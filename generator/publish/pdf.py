"""PDF rendering with WeasyPrint: in parallel, written atomically, never fetching anything.

Each PDF is written to a temporary file and renamed into place, so a crash never leaves a
truncated PDF. Which PDFs a build needs, and which it can reuse, is decided in exports.py.
"""

from __future__ import annotations

import ctypes
import os
import signal
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import UserError
from .outdir import umask

Paper = Literal["a4", "letter"]
PAPER_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}


def weasyprint_version() -> str:
    import weasyprint

    return str(weasyprint.__version__)


def _refusing_fetcher() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing: print documents carry their styles and
    charts inline, so any URL (a file:// attachment, a remote image) can only come from a
    payload. It records what was refused."""
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=())
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.refused.append(url)
            raise ValueError(f"fetching {url!r} is not allowed in a print document")

    return RefusingFetcher()


def render_pdf(html: str, target: Path, paper: str = "a4") -> list[str]:
    """Write ``html`` as a PDF at ``target`` (atomically); return the URLs it tried to fetch."""
    from weasyprint import CSS, HTML

    if paper not in PAPER_SIZES:
        raise UserError(f"paper must be one of {', '.join(PAPER_SIZES)}, got {paper!r}")
    fetcher = _refusing_fetcher()
    page = CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }}", url_fetcher=fetcher)
    document = HTML(string=html, base_url="about:blank", url_fetcher=fetcher)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        os.fchmod(handle, 0o666 & ~umask())  # readable as any new file, not mkstemp's 0600
        with os.fdopen(handle, "wb") as out:
            document.write_pdf(out, stylesheets=[page])
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    refused: list[str] = fetcher.refused
    return refused


@dataclass(frozen=True)
class PdfJob:
    html: str
    target: Path
    paper: str


def _run(job: PdfJob) -> Path:
    render_pdf(job.html, job.target, job.paper)
    return job.target


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """In each worker: end when the build process ends, however it ends (even ``kill -9``), so
    no worker lives on holding the output pipe open. Linux only; elsewhere a no-op."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def render_all(
    jobs: list[PdfJob], workers: int | None = None, progress: Callable[[int], None] | None = None
) -> None:
    """Render every job, on every core when there is more than one job."""
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        for job in jobs:
            _run(job)
            if progress:
                progress(1)
        return
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_die_with_parent, initargs=(os.getpid(),)
    )
    try:
        for _ in pool.map(_run, jobs, chunksize=1):
            if progress:
                progress(1)
    except BaseException:  # Ctrl-C, SIGTERM or a failed PDF: stop every worker now
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


@dataclass
class PdfCache:
    """Finished PDFs by key, in the build cache; unused ones are removed after a build."""

    folder: Path

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def keep_only(self, keys: Iterable[str]) -> None:
        wanted = {f"{key}.pdf" for key in keys}
        if self.folder.is_dir():
            for item in self.folder.iterdir():
                if item.name not in wanted:
                    item.unlink(missing_ok=True)
