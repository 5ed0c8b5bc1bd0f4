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

from ..domain import Lever
from ..engine.figures import STAGES, WORDS, Figure, Input
from ..engine.planning import PartnerPlan
from ..engine.sources import SOURCES
from ..inputs.crm.definitions import IMPORTED, SCOPE
from ..inputs.playbook import Playbook
from ..wording import date_words, money, month_words, percent, times
from . import charts
from .calendar import WrittenEvents, calendar_ics, events, written
from .formatting import format_value
from .guide import coaching_page
from .markdown import inline, paragraphs, plain_title, slugify
from .plandoc import PlanDocument, build_plan_document
from .printdoc import print_document
from .share import share_calendar_path, share_page, share_path
from .tables import labelled

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
    own_h1: bool = False  # the body has its own <h1> (else the theme adds the title as one)


@dataclass
class SiteContent:
    """Everything generated: Markdown pages, HTML-bodied pages and other files (SVG charts)."""

    markdown: dict[str, str] = field(default_factory=dict)
    html: dict[str, HtmlPage] = field(default_factory=dict)
    assets: dict[str, str] = field(default_factory=dict)
    # What some pages and files were drawn from (path: the key of all their inputs): a rebuild
    # keeps the published file when the last build drew it from the same key (patch.py).
    drawn: dict[str, str] = field(default_factory=dict)


_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>')
_TAGS = re.compile(r"<[^>]+>")


def html_page(title: str, body: str, search_text: str, *, hide_toc: bool = False) -> HtmlPage:
    """Wrap a rendered fragment; the table of contents is read off its h2 and h3 headings."""
    toc = tuple(
        TocEntry(int(level), ident, _TAGS.sub("", name))  # stays HTML-escaped: themes print it
        for level, ident, name in _HEADING.findall(body)
    )
    return HtmlPage(plain_title(title), body, toc, search_text, hide_toc, "<h1" in body)


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
    loaders.append(PackageLoader("generator.render", "templates/share"))
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
    env.filters["slug"] = lambda text: slugify(str(text), "-")
    env.filters["money"] = money
    env.filters["pct"] = percent
    env.filters["labelled"] = labelled
    env.globals["pct"] = percent
    env.globals["date_words"] = date_words
    env.globals["value"] = _figure_value
    env.globals["input_value"] = _input_value
    return env


def _figure_value(fig: Figure, currency: str, exact: bool = False) -> str:
    return format_value(fig, currency, exact)


def _input_value(item: Input, currency: str) -> str:
    probe = Figure(item.name, item.name, item.value, item.unit, "", ())
    return format_value(probe, currency, exact=True)


class _Generic(dict[str, str]):
    """Placeholders filled for the playbook's own pages, where no partner is meant."""

    def __missing__(self, key: str) -> str:
        return "the partner's figure"


def model_pages(model: Playbook, env: Environment) -> dict[str, str]:
    """The rubric and the play library, rendered from content/model."""
    program = model.program
    generic = _Generic(
        stale_target=percent(program.thresholds.stale_share_target),
        top_deals=str(program.deal_reviews.top_deals),
        review_threshold=f"{times(program.deal_reviews.review_multiple)} the average deal",
    )

    def fill(text: str) -> str:
        return text.format_map(generic)

    return {
        "playbook/rubric.md": env.get_template("rubric.md.j2").render(rubric=model.rubric),
        "playbook/plays.md": env.get_template("plays.md.j2").render(
            plays=model.plays.plays, fill=fill
        ),
    }


@dataclass(frozen=True)
class FigureGroup:
    id: str
    title: str
    figures: tuple[FigureDef, ...]


@dataclass(frozen=True)
class FigureDef:
    key: str
    label: str
    symbol: str
    unit: str
    formula: str
    inputs: tuple[str, ...]


def figures_page(env: Environment) -> HtmlPage:
    """The internal playbook page 'How the figures are computed', from the figure definitions;
    ``env`` must autoescape."""
    groups: dict[type, list[FigureDef]] = {}
    for key, w in WORDS.items():
        entry = FigureDef(key, w.label, w.symbol, w.unit, w.formula, w.inputs)
        groups.setdefault(STAGES[key], []).append(entry)
    made = tuple(
        FigureGroup(slugify(stage.__name__, "-"), _stage_title(stage), tuple(items))
        for stage, items in groups.items()
    )
    body = env.get_template("figures.html.j2").render(
        groups=made,
        figures={f.key: f for g in made for f in g.figures},
        sources={name: s.origin for name, s in SOURCES.items()},
        source_ids={name: f"source-{i}" for i, name in enumerate(SOURCES, start=1)},
        imported=IMPORTED,
        imported_scope=SCOPE,
    )
    return html_page("How the figures are computed", body, "How the figures are computed")


def _stage_title(stage: type) -> str:
    doc = (stage.__doc__ or stage.__name__).strip().splitlines()[0]
    return doc.rstrip(".")


def plan_page(
    plan: PartnerPlan, model: Playbook, env: Environment, doc: PlanDocument | None = None
) -> HtmlPage:
    """The business-development plan shared with the partner (no internal content)."""
    doc = doc or build_plan_document(plan, model)
    # Charts are drawn by render/charts.py, which escapes every label: trusted markup, inlined
    # so that a partner is two files in the site, not five.
    body = plan_body(plan, model, env, doc, shared=False)
    a = plan.assessment
    search = (
        f"{a.partner.name} business-development plan. {a.partner.tier.value} partner, "
        f"partner manager {a.partner.partner_manager}."
        + (" Plays: " + "; ".join(p.name for p in doc.plays) if doc.plays else "")
    )
    return html_page(f"{a.partner.name} - plan", body, search)


def partner_calendar(
    plan: PartnerPlan, model: Playbook, doc: PlanDocument, cal: WrittenEvents | None = None
) -> str:
    """The partner's cadence as an iCalendar file (what the partner receives: shared text)."""
    name = f"{plan.assessment.partner.name}: our partnership plan"
    return calendar_ics(name, [cal or written(events(plan, doc, model))])


def plan_body(
    plan: PartnerPlan, model: Playbook, env: Environment, doc: PlanDocument, shared: bool
) -> str:
    """The plan's HTML body: for the site, or (``shared``) for the partner's own copy."""
    charts = {name: Markup(svg) for name, svg in partner_charts(plan, model).items()}
    if doc.whatif is not None:
        charts["whatif.svg"] = Markup(doc.whatif.chart)  # drawn by charts.py, every text escaped
    template = env.get_template("plan.html.j2")
    return template.render(doc=doc, charts=charts, slug=plan.slug, shared=shared)


def partner_charts(plan: PartnerPlan, model: Playbook) -> dict[str, str]:
    """The SVG charts of one partner's plan, keyed by name."""
    a, c, g = plan.assessment, plan.chain, plan.growth
    tier = a.partner.tier.value
    out = {
        "capability.svg": charts.capability_profile(
            f"Which capabilities are below the {tier} level?",
            [
                (model.rubric.dimension(r.dimension).name, r.score, r.target)
                for r in plan.capability.dimensions
            ],
        ),
        "pipeline.svg": charts.pipeline_vs_need(
            "Is there enough pipeline to start the first quarter?",
            plan.year.quarters[0].pipeline_at_start,
            c.coverage.pipeline_on_hand,
            a.pipeline.stale,
            a.partner.currency,
        ),
    }
    if g.bookings_growth is not None:
        words = model.plan.levers
        factors = [
            (words[Lever.win_rate].capitalize(), c.productivity.factor_win_rate),
            (words[Lever.deal_size].capitalize(), c.productivity.factor_deal_size),
            (
                words[Lever.pipeline_per_seller].capitalize(),
                c.productivity.factor_pipeline_per_seller,
            ),
        ]
        if g.factor_capacity is not None:
            factors.append((words[Lever.capacity].capitalize(), g.factor_capacity))
        out["growth.svg"] = charts.growth_bridge(
            "Where does the growth have to come from?",
            factors,
            "New bookings",
            g.bookings_growth,
        )
    if len(plan.trend) > 1:
        out["trend.svg"] = charts.trend(
            "How has capability moved?",
            [(month_words(t.date), t.capability_index) for t in plan.trend],
            "Overall capability level (1-5)",
            5.0,
        )
    return out


def partner_content(
    plan: PartnerPlan,
    model: Playbook,
    html_env: Environment,
    doc: PlanDocument | None = None,
    cal: WrittenEvents | None = None,
) -> SiteContent:
    """One partner's pages (charts inline), under ``partners/<slug>/``, and its bundle."""
    folder = f"partners/{plan.slug}"
    out = SiteContent()
    doc = doc or build_plan_document(plan, model)
    out.html[f"{folder}/index.md"] = plan_page(plan, model, html_env, doc)
    shared = plan_body(plan, model, html_env, doc, shared=True)
    out.assets[share_path(plan.slug, "html")] = share_page(doc, shared, html_env)
    ics = partner_calendar(plan, model, doc, cal)
    out.assets[f"{folder}/cadence.ics"] = ics
    out.assets[share_calendar_path(plan.slug)] = ics
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


def search_entry(location: str, title: str, text: str) -> dict[str, str]:
    """A search-index entry for an HTML-bodied page, from its title and text as
    :func:`searched` escapes them (Material shows both as HTML)."""
    return {"location": location, "title": title, "text": text}


def searched(pages: Mapping[str, HtmlPage]) -> dict[str, tuple[str, str]]:
    """What the search index takes of these pages: path: (title, text), HTML-escaped, for
    those in it (kept with a partner's head: escaped once, not at every build)."""
    return {
        path: (html.escape(p.title), html.escape(p.search_text))
        for path, p in pages.items()
        if p.search_text
    }
