"""The {placeholders} that texts in the playbook model may use, and the check that keeps them
known. A text with an unknown placeholder fails validation, so filling one in can never fail.
"""

from __future__ import annotations

import string
from typing import Annotated

from pydantic import AfterValidator

# Every {placeholder} a coaching, plan or play text may use; generator/render/facts.py gives each
# one a value for a partner, rounded for reading.
FACT_KEYS: tuple[str, ...] = (
    "partner", "tier", "tier_progress", "revenue_prev", "target", "new_bookings", "bookings_prev",
    "bookings_growth", "growth_story", "win_rate", "win_rate_observed", "win_rate_target",
    "win_rate_benchmark", "decisions", "deal_size", "deal_size_benchmark", "review_threshold",
    "large_deal_threshold", "opps_per_fte", "opps_per_fte_benchmark", "opps_per_quarter",
    "opps_per_week", "opps_created_last_year", "pipeline_needed", "pipeline_on_hand",
    "pipeline_gap", "pipeline_position", "open_pipeline", "stale", "stale_share",
    "create_and_close", "cycle_days", "forecast_summary", "fte_required", "fte_required_as_is",
    "fte_effective", "fte_effective_target_share", "fte_gap", "new_hire_yield", "target_share",
    "shares", "time_share_story", "hires", "hiring_options", "time_to_hire", "ramp",
    "productivity_plan", "tier_risk", "capacity_ceiling", "shortfall", "shortfall_as_is",
    "capability_index", "capacity_index", "capable_from", "retention_summary", "retained",
    "mdf_claimed", "mdf_allocated", "deal_reg_expired", "deal_reg_submitted", "presales_fte",
    "presales_required", "plays", "review_multiple", "large_deal_multiple", "top_deals",
    "stale_target", "stale_high",
    # the plan year (plan.yaml)
    "growth", "plan_start", "plan_end", "protect", "requisitions_words", "hires_planned_words",
    "capability", "opportunities_to_date", "bookings_to_date", "pipeline_next_quarter",
    "next_quarter_start", "minutes", "review_runner", "review_runner_cap", "partner_manager",
    "weeks_joined", "review_deals", "qbr_rhythm", "requisitions_due", "first_hire_start",
    "hire_bookings_per_month", "time_share_due", "first_deal_review",
    "win_rate_flag_q1", "q1_end", "capacity_ceiling_as_is", "opportunities_per_week_words",
    "pipeline_flag_q2", "forecast_flag_q1", "latest_requisition_date", "retention_point",
    "day_90", "assessed", "stale_days", "next_meeting",
    # the inputs that plain explanations of figures quote (engine/*.py, plain=)
    "recurring_base", "grr", "won_deals", "win_rate_prior", "deal_size_default",
    "review_multiple_number", "fte_last_year", "win_rate_step", "deal_size_step", "pipeline_step",
    "next_year_target", "factors", "lead_time", "levers", "capabilities",
    # the guide's meeting steps
    "next_partner_action", "next_partner_due", "actions_before_qbr", "first_qbr", "currency",
    *(f"d{i}" for i in range(1, 10)),
)  # fmt: skip


# The {placeholders} of the what-if texts (plan.yaml scenarios): each text is filled with its own
# change's or proposal's values, not with the partner's facts.
SCENARIO_KEYS: tuple[str, ...] = (
    "value", "seller", "month", "months", "count", "scenario", "reach", "target", "hires_words",
)  # fmt: skip


def _check_template(text: str, known: tuple[str, ...] = FACT_KEYS) -> str:
    """Only known {placeholders}, without format specs, so filling can never fail."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text)]
    except ValueError as exc:
        raise ValueError(f"broken placeholder ({exc}); write a brace as {{{{ or }}}}") from None
    for name, spec, conv in fields:
        if name is not None and (name not in known or spec or conv):
            raise ValueError(f"unknown placeholder {{{name}}}; known: {', '.join(known)}")
    return text


Template = Annotated[str, AfterValidator(_check_template)]
ScenarioTemplate = Annotated[str, AfterValidator(lambda t: _check_template(t, SCENARIO_KEYS))]
