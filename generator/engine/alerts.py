"""Plain-language warnings for the edge cases of §3.4 and the consistency checks of §8 R6.

Each warning is one sentence or two a partner manager can act on; the build goes on.
"""

from __future__ import annotations

import datetime as dt

from ..domain import CODE
from ..inputs.assessment import Assessment, consistency_warnings
from ..inputs.program import Parameters, PlanLevers
from ..wording import money, percent
from .capability import CapabilityResult
from .capacity import MIN_AMOUNT
from .chain import Chain


def conversion_warnings(a: Assessment, p: Parameters, ch: Chain) -> list[str]:
    """Win rate, deal size, cycle and slip inputs that rest on little or odd data."""
    out: list[str] = []
    c, new = ch.conversion, ch.targets.new_partner
    won, lost = a.deals.won_12m, a.deals.lost_12m
    if c.win_rate_low_confidence:
        why = "no won deals" if won == 0 else f"only {won + lost} decided opportunities"
        out.append(
            f"Low-confidence win rate: {why} in the last 12 months, so the win rate was pulled "
            f"towards the prior of {percent(p.defaults.win_rate_prior)} and "
            f"{percent(c.win_rate_used)} is used. Treat the pipeline and opportunity figures as "
            "estimates."
        )
    if won > 0 and lost == 0:
        out.append(
            f"Every decided opportunity was won ({won} of {won}): are losses being logged? "
            f"The win rate used is capped at {percent(c.win_rate_used)}; check pipeline hygiene "
            "(D4)."
        )
    if c.deal_size_basis != "observed" and not new:
        how = (
            "shrunk towards the vendor median"
            if c.deal_size_basis == "shrunk"
            else "the vendor median"
        )
        out.append(
            f"Average deal size rests on too few wins; {how} is used "
            f"({money(c.avg_deal_size_used, a.partner.currency)})."
        )
    if c.cycle_defaulted:
        out.append(
            "Sales cycle not recorded: the vendor default of "
            f"{c.sales_cycle_days_used:g} days is used."
        )
    if c.long_cycle:
        out.append(
            f"Sales cycle of {c.sales_cycle_days_used:g} days is longer than a year: this "
            "year's wins must already be in the pipeline today (all of a quarter's wins are "
            "open on its first day)."
        )
    if c.slip_capped:
        out.append("Slip share of 1 would mean no opportunity ever closes; 0.95 is used.")
    return out


def target_warnings(a: Assessment, ch: Chain, cap: CapabilityResult, lv: PlanLevers) -> list[str]:
    """New partner, target below current, retention-only and stretch targets."""
    out: list[str] = []
    cur, t, ceil, s = a.partner.currency, ch.targets, ch.ceilings, ch.staffing
    if t.new_partner:
        out.append(
            "No history (no revenue or no new bookings last year): a new partner. The growth "
            "multiple is n/a; vendor medians are used for productivity (and deal size and cycle "
            "where missing); the plan shows a feasibility ceiling "
            f"({money(ceil.capacity_ceiling, cur)}) instead of a growth multiple."
        )
    if s.ramp_floor_applied:
        out.append(
            f"The partner is in its first months: a ramp of {s.ramp_months_used:g} months is "
            "assumed for its sellers and hires."
        )
    g, r_prev, target = t.growth_reported, a.revenue.last_12_months, t.target
    if g is not None and target < r_prev:
        norm = "n/a" if t.growth_normalized is None else f"{t.growth_normalized:.2f}×"
        text = (
            f"The target ({money(target, cur)}) is below last year's revenue "
            f"({money(r_prev, cur)}): growth {g:.2f}× reported, {norm} normalised."
        )
        surplus = ceil.capacity_ceiling - target
        if surplus > 0:
            text += (
                f" Current capacity could deliver {money(surplus, cur)} more: challenge "
                "the target, and do not hire while this surplus exists."
            )
        bias = cap.forecast_bias
        if bias is not None and bias < 0:
            text += (
                f" Forecast bias is {percent(bias)} (under-forecasting): check for "
                "sandbagging and whether the target itself was set low."
            )
        out.append(text)
    if t.new_bookings_needed < MIN_AMOUNT:
        out.append(
            "Retained revenue covers the target, so no new bookings are needed: the plan is "
            "retention-only (renewal coverage and customer-success plays, D8)."
        )
    if g is not None and g > lv.stretch_growth:
        out.append(
            f"Growth of {g:.2f}× is a stretch (above {lv.stretch_growth:g}×): new capacity takes "
            f"about {ceil.lead_time_months:.1f} months (time to hire + ramp + one sales cycle) to "
            "convert into bookings."
        )
    return out


def capacity_warnings(a: Assessment, ch: Chain) -> list[str]:
    """Nobody assigned, hiring too late, stale pipeline removed, presales short."""
    out: list[str] = []
    cur, s = a.partner.currency, ch.staffing
    if s.fte_effective == 0:
        out.append(
            "Nobody is assigned to our line (effective FTE 0), so the whole requirement of "
            f"{ch.productivity.fte_required_plan:.1f} FTE is a gap. First step: name a seller "
            "and set their time-share (P10)."
        )
    if s.plan.route == "defer":
        out.append(
            f"Cannot close this year by hiring: a hire opened now yields only "
            f"{s.new_hire_yield:.2f} FTE this year. Use the productivity levers or reset the "
            f"target, and open requisitions by month {s.latest_requisition_month:g} for next year."
        )
    if a.pipeline.stale > 0:
        share = ch.coverage.stale_share or 0.0
        out.append(
            f"{money(a.pipeline.stale, cur)} of stale pipeline ({percent(share)} of open value) "
            "was removed before checking coverage: "
            f"{money(ch.coverage.pipeline_on_hand, cur)} is clean."
        )
    if ch.productivity.from_median and not ch.targets.new_partner:
        out.append(
            "No dedicated seller FTE is known for last year: productivity uses the vendor median."
        )
    if s.presales_required > s.presales_fte:
        out.append(
            f"Presales capacity is short: {s.presales_required:.2f} FTE needed for the "
            f"plan, {s.presales_fte:g} available."
        )
    return out


def capability_warnings(cap: CapabilityResult, currency: str) -> list[str]:
    out: list[str] = []
    if cap.unknown:
        codes = ", ".join(CODE[d] for d in cap.unknown)
        out.append(
            f"Capability scored unknown for {codes}: counted as 1 until evidence is collected."
        )
    check = cap.current_tier
    if cap.tier_at_risk:
        missed = [
            f"revenue {money(check.revenue, currency)} (needs "
            f"{money(check.revenue_required, currency)})"
            if check.revenue_short > 0
            else "",
            f"capability index {check.index:.1f} (needs {check.index_required:.1f})"
            if check.index_short > 0
            else "",
            *(f"{CODE[d]} at {now} (needs {need})" for d, now, need in check.levels_short),
            f"{check.certified} certified people (needs {check.certified_required})"
            if check.certified_short > 0
            else "",
        ]
        out.append(
            f"The partner misses its {check.tier.value} tier requirements: "
            + "; ".join(m for m in missed if m)
            + ". Tier at risk."
        )
    return out


def goal_warnings(a: Assessment, start: dt.date, end: dt.date) -> list[str]:
    """Mutual goals due outside the plan year (R24): the plan would print them as they are."""
    return [
        f"Mutual goal {i} is due {g.due.isoformat()}, outside the plan year "
        f"{start.isoformat()} to {end.isoformat()}: check goals.mutual[{i - 1}].due."
        for i, g in enumerate(a.goals.mutual, start=1)
        if g.due is not None and not start <= g.due <= end
    ]


def plan_warnings(
    a: Assessment,
    p: Parameters,
    lv: PlanLevers,
    ch: Chain,
    cap: CapabilityResult,
    year: tuple[dt.date, dt.date],
) -> tuple[str, ...]:
    """Every warning for one plan, in a stable order."""
    return tuple(
        conversion_warnings(a, p, ch)
        + target_warnings(a, ch, cap, lv)
        + capacity_warnings(a, ch)
        + capability_warnings(cap, a.partner.currency)
        + goal_warnings(a, *year)
        + [message for _, message in consistency_warnings(a)]
    )
