"""The library build: one place that loads, validates, plans and publishes.

``playbook build`` calls :func:`build`; the mkdocs plugin calls :func:`prepare_handover` when run
by plain ``mkdocs build`` or ``mkdocs serve``; ``playbook plan`` and ``playbook pdf`` call
:func:`load` and :func:`plan_partner`. Everything is loaded, validated and computed before
anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .engine.planning import PartnerPlan, Planner
from .errors import UserError
from .inputs.loading import ASSESSMENTS_DIR, AssessmentStore, Portfolio, load_portfolio
from .inputs.playbook import Playbook, load_playbook
from .publish.buildcache import BuildCache, code_fingerprint
from .publish.exports import Progress, prepare_pdfs
from .publish.outdir import build_lock, check_export_dir, write_text
from .publish.pdf import render_pdf
from .publish.site import (
    Handover,
    Prepared,
    build_site,
    guarded_site,
    handover,
    mkdocs_config,
    prepare_content,
)
from .render.pages import environment, partner_content, pdf_path, print_documents
from .render.share import share_path


@dataclass(frozen=True)
class Loaded:
    """The playbook model and every partner's valid assessments."""

    playbook: Playbook
    portfolio: Portfolio


def load(root: Path, paths: Sequence[Path] = (), store: AssessmentStore | None = None) -> Loaded:
    """Load and validate the playbook model and the assessments (default: all of them)."""
    playbook = load_playbook(root)
    portfolio = load_portfolio(list(paths) or [root / ASSESSMENTS_DIR], playbook, store)
    return Loaded(playbook, portfolio)


def plan_partner(loaded: Loaded, slug: str, as_of: dt.date | None = None) -> PartnerPlan:
    """One partner's plan as of a date (default today: it decides the staleness notices); a
    UserError naming the known partners when there is no such one."""
    record = loaded.portfolio.partner(slug)
    if record is None:
        known = ", ".join(p.slug for p in loaded.portfolio.partners) or "none"
        raise UserError(f"no partner {slug!r} under {ASSESSMENTS_DIR}/ (known: {known})")
    portfolio = loaded.portfolio
    planner = Planner(loaded.playbook, as_of)
    return planner.plan(slug, portfolio.latest(record), portfolio.history(record))


def prepare(
    root: Path,
    as_of: dt.date,
    cache: BuildCache,
    on_loaded: Callable[[Portfolio], None] | None = None,
) -> tuple[Loaded, Prepared]:
    """Load with the cache's record of valid files, then plan and render every page.
    ``on_loaded`` sees the portfolio (and its warnings) before the long work."""
    code = code_fingerprint()
    loaded = load(root, store=cache.assessments(code))
    if on_loaded:
        on_loaded(loaded.portfolio)
    prepared = prepare_content(root, loaded.playbook, loaded.portfolio, as_of, cache)
    cache.keep_assessments(code, loaded.portfolio)
    return loaded, prepared


def prepare_handover(root: Path, as_of: dt.date | None = None) -> Handover:
    """What plain mkdocs adds to its build: every page, and the PDFs made last."""
    cache = BuildCache.for_project(root)
    _, prepared = prepare(root, as_of or dt.date.today(), cache)
    exports = prepare_pdfs(prepared, cache, render=False)
    return handover(prepared, exports.files, frozenset())


def share_bundle(
    loaded: Loaded,
    root: Path,
    slug: str,
    folder: Path,
    paper: str = "a4",
    as_of: dt.date | None = None,
) -> tuple[Path, Path]:
    """Write a partner's bundle into ``folder``: the plan as one self-contained HTML page and
    its PDF, ``<slug>-plan.html`` and ``<slug>-plan.pdf``."""
    plan = plan_partner(loaded, slug, as_of)
    inputs = [root / "content", root / ASSESSMENTS_DIR, BuildCache.for_project(root).folder]
    target = check_export_dir(folder, inputs)
    target.mkdir(parents=True, exist_ok=True)
    env = environment(root, html_output=True)
    content = partner_content(plan, loaded.playbook, env)
    page, pdf = target / f"{slug}-plan.html", target / f"{slug}-plan.pdf"
    prints = print_documents(plan, loaded.playbook, env, content.html)
    render_pdf(prints[pdf_path(slug, "plan")], pdf, paper)
    write_text(page, content.assets[share_path(slug, "html")])
    return page, pdf


@dataclass(frozen=True)
class BuildReport:
    site: Path
    partners: int
    rendered: int  # partners rendered (the rest came from the cache)
    pdfs: int  # PDFs in the site
    pdfs_rendered: int


def build(
    root: Path,
    *,
    site_dir: Path | None = None,
    paper: str = "a4",
    pdf: bool = True,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    on_loaded: Callable[[Portfolio], None] | None = None,
) -> BuildReport:
    """Validate everything, compute every plan, render the PDFs, then build the site
    atomically. ``on_loaded`` sees the portfolio (and its warnings) before the long work."""
    cache = BuildCache.for_project(root)
    with build_lock(cache.folder):
        config = mkdocs_config(root)
        site = site_dir or Path(config.site_dir)
        final = guarded_site(root, site, Path(config.docs_dir), cache)
        loaded, prepared = prepare(root, as_of or dt.date.today(), cache, on_loaded)
        exports = prepare_pdfs(prepared, cache, paper, progress=progress, render=pdf)
        build_site(root, prepared, exports.files, final, cache)
    return BuildReport(
        final,
        len(loaded.portfolio.partners),
        prepared.rendered,
        exports.documents,
        exports.rendered,
    )
