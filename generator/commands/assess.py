"""Commands for the assessments: scaffold, validate, the JSON Schema and the CRM import."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.markup import escape

from ..domain import PartnerType, Tier
from ..inputs.loading import ASSESSMENTS_DIR
from .base import _fail_cleanly, _load, _print_warnings, _root, cli, err, out


@cli.command()
@click.argument("slug")
@click.option("--name", help="The partner's name, for a new partner.")
@click.option(
    "--date",
    "date_",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Assessment date, YYYY-MM-DD.  [default: today]",
)
@click.option(
    "--type",
    "partner_type",
    type=click.Choice([t.value for t in PartnerType]),
    default="VAR",
    show_default=True,
)
@click.option(
    "--tier", type=click.Choice([t.value for t in Tier]), default="Registered", show_default=True
)
@click.option("--currency", default="EUR", show_default=True, help="ISO currency code.")
@click.option("--manager", default="Your name", show_default=True, help="Partner manager.")
@_fail_cleanly
def new(
    slug: str,
    name: str | None,
    date_: dt.datetime | None,
    partner_type: str,
    tier: str,
    currency: str,
    manager: str,
) -> None:
    """Create assessments/SLUG/DATE.yaml to fill in; never overwrites.

    For a new partner, a commented template explaining every field. For a partner with earlier
    assessments, a copy of the newest one with the new date, ready to update.
    """
    from ..inputs.scaffold import new_assessment

    date = (date_ or dt.datetime.now()).date()
    target, source = new_assessment(
        _root() / ASSESSMENTS_DIR,
        slug,
        name=name,
        date=date,
        partner_type=PartnerType(partner_type),
        tier=Tier(tier),
        currency=currency,
        manager=manager,
    )
    what = f"copied from {source.name}" if source else "fill in the empty fields"
    out.print(f"[green]created[/green] {escape(str(target))} ({what})")
    out.print(f"next: edit it, then run  playbook validate {escape(str(target.parent))}")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_fail_cleanly
def validate(paths: tuple[Path, ...]) -> None:
    """Check assessments (default: all under assessments/); exit 1 on any error."""
    portfolio = _load(paths).portfolio
    _print_warnings(portfolio)
    out.print(
        f"[green]ok[/green] {len(portfolio.partners)} partners, "
        f"{portfolio.assessment_count} assessments valid"
    )


@cli.command()
@click.option("--check", is_flag=True, help="Exit 1 if the committed schema is out of date.")
@_fail_cleanly
def schema(check: bool) -> None:
    """Write the assessment JSON Schema that editors use (assessments/assessment.schema.json)."""
    from ..inputs.schema import SCHEMA_FILE, schema_is_current, write_schema

    if check:
        if not schema_is_current(_root()):
            err.print(f"[red]error[/red] {SCHEMA_FILE} is out of date; run: playbook schema")
            sys.exit(1)
        out.print(f"[green]ok[/green] {SCHEMA_FILE} is current")
        return
    path = write_schema(_root())
    out.print(f"[green]wrote[/green] {escape(str(path))}")


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--partner", help="Every row is this partner's (its folder name).")
@click.option("--partner-column", help="The column naming each row's partner.")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="[default: today]")
@click.option("--mapping", help="Preset (salesforce, hubspot) or mapping file. [default: auto]")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@_fail_cleanly
def import_(file: Path, day: dt.datetime | None, dry_run: bool, **names: str | None) -> None:
    """Start each partner's next assessment from a CRM opportunity export (CSV)."""
    from ..inputs.crm.importer import ImportRequest, import_export

    for warning, line in import_export(_root(), ImportRequest.of(file, day, dry_run, names)):
        (err if warning else out).print(escape(line), style="yellow" if warning else None)
