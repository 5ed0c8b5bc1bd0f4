"""`playbook new`: a commented assessment to fill in, or a copy of the latest one to update."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..domain import Dimension, PartnerType, Tier
from ..errors import UserError
from .discovery import DATE_NAME, SUFFIXES, check_slug
from .fields import MAX_DATE, MIN_DATE, SHORT_TEXT
from .rawtext import YamlProblem, decode, read_capped

MAX_NAME = SHORT_TEXT  # partner.name and partner.partner_manager
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
    # Names as they are written, not as \u escapes: YAML cannot read a character outside the
    # Basic Multilingual Plane escaped as two UTF-16 halves, the way JSON writes it.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
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


def newest_assessment(folder: Path) -> Path | None:
    """The partner's newest assessment file (a dated one, never a link), or None for a new
    partner."""
    if not folder.is_dir() or folder.is_symlink():
        return None
    earlier = sorted(
        (p.stem, p)
        for p in folder.iterdir()
        if p.suffix in SUFFIXES and DATE_NAME.fullmatch(p.stem) and not p.is_symlink()
    )
    return earlier[-1][1] if earlier else None


def copy_with_date(source: Path, date: dt.date) -> str:
    """The text of ``source`` with its assessment date replaced (comments and layout kept)."""
    try:
        original = decode(read_capped(source))
    except YamlProblem as exc:
        raise UserError(f"{source}: {exc.message}") from None
    text, count = _DATE_LINE.subn(rf"\g<1>{date.isoformat()}", original, 1)
    if count != 1:
        raise UserError(f"{source}: cannot find the 'date:' line of the assessment section")
    return text


def _checked_name(name: str | None, option: str = "--name") -> str:
    """``name`` trimmed, or a UserError saying why it cannot be written into the file."""
    if not name or not name.strip():
        raise UserError(f'a new partner needs {option}, like {option} "Acme Ltd"')
    if any(not ch.isprintable() for ch in name):
        raise UserError(f"{option} must be one line of printable text")
    if len(name.strip()) > MAX_NAME:
        raise UserError(f"{option} must be at most {MAX_NAME} characters, got {len(name.strip())}")
    return name.strip()


def _checked_date(date: dt.date) -> dt.date:
    if not MIN_DATE <= date <= MAX_DATE:
        raise UserError(
            f"--date must be from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}, "
            f"got {date.isoformat()}"
        )
    return date


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
    date = _checked_date(date)
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise UserError(f"--currency must be a three-letter code like EUR, got {currency!r}")
    folder = assessments / slug
    if folder.is_symlink():
        raise UserError(f"{folder}: symbolic links are not allowed; nothing was written")
    target = folder / f"{date.isoformat()}.yaml"
    if target.exists():
        raise UserError(f"{target} already exists; nothing was written")
    if assessments.is_dir():
        clash = [p for p in assessments.iterdir() if p.name.casefold() == slug and p.name != slug]
        if clash:
            raise UserError(f"{clash[0]} differs from {slug!r} only in letter case")
    source = newest_assessment(folder)
    if source is not None:
        text = copy_with_date(source, date)
    else:
        text = render_scaffold(
            name=_checked_name(name),
            date=date,
            folder=str(folder),
            partner_type=partner_type,
            tier=tier,
            currency=currency,
            manager=_checked_name(manager, "--manager"),
        )
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return target, source
