"""Plan assembly: run every engine stage for one assessment into a frozen :class:`PartnerPlan`.

Pure computation (no I/O). A :class:`Planner` is made once per playbook: it resolves every
segment's parameters and the play table up front, so planning thousands of partners repeats
none of that work and keeps no hidden state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from ..domain import Archetype, Condition, Overlay, Pattern
from ..inputs.assessment import Assessment
from ..inputs.playbook import Playbook
from ..inputs.program import Parameters, PlanLevers
from .alerts import plan_warnings
from .capability import CapabilityResult, assess_capability, capability_index
from .chain import Chain, capacity_chain
from .conditions import conditions, forecast_pattern
from .fastinit import fast_init
from .figures import Figure, explain
from .growth import Growth, growth
from .nextyear import NextYearView, next_year_view
from .plays import GateReason, PlayContext, PlayScore, data_gate, play_rules, rank_plays
from .segmentation import archetype, overlays
from .sources import Sources


@fast_init
@dataclass(frozen=True, slots=True)
class TrendPoint:
    date: dt.date
    capability_index: float


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
    trend: tuple[TrendPoint, ...]  # capability index per assessment date, oldest first
    warnings: tuple[str, ...]
    figures: Mapping[str, Figure]  # every figure, explained, in stage order

    def figure(self, key: str) -> Figure:
        return self.figures[key]


class Planner:
    """Plans partners against one playbook model."""

    def __init__(self, model: Playbook) -> None:
        self.model = model
        program = model.program
        self._parameters = {name: program.resolve(name) for name in program.segments}
        self._default = program.resolve("default")
        self._plays = play_rules(model.plays, program.play_scoring)

    def parameters(self, a: Assessment) -> Parameters:
        """The resolved segment parameters for an assessment."""
        name = self.model.program.segment_name(a.partner.segment, a.partner.type)
        return self._parameters.get(name, self._default)

    def plan(
        self, slug: str, assessment: Assessment, history: Sequence[Assessment] = ()
    ) -> PartnerPlan:
        """Compute the full plan for one partner.

        ``history`` holds the partner's earlier assessments, oldest first; the plan keeps their
        capability index per date (with this segment's weights, so the trend compares like with
        like).
        """
        a, program = assessment, self.model.program
        p, levers, thresholds = self.parameters(a), program.plan_levers, program.thresholds
        cap = assess_capability(a, p.weights, program)
        chain = capacity_chain(a, p, program)
        grow = growth(a, chain.targets, chain.productivity, chain.staffing, p, levers)
        reasons = data_gate(
            cap.forecast_accuracy,
            cap.forecast_bias,
            {r.dimension: r.used for r in cap.dimensions},
            thresholds,
        )
        gate = bool(reasons)
        ranked, focus = rank_plays(self._plays, _play_context(a, cap, chain, grow, gate, levers))
        nxt = next_year_view(a, chain.productivity, chain.staffing, levers)
        results = (*chain.stages(), grow, *([nxt] if nxt else []), cap)
        return PartnerPlan(
            slug=slug,
            assessment=a,
            parameters=p,
            capability=cap,
            chain=chain,
            growth=grow,
            data_gate=gate,
            data_gate_reasons=reasons,
            conditions=conditions(a, p, cap, chain, grow.recurring, gate, thresholds),
            forecast_pattern=forecast_pattern(cap.forecast_accuracy, cap.forecast_bias, thresholds),
            archetype=archetype(cap.capability_index, chain.ceilings.capacity_index, thresholds),
            overlays=overlays(
                a, p.defaults.new_partner_tenure_months, thresholds, cap.tier_at_risk
            ),
            plays=ranked,
            plan_90_day=focus,
            next_year=nxt,
            trend=_trend(a, cap, history, p),
            warnings=plan_warnings(a, p, levers, chain, cap),
            figures=MappingProxyType(explain(results, Sources(a, p, program))),
        )


def _trend(
    a: Assessment, cap: CapabilityResult, history: Sequence[Assessment], p: Parameters
) -> tuple[TrendPoint, ...]:
    """The capability index at every assessment date, with today's weights for all."""
    earlier = (
        TrendPoint(h.assessment.date, capability_index(h.capabilities, p.weights)) for h in history
    )
    return (*earlier, TrendPoint(a.assessment.date, cap.capability_index))


def _play_context(
    a: Assessment, cap: CapabilityResult, chain: Chain, grow: Growth, gate: bool, levers: PlanLevers
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
    slug: str, assessment: Assessment, model: Playbook, history: Sequence[Assessment] = ()
) -> PartnerPlan:
    """Plan one partner with a planner made for this call (tests and one-off use)."""
    return Planner(model).plan(slug, assessment, history)
