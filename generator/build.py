"""The library build: one place that loads, validates, plans and publishes.

``playbook build`` calls :func:`build`; the mkdocs plugin calls :func:`prepare_handover` when run
by plain ``mkdocs build`` or ``mkdocs serve``; ``playbook plan`` and ``playbook pdf`` call
:func:`load` and :func:`plan_partner`. Everything is loaded, validated and computed before
anything is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import JsonValue

from .engine.planning import PartnerPlan, Planner, ScenarioPlan
from .errors import UserError
from .inputs.loading import (
    ASSESSMENTS_DIR,
    AssessmentStore,
    PartnerRecord,
    Portfolio,
    load_portfolio,
)
from .inputs.playbook import Playbook, load_playbook
from .inputs.scenarios import Scenario, check
from .publish import shards
from .publish.buildcache import BuildCache, code_fingerprint
from .publish.cachefile import thawed
from .publish.exports import prepare_pdfs
from .publish.outdir import build_lock, check_export_dir, write_text
from .publish.partners import Progress
from .publish.pdf import render_pdf
from .publish.shards import Shard
from .publish.site import (
    Handover,
    Prepared,
    guarded_site,
    handover,
    prepare_content,
    prepare_shard,
    read_ahead,
    settings,
)
from .publish.sitefolder import build_site, lending
from .render.pages import (
    environment,
    partner_calendar,
    partner_content,
    pdf_path,
    print_documents,
)
from .render.plandoc import build_plan_document
from .render.share import share_calendar_path, share_path


@dataclass(frozen=True)
class Loaded:
    """The playbook model and every partner's valid assessments."""

    playbook: Playbook
    portfolio: Portfolio


def load(root: Path, paths: Sequence[Path] = (), store: AssessmentStore | None = None) -> Loaded:
    """Load and validate the playbook model and the assessments (default: all of them)."""
    playbook = load_playbook(root, store.models if store is not None else None)
    portfolio = load_portfolio(list(paths) or [root / ASSESSMENTS_DIR], playbook, store)
    return Loaded(playbook, portfolio)


def plan_partner(loaded: Loaded, slug: str, as_of: dt.date | None = None) -> PartnerPlan:
    """One partner's plan as of a date (default today: it decides the staleness notices); a
    UserError naming the known partners when there is no such one."""
    record = _record(loaded, slug)
    portfolio = loaded.portfolio
    planner = Planner(loaded.playbook, as_of)
    return planner.plan(slug, portfolio.latest(record), portfolio.history(record))


def what_if(
    loaded: Loaded,
    slug: str,
    changes: Mapping[str, JsonValue],
    name: str = "What if",
    as_of: dt.date | None = None,
) -> PartnerPlan:
    """The partner's plan with one ad-hoc scenario beside it (``plan.scenarios``), checked like
    a scenario in the file; nothing is written."""
    record = _record(loaded, slug)
    portfolio = loaded.portfolio
    latest, history = portfolio.latest(record), portfolio.history(record)
    planner = Planner(loaded.playbook, as_of)
    problems = check(latest, changes, loaded.playbook.plan.start_after_days)
    if problems:
        raise UserError("--what-if: " + "; ".join(problems))
    scenario = Scenario(name=name, changes=dict(changes))
    base = planner.plan(slug, latest.model_copy(update={"scenarios": []}), history)
    found = ScenarioPlan(scenario, planner.what_if(slug, latest, history, changes))
    return dataclasses.replace(base, scenarios=(found,))


def save_what_if(loaded: Loaded, slug: str, name: str, changes: Mapping[str, JsonValue]) -> Path:
    """Keep an ad-hoc scenario in the partner's newest assessment file; its path."""
    from .inputs.savescenario import save_scenario  # ruamel.yaml: only this command needs it

    path = _record(loaded, slug).latest.path
    save_scenario(path, name, changes)
    return path


def _record(loaded: Loaded, slug: str) -> PartnerRecord:
    record = loaded.portfolio.partner(slug)
    if record is None:
        known = ", ".join(p.slug for p in loaded.portfolio.partners) or "none"
        raise UserError(f"no partner {slug!r} under {ASSESSMENTS_DIR}/ (known: {known})")
    return record


def prepare(
    root: Path,
    as_of: dt.date,
    cache: BuildCache,
    on_loaded: Callable[[Portfolio], None] | None = None,
    progress: Progress | None = None,
    shard: Shard | None = None,
    assemble: bool = False,
) -> tuple[Loaded, Prepared]:
    """Load with the cache's record of valid files, then plan and render every page (a
    ``shard``'s partners only; with ``assemble``, none: they must all be in the cache).
    ``on_loaded`` sees the portfolio (and its warnings) before the long work."""
    code = code_fingerprint()
    ahead = None if shard else read_ahead(root, cache)  # read while the files are loaded
    loaded = load(root, store=cache.assessments(code))
    if on_loaded:
        on_loaded(loaded.portfolio)
    playbook, portfolio = loaded.playbook, loaded.portfolio
    if shard:
        prepared = prepare_shard(root, playbook, portfolio, as_of, cache, shard, progress)
    else:
        prepared = prepare_content(
            root, playbook, portfolio, as_of, cache, progress, assemble=assemble, ahead=ahead
        )
    cache.keep_assessments(code, loaded.portfolio)
    return loaded, prepared


def prepare_handover(root: Path, skeleton: bool, as_of: dt.date | None = None) -> Handover:
    """What plain mkdocs adds to its build: every page, and the PDFs made last. ``skeleton``
    only when mkdocs builds "dirty" (it then leaves unchanged pages to the plugin)."""
    cache = BuildCache.for_project(root)
    with cache.settled():
        _, prepared = prepare(root, as_of or dt.date.today(), cache)
        exports = prepare_pdfs(prepared, cache, render=False)
    return handover(prepared, exports.files, frozenset(), skeleton)


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
    write_text(target / f"{slug}-cadence.ics", content.assets[share_calendar_path(slug)])
    return page, pdf


def calendar_file(
    loaded: Loaded, root: Path, slug: str, target: Path, as_of: dt.date | None = None
) -> Path:
    """Write the partner's cadence as an iCalendar file at ``target`` (for a meeting invite)."""
    plan = plan_partner(loaded, slug, as_of)
    inputs = [root / "content", root / ASSESSMENTS_DIR, BuildCache.for_project(root).folder]
    folder = check_export_dir(target.parent, inputs)
    folder.mkdir(parents=True, exist_ok=True)
    doc = build_plan_document(plan, loaded.playbook)
    write_text(folder / target.name, partner_calendar(plan, loaded.playbook, doc))
    return folder / target.name


@dataclass(frozen=True)
class BuildReport:
    site: Path
    partners: int
    rendered: int  # partners rendered (the rest came from the cache)
    pdfs: int  # PDFs in the site
    pdfs_rendered: int
    patched: bool = False  # the previous site patched, without mkdocs (publish/patch.py)


def build(
    root: Path,
    *,
    site_dir: Path | None = None,
    paper: str = "a4",
    pdf: bool = True,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    on_loaded: Callable[[Portfolio], None] | None = None,
    skeleton: bool = True,
    assemble: bool = False,
) -> BuildReport:
    """Validate everything, compute every plan, render the PDFs, then build the site
    atomically. ``on_loaded`` sees the portfolio (and its warnings) before the long work.
    ``skeleton`` false has the theme render every partner page, the slow reference that the
    normal build (one themed page per shape, filled in) is tested against. With
    ``assemble``, every partner's pages and PDFs must come from the cache (rendered there by
    :func:`build_shard` runs): nothing is rendered, anything missing is an error."""
    cache = BuildCache.for_project(root)
    with build_lock(cache.folder), thawed():
        manifest = cache.manifest() if skeleton else {}
        found = settings(root, manifest.get("settings"))
        site = site_dir or Path(found.site_dir)
        final = guarded_site(root, site, Path(found.docs_dir), cache)
        today = as_of or dt.date.today()
        with cache.settled(), lending(root, final, cache, manifest) as lender:
            loaded, prepared = prepare(root, today, cache, on_loaded, progress, assemble=assemble)
            exports = prepare_pdfs(
                prepared, cache, paper, progress=progress, render=pdf, assemble=assemble and pdf
            )
            shards.forget(cache)  # folded into the cache's own records by now
            patched = build_site(
                root, prepared, exports.files, final, cache, skeleton, lender, found
            )
    return BuildReport(
        final,
        len(loaded.portfolio.partners),
        prepared.rendered,
        exports.documents,
        exports.rendered,
        patched,
    )


@dataclass(frozen=True)
class ShardReport:
    shard: Shard
    partners: int  # in the whole portfolio
    taken: int  # in this shard
    rendered: int  # partners rendered (the rest were in the cache already)
    pdfs: int
    pdfs_rendered: int
    record: Path  # the shard's record in the cache


def build_shard(
    root: Path,
    shard: Shard,
    *,
    paper: str = "a4",
    pdf: bool = True,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    on_loaded: Callable[[Portfolio], None] | None = None,
) -> ShardReport:
    """Validate everything, then render the pages and PDFs of ``shard``'s partners into the
    cache, for a later ``build(..., assemble=True)`` on a cache merged from every shard's.
    The site folder is not touched."""
    cache = BuildCache.for_project(root)
    with build_lock(cache.folder), thawed():
        with cache.settled():
            loaded, prepared = prepare(
                root, as_of or dt.date.today(), cache, on_loaded, progress, shard
            )
        exports = prepare_pdfs(prepared, cache, paper, progress=progress, render=pdf, shard=True)
        heads = {slug: (prepared.keys[slug], head) for slug, head in prepared.heads.items()}
        record = shards.save(cache, shard, heads, exports.hashes)
    return ShardReport(
        shard,
        len(loaded.portfolio.partners),
        len(prepared.keys),
        prepared.rendered,
        exports.documents,
        exports.rendered,
        record,
    )
