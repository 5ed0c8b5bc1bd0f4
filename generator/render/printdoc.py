"""Print documents for the PDF exports: a cover, a one-page summary for the shared plan, then
the same body as the site page, styled by ``templates/print/print.css`` (not the site theme).

Pure: rendered page bodies and the plan in, a complete HTML document out (see generator/pdf.py
for turning it into a PDF).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from jinja2 import Environment
from markupsafe import Markup

from ..engine.planning import PartnerPlan
from .formatting import format_value, money
from .plandoc import PlanDocument, ScoreRow

KINDS = ("plan", "coaching")
# The site's plan ends with how every figure was computed; the printed plan stops before it
# (a quarter of the rendering time, and the meeting copy stays about six pages).
APPENDIX = '<section class="pp-figures-appendix">'
_CSS = files("generator.render").joinpath("templates/print/print.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Summary:
    """The plan on one page: what can be handed over on its own."""

    goal: str
    multiplier: str
    plays: tuple[str, ...]
    numbers: tuple[tuple[str, str], ...]
    scores: tuple[ScoreRow, ...]


def summary(doc: PlanDocument) -> Summary:
    p = doc.plan
    a, c = p.assessment, p.chain
    cur = a.partner.currency
    if c.targets.growth_reported is None:
        goal = f"reach {money(a.target_revenue, cur)} of revenue on our line in the first year"
    else:
        goal = (
            f"grow revenue on our line from {money(a.revenue.last_12_months, cur)} to "
            f"{money(a.target_revenue, cur)} ({c.targets.growth_reported:.2f}x) by "
            f"{doc.period_end.isoformat()}"
        )
    keys = (
        "new_bookings_needed",
        "opportunities_per_quarter",
        "pipeline_needed_at_quarter_start",
        "win_rate_used",
        "fte_required_plan",
        "fte_effective",
        "hires",
        "capacity_ceiling",
    )
    numbers = tuple(
        (p.figures[k].label, format_value(p.figures[k], cur, exact=False))
        for k in keys
        if k in p.figures
    )
    plays = tuple(f"{play.spec.id} {play.spec.name}: {play.why}" for play in doc.plays)
    return Summary(goal, doc.multiplier, plays, numbers, doc.scorecard)


def print_document(kind: str, doc: PlanDocument, body: str, env: Environment, title: str) -> str:
    """A complete HTML document for WeasyPrint; ``env`` must autoescape."""
    plan: PartnerPlan = doc.plan
    return env.get_template("print.html.j2").render(
        kind=kind,
        title=title,
        doctitle="Business-development plan" if kind == "plan" else "Coaching guide",
        css=Markup(_CSS),
        a=plan.assessment,
        period_start=doc.period_start,
        period_end=doc.period_end,
        next_meeting=doc.next_meeting,
        summary=summary(doc) if kind == "plan" else None,
        body=Markup(body.split(APPENDIX, 1)[0]),
    )
