"""The partner's own copy of their plan: one self-contained HTML page to show on screen or to
send with its PDF. No navigation, no search, no link to the portfolio, a coaching guide or
another partner, and nothing fetched (styles and charts inline, a Content-Security-Policy that
forbids loading anything). The body is the site's plan body, rendered for sharing."""

from __future__ import annotations

import re
from importlib.resources import files

from jinja2 import Environment
from markupsafe import Markup

from .markdown import plain_title
from .plandoc import PlanDocument

SHARE_DIR = "share"
_CSS = files("generator.render").joinpath("templates/share/share.css").read_text(encoding="utf-8")


def share_calendar_path(slug: str) -> str:
    """The partner's calendar in its bundle: ``share/<slug>/<slug>-cadence.ics``."""
    return f"{SHARE_DIR}/{slug}/{slug}-cadence.ics"


def share_path(slug: str, suffix: str) -> str:
    """Where a partner's bundle file sits in the site: ``share/<slug>/<slug>-plan.<suffix>``."""
    return f"{SHARE_DIR}/{slug}/{slug}-plan.{suffix}"


_DOWNLOAD = re.compile(r'<p class="pp-download"><!--pp-pdf:plan-->.*?</p>')
_NO_PDF = '<p class="pp-download pp-missing">The PDF of this plan is not ready yet.</p>'


def without_pdf(page: str) -> str:
    """The page when its PDF is not in the bundle: a note instead of a dead download link."""
    return _DOWNLOAD.sub(_NO_PDF, page)


def share_page(doc: PlanDocument, body: str, env: Environment) -> str:
    """The complete standalone page around the plan ``body`` (``env`` must autoescape)."""
    a = doc.plan.assessment
    return env.get_template("share.html.j2").render(
        title=plain_title(f"{a.partner.name}: business-development plan"),
        css=Markup(_CSS),
        body=Markup(body),
        partner=a.partner.name,
        manager=a.partner.partner_manager,
        prepared=f"from the assessment of {doc.assessed}",
    )
