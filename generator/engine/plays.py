"""Play scoring (§4.4), gates and the 90-day focus (§4.5, §8 R20-R22).

Every term of S_p is kept on the result so the plan can show why a play ranks where it does:
S_p = (Σ_l L_l·a_p,l) * (1 + 0.25·G_p) * T_p * K_p * U_p / E_p.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..domain import Dimension, Lever, Mode, PinnedBy
from ..inputs.playbook import ImpactTime, PlaySpec, Thresholds
from .fastinit import fast_init

HYGIENE_PLAY = "P01"
HIRING_PLAY = "P09"
TIME_SHARE_PLAY = "P10"
ACTIVATION_PLAY = "P14"


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
@dataclass(frozen=True)
class PlayScore:
    """One play's score with every term, its eligibility and its place in the plan."""

    id: str
    name: str
    lever_sum: float  # Σ L_l · a_p,l
    gap: int  # G_p
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

    @property
    def gap_factor(self) -> float:
        return 1.0 + 0.25 * self.gap


def impact_months(impact: ImpactTime, t_hire: float, t_ramp: float, cycle_days: float) -> float:
    """m_p = months + hire * T_hire + ramp * T_ramp (+ C/30 when the play waits for a cycle)."""
    months = impact.months + impact.hire * t_hire + impact.ramp * t_ramp
    return months + cycle_days / 30.0 if impact.cycle else months


def confidence(
    builds: Sequence[Dimension], unknown: frozenset[Dimension], signed_off: bool
) -> float:
    """K_p (R21): 0.5 when the play builds a dimension scored unknown; 1.0 when the partner's
    executive signed off and no dimension is unknown (good data); else 0.75."""
    if not unknown.isdisjoint(builds):
        return 0.5
    return 1.0 if signed_off and not unknown else 0.75


def data_gate(
    accuracy: float | None,
    bias: float | None,
    pipeline_level: int,
    forecast_level: int,
    thresholds: Thresholds,
) -> bool:
    """R22 data gate: FA < 0.8, |bias| > 0.15, D4 ≤ 2 or D5 ≤ 2 (FA and bias only with history)."""
    return (
        (accuracy is not None and accuracy < thresholds.forecast_accuracy_gate)
        or (bias is not None and abs(bias) > thresholds.forecast_bias_gate)
        or pipeline_level <= thresholds.hygiene_gate_level
        or forecast_level <= thresholds.hygiene_gate_level
    )


def ineligible_reason(spec: PlaySpec, ctx: PlayContext) -> str | None:
    """Why a play cannot be chosen for this partner (R22), or None when it can."""
    if spec.eligibility == "recurring" and not ctx.recurring:
        return "only for partners with a recurring base"
    if spec.eligibility == "new" and ctx.mode != "new":
        return "only for new partners"
    if spec.eligibility == "hiring" and not (ctx.hires >= 1 and ctx.gap_plan > ctx.reallocation):
        return "only when hires are needed beyond what time-share covers"
    return None


def pins(ctx: PlayContext) -> list[tuple[str, PinnedBy]]:
    """The gates in order: data (P01), lead-time (P10 or P09), new partner (P14)."""
    pinned: list[tuple[str, PinnedBy]] = []
    if ctx.data_gate:
        pinned.append((HYGIENE_PLAY, "data"))
    if ctx.gap_plan > ctx.small_gap_fte:
        if ctx.reallocation >= ctx.gap_plan:
            pinned.append((TIME_SHARE_PLAY, "lead-time"))
        elif ctx.hires >= 1:
            pinned.append((HIRING_PLAY, "lead-time"))
    if ctx.mode == "new":
        pinned.append((ACTIVATION_PLAY, "new-partner"))
    return pinned


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A play's static data in the shape the scoring loop wants (built once per library)."""

    spec: PlaySpec
    levers: tuple[tuple[Lever, float], ...]
    builds: tuple[Dimension, ...]
    acts_on_pipeline: bool
    acts_on_capacity: bool
    effort: int
    any_partner: bool  # eligibility "any"


def play_table(library: Sequence[PlaySpec]) -> tuple[_Prepared, ...]:
    """The play library in the shape the scoring loop wants: built once per playbook."""
    return tuple(
        _Prepared(
            spec,
            tuple(spec.levers.items()),
            tuple(spec.builds),
            spec.levers.get(Lever.pipeline_per_seller, 0.0) > 0,
            spec.levers.get(Lever.capacity, 0.0) > 0,
            spec.effort,
            spec.eligibility == "any",
        )
        for spec in library
    )


_Terms = tuple[float, int, float, float, float, float, float, "str | None"]


def _terms(play: _Prepared, ctx: PlayContext, pipeline_short: bool, hiring: bool) -> _Terms:
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
    k = confidence(play.builds, ctx.unknown, ctx.signed_off)
    # R20: a lever that is short right now (Q1 pipeline, or hires needed) makes a play urgent.
    hot = (pipeline_short and play.acts_on_pipeline) or (hiring and play.acts_on_capacity)
    u = 1.25 if hot else 1.0
    score = lever_sum * (1.0 + 0.25 * gap) * timing * k * u / play.effort
    reason = None if play.any_partner else ineligible_reason(play.spec, ctx)
    return lever_sum, gap, months, timing, k, u, score, reason


def rank_plays(
    table: Sequence[_Prepared], ctx: PlayContext
) -> tuple[tuple[PlayScore, ...], tuple[str, ...]]:
    """Score every play, apply the gates and pick the 90-day focus.

    Returns all plays ranked (pinned in gate order, then eligible by score descending and id,
    then ineligible by id) and the ids of the 90-day plan: 3 plays, 4 when two or more are
    pinned, at most one of effort 3, never a play scoring 0 unless a gate pinned it.
    """
    pipeline_short, hiring = ctx.q1_pipeline_gap > 0, ctx.hires >= 1
    plays = {play.spec.id: play for play in table}
    terms = {pid: _terms(play, ctx, pipeline_short, hiring) for pid, play in plays.items()}
    gated = [(pid, why) for pid, why in pins(ctx) if pid in terms and terms[pid][7] is None]
    pinned_by = dict(gated)
    chosen = [pid for pid, _ in gated]
    size = 4 if len(chosen) >= 2 else 3
    heavy = sum(1 for pid in chosen if plays[pid].effort == 3)
    rest = sorted(
        (pid for pid, t in terms.items() if pid not in pinned_by and t[7] is None),
        key=lambda pid: (-terms[pid][6], pid),
    )
    for pid in rest:
        if len(chosen) >= size or terms[pid][6] <= 0:
            break
        if plays[pid].effort == 3:
            if heavy:
                continue
            heavy += 1
        chosen.append(pid)
    order = chosen[: len(gated)] + rest + sorted(pid for pid, t in terms.items() if t[7])
    ranked: list[PlayScore] = []
    for rank, pid in enumerate(order, start=1):
        spec = plays[pid].spec
        lever_sum, gap, months, timing, k, u, score, reason = terms[pid]
        ranked.append(
            PlayScore(
                spec.id,
                spec.name,
                lever_sum,
                gap,
                months,
                timing,
                k,
                u,
                spec.effort,
                score,
                reason is None,
                reason,
                pinned_by.get(pid),
                pid in chosen,
                rank,
            )
        )
    return tuple(ranked), tuple(chosen)
