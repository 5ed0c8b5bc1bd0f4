"""Generated site pages, rendered from Jinja templates, never by string concatenation.

Pure functions: the playbook model and the computed plans in, :class:`SiteContent` out. The
mkdocs hook (``generator/mkdocs_hooks.py``) adds the pages to the build; nothing is written to
``content/``.

Two kinds of page. Pages about the playbook and the portfolio are Markdown (``*.md.j2``), with
untrusted text through the ``text`` filter. Each partner's plan and guide are HTML fragments
(``*.html.j2``, autoescaped) that the hook puts in place of the page body: Python-Markdown would
spend most of a large build converting them, and the same fragments feed the print templates.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
)
from markupsafe import Markup

from ..engine.figures import Figure, Input
from ..engine.planning import PartnerPlan
from ..inputs.playbook import Playbook
from . import charts
from .formatting import format_value, money, percent
from .guide import coaching_page
from .markdown import inline, paragraphs, plain_title
from .plandoc import PlanDocument, build_plan_document
from .printdoc import print_document

OVERRIDES_DIR = Path("content") / "model" / "templates"


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    name: str


@dataclass(frozen=True)
class HtmlPage:
    """A page whose body is a finished HTML fragment, with its title and table of contents."""

    title: str
    body: str
    toc: tuple[TocEntry, ...]
    search_text: str  # "" keeps the page out of search
    hide_toc: bool = False


@dataclass
class SiteContent:
    """Everything generated: Markdown pages, HTML-bodied pages and other files (SVG charts)."""

    markdown: dict[str, str] = field(default_factory=dict)
    html: dict[str, HtmlPage] = field(default_factory=dict)
    assets: dict[str, str] = field(default_factory=dict)


_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>')
_TAGS = re.compile(r"<[^>]+>")


def html_page(title: str, body: str, search_text: str, *, hide_toc: bool = False) -> HtmlPage:
    """Wrap a rendered fragment; the table of contents is read off its h2 and h3 headings."""
    toc = tuple(
        TocEntry(int(level), ident, _TAGS.sub("", name))  # stays HTML-escaped: themes print it
        for level, ident, name in _HEADING.findall(body)
    )
    return HtmlPage(plain_title(title), body, toc, search_text, hide_toc)


def environment(
    root: Path | None = None, *, html_output: bool = False, bytecode: BytecodeCache | None = None
) -> Environment:
    """Templates from the package, overridable by same-named files in content/model/templates.

    ``html_output`` autoescapes every value (for ``*.html.j2``); Markdown templates escape
    untrusted text with the ``text`` and ``paragraphs`` filters instead.
    """
    loaders: list[FileSystemLoader | PackageLoader] = []
    if root is not None and (root / OVERRIDES_DIR).is_dir():
        loaders.append(FileSystemLoader(root / OVERRIDES_DIR))
    loaders.append(PackageLoader("generator.render", "templates/site"))
    loaders.append(PackageLoader("generator.render", "templates/print"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=html_output,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode,
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


def model_pages(model: Playbook, env: Environment) -> dict[str, str]:
    """The rubric and the play library, rendered from content/model."""
    return {
        "playbook/rubric.md": env.get_template("rubric.md.j2").render(rubric=model.rubric),
        "playbook/plays.md": env.get_template("plays.md.j2").render(plays=model.plays.plays),
    }


def plan_page(
    plan: PartnerPlan, model: Playbook, env: Environment, doc: PlanDocument | None = None
) -> HtmlPage:
    """The business-development plan shared with the partner (no internal content)."""
    doc = doc or build_plan_document(plan, model)
    # Charts are drawn by render/charts.py, which escapes every label: trusted markup, inlined
    # so that a partner is two files in the site, not five.
    charts = {name: Markup(svg) for name, svg in partner_charts(plan, model).items()}
    body = env.get_template("plan.html.j2").render(
        doc=doc, levers=model.program.plan_levers, charts=charts
    )
    a = plan.assessment
    search = (
        f"{a.partner.name} business-development plan. {a.partner.tier.value} partner, "
        f"partner manager {a.partner.partner_manager}. Plays: "
        + "; ".join(f"{p.spec.id} {p.spec.name}" for p in doc.plays)
    )
    return html_page(f"{a.partner.name} - plan", body, search)


def partner_charts(plan: PartnerPlan, model: Playbook) -> dict[str, str]:
    """The SVG charts of one partner's plan, keyed by name."""
    a, c, g = plan.assessment, plan.chain, plan.growth
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
            c.coverage.pipeline_needed_at_quarter_start,
            c.coverage.pipeline_on_hand,
            a.pipeline.stale,
            a.partner.currency,
        ),
    }
    if g.bookings_growth is not None:
        factors = [
            ("Win rate", c.productivity.factor_win_rate),
            ("Deal size", c.productivity.factor_deal_size),
            ("Pipeline per seller", c.productivity.factor_pipeline_per_seller),
        ]
        if g.factor_capacity is not None:
            factors.append(("Selling capacity", g.factor_capacity))
        out["growth.svg"] = charts.growth_bridge(
            "Where does the growth have to come from?",
            factors,
            "New bookings",
            g.bookings_growth,
        )
    if len(plan.trend) > 1:
        out["trend.svg"] = charts.trend(
            "How has capability moved?",
            [(t.date.isoformat(), t.capability_index) for t in plan.trend],
            "Capability index",
            5.0,
        )
    return out


def partner_content(
    plan: PartnerPlan,
    model: Playbook,
    html_env: Environment,
) -> SiteContent:
    """One partner's pages (charts inline), under ``partners/<slug>/``."""
    folder = f"partners/{plan.slug}"
    out = SiteContent()
    doc = build_plan_document(plan, model)
    out.html[f"{folder}/index.md"] = plan_page(plan, model, html_env, doc)
    name = plan.assessment.partner.name
    out.html[f"{folder}/coaching.md"] = html_page(
        f"{name} - coaching guide", coaching_page(plan, model, html_env), ""
    )
    return out


def print_documents(
    plan: PartnerPlan, model: Playbook, html_env: Environment, pages: Mapping[str, HtmlPage]
) -> dict[str, str]:
    """The print documents of a partner's PDFs by their site path, from its rendered pages:
    made only when a PDF has to be rendered."""
    doc = build_plan_document(plan, model)
    folder = f"partners/{plan.slug}"
    return {
        pdf_path(plan.slug, kind): print_document(kind, doc, page.body, html_env, page.title)
        for kind, page in (
            ("plan", pages[f"{folder}/index.md"]),
            ("coaching", pages[f"{folder}/coaching.md"]),
        )
    }


def pdf_path(slug: str, kind: str) -> str:
    """Where a partner's PDF sits in the site: beside its plan page."""
    return f"partners/{slug}/{slug}-{kind}.pdf"


def search_entry(location: str, page: HtmlPage) -> dict[str, str]:
    """A search-index entry for an HTML-bodied page (Material shows title and text as HTML)."""
    return {
        "location": location,
        "title": html.escape(page.title),
        "text": html.escape(page.search_text),
    }
