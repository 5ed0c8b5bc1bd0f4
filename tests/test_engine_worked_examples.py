"""Every expected output of worked-examples.md (±0.5% on money and ratios; exact on counts,
archetype and plays), computed by the engine directly from inline assessments."""

from __future__ import annotations

import math
from typing import Any

import pytest

from engine_fixtures import blueharbor, northwind, playbook_model
from generator.domain import Lever
from generator.engine.planning import PartnerPlan, plan_assessment
from generator.render.export import plan_to_json

REL = 0.005


@pytest.fixture(scope="module")
def nw() -> PartnerPlan:
    return plan_assessment("northwind", northwind(), playbook_model())


@pytest.fixture(scope="module")
def bh() -> PartnerPlan:
    return plan_assessment("blueharbor", blueharbor(), playbook_model())


def value(plan: PartnerPlan, key: str) -> float:
    figure = plan.figures[key].value
    assert figure is not None, key
    return figure


def close(actual: float, expected: float, rel: float = REL) -> bool:
    return math.isclose(actual, expected, rel_tol=rel)


def shown(actual: float, expected: float) -> bool:
    """Within ±0.5%, or equal once rounded like the worked example prints it."""
    decimals = len(repr(float(expected)).split(".")[1].rstrip("0"))
    return close(actual, expected) or round(actual, decimals) == expected


NORTHWIND: dict[str, float] = {
    "growth_reported": 2.00,
    "retained_revenue": 135_000,
    "new_bookings_needed": 705_000,
    "win_rate_observed": 0.390,
    "win_rate_used": 0.363,
    "deals_needed": 39.2,
    "decided_opportunities": 108.0,
    "opportunities_to_create": 127.0,
    "opportunities_per_quarter": 31.8,
    "leads_per_quarter": 127,
    "coverage_target": 3.24,
    "pre_open_share": 0.44,
    "pipeline_needed_at_quarter_start": 250_574,
    "pipeline_on_hand": 150_000,
    "q1_pipeline_gap": 100_574,
    "create_and_close_per_quarter": 17.8,
    "productivity_per_fte": 241_667,
    "decided_opps_per_fte": 34.2,
    "decided_opps_per_fte_target": 40,
    "productivity_plan": 282_927,
    "fte_required_as_is": 2.92,
    "fte_required_plan": 2.49,
    "fte_required_activity": 0.70,
    "fte_effective": 1.16,
    "fte_effective_at_target_share": 1.55,
    "fte_gap": 1.33,
    "new_hire_yield": 0.644,
    "reallocation_capacity": 0.387,
    "capacity_ceiling": 463_000,
    "capacity_ceiling_as_is": 415_000,
    "presales_required": 0.50,
    "latest_requisition_month": 6.5,
    "bookings_growth": 2.43,
    "factor_win_rate": 1.00,
    "factor_deal_size": 1.00,
    "factor_pipeline_per_seller": 1.17,
    "factor_capacity": 2.08,
    "forecast_accuracy": 0.951,
    "capability_index": 3.85,
    "capacity_index": 0.36,
    "seat_loss": 0.0333,
}

BLUEHARBOR: dict[str, float] = {
    "growth_reported": 1.33,
    "retained_revenue": 136_000,
    "new_bookings_needed": 1_264_000,
    "win_rate_observed": 0.165,
    "win_rate_used": 0.168,
    "deals_needed": 57.5,
    "decided_opportunities": 342,
    "opportunities_to_create": 402.5,
    "opportunities_per_quarter": 100.6,
    "coverage_target": 7.0,
    "pre_open_share": 0.82,
    "pipeline_needed_at_quarter_start": 1_819_627,
    "pipeline_on_hand": 1_710_000,
    "q1_pipeline_gap": 109_600,
    "productivity_per_fte": 184_800,
    "decided_opps_per_fte": 51,
    "win_rate_target": 0.218,
    "productivity_plan": 239_825,
    "fte_required_as_is": 6.84,
    "fte_required_plan": 5.27,
    "fte_effective": 5.53,
    "fte_gap_as_is": 1.31,
    "capacity_ceiling_as_is": 1_158_000,
    "revenue_shortfall_as_is": 242_000,
    "presales_required": 1.05,
    "bookings_growth": 1.37,
    "factor_win_rate": 1.30,
    "factor_capacity": 1.05,
    "forecast_accuracy": 0.317,
    "forecast_bias": 0.677,
    "capability_index": 2.55,
    "capacity_index": 0.96,
}


@pytest.mark.parametrize(("key", "expected"), NORTHWIND.items())
def test_northwind_figures(nw: PartnerPlan, key: str, expected: float) -> None:
    assert shown(value(nw, key), expected), (key, value(nw, key))


@pytest.mark.parametrize(("key", "expected"), BLUEHARBOR.items())
def test_blueharbor_figures(bh: PartnerPlan, key: str, expected: float) -> None:
    assert shown(value(bh, key), expected), (key, value(bh, key))


def test_northwind_bias_is_plus_0_7_percent(nw: PartnerPlan) -> None:
    assert abs(value(nw, "forecast_bias") - 0.007) < 0.0005


def test_northwind_counts_mode_and_archetype(nw: PartnerPlan) -> None:
    assert nw.chain.staffing.hires == 3
    assert nw.chain.staffing.hires_with_reallocation == 2
    assert nw.chain.productivity.binding_plan == "value"
    assert nw.growth.mode == "growth"
    assert nw.archetype == "Invest in capacity"
    assert nw.overlays == ()
    assert nw.chain.staffing.presales_fte >= nw.chain.staffing.presales_required


def test_blueharbor_counts_mode_and_archetype(bh: PartnerPlan) -> None:
    c = bh.chain.staffing
    assert c.hires == 0 and c.hires_with_reallocation == 0
    assert c.fte_gap < 0  # a surplus of about 0.26 FTE
    assert close(-c.fte_gap, 0.26, rel=0.02)
    assert c.as_is.hires == 0 and c.as_is.route == "time-share"  # 1.31 ≤ what time-share covers
    assert bh.growth.mode == "growth"
    assert bh.archetype == "Enable"
    assert bh.data_gate


def test_lever_shares(nw: PartnerPlan, bh: PartnerPlan) -> None:
    assert close(nw.growth.weights[Lever.pipeline_per_seller], 0.18, rel=0.02)
    assert close(nw.growth.weights[Lever.capacity], 0.82, rel=0.005)
    assert close(bh.growth.weights[Lever.win_rate], 0.83, rel=0.005)
    assert close(bh.growth.weights[Lever.capacity], 0.17, rel=0.02)
    for plan in (nw, bh):
        assert math.isclose(sum(plan.growth.weights.values()), 1.0)
        assert plan.growth.weights[Lever.win_rate] + plan.growth.weights[Lever.deal_size] >= 0


def scores(plan: PartnerPlan) -> dict[str, float]:
    return {s.id: s.score for s in plan.plays}


def test_northwind_plays(nw: PartnerPlan) -> None:
    assert nw.plan_90_day == ("P09", "P10", "P07")
    pinned = {s.id: s.pinned_by for s in nw.plays if s.pinned_by}
    assert pinned == {"P09": "lead-time"}
    assert close(scores(nw)["P10"], 0.495)
    # R19 (exact lever shares) gives 0.1340; the worked example's 0.136 multiplies the rounded
    # share 0.18 (0.8 * 0.18 * 1.25 * 0.806 * 0.75 * 1.25 = 0.136), so allow 2% here.
    assert close(scores(nw)["P07"], 0.136, rel=0.02)
    assert math.isclose(
        scores(nw)["P07"],
        0.8
        * nw.growth.weights[Lever.pipeline_per_seller]
        * 1.25
        * (12 - (1 + 40 / 30))
        / 12
        * 0.75
        * 1.25,
    )


def test_blueharbor_plays(bh: PartnerPlan) -> None:
    assert bh.plan_90_day == ("P01", "P02", "P04")
    s = scores(bh)
    assert close(s["P02"], 0.331)
    assert close(s["P04"], 0.208)
    assert close(s["P11"], 0.207)
    assert close(s["P03"], 0.204)
    assert s["P06"] == 0
    by_id = {p.id: p for p in bh.plays}
    assert by_id["P01"].pinned_by == "data"
    assert by_id["P11"].urgency == 1.25 and by_id["P02"].urgency == 1.0
    assert by_id["P02"].gap == 2 and by_id["P02"].confidence == 0.75
    assert not by_id["P09"].eligible  # no hires
    assert [p.id for p in bh.plays[:5]] == ["P01", "P02", "P04", "P11", "P03"]


def test_play_score_is_the_product_of_its_terms(nw: PartnerPlan, bh: PartnerPlan) -> None:
    for plan in (nw, bh):
        for p in plan.plays:
            product = p.lever_sum * p.gap_factor * p.timing * p.confidence * p.urgency / p.effort
            assert math.isclose(p.score, product)


def test_northwind_next_year_view(nw: PartnerPlan) -> None:
    n = nw.next_year
    assert n is not None
    assert close(n.next_year_new_bookings, 990_000)
    assert close(n.next_year_fte_needed, 3.50)
    assert close(n.next_year_fte_at_target_share, 3.48)
    assert close(n.next_year_fte_at_current_share, 3.09)
    assert n.next_year_extra_hires_at_target_share == 0
    assert n.next_year_extra_hires_at_current_share == 1
    assert n.requisition_month == 6.5
    assert nw.figures["next_year_fte_needed"].value == n.next_year_fte_needed


def test_json_carries_the_worked_example(nw: PartnerPlan) -> None:
    data: dict[str, Any] = plan_to_json(nw, playbook_model())
    assert data["slug"] == "northwind" and data["currency"] == "EUR"
    assert data["hires"] == 3 and data["hires_with_reallocation"] == 2
    assert data["plan_90_day"] == ["P09", "P10", "P07"]
    assert data["plays"][0] == data["plays"][0] | {"id": "P09", "pinned_by": "lead-time"}
    assert {"lever_sum", "gap", "timing", "confidence", "urgency", "effort"} <= set(
        data["plays"][0]
    )
    assert close(data["lever_shares"]["capacity"], 0.8226, rel=0.001)
    figure = data["figures"]["new_bookings_needed"]
    assert figure["unit"] == "currency/yr" and figure["value"] == 705_000
    sources = {i["source"] for i in figure["inputs"]}
    assert "assessment: goals.target_revenue" in sources
    assert "computed: retained_revenue" in sources


def test_figures_explain_their_inputs(nw: PartnerPlan) -> None:
    wr = nw.figures["win_rate_used"]
    assert {i.source for i in wr.inputs} >= {
        "assessment: deals.won_12m",
        "assessment: deals.lost_12m",
        "default: win_rate_prior",
        "default: shrinkage_k",
    }
    assert "shrunk" in wr.formula
    assert not wr.low_confidence
    for fig in nw.figures.values():
        assert fig.formula and fig.label
        for item in fig.inputs:
            source = item.source.split(":")[0]
            assert source in {
                "assessment",
                "default",
                "benchmark",
                "plan lever",
                "program",
                "computed",
            }
            if source == "computed":
                assert item.source.removeprefix("computed: ") in nw.figures
