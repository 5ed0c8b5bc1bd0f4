"""Build the mkdocs site atomically: into a temporary sibling, swapped in only on success."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .errors import UserError


def build_site(root: Path, site_dir: Path | None = None) -> Path:
    """Run mkdocs for ``root/mkdocs.yml``; the previous site stays untouched unless all succeeds."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    final = (site_dir or root / "site").resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging))
        build(config)
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(f"site build failed: {exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, final)
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
