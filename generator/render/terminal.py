"""`playbook plan SLUG`: the key figures of one plan as a readable terminal summary."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..engine.planning import PartnerPlan
from ..inputs.playbook import Playbook
from .formatting import KEY_FIGURES, format_value
from .plandoc import PlanDocument, build_plan_document
from .whatif import what_if


def _headline(console: Console, plan: PartnerPlan, doc: PlanDocument) -> None:
    """The plan as the documents state it: the same goal sentence, dates, hiring and quarters."""
    a, h = plan.assessment, plan.year.hiring
    console.print(
        f"[bold]{escape(a.partner.name)}[/bold] ({plan.slug}) - {a.partner.tier.value}, "
        f"assessed {doc.assessed}, plan year {doc.period[0]} to {doc.period[1]}"
    )
    for notice in doc.notices:
        console.print(f"[yellow]notice:[/yellow] {escape(notice)}")
    console.print(f"Goal: {escape(doc.goal)}.")
    console.print(f"What has to multiply: {escape(doc.multiplier)}")
    overlays = ", ".join(plan.overlays) or "none"
    console.print(f"mode {plan.growth.mode} - archetype {plan.archetype} - overlays {overlays}")
    console.print(f"Hiring route {h.route}: {h.hires_planned} hires planned")
    console.print("[bold]Key figures, as the plan shows them[/bold]")
    for label, value, _ in doc.key_numbers:
        console.print(f"  {escape(label)}: {escape(value)}")
    quarters = "; ".join(
        f"Q{q.number} {q.new_bookings} ({q.won_deals} deals, {q.opportunities} opportunities, "
        f"{q.pipeline_at_start} pipeline at its start)"
        for q in doc.quarters
    )
    console.print(f"New bookings by quarter: {escape(quarters)}")


def print_summary(console: Console, plan: PartnerPlan, playbook: Playbook) -> None:
    """Print the plan's headline, its key figures by section, the 90-day plays and warnings."""
    a = plan.assessment
    currency = a.partner.currency
    _headline(console, plan, build_plan_document(plan, playbook))
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


def print_what_if(console: Console, plan: PartnerPlan, playbook: Playbook) -> None:
    """The plan and its what-if side by side, as the plan page would show them."""
    comparison = what_if(plan, playbook, shared_only=False)
    assert comparison is not None
    a = plan.assessment
    console.print(f"[bold]{escape(a.partner.name)}[/bold] ({plan.slug}): the plan and a what-if")
    table = Table(show_header=True, box=None, pad_edge=False)
    table.add_column("")
    for column in comparison.columns:
        table.add_column(escape(column.name), overflow="fold")
    for i, label in enumerate(comparison.rows):
        table.add_row(escape(label), *(escape(c.values[i]) for c in comparison.columns))
    console.print(table)
    console.print(escape(comparison.proposal))
    for warning in plan.scenarios[0].plan.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}")
