"""PDF rendering with WeasyPrint: in parallel, written atomically, never fetching anything.

Each PDF is written to a temporary file and renamed into place, so a crash never leaves a
truncated PDF. Which PDFs a build needs, and which it can reuse, is decided in exports.py.
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import UserError
from .outdir import umask

Paper = Literal["a4", "letter"]
PAPER_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}


@functools.cache
def weasyprint_version() -> str:
    """The renderer's version (part of every PDF's key), without importing it: a build that
    renders no PDF never loads WeasyPrint."""
    return importlib.metadata.version("weasyprint")


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


@functools.cache
def _fonts() -> Any:
    """One font configuration per process, reused by every PDF it renders (fontconfig is set
    up once instead of once per document; the PDFs' bytes are the same)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(html: str, target: Path, paper: str = "a4") -> list[str]:
    """Write ``html`` as a PDF at ``target`` (atomically); return the URLs it tried to fetch."""
    from weasyprint import CSS, HTML

    if paper not in PAPER_SIZES:
        raise UserError(f"paper must be one of {', '.join(PAPER_SIZES)}, got {paper!r}")
    fetcher = _refusing_fetcher()
    fonts = _fonts()
    page = CSS(
        string=f"@page {{ size: {PAPER_SIZES[paper]}; }}", url_fetcher=fetcher, font_config=fonts
    )
    document = HTML(string=html, base_url="about:blank", url_fetcher=fetcher)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        os.fchmod(handle, 0o666 & ~umask())  # readable as any new file, not mkstemp's 0600
        with os.fdopen(handle, "wb") as out:
            document.write_pdf(out, stylesheets=[page], font_config=fonts)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    refused: list[str] = fetcher.refused
    return refused


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
