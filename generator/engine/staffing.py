"""Seller capacity over the plan year: attrition, linear ramp, time-share and the hiring rule.

The second half of §3.3 with §8 R2 (missing tenure = ramped), R13 (reallocation) and R14 (hires
for a gap). Pure functions of plain numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ..domain import HireRoute
from ..inputs.assessment import Assessment
from ..inputs.program import Parameters, PlanLevers
from .capacity import Targets, clamp
from .fastinit import fast_init
from .figures import figure, stage
from .productivity import Productivity

_EPS = 1e-9  # absorbs float noise before rounding hires up


def seat_loss(attrition: float, t_hire: float, t_ramp: float) -> float:
    """loss = alpha * (T_hire + T_ramp/2) / 12, kept within 0..1."""
    return clamp(attrition * (t_hire + t_ramp / 2.0) / 12.0, 0.0, 1.0)


def ramped_months(start_tenure: float, months: float, t_ramp: float) -> float:
    """Full-productivity months in a window of ``months`` for someone at ``start_tenure``.

    Productivity ramps linearly from 0 at tenure 0 to 1 at T_ramp (§3.3). This is the exact
    integral, so it equals ``prod_i`` and ``prod_new`` of §3.3 where those apply, and stays
    correct when a ramp is longer than the window.
    """
    if months <= 0:
        return 0.0
    if t_ramp <= 0 or start_tenure >= t_ramp:
        return months
    end = start_tenure + months
    if end <= t_ramp:
        return months * (start_tenure + end) / (2.0 * t_ramp)
    rest = t_ramp - start_tenure
    return rest * (start_tenure + t_ramp) / (2.0 * t_ramp) + (end - t_ramp)


def effective_fte(
    shares: tuple[float, ...],
    tenures: tuple[float | None, ...],
    t_ramp: float,
    loss: float,
    windows: tuple[float, ...] | None = None,
) -> float:
    """FTE_eff = (1 - loss) * Σ share_i * prod_i / 12; a missing tenure means ramped (R2).
    ``windows`` are the months each seller works in the plan year (12 unless they leave)."""
    total = 0.0
    for i, (share, tenure) in enumerate(zip(shares, tenures, strict=True)):
        months = 12.0 if windows is None else windows[i]
        total += share * (months if tenure is None else ramped_months(tenure, months, t_ramp))
    return (1.0 - loss) * total / 12.0


def new_hire_yield(t_hire: float, t_ramp: float, loss: float) -> float:
    """e_new = (1 - loss) * prod_new / 12 for a requisition opened at month 0."""
    return (1.0 - loss) * ramped_months(0.0, max(0.0, 12.0 - t_hire), t_ramp) / 12.0


def reallocation(
    shares: tuple[float, ...],
    target_share: float,
    loss: float,
    windows: tuple[float, ...] | None = None,
) -> float:
    """Realloc = (1 - loss) * Σ max(0, target - share_i) over the listed sellers (R13), each for
    the part of the year they work."""
    parts = windows or (12.0,) * len(shares)
    return (1.0 - loss) * sum(
        max(0.0, target_share - s) * w / 12.0 for s, w in zip(shares, parts, strict=True)
    )


@fast_init
@dataclass(frozen=True, slots=True)
class HireDecision:
    """How a capacity gap is closed (§8 R14)."""

    gap: float
    route: HireRoute
    hires: int
    hires_with_reallocation: int
    reallocate_fte: float | None  # seller time to move when the gap is small (route reallocate)


def hires_for_gap(
    gap: float, realloc: float, e_new: float, loss: float, levers: PlanLevers
) -> HireDecision:
    """R14: no hire for a small gap or one that time-share covers; else ceil(G / e_new)."""
    if gap <= 0:
        return HireDecision(gap, "none", 0, 0, None)
    if gap <= levers.small_gap_fte:
        moved = gap / (1.0 - loss) if loss < 1 else None
        return HireDecision(gap, "reallocate", 0, 0, moved)
    if gap <= realloc:
        return HireDecision(gap, "time-share", 0, 0, None)
    if e_new < levers.min_hire_yield or e_new <= 0:
        return HireDecision(gap, "defer", 0, 0, None)
    hires = math.ceil(gap / e_new - _EPS)
    with_realloc = min(hires, math.ceil((gap - realloc) / e_new - _EPS))
    return HireDecision(gap, "hire", hires, max(0, with_realloc), None)


def ramp_months(a: Assessment, p: Parameters) -> tuple[float, bool]:
    """T_ramp, raised to the new-partner floor while the partner is in its first months (R12)."""
    d = p.defaults
    entered = a.team.ramp_months if a.team.ramp_months is not None else d.ramp_months
    floor = d.new_partner_ramp_months
    if a.partner.tenure_months < d.new_partner_tenure_months and entered < floor:
        return floor, True
    return entered, False


def _late(s: Staffing) -> str | None:
    if s.requisition_month_raw < 0:
        return "already late for next year's start: open now"
    if s.plan.route == "defer":
        return "for next year: a hire cannot close this year's gap"
    return None


@stage
class Staffing:
    """Effective selling capacity for the plan year, the gap and how it is closed (R13, R14)."""

    shares: tuple[float, ...]  # listed sellers with a share above 0 (R2)
    tenures: tuple[float | None, ...]
    windows: tuple[float, ...]  # months each works in the plan year (a scenario's leavers)
    t_hire: float
    ramp_floor_applied: bool
    plan: HireDecision
    as_is: HireDecision
    requisition_month_raw: float
    presales_fte: float
    ramp_months_used: float = figure(
        "Ramp used", "T_ramp", "months",
        "the entered ramp, raised to the new-partner floor in the first months",
        ("T_ramp entered", "floor"),
        note=lambda s: "new-partner ramp floor applied" if s.ramp_floor_applied else None,
    )  # fmt: skip
    seat_loss: float = figure(
        "Share of a seat-year lost to attrition", "loss", "fraction",
        "attrition × (time to hire + ramp / 2) / 12", ("α", "T_hire", "ramp_months_used"),
    )  # fmt: skip
    fte_effective: float = figure(
        "Effective FTE", "FTE_eff", "FTE",
        "(1 − loss) × sum over sellers of share × productive months / 12, ramping linearly",
        ("seat_loss", "Σ share_i", "tenures", "ramp_months_used"),
        note=lambda s: "nobody assigned to our line" if s.fte_effective == 0 else None,
        plain="""Each seller's share of time on our line ({shares}), less the months still
        ramping up and an allowance for turnover = {fte_effective} full-time sellers""",
    )  # fmt: skip
    fte_effective_at_target_share: float = figure(
        "Effective FTE at the target time-share", "FTE_eff_t", "FTE",
        "effective FTE with every seller raised to the target time-share",
        ("fte_effective", "target share"),
        plain="""The same sellers at {target_share} of their time or more =
        {fte_effective_at_target_share} full-time sellers""",
    )  # fmt: skip
    time_share_gain: float = figure(
        "FTE gained by raising time-share", "ΔFTE_t", "FTE",
        "effective FTE at the target time-share − effective FTE",
        ("fte_effective_at_target_share", "fte_effective"),
        plain="""{fte_effective_at_target_share} at {target_share} of their time −
        {fte_effective} today = {time_share_gain}""",
    )  # fmt: skip
    fte_gap: float = figure(
        "FTE gap (plan)", "Gap", "FTE", "FTE required (plan) − effective FTE",
        ("fte_required_plan", "fte_effective"),
        plain='{fte_required_plan} needed − {fte_effective} available = {fte_gap}',
    )  # fmt: skip
    fte_gap_as_is: float = figure(
        "FTE gap (as-is)", "Gap_asis", "FTE", "FTE required (as-is) − effective FTE",
        ("fte_required_as_is", "fte_effective"),
    )  # fmt: skip
    hire_lead_months: float = figure(
        "Months to hire and ramp a seller", "T_hire+T_ramp", "months",
        "time to hire + ramp", ("T_hire", "ramp_months_used"),
    )  # fmt: skip
    new_hire_yield: float = figure(
        "Plan-year FTE from one hire", "e_new", "FTE",
        "(1 − loss) × productive months of a hire opened at month 0 / 12",
        ("seat_loss", "T_hire", "ramp_months_used"),
        plain="""A seller hired now starts after {time_to_hire} months and takes {ramp} months to
        ramp up: about {new_hire_yield} of a full year in this plan year""",
    )  # fmt: skip
    reallocation_capacity: float = figure(
        "FTE from raising time-share", "Realloc", "FTE",
        "(1 − loss) × sum over sellers of max(0, target share − share)",
        ("seat_loss", "target share"),
    )  # fmt: skip
    hires: int = figure(
        "Hires (plan)", "Hires", "count",
        """0 if the gap is small or time-share covers it; else the gap / one hire's yield,
        rounded up""",
        ("fte_gap", "reallocation_capacity", "new_hire_yield", "small gap", "min yield"),
        note=lambda s: f"route: {s.plan.route}",
    )  # fmt: skip
    hires_with_reallocation: int = figure(
        "Hires after raising time-share", "Hires_realloc", "count",
        "(gap − time-share capacity) / one hire's yield, rounded up",
        ("fte_gap", "reallocation_capacity", "new_hire_yield"),
    )  # fmt: skip
    hires_as_is: int = figure(
        "Hires (as-is)", "Hires_asis", "count",
        """0 if the gap is small or time-share covers it; else the gap / one hire's yield,
        rounded up""",
        ("reallocation_capacity", "new_hire_yield", "small gap", "min yield"),
        note=lambda s: f"route: {s.as_is.route}",
    )  # fmt: skip
    latest_requisition_month: float = figure(
        "Latest requisition month", "month_req", "months",
        """12 − time to hire − ramp, not before month 0: a seller opened then is fully ramped at
        next year's start""",
        ("T_hire", "ramp_months_used"), note=_late,
    )  # fmt: skip
    presales_required: float = figure(
        "Presales FTE required", "Presales_req", "FTE",
        "FTE required (plan) / sellers per presales FTE", ("fte_required_plan", "r_SE"),
        note=lambda s: f"the partner has {s.presales_fte:g}",
    )  # fmt: skip
    managers_required: int = figure(
        "Sales managers required", "Managers_req", "count",
        "(sellers + plan hires) / sellers per manager, rounded up",
        ("sellers", "hires", "per manager"),
    )  # fmt: skip


def _listed(
    a: Assessment, leaving: Mapping[str, float]
) -> tuple[tuple[float, ...], tuple[float | None, ...], tuple[float, ...]]:
    """The sellers counted (R2: a share of 0 is ignored): shares, tenures and the months each
    works in the plan year (until a scenario's leaving month)."""
    sellers = [s for s in a.team.sellers if s.share_on_vendor > 0]
    return (
        tuple(s.share_on_vendor for s in sellers),
        tuple(s.tenure_months for s in sellers),
        tuple(min(12.0, leaving.get(s.name, 12.0)) for s in sellers),
    )


def _timing(a: Assessment, p: Parameters) -> tuple[float, float, bool, float]:
    """Time to hire, the ramp used (and whether its floor applied) and the seat loss."""
    d, team = p.defaults, a.team
    t_hire = d.time_to_hire_months if team.time_to_hire_months is None else team.time_to_hire_months
    t_ramp, floored = ramp_months(a, p)
    attrition = team.attrition if team.attrition is not None else d.attrition
    return t_hire, t_ramp, floored, seat_loss(attrition, t_hire, t_ramp)


def staffing(
    a: Assessment, t: Targets, prod: Productivity, p: Parameters, levers: PlanLevers,
    leaving: Mapping[str, float] | None = None,
) -> Staffing:  # fmt: skip
    """``leaving`` (a scenario's): seller name -> months after the plan start they leave."""
    d = p.defaults
    shares, tenures, windows = _listed(a, leaving or {})
    t_hire, t_ramp, floored, loss = _timing(a, p)
    fte_eff = effective_fte(shares, tenures, t_ramp, loss, windows)
    raised = tuple(max(s, levers.target_time_share) for s in shares)
    fte_eff_t = effective_fte(raised, tenures, t_ramp, loss, windows)
    gap_plan, gap_asis = prod.fte_required_plan - fte_eff, prod.fte_required_as_is - fte_eff
    e_new = new_hire_yield(t_hire, t_ramp, loss)
    realloc = reallocation(shares, levers.target_time_share, loss, windows)
    plan = hires_for_gap(gap_plan, realloc, e_new, loss, levers)
    surplus = t.retained_revenue + fte_eff * prod.productivity_plan >= t.target
    if t.target < a.revenue.last_12_months and surplus:  # §3.4: no hire in a surplus
        plan = HireDecision(gap_plan, "surplus", 0, 0, None)
    as_is = hires_for_gap(gap_asis, realloc, e_new, loss, levers)
    req_raw = 12.0 - t_hire - t_ramp
    return Staffing(
        shares=shares,
        tenures=tenures,
        windows=windows,
        t_hire=t_hire,
        ramp_floor_applied=floored,
        plan=plan,
        as_is=as_is,
        requisition_month_raw=req_raw,
        presales_fte=a.team.presales_fte,
        ramp_months_used=t_ramp,
        seat_loss=loss,
        fte_effective=fte_eff,
        fte_effective_at_target_share=fte_eff_t,
        time_share_gain=fte_eff_t - fte_eff,
        fte_gap=gap_plan,
        fte_gap_as_is=gap_asis,
        hire_lead_months=t_hire + t_ramp,
        new_hire_yield=e_new,
        reallocation_capacity=realloc,
        hires=plan.hires,
        hires_with_reallocation=plan.hires_with_reallocation,
        hires_as_is=as_is.hires,
        latest_requisition_month=max(0.0, req_raw),
        presales_required=prod.fte_required_plan / d.sellers_per_presales,
        managers_required=math.ceil((len(shares) + plan.hires) / d.sellers_per_manager - _EPS),
    )
