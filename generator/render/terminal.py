"""`playbook plan SLUG`: the key figures of one plan as a readable terminal summary."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..engine.planning import PartnerPlan
from .formatting import KEY_FIGURES, format_value


def print_summary(console: Console, plan: PartnerPlan) -> None:
    """Print the plan's headline, its key figures by section, the 90-day plays and warnings."""
    a = plan.assessment
    currency = a.partner.currency
    console.print(
        f"[bold]{escape(a.partner.name)}[/bold] ({plan.slug}) - {a.partner.tier.value}, "
        f"assessed {a.assessment.date.isoformat()}, target {currency} {a.target_revenue:,.0f}"
    )
    overlays = ", ".join(plan.overlays) or "none"
    console.print(f"mode {plan.growth.mode} - archetype {plan.archetype} - overlays {overlays}")
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("flag")
    for title, keys in KEY_FIGURES:
        table.add_row(f"[bold]{title}[/bold]", "", "")
        for key in keys:
            fig = plan.figures.get(key)
            if fig is None:
                continue
            flag = "low confidence" if fig.low_confidence else ""
            table.add_row(f"  {escape(fig.label)}", format_value(fig, currency), flag)
    console.print(table)
    shares = ", ".join(
        f"{lever.value.replace('_', ' ')} {weight * 100:.0f}%"
        for lever, weight in plan.growth.weights.items()
        if weight > 0
    )
    console.print(f"[bold]Lever weights[/bold] {shares or 'none'}")
    console.print("[bold]90-day plays[/bold]")
    by_id = {s.id: s for s in plan.plays}
    for play_id in plan.plan_90_day:
        score = by_id[play_id]
        why = f"pinned by the {score.pinned_by} gate" if score.pinned_by else "by score"
        console.print(f"  {play_id} {escape(score.name)} - score {score.score:.3f}, {why}")
    for warning in plan.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}")
