"""Play scoring (§4.4), gates and the 90-day focus (§4.5, §8 R20-R22).

Every term of S_p is kept on the result so the plan can show why a play ranks where it does:
S_p = (Σ_l L_l·a_p,l) * (1 + gap_factor·G_p) * T_p * K_p * U_p / E_p, with the constants from
program.yaml (play_scoring) and the pinned plays named by their ``gate:`` in plays.yaml.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..domain import Dimension, Gate, Lever, Mode, PinnedBy
from ..inputs.playbook import ImpactTime, PlayLibrary, PlaySpec
from ..inputs.program import PlayScoring, Thresholds
from .fastinit import fast_init


@fast_init
@dataclass(frozen=True, slots=True)
class PlayContext:
    """The plain values play scoring needs for one partner."""

    weights: Mapping[Lever, float]
    gaps: Mapping[Dimension, int]  # tier target - score, at least 0 (unknown counts as 1)
    unknown: frozenset[Dimension]
    signed_off: bool
    q1_pipeline_gap: float
    hires: int  # plan case
    gap_plan: float
    reallocation: float
    t_hire: float
    t_ramp: float
    cycle_days: float
    mode: Mode
    recurring: bool
    data_gate: bool
    small_gap_fte: float


@fast_init
@dataclass(frozen=True, slots=True)
class PlayScore:
    """One play's score with every term, its eligibility and its place in the plan."""

    id: str
    name: str
    lever_sum: float  # Σ L_l · a_p,l
    gap: int  # G_p
    gap_factor: float  # 1 + gap_factor · G_p
    months: float  # m_p, months until the play pays off
    timing: float  # T_p = max(0, 12 - m_p) / 12
    confidence: float  # K_p
    urgency: float  # U_p
    effort: int  # E_p
    score: float
    eligible: bool
    ineligible_reason: str | None
    pinned_by: PinnedBy | None
    in_plan: bool
    rank: int


def impact_months(impact: ImpactTime, t_hire: float, t_ramp: float, cycle_days: float) -> float:
    """m_p = months + hire * T_hire + ramp * T_ramp (+ C/30 when the play waits for a cycle)."""
    months = impact.months + impact.hire * t_hire + impact.ramp * t_ramp
    return months + cycle_days / 30.0 if impact.cycle else months


def confidence(
    builds: Sequence[Dimension], unknown: frozenset[Dimension], signed_off: bool, k: PlayScoring
) -> float:
    """K_p (R21): lowest when the play builds a dimension scored unknown; highest when the
    partner's executive signed off and no dimension is unknown (good data); else the default."""
    if not unknown.isdisjoint(builds):
        return k.confidence_unknown
    return k.confidence_signed_off if signed_off and not unknown else k.confidence_default


GateReason = Literal["accuracy", "bias"] | Dimension
_HYGIENE = (Dimension.pipeline_management, Dimension.forecasting)


def data_gate(
    accuracy: float | None,
    bias: float | None,
    levels: Mapping[Dimension, int],
    thresholds: Thresholds,
) -> tuple[GateReason, ...]:
    """Why the R22 data gate is on (empty when off): FA < 0.8, |bias| > 0.15 (both only with
    history), D4 ≤ 2 or D5 ≤ 2."""
    reasons: list[GateReason] = []
    if accuracy is not None and accuracy < thresholds.forecast_accuracy_gate:
        reasons.append("accuracy")
    if bias is not None and abs(bias) > thresholds.forecast_bias_gate:
        reasons.append("bias")
    reasons += [d for d in _HYGIENE if levels[d] <= thresholds.hygiene_gate_level]
    return tuple(reasons)


def ineligible_reason(spec: PlaySpec, ctx: PlayContext) -> str | None:
    """Why a play cannot be chosen for this partner (R22), or None when it can."""
    if spec.eligibility == "recurring" and not ctx.recurring:
        return "only for partners with a recurring base"
    if spec.eligibility == "new" and ctx.mode != "new":
        return "only for new partners"
    if spec.eligibility == "hiring" and not (ctx.hires >= 1 and ctx.gap_plan > ctx.reallocation):
        return "only when hires are needed beyond what time-share covers"
    if spec.eligibility == "time-share" and not (ctx.reallocation > 0 and ctx.gap_plan > 0):
        return "only when raising time-share adds capacity the plan needs"
    return None


def pins(ctx: PlayContext) -> list[tuple[Gate, PinnedBy]]:
    """The gates that fire, in order: data, lead-time (time-share or hiring), new partner."""
    pinned: list[tuple[Gate, PinnedBy]] = []
    if ctx.data_gate:
        pinned.append(("data", "data"))
    if ctx.gap_plan > ctx.small_gap_fte:
        if ctx.reallocation >= ctx.gap_plan:
            pinned.append(("time-share", "lead-time"))
        elif ctx.hires >= 1:
            pinned.append(("hiring", "lead-time"))
    if ctx.mode == "new":
        pinned.append(("new-partner", "new-partner"))
    return pinned


@dataclass(frozen=True, slots=True)
class _Play:
    """A play's static data in the shape the scoring loop wants."""

    spec: PlaySpec
    levers: tuple[tuple[Lever, float], ...]
    builds: tuple[Dimension, ...]
    acts_on_pipeline: bool
    acts_on_capacity: bool
    any_partner: bool  # eligibility "any"


@dataclass(frozen=True, slots=True)
class PlayRules:
    """The play library, the scoring constants and the gates' plays: built once per playbook."""

    plays: tuple[_Play, ...]
    scoring: PlayScoring
    gates: Mapping[Gate, str]
    heaviest: int  # the effort of which at most max_heavy_plays may be in the focus


def play_rules(library: PlayLibrary, scoring: PlayScoring) -> PlayRules:
    plays = tuple(
        _Play(
            spec,
            tuple(spec.levers.items()),
            tuple(spec.builds),
            spec.levers.get(Lever.pipeline_per_seller, 0.0) > 0,
            spec.levers.get(Lever.capacity, 0.0) > 0,
            spec.eligibility == "any",
        )
        for spec in library.plays
    )
    return PlayRules(plays, scoring, library.gates, max(p.effort for p in library.plays))


_Terms = tuple[float, int, float, float, float, float, float, "str | None"]


def _terms(play: _Play, ctx: PlayContext, k: PlayScoring, short: bool, hiring: bool) -> _Terms:
    """Σ L·a, G, m, T, K, U, S_p and the ineligibility reason for one play."""
    weights, gaps = ctx.weights, ctx.gaps
    lever_sum = 0.0
    for lever, relevance in play.levers:
        lever_sum += weights.get(lever, 0.0) * relevance
    gap = 0
    for d in play.builds:
        if gaps[d] > gap:
            gap = gaps[d]
    months = impact_months(play.spec.impact, ctx.t_hire, ctx.t_ramp, ctx.cycle_days)
    timing = max(0.0, 12.0 - months) / 12.0
    conf = confidence(play.builds, ctx.unknown, ctx.signed_off, k)
    # R20: a lever that is short right now (Q1 pipeline, or hires needed) makes a play urgent.
    hot = (short and play.acts_on_pipeline) or (hiring and play.acts_on_capacity)
    u = k.urgency if hot else 1.0
    score = lever_sum * (1.0 + k.gap_factor * gap) * timing * conf * u / play.spec.effort
    reason = None if play.any_partner else ineligible_reason(play.spec, ctx)
    return lever_sum, gap, months, timing, conf, u, score, reason


def _focus(
    rules: PlayRules, terms: Mapping[str, _Terms], gated: Sequence[str], rest: Sequence[str]
) -> list[str]:
    """The pinned plays, then the best-scoring eligible ones: focus_size in all (more when two or
    more are pinned), at most max_heavy_plays of the heaviest effort, never a play scoring 0."""
    k, effort = rules.scoring, {p.spec.id: p.spec.effort for p in rules.plays}
    chosen = list(gated)
    size = k.focus_size_pinned if len(chosen) >= 2 else k.focus_size
    heavy = sum(1 for pid in chosen if effort[pid] == rules.heaviest)
    for pid in rest:
        if len(chosen) >= size or terms[pid][6] <= 0:
            break
        if effort[pid] == rules.heaviest:
            if heavy >= k.max_heavy_plays:
                continue
            heavy += 1
        chosen.append(pid)
    return chosen


def rank_plays(rules: PlayRules, ctx: PlayContext) -> tuple[tuple[PlayScore, ...], tuple[str, ...]]:
    """Score every play, apply the gates and pick the 90-day focus.

    Returns all plays ranked (pinned in gate order, then eligible by score descending and id,
    then ineligible by id) and the ids of the 90-day plan.
    """
    k = rules.scoring
    by_id = {play.spec.id: play for play in rules.plays}
    short, hiring = ctx.q1_pipeline_gap > 0, ctx.hires >= 1
    terms = {pid: _terms(play, ctx, k, short, hiring) for pid, play in by_id.items()}
    pinned_by = {
        rules.gates[gate]: why for gate, why in pins(ctx) if terms[rules.gates[gate]][7] is None
    }
    gated = list(pinned_by)
    rest = sorted(
        (pid for pid, t in terms.items() if pid not in pinned_by and t[7] is None),
        key=lambda pid: (-terms[pid][6], pid),
    )
    chosen = _focus(rules, terms, gated, rest)
    order = gated + rest + sorted(pid for pid, t in terms.items() if t[7])
    ranked = []
    for rank, pid in enumerate(order, start=1):
        spec = by_id[pid].spec
        lever_sum, gap, months, timing, conf, u, score, reason = terms[pid]
        ranked.append(
            PlayScore(
                spec.id, spec.name, lever_sum, gap, 1.0 + k.gap_factor * gap, months, timing,
                conf, u, spec.effort, score, reason is None, reason, pinned_by.get(pid),
                pid in chosen, rank,
            )
        )  # fmt: skip
    return tuple(ranked), tuple(chosen)
