"""`playbook new`: a commented assessment to fill in, or a copy of the latest one to update."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..domain import Dimension, PartnerType, Tier
from ..errors import UserError
from .loading import SUFFIXES, check_slug

_DATE_LINE = re.compile(r"^(  date: )\d{4}-\d{2}-\d{2}", re.MULTILINE)


def render_scaffold(
    *,
    name: str,
    date: dt.date,
    folder: str,
    partner_type: PartnerType = PartnerType.VAR,
    tier: Tier = Tier.Registered,
    currency: str = "EUR",
    manager: str = "Your name",
) -> str:
    """The commented template for a new partner; it validates only once filled in."""
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    return env.get_template("assessment.yaml.j2").render(
        name=name,
        date=date.isoformat(),
        folder=folder,
        type=partner_type.value,
        tier=tier.value,
        currency=currency,
        manager=manager,
        dimensions=[d.value for d in Dimension],
    )


def new_assessment(
    assessments: Path,
    slug: str,
    *,
    name: str | None,
    date: dt.date,
    partner_type: PartnerType,
    tier: Tier,
    currency: str,
    manager: str,
) -> tuple[Path, Path | None]:
    """Create ``assessments/<slug>/<date>.yaml``; return it and the file it was copied from.

    A partner with earlier assessments gets a copy of the newest one with the new date, so a
    quarterly re-assessment only edits what changed. Nothing is ever overwritten.
    """
    reason = check_slug(slug)
    if reason:
        raise UserError(reason)
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise UserError(f"--currency must be a three-letter code like EUR, got {currency!r}")
    folder = assessments / slug
    target = folder / f"{date.isoformat()}.yaml"
    if target.exists():
        raise UserError(f"{target} already exists; nothing was written")
    if assessments.is_dir():
        clash = [p for p in assessments.iterdir() if p.name.casefold() == slug and p.name != slug]
        if clash:
            raise UserError(f"{clash[0]} differs from {slug!r} only in letter case")
    earlier = sorted(p for p in folder.glob("*") if p.suffix in SUFFIXES) if folder.is_dir() else []
    if earlier:
        source: Path | None = earlier[-1]
        assert source is not None
        text, count = _DATE_LINE.subn(rf"\g<1>{date.isoformat()}", source.read_text("utf-8"), 1)
        if count != 1:
            raise UserError(f"{source}: cannot find the 'date:' line of the assessment section")
    else:
        if not name or not name.strip():
            raise UserError('a new partner needs --name, like --name "Acme Ltd"')
        if any(not ch.isprintable() for ch in name):
            raise UserError("--name must be one line of printable text")
        source = None
        text = render_scaffold(
            name=name.strip(),
            date=date,
            folder=str(folder),
            partner_type=partner_type,
            tier=tier,
            currency=currency,
            manager=manager,
        )
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return target, source
