"""Plan assembly: run every engine stage for one assessment into a frozen :class:`PartnerPlan`.

Pure computation (no I/O). A :class:`Planner` is made once per playbook: it resolves every
segment's parameters and the play table up front, so planning thousands of partners repeats
none of that work and keeps no hidden state.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import JsonValue

from ..domain import Archetype, Condition, GoalKind, Overlay, Pattern
from ..inputs.assessment import Assessment
from ..inputs.playbook import Playbook
from ..inputs.program import Parameters, PlanLevers
from ..inputs.scenarios import Scenario, apply_fields, parse
from .alerts import plan_warnings
from .capability import CapabilityResult, assess_capability
from .chain import Chain, capacity_chain
from .conditions import conditions, forecast_pattern
from .fastinit import fast_init
from .figures import Explained, Figure
from .gapsplit import GapSplit, gap_split
from .growth import Growth, growth
from .hiring import HiringPlan, hiring_plan
from .kpis import KpiPlan, lagging, leading
from .movement import Movement, TrendPoint, movement, trend
from .nextyear import NextYearView, next_year_view
from .phasing import Quarter, capacity_by_quarter, phase
from .plays import GateReason, PlayContext, PlayScore, data_gate, play_rules, rank_plays
from .schedule import Schedule, actions, cadence, give_get, milestones, risks
from .segmentation import archetype, overlays
from .sources import Sources
from .timeline import Notices, Timeline, notices, timeline
from .whatif import NONE as NO_CHANGE
from .whatif import Adjustments, adjustments

HOLD_BAND = 0.005  # a target within half a percent of last year holds revenue


@fast_init
@fast_init
@dataclass(frozen=True, slots=True)
class PlanYear:
    """The plan in time: dates, the hiring route, the volumes by quarter, KPIs and schedule."""

    timeline: Timeline
    notices: Notices
    goal: GoalKind
    hiring: HiringPlan
    quarters: tuple[Quarter, ...]
    first_quarter_gap: float  # phased pipeline needed on day 1 - clean pipeline on hand
    kpis: tuple[KpiPlan, ...]
    schedule: Schedule
    risks: tuple[str, ...]  # keys of plan.yaml risks


@fast_init
@dataclass(frozen=True, slots=True)
class PartnerPlan:
    """Everything computed for one partner, with every named figure explained."""

    slug: str
    assessment: Assessment
    parameters: Parameters
    capability: CapabilityResult
    chain: Chain
    growth: Growth
    data_gate: bool
    data_gate_reasons: tuple[GateReason, ...]  # why it is on: accuracy, bias or a dimension
    conditions: frozenset[Condition]  # what holds for the partner, for the coaching guide
    forecast_pattern: Pattern
    archetype: Archetype
    overlays: tuple[Overlay, ...]
    plays: tuple[PlayScore, ...]  # ranked
    plan_90_day: tuple[str, ...]
    next_year: NextYearView | None
    year: PlanYear
    trend: tuple[TrendPoint, ...]  # every assessment's figures, oldest first
    movement: Movement | None  # since the previous assessment; None when assessed once
    gap: GapSplit  # where the gap to target would come from (the portfolio)
    warnings: tuple[str, ...]
    figures: Mapping[str, Figure]  # every figure, explained, in stage order
    scenarios: tuple[ScenarioPlan, ...] = ()  # the assessment's what-ifs, each planned in full

    def figure(self, key: str) -> Figure:
        return self.figures[key]


@dataclass(frozen=True, slots=True)
class ScenarioPlan:
    """One what-if scenario and the full plan it gives."""

    scenario: Scenario
    plan: PartnerPlan


def goal_kind(a: Assessment, new_partner: bool) -> GoalKind:
    """R28: a first year, growth, a held target, or a target below last year."""
    if new_partner:
        return "new"
    last, target = a.revenue.last_12_months, a.target_revenue
    if target > last * (1 + HOLD_BAND):
        return "grow"
    return "hold" if target >= last * (1 - HOLD_BAND) else "below"


class Planner:
    """Plans partners against one playbook model, as of a date (for staleness notices)."""

    def __init__(self, model: Playbook, as_of: dt.date | None = None) -> None:
        self.model = model
        self.as_of = as_of or dt.date.today()
        program = model.program
        self._parameters = {name: program.resolve(name) for name in program.segments}
        self._default = program.resolve("default")
        self._plays = play_rules(model.plays, program.play_scoring)

    def parameters(self, a: Assessment) -> Parameters:
        """The resolved segment parameters for an assessment, with its own overrides (R31)."""
        name = self.model.program.segment_name(a.partner.segment, a.partner.type)
        found = self._parameters.get(name, self._default)
        if not a.overrides:
            return found
        return found.with_overrides([(o.setting, o.value, o.reason) for o in a.overrides])

    def plan(
        self, slug: str, assessment: Assessment, history: Sequence[Assessment] = ()
    ) -> PartnerPlan:
        """Compute the full plan for one partner, and each of its what-if scenarios with the
        same engine.

        ``history`` holds the partner's earlier assessments, oldest first; the plan keeps their
        figures per date (the capability index with this segment's weights, so the trend
        compares like with like).
        """
        base = self._plan(slug, assessment, history, NO_CHANGE)
        if not assessment.scenarios:
            return base
        found = tuple(
            ScenarioPlan(s, self.what_if(slug, assessment, history, s.changes))
            for s in assessment.scenarios
        )
        return dataclasses.replace(base, scenarios=found)

    def what_if(
        self,
        slug: str,
        assessment: Assessment,
        history: Sequence[Assessment],
        changes: Mapping[str, JsonValue],
    ) -> PartnerPlan:
        """The plan with a scenario's changes (validated like the assessment's own fields)."""
        parsed = parse(changes)
        changed = apply_fields(assessment, parsed).model_copy(update={"scenarios": []})
        start = timeline(changed, self.model.plan.start_after_days).start
        return self._plan(slug, changed, history, adjustments(parsed, start))

    def _plan(
        self,
        slug: str,
        assessment: Assessment,
        history: Sequence[Assessment],
        adjust: Adjustments,
    ) -> PartnerPlan:
        a, program = assessment, self.model.program
        p, levers, thresholds = self.parameters(a), program.plan_levers, program.thresholds
        cap = assess_capability(a, p.weights, program)
        chain = capacity_chain(a, p, program, adjust)
        grow = growth(a, chain.targets, chain.productivity, chain.staffing, p, levers)
        levels = {r.dimension: r.used for r in cap.dimensions}
        reasons = data_gate(cap.forecast_accuracy, cap.forecast_bias, levels, thresholds)
        context = _play_context(a, cap, chain, grow, bool(reasons), levers)
        ranked, focus = rank_plays(self._plays, context)
        nxt = next_year_view(a, chain.productivity, chain.staffing, levers)
        marks = overlays(a, p.defaults.new_partner_tenure_months, thresholds, cap.tier_at_risk)
        year = self._year(a, cap, chain, grow, focus, (bool(reasons), marks, adjust))
        split = gap_split(
            chain.ceilings,
            chain.productivity,
            chain.staffing,
            year.hiring,
            chain.targets.retained_revenue,
        )
        results = (*chain.stages(), grow, year.hiring, split, *([nxt] if nxt else []), cap)
        points = trend(a, history, p.weights, cap.capability_index, cap.forecast_accuracy)
        return PartnerPlan(
            slug=slug, assessment=a, parameters=p, capability=cap, chain=chain, growth=grow,
            data_gate=bool(reasons), data_gate_reasons=reasons,
            conditions=conditions(
                a, p, cap, chain, year.first_quarter_gap, grow.recurring, bool(reasons), thresholds
            ),
            forecast_pattern=forecast_pattern(cap.forecast_accuracy, cap.forecast_bias, thresholds),
            archetype=archetype(cap.capability_index, chain.ceilings.capacity_index, thresholds),
            overlays=marks, plays=ranked, plan_90_day=focus, next_year=nxt, year=year,
            trend=points, movement=movement(points), gap=split, warnings=plan_warnings(
                a, p, levers, chain, cap, (year.timeline.start, year.timeline.end)
            ),
            figures=Explained(results, Sources(a, p, program)),
        )  # fmt: skip

    def _year(
        self, a: Assessment, cap: CapabilityResult, chain: Chain, grow: Growth,
        focus: Sequence[str], more: tuple[bool, Sequence[Overlay], Adjustments],
    ) -> PlanYear:  # fmt: skip
        (gate, marks, adjust), model, s = more, self.model, chain.staffing
        t = timeline(a, model.plan.start_after_days)
        p_plan = chain.productivity.productivity_plan
        in_focus = model.plays.gates["time-share"] in focus
        hiring = hiring_plan(s, p_plan, in_focus, adjust.hire_starts)
        quarters = _quarters(chain, hiring, model, t)
        gap = quarters[0].pipeline_at_start - chain.coverage.pipeline_on_hand
        kpis, grr_bench = model.plan.kpis, self.parameters(a).benchmarks.grr
        first = min(hiring.hire_starts, default=None)
        first_hire = None if first is None else t.after_months(first)
        limit = model.program.thresholds.stale_assessment_days
        return PlanYear(
            timeline=t,
            notices=notices(a.assessment.date, a.assessment.next_meeting, self.as_of, limit),
            goal=goal_kind(a, chain.targets.new_partner),
            hiring=hiring,
            quarters=quarters,
            first_quarter_gap=gap,
            kpis=(
                *leading(a, chain, quarters, kpis, model.program),
                *lagging(a, cap, chain, quarters, kpis, grow.recurring, grr_bench),
            ),
            schedule=Schedule(
                actions(focus, cap.unknown, hiring, model, t),
                milestones(quarters, hiring, first_hire, model.plan, t),
                cadence(a, chain, model, t),
                give_get(focus, a, hiring),
                first_hire,
                t.day(model.plan.actions.requisitions.due_day),
                t.day(model.plan.actions.time_share.due_day),
                t.after_months(s.latest_requisition_month),
            ),
            risks=risks(
                chain, hiring, gap, gate, "Defend" in marks, grow.recurring, cap.tier_at_risk
            ),
        )


def _quarters(
    chain: Chain, hiring: HiringPlan, model: Playbook, t: Timeline
) -> tuple[Quarter, ...]:
    """R25: the year's volumes phased by the capacity of each quarter, with the plan's
    time-share from the start and the planned hires from their start."""
    s, f, cov = chain.staffing, chain.flow, chain.coverage
    shares = s.shares
    if hiring.raises_time_share:
        shares = tuple(max(x, model.program.plan_levers.target_time_share) for x in shares)
    k = capacity_by_quarter(shares, s.tenures, hiring.hire_starts, s.ramp_months_used, s.windows)
    return phase(
        k, t.quarter_ends, chain.targets.new_bookings_needed, f.deals_needed,
        f.opportunities_to_create, cov.coverage_target, cov.pre_open_share,
        model.plan.money_unit,
    )  # fmt: skip


def _play_context(
    a: Assessment,
    cap: CapabilityResult,
    chain: Chain,
    grow: Growth,
    gate: bool,
    levers: PlanLevers,
) -> PlayContext:
    s = chain.staffing
    return PlayContext(
        weights=grow.weights,
        gaps={r.dimension: r.gap for r in cap.dimensions},
        unknown=frozenset(cap.unknown),
        signed_off=a.assessment.partner_exec_signed_off,
        q1_pipeline_gap=chain.coverage.q1_pipeline_gap,
        hires=s.hires,
        gap_plan=s.fte_gap,
        reallocation=s.reallocation_capacity,
        t_hire=s.t_hire,
        t_ramp=s.ramp_months_used,
        cycle_days=chain.conversion.sales_cycle_days_used,
        mode=grow.mode,
        recurring=grow.recurring,
        data_gate=gate,
        small_gap_fte=levers.small_gap_fte,
    )


def plan_assessment(
    slug: str,
    assessment: Assessment,
    model: Playbook,
    history: Sequence[Assessment] = (),
    as_of: dt.date | None = None,
) -> PartnerPlan:
    """Plan one partner with a planner made for this call (tests and one-off use)."""
    return Planner(model, as_of).plan(slug, assessment, history)
