"""One test per edge case of domain-model §3.4, plus the §8 resolutions they lean on."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from engine_fixtures import playbook_model, valid_assessment
from generator.domain import Lever
from generator.engine.capability import forecast_quality
from generator.engine.growth import lever_weights, retention_weight
from generator.engine.planning import PartnerPlan, plan_assessment
from generator.engine.staffing import hires_for_gap, ramped_months
from generator.inputs.assessment import Assessment
from generator.render.export import plan_to_json


def plan(a: Assessment) -> PartnerPlan:
    return plan_assessment("acme", a, playbook_model())


def warned(p: PartnerPlan, text: str) -> bool:
    return any(text in w for w in p.warnings)


def all_finite(data: Any) -> bool:
    json.dumps(data, allow_nan=False)
    return True


NEW_PARTNER: dict[str, Any] = {
    "partner": {"tenure_months": 3},
    "revenue": {
        "last_12_months": 0,
        "new_bookings_last_12_months": 0,
        "recurring_base": 0,
        "gross_revenue_retention": None,
    },
    "goals": {"target_revenue": 200_000},
    "deals": {
        "won_12m": 0,
        "lost_12m": 0,
        "avg_deal_size": None,
        "sales_cycle_days": None,
        "opps_created_12m": 0,
    },
    "team": {"sellers": [{"name": "A", "share_on_vendor": 0.5, "tenure_months": 1}]},
    "forecast_history": [],
}


def test_no_wins_shrinks_towards_the_prior_and_is_low_confidence() -> None:
    p = plan(valid_assessment(deals={"won_12m": 0, "lost_12m": 5}))
    c = p.chain
    assert c.conversion.win_rate_observed == 0
    assert math.isclose(c.conversion.win_rate_used, (0 + 10 * 0.25) / (0 + 5 + 10))
    assert c.conversion.win_rate_low_confidence and p.figures["win_rate_used"].low_confidence
    assert c.conversion.deal_size_basis == "default" and c.conversion.avg_deal_size_used == 15_000
    assert 1.5 <= c.coverage.coverage_target <= 8 and math.isfinite(
        c.coverage.pipeline_needed_at_quarter_start
    )
    assert warned(p, "Low-confidence win rate: no won deals")


def test_few_decisions_are_low_confidence() -> None:
    p = plan(valid_assessment(deals={"won_12m": 3, "lost_12m": 4}))
    assert p.chain.conversion.win_rate_low_confidence
    assert p.chain.conversion.deal_size_basis == "shrunk"
    assert math.isclose(p.chain.conversion.avg_deal_size_used, (3 * 20_000 + 10 * 15_000) / 13)
    assert warned(p, "only 7 decided opportunities")


def test_all_won_is_capped_and_flags_unlogged_losses() -> None:
    p = plan(valid_assessment(deals={"won_12m": 12, "lost_12m": 0}))
    assert p.chain.conversion.win_rate_observed == 1.0
    assert math.isclose(p.chain.conversion.win_rate_used, (12 + 2.5) / 22)
    assert warned(p, "are losses being logged?")


def test_new_partner_uses_vendor_medians_and_the_activation_gate() -> None:
    p = plan(valid_assessment(**NEW_PARTNER))
    c = p.chain
    assert c.targets.new_partner and p.growth.mode == "new"
    assert c.targets.growth_reported is None and c.targets.growth_normalized is None
    assert p.figures["growth_reported"].note == "n/a (new partner)"
    prod = c.productivity
    assert (c.conversion.avg_deal_size_used, c.conversion.sales_cycle_days_used) == (15_000, 45)
    assert prod.productivity_per_fte == 200_000
    assert c.staffing.ramp_months_used == 4.7 and c.staffing.ramp_floor_applied
    assert prod.factor_pipeline_per_seller == 1.0  # R12: no OPF lever
    assert math.isclose(prod.productivity_plan, 200_000 * (0.30 / 0.25) * (16_500 / 15_000))
    assert dict(p.growth.weights) == {
        Lever.win_rate: 0.2,
        Lever.deal_size: 0.0,
        Lever.pipeline_per_seller: 0.5,
        Lever.capacity: 0.3,
        Lever.retention: 0.0,
    }
    assert p.capability.forecast_accuracy is None and p.capability.forecast_bias is None
    assert "New" in p.overlays
    pinned = [(s.id, s.pinned_by) for s in p.plays if s.pinned_by]
    assert pinned == [("P09", "lead-time"), ("P14", "new-partner")]
    assert len(p.plan_90_day) == 4  # two pinned: four plays
    assert p.plan_90_day[:2] == ("P09", "P14")
    assert warned(p, "a new partner") and warned(p, "feasibility ceiling")
    assert all_finite(plan_to_json(p, playbook_model()))


def test_target_below_current_is_maintain_with_surplus_and_sandbagging() -> None:
    p = plan(
        valid_assessment(
            goals={"target_revenue": 220_000},
            forecast_history=[
                {"quarter": "2026-Q1", "commit": 40_000, "actual": 50_000},
                {"quarter": "2026-Q2", "commit": 42_000, "actual": 52_000},
            ],
        )
    )
    c = p.chain
    assert c.targets.growth_reported is not None and c.targets.growth_reported < 1
    assert c.targets.growth_normalized is not None
    assert p.growth.mode == "maintain" and "Defend" in p.overlays
    assert c.ceilings.capacity_ceiling > 220_000
    assert c.staffing.hires == 0 and "P09" not in p.plan_90_day  # never hire while a surplus exists
    assert warned(p, "challenge the target") and warned(p, "sandbagging")
    quarter = (1 - 0) / 4  # recurring partner: WR, ADS, OPF and retention share equally
    assert p.growth.weights[Lever.win_rate] == quarter
    assert p.growth.weights[Lever.retention] == quarter


def test_no_hire_in_a_revenue_surplus_even_when_activity_binds() -> None:
    # Many small deals on a long cycle: the activity check binds, but the revenue is covered.
    deals = {"won_12m": 10, "avg_deal_size": 2_000, "sales_cycle_days": 300}
    p = plan(valid_assessment(goals={"target_revenue": 240_000}, deals=deals))
    c = p.chain
    assert c.productivity.binding_plan == "activity" and c.staffing.fte_gap > 1
    assert c.ceilings.capacity_ceiling >= 240_000
    assert (
        c.staffing.hires == 0 and c.staffing.plan.route == "surplus" and "P09" not in p.plan_90_day
    )


def test_target_covered_by_retention_is_retention_only() -> None:
    p = plan(valid_assessment(goals={"target_revenue": 40_000}))
    c = p.chain
    assert c.targets.new_bookings_needed == 0
    assert (
        c.flow.opportunities_to_create == 0
        and c.coverage.pipeline_needed_at_quarter_start == 0
        and c.productivity.fte_required_plan == 0
    )
    assert c.ceilings.capacity_index is None and p.figures["capacity_index"].value is None
    assert c.staffing.hires == 0
    assert p.archetype in ("Scale", "Enable")  # no capacity needed counts as enough
    assert warned(p, "retention-only")
    assert all_finite(plan_to_json(p, playbook_model()))


def test_one_off_revenue_is_excluded_from_the_normalised_growth() -> None:
    p = plan(valid_assessment(revenue={"one_off_last_12_months": 60_000}))
    assert p.chain.targets.growth_reported == 450_000 / 300_000
    assert p.chain.targets.growth_normalized == 450_000 / 240_000


@pytest.mark.parametrize("cycle", [None, 0])
def test_missing_or_zero_cycle_uses_the_default(cycle: int | None) -> None:
    p = plan(valid_assessment(deals={"sales_cycle_days": cycle}))
    assert p.chain.conversion.sales_cycle_days_used == 45 and p.chain.conversion.cycle_defaulted
    assert p.figures["sales_cycle_days_used"].low_confidence
    assert warned(p, "Sales cycle not recorded")


def test_cycle_over_a_year_means_the_wins_are_already_in_pipeline() -> None:
    p = plan(valid_assessment(deals={"sales_cycle_days": 400}))
    c = p.chain
    assert (
        c.coverage.pre_open_share == 1
        and c.conversion.long_cycle
        and c.coverage.create_and_close_per_quarter == 0
    )
    assert math.isclose(
        c.coverage.pipeline_needed_at_quarter_start,
        c.coverage.coverage_target * c.targets.new_bookings_needed / 4,
    )
    assert warned(p, "must already be in the pipeline")


def test_nobody_assigned_makes_the_whole_requirement_a_gap() -> None:
    p = plan(valid_assessment(team={"sellers": [], "fte_prev": 1.0}))
    c = p.chain
    assert c.staffing.fte_effective == 0 and c.staffing.reallocation_capacity == 0
    assert c.staffing.fte_gap == c.productivity.fte_required_plan
    assert c.staffing.hires == math.ceil(c.staffing.fte_gap / c.staffing.new_hire_yield)
    assert warned(p, "Nobody is assigned") and warned(p, "name a seller")


def test_fractional_headcount_rounds_up_only_for_hires() -> None:
    c = plan(valid_assessment()).chain
    assert isinstance(c.staffing.hires, int) and c.staffing.hires == math.ceil(
        c.staffing.fte_gap / c.staffing.new_hire_yield
    )
    assert c.productivity.fte_required_plan != round(
        c.productivity.fte_required_plan
    )  # decimals kept internally


def test_late_hire_is_deferred_to_next_year() -> None:
    p = plan(valid_assessment(team={"time_to_hire_months": 10, "ramp_months": 6}))
    c = p.chain
    assert c.staffing.new_hire_yield < 0.25
    assert c.staffing.plan.route == "defer" and c.staffing.hires == 0
    assert (
        c.staffing.latest_requisition_month == 0 and c.staffing.requisition_month_raw == 12 - 10 - 6
    )
    assert (
        p.figures["latest_requisition_month"].note == "already late for next year's start: open now"
    )
    assert "P09" not in p.plan_90_day
    assert warned(p, "Cannot close this year by hiring")


def test_deferred_hire_shows_next_years_requisition_month() -> None:
    p = plan(valid_assessment(team={"time_to_hire_months": 8, "ramp_months": 3}))
    assert p.chain.staffing.plan.route == "defer" and p.chain.staffing.latest_requisition_month == 1
    assert p.figures["latest_requisition_month"].note == (
        "for next year: a hire cannot close this year's gap"
    )
    assert warned(p, "open requisitions by month 1 for next year")


def test_stretch_growth_shows_the_lead_time() -> None:
    p = plan(valid_assessment(goals={"target_revenue": 1_200_000}))
    assert p.chain.targets.growth_reported == 4
    assert p.chain.ceilings.lead_time_months == 2 + 3 + 45 / 30
    assert warned(p, "is a stretch") and warned(p, "6.5 months")


def test_stale_pipeline_is_removed_before_coverage() -> None:
    p = plan(valid_assessment())
    c = p.chain
    assert c.coverage.pipeline_on_hand == 120_000 - 10_000
    assert c.coverage.q1_pipeline_gap == c.coverage.pipeline_needed_at_quarter_start - 110_000
    assert warned(p, "of stale pipeline")


def test_inconsistent_inputs_warn_and_the_build_goes_on() -> None:
    p = plan(valid_assessment(deals={"avg_deal_size": 40_000}))
    assert warned(p, "deals.won_12m x deals.avg_deal_size")
    assert math.isfinite(p.chain.productivity.fte_required_plan)


# --- §8 resolutions the edge cases rely on -------------------------------------------------


def test_share_zero_sellers_are_ignored_and_missing_tenure_is_ramped() -> None:
    base = plan(valid_assessment()).chain.staffing
    sellers = [
        {"name": "A", "share_on_vendor": 0.5},
        {"name": "B", "share_on_vendor": 0.7, "tenure_months": 12},
        {"name": "Idle", "share_on_vendor": 0.0, "tenure_months": 0},
    ]
    c = plan(valid_assessment(team={"sellers": sellers})).chain
    assert math.isclose(c.staffing.fte_effective, base.fte_effective)
    assert math.isclose(c.staffing.reallocation_capacity, base.reallocation_capacity)


def test_ramp_integral_matches_the_spec_formulas() -> None:
    t_ramp = 3.0
    for tenure in (0.0, 1.0, 2.0):
        r = t_ramp - tenure
        assert math.isclose(
            ramped_months(tenure, 12, t_ramp), r * (tenure / t_ramp + 1) / 2 + 12 - r
        )
    assert ramped_months(5, 12, t_ramp) == 12
    assert math.isclose(ramped_months(0, 2, 3), 2**2 / (2 * 3))  # months_new ≤ T_ramp
    assert math.isclose(ramped_months(0, 9.5, 3), 3 / 2 + 6.5)


@pytest.mark.parametrize(
    ("gap", "route", "hires", "with_realloc"),
    [
        (-0.3, "none", 0, 0),
        (0.2, "reallocate", 0, 0),
        (0.35, "time-share", 0, 0),
        (1.3, "hire", 3, 2),
        (0.5, "hire", 1, 1),
    ],
)
def test_hiring_rule_r14(gap: float, route: str, hires: int, with_realloc: int) -> None:
    levers = playbook_model().program.plan_levers
    decision = hires_for_gap(gap, realloc=0.387, e_new=0.644, loss=0.0333, levers=levers)
    assert (decision.route, decision.hires, decision.hires_with_reallocation) == (
        route,
        hires,
        with_realloc,
    )
    if route == "reallocate":
        assert decision.reallocate_fte is not None
        assert math.isclose(decision.reallocate_fte, 0.2 / (1 - 0.0333))


def test_forecast_quality_without_history_or_with_zero_actuals() -> None:
    assert forecast_quality([]).accuracy is None and forecast_quality([]).bias is None
    q = forecast_quality([(0.0, 0.0), (10.0, 0.0)])
    assert q.accuracy == 0.5 and q.bias is None
    assert forecast_quality([(300.0, 100.0)]).accuracy == 0  # clamped at 0


def test_data_gate_without_history_uses_pipeline_and_forecasting_levels() -> None:
    scores = {"pipeline_management": {"score": 2, "evidence": "41% stale"}}
    p = plan(valid_assessment(forecast_history=[], capabilities=scores))
    assert p.data_gate and p.plan_90_day[0] == "P01"
    assert plan(valid_assessment(forecast_history=[])).data_gate is False


def test_unknown_scores_count_as_one_and_lower_confidence() -> None:
    scores = {"demand_generation": {"score": "unknown", "evidence": "not checked"}}
    p = plan(valid_assessment(capabilities=scores))
    assert p.capability.used(next(iter(p.capability.unknown))) == 1
    assert math.isclose(p.capability.capability_index, 3 * 0.85 + 1 * 0.15)
    by_id = {s.id: s for s in p.plays}
    assert by_id["P06"].confidence == 0.5 and by_id["P02"].confidence == 0.75
    assert warned(p, "unknown for D3")


def test_signed_off_raises_confidence_when_no_score_is_unknown() -> None:
    p = plan(valid_assessment(assessment={"partner_exec_signed_off": True}))
    assert {s.confidence for s in p.plays} == {1.0}
    scores = {"presales": {"score": "unknown", "evidence": "not checked"}}
    p = plan(valid_assessment(assessment={"partner_exec_signed_off": True}, capabilities=scores))
    assert {s.confidence for s in p.plays} == {0.5, 0.75}  # P05 builds presales


def test_msp_retention_weight_and_overlay() -> None:
    a = valid_assessment(
        partner={"type": "MSP"}, revenue={"recurring_base": 100_000, "gross_revenue_retention": 0.8}
    )
    p = plan(a)
    assert p.parameters.segment == "msp"
    expected = 100_000 * (0.92 - 0.8) / p.chain.targets.new_bookings_needed
    assert math.isclose(p.growth.retention_weight, expected)
    assert "Recurring/MSP" in p.overlays
    assert p.growth.weights[Lever.retention] > 0
    assert math.isclose(sum(p.growth.weights.values()), 1.0)


def test_retention_weight_needs_a_benchmark() -> None:
    assert retention_weight(100_000, 0.8, None, 300_000) == 0
    assert retention_weight(100_000, 0.95, 0.92, 300_000) == 0
    assert retention_weight(100_000, 0.8, 0.92, 0) == 1


def test_capacity_override_rescales_the_other_levers() -> None:
    d = {Lever.pipeline_per_seller: 0.6, Lever.capacity: 0.4}
    new = playbook_model().program.plan_levers.new_partner_weights
    w = lever_weights("growth", d, 1.0, 2.0, l_ret=0.0, recurring=False, new_weights=new)
    assert w[Lever.capacity] == 0.5 and math.isclose(w[Lever.pipeline_per_seller], 0.5)
    w = lever_weights("growth", d, 0.2, 2.0, l_ret=0.1, recurring=True, new_weights=new)
    assert math.isclose(w[Lever.pipeline_per_seller], 0.54) and w[Lever.retention] == 0.1
    assert math.isclose(sum(w.values()), 1.0)


def test_turnaround_overlay_for_two_years_of_decline_or_tier_at_risk() -> None:
    declining = valid_assessment(revenue={"year_before": 400_000, "two_years_before": 500_000})
    assert "Turnaround" in plan(declining).overlays
    at_risk = plan(valid_assessment(partner={"tier": "Gold"}))  # Gold needs 400k revenue
    assert at_risk.capability.tier_at_risk and "Turnaround" in at_risk.overlays
    assert "Turnaround" not in plan(valid_assessment()).overlays


def test_at_most_one_effort_three_play_and_never_a_zero_score() -> None:
    for a in (valid_assessment(), valid_assessment(**NEW_PARTNER)):
        p = plan(a)
        chosen = [s for s in p.plays if s.in_plan]
        assert sum(1 for s in chosen if s.effort == 3) <= 1
        assert all(s.score > 0 or (s.id == "P01" and s.pinned_by == "data") for s in chosen)
        assert [s.id for s in chosen] == sorted(p.plan_90_day, key=[s.id for s in p.plays].index)


def test_history_keeps_the_capability_index_per_date() -> None:
    older = valid_assessment(
        assessment={"date": "2026-03-31"},
        capabilities={"solution_selling": {"score": 1, "evidence": "e"}},
    )
    p = plan_assessment("acme", valid_assessment(), playbook_model(), [older])
    assert [t.date.isoformat() for t in p.trend] == ["2026-03-31", "2026-09-30"]
    assert p.trend[0].capability_index < p.trend[1].capability_index
    assert (
        plan_to_json(p, playbook_model())["trend"][1]["capability_index"]
        == p.capability.capability_index
    )
