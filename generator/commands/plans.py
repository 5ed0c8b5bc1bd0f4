"""`playbook plan`: one partner's figures, and a what-if beside them in the room."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click
from rich.markup import escape

from ..build import plan_partner, save_what_if
from ..build import what_if as what_if_plan
from .base import AS_OF, _day, _fail_cleanly, _load, _print_warnings, cli, err, out


@cli.command()
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object for integrations.")
@click.option(
    "--what-if",
    "what_if",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Plan a scenario beside the plan, without touching any file (repeatable): "
    "team.sellers[*].share_on_vendor=0.8, deals.win_rate=0.2, team.hires=2027-03,2027-06, "
    "team.leaving='Seller A@2027-02', goals.target_revenue=600000 ...",
)
@click.option(
    "--save",
    metavar="NAME",
    help="Keep the --what-if as a scenario named NAME in SLUG's newest assessment (its comments "
    "and layout kept; shared with the partner only once you set share: true).",
)
@AS_OF
@_fail_cleanly
def plan(
    slug: str, as_json: bool, what_if: tuple[str, ...], save: str | None, as_of: dt.datetime | None
) -> None:
    """Compute SLUG's plan and print its key figures (and a what-if beside it)."""
    from ..render.export import plan_to_json
    from ..render.terminal import print_summary, print_what_if

    loaded = _load()
    if save and not what_if:
        raise click.UsageError("--save needs at least one --what-if")
    if what_if:
        changes = _changes(what_if)
        result = what_if_plan(loaded, slug, changes, save or "What if", _day(as_of))
        if as_json:
            scenario = result.scenarios[0]
            both = {
                "base": plan_to_json(result, loaded.playbook),
                "what_if": {
                    "changes": changes,
                    "plan": plan_to_json(scenario.plan, loaded.playbook),
                },
            }
            click.echo(json.dumps(both, indent=2, allow_nan=False))
        else:
            print_what_if(out, result, loaded.playbook)
        if save:
            path = save_what_if(loaded, slug, save, changes)
            err.print(f"[green]saved[/green] the scenario {escape(save)!r} in {escape(str(path))}")
        return
    result = plan_partner(loaded, slug, _day(as_of))
    if as_json:
        click.echo(json.dumps(plan_to_json(result, loaded.playbook), indent=2, allow_nan=False))
        return
    _print_warnings(loaded.portfolio)
    print_summary(out, result, loaded.playbook)


def _changes(items: tuple[str, ...]) -> dict[str, Any]:
    from ..inputs.scenarios import from_cli

    try:
        return from_cli(list(items))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
