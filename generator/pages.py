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

from .config import PlaybookModel
from .markdown import inline, paragraphs, plain_title
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
    return env


def money(value: float | None, currency: str) -> str:
    """Money rounded for reading: EUR 251k, EUR 1.26M, EUR 950."""
    if value is None:
        return "n/a"
    sign, size = ("-" if value < 0 else ""), abs(value)
    if size >= 1_000_000:
        return f"{sign}{currency} {size / 1_000_000:.2f}M"
    if size >= 10_000:
        return f"{sign}{currency} {size / 1000:.0f}k"
    return f"{sign}{currency} {size:,.0f}"


def percent(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value * 100:+.0f}%" if signed else f"{value * 100:.0f}%"


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


def site_pages(
    plans: Sequence[PartnerPlan], model: PlaybookModel, root: Path, today: dt.date
) -> dict[str, str]:
    """Every generated page, keyed by its path inside the site's docs."""
    env = environment(root)
    pages = model_pages(model, env)
    pages["portfolio.md"] = portfolio_page(plans, model, env, today)
    return pages
