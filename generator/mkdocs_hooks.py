"""mkdocs hooks: validate, plan and add the generated pages, so plain `mkdocs build` works.

Thin adapter: loading, planning and page rendering are library functions tested without mkdocs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator.config import load_model
from generator.errors import ValidationFailed
from generator.loading import ASSESSMENTS_DIR, load_portfolio
from generator.pages import site_pages
from generator.planning import plan_assessment


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page; an invalid assessment stops the build with its diagnostics."""
    root = _root(config)
    try:
        model = load_model(root)
        portfolio = load_portfolio([root / ASSESSMENTS_DIR], model)
    except ValidationFailed as exc:
        raise PluginError(f"invalid input:\n{exc}") from None
    plans = [
        plan_assessment(p.slug, p.latest.assessment, model, p.history) for p in portfolio.partners
    ]
    for path, text in site_pages(plans, model, root, dt.date.today()).items():
        files.append(File.generated(config, path, content=text))
    return files


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild when an assessment, the model data or a template changes."""
    root = _root(config)
    server.watch(str(root / ASSESSMENTS_DIR))
    server.watch(str(root / "content" / "model"))
    server.watch(str(Path(__file__).parent / "templates"))
    return server
