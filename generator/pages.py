"""Generated site pages: Markdown rendered from Jinja templates, never from string concatenation.

Pure functions: the playbook model and the computed plans in, ``{site path: Markdown}`` out. The
mkdocs hook (``generator/mkdocs_hooks.py``) adds these pages to the build; nothing is written to
``content/``. Untrusted text goes through the ``text`` and ``paragraphs`` filters only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from . import charts
from .config import PlaybookModel
from .figures import Figure, Input
from .formatting import format_value, money, percent
from .markdown import inline, paragraphs, plain_title
from .plandoc import build_plan_document
from .planning import PartnerPlan

OVERRIDES_DIR = Path("content") / "model" / "templates"


@dataclass(frozen=True)
class PortfolioRow:
    """One partner in the portfolio table, with everything the row shows."""

    plan: PartnerPlan
    assessed: dt.date
    stale: bool


def environment(root: Path | None = None) -> Environment:
    """Templates from the package, overridable by same-named files in content/model/templates."""
    loaders: list[FileSystemLoader | PackageLoader] = []
    if root is not None and (root / OVERRIDES_DIR).is_dir():
        loaders.append(FileSystemLoader(root / OVERRIDES_DIR))
    loaders.append(PackageLoader("generator", "templates/site"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,  # output is Markdown; untrusted text is escaped by the filters below
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["text"] = inline
    env.filters["paragraphs"] = paragraphs
    env.filters["title"] = plain_title
    env.filters["money"] = money
    env.filters["pct"] = percent
    env.globals["pct"] = percent
    env.globals["value"] = _figure_value
    env.globals["input_value"] = _input_value
    return env


def _figure_value(fig: Figure, currency: str, exact: bool = False) -> str:
    return format_value(fig, currency, exact)


def _input_value(item: Input, currency: str) -> str:
    probe = Figure(item.name, item.name, item.value, item.unit, "", ())
    return format_value(probe, currency, exact=True)


def model_pages(model: PlaybookModel, env: Environment) -> dict[str, str]:
    """The rubric and the play library, rendered from content/model."""
    return {
        "playbook/rubric.md": env.get_template("rubric.md.j2").render(rubric=model.rubric),
        "playbook/plays.md": env.get_template("plays.md.j2").render(plays=model.plays.plays),
    }


def portfolio_page(
    plans: Sequence[PartnerPlan], model: PlaybookModel, env: Environment, today: dt.date
) -> str:
    """Every partner in one table, sorted by name, with stale assessments marked."""
    limit = model.program.thresholds.stale_assessment_days
    rows = [
        PortfolioRow(
            plan,
            plan.assessment.assessment.date,
            (today - plan.assessment.assessment.date).days > limit,
        )
        for plan in sorted(plans, key=lambda p: (p.assessment.partner.name.casefold(), p.slug))
    ]
    return env.get_template("portfolio.md.j2").render(rows=rows, stale_days=limit, today=today)


def plan_page(plan: PartnerPlan, model: PlaybookModel, env: Environment) -> str:
    """The business-development plan shared with the partner (no internal content)."""
    doc = build_plan_document(plan, model)
    return env.get_template("plan.md.j2").render(doc=doc, levers=model.program.plan_levers)


def partner_charts(plan: PartnerPlan, model: PlaybookModel) -> dict[str, str]:
    """The SVG charts of one partner's plan, keyed by file name."""
    a, c, d = plan.assessment, plan.capacity, plan.decomposition
    tier = a.partner.tier.value
    out = {
        "capability.svg": charts.capability_profile(
            f"Which capabilities are below the {tier} level?",
            [
                (
                    f"{r.dimension.code} {r.dimension.value.replace('_', ' ').capitalize()}",
                    r.score,
                    r.target,
                )
                for r in plan.capability.dimensions
            ],
        ),
        "pipeline.svg": charts.pipeline_vs_need(
            "Is there enough pipeline to start the quarter?",
            c.pipeline_needed,
            c.pipeline_on_hand,
            a.pipeline.stale,
            a.partner.currency,
        ),
    }
    if d.bookings_growth is not None:
        factors = [
            ("Win rate", d.f_win_rate),
            ("Deal size", d.f_deal_size),
            ("Pipeline per seller", d.f_opps_per_fte),
        ]
        if d.f_capacity is not None:
            factors.append(("Selling capacity", d.f_capacity))
        out["growth.svg"] = charts.growth_bridge(
            "Where does the growth have to come from?",
            factors,
            "New bookings",
            d.bookings_growth,
        )
    else:
        out["growth.svg"] = charts.growth_bridge(
            "Where does the growth have to come from?", [], "New bookings", 1.0
        )
    if len(plan.trend) > 1:
        out["trend.svg"] = charts.trend(
            "How has capability moved?",
            [(t.date.isoformat(), t.capability_index) for t in plan.trend],
            "Capability index",
            5.0,
        )
    return out


def site_pages(
    plans: Sequence[PartnerPlan], model: PlaybookModel, root: Path, today: dt.date
) -> dict[str, str]:
    """Every generated page, keyed by its path inside the site's docs."""
    env = environment(root)
    pages = model_pages(model, env)
    pages["portfolio.md"] = portfolio_page(plans, model, env, today)
    for plan in plans:
        folder = f"partners/{plan.slug}"
        pages[f"{folder}/index.md"] = plan_page(plan, model, env)
        for name, svg in partner_charts(plan, model).items():
            pages[f"{folder}/{name}"] = svg
    return pages
