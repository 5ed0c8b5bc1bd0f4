"""What-if scenarios side by side (issue 13): the plan and each scenario's plan, compared on
the figures a partner's owner asks about, what each scenario changes in words, and which one to
propose. Every value is the engine's, formatted like the rest of the plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..engine.planning import PartnerPlan, ScenarioPlan
from ..inputs.planyear import month_start
from ..inputs.playbook import Playbook
from ..inputs.scenarios import parse
from ..wording import counted, money, month_words, number_word, one_decimal, percent, whole
from . import charts

# How each changed field's value reads (the rest are money).
_PERCENT = {"share_on_vendor", "attrition", "gross_revenue_retention", "slip_share", "win_rate"}
_MONTHS = {"tenure_months", "time_to_hire_months", "ramp_months"}


@dataclass(frozen=True, slots=True)
class Column:
    """The plan or one scenario: its name, one line about it, and its values by row."""

    name: str
    description: str
    shared: bool
    values: tuple[str, ...]  # in the order of the rows


@dataclass(frozen=True, slots=True)
class WhatIf:
    """The comparison: row labels, the columns (the plan first), a chart and the proposal."""

    rows: tuple[str, ...]
    columns: tuple[Column, ...]
    chart: str
    proposal: str


def _value(name: str, value: object, currency: str) -> str:
    assert isinstance(value, int | float)
    if name in _PERCENT:
        return percent(float(value))
    if name in _MONTHS:
        return f"{one_decimal(float(value))} months"
    if name == "sales_cycle_days":
        return f"{whole(float(value))} days"
    if name == "growth_multiple":
        return f"{one_decimal(float(value))}x"
    return money(float(value), currency)


def _months(months: Sequence[str]) -> str:
    words = [month_words(month_start(m)) for m in sorted(months)]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def change_words(sp: ScenarioPlan, base: PartnerPlan, playbook: Playbook) -> str:
    """What a scenario changes, in the partner's words: 'every seller at 80% of their time on
    our line; a win rate of 20%'."""
    text, a = playbook.plan.scenarios.changes, base.assessment
    currency, parsed, out = a.partner.currency, parse(sp.scenario.changes), []
    for change in parsed.fields:
        value = _value(change.name, change.value, currency)
        if change.sellers is None:
            out.append(text[f"{change.section}.{change.name}"].format(value=value))
        elif change.sellers == "*":
            out.append(text[f"team.sellers[*].{change.name}"].format(value=value))
        else:
            seller = a.team.sellers[int(change.sellers)].name
            out.append(text[f"team.sellers[].{change.name}"].format(value=value, seller=seller))
    if parsed.win_rate is not None:
        out.append(text["deals.win_rate"].format(value=percent(parsed.win_rate)))
    if parsed.hires is not None:
        count = counted(len(parsed.hires), "new seller", words=True)
        out.append(text["team.hires"].format(count=count, months=_months(parsed.hires)))
    for seller, month in parsed.leaving:
        when = month_words(month_start(month))
        out.append(text["team.leaving"].format(seller=seller, month=when))
    return "; ".join(out)


def _column(
    head: tuple[str, str, bool],
    plan: PartnerPlan,
    base: PartnerPlan,
    playbook: Playbook,
    changes: str,
) -> Column:
    """One column: ``head`` is its name, its line and whether the partner's plan shows it."""
    currency = plan.assessment.partner.currency
    g, c, h = plan.gap, plan.chain, plan.year.hiring
    same = tuple(plan.plan_90_day) == tuple(base.plan_90_day)
    plays = playbook.plan.scenarios.same_plays if same and plan is not base else "; ".join(
        playbook.plays.play(p).name for p in plan.plan_90_day
    )  # fmt: skip
    growth = c.targets.growth_reported
    values = (
        changes,
        money(g.reach_with_plan, currency),
        money(c.ceilings.capacity_ceiling, currency),
        number_word(h.hires_planned),
        money(c.coverage.pipeline_needed_at_quarter_start, currency),
        whole(c.flow.opportunities_per_quarter),
        "a first year" if growth is None else f"{one_decimal(growth)}x",
        plays,
    )
    return Column(*head, values)


def what_if(plan: PartnerPlan, playbook: Playbook, shared_only: bool) -> WhatIf | None:
    """The comparison of the plan with its scenarios (the shared ones only, for the partner's
    plan); None when there is none to compare."""
    chosen = [s for s in plan.scenarios if s.scenario.share or not shared_only]
    if not chosen:
        return None
    text = playbook.plan.scenarios
    columns = [_column((text.base, "", True), plan, plan, playbook, text.base_changes)]
    for sp in chosen:
        s, words = sp.scenario, change_words(sp, plan, playbook)
        columns.append(_column((s.name, s.description, s.share), sp.plan, plan, playbook, words))
    plans = [plan, *(s.plan for s in chosen)]
    reach = [(col.name, p.gap.reach_with_plan) for col, p in zip(columns, plans, strict=True)]
    a = plan.assessment
    chart = charts.reach_bars(
        "What can each plan reach?", reach, a.target_revenue, a.partner.currency
    )
    proposal = _proposal(plan, chosen, playbook)
    return WhatIf(tuple(text.rows.values()), tuple(columns), chart, proposal)


def _proposal(plan: PartnerPlan, chosen: Sequence[ScenarioPlan], playbook: Playbook) -> str:
    """The scenario to propose: one that reaches the goal with the fewest hires (then the most
    revenue); else the one that comes closest."""
    text, target = playbook.plan.scenarios, plan.assessment.target_revenue
    currency = plan.assessment.partner.currency
    reaching = [s for s in chosen if s.plan.gap.reach_with_plan >= target]
    if reaching:
        best = min(
            reaching,
            key=lambda s: (s.plan.year.hiring.hires_planned, -s.plan.gap.reach_with_plan),
        )
        template = text.propose
    else:
        best = max(chosen, key=lambda s: s.plan.gap.reach_with_plan)
        template = text.propose_none
    hires = best.plan.year.hiring.hires_planned
    return template.format(
        scenario=best.scenario.name,
        reach=money(best.plan.gap.reach_with_plan, currency),
        target=money(target, currency),
        hires_words="no new seller" if hires == 0 else counted(hires, "new seller", words=True),
    )
