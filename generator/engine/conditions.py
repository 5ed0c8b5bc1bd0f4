"""Named facts about a plan that choose the coaching guide's lines (coaching.yaml ``when:``), and
the forecast pattern (§6.6). Decided here, once, with the program's thresholds; the guide only
picks the words that go with them."""

from __future__ import annotations

from ..domain import Condition, Dimension, Pattern
from ..inputs.assessment import Assessment
from ..inputs.program import Parameters, Thresholds
from .capability import CapabilityResult
from .chain import Chain

_SELLING = (Dimension.solution_selling, Dimension.product_knowledge, Dimension.presales)


def forecast_pattern(accuracy: float | None, bias: float | None, t: Thresholds) -> Pattern:
    """Optimistic or sandbagging by the sign of a bias beyond the data gate's limit; erratic when
    accuracy is below the gate's limit; reliable otherwise; no_history without quarters."""
    if accuracy is None or bias is None:
        return "no_history"
    if bias > t.forecast_bias_gate:
        return "optimistic"
    if bias < -t.forecast_bias_gate:
        return "sandbagging"
    return "erratic" if accuracy < t.forecast_accuracy_gate else "reliable"


def _share_at_least(part: float, whole: float, share: float) -> bool:
    return whole > 0 and part >= share * whole


def conditions(
    a: Assessment,
    p: Parameters,
    cap: CapabilityResult,
    chain: Chain,
    first_quarter_gap: float,
    recurring: bool,
    data_gate: bool,
    t: Thresholds,
) -> frozenset[Condition]:
    """Every condition that holds for the partner. ``first_quarter_gap`` is the pipeline the
    plan's first quarter needs beyond what is on hand (phased to the capacity, R25)."""
    conv, cov, s, bench = chain.conversion, chain.coverage, chain.staffing, p.benchmarks
    prog, opf = a.program, chain.productivity.decided_opps_per_fte
    stale = cov.stale_share
    checks: dict[Condition, bool] = {
        "data_gate": data_gate,
        "stale_high": stale is not None and stale >= t.stale_share_high,
        "pipeline_short": first_quarter_gap > 0,  # the phased first quarter, as the plan says
        "conversion_not_volume": conv.win_rate_used < bench.win_rate
        and opf is not None and opf >= bench.decided_opps_per_fte,
        "selling_strong": conv.win_rate_used >= bench.win_rate
        and not conv.win_rate_low_confidence and all(cap.gap(d) == 0 for d in _SELLING),
        "hiring": s.hires >= 1,
        "surplus_capacity": s.fte_gap <= 0,
        "as_is_risk": s.fte_gap <= 0 < s.fte_gap_as_is,
        "no_sales_manager": not a.team.has_sales_manager,
        "mdf_underused": prog.mdf_claimed < t.mdf_underused * prog.mdf_allocated,
        "registrations_expiring": _share_at_least(
            prog.deal_reg_expired, prog.deal_reg_submitted, t.registrations_expiring
        ),
        "short_cycle": cov.pre_open_share < 1,
        "low_confidence_win_rate": conv.win_rate_low_confidence
        and conv.win_rate_observed is not None,
        "tier_at_risk": cap.tier_at_risk,
        "recurring": recurring,
    }  # fmt: skip
    return frozenset(name for name, holds in checks.items() if holds)
