"""Hypothesis properties of the engine over valid random assessments (bounded strategies)."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from engine_fixtures import merge, playbook_model
from generator.domain import Dimension
from generator.engine.planning import PartnerPlan, plan_assessment
from generator.inputs.assessment import Assessment
from generator.render.export import plan_to_json

DIMENSIONS = tuple(d.value for d in Dimension)  # D1..D9, as the YAML spells them
EXAMPLES = settings(max_examples=100, deadline=None)  # Hypothesis' default; the suite's budget

money = st.floats(min_value=0, max_value=5e6, allow_nan=False, allow_infinity=False)
fraction = st.floats(min_value=0, max_value=1, allow_nan=False)
months = st.floats(min_value=0, max_value=60, allow_nan=False)
score = st.one_of(st.integers(min_value=1, max_value=5), st.just("unknown"))


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def assessments(draw: st.DrawFn, fte_prev: bool = False) -> dict[str, Any]:
    """A valid assessment as a dict; with ``fte_prev`` last year's FTE is always given."""
    revenue = draw(st.one_of(st.just(0.0), money))
    base = draw(st.one_of(st.just(0.0), money))
    parts = {"commit": draw(money), "best_case": draw(money), "pipeline": draw(money)}
    sellers = draw(
        st.lists(
            st.fixed_dictionaries(
                {"name": st.just("Seller"), "share_on_vendor": fraction},
                optional={"tenure_months": months},
            ),
            max_size=6,
        )
    )
    quarters = draw(st.lists(st.tuples(money, money), max_size=4))
    data: dict[str, Any] = {
        "partner": {
            "name": "P",
            "type": draw(st.sampled_from(["VAR", "MSP", "SI"])),
            "tier": draw(st.sampled_from(["Registered", "Silver", "Gold", "Platinum"])),
            "tenure_months": draw(months),
            "partner_manager": "PM",
            "currency": "EUR",
        },
        "assessment": {"date": "2026-09-30", "partner_exec_signed_off": draw(st.booleans())},
        "revenue": {
            "last_12_months": revenue,
            "one_off_last_12_months": revenue * draw(fraction),
            "new_bookings_last_12_months": draw(st.one_of(st.just(0.0), money)),
            "year_before": draw(optional(money)),
            "two_years_before": draw(optional(money)),
            "recurring_base": base,
            "gross_revenue_retention": draw(fraction) if base > 0 else draw(optional(fraction)),
        },
        "goals": {"target_revenue": draw(money), "next_year_aspiration": draw(optional(money))},
        "deals": {
            "won_12m": draw(st.integers(min_value=0, max_value=300)),
            "lost_12m": draw(st.integers(min_value=0, max_value=600)),
            "avg_deal_size": draw(optional(st.floats(min_value=0, max_value=1e6))),
            "sales_cycle_days": draw(optional(st.integers(min_value=0, max_value=900))),
            "slip_share": draw(optional(st.floats(min_value=0, max_value=0.9))),
        },
        "pipeline": {
            **parts,
            "stale": min(sum(parts.values()), sum(parts.values()) * draw(fraction)),
        },
        "team": {
            "sellers": sellers,
            "fte_prev": draw(st.floats(min_value=0.1, max_value=20))
            if fte_prev
            else draw(optional(st.floats(min_value=0, max_value=20))),
            "presales_fte": draw(st.floats(min_value=0, max_value=5)),
            "time_to_hire_months": draw(optional(st.floats(min_value=0, max_value=14))),
            "ramp_months": draw(optional(st.floats(min_value=0, max_value=14))),
            "attrition": draw(optional(fraction)),
        },
        "forecast_history": [
            {"quarter": f"2026-Q{i + 1}", "commit": f, "actual": a}
            for i, (f, a) in enumerate(quarters)
        ],
        "capabilities": {d: {"score": draw(score), "evidence": "seen"} for d in DIMENSIONS},
    }
    return merge(data, {})  # a plain deep copy: hypothesis shrinks the dict safely


def plan_of(data: dict[str, Any]) -> PartnerPlan:
    return plan_assessment("p", Assessment.model_validate(drop_none(data)), playbook_model())


def drop_none(data: Any) -> Any:
    """Optional fields drawn as None are left out, as a partner manager would leave them empty."""
    if isinstance(data, dict):
        return {k: drop_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [drop_none(v) for v in data]
    return data


def finite_or_none(value: Any) -> bool:
    return value is None or isinstance(value, bool | str) or math.isfinite(value)


@EXAMPLES
@given(assessments())
def test_outputs_are_finite_and_headcounts_non_negative(data: dict[str, Any]) -> None:
    p = plan_of(data)
    assert all(finite_or_none(f.value) for f in p.figures.values())
    s, prod = p.chain.staffing, p.chain.productivity
    for count in (s.hires, s.hires_with_reallocation, s.as_is.hires, s.managers_required):
        assert isinstance(count, int) and count >= 0
    assert s.hires_with_reallocation <= s.hires
    for fte in (
        s.fte_effective,
        prod.fte_required_plan,
        prod.fte_required_as_is,
        s.reallocation_capacity,
        s.new_hire_yield,
        s.presales_required,
    ):
        assert fte >= 0
    if p.next_year is not None:
        assert p.next_year.next_year_extra_hires_at_target_share >= 0
        assert p.next_year.next_year_extra_hires_at_current_share >= 0
    assert all(s.score >= 0 for s in p.plays)
    assert math.isclose(sum(p.growth.weights.values()), 1.0) or p.growth.mode == "maintain"


@EXAMPLES
@given(assessments(), st.floats(min_value=1, max_value=2e6))
def test_a_higher_target_never_needs_fewer_opportunities_or_sellers(
    data: dict[str, Any], more: float
) -> None:
    low = plan_of(data).chain
    higher = merge(data, {"goals": {"target_revenue": data["goals"]["target_revenue"] + more}})
    high = plan_of(higher).chain
    assert high.flow.opportunities_to_create >= low.flow.opportunities_to_create
    assert high.productivity.fte_required_plan >= low.productivity.fte_required_plan
    assert high.productivity.fte_required_as_is >= low.productivity.fte_required_as_is
    assert high.staffing.hires >= low.staffing.hires


@EXAMPLES
@given(assessments(), st.integers(min_value=1, max_value=50))
def test_a_higher_win_rate_never_needs_more_pipeline(data: dict[str, Any], wins: int) -> None:
    low = plan_of(data).chain
    better = merge(data, {"deals": {"won_12m": data["deals"]["won_12m"] + wins}})
    high = plan_of(better).chain
    assert high.conversion.win_rate_used >= low.conversion.win_rate_used
    needed = low.coverage.pipeline_needed_at_quarter_start
    assert high.coverage.pipeline_needed_at_quarter_start <= needed * (1 + 1e-12)


@EXAMPLES
@given(assessments(fte_prev=True), fraction.filter(lambda s: s > 0), optional(months))
def test_adding_a_seller_never_lowers_the_capacity_ceiling(
    data: dict[str, Any], share: float, tenure: float | None
) -> None:
    # Last year's FTE is given, so productivity is a fact about last year, not today's team.
    before = plan_of(data).chain
    seller = {"name": "New", "share_on_vendor": share, "tenure_months": tenure}
    after_data = merge(data, {"team": {"sellers": [*data["team"]["sellers"], seller]}})
    after = plan_of(after_data).chain
    assert after.staffing.fte_effective >= before.staffing.fte_effective
    ceiling = before.ceilings.capacity_ceiling
    assert after.ceilings.capacity_ceiling >= ceiling * (1 - 1e-12)


@EXAMPLES
@given(assessments())
def test_coverage_stays_within_the_program_limits(data: dict[str, Any]) -> None:
    defaults = playbook_model().program.defaults
    coverage = plan_of(data).chain.coverage.coverage_target
    assert defaults.coverage_min <= coverage <= defaults.coverage_max


@EXAMPLES
@given(assessments())
def test_plan_json_is_deterministic_and_strict_json(data: dict[str, Any]) -> None:
    first = json.dumps(
        plan_to_json(plan_of(data), playbook_model()), allow_nan=False, sort_keys=True
    )
    second = json.dumps(
        plan_to_json(plan_of(data), playbook_model()), allow_nan=False, sort_keys=True
    )
    assert first == second
