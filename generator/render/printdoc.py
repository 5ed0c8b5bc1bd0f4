"""Print documents for the PDF exports: a cover, a one-page summary for the shared plan, then
the same body as the site page, styled by ``templates/print/print.css`` (not the site theme).

Pure: rendered page bodies and the plan document in, a complete HTML document out (see
publish/pdf.py for turning it into a PDF).
"""

from __future__ import annotations

from importlib.resources import files

from jinja2 import Environment
from markupsafe import Markup

from .plandoc import PlanDocument

KINDS = ("plan", "coaching")
_CSS = files("generator.render").joinpath("templates/print/print.css").read_text(encoding="utf-8")
TITLES = {"plan": "Business-development plan", "coaching": "Coaching guide"}


def print_document(kind: str, doc: PlanDocument, body: str, env: Environment, title: str) -> str:
    """A complete HTML document for WeasyPrint; ``env`` must autoescape."""
    return env.get_template("print.html.j2").render(
        kind=kind,
        title=title,
        doctitle=TITLES[kind],
        css=Markup(_CSS),
        doc=doc,
        a=doc.plan.assessment,
        body=Markup(body),
    )
